"""``glossary extract``, ``accept`` and ``reject``: parse, call the library, print."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..align import DEFAULT_MIN_CONFIDENCE
from ..errors import DiplotermError, ProjectError
from ..model import Candidate
from . import State, pass_state

FORMATS = ("table", "jsonl", "tsv")
TSV_COLUMNS = ("es", "en", "doc", "es_start", "es_end", "en_start", "en_end", "pattern", "confidence", "evidence")
PROGRESS_MIN_FILES = 20


def _project_or_none(state: State):
    try:
        return state.project()
    except ProjectError:
        return None


def _candidates(state: State, paths: tuple[Path, ...], min_confidence: float) -> list[Candidate]:
    from ..accept import load_rejected
    from ..align import extract as run_extract
    from ..align import pair_key
    from ..corpus import article_paths, read_article
    from ..lexicon import default_lexicon, project_lexicon
    from ..termbase import load_termbase

    project = _project_or_none(state)
    root = project.root if project else Path.cwd()
    lex = project_lexicon(load_termbase(project)) if project else default_lexicon()
    rejected = {pair_key(es, en) for es, en in load_rejected(project)} if project else set()
    files = article_paths(paths)
    articles = (read_article(p, root) for p in files)
    if sys.stderr.isatty() and len(files) >= PROGRESS_MIN_FILES:
        from rich.progress import Progress

        with Progress(console=_stderr_console(), transient=True) as progress:
            task = progress.add_task("Aligning articles", total=len(files))
            return run_extract(
                articles,
                lex,
                min_confidence=min_confidence,
                rejected=rejected,
                progress=lambda _a: progress.advance(task),
            )
    return run_extract(articles, lex, min_confidence=min_confidence, rejected=rejected)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def _print(cands: list[Candidate], fmt: str) -> None:
    from ..accept import candidate_record

    if fmt == "jsonl":
        for c in cands:
            click.echo(json.dumps(candidate_record(c), ensure_ascii=False))
    elif fmt == "tsv":
        click.echo("\t".join(TSV_COLUMNS))
        for c in cands:
            en = c.en_span or ("", "")
            row = (c.es, c.en, c.doc, *c.es_span, *en, c.pattern, f"{c.confidence:.3f}", "; ".join(c.evidence))
            click.echo("\t".join(_clean(v) for v in row))
    elif sys.stdout.isatty():
        _rich_table(cands)
    else:
        _plain_table(cands)


def _where(c: Candidate) -> str:
    en = f" en {c.en_span[0]}-{c.en_span[1]}" if c.en_span else ""
    return f"{c.doc} es {c.es_span[0]}-{c.es_span[1]}{en}"


def _plain_table(cands: list[Candidate]) -> None:
    if not cands:
        click.echo("no candidates", err=True)
        return
    es_w = min(48, max(len("SPANISH"), *(len(_clean(c.es)) for c in cands)))
    en_w = min(48, max(len("ENGLISH"), *(len(_clean(c.en)) for c in cands)))
    pat_w = max(len("PATTERN"), *(len(c.pattern) for c in cands))
    click.echo(f"{'CONF':<5} {'PATTERN':<{pat_w}} {'SPANISH':<{es_w}} {'ENGLISH':<{en_w}} WHERE")
    for c in cands:
        es, en = _clean(c.es), _clean(c.en)
        es = es if len(es) <= es_w else es[: es_w - 1] + "…"
        en = en if len(en) <= en_w else en[: en_w - 1] + "…"
        click.echo(f"{c.confidence:<5.2f} {c.pattern:<{pat_w}} {es:<{es_w}} {en:<{en_w}} {_where(c)}")
        if c.evidence:
            click.echo(f"{'':5} evidence: {'; '.join(c.evidence)}")


def _rich_table(cands: list[Candidate]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, title=f"{len(cands)} candidate pairs")
    for name in ("conf", "pattern", "Spanish", "English", "where", "evidence"):
        table.add_column(name, overflow="fold")
    for c in cands:
        table.add_row(f"{c.confidence:.2f}", c.pattern, c.es, c.en, _where(c), "\n".join(c.evidence))
    Console().print(table)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--parallel",
    nargs=2,
    type=click.Path(path_type=Path),
    metavar="ES EN",
    help="Mine term pairs from a Spanish document and its English translation instead.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="table for people, jsonl or tsv for scripts.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=DEFAULT_MIN_CONFIDENCE,
    show_default=True,
    help="Print only pairs at or above this confidence (0 prints every pair considered).",
)
@pass_state
def extract(
    state: State, paths: tuple[Path, ...], parallel: tuple[Path, Path] | None, fmt: str, min_confidence: float
) -> None:
    """Find Spanish phrases quoted in English articles and the English that renders them.

    PATH is an article (.txt, .md, .html; markup is stripped) or a folder of them. Each
    pair comes with its pattern, confidence, character spans into the file, and evidence.
    Pairs recorded with `glossary reject` are never printed.

    \b
    Examples:
      glossary extract seeds/
      glossary extract seeds/001_2ebf3ef7288b0ebb.txt --format jsonl
      glossary extract seeds/ --format jsonl | glossary accept -
      glossary extract --parallel doc.es.txt doc.en.txt
    """
    if parallel:
        if paths:
            raise click.UsageError("give either PATH... or --parallel ES EN, not both")
        try:
            from ..mining import extract_parallel
        except ModuleNotFoundError as exc:
            if exc.name != "diploterm.mining":
                raise
            raise DiplotermError(
                "parallel extraction (--parallel) is not available: this installation has no diploterm.mining"
            ) from None
        project = state.project()
        cands = [c for c in extract_parallel(project, parallel[0], parallel[1]) if c.confidence >= min_confidence]
        cands.sort(key=lambda c: (c.doc, c.es_span, c.en_span or (-1, -1), c.en))
        _print(cands, fmt)
        return
    if not paths:
        raise click.UsageError("give at least one article or folder (e.g. 'glossary extract seeds/')")
    _print(_candidates(state, paths, min_confidence), fmt)


@click.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help=f"Accept only pairs at or above this (default: {DEFAULT_MIN_CONFIDENCE} for articles; every line for '-').",
)
@click.option(
    "--es", "only_es", multiple=True, metavar="TERM", help="Accept only pairs with this Spanish term (repeatable)."
)
@pass_state
def accept(state: State, sources: tuple[Path, ...], min_confidence: float | None, only_es: tuple[str, ...]) -> None:
    """Write candidate pairs into glossary/terms/ as reviewable concept files.

    SOURCES are articles or folders (extracted as `glossary extract` would), or '-' for
    `glossary extract --format jsonl` lines on standard input. A pair whose Spanish term is
    already in a concept is merged: its source is added and a different English rendering
    becomes an admitted term; the preferred term is never replaced. Pairs of whole
    segments (a translated title, a quoted sentence and its translation) go into the
    memory, tmx/memory.<es>_<en>.tmx, instead. Run `glossary build` afterwards.

    \b
    Examples:
      glossary accept seeds/ --min-confidence 0.8
      glossary accept seeds/ --es "acto inamistoso" --es "ruptura diplomática"
      glossary extract seeds/ --format jsonl | glossary accept -
    """
    from ..accept import accept as run_accept
    from ..accept import read_candidates
    from ..termbase import normalize_form

    project = state.project()
    cands: list[Candidate] = []
    paths = tuple(p for p in sources if str(p) != "-")
    if any(str(p) == "-" for p in sources):
        with click.open_file("-", "r", encoding="utf-8") as stdin:
            lines = read_candidates(stdin, "<stdin>")
        cands.extend(c for c in lines if min_confidence is None or c.confidence >= min_confidence)
    if paths:
        cands.extend(_candidates(state, paths, DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence))
    if only_es:
        wanted = {normalize_form(t) for t in only_es}
        cands = [c for c in cands if normalize_form(c.es) in wanted]
    result = run_accept(project, cands)
    for line in result.warnings:
        click.echo(f"warning: {line}", err=True)
    for cid in result.created:
        click.echo(f"created glossary/terms/{cid}.yaml")
    for cid in result.updated:
        click.echo(f"updated glossary/terms/{cid}.yaml")
    if result.segments_added:
        click.echo(f"added {result.segments_added} segment pair(s) to {project.relpath(project.memory_path)}")
    click.echo(
        f"{len(cands)} pairs: {len(result.created)} new, {len(result.updated)} updated, "
        f"{len(result.unchanged)} unchanged concepts; {result.segments_added} new memory segments",
        err=True,
    )


@click.command()
@click.argument("pair", nargs=-1, metavar="[ES EN]")
@click.option(
    "--from",
    "from_file",
    type=click.File("r", encoding="utf-8"),
    help="Reject every pair in this jsonl file ('-' for standard input).",
)
@pass_state
def reject(state: State, pair: tuple[str, ...], from_file) -> None:
    """Record that a pair must never be proposed again (glossary/rejected.tsv).

    \b
    Examples:
      glossary reject "persona non grata" "persona non grata"
      glossary extract seeds/001_2ebf3ef7288b0ebb.txt --format jsonl | grep paraphrase | glossary reject --from -
    """
    from ..accept import read_candidates
    from ..accept import reject as run_reject

    if len(pair) not in (0, 2) or (not pair and from_file is None):
        raise click.UsageError("give ES EN (two arguments) or --from FILE")
    pairs = [tuple(pair)] if pair else []
    if from_file is not None:
        pairs.extend((c.es, c.en) for c in read_candidates(from_file, from_file.name))
    added = run_reject(state.project(), pairs)  # type: ignore[arg-type]
    click.echo(f"{added} pair(s) added to glossary/rejected.tsv", err=True)
