"""Term files: canonical form, and one clear line per problem from `glossary check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from diploterm.cli import cli
from diploterm.project import open_project
from diploterm.termbase import concept_to_yaml, load_termbase, read_concept_text, term_files

REPO = Path(__file__).resolve().parents[1]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_every_shipped_file_is_canonical():
    project = open_project(REPO)
    files = term_files(project)
    assert len(files) >= 25
    for path in files:
        text = path.read_text(encoding="utf-8")
        loaded = read_concept_text(text, str(path), path.stem)
        assert loaded.problems == []
        assert concept_to_yaml(loaded.concept) == text, f"{path.name} is not in canonical form"


def test_shipped_termbase_passes_check():
    result = run("--root", str(REPO), "check")
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


def test_every_concept_has_sources_or_a_reference():
    for concept in load_termbase(open_project(REPO)):
        assert concept.sources, concept.id
        assert all(s.doc or s.ref for s in concept.sources)


GOOD = """\
id: embajada
es:
  - term: embajada
    status: preferred
en:
  - term: embassy
    status: preferred
"""

# (file text, expected "line: message" fragment); each breaks one rule.
BROKEN = [
    ("id: embajada\nes: [\n", ":3: invalid YAML"),
    (GOOD.replace("status: preferred\nen", "status: favourite\nen"), ":4: unknown status 'favourite'"),
    (
        GOOD.replace("  - term: embassy\n    status: preferred", "  - term: embassy\n    status: admitted"),
        ":6: no preferred en term",
    ),
    (GOOD.replace("term: embajada", "term: ''"), ":3: term is empty"),
    (GOOD.replace("id: embajada", "id: embassy"), ":1: id 'embassy' does not match the file name"),
    (GOOD.replace("id: embajada", "id: Embajada"), ":1: id 'Embajada' must be a slug"),
    (GOOD + "colour: blue\n", ":8: unknown key 'colour'"),
    (GOOD.replace("    status: preferred\nen", "    status: preferred\n    pos: noun-ish\nen"), ":5: unknown pos"),
    (GOOD + "sources:\n  - {doc: seeds/nowhere.txt, es_span: [0, 8]}\n", ":9: source 'seeds/nowhere.txt' is not"),
    (GOOD + "sources:\n  - {doc: ../../etc/passwd}\n", ":9: source '../../etc/passwd' is not"),
    (
        GOOD + "sources:\n  - {doc: seeds/001_2ebf3ef7288b0ebb.txt, es_span: [0, 8]}\n",
        "which is none of the concept's es terms",
    ),
    (GOOD + "sources:\n  - {doc: seeds/001_2ebf3ef7288b0ebb.txt, en_span: [5, 2]}\n", "start < end"),
    (GOOD + "sources:\n  - {doc: seeds/001_2ebf3ef7288b0ebb.txt, en_span: [0, 999999]}\n", "past the end"),
    (GOOD + "sources:\n  - {pattern: x}\n", "needs 'doc'"),
    (GOOD + "created: yesterday\n", ":8: created must be a UTC timestamp"),
    (b"\xff\xfeid: x".decode("latin-1").encode("latin-1"), "not UTF-8"),
    ("- just\n- a list\n", ":1: a term file must be a mapping"),
]


@pytest.mark.parametrize(("text", "expected"), BROKEN, ids=[e for _, e in BROKEN])
def test_check_reports_one_clear_line(project_copy, text, expected):
    path = project_copy / "glossary" / "terms" / "embajada.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    result = run("--root", str(project_copy), "check")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("glossary/terms/embajada.yaml")]
    assert any(expected in line for line in lines), result.output


def test_same_term_preferred_in_two_concepts(project_copy):
    terms = project_copy / "glossary" / "terms"
    (terms / "legacion.yaml").write_text(
        GOOD.replace("id: embajada", "id: legacion").replace("embajada", "legación"), encoding="utf-8"
    )
    result = run("--root", str(project_copy), "check")
    assert result.exit_code == 1
    assert "glossary/terms/legacion.yaml:6: en term 'embassy' is preferred in another concept too" in result.output
    assert "glossary/terms/embajada.yaml:" in result.output


def test_bad_language_tag_in_config(project_copy):
    config = project_copy / "glossary" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("es: es-419", "es: es_MX"), encoding="utf-8")
    result = run("--root", str(project_copy), "check")
    assert result.exit_code == 2
    assert "glossary/config.yaml: languages.es: 'es_MX' is not a BCP 47 tag" in result.output
    assert "Traceback" not in result.output


def test_unknown_region_is_refused(project_copy):
    config = project_copy / "glossary" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("en: en-US", "en: en-QQ"), encoding="utf-8")
    result = run("--root", str(project_copy), "check")
    assert result.exit_code == 2
    assert "CLDR knows no locale en-QQ" in result.output


def test_no_project_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 2
    assert "no 'glossary/' folder" in result.output


def test_root_is_found_from_a_subfolder(project_copy, monkeypatch):
    monkeypatch.chdir(project_copy / "seeds")
    assert run("check").exit_code == 0


def test_two_preferred_terms_in_one_language_is_a_warning(project_copy):
    path = project_copy / "glossary" / "terms" / "embajada.yaml"
    path.write_text(GOOD + "  - term: legation\n    status: preferred\n", encoding="utf-8")
    result = run("--root", str(project_copy), "check")
    assert result.exit_code == 0, result.output
    assert "glossary/terms/embajada.yaml:6: warning: 2 preferred en terms (embassy, legation)" in result.output


def test_one_sided_concept_is_a_warning(project_copy):
    assert CliRunner().invoke(cli, ["--root", str(project_copy), "add", "valija diplomática"]).exit_code == 0
    result = run("--root", str(project_copy), "check")
    assert result.exit_code == 0
    assert "glossary/terms/valija-diplomatica.yaml:5: warning: no en term to export" in result.output
