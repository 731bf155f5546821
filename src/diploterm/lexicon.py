"""Which Spanish and English words translate each other, and why.

Three kinds of knowledge, all offline:

* the curated diplomatic lexicon shipped in ``data/lexicon.tsv`` (plus grammar words,
  which link but are never terms on their own), and general news vocabulary in
  ``data/general.tsv`` (about 5 000 lemmas) so that quoted sentences and loose glosses
  have enough word links to be recognised as translations;
* the project's approved termbase (``glossary/terms/``), when a project is given;
* CLDR territory and language names from babel (``Perú`` = ``Peru``).

and one rule: cognates (``diplomática`` ~ ``diplomatic``) after accent folding and
suffix rewriting (-ción/-tion, -dad/-ty, -ismo/-ism, -ario/-ary, ...).

>>> lex = default_lexicon()
>>> lex.word_link("extraterritorialidad", "extraterritoriality")
'cognate'
>>> lex.word_link("inamistoso", "unfriendly")
'lexicon'
>>> lex.word_link("Perú", "Peru")
'cldr'
>>> lex.word_link("derecho", "direct") is None
True
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from rapidfuzz import fuzz

from .errors import InputError

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
"""A token: letters and digits; hyphens split (``safe-conduct`` is two tokens)."""

# es suffix -> en suffixes. Order matters only for speed; every variant is tried.
_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cion", ("tion", "sion")),
    ("sion", ("sion",)),
    ("dad", ("ty",)),
    ("tad", ("ty",)),
    ("ismo", ("ism",)),
    ("ista", ("ist",)),
    ("ario", ("ary",)),
    ("ador", ("ator", "er", "or")),
    ("edor", ("er", "or")),
    ("aria", ("ary",)),
    ("encia", ("ence", "ency")),
    ("ancia", ("ance", "ancy")),
    ("ente", ("ent",)),
    ("ante", ("ant",)),
    ("oso", ("ous",)),
    ("osa", ("ous",)),
    ("ivo", ("ive",)),
    ("iva", ("ive",)),
    ("ico", ("ic", "ical")),
    ("ica", ("ic", "ical")),
    ("ia", ("y", "ia")),
    ("mente", ("ly",)),
    ("miento", ("ment",)),
    ("izar", ("ize",)),
    ("ificar", ("ify",)),
    ("ado", ("ate", "ated", "ed")),
    ("ada", ("ate", "ated", "ed")),
    ("ar", ("ate", "e", "")),
    ("er", ("e", "")),
    ("ir", ("e", "")),
    ("al", ("al",)),
)


_EN_GRAMMAR = frozenset(
    {"the", "and", "for", "with", "from", "into", "onto", "out", "off", "upon", "about", "one", "not", "any", "all"}
    | {"who", "what", "that", "this", "its", "their", "his", "her", "our", "get", "make", "take", "put", "set"}
)
"""Words of a multi-word rendering that are no evidence on their own ('take part', 'no one')."""


@functools.lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Lowercase without accents; how words are compared across the two languages.

    >>> fold("Cancillería")
    'cancilleria'
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of *text* as ``(start, end, word)``.

    >>> [t[2] for t in tokens("the “safe-conduct,” pass")]
    ['the', 'safe', 'conduct', 'pass']
    """
    return [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]


@functools.lru_cache(maxsize=65536)
def lemma(word: str, lang: str) -> str:
    """simplemma's lemma of *word* (lowercased first, as it is case-sensitive)."""
    import simplemma

    return simplemma.lemmatize(word.lower(), lang=lang)


@functools.lru_cache(maxsize=262144)
def forms(word: str, lang: str) -> frozenset[str]:
    """The folded surface form and the folded lemma of *word*.

    >>> sorted(forms("Peruvians", "en"))
    ['peruvian', 'peruvians']
    """
    folded, base = fold(word), fold(lemma(word, lang))
    if lang == "en" and base == folded and len(folded) > 4 and folded.endswith("s") and folded[-2] not in "siu'":
        # simplemma leaves plurals it does not know as they are ('Peruvians', 'Salvadorans').
        base = folded[:-1]
    return frozenset({folded, base})


_VERB_ENDINGS = ("aron", "ieron", "amos", "emos", "imos", "an", "en", "as", "es", "ió", "io", "ó", "o", "a", "e")


@functools.lru_cache(maxsize=65536)
def verb_infinitives(word: str) -> frozenset[str]:
    """Infinitives a folded Spanish verb form may come from, undoing stem changes that
    simplemma misses (``mienten`` is ``mentir``, not ``mentar``; ``pide`` is ``pedir``).

    >>> "mentir" in verb_infinitives("mienten"), "pedir" in verb_infinitives("pide")
    (True, True)
    """
    out = set()
    for ending in _VERB_ENDINGS:
        if not word.endswith(ending) or len(word) - len(ending) < 2:
            continue
        stem = word[: -len(ending)]
        stems = {stem}
        for changed, plain in (("ie", "e"), ("ue", "o"), ("i", "e")):
            k = stem.rfind(changed)
            if k >= 0:
                stems.add(stem[:k] + plain + stem[k + len(changed) :])
        out.update(st + inf for st in stems for inf in ("ar", "er", "ir"))
    return frozenset(out)


_NOMINAL_ENDINGS = (("amiento", ("ar",)), ("imiento", ("er", "ir")), ("acion", ("ar",)), ("icion", ("ir", "er")))


def nominal_verbs(word: str) -> frozenset[str]:
    """Infinitives a folded Spanish action noun is made from: writers render the noun with the
    verb's English gerund ('restablecimiento de relaciones' ~ 'restoring relations').

    >>> sorted(nominal_verbs("reanudaciones")), sorted(nominal_verbs("restablecimiento"))
    (['reanudar'], ['restablecer', 'restablecir'])
    """
    singular = word[:-2] if word.endswith("es") else word
    for ending, infinitives in _NOMINAL_ENDINGS:
        if singular.endswith(ending) and len(singular) > len(ending) + 2:
            stem = singular[: -len(ending)]
            return frozenset(stem + inf for inf in infinitives)
    return frozenset()


def masculine_singular(word: str) -> frozenset[str]:
    """Masculine singular forms a folded Spanish adjective or noun may have (``segura``,
    ``seguras``: ``seguro``), which simplemma does not always give.

    >>> sorted(masculine_singular("seguras"))
    ['segura', 'seguro']
    """
    out = set()
    for w in {word, word[:-1] if word.endswith("s") else word}:
        out.add(w)
        if w.endswith("a"):
            out.add(w[:-1] + "o")
        if w.endswith("e"):
            out.add(w[:-1])
    if word.endswith("es"):
        out.add(word[:-2])
    out.discard(word)
    return frozenset(out)


def _stem_variants(es: str) -> set[str]:
    out = {es}
    for suffix, targets in _SUFFIXES:
        if es.endswith(suffix) and len(es) - len(suffix) >= 3:
            out.update(es[: -len(suffix)] + t for t in targets)
    if es[-1:] in "aoe" and len(es) >= 4:
        out.update(v[:-1] for v in list(out) if v[-1:] in "aoe")
    # Spanish puts an e before s + consonant (estatus ~ status, espíritu ~ spirit).
    if re.match(r"es[^aeiou]", es):
        out.update(v[1:] for v in list(out))
    return out


@functools.lru_cache(maxsize=65536)
def is_cognate(es: str, en: str) -> bool:
    """Orthographic cognates after folding and suffix rules (``soberanía`` ~ ``sovereignty`` is not one).

    >>> is_cognate("diplomática", "diplomatic"), is_cognate("inviolabilidad", "inviolability")
    (True, True)
    >>> is_cognate("embajada", "embassy")
    False
    """
    best = 0.0
    for a in {fold(es), fold(lemma(es, "es"))}:
        for b in {fold(en), fold(lemma(en, "en"))}:
            # Spanish puts an e before s + consonant: the first letters then differ (estratégico ~ strategic).
            if len(a) < 4 or len(b) < 4 or (a[0] != b[0] and not (re.match(r"es[^aeiou]", a) and b[0] == "s")):
                continue
            for variant in _stem_variants(a):
                best = max(best, fuzz.ratio(variant, b), fuzz.ratio(variant, b.rstrip("e")))
    return best >= 86


@dataclass
class Lexicon:
    """Bilingual links: single words and multi-word units, both directions by folded form."""

    words: dict[str, set[str]] = field(default_factory=dict)
    """folded Spanish word (surface or lemma) -> folded English words."""
    phrases: dict[tuple[str, ...], set[tuple[str, ...]]] = field(default_factory=dict)
    """folded Spanish token sequence -> folded English token sequences."""
    cldr: dict[str, set[str]] = field(default_factory=dict)
    function_es: set[str] = field(default_factory=set)
    function_en: set[str] = field(default_factory=set)
    connectives: set[tuple[str, ...]] = field(default_factory=set)
    """Multi-word grammar (``como respuesta a``): links, and also ends a term."""
    demonyms_en: set[str] = field(default_factory=set)
    acronyms: set[str] = field(default_factory=set)
    """Folded Spanish acronyms the lexicon knows (``sre``, ``segob``)."""
    en_vocabulary: set[str] = field(default_factory=set)
    places_en: set[str] = field(default_factory=set)
    """Folded English territory names (CLDR): ``Colombia's`` ends a name, ``Ombudsman's`` does not."""
    _cache: dict[tuple[str, str], str | None] = field(default_factory=dict, repr=False)
    _es_forms: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _by_first: dict[str, list[tuple[str, ...]]] | None = field(default=None, repr=False)

    def add(self, es: str, en_alternatives: Iterable[str], kind: str = "word") -> None:
        self._by_first = None
        self._cache.clear()
        self._es_forms.clear()
        es_toks = tuple(fold(t[2]) for t in tokens(es))
        en_seqs = {tuple(fold(t[2]) for t in tokens(alt)) for alt in en_alternatives}
        en_seqs.discard(())
        if kind == "en-function":  # its Spanish column is unused ('*')
            self.function_en.update(seq[0] for seq in en_seqs if len(seq) == 1)
            return
        if not es_toks:
            return
        for seq in en_seqs:
            self.en_vocabulary.update(seq)
        if kind == "function":
            if len(es_toks) == 1:
                self.function_es.add(es_toks[0])
                self.function_en.update(seq[0] for seq in en_seqs if len(seq) == 1)
            else:
                self.connectives.add(es_toks)
        if kind == "demonym":
            self.demonyms_en.update(seq[0] for seq in en_seqs if len(seq) == 1)
        if kind == "acronym":
            self.acronyms.add(es_toks[0])
        if len(es_toks) == 1:
            singles = {seq[0] for seq in en_seqs if len(seq) == 1}
            if kind == "word":
                # 'acatar' ~ 'abide by', 'narcotráfico' ~ 'drug trafficking': each content word of a
                # multi-word rendering is word evidence too (the phrase itself links as a unit).
                singles |= {w for seq in en_seqs if len(seq) > 1 for w in seq if len(w) > 2 and w not in _EN_GRAMMAR}
            if singles:
                self.words.setdefault(es_toks[0], set()).update(singles)
        multi = {seq for seq in en_seqs if len(seq) > 1 or len(es_toks) > 1}
        if multi:
            self.phrases.setdefault(es_toks, set()).update(multi)

    def phrases_starting(self, first: str) -> list[tuple[str, ...]]:
        """Phrase and connective keys whose first folded token is *first*."""
        if self._by_first is None:
            index: dict[str, list[tuple[str, ...]]] = {}
            for key in sorted(self.phrases.keys() | self.connectives):
                index.setdefault(key[0], []).append(key)
            self._by_first = index
        return self._by_first.get(first, [])

    def is_function_es(self, word: str) -> bool:
        return bool(forms(word, "es") & self.function_es) and fold(word) not in self.words.keys() - self.function_es

    def is_function_en(self, word: str) -> bool:
        return fold(word) in self.function_en

    def knows_es(self, word: str) -> bool:
        return bool(forms(word, "es") & (self.words.keys() | self.cldr.keys()))

    def word_link(self, es: str, en: str) -> str | None:
        """How the Spanish word *es* links to the English word *en*: ``lexicon``, ``cldr``,
        ``identical``, ``cognate``, or ``None``."""
        key = (es, en)
        if key not in self._cache:
            self._cache[key] = self._link(es, en)
        return self._cache[key]

    def spanish_forms(self, es: str) -> frozenset[str]:
        """:func:`forms` of *es*, and when the lexicon knows neither, the infinitive or masculine
        singular it may come from (simplemma misses some: ``mienten``, ``segura``)."""
        if es not in self._es_forms:
            found = forms(es, "es")
            if not found & self.words.keys():
                guesses = verb_infinitives(fold(es)) | masculine_singular(fold(es))
                found = found | {v for v in guesses if v in self.words}
            # An action noun also links through its verb ('negociación' ~ 'negotiating').
            found = found | {v for v in nominal_verbs(fold(es)) if v in self.words}
            self._es_forms[es] = found
        return self._es_forms[es]

    def _link(self, es: str, en: str) -> str | None:
        es_forms, en_forms = self.spanish_forms(es), forms(en, "en")
        for f in es_forms:
            if self.words.get(f, set()) & en_forms:
                return "lexicon"
            if self.cldr.get(f, set()) & en_forms:
                return "cldr"
        if fold(es) == fold(en) and (len(es) > 1 or es.isdigit()):
            return "identical"
        if en.isdigit() and NUMBERS_ES.get(fold(es)) == int(en):
            return "identical"  # 'treinta días' ~ '30 days': the same number
        if not es.isdigit() and is_cognate(es, en):
            return "cognate"
        return None


NUMBERS_ES = {
    word: value
    for value, words in enumerate(
        (
            "cero",
            "uno un una",
            "dos",
            "tres",
            "cuatro",
            "cinco",
            "seis",
            "siete",
            "ocho",
            "nueve",
            "diez",
            "once",
            "doce",
            "trece",
            "catorce",
            "quince",
            "dieciseis",
            "diecisiete",
            "dieciocho",
            "diecinueve",
            "veinte",
        )
    )
    for word in words.split()
} | {
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "setenta": 70,
    "ochenta": 80,
    "noventa": 90,
    "cien": 100,
    "ciento": 100,
    "mil": 1000,
}
"""Spanish number words (folded) and their values: writers render them in digits."""


def _read_tsv(lex: Lexicon, text: str, where: str) -> None:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            raise InputError("a lexicon line needs 'spanish<TAB>english[<TAB>kind]'", where, number)
        kind = cols[2].strip() if len(cols) > 2 and cols[2].strip() else "word"
        lex.add(cols[0].strip(), [a.strip() for a in cols[1].split("|")], kind)


def _add_cldr(lex: Lexicon) -> None:
    from babel import Locale

    es, en = Locale("es"), Locale("en")
    for table in ("territories", "languages"):
        es_names, en_names = getattr(es, table), getattr(en, table)
        for code, es_name in es_names.items():
            en_name = en_names.get(code)
            if not en_name or "(" in es_name or (code.isdigit() and table == "territories"):
                continue
            es_toks = tuple(fold(t[2]) for t in tokens(es_name))
            en_toks = tuple(fold(t[2]) for t in tokens(en_name))
            if table == "territories":
                lex.places_en.add(" ".join(en_toks))
            if len(es_toks) == 1 and len(en_toks) == 1:
                lex.cldr.setdefault(es_toks[0], set()).add(en_toks[0])
            elif es_toks and en_toks:
                lex.phrases.setdefault(es_toks, set()).add(en_toks)


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicons plus CLDR names (no termbase): the curated diplomatic lexicon, then
    general news vocabulary that gives quoted sentences and loose glosses enough word links to
    be recognised as translations."""
    return _shipped("lexicon.tsv", "general.tsv")


@functools.lru_cache(maxsize=1)
def curated_lexicon() -> Lexicon:
    """The curated diplomatic lexicon and CLDR names only: the sentence aligner's seed, whose
    confidence scores were calibrated on it (general words such as 'efecto' ~ 'effect' would
    outvote the learned 'a los efectos' ~ 'for the purpose')."""
    return _shipped("lexicon.tsv")


def _shipped(*names: str) -> Lexicon:
    lex = Lexicon()
    for name in names:
        text = resources.files("diploterm").joinpath(f"data/{name}").read_text(encoding="utf-8")
        _read_tsv(lex, text, f"diploterm/data/{name}")
    _add_cldr(lex)
    return lex


TERMBASE_MAX_WORDS = 5
"""Longer termbase entries (titles, sentences) would swallow the terms inside them."""


def project_lexicon(concepts: Iterable) -> Lexicon:
    """The default lexicon plus the termbase's non-deprecated es/en pairs of up to five words."""
    import copy

    lex = copy.deepcopy(default_lexicon())
    lex._cache.clear()
    lex._es_forms.clear()
    lex._by_first = None
    for concept in concepts:
        es_terms = [
            t.term for t in concept.es if t.status != "deprecated" and len(tokens(t.term)) <= TERMBASE_MAX_WORDS
        ]
        en_terms = [
            t.term for t in concept.en if t.status != "deprecated" and len(tokens(t.term)) <= TERMBASE_MAX_WORDS
        ]
        if en_terms:
            for es in es_terms:
                lex.add(es, en_terms, "word")
    return lex
