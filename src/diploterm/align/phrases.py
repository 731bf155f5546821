"""Word links between a Spanish stretch and English text, and the phrase pairs they support.

A Spanish stretch is cut into *units* (a lexicon phrase such as ``apegado a`` or one
word). Each content unit links to English tokens through the lexicon, CLDR names,
identity or cognates. :func:`best_window` finds the tightest English window that
renders every content unit; :func:`term_pairs` finds the term-like Spanish phrases
(``ruptura diplomática``) inside a long stretch that have such a rendering.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ..lexicon import Lexicon, fold, forms, lemma, tokens

LINK_WEIGHT = {"lexicon": 1.0, "cldr": 1.0, "termbase": 1.0, "identical": 0.9, "compound": 0.9, "cognate": 0.85}
_BREAK = re.compile(r"[.!?;:()\[\]“”\"«»„—–]|\s-\s|\n|,")
_QUOTE_MARKS = "“”\"«»„‘’'"
_PARTICIPLE = re.compile(r"(?:ad|id)[oa]s?$")


@dataclass(frozen=True)
class Tok:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Unit:
    """One or more Spanish tokens that translate together."""

    first: int
    last: int
    """Token indexes (inclusive) in the stretch."""
    words: tuple[str, ...]
    content: bool
    seqs: frozenset[tuple[str, ...]] = frozenset()
    """Folded English token sequences the lexicon gives for a multi-word unit."""


@dataclass(frozen=True)
class Link:
    unit: Unit
    en_first: int
    en_last: int
    kind: str


@dataclass(frozen=True)
class Window:
    """An English rendering of some Spanish units: token range and the links behind it."""

    first: int
    last: int
    links: tuple[Link, ...]
    unlinked: int
    """Content tokens inside the window that render nothing of the Spanish."""
    quoted: bool

    @property
    def score(self) -> float:
        if not self.links:
            return 0.0
        weight = sum(LINK_WEIGHT.get(link.kind, 0.8) for link in self.links) / len(self.links)
        linked = sum(link.en_last - link.en_first + 1 for link in self.links)
        return weight * linked / (linked + self.unlinked)


def window_lex(stretch: list[Unit], en: EnglishText, first: int, last: int) -> tuple[float, Window | None]:
    """How well English tokens ``first..last`` render the units: coverage both ways, link quality."""
    content = [u for u in stretch if u.content]
    en_content = sum(1 for i in range(first, last + 1) if en.content[i])
    chosen = []
    covered: set[int] = set()
    for u in content:
        inside = [lk for lk in en.links(u) if first <= lk.en_first and lk.en_last <= last]
        inside.sort(key=lambda lk: lk.en_first - lk.en_last)  # longest rendering first
        if inside:
            chosen.append(inside[0])
            for lk in inside:
                covered.update(range(lk.en_first, lk.en_last + 1))
    if not chosen or not en_content:
        return 0.0, None
    unlinked = sum(1 for i in range(first, last + 1) if en.content[i] and i not in covered)
    window = Window(first, last, tuple(sorted(chosen, key=lambda k: k.en_first)), unlinked, False)
    weight = sum(LINK_WEIGHT.get(lk.kind, 0.8) for lk in chosen) / len(chosen)
    es_cov = len(chosen) / len(content)
    en_cov = min(1.0, sum(1 for i in covered if en.content[i]) / en_content)
    return round(weight * 2 * es_cov * en_cov / (es_cov + en_cov), 3), window


def es_tokens(text: str, base: int = 0) -> list[Tok]:
    return [Tok(base + s, base + e, w) for s, e, w in tokens(text)]


def _matches_seq(words: list[str], lang: str, seq: tuple[str, ...]) -> bool:
    return len(words) == len(seq) and all(s in forms(w, lang) for w, s in zip(words, seq, strict=True))


def units(toks: list[Tok], lex: Lexicon) -> list[Unit]:
    """Greedy longest lexicon phrases first, then single words."""
    out: list[Unit] = []
    i = 0
    words = [t.text for t in toks]
    longest = max((len(k) for k in lex.phrases), default=1)
    while i < len(toks):
        found = None
        for n in range(min(longest, len(toks) - i), 1, -1):
            for key in _phrase_keys(lex, words[i : i + n]):
                found = (n, key)
                break
            if found:
                break
        if found:
            n, key = found
            is_connective = key in lex.connectives
            seqs = frozenset(lex.phrases.get(key, ()))
            out.append(Unit(i, i + n - 1, tuple(words[i : i + n]), not is_connective, seqs))
            i += n
            continue
        w = words[i]
        seqs = frozenset(seq for f in forms(w, "es") for seq in lex.phrases.get((f,), ()))
        out.append(Unit(i, i, (w,), not lex.is_function_es(w), seqs))
        i += 1
    return out


def _phrase_keys(lex: Lexicon, words: list[str]):
    # Lemma of every word, surface of every word, and mixes are all plausible keys.
    surface = tuple(fold(w) for w in words)
    lemmas = tuple(fold(lemma(w, "es")) for w in words)
    for key in (surface, lemmas):
        if key in lex.phrases or key in lex.connectives:
            yield key
            return
    for first in sorted(forms(words[0], "es")):
        for key in lex.phrases_starting(first):
            if len(key) == len(words) and all(k in forms(w, "es") for k, w in zip(key, words, strict=True)):
                yield key
                return


class EnglishText:
    """The English tokens of a document (Spanish stretches masked out) and link lookups."""

    def __init__(self, text: str, lex: Lexicon, masked: list[tuple[int, int]] = ()) -> None:
        self.text = text
        self.lex = lex
        self.toks = [Tok(s, e, w) for s, e, w in tokens(text) if not any(a <= s < b for a, b in masked)]
        self.content = [not lex.is_function_en(t.text) for t in self.toks]
        self._cache: dict[Unit, list[Link]] = {}

    def index_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indexes ``[lo, hi)`` of the tokens inside character range ``[start, end)``."""
        lo = next((i for i, t in enumerate(self.toks) if t.start >= start), len(self.toks))
        hi = lo
        while hi < len(self.toks) and self.toks[hi].end <= end:
            hi += 1
        return lo, hi

    def links(self, unit: Unit) -> list[Link]:
        if unit not in self._cache:
            self._cache[unit] = self._find(unit)
        return self._cache[unit]

    def _find(self, unit: Unit) -> list[Link]:
        found: list[Link] = []
        words = [t.text for t in self.toks]
        for seq in unit.seqs:
            n = len(seq)
            for i in range(len(words) - n + 1):
                if seq[0] in forms(words[i], "en") and _matches_seq(words[i : i + n], "en", seq):
                    found.append(Link(unit, i, i + n - 1, "lexicon"))
        # A lexicon phrase rendered freely ('nota verbal' ~ 'diplomatic note') links through its content words.
        words = unit.words if len(unit.words) == 1 or not found else ()
        for w in words:
            if len(unit.words) > 1 and self.lex.is_function_es(w):
                continue
            for i, t in enumerate(self.toks):
                kind = self.lex.word_link(w, t.text)
                # A content word links to an English grammar word only by the lexicon's say-so
                # ('voluntad' ~ 'will', not 'estado' ~ 'was').
                if kind and (self.content[i] or not unit.content or self._own_entry(w, t.text)):
                    found.append(Link(unit, i, i, kind))
        return sorted(set(found), key=lambda k: (k.en_first, k.en_last))

    def _own_entry(self, es: str, en: str) -> bool:
        """Whether the lexicon's entry for the Spanish word itself gives the English word."""
        return bool(forms(en, "en") & self.lex.words.get(fold(es), set()))

    def crosses_break(self, first: int, last: int, commas: int = 0) -> bool:
        """Whether punctuation that ends a phrase (or a quote mark) stands inside the window; up
        to *commas* commas do not count (the rendering of 'migración ordenada, segura y regular')."""
        # An apostrophe inside a word ('nobody’s') is no quote mark.
        inner = re.sub(r"(?<=\w)['’](?=\w)", "", self.text[self.toks[first].end : self.toks[last].start])
        if commas and inner.count(",") <= commas:
            inner = inner.replace(",", " ")
        return bool(_BREAK.search(inner.replace("-", " ")) or any(c in _QUOTE_MARKS for c in inner))

    def is_quoted(self, first: int, last: int) -> bool:
        before = self.text[: self.toks[first].start].rstrip(" ")[-1:]
        after = self.text[self.toks[last].end :].lstrip(" ")[:1]
        return bool(before and after and before in _QUOTE_MARKS and after in _QUOTE_MARKS + ".,")

    def span(self, first: int, last: int) -> tuple[int, int]:
        return self.toks[first].start, self.toks[last].end


def best_window(
    stretch: list[Unit],
    en: EnglishText,
    lo: int = 0,
    hi: int | None = None,
    near: int | None = None,
    require_all: bool = True,
    others: list[Unit] = (),
    slack: int = 0,
) -> Window | None:
    """The best English window in token range ``[lo, hi)`` rendering the content units of *stretch*.

    With *require_all* every content unit must link; otherwise the window covers what links
    (a delimited gloss such as a parenthesis). Preference: quoted, fewer stray words,
    narrower, nearer *near* (a character offset). *slack* more stray words may stand inside.
    """
    hi = len(en.toks) if hi is None else hi
    content = [u for u in stretch if u.content]
    if not content:
        return None
    options = {u: [lk for lk in en.links(u) if lo <= lk.en_first and lk.en_last < hi] for u in content}
    if require_all and any(not v for v in options.values()):
        return None
    present = [u for u in content if options[u]]
    if not present:
        return None
    width_limit = 2 * sum(len(u.words) for u in stretch) + 4
    # English words that render Spanish words outside the stretch cannot be inside its window.
    foreign = {
        i
        for u in others
        if u.content and u not in stretch
        for lk in en.links(u)
        for i in range(lk.en_first, lk.en_last + 1)
    }
    anchor = min(present, key=lambda u: len(options[u]))
    best: tuple | None = None
    for a in options[anchor]:
        chosen = [a]
        for u in present:
            if u is anchor:
                continue
            nearest = min(options[u], key=lambda lk: abs(lk.en_first - a.en_first))
            chosen.append(nearest)
        first = min(lk.en_first for lk in chosen)
        last = max(lk.en_last for lk in chosen)
        # A unit's longer rendering overlapping the window is taken whole ('drug' -> 'drug trafficking').
        for u in present:
            for lk in options[u]:
                if lk.en_first <= last and lk.en_last >= first:
                    first, last = min(first, lk.en_first), max(last, lk.en_last)
        if last - first + 1 > width_limit or en.crosses_break(first, last):
            continue
        covered = {i for lk in chosen for i in range(lk.en_first, lk.en_last + 1)}
        if any(i in foreign and i not in covered for i in range(first, last + 1)):
            continue
        # English words inside the window that also render a unit count as linked.
        for u in present:
            for lk in options[u]:
                if first <= lk.en_first and lk.en_last <= last:
                    covered.update(range(lk.en_first, lk.en_last + 1))
        unlinked = sum(1 for i in range(first, last + 1) if en.content[i] and i not in covered)
        if unlinked > (1 if last - first >= 3 else 0) + slack:
            continue
        quoted = en.is_quoted(first, last)
        distance = abs(en.toks[first].start - near) if near is not None else 0
        key = (not quoted, unlinked, last - first, distance, first)
        if best is None or key < best[0]:
            best = (key, Window(first, last, tuple(sorted(chosen, key=lambda k: k.en_first)), unlinked, quoted))
    return best[1] if best else None


def _verb_reading(word: str) -> bool:
    """Whether *word* can be a present-tense form of a verb simplemma knows (condena: condenar)."""
    import simplemma

    low = word.lower()
    for ending, infinitives in (("an", ("ar",)), ("en", ("er", "ir")), ("a", ("ar",)), ("e", ("er", "ir"))):
        if low.endswith(ending) and len(low) > len(ending) + 3:
            stem = low[: -len(ending)]
            if any(simplemma.is_known(stem + inf, lang="es") for inf in infinitives):
                return True
    return False


def is_infinitive(word: str) -> bool:
    """Whether *word* is a Spanish verb's infinitive (enviar, responder), not a noun or an
    adjective in -ar (lugar, consular): simplemma knows its preterite."""
    import simplemma

    m = re.fullmatch(r"(\w{3,})(ar|er|ir)", fold(word))
    if not m:
        return False
    stem, ending = m.groups()
    return simplemma.is_known(stem + ("aron" if ending == "ar" else "ieron"), lang="es")


_RELATIONAL = re.compile(r"(?:al|ar|ari[oa]|ic[oa]|iv[oa])e?s?$")
"""Suffixes of relational adjectives, those that classify a noun by another (internacional,
consular, humanitario, diplomático, coercitivo) rather than describe it (compartido, común)."""


def classifying_term(text: str, rendering: str, lex: Lexicon) -> bool:
    """Whether a noun phrase is a classifying term: a noun and relational adjectives only
    ('derecho internacional', 'medida coercitiva unilateral'), not a verb and its object
    ('enviar soldados'), not a nationality ('pueblo venezolano' ~ 'Venezuelan people'), not a
    description ('futuro compartido'); or two nouns joined by 'de' that the English makes one
    compound of ('mecanismos de verificación' ~ 'verification mechanisms', where 'time for
    grudges' keeps 'momento de rencores' a free phrase). Inside a free sentence translation such
    terms are what a glossary keeps; the rest is mostly the sentence's own wording."""
    words = [w for _, _, w in tokens(text)]
    if any(not w.isalpha() or not w.islower() for w in words):
        return False
    if len(words) == 3 and fold(words[1]) == "de" and not is_infinitive(words[0]):
        return _noun_compound(words[0], words[2], [w for _, _, w in tokens(rendering)], lex)
    if len(words) < 2 or any(lex.is_function_es(w) for w in words):
        return False
    if is_infinitive(words[0]) or not all(_RELATIONAL.search(fold(w)) for w in words[1:]):
        return False
    if any(lex.words.get(f, set()) & lex.demonyms_en for w in words[1:] for f in forms(w, "es")):
        return False
    return not any(_is_nationality_en(w, lex) for _, _, w in tokens(rendering))


def _noun_compound(head: str, complement: str, english: list[str], lex: Lexicon) -> bool:
    """Whether *english* is two content words rendering *complement* then *head*."""
    if len(english) != 2 or any(lex.is_function_en(w) or not w.isalpha() for w in english):
        return False
    return bool(lex.word_link(complement, english[0])) and bool(lex.word_link(head, english[1]))


def _is_nationality_en(word: str, lex: Lexicon) -> bool:
    """'Venezuelan', 'Haitian', 'Latin': an English nationality adjective (capitalized, and a
    known demonym or a place name with a suffix)."""
    if not word[:1].isupper():
        return False
    folded = fold(word)
    if folded in lex.demonyms_en:
        return True
    return any(
        len(place) >= 4 and folded.startswith(place[:-1]) and 0 < len(folded) - len(place) <= 3
        for place in lex.places_en
        if " " not in place
    )


def _is_finite_verb(word: str, prev: str | None, lex: Lexicon) -> bool:
    low = word.lower()
    lem = lemma(word, "es")
    if _PARTICIPLE.search(low) or fold(low) == fold(lem) + "es":
        return False  # a participle, or the plural of a word in -ar/-er (consulares, militares, mujeres)
    after_determiner = prev is not None and lex.is_function_es(prev)
    if prev is not None and fold(prev) in _NEVER_CLITIC:
        return False  # 'el monitoreo', 'un recorte': what follows these articles is a noun
    if lem != low and re.search(r"(?:ar|er|ir|ír)$", lem):
        # A noun that is also a verb form (la denuncia, el acuerdo) is a noun after a determiner.
        return not (fold(low) in lex.words and after_determiner)
    # simplemma reads some verb forms as nouns (condena); after a subject they are verbs.
    return prev is not None and not after_determiner and prev[:1].isupper() and _verb_reading(word)


_NEVER_CLITIC = frozenset({"el", "del", "al", "un", "una", "unos", "unas"})
"""Articles that are never object pronouns ('la', 'los', 'las' can be: 'los expulsa')."""


def has_finite_verb(text: str, lex: Lexicon) -> bool:
    """Whether a Spanish stretch is a clause (has a conjugated verb) rather than a term."""
    toks = es_tokens(text)
    return any(_is_finite_verb(t.text, toks[i - 1].text if i else None, lex) for i, t in enumerate(toks))


def _is_bare_name(tok: Tok, lex: Lexicon) -> bool:
    return tok.text[:1].isupper() and not any(f in lex.words for f in forms(tok.text, "es"))


@dataclass(frozen=True)
class PhrasePair:
    es_first: int
    es_last: int
    """Token indexes (inclusive) in the stretch."""
    window: Window


PRONOUNS = frozenset(
    {"nadie", "nada", "nunca", "jamas", "algo", "alguien", "ninguno", "ninguna", "ningun", "siempre", "tampoco"}
    | {"ambos", "ambas", "algunos", "algunas", "varios", "varias", "muchos", "muchas", "pocos", "pocas"}
    | {"despues", "antes", "ahora", "hoy", "ayer", "todavia", "aun", "solo", "solamente", "pronto", "luego"}
)
"""Indefinite pronouns, quantifiers and adverbs of time (folded): they translate, but a term
never contains them (``lecciones de nadie``, ``pueblos de ambos países``, ``años después`` are
pieces of a sentence)."""


def hard_chunks(text: str, toks: list[Tok], lex: Lexicon, base: int = 0) -> list[list[int]]:
    """Token index runs between things a term never crosses: punctuation, finite verbs,
    negation, relative words, connectives (possessives are handled by :data:`SOFT_STOPS`)."""
    stops = {"no", "ni", "que", "cuando", "donde", "como"} | PRONOUNS
    us = units(toks, lex)
    blocked: set[int] = set()
    for u in us:
        if not u.content and len(u.words) > 1:
            blocked.update(range(u.first, u.last + 1))
    chunks: list[list[int]] = []
    current: list[int] = []
    for i, t in enumerate(toks):
        gap = text[toks[i - 1].end - base : t.start - base] if i else ""
        prev = toks[i - 1].text if i else None
        excluded = i in blocked or fold(t.text) in stops or _is_finite_verb(t.text, prev, lex)
        if excluded or (i and _BREAK.search(gap)):
            if current:
                chunks.append(current)
            current = []
        if not excluded:
            current.append(i)
    if current:
        chunks.append(current)
    return chunks


SOFT_STOPS = frozenset(
    {"su", "sus", "nuestro", "nuestra", "nuestros", "nuestras", "mi", "mis", "tu", "tus"}
    | {"este", "esta", "estos", "estas", "ese", "esa", "esos", "esas"}
)
"""Possessives and demonstratives: a term does not contain them, unless the article quotes
exactly that stretch's English rendering (``respeto a su soberanía`` ↔ "respect for its sovereignty")."""


def term_pairs(
    text: str,
    base: int,
    lex: Lexicon,
    en: EnglishText,
    lo: int = 0,
    hi: int | None = None,
    near: int | None = None,
    terms_only: bool = False,
) -> list[PhrasePair]:
    """Term-like Spanish phrases of *text* (at document offset *base*) with an English
    rendering in tokens ``[lo, hi)``; maximal, non-overlapping, at least two content words.

    With *terms_only* (inside a sentence or title pair, where nearly everything aligns) a
    phrase stops at a preposition with an article (``respeto a los derechos de los pueblos
    indígenas`` gives ``pueblos indígenas``): terms take bare complements (``reclamo de soberanía``)."""
    toks = es_tokens(text, base)
    us = units(toks, lex)
    by_token = {i: u for u in us for i in range(u.first, u.last + 1)}
    sentence_start = 0
    out: list[PhrasePair] = []
    taken: set[int] = set()
    verb_taken: set[int] = set()
    for chunk in hard_chunks(text, toks, lex, base):
        chunk_units = list(dict.fromkeys(by_token[i] for i in chunk))
        # Units straddling the chunk edge are dropped: the chunk is a clean run.
        chunk_units = [u for u in chunk_units if u.first >= chunk[0] and u.last <= chunk[-1]]
        candidates = []
        for a in range(len(chunk_units)):
            for b in range(a, len(chunk_units)):
                run = chunk_units[a : b + 1]
                first, last = run[0], run[-1]
                # Terms start and end with words: not with numbers (dates, article numbers).
                if not (first.content and last.content) or not (first.words[0].isalpha() and last.words[-1].isalpha()):
                    continue
                single = sum(len(u.words) for u in run if u.content) < 2
                if len(run) > 10:
                    continue
                # Inside a long pair a complement with an article ('recursos de la industria') is part of
                # a term only when the English makes one compound of it ('Industry Appeals').
                compound_only = (
                    terms_only and len(run) > 1 and _has_article_complement(toks, run[0].first, run[-1].last)
                )
                if compound_only and not _compound_shape(toks, run[0].first, run[-1].last):
                    continue
                if any(fold(w) in _INDEFINITE for u in run[1:] for w in u.words):
                    continue  # 'legitimar un fraude' is a verb and its object, not a term
                if fold(first.words[0]) in _QUANTITIES or _is_adverb(last.words[-1]) or _is_adverb(first.words[0]):
                    continue  # 'cientos de migrantes', 'varados cerca': a count or a circumstance, not a term
                if terms_only and _preposed_quality(first, toks, lex):
                    continue  # 'imprescriptibles derechos de soberanía': the term is 'derechos de soberanía'
                if terms_only and (
                    sum(len(u.words) for u in run if u.content) > 4
                    or any(fold(w) in _CLAUSE_JOINS | _QUANTITIES for u in run for w in u.words)
                ):
                    continue  # inside a long pair, terms are short, not coordinated, count nothing ('tras cinco años')
                if _names_a_partner(toks, run[0].first, run[-1].last):
                    continue
                if first.first != sentence_start and _is_bare_name(toks[first.first], lex):
                    continue
                if first.first == sentence_start and _is_bare_name(toks[first.first], lex) and len(first.words) == 1:
                    continue
                if _bare_name_edge(toks, last.last, run[0].first, lex):
                    continue
                candidates.append((run, single, compound_only))
        candidates.sort(key=lambda c: (-(c[0][-1].last - c[0][0].first), c[0][0].first))
        for run, single, compound_only in candidates:
            span_tokens = set(range(run[0].first, run[-1].last + 1))
            # A verb's object may be a term of its own ('reforzar la vigilancia epidemiológica'): a verb
            # phrase keeps its tokens from other verb phrases only.
            verbal = terms_only and is_infinitive(run[0].words[0]) and not (len(run) == 1 and run[0].seqs)
            if span_tokens & taken or (verbal and span_tokens & verb_taken):
                continue
            soft = any(fold(w) in SOFT_STOPS for u in run for w in u.words)
            window = best_window(run, en, lo, hi, near, others=us)
            if window is None and terms_only and not single and not compound_only:
                window = _gap_filled(run, en, lo, hi, near, us) or _closed_compound(run, en, lo, hi, lex)
            if window is not None and compound_only and not _reversed_compound(run, window, en):
                continue
            if window is not None and terms_only and _clause_rendering(run, window, en):
                continue
            # One word, or a phrase with a possessive, only when the English quotes exactly its rendering.
            if window is None or ((soft or single) and not (window.quoted and _whole_quote(en, window))):
                continue
            out.append(PhrasePair(run[0].first, run[-1].last, window))
            if verbal:
                verb_taken |= span_tokens
            else:
                taken |= span_tokens
    return sorted(out, key=lambda p: p.es_first)


_PREPOSITIONS = frozenset(
    {"de", "a", "en", "con", "para", "por", "sobre", "contra", "entre", "ante", "tras", "hacia", "desde", "hasta"}
    | {"bajo", "sin", "segun"}
)
_ARTICLES = frozenset({"el", "la", "los", "las", "un", "una", "unos", "unas"})


def _has_article_complement(toks: list[Tok], first: int, last: int) -> bool:
    words = [fold(t.text) for t in toks[first : last + 1]]
    if any(w in ("del", "al") for w in words):
        return True
    if any(a in _PREPOSITIONS and b in _ARTICLES for a, b in itertools.pairwise(words)):
        return True
    if "por" in words[1:-1] or "a" in words[1:-1]:
        return True  # 'por injerencia' gives a cause, 'a diplomáticos' an object: not part of a term
    return _names_a_partner(toks, first, last)


def _names_a_partner(toks: list[Tok], first: int, last: int) -> bool:
    """'tratado de extradición con (los) Estados Unidos': the partner named after a common noun
    is not part of the term."""
    span = toks[first : last + 1]
    for k in range(1, len(span) - 1):
        if fold(span[k].text) in _PARTNER_PREPOSITIONS and span[k - 1].text[:1].islower():
            nxt = k + 2 if fold(span[k + 1].text) in _ARTICLES and k + 2 < len(span) else k + 1
            if span[nxt].text[:1].isupper():
                return True
    return False


def _preposed_quality(first: Unit, toks: list[Tok], lex: Lexicon) -> bool:
    """Whether a run opens with a qualifying adjective in -ble before its noun ('legítimos e
    imprescriptibles derechos', 'lamentable incidente'): the writer's judgement, not the term's.
    A noun in -ble takes its complement instead ('responsables de la masacre')."""
    word = fold(first.words[0])
    if len(first.words) != 1 or not re.search(r"bles?$", word) or len(word) <= 5 or first.last + 1 >= len(toks):
        return False
    return not lex.is_function_es(toks[first.last + 1].text)


def _compound_shape(toks: list[Tok], first: int, last: int) -> bool:
    """Whether a run with an article complement can still be one term: its complements are
    introduced by 'de' or by a preposition with an article ('veto a las exportaciones'), not by a
    bare 'a' or 'por' ('non grata a diplomáticos' names an object), and it holds no name: in
    'advertencias de la OEA' or 'secretaría del Tratado de Alta Mar' the name is the term."""
    words = [fold(t.text) for t in toks[first : last + 1]]
    for k in range(1, len(words) - 1):
        if words[k] in ("a", "por") and words[k + 1] not in _ARTICLES:
            return False
    return not any(t.text[:1].isupper() for t in toks[first + 1 : last + 1])


_EN_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would"})


def _clause_rendering(run: list[Unit], window: Window, en: EnglishText) -> bool:
    """Whether the English window is a piece of a clause rather than a term's rendering: it holds
    a verb ('measure was unilateral' for 'medida unilateral') or a coordination the Spanish lacks
    ('voluntary and orderly exit' for 'salida voluntaria')."""
    words = {fold(en.toks[i].text) for i in range(window.first, window.last + 1)}
    spanish = {fold(w) for u in run for w in u.words}
    coordinated = bool(spanish & {"y", "e", "o", "u", "ni"})
    return bool(words & _EN_AUXILIARIES) or (not coordinated and bool(words & {"and", "or", "nor"}))


def _reversed_compound(run: list[Unit], window: Window, en: EnglishText) -> bool:
    """Whether the English is one compound ending in the Spanish head: 'Coal Export Ban' for
    'veto a las exportaciones de carbón', 'canal neutrality' for 'neutralidad del canal' (no
    preposition, article or possessive between its words, the head noun last)."""
    if window.last == window.first:
        return False
    if any(not en.content[i] or re.search(r"['’]s$", en.toks[i].text) for i in range(window.first, window.last + 1)):
        return False
    head = next(u for u in run if u.content)
    return any(lk.unit == head and lk.en_last == window.last for lk in window.links)


def _gap_filled(
    run: list[Unit], en: EnglishText, lo: int, hi: int | None, near: int | None, others: list[Unit]
) -> Window | None:
    """A noun phrase with one word the lexicon cannot link: the others render as one tight
    English chunk, and the one free English word next to it (or inside it) renders that word,
    one for one. English puts a noun's modifiers first: a missing head or ordinal is rendered
    after the chunk ('segunda frecuencia semanal' ~ 'Second Weekly Flight', 'facultad soberana'
    ~ 'sovereign prerogative'), a missing last modifier before it ('espacios marítimos
    circundantes' ~ 'surrounding maritime areas'); 'de' may stay 'of' ('zona de X' ~ 'zone of X')."""
    hi = len(en.toks) if hi is None else hi
    content = [u for u in run if u.content]
    gaps = [u for u in content if not any(lo <= lk.en_first and lk.en_last < hi for lk in en.links(u))]
    if len(content) < 2 or len(gaps) != 1 or len(gaps[0].words) != 1:
        return None
    gap = gaps[0]
    if not gap.words[0].isalpha() or gap.words[0][:1].isupper():
        return None  # a number or a name renders as itself
    if any(not u.content and fold(w) != "de" for u in run for w in u.words):
        return None  # 'relación entre pueblos': English keeps the preposition, no word fills the gap alone
    rest = [u for u in run if u is not gap]
    window = best_window(rest, en, lo, hi, near, others=others, slack=1)
    # The words that do link must be sure of it: a cognate ('planta' ~ 'plans') and a guess are too little.
    if window is None or any(lk.kind not in _SURE_LINKS for lk in window.links):
        return None
    linked = [lk for u in others if u.content and u is not gap for lk in en.links(u)]
    claimed = {i for lk in linked for i in range(lk.en_first, lk.en_last + 1)}

    def free(i: int) -> bool:
        word = en.toks[i].text
        return (
            lo <= i < hi
            and en.content[i]
            and i not in claimed
            and word.isalpha()
            # A capital where the chunk has none is a name; in a headline every word has one.
            and (word[:1].islower() or en.toks[window.first].text[:1].isupper())
        )

    inside = [i for i in range(window.first, window.last + 1) if en.content[i] and i not in claimed]
    if window.unlinked:
        options = inside if len(inside) == 1 else []
    else:
        k = run.index(gap)
        de_before = k > 0 and fold(run[k - 1].words[-1]) == "de"
        de_after = k + 1 < len(run) and fold(run[k + 1].words[0]) == "de"
        if gap is content[-1]:
            options = [window.first - 1]
            if de_before and window.last + 2 < hi and fold(en.toks[window.last + 1].text) == "of":
                options.append(window.last + 2)
        else:
            options = [window.last + 1]
            if de_after and window.first >= 2 and fold(en.toks[window.first - 1].text) == "of":
                options.append(window.first - 2)
    for i in options:
        first, last = min(i, window.first), max(i, window.last)
        if free(i) and not en.crosses_break(first, last):
            return Window(first, last, window.links, 1, en.is_quoted(first, last))
    return None


def _closed_compound(run: list[Unit], en: EnglishText, lo: int, hi: int | None, lex: Lexicon) -> Window | None:
    """Two Spanish nouns rendered by one English word made of both, in reverse order:
    'cuello de botella' ~ 'bottleneck', 'buque de guerra' ~ 'warship'."""
    content = [u for u in run if u.content]
    if len(content) != 2 or any(len(u.words) != 1 for u in content):
        return None
    head, complement = content[0].words[0], content[1].words[0]
    hi = len(en.toks) if hi is None else hi
    for i in range(lo, hi):
        word = fold(en.toks[i].text)
        if not word.isalpha():
            continue
        for k in range(3, len(word) - 2):
            if lex.word_link(complement, word[:k]) in _SURE_LINKS and lex.word_link(head, word[k:]) in _SURE_LINKS:
                links = (Link(content[0], i, i, "compound"), Link(content[1], i, i, "compound"))
                return Window(i, i, links, 0, en.is_quoted(i, i))
    return None


_SURE_LINKS = frozenset({"lexicon", "cldr", "termbase"})
_INDEFINITE = frozenset({"un", "una", "unos", "unas"})
_CLAUSE_JOINS = frozenset(
    {
        "y",
        "e",
        "o",
        "u",
        "ni",
        "pero",
        "mediante",
        "durante",
        "tras",
        "desde",
        "hasta",
        "según",
        "después",
        "antes",
        "cada",
        "sin",
        "mas",
        "menos",
        "para",
        "en",
    }
    | {"nuevo", "nueva", "nuevos", "nuevas", "gran", "grandes", "principal", "principales", "ex", "actual"}
)
"""Inside a long pair, a term does not coordinate, state a purpose or open with an evaluative adjective."""
_QUANTITIES = frozenset(
    {"dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "cien", "cientos", "mil", "miles"}
    | {"millones", "millon", "varios", "varias", "muchos", "muchas", "pocos", "pocas", "algunos", "algunas"}
    | {"todos", "todas", "cada", "ambos", "ambas", "decenas", "centenares", "propio", "propia", "mismo", "misma"}
)
_ADVERBS = frozenset(
    {"cerca", "lejos", "juntos", "juntas", "ahora", "hoy", "ayer", "aqui", "alli", "ya", "tambien", "siempre"}
    | {"nunca", "todavia", "aun", "mas", "menos", "muy", "bien", "mal", "solo"}
)


def _is_adverb(word: str) -> bool:
    folded = fold(word)
    return folded in _ADVERBS or (folded.endswith("mente") and len(folded) > 7)


_PARTNER_PREPOSITIONS = frozenset({"con", "contra", "entre", "hacia"})


def _whole_quote(en: EnglishText, window: Window) -> bool:
    """Whether the window is all of an English quotation (not a part of a longer one)."""
    before = en.text[: en.toks[window.first].start].rstrip(" ")
    after = en.text[en.toks[window.last].end :].lstrip(" .,")
    return bool(before) and before[-1] in _QUOTE_MARKS and bool(after) and after[0] in _QUOTE_MARKS


def _bare_name_edge(toks: list[Tok], last: int, first: int, lex: Lexicon) -> bool:
    """A run may end in a name only inside a name with a common head (Convención de Viena)."""
    if not _is_bare_name(toks[last], lex):
        return False
    i = last - 1
    while i >= first:
        t = toks[i]
        if t.text[:1].isupper():
            if not _is_bare_name(t, lex):
                return False
        elif fold(t.text) not in ("de", "del", "la", "las", "los", "y"):
            break
        i -= 1
    return True
