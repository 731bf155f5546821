"""How lookup hits are shown: plain text for pipes, a rich table for terminals.

No click here: the ``glossary lookup`` fast path (:mod:`diploterm.fastpath`)
prints through these functions without importing the command-line framework.
"""

from __future__ import annotations

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


def examples_text(hits) -> str:
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
