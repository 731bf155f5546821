"""Terms and sources as flat JSON-able records, for formats with no place for them.

PO comments and table cells carry what their format has no field for as one
JSON object per term or source, keyed exactly as in the YAML term files, so
an export read back gives the same model values.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import PARTS_OF_SPEECH, STATUSES, TERM_TYPES, Source, Term
from ..termbase import parse_span, slugify

TERM_KEYS = ("term", "status", "pos", "type", "note")
SOURCE_KEYS = ("doc", "es_span", "en_span", "pattern", "ref")


def dumps(value: Any) -> str:
    """Compact, deterministic JSON on one line (newlines in notes become ``\\n``)."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def source_record(src: Source) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key in SOURCE_KEYS:
        value = getattr(src, key)
        if value is not None:
            data[key] = list(value) if key.endswith("_span") else value
    return data


def clean(value: Any, what: str) -> str | None:
    """Text from a foreign file: stripped, ``None`` when blank; anything else is refused."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text, not {type(value).__name__}")
    value = value.strip()
    return value or None


def check_status(status: str | None) -> str:
    if status is None:
        return "preferred"
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
    return status


def make_term(
    text: str | None,
    status: str | None = None,
    pos: str | None = None,
    ttype: str | None = None,
    note: str | None = None,
) -> Term:
    """A validated :class:`Term`; ``ValueError`` says what is wrong with the values."""
    text = clean(text, "term")
    if text is None:
        raise ValueError("empty term")
    pos = clean(pos, "pos")
    if pos is not None and pos not in PARTS_OF_SPEECH:
        raise ValueError(f"unknown part of speech {pos!r}; use one of {', '.join(PARTS_OF_SPEECH)}")
    ttype = clean(ttype, "type")
    if ttype is not None and ttype not in TERM_TYPES:
        raise ValueError(f"unknown term type {ttype!r}; use one of {', '.join(TERM_TYPES)}")
    return Term(term=text, status=check_status(clean(status, "status")), pos=pos, type=ttype, note=clean(note, "note"))


def term_from_record(data: Any) -> Term:
    if not isinstance(data, dict) or set(data) - set(TERM_KEYS):
        raise ValueError(f"a term must be an object with keys {', '.join(TERM_KEYS)}")
    return make_term(data.get("term"), data.get("status"), data.get("pos"), data.get("type"), data.get("note"))


def _span(value: Any, key: str) -> tuple[int, int] | None:
    try:
        return parse_span(value)
    except ValueError:
        raise ValueError(f"{key} must be [start, end] with 0 <= start < end") from None


def source_from_record(data: Any) -> Source:
    if not isinstance(data, dict) or set(data) - set(SOURCE_KEYS):
        raise ValueError(f"a source must be an object with keys {', '.join(SOURCE_KEYS)}")
    src = Source(
        doc=clean(data.get("doc"), "doc"),
        es_span=_span(data.get("es_span"), "es_span"),
        en_span=_span(data.get("en_span"), "en_span"),
        pattern=clean(data.get("pattern"), "pattern"),
        ref=clean(data.get("ref"), "ref"),
    )
    if src.doc is None and src.ref is None:
        raise ValueError("a source needs 'doc' or 'ref'")
    if src.doc is None and (src.es_span or src.en_span):
        raise ValueError("a source with offsets needs 'doc'")
    return src


def loads(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{what} is not valid JSON ({exc.msg})") from None


MAX_ID = 80


def concept_id_for(text: str) -> str:
    """A concept id (a slug, short enough for a file name) for a term with no id.

    >>> concept_id_for("Acto inamistoso")
    'acto-inamistoso'
    >>> concept_id_for("¿?")
    'term-18827bcbb0'
    """
    import hashlib

    slug = slugify(text)
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    if not slug:
        return f"term-{digest}"
    if len(slug) > MAX_ID:
        # distinct long terms must not collapse into one concept
        return f"{slug[:MAX_ID].rstrip('-')}-{digest}"
    return slug
