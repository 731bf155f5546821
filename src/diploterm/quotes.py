"""Spanish spans in English articles: quotations, translated titles, pasted runs, glossed names.

Each span is a :class:`~diploterm.model.Segment` whose ``kind`` says how it was found:

* ``quote`` — a quotation in “” "" «» ‘’ (broken pairs too) whose language is Spanish;
* ``title`` — the Spanish original after ``Original article:`` / ``Título original:``;
* ``run`` — unquoted Spanish sentences, such as a pasted tweet;
* ``gloss`` — a Spanish acronym or name in parentheses after an English name
  (``Ministry of the Interior (Segob)``, ``Foreign Ministry (Cancillería)``);
* ``name`` — a capitalized Spanish name followed by a parenthesis, which may gloss it
  (``Secretaría de Gobernación (Interior Ministry)``);
* ``local`` — an unquoted Spanish name after 'known locally as' and the like
  (``the ministry, known locally as the Cancillería``).

Quotations that are English, names, URLs or handles are not Spanish spans.
"""

from __future__ import annotations

import re

from .lexicon import Lexicon, fold, forms, tokens
from .model import Document, Segment
from .segment import URL_RE, language, language_scores, quoted_spans, sentences

TITLE_RE = re.compile(
    # A sentence may come first: 'Translated from the Spanish. Original article: …'
    r"^[ \t]*(?:[^\n:“”\"«»]{0,80}?[.,;]?[ \t]+)?"
    r"(?:original (?:article|title|headline|story)|original spanish (?:title|headline)"
    r"|spanish (?:title|headline)|t[íi]tulo original|art[íi]culo original|t[íi]tulo|spanish original|in spanish"
    r"|translated from (?:the )?spanish(?: original)?"
    # 'This story was first published in Spanish as:', 'Read the Spanish version:'
    r"|[^\n:“”\"«»]{0,80}\b(?:in spanish|spanish (?:edition|version|original|headline|title))\b[^\n:“”\"«»]{0,40})"
    r"(?: \(spanish\))?[ \t]*:[ \t]*(?P<title>\S[^\n]*?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
PAREN_RE = re.compile(r"\((?P<inner>[^()\n]{1,80})\)")
ACRONYM_RE = re.compile(
    r"^[A-ZÁÉÍÓÚÑ](?:[A-Za-zÁÉÍÓÚÑáéíóúñ]{1,9}|[A-Za-z]{0,3}-[A-ZÁÉÍÓÚÑ][A-Za-zÁÉÍÓÚÑáéíóúñ]{1,6})$"
)
"""``Segob``, ``SRE``, ``T-MEC``."""
CONNECTORS = frozenset({"of", "the", "for", "and", "on", "de", "del", "la", "y", "&"})


def is_name(text: str, lex: Lexicon) -> bool:
    """Every word capitalized and none a word the lexicon knows: a name or nickname (``el Flaco``)."""
    words = [w for _, _, w in tokens(text)]
    content = [w for w in words if not lex.is_function_es(w)]
    return bool(content) and all(w[:1].isupper() and not lex.knows_es(w) for w in content)


def is_spanish_quote(seg: Segment, lex: Lexicon) -> bool:
    undecided = seg.lang is None and (
        spanish_term(seg.text, lex) or spanish_shaped(seg.text) or _tie_with_spanish_word(seg.text, lex)
    )
    if seg.lang != "es" and not undecided:
        return False
    text = seg.text.strip()
    if URL_RE.fullmatch(text.strip(" .,;:")) or not re.search(r"[^\W\d_]{2}", text):
        return False
    return not is_name(text, lex)


def _tie_with_spanish_word(text: str, lex: Lexicon) -> bool:
    """'mano dura': simplemma finds both languages equally; a word the Spanish lexicon knows
    and English does not decides it."""
    es, en = language_scores(text)
    words = [w for _, _, w in tokens(text)]
    return es == en >= 0.5 and any(lex.knows_es(w) and fold(w) not in lex.en_vocabulary for w in words)


def spanish_term(text: str, lex: Lexicon) -> bool:
    """A Spanish entry of the lexicon that is not also its own English (``nota verbal``, which
    language detection cannot tell from English, but not ``total``)."""
    words = tuple(fold(w) for _, _, w in tokens(text))
    if len(words) == 1:
        renderings = {(w,) for w in lex.words.get(words[0], ())} | lex.phrases.get(words, set())
    else:
        renderings = lex.phrases.get(words, set())
    return bool(renderings) and words not in renderings


_SPANISH_ENDING = re.compile(
    r"(?:[cs]ion|idad|ismo|ado|ada|ido|ida|icio|icia|io|ia|(?:[bcdfgjlmnprstvz]|qu|gu)eo|aje)$"
)
"""Endings of Spanish abstract nouns, participles and nouns of action ('chaqueo', 'peaje')
(folded); not '-istas' or plurals, which name groups ('chavistas') more often than they coin terms."""


def spanish_shaped(text: str) -> bool:
    """One lower-case word neither dictionary of simplemma knows (``feminicidio``) that is
    shaped like Spanish: detection cannot decide it, its ending can."""
    import simplemma

    words = [w for _, _, w in tokens(text)]
    return (
        len(words) == 1
        and words[0].islower()
        and len(words[0]) >= 5
        and not simplemma.is_known(words[0], lang="en")
        and bool(_SPANISH_ENDING.search(fold(words[0])))
    )


def english_acronym(acronym: str, name_words: list[str]) -> bool:
    """Whether *acronym* is made of the starts of the English name's words, in order
    (``OAS`` of Organization of American States, ``PUBT`` of Public Technologies).

    >>> english_acronym("PUBT", ["Public", "Technologies"])
    True
    >>> english_acronym("SRE", ["Secretariat", "of", "Foreign", "Relations"])
    False
    """
    target = acronym.lower()
    return any(_initials_fit(target, [w.lower() for w in tail]) for tail in _name_tails(name_words, keep_of=True))


def _name_tails(name_words: list[str], keep_of: bool = False) -> list[list[str]]:
    """The name's content words, and each tail of them that starts a phrase of its own: the
    acronym may stand for the end of a longer name ('Permanent Council of the | OAS', 'UN | Food
    and Agriculture Organization'), but not for a noun stripped of its modifiers ('Autonomous
    Binational | Authority of Lake Titicaca'). With *keep_of*, 'of' stays, as a word that may
    give its letter (DOJ, Department of Justice)."""
    tails = []
    for k, word in enumerate(name_words):
        if word.lower() in CONNECTORS:
            continue
        prev = name_words[k - 1] if k else ""
        if not prev or prev.lower() in CONNECTORS or prev.isupper() or re.search(r"['’]s?$", prev):
            tails.append([w for w in name_words[k:] if w.lower() not in CONNECTORS or (keep_of and w == "of")])
    return tails


def spanish_acronym_too(acronym: str, name: str, lex: Lexicon) -> bool:
    """Whether *acronym* is as much the initials of the English name's Spanish words in Spanish
    order (each noun before its modifiers): 'Ministry of Economy and Finance' and 'Ministerio de
    Economía y Finanzas' are both MEF, so the letters do not make it English; 'International
    Organization for Migration' is IOM only in English (OIM)."""
    target = acronym.lower()
    if len(target) < 3:
        return False  # two letters fit too many pairs of cognates ('Committee on Migration (CM)')
    chunks = [c.split() for c in re.split(r"[,&]|\b(?:of|the|for|and|on)\b", name) if c.strip()]
    spanish = [_spanish_words(w, lex) for chunk in chunks for w in chunk[-1:] + chunk[:-1]]
    return any(all(spanish[k:]) and _initials_fit_any(target, spanish[k:]) for k in _chunk_starts(chunks))


def _chunk_starts(chunks: list[list[str]]) -> list[int]:
    starts, k = [], 0
    for chunk in chunks:
        starts.append(k)
        k += len(chunk)
    return starts


def _spanish_words(english: str, lex: Lexicon) -> set[str]:
    """Folded Spanish words the lexicon renders by *english* (any of its forms) that begin with
    its letter, as cognates do (ministerio ~ ministry): only those can give an acronym the same
    letters in both languages."""
    en_forms = {fold(f) for f in forms(english, "en")} | {fold(english)}
    first = fold(english)[:1]
    return {es for es, ens in lex.words.items() if es[:1] == first and ens & en_forms}


def _initials_fit(target: str, words: list[str]) -> bool:
    """Whether *target* is made of a start of each word, in order; 'of' gives its letter or none."""
    return _initials_fit_any(target, [{"o", ""} if w == "of" else {w} for w in words])


def _initials_fit_any(target: str, alternatives: list[set[str]]) -> bool:
    """:func:`_initials_fit` where each word may be any of a set ('' for a word that may give nothing)."""

    def fits(i: int, j: int) -> bool:
        if j == len(alternatives):
            return i == len(target)
        if "" in alternatives[j] and fits(i, j + 1):
            return True
        return any(
            word and word.startswith(target[i:k]) and fits(k, j + 1)
            for k in range(i + 1, len(target) + 1)
            for word in alternatives[j]
        )

    return bool(alternatives) and fits(0, 0)


def name_before(text: str, end: int, places: set[str] | None = None) -> tuple[int, int] | None:
    """The capitalized English name ending just before *end* (``Ministry of the Interior``),
    without a leading possessive, article or demonym's country. A possessive stops the name
    when it names a place (*places*: folded English place names), not in ``Ombudsman's Office``."""
    toks = [t for t in tokens(text[max(0, end - 200) : end])]
    base = max(0, end - 200)
    if not toks or text[base + toks[-1][1] : end].strip():
        return None
    picked: list[tuple[int, int, str]] = []
    for tok in reversed(toks):
        _s, e, w = tok
        gap = text[base + e : base + (picked[0][0] if picked else end - base)]
        # 'National Society of Mining, Petroleum and Energy': a list inside a name.
        listed = gap.strip() == "," and any(w.lower() == "and" for _, _, w in picked) and w[:1].isupper()
        # 'Banana Industry Workers' Union': a plural possessive inside a name, unless it names a place.
        plural_owner = gap.strip() in ("'", "’") and w.endswith("s") and places is not None and fold(w) not in places
        if picked and ((gap.strip() not in ("", "-", "&") and not listed and not plural_owner) or "\n" in gap):
            break
        if (w.endswith(("'s", "’s")) or text[base + e : base + e + 2].startswith(("'s", "’s"))) and (
            places is None or fold(re.sub(r"['’]s$", "", w)) in places or not picked
        ):
            break
        if picked and picked[0][2].lower() == "the" and w.lower() not in CONNECTORS:
            break  # 'the' is inside a name only after a preposition (Council of the OAS), not 'Friday the'
        if w[:1].isupper() or (w.lower() in CONNECTORS and picked):
            picked.insert(0, tok)
        else:
            break
    while picked and (picked[0][2].lower() in CONNECTORS):
        picked.pop(0)
    # 'Leaders of the Southern Common Market (Mercosur)', 'the Members of the Andean Parliament (PA)':
    # a plural before 'of' names people of the body, not the body.
    if len(picked) > 2 and picked[1][2] == "of" and re.fullmatch(r"[A-Z][a-z]+[^s]s", picked[0][2]):
        picked = picked[2:]
        while picked and (picked[0][2].lower() in CONNECTORS):
            picked.pop(0)
    if not picked:
        return None
    return base + picked[0][0], base + picked[-1][1]


def common_name_before(text: str, end: int, lex: Lexicon) -> tuple[int, int] | None:
    """A lower-case institution name before a parenthesis (``the central bank (BCRA)``,
    ``Bolivia's state oil and gas company (YPFB)``): up to four words (five with a coordination)
    after an article or an owner, at least one known to the lexicon."""
    # 'the Cuban foreign ministry (Minrex)': a demonym may come first.
    m = re.search(
        r"(?:\b(?:[Tt]he|[Ii]ts|[Aa]n?)|\b[A-Z][a-z]+['’]s)[ \t]+"
        r"(?P<np>(?:[A-Z][a-z]+[ \t]+)?[a-z][a-z'’ -]{2,60}?)[ \t]*$",
        text[max(0, end - 80) : end],
    )
    if not m:
        return None
    np_start = m.start("np")
    owner = re.match(r"[a-z]+['’]s?[ \t]+", m.group("np"))
    if owner:  # 'the court's criminal chamber (Sala Penal)': the owner is no part of the name
        np_start += owner.end()
    words = m.group("np")[np_start - m.start("np") :].split()
    longest = 5 if "and" in words[1:-1] else 4
    if not 1 <= len(words) <= longest or not any(fold(w) in lex.en_vocabulary for w in words):
        return None
    if any(lex.is_function_en(w) and w not in ("of", "for", "and") for w in words):
        return None
    start = max(0, end - 80) + np_start
    return start, max(0, end - 80) + m.end("np")


def glossed_names(doc: Document, lex: Lexicon) -> list[Segment]:
    """Spanish acronyms and names given in parentheses after an English name."""
    out = []
    for m in PAREN_RE.finditer(doc.text):
        inner = m.group("inner").strip()
        start = m.start("inner") + (len(m.group("inner")) - len(m.group("inner").lstrip()))
        # '(OPS, by its Spanish initials)', '(Spanish acronym: OPS)': the label is the writer's.
        label = _LABEL_LEAD.match(inner)
        if label:
            inner, start = inner[label.end() :], start + label.end()
        label = _LABEL_TAIL.search(inner)
        if label and label.start():
            inner = inner[: label.start()]
        if URL_RE.search(inner) or not re.search(r"[^\W\d_]", inner) or inner[:1] in "@“”\"«»‘’'":
            continue
        seg = Segment(doc.path, start, start + len(inner), inner, "gloss", "es")
        span = name_before(doc.text, m.start(), lex.places_en) or common_name_before(doc.text, m.start(), lex)
        if span is None:
            # A Spanish phrase in parentheses after lower-case English (interference (injerencia)).
            if not ACRONYM_RE.match(inner) and language(inner) == "es" and len(inner.split()) <= 5:
                out.append(seg)
            continue
        name_words = [w for _, _, w in tokens(doc.text[span[0] : span[1]])]
        if _is_dateline(doc.text, span, name_words):
            continue
        # An institution's name has a word the lexicon knows (Ministry, Assembly); a person's has not.
        # An English acronym is a body's name too ('the USMCA (T-MEC)').
        acronyms = len(name_words) == 1 and len(name_words[0]) >= 3 and name_words[0].isupper() and inner.isupper()
        if not lex.en_vocabulary & {fold(w) for w in name_words} and not acronyms:
            continue
        both = re.fullmatch(r"(?P<name>[^,]+?),[ \t]*(?:or[ \t]+)?(?P<acronym>[A-ZÁÉÍÓÚÑ][A-Za-zÁÉÍÓÚÑ-]{1,9})", inner)
        if both and both.group("acronym").isupper() and language(both.group("name")) == "es":
            # '(Comunidad Andina, CAN)': the name and its acronym, each rendered by the English before.
            for part in ("name", "acronym"):
                a, b = start + both.start(part), start + both.end(part)
                out.append(Segment(doc.path, a, b, inner[both.start(part) : both.end(part)], "gloss", "es"))
            continue
        if ACRONYM_RE.match(inner) and (inner.isupper() or not language_scores(inner)[1]):
            spanish = (
                fold(inner) in lex.acronyms
                or not english_acronym(inner, name_words)
                or spanish_acronym_too(inner, doc.text[span[0] : span[1]], lex)
            )
            # A Spanish word in parentheses is as good as an acronym (Cancillería).
            if spanish and (inner.isupper() or fold(inner) in lex.acronyms or language(inner) != "en"):
                out.append(seg)
            continue
        # 'Armada del Ecuador' reads as both languages to simplemma; its grammar words are Spanish.
        spanish_grammar = any(w in ("de", "del", "la", "las", "los", "y", "para", "por") for w in inner.split())
        if (language(inner) == "es" or (language(inner) is None and spanish_grammar)) and len(inner.split()) <= 7:
            out.append(seg)
    return out


_SPANISH_LABEL = (
    r"(?:(?:(?:known[ \t]+)?(?:by|from|after)[ \t]+)?its[ \t]+)?(?:Spanish|local)[ \t]+"
    r"(?:acronym|initials|abbreviation|name)"
    r"|in[ \t]+Spanish"
)
_LABEL_LEAD = re.compile(rf"(?:{_SPANISH_LABEL})[ \t]*[,:]?[ \t]*", re.IGNORECASE)
_LABEL_TAIL = re.compile(rf"[ \t]*[,;:]?[ \t]*(?:{_SPANISH_LABEL})$", re.IGNORECASE)


def _is_dateline(text: str, span: tuple[int, int], name_words: list[str]) -> bool:
    """``GUATEMALA CITY (AP) —``: a place in capitals opening a paragraph names a news agency, not a gloss."""
    line_start = text.rfind("\n", 0, span[0]) + 1
    return not text[line_start : span[0]].strip(" \t*_") and all(w.isupper() for w in name_words)


_NAME_JOINERS = r"(?:de|del|el|la|las|los|y|e|para|por|contra|al)"
"""Grammar words inside a Spanish institution's name ('Ministerio del Poder Popular para
Relaciones Exteriores', 'Comisión contra la Impunidad')."""

SPANISH_NAME_RE = re.compile(
    r"(?<![\w“\"«‘])(?P<name>[A-ZÁÉÍÓÚÑ][\wáéíóúñü]+"
    rf"(?:[ \t]+(?:{_NAME_JOINERS}[ \t]+)*[A-ZÁÉÍÓÚÑ][\wáéíóúñü]+)*)"
    # followed by its English in parentheses, or in apposition: 'The Fiscalía General del Estado,
    # the Attorney General's Office, issued…', 'the Jurado Nacional de Elecciones, or National Elections Jury,',
    # 'the Mercado Común del Sur — the Southern Common Market —', 'the Cancillería, Colombia's foreign ministry'
    r"(?=[ \t]*\(|(?:,|[ \t]+[—–])[ \t]+(?:(?:the|an?|or)[ \t]+[^\W\d_]|[A-Z][\w]+['’]s[ \t]))"
)


def spanish_names(doc: Document, lex: Lexicon) -> list[Segment]:
    """Capitalized Spanish names followed by a parenthesis (``Secretaría de Gobernación (Interior Ministry)``)."""
    out = []
    for m in SPANISH_NAME_RE.finditer(doc.text):
        name, start = m.group("name"), m.start("name")
        lead = re.match(r"(?:(?:The|A|An|This|In|On|At|By|For|From|With|And|But|As)[ \t]+)+", name)
        if lead:
            name, start = name[lead.end() :], start + lead.end()
        words = name.split()
        line_start = doc.text.rfind("\n", 0, start) + 1
        if name.isupper() and not doc.text[line_start:start].strip(" \t*_"):
            continue  # 'SAN SALVADOR (Isthmus Wire) —' is a dateline and its agency
        # One word is a name only with Spanish spelling ('Ecuador's Cancillería (Foreign Ministry)'),
        # or as an acronym the parenthesis spells out as an institution ('Minex (Ministry of Foreign Affairs)').
        paren = _INSTITUTION_PAREN.match(doc.text, m.end("name"))
        spelled_out = False
        if paren and len(words) == 1 and fold(name) not in lex.en_vocabulary:
            inner = doc.text[paren.end() : doc.text.find(")", paren.end())]
            english = doc.text[m.end("name") : paren.end()] + inner
            # Not the English name's own acronym ('IOM (International Organization for Migration)').
            english_words = [w for _, _, w in tokens(english)]
            spelled_out = fold(name) not in fold(english) and not english_acronym(name, english_words)
        if len(words) < 2 and not (_SPANISH_LETTERS.search(name) and len(name) > 3) and not spelled_out:
            continue
        if spelled_out and len(words) < 2:
            out.append(Segment(doc.path, start, m.end("name"), name, "name", "es"))
            continue
        # Spanish by its grammar words or simplemma, and not an English name.
        if language(name) != "es" or not (
            any(w in ("de", "del", "la", "las", "los", "y", "para", "por", "contra", "al") for w in words)
            or _SPANISH_LETTERS.search(name)
            # 'Consejo Coordinador Empresarial': a word only Spanish has
            or any(lex.knows_es(w) and fold(w) not in lex.en_vocabulary for w in words)
        ):
            continue
        out.append(Segment(doc.path, start, m.end("name"), name, "name", "es"))
    return out


_SPANISH_LETTERS = re.compile(r"[ñáéíóúü]")
_INSTITUTION_PAREN = re.compile(
    r"[ \t]*\((?:the[ \t]+)?(?:[A-Z][a-z]+[ \t]+){0,3}(?:Ministry|Secretariat|Commission|Council|Office|Court|Agency"
    r"|Directorate|Institute|Service|Authority|Committee|Department|Superintendency)\b"
)

KNOWN_AS_LEAD = (
    r"(?:(?:also|locally|commonly|popularly|widely|often|simply|usually|generally)[ \t]+){0,2}"
    r"(?:known|referred[ \t]+to|called|termed)"
    r"(?:[ \t]+(?:locally|simply|here|there|at home|in Spanish|in [A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2}"
    r"|(?:on|in)[ \t]+the[ \t]+(?:island|region|country|ground|street|streets))){0,2}[ \t]+as"
    r"|(?:locally|in Spanish)[ \t]+called|called[ \t]+locally"
    r"|known[ \t]+by[ \t]+(?:its|their)[ \t]+(?:Spanish[ \t]+)?(?:acronym|initials|abbreviation)"
)
"""How an article introduces the Spanish name of a thing it has named in English."""

_LOCAL_NAME_RE = re.compile(
    rf"\b(?:{KNOWN_AS_LEAD})[ \t]+(?:(?:the|a|an)[ \t]+)?"
    r"(?P<x>[^\W\d_][\w’'-]*(?:[ \t]+[^\W\d_][\w’'-]*){0,4}?)(?=[ \t]*(?:[,.;:)!?]|[—–]|$))"
    # 'the Attorney General's Office, or Fiscalía,' / 'the immigration agency, the Superintendencia
    # Nacional de Migraciones,': a capitalized Spanish name in apposition (language-checked below).
    r"|,[ \t]+(?:or[ \t]+)?(?:the[ \t]+)?"
    r"(?P<y>[A-ZÁÉÍÓÚÑ][\wáéíóúñü]+(?:[ \t]+(?:(?:de|del|la|las|los|y)[ \t]+)*[A-ZÁÉÍÓÚÑ][\wáéíóúñü]+){0,5})"
    r"(?=[ \t]*[,.;:)]|[ \t]+[—–])",
    re.MULTILINE,
)


def local_names(doc: Document, taken: list[tuple[int, int]]) -> list[Segment]:
    """Unquoted Spanish names after 'known locally as' (``the ministry, known locally as the
    Cancillería``): the English it renders stands before."""
    out = []
    for m in _LOCAL_NAME_RE.finditer(doc.text):
        group = "x" if m.group("x") else "y"
        start, end = m.span(group)
        name = m.group(group)
        if any(a < end and start < b for a, b in taken):
            continue
        # An acronym ('known in Argentina as the BCRA') is Spanish unless it is the English name's initials.
        before = [w for _, _, w in tokens(doc.text[max(0, m.start() - 80) : m.start()])]
        acronym = ACRONYM_RE.match(name) and name.isupper() and len(name) >= 2
        if not (acronym and not english_acronym(name, before[-6:])) and language(name) != "es":
            continue
        if group == "y" and not (_SPANISH_LETTERS.search(name) or re.search(r"\b(?:de|del|la|las|los)\b", name)):
            continue  # an apposed name needs Spanish spelling or grammar to be told from an English one
        out.append(Segment(doc.path, start, end, name, "local", "es"))
    return out


def titles(doc: Document) -> list[Segment]:
    out = []
    for m in TITLE_RE.finditer(doc.text):
        text = m.group("title").rstrip(" .")
        closing = {"“": "”", "«": "»", '"': '"'}.get(text[:1])
        if closing and closing in text[1:]:
            end = text.index(closing, 1) + 1
            # '“…” (Cubadebate)', '«…». Translated by our editors': the title is what is quoted;
            # in '“Irrupción en la embajada”: Ecuador defiende…' the quote opens the title.
            if re.match(r"\s*(?:\(|[.,;—–]|$)", text[end:]):
                text = text[:end]
        if language(text) == "es":
            out.append(Segment(doc.path, m.start("title"), m.start("title") + len(text), text, "title", "es"))
    return out


def runs(doc: Document, taken: list[tuple[int, int]], lex: Lexicon) -> list[Segment]:
    """Unquoted Spanish sentences (a pasted tweet, a statement) outside quotations and titles."""
    out: list[Segment] = []
    for sent in sentences(doc):
        if sent.lang != "es" or any(a < sent.end and sent.start < b for a, b in taken):
            continue
        if re.search(r"\(@\w+\)", sent.text):
            continue  # a tweet's attribution line: "— Name (@handle) date"
        words = [w for _, _, w in tokens(URL_RE.sub(" ", sent.text)) if not w.isdigit()]
        es, en = language_scores(sent.text)
        if len(words) < 4 or es < 0.6 or en >= 0.5 or is_name(sent.text, lex):
            continue
        out.append(Segment(doc.path, sent.start, sent.end, sent.text, "run", "es"))
    return out


def spanish_spans(doc: Document, lex: Lexicon) -> list[Segment]:
    """Every Spanish span of an English article, sorted by position."""
    found = titles(doc)
    title_spans = [(s.start, s.end) for s in found]
    for q in quoted_spans(doc):
        if any(a <= q.start and q.end <= b for a, b in title_spans):
            continue
        if is_spanish_quote(q, lex):
            found.append(q)
    quotes = [(s.start - 1, s.end + 1) for s in quoted_spans(doc)]
    found.extend(runs(doc, title_spans + quotes, lex))
    found.extend(glossed_names(doc, lex))
    taken = [(s.start, s.end) for s in found]
    found.extend(n for n in spanish_names(doc, lex) if not any(a < n.end and n.start < b for a, b in taken))
    found.extend(local_names(doc, [(s.start - 1, s.end + 1) for s in found] + quotes))
    return sorted(found, key=lambda s: (s.start, s.end))
