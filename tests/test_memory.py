"""``glossary memory add``: merging TMX files from any tool into the project memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from diploterm.cli import cli
from diploterm.formats.tmx import TmxHeader, normalize_date, read
from diploterm.memory import add, merge_files
from diploterm.project import open_project

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCHEMAS = SHARED / "schemas"
KIT = SCHEMAS / "examples" / "lisa-tmx-compliance-kit"
PARSER = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)


def tmx(
    units: list[tuple[str, str]], *, lang_attr: str = "xml:lang", header: str = 'srclang="es"', tu_attrs: str = ""
) -> str:
    body = "".join(
        f'<tu {tu_attrs}><tuv {lang_attr}="es"><seg>{s}</seg></tuv><tuv {lang_attr}="en"><seg>{t}</seg></tuv></tu>\n'
        for s, t in units
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header {header}/><body>\n{body}</body></tmx>\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "config.yaml").write_text("languages:\n  es: es-MX\n  en: en-US\n", encoding="utf-8")
    return tmp_path


def run(root: Path, *files: Path):
    return CliRunner().invoke(cli, ["--root", str(root), "memory", "add", *map(str, files)])


def memory_units(root: Path) -> list[tuple[str, str]]:
    path = open_project(root).memory_path
    return [(u.source, u.target) for u in read(str(path), "es-MX", "en-US")]


def assert_valid(path: Path) -> None:
    doc = etree.parse(str(path), PARSER)
    dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / "cat-tools" / "omegat" / "tmx14.xsd")))
    assert xsd.validate(doc), xsd.error_log.last_error


def test_merge_sorts_dedupes_and_reports_conflicts(project: Path) -> None:
    a = project / "a.tmx"
    b = project / "b.tmx"
    a.write_text(tmx([("Embajada", "Embassy"), ("Asilo", "Asylum"), ("Asilo", "Asylum")]), encoding="utf-8")
    b.write_text(tmx([("Asilo", "Refuge"), ("Cónsul", "Consul"), ("Embajada", "Embassy")]), encoding="utf-8")
    result = run(project, a, b)
    assert result.exit_code == 0, result.output
    assert memory_units(project) == [
        ("Asilo", "Asylum"),
        ("Asilo", "Refuge"),
        ("Cónsul", "Consul"),
        ("Embajada", "Embassy"),
    ]
    assert "conflict: Asilo -> Asylum | Refuge" in result.stderr
    assert "4 added, 2 duplicates, 1 conflicts, 4 units in total" in result.stdout
    memory = open_project(project).memory_path
    assert_valid(memory)
    before = memory.read_bytes()
    again = run(project, b, a)
    assert again.exit_code == 0
    assert "0 added, 6 duplicates" in again.stdout
    assert memory.read_bytes() == before


def test_external_sort_with_many_runs_gives_the_same_file(project: Path, tmp_path_factory) -> None:
    """Tiny runs force the spill-and-merge path; the result must equal a one-run merge."""
    units = [(f"frase {i % 97:03d} {i % 7}", f"sentence {i % 97:03d} {i % 7}") for i in range(600)]
    src = project / "many.tmx"
    src.write_text(tmx(units), encoding="utf-8")
    header = TmxHeader(srclang="es-MX", tgtlang="en-US")
    small, big = project / "small.tmx", project / "big.tmx"
    report = merge_files(small, [src], header, run_size=13)
    merge_files(big, [src], header)
    assert small.read_bytes() == big.read_bytes()
    got = [(u.source, u.target) for u in read(str(small), "es-MX", "en-US")]
    assert got == sorted(set(units))
    assert report.read == 600 and report.total == len(set(units))


def test_reads_tmx_from_other_tools(project: Path) -> None:
    utf16 = project / "utf16.tmx"
    utf16.write_bytes(
        tmx([("Canciller", "Foreign Minister")]).replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    )
    old = project / "tmx11.tmx"
    old.write_text(tmx([("Salvoconducto", "Safe-conduct")], lang_attr="lang"), encoding="utf-8")
    vendor = project / "vendor.tmx"
    vendor.write_text(
        tmx(
            [("Nota verbal", "Note verbale")],
            header='creationtool="X"',
            tu_attrs='creationdate="2018-06-11 05:09:06 UTC"',
        ),
        encoding="utf-8",
    )
    lisa = KIT / "ImportTest1C.tmx"  # es-es / en-us units among other languages
    result = run(project, utf16, old, vendor, lisa)
    assert result.exit_code == 0, result.output
    units = memory_units(project)
    for pair in [("Canciller", "Foreign Minister"), ("Salvoconducto", "Safe-conduct"), ("Nota verbal", "Note verbale")]:
        assert pair in units
    assert len(units) > 3
    memory = open_project(project).memory_path
    assert_valid(memory)
    dates = etree.parse(str(memory), PARSER).xpath("//tu/@creationdate")
    assert dates == ["20180611T050906Z"]


def test_lisa_utf16_file_is_read(project: Path) -> None:
    units = list(read(str(KIT / "ImportTest1A.tmx"), "en-US", "fr-CA"))
    assert units and all(u.source and u.target for u in units)
    result = run(project, KIT / "ImportTest1A.tmx")
    assert result.exit_code == 0
    assert "no units in the project's language pair" in result.stderr


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (tmx([("Hola", "Hello")]).replace("</body></tmx>", "<tu><tuv xml:lang='es'><seg>roto"), 5),
        ("<tmx version='1.4'><header/><body>\n<tu><tuv xml:lang='es'><seg>a &nbsp; b</seg></tuv></tu></body></tmx>", 2),
        ("<html><body>not a memory</body></html>", 1),
    ],
)
def test_bad_xml_is_a_clear_error_and_memory_is_untouched(project: Path, content: str, line: int) -> None:
    good = project / "good.tmx"
    good.write_text(tmx([("Hola", "Hello")]), encoding="utf-8")
    assert run(project, good).exit_code == 0
    memory = open_project(project).memory_path
    before = memory.read_bytes()
    bad = project / "bad.tmx"
    bad.write_text(content, encoding="utf-8")
    result = run(project, good, bad)
    assert result.exit_code == 2
    assert f"{bad}:{line}:" in result.output
    assert "Traceback" not in result.output
    assert memory.read_bytes() == before
    assert sorted(p.name for p in memory.parent.iterdir()) == [memory.name]


def test_missing_file_is_a_clear_error(project: Path) -> None:
    result = run(project, project / "nope.tmx")
    assert result.exit_code == 2
    assert "nope.tmx: no such file" in result.output


def test_library_entry_point(project: Path) -> None:
    src = project / "a.tmx"
    src.write_text(tmx([("Tratado", "Treaty")]), encoding="utf-8")
    report = add(open_project(project), [src])
    assert (report.added, report.total, report.conflict_count) == (1, 1, 0)
    assert report.path == open_project(project).memory_path


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2018-06-11 05:09:06 UTC", "20180611T050906Z"),
        ("2018-06-11T05:09:06Z", "20180611T050906Z"),
        ("20180611T050906Z", "20180611T050906Z"),
        ("20180611T0509Z", "20180611T050900Z"),
        ("2018-06-11", "20180611T000000Z"),
        ("11/06/2018", None),
        ("2018-13-01", None),
        ("", None),
    ],
)
def test_normalize_date(raw: str, expected: str | None) -> None:
    assert normalize_date(raw) == expected
