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

_WORD = re.compile(r"\w+", re.UNICODE)
_ENUM = re.compile(r"^\s*\(?([a-z]|\d{1,3}|[ivxl]{1,5})[.)]\s", re.IGNORECASE)
_PUNCT_KEYS = {"?": "p:?", "¿": "p:?", "!": "p:!", "¡": "p:!", "(": "p:(", ";": "p:;", ":": "p::", "%": "p:%"}
_QUOTES = set('"«»“”')

# Function words never used as identity or cognate anchors.
_STOP = frozenset(
    [
        "para",
        "como",
        "entre",
        "sobre",
        "este",
        "esta",
        "estos",
        "estas",
        "todo",
        "toda",
        "todos",
        "todas",
        "cada",
        "sino",
        "pero",
        "that",
        "with",
        "this",
        "from",
        "have",
        "shall",
        "which",
        "other",
        "such",
        "their",
        "there",
        "these",
        "those",
        "will",
        "been",
        "into",
        "only",
        "also",
        "than",
        "then",
        "them",
        "they",
        "when",
        "where",
        "what",
        "whom",
        "upon",
        "under",
    ]
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

    >>> cognate_form("nacion"), cognate_form("inmunidad")
    ('nattion', 'inmunity')
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

    def matched(self, i: int, j: int) -> tuple[float, int]:
        a, b = self.es[i], self.en[j]
        shared = a.keys & b.keys
        w = sum(self.weight[k] for k in shared)
        missing = len(a.hard ^ b.hard)
        return w, missing

    def matched_union(self, es: tuple[int, ...], en: tuple[int, ...]) -> float:
        """Anchor weight shared by the merged sentences (a key counts once, however often it recurs)."""
        a = frozenset().union(*(self.es[i].keys for i in es))
        b = frozenset().union(*(self.en[j].keys for j in en))
        return sum(self.weight[k] for k in a & b)

    def hard_mismatch(self, es: tuple[int, ...], en: tuple[int, ...]) -> int:
        a = frozenset().union(*(self.es[i].hard for i in es))
        b = frozenset().union(*(self.en[j].hard for j in en))
        return len(a ^ b)

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
    """For each row i (0..n), the range of columns j the search may visit."""
    n, m = len(es), len(en)
    cum = [0]
    for f in es:
        cum.append(cum[-1] + f.length + 1)
    total = cum[-1] or 1
    ranges = []
    for i in range(n + 1):
        centre = round(cum[i] / total * m)
        ranges.append((max(0, centre - width), min(m, centre + width)))
    return ranges


def _dp(scorer: _Scorer, width: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    es, en = scorer.es, scorer.en
    n, m = len(es), len(en)
    band = _band(es, en, width)
    inf = float("inf")
    prior = {k: -math.log(v) for k, v in PRIORS.items()}
    cost: list[dict[int, float]] = [dict() for _ in range(n + 1)]
    back: list[dict[int, tuple[int, int]]] = [dict() for _ in range(n + 1)]
    cost[0][0] = 0.0
    lcost = scorer.length_cost
    match_cache: dict[tuple[int, int], tuple[float, int]] = {}

    def lex(i: int, j: int) -> tuple[float, int]:
        key = (i, j)
        v = match_cache.get(key)
        if v is None:
            v = match_cache[key] = scorer.matched(i, j)
        return v

    for i in range(n + 1):
        lo, hi = band[i]
        row = cost[i]
        brow = back[i]
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            best, arg = inf, None
            # 1-1
            if i >= 1 and j >= 1:
                prev = cost[i - 1].get(j - 1)
                if prev is not None:
                    w, miss = lex(i - 1, j - 1)
                    c = (
                        prev
                        + prior[(1, 1)]
                        + lcost(es[i - 1].length, en[j - 1].length)
                        - LEX_WEIGHT * w
                        + MISMATCH_PENALTY * miss
                    )
                    if c < best:
                        best, arg = c, (1, 1)
            # 1-0 and 0-1
            if i >= 1:
                prev = cost[i - 1].get(j)
                if prev is not None:
                    c = prev + prior[(1, 0)] + SKIP_COST
                    if c < best:
                        best, arg = c, (1, 0)
            if j >= 1:
                prev = row.get(j - 1)
                if prev is not None:
                    c = prev + prior[(0, 1)] + SKIP_COST
                    if c < best:
                        best, arg = c, (0, 1)
            # 2-1
            if i >= 2 and j >= 1:
                prev = cost[i - 2].get(j - 1)
                if prev is not None:
                    w = scorer.matched_union((i - 2, i - 1), (j - 1,))
                    c = (
                        prev
                        + prior[(2, 1)]
                        + lcost(es[i - 2].length + es[i - 1].length, en[j - 1].length)
                        - LEX_WEIGHT * w
                        + MISMATCH_PENALTY * scorer.hard_mismatch((i - 2, i - 1), (j - 1,))
                    )
                    if c < best:
                        best, arg = c, (2, 1)
            # 1-2
            if i >= 1 and j >= 2:
                prev = cost[i - 1].get(j - 2)
                if prev is not None:
                    w = scorer.matched_union((i - 1,), (j - 2, j - 1))
                    c = (
                        prev
                        + prior[(1, 2)]
                        + lcost(es[i - 1].length, en[j - 2].length + en[j - 1].length)
                        - LEX_WEIGHT * w
                        + MISMATCH_PENALTY * scorer.hard_mismatch((i - 1,), (j - 2, j - 1))
                    )
                    if c < best:
                        best, arg = c, (1, 2)
            if arg is not None:
                row[j] = best
                brow[j] = arg
    if m not in cost[n]:
        raise ValueError("alignment band did not reach the end; texts too different in length")
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = back[i][j]
        path.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    path.reverse()
    return path


def _learn(
    links: Sequence[Link], es_tokens: list[list[str]], en_tokens: list[list[str]], min_conf: float = 0.6
) -> dict[str, set[str]]:
    """Word pairs that co-occur in confident 1-1 links more than chance (Dice >= 0.5)."""
    pair: Counter[tuple[str, str]] = Counter()
    ces: Counter[str] = Counter()
    cen: Counter[str] = Counter()
    for link in links:
        if len(link.es) != 1 or len(link.en) != 1 or link.confidence < min_conf:
            continue
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
        width = max(30, abs(n - m) + 20, int(2 * math.sqrt(max(n, m))))
    extra = {k: set(v) for k, v in (extra_lexicon or {}).items()}
    links: list[Link] = []
    for p in range(passes):
        if p:
            for k, v in _learn(links, es_tokens, en_tokens).items():
                extra.setdefault(k, set()).update(v)
        lexicon = build_lexicon(es_vocab, en_vocab, extra, terms)
        scorer = _Scorer([_features(s, "es", lexicon) for s in es], [_features(s, "en", lexicon) for s in en])
        links = [Link(a, b, scorer.confidence(a, b)) for a, b in _dp(scorer, width)]
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
    es = tuple(split_sentences(es_text, "es"))
    en = tuple(split_sentences(en_text, "en"))
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
