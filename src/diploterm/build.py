"""``glossary build``: the termbase and memory into the artifacts CAT tools load.

Every artifact is rendered into a temporary file beside its target and then
renamed over it, so a crash leaves the previous artifact whole. Output depends
only on the term files, the memory and the corpus, never on the clock: dates
come from each concept's ``created``/``modified`` stamps.
"""

from __future__ import annotations

import contextlib
import filecmp
import itertools
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .check import check_loaded, doc_text, has_errors
from .errors import DiplotermError
from .formats import tbx, tmx, tsv
from .model import Concept, Term, TranslationUnit
from .project import Project
from .termbase import normalize_form, read_concepts

Writer = Callable[[IO[bytes]], int]


@dataclass
class BuildReport:
    written: dict[str, int] = field(default_factory=dict)
    """Entries written, by artifact format."""
    stale: list[Path] = field(default_factory=list)
    """With ``check``: artifacts that differ from what would be built."""


def tmx_date(timestamp: str | None) -> str | None:
    """``2025-11-04T10:00:00Z`` -> ``20251104T100000Z`` (the only form OmegaT reads)."""
    return timestamp.replace("-", "").replace(":", "") if timestamp else None


def term_units(concepts: list[Concept]) -> list[TranslationUnit]:
    """The approved term pairs as memory units: each usable Spanish form -> the preferred English."""
    units = []
    for concept in concepts:
        target = concept.preferred("en")
        if target is None:
            continue
        for term in concept.es:
            if term.status in ("preferred", "admitted"):
                units.append(
                    TranslationUnit(
                        source=term.term,
                        target=target.term,
                        creationdate=tmx_date(concept.created),
                        changedate=tmx_date(concept.modified),
                        props=(("x-concept", concept.id), ("x-status", term.status)),
                    )
                )
    return sorted(units, key=lambda u: (u.source, u.target))


class CorpusContext:
    """Finds the sentence a term was attested in, for TBX ``context``."""

    _SENTENCE_END = re.compile(r"(?<=[.!?»”\"])\s+|\n+")

    def __init__(self, project: Project) -> None:
        self.project = project
        self.texts: dict[str, str | None] = {}

    def __call__(self, concept: Concept, lang: str, term: Term) -> tuple[str, str] | None:
        wanted = normalize_form(term.term)
        for src in concept.sources:
            span = src.es_span if lang == "es" else src.en_span
            text = doc_text(self.project, src.doc, self.texts) if src.doc and span else None
            if text is None or span is None or normalize_form(text[span[0] : span[1]]) != wanted:
                continue
            start = max((m.end() for m in self._SENTENCE_END.finditer(text, 0, span[0])), default=0)
            end_match = self._SENTENCE_END.search(text, span[1])
            end = end_match.start() if end_match else len(text)
            sentence = " ".join(text[start:end].split())
            if len(sentence) > 400:  # a paragraph with no full stop: cut around the term
                sentence = " ".join(text[max(start, span[0] - 150) : min(end, span[1] + 150)].split())
            return sentence, src.doc
        return None


def _memory_units(project: Project) -> Iterator[TranslationUnit]:
    if project.memory_path.exists():
        with project.memory_path.open("rb") as f:
            yield from tmx.read(f, project.config.es, project.config.en)


def artifact_writers(project: Project, concepts: list[Concept]) -> dict[str, Writer]:
    """How to render each artifact, by format name (see :meth:`Project.artifact_paths`)."""
    config = project.config
    context = CorpusContext(project)
    stamps = [s for c in concepts for s in (c.created, c.modified) if s]
    header = tmx.TmxHeader(
        srclang=config.es,
        tgtlang=config.en,
        segtype="phrase",
        creationdate=tmx_date(max(stamps)) if stamps else None,
        creationid=config.creator,
        note="Built by diploterm: approved term pairs, then the aligned segments of tmx/memory.",
    )

    def write_tmx(f: IO[bytes]) -> int:
        terms = term_units(concepts)
        seen = {(u.source, u.target) for u in terms}
        memory = (u for u in _memory_units(project) if (u.source, u.target) not in seen)
        return tmx.write(f, itertools.chain(terms, memory), header)

    def write_tsv(f: IO[bytes]) -> int:
        import io

        text = io.TextIOWrapper(f, encoding="utf-8", newline="\n", write_through=True)
        n = tsv.write(text, concepts)
        text.detach()
        return n

    return {
        "tbx": lambda f: tbx.write(f, concepts, config, tbx.TBX3, context=context),
        "tbx2": lambda f: tbx.write(f, concepts, config, tbx.TBX2, context=context),
        "tsv": write_tsv,
        "tmx": write_tmx,
    }


def _render(path: Path, writer: Writer) -> tuple[Path, int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            count = writer(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return Path(tmp), count


def build(project: Project, *, check: bool = False) -> BuildReport:
    """Write every artifact (or, with *check*, only report the stale ones).

    Refuses to build from a termbase with errors: fix what ``glossary check`` says first.
    """
    loaded = list(read_concepts(project))
    problems = check_loaded(project, loaded)
    if has_errors(problems):
        first = next(p for p in problems if p.severity == "error")
        count = sum(p.severity == "error" for p in problems)
        raise DiplotermError(f"the termbase has {count} error(s), first: {first}; run 'glossary check'")
    concepts = sorted((item.concept for item in loaded if item.concept is not None), key=lambda c: c.id)
    report = BuildReport()
    writers = artifact_writers(project, concepts)
    # Render everything before replacing anything: a failure in the last
    # artifact must not leave the first ones newer than the rest.
    rendered: list[tuple[Path, Path]] = []
    try:
        for name, path in project.artifact_paths().items():
            tmp, report.written[name] = _render(path, writers[name])
            rendered.append((tmp, path))
        for tmp, path in rendered:
            if check:
                if not (path.exists() and filecmp.cmp(tmp, path, shallow=False)):
                    report.stale.append(path)
            else:
                os.replace(tmp, path)
    finally:
        for tmp, _ in rendered:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
    return report
