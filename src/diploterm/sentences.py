"""Sentence splitting of parallel documents (treaties, resolutions, press releases).

The splitting itself is pysbd's (rule-based, knows many Spanish and English
abbreviations); this module adds what legal texts need on top of it:

- a guard for abbreviations pysbd splits after in Spanish (``Sr.``, ``art.``,
  ``núm.``, ``inc.``, ``No.``…) and for bare enumerators (``2.``, ``(a)``) that
  pysbd leaves as sentences of their own;
- a split after ``;`` or ``:`` when the next clause opens with an enumerator
  (``…nationals; (c) negotiating…``), as treaty paragraphs list their items;
- line structure: every line is a block unless it is a soft wrap (the line has
  no final punctuation and the next one opens in lowercase).

>>> [s.text for s in split_sentences("El Sr. Pérez firmó el art. 5. Luego se fue.", "es")]
['El Sr. Pérez firmó el art. 5.', 'Luego se fue.']
>>> [s.text for s in split_sentences("consist in: (a) representing; (b) protecting.", "en")]
['consist in:', '(a) representing;', '(b) protecting.']
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from .model import Segment


def _words(text: str) -> list[str]:
    """The whitespace-separated words of *text* (keeps long word lists readable)."""
    return text.split()


# Abbreviations after which a period does not end a sentence (lowercased,
# without the final period). pysbd knows most English ones; these are the
# Spanish legal/diplomatic ones it splits after, plus a few shared ones.
ABBREVIATIONS: frozenset[str] = frozenset(
    _words(
        """
        sr sra srta sres sras dr dra lic ing arq mtro mtra prof profa excmo excma ilmo ilma sto sta fr
        gral cnel tte cap emb amb dip sen pdte pres secr art arts núm nums nro núms inc incs párr párrs
        cap caps fracc fr lit ap apdo no nos n nº vol vols pág págs p pp ed eds op cit ib ibid id cf etc
        vs ee uu cía cia s.a. ltda av avda col dto depto mr mrs ms messrs st jr sr gen col lt gov rep
        sen hon rev e.g i.e a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec
        """
    )
)

# An enumerator that opens a treaty item: "a)", "(a)", "(iv)", "2.", "2)".
_ENUM = r"(?:\(?[a-z]{1,4}\)|\(?\d{1,3}[.)]|\([ivxl]{1,5}\))"
_ENUM_ONLY = re.compile(rf"^\s*{_ENUM}\s*$", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(rf"(?<=[;:])\s+(?={_ENUM}\s)")
_LAST_WORD = re.compile(r"(\S+)\.\s*$")
# Cheap test: can this block hold more than one sentence at all?
_MAYBE_BOUNDARY = re.compile(r"[.!?;:…][\"'”’»)\]]*\s+\S")
_FINAL_PUNCT = re.compile(r"[.!?:;…][\"'”’»)\]]*\s*$")
_STARTS_LOWER = re.compile(r"^\s*[a-záéíóúñü]")


@lru_cache(maxsize=4)
def _segmenter(lang: str):
    import pysbd

    return pysbd.Segmenter(language=lang if lang in ("es", "en") else "en", clean=False, char_span=True)


def _ends_with_abbreviation(text: str) -> bool:
    m = _LAST_WORD.search(text)
    if not m:
        return False
    word = m.group(1).lower().lstrip("(\"'“«")
    return word in ABBREVIATIONS or word.replace(".", "") in ABBREVIATIONS


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of blocks: lines, joined where a line is only a soft wrap."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        body = text[start:end]
        if not body.strip():
            continue
        if (
            spans
            and _STARTS_LOWER.match(body)
            and not re.match(rf"\s*{_ENUM}\s", body, re.IGNORECASE)
            and not _FINAL_PUNCT.search(text[spans[-1][0] : spans[-1][1]])
            and text.count("\n", spans[-1][1], start) == 1
        ):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _split_block(block: str, lang: str) -> list[tuple[int, int]]:
    # A soft wrap is a space to pysbd, which would otherwise end a sentence there.
    block = block.replace("\r", " ").replace("\n", " ")
    if not _MAYBE_BOUNDARY.search(block.rstrip()):
        return [(0, len(block))]
    pieces: list[tuple[int, int]] = []
    for span in _segmenter(lang).segment(block):
        pieces.append((span.start, span.end))
    if not pieces:
        return [(0, len(block))]
    # Guard: rejoin pieces pysbd cut after an abbreviation or a bare enumerator.
    merged: list[tuple[int, int]] = [pieces[0]]
    for start, end in pieces[1:]:
        prev = block[merged[-1][0] : merged[-1][1]]
        if _ends_with_abbreviation(prev) or _ENUM_ONLY.match(prev):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    out: list[tuple[int, int]] = []
    for start, end in merged:
        cut = start
        for m in _CLAUSE_SPLIT.finditer(block, start, end):
            out.append((cut, m.start()))
            cut = m.end()
        out.append((cut, end))
    return out


def split_sentences(text: str, lang: str, doc: str = "") -> list[Segment]:
    """The sentences of *text* as :class:`Segment` values with offsets into *text*.

    *lang* is ``es`` or ``en`` (a tag such as ``es-419`` is cut to its language).
    """
    lang = lang.split("-")[0].lower()
    out: list[Segment] = []
    for bstart, bend in _blocks(text):
        block = text[bstart:bend]
        for start, end in _split_block(block, lang):
            piece = block[start:end]
            lead = len(piece) - len(piece.lstrip())
            stripped = piece.strip()
            if not stripped:
                continue
            s = bstart + start + lead
            out.append(Segment(doc=doc, start=s, end=s + len(stripped), text=stripped, kind="sentence", lang=lang))
    return out


class LineIndex:
    """Maps character offsets of a text to 1-based line numbers.

    >>> LineIndex("a\\nb\\nc").line(2)
    2
    """

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)
