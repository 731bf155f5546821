"""``glossary lookup``: find a term in both languages, however it was typed.

Kept light on purpose: a cold lookup imports click, this module and
:mod:`diploterm.lookup`; rich only when printing to a terminal, json only for
``--json``, lxml only for ``--examples``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

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
            click.echo(_examples_text(hits), nl=False)
    elif hits:
        click.echo(plain_text(hits), nl=False)
    if not hits:
        if not as_json:
            click.echo(f"no match for {query!r}", err=True)
        raise click.exceptions.Exit(1)


def _root(state) -> Path:
    """The project root for a lookup, without reading glossary/config.yaml.

    Lookup needs only the paths under the root; the settings file would cost a
    YAML parser (and babel for region tags) on every call. ``--examples`` opens
    the full project, whose language tags select TMX units.
    """
    from ..errors import ProjectError

    root: Path | None = state.root
    if root is None:
        from ..project import find_root

        return find_root()
    if not (root / "glossary").is_dir():
        raise ProjectError(f"{root} has no 'glossary/' folder; is it a diploterm project?")
    return root.resolve()


# ---------------------------------------------------------------- output

_MARK = {"deprecated": "deprecated, avoid", "proposed": "proposed, not approved"}


def source_text(source) -> str:
    """A one-line citation: the document and spans, or the published reference."""
    if source is None:
        return "-"
    if source.doc is None:
        return source.ref or "-"
    spans = [f"{lang} {span[0]}-{span[1]}" for lang, span in (("es", source.es_span), ("en", source.en_span)) if span]
    where = f"{source.doc} ({', '.join(spans)})" if spans else source.doc
    return f"{where} [{source.pattern}]" if source.pattern else where


def plain_text(hits) -> str:
    """The hits for a pipe or a file: one block per concept, no colours.

    >>> from diploterm.lookup import Hit
    >>> from diploterm.model import Term
    >>> hit = Hit("salvoconducto", "salvoconducto", "es", "exact", 100.0,
    ...           (Term("salvoconducto"),), (Term("safe-conduct"), Term("safe passage", "admitted")))
    >>> print(plain_text([hit]), end="")
    salvoconducto  exact 100  "salvoconducto" (es)
      es  salvoconducto  preferred
      en  safe-conduct   preferred
          safe passage   admitted
      source  -
    """
    blocks = []
    for hit in hits:
        lines = [f'{hit.concept_id}  {hit.kind} {hit.score:g}  "{hit.matched}" ({hit.lang})']
        width = max((len(t.term) for lang in ("es", "en") for t in hit.terms(lang)), default=0)
        for lang in ("es", "en"):
            for i, t in enumerate(hit.terms(lang)):
                label = lang if i == 0 else ""
                lines.append(f"  {label:2}  {t.term:{width}}  {_MARK.get(t.status, t.status)}".rstrip())
        lines.append(f"  source  {source_text(hit.source)}")
        for unit in hit.examples:
            lines.append(f"  example  es: {unit.source}")
            lines.append(f"           en: {unit.target}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def _examples_text(hits) -> str:
    out = []
    for hit in hits:
        for unit in hit.examples:
            out.append(f"{hit.concept_id}\n  es: {unit.source}\n  en: {unit.target}\n")
    return "".join(out)


def rich_table(hits):
    """The hits as a rich table for a terminal: preferred terms bold, deprecated struck out."""
    from rich.table import Table
    from rich.text import Text

    style = {"preferred": "bold", "admitted": "", "deprecated": "red strike", "proposed": "italic dim"}
    table = Table(show_lines=True)
    table.add_column("Concept", style="cyan", no_wrap=True)
    table.add_column("Match")
    table.add_column("Spanish")
    table.add_column("English")
    table.add_column("Source", overflow="fold")
    for hit in hits:
        cells = []
        for lang in ("es", "en"):
            text = Text()
            for i, t in enumerate(hit.terms(lang)):
                if i:
                    text.append("\n")
                text.append(t.term, style=style.get(t.status, ""))
                if t.status != "preferred":
                    text.append(f" ({_MARK.get(t.status, t.status)})", style="dim")
            cells.append(text)
        match = Text(f"{hit.kind} {hit.score:g}\n", style="green" if hit.kind in ("exact", "folded") else "yellow")
        match.append(f"{hit.matched} ({hit.lang})", style="dim")
        table.add_row(hit.concept_id, match, *cells, source_text(hit.source))
    return table
