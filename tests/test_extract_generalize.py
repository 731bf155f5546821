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
