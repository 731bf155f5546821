"""``glossary align`` behind the CLI: two text files aligned (:mod:`.sentences`) into a TMX 1.4b file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import DiplotermError
from ..model import SegmentPair, TranslationUnit
from .sentences import align_texts


def creation_date(*paths: Path) -> str:
    """The date stamped on an alignment: ``SOURCE_DATE_EPOCH`` if set, else the newest input's mtime.

    >>> import os; os.environ["SOURCE_DATE_EPOCH"] = "0"; creation_date()
    '19700101T000000Z'
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            stamp = int(epoch)
        except ValueError:
            raise DiplotermError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds") from None
    else:
        stamp = int(max((p.stat().st_mtime for p in paths), default=0))
    return datetime.fromtimestamp(stamp, timezone.utc).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class AlignReport:
    """What ``glossary align`` did: the links written and those held back (with why)."""

    written: tuple[SegmentPair, ...]
    low: tuple[SegmentPair, ...]
    """Links below the confidence threshold (written only with ``keep_low``)."""
    unpaired: tuple[SegmentPair, ...]
    """1-0 and 0-1 links: a sentence with no counterpart; never written."""


def align_files(
    es_path: Path,
    en_path: Path,
    out: Path,
    *,
    srclang: str,
    tgtlang: str,
    terms: Sequence[tuple[str, str]] = (),
    min_confidence: float = 0.3,
    keep_low: bool = False,
) -> AlignReport:
    """Align two text files and write the links as TMX 1.4b to *out* (atomically).

    One ``<tu>`` per link, with ``<prop type="x-confidence">``. 1-0 and 0-1 links
    are never written (a TU needs both sides); links under *min_confidence* are
    written only with *keep_low*. Same inputs give the same bytes.
    """
    from ..formats.tmx import TmxHeader, write
    from ..fsutil import atomic_open
    from ..yamlio import read_text_file

    es_text, en_text = read_text_file(es_path), read_text_file(en_path)
    result = align_texts(es_text, en_text, terms=terms)
    date = creation_date(es_path, en_path)
    written, low, unpaired = [], [], []
    for pair in result.pairs():
        if not pair.es or not pair.en:
            unpaired.append(pair)
        elif pair.confidence < min_confidence:
            low.append(pair)
            if keep_low:
                written.append(pair)
        else:
            written.append(pair)
    units = (
        TranslationUnit(
            source=p.es,
            target=p.en,
            creationdate=date,
            props=(("x-confidence", f"{p.confidence:.2f}"), ("x-lines", _lines_prop(p))),
        )
        for p in written
    )
    header = TmxHeader(srclang=srclang, tgtlang=tgtlang, creationdate=date, segtype="sentence")
    with atomic_open(out, "wb") as f:
        write(f, units, header)
    return AlignReport(tuple(written), tuple(low), tuple(unpaired))


def _lines_prop(p: SegmentPair) -> str:
    def span(lines: tuple[int, ...]) -> str:
        return str(lines[0]) if len(lines) == 1 else f"{lines[0]}-{lines[-1]}"

    return f"{span(p.es_lines)}:{span(p.en_lines)}"
