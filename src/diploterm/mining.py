"""Term pairs mined from a parallel document pair (``glossary extract --parallel ES EN``).

The two texts are sentence-aligned (:mod:`diploterm.align.sentences`); then
multiword phrases that look like terms (2-5 words, content words at both
ends, no finite verb in Spanish, an English phrase ending in its head noun, no
cut through a longer noun phrase) are collected from both sides of every
aligned link, merged by lemma (``Estados acreditantes`` = ``Estado
acreditante``), and paired by how consistently they occur in the same links
(Dice coefficient), backed by word-level evidence: a dictionary learned from
the links, the aligner's seed lexicon and cognates (``misión``/``mission``).
Pairs are chosen by competitive linking, best first, so each phrase gets at
most one rendering; free combinations around an accepted term ("territorio del
Estado receptor") and coordinations of two nouns score lower.

Tuned on the Vienna Convention (benchmarks/parallel/vienna_terms.tsv holds the
hand-checked pairs); the thresholds are conservative, so other texts should
be checked against their own gold pairs before they are relied on.

Offsets: ``es_span`` indexes the Spanish file's text, ``en_span`` the English
file's text (both as decoded, after a UTF-8 BOM), at the first link where the
pair occurs together. ``doc`` is the Spanish file relative to the project root;
the English file is named in the evidence.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .align.sentences import DocumentAlignment, align_texts, approved_terms, cognate_form, fold, lemma, seed_lexicon
from .model import Candidate
from .project import Project


def _words(text: str) -> list[str]:
    """The whitespace-separated words of *text* (keeps long word lists readable)."""
    return text.split()


PATTERN = "parallel-cooccurrence"
DEFAULT_MIN_CONFIDENCE = 0.85
MIN_COUNT = 2
"""A pair must co-occur in at least this many aligned links."""
MIN_LINK_CONFIDENCE = 0.3
MAX_WORDS = 5
COMPOSITIONAL_SHARE = 0.25
"""A phrase pair holding an accepted pair must occur at least this share as often to count as a term."""
MIN_SUPPORT = 0.5
"""Share of a pair's content words that must have a counterpart (learned, seed or cognate)."""

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)

# Words that may sit inside a phrase but never start or end one.
_ES_INNER = frozenset(["de", "del", "la", "las", "los", "el", "y", "e", "o", "u"])
_EN_INNER = frozenset(["of", "the", "and", "or", "for"])
_ES_STOP = frozenset(
    _words(
        """
        a al ante bajo con contra de del desde durante en entre hacia hasta mediante para por según sin
        so sobre tras el la los las lo un una unos unas y e o u ni que quien quienes cual cuales cuyo
        cuya cuyos cuyas como cuando donde este esta estos estas ese esa esos esas aquel aquella dicho
        dicha dichos dichas tal tales su sus se le les me te nos él ella ellos ellas ello mismo misma
        mismos mismas otro otra otros otras todo toda todos todas cada cualquier cualquiera alguno
        alguna algunos algunas ninguno ninguna ningún no sí si más menos muy ya también sólo solo
        tampoco así aun aún pero sino salvo excepto es son será serán sea sean ha han haya hayan había
        está están estará estarán presente presentes dentro fuera caso modo forma fin efecto efectos
        parte
        """
    )
)
_EN_STOP = frozenset(
    _words(
        """
        a an the of to in on at by for from with without within into onto upon under over about against
        between among through during before after and or nor but not no any all each every either
        neither both other such same this that these those which who whom whose what where when while if
        as than then so thus its it his her their them they he she him is are be been being was were
        shall may must should would will can could has have had do does did also only present case
        purpose purposes regard respect accordance thereof hereof therein
        """
    )
)


@dataclass(frozen=True)
class _Phrase:
    key: tuple[str, ...]
    """Lemmas, folded: the identity of a phrase across its inflected forms."""
    surface: str
    start: int
    end: int


# Endings of English participles and adjectives, which modify a noun that follows.
_EN_MODIFIER_ENDINGS = ("ing", "ed", "ly", "ic", "ical", "ive", "ous", "ble", "ary", "ial", "nal")
_CONJ_ES = frozenset(["y", "e", "o", "u"])
_CONJ_EN = frozenset(["and", "or"])
_PARTICIPLE = ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas")


def _is_participle_es(low: str) -> bool:
    return fold(low).endswith(_PARTICIPLE) and lemma(low, "es").endswith(("ar", "er", "ir"))


_NOMINAL_ENDINGS = ("ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas", "nte", "ntes")


def _is_verb_es(token: str) -> bool:
    """A finite Spanish verb form (``podrá``, ``gozarán``): its lemma is an infinitive
    it differs from. Participles and ``-nte`` forms stay: they head or qualify terms
    (``Estado``, ``encargado de negocios``, ``Estado acreditante``)."""
    low = token.lower()
    lem, form = lemma(low, "es"), fold(low)
    if form in (lem + "es", lem + "s"):  # a plural: particulares, consulares, lugares
        return False
    return lem != form and lem.endswith(("ar", "er", "ir")) and not form.endswith(_NOMINAL_ENDINGS)


def _phrases(text: str, start: int, end: int, lang: str) -> list[_Phrase]:
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    stop = _ES_STOP if lang == "es" else _EN_STOP
    inner = _ES_INNER if lang == "es" else _EN_INNER
    ok_edge = []
    ok_inner = []
    ok_last = []
    for tok, _, _ in tokens:
        low = tok.lower()
        content = len(low) >= 3 and not low.isdigit() and low not in stop
        # Capitalised words in legal text are nouns (Estado), whatever the lemmatiser says.
        if content and lang == "es" and not tok[0].isupper() and _is_verb_es(tok):
            content = False
        ok_edge.append(content)
        ok_inner.append(content or low in inner)
        # A noun phrase ends in its head noun (en) or an adjective (es), not in a
        # participle left over from a relative clause ("categories mentioned").
        if lang == "en":
            ok_last.append(content and not (len(low) > 4 and low.endswith(_EN_MODIFIER_ENDINGS)))
        else:
            ok_last.append(content and (tok[0].isupper() or not _is_participle_es(low)))

    def glued(a: int, b: int) -> bool:
        """Tokens a and b are neighbours with only a space between them."""
        return 0 <= a < len(tokens) and 0 <= b < len(tokens) and not text[tokens[a][2] : tokens[b][1]].strip()

    def cut(before: int, after: int) -> bool:
        """Does the phrase edge between these tokens cut a longer noun phrase?

        Either a content word touches it ("receiving | State"), or a conjunction
        after the phrase joins it to one ("administrative | and technical staff")."""
        if not glued(before, after):
            return False
        if ok_edge[before] and ok_edge[after]:
            return True
        if after != before + 1 or before < 0:
            return False
        # Spanish only: an adjective coordination continues the phrase
        # ("personal administrativo | y técnico"); in English the conjunction
        # more often joins two complements ("instrument of ratification | or accession").
        conj = _CONJ_ES
        return lang == "es" and tokens[after][0].lower() in conj and glued(after, after + 1) and ok_edge[after + 1]

    out = []
    for i in range(len(tokens)):
        # A phrase that starts or ends next to another content word is a cut
        # through a longer noun phrase ("territory of the receiving | State").
        if not ok_edge[i] or cut(i - 1, i):
            continue
        # Spanish adjectives follow their noun: a phrase that opens with a
        # lowercase word right after "y"/"o" + content word continues a
        # coordination ("personal administrativo y | técnico de la misión").
        if (
            lang == "es"
            and tokens[i][0].islower()
            and i >= 2
            and tokens[i - 1][0].lower() in _CONJ_ES
            and ok_edge[i - 2]
            and glued(i - 2, i - 1)
            and glued(i - 1, i)
        ):
            continue
        for j in range(i + 1, min(len(tokens), i + MAX_WORDS)):
            if not ok_inner[j]:
                break
            # A phrase does not run across punctuation (a comma, a parenthesis).
            gap = text[tokens[j - 1][2] : tokens[j][1]]
            if gap.strip():
                break
            # English puts modifiers first, so a phrase there ends at its head noun
            # (ok_last) and may be followed by a verb; Spanish modifiers follow.
            if not ok_last[j] or (lang == "es" and cut(j, j + 1)):
                continue
            # "párrafo | 2", "Article | 31": the number belongs to the phrase.
            if j + 1 < len(tokens) and tokens[j + 1][0].isdigit() and glued(j, j + 1):
                continue
            s, e = tokens[i][1], tokens[j][2]
            key = tuple(lemma(t.lower(), lang) for t, _, _ in tokens[i : j + 1])
            out.append(_Phrase(key, text[s:e], s, e))
    return out


def _word_dice(
    es_sets: Sequence[set[str]], en_sets: Sequence[set[str]], min_count: int = 2
) -> dict[tuple[str, str], float]:
    ces: Counter[str] = Counter()
    cen: Counter[str] = Counter()
    pair: Counter[tuple[str, str]] = Counter()
    for a, b in zip(es_sets, en_sets, strict=True):
        ces.update(a)
        cen.update(b)
        pair.update((x, y) for x in a for y in b)
    return {(x, y): 2 * c / (ces[x] + cen[y]) for (x, y), c in pair.items() if c >= min_count}


def _cognate(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    if len(a) < 4 or len(b) < 4:
        return a == b
    return fuzz.ratio(cognate_form(a), b) >= 80 and a[:2] == b[:2]


def _word_support(
    es_key: tuple[str, ...], en_key: tuple[str, ...], dice: dict[tuple[str, str], float]
) -> tuple[float, list[str]]:
    """Share of content words on both sides that have a counterpart (learned or cognate)."""
    es_words = [w for w in es_key if w not in _ES_INNER]
    en_words = [w for w in en_key if w not in _EN_INNER]
    matched_es, matched_en, why = set(), set(), []
    for x in es_words:
        seed = seed_lexicon().get(x, ())
        for y in en_words:
            d = dice.get((x, y), 0.0)
            if y in seed:
                matched_es.add(x)
                matched_en.add(y)
                why.append(f"{x}={y} (lexicon)")
            elif d >= 0.3 or _cognate(x, y):
                matched_es.add(x)
                matched_en.add(y)
                why.append(f"{x}={y}" + (f" (Dice {d:.2f})" if d >= 0.3 else " (cognate)"))
    total = len(es_words) + len(en_words)
    return (len(matched_es) + len(matched_en)) / total if total else 0.0, why


def mine(
    alignment: DocumentAlignment,
    *,
    min_count: int = MIN_COUNT,
    min_confidence: float = 0.0,
) -> list[tuple[_Phrase, _Phrase, float, list[str]]]:
    """Phrase pairs of an aligned document pair, best first: (es, en, score, evidence)."""
    links = [link for link in alignment.links if link.es and link.en and link.confidence >= MIN_LINK_CONFIDENCE]
    es_side: list[list[_Phrase]] = []
    en_side: list[list[_Phrase]] = []
    es_words: list[set[str]] = []
    en_words: list[set[str]] = []
    for link in links:
        s0, s1 = alignment.es[link.es[0]].start, alignment.es[link.es[-1]].end
        t0, t1 = alignment.en[link.en[0]].start, alignment.en[link.en[-1]].end
        es_side.append(_phrases(alignment.es_text, s0, s1, "es"))
        en_side.append(_phrases(alignment.en_text, t0, t1, "en"))
        es_words.append({lemma(m.group().lower(), "es") for m in _TOKEN.finditer(alignment.es_text, s0, s1)} - _ES_STOP)
        en_words.append({lemma(m.group().lower(), "en") for m in _TOKEN.finditer(alignment.en_text, t0, t1)} - _EN_STOP)
    es_count: Counter[tuple[str, ...]] = Counter()
    en_count: Counter[tuple[str, ...]] = Counter()
    for phrases in es_side:
        es_count.update({p.key for p in phrases})
    for phrases in en_side:
        en_count.update({p.key for p in phrases})
    pair_count: Counter[tuple[tuple[str, ...], tuple[str, ...]]] = Counter()
    first: dict[tuple, tuple[_Phrase, _Phrase]] = {}
    surfaces: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for es_phrases, en_phrases in zip(es_side, en_side, strict=True):
        es_first = {}
        for p in es_phrases:
            if es_count[p.key] >= min_count:
                es_first.setdefault(p.key, p)
                surfaces[p.key][p.surface] += 1
        en_first = {}
        for p in en_phrases:
            if en_count[p.key] >= min_count:
                en_first.setdefault(p.key, p)
                surfaces[p.key][p.surface] += 1
        for ek, ep in es_first.items():
            for nk, np_ in en_first.items():
                if abs(len(ek) - len(nk)) > 2:
                    continue
                pair_count[(ek, nk)] += 1
                first.setdefault((ek, nk), (ep, np_))
    dice = _word_dice(es_words, en_words, min_count=3)
    scored = []
    for (ek, nk), c in pair_count.items():
        if c < min_count:
            continue
        # The +1 keeps two chance co-occurrences from scoring like seventy.
        d = 2 * c / (es_count[ek] + en_count[nk] + 1)
        if d < 0.3:
            continue
        support, why = _word_support(ek, nk, dice)
        # Without word-level support a high Dice on a handful of sentences is
        # chance (two phrases that happen to share their only two sentences).
        if support < MIN_SUPPORT:
            continue
        # Terms and their renderings have as many content words, give or take one
        # ("Estado acreditante" / "sending State"); a mismatch hints at a cut phrase.
        n_es = sum(1 for w in ek if w not in _ES_INNER)
        n_en = sum(1 for w in nk if w not in _EN_INNER)
        fit = 1.0 - 0.1 * abs(n_es - n_en)
        # Two nouns joined by a conjunction ("bienes y archivos") are usually a
        # free pairing; the fixed doublets of legal texts recur often enough to
        # stay above the threshold ("privilegios e inmunidades").
        if n_es == 2 and len(ek) == 3 and ek[1] in _CONJ_ES:
            fit *= 0.85 + 0.15 * min(1.0, c / 8)
        # A conjunction followed by an article or preposition joins two noun
        # phrases ("la llegada y la salida", "ratificación o de adhesión").
        elif any(w in _CONJ_ES and nxt in _ES_INNER for w, nxt in itertools.pairwise(ek)):
            fit *= 0.85
        score = round((0.4 * d + 0.6 * support) * fit, 2)
        if score < min_confidence:
            continue
        evidence = [f"co-occur in {c} aligned sentences (es {es_count[ek]}, en {en_count[nk]}; Dice {d:.2f})", *why]
        scored.append((score, c, ek, nk, evidence))
    # Competitive linking: best score first; a phrase takes one rendering.
    scored.sort(key=lambda t: (-t[0], -t[1], t[2], t[3]))
    used_es: set[tuple[str, ...]] = set()
    used_en: set[tuple[str, ...]] = set()
    out = []
    for score, _c, ek, nk, evidence in scored:
        if ek in used_es or nk in used_en:
            continue
        used_es.add(ek)
        used_en.add(nk)
        if _compositional(ek, nk, pair_count, out):
            continue
        ep, np_ = first[(ek, nk)]
        es_surface = _best_surface(surfaces[ek], ep.surface)
        en_surface = _best_surface(surfaces[nk], np_.surface)
        out.append(
            (
                _Phrase(ek, es_surface, ep.start, ep.end),
                _Phrase(nk, en_surface, np_.start, np_.end),
                score,
                evidence,
            )
        )
    return out


def _contains(long_: tuple[str, ...], short: tuple[str, ...]) -> bool:
    n = len(short)
    return len(long_) > n and any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


def _compositional(ek: tuple[str, ...], nk: tuple[str, ...], pair_count: Counter, accepted: list) -> bool:
    """A pair built around an accepted term pair, but rare beside it, is a free
    combination ("territorio del Estado receptor"), not a term of its own; one as
    frequent as the term it contains ("miembro del personal diplomático") stays."""
    c = pair_count[(ek, nk)]
    for es, en, _score, _ev in accepted:
        if _contains(ek, es.key) and _contains(nk, en.key) and c < COMPOSITIONAL_SHARE * pair_count[(es.key, en.key)]:
            return True
    return False


def _best_surface(forms: Counter[str], fallback: str) -> str:
    """The most frequent written form; a lowercase one wins a tie (sentence-initial capitals are noise)."""
    if not forms:
        return fallback
    return min(forms.items(), key=lambda kv: (-kv[1], kv[0] != kv[0].lower(), len(kv[0]), kv[0]))[0]


def extract_parallel(
    project: Project,
    es_path: Path,
    en_path: Path,
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    terms: Iterable[tuple[str, str]] | None = None,
) -> list[Candidate]:
    """Term pairs (Spanish phrase, English rendering) from a parallel document pair.

    ``Candidate.doc`` is *es_path* relative to the project root; ``es_span``
    indexes the Spanish file, ``en_span`` the English file (named in
    ``evidence``). Approved termbase terms anchor the alignment.
    """
    from .yamlio import read_text_file

    if terms is None:
        from .termbase import load_termbase

        terms = approved_terms(load_termbase(project))
    es_text, en_text = read_text_file(Path(es_path)), read_text_file(Path(en_path))
    alignment = align_texts(es_text, en_text, terms=list(terms))
    doc = project.relpath(Path(es_path))
    en_doc = project.relpath(Path(en_path))
    out = []
    for es, en, score, evidence in mine(alignment, min_confidence=min_confidence):
        out.append(
            Candidate(
                es=es.surface,
                en=en.surface,
                doc=doc,
                es_span=(es.start, es.end),
                en_span=(en.start, en.end),
                pattern=PATTERN,
                confidence=score,
                evidence=(f"en_span in {en_doc}", *evidence),
            )
        )
    return out
