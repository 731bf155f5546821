"""``glossary add``: write a term pair into glossary/terms/ by hand."""

from __future__ import annotations

from pathlib import Path

import click

from ..model import PARTS_OF_SPEECH, STATUSES, TERM_TYPES
from . import pass_state

_status = click.Choice(STATUSES)


@click.command()
@click.argument("es", required=False, default="")
@click.argument("en", required=False, default="")
@click.option("--id", "concept_id", help="Concept id (slug). Default: found by the Spanish term, or made from it.")
@click.option("--es-status", type=_status, help="Status of the Spanish term.")
@click.option("--en-status", type=_status, help="Status of the English term.")
@click.option("--pos", type=click.Choice(PARTS_OF_SPEECH), help="Part of speech of both terms.")
@click.option("--es-type", type=click.Choice(TERM_TYPES), help="Term type of the Spanish term (acronym, …).")
@click.option("--en-type", type=click.Choice(TERM_TYPES), help="Term type of the English term.")
@click.option("--es-note", help="Note on the Spanish term.")
@click.option("--en-note", help="Note on the English term.")
@click.option("--subject", help="Subject field (one of the subjects in glossary/config.yaml).")
@click.option("--note", help="Note on the concept.")
@click.option(
    "--source",
    "docs",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A corpus file where the terms occur; their first occurrences are cited. Repeatable.",
)
@click.option("--ref", "refs", multiple=True, help="A published reference backing the terms. Repeatable.")
@pass_state
def add(
    state, es, en, concept_id, es_status, en_status, pos, es_type, en_type, es_note, en_note, subject, note, docs, refs
):
    """Add the Spanish term ES and its English rendering EN.

    If a concept already has ES (or --id names one), the terms are merged into
    it: a new rendering becomes an admitted variant unless a status is given;
    nothing is overwritten silently. Otherwise a new concept is created with
    both terms preferred. Give "" to leave one side out.

    \b
    Examples:
      glossary add "acto inamistoso" "unfriendly act" --subject diplomatic-law --source seeds/001_2ebf3ef7288b0ebb.txt
      glossary add "acto inamistoso" "act of enmity" --en-status deprecated --source seeds/003_4bc83566ad94d531.txt
      glossary add "" "safe passage" --id salvoconducto
    """
    from ..edit import NewTerm, add_terms, locate
    from ..model import Source

    project = state.project()
    if not es and not en:
        raise click.UsageError("give a Spanish term, an English term, or both")
    terms = []
    if es:
        terms.append(NewTerm("es", es.strip(), es_status, pos, es_type, es_note))
    if en:
        terms.append(NewTerm("en", en.strip(), en_status, pos, en_type, en_note))
    sources = [locate(project, doc, es or None, en or None) for doc in docs]
    sources += [Source(ref=r) for r in refs]
    result = add_terms(project, terms, concept_id=concept_id, subject=subject, note=note, sources=sources)
    verb = "created" if result.created else ("updated" if result.changed else "unchanged")
    click.echo(f"{verb} {project.relpath(result.path)}")
