"""Every exchange format round-trips: export -> import into an empty project -> export, same bytes."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diploterm.cli import cli
from diploterm.errors import DiplotermError
from diploterm.formats import po, table, tbx
from diploterm.interchange import _fast_yaml, concept_problems
from diploterm.model import PARTS_OF_SPEECH, STATUSES, TERM_TYPES, Concept, Source, Term
from diploterm.project import Config
from diploterm.termbase import canonical, concept_to_yaml, read_concept_text

REPO = Path(__file__).resolve().parents[1]
GLOSSARY_FORMATS = ("tbx", "tbx2", "po", "tsv", "csv")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def empty_project(root: Path) -> Path:
    (root / "glossary").mkdir(parents=True)
    shutil.copy(REPO / "glossary" / "config.yaml", root / "glossary" / "config.yaml")
    return root


def has_memory_module() -> bool:
    try:
        from diploterm import memory
    except ImportError:
        return False
    return hasattr(memory, "add")


FORMATS = [
    *GLOSSARY_FORMATS,
    pytest.param("tmx", marks=pytest.mark.skipif(not has_memory_module(), reason="diploterm.memory not merged yet")),
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_import_export_gives_the_same_bytes(fmt, project_copy, tmp_path, validators):
    first = tmp_path / f"first.{fmt}"
    second = tmp_path / f"second.{fmt}"
    result = run("--root", str(project_copy), "export", "--format", fmt, "-o", str(first))
    assert result.exit_code == 0, result.output
    empty = empty_project(tmp_path / "empty")
    result = run("--root", str(empty), "import", str(first), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "conflict:" not in result.output
    result = run("--root", str(empty), "export", "--format", fmt, "-o", str(second))
    assert result.exit_code == 0, result.output
    assert second.read_bytes() == first.read_bytes()
    if fmt in ("tbx", "tbx2", "tmx"):
        assert getattr(validators, {"tbx": "tbx3"}.get(fmt, fmt))(first) == []


@pytest.mark.parametrize("fmt", [f for f in GLOSSARY_FORMATS if f not in ("tbx", "tbx2")])
def test_lossless_formats_give_back_the_termbase_files(fmt, project_copy, tmp_path):
    """PO, TSV and CSV carry everything: the imported term files are the original ones."""
    out = tmp_path / f"all.{fmt}"
    assert run("--root", str(project_copy), "export", "--format", fmt, "-o", str(out)).exit_code == 0
    empty = empty_project(tmp_path / "empty")
    assert run("--root", str(empty), "import", str(out)).exit_code == 0
    original = sorted((project_copy / "glossary" / "terms").glob("*.yaml"))
    imported = sorted((empty / "glossary" / "terms").glob("*.yaml"))
    assert [p.name for p in imported] == [p.name for p in original]
    for a, b in zip(original, imported, strict=True):
        assert b.read_text(encoding="utf-8") == a.read_text(encoding="utf-8"), b.name


def test_reimporting_an_export_changes_nothing(project_copy, tmp_path):
    before = {p.name: p.read_bytes() for p in (project_copy / "glossary" / "terms").glob("*.yaml")}
    for fmt in GLOSSARY_FORMATS:
        out = tmp_path / f"x.{fmt}"
        assert run("--root", str(project_copy), "export", "--format", fmt, "-o", str(out)).exit_code == 0
        result = run("--root", str(project_copy), "import", str(out))
        assert result.exit_code == 0, result.output
        assert "conflict:" not in result.output, (fmt, result.output)
    after = {p.name: p.read_bytes() for p in (project_copy / "glossary" / "terms").glob("*.yaml")}
    assert after == before


def test_export_to_stdout(project_copy):
    result = CliRunner().invoke(cli, ["--root", str(project_copy), "export", "--format", "po", "-o", "-"])
    assert result.exit_code == 0
    assert 'msgctxt "acto-inamistoso"' in result.output


# ---------------------------------------------------------------- property-based

_text = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\\\"',;:#-áñ "),
        min_size=1,
        max_size=25,
    )
    .map(str.strip)
    .filter(bool)
)
_plain_text = st.from_regex(r"[a-záéíóúñ][a-záéíóúñ0-9 .,()'/-]{0,20}[a-z]", fullmatch=True)
_word = st.one_of(_text, _plain_text)
_opt = st.none() | _word
_term = st.builds(
    Term,
    term=_word,
    status=st.sampled_from(STATUSES),
    pos=st.none() | st.sampled_from(PARTS_OF_SPEECH),
    type=st.none() | st.sampled_from(TERM_TYPES),
    note=_opt,
)
_span = st.tuples(st.integers(0, 500), st.integers(1, 500)).filter(lambda s: s[0] < s[1])
_source = st.one_of(
    st.builds(Source, doc=st.from_regex(r"seeds/[a-z0-9_]{1,12}\.txt", fullmatch=True), es_span=st.none() | _span,
              en_span=st.none() | _span, pattern=st.none() | st.sampled_from(["manual", "appositive"])),
    st.builds(Source, ref=_word),
)  # fmt: skip
_stamp = st.none() | st.from_regex(
    r"20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9])T([01][0-9]):[0-5][0-9]:[0-5][0-9]Z", fullmatch=True
)


@st.composite
def concepts(draw) -> list[Concept]:
    ids = draw(st.lists(st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True), max_size=4, unique=True))
    out = []
    for cid in sorted(ids):

        def unique_terms(terms: list[Term]) -> list[Term]:
            seen, kept = set(), []
            for t in terms:
                if t.term.casefold() not in seen:
                    seen.add(t.term.casefold())
                    kept.append(t)
            return kept

        c = Concept(
            id=cid,
            es=unique_terms(draw(st.lists(_term, max_size=3))),
            en=unique_terms(draw(st.lists(_term, max_size=3))),
            subject=draw(_opt),
            definition_es=draw(_opt),
            definition_en=draw(_opt),
            note=draw(_opt),
            sources=draw(st.lists(_source, max_size=3, unique=True)),
            created=draw(_stamp),
            modified=draw(_stamp),
        )
        out.append(canonical(c))
    return out


def _write(fmt: str, items: list[Concept]) -> bytes:
    buf = io.BytesIO()
    cfg = Config()
    if fmt == "po":
        po.write(buf, items, es_tag=cfg.es, en_tag=cfg.en)
    elif fmt == "tsv":
        table.write_tsv(buf, items)
    elif fmt == "csv":
        table.write_csv(buf, items)
    else:
        tbx.write(buf, items, cfg, tbx.TBX3 if fmt == "tbx" else tbx.TBX2)
    return buf.getvalue()


def _read(fmt: str, data: bytes) -> list[Concept]:
    f = io.BytesIO(data)
    if fmt == "po":
        return po.read(f, "x.po")
    if fmt == "tsv":
        return table.read_tsv(f, "x.tsv")
    if fmt == "csv":
        return table.read_csv(f, "x.csv")
    return list(tbx.read(f, "x.tbx"))


@pytest.mark.parametrize("fmt", GLOSSARY_FORMATS)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=concepts())
def test_any_termbase_round_trips(fmt, items):
    if fmt == "tbx2" and not any(c.exported_terms("es") and c.exported_terms("en") for c in items):
        with pytest.raises(DiplotermError, match="TBX v2 cannot hold an empty glossary"):
            _write(fmt, items)
        return
    first = _write(fmt, items)
    back = _read(fmt, first)
    if fmt in ("po", "tsv", "csv"):
        # these carry every field: the very same concepts come back
        assert [canonical(c) for c in back] == items
    assert _write(fmt, [canonical(c) for c in back]) == first


@settings(max_examples=100, deadline=None)
@given(items=concepts())
def test_fast_term_file_writer_matches_the_canonical_one(items):
    for c in items:
        if concept_problems(c):
            continue
        fast = _fast_yaml(c)
        if fast is not None:
            assert fast == concept_to_yaml(c)
            assert read_concept_text(fast, "x.yaml", c.id).concept == canonical(c)
