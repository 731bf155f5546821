"""``glossary align`` and ``glossary memory``: parallel documents into the translation memory."""

from __future__ import annotations

from pathlib import Path

import click

from . import State, pass_state


def _config_and_terms(state: State) -> tuple[str, str, list[tuple[str, str]]]:
    """Language tags and approved term pairs of the project; defaults outside a project."""
    from ..errors import ProjectError
    from ..project import Config

    try:
        project = state.project()
    except ProjectError:
        if state.root is not None:
            raise
        return Config.es, Config.en, []
    from ..align.sentences import approved_terms
    from ..termbase import load_termbase

    return project.config.es, project.config.en, approved_terms(load_termbase(project))


def _where(path: Path, lines: tuple[int, ...]) -> str:
    if not lines:
        return f"{path}:-"
    return f"{path}:{lines[0]}" if len(lines) == 1 else f"{path}:{lines[0]}-{lines[-1]}"


def _snippet(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@click.command()
@click.argument("es_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("en_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="TMX file to write (replaced atomically), e.g. -o tmx/vienna.tmx.",
)
@click.option("--srclang", help="Language tag of ES_FILE in the TMX (default: the project's, else es-419).")
@click.option("--tgtlang", help="Language tag of EN_FILE in the TMX (default: the project's, else en-US).")
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=0.3,
    show_default=True,
    help="Links below this confidence are reported on stderr and not written, e.g. --min-confidence 0.5.",
)
@click.option(
    "--keep-low",
    is_flag=True,
    help="Write the low-confidence links too (still reported; their x-confidence prop tells a reviewer).",
)
@pass_state
def align(
    state: State,
    es_file: Path,
    en_file: Path,
    out: Path,
    srclang: str | None,
    tgtlang: str | None,
    min_confidence: float,
    keep_low: bool,
) -> None:
    """Align the sentences of a Spanish text and its English version into a TMX file.

    \b
    Paragraphs need not line up. Links are 1-1, 1-2, 2-1 (written, one <tu> each,
    with <prop type="x-confidence">) or 1-0 / 0-1 (a sentence with no counterpart:
    reported on stderr with its line number, never written). Approved terms of the
    project's termbase serve as anchors. Dates come from SOURCE_DATE_EPOCH or else
    the newer input file, so the same inputs give the same bytes.

    \b
    Example:
      glossary align treaty.es.txt treaty.en.txt -o tmx/treaty.tmx --min-confidence 0.4
    """
    from ..align.files import align_files
    from ..project import check_language_tag

    es_tag, en_tag, terms = _config_and_terms(state)
    srclang, tgtlang = srclang or es_tag, tgtlang or en_tag
    for tag, lang, opt in ((srclang, "es", "--srclang"), (tgtlang, "en", "--tgtlang")):
        problem = check_language_tag(tag, lang)
        if problem:
            raise click.BadParameter(problem, param_hint=opt)
    report = align_files(
        es_file,
        en_file,
        out,
        srclang=srclang,
        tgtlang=tgtlang,
        terms=terms,
        min_confidence=min_confidence,
        keep_low=keep_low,
    )
    for pair in report.unpaired:
        if pair.es:
            click.echo(
                f"{_where(es_file, pair.es_lines)}: no English counterpart; not written: {_snippet(pair.es)}", err=True
            )
        else:
            click.echo(
                f"{_where(en_file, pair.en_lines)}: no Spanish counterpart; not written: {_snippet(pair.en)}", err=True
            )
    verb = "written anyway" if keep_low else "not written"
    for pair in report.low:
        click.echo(
            f"{_where(es_file, pair.es_lines)} ~ {_where(en_file, pair.en_lines)}: low confidence "
            f"{pair.confidence:.2f} ({verb}): {_snippet(pair.es, 40)} | {_snippet(pair.en, 40)}",
            err=True,
        )
    click.echo(
        f"{out}: {len(report.written)} units written; {len(report.low)} low-confidence, "
        f"{len(report.unpaired)} unpaired sentences reported"
    )


@click.group()
def memory() -> None:
    """The project's translation memory (tmx/memory.<es>_<en>.tmx)."""


@memory.command("add")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_state
def memory_add(state: State, files: tuple[Path, ...]) -> None:
    """Merge TMX files into the project memory: deduplicated, sorted, streamed.

    \b
    Reads TMX 1.1-1.4b from any tool (UTF-8 or UTF-16, lang= or xml:lang=, odd
    dates), in the project's language pair. The same source with two targets is
    a conflict: both are kept and reported. A file that is not well-formed stops
    the merge with its name and line; the memory is left untouched.

    \b
    Example:
      glossary memory add tmx/treaty.tmx vendor/export.tmx
    """
    from ..memory import add

    report = add(state.project(), list(files))
    for conflict in report.conflicts:
        click.echo(f"conflict: {_snippet(conflict.source)} -> " + " | ".join(conflict.targets), err=True)
    if report.conflict_count > len(report.conflicts):
        click.echo(f"... and {report.conflict_count - len(report.conflicts)} more conflicts", err=True)
    for fc in report.files:
        if fc.units == 0:
            click.echo(f"{fc.path}: no units in the project's language pair", err=True)
    click.echo(
        f"{report.path}: {report.added} added, {report.duplicates} duplicates, "
        f"{report.conflict_count} conflicts, {report.total} units in total"
    )
