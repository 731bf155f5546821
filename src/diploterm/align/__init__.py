"""Alignment: Spanish spans of English articles paired with their English renderings
(:mod:`.quotes`, :mod:`.phrases`), and sentences of parallel documents (:mod:`.sentences`,
its search in :mod:`.search`, files to TMX in :mod:`.files`).

:func:`extract` is the library entry point behind ``glossary extract``::

    articles = corpus.load([Path("seeds")], project.root)
    for cand in extract(articles, lexicon.default_lexicon()):
        print(cand.es, "->", cand.en, cand.confidence)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from ..corpus import Article
from ..lexicon import Lexicon, fold
from ..model import Candidate
from .quotes import align_document

DEFAULT_MIN_CONFIDENCE = 0.5
"""What extract stands behind by default; the benchmark (benchmarks/extract/) is run at it."""


def pair_key(es: str, en: str) -> tuple[str, str]:
    """How two pairs are the same pair: folded, spaces collapsed (also the key of rejections)."""
    return " ".join(fold(es).split()), " ".join(fold(en).split())


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    best: dict[tuple[str, str, str], Candidate] = {}
    for c in cands:
        key = (c.doc, *pair_key(c.es, c.en))
        old = best.get(key)
        if old is None or (c.confidence, -c.es_span[0]) > (old.confidence, -old.es_span[0]):
            best[key] = c
    return list(best.values())


def extract(
    articles: Iterable[Article],
    lex: Lexicon,
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    rejected: frozenset[tuple[str, str]] | set[tuple[str, str]] = frozenset(),
    progress: Callable[[Article], None] | None = None,
) -> list[Candidate]:
    """Candidates of every article at or above *min_confidence*, minus *rejected* pairs,
    sorted by document and Spanish span; spans index each file as read from disk."""
    out: list[Candidate] = []
    for art in articles:
        for cand in _dedupe(align_document(art.doc, lex)):
            if cand.confidence < min_confidence or pair_key(cand.es, cand.en) in rejected:
                continue
            if art.offsets is not None:
                cand = replace(
                    cand,
                    es_span=art.raw_span(cand.es_span),
                    en_span=art.raw_span(cand.en_span) if cand.en_span else None,
                )
            out.append(cand)
        if progress is not None:
            progress(art)
    return sorted(out, key=lambda c: (c.doc, c.es_span, c.en_span or (-1, -1), c.en))


__all__ = ["DEFAULT_MIN_CONFIDENCE", "extract", "pair_key"]
