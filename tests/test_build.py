"""glossary build: valid, deterministic artifacts that match the termbase."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from diploterm.build import build
from diploterm.cli import cli
from diploterm.project import open_project
from diploterm.termbase import load_termbase

REPO = Path(__file__).resolve().parents[1]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_build_writes_valid_artifacts(project_copy, validators):
    result = run("--root", str(project_copy), "build")
    assert result.exit_code == 0, result.output
    paths = open_project(project_copy).artifact_paths()
    assert validators.tbx3(paths["tbx"]) == []
    assert validators.tbx2(paths["tbx2"]) == []
    assert validators.tmx(paths["tmx"]) == []


def test_build_is_deterministic_and_check_detects_staleness(project_copy):
    project = open_project(project_copy)
    build(project)
    first = {name: path.read_bytes() for name, path in project.artifact_paths().items()}
    build(project)
    assert {name: path.read_bytes() for name, path in project.artifact_paths().items()} == first
    assert run("--root", str(project_copy), "build", "--check").exit_code == 0

    term = project.terms_dir / "salvoconducto.yaml"
    term.write_text(term.read_text(encoding="utf-8").replace("safe-conduct", "safe conduct"), encoding="utf-8")
    result = run("--root", str(project_copy), "build", "--check")
    assert result.exit_code == 1
    assert "glossary/diploterm.tbx: stale" in result.output
    # --check writes nothing
    assert project.artifact_paths()["tbx"].read_bytes() == first["tbx"]


def test_committed_artifacts_are_up_to_date():
    project = open_project(REPO)
    report = build(project, check=True)
    assert report.stale == [], "run 'glossary build' and commit the artifacts"


def test_tmx_header_languages_and_dates(project_copy):
    project = open_project(project_copy)
    build(project)
    doc = etree.parse(str(project.artifact_paths()["tmx"]))
    header = doc.find("header")
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attr), attr
    assert header.get("srclang") == project.config.es
    assert doc.getroot().get("version") == "1.4"
    dates = [el.get(a) for el in doc.iter("header", "tu") for a in ("creationdate", "changedate") if el.get(a)]
    assert dates and all(re.fullmatch(r"\d{8}T\d{6}Z", d) for d in dates)
    langs = {tuv.get(XML_LANG) for tuv in doc.iter("tuv")}
    assert langs == {"es-419", "en-US"}
    segs = [seg.text for seg in doc.iter("seg")]
    assert all(s and s.strip() for s in segs)


def test_tmx_holds_term_pairs_and_memory_segments(project_copy):
    project = open_project(project_copy)
    build(project)
    doc = etree.parse(str(project.artifact_paths()["tmx"]))
    pairs = {tuple(tuv.findtext("seg") for tuv in tu.iterfind("tuv")) for tu in doc.iter("tu")}
    for concept in load_termbase(project):
        es, en = concept.preferred("es"), concept.preferred("en")
        assert (es.term, en.term) in pairs, concept.id
    title = next(p for p in pairs if p[0].startswith("“El asilo no es un acto inamistoso”"))
    assert title[1].startswith("Mexico Asserts That Granting Asylum Is Not an Unfriendly Act")


def test_tbx_status_and_languages(project_copy):
    project = open_project(project_copy)
    build(project)
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    doc = etree.parse(str(project.artifact_paths()["tbx"]))
    entry = doc.find(".//t:conceptEntry[@id='c-acto-inamistoso']", ns)
    statuses = {
        ts.findtext("t:term", namespaces=ns): ts.findtext("t:termNote[@type='administrativeStatus']", namespaces=ns)
        for ts in entry.iterfind(".//t:termSec", ns)
    }
    assert statuses["unfriendly act"] == "preferredTerm-admn-sts"
    assert statuses["act of enmity"] == "deprecatedTerm-admn-sts"
    assert {ls.get(XML_LANG) for ls in entry.iterfind("t:langSec", ns)} == {"es-419", "en-US"}
    v2 = etree.parse(str(project.artifact_paths()["tbx2"]))
    assert v2.getroot().tag == "martif"
    assert len(v2.findall(".//termEntry")) == len(doc.findall(".//t:conceptEntry", ns))


def test_language_tags_come_from_config(project_copy, validators):
    config = project_copy / "glossary" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("es: es-419", "es: es-MX"), encoding="utf-8")
    assert run("--root", str(project_copy), "build").exit_code == 0
    tmx = project_copy / "tmx" / "diploterm.es-MX_en-US.tmx"
    assert validators.tmx(tmx) == []
    assert etree.parse(str(tmx)).find("header").get("srclang") == "es-MX"


def test_proposed_terms_are_not_exported(project_copy):
    term = project_copy / "glossary" / "terms" / "golpe-blando.yaml"
    term.write_text(
        term.read_text(encoding="utf-8").replace(
            "  - term: soft coup\n    status: preferred\n",
            "  - term: soft coup\n    status: preferred\n  - term: velvet coup\n    status: proposed\n",
        ),
        encoding="utf-8",
    )
    assert run("--root", str(project_copy), "build").exit_code == 0
    assert b"velvet coup" not in (project_copy / "glossary" / "diploterm.tbx").read_bytes()
    assert b"velvet coup" not in (project_copy / "glossary" / "diploterm.tsv").read_bytes()


def test_build_refuses_a_broken_termbase_and_keeps_artifacts(project_copy):
    tbx = project_copy / "glossary" / "diploterm.tbx"
    before = tbx.read_bytes()
    (project_copy / "glossary" / "terms" / "embajada.yaml").write_text("id: embajada\nes: [\n", encoding="utf-8")
    result = run("--root", str(project_copy), "build")
    assert result.exit_code == 2
    assert "glossary/terms/embajada.yaml:" in result.output
    assert "Traceback" not in result.output
    assert tbx.read_bytes() == before


def test_tsv_is_omegat_three_columns(project_copy):
    project = open_project(project_copy)
    build(project)
    lines = project.artifact_paths()["tsv"].read_text(encoding="utf-8").splitlines()
    assert lines and all(line.count("\t") == 2 for line in lines)
    rows = {tuple(line.split("\t")[:2]) for line in lines}
    assert ("salvoconducto", "safe-conduct") in rows
    assert ("Segob", "Ministry of the Interior") in rows


def test_empty_termbase_is_a_clear_error(project_copy):
    tbx = project_copy / "glossary" / "diploterm.tbx"
    before = tbx.read_bytes()
    for path in (project_copy / "glossary" / "terms").glob("*.yaml"):
        path.unlink()
    result = run("--root", str(project_copy), "build")
    assert result.exit_code == 2
    assert "TBX v2 cannot hold an empty glossary" in result.output
    # all or nothing: the v3 artifact, rendered first, was not replaced either
    assert tbx.read_bytes() == before
    assert sorted(p.name for p in tbx.parent.iterdir() if p.name.endswith(".tmp")) == []
