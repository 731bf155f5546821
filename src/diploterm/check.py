"""``glossary check``: lint the termbase, every problem as ``file:line: what``."""

from __future__ import annotations

from collections import defaultdict

from .model import LANGS
from .project import Project
from .termbase import LoadedConcept, Problem, normalize_form, read_concepts


def doc_text(project: Project, doc: str, cache: dict[str, str | None]) -> str | None:
    """The UTF-8 text of corpus file *doc* (relative to the root), or None if it is not one; cached."""
    if doc not in cache:
        path = (project.root / doc).resolve()
        inside = path.is_relative_to(project.root.resolve())
        try:
            cache[doc] = path.read_text(encoding="utf-8") if inside and path.is_file() else None
        except (OSError, UnicodeDecodeError):
            cache[doc] = None
    return cache[doc]


def check_sources(project: Project, loaded: LoadedConcept, cache: dict[str, str | None]) -> list[Problem]:
    """Problems with *loaded*'s source citations: missing corpus files, spans that are not its terms."""
    problems = []
    concept = loaded.concept
    assert concept is not None
    for i, src in enumerate(concept.sources):
        line = loaded.lines.get(("sources", i))
        if src.doc is None:
            continue
        text = doc_text(project, src.doc, cache)
        if text is None:
            problems.append(
                Problem(
                    loaded.path,
                    line,
                    f"source {src.doc!r} is not a UTF-8 file of the corpus (path is relative to the project root)",
                )
            )
            continue
        for lang, span in (("es", src.es_span), ("en", src.en_span)):
            if span is None:
                continue
            if span[1] > len(text):
                problems.append(
                    Problem(
                        loaded.path,
                        line,
                        f"{lang}_span {list(span)} is past the end of {src.doc} ({len(text)} characters)",
                    )
                )
                continue
            found = normalize_form(text[span[0] : span[1]])
            forms = {normalize_form(t.term) for t in concept.terms(lang)}
            if found not in forms:
                problems.append(
                    Problem(
                        loaded.path,
                        line,
                        f"{lang}_span {list(span)} of {src.doc} reads {text[span[0] : span[1]]!r}, "
                        f"which is none of the concept's {lang} terms",
                    )
                )
    return problems


def check_project(project: Project) -> list[Problem]:
    """Every problem in the termbase, in file order; errors and warnings."""
    return check_loaded(project, list(read_concepts(project)))


def check_loaded(project: Project, loaded_all: list[LoadedConcept]) -> list[Problem]:
    """:func:`check_project` of term files already read (so a build parses them once)."""
    problems: list[Problem] = []
    ids: dict[str, str] = {}
    preferred: dict[tuple[str, str], list[tuple[str, int | None]]] = defaultdict(list)
    cache: dict[str, str | None] = {}
    subjects = set(project.config.subjects)
    for loaded in loaded_all:
        problems.extend(loaded.problems)
        concept = loaded.concept
        if concept is None:
            continue
        if concept.id in ids:
            problems.append(
                Problem(
                    loaded.path, loaded.lines.get(("id",)), f"duplicate id {concept.id!r} (also in {ids[concept.id]})"
                )
            )
        ids.setdefault(concept.id, loaded.path)
        if subjects and concept.subject is not None and concept.subject not in subjects:
            problems.append(
                Problem(
                    loaded.path,
                    loaded.lines.get(("subject",)),
                    f"subject {concept.subject!r} is not in glossary/config.yaml subjects: "
                    + ", ".join(sorted(subjects)),
                )
            )
        for lang in LANGS:
            terms = concept.terms(lang)
            if not concept.exported_terms(lang):
                problems.append(
                    Problem(
                        loaded.path,
                        loaded.lines.get((lang,)),
                        f"no {lang} term to export: the concept is left out of the TBX, TSV and TMX",
                        "warning",
                    )
                )
            if terms and concept.preferred(lang) is None:
                problems.append(
                    Problem(
                        loaded.path,
                        loaded.lines.get((lang,)),
                        f"no preferred {lang} term; mark one 'status: preferred'",
                    )
                )
            preferred_here = [t.term for t in terms if t.status == "preferred"]
            if len(preferred_here) > 1:
                problems.append(
                    Problem(
                        loaded.path,
                        loaded.lines.get((lang,)),
                        f"{len(preferred_here)} preferred {lang} terms ({', '.join(preferred_here)}); "
                        "CAT tools take the first as the rendering: make the others admitted",
                        "warning",
                    )
                )
            seen: set[str] = set()
            for i, term in enumerate(terms):
                form = normalize_form(term.term)
                if form in seen:
                    problems.append(
                        Problem(loaded.path, loaded.lines.get((lang, i)), f"{lang} term {term.term!r} is listed twice")
                    )
                seen.add(form)
                if term.status == "preferred":
                    preferred[(lang, form)].append((loaded.path, loaded.lines.get((lang, i))))
        problems.extend(check_sources(project, loaded, cache))
        if not concept.sources and not concept.note:
            problems.append(
                Problem(loaded.path, None, "no sources: cite a corpus document or a published reference", "warning")
            )
    for (lang, form), places in sorted(preferred.items()):
        if len(places) > 1:
            for path, line in places:
                others = ", ".join(p for p, _ in places if p != path)
                problems.append(
                    Problem(path, line, f"{lang} term {form!r} is preferred in another concept too ({others})")
                )
    return sorted(problems, key=lambda p: (p.path, p.line or 0))


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


__all__ = ["check_loaded", "check_project", "check_sources", "doc_text", "has_errors"]
