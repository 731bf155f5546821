"""Renderings that share few words with the Spanish: found by where they stand (a sentence
after a quote's attribution, a name 'known locally as'), and kept to their minimal span."""

from __future__ import annotations

from pathlib import Path

import pytest

from diploterm.lexicon import default_lexicon, is_cognate, verb_infinitives
from diploterm.model import Document
from diploterm.quotes import spanish_spans

from .test_extract_units import pairs

LEX = default_lexicon()


def es_en(text: str, tmp_path: Path) -> set[tuple[str, str]]:
    return {(es, en) for es, en, _ in pairs(text, tmp_path)}


@pytest.mark.parametrize(
    ("text", "es", "en"),
    [
        (  # the translation follows the attribution and shares few lexicon words
            'Nicaraguan officials rejected the complaint. "Nicaragua no acepta lecciones de nadie," Vice President '
            "Rosario Murillo said on state television. Nicaragua accepts lessons from no one, she said.",
            "Nicaragua no acepta lecciones de nadie",
            "Nicaragua accepts lessons from no one",
        ),
        (  # a free translation ('en regla' ~ 'in order'), repeated with 'he said'
            '"Chile no va a recibir a nadie que no tenga sus documentos en regla," said Chile\'s interior '
            "undersecretary at a press briefing in Arica. Chile will not take in anyone whose papers are not in "
            "order, he said.",
            "Chile no va a recibir a nadie que no tenga sus documentos en regla",
            "Chile will not take in anyone whose papers are not in order",
        ),
        (  # the translation comes first, joined to the quote by its attribution
            "Ecuador will not hand over its sovereignty to anyone, the foreign minister said on Thursday: "
            '"El Ecuador no entrega su soberanía a nadie."',
            "El Ecuador no entrega su soberanía a nadie",
            "Ecuador will not hand over its sovereignty to anyone",
        ),
        (  # a noun phrase's rendering without the writer's 'It is'
            'Foreign Minister Bruno Rodríguez called the measure "una decisión arbitraria y cruel." It is an '
            "arbitrary and cruel decision, he told reporters, adding that it blocks Cuba's access to banks.",
            "una decisión arbitraria y cruel",
            "an arbitrary and cruel decision",
        ),
        (  # a clause's rendering keeps it: 'es' is 'It is'
            '"No es momento de rencores," Milei\'s spokesman said on Monday. It is not a time for grudges, he added.',
            "No es momento de rencores",
            "It is not a time for grudges",
        ),
    ],
)
def test_sentence_translations(tmp_path, text, es, en):
    assert (es, en, "sentence-translation") in pairs(text, tmp_path)


def test_an_unrelated_sentence_after_a_quote_is_no_translation(tmp_path):
    text = (
        '"Vamos a defender el derecho de asilo," Mexico\'s foreign minister told a radio station. '
        "The government would study every legal option, he said, without giving details.\n"
    )
    assert not any(p == "sentence-translation" for _, _, p in pairs(text, tmp_path))


def test_pronouns_do_not_make_terms(tmp_path):
    text = (
        '"Nicaragua no acepta lecciones de nadie," Vice President Rosario Murillo said on state television. '
        "Nicaragua accepts lessons from no one, she said.\n"
    )
    assert not any("nadie" in es for es, _, p in pairs(text, tmp_path) if p == "phrase")


@pytest.mark.parametrize(
    ("text", "es", "en"),
    [
        (
            "Panama City — Panama's government granted territorial asylum, the Foreign Ministry said.\n\n"
            "The ministry, known locally as the Cancillería, said the decision followed international law.\n",
            "Cancillería",
            "Foreign Ministry",
        ),
        (
            "The Foreign Ministry, locally called the Secretaría de Relaciones Exteriores, later said that "
            "cooperation against drug trafficking would continue.\n",
            "Secretaría de Relaciones Exteriores",
            "Foreign Ministry",
        ),
        (
            "The Chilean interior ministry, known in Spanish as the Ministerio del Interior, later said it had "
            "sent extra police to the area.\n",
            "Ministerio del Interior",
            "interior ministry",
        ),
    ],
)
def test_unquoted_names_known_locally_as(tmp_path, text, es, en):
    assert (es, en, "known-as") in pairs(text, tmp_path)


def test_known_locally_as_an_english_word_is_no_spanish_span():
    doc = Document("x", "The agency, known locally as the Bureau, said so.\n")
    assert not [s for s in spanish_spans(doc, LEX) if s.kind == "local"]


def test_a_company_name_known_locally_as_has_no_rendering_in_a_description(tmp_path):
    text = "The state company, known locally as “Yacimientos de Litio Bolivianos,” will keep a majority stake.\n"
    assert not any(es == "Yacimientos de Litio Bolivianos" for es, _ in es_en(text, tmp_path))


def test_or_gloss_after_a_short_complement(tmp_path):
    text = (
        "The politicians had spent months in the Argentine embassy in Caracas, which is under the "
        '"custodia" of Brazil, or custody, since Argentina\'s diplomats were expelled.\n'
    )
    assert ("custodia", "custody", "or-gloss") in pairs(text, tmp_path)
    unrelated = 'The embassy is under the "custodia" of Brazil, or Argentina, since the diplomats left.\n'
    assert not any(es == "custodia" for es, _ in es_en(unrelated, tmp_path))


@pytest.mark.parametrize(
    ("text", "es", "en"),
    [
        (
            "The next step would be the appointment of ambassadors, a move that requires the "
            '"beneplácito," the formal consent of the receiving state.',
            "beneplácito",
            "formal consent of the receiving state",
        ),
        (
            'The request was delivered as a "nota verbal," the unsigned diplomatic note used between ministries, '
            "according to the ministry.",
            "nota verbal",
            "unsigned diplomatic note",
        ),
    ],
)
def test_appositive_gloss_is_the_whole_noun_phrase(tmp_path, text, es, en):
    assert (es, en, "appositive") in pairs(text, tmp_path)


@pytest.mark.parametrize(
    ("text", "es", "en"),
    [
        (
            "Argentina on Tuesday reiterated its claim of sovereignty (“reclamo de soberanía”) over the islands.",
            "reclamo de soberanía",
            "claim of sovereignty",
        ),
        (
            "Colombia announced a recall for consultations, known in Spanish as “llamado a consultas,” of its "
            "ambassador.",
            "llamado a consultas",
            "recall for consultations",
        ),
        (
            "Bolivia revived its call for a sovereign outlet to the Pacific, a demand known in Spanish as "
            '"salida soberana al mar".',
            "salida soberana al mar",
            "sovereign outlet to the Pacific",
        ),
    ],
)
def test_unlinked_spanish_words_take_english_words_across_a_preposition(tmp_path, text, es, en):
    assert (es, en) in es_en(text, tmp_path)


def test_an_attribution_after_a_quote_is_not_its_gloss(tmp_path):
    text = (
        '"Chile no va a recibir a nadie que no tenga sus documentos en regla," said Chile\'s interior '
        "undersecretary at a press briefing in Arica.\n"
    )
    assert not any("said" in en for _, en in es_en(text, tmp_path))


def test_a_dateline_agency_is_not_a_spanish_gloss(tmp_path):
    text = "GUATEMALA CITY (AP) — Guatemala ordered a Nicaraguan diplomat to leave the country.\n"
    assert es_en(text, tmp_path) == set()


def test_title_phrases_stop_before_a_named_partner_and_skip_place_names(tmp_path):
    text = (
        "Honduras Ends Extradition Treaty With the United States\n\n"
        "Original article: Honduras denuncia el tratado de extradición con Estados Unidos\n"
    )
    found = es_en(text, tmp_path)
    assert ("tratado de extradición", "Extradition Treaty") in found or (
        "tratado de extradición",
        "extradition treaty",
    ) in found
    assert not any(es in ("Estados Unidos", "tratado de extradición con Estados Unidos") for es, _ in found)


def test_general_vocabulary_links():
    assert LEX.word_link("nadie", "anyone") == "lexicon"
    assert LEX.word_link("acepta", "accepts") == "lexicon"
    assert LEX.word_link("lecciones", "lessons") == "lexicon"
    assert LEX.word_link("nada", "nothing") == "lexicon"


def test_reported_speech_after_the_attribution_renders_the_quote(tmp_path):
    text = (
        'In a statement titled "Cuba no renunciará a su soberanía," the ministry said the country would never '
        "give up its sovereignty.\n"
    )
    assert (
        "Cuba no renunciará a su soberanía",
        "the country would never give up its sovereignty",
        "sentence-translation",
    ) in pairs(text, tmp_path)


def test_phrase_pairs_inside_a_sentence_translation_are_terms(tmp_path):
    text = (
        '"Cientos de migrantes siguen varados cerca de la frontera y piden un corredor humanitario," '
        "the Peruvian foreign minister said in Lima. "
        "Hundreds of migrants remain stranded near the border and ask for a humanitarian corridor, the minister said.\n"
    )
    found = pairs(text, tmp_path)
    assert (
        "Cientos de migrantes siguen varados cerca de la frontera y piden un corredor humanitario",
        "Hundreds of migrants remain stranded near the border and ask for a humanitarian corridor",
    ) in {(es, en) for es, en, _ in found}
    # A noun with a relational adjective inside a free sentence translation is a term (above the
    # default threshold); other phrases there are offered below it only.
    assert not any(p == "sentence-phrase" for _, _, p in found)
    assert ("corredor humanitario", "humanitarian corridor", "sentence-term") in found
    phrases = {
        (es, en) for es, en, p in pairs(text, tmp_path, min_confidence=0.3) if p in ("sentence-phrase", "sentence-term")
    }
    # a count ('cientos de migrantes') or a circumstance ('varados cerca') is not a term
    assert not any(es.startswith("Cientos") or "cerca" in es for es, _ in phrases), phrases


def test_portuguese_is_not_spanish(tmp_path):
    text = (
        "Officials cited the transparency of the vote, known in Portuguese as “transparência eleitoral.”\n"
        "They asked for “transparencia electoral” (electoral transparency).\n"
    )
    found = es_en(text, tmp_path)
    assert not any("eleitoral" in es for es, _ in found)
    assert ("transparencia electoral", "electoral transparency") in found


def test_headline_case_keeps_nationalities_capitalized(tmp_path):
    text = (
        "Bolivia Expels Spanish Diplomats Over Interference\n\n"
        "Original headline: Bolivia expulsa a diplomáticos españoles por injerencia en asuntos internos\n"
    )
    assert ("diplomáticos españoles", "Spanish diplomats") in es_en(text, tmp_path)


def test_spanish_name_in_apposition_and_its_acronym(tmp_path):
    text = (
        "Mexico's defense ministry, the Secretaría de la Defensa Nacional (Sedena), said the soldiers were on "
        "Mexican soil.\n"
    )
    found = es_en(text, tmp_path)
    assert ("Secretaría de la Defensa Nacional", "defense ministry") in found
    assert ("Sedena", "defense ministry") in found


def test_a_year_before_a_gloss_is_not_part_of_it(tmp_path):
    text = (
        'The agreement respected the "Tratado de Paz y Amistad" — the 1984 Treaty of Peace and Friendship — '
        "signed after the Beagle conflict.\n"
    )
    assert ("Tratado de Paz y Amistad", "Treaty of Peace and Friendship") in es_en(text, tmp_path)


def test_length_fit_does_not_run_into_a_relative_clause(tmp_path):
    text = (
        'Bolivia regretted the "cierre unilateral de la frontera," a unilateral closure of the border that hurts '
        "families on both sides.\n"
    )
    assert ("cierre unilateral de la frontera", "unilateral closure of the border") in es_en(text, tmp_path)


@pytest.mark.parametrize(
    "text",
    [
        "Argentina's foreign ministry, known in Buenos Aires as the Palacio San Martín, said it agreed.\n",
        'The deployment follows what Guatemalans call "la crisis del río," a standoff over migrants.\n',
    ],
)
def test_no_rendering_for_names_and_verbs_before_known_as(tmp_path, text):
    assert es_en(text, tmp_path) == set()


def test_a_quoted_clause_keeps_its_subject_and_a_gloss_keeps_words_that_render(tmp_path):
    text = (
        "Machado rejected it. ‘No vamos a legitimar un fraude’ (‘We will not legitimize a fraud’), she wrote.\n"
        'Honduras would seek a "relación más equilibrada," that is, a more balanced relationship, with both.\n'
    )
    found = es_en(text, tmp_path)
    assert ("No vamos a legitimar un fraude", "We will not legitimize a fraud") in found
    assert ("relación más equilibrada", "more balanced relationship") in found
    assert not any(es == "legitimar un fraude" for es, _ in found)  # a verb and its object, not a term


def test_translation_marker(tmp_path):
    text = 'The president said that "el diálogo siempre es el camino." Translation: dialogue is always the way.\n'
    assert ("diálogo siempre es el camino", "dialogue is always the way") in es_en(text, tmp_path)


def test_an_owner_before_the_rendering_is_dropped(tmp_path):
    text = "Paraguay's Congress, known locally as the Congreso Nacional, is expected to debate a motion.\n"
    assert ("Congreso Nacional", "Congress") in es_en(text, tmp_path)


def test_an_acronym_known_locally_as(tmp_path):
    text = "The central bank, known in Argentina as the BCRA, said it would publish the terms next week.\n"
    assert ("BCRA", "central bank") in es_en(text, tmp_path)
    english = "The Organization of American States, known as the OAS, met on Monday.\n"
    assert es_en(english, tmp_path) == set()


def test_a_tweet_phrase_quoted_in_english_elsewhere(tmp_path):
    text = (
        "Vice President Rosario Murillo wrote on the government's official channels:\n\n"
        "Nicaragua se retira de la FAO porque no acepta informes que mienten sobre nuestra realidad.\n\n"
        "Later the government said Nicaragua did not accept «reports that lie» about the country.\n"
    )
    assert ("informes que mienten", "reports that lie", "quoted-paraphrase") in pairs(text, tmp_path)


def test_stem_changing_verbs_link():
    assert LEX.word_link("mienten", "lie") == "lexicon"
    assert "mentir" in verb_infinitives("mienten")  # simplemma reads it as 'mentar'
    assert LEX.word_link("mienten", "lies") == "lexicon"


def test_same_words_in_both_languages_are_no_pair(tmp_path):
    text = (
        "Peru Declares Venezuelan Diplomats Persona Non Grata\n\n"
        "Título original: Perú declara persona non grata a diplomáticos venezolanos\n"
    )
    found = es_en(text, tmp_path)
    assert ("diplomáticos venezolanos", "Venezuelan diplomats") in found
    assert not any(es.lower() == en.lower() for es, en in found)


def test_a_description_before_known_as_is_no_rendering(tmp_path):
    text = "Residents banged pots, a form of protest known as a cacerolazo, across Havana.\n"
    assert es_en(text, tmp_path) == set()


def test_acronym_after_a_lower_case_name_with_a_demonym(tmp_path):
    text = "The Cuban foreign ministry (Minrex) denied that the protests were widespread.\n"
    assert ("Minrex", "foreign ministry") in es_en(text, tmp_path)


def test_english_grammar_words_are_not_content():
    # The en-function lines of the lexicon (Spanish column '*') were once dropped on reading.
    assert LEX.is_function_en("are") and LEX.is_function_en("was") and LEX.is_function_en("its")


def test_a_two_sentence_quote_and_its_two_sentence_translation(tmp_path):
    text = (
        '"Somos un país libre, independiente y soberano. No aceptamos injerencias," she said at her morning '
        "press conference. We are a free, independent and sovereign country. We do not accept interference, "
        "she added.\n"
    )
    assert (
        "Somos un país libre, independiente y soberano. No aceptamos injerencias",
        "We are a free, independent and sovereign country. We do not accept interference",
    ) in es_en(text, tmp_path)


def test_a_quoted_term_without_a_gloss_pairs_with_its_rendering_elsewhere(tmp_path):
    text = (
        'Lula said Brazil wanted "normalidad democrática" in its neighbor: democratic normality, he explained, '
        "means respecting the vote.\n"
    )
    assert ("normalidad democrática", "democratic normality") in es_en(text, tmp_path)


def test_spanish_name_without_accents_or_grammar_words(tmp_path):
    text = "Business groups, grouped in the Consejo Coordinador Empresarial (Business Coordinating Council), spoke.\n"
    assert ("Consejo Coordinador Empresarial", "Business Coordinating Council") in es_en(text, tmp_path)


def test_a_portuguese_quotation_renders_nothing(tmp_path):
    text = (
        'Officials cited concerns about the "transparencia electoral" of the vote, known in Portuguese as '
        '"transparência eleitoral."\n'
    )
    assert not any("eleitoral" in en for _, en in es_en(text, tmp_path))


def test_as_y_is_called_in_spanish_and_in_english_tails(tmp_path):
    text = (
        'The minister promised to protect the "salares," as the salt flats are called in Spanish.\n'
        'He accused them of plotting "actos desestabilizadores" (destabilizing acts in English).\n'
    )
    found = es_en(text, tmp_path)
    assert ("salares", "salt flats") in found
    assert ("actos desestabilizadores", "destabilizing acts") in found


def test_it_is_restating_a_quoted_noun_phrase(tmp_path):
    text = (
        'Argentine officials described the dredging as "una obra imprescindible para la región." It is essential '
        "work for the region, the Argentine transport secretary said, adding that Uruguay would benefit.\n"
    )
    assert ("una obra imprescindible para la región", "essential work for the region") in es_en(text, tmp_path)


def test_a_quoted_clause_keeps_its_particle_and_a_gloss_loses_its_modifier(tmp_path):
    text = (
        '"No nos vamos a rendir" ("We are not going to give up"), said the mother of a murdered student.\n'
        'Any talks must respect the "Tratado de Neutralidad" — the Neutrality Treaty signed in 1977 — which '
        "guarantees open access.\n"
    )
    found = es_en(text, tmp_path)
    assert ("No nos vamos a rendir", "We are not going to give up") in found
    assert ("Tratado de Neutralidad", "Neutrality Treaty") in found


def test_an_unknown_spanish_shaped_word_in_quotes(tmp_path):
    text = 'Delegates recognized "feminicidio" — femicide — as a specific crime.\n'
    assert ("feminicidio", "femicide") in es_en(text, tmp_path)
    groups = 'Government supporters, known as "chavistas," held a rally in central Caracas.\n'
    assert es_en(groups, tmp_path) == set()


def test_cognates_across_the_spanish_e_before_s():
    assert is_cognate("estratégicos", "strategic")
    assert is_cognate("estándares", "standards")


def test_a_quoted_noun_phrase_with_a_relative_clause_loses_it_was(tmp_path):
    text = (
        'The minister defended the deals as "la mejor oferta que hemos recibido." It was the best offer we have '
        "received, he told the chamber.\n"
    )
    assert ("la mejor oferta que hemos recibido", "the best offer we have received") in es_en(text, tmp_path)


def test_an_apposition_must_render_the_quote_in_its_head(tmp_path):
    text = (
        'The deployment follows what Guatemalans call "la crisis del río," a standoff over migrants crossing the '
        "Suchiate River.\n"
    )
    assert es_en(text, tmp_path) == set()


def test_an_acronym_after_a_name_with_a_list_in_it(tmp_path):
    text = "Mining companies, grouped in the National Society of Mining, Petroleum and Energy (SNMPE), spoke.\n"
    assert ("SNMPE", "National Society of Mining, Petroleum and Energy") in es_en(text, tmp_path)


def test_a_quoted_noun_phrase_rendered_after_a_subject_and_verb(tmp_path):
    text = (
        'The minister said the agreement offered "una vía legal, segura y ordenada" for workers. It offers a '
        "legal, safe and orderly route, the minister said in Tapachula.\n"
    )
    assert ("una vía legal, segura y ordenada", "a legal, safe and orderly route") in es_en(text, tmp_path)


def test_no_term_pairs_inside_a_quoted_name(tmp_path):
    text = (
        'Under the deal, known as the "Programa de Trabajo Temporal," Guatemalan workers will get temporary work '
        "permits.\n"
    )
    assert not any(es == "Trabajo Temporal" for es, _ in es_en(text, tmp_path))


def test_feminine_and_plural_forms_link():
    assert LEX.word_link("seguras", "safe") == "lexicon"


def test_a_restatement_attributed_to_the_speaker_by_title(tmp_path):
    text = (
        '"La Iglesia no se calla ante la injusticia," he said in a homily in Rome. The Church does not keep quiet '
        "in the face of injustice, the bishop said.\n"
    )
    assert (
        "La Iglesia no se calla ante la injusticia",
        "The Church does not keep quiet in the face of injustice",
    ) in es_en(text, tmp_path)


def test_a_two_word_quote_detection_cannot_decide(tmp_path):
    text = 'Analysts said the result showed the limits of the government\'s "mano dura" (iron fist) strategy.\n'
    assert ("mano dura", "iron fist") in es_en(text, tmp_path)


def test_an_english_grammar_word_that_renders_a_content_word_stays(tmp_path):
    text = 'The OAS called for respect for the "voluntad popular" (popular will) in Guatemala.\n'
    assert ("voluntad popular", "popular will") in es_en(text, tmp_path)
    state = 'Peru declared a "estado de emergencia" in three provinces, a measure that suspends some liberties.\n'
    assert not any(en in ("are", "was") for _, en in es_en(state, tmp_path))


def test_length_fit_does_not_take_an_owner(tmp_path):
    text = "Mexico's security cabinet, known locally as the Gabinete de Seguridad, will meet US officials.\n"
    assert ("Gabinete de Seguridad", "security cabinet") in es_en(text, tmp_path)
