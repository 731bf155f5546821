"""The dynamic-programming search of the sentence aligner (:mod:`.sentences` builds its input).

Gale-Church length cost plus lexical anchors, over a band of the (Spanish x English)
grid: around the diagonal that the cumulative text length predicts, or around an
earlier pass's path. The band doubles while the best path runs along its edge.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from dataclasses import dataclass

Path = list[tuple[tuple[int, ...], tuple[int, ...]]]

# Gale & Church (1993) priors of each link type; the extra types of hunalign
# (1-2, 2-1) share the 2-1 mass.
PRIORS: dict[tuple[int, int], float] = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.0445, (1, 2): 0.0445}
LEN_VARIANCE = 6.8
LEX_WEIGHT = 0.7
"""Nats of cost removed per unit of matched anchor weight (idf-weighted)."""
MISMATCH_PENALTY = 2.0
"""Cost of a number or enumerator on one side that the other side lacks."""
SKIP_COST = 2.0
"""Cost of leaving a sentence unpaired, on top of its prior. Gale-Church charge it
by length, which makes a long untranslated sentence cheaper to hide in a 2-1 link
than to report; hunalign's constant is what lets 1-0 links show up."""

# -log P(|delta| > k/100) for the length cost, so the inner loop looks it up.
_TAIL = [-math.log(max(math.erfc(k / 100 / math.sqrt(2)), 1e-300)) for k in range(1000)]


@dataclass(frozen=True)
class Features:
    """What the search knows of one sentence."""

    keys: frozenset[str]
    hard: frozenset[str]
    """Numbers and enumerators: present on one side only, they count against a link."""
    length: int


def _far_tail(d: float) -> float:
    return 0.5 * d * d + math.log(d) + 0.23


class Scorer:
    """Anchor weights (idf over both sides) and the length ratio of one document pair."""

    def __init__(self, es: list[Features], en: list[Features]) -> None:
        self.es, self.en = es, en
        df: Counter[str] = Counter()
        for f in es:
            df.update(f.keys)
        for f in en:
            df.update(f.keys)
        total = len(es) + len(en) + 2
        self.weight = {k: math.log(total / (c + 1)) for k, c in df.items()}
        self.ratio = (sum(f.length for f in en) + 1) / (sum(f.length for f in es) + 1)
        # Total anchor weight of each sentence; fsum: exact, so no score depends on the
        # (per-process) order in which a set yields its keys.
        self.es_weight = [math.fsum(map(self.weight.__getitem__, f.keys)) for f in es]
        self.en_weight = [math.fsum(map(self.weight.__getitem__, f.keys)) for f in en]

    def confidence(self, es: tuple[int, ...], en: tuple[int, ...]) -> float:
        if not es or not en:
            return 0.0
        l1 = sum(self.es[i].length for i in es)
        l2 = sum(self.en[j].length for j in en)
        mean = (l1 + l2 / self.ratio) / 2
        delta = (l2 - l1 * self.ratio) / math.sqrt(max(mean, 1.0) * LEN_VARIANCE)
        lenfit = math.erfc(abs(delta) / math.sqrt(2) / 2)
        weight = self.weight.__getitem__
        if len(es) == 1:
            a, wa = self.es[es[0]].keys, self.es_weight[es[0]]
        else:
            a = frozenset().union(*(self.es[i].keys for i in es))
            wa = math.fsum(map(weight, a))
        if len(en) == 1:
            b, wb = self.en[en[0]].keys, self.en_weight[en[0]]
        else:
            b = frozenset().union(*(self.en[j].keys for j in en))
            wb = math.fsum(map(weight, b))
        shared = math.fsum(map(weight, a & b))
        hard_a = frozenset().union(*(self.es[i].hard for i in es))
        hard_b = frozenset().union(*(self.en[j].hard for j in en))
        # The English side carries every word; the Spanish side only those with
        # a known rendering, so the match is compared with the smaller side.
        lexfit = min(1.0, 2.5 * shared / min(wa, wb)) if min(wa, wb) > 0 else (0.5 if wa + wb == 0 else 0.0)
        conf = 0.4 * lenfit + 0.6 * lexfit
        if hard_a ^ hard_b:
            conf *= 0.6
        return round(max(0.0, min(1.0, conf)), 2)


def diagonal_band(es: list[Features], en: list[Features], width: int) -> list[tuple[int, int]]:
    """For each row i (0..n), the columns j the search may visit: those whose
    share of the English text is closest to row i's share of the Spanish text."""

    def cumulative(side: list[Features]) -> list[float]:
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


def path_band(path: Path, n: int, m: int, width: int) -> list[tuple[int, int]]:
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


def _pairs(items: list, join) -> list:
    """Index k: *join* of items k-1 and k (index 0: empty), for 2-1 and 1-2 links."""
    return [frozenset()] + [join(items[k - 1], items[k]) for k in range(1, len(items))]


def dp(scorer: Scorer, band: list[tuple[int, int]]) -> tuple[Path, bool]:
    """The cheapest path through *band* (row i -> columns lo..hi); also whether it ran along its edge.

    This is the aligner's inner loop: the length cost is inlined (a table lookup), each
    cell reads the row above once, and a link's anchor overlap is only computed when
    even a full overlap could beat the best cost found so far for the cell. Overlaps
    are summed with ``fsum`` (exact), so the path does not depend on the order in which
    a set yields its keys, which changes from one process to the next.
    """
    es, en = scorer.es, scorer.en
    n, m = len(es), len(en)
    weight = scorer.weight.__getitem__
    ratio, inv, var = scorer.ratio, 1 / scorer.ratio, LEN_VARIANCE
    tail, far_tail, sqrt, inf, fsum = _TAIL, _far_tail, math.sqrt, math.inf, math.fsum
    p11, p10, p01, p21, p12 = (-math.log(PRIORS[k]) for k in ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2)))
    skip10, skip01 = p10 + SKIP_COST, p01 + SKIP_COST
    lex, mismatch = LEX_WEIGHT, MISMATCH_PENALTY
    # Rounding slack for the bound below: a pruned link could at best tie.
    slack = 1e-9
    es_len = [f.length for f in es]
    en_len = [f.length for f in en]
    en_inv = [length * inv for length in en_len]
    en_pinv = [0.0] + [(en_len[j - 1] + en_len[j]) * inv for j in range(1, m)]
    es_keys = [f.keys for f in es]
    en_keys = [f.keys for f in en]
    es_hard = [f.hard for f in es]
    en_hard = [f.hard for f in en]
    es_w, en_w = scorer.es_weight, scorer.en_weight
    # Keys of two neighbouring sentences, for 2-1 and 1-2 links (index = the second one).
    es_pair = _pairs(es_keys, frozenset.union)
    en_pair = _pairs(en_keys, frozenset.union)
    es_hpair = _pairs(es_hard, frozenset.union)
    en_hpair = _pairs(en_hard, frozenset.union)
    es_pw = [0.0] + [es_w[k - 1] + es_w[k] for k in range(1, n)]
    en_pw = [0.0] + [en_w[k - 1] + en_w[k] for k in range(1, m)]
    cost: list[dict[int, float]] = [{} for _ in range(n + 1)]
    back: list[dict[int, int]] = [{} for _ in range(n + 1)]
    cost[0][0] = 0.0
    empty: dict[int, float] = {}
    la = lpa = 0
    la_r = lpa_r = 0.0
    ka = kpa = ha = hpa = frozenset()
    wa = wpa = wa2 = 0.0
    # Anchor overlap of the 1-1 link ending at each cell of this row and the row above
    # (absent where it was not computed): the overlap of a 2-1 or 1-2 link is at most the
    # sum of its two 1-1 overlaps, a bound that skips most of them without a set operation.
    ov_up: dict[int, float] = {}
    for i in range(n + 1):
        lo, hi = band[i]
        row, brow = cost[i], back[i]
        up_get = cost[i - 1].get if i >= 1 else empty.get
        up2_get = cost[i - 2].get if i >= 2 else empty.get
        ov_row: dict[int, float] = {}
        ov_up_get = ov_up.get
        if i >= 1:
            ka, ha, la, wa = es_keys[i - 1], es_hard[i - 1], es_len[i - 1], es_w[i - 1]
            la_r = la * ratio
        if i >= 2:
            kpa, hpa, lpa, wpa, wa2 = es_pair[i - 1], es_hpair[i - 1], es_len[i - 2] + la, es_pw[i - 1], es_w[i - 2]
            lpa_r = lpa * ratio
        # The row above at j-1 and j-2, carried along the row instead of looked up again.
        u1, u2 = up_get(lo - 1), up_get(lo - 2)
        left = row.get(lo - 1)
        ov_left = None
        for j in range(lo, hi + 1):
            u0 = up_get(j)
            if j == 0:
                if i and u0 is not None:  # 1-0
                    row[0] = left = u0 + skip10
                    brow[0] = 5
                else:
                    left = row.get(0)
                u1, u2 = u0, u1
                ov_left = None
                continue
            best, arg = inf, 0
            if left is not None:  # 0-1
                best, arg = left + skip01, 1
            jb = j - 1
            lb = en_len[jb]
            wb = en_w[jb]
            ov = None
            if u1 is not None:  # 1-1
                mean = (la + en_inv[jb]) * 0.5
                d = abs(lb - la_r) / sqrt((mean if mean > 1.0 else 1.0) * var)
                k = int(d * 100)
                c = u1 + p11 + (tail[k] if k < 1000 else far_tail(d))
                if c - lex * (wa if wa < wb else wb) < best + slack:
                    kb, hb = en_keys[jb], en_hard[jb]
                    ov = ov_row[j] = fsum(map(weight, ka & kb))
                    c -= lex * ov
                    if ha or hb:
                        c += mismatch * len(ha ^ hb)
                    if c < best:
                        best, arg = c, 2
            # What sentence i-1 alone can share with j-1: its 1-1 overlap, else a bound.
            ov_a = ov if ov is not None else (wa if wa < wb else wb)
            prev = up2_get(jb)
            if prev is not None:  # 2-1
                ov_b = ov_up_get(j)
                if ov_b is None:
                    ov_b = wa2 if wa2 < wb else wb
                if prev + p21 - lex * (ov_a + ov_b) < best + slack:
                    mean = (lpa + en_inv[jb]) * 0.5
                    d = abs(lb - lpa_r) / sqrt((mean if mean > 1.0 else 1.0) * var)
                    k = int(d * 100)
                    c = prev + p21 + (tail[k] if k < 1000 else far_tail(d))
                    if c - lex * (wpa if wpa < wb else wb) < best + slack:
                        kb, hb = en_keys[jb], en_hard[jb]
                        c -= lex * fsum(map(weight, kpa & kb))
                        if hpa or hb:
                            c += mismatch * len(hpa ^ hb)
                        if c < best:
                            best, arg = c, 3
            if u2 is not None and j >= 2:  # 1-2
                ov_b = ov_left
                if ov_b is None:
                    wb2 = en_w[j - 2]
                    ov_b = wa if wa < wb2 else wb2
                if u2 + p12 - lex * (ov_a + ov_b) < best + slack:
                    lpb = en_len[j - 2] + lb
                    mean = (la + en_pinv[jb]) * 0.5
                    d = abs(lpb - la_r) / sqrt((mean if mean > 1.0 else 1.0) * var)
                    k = int(d * 100)
                    c = u2 + p12 + (tail[k] if k < 1000 else far_tail(d))
                    wpb = en_pw[jb]
                    if c - lex * (wa if wa < wpb else wpb) < best + slack:
                        kpb, hpb = en_pair[jb], en_hpair[jb]
                        c -= lex * fsum(map(weight, ka & kpb))
                        if ha or hpb:
                            c += mismatch * len(ha ^ hpb)
                        if c < best:
                            best, arg = c, 4
            if u0 is not None and u0 + skip10 < best:  # 1-0
                best, arg = u0 + skip10, 5
            if arg:
                row[j] = left = best
                brow[j] = arg
            else:
                left = None
            u1, u2 = u0, u1
            ov_left = ov
        ov_up = ov_row
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


def search(scorer: Scorer, width: int, guide: Path | None = None) -> Path:
    """:func:`dp` in a band (around *guide*, else the diagonal) that doubles while the path runs along its edge."""
    n, m = len(scorer.es), len(scorer.en)
    limit = max(n, m)
    while True:
        band = path_band(guide, n, m, width) if guide else diagonal_band(scorer.es, scorer.en, width)
        path, edge = dp(scorer, band)
        if not edge or width >= limit:
            if not path:
                raise ValueError("no alignment path found")
            return path
        width *= 2
