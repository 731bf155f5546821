"""``glossary lookup``: find a term in both languages, however it was typed.

Kept light on purpose: a cold lookup imports click, this module and
:mod:`diploterm.lookup`; rich only when printing to a terminal, json only for
``--json``, lxml only for ``--examples``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..lookup_view import examples_text, plain_text, rich_table
from . import pass_state

EXAMPLES_PER_HIT = 3


@click.command()
@click.argument("term", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of hits (for scripts and editor plugins).")
@click.option(
    "--exact",
    is_flag=True,
    help="Whole terms only: exact or case/accent-folded matches; no lemmas, substrings or typos.",
)
@click.option("--lang", type=click.Choice(["es", "en"]), help="Match terms of this language only (default: both).")
@click.option(
    "--limit",
    "-n",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Show at most N concepts.",
)
@click.option(
    "--examples",
    is_flag=True,
    help=f"Add up to {EXAMPLES_PER_HIT} sentence pairs per concept from the translation memory (tmx/).",
)
@click.option(
    "--refresh",
    is_flag=True,
    help="Check every term file for changes first (for files edited in place in a very large termbase).",
)
@pass_state
def lookup(state, term, as_json, exact, lang, limit, examples, refresh):
    """Look TERM up in the glossary, Spanish and English, best matches first.

    TERM may be typed in either language, in any case, with or without
    accents, inflected (plural, verb forms) or with a typo; a word also finds
    the longer terms that contain it. Each hit shows every term of the concept
    with its status (preferred first, deprecated marked), how it matched
    (exact, folded, lemma, substring, fuzzy) with a 0-100 score, and its first
    source.

    The index is built on first use into .cache/diploterm/ and rebuilt when a
    term file changes. Exit status: 0 with hits, 1 with none, 2 on bad usage.

    \b
    Examples:
      glossary lookup salvoconducto
      glossary lookup actos inamistosos
      glossary lookup "unfriendly acts" --lang en
      glossary lookup salvocondcto --json
      glossary lookup asilo --limit 3 --examples
    """
    from ..lookup import add_examples
    from ..lookup import lookup as run_lookup

    query = " ".join(term)
    if not query.strip():
        raise click.UsageError("nothing to look up: give a term, e.g. glossary lookup salvoconducto")
    hits, warnings = run_lookup(_root(state), query, lang=lang, exact=exact, limit=limit, refresh=refresh)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if examples and hits:
        hits = add_examples(state.project(), hits, per_hit=EXAMPLES_PER_HIT)
    if as_json:
        import json

        from ..lookup import hit_to_json

        click.echo(json.dumps([hit_to_json(h, examples) for h in hits], ensure_ascii=False, indent=2))
    elif hits and sys.stdout.isatty():
        from rich.console import Console

        Console().print(rich_table(hits))
        if examples:
            click.echo(examples_text(hits), nl=False)
    elif hits:
        click.echo(plain_text(hits), nl=False)
    if not hits:
        if not as_json:
            click.echo(f"no match for {query!r}", err=True)
        raise click.exceptions.Exit(1)


def _root(state) -> Path:
    # Lookup needs only the paths under the root; reading glossary/config.yaml would
    # cost a YAML parser (and babel) on every call. --examples opens the full project.
    from ..project import resolve_root

    return resolve_root(state.root)
