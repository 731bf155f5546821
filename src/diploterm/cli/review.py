"""``glossary review``: parse options, call diploterm.review, print, set the exit code."""

from __future__ import annotations

import click

from . import pass_state


@click.command("review")
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="markdown: a pull-request comment; json: one object for scripts.",
)
@pass_state
def review(state, base: str, head: str | None, fmt: str) -> None:
    """Review the term changes from git revision BASE to HEAD (default: the working tree).

    Lists concepts added, removed and changed (term by term, with status
    changes) and the problems the change brings: a term preferred in two
    concepts, a concept with no preferred term in a language, a preferred
    Spanish term the memory renders otherwise (errors); near-duplicate
    concepts, a deprecated term still preferred elsewhere, missing sources
    (warnings). Only concepts the change adds or edits are checked.

    Exit 1 when there are errors, 0 otherwise, 2 if git cannot answer.

    \b
    Examples:
      glossary review main                   # main vs. your uncommitted edits
      glossary review origin/main HEAD > review.md
      glossary review v1.0 v1.1 --format json
    """
    from ..review import review as run_review
    from ..review import to_json, to_markdown

    result = run_review(state.project(), base, head)
    click.echo(to_markdown(result) if fmt == "markdown" else to_json(result))
    if result.errors:
        raise click.exceptions.Exit(1)
