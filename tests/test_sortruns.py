"""Sorted runs for the memory merge, and big files read in two processes (sortruns.py).

The two-process path is forced on small files by lowering SPLIT_SIZE; what it
reads must be what the lxml reader reads alone, whatever the file holds where
it is cut, and a broken file must fail with the lxml reader's error.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from diploterm import memory, sortruns
from diploterm.errors import InputError
from diploterm.formats import tmx
from diploterm.formats.tmx import TmxHeader
from diploterm.memory import merge_files

from .test_tmxscan import tmx_file

UNIT = (
    '<tu tuid="{i}"><tuv xml:lang="es"><seg>frase {k}</seg></tuv>'
    '<tuv xml:lang="en"><seg>sentence {k}</seg></tuv></tu>\n'
)
PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'


def body(n: int, middle: str = "") -> str:
    units = [UNIT.format(i=i, k=i % 150) for i in range(n)]
    return (
        PROLOG
        + '<tmx version="1.4"><header/><body>\n'
        + "".join(units[: n // 2])
        + middle
        + "".join(units[n // 2 :])
        + "</body></tmx>\n"
    )


def all_units(runs: sortruns.Runs) -> list:
    """The units of the runs merged in order, without repeated pairs (the first kept)."""
    out = []
    for unit in itertools.chain.from_iterable(runs.merged()):
        if not out or (out[-1][0], out[-1][1]) != (unit[0], unit[1]):
            out.append(unit)
    return out


def expected(path: Path, src: str = "es", tgt: str = "en") -> list:
    """The lxml reader's units, sorted and without repeated pairs (the first read kept)."""
    first: dict = {}
    for unit in tmx.read_fields_lxml(str(path), src, tgt):
        first.setdefault((unit[0], unit[1]), unit)
    return [first[pair] for pair in sorted(first)]


def read_split(path: Path, tmp: Path, src: str = "es", tgt: str = "en", run_size: int = 40) -> sortruns.Runs:
    runs = sortruns.Runs(tmp, run_size)
    sortruns.read_into(runs, path, src, tgt)
    runs.finish()
    return runs


@pytest.fixture
def split_everything(monkeypatch):
    monkeypatch.setattr(sortruns, "SPLIT_SIZE", 0)


@pytest.mark.parametrize(
    "middle",
    [
        "",
        "<!-- a comment between units -->\n",  # the first half cannot end between units: read again as one
        '<!-- <tu><tuv xml:lang="es"><seg>x</seg></tuv></tu> -->\n' * 30,  # the cut may fall in the comment
        '<tu><tuv xml:lang="es"><seg>a &#1; b</seg></tuv></tu>\n',  # not well-formed: lxml's error
        UNIT.format(i="x", k="&amp; <ph/>"),  # a unit for lxml in the middle
    ],
)
def test_two_halves_read_what_lxml_reads(split_everything, tmp_path: Path, middle: str) -> None:
    path = tmp_path / "in.tmx"
    path.write_text(body(400, middle), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    try:
        want = expected(path)
    except InputError as exc:
        with pytest.raises(InputError) as got:
            read_split(path, work)
        assert (got.value.message, got.value.line) == (exc.message, exc.line)
        return
    runs = read_split(path, work)
    assert all_units(runs) == want
    assert runs.read == 400 + middle.count("frase")
    assert any(p.name.startswith("half") for p in runs.files) == (middle in ("", UNIT.format(i="x", k="&amp; <ph/>")))


def test_the_second_half_declining_is_read_by_lxml(split_everything, tmp_path: Path) -> None:
    units = body(400).split("\n")
    units[300] = units[300].replace("frase", "frase &nbsp;")  # an entity only the DTD could define
    path = tmp_path / "in.tmx"
    path.write_text("\n".join(units), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    assert all_units(read_split(path, work)) == expected(path)


def test_a_file_cut_short_fails_as_lxml_fails(split_everything, tmp_path: Path) -> None:
    text = body(400)
    path = tmp_path / "cut.tmx"
    path.write_text(text[: len(text) * 3 // 4], encoding="utf-8")
    with pytest.raises(InputError) as lxml_error:
        list(tmx.read_fields_lxml(str(path), "es", "en"))
    with pytest.raises(InputError) as got:
        read_split(path, tmp_path)
    assert (got.value.message, got.value.line) == (lxml_error.value.message, lxml_error.value.line)
    assert got.value.line and got.value.line > 100


@pytest.mark.parametrize("run_size", [500, 100_000])
def test_merge_in_two_processes_writes_the_same_bytes(tmp_path: Path, monkeypatch, run_size: int) -> None:
    text = body(3000)
    # every 7th unit a second target for its source: conflicts on both sides of the middle
    text = "\n".join(u.replace("sentence", "phrase") if k % 7 == 0 else u for k, u in enumerate(text.split("\n")))
    path = tmp_path / "in.tmx"
    path.write_text(text, encoding="utf-8")
    header = TmxHeader("es", "en")
    one, two = tmp_path / "one.tmx", tmp_path / "two.tmx"
    serial = merge_files(one, [path], header, run_size=run_size)
    monkeypatch.setattr(sortruns, "SPLIT_SIZE", 0)
    monkeypatch.setattr(memory, "PARALLEL_MERGE", 0)
    report = merge_files(two, [path], header, run_size=run_size)
    assert one.read_bytes() == two.read_bytes()
    assert report == dataclasses.replace(serial, path=two)
    assert (report.read, report.total, report.conflict_count) == (3000, 300, 150)
    assert len(report.conflicts) == memory.MAX_REPORTED_CONFLICTS
    assert [c.source for c in report.conflicts] == sorted(c.source for c in report.conflicts)
    again = merge_files(two, [path], header, run_size=run_size)  # the memory, read in halves too
    assert (again.added, again.duplicates, again.total) == (0, 3000, 300)
    assert one.read_bytes() == two.read_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=tmx_file())
def test_generated_files_read_in_halves(data: bytes, tmp_path_factory) -> None:
    tmp = tmp_path_factory.mktemp("halves")
    path = tmp / "g.tmx"
    path.write_bytes(data)
    old = sortruns.SPLIT_SIZE
    sortruns.SPLIT_SIZE = 0
    try:
        try:
            want = ("units", expected(path))
        except InputError as exc:
            want = ("error", (exc.message, exc.line))
        try:
            got = ("units", all_units(read_split(path, tmp, run_size=2)))
        except InputError as exc:
            got = ("error", (exc.message, exc.line))
    finally:
        sortruns.SPLIT_SIZE = old
    assert got == want
