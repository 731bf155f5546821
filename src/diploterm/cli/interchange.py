"""``glossary import`` and ``glossary export``: parse options, call diploterm.interchange, print."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import pass_state

FORMAT_HELP = "tbx (TBX-Basic v3), tbx2 (TBX v2 martif), tmx (the memory), po, tsv or csv."


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tbx", "tbx2", "tmx", "po", "tsv", "csv"]),
    help="Format of FILE (default: from its extension and first bytes). " + FORMAT_HELP,
)
@click.option("--dry-run", is_flag=True, help="Read, merge and report, but write nothing.")
@pass_state
def import_(state, file: Path, fmt: str | None, dry_run: bool) -> None:
    """Merge a glossary or memory FILE (- for standard input) into the project.

    TBX, PO, TSV and CSV files go into glossary/terms/ (one YAML file per concept);
    TMX files go into the memory. Concepts are matched by id, then by preferred
    Spanish term. Nothing in the termbase is lost: where FILE disagrees, the
    termbase keeps its value, a different preferred term joins as 'admitted',
    and a 'conflict:' line says so. A file with any error changes nothing.

    \b
    TSV/CSV layouts: the header written by `glossary export`; a header naming
    some of id,es,en,status,note (es and en required; status and note belong to
    the English term); or no header with 2-3 columns (OmegaT: source, target,
    comment). CSV may be comma- or semicolon-separated.

    \b
    Examples:
      glossary import colleague.tbx
      glossary import omegat/glossary.txt --format tsv
      glossary import sheet.csv --dry-run
      glossary import aligned.tmx
      glossary export --format po -o - | glossary --root ../other import - --format po
    """
    from ..interchange import import_file, import_glossary

    if str(file) == "-":
        if fmt is None or fmt == "tmx":
            raise click.UsageError("reading standard input needs --format tbx, tbx2, po, tsv or csv (TMX: give a file)")
        report = import_glossary(state.project(), sys.stdin.buffer, "<stdin>", fmt, dry_run=dry_run)
    else:
        report = import_file(state.project(), file, fmt, dry_run=dry_run)
    for conflict in report.conflicts:
        click.echo(str(conflict))
    prefix = "(dry run) " if dry_run else ""
    if report.format == "tmx":
        click.echo(f"{prefix}{file}: {report.read} translation units read{_memory_summary(report.memory)}")
        return
    click.echo(
        f"{prefix}{file}: {report.read} concepts read; {len(report.added)} added, {len(report.updated)} updated, "
        f"{report.unchanged} unchanged; {len(report.conflicts)} conflicts"
    )


def _memory_summary(memory) -> str:
    if memory is None:
        return ""
    added, total = getattr(memory, "added", None), getattr(memory, "total", None)
    conflicts = getattr(memory, "conflict_count", 0)
    for conflict in getattr(memory, "conflicts", ()):
        click.echo(f"conflict: memory: {conflict.source!r} has targets {', '.join(map(repr, conflict.targets))}")
    return f"; {added} added to the memory, now {total} units; {conflicts} sources with several targets"


@click.command("export")
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["tbx", "tbx2", "tmx", "po", "tsv", "csv"]),
    help="Output format: " + FORMAT_HELP,
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="File to write (replaced atomically; missing folders are created), or - for standard output.",
)
@pass_state
def export(state, fmt: str, output: Path) -> None:
    """Write the whole termbase (or, with --format tmx, the memory) in another format.

    Every format round-trips: exporting, importing into an empty project and
    exporting again gives the same bytes. PO, TSV and CSV carry every field
    (what PO has no field for travels in '#.' comments, as JSON). TBX, like
    `glossary build`, leaves out proposed terms and concepts that lack a
    Spanish or an English term, keeps dates to the day, and has no context
    sentences (they come from the corpus); use `glossary build` for the
    artifacts CAT tools load.

    \b
    Examples:
      glossary export --format tbx2 -o omegat/glossary/diploterm.tbx
      glossary export --format po -o - | msgfmt --statistics -
      glossary export --format csv -o glossary.csv
    """
    from ..fsutil import atomic_open
    from ..interchange import export as run_export

    project = state.project()
    if str(output) == "-":
        run_export(project, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    with atomic_open(output, "wb") as f:
        count = run_export(project, fmt, f)
    click.echo(f"wrote {count} {'units' if fmt == 'tmx' else 'concepts'} to {output}", err=True)
