"""Sentence alignment of a Spanish document with its English version.

The method is hunalign's: dynamic programming over the two sentence lists with
a Gale-Church length cost, guided by lexical anchors that both sentences
share, run twice. The first pass uses what is known before reading the texts
(numbers, enumerators, names, punctuation, cognates, a seed lexicon and the
approved termbase); the second adds a dictionary learned from the first
pass's confident 1-1 links (Dice over co-occurrence), which is how treaty
pairs such as ``acreditante`` / ``sending`` become anchors.

Links may be 1-1, 1-2, 2-1, 1-0 and 0-1. The search stays in a band around
the diagonal that the cumulative text length predicts, so 10 000 sentences
align in seconds.

>>> es = ["Artículo 1", "La misión es inviolable.", "El Estado receptor protegerá la misión."]
>>> en = ["Article 1", "The mission is inviolable.", "The receiving State shall protect the mission."]
>>> [(link.es, link.en) for link in align(es, en)]
[((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from ..errors import DiplotermError
from ..model import Segment, SegmentPair, TranslationUnit
from ..sentences import LineIndex, split_sentences


def _words(text: str) -> list[str]:
    """The whitespace-separated words of *text* (keeps long word lists readable)."""
    return text.split()


# Gale & Church (1993) priors of each link type; the extra types of hunalign
# (1-2, 2-1) share the 2-1 mass.
PRIORS: dict[tuple[int, int], float] = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.0445, (1, 2): 0.0445}
LEN_VARIANCE = 6.8
LEX_WEIGHT = 0.7
"""Nats of cost removed per unit of matched anchor weight (idf-weighted)."""
MISMATCH_PENALTY = 2.0
"""Cost of a number or enumerator on one side that the other side lacks."""
GUIDE_WIDTH = 8
"""Half-width of the second pass's band around the first pass's path."""
SKIP_COST = 2.0
"""Cost of leaving a sentence unpaired, on top of its prior. Gale-Church charge it
by length, which makes a long untranslated sentence cheaper to hide in a 2-1 link
than to report; hunalign's constant is what lets 1-0 links show up."""

_WORD = re.compile(r"\w+", re.UNICODE)
_ENUM = re.compile(r"^\s*\(?([a-z]|\d{1,3}|[ivxl]{1,5})[.)]\s", re.IGNORECASE)
_PUNCT_KEYS = {"?": "p:?", "¿": "p:?", "!": "p:!", "¡": "p:!", "(": "p:(", ";": "p:;", ":": "p::", "%": "p:%"}
_QUOTES = set('"«»“”')

# Function words never used as identity or cognate anchors.
_STOP = frozenset(
    _words(
        """
        para como entre sobre este esta estos estas todo toda todos todas cada sino pero that with this
        from have shall which other such their there these those will been into only also than then them
        they when where what whom upon under
        """
    )
)

# A small seed lexicon of general legal words (es lemma -> en lemmas). The
# learned dictionary of pass 2 and the termbase do the document-specific work.
SEED_LEXICON: dict[str, tuple[str, ...]] = {
    "estado": ("state",),
    "gobierno": ("government",),
    "ley": ("law",),
    "derecho": ("law", "right"),
    "párrafo": ("paragraph",),
    "artículo": ("article",),
    "presente": ("present",),
    "convención": ("convention",),
    "tratado": ("treaty",),
    "acuerdo": ("agreement",),
    "parte": ("party", "part"),
    "miembro": ("member",),
    "persona": ("person",),
    "país": ("country",),
    "día": ("day",),
    "año": ("year",),
    "mes": ("month",),
    "ministerio": ("ministry",),
    "relación": ("relation",),
    "exterior": ("foreign",),
    "embajada": ("embassy",),
    "embajador": ("ambassador",),
    "asilo": ("asylum",),
    "salvoconducto": ("safe-conduct", "conduct"),
    "nacional": ("national",),
    "internacional": ("international",),
    "naciones": ("nations",),
    "unidas": ("united",),
    "unido": ("united",),
    "firmar": ("sign",),
    "firma": ("signature",),
    "deber": ("shall", "must", "duty"),
    "poder": ("may", "power"),
    "no": ("not", "no"),
    "ninguno": ("no", "none"),
    "todo": ("all", "every"),
    "otro": ("other",),
    "caso": ("case",),
    "salvo": ("except",),
    "excepto": ("except",),
    "cuando": ("when",),
    "si": ("if",),
    "territorio": ("territory",),
    "familia": ("family",),
    "servicio": ("service",),
    "función": ("function",),
    "jefe": ("head", "chief"),
    "consentimiento": ("consent",),
    "inmunidad": ("immunity",),
    "privilegio": ("privilege",),
    "jurisdicción": ("jurisdiction",),
    "gozar": ("enjoy",),
    "misión": ("mission",),
    "diplomático": ("diplomatic",),
}

# Spanish suffixes rewritten to their usual English form before cognates are compared.
_SUFFIXES = (
    ("ciones", "tions"),
    ("cion", "tion"),
    ("sion", "sion"),
    ("idades", "ities"),
    ("idad", "ity"),
    ("dad", "ty"),
    ("mente", "ly"),
    ("ismo", "ism"),
    ("ista", "ist"),
    ("ario", "ary"),
    ("aria", "ary"),
    ("ico", "ic"),
    ("ica", "ic"),
    ("oso", "ous"),
    ("osa", "ous"),
    ("ia", "y"),
)


@dataclass(frozen=True)
class Link:
    """One link: indices of Spanish and English sentences (either may be empty)."""

    es: tuple[int, ...]
    en: tuple[int, ...]
    confidence: float


@dataclass(frozen=True)
class Lexicon:
    """Spanish lemma -> English lemmas, plus multiword term pairs from the termbase."""

    words: dict[str, frozenset[str]]
    terms: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = ()
    """(es tokens, en tokens, key) for each approved term pair."""


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lowercase without accents, the form anchors are compared in.

    >>> fold("Misión Diplomática")
    'mision diplomatica'
    """
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    import simplemma

    return fold(simplemma.lemmatize(word.lower(), lang=lang))


def cognate_form(word: str) -> str:
    """*word* (folded Spanish) with its suffix rewritten the English way.

    >>> cognate_form("relacion"), cognate_form("inmunidad")
    ('relation', 'inmunity')
    """
    for es, en in _SUFFIXES:
        if word.endswith(es) and len(word) > len(es) + 2:
            return word[: -len(es)] + en
    return word


def build_lexicon(
    es_words: Iterable[str],
    en_words: Iterable[str],
    extra: dict[str, Iterable[str]] | None = None,
    terms: Sequence[tuple[str, str]] = (),
) -> Lexicon:
    """A lexicon for one document pair: seed + cognates between its vocabularies + *extra* + *terms*."""
    from rapidfuzz import fuzz, process

    words: dict[str, set[str]] = {fold(k): {fold(v) for v in vs} for k, vs in SEED_LEXICON.items()}
    for k, vs in (extra or {}).items():
        words.setdefault(fold(k), set()).update(fold(v) for v in vs)
    es_vocab = sorted({w for w in es_words if len(w) >= 5 and w not in _STOP and not w.isdigit()})
    en_vocab = sorted({w for w in en_words if len(w) >= 5 and w not in _STOP and not w.isdigit()})
    if es_vocab and en_vocab:
        es_forms = [cognate_form(w) for w in es_vocab]
        for word, form in zip(es_vocab, es_forms, strict=True):
            for cand, _score, _k in process.extract(form, en_vocab, scorer=fuzz.ratio, score_cutoff=82, limit=4):
                # The first letters agree in true cognates (mision/mission, nota/note).
                if word[:2] == cand[:2] or form[:3] == cand[:3]:
                    words.setdefault(word, set()).add(cand)
    term_keys = []
    for es_term, en_term in terms:
        es_toks = tuple(fold(t) for t in _WORD.findall(es_term))
        en_toks = tuple(fold(t) for t in _WORD.findall(en_term))
        if es_toks and en_toks:
            term_keys.append((es_toks, en_toks, "t:" + " ".join(es_toks)))
    return Lexicon({k: frozenset(v) for k, v in words.items()}, tuple(term_keys))


@dataclass(frozen=True)
class _Features:
    keys: frozenset[str]
    hard: frozenset[str]
    """Numbers and enumerators: present on one side only, they count against a link."""
    length: int


def _contains(tokens: Sequence[str], phrase: Sequence[str]) -> bool:
    n = len(phrase)
    return any(tuple(tokens[i : i + n]) == tuple(phrase) for i in range(len(tokens) - n + 1))


def _features(text: str, lang: str, lexicon: Lexicon) -> _Features:
    tokens = [fold(t) for t in _WORD.findall(text)]
    keys: set[str] = set()
    hard: set[str] = set()
    m = _ENUM.match(text)
    if m:
        hard.add("e:" + m.group(1).lower())
    for tok in tokens:
        if tok.isdigit():
            hard.add("n:" + tok.lstrip("0"))
            continue
        lem = lemma(tok, lang)
        if len(tok) >= 4 and tok not in _STOP:
            keys.add("w:" + tok)
        if lang == "es":
            for tr in lexicon.words.get(lem, frozenset()) | lexicon.words.get(tok, frozenset()):
                keys.add("w:" + tr)
        else:
            keys.add("w:" + lem)
    for ch, key in _PUNCT_KEYS.items():
        if ch in text:
            keys.add(key)
    if any(q in text for q in _QUOTES):
        keys.add("p:q")
    for es_toks, en_toks, key in lexicon.terms:
        if _contains(tokens, es_toks if lang == "es" else en_toks):
            keys.add(key)
    return _Features(frozenset(keys | hard), frozenset(hard), len(text))


class _Scorer:
    def __init__(self, es: list[_Features], en: list[_Features]) -> None:
        self.es, self.en = es, en
        df: Counter[str] = Counter()
        for f in es:
            df.update(f.keys)
        for f in en:
            df.update(f.keys)
        total = len(es) + len(en) + 2
        self.weight = {k: math.log(total / (c + 1)) for k, c in df.items()}
        self.ratio = (sum(f.length for f in en) + 1) / (sum(f.length for f in es) + 1)
        self._es_w = [sum(self.weight[k] for k in f.keys) for f in es]
        self._en_w = [sum(self.weight[k] for k in f.keys) for f in en]

    def fast_length_cost(self):
        """:meth:`length_cost` from a table (it is the inner loop of the search)."""
        ratio, inv, var = self.ratio, 1 / self.ratio, LEN_VARIANCE
        table = [-math.log(max(math.erfc(k / 100 / math.sqrt(2)), 1e-300)) for k in range(1000)]
        sqrt = math.sqrt

        def cost(l1: int, l2: int) -> float:
            mean = (l1 + l2 * inv) * 0.5
            d = abs(l2 - l1 * ratio) / sqrt((mean if mean > 1.0 else 1.0) * var)
            k = int(d * 100)
            return table[k] if k < 1000 else 0.5 * d * d + math.log(d) + 0.23

        return cost

    def length_cost(self, l1: int, l2: int) -> float:
        if l1 == 0 and l2 == 0:
            return 0.0
        mean = (l1 + l2 / self.ratio) / 2
        delta = (l2 - l1 * self.ratio) / math.sqrt(max(mean, 1.0) * LEN_VARIANCE)
        p = math.erfc(abs(delta) / math.sqrt(2))
        return -math.log(max(p, 1e-12))

    def confidence(self, es: tuple[int, ...], en: tuple[int, ...]) -> float:
        if not es or not en:
            return 0.0
        l1 = sum(self.es[i].length for i in es)
        l2 = sum(self.en[j].length for j in en)
        mean = (l1 + l2 / self.ratio) / 2
        delta = (l2 - l1 * self.ratio) / math.sqrt(max(mean, 1.0) * LEN_VARIANCE)
        lenfit = math.erfc(abs(delta) / math.sqrt(2) / 2)
        a = frozenset().union(*(self.es[i].keys for i in es))
        b = frozenset().union(*(self.en[j].keys for j in en))
        wa = sum(self.weight[k] for k in a)
        wb = sum(self.weight[k] for k in b)
        shared = sum(self.weight[k] for k in a & b)
        hard_a = frozenset().union(*(self.es[i].hard for i in es))
        hard_b = frozenset().union(*(self.en[j].hard for j in en))
        # The English side carries every word; the Spanish side only those with
        # a known rendering, so the match is compared with the smaller side.
        lexfit = min(1.0, 2.5 * shared / min(wa, wb)) if min(wa, wb) > 0 else (0.5 if wa + wb == 0 else 0.0)
        conf = 0.4 * lenfit + 0.6 * lexfit
        if hard_a ^ hard_b:
            conf *= 0.6
        return round(max(0.0, min(1.0, conf)), 2)


def _band(es: list[_Features], en: list[_Features], width: int) -> list[tuple[int, int]]:
    """For each row i (0..n), the columns j the search may visit: those whose
    share of the English text is closest to row i's share of the Spanish text."""
    import bisect

    def cumulative(side: list[_Features]) -> list[float]:
        cum = [0]
        for f in side:
            cum.append(cum[-1] + f.length + 1)
        return [c / (cum[-1] or 1) for c in cum]

    es_cum, en_cum = cumulative(es), cumulative(en)
    m = len(en)
    ranges = []
    for share in es_cum:
        centre = min(m, bisect.bisect_left(en_cum, share))
        ranges.append((max(0, centre - width), min(m, centre + width)))
    return ranges


def _dp(scorer: _Scorer, band: list[tuple[int, int]]) -> tuple[list[tuple[tuple[int, ...], tuple[int, ...]]], bool]:
    """The cheapest path through *band* (row i -> columns lo..hi); also whether it ran along its edge."""
    es, en = scorer.es, scorer.en
    n, m = len(es), len(en)
    weight = scorer.weight.__getitem__
    lcost = scorer.fast_length_cost()
    p11, p10, p01, p21, p12 = (-math.log(PRIORS[k]) for k in ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2)))
    skip10, skip01 = p10 + SKIP_COST, p01 + SKIP_COST
    es_len = [f.length for f in es]
    en_len = [f.length for f in en]
    es_keys = [f.keys for f in es]
    en_keys = [f.keys for f in en]
    es_hard = [f.hard for f in es]
    en_hard = [f.hard for f in en]
    # Keys of two neighbouring sentences, for 2-1 and 1-2 links (index = the second one).
    es_pair = [frozenset()] + [es_keys[i - 1] | es_keys[i] for i in range(1, n)]
    en_pair = [frozenset()] + [en_keys[j - 1] | en_keys[j] for j in range(1, m)]
    es_hpair = [frozenset()] + [es_hard[i - 1] | es_hard[i] for i in range(1, n)]
    en_hpair = [frozenset()] + [en_hard[j - 1] | en_hard[j] for j in range(1, m)]
    cost: list[dict[int, float]] = [{} for _ in range(n + 1)]
    back: list[dict[int, int]] = [{} for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        lo, hi = band[i]
        row, brow = cost[i], back[i]
        up = cost[i - 1] if i >= 1 else {}
        up2 = cost[i - 2] if i >= 2 else {}
        if i >= 1:
            ka, ha, la = es_keys[i - 1], es_hard[i - 1], es_len[i - 1]
        if i >= 2:
            kpa, hpa, lpa = es_pair[i - 1], es_hpair[i - 1], es_len[i - 2] + la
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            best, arg = math.inf, 0
            if j >= 1:
                kb, hb, lb = en_keys[j - 1], en_hard[j - 1], en_len[j - 1]
                prev = row.get(j - 1)
                if prev is not None:
                    best, arg = prev + skip01, 1  # 0-1
                prev = up.get(j - 1)
                if prev is not None:  # 1-1
                    c = prev + p11 + lcost(la, lb) - LEX_WEIGHT * sum(map(weight, ka & kb))
                    if ha or hb:
                        c += MISMATCH_PENALTY * len(ha ^ hb)
                    if c < best:
                        best, arg = c, 2
                prev = up2.get(j - 1)
                if prev is not None:  # 2-1
                    c = prev + p21 + lcost(lpa, lb) - LEX_WEIGHT * sum(map(weight, kpa & kb))
                    if hpa or hb:
                        c += MISMATCH_PENALTY * len(hpa ^ hb)
                    if c < best:
                        best, arg = c, 3
                if j >= 2:
                    prev = up.get(j - 2)
                    if prev is not None:  # 1-2
                        kpb, hpb = en_pair[j - 1], en_hpair[j - 1]
                        c = prev + p12 + lcost(la, en_len[j - 2] + lb) - LEX_WEIGHT * sum(map(weight, ka & kpb))
                        if ha or hpb:
                            c += MISMATCH_PENALTY * len(ha ^ hpb)
                        if c < best:
                            best, arg = c, 4
            prev = up.get(j)
            if prev is not None and prev + skip10 < best:  # 1-0
                best, arg = prev + skip10, 5
            if arg:
                row[j] = best
                brow[j] = arg
    if m not in cost[n]:
        return [], True
    steps = {1: (0, 1), 2: (1, 1), 3: (2, 1), 4: (1, 2), 5: (1, 0)}
    path = []
    edge = False
    i, j = n, m
    while i > 0 or j > 0:
        lo, hi = band[i]
        if (j - lo < 2 and lo > 0) or (hi - j < 2 and hi < m):
            edge = True
        a, b = steps[back[i][j]]
        path.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    path.reverse()
    return path, edge


def _path_band(
    path: list[tuple[tuple[int, ...], tuple[int, ...]]], n: int, m: int, width: int
) -> list[tuple[int, int]]:
    """A band of *width* around an earlier path (the second pass only refines the first)."""
    lo = [m] * (n + 1)
    hi = [0] * (n + 1)
    i = j = 0
    lo[0] = hi[0] = 0
    for a, b in path:
        i, j = i + len(a), j + len(b)
        lo[i], hi[i] = min(lo[i], j), max(hi[i], j)
    for k in range(1, n + 1):
        if lo[k] > hi[k]:  # a row the path stepped over (2-1 link)
            lo[k], hi[k] = hi[k - 1], hi[k - 1]
    return [(max(0, lo[k] - width), min(m, hi[k] + width)) for k in range(n + 1)]


def _search(
    scorer: _Scorer, width: int, guide: list[tuple[tuple[int, ...], tuple[int, ...]]] | None = None
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """:func:`_dp` in a band (around *guide*, else the diagonal) that doubles while the path runs along its edge."""
    n, m = len(scorer.es), len(scorer.en)
    limit = max(n, m)
    while True:
        band = _path_band(guide, n, m, width) if guide else _band(scorer.es, scorer.en, width)
        path, edge = _dp(scorer, band)
        if not edge or width >= limit:
            if not path:
                raise ValueError("no alignment path found")
            return path
        width *= 2


def _learn(
    links: Sequence[Link],
    es_tokens: list[list[str]],
    en_tokens: list[list[str]],
    min_conf: float = 0.6,
    max_links: int = 3000,
) -> dict[str, set[str]]:
    """Word pairs that co-occur in confident 1-1 links more than chance (Dice >= 0.5)."""
    pair: Counter[tuple[str, str]] = Counter()
    ces: Counter[str] = Counter()
    cen: Counter[str] = Counter()
    confident = [link for link in links if len(link.es) == 1 and len(link.en) == 1 and link.confidence >= min_conf]
    # A few thousand links are plenty to learn from; an even sample keeps long texts fast.
    step = max(1, len(confident) // max_links)
    for link in confident[::step]:
        a = set(es_tokens[link.es[0]])
        b = set(en_tokens[link.en[0]])
        ces.update(a)
        cen.update(b)
        for x in a:
            for y in b:
                pair[(x, y)] += 1
    learned: dict[str, set[str]] = {}
    best: dict[str, float] = {}
    for (x, y), c in pair.items():
        if c < 2:
            continue
        dice = 2 * c / (ces[x] + cen[y])
        if dice >= 0.5 and dice >= best.get(x, 0) - 0.1:
            learned.setdefault(x, set()).add(y)
            best[x] = max(best.get(x, 0), dice)
    return learned


def _content(text: str, lang: str) -> list[str]:
    out = []
    for tok in _WORD.findall(text):
        f = fold(tok)
        if len(f) >= 3 and not f.isdigit() and f not in _STOP:
            out.append(lemma(f, lang))
    return out


def align(
    es: Sequence[str],
    en: Sequence[str],
    *,
    extra_lexicon: dict[str, Iterable[str]] | None = None,
    terms: Sequence[tuple[str, str]] = (),
    passes: int = 2,
    width: int | None = None,
) -> list[Link]:
    """Align the Spanish sentences *es* with the English sentences *en*.

    *extra_lexicon* maps Spanish words to English words; *terms* are approved
    (Spanish, English) term pairs. Returns links in document order.
    """
    if not es or not en:
        return [Link((i,), (), 0.0) for i in range(len(es))] + [Link((), (j,), 0.0) for j in range(len(en))]
    es_tokens = [_content(s, "es") for s in es]
    en_tokens = [_content(s, "en") for s in en]
    es_vocab = {fold(t) for s in es for t in _WORD.findall(s)}
    en_vocab = {fold(t) for s in en for t in _WORD.findall(s)}
    n, m = len(es), len(en)
    if width is None:
        width = 12 + abs(n - m) // 10
    extra = {k: set(v) for k, v in (extra_lexicon or {}).items()}
    links: list[Link] = []
    path = None
    en_features: list[_Features] = []
    for p in range(passes):
        last = p == passes - 1
        if p:
            for k, v in _learn(links, es_tokens, en_tokens).items():
                extra.setdefault(k, set()).update(v)
        lexicon = build_lexicon(es_vocab, en_vocab, extra, terms)
        # English keys do not depend on the Spanish-English lexicon, only on the terms.
        en_features = en_features or [_features(s, "en", lexicon) for s in en]
        scorer = _Scorer([_features(s, "es", lexicon) for s in es], en_features)
        path = _search(scorer, width, path)
        # Only 1-1 links feed the learned dictionary, so only they need a score before the last pass.
        links = [Link(a, b, scorer.confidence(a, b) if last or (len(a) == 1 and len(b) == 1) else 0.0) for a, b in path]
        width = GUIDE_WIDTH
    return links


@dataclass(frozen=True)
class DocumentAlignment:
    """The sentences of a Spanish and an English text and the links between them."""

    es_text: str
    en_text: str
    es: tuple[Segment, ...]
    en: tuple[Segment, ...]
    links: tuple[Link, ...]

    def pairs(self, doc: str | None = None) -> list[SegmentPair]:
        """Every link as a :class:`SegmentPair` with 1-based line numbers (1-0 and 0-1 included)."""
        es_lines, en_lines = LineIndex(self.es_text), LineIndex(self.en_text)
        out = []
        for link in self.links:
            out.append(
                SegmentPair(
                    es=" ".join(self.es[i].text for i in link.es),
                    en=" ".join(self.en[j].text for j in link.en),
                    confidence=link.confidence,
                    es_lines=tuple(sorted({es_lines.line(self.es[i].start) for i in link.es})),
                    en_lines=tuple(sorted({en_lines.line(self.en[j].start) for j in link.en})),
                    doc=doc,
                )
            )
        return out


def align_texts(
    es_text: str,
    en_text: str,
    *,
    terms: Sequence[tuple[str, str]] = (),
    extra_lexicon: dict[str, Iterable[str]] | None = None,
) -> DocumentAlignment:
    """Split both texts into sentences and align them (see :func:`align`)."""
    es, en = tuple(split_sentences(es_text, "es")), tuple(split_sentences(en_text, "en"))
    links = align([s.text for s in es], [s.text for s in en], terms=terms, extra_lexicon=extra_lexicon)
    return DocumentAlignment(es_text, en_text, es, en, tuple(links))


# ---------------------------------------------------------------- files -> TMX


def creation_date(*paths: Path) -> str:
    """The date stamped on an alignment: ``SOURCE_DATE_EPOCH`` if set, else the newest input's mtime.

    >>> import os; os.environ["SOURCE_DATE_EPOCH"] = "0"; creation_date()
    '19700101T000000Z'
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            stamp = int(epoch)
        except ValueError:
            raise DiplotermError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds") from None
    else:
        stamp = int(max((p.stat().st_mtime for p in paths), default=0))
    return datetime.fromtimestamp(stamp, timezone.utc).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class AlignReport:
    """What ``glossary align`` did: the links written and those held back (with why)."""

    written: tuple[SegmentPair, ...]
    low: tuple[SegmentPair, ...]
    """Links below the confidence threshold (written only with ``keep_low``)."""
    unpaired: tuple[SegmentPair, ...]
    """1-0 and 0-1 links: a sentence with no counterpart; never written."""


def approved_terms(concepts: Iterable) -> list[tuple[str, str]]:
    """(Spanish, English) pairs of every preferred or admitted term of each concept."""
    pairs = []
    for c in concepts:
        es = [t.term for t in c.es if t.status in ("preferred", "admitted")]
        en = [t.term for t in c.en if t.status in ("preferred", "admitted")]
        pairs.extend((a, b) for a in es for b in en)
    return pairs


def align_files(
    es_path: Path,
    en_path: Path,
    out: Path,
    *,
    srclang: str,
    tgtlang: str,
    terms: Sequence[tuple[str, str]] = (),
    min_confidence: float = 0.3,
    keep_low: bool = False,
) -> AlignReport:
    """Align two text files and write the links as TMX 1.4b to *out* (atomically).

    One ``<tu>`` per link, with ``<prop type="x-confidence">``. 1-0 and 0-1 links
    are never written (a TU needs both sides); links under *min_confidence* are
    written only with *keep_low*. Same inputs give the same bytes.
    """
    from ..formats.tmx import TmxHeader, write
    from ..fsutil import atomic_open
    from ..yamlio import read_text_file

    es_text, en_text = read_text_file(es_path), read_text_file(en_path)
    result = align_texts(es_text, en_text, terms=terms)
    date = creation_date(es_path, en_path)
    written, low, unpaired = [], [], []
    for pair in result.pairs():
        if not pair.es or not pair.en:
            unpaired.append(pair)
        elif pair.confidence < min_confidence:
            low.append(pair)
            if keep_low:
                written.append(pair)
        else:
            written.append(pair)
    units = (
        TranslationUnit(
            source=p.es,
            target=p.en,
            creationdate=date,
            props=(("x-confidence", f"{p.confidence:.2f}"), ("x-lines", _lines_prop(p))),
        )
        for p in written
    )
    header = TmxHeader(srclang=srclang, tgtlang=tgtlang, creationdate=date, segtype="sentence")
    with atomic_open(out, "wb") as f:
        write(f, units, header)
    return AlignReport(tuple(written), tuple(low), tuple(unpaired))


def _lines_prop(p: SegmentPair) -> str:
    def span(lines: tuple[int, ...]) -> str:
        return str(lines[0]) if len(lines) == 1 else f"{lines[0]}-{lines[-1]}"

    return f"{span(p.es_lines)}:{span(p.en_lines)}"
