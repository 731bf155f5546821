"""Candidates into the termbase: ``glossary accept`` and ``glossary reject``.

A candidate whose Spanish term (normalized, any status) is already in a concept is
merged into it: its source is appended and a different English rendering becomes an
*admitted* term, never a replacement of the preferred one. Otherwise a new concept is
written with both terms preferred. A concept whose content does not change is not
rewritten. Pairs of whole segments (a translated title, a quoted sentence and its
translation) are not terms: they go into the project memory (``tmx/memory.*.tmx``).
Rejected pairs live in ``glossary/rejected.tsv`` (``es<TAB>en``, sorted) and
``extract`` never proposes them again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from .check import doc_text
from .errors import InputError
from .fsutil import write_text
from .model import Candidate, Concept, Source, Term, TranslationUnit
from .project import Project
from .termbase import concept_path, concept_to_yaml, load_termbase, normalize_form, slugify, utc_now

REJECTED_NAME = "rejected.tsv"
SEGMENT_PATTERNS = frozenset({"translated-title", "sentence-translation"})
"""Patterns whose pairs are segments for the memory, not terms for the termbase."""
JSON_KEYS = ("es", "en", "doc", "es_span", "en_span", "pattern", "confidence")


def candidate_record(c: Candidate) -> dict[str, Any]:
    """The JSON object of one candidate, keys in the documented order (evidence last)."""
    return {
        "es": c.es,
        "en": c.en,
        "doc": c.doc,
        "es_span": list(c.es_span),
        "en_span": list(c.en_span) if c.en_span else None,
        "pattern": c.pattern,
        "confidence": c.confidence,
        "evidence": list(c.evidence),
    }


def _span(value: Any, where: str, line: int, key: str, required: bool) -> tuple[int, int] | None:
    if value is None and not required:
        return None
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    )
    if not ok or value[0] >= value[1] or value[0] < 0:
        raise InputError(f"{key!r} must be [start, end] character offsets", where, line)
    return (value[0], value[1])


def read_candidates(fileobj: IO[str], where: str = "<stdin>") -> list[Candidate]:
    """Candidates from ``glossary extract --format jsonl`` output.

    >>> import io
    >>> line = '{"es": "acto inamistoso", "en": "unfriendly act", "doc": "a.txt", "es_span": [0, 15], '
    >>> line += '"en_span": null, "pattern": "p", "confidence": 0.9}'
    >>> read_candidates(io.StringIO(line))[0].en
    'unfriendly act'
    """
    out = []
    for number, line in enumerate(fileobj, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"not a JSON line ({exc.msg}); pipe 'glossary extract --format jsonl' here", where, number
            ) from None
        if not isinstance(data, dict):
            raise InputError("each line must be a JSON object from 'glossary extract --format jsonl'", where, number)
        missing = [k for k in ("es", "en", "doc", "es_span") if k not in data]
        if missing:
            raise InputError(
                f"missing key {missing[0]!r} (lines come from 'glossary extract --format jsonl')", where, number
            )
        for key in ("es", "en", "doc"):
            if not isinstance(data[key], str) or not data[key].strip():
                raise InputError(f"{key!r} must be non-empty text", where, number)
        conf = data.get("confidence", 1.0)
        if isinstance(conf, bool) or not isinstance(conf, (int, float)):
            raise InputError("'confidence' must be a number", where, number)
        out.append(
            Candidate(
                es=data["es"],
                en=data["en"],
                doc=data["doc"],
                es_span=_span(data["es_span"], where, number, "es_span", True),  # type: ignore[arg-type]
                en_span=_span(data.get("en_span"), where, number, "en_span", False),
                pattern=str(data.get("pattern") or "manual"),
                confidence=float(conf),
                evidence=tuple(str(e) for e in data.get("evidence") or ()),
            )
        )
    return out


@dataclass
class AcceptResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    segments_added: int = 0
    """Segment pairs that were new to the memory."""


def _verified_source(project: Project, c: Candidate, cache: dict[str, str | None]) -> Source | None:
    """The candidate's source, keeping only offsets that read as its terms in the file on disk
    (so ``glossary check`` agrees); ``None`` when the document is not in the project."""
    text = doc_text(project, c.doc, cache)
    if text is None:
        return None

    def checked(span: tuple[int, int] | None, term: str) -> tuple[int, int] | None:
        if span is None or span[1] > len(text):
            return None
        return span if normalize_form(text[span[0] : span[1]]) == normalize_form(term) else None

    return Source(doc=c.doc, es_span=checked(c.es_span, c.es), en_span=checked(c.en_span, c.en), pattern=c.pattern)


def _add_segments(project: Project, segments: list[tuple[Candidate, Source]], stamp: str) -> int:
    """Merge segment pairs into the project memory; return how many were new there."""
    import tempfile

    from .build import tmx_date
    from .formats import tmx
    from .memory import add, memory_header

    units = []
    for cand, source in segments:
        props = [("x-doc", cand.doc)]
        for key, span in (("x-es-span", source.es_span), ("x-en-span", source.en_span)):
            if span:
                props.append((key, f"{span[0]} {span[1]}"))
        props += [("x-pattern", cand.pattern), ("x-confidence", f"{cand.confidence:.2f}")]
        units.append(TranslationUnit(cand.es, cand.en, creationdate=tmx_date(stamp), props=tuple(props)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "accepted.tmx"
        with path.open("wb") as f:
            tmx.write(f, units, memory_header(project))
        return add(project, [path]).added


def accept(project: Project, candidates: Iterable[Candidate], *, now: str | None = None) -> AcceptResult:
    """Write or merge each candidate into ``glossary/terms/`` (segment pairs into the memory);
    atomic writes, no spurious rewrites."""
    stamp = now or utc_now()
    concepts = {c.id: c for c in load_termbase(project)}
    originals = {cid: concept_to_yaml(c) for cid, c in concepts.items()}
    by_es: dict[str, str] = {}
    preferred_en: dict[str, str] = {}
    for c in concepts.values():
        for t in c.es:
            by_es.setdefault(normalize_form(t.term), c.id)
        for t in c.en:
            if t.status == "preferred":
                preferred_en.setdefault(normalize_form(t.term), c.id)
    result = AcceptResult()
    touched: set[str] = set()
    cache: dict[str, str | None] = {}
    segments: list[tuple[Candidate, Source]] = []
    for cand in sorted(candidates, key=lambda c: (c.doc, c.es_span, c.en)):
        source = _verified_source(project, cand, cache)
        if source is None:
            result.warnings.append(f"{cand.doc}: not a file of the project at {project.root}; {cand.es!r} skipped")
            continue
        if cand.pattern in SEGMENT_PATTERNS:
            segments.append((cand, source))
            continue
        es_key, en_key = normalize_form(cand.es), normalize_form(cand.en)
        cid = by_es.get(es_key)
        if cid is None and en_key in preferred_en:
            # Same English preferred term: most likely the same concept (an acronym and its
            # full form); the Spanish form is proposed there for a reviewer to confirm.
            cid = preferred_en[en_key]
            concept = concepts[cid]
            concept.es.append(Term(cand.es, "proposed", note="proposed by glossary accept: same English term"))
            by_es[es_key] = cid
        if cid is None:
            cid = _free_id(slugify(cand.es) or "concept", concepts)
            concepts[cid] = Concept(
                id=cid, es=[Term(cand.es, "preferred")], en=[Term(cand.en, "preferred")], created=stamp
            )
            by_es[es_key] = cid
            preferred_en.setdefault(en_key, cid)
        concept = concepts[cid]
        if en_key not in {normalize_form(t.term) for t in concept.en}:
            status = "preferred" if concept.preferred("en") is None and en_key not in preferred_en else "admitted"
            concept.en.append(Term(cand.en, status))
            if status == "preferred":
                preferred_en[en_key] = cid
        _merge_source(concept, source)
        touched.add(cid)
    for cid in sorted(touched):
        concept = concepts[cid]
        if originals.get(cid) == concept_to_yaml(concept):
            result.unchanged.append(cid)
            continue
        concept = replace(concept, modified=stamp, created=concept.created or stamp)
        write_text(concept_path(project, cid), concept_to_yaml(concept))
        (result.updated if cid in originals else result.created).append(cid)
    if segments:
        result.segments_added = _add_segments(project, segments, stamp)
    return result


def _merge_source(concept: Concept, source: Source) -> None:
    """Add *source* unless a source already cites the same place; citations of a part of
    it (the Spanish span only, say) give way to the fuller one."""
    same_doc = [s for s in concept.sources if s.doc == source.doc]
    if any(s.es_span == source.es_span and s.en_span == source.en_span for s in same_doc):
        return
    covered = [
        s
        for s in same_doc
        if all(o is None or o == n for o, n in ((s.es_span, source.es_span), (s.en_span, source.en_span)))
    ]
    concept.sources[:] = [s for s in concept.sources if s not in covered] + [source]


def _free_id(base: str, concepts: dict[str, Concept]) -> str:
    cid, n = base, 2
    while cid in concepts:
        cid, n = f"{base}-{n}", n + 1
    return cid


def rejected_path(project: Project) -> Path:
    return project.glossary_dir / REJECTED_NAME


def load_rejected(project: Project) -> list[tuple[str, str]]:
    """The rejected pairs as written (``es``, ``en``)."""
    path = rejected_path(project)
    if not path.exists():
        return []
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 2 or not cols[0].strip() or not cols[1].strip():
            raise InputError("each line must be 'spanish<TAB>english'", str(path), number)
        out.append((cols[0], cols[1]))
    return out


def reject(project: Project, pairs: Iterable[tuple[str, str]]) -> int:
    """Record *pairs* as never to be proposed again; returns how many were new."""
    from .align import pair_key

    current = load_rejected(project)
    keys = {pair_key(es, en) for es, en in current}
    added = 0
    for es, en in pairs:
        es, en = " ".join(es.split()), " ".join(en.split())
        if pair_key(es, en) not in keys:
            keys.add(pair_key(es, en))
            current.append((es, en))
            added += 1
    if added:
        lines = sorted(current, key=lambda p: (pair_key(*p), p))
        write_text(rejected_path(project), "".join(f"{es}\t{en}\n" for es, en in lines))
    return added
