"""English quotations that echo part of a Spanish text elsewhere in the article.

An article that pastes a Spanish tweet or statement often paraphrases it in English
between quote marks further on: Caracas says it «does not recognize the jurisdiction» of
the court. The English quotation fixes the extent of the pair, so this pass goes from
English to Spanish: for each short English quotation, the stretch of the Spanish text
whose words render it best, both ways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import Lexicon, fold, tokens
from ..model import Document, Segment
from ..segment import quoted_spans

MAX_EN_WORDS = 12
MIN_SCORE = 0.75
"""Word coverage both ways (an F-measure) an echo needs; a lower one is a topic, not a rendering."""

NEGATIONS_ES = frozenset({"no", "ni", "nunca", "jamas", "ningun", "ninguna", "ninguno", "nadie", "nada", "sin"})
NEGATIONS_EN = frozenset({"no", "not", "never", "nobody", "none", "nothing", "neither", "nor", "without"})
EN_LEADING_PREPOSITIONS = frozenset({"for", "to", "of", "in", "on", "at", "by", "with", "from", "as"})


@dataclass(frozen=True)
class Echo:
    """A Spanish stretch (character span) and the English quotation that renders it."""

    es_span: tuple[int, int]
    en_span: tuple[int, int]
    score: float
    links: tuple[tuple[str, str, str], ...]
    """(Spanish word, English word, link kind) behind the score."""


def echoes(doc: Document, spanish: list[Segment], lex: Lexicon) -> list[Echo]:
    """The best Spanish stretch for each short English quotation of *doc*, when it is good enough."""
    runs = [s for s in spanish if s.kind in ("quote", "run")]
    out = []
    for quote in quoted_spans(doc):
        # An English quotation simplemma cannot place (None) may still echo the post; a Spanish one cannot.
        if quote.lang in ("es", "pt") or any(s.start <= quote.start and quote.end <= s.end for s in spanish):
            continue
        en = [(quote.start + s, quote.start + e, w) for s, e, w in tokens(quote.text)]
        # A leading preposition is the sentence's, not the paraphrase's ('recalled «for consultations»'),
        # unless the Spanish has it too ('con pleno respeto' ~ «with full respect»).
        lead = en[0] if en and fold(en[0][2]) in EN_LEADING_PREPOSITIONS else None
        if lead:
            en = en[1:]
        if not 2 <= len(en) <= MAX_EN_WORDS:
            continue  # a one-word English quotation is the writer's emphasis more often than a rendering
        best = None
        for run in runs:
            found = _best_stretch(run, en, lex)
            if found and (best is None or found.score > best.score):
                best = found
        if best is None or best.score < MIN_SCORE:
            continue
        es_span, en_start = best.es_span, en[0][0]
        # The word before the stretch, over an article ('sobre la base' ~ «on the basis»).
        before = re.search(
            r"(\w+)[ \t]+(?:(?:el|la|los|las|un|una)[ \t]+)?$", doc.text[max(0, es_span[0] - 24) : es_span[0]]
        )
        if lead and before and lex.word_link(before.group(1), lead[2]):
            es_span, en_start = (es_span[0] - len(before.group()), es_span[1]), lead[0]
        elif lead and _opens_rendering(doc.text[es_span[0] : es_span[1]], lead[2], lex):
            en_start = lead[0]  # 'conforme al Acuerdo' ~ «in accordance with the Agreement»
        out.append(Echo(es_span, (en_start, en[-1][1]), best.score, best.links))
    return out


def _opens_rendering(spanish: str, word: str, lex: Lexicon) -> bool:
    """Whether the lexicon renders the first words of *spanish* by a phrase opening with *word*."""
    words = [fold(w) for _, _, w in tokens(spanish)]
    return any(seq[:1] == (fold(word),) for n in (1, 2, 3) for seq in lex.phrases.get(tuple(words[:n]), ()))


Word = tuple[int, int, str]
"""A token: start and end offsets in the document, and its text."""


@dataclass(frozen=True)
class _Grid:
    """The words of a Spanish run against those of one English quotation, and their links."""

    es: list[Word]
    en: list[Word]
    link: list[list[str | None]]
    """link[i][j]: how Spanish word i renders English word j (None: it does not)."""
    en_content: list[int]
    lex: Lexicon

    def renders(self, i: int) -> bool:
        return any(self.link[i][j] for j in self.en_content)

    def matching(self, first: int, last: int) -> dict[int, int]:
        """Spanish word -> the English word it renders, one to one, in reading order: 'argentinos'
        renders 'Argentines' or 'Argentina', not both. Content words are matched first; a word may
        then take an English grammar word ('ningún' ~ 'no'), and a Spanish grammar word an English
        content word ('sin' ~ 'without')."""
        taken: dict[int, int] = {}
        claimed: set[int] = set()
        content = [i for i in range(first, last + 1) if not self.lex.is_function_es(self.es[i][2])]
        grammar = [i for i in range(first, last + 1) if i not in content]
        en_grammar = [j for j in range(len(self.en)) if j not in self.en_content]
        for spanish, english in ((content, self.en_content), (content, en_grammar), (grammar, self.en_content)):
            for i in spanish:
                j = next((j for j in english if i not in taken and j not in claimed and self.link[i][j]), None)
                if j is not None:
                    taken[i] = j
                    claimed.add(j)
        return taken

    def unrendered_en(self, first: int, last: int) -> int:
        rendered = set(self.matching(first, last).values())
        return sum(1 for j in self.en_content if j not in rendered)


def _best_stretch(run: Segment, en: list[Word], lex: Lexicon) -> Echo | None:
    es = [(run.start + s, run.start + e, w) for s, e, w in tokens(run.text)]
    en_content = [i for i, (_, _, w) in enumerate(en) if not lex.is_function_en(w)]
    if not en_content:
        return None
    link = [[lex.word_link(w_es, w_en) for _, _, w_en in en] for _, _, w_es in es]
    grid = _Grid(es, en, link, en_content, lex)
    anchors = [i for i in range(len(es)) if grid.renders(i)]
    english_negation = any(fold(w) in NEGATIONS_EN for _, _, w in en)
    best = None
    max_len = 2 * len(en) + 3
    for a_pos, first in enumerate(anchors):
        # A negation before the first rendered word belongs to the stretch ('no reconoce') when the
        # English negates too ('ninguna guerra' is 'any war' after 'would not feed').
        negated = first > 0 and fold(es[first - 1][2]) in NEGATIONS_ES and english_negation
        start = first - 1 if negated else first
        for last in anchors[a_pos:]:
            if last - start + 1 > max_len:
                break
            lo, hi = _fit_length(grid, start, last)
            score, links = _score(grid, lo, hi)
            if best is None or score > best.score:
                best = Echo((es[lo][0], es[hi][1]), (0, 0), score, links)
    return best


def _fit_length(grid: _Grid, first: int, last: int) -> tuple[int, int]:
    """English words no Spanish word renders take as many adjacent unlinked Spanish content
    words ('libre determinación' ~ 'self-determination'), through grammar words ('para atenderse'
    ~ 'for treatment', 'restablecimiento de relaciones' ~ 'restoring relations'), on the side
    where the English leaves them unrendered."""
    missing = grid.unrendered_en(first, last)
    rendered = sorted(set(grid.matching(first, last).values()))
    left_first = bool(rendered) and any(j < rendered[0] for j in grid.en_content)
    # Inside a name ('Comisión Binacional de Vecindad') capitalized words are free too.
    in_name = grid.es[first][2][:1].isupper() and grid.es[last][2][:1].isupper()

    def free(i: int) -> bool:
        word = grid.es[i][2] if 0 <= i < len(grid.es) else ""
        return (
            bool(word)
            and (word[0].islower() or in_name)
            and not grid.lex.is_function_es(word)
            and not any(grid.link[i])
        )

    def widen_left() -> bool:
        nonlocal first
        skip = _grammar_run(grid, first - 1, step=-1)
        if free(first - 1 - skip):
            first -= 1 + skip
            return True
        return False

    def widen_right() -> bool:
        nonlocal last
        skip = _grammar_run(grid, last + 1)
        if free(last + 1 + skip):
            last += 1 + skip
            return True
        return False

    while missing > 0:
        if not (widen_left() or widen_right()) if left_first else not (widen_right() or widen_left()):
            break
        missing -= 1
    return first, last


def _grammar_run(grid: _Grid, i: int, most: int = 3, step: int = 1) -> int:
    """How many Spanish grammar words (up to *most*) run from word *i* on, forward or back."""
    n = 0
    while n < most and 0 <= i + step * n < len(grid.es) and grid.lex.is_function_es(grid.es[i + step * n][2]):
        n += 1
    return n


def _score(grid: _Grid, first: int, last: int) -> tuple[float, tuple[tuple[str, str, str], ...]]:
    """Word coverage of the stretch ``first..last`` and the quotation, both ways (an F-measure)."""
    es_content = [i for i in range(first, last + 1) if not grid.lex.is_function_es(grid.es[i][2])]
    if not es_content:
        return 0.0, ()
    match = grid.matching(first, last)
    links = [(grid.es[i][2], grid.en[match[i]][2], grid.link[i][match[i]] or "") for i in es_content if i in match]
    en_linked = sum(1 for j in grid.en_content if j in set(match.values()))
    p, r = len(links) / len(es_content), en_linked / len(grid.en_content)
    return (round(2 * p * r / (p + r), 3) if p + r else 0.0), tuple(links)


__all__ = ["Echo", "echoes"]
