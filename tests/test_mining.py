"""``mining.extract_parallel``: term pairs from the Vienna Convention's two texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from diploterm.mining import DEFAULT_MIN_CONFIDENCE, PATTERN, extract_parallel
from diploterm.project import open_project

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TREATY = SHARED / "parallel" / "vienna_diplomatic_relations_1961"


@pytest.fixture(scope="module")
def mined(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("mining")
    (root / "glossary" / "terms").mkdir(parents=True)
    (root / "parallel").mkdir()
    es = root / "parallel" / "vienna.es.txt"
    en = root / "parallel" / "vienna.en.txt"
    shutil.copy(f"{TREATY}.es.txt", es)
    shutil.copy(f"{TREATY}.en.txt", en)
    project = open_project(root)
    everything = extract_parallel(project, es, en, min_confidence=0.0)
    return {
        "cands": [c for c in everything if c.confidence >= DEFAULT_MIN_CONFIDENCE],
        "all": everything,
        "es": es,
        "en": en,
    }


@pytest.mark.parametrize(
    ("es", "en"),
    [
        ("Estado acreditante", "sending State"),
        ("Estado receptor", "receiving State"),
        ("valija diplomática", "diplomatic bag"),
        ("agente diplomático", "diplomatic agent"),
        ("locales de la misión", "premises of the mission"),
    ],
)
def test_key_terms_are_proposed_with_their_renderings(mined: dict, es: str, en: str) -> None:
    pairs = {(c.es.casefold(), c.en.casefold()) for c in mined["cands"]}
    assert (es.casefold(), en.casefold()) in pairs


def test_rare_term_is_found_below_the_default_threshold(mined: dict) -> None:
    """ "misión diplomática" occurs three times, once cut by a coordination: it is
    found, with less confidence than the frequent terms."""
    found = [
        c for c in mined["all"] if (c.es.casefold(), c.en.casefold()) == ("misión diplomática", "diplomatic mission")
    ]
    assert found and found[0].confidence >= 0.5


def test_candidates_point_into_both_files(mined: dict) -> None:
    es_text = mined["es"].read_text(encoding="utf-8")
    en_text = mined["en"].read_text(encoding="utf-8")
    assert mined["cands"]
    for c in mined["cands"]:
        assert c.doc == "parallel/vienna.es.txt"
        assert c.pattern == PATTERN
        assert 0.0 < c.confidence <= 1.0
        # The span is the first occurrence; the form shown is the most frequent one (plural or not).
        assert es_text[c.es_span[0] : c.es_span[1]].casefold()[:4] == c.es.casefold()[:4]
        assert c.en_span is not None
        assert en_text[c.en_span[0] : c.en_span[1]].casefold()[:4] == c.en.casefold()[:4]
        assert any("parallel/vienna.en.txt" in e for e in c.evidence)


def test_one_rendering_per_phrase_and_deterministic(mined: dict) -> None:
    es_forms = [c.es.casefold() for c in mined["cands"]]
    assert len(es_forms) == len(set(es_forms))
    project = open_project(mined["es"].parents[1])
    again = extract_parallel(project, mined["es"], mined["en"])
    assert again == mined["cands"]
