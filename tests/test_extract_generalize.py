"""Extraction patterns found on independently written articles: each case is a fresh wording,
not a held-out article's text (those stay in benchmarks/extract/ for scoring)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from diploterm.align.sentences_after_quotes import clause_ranges
from diploterm.cli import cli
from diploterm.lexicon import is_cognate

from .test_extract_units import pairs


def found(text: str, tmp_path: Path) -> dict[tuple[str, str], str]:
    return {(es, en): pattern for es, en, pattern in pairs(text, tmp_path)}


@pytest.mark.parametrize(
    ("text", "es", "en", "pattern"),
    [
        (  # the translation sits in a clause after a framing colon
            "«Uruguay no va a abandonar a sus ciudadanos en el exterior», the minister said. "
            "Her point, in short: Uruguay will not abandon its citizens abroad.\n",
            "Uruguay no va a abandonar a sus ciudadanos en el exterior",
            "Uruguay will not abandon its citizens abroad",
            "sentence-translation",
        ),
        (  # an English version in quote marks right after the Spanish one
            "«El acuerdo protege a los trabajadores de ambos países», Ruiz said. "
            "“The agreement protects the workers of both countries,” read the ministry's English summary.\n",
            "El acuerdo protege a los trabajadores de ambos países",
            "The agreement protects the workers of both countries",
            "sentence-translation",
        ),
        (  # reported speech two paragraphs later
            "The senator was blunt: “Paraguay no aceptará presiones de ninguna potencia extranjera.”\n\n"
            "Markets barely moved.\n\n"
            "Diplomats in Asunción noted the senator's warning that Paraguay would not accept pressure from any "
            "foreign power, and said talks would resume in May.\n",
            "Paraguay no aceptará presiones de ninguna potencia extranjera",
            "Paraguay would not accept pressure from any foreign power",
            "paraphrase",
        ),
        (  # an attribution with a verb other than 'said', and a tail after it
            "“No permitiremos que se use nuestro territorio contra un país vecino”, the minister said in Quito. "
            "Ecuador will not allow its territory to be used against a neighbouring country, she insisted, "
            "recalling the 2008 raid.\n",
            "No permitiremos que se use nuestro territorio contra un país vecino",
            "Ecuador will not allow its territory to be used against a neighbouring country",
            "sentence-translation",
        ),
        (  # a free translation right after a bare attribution: the place vouches for it
            "“El comercio no puede quedar rehén de la política”, the trade minister told reporters. "
            "Trade cannot be held hostage by politics.\n",
            "El comercio no puede quedar rehén de la política",
            "Trade cannot be held hostage by politics",
            "sentence-translation",
        ),
        (  # a quotation set as a block quote, translated in the next paragraph
            "## Consulates\n\n> «Ningún salvadoreño debe esperar meses por un pasaporte.»\n\n"
            "No Salvadoran should wait months for a passport, the vice minister said.\n",
            "Ningún salvadoreño debe esperar meses por un pasaporte",
            "No Salvadoran should wait months for a passport",
            "sentence-translation",
        ),
        (  # a broken-quote clause after a dash: the dash opens the quote, the next sentence translates it
            "The statement called the talks useful but slow—»una negociación que no se resuelve con prisas», "
            "it read. A negotiation that cannot be settled in a hurry, the ministry added.\n",
            "una negociación que no se resuelve con prisas",
            "A negotiation that cannot be settled in a hurry",
            "sentence-translation",
        ),
        (  # reported speech inside a longer clause, cut where the rendering ends
            "The envoy ended his speech with a line: “Chile no tiene puerto para Bolivia, pero tiene diálogo.”\n\n"
            "Bolivian commentators were unimpressed.\n\n"
            "Later that week, the envoy's remark that Chile has no port for Bolivia but it has dialogue was "
            "widely shared online.\n",
            "Chile no tiene puerto para Bolivia, pero tiene diálogo",
            "Chile has no port for Bolivia but it has dialogue",
            "paraphrase",
        ),
        (  # a trailing 'in the minister's words' is no part of the translation
            "«Queremos una relación madura con Washington», dijo el canciller — we want a mature relationship "
            "with Washington, in the minister's words.\n",
            "Queremos una relación madura con Washington",
            "we want a mature relationship with Washington",
            "sentence-translation",
        ),
        (  # a quoted noun phrase named again after 'called it'
            "Chile and Argentina signed the accord on Friday as «un hito para la cooperación minera». "
            "Analysts in Santiago called it a milestone for mining cooperation.\n",
            "un hito para la cooperación minera",
            "a milestone for mining cooperation",
            "sentence-translation",
        ),
        (  # 'meaning that …' after the attribution
            "“La deuda no se paga con hambre”, the minister said, meaning that debt is not paid with hunger.\n",
            "La deuda no se paga con hambre",
            "debt is not paid with hunger",
            "sentence-translation",
        ),
        (  # 'called it' after an opening phrase with a comma
            "The note denounced ‘una medida arbitraria que afecta a miles de familias’. In its English version, "
            "the embassy called it an arbitrary measure that affects thousands of families.\n",
            "una medida arbitraria que afecta a miles de familias",
            "an arbitrary measure that affects thousands of families",
            "sentence-translation",
        ),
        (  # the translation set off by commas inside a longer sentence
            "“Chile no va a militarizar la frontera norte”, the interior minister said. Her promise, that Chile "
            "will not militarize the northern border, was met with doubts in Arica.\n",
            "Chile no va a militarizar la frontera norte",
            "Chile will not militarize the northern border",
            "sentence-translation",
        ),
        (  # the English first, then the Spanish it translates
            "The minister was categorical. Guatemala will not accept a safe third country deal. "
            "«Guatemala no aceptará un acuerdo de tercer país seguro», she said on Monday.\n",
            "Guatemala no aceptará un acuerdo de tercer país seguro",
            "Guatemala will not accept a safe third country deal",
            "sentence-translation",
        ),
        (  # the English quoted first, the Spanish after a short lead-in
            "“We will not sign under pressure,” the negotiator told the press. In his own language: "
            "«No vamos a firmar bajo presión».\n",
            "No vamos a firmar bajo presión",
            "We will not sign under pressure",
            "sentence-translation",
        ),
        (  # a loose restatement the writer announces ('Her message … was that')
            "“No vamos a negociar con una pistola en la cabeza”, the minister told the assembly. "
            "Her message, aides said later, was that Quito would not bargain under threat.\n",
            "No vamos a negociar con una pistola en la cabeza",
            "Quito would not bargain under threat",
            "sentence-translation",
        ),
        (  # a quoted noun phrase repeated in English inside a later clause
            "Ortega called the sanctions “una agresión contra nuestro pueblo” on Tuesday.\n\n"
            "Washington did not respond.\n\n"
            "On Wednesday he repeated that the measures were an aggression against our people and left for Havana.\n",
            "una agresión contra nuestro pueblo",
            "aggression against our people",
            "paraphrase",
        ),
    ],
)
def test_quoted_sentences_and_their_translations(tmp_path, text, es, en, pattern):
    assert found(text, tmp_path).get((es, en)) == pattern


def test_an_unlabelled_spanish_title_pairs_with_the_headline(tmp_path):
    text = (
        "Honduras Reopens Consulate in Managua After Two Years\n\n"
        "The story first ran in the Spanish edition as “Honduras reabre su consulado en Managua tras dos años”, "
        "and was updated on Monday.\n"
    )
    pairs = found(text, tmp_path)
    es = "Honduras reabre su consulado en Managua tras dos años"
    assert pairs.get((es, "Honduras Reopens Consulate in Managua After Two Years")) == "translated-title"


def test_a_title_introduced_by_a_sentence_about_the_spanish_edition(tmp_path):
    text = (
        "Paraguay Recalls Ambassador From Caracas\n\n"
        "ASUNCIÓN — The government recalled its envoy on Friday.\n\n"
        "This story was first published in Spanish as: Paraguay retira a su embajador de Caracas\n"
    )
    es, en = "Paraguay retira a su embajador de Caracas", "Paraguay Recalls Ambassador From Caracas"
    assert found(text, tmp_path).get((es, en)) == "translated-title"


def test_a_title_line_with_a_sentence_before_the_label_and_a_source_after(tmp_path):
    text = (
        "Chile and Peru Sign Fisheries Pact\n\n"
        "Adapted from the Spanish. Original article: “Chile y Perú firman un pacto pesquero” (La Tercera)\n\n"
        "SANTIAGO — The two governments signed the pact on Tuesday.\n"
    )
    titles = {es: en for (es, en), pattern in found(text, tmp_path).items() if pattern == "translated-title"}
    assert titles == {"“Chile y Perú firman un pacto pesquero”": "Chile and Peru Sign Fisheries Pact"}


def test_a_term_inside_a_title_stops_before_a_time_complement(tmp_path):
    text = (
        "Guatemala and Belize Reopen Border Markets After a Year of Disputes\n\n"
        "Original article: “Guatemala y Belice reabren los mercados fronterizos tras un año de disputas”\n"
    )
    pairs = found(text, tmp_path)
    assert pairs.get(("mercados fronterizos", "border markets")) == "phrase"
    assert not any(es.startswith("mercados fronterizos tras") for es, _ in pairs)


def test_a_chant_introduced_after_a_comma_is_not_glossed_by_what_precedes(tmp_path):
    text = "The rally closed with the crowd's favourite slogan, “¡Patria o muerte, venceremos!”\n"
    assert found(text, tmp_path) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Defensoría del Pueblo, the national ombudsman's office, asked for calm.\n",
            {("Defensoría del Pueblo", "national ombudsman's office")},
        ),
        ("Thousands filled the Plaza de la Constitución, the main square, on Sunday.\n", set()),
        (
            "Talks with the Sistema de la Integración Centroamericana — the Central American Integration System — "
            "resume in May.\n",
            {("Sistema de la Integración Centroamericana", "Central American Integration System")},
        ),
        (
            "The note was signed by the Cancillería, Peru's foreign ministry, on Friday.\n",
            {("Cancillería", "foreign ministry")},
        ),
        (
            "The chair of the Consejo Nacional Electoral, or National Electoral Council, spoke at noon.\n",
            {("Consejo Nacional Electoral", "National Electoral Council")},
        ),
        (
            "The Interior Ministry, known locally simply as Gobernación, issued the permit.\n",
            {("Gobernación", "Interior Ministry")},
        ),
    ],
)
def test_spanish_names_glossed_after_a_comma(tmp_path, text, expected):
    assert set(found(text, tmp_path)) == expected


def test_a_spanish_name_and_its_acronym_in_one_parenthesis(tmp_path):
    text = "The Central American Parliament (Parlamento Centroamericano, PARLACEN) met in Guatemala City.\n"
    pairs = found(text, tmp_path)
    assert ("Parlamento Centroamericano", "Central American Parliament") in pairs
    assert ("PARLACEN", "Central American Parliament") in pairs


def test_a_spanish_acronym_spelled_out_as_an_english_institution(tmp_path):
    pairs = found("Honduras’s Sedecoas (Health Ministry Secretariat) confirmed the figures.\n", tmp_path)
    assert pairs.get(("Sedecoas", "Health Ministry Secretariat")) == "name-gloss"
    assert not found("The report came from Oxfam (Oxfam Research Institute) on Friday.\n", tmp_path)
    assert not found("The IOM (International Organization for Migration) counted arrivals.\n", tmp_path)


@pytest.mark.parametrize(
    ("text", "es", "en"),
    [
        (  # '(Name, or ACRONYM)' gives both
            "The Southern Common Market (Mercado Común del Sur, or MERCOSUR) met in Asunción.\n",
            "Mercado Común del Sur",
            "Southern Common Market",
        ),
        (  # an echo reaches over an article to a preposition both sides have
            "The ministry wrote:\n\nLa relación se reconstruirá sobre la base del diálogo y la confianza.\n\n"
            "Officials said ties would be rebuilt «on the basis of dialogue and trust».\n",
            "sobre la base del diálogo y la confianza",
            "on the basis of dialogue and trust",
        ),
        (  # a clause rendered far away keeps its subject
            "The governor was firm: “No vamos a permitir que se cierre el puente sin consulta.”\n\n"
            "Truckers were unconvinced.\n\n"
            "Her warning that we will not allow the bridge to be closed without consultation was printed on banners.\n",
            "No vamos a permitir que se cierre el puente sin consulta",
            "we will not allow the bridge to be closed without consultation",
        ),
    ],
)
def test_renderings_keep_what_the_spanish_has(tmp_path, text, es, en):
    assert (es, en) in found(text, tmp_path)


def test_a_quoted_place_name_is_not_translated(tmp_path):
    text = "Crowds gathered in «Plaza de Mayo» again; Mayo Square, as tourists call it, was closed to traffic.\n"
    assert not any(es == "Plaza de Mayo" for es, _ in found(text, tmp_path))


def test_renderings_lose_a_possessive_and_may_hold_the_spanish_commas(tmp_path):
    text = (
        "The ministry posted:\n\nBolivia presentará la queja ante la Comunidad Andina esta semana.\n\n"
        "The Andean Community’s secretariat in Lima confirmed it had received the complaint.\n"
    )
    assert ("Comunidad Andina", "Andean Community") in found(text, tmp_path)
    text = (
        "The Treaty of Peace, Friendship and Navigation, known in Spanish as the “Tratado de Paz, Amistad y "
        "Navegación”, dates from 1856.\n"
    )
    assert ("Tratado de Paz, Amistad y Navegación", "Treaty of Peace, Friendship and Navigation") in found(
        text, tmp_path
    )


def test_a_spanish_name_simplemma_cannot_place_is_spanish_by_its_grammar_words(tmp_path):
    pairs = found("The Chilean Navy (Armada de Chile) escorted the vessel to Arica.\n", tmp_path)
    assert ("Armada de Chile", "Chilean Navy") in pairs


def test_a_quoted_word_rendered_in_plain_english_elsewhere(tmp_path):
    text = (
        "Lima Braces for Renegotiation of Gas Contract\n\n"
        "In Congress the word on every lip was «renegociación». Ministers insist the renegotiation "
        "will respect existing investors, and a nickname, «el Tigre», followed the minister around.\n"
    )
    pairs = found(text, tmp_path)
    assert pairs.get(("renegociación", "renegotiation")) == "paraphrase"
    assert not any(es == "el Tigre" or es == "Tigre" for es, _ in pairs)


def test_an_english_term_that_reads_as_spanish_is_still_a_rendering(tmp_path):
    text = "Caracas sent a note verbale (“nota verbal”) to the Guyanese embassy on Friday.\n"
    assert found(text, tmp_path).get(("nota verbal", "note verbale")) == "parenthetical"


def test_an_echo_keeps_a_negation_the_english_has(tmp_path):
    text = (
        "The health ministry posted:\n\n"
        "Ninguna familia quedará sin atención médica en la frontera.\n\n"
        "It promised that «no family will be left without medical care» in border towns, "
        "and that «any clinic» could help.\n"
    )
    pairs = found(text, tmp_path)
    assert pairs.get(("Ninguna familia quedará sin atención médica", "no family will be left without medical care"))


def test_echoes_keep_the_preposition_and_the_word_both_sides_have(tmp_path):
    text = (
        "The summit's final declaration reads:\n\n"
        "Los países de la región actuarán con pleno respeto a la soberanía de cada Estado y sin presiones "
        "externas.\n\n"
        "Delegates promised to act «with full respect for the sovereignty of each State» and «without "
        "external pressure», and the host thanked them «for their patience».\n"
    )
    pairs = found(text, tmp_path)
    assert pairs.get(
        ("con pleno respeto a la soberanía de cada Estado", "with full respect for the sovereignty of each State")
    )
    assert pairs.get(("sin presiones externas", "without external pressure"))


def test_an_echo_widens_over_a_grammar_word_on_the_side_the_english_asks(tmp_path):
    text = (
        "The ministry wrote:\n\n"
        "Celebramos la reanudación de vuelos directos entre ambas capitales y la cooperación consular.\n\n"
        "It welcomed «resuming direct flights between both capitals» in a short note.\n"
    )
    pair = ("reanudación de vuelos directos entre ambas capitales", "resuming direct flights between both capitals")
    assert found(text, tmp_path).get(pair)


def test_a_pasted_post_echoed_in_english_quotations(tmp_path):
    text = (
        "The ministry posted on X:\n\n"
        "Chile rechaza la militarización de la frontera y exige el respeto del derecho internacional "
        "humanitario. https://t.co/AbCdEf123\n\n"
        "Santiago said it «rejects the militarization of the border» and called for calm.\n"
    )
    pairs = found(text, tmp_path)
    assert pairs.get(("rechaza la militarización de la frontera", "rejects the militarization of the border")) == (
        "quoted-paraphrase"
    )


@pytest.mark.parametrize(
    ("text", "es", "en"),
    [
        (  # the quote then 'as X calls Y'
            "The senator attacked the “cerco,” as Havana calls the U.S. naval blockade, in a long speech.\n",
            "cerco",
            "U.S. naval blockade",
        ),
        (  # a dash before 'known in Spanish as', and an open-ended dash after the quote
            "Talks on a corridor to the sea — known in Spanish as the “corredor bioceánico” — stalled in June.\n",
            "corredor bioceánico",
            "corridor to the sea",
        ),
        (  # 'known on the island as'
            "Families rely on parcels sent by relatives, known on the island as “encomiendas”, to get by.\n",
            "encomiendas",
            "parcels",
        ),
        (  # an acronym's English name fitted to its letters: a leading acronym of another body is no part
            "The OAS Border Verification Mission (MVF) said the ceasefire held.\n",
            "MVF",
            "Border Verification Mission",
        ),
        (  # ... and a leading demonym is, when the letters ask for it
            "Officers of the Honduran Migration Institute (INM) checked the buses.\n",
            "INM",
            "Honduran Migration Institute",
        ),
        (  # an apposed Spanish name after ', or'
            "Peru's National Police, or Policía Nacional, sealed the road.\n",
            "Policía Nacional",
            "National Police",
        ),
        (  # a single Spanish word before its English gloss in parentheses
            "Bolivia's Cancillería (Foreign Ministry) summoned the envoy.\n",
            "Cancillería",
            "Foreign Ministry",
        ),
        (  # a hyphenated English name is rendered whole
            "The Inter-American Court of Human Rights (Corte Interamericana de Derechos Humanos) ruled on Friday.\n",
            "Corte Interamericana de Derechos Humanos",
            "Inter-American Court of Human Rights",
        ),
        (  # a gloss that opens with the preposition of the sentence around it
            "Talks covered the exchange of “encargados de negocios interinos,” or of acting chargés d'affaires.\n",
            "encargados de negocios interinos",
            "acting chargés d'affaires",
        ),
        (  # a Spanish list with commas, glossed by an English list with as many
            "Both governments back a “movilidad ordenada, segura y regular”, or orderly, safe and regular mobility, "
            "across the border.\n",
            "movilidad ordenada, segura y regular",
            "orderly, safe and regular mobility",
        ),
        (  # 'was rendered … as' inside a dash gloss: the rendering is what follows 'as'
            "Her reply — «Bolivia no es enemigo de nadie» — was rendered by the wire services as Bolivia is "
            "nobody's enemy.\n",
            "Bolivia no es enemigo de nadie",
            "Bolivia is nobody's enemy",
        ),
        (  # 'in other words' after the quote introduces its gloss
            "The minister called the treaty the “piedra angular de la integración regional”, in other words the "
            "cornerstone of regional integration.\n",
            "piedra angular de la integración regional",
            "cornerstone of regional integration",
        ),
        (  # the writer's aside after a comma is no part of the gloss
            "Lima sent a “carta de protesta” — a protest letter, in the jargon of diplomats — on Friday.\n",
            "carta de protesta",
            "protest letter",
        ),
    ],
)
def test_glosses_and_names(tmp_path, text, es, en):
    assert (es, en) in found(text, tmp_path)


def test_phrase_pairs_inside_a_title_skip_a_countrys_own_name(tmp_path):
    text = (
        "Panama Defends Its Sovereignty Before the Republic of Panama's Partners\n\n"
        "Original article: “Panamá defiende su soberanía territorial ante los socios de la República de Panamá”\n"
    )
    assert not any(es == "República de Panamá" for es, _ in found(text, tmp_path))


def test_clause_ranges_split_at_reported_speech():
    s = "Her point was that remittances are not a luxury"
    assert "remittances are not a luxury" in [s[a:b] for a, b in clause_ranges(s)]


def test_spanish_number_words_link_to_digits():
    from diploterm.lexicon import default_lexicon

    lex = default_lexicon()
    assert lex.word_link("treinta", "30") and lex.word_link("una", "1")
    assert not lex.word_link("treinta", "13")


def test_agent_nouns_are_cognates():
    assert is_cognate("negociador", "negotiator") and is_cognate("observador", "observer")
    assert not is_cognate("embajador", "ambassador")  # the lexicon, not spelling, links those


def test_a_spanish_language_article_pairs_only_with_english(project_copy):
    article = project_copy / "seeds" / "es_honduras.txt"
    article.write_text(
        "Honduras llama a consultas a su embajadora en Managua\n\n"
        'TEGUCIGALPA — La Cancillería considera "un acto inamistoso" la decisión del Congreso nicaragüense. '
        '"Se trata de una decisión unilateral que rechazamos", dijo el canciller. El comunicado en inglés '
        'habla de un "unfriendly act".\n',
        encoding="utf-8",
    )
    # The real command, with the shipped termbase in the lexicon (it knows 'decisión unilateral').
    result = CliRunner().invoke(cli, ["--root", str(project_copy), "extract", str(article), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    pairs = {(row["es"], row["en"]) for row in map(json.loads, result.output.splitlines())}
    assert ("acto inamistoso", "unfriendly act") in pairs
    # the Spanish words around a quote ('la decisión del Congreso') are not its English rendering
    assert {en for _, en in pairs} == {"unfriendly act"}


def test_known_by_its_spanish_acronym(tmp_path):
    named = "Figures from the National Customs Service, known by its Spanish acronym SNA, were revised.\n"
    assert ("SNA", "National Customs Service") in found(named, tmp_path)
    described = "The customs agency, known by its Spanish initials SNA, revised its figures.\n"
    assert not any(es == "SNA" for es, _ in found(described, tmp_path))


def test_a_chant_is_no_sentence_translation_on_position_alone(tmp_path):
    text = (
        "Farmers held up signs reading “¡Fuera los de afuera!” outside the customs office. "
        '"We are tired of waiting," one of them told reporters in English.\n'
    )
    assert not any("afuera" in es for es, _ in found(text, tmp_path))


def test_a_paraphrase_is_not_much_shorter_than_the_quote(tmp_path):
    text = (
        "Congress declared the ambassador “persona non grata en territorio nacional”. "
        "Many people in Lima welcomed the vote.\n"
    )
    assert not any(en == "people" for _, en in found(text, tmp_path))


def _title(headline: str, original: str) -> str:
    return f"{headline}\n\nOriginal article: «{original}»\n\nThe report went out on Monday.\n"


@pytest.mark.parametrize(
    ("headline", "original", "es", "en"),
    [
        # one word the lexicon cannot link: the free word after the linked chunk is the head noun
        (
            "Paraguay Grants Brazil First Annual Allotment",
            "Paraguay concede a Brasil un primer cupo anual",
            "primer cupo anual",
            "first annual allotment",
        ),
        # an English closed compound renders 'N de N' in reverse order
        (
            "Venezuela Condemns Arrival of Warship in Guyana",
            "Venezuela denuncia la llegada de un buque de guerra a Guyana",
            "buque de guerra",
            "warship",
        ),
        # a complement with an article is part of the term when the English makes one compound of it
        (
            "Peru Extends Border Closure With Bolivia",
            "Perú prolonga el cierre de la frontera con Bolivia",
            "cierre de la frontera",
            "border closure",
        ),
        # ... and not when the English keeps it apart ('Strait's'): the term is the part before it
        (
            "Chile Demands Respect for Strait's Navigation Route",
            "Chile exige respeto a la ruta de navegación del estrecho",
            "ruta de navegación",
            "navigation route",
        ),
    ],
)
def test_terms_inside_a_translated_title(tmp_path, headline, original, es, en):
    phrases = {(e, n) for e, n, p in pairs(_title(headline, original), tmp_path) if p == "phrase"}
    assert (es, en) in phrases, phrases
    assert len(phrases) == 1, phrases


def test_a_country_name_with_its_article_is_no_term_inside_a_title(tmp_path):
    found_pairs = pairs(
        _title(
            "El Salvador and Honduras Sign Artisanal Fishing Deal", "El Salvador y Honduras firman un acuerdo de pesca"
        ),
        tmp_path,
        min_confidence=0,
    )
    assert not any("Salvador" in es for es, _, p in found_pairs if p == "phrase"), found_pairs


def test_a_missing_modifier_is_the_free_word_before_the_linked_ones(tmp_path):
    text = (
        "«Ecuador protegerá sus aguas territoriales colindantes con firmeza», the minister said. "
        "Ecuador will firmly protect its bordering territorial waters, she said.\n"
    )
    phrases = {(es, en) for es, en, p in pairs(text, tmp_path, min_confidence=0) if p == "sentence-phrase"}
    assert phrases == {("aguas territoriales colindantes", "bordering territorial waters")}


def test_a_verb_and_its_object_inside_a_title_is_below_the_threshold(tmp_path):
    text = _title(
        "Chile Moves to Restore Consular Ties With Venezuela", "Chile busca restablecer los vínculos consulares"
    )
    found_pairs = pairs(text, tmp_path)
    assert not any(p == "verb-phrase" for _, _, p in found_pairs)
    # the object is a term of its own
    assert ("vínculos consulares", "consular ties", "phrase") in found_pairs
    low = {(es, en, p) for es, en, p in pairs(text, tmp_path, min_confidence=0)}
    assert ("restablecer los vínculos consulares", "restore consular ties", "verb-phrase") in low


def test_inside_a_sentence_translation_a_noun_with_relational_adjectives_is_a_term(tmp_path):
    text = (
        "«Bolivia no va a enviar tropas a la frontera, pero exige respeto a la integridad territorial y a los "
        "acuerdos bilaterales», the minister said. Bolivia will not send troops to the border, but demands respect "
        "for territorial integrity and for bilateral agreements, she said.\n"
        "«Los agricultores paraguayos merecen un trato justo», the senator said. Paraguayan farmers deserve fair "
        "treatment, he said.\n"
    )
    terms = {(es, en) for es, en, p in pairs(text, tmp_path) if p == "sentence-term"}
    assert terms == {
        ("integridad territorial", "territorial integrity"),
        ("acuerdos bilaterales", "bilateral agreements"),
    }
    low = {(es, p) for es, _, p in pairs(text, tmp_path, min_confidence=0)}
    # a verb and its object, a nationality, a description: offered below the threshold only
    assert {("enviar tropas", "verb-phrase"), ("agricultores paraguayos", "sentence-phrase")} <= low
    assert ("trato justo", "sentence-phrase") in low


def test_an_adjective_plural_in_ar_is_no_verb(tmp_path):
    text = (
        "«Exigimos garantías consulares para los trabajadores detenidos», the minister said. "
        "We demand consular guarantees for the detained workers, she said.\n"
    )
    assert ("garantías consulares", "consular guarantees", "sentence-term") in pairs(text, tmp_path)


def test_a_term_rendering_holds_no_verb(tmp_path):
    text = (
        "«Fue una sanción unilateral que nadie consultó», the minister said. "
        "The sanction was unilateral and nobody was consulted, she said.\n"
    )
    assert not any(es == "sanción unilateral" for es, _, _ in pairs(text, tmp_path, min_confidence=0))


def test_a_noun_after_an_article_is_no_verb_even_when_a_verb_lemma_fits(tmp_path):
    text = _title(
        "Bolivia Demands Permanent Monitoring of the Pilcomayo", "Bolivia exige un monitoreo permanente del Pilcomayo"
    )
    assert ("monitoreo permanente", "permanent monitoring", "phrase") in pairs(text, tmp_path)


def test_a_named_complement_is_its_own_term_not_part_of_a_compound(tmp_path):
    text = _title(
        "Ecuador Rejects OAS Criticism of Its Prison Policy",
        "Ecuador rechaza las críticas de la OEA a su política penitenciaria",
    )
    phrases = {(es, en) for es, en, p in pairs(text, tmp_path, min_confidence=0) if p == "phrase"}
    assert phrases == {("política penitenciaria", "prison policy")}


def test_two_nouns_the_english_compounds_are_a_term_inside_a_sentence_pair(tmp_path):
    text = (
        "«Chile defenderá sus indiscutibles derechos de pesca en la zona», the minister said. "
        "Chile will defend its undeniable fishing rights in the area, she said.\n"
        "«Es el momento de decisiones valientes», the senator said. It is the moment for brave decisions, he said.\n"
    )
    low = {(es, en, p) for es, en, p in pairs(text, tmp_path, min_confidence=0) if p.startswith("sentence-")}
    # the preposed judgement ('indiscutibles') is the writer's, not part of the term
    assert ("derechos de pesca", "fishing rights", "sentence-term") in low
    # 'moment for brave decisions' keeps the Spanish a free phrase
    assert ("momento de decisiones valientes", "moment for brave decisions", "sentence-phrase") in low


def test_the_object_of_a_verb_phrase_is_a_term_of_its_own(tmp_path):
    text = (
        "«Queremos reforzar la vigilancia epidemiológica en la frontera», the minister said. "
        "We want to strengthen epidemiological surveillance at the border, he said.\n"
    )
    low = {(es, p) for es, _, p in pairs(text, tmp_path, min_confidence=0)}
    assert {
        ("reforzar la vigilancia epidemiológica", "verb-phrase"),
        ("vigilancia epidemiológica", "sentence-term"),
    } <= low


def test_one_verb_phrase_per_verb(tmp_path):
    text = (
        "«Queremos garantizar la libre circulación de personas por el puente», the minister said. "
        "We want to guarantee the free movement of people across the bridge, he said.\n"
    )
    verbal = [es for es, _, p in pairs(text, tmp_path, min_confidence=0) if p == "verb-phrase"]
    assert verbal == ["garantizar la libre circulación de personas"]


def test_a_phrase_translated_in_full_holds_terms_of_its_own(tmp_path):
    text = (
        "The Bolivian envoy called the maneuvers «una amenaza contra la integridad territorial». "
        "In other words, a threat against territorial integrity.\n"
    )
    found_pairs = pairs(text, tmp_path)
    assert ("amenaza contra la integridad territorial", "threat against territorial integrity", "translation") in (
        found_pairs
    )
    assert ("integridad territorial", "territorial integrity", "phrase") in found_pairs


@pytest.mark.parametrize(
    ("text", "es", "en"),
    [
        (  # cognate initials: the acronym is as much Spanish as English, and the article is about Guatemala
            "Guatemala's Ministry of Energy and Mines (MEM) suspended the permit on Tuesday.\n",
            "MEM",
            "Ministry of Energy and Mines",
        ),
        (  # the letters fit only a noun stripped of its modifiers in English
            "The Permanent Binational Commission of Lake Mirim (CLM) will meet in Rio Branco.\n",
            "CLM",
            "Permanent Binational Commission of Lake Mirim",
        ),
        (  # a plural opening the sentence names people of the body, not the body
            "QUITO — Ministers of the Union of South American Nations (Unasur) met on Monday.\n",
            "Unasur",
            "Union of South American Nations",
        ),
        (  # the name is whole, even when a tail after 'for the' has as many words as the acronym has letters
            "Reporters joined the Latin American Network for the Defense of Press Freedom (RDP) in protest.\n",
            "RDP",
            "Latin American Network for the Defense of Press Freedom",
        ),
        (  # a demonym the acronym spells stays in the name
            "The well is run by the Mexican Oil Company (Pemex) under a new contract.\n",
            "Pemex",
            "Mexican Oil Company",
        ),
        (  # a plural possessive inside the name
            "The National Coffee Growers' Federation (FNC) asked for a lower export tax.\n",
            "FNC",
            "National Coffee Growers' Federation",
        ),
        (  # a lower-case institution after an owner, with a coordination
            "Paraguay's state water and sewerage company (ESSAP) cut supply to the border towns.\n",
            "ESSAP",
            "state water and sewerage company",
        ),
        (  # an English acronym glossed by a Spanish one
            "The WTO (OMC) ruled against the tariff in March.\n",
            "OMC",
            "WTO",
        ),
        (  # ... hyphenated
            "Ottawa and Mexico City disagree on the 2026 review of the USMCA (T-MEC).\n",
            "T-MEC",
            "USMCA",
        ),
        (  # the writer's label inside the parenthesis, after ...
            "Talks with the International Monetary Fund (FMI, its Spanish acronym) resume in June.\n",
            "FMI",
            "International Monetary Fund",
        ),
        (  # ... or before the acronym
            "A loan from the Inter-American Development Bank (Spanish acronym: BID) was approved.\n",
            "BID",
            "Inter-American Development Bank",
        ),
        (  # 'para el' inside a Spanish name
            "The Instituto Nacional para el Desarrollo Rural (National Rural Development Institute) "
            "opened an office in Cobán.\n",
            "Instituto Nacional para el Desarrollo Rural",
            "National Rural Development Institute",
        ),
        (  # a long Spanish name in parentheses after its English one
            "The office answers to the Directorate for Migrant Communities (Dirección General de Vinculación con "
            "Comunidades Migrantes) in Quito.\n",
            "Dirección General de Vinculación con Comunidades Migrantes",
            "Directorate for Migrant Communities",
        ),
        (  # a hyphenated lower-case institution before its Spanish acronym
            "Officers of the anti-kidnapping police (Gaula) freed the hostages.\n",
            "Gaula",
            "anti-kidnapping police",
        ),
        (  # a Spanish noun of action, unknown to both dictionaries, glossed between dashes
            "The company blames the “huachicoleo” — fuel theft from pipelines — for its losses.\n",
            "huachicoleo",
            "fuel theft from pipelines",
        ),
    ],
)
def test_institution_names_and_acronyms(tmp_path, text, es, en):
    assert (es, en) in found(text, tmp_path)


@pytest.mark.parametrize(
    ("text", "acronym"),
    [
        # cognates, but not in Spanish order (Organización Internacional para las Migraciones)
        ("A spokesperson for the International Organization for Migration (IOM) said the buses left.\n", "IOM"),
        ("The Department of Justice (DOJ) unsealed the indictment in Miami.\n", "DOJ"),  # 'of' gives its letter
        ("The Committee on Fisheries (CF) met in Rome.\n", "CF"),  # two letters prove nothing
    ],
)
def test_english_initials_stay_english(tmp_path, text, acronym):
    assert not any(es == acronym for es, _ in found(text, tmp_path))


def test_people_of_a_body_are_not_its_name(tmp_path):
    text = "On Friday the Members of the Andean Parliament (Parlandino) voted on the report.\n"
    assert ("Parlandino", "Andean Parliament") in found(text, tmp_path)


@pytest.mark.parametrize(
    ("text", "es", "en"),
    [
        (  # a known-as antecedent is the whole noun phrase before the comma, head included
            "Families need the border resident permit, known locally as the “credencial fronteriza”, "
            "for clinic visits.\n",
            "credencial fronteriza",
            "border resident permit",
        ),
        (  # ... and its modifiers, as far as the Spanish has words for them
            "Both delegations returned to the bargaining table, known locally as the “mesa de diálogo”.\n",
            "mesa de diálogo",
            "bargaining table",
        ),
        (  # an appositive runs on to its head noun, before the relative clause
            "Goods are checked at the “control conjunto,” a joint-control inspection station where officers of "
            "both countries work side by side.\n",
            "control conjunto",
            "joint-control inspection station",
        ),
        (  # an unlinked English word already inside the gloss renders the unlinked Spanish word
            "The ministry revoked the ‘permiso de captura,’ the fishing permit issued in 2021 to the fleet.\n",
            "permiso de captura",
            "fishing permit",
        ),
        (  # a dash gloss stops before a measure phrase the writer adds
            "The bank kept the «fondo de reserva» — the reserve fund worth roughly $2 billion — untouched.\n",
            "fondo de reserva",
            "reserve fund",
        ),
        (  # ... but not before words that render the Spanish
            "Exporters reported «pérdidas millonarias» (losses worth millions) after the closure.\n",
            "pérdidas millonarias",
            "losses worth millions",
        ),
        (  # a descriptive gloss without word evidence stops at the participle that starts the writer's modifier
            "Loggers move timber along the “picadas” — narrow forest tracks cleared by hand — at night.\n",
            "picadas",
            "narrow forest tracks",
        ),
        (  # ... and without a measure the writer puts before the noun
            "Engineers began a two-kilometer-long embankment (“bordo”) along the river.\n",
            "bordo",
            "embankment",
        ),
        (  # a lower-case institution's owner is no part of its name
            "The tribunal's constitutional chamber (Sala Constitucional) struck down the decree.\n",
            "Sala Constitucional",
            "constitutional chamber",
        ),
        (  # a dash gloss to the end of the sentence is a whole description
            "Fishermen still use “chinchorros” — long nets made of nylon thread and cork floats.\n",
            "chinchorros",
            "long nets made of nylon thread and cork floats",
        ),
    ],
)
def test_gloss_edges(tmp_path, text, es, en):
    assert (es, en) in found(text, tmp_path)


def test_as_opening_a_clause_is_not_as_x_calls_y(tmp_path):
    text = "Protesters shouted “¡No pasarán!” as police cleared what they called an illegal camp.\n"
    assert not any(en == "illegal camp" for _, en in found(text, tmp_path))


def test_a_dash_before_a_quoted_clause_introduces_it(tmp_path):
    text = "The communiqué closed on a firm note —«Bolivia no renunciará nunca a su derecho al mar», it said.\n"
    assert not any(pattern == "dash-gloss" for pattern in found(text, tmp_path).values())


def test_a_quote_named_by_known_as_has_no_apposition_after_it(tmp_path):
    text = "Through the scheme, known in Spanish as “Becas Bienestar”, students get monthly grants.\n"
    assert not any(en.startswith("students") for _, en in found(text, tmp_path))


def test_an_owner_is_no_part_of_a_gloss_without_word_evidence(tmp_path):
    text = "Ecuador's security crackdown, known locally as “mano dura”, began in May.\n"
    assert ("mano dura", "security crackdown") in found(text, tmp_path)


@pytest.mark.parametrize(
    ("text", "es", "en"),
    [
        (
            "Quito offered diplomatic protection to the journalist on Monday.\n\n"
            "The protection, or “protección diplomática”, covers her family too.\n",
            "protección diplomática",
            "diplomatic protection",
        ),
        (
            "Lima began issuing a humanitarian visa to Venezuelans in 2019. "
            "The visa, known locally as the “visa humanitaria”, lasts a year.\n",
            "visa humanitaria",
            "humanitarian visa",
        ),
        (
            "Talks stalled at the Pacific Alliance, the trade group known in Spanish as the Alianza del Pacífico, "
            "last year.\n",
            "Alianza del Pacífico",
            "Pacific Alliance",
        ),
        (
            "Deputies of the Central American Parliament, the regional assembly known in Spanish as the "
            "“Parlamento Centroamericano”, met in Guatemala City.\n",
            "Parlamento Centroamericano",
            "Central American Parliament",
        ),
    ],
)
def test_a_bare_noun_or_a_description_stands_for_its_fuller_mention(tmp_path, text, es, en):
    assert (es, en) in found(text, tmp_path)


def test_a_rendering_that_looks_spanish_alone_counts_in_an_english_sentence(tmp_path):
    text = "Havana sent a note verbale («nota verbal») to the embassy the next morning.\n"
    assert ("nota verbal", "note verbale") in found(text, tmp_path)
