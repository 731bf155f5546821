"""``glossary review``: what a term pull request changes, and what it breaks.

Two states of ``glossary/terms/`` (git revisions, or the working tree) are read
into concepts; :func:`diff` lists concepts added, removed and changed term by
term; :func:`find_problems` checks the concepts the change touches against the
whole termbase and the project memory. :func:`to_markdown` renders a PR comment.
Git is run as a subprocess (``ls-tree``, ``cat-file --batch``); nothing is
checked out and the working tree is never changed.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import DiplotermError
from .model import LANGS, Concept, Term
from .project import Project
from .termbase import LoadedConcept, Problem, canonical, normalize_form, read_concept_text

NEAR_DUPLICATE_SCORE = 90.0
"""rapidfuzz ratio (0-100) of two preferred terms, accents folded, from which they look like one concept."""


# ---------------------------------------------------------------- reading a revision


class GitError(DiplotermError):
    """Git cannot answer: not a repository, an unknown revision."""


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed; 'glossary review' compares git revisions") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def git_toplevel(root: Path) -> Path:
    try:
        return Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    except GitError:
        raise GitError(f"{root} is not in a git repository; 'glossary review' compares git revisions") from None


def resolve_revision(repo: Path, rev: str) -> str:
    """The commit id of *rev*, or a :class:`GitError` that names it."""
    if rev.startswith("-"):
        raise GitError(f"unknown git revision {rev!r}")
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(
            f"unknown git revision {rev!r}; give a branch, tag or commit (in CI, fetch the base branch first)"
        ) from None


@dataclass
class Snapshot:
    """The term files of one state of the project, parsed."""

    label: str
    files: dict[str, LoadedConcept]
    """By concept id (the file stem)."""
    texts: dict[str, str]
    memory: bytes | None = None


def _cat_files(repo: Path, commit: str, paths: list[str]) -> dict[str, bytes]:
    if not paths:
        return {}
    out = _git(repo, "cat-file", "--batch", stdin="".join(f"{commit}:{p}\n" for p in paths).encode("utf-8"))
    blobs: dict[str, bytes] = {}
    pos = 0
    for path in paths:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        blobs[path] = out[pos : pos + size]
        pos += size + 1
    return blobs


def _decode(data: bytes, where: str) -> tuple[str | None, Problem | None]:
    if b"\0" in data:
        return None, Problem(where, None, "binary file, not UTF-8 text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, Problem(where, line, f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")


def _snapshot(label: str, blobs: dict[str, bytes], memory: bytes | None) -> Snapshot:
    files, texts = {}, {}
    for where, data in sorted(blobs.items()):
        stem = Path(where).stem
        text, problem = _decode(data, where)
        if problem is not None:
            files[stem] = LoadedConcept(None, where, {}, [problem])
            texts[stem] = data.decode("latin-1")
            continue
        assert text is not None
        files[stem] = read_concept_text(text, where, stem)
        texts[stem] = text
    return Snapshot(label, files, texts, memory)


def read_revision(project: Project, rev: str | None) -> Snapshot:
    """The term files (and memory) of *rev*, or of the working tree when *rev* is ``None``."""
    terms_rel = project.relpath(project.terms_dir)
    memory_rel = project.relpath(project.memory_path)
    if rev is None:
        blobs = {}
        folder = project.terms_dir
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            blobs[f"{terms_rel}/{path.name}"] = path.read_bytes()
        memory = project.memory_path.read_bytes() if project.memory_path.is_file() else None
        return _snapshot("working tree", blobs, memory)
    top = git_toplevel(project.root)
    commit = resolve_revision(top, rev)
    prefix = project.root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    listing = _git(top, "ls-tree", "-z", "--name-only", commit, "--", f"{prefix}{terms_rel}/").decode("utf-8")
    names = [n for n in listing.split("\0") if n.endswith(".yaml") and "/" not in n[len(prefix + terms_rel) + 1 :]]
    blobs = _cat_files(top, commit, [*names, prefix + memory_rel])
    memory = blobs.pop(prefix + memory_rel, None)
    return _snapshot(rev, {n[len(prefix) :]: data for n, data in blobs.items()}, memory)


# ---------------------------------------------------------------- what changed


@dataclass(frozen=True)
class TermChange:
    lang: str
    term: str
    change: str
    """``added``, ``removed``, ``status``, ``pos``, ``type`` or ``note``."""
    old: str | None = None
    new: str | None = None


@dataclass
class ConceptChange:
    id: str
    path: str
    kind: str
    """``added``, ``removed`` or ``changed``."""
    terms: list[TermChange] = field(default_factory=list)
    fields: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    """Concept-level values that changed: (name, old, new)."""
    concept: Concept | None = None


def _term_changes(lang: str, old: list[Term], new: list[Term]) -> list[TermChange]:
    before = {normalize_form(t.term): t for t in old}
    after = {normalize_form(t.term): t for t in new}
    changes = []
    for form, t in after.items():
        if form not in before:
            changes.append(TermChange(lang, t.term, "added", None, t.status))
            continue
        o = before[form]
        for name in ("status", "pos", "type", "note"):
            if getattr(o, name) != getattr(t, name):
                changes.append(TermChange(lang, t.term, name, getattr(o, name), getattr(t, name)))
        if o.term != t.term:
            changes.append(TermChange(lang, t.term, "spelling", o.term, t.term))
    changes += [TermChange(lang, t.term, "removed", t.status, None) for form, t in before.items() if form not in after]
    return changes


def _sources_text(c: Concept) -> str:
    return "; ".join(s.doc or s.ref or "" for s in c.sources) or None  # type: ignore[return-value]


_FIELDS = ("subject", "definition_es", "definition_en", "note", "created", "modified")


def diff(base: Snapshot, head: Snapshot) -> list[ConceptChange]:
    """Concepts added, removed and changed from *base* to *head*, by id."""
    changes = []
    for cid in sorted(set(base.files) | set(head.files)):
        old, new = base.files.get(cid), head.files.get(cid)
        if old is None:
            assert new is not None
            changes.append(ConceptChange(cid, new.path, "added", concept=new.concept))
            continue
        if new is None:
            changes.append(ConceptChange(cid, old.path, "removed", concept=old.concept))
            continue
        if base.texts[cid] == head.texts[cid]:
            continue
        change = ConceptChange(cid, new.path, "changed", concept=new.concept)
        if old.concept is not None and new.concept is not None:
            a, b = canonical(old.concept), canonical(new.concept)
            for lang in LANGS:
                change.terms += _term_changes(lang, a.terms(lang), b.terms(lang))
            for name in _FIELDS:
                if getattr(a, name) != getattr(b, name):
                    change.fields.append((name, getattr(a, name), getattr(b, name)))
            if a.sources != b.sources:
                change.fields.append(("sources", _sources_text(a), _sources_text(b)))
        changes.append(change)
    return changes


# ---------------------------------------------------------------- what is wrong


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", normalize_form(text))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _line(loaded: LoadedConcept, *path) -> int | None:
    return loaded.lines.get(tuple(path))


def _term_line(loaded: LoadedConcept, lang: str, form: str) -> int | None:
    assert loaded.concept is not None
    for i, t in enumerate(loaded.concept.terms(lang)):
        if normalize_form(t.term) == form:
            return loaded.lines.get((lang, i))
    return loaded.lines.get((lang,))


def find_problems(
    project: Project, head: Snapshot, touched: Iterable[str], base_memory: bytes | None = None
) -> list[Problem]:
    """Problems in *head* that involve the concepts in *touched* (ids added or changed).

    *base_memory* is the memory before the change; units the change adds to the
    memory are checked against every concept.
    """
    from rapidfuzz import fuzz, process

    from .check import check_sources

    touched = [cid for cid in touched if cid in head.files]
    problems: list[Problem] = []
    valid = {cid: lc for cid, lc in head.files.items() if lc.concept is not None}
    # every (lang, form) -> concepts using it with that status
    uses: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for cid, lc in valid.items():
        assert lc.concept is not None
        for lang in LANGS:
            for t in lc.concept.terms(lang):
                uses[(lang, t.status, normalize_form(t.term))].append(cid)
    cache: dict[str, str | None] = {}
    for cid in touched:
        lc = head.files[cid]
        problems += lc.problems
        c = lc.concept
        if c is None:
            continue
        problems += check_sources(project, lc, cache)
        for lang in LANGS:
            if c.preferred(lang) is None:
                problems.append(
                    Problem(lc.path, _line(lc, lang), f"no preferred {lang} term; mark one 'status: preferred'")
                )
            for t in c.terms(lang):
                form = normalize_form(t.term)
                if t.status == "preferred":
                    others = [o for o in uses[(lang, "preferred", form)] if o != cid]
                    if others:
                        problems.append(
                            Problem(
                                lc.path,
                                _term_line(lc, lang, form),
                                f"{lang} term {t.term!r} is preferred in another concept too: {', '.join(others)}",
                            )
                        )
                    for other in uses[(lang, "deprecated", form)]:
                        if other != cid:
                            note = f"{lang} term {t.term!r} is preferred here but deprecated in {other}"
                            problems.append(Problem(lc.path, _term_line(lc, lang, form), note, "warning"))
                elif t.status == "deprecated":
                    for other in uses[(lang, "preferred", form)]:
                        if other != cid:
                            note = f"{lang} term {t.term!r} is deprecated here but still preferred in {other}"
                            problems.append(Problem(lc.path, _term_line(lc, lang, form), note, "warning"))
        if not c.sources and not c.note:
            problems.append(
                Problem(lc.path, None, "no sources: cite a corpus document or a published reference", "warning")
            )
    # near-duplicates: preferred terms that differ only by accents, a typo, an inflection
    for lang in LANGS:
        choices = {}
        for cid, lc in valid.items():
            pref = lc.concept.preferred(lang) if lc.concept else None
            if pref is not None:
                choices[cid] = _fold(pref.term)
        for cid in touched:
            if cid not in choices:
                continue
            mine = choices[cid]
            for _, score, other in process.extract(
                mine, choices, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE_SCORE, limit=None
            ):
                if other == cid or normalize_form(head.files[other].concept.preferred(lang).term) == normalize_form(
                    head.files[cid].concept.preferred(lang).term
                ):
                    continue  # identical preferred terms are reported above
                if re.findall(r"\d+", mine) != re.findall(r"\d+", choices[other]):
                    continue  # "Convención de 1961" and "… de 1963" are two treaties, not a typo
                lc = head.files[cid]
                mine_term = lc.concept.preferred(lang).term
                other_term = head.files[other].concept.preferred(lang).term
                note = (
                    f"near-duplicate of {other}: {lang} preferred {mine_term!r} ~ {other_term!r} ({score:.0f}%); "
                    "merge them or tell them apart"
                )
                problems.append(Problem(lc.path, _line(lc, lang), note, "warning"))
    problems += _memory_problems(project, head, base_memory, touched, valid)
    unique = {(p.path, p.line, p.message, p.severity): p for p in problems}
    return sorted(unique.values(), key=lambda p: (p.severity != "error", p.path, p.line or 0, p.message))


def _memory_pairs(project: Project, data: bytes) -> Iterator[tuple[str, str, str, str]]:
    """``(source, target, folded source, folded target)`` for each unit of a memory file."""
    from .formats import tmx

    for unit in tmx.read(io.BytesIO(data), project.config.es, project.config.en):
        yield unit.source, unit.target, normalize_form(unit.source), normalize_form(unit.target)


def _memory_problems(
    project: Project, head: Snapshot, base_memory: bytes | None, touched: list[str], valid: dict[str, LoadedConcept]
) -> list[Problem]:
    """Preferred Spanish terms the memory renders with something else.

    Concepts the change touches are checked against the whole memory; when the
    change edits the memory, every concept is checked against the units it adds.
    """
    if not head.memory:
        return []
    from .errors import InputError

    memory_name = project.relpath(project.memory_path)
    old_pairs: set[tuple[str, str]] | None = None
    if head.memory != base_memory:
        old_pairs = set()
        if base_memory:
            try:
                old_pairs = {(s, t) for _, _, s, t in _memory_pairs(project, base_memory)}
            except InputError:
                old_pairs = set()  # an unreadable old memory: every unit is new
    checked = set(touched) if old_pairs is None else set(valid)
    by_es: dict[str, list[str]] = defaultdict(list)
    for cid in checked:
        c = valid[cid].concept if cid in valid else None
        pref = c.preferred("es") if c else None
        if pref is not None:
            by_es[normalize_form(pref.term)].append(cid)
    if not by_es:
        return []
    touched_set = set(touched)
    english: dict[str, list[str]] = defaultdict(list)
    for cid, lc in valid.items():
        assert lc.concept is not None
        for t in lc.concept.en:
            if t.status != "deprecated":
                english[normalize_form(t.term)].append(cid)
    problems = []
    seen = set()
    try:
        for source, target_text, folded, target in _memory_pairs(project, head.memory):
            for cid in by_es.get(folded, ()):
                if cid not in touched_set and old_pairs is not None and (folded, target) in old_pairs:
                    continue  # neither the concept nor this unit is new
                problems += _contradiction(valid[cid], cid, source, target_text, target, english, memory_name, seen)
    except InputError as exc:
        return [Problem(memory_name, exc.line, f"cannot read the memory: {exc.message}")]
    return problems


def _contradiction(
    lc: LoadedConcept,
    cid: str,
    source: str,
    target_text: str,
    target: str,
    english: dict[str, list[str]],
    memory_name: str,
    seen: set[tuple[str, str]],
) -> list[Problem]:
    c = lc.concept
    assert c is not None
    if cid in english.get(target, ()) or (cid, target) in seen:
        return []
    seen.add((cid, target))
    pref_en = c.preferred("en")
    others = [o for o in english.get(target, ()) if o != cid]
    if others:
        why = f"which is the English of {', '.join(others)}"
    elif pref_en:
        why = f"not {pref_en.term!r}"
    else:
        why = "and this concept has no such English term"
    line = _term_line(lc, "es", normalize_form(c.preferred("es").term))
    return [Problem(lc.path, line, f"the memory ({memory_name}) renders {source!r} as {target_text!r}, {why}")]


# ---------------------------------------------------------------- the report


@dataclass
class Review:
    base: str
    head: str
    changes: list[ConceptChange]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]


def review(project: Project, base: str, head: str | None = None) -> Review:
    """Compare the termbase at git revision *base* with *head* (``None``: the working tree)."""
    if head is None:
        git_toplevel(project.root)
    old = read_revision(project, base)
    new = read_revision(project, head)
    changes = diff(old, new)
    touched = [c.id for c in changes if c.kind != "removed"]
    return Review(base, head or "working tree", changes, find_problems(project, new, touched, old.memory))


def _md(text: object) -> str:
    """Text safe inside a Markdown table cell or list item (code spans keep it literal)."""
    s = "" if text is None else str(text).replace("\n", " ")
    s = s.replace("|", "\\|")
    return s


def _code(text: object) -> str:
    s = _md(text)
    fence = "``" if "`" in s else "`"
    return f"{fence}{s}{fence}" if s else "—"


def _status(term: Term) -> str:
    return term.status + (f", {term.pos}" if term.pos else "") + (f", {term.type}" if term.type else "")


DETAILED = 40
"""Concepts shown in full per section; GitHub refuses comments over 65 536 characters."""


def _more(changes: list[ConceptChange]) -> list[str]:
    rest = changes[DETAILED:]
    if not rest:
        return []
    return [f"… and {len(rest)} more: " + ", ".join(f"`{c.id}`" for c in rest), ""]


def to_markdown(r: Review) -> str:
    """The review as a pull-request comment."""
    added = [c for c in r.changes if c.kind == "added"]
    removed = [c for c in r.changes if c.kind == "removed"]
    changed = [c for c in r.changes if c.kind == "changed"]
    out = [f"## Glossary review: `{_md(r.base)}` → `{_md(r.head)}`", ""]
    verdict = "❌" if r.errors else ("⚠️" if r.warnings else "✅")
    out.append(
        f"{verdict} **{len(added)} added, {len(changed)} changed, {len(removed)} removed** · "
        f"{len(r.errors)} error{'s' * (len(r.errors) != 1)}, {len(r.warnings)} warning{'s' * (len(r.warnings) != 1)}"
    )
    out.append("")
    if r.problems:
        out += ["### Problems", ""]
        for p in r.problems:
            where = f"{p.path}:{p.line}" if p.line else p.path
            mark = "❌ **error**" if p.severity == "error" else "⚠️ warning"
            out.append(f"- {mark} `{_md(where)}`: {_md(p.message)}")
        out.append("")
    if added:
        out += ["### Added", ""]
        for ch in added[:DETAILED]:
            out.append(
                f"#### `{ch.id}`" + (f" ({_md(ch.concept.subject)})" if ch.concept and ch.concept.subject else "")
            )
            out.append("")
            if ch.concept is None:
                out += ["(the file does not parse; see the problems above)", ""]
                continue
            out += ["| lang | term | status | note |", "|---|---|---|---|"]
            for lang in LANGS:
                for t in ch.concept.terms(lang):
                    out.append(f"| {lang} | {_code(t.term)} | {_status(t)} | {_md(t.note or '')} |")
            out.append("")
    out += _more(added)
    if changed:
        out += ["### Changed", ""]
        for ch in changed[:DETAILED]:
            out += [f"#### `{ch.id}`", ""]
            if ch.concept is None:
                out += ["(the file does not parse; see the problems above)", ""]
                continue
            for tc in ch.terms:
                if tc.change == "added":
                    out.append(f"- {tc.lang} {_code(tc.term)} added ({tc.new})")
                elif tc.change == "removed":
                    out.append(f"- {tc.lang} {_code(tc.term)} removed (was {tc.old})")
                elif tc.change == "status":
                    out.append(f"- {tc.lang} {_code(tc.term)}: **{tc.old} → {tc.new}**")
                else:
                    out.append(f"- {tc.lang} {_code(tc.term)}: {tc.change} {_code(tc.old)} → {_code(tc.new)}")
            for name, old, new in ch.fields:
                out.append(f"- {name.replace('_', ' ')}: {_code(old)} → {_code(new)}")
            if not ch.terms and not ch.fields:
                out.append("- formatting only")
            out.append("")
    out += _more(changed)
    if removed:
        out += ["### Removed", ""]
        for ch in removed:
            pref = ch.concept.preferred("es") if ch.concept else None
            en = ch.concept.preferred("en") if ch.concept else None
            label = f": {_code(pref.term if pref else None)} ↔ {_code(en.term if en else None)}" if ch.concept else ""
            out.append(f"- `{ch.id}`{label}")
        out.append("")
    if not r.changes:
        out += ["No term files changed.", ""]
    return "\n".join(out)


def to_json(r: Review) -> str:
    """The review as one JSON object (for scripts and bots)."""

    def change(ch: ConceptChange) -> dict:
        data = {"id": ch.id, "path": ch.path, "kind": ch.kind}
        if ch.kind == "changed":
            data["terms"] = [asdict(t) for t in ch.terms]
            data["fields"] = [{"name": n, "old": o, "new": v} for n, o, v in ch.fields]
        elif ch.concept is not None:
            data["terms"] = [{"lang": lang, **asdict(t)} for lang in LANGS for t in ch.concept.terms(lang)]
        return data

    return json.dumps(
        {
            "base": r.base,
            "head": r.head,
            "added": [change(c) for c in r.changes if c.kind == "added"],
            "changed": [change(c) for c in r.changes if c.kind == "changed"],
            "removed": [change(c) for c in r.changes if c.kind == "removed"],
            "problems": [asdict(p) for p in r.problems],
            "errors": len(r.errors),
            "warnings": len(r.warnings),
        },
        ensure_ascii=False,
        indent=2,
    )
