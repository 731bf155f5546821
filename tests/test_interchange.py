"""glossary import/export: merging, conflicts, table layouts, real TBX from other tools."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import given, settings

from diploterm.cli import cli
from diploterm.interchange import plan_import
from diploterm.project import open_project
from diploterm.termbase import load_termbase

from .test_roundtrip_interchange import concepts as concepts_strategy

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = SHARED / "schemas" / "examples"


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    root = tmp_path / "empty"
    (root / "glossary").mkdir(parents=True)
    shutil.copy(REPO / "glossary" / "config.yaml", root / "glossary" / "config.yaml")
    return root


def concepts(root: Path) -> dict:
    return {c.id: c for c in load_termbase(open_project(root))}


def terms(concept, lang: str) -> list[tuple[str, str]]:
    return [(t.term, t.status) for t in concept.terms(lang)]


def test_a_different_preferred_term_joins_as_admitted_with_a_conflict_line(project_copy, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("es,en,status,note\nacto inamistoso,hostile act,preferred,from a colleague\n", encoding="utf-8")
    before = concepts(project_copy)["acto-inamistoso"]
    result = run("--root", project_copy, "import", sheet)
    assert result.exit_code == 0, result.output
    assert (
        "conflict: acto-inamistoso: en preferred term is 'unfriendly act' here, 'hostile act' in the file; "
        "added as admitted" in result.output
    )
    after = concepts(project_copy)["acto-inamistoso"]
    # nothing lost: every old term keeps its status, the new one is admitted with its note
    assert terms(after, "en")[: len(before.en)] == terms(before, "en") or set(terms(before, "en")) <= set(
        terms(after, "en")
    )
    hostile = next(t for t in after.en if t.term == "hostile act")
    assert (hostile.status, hostile.note) == ("admitted", "from a colleague")
    assert after.sources == before.sources
    assert "1 updated" in result.output


def test_a_status_disagreement_keeps_the_termbase_status(project_copy, tmp_path):
    sheet = tmp_path / "sheet.tsv"
    sheet.write_text("es\ten\tstatus\nacto inamistoso\tact of enmity\tpreferred\n", encoding="utf-8")
    result = run("--root", project_copy, "import", sheet)
    assert result.exit_code == 0, result.output
    assert "en term 'act of enmity': status is deprecated here, preferred in the file; kept deprecated" in result.output
    assert ("act of enmity", "deprecated") in terms(concepts(project_copy)["acto-inamistoso"], "en")


def test_table_rows_merge_by_preferred_spanish_term(project_copy, tmp_path):
    """A row without an id goes into the concept whose preferred Spanish term it has, whatever that one's id."""
    (project_copy / "glossary/terms/sede-asilante.yaml").write_text(
        "id: sede-asilante\nes:\n  - term: asilo en sede diplomática\n    status: preferred\n"
        "en:\n  - term: embassy asylum\n    status: preferred\nnote: test\n",
        encoding="utf-8",
    )
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("es,en,status\nasilo en sede diplomática,asylum in a legation,admitted\n", encoding="utf-8")
    result = run("--root", project_copy, "import", sheet)
    assert result.exit_code == 0, result.output
    merged = concepts(project_copy)
    assert "asilo-en-sede-diplomatica" not in merged
    assert terms(merged["sede-asilante"], "en") == [
        ("embassy asylum", "preferred"),
        ("asylum in a legation", "admitted"),
    ]


def test_an_explicit_id_is_never_merged_into_another_concept(project_copy, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("id,es,en\nsalvoconducto-2,salvoconducto,laissez-passer\n", encoding="utf-8")
    assert run("--root", project_copy, "import", sheet).exit_code == 0
    merged = concepts(project_copy)
    assert terms(merged["salvoconducto-2"], "en") == [("laissez-passer", "preferred")]
    assert "laissez-passer" not in [t.term for t in merged["salvoconducto"].en]


def test_omegat_headerless_tsv(empty, tmp_path):
    glossary = tmp_path / "glossary.txt"
    glossary.write_text(
        "asilo diplomático\tdiplomatic asylum\tArt. 1, Caracas 1954\nembajada\tembassy\n", encoding="utf-8"
    )
    result = run("--root", empty, "import", glossary, "--format", "tsv")
    assert result.exit_code == 0, result.output
    got = concepts(empty)
    assert terms(got["asilo-diplomatico"], "es") == [("asilo diplomático", "preferred")]
    assert got["asilo-diplomatico"].en[0].note == "Art. 1, Caracas 1954"
    assert terms(got["embajada"], "en") == [("embassy", "preferred")]


def test_excel_semicolon_csv_with_bom_and_quotes(empty, tmp_path):
    sheet = tmp_path / "hoja.csv"
    sheet.write_bytes('\ufeffes;en;note\n"acto inamistoso";"unfriendly act";"dice ""acto"""\n'.encode())
    result = run("--root", empty, "import", sheet)
    assert result.exit_code == 0, result.output
    assert concepts(empty)["acto-inamistoso"].en[0].note == 'dice "acto"'


def test_utf16_tsv_from_a_spreadsheet(empty, tmp_path):
    sheet = tmp_path / "unicode.txt"
    sheet.write_bytes("es\ten\r\ncanciller\tforeign minister\r\n".encode("utf-16"))
    result = run("--root", empty, "import", sheet, "--format", "tsv")
    assert result.exit_code == 0, result.output
    assert terms(concepts(empty)["canciller"], "en") == [("foreign minister", "preferred")]


def test_po_from_another_tool(empty, tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="persona non grata", msgstr="persona non grata", tcomment="Vienna 1961, art. 9"))
    po.append(polib.POEntry(msgid="encargado de negocios", msgstr="chargé d'affaires", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="sin traducir", msgstr=""))
    path = tmp_path / "other.po"
    po.save(str(path))
    result = run("--root", empty, "import", path)
    assert result.exit_code == 0, result.output
    got = concepts(empty)
    assert got["persona-non-grata"].note == "Vienna 1961, art. 9"
    assert terms(got["encargado-de-negocios"], "en") == [("chargé d'affaires", "proposed")]
    assert got["sin-traducir"].en == []


def test_dry_run_writes_nothing(empty, tmp_path):
    sheet = tmp_path / "s.csv"
    sheet.write_text("es,en\nembajada,embassy\n", encoding="utf-8")
    result = run("--root", empty, "import", sheet, "--dry-run")
    assert result.exit_code == 0 and "(dry run)" in result.output and "1 added" in result.output
    assert not (empty / "glossary" / "terms").exists()


@pytest.mark.parametrize("name", ["minimal.tbx", "Example_Astronomy_DCA_VALID.tbx"])
def test_real_world_tbx_imports_and_exports_valid_tbx(name, empty, tmp_path, validators):
    result = run("--root", empty, "import", EXAMPLES / name)
    assert result.exit_code == 0, result.output
    got = concepts(empty)
    assert any(c.es and c.en for c in got.values()), "no Spanish-English concept read"
    for fmt, check in (("tbx", validators.tbx3), ("tbx2", validators.tbx2)):
        out = tmp_path / f"out.{fmt}"
        assert run("--root", empty, "export", "--format", fmt, "-o", out).exit_code == 0
        assert check(out) == []


def test_tbx_basic_v2_sample_reads_english_entries(empty):
    """The LISA sample has no Spanish: its English terms come in with statuses, types and tidy notes."""
    result = run("--root", empty, "import", SHARED / "schemas/tbx-basic-v2/TBX-basic-sample.tbx")
    assert result.exit_code == 0, result.output
    lens = concepts(empty)["progressive-lens"]
    assert terms(lens, "en")[0] == ("progressive lens", "preferred")
    assert ("PAL", "deprecated") in terms(lens, "en")
    assert next(t for t in lens.en if t.term == "PAL").type == "acronym"
    assert "\t" not in lens.note and "gradient of increasing" in lens.note


def test_minimal_tbx_is_read_field_by_field(empty):
    assert run("--root", empty, "import", EXAMPLES / "minimal.tbx").exit_code == 0
    c = concepts(empty)["ordenador"]
    assert terms(c, "es") == [("ordenador", "preferred"), ("computadora", "admitted")]
    assert terms(c, "en") == [("computer", "preferred")]
    assert (c.es[0].pos, c.es[0].type, c.es[1].note) == ("noun", "fullForm", "Forma habitual en Hispanoamérica.")
    assert c.subject == "Informática"
    assert c.definition_en.startswith("Programmable electronic machine")
    assert c.created == "2025-01-01T00:00:00Z"


def test_astronomy_example_keeps_spanish_and_english_and_maps_superseded(empty):
    assert run("--root", empty, "import", EXAMPLES / "Example_Astronomy_DCA_VALID.tbx").exit_code == 0
    got = concepts(empty)
    cluster = got["cumulo-abierto"]
    assert ("open cluster", "preferred") in terms(cluster, "en")
    assert ("galactic cluster", "deprecated") in terms(cluster, "en")  # supersededTerm-admn-sts


def test_tmx_import_without_the_memory_module_says_so_or_merges(empty, tmp_path):
    tmx = EXAMPLES / "minimal.tmx"
    result = run("--root", empty, "import", tmx)
    try:
        from diploterm import memory  # noqa: F401
    except ImportError:
        assert result.exit_code == 2
        assert "needs the memory module" in result.output
        assert not (empty / "tmx").exists()
    else:
        assert result.exit_code == 0, result.output
        assert open_project(empty).memory_path.exists()


def test_export_needs_a_format_and_an_output(project_copy):
    result = run("--root", project_copy, "export", "-o", "-")
    assert result.exit_code == 2
    assert "--format" in result.output


def test_large_tsv_import_writes_every_concept(empty, tmp_path):
    rows = 2_000
    sheet = tmp_path / "big.tsv"
    with sheet.open("w", encoding="utf-8") as f:
        f.write("es\ten\tstatus\tnote\n")
        for i in range(rows):
            f.write(f"término {i}\tterm {i}\t\tnota {i}\n")
    result = run("--root", empty, "import", sheet)
    assert result.exit_code == 0, result.output
    assert f"{rows} added" in result.output
    files = list((empty / "glossary" / "terms").glob("*.yaml"))
    assert len(files) == rows
    assert not list((empty / "glossary" / "terms").glob(".*"))  # no staging files left behind
    assert (empty / "glossary/terms/termino-123.yaml").read_text(encoding="utf-8") == (
        "id: termino-123\nes:\n  - term: término 123\n    status: preferred\n"
        "en:\n  - term: term 123\n    status: preferred\n    note: nota 123\n"
    )


@settings(max_examples=100, deadline=None)
@given(base=concepts_strategy(), incoming=concepts_strategy())
def test_merging_never_drops_or_rewrites_what_the_termbase_has(base, incoming):
    plan = plan_import(base, incoming)
    after = {c.id: c for c in base} | {c.id: c for c in plan.concepts}
    for old in base:
        new = after[old.id]
        for lang in ("es", "en"):
            # the termbase's terms stay first, in order, with their status; fields are only filled in
            for term, merged in zip(old.terms(lang), new.terms(lang), strict=False):
                assert (merged.term, merged.status) == (term.term, term.status)
                for name in ("pos", "type", "note"):
                    assert getattr(term, name) is None or getattr(merged, name) == getattr(term, name)
            assert len(new.terms(lang)) >= len(old.terms(lang))
            assert len([t for t in new.terms(lang) if t.status == "preferred"]) <= max(
                1, len([t for t in old.terms(lang) if t.status == "preferred"])
            )
        for name in ("subject", "definition_es", "definition_en", "note"):
            assert getattr(old, name) is None or getattr(new, name) == getattr(old, name)
        assert set(old.sources) <= set(new.sources)


def test_import_from_standard_input(project_copy, empty):
    exported = CliRunner().invoke(cli, ["--root", str(project_copy), "export", "--format", "tsv", "-o", "-"])
    result = CliRunner().invoke(
        cli, ["--root", str(empty), "import", "-", "--format", "tsv"], input=exported.stdout_bytes
    )
    assert result.exit_code == 0, result.output
    assert sorted(concepts(empty)) == sorted(concepts(project_copy))
    result = CliRunner().invoke(cli, ["--root", str(empty), "import", "-"], input=b"")
    assert result.exit_code == 2 and "needs --format" in result.output
