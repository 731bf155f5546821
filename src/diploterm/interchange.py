"""``glossary import`` / ``glossary export``: read with one format, merge, write with another.

Import is validate-then-write: the whole file is read and every merged concept
checked before the first term file changes, so a bad file changes nothing.
Merging never drops what the termbase has; where the incoming file disagrees
(another preferred term, another status, another definition) the termbase
keeps its value, the incoming term joins as ``admitted`` and a
:class:`Conflict` says what happened.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

import yaml

from .errors import InputError
from .formats.fields import concept_id_for
from .model import LANGS, PARTS_OF_SPEECH, STATUSES, TERM_TYPES, Concept, Term
from .project import Project
from .termbase import (
    SLUG_RE,
    TIMESTAMP_RE,
    canonical,
    concept_to_yaml,
    load_termbase,
    normalize_form,
    read_concept_text,
)

TERMBASE_FORMATS = ("tbx", "tbx2", "po", "tsv", "csv")
FORMATS = ("tbx", "tbx2", "tmx", "po", "tsv", "csv")
_EXTENSIONS = {".tbx": "tbx", ".tbxm": "tbx", ".tmx": "tmx", ".po": "po", ".pot": "po",
               ".tsv": "tsv", ".tab": "tsv", ".txt": "tsv", ".utf8": "tsv", ".csv": "csv"}  # fmt: skip


@dataclass(frozen=True)
class Conflict:
    """Where an imported concept disagreed with the termbase, and what was kept."""

    concept: str
    message: str

    def __str__(self) -> str:
        return f"conflict: {self.concept}: {self.message}"


@dataclass
class ImportReport:
    path: str
    format: str
    read: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    memory: object = None
    """What ``diploterm.memory.add`` returned, for TMX files."""


# ---------------------------------------------------------------- formats


def detect_format(path: Path, head: bytes) -> str:
    """The format of a file from its extension, or from its first bytes for XML."""
    sniff = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if sniff.startswith(b"<") or path.suffix.lower() in (".tbx", ".tmx", ".xml"):
        text = (
            head.decode("utf-8", "replace")
            if not head.startswith((b"\xff\xfe", b"\xfe\xff"))
            else head.decode("utf-16", "replace")
        )
        if "<martif" in text:
            return "tbx2"
        if re.search(r"<tbx[\s>]", text):
            return "tbx"
        if re.search(r"<tmx[\s>]", text):
            return "tmx"
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"cannot tell the format from the name; pass --format ({', '.join(FORMATS)})", str(path))
    return fmt


def read_glossary(fmt: str, fileobj: IO[bytes], name: str) -> list[Concept]:
    """Concepts of a glossary file in *fmt* (not TMX, which holds segments)."""
    if fmt == "po":
        from .formats import po

        return po.read(fileobj, name)
    if fmt in ("tsv", "csv"):
        from .formats import table

        return (table.read_tsv if fmt == "tsv" else table.read_csv)(fileobj, name)
    if fmt in ("tbx", "tbx2"):
        from .formats import tbx

        return list(tbx.read(fileobj, name))
    raise InputError(f"unknown glossary format {fmt!r}; use one of {', '.join(TERMBASE_FORMATS)}", name)


def write_concepts_as(fmt: str, fileobj: IO[bytes], concepts: list[Concept], project: Project) -> int:
    """Write *concepts* in *fmt*; returns how many concepts went out."""
    cfg = project.config
    if fmt == "po":
        from .formats import po

        return po.write(fileobj, concepts, es_tag=cfg.es, en_tag=cfg.en, title=cfg.title)
    if fmt in ("tsv", "csv"):
        from .formats import table

        return (table.write_tsv if fmt == "tsv" else table.write_csv)(fileobj, concepts)
    if fmt in ("tbx", "tbx2"):
        from .formats import tbx

        # no context sentences: they come from the corpus, which an importing project may not have
        return tbx.write(fileobj, concepts, cfg, tbx.TBX3 if fmt == "tbx" else tbx.TBX2)
    raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def export(project: Project, fmt: str, fileobj: IO[bytes]) -> int:
    """Write the termbase (or, for ``tmx``, the memory) to *fileobj*; return how many items."""
    if fmt == "tmx":
        from .formats import tmx

        path = project.memory_path
        units = tmx.read(str(path), project.config.es, project.config.en) if path.exists() else iter(())
        return tmx.write(fileobj, units, _memory_header(project))
    return write_concepts_as(fmt, fileobj, load_termbase(project), project)


def _memory_header(project: Project):
    from .formats import tmx

    try:
        from .memory import memory_header
    except ImportError:
        memory_header = None
    if memory_header is not None:
        # the header the memory itself is written with, so export -> import -> export is stable
        return memory_header(project)
    return tmx.TmxHeader(srclang=project.config.es, tgtlang=project.config.en)


# ---------------------------------------------------------------- merging


def _fill(base: Concept | Term, inc: Concept | Term, names: Iterable[str], cid: str, what: str,
          conflicts: list[Conflict]) -> dict[str, str]:  # fmt: skip
    """New values for the fields of *base* that *inc* adds; conflicts where they differ."""
    changes = {}
    for name in names:
        old, new = getattr(base, name), getattr(inc, name)
        if new is None or new == old:
            continue
        if old is None:
            changes[name] = new
        else:
            conflicts.append(
                Conflict(cid, f"{what}{name.replace('_', ' ')} is {old!r} here, {new!r} in the file; kept {old!r}")
            )
    return changes


def merge_concept(base: Concept, inc: Concept) -> tuple[Concept, list[Conflict]]:
    """*base* with everything *inc* adds; nothing in *base* is dropped or overwritten.

    >>> a = Concept("asilo", es=[Term("asilo")], en=[Term("asylum")])
    >>> merged, conflicts = merge_concept(a, Concept("asilo", es=[Term("asilo")], en=[Term("refuge")]))
    >>> [(t.term, t.status) for t in merged.en]
    [('asylum', 'preferred'), ('refuge', 'admitted')]
    >>> print(conflicts[0])
    conflict: asilo: en preferred term is 'asylum' here, 'refuge' in the file; added as admitted
    """
    cid = base.id
    conflicts: list[Conflict] = []
    terms: dict[str, list[Term]] = {}
    for lang in LANGS:
        merged = list(base.terms(lang))
        index = {normalize_form(t.term): i for i, t in enumerate(merged)}
        for t in inc.terms(lang):
            i = index.get(normalize_form(t.term))
            if i is not None:
                old = merged[i]
                what = f"{lang} term {old.term!r}: "
                if {old.pos, t.pos} == {"noun", "properNoun"}:
                    t = replace(t, pos=old.pos)  # TBX v3 has no properNoun: noun is the same answer
                changes = _fill(old, t, ("pos", "type", "note"), cid, what, conflicts)
                if t.status != old.status:
                    conflicts.append(
                        Conflict(cid, f"{what}status is {old.status} here, {t.status} in the file; kept {old.status}")
                    )
                if changes:
                    merged[i] = replace(old, **changes)
                continue
            current = next((m for m in merged if m.status == "preferred"), None)
            if t.status == "preferred" and current is not None:
                conflicts.append(
                    Conflict(
                        cid,
                        f"{lang} preferred term is {current.term!r} here, {t.term!r} in the file; added as admitted",
                    )
                )
                t = replace(t, status="admitted")
            index[normalize_form(t.term)] = len(merged)
            merged.append(t)
        terms[lang] = merged
    changes = _fill(base, inc, ("subject", "definition_es", "definition_en", "note"), cid, "", conflicts)
    sources = list(base.sources) + [s for s in inc.sources if s not in base.sources]
    # TBX keeps only the day of a timestamp: the concept existed since the earliest one
    created = min(filter(None, (base.created, inc.created)), default=None)
    if base.created and created and created[:10] == base.created[:10]:
        created = base.created
    modified = max(filter(None, (base.modified, inc.modified)), default=None)
    if base.modified and modified and modified[:10] == base.modified[:10]:
        modified = base.modified
    merged_concept = replace(
        base, es=terms["es"], en=terms["en"], sources=sources, created=created, modified=modified, **changes
    )
    return merged_concept, conflicts


@dataclass
class ImportPlan:
    """The term files an import will write, and what it found on the way."""

    concepts: list[Concept]
    added: list[str]
    updated: list[str]
    unchanged: int
    conflicts: list[Conflict]


def plan_import(existing: list[Concept], incoming: Iterable[Concept]) -> ImportPlan:
    """Merge *incoming* into *existing* in memory; nothing is written.

    An incoming concept joins the concept with its id or, when its id was only
    made up from its term, the concept whose preferred Spanish term is the
    same (so a table row does not start a second concept for a term the
    termbase already has).
    """
    current = {c.id: c for c in existing}
    before = {c.id: canonical(c) for c in existing}
    by_form = {}
    for c in existing:
        pref = c.preferred("es")
        if pref is not None:
            by_form.setdefault(normalize_form(pref.term), c.id)
    conflicts: list[Conflict] = []
    touched: dict[str, None] = {}
    for inc in incoming:
        target = inc.id if inc.id in current else None
        pref = inc.preferred("es")
        if target is None and pref is not None and inc.id == concept_id_for(pref.term):
            # only an id made up from the term (a table row, a foreign TBX id) defers to the
            # termbase's concept for that term; an explicit id is the file's own decision
            target = by_form.get(normalize_form(pref.term))
        if target is None:
            current[inc.id] = inc
            if pref is not None:
                by_form.setdefault(normalize_form(pref.term), inc.id)
        else:
            merged, found = merge_concept(current[target], replace(inc, id=target))
            current[target] = merged
            conflicts.extend(found)
            inc = merged
        touched[inc.id] = None
    added, updated, changed, unchanged = [], [], [], 0
    for cid in touched:
        concept = current[cid]
        if cid not in before:
            added.append(cid)
        elif canonical(concept) != before[cid]:
            updated.append(cid)
        else:
            unchanged += 1
            continue
        changed.append(concept)
    return ImportPlan(changed, added, updated, unchanged, conflicts)


# ---------------------------------------------------------------- validating


def _text_problem(value: object, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        return f"{what} must be text"
    if not value.strip():
        return f"{what} is empty"
    if value != value.strip():
        return f"{what} has leading or trailing spaces"
    return None


def concept_problems(c: Concept) -> list[str]:
    """What ``glossary check`` would refuse in the file of *c* (the checks of one file)."""
    problems = []
    if not isinstance(c.id, str) or not SLUG_RE.match(c.id):
        problems.append(f"id {c.id!r} must be a slug: lowercase letters, digits and hyphens")
    for lang in LANGS:
        for t in c.terms(lang):
            problems += filter(None, (_text_problem(t.term, f"{lang} term"), _text_problem(t.note, "note")))
            if t.term is None:
                problems.append(f"{lang} term is missing")
            if t.status not in STATUSES:
                problems.append(f"unknown status {t.status!r}")
            if t.pos is not None and t.pos not in PARTS_OF_SPEECH:
                problems.append(f"unknown pos {t.pos!r}")
            if t.type is not None and t.type not in TERM_TYPES:
                problems.append(f"unknown term type {t.type!r}")
    for name in ("subject", "definition_es", "definition_en", "note"):
        problem = _text_problem(getattr(c, name), name.replace("_", "."))
        if problem:
            problems.append(problem)
    for name in ("created", "modified"):
        value = getattr(c, name)
        if value is not None and not (isinstance(value, str) and TIMESTAMP_RE.match(value)):
            problems.append(f"{name} {value!r} must be a UTC timestamp like 2025-11-04T00:00:00Z")
    for s in c.sources:
        if s.doc is None and s.ref is None:
            problems.append("a source needs 'doc' or 'ref'")
    return problems


# ---------------------------------------------------------------- writing term files

_RESOLVER = yaml.resolver.Resolver()
_PLAIN_BLOCK = re.compile(r"[^\W_][\w .,()'/-]*(?<! )\Z")
_PLAIN_FLOW = re.compile(r"[^\W_][\w./-]*\Z")


def _plain(text: str, pattern: re.Pattern[str]) -> bool:
    return (
        len(text) < 1000
        and pattern.match(text) is not None
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
    )


def _fast_yaml(c: Concept) -> str | None:
    """:func:`concept_to_yaml` for concepts whose text needs no quoting, or ``None``.

    The canonical writer goes through PyYAML's pure-Python emitter (~0.5 ms a
    concept); a 100 000-row import cannot wait for it. The output is the same
    bytes (tests compare the two on generated concepts).
    """
    c = canonical(c)
    out = [f"id: {c.id}\n"]

    def block(text: str | None) -> bool:
        return text is None or _plain(text, _PLAIN_BLOCK)

    scalars = [c.id, c.subject, c.definition_es, c.definition_en, c.note]
    scalars += [v for lang in LANGS for t in c.terms(lang) for v in (t.term, t.pos, t.type, t.note)]
    if not all(block(v) for v in scalars):
        return None
    if c.subject is not None:
        out.append(f"subject: {c.subject}\n")
    if c.definition_es is not None or c.definition_en is not None:
        out.append("definition:\n")
        if c.definition_es is not None:
            out.append(f"  es: {c.definition_es}\n")
        if c.definition_en is not None:
            out.append(f"  en: {c.definition_en}\n")
    for lang in LANGS:
        terms = c.terms(lang)
        if not terms:
            out.append(f"{lang}: []\n")
            continue
        out.append(f"{lang}:\n")
        for t in terms:
            out.append(f"  - term: {t.term}\n    status: {t.status}\n")
            for key in ("pos", "type", "note"):
                value = getattr(t, key)
                if value is not None:
                    out.append(f"    {key}: {value}\n")
    if c.note is not None:
        out.append(f"note: {c.note}\n")
    if c.sources:
        out.append("sources:\n")
        for s in c.sources:
            parts = []
            for key in ("doc", "es_span", "en_span", "pattern", "ref"):
                value = getattr(s, key)
                if value is None:
                    continue
                if key.endswith("_span"):
                    parts.append(f"{key}: [{value[0]}, {value[1]}]")
                elif _plain(value, _PLAIN_FLOW):
                    parts.append(f"{key}: {value}")
                else:
                    return None
            out.append("  - {" + ", ".join(parts) + "}\n")
    for key in ("created", "modified"):
        value = getattr(c, key)
        if value is not None:
            if not TIMESTAMP_RE.match(value):
                return None
            out.append(f"{key}: '{value}'\n")
    return "".join(out)


def concept_text(c: Concept, where: str) -> str:
    """The canonical file text of *c*, refused if the termbase reader would not take it back."""
    problems = concept_problems(c)
    if problems:
        raise InputError(f"concept {c.id!r}: {problems[0]}; nothing was imported", where)
    text = _fast_yaml(c)
    if text is None:
        text = concept_to_yaml(c)
        loaded = read_concept_text(text, where, c.id)
        errors = [p for p in loaded.problems if p.severity == "error"]
        if errors or loaded.concept is None or canonical(loaded.concept) != canonical(c):
            why = errors[0].message if errors else "its text does not survive a YAML round trip"
            raise InputError(f"concept {c.id!r}: {why}; nothing was imported", where)
    return text


def write_term_files(project: Project, texts: list[tuple[str, str]]) -> None:
    """Write ``(concept id, file text)`` pairs: all staged first, one sync, then renamed in."""
    folder = project.terms_dir
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for cid, text in texts:
            fd, tmp = tempfile.mkstemp(prefix=f".{cid}.", suffix=".tmp", dir=folder)
            staged.append((tmp, folder / f"{cid}.yaml"))
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode("utf-8"))
            os.chmod(tmp, 0o644)
        # one sync for the batch: an fsync per file costs minutes on 100 000 files
        if hasattr(os, "sync"):
            os.sync()
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise


# ---------------------------------------------------------------- importing


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(4096)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None


def import_file(project: Project, path: Path, fmt: str | None = None, dry_run: bool = False) -> ImportReport:
    """Merge the glossary (or memory) file at *path* into the project."""
    path = Path(path)
    fmt = fmt or detect_format(path, _read_head(path))
    report = ImportReport(path=str(path), format=fmt)
    if fmt == "tmx":
        return _import_tmx(project, path, report, dry_run)
    try:
        f = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", str(path)) from None
    with f:
        return import_glossary(project, f, str(path), fmt, dry_run)


def import_glossary(project: Project, fileobj: IO[bytes], name: str, fmt: str, dry_run: bool = False) -> ImportReport:
    """Merge a TBX, PO, TSV or CSV glossary read from *fileobj* (called *name* in messages)."""
    report = ImportReport(path=name, format=fmt)
    incoming = read_glossary(fmt, fileobj, name)
    report.read = len(incoming)
    plan = plan_import(load_termbase(project), incoming)
    texts = [(c.id, concept_text(c, name)) for c in plan.concepts]
    if not dry_run:
        write_term_files(project, texts)
    report.added, report.updated, report.unchanged, report.conflicts = (
        plan.added,
        plan.updated,
        plan.unchanged,
        plan.conflicts,
    )
    return report


def _import_tmx(project: Project, path: Path, report: ImportReport, dry_run: bool) -> ImportReport:
    from .formats import tmx

    # Read it all once before the memory sees it: a broken file must change nothing.
    report.read = sum(1 for _ in tmx.read(str(path), project.config.es, project.config.en))
    try:
        from . import memory
    except ImportError:
        memory = None
    if memory is None or not hasattr(memory, "add"):
        raise InputError(
            "importing TMX needs the memory module (diploterm.memory), which this build does not have", str(path)
        )
    if not dry_run:
        report.memory = memory.add(project, [path])
    return report


__all__ = [
    "FORMATS",
    "Conflict",
    "ImportReport",
    "concept_problems",
    "detect_format",
    "export",
    "import_file",
    "import_glossary",
    "merge_concept",
    "plan_import",
    "read_glossary",
    "write_concepts_as",
]
