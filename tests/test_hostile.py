"""Hostile and broken files are refused with the file and line, exit 2, and nothing changes."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diploterm.cli import cli
from diploterm.errors import InputError
from diploterm.formats import po, table, tbx, tmx

REPO = Path(__file__).resolve().parents[1]

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">\n' for i in range(1, 10))
    + "]>\n"
)
XXE = '<?xml version="1.0"?>\n<!DOCTYPE x [\n <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'


def tbx2_entry(term_es: str) -> str:
    return (
        '<martif type="TBX-Basic" xml:lang="en-US"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc>'
        '</fileDesc></martifHeader><text><body>\n<termEntry id="c1">\n<langSet xml:lang="es"><tig>\n'
        f"<term>{term_es}</term>\n</tig></langSet>\n"
        '<langSet xml:lang="en"><tig><term>asylum</term></tig></langSet></termEntry></body></text></martif>\n'
    )


def snapshot(root: Path) -> str:
    """A digest of every file under the project's glossary/ and tmx/ folders."""
    digest = hashlib.sha256()
    for folder in ("glossary", "tmx"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def refused(root: Path, path: Path, *extra: str) -> str:
    before = snapshot(root)
    result = CliRunner().invoke(cli, ["--root", str(root), "import", str(path), *extra])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert snapshot(root) == before, "a refused import changed the project"
    assert str(path) in result.output
    return result.output


def test_xxe_in_tbx_is_refused_not_read(project_copy, tmp_path):
    bad = tmp_path / "xxe.tbx"
    bad.write_text(XXE + tbx2_entry("asilo &xxe;"), encoding="utf-8")
    out = refused(project_copy, bad)
    assert f"{bad}:8:" in out and "entity &xxe;" in out
    assert "root:" not in out


def test_billion_laughs_in_tbx_is_refused_not_expanded(project_copy, tmp_path):
    bad = tmp_path / "lol.tbx"
    bad.write_text(BILLION_LAUGHS + tbx2_entry("&lol9;"), encoding="utf-8")
    out = refused(project_copy, bad)
    # libxml2 refuses the declarations themselves before any reference is met
    assert f"{bad}:1: not well-formed XML: Maximum entity amplification factor exceeded" in out


def _tmx_with(prolog: str, ref: str) -> bytes:
    return (
        prolog + '<tmx version="1.4"><header srclang="es"/><body><tu>'
        f'<tuv xml:lang="es"><seg>asilo {ref}</seg></tuv><tuv xml:lang="en"><seg>asylum</seg></tuv>'
        "</tu></body></tmx>"
    ).encode()


def test_tmx_reader_expands_no_entity():
    units = list(tmx.read(io.BytesIO(_tmx_with(XXE, "&xxe;")), "es-419", "en-US"))
    assert [u.source.strip() for u in units] == ["asilo"]
    with pytest.raises(InputError, match="amplification"):
        list(tmx.read(io.BytesIO(_tmx_with(BILLION_LAUGHS, "&lol9;")), "es-419", "en-US"))


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_truncated_tbx(fmt, project_copy, tmp_path):
    full = (project_copy / "glossary" / ("diploterm.tbx" if fmt == "tbx" else "diploterm.v2.tbx")).read_bytes()
    bad = tmp_path / "cut.tbx"
    bad.write_bytes(full[: len(full) // 2])
    out = refused(project_copy, bad)
    assert "not well-formed XML" in out
    assert f"{bad}:" in out


def test_malformed_xml_names_the_line(project_copy, tmp_path):
    bad = tmp_path / "bad.tbx"
    bad.write_text(tbx2_entry("asilo</b>"), encoding="utf-8")
    out = refused(project_copy, bad)
    assert f"{bad}:4: not well-formed XML" in out


def test_xml_that_is_not_tbx(project_copy, tmp_path):
    bad = tmp_path / "page.tbx"
    bad.write_text("<html><body>hola</body></html>\n", encoding="utf-8")
    assert "not a TBX file: the root element is <html>" in refused(project_copy, bad)


def test_csv_with_broken_quoting(project_copy, tmp_path):
    bad = tmp_path / "broken.csv"
    bad.write_text('es,en\nasilo,asylum\n"acto "inamistoso",unfriendly act\n', encoding="utf-8")
    out = refused(project_copy, bad)
    assert f"{bad}:3: broken CSV" in out


def test_csv_with_an_unclosed_quote(project_copy, tmp_path):
    bad = tmp_path / "open.csv"
    bad.write_text('es,en\nasilo,asylum\n"acto inamistoso,unfriendly act\nembajada,embassy\n', encoding="utf-8")
    assert "broken CSV" in refused(project_copy, bad)


def test_latin1_bytes_in_a_utf8_file_name_the_line(project_copy, tmp_path):
    bad = tmp_path / "latin1.tsv"
    bad.write_bytes(b"es\ten\nasilo\tasylum\n" + "canciller\tminister\nacción\taction\n".encode("latin-1"))
    out = refused(project_copy, bad)
    assert f"{bad}:4: not UTF-8 (byte 0xf3" in out


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".po"])
def test_binary_file(suffix, project_copy, tmp_path):
    bad = tmp_path / f"image{suffix}"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)))
    assert "binary file" in refused(project_copy, bad)


@pytest.mark.parametrize("suffix", [".tbx", ".tmx"])
def test_binary_xml_file(suffix, project_copy, tmp_path):
    bad = tmp_path / f"image{suffix}"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)))
    assert f"{bad}:1: not well-formed" in refused(project_copy, bad)


def test_huge_line(project_copy, tmp_path):
    bad = tmp_path / "huge.tsv"
    bad.write_text("es\ten\nasilo\t" + "a" * 300_000 + "\n", encoding="utf-8")
    out = refused(project_copy, bad)
    assert f"{bad}:2: line is longer than" in out


def test_po_syntax_error(project_copy, tmp_path):
    bad = tmp_path / "bad.po"
    bad.write_text('msgid ""\nmsgstr ""\n\nmsgid "asilo"\nmsgstr "asylum"\nasilo político\n', encoding="utf-8")
    out = refused(project_copy, bad)
    assert f"{bad}:6: not a valid PO file: Syntax error" in out


def test_an_error_in_the_last_row_imports_nothing(project_copy, tmp_path):
    bad = tmp_path / "late.tsv"
    rows = "".join(f"término {i}\tterm {i}\n" for i in range(500))
    bad.write_text("es\ten\tstatus\n" + rows + "asilo\tasylum\tbest\n", encoding="utf-8")
    out = refused(project_copy, bad)
    assert f"{bad}:502: unknown status 'best'" in out


def test_a_bad_id_in_an_export_table(project_copy, tmp_path):
    good = tmp_path / "all.tsv"
    CliRunner().invoke(cli, ["--root", str(project_copy), "export", "--format", "tsv", "-o", str(good)])
    lines = good.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = "../../etc/x" + lines[5][lines[5].index("\t") :]
    bad = tmp_path / "bad.tsv"
    bad.write_text("".join(lines), encoding="utf-8")
    assert f"{bad}:6: id '../../etc/x' must be a slug" in refused(project_copy, bad)


def test_headerless_rows_with_too_many_columns(project_copy, tmp_path):
    bad = tmp_path / "wide.txt"
    bad.write_text("asilo\tasylum\n" + "a\tb\tc\td\n", encoding="utf-8")
    assert f"{bad}:2: 4 columns" in refused(project_copy, bad, "--format", "tsv")


def test_unknown_extension_asks_for_format(project_copy, tmp_path):
    bad = tmp_path / "glossary.xlsx"
    bad.write_bytes(b"PK\x03\x04")
    assert "pass --format" in refused(project_copy, bad)


def test_a_glossary_of_another_language_pair_is_not_a_crash(project_copy, tmp_path):
    other = tmp_path / "de-fr.tbx"
    other.write_text(tbx2_entry("x").replace('"es"', '"de"').replace('"en"', '"fr"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(project_copy), "import", str(other)])
    assert result.exit_code == 0 and "0 concepts read" in result.output


# ---------------------------------------------------------------- property-based

READERS = {
    "tbx": lambda data: list(tbx.read(io.BytesIO(data), "x.tbx")),
    "po": lambda data: po.read(io.BytesIO(data), "x.po"),
    "tsv": lambda data: table.read_tsv(io.BytesIO(data), "x.tsv"),
    "csv": lambda data: table.read_csv(io.BytesIO(data), "x.csv"),
    "tmx": lambda data: list(tmx.read(io.BytesIO(data), "es-419", "en-US")),
}
SAMPLES = {
    "tbx": (REPO / "glossary" / "diploterm.v2.tbx").read_bytes()[:6000],
    "po": (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'#. es: {"term": "asilo", "status": "preferred"}\nmsgctxt "asilo"\nmsgid "asilo"\nmsgstr "asylum"\n'
    ),
    "tsv": b"id\tlang\tterm\tstatus\npersona\tes\tpersona non grata\tpreferred\n",
    "csv": b'es,en,status,note\n"acto inamistoso",unfriendly act,preferred,"a ""note"""\n',
    "tmx": (REPO / "tmx" / "memory.es-419_en-US.tmx").read_bytes()[:4000],
}


@pytest.mark.parametrize("fmt", sorted(READERS))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_readers_refuse_garbage_only_with_input_error(fmt, data):
    """Random bytes, or a real file cut, spliced or with bytes changed: read, or InputError; never a crash."""
    sample = SAMPLES[fmt]
    blob = data.draw(
        st.one_of(
            st.binary(max_size=300),
            st.integers(0, len(sample)).map(lambda n: sample[:n]),
            st.tuples(st.integers(0, len(sample) - 1), st.binary(min_size=1, max_size=4)).map(
                lambda t: sample[: t[0]] + t[1] + sample[t[0] + len(t[1]) :]
            ),
        )
    )
    try:
        READERS[fmt](blob)
    except InputError as exc:
        assert exc.path and exc.message


def test_latin1_bytes_in_utf8_xml_name_the_line(project_copy, tmp_path):
    bad = tmp_path / "latin1.tbx"
    bad.write_bytes(tbx2_entry("acci\xf3n").encode("latin-1"))
    out = refused(project_copy, bad)
    assert f"{bad}:4: not well-formed XML" in out and "UTF-8" in out


def test_a_huge_text_node_in_xml(project_copy, tmp_path):
    bad = tmp_path / "huge.tbx"
    bad.write_text(tbx2_entry("a" * 11_000_000), encoding="utf-8")
    assert "not well-formed XML" in refused(project_copy, bad)


def test_a_po_entry_whose_context_is_a_path(project_copy, tmp_path):
    bad = tmp_path / "path.po"
    bad.write_text(
        'msgid ""\nmsgstr ""\n\n#. es: {"term": "asilo", "status": "preferred"}\n'
        'msgctxt "../../../etc/cron.d/x"\nmsgid "asilo"\nmsgstr "asylum"\n',
        encoding="utf-8",
    )
    assert f"{bad}:4: entry 'asilo': msgctxt '../../../etc/cron.d/x' must be a concept id" in refused(project_copy, bad)
