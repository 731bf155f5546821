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
    ],
)
def test_quoted_sentences_and_their_translations(tmp_path, text, es, en, pattern):
    assert found(text, tmp_path).get((es, en)) == pattern


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
