"""``glossary build`` and ``glossary check``."""

from __future__ import annotations

import click

from . import pass_state


@click.command()
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a committed artifact is stale.")
@pass_state
@click.pass_context
def build(ctx: click.Context, state, check_only: bool) -> None:
    """Build the TBX, TSV and TMX artifacts from glossary/terms/ and tmx/memory.

    \b
    Writes (deterministically: same terms, same bytes):
      glossary/diploterm.tbx        TBX-Basic v3 (ISO 30042:2019, DCA)
      glossary/diploterm.v2.tbx     TBX-Basic v2 (martif) for OmegaT, Translate Toolkit, Weblate
      glossary/diploterm.tsv        OmegaT tab-separated glossary
      tmx/diploterm.<es>_<en>.tmx   TMX 1.4b: term pairs + aligned segments

    \b
    Examples:
      glossary build
      glossary build --check     # in CI: are the committed artifacts up to date?
    """
    from ..build import build as run_build

    project = state.project()
    report = run_build(project, check=check_only)
    paths = project.artifact_paths()
    if check_only:
        for path in report.stale:
            click.echo(f"{project.relpath(path)}: stale; run 'glossary build' and commit the result", err=True)
        if report.stale:
            ctx.exit(1)
        click.echo(f"artifacts up to date ({len(paths)} files)")
        return
    for name, path in paths.items():
        click.echo(f"wrote {project.relpath(path)} ({report.written[name]} entries)")


@click.command()
@click.option("--warnings/--no-warnings", default=True, help="Also print warnings (they never fail the check).")
@pass_state
@click.pass_context
def check(ctx: click.Context, state, warnings: bool) -> None:
    """Lint the termbase: one line per problem, as file:line: what is wrong.

    Checks YAML syntax and schema, ids, statuses, a preferred term per language,
    terms preferred in two concepts, and that every source cites a corpus file
    whose text at the given offsets is the term. Exit 1 on errors.
    """
    from ..check import check_project
    from ..termbase import term_files

    project = state.project()
    problems = check_project(project)
    for problem in problems:
        if problem.severity == "error" or warnings:
            click.echo(str(problem))
    errors = sum(p.severity == "error" for p in problems)
    count = len(term_files(project))
    click.echo(f"{count} concept files, {errors} error(s), {len(problems) - errors} warning(s)", err=True)
    if errors:
        ctx.exit(1)
