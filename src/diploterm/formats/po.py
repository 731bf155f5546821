"""Gettext PO: one entry per concept, for tools that speak PO (Weblate, Poedit, Pootle).

``msgctxt`` is the concept id, ``msgid`` its Spanish preferred term and
``msgstr`` its English preferred term. PO has no place for the other terms,
statuses, notes or sources, so each goes on an extracted-comment line
``#. key: JSON`` (keys as in the YAML term files); reading a file we wrote
gives back the same concepts. A PO file from elsewhere (no such lines) reads
as one concept per entry: msgid preferred Spanish, msgstr preferred English
(``proposed`` when the entry is fuzzy), translator comments as the note.

>>> import io
>>> from diploterm.model import Concept, Term
>>> out = io.BytesIO()
>>> _ = write(out, [Concept("asilo", es=[Term("asilo")], en=[Term("asylum")])], es_tag="es-419", en_tag="en-US")
>>> [c.en[0].term for c in read(io.BytesIO(out.getvalue()), "x.po")]
['asylum']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

import polib

from ..errors import InputError
from ..model import Concept, Term
from ..termbase import SLUG_RE, slugify
from ..termbase import term_data as term_record
from .fields import dumps, loads, make_term, source_from_record, source_record, term_from_record
from .textio import text_lines

# Order of the comment lines in an entry (also the order they are read back in).
COMMENT_KEYS = ("subject", "definition-es", "definition-en", "es", "en", "note", "source", "created", "modified")
_SCALARS = {
    "subject": "subject",
    "definition-es": "definition_es",
    "definition-en": "definition_en",
    "note": "note",
    "created": "created",
    "modified": "modified",
}


def _display(terms: list[Term]) -> Term | None:
    return next((t for t in terms if t.status == "preferred"), terms[0] if terms else None)


def _entry(concept: Concept) -> polib.POEntry:
    lines = []
    for key in COMMENT_KEYS:
        if key in ("es", "en"):
            terms = concept.terms(key)
            # an empty list marks a concept with no terms as ours, not another tool's
            lines += [f"{key}: {dumps(term_record(t))}" for t in terms] or ([f"{key}: []"] if key == "es" else [])
        elif key == "source":
            lines += [f"source: {dumps(source_record(s))}" for s in concept.sources]
        else:
            value = getattr(concept, _SCALARS[key])
            if value is not None:
                lines.append(f"{key}: {dumps(value)}")
    es, en = _display(concept.es), _display(concept.en)
    return polib.POEntry(
        msgctxt=concept.id,
        # msgid may not be empty (that is the header entry); the comments say there is no term
        msgid=es.term if es else concept.id,
        msgstr=en.term if en else "",
        comment="\n".join(lines),
    )


def write(
    fileobj: IO[bytes], concepts: Iterable[Concept], *, es_tag: str, en_tag: str, title: str = "diploterm glossary"
) -> int:
    """Write *concepts* as a PO file (UTF-8, no line wrapping, no dates); return how many."""
    po = polib.POFile(wrapwidth=0)
    po.header = f"{title}\nSpanish terms (msgid) with their English renderings (msgstr); msgctxt is the concept id."
    po.metadata = {
        "Project-Id-Version": title,
        "Language": en_tag,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": es_tag,
        "X-Generator": "diploterm",
    }
    count = 0
    for concept in concepts:
        po.append(_entry(concept))
        count += 1
    fileobj.write((str(po) + "\n").encode("utf-8"))
    return count


def _ours(entry: polib.POEntry) -> bool:
    return any(line.split(": ", 1)[0] in ("es", "en") for line in entry.comment.splitlines())


def _from_comments(entry: polib.POEntry) -> Concept:
    cid = (entry.msgctxt or "").strip()
    if not SLUG_RE.match(cid):
        raise ValueError(f"msgctxt {cid!r} must be a concept id: lowercase letters, digits and hyphens")
    concept = Concept(id=cid)
    for line in entry.comment.splitlines():
        key, sep, value = line.partition(": ")
        if not sep or key not in COMMENT_KEYS:
            continue  # another tool's extracted comment
        data = loads(value, f"comment '{key}'")
        if key in ("es", "en"):
            if data != []:
                concept.terms(key).append(term_from_record(data))
        elif key == "source":
            concept.sources.append(source_from_record(data))
        else:
            if not isinstance(data, str):
                raise ValueError(f"comment '{key}' must be a JSON string")
            setattr(concept, _SCALARS[key], data.strip() or None)
    return concept


def _from_entry(entry: polib.POEntry) -> Concept:
    es = make_term(entry.msgid)
    en = [make_term(entry.msgstr, "proposed" if entry.fuzzy else "preferred")] if entry.msgstr.strip() else []
    ctxt = (entry.msgctxt or "").strip()
    cid = ctxt if SLUG_RE.match(ctxt) else slugify(ctxt or es.term)
    note = (entry.tcomment or "").strip() or None
    return Concept(id=cid, es=[es], en=en, note=note)


def read(fileobj: IO[bytes], name: str) -> list[Concept]:
    """Concepts of a PO file; :class:`InputError` names the line of anything wrong."""
    text = "".join(line for _, line in text_lines(fileobj, name))
    if not text.endswith("\n"):
        # polib takes a string without a newline for a file name to open
        text += "\n"
    try:
        po = polib.pofile(text, encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError) as exc:
        message = str(exc)
        line = None
        if "(line " in message:
            digits = message.split("(line ", 1)[1].split(")", 1)[0]
            line = int(digits) if digits.isdigit() else None
        raise InputError("not a valid PO file: " + message.split(": ", 1)[-1].split(" (line")[0], name, line) from None
    concepts = []
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        try:
            concepts.append(_from_comments(entry) if _ours(entry) else _from_entry(entry))
        except ValueError as exc:
            raise InputError(f"entry {entry.msgid!r}: {exc}", name, entry.linenum) from None
    return concepts
