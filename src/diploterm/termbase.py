"""The termbase in git: ``glossary/terms/<id>.yaml``, one concept per file.

Reading gives :class:`~diploterm.model.Concept` values and, for ``check``, every
problem with its file and line. Writing goes through :func:`concept_to_yaml`,
the one canonical form, so ``load -> dump`` is byte-identical.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .errors import DiplotermError
from .fsutil import write_text
from .model import LANGS, PARTS_OF_SPEECH, STATUSES, TERM_TYPES, Concept, Source, Term
from .project import Project
from .yamlio import Flow, Lines, dump_yaml, parse_yaml, read_text_file

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")

CONCEPT_KEYS = ("id", "subject", "definition", "es", "en", "note", "sources", "created", "modified")
TERM_KEYS = ("term", "status", "pos", "type", "note")
SOURCE_KEYS = ("doc", "es_span", "en_span", "pattern", "ref")


@dataclass(frozen=True)
class Problem:
    """One finding of ``glossary check``: ``path:line: message``."""

    path: str
    line: int | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {tag}{self.message}"


def slugify(text: str) -> str:
    """A file-name-safe id for a concept, from its Spanish preferred term.

    >>> slugify("Convención de Caracas sobre Asilo Diplomático")
    'convencion-de-caracas-sobre-asilo-diplomatico'
    >>> slugify("Secretaría de Gobernación (Segob)")
    'secretaria-de-gobernacion-segob'
    """
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def normalize_form(text: str) -> str:
    """How a term is compared with text in a document: NFC, case, quotes, spaces."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return " ".join(text.split())


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- writing


def term_data(term: Term) -> dict[str, Any]:
    """A term as the mapping term files (and interchange rows) carry."""
    data: dict[str, Any] = {"term": term.term, "status": term.status}
    for key in ("pos", "type", "note"):
        value = getattr(term, key)
        if value is not None:
            data[key] = value
    return data


def _source_data(src: Source) -> Flow:
    data = Flow()
    for key in SOURCE_KEYS:
        value = getattr(src, key)
        if value is not None:
            data[key] = list(value) if key.endswith("_span") else value
    return data


def canonical(concept: Concept) -> Concept:
    """The concept with its lists in canonical order (terms by status, sources sorted)."""
    rank = {s: i for i, s in enumerate(STATUSES)}

    def by_status(terms: list[Term]) -> list[Term]:
        return sorted(terms, key=lambda t: rank.get(t.status, len(rank)))

    def source_key(s: Source) -> tuple:
        return (s.doc or "", s.es_span or (-1, -1), s.en_span or (-1, -1), s.pattern or "", s.ref or "")

    return replace(
        concept,
        es=by_status(concept.es),
        en=by_status(concept.en),
        sources=sorted(set(concept.sources), key=source_key),
    )


def concept_to_yaml(concept: Concept) -> str:
    """The one canonical text of a concept file."""
    c = canonical(concept)
    data: dict[str, Any] = {"id": c.id}
    if c.subject is not None:
        data["subject"] = c.subject
    definition = {lang: c.definition(lang) for lang in LANGS if c.definition(lang) is not None}
    if definition:
        data["definition"] = definition
    data["es"] = [term_data(t) for t in c.es]
    data["en"] = [term_data(t) for t in c.en]
    if c.note is not None:
        data["note"] = c.note
    if c.sources:
        data["sources"] = [_source_data(s) for s in c.sources]
    for key in ("created", "modified"):
        if getattr(c, key) is not None:
            data[key] = getattr(c, key)
    return dump_yaml(data)


def concept_path(project: Project, concept_id: str) -> Path:
    return project.terms_dir / f"{concept_id}.yaml"


def save_concept(project: Project, concept: Concept) -> Path:
    """Write one concept file atomically, in canonical form."""
    path = concept_path(project, concept.id)
    write_text(path, concept_to_yaml(concept))
    return path


# ---------------------------------------------------------------- reading


def parse_span(value: Any) -> tuple[int, int] | None:
    """``[start, end]`` as read from a file, or ``ValueError`` unless ``0 <= start < end``."""
    if value is None:
        return None
    ok = (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
        and value[0] < value[1]
    )
    if not ok:
        raise ValueError("a span must be [start, end] with 0 <= start < end")
    return (value[0], value[1])


class _Reader:
    """Turns the data of one file into a Concept, collecting every problem."""

    def __init__(self, where: str, lines: Lines) -> None:
        self.where = where
        self.lines = lines
        self.problems: list[Problem] = []

    def error(self, path: tuple[Any, ...], message: str, severity: str = "error") -> None:
        line = None
        while line is None and path is not None:
            line = self.lines.get(path)
            path = path[:-1] if path else None  # type: ignore[assignment]
        self.problems.append(Problem(self.where, line, message, severity))

    def text(self, value: Any, path: tuple[Any, ...], what: str, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.error(path, f"{what} is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(path, f"{what} must be text")
            return None
        text = str(value)
        if not text.strip():
            self.error(path, f"{what} is empty")
            return None
        if text != text.strip():
            self.error(path, f"{what} has leading or trailing spaces")
        return text

    def unknown_keys(self, data: dict, known: Iterable[str], path: tuple[Any, ...], what: str) -> None:
        for key in data:
            if key not in known:
                self.error((*path, key), f"unknown key {key!r} in {what} (known: {', '.join(known)})")

    def span(self, value: Any, path: tuple[Any, ...]) -> tuple[int, int] | None:
        try:
            return parse_span(value)
        except ValueError:
            self.error(path, f"{path[-1]} must be [start, end] character offsets with start < end")
            return None

    def term(self, data: Any, path: tuple[Any, ...]) -> Term | None:
        if isinstance(data, str):
            data = {"term": data}
        if not isinstance(data, dict):
            self.error(path, "a term must be a mapping with 'term' and 'status'")
            return None
        self.unknown_keys(data, TERM_KEYS, path, "a term")
        text = self.text(data.get("term"), (*path, "term"), "term", required=True)
        status = data.get("status", "preferred")
        if status not in STATUSES:
            self.error((*path, "status"), f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
            status = "preferred"
        pos = self.text(data.get("pos"), (*path, "pos"), "pos")
        if pos is not None and pos not in PARTS_OF_SPEECH:
            self.error((*path, "pos"), f"unknown pos {pos!r}; use one of {', '.join(PARTS_OF_SPEECH)}")
        ttype = self.text(data.get("type"), (*path, "type"), "type")
        if ttype is not None and ttype not in TERM_TYPES:
            self.error((*path, "type"), f"unknown term type {ttype!r}; use one of {', '.join(TERM_TYPES)}")
        note = self.text(data.get("note"), (*path, "note"), "note")
        if text is None:
            return None
        return Term(term=text, status=status, pos=pos, type=ttype, note=note)

    def source(self, data: Any, path: tuple[Any, ...]) -> Source | None:
        if not isinstance(data, dict):
            self.error(path, "a source must be a mapping such as {doc: seeds/x.txt, es_span: [S, E]}")
            return None
        self.unknown_keys(data, SOURCE_KEYS, path, "a source")
        src = Source(
            doc=self.text(data.get("doc"), (*path, "doc"), "doc"),
            es_span=self.span(data.get("es_span"), (*path, "es_span")),
            en_span=self.span(data.get("en_span"), (*path, "en_span")),
            pattern=self.text(data.get("pattern"), (*path, "pattern"), "pattern"),
            ref=self.text(data.get("ref"), (*path, "ref"), "ref"),
        )
        if src.doc is None and src.ref is None:
            self.error(path, "a source needs 'doc' (a corpus file) or 'ref' (a published reference)")
        if src.doc is None and (src.es_span or src.en_span):
            self.error(path, "a source with offsets needs 'doc'")
        return src

    def concept(self, data: Any, stem: str) -> Concept | None:
        if not isinstance(data, dict):
            self.error((), "a term file must be a mapping with 'id', 'es' and 'en'")
            return None
        self.unknown_keys(data, CONCEPT_KEYS, (), "a concept")
        cid = self.text(data.get("id"), ("id",), "id", required=True)
        if cid is not None:
            if not SLUG_RE.match(cid):
                self.error(("id",), f"id {cid!r} must be a slug: lowercase letters, digits and hyphens")
            elif cid != stem:
                self.error(("id",), f"id {cid!r} does not match the file name {stem!r}.yaml")
        definition = data.get("definition")
        if definition is None:
            definition = {}
        if not isinstance(definition, dict):
            self.error(("definition",), "definition must be a mapping {en: ..., es: ...}")
            definition = {}
        self.unknown_keys(definition, LANGS, ("definition",), "definition")
        terms: dict[str, list[Term]] = {}
        for lang in LANGS:
            raw = data.get(lang)
            if raw is None:
                self.error((), f"no '{lang}' terms")
                raw = []
            if not isinstance(raw, list):
                self.error((lang,), f"'{lang}' must be a list of terms")
                raw = []
            terms[lang] = [t for i, item in enumerate(raw) if (t := self.term(item, (lang, i)))]
        sources_raw = data.get("sources") or []
        if not isinstance(sources_raw, list):
            self.error(("sources",), "sources must be a list")
            sources_raw = []
        sources = [s for i, item in enumerate(sources_raw) if (s := self.source(item, ("sources", i)))]
        stamps = {}
        for key in ("created", "modified"):
            value = self.text(data.get(key), (key,), key)
            if value is not None and not TIMESTAMP_RE.match(value):
                self.error((key,), f"{key} must be a UTC timestamp like 2025-11-04T00:00:00Z")
                value = None
            stamps[key] = value
        return Concept(
            id=cid or stem,
            es=terms["es"],
            en=terms["en"],
            subject=self.text(data.get("subject"), ("subject",), "subject"),
            definition_es=self.text(definition.get("es"), ("definition", "es"), "definition.es"),
            definition_en=self.text(definition.get("en"), ("definition", "en"), "definition.en"),
            note=self.text(data.get("note"), ("note",), "note"),
            sources=sources,
            created=stamps["created"],
            modified=stamps["modified"],
        )


@dataclass
class LoadedConcept:
    """A concept with the file it came from and where each value stood in it."""

    concept: Concept | None
    path: str
    lines: Lines
    problems: list[Problem]


def read_concept_text(text: str, where: str, stem: str) -> LoadedConcept:
    """Parse one term file's text; problems are returned, never raised."""
    try:
        data, lines = parse_yaml(text, where)
    except DiplotermError as exc:
        return LoadedConcept(None, where, {}, [Problem(where, exc.line, exc.message)])
    reader = _Reader(where, lines)
    concept = reader.concept(data, stem)
    return LoadedConcept(concept, where, lines, reader.problems)


def term_files(project: Project) -> list[Path]:
    if not project.terms_dir.is_dir():
        return []
    return sorted(project.terms_dir.glob("*.yaml"))


def read_concepts(project: Project) -> Iterator[LoadedConcept]:
    for path in term_files(project):
        where = project.relpath(path)
        try:
            text = read_text_file(path)
        except DiplotermError as exc:
            yield LoadedConcept(None, where, {}, [Problem(where, exc.line, exc.message)])
            continue
        yield read_concept_text(text, where, path.stem)


def load_termbase(project: Project) -> list[Concept]:
    """All concepts, sorted by id; the first error in any file stops with its location."""
    concepts = []
    for loaded in read_concepts(project):
        errors = [p for p in loaded.problems if p.severity == "error"]
        if errors:
            first = errors[0]
            more = f" (and {len(errors) - 1} more; run 'glossary check')" if len(errors) > 1 else ""
            raise DiplotermError(first.message + more, first.path, first.line)
        assert loaded.concept is not None
        concepts.append(loaded.concept)
    return sorted(concepts, key=lambda c: c.id)


def termbase_hash(project: Project) -> str:
    """A digest of every term file's name and bytes (a cache key for indexes)."""
    digest = hashlib.sha256()
    for path in term_files(project):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def find_term(text: str, term: str, start: int = 0) -> tuple[int, int] | None:
    """The first whole-word occurrence of *term* in *text*, ignoring case and spacing.

    >>> find_term("rejected the «unilateral  decision» by Peru", "Unilateral decision")
    (14, 34)
    """
    # Typographic and straight apostrophes are the same letter to a reader.
    words = [re.sub("['’]", "['’]", re.escape(unicodedata.normalize("NFC", w))) for w in term.split()]
    if not words:
        return None
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
    m = pattern.search(text, start)
    return (m.start(), m.end()) if m else None
