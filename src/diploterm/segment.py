"""Cutting a document into segments: sentences, quoted spans, and the language of each.

Quotes are paired by the role each mark plays where it stands (an opening mark follows
a space or a dash and precedes a letter), not by its glyph alone, because real articles
carry broken pairs such as ``Castillo—»in full adherence…»``.

>>> from diploterm.model import Document
>>> doc = Document("x.txt", 'He said “asilo diplomático,” or diplomatic asylum, and «no».')
>>> [(q.text, q.lang) for q in quoted_spans(doc)]
[('asilo diplomático,', 'es'), ('no', None)]
"""

from __future__ import annotations

import functools
import re

from .model import Document, Segment

DOUBLE_MARKS = '“”"«»„'
SINGLE_MARKS = "‘’'"
_OPEN_BEFORE = set(" \t\n([{—–-/:;") | {""}
_CLOSE_AFTER = set(" \t\n)]}—–-/.,;:!?…") | {""} | set(DOUBLE_MARKS) | set(SINGLE_MARKS)
_SPANISH_MARKS = re.compile(r"[ñáéíóúü¿¡]", re.IGNORECASE)
URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|(?<!\w)@\w+|pic\.twitter\.com/\S+|\b\w+\.(?:com|org|net|gob|gov)(?:\.\w\w)?\S*"
)


def _role(text: str, i: int) -> str | None:
    """``open``, ``close`` or ``None`` (neither, e.g. an apostrophe inside a word)."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    opens = before in _OPEN_BEFORE or before in DOUBLE_MARKS + SINGLE_MARKS
    opens = opens and after not in (" ", "\t", "\n", "")
    closes = before not in (" ", "\t", "\n", "") and (after in _CLOSE_AFTER or before in ".,!?…")
    mark = text[i]
    if mark in SINGLE_MARKS and before.isalnum() and after.isalnum():
        return None  # apostrophe: Peru’s, d’état
    if opens and closes:
        return "open" if mark in "“«„‘" else "close"
    if opens:
        return "open"
    if closes:
        return "close"
    return None


def _pair_marks(text: str, marks: str, max_len: int) -> list[tuple[int, int]]:
    """``(open_index, close_index)`` of each quotation in *text* made with *marks*."""
    pairs = []
    opened: int | None = None
    for m in re.finditer(f"[{re.escape(marks)}]|\n", text):
        i = m.start()
        if text[i] == "\n":
            opened = None  # quotations do not run across paragraphs
            continue
        role = _role(text, i)
        if role == "open" and opened is None:
            opened = i
        elif role == "close" and opened is not None:
            if 0 < i - opened - 1 <= max_len:
                pairs.append((opened, i))
            opened = None
        elif role == "open":
            opened = i  # an unclosed mark before: start over from the newer one
    return pairs


def quoted_spans(doc: Document, max_len: int = 600) -> list[Segment]:
    """Every quotation's inner text (marks excluded), sorted, with its language."""
    segs = []
    for marks in (DOUBLE_MARKS, SINGLE_MARKS):
        for start, end in _pair_marks(doc.text, marks, max_len):
            inner_start, inner_end = start + 1, end
            text = doc.text[inner_start:inner_end]
            if not text.strip():
                continue
            segs.append(Segment(doc.path, inner_start, inner_end, text, "quote", language(text)))
    segs.sort(key=lambda s: (s.start, -s.end))
    # A single-quoted span inside a double-quoted one is usually a pair of apostrophes.
    doubles = [s for s in segs if doc.text[s.start - 1] in DOUBLE_MARKS]
    return [
        s
        for s in segs
        if doc.text[s.start - 1] in DOUBLE_MARKS or not any(d.start <= s.start and s.end <= d.end for d in doubles)
    ]


@functools.lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentences(doc: Document) -> list[Segment]:
    """Sentences of each paragraph (line), with offsets into the document and their language."""
    segs = []
    for m in re.finditer(r"[^\n]+", doc.text):
        line, base = m.group(), m.start()
        if not line.strip():
            continue
        for span in _segmenter().segment(line):
            text = span.sent.rstrip()
            lead = len(text) - len(text.lstrip())
            text = text.strip()
            if not text:
                continue
            start = base + span.start + lead
            segs.append(Segment(doc.path, start, start + len(text), text, "sentence", language(text)))
    return segs


_PORTUGUESE_MARKS = re.compile(r"[ãõçâêô]", re.IGNORECASE)
"""Letters Spanish does not write: only then is Portuguese worth asking simplemma about."""


def _portuguese(text: str) -> float:
    """simplemma's Portuguese share of *text* (``transparência eleitoral`` reads as Spanish against English alone)."""
    from simplemma import langdetect

    return dict(langdetect(URL_RE.sub(" ", text), lang=("es", "pt"))).get("pt", 0.0)


@functools.lru_cache(maxsize=8192)
def language_scores(text: str) -> tuple[float, float]:
    """``(spanish, english)`` shares of words simplemma attributes to each language."""
    from simplemma import langdetect

    clean = URL_RE.sub(" ", text)
    scores = dict(langdetect(clean, lang=("es", "en")))
    return scores.get("es", 0.0), scores.get("en", 0.0)


def language(text: str) -> str | None:
    """``es``, ``en``, ``pt`` or ``None`` (undecided: names, numbers, handles).

    simplemma's language detection does the work; Spanish spelling (ñ, accents, ¿¡)
    breaks ties on spans too short for it.

    >>> language("acto legítimo y apegado a derecho internacional"), language("completely out of proportion")
    ('es', 'en')
    """
    if not re.search(r"[^\W\d_]", text):
        return None
    es, en = language_scores(text)
    if es > en and es >= 0.3:
        return "pt" if _PORTUGUESE_MARKS.search(text) and _portuguese(text) > es else "es"
    if en > es and en >= 0.3:
        return "en"
    if es == en and _SPANISH_MARKS.search(text):
        return "es"
    return None
