"""A quoted Spanish sentence and the English sentence that renders it nearby.

Where the English stands is the strongest evidence: right after the quote's attribution
(``“Nicaragua no acepta lecciones de nadie,” Murillo said. Nicaragua accepts lessons from no
one, she said.``), after a marker (``That is,``), before the quote (``…, the minister said:
“…”``) or as the clause reported after it (``“…,” the ministry said the country would…``). Word
links (lexicon, names, cognates, numbers) and length fit then decide; they may be weak when the
place and the length agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import fold, lemma
from ..model import Document, Segment
from ..segment import language
from .phrases import EnglishText, Unit, Window, has_finite_verb, window_lex


@dataclass(frozen=True)
class _Option:
    """An English sentence that may translate the quote."""

    start: int
    """Where *sentence* starts in the document."""
    sentence: str
    restated: bool
    """The writer restates the quote ('…, she said.', 'His point was that'): little shared vocabulary will do."""
    after_attribution: bool = False
    """It follows a sentence that only attributes the quote."""


def sentence_translation(
    doc: Document, en: EnglishText, seg: Segment, stretch: list[Unit]
) -> tuple[int, int, float, Window | None] | None:
    """English tokens ``[lo, hi)`` of the sentence that translates the quoted *seg*, with its
    word-link score and links: right after the quote, after a marker such as 'In other words,',
    the reported clause after its attribution, the next sentence of the paragraph (an
    attribution like 'Patiño said.' may stand between), or the sentence before the quote."""
    options = _options_after(doc, seg) + _options_before(doc, seg)
    # Words of the whole quotation, article included: the English keeps its 'The'.
    n_es = len(re.findall(r"\w+", seg.text))
    # 'la mejor oferta que hemos recibido' is a noun phrase: its verb is in a relative clause;
    # 'una vía legal, segura y ordenada' too, whatever simplemma makes of 'segura'.
    words = re.findall(r"[^\W\d_]+", seg.text)
    np_like = bool(words) and fold(words[0]) in NP_OPENERS and not any(lemma(w, "es") in COPULAS for w in words)
    clause = not np_like and has_finite_verb(re.split(r"\bque\b", seg.text, maxsplit=1)[0], en.lex)
    numbers = set(re.findall(r"\d+", seg.text))
    exclamation = seg.text.strip().startswith("¡") or seg.text.strip().rstrip('”"»’').endswith("!")
    best = None
    for option in options:
        start, sentence, reattributed = option.start, option.sentence, option.restated
        lead = None if clause else COPULA_LEAD.match(sentence) or NAMING_LEAD.search(sentence)
        if lead:
            # 'It is an arbitrary decision' renders the noun phrase 'una decisión arbitraria',
            # and restates it as plainly as a repeated attribution does.
            start, sentence = start + lead.end(), sentence[lead.end() :]
            reattributed = True
        if language(sentence) == "es" or numbers - set(re.findall(r"\d+", sentence)):
            continue
        for piece_start, piece_end in clause_ranges(sentence):
            lo, hi = en.index_range(start + piece_start, start + piece_end)
            if hi - lo < 2:
                continue
            lex, window = window_lex(stretch, en, lo, hi - 1)
            if not clause and not lead and window is not None:
                # 'It offers a legal, safe and orderly route' renders 'una vía legal, segura y ordenada'
                # from the noun phrase on: its determiner and the words before its first link.
                np_start = _noun_phrase_start(en, lo, window.links[0].en_first)
                if 0 < np_start - lo <= 2:  # a subject and its verb, no more
                    lo = np_start
                    lex, window = window_lex(stretch, en, lo, hi - 1)
            ratio = (hi - lo) / max(1, n_es)
            # Right after the quote (or its attribution) a sentence of the same length is a
            # translation on weaker word evidence: the position is the stronger signal.
            # An exclamation ('¡Fuera los de afuera!') is a chant: its place proves nothing.
            tight = 0.6 <= ratio <= 1.5 and not exclamation
            floor = SENTENCE_MIN_LEX_REATTRIBUTED if reattributed else SENTENCE_MIN_LEX_TIGHT
            if option.after_attribution and not lead:
                floor = min(floor, SENTENCE_MIN_LEX_AFTER_ATTRIBUTION)
            if not (0.5 <= ratio <= 2.0) or lex < (floor if tight else SENTENCE_MIN_LEX):
                continue
            if best is None or lex > best[2]:
                best = (lo, hi, lex, window)
    return best


def _options_after(doc: Document, seg: Segment) -> list[_Option]:
    """The sentences after the quote: right after it, after a marker or a restatement the writer
    announces, the reported clause after its attribution, the next sentence; for a block quote,
    the opening of the next paragraph."""
    text = doc.text
    line_end = text.find("\n", seg.end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[seg.end : line_end]
    base = seg.end
    if seg.kind == "quote" and not re.search(r"\w", rest):
        # A quotation set as its own paragraph (a block quote): the translation opens the next one.
        # (A pasted post, unquoted, is paraphrased piecemeal instead: see echoes.)
        following = re.compile(r"\n[\s>]*(?=[^\s>])").match(text, line_end)
        if following:
            line_end = text.find("\n", following.end())
            line_end = len(text) if line_end < 0 else line_end
            base = following.end()
            rest = text[base:line_end]
    starts = []
    marker = TRANSLATION_MARKER.search(rest[:120])
    if marker:
        starts.append(base + marker.end())
    # 'His point … was that …', 'In practice, that means …': the writer announces a restatement.
    framing = FRAMING.search(rest[:240])
    framed = base + framing.end() if framing else None
    if framed is not None:
        starts.append(framed)
    after = re.match(r"[^\w]*", rest)
    starts.append(base + (after.end() if after else 0))
    reported = REPORTED_SPEECH.match(rest)
    if reported:
        starts.append(base + reported.end())
    boundary = re.search(r"[.!?][”\"»’]?\s+(?=[“\"«‘]?[A-Z])", rest)
    if boundary:
        starts.append(base + boundary.end())
    # '“…”, the vice minister told reporters. <English>': the sentence right after a bare
    # attribution is where writers put their translation.
    attributed = re.match(rf"[^\w]*[^.!?\n“”\"«»]{{0,80}}\b{REPORTING_VERBS}\b[^.!?\n“”\"«»]{{0,60}}[.!?]\s+", rest)
    after_attribution = base + attributed.end() if attributed else None
    # A quotation of two sentences is translated by two.
    n_sentences = len(re.findall(r"[.!?][ \t]+(?=[¿¡A-ZÁÉÍÓÚÑ])", seg.text.strip())) + 1
    options = []
    for start in dict.fromkeys(starts):
        m = re.match(rf"(?:[^\n]*?[.!?](?=\s|$)){{{n_sentences}}}|[^\n]*?[.!?](?=\s|$)|[^\n]+", text[start:line_end])
        if m and m.group().strip():
            # '…, she said.' after a quote already attributed by name: the writer repeats the quote in English.
            restated = start == framed or bool(PRONOUN_ATTRIBUTION.search(m.group()))
            options.append(_Option(start, ATTRIBUTION.sub("", m.group()), restated, start == after_attribution))
    return options


def _options_before(doc: Document, seg: Segment) -> list[_Option]:
    """The sentence before the quote, when an attribution joins the two ('Ecuador will not
    yield, the minister said: “…”') or it simply comes first, maybe after a short lead-in."""
    text = doc.text
    line_start = text.rfind("\n", 0, seg.start) + 1
    before = text[line_start : max(line_start, seg.start - 1)]
    lead_in = LEAD_ATTRIBUTION.search(before)
    if lead_in:
        head = before[: lead_in.start()]
        cut = [b.end() for b in re.finditer(r"[.!?][”\"»’]?\s+(?=[A-Z])", head)]
        first = cut[-1] if cut else len(head) - len(head.lstrip())
        return [_Option(line_start + first, head[first:], True)]
    # 'Peru will not yield. «El Perú no cederá»'; '“Without water…,” he said. In Spanish, his words were: «…»'.
    ends = [b.end() for b in re.finditer(r"[.!?][”\"»’]?(?:\s+(?=[“\"«‘]?[A-Z])|\s*$)", before)]
    lead = before[ends[-1] :] if ends else before
    if not ends or not (not lead.strip() or (lead.rstrip().endswith(":") and len(lead.split()) <= 8)):
        return []
    first = ends[-2] if len(ends) > 1 else 0
    sentence = before[first : ends[-1]].rstrip()
    opened = len(sentence) - len(sentence.lstrip(' “"«‘'))
    sentence = ATTRIBUTION.sub("", sentence[opened:]).rstrip(' ”"»’.,')
    return [_Option(line_start + first + opened, sentence, False)]


CLAUSE_BREAK = re.compile(
    r"[ \t]*[:;][ \t]+|[ \t]+[—–][ \t]+|[ \t]*[“”\"«»][ \t]*|[ \t]+that[ \t]+"
    r"|,[ \t]+(?:(?:and|but|which|who|that)[ \t]+)?"
)
"""Where a sentence's clauses meet: a colon, a dash, a quote mark, 'that', a comma ('His words,
that X, drew applause': the translation is the part between the commas)."""


def clause_ranges(sentence: str) -> list[tuple[int, int]]:
    """The sentence and each run of its clauses (see :data:`CLAUSE_BREAK`), longest first: in
    'His message, in short: Ecuador cannot…' or 'Her point was that remittances are not…' only
    one part renders the quote, and word coverage in both directions picks it.

    >>> s = "In short: Ecuador cannot pay"
    >>> [s[a:b] for a, b in clause_ranges(s)]
    ['In short: Ecuador cannot pay', 'Ecuador cannot pay', 'In short']
    """
    cuts = [(m.start(), m.end()) for m in CLAUSE_BREAK.finditer(sentence) if m.start() > 0 and m.end() < len(sentence)]
    if not cuts:
        return [(0, len(sentence))]
    starts = [0] + [e for _, e in cuts]
    ends = [s for s, _ in cuts] + [len(sentence)]
    ranges = [(starts[i], ends[j]) for i in range(len(starts)) for j in range(i, len(ends))]
    ranges.sort(key=lambda r: (r[0] - r[1], r[0]))
    return ranges


NP_OPENERS = frozenset({"el", "la", "los", "las", "un", "una", "unos", "unas"})
COPULAS = frozenset({"ser", "estar", "haber"})


def _noun_phrase_start(en: EnglishText, lo: int, first_link: int) -> int:
    """Where the noun phrase holding token *first_link* starts, after a subject and verb before it:
    back over content words to a determiner, if there is one (else *lo*)."""
    i = first_link
    while i > lo and en.content[i - 1] and not en.crosses_break(i - 1, i):
        i -= 1
    if i > lo and en.toks[i - 1].text.lower() in ("a", "an", "the"):
        return i - 1
    return lo


SENTENCE_MIN_LEX = 0.6
SENTENCE_MIN_LEX_TIGHT = 0.45
SENTENCE_MIN_LEX_REATTRIBUTED = 0.2
SENTENCE_MIN_LEX_AFTER_ATTRIBUTION = 0.35
"""Word evidence a following sentence needs to be taken as a quote's translation: the second
when its length fits the Spanish closely, the third when it also ends in 'he said' (a free
translation: 'en regla' ~ 'in order'), the fourth when it follows a sentence that only attributes
the quote."""

REPORTING_VERBS = (
    r"(?:said|says|told|tells|added|adds|stated|states|wrote|writes|explained|explains|insisted|insists"
    r"|replied|answered|declared|announced|argued|argues|noted|notes|warned|warns|tweeted|posted|stressed"
    r"|asked|repeated|conceded|acknowledged|admitted|recalled|observed|remarked|emphasi[sz]ed|maintained"
    r"|claimed|contended|countered|cautioned|concluded|complained|protested|pledged|promised|vowed)"
)
"""The verbs that attribute a quotation, in every pattern below: one list, so that a writer's
'she argued' is an attribution wherever it stands."""

REPORTED_SPEECH = re.compile(
    r"[.,!?]?[”\"»’]?,?[ \t]+(?:the|a|an)?[ \t]*[^,.\n“”\"«»]{0,50}?\b"
    rf"{REPORTING_VERBS}(?:[ \t]+that)?[ \t]+(?=[a-z])"
)
"""'“Cuba no renunciará…,” the ministry said the country would never give up…': the reported
clause after the attribution renders the quote."""

LEAD_ATTRIBUTION = re.compile(
    rf",[ \t]+(?:the[ \t]+|a[ \t]+)?[^,.\n“”\"«»]{{0,60}}?\b{REPORTING_VERBS}\b"
    r"[^,.\n“”\"«»]{0,40}[:,][ \t]*$"
)
"""'…, the foreign minister said on Thursday:' between an English sentence and the quote it renders."""

PRONOUN_ATTRIBUTION = re.compile(
    r",[ \t]+(?:he|she|they|the[ \t]+[a-z]+(?:[ \t]+[a-z]+)?)[ \t]+"
    rf"{REPORTING_VERBS}\b[^\n]*$"
)
"""'…, she said.' or '…, the bishop said.' after a quote already attributed: a restatement."""

NAMING_LEAD = re.compile(
    r"^[^.;:“”\"«»]{0,80}?\b(?:called|calls|described|describes|termed|dubbed|labell?ed)[ \t]+"
    r"(?:it|this|that|them|the[ \t]+(?:deal|move|plan|step|decision|agreement|accord))[ \t]+(?:as[ \t]+)?"
)
"""'Officials in Lima called it a historic step…': what follows names the quoted noun phrase."""

COPULA_LEAD = re.compile(r"(?:It|This|That|They|These|Those)(?:['’]s|[ \t]+(?:is|was|are|were))[ \t]+")

REPORTING_VERB = re.compile(rf"\b{REPORTING_VERBS}\b")

ATTRIBUTION = re.compile(
    rf",[ \t]+(?:the[ \t]+|a[ \t]+)?[^,.\n]{{0,60}}?\b{REPORTING_VERBS}\b[^\n]*$"
    r"|,[ \t]+(?:in[ \t]+[^,.\n]{0,40}?\bwords|as[ \t]+[^,.\n]{0,30}?\bput[ \t]+it|according[ \t]+to)\b[^\n]*$"
)
"""A trailing 'the foreign minister told reporters.' (or ', in the minister's words', ', as she put
it', ', according to …') is not part of the translated sentence, nor what follows it ('…, he added
in English for the foreign press.')."""

FRAMING = re.compile(
    r"\b(?:point|message|argument|meaning|gist|line|warning|pledge|promise|complaint)\b[^.!?\n“”\"«»]{0,60}?"
    r"\b(?:was|is)[ \t]+(?:that[ \t]+)?|\b(?:that|which|this)[ \t]+means?[ \t]+(?:that[ \t]+)?",
    re.IGNORECASE,
)
"""Words that announce a restatement of what was just quoted."""

TRANSLATION_MARKER = re.compile(
    r"(?:That is|In other words|Put (?:simply|plainly|another way|differently)|Simply put"
    r"|Translated|Translation|In translation|In English|Meaning|Roughly translated"
    r"|In (?:his|her|their|the minister's|plain|simple) (?:own )?(?:words|English)"
    r"|(?:The (?:line|phrase|message|statement|sentence) )?(?:translates|translated|reads) (?:as|to))"
    r"[,:]?[ \t]+(?:that[ \t]+)?",
    re.IGNORECASE,
)
