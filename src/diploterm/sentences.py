"""Sentence splitting of parallel documents (treaties, resolutions, press releases).

The splitting itself is sentencex's (Wikimedia's rule-based segmenter, with
Spanish and English abbreviation lists; compiled, so a 10 000-sentence treaty
splits in a fraction of a second); this module adds what legal texts need on top of it:

- a guard for abbreviations the segmenter splits after in Spanish (``inc.``, and
  ``Sr.``, ``art.``, ``núm.``, ``No.``… should its lists change) and for bare
  enumerators (``2.``) that it leaves as sentences of their own;
- treaty enumerators (``(a)``, ``b)``) hidden from the segmenter, whose list-item
  detection would otherwise keep a whole paragraph that opens with one as a
  single sentence;
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

from .model import Segment


def _words(text: str) -> list[str]:
    """The whitespace-separated words of *text* (keeps long word lists readable)."""
    return text.split()


# Abbreviations after which a period does not end a sentence (lowercased,
# without the final period): Spanish legal/diplomatic ones and a few shared
# ones, whether or not the segmenter's own lists know them.
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
# "...nacionales; 1." cut before the item's text: the enumerator belongs to the next piece.
_HANGING_ENUM = re.compile(rf"[;:]\s+{_ENUM}\s*$", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(rf"(?<=[;:])\s+(?={_ENUM}\s)")
_LAST_WORD = re.compile(r"(\S+)\.\s*$")
# Cheap test: can this block hold more than one sentence at all?
_MAYBE_BOUNDARY = re.compile(r"[.!?;:…][\"'”’»)\]]*\s+\S")
_FINAL_PUNCT = re.compile(r"[.!?:;…][\"'”’»)\]]*\s*$")
_STARTS_LOWER = re.compile(r"^\s*[a-záéíóúñü]")


# A list marker as sentencex sees one (at a line start or after a space, followed by
# a space): with one in front of it, a paragraph becomes a list item it never splits.
_LIST_MARKER = re.compile(r"(?:^|(?<=\s))(?:\(?(?:[a-z]{1,4}|\d{1,3})\.?\)|[•◦▪▫■□●○⁃◆◇★☆➤➢➣▶▸►])(?=\s)", re.I)


def _mask_list_markers(block: str) -> str:
    """*block* with list markers overwritten by ``_`` (same length, so offsets still hold)."""
    return _LIST_MARKER.sub(lambda m: "_" * len(m.group()), block)


def _segment(block: str, lang: str) -> list[tuple[int, int]]:
    import sentencex

    return [
        (b["start_index"], b["end_index"])
        for b in sentencex.get_sentence_boundaries(lang if lang in ("es", "en") else "en", _mask_list_markers(block))
    ]


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
    # A soft wrap is a space to the segmenter, which would otherwise end a sentence there.
    block = block.replace("\r", " ").replace("\n", " ")
    if not _MAYBE_BOUNDARY.search(block.rstrip()):
        return [(0, len(block))]
    pieces = _segment(block, lang)
    if not pieces:
        return [(0, len(block))]
    # Guard: rejoin pieces cut after an abbreviation or a bare enumerator.
    merged: list[tuple[int, int]] = [pieces[0]]
    for start, end in pieces[1:]:
        prev = block[merged[-1][0] : merged[-1][1]]
        if _ends_with_abbreviation(prev) or _ENUM_ONLY.match(prev) or _HANGING_ENUM.search(prev):
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
