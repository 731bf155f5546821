"""Glossary tables: TSV and CSV, as spreadsheets and CAT tools read and write them.

:func:`write_tsv` / :func:`write_csv` write one row per term under the header
:data:`COLUMNS`; concept fields repeat on each row of the concept so that a
spreadsheet can sort or filter rows freely, and sources are a JSON list.
Reading such a file gives back the same concepts.

The readers also take two simpler layouts:

* a header naming some of ``id, es, en, status, note`` (``es`` and ``en``
  required): one Spanish-English pair per row; the Spanish term is preferred,
  ``status`` and ``note`` belong to the English term, the id defaults to the
  slug of the Spanish term;
* no header, two or three columns: OmegaT's glossary (source, target, comment).

>>> import io
>>> concepts = read_tsv(io.BytesIO("es\\ten\\nasilo\\tasylum\\n".encode()), "g.tsv")
>>> [(c.id, c.es[0].term, c.en[0].term) for c in concepts]
[('asilo', 'asilo', 'asylum')]
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import IO

from ..errors import InputError
from ..model import Concept, Term
from ..termbase import SLUG_RE
from .fields import concept_id_for, dumps, loads, make_term, source_from_record, source_record
from .textio import text_lines

COLUMNS = (
    "id", "lang", "term", "status", "pos", "type", "note",
    "subject", "definition_es", "definition_en", "concept_note", "sources", "created", "modified",
)  # fmt: skip
SIMPLE = ("id", "es", "en", "status", "note")
_CONCEPT_FIELDS = {
    "subject": "subject",
    "definition_es": "definition_es",
    "definition_en": "definition_en",
    "concept_note": "note",
    "created": "created",
    "modified": "modified",
}


# ---------------------------------------------------------------- writing


def _rows(concepts: Iterable[Concept], counter: list[int]) -> Iterator[list[str]]:
    yield list(COLUMNS)
    for c in concepts:
        counter[0] += 1
        shared = [
            c.subject,
            c.definition_es,
            c.definition_en,
            c.note,
            dumps([source_record(s) for s in c.sources]) if c.sources else None,
            c.created,
            c.modified,
        ]
        terms = [(lang, t) for lang in ("es", "en") for t in c.terms(lang)]
        if not terms:
            yield [c.id, "", "", "", "", "", "", *(v or "" for v in shared)]
        for lang, t in terms:
            yield [c.id, lang, t.term, t.status, t.pos or "", t.type or "", t.note or "", *(v or "" for v in shared)]


_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def _escape(cell: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in cell) if any(ch in cell for ch in _ESCAPES) else cell


def _unescape(cell: str) -> str:
    if "\\" not in cell:
        return cell
    out, i = [], 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell) and cell[i + 1] in _UNESCAPES:
            out.append(_UNESCAPES[cell[i + 1]])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def write_tsv(fileobj: IO[bytes], concepts: Iterable[Concept]) -> int:
    """Tab-separated, UTF-8, ``\\n`` line ends; tabs, newlines and backslashes in cells escaped (``\\t``)."""
    count = [0]
    for row in _rows(concepts, count):
        fileobj.write(("\t".join(_escape(cell) for cell in row) + "\n").encode("utf-8"))
    return count[0]


class _Sink:
    def __init__(self, fileobj: IO[bytes]) -> None:
        self.fileobj = fileobj

    def write(self, text: str) -> None:
        self.fileobj.write(text.encode("utf-8"))


def write_csv(fileobj: IO[bytes], concepts: Iterable[Concept]) -> int:
    """RFC 4180 CSV (comma, double quotes where needed), UTF-8, ``\\n`` line ends."""
    writer = csv.writer(_Sink(fileobj), lineterminator="\n")
    count = [0]
    writer.writerows(_rows(concepts, count))
    return count[0]


# ---------------------------------------------------------------- reading


def _tsv_records(fileobj: IO[bytes], name: str) -> Iterator[tuple[int, list[str]]]:
    for lineno, line in text_lines(fileobj, name):
        line = line.rstrip("\n").rstrip("\r")
        if line.strip():
            yield lineno, line.split("\t")


def _csv_records(fileobj: IO[bytes], name: str) -> Iterator[tuple[int, list[str]]]:
    lines = text_lines(fileobj, name)
    first = next(lines, None)
    if first is None:
        return
    # Excel in Spanish locales separates with ';' (the comma is the decimal mark)
    delimiter = ";" if ";" in first[1] and "," not in first[1] else ","

    def texts() -> Iterator[str]:
        yield first[1]
        for _, line in lines:
            yield line

    reader = csv.reader(texts(), delimiter=delimiter, strict=True)
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(f"broken CSV: {exc}; check the quotes on this row", name, reader.line_num or 1) from None


def _read(records: Iterator[tuple[int, list[str]]], name: str, escaped: bool) -> list[Concept]:
    first = next(records, None)
    if first is None:
        return []
    lineno, header = first
    header_keys = [h.strip().lower() for h in header]
    if tuple(header_keys) == COLUMNS:
        unescape = _unescape if escaped else (lambda s: s)
        return _read_rich(records, name, unescape)
    if "es" in header_keys and "en" in header_keys:
        unknown = [h for h in header_keys if h not in SIMPLE]
        if unknown or len(set(header_keys)) != len(header_keys):
            raise InputError(
                f"unknown or repeated column {(unknown or header_keys)[0]!r}; a glossary table has the columns "
                f"{', '.join(SIMPLE)} (es and en required) or the full export header",
                name,
                lineno,
            )
        return _read_simple(records, name, header_keys)
    return _read_simple(_chain(first, records), name, ["es", "en", "note"], headerless=True)


def _chain(first: tuple[int, list[str]], rest: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    yield first
    yield from rest


def _read_simple(
    records: Iterator[tuple[int, list[str]]], name: str, keys: list[str], headerless: bool = False
) -> list[Concept]:
    concepts = []
    for lineno, row in records:
        if headerless and len(row) not in (2, 3):
            raise InputError(
                f"{len(row)} columns; without a header a glossary row has 2 or 3 (Spanish, English, comment). "
                f"Add a header such as {','.join(SIMPLE)} for other layouts",
                name,
                lineno,
            )
        if len(row) > len(keys):
            raise InputError(f"{len(row)} columns, but the header has {len(keys)}", name, lineno)
        cells = dict(zip(keys, row, strict=False))
        try:
            es = make_term(cells.get("es"))
            en = (
                [make_term(cells["en"], cells.get("status"), note=cells.get("note"))]
                if (cells.get("en") or "").strip()
                else []
            )
            cid = (cells.get("id") or "").strip()
            if cid and not SLUG_RE.match(cid):
                raise ValueError(f"id {cid!r} must be a slug: lowercase letters, digits and hyphens")
        except ValueError as exc:
            raise InputError(str(exc), name, lineno) from None
        concepts.append(Concept(id=cid or concept_id_for(es.term), es=[es], en=en))
    return concepts


def _read_rich(records: Iterator[tuple[int, list[str]]], name: str, unescape) -> list[Concept]:
    concepts: dict[str, Concept] = {}
    for lineno, raw in records:
        if len(raw) > len(COLUMNS):
            raise InputError(f"{len(raw)} columns, but the header has {len(COLUMNS)}", name, lineno)
        # spreadsheets drop empty cells at the end of a row
        raw = raw + [""] * (len(COLUMNS) - len(raw))
        row = dict(zip(COLUMNS, (unescape(cell) for cell in raw), strict=True))
        try:
            cid = row["id"].strip()
            if not SLUG_RE.match(cid):
                raise ValueError(f"id {cid!r} must be a slug: lowercase letters, digits and hyphens")
            concept = concepts.setdefault(cid, Concept(id=cid))
            for column, attr in _CONCEPT_FIELDS.items():
                value = row[column].strip() or None
                if value is None:
                    continue
                old = getattr(concept, attr)
                if old is None:
                    setattr(concept, attr, value)
                elif old != value:
                    raise ValueError(f"{column} {value!r} differs from an earlier row of concept {cid!r} ({old!r})")
            if row["sources"].strip():
                data = loads(row["sources"], "sources")
                if not isinstance(data, list):
                    raise ValueError("sources must be a JSON list")
                for src in map(source_from_record, data):
                    if src not in concept.sources:
                        concept.sources.append(src)
            lang = row["lang"].strip()
            if lang or row["term"].strip():
                if lang not in ("es", "en"):
                    raise ValueError(f"lang {lang!r} must be 'es' or 'en'")
                term: Term = make_term(row["term"], row["status"], row["pos"], row["type"], row["note"])
                concept.terms(lang).append(term)
        except ValueError as exc:
            raise InputError(str(exc), name, lineno) from None
    return list(concepts.values())


def read_tsv(fileobj: IO[bytes], name: str) -> list[Concept]:
    """Concepts of a TSV glossary (any of the three layouts in the module docstring)."""
    return _read(_tsv_records(fileobj, name), name, escaped=True)


def read_csv(fileobj: IO[bytes], name: str) -> list[Concept]:
    """Concepts of a CSV glossary (comma or, as Excel writes it in Spanish, semicolon)."""
    return _read(_csv_records(fileobj, name), name, escaped=False)
