"""Adding terms to the termbase by hand (``glossary add``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .errors import DiplotermError
from .model import STATUSES, Concept, Source, Term
from .project import Project
from .termbase import SLUG_RE, find_term, load_termbase, normalize_form, save_concept, slugify, utc_now
from .yamlio import read_text_file


@dataclass(frozen=True)
class NewTerm:
    lang: str
    term: str
    status: str | None = None
    """None: preferred in a new concept, admitted when added to an existing one."""
    pos: str | None = None
    type: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class AddResult:
    concept: Concept
    path: Path
    created: bool
    changed: bool


def locate(project: Project, doc: Path, es: str | None, en: str | None) -> Source:
    """A source citing where *es* and *en* first occur in *doc* (at least one must)."""
    text = read_text_file(doc)
    rel = project.relpath(doc)
    if rel.startswith("/") or rel.startswith(".."):
        raise DiplotermError("a source must be a file inside the project (e.g. seeds/…)", str(doc))
    es_span = find_term(text, es) if es else None
    en_span = find_term(text, en) if en else None
    if es_span is None and en_span is None:
        forms = " or ".join(repr(t) for t in (es, en) if t)
        raise DiplotermError(f"{forms} does not occur in this file; cite another document or use --ref", rel)
    return Source(doc=rel, es_span=es_span, en_span=en_span, pattern="manual")


def _find_concept(concepts: list[Concept], concept_id: str | None, terms: list[NewTerm]) -> Concept | None:
    if concept_id:
        return next((c for c in concepts if c.id == concept_id), None)
    wanted = {normalize_form(t.term) for t in terms if t.lang == "es"}
    for concept in concepts:
        if any(normalize_form(t.term) in wanted for t in concept.es):
            return concept
    return None


def add_terms(
    project: Project,
    terms: list[NewTerm],
    *,
    concept_id: str | None = None,
    subject: str | None = None,
    note: str | None = None,
    sources: list[Source] = (),
) -> AddResult:
    """Create a concept, or merge *terms* into the one that has the Spanish term (or *concept_id*).

    A term already in the concept keeps its status unless a status is given;
    nothing is ever removed.
    """
    for t in terms:
        if t.status is not None and t.status not in STATUSES:
            raise DiplotermError(f"unknown status {t.status!r}; use one of {', '.join(STATUSES)}")
    concepts = load_termbase(project)
    concept = _find_concept(concepts, concept_id, terms)
    created = concept is None
    if concept is None:
        es_terms = [t for t in terms if t.lang == "es"]
        new_id = concept_id or (slugify(es_terms[0].term) if es_terms else None)
        if not new_id or not SLUG_RE.match(new_id):
            raise DiplotermError("a new concept needs a Spanish term (or --id with a slug like 'acto-inamistoso')")
        now = utc_now()
        concept = Concept(id=new_id, created=now, modified=now)
    before = concept
    lists = {"es": list(concept.es), "en": list(concept.en)}
    for t in terms:
        items = lists[t.lang]
        index = next((i for i, old in enumerate(items) if normalize_form(old.term) == normalize_form(t.term)), None)
        if index is None:
            status = t.status or ("preferred" if not any(x.status == "preferred" for x in items) else "admitted")
            items.append(Term(term=t.term, status=status, pos=t.pos, type=t.type, note=t.note))
        else:
            old = items[index]
            items[index] = replace(
                old,
                status=t.status or old.status,
                pos=t.pos or old.pos,
                type=t.type or old.type,
                note=t.note or old.note,
            )
    merged_sources = list(concept.sources) + [s for s in sources if s not in concept.sources]
    concept = replace(
        concept,
        es=lists["es"],
        en=lists["en"],
        subject=subject or concept.subject,
        note=note or concept.note,
        sources=merged_sources,
    )
    changed = concept != before or created
    if changed:
        concept = replace(concept, modified=utc_now() if not created else concept.modified)
        path = save_concept(project, concept)
    else:
        path = project.terms_dir / f"{concept.id}.yaml"
    return AddResult(concept=concept, path=path, created=created, changed=changed)
