"""Sentence alignment of a Spanish document with its English version.

The method is hunalign's: dynamic programming over the two sentence lists with
a Gale-Church length cost, guided by lexical anchors that both sentences
share, run twice. The first pass uses what is known before reading the texts
(numbers, enumerators, names, punctuation, cognates, the shared lexicon of
``data/lexicon.tsv`` and the approved termbase); the second adds a dictionary learned from the first
pass's confident 1-1 links (Dice over co-occurrence), which is how treaty
pairs such as ``acreditante`` / ``sending`` become anchors.

Links may be 1-1, 1-2, 2-1, 1-0 and 0-1. The search (:mod:`.search`) stays in
a band around the diagonal that the cumulative text length predicts, so 10 000
sentences align in a few seconds. Each sentence is analysed once (its words,
lemmas, numbers); a pass only adds what its lexicon renders the Spanish words by.

>>> es = ["Artículo 1", "La misión es inviolable.", "El Estado receptor protegerá la misión."]
>>> en = ["Article 1", "The mission is inviolable.", "The receiving State shall protect the mission."]
>>> [(link.es, link.en) for link in align(es, en)]
[((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..model import Segment, SegmentPair
from ..sentences import LineIndex, split_sentences
from .search import Features, Scorer, search


def _words(text: str) -> list[str]:
    """The whitespace-separated words of *text* (keeps long word lists readable)."""
    return text.split()


GUIDE_WIDTH = 4
"""Half-width of the second pass's band around the first pass's path (doubled while the
path runs along its edge, like the first pass's band)."""

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


@lru_cache(maxsize=1)
def seed_lexicon() -> dict[str, frozenset[str]]:
    """What the first pass knows before reading the texts: the single content words of the
    shared lexicon (``data/lexicon.tsv``), folded. Its grammar words are left out: "de" ~
    "of" links nearly every pair of sentences and tells the search nothing.

    >>> sorted(seed_lexicon()["parrafo"])
    ['paragraph']
    """
    from ..lexicon import curated_lexicon

    lex = curated_lexicon()
    return {es: frozenset(en) for es, en in lex.words.items() if es not in lex.function_es}


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
    """The lexicon's simplemma lemma, folded the way anchors are compared."""
    from ..lexicon import lemma as simplemma_lemma

    return fold(simplemma_lemma(word, lang))


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
    """A lexicon for one document pair: :func:`seed_lexicon` + cognates between its vocabularies + *extra* + *terms*."""
    from rapidfuzz import fuzz, process

    words: dict[str, set[str]] = {k: set(v) for k, v in seed_lexicon().items()}
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
    return Lexicon({k: frozenset(v) for k, v in words.items()}, _term_keys(terms))


def _term_keys(terms: Sequence[tuple[str, str]]) -> tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...]:
    out = []
    for es_term, en_term in terms:
        es_toks = tuple(fold(t) for t in _WORD.findall(es_term))
        en_toks = tuple(fold(t) for t in _WORD.findall(en_term))
        if es_toks and en_toks:
            out.append((es_toks, en_toks, "t:" + " ".join(es_toks)))
    return tuple(out)


@dataclass(frozen=True)
class _Sentence:
    """What one sentence offers the search whatever the lexicon: analysed once, used by every pass."""

    fixed: frozenset[str]
    """Anchor keys that do not depend on the Spanish-English lexicon: numbers, enumerators,
    punctuation, approved terms, the sentence's own words (and, in English, their lemmas)."""
    hard: frozenset[str]
    forms: tuple[tuple[str, str], ...]
    """(folded word, its lemma) of each distinct non-numeric word: what the lexicon renders."""
    content: tuple[str, ...]
    """Lemmas of the content words, what the learned dictionary is learned from."""
    words: frozenset[str]
    length: int


TermIndex = dict[str, list[tuple[tuple[str, ...], str]]]


def _term_index(lexicon_terms: Sequence[tuple[tuple[str, ...], tuple[str, ...], str]], side: int) -> TermIndex:
    """Approved terms of one side (0 Spanish, 1 English) by their first word."""
    index: TermIndex = {}
    for term in lexicon_terms:
        index.setdefault(term[side][0], []).append((term[side], term[2]))
    return index


@dataclass(frozen=True)
class _Word:
    """What one distinct word contributes to a sentence (worked out once per document)."""

    hard: str
    """``n:5`` for a number (then nothing else), else empty."""
    lemma: str
    keys: tuple[str, ...]
    content: str
    """The lemma if the word counts for the learned dictionary, else empty."""


def _word(tok: str, lang: str) -> _Word:
    if tok.isdigit():
        return _Word("n:" + tok.lstrip("0"), "", (), "")
    lem = lemma(tok, lang)
    keys = ["w:" + tok] if len(tok) >= 4 and tok not in _STOP else []
    if lang != "es":
        keys.append("w:" + lem)
    return _Word("", lem, tuple(keys), lem if len(tok) >= 3 and tok not in _STOP else "")


def _analyse(text: str, lang: str, terms: TermIndex, seen: dict[str, _Word]) -> _Sentence:
    """*seen* caches :func:`_word` for the document's words (a document repeats most of them)."""
    tokens = [fold(t) for t in _WORD.findall(text)]
    keys: set[str] = set()
    hard: set[str] = set()
    m = _ENUM.match(text)
    if m:
        hard.add("e:" + m.group(1).lower())
    forms = []
    content = []
    for tok in dict.fromkeys(tokens):
        w = seen.get(tok)
        if w is None:
            w = seen[tok] = _word(tok, lang)
        if w.hard:
            hard.add(w.hard)
            continue
        forms.append((tok, w.lemma))
        keys.update(w.keys)
        if w.content:
            content.append(w.content)
    for ch, key in _PUNCT_KEYS.items():
        if ch in text:
            keys.add(key)
    if any(q in text for q in _QUOTES):
        keys.add("p:q")
    if terms:
        for i, tok in enumerate(tokens):
            for phrase, key in terms.get(tok, ()):
                if tuple(tokens[i : i + len(phrase)]) == phrase:
                    keys.add(key)
    keys |= hard
    return _Sentence(frozenset(keys), frozenset(hard), tuple(forms), tuple(content), frozenset(tokens), len(text))


def _rendered(sentences: list[_Sentence], lexicon: Lexicon) -> list[Features]:
    """Spanish sentences' features under *lexicon*: their fixed keys plus the English words it renders them by."""
    renders = {es: frozenset("w:" + en for en in ens) for es, ens in lexicon.words.items()}
    none: frozenset[str] = frozenset()
    by_word: dict[str, frozenset[str]] = {}
    out = []
    for s in sentences:
        parts = []
        for tok, lem in s.forms:
            r = by_word.get(tok)
            if r is None:
                r = by_word[tok] = renders.get(lem, none) | renders.get(tok, none)
            if r:
                parts.append(r)
        out.append(Features(s.fixed.union(*parts), s.hard, s.length))
    return out


def _learn(
    links: Sequence[Link],
    es_tokens: Sequence[Sequence[str]],
    en_tokens: Sequence[Sequence[str]],
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
        # dict.fromkeys, not set: the order of the pairs decides ties below, and a set's
        # order changes from one process to the next.
        a = dict.fromkeys(es_tokens[link.es[0]])
        b = dict.fromkeys(en_tokens[link.en[0]])
        ces.update(a.keys())
        cen.update(b.keys())
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
    # Approved terms are the same in every pass, so they are matched once, with the words.
    term_keys = _term_keys(terms)
    es_terms, en_terms = _term_index(term_keys, 0), _term_index(term_keys, 1)
    es_seen: dict[str, _Word] = {}
    en_seen: dict[str, _Word] = {}
    es_s = [_analyse(s, "es", es_terms, es_seen) for s in es]
    en_s = [_analyse(s, "en", en_terms, en_seen) for s in en]
    es_vocab = frozenset().union(*(s.words for s in es_s))
    en_vocab = frozenset().union(*(s.words for s in en_s))
    # English keys do not depend on the Spanish-English lexicon.
    en_features = [Features(s.fixed, s.hard, s.length) for s in en_s]
    n, m = len(es), len(en)
    if width is None:
        width = 12 + abs(n - m) // 10
    extra = {k: set(v) for k, v in (extra_lexicon or {}).items()}
    links: list[Link] = []
    path = None
    for p in range(passes):
        last = p == passes - 1
        if p:
            for k, v in _learn(links, [s.content for s in es_s], [s.content for s in en_s]).items():
                extra.setdefault(k, set()).update(v)
        lexicon = build_lexicon(es_vocab, en_vocab, extra, terms)
        scorer = Scorer(_rendered(es_s, lexicon), en_features)
        path = search(scorer, width, path)
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


def approved_terms(concepts: Iterable) -> list[tuple[str, str]]:
    """(Spanish, English) pairs of every preferred or admitted term of each concept."""
    pairs = []
    for c in concepts:
        es = [t.term for t in c.es if t.status in ("preferred", "admitted")]
        en = [t.term for t in c.en if t.status in ("preferred", "admitted")]
        pairs.extend((a, b) for a in es for b in en)
    return pairs
