"""glossary extract on the real seed articles, through the real CLI."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from diploterm.cli import cli
from diploterm.termbase import normalize_form

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_001 = "seeds/001_2ebf3ef7288b0ebb.txt"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", normalize_form(text))
    return "".join(c for c in text if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("proj")
    shutil.copytree(SEEDS, root / "seeds")
    shutil.copytree(ROOT / "glossary", root / "glossary")
    return root


def run(project: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--root", str(project), *args], input=input, catch_exceptions=False)


@pytest.fixture(scope="module")
def seed_pairs(project) -> list[dict]:
    result = run(project, "extract", str(project / "seeds"), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


REQUIRED = [
    ("acto inamistoso", "unfriendly act"),
    ("decisión unilateral", "unilateral decision"),
    ("romper relaciones diplomáticas", "sever diplomatic relations"),
    ("acto legítimo y apegado a derecho internacional", "legitimate act in accordance with international law"),
    ("ruptura diplomática", "diplomatic break"),
    (
        "“El asilo no es un acto inamistoso”: México invoca estándar ONU tras ruptura diplomática de Perú",
        "Mexico Asserts That Granting Asylum Is Not an Unfriendly Act Following Diplomatic Break with Peru",
    ),
    ("Segob", "Ministry of the Interior"),
    ("SRE", "Ministry of Foreign Affairs"),
    ("SRE", "Secretariat of Foreign Relations"),
]


@pytest.mark.parametrize(("es", "en"), REQUIRED)
def test_seed_pairs_are_found(seed_pairs, es, en):
    found = {(fold(p["es"]), fold(p["en"])) for p in seed_pairs}
    assert (fold(es), fold(en)) in found


def test_every_pair_has_evidence_pattern_and_confidence(seed_pairs):
    for p in seed_pairs:
        assert list(p)[:7] == ["es", "en", "doc", "es_span", "en_span", "pattern", "confidence"]
        assert 0.5 <= p["confidence"] <= 1.0  # the default threshold
        assert p["evidence"] and p["evidence"][0] == f"pattern: {p['pattern']}"


def test_spans_point_into_the_files_as_read(project, seed_pairs):
    for p in seed_pairs:
        text = (project / p["doc"]).read_text(encoding="utf-8")
        s, e = p["es_span"]
        assert normalize_form(text[s:e]) == normalize_form(p["es"])
        if p["en_span"]:
            s, e = p["en_span"]
            assert normalize_form(text[s:e]) == normalize_form(p["en"])


def test_english_quotes_names_urls_and_handles_give_no_pair(seed_pairs):
    for p in seed_pairs:
        es = p["es"].lower()
        assert "perspective" not in es and "proportion" not in es
        assert "http" not in es and "@" not in es and "twitter" not in es
        assert p["es"] not in ("Betssy Chávez", "El Ciudadano", "La Jornada")
    # English quotations of seed 003/004 are not Spanish spans at all.
    docs = {p["doc"] for p in seed_pairs}
    assert "seeds/004_4914d2f4a9440f0e.txt" not in docs


def test_output_is_deterministic_and_sorted(project, seed_pairs):
    again = run(project, "extract", str(project / "seeds"), "--format", "jsonl").output
    assert again == "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in seed_pairs)
    keys = [(p["doc"], p["es_span"]) for p in seed_pairs]
    assert keys == sorted(keys)


def test_min_confidence_filters(project, seed_pairs):
    high = run(project, "extract", str(project / "seeds"), "--format", "jsonl", "--min-confidence", "0.9").output
    high_pairs = [json.loads(line) for line in high.splitlines()]
    assert high_pairs and all(p["confidence"] >= 0.9 for p in high_pairs)
    assert len(high_pairs) < len(seed_pairs)
    everything = run(project, "extract", str(project / "seeds"), "--format", "jsonl", "--min-confidence", "0").output
    assert set(everything.splitlines()) >= {json.dumps(p, ensure_ascii=False) for p in seed_pairs}


def test_tsv_has_header_and_one_row_per_pair(project, seed_pairs):
    out = run(project, "extract", str(project / "seeds"), "--format", "tsv").output.splitlines()
    assert out[0].split("\t")[:3] == ["es", "en", "doc"]
    assert len(out) == len(seed_pairs) + 1
    assert all(len(line.split("\t")) == len(out[0].split("\t")) for line in out)


def test_table_shows_pairs_and_evidence(project):
    out = run(project, "extract", str(project / SEED_001)).output
    assert "acto inamistoso" in out and "unfriendly act" in out
    assert "evidence:" in out and "inamistoso ~ " in out


def test_missing_binary_and_non_utf8_inputs_exit_2_naming_the_file(project, tmp_path):
    result = run(project, "extract", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2 and "nope.txt" in result.output and "Traceback" not in result.output
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"%PDF\x00\x01\x02")
    result = run(project, "extract", str(binary))
    assert result.exit_code == 2 and "scan.txt" in result.output and "binary" in result.output
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("El asilo no es un acto inamistoso, dijo la Cancillería.".encode("latin-1"))
    result = run(project, "extract", str(latin))
    assert result.exit_code == 2 and "latin1.txt" in result.output and "UTF-8" in result.output


def test_parallel_option_reports_missing_miner_or_runs(project):
    es = project / "seeds" / "x.es.txt"
    en = project / "seeds" / "x.en.txt"
    es.write_text("El asilo no es un acto inamistoso.\n", encoding="utf-8")
    en.write_text("Asylum is not an unfriendly act.\n", encoding="utf-8")
    try:
        result = run(project, "extract", "--parallel", str(es), str(en), "--format", "jsonl")
        try:
            import diploterm.mining  # noqa: F401
        except ModuleNotFoundError:
            assert result.exit_code == 2 and "not available" in result.output
        else:
            assert result.exit_code == 0
    finally:
        es.unlink()
        en.unlink()


def test_rejected_pairs_are_not_proposed(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(SEEDS, root / "seeds")
    shutil.copytree(ROOT / "glossary", root / "glossary")
    before = run(root, "extract", str(root / SEED_001), "--format", "jsonl").output
    assert '"es": "ruptura diplomática"' in before
    result = run(root, "reject", "ruptura diplomática", "diplomatic break")
    assert result.exit_code == 0
    after = run(root, "extract", str(root / SEED_001), "--format", "jsonl").output
    assert '"es": "ruptura diplomática"' not in after
    assert len(after.splitlines()) == len(before.splitlines()) - 1
