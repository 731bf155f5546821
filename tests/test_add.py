"""glossary add: new concepts, merged variants, located sources."""

from __future__ import annotations

import yaml
from click.testing import CliRunner

from diploterm.cli import cli

S1 = "seeds/001_2ebf3ef7288b0ebb.txt"


def run(root, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), *args])


def read(root, concept_id):
    return yaml.safe_load((root / "glossary" / "terms" / f"{concept_id}.yaml").read_text(encoding="utf-8"))


def test_add_creates_a_concept_with_located_source(project_copy):
    result = run(
        project_copy,
        "add",
        "Perú",
        "Peru",
        "--pos",
        "properNoun",
        "--subject",
        "politics",
        "--source",
        str(project_copy / S1),
    )
    assert result.exit_code == 0, result.output
    data = read(project_copy, "peru")
    assert data["es"] == [{"term": "Perú", "status": "preferred", "pos": "properNoun"}]
    src = data["sources"][0]
    text = (project_copy / S1).read_text(encoding="utf-8")
    assert src["doc"] == S1
    assert text[src["es_span"][0] : src["es_span"][1]] == "Perú"
    assert text[src["en_span"][0] : src["en_span"][1]] == "Peru"
    assert run(project_copy, "check").exit_code == 0


def test_second_rendering_becomes_admitted_never_overwrites(project_copy):
    before = read(project_copy, "embajada")
    result = run(project_copy, "add", "embajada", "legation")
    assert result.exit_code == 0, result.output
    data = read(project_copy, "embajada")
    assert data["en"][0] == before["en"][0]
    assert {"term": "legation", "status": "admitted"} in data["en"]


def test_adding_what_is_there_changes_nothing(project_copy):
    path = project_copy / "glossary" / "terms" / "embajada.yaml"
    before = path.read_bytes()
    result = run(project_copy, "add", "embajada", "embassy")
    assert result.exit_code == 0
    assert result.output.startswith("unchanged")
    assert path.read_bytes() == before


def test_source_without_the_terms_is_refused(project_copy):
    result = run(project_copy, "add", "valija diplomática", "diplomatic bag", "--source", str(project_copy / S1))
    assert result.exit_code == 2
    assert "does not occur in this file" in result.output
    assert not (project_copy / "glossary" / "terms" / "valija-diplomatica.yaml").exists()


def test_add_needs_a_term(project_copy):
    assert run(project_copy, "add").exit_code == 2
