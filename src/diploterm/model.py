"""The types that name each stage of the pipeline.

corpus -> :class:`Document` -> :class:`Segment` -> :class:`Candidate` /
:class:`SegmentPair` -> :class:`Concept` (termbase) -> artifacts
(:class:`TranslationUnit` for memories).

Every format reads into and writes from these types; formats never talk to
each other directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LANGS: tuple[str, ...] = ("es", "en")
"""The two working languages, as the short keys used in term files."""

STATUSES: tuple[str, ...] = ("preferred", "admitted", "deprecated", "proposed")
"""Term statuses, most to least recommended (also the sort order in files)."""

PARTS_OF_SPEECH: tuple[str, ...] = ("noun", "verb", "adjective", "adverb", "properNoun", "other")
TERM_TYPES: tuple[str, ...] = (
    "fullForm",
    "acronym",
    "abbreviation",
    "shortForm",
    "variant",
    "phrase",
)

Span = tuple[int, int]
"""Half-open character offsets ``[start, end)`` into a document's text."""


@dataclass(frozen=True)
class Document:
    """One article or parallel text, as read from disk (markup already stripped)."""

    path: str
    """Path relative to the project root, with forward slashes (``seeds/001_x.txt``)."""
    text: str
    lang: str | None = None


@dataclass(frozen=True)
class Segment:
    """A stretch of a document: a sentence, a quoted span, a title, a tweet."""

    doc: str
    start: int
    end: int
    text: str
    kind: str
    """``sentence``, ``quote``, ``title``, ``run`` (unquoted foreign run), ``gloss``…"""
    lang: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A proposed Spanish-English term pair with the evidence behind it."""

    es: str
    en: str
    doc: str
    es_span: Span
    en_span: Span | None
    pattern: str
    confidence: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class SegmentPair:
    """A link between aligned sentences of two parallel documents."""

    es: str
    en: str
    confidence: float
    es_lines: tuple[int, ...] = ()
    en_lines: tuple[int, ...] = ()
    doc: str | None = None


@dataclass(frozen=True)
class Source:
    """Where a concept's terms were attested (or the reference that backs them)."""

    doc: str | None = None
    es_span: Span | None = None
    en_span: Span | None = None
    pattern: str | None = None
    ref: str | None = None
    """A published reference (treaty, UN text) when the term is not in the corpus."""


@dataclass(frozen=True)
class Term:
    term: str
    status: str = "preferred"
    pos: str | None = None
    type: str | None = None
    """TBX termType: ``acronym``, ``fullForm``, ``variant``…"""
    note: str | None = None


@dataclass
class Concept:
    """One entry of the termbase; one file in ``glossary/terms/``."""

    id: str
    es: list[Term] = field(default_factory=list)
    en: list[Term] = field(default_factory=list)
    subject: str | None = None
    definition_es: str | None = None
    definition_en: str | None = None
    note: str | None = None
    sources: list[Source] = field(default_factory=list)
    created: str | None = None
    """UTC timestamp ``YYYY-MM-DDThh:mm:ssZ``; artifacts take their dates from here."""
    modified: str | None = None

    def terms(self, lang: str) -> list[Term]:
        if lang == "es":
            return self.es
        if lang == "en":
            return self.en
        raise ValueError(f"unknown language key {lang!r}")

    def definition(self, lang: str) -> str | None:
        return self.definition_es if lang == "es" else self.definition_en

    def preferred(self, lang: str) -> Term | None:
        """The first preferred term in *lang*, or ``None``."""
        return next((t for t in self.terms(lang) if t.status == "preferred"), None)

    def exported_terms(self, lang: str, *, include_proposed: bool = False) -> list[Term]:
        return [t for t in self.terms(lang) if include_proposed or t.status != "proposed"]


@dataclass(frozen=True)
class TranslationUnit:
    """One ``<tu>`` of a memory: a source (Spanish) and target (English) text."""

    source: str
    target: str
    creationdate: str | None = None
    """``YYYYMMDDThhmmssZ`` (TMX form)."""
    changedate: str | None = None
    props: tuple[tuple[str, str], ...] = ()
    note: str | None = None
    tuid: str | None = None
