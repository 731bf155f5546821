"""The stages behind extract: reading files, quotes, language, lexicon, patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from diploterm.align import extract
from diploterm.corpus import article_paths, load, read_article
from diploterm.errors import InputError
from diploterm.lexicon import default_lexicon, is_cognate
from diploterm.model import Document
from diploterm.quotes import english_acronym, spanish_spans
from diploterm.segment import language, quoted_spans

LEX = default_lexicon()


def pairs(
    text: str, tmp_path: Path, name: str = "a.txt", min_confidence: float | None = None
) -> set[tuple[str, str, str]]:
    """``(es, en, pattern)`` of every pair extract gives for *text* written to a file."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    kwargs = {} if min_confidence is None else {"min_confidence": min_confidence}
    return {(c.es, c.en, c.pattern) for c in extract(load([path]), LEX, **kwargs)}


def test_broken_guillemets_pair_up_as_a_quotation():
    doc = Document("x", "under Pedro\n\nCastillo—»in full adherence to international law.»\n")
    (quote,) = quoted_spans(doc)
    assert quote.text == "in full adherence to international law."
    assert quote.lang == "en"


def test_apostrophes_are_not_quotes():
    doc = Document("x", "Peru’s Congress and Mexico’s embassy said ‘una causa nacional’ today.")
    assert [q.text for q in quoted_spans(doc)] == ["una causa nacional"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("México lamenta y rechaza la decisión unilateral", "es"),
        ("From our perspective it’s completely out of proportion", "en"),
        ("excessive and disproportionate", "en"),
        ("salvoconducto", "es"),
        ("@SRE_mx", None),
    ],
)
def test_language_of_spans(text, lang):
    assert language(text) == lang


def test_cognate_rules():
    assert is_cognate("soberanía", "sovereignty") is False  # not orthographic: the lexicon's job
    assert is_cognate("inviolabilidad", "inviolability")
    assert is_cognate("intervención", "intervention")
    assert not is_cognate("embajada", "embassy")


def test_english_initials_are_not_spanish_acronyms():
    assert english_acronym("OAS", ["Organization", "of", "American", "States"])
    assert english_acronym("OAS", ["Permanent", "Council", "of", "the", "Organization", "of", "American", "States"])
    assert not english_acronym("Segob", ["Ministry", "of", "the", "Interior"])
    assert not english_acronym("SRE", ["Ministry", "of", "Foreign", "Affairs"])


@pytest.mark.parametrize(
    ("text", "es", "en", "pattern"),
    [
        (
            "She asked for the “salvoconducto,” the safe-conduct pass that lets her leave.",
            "salvoconducto",
            "safe-conduct pass",
            "appositive",
        ),
        (
            "Mexico accused Lima of “injerencia” (interference) in its affairs.",
            "injerencia",
            "interference",
            "parenthetical",
        ),
        (
            "It was an unfriendly act (“acto inamistoso”), he said.",
            "acto inamistoso",
            "unfriendly act",
            "parenthetical",
        ),
        (
            "They invoked “asilo diplomático,” or diplomatic asylum, again.",
            "asilo diplomático",
            "diplomatic asylum",
            "or-gloss",
        ),
        (
            "The raid was “un acto de fuerza” — an act of force — said Quito.",
            "acto de fuerza",
            "act of force",
            "dash-gloss",
        ),
        (
            "Peru asked for safe passage, known in Spanish as “salvoconducto,” for her.",
            "salvoconducto",
            "safe passage",
            "known-as",
        ),
        ("The Foreign Ministry (Cancillería) said so.", "Cancillería", "Foreign Ministry", "acronym-gloss"),
        ("Peru accused Mexico of interference (injerencia) again.", "injerencia", "interference", "parenthetical"),
        (
            "The Secretaría de Gobernación (Interior Ministry) said so.",
            "Secretaría de Gobernación",
            "Interior Ministry",
            "name-gloss",
        ),
        (
            "They granted the safe-conduct pass, “salvoconducto,” on Monday.",
            "salvoconducto",
            "safe-conduct pass",
            "appositive",
        ),
        ("He used the word “desacato” (which means contempt) twice.", "desacato", "contempt", "parenthetical"),
    ],
)
def test_gloss_patterns(tmp_path, text, es, en, pattern):
    assert (es, en, pattern) in pairs(text, tmp_path)


def test_no_pair_for_slogans_nicknames_urls_and_english_quotes(tmp_path):
    text = (
        "Crowds chanted “¡Ni un paso atrás!” while his followers call him “el Jefazo.”\n"
        "“We will not accept lectures,” the minister said. See https://cancilleria.gob.mx and @SRE_mx.\n"
        "The Organization of American States (OAS) met in Washington.\n"
    )
    assert pairs(text, tmp_path) == set()


def test_spanish_spans_of_every_kind():
    doc = Document(
        "x",
        "Peru Breaks Ties\n\nOriginal article: “Perú rompe relaciones”: Lima acusa a México\n\n"
        "The Ministry of the Interior (Segob) said.\n\n"
        "Cuba condena el bloqueo económico y exige el cese inmediato de las sanciones unilaterales.\n",
    )
    kinds = {(s.kind, s.text) for s in spanish_spans(doc, LEX)}
    assert ("title", "“Perú rompe relaciones”: Lima acusa a México") in kinds
    assert ("gloss", "Segob") in kinds
    assert any(kind == "run" and text.startswith("Cuba condena") for kind, text in kinds)


def test_headline_is_the_line_that_renders_the_title(tmp_path):
    text = (
        "WORLD\nBy Ana Gómez\nMexico Says Asylum Is Not an Unfriendly Act\n\n"
        "Original article: “El asilo no es un acto inamistoso”\n"
    )
    found = {(es, en) for es, en, p in pairs(text, tmp_path) if p == "translated-title"}
    assert found == {("“El asilo no es un acto inamistoso”", "Mexico Says Asylum Is Not an Unfriendly Act")}


def test_tweet_terms_align_with_english_paraphrase(tmp_path):
    text = (
        "Chile Protests\n\nThe president wrote:\n\n"
        "Cuba condena el bloqueo económico y exige el cese inmediato de las sanciones unilaterales.\n\n"
        "Later he called the «economic blockade» illegal and demanded an end to «unilateral sanctions».\n"
    )
    found = {(es, en) for es, en, _ in pairs(text, tmp_path)}
    assert ("bloqueo económico", "economic blockade") in found
    assert ("sanciones unilaterales", "unilateral sanctions") in found


def test_sentence_translation_after_a_quote(tmp_path):
    text = (
        "He read: “México condena la violación de la soberanía nacional.” "
        "That is, Mexico condemns the violation of national sovereignty.\n"
    )
    found = pairs(text, tmp_path)
    assert any(p == "translation" and es.startswith("México condena") for es, _, p in found)
    assert ("soberanía nacional", "national sovereignty", "phrase") in found


def test_markdown_and_html_spans_index_the_original_file(tmp_path):
    md = tmp_path / "a.md"
    md.write_text(
        "# Title\n\nLima denounced **“injerencia”** (interference) by [Mexico](https://x.mx).\n", encoding="utf-8"
    )
    html = tmp_path / "b.html"
    html.write_text(
        "<html><body><p>It was an <em>&ldquo;acto inamistoso&rdquo;</em> (unfriendly act), "
        "they said.</p></body></html>",
        encoding="utf-8",
    )
    cands = extract(load([tmp_path]), LEX)
    assert {(c.es, c.en) for c in cands} == {("injerencia", "interference"), ("acto inamistoso", "unfriendly act")}
    for c in cands:
        raw = (tmp_path / Path(c.doc).name).read_text(encoding="utf-8")
        assert raw[c.es_span[0] : c.es_span[1]] == c.es
        assert raw[c.en_span[0] : c.en_span[1]] == c.en


def test_folders_are_read_in_sorted_order_and_skip_other_files(tmp_path):
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in article_paths([tmp_path])] == ["a.md", "b.txt"]


def test_crlf_files_keep_offsets_of_read_text(tmp_path):
    path = tmp_path / "w.txt"
    path.write_bytes("Intro line\r\nHe cited “injerencia” (interference) twice.\r\n".encode())
    (cand,) = extract(load([path]), LEX)
    text = path.read_text(encoding="utf-8")
    assert text[cand.es_span[0] : cand.es_span[1]] == "injerencia"


def test_unreadable_files_raise_input_error_with_the_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9")
    with pytest.raises(InputError, match="UTF-8") as info:
        read_article(bad)
    assert "bad.txt" in str(info.value)
