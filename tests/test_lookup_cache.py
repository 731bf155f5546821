"""The lookup index cache: where it lives, when it is rebuilt, how it survives damage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from diploterm import lookup
from diploterm.cli import cli
from diploterm.lookup import open_index, search
from diploterm.model import Concept, Source, Term
from diploterm.project import open_project
from diploterm.termbase import save_concept, termbase_hash
from diploterm.termscan import content_hash, read_files

OLD = 1_600_000_000_000_000_000  # 2020, so folder and file stamps are not "racy"


def concept(cid: str, es: str, en: str, *more_en: str) -> Concept:
    return Concept(
        id=cid,
        es=[Term(es)],
        en=[Term(en), *(Term(t, "admitted") for t in more_en)],
        sources=[Source(ref="test")],
    )


@pytest.fixture
def project(tmp_path: Path):
    root = tmp_path / "proj"
    (root / "glossary" / "terms").mkdir(parents=True)
    project = open_project(root)
    save_concept(project, concept("salvoconducto", "salvoconducto", "safe-conduct", "safe passage"))
    save_concept(project, concept("embajada", "embajada", "embassy"))
    return project


def age(project) -> None:
    """Date the term files and their folder back, as if written long ago."""
    for path in project.terms_dir.iterdir():
        os.utime(path, ns=(OLD, OLD))
    os.utime(project.terms_dir, ns=(OLD, OLD))


def ids(project, query: str, **kw) -> list[str]:
    return [h.concept_id for h in search(project, query, **kw)]


def index_files(project) -> list[Path]:
    return sorted((project.root / ".cache" / "diploterm").glob("lookup-*.idx"))


def test_index_is_built_once_under_the_project_cache(project):
    assert ids(project, "embajadas") == ["embajada"]
    [index] = index_files(project)
    assert index.name == f"lookup-{termbase_hash(project)[:16]}.idx"
    before = index.stat().st_mtime_ns
    assert ids(project, "salvoconducto") == ["salvoconducto"]
    assert index_files(project) == [index] and index.stat().st_mtime_ns == before


def test_added_changed_and_removed_files_are_seen(project):
    assert ids(project, "consulado") == []
    save_concept(project, concept("consulado", "consulado", "consulate"))
    assert ids(project, "consulados") == ["consulado"]
    # an edit in place, keeping the folder as it was
    path = project.terms_dir / "embajada.yaml"
    path.write_text(path.read_text().replace("embassy", "chancery"))
    assert ids(project, "chancery") == ["embajada"]
    assert ids(project, "embassy") == []
    (project.terms_dir / "consulado.yaml").unlink()
    assert ids(project, "consulado") == []
    assert len(index_files(project)) == 1


def test_same_content_keeps_the_index(project):
    age(project)
    search(project, "x")
    [index] = index_files(project)
    before = index.stat().st_mtime_ns
    os.utime(project.terms_dir / "embajada.yaml")  # touched, not changed
    assert ids(project, "embajada") == ["embajada"]
    assert index_files(project) == [index] and index.stat().st_mtime_ns == before


def test_large_termbase_trusts_the_folder_stamp_until_refresh(project, monkeypatch):
    # The documented trade-off: beyond FULL_CHECK_MAX_FILES files, an in-place edit
    # that leaves the folder untouched is seen with --refresh or the next folder change.
    monkeypatch.setattr(lookup, "FULL_CHECK_MAX_FILES", 1)
    age(project)
    assert ids(project, "embassy") == ["embajada"]
    path = project.terms_dir / "embajada.yaml"
    path.write_text(path.read_text().replace("embassy", "chancery"))
    os.utime(path, ns=(OLD + 10**9, OLD + 10**9))
    assert ids(project, "chancery") == []
    assert ids(project, "chancery", refresh=True) == ["embajada"]
    result = CliRunner().invoke(cli, ["--root", str(project.root), "lookup", "chancery"])
    assert result.exit_code == 0


@pytest.mark.parametrize("damage", ["garbage", "truncate", "empty", "meta"])
def test_a_damaged_cache_is_rebuilt_silently(project, damage):
    search(project, "x")
    [index] = index_files(project)
    if damage == "garbage":
        index.write_bytes(b"\x00not an index" * 100)
    elif damage == "truncate":
        index.write_bytes(index.read_bytes()[:-100])
    elif damage == "empty":
        index.write_bytes(b"")
    else:
        (index.parent / "lookup.meta").write_bytes(b"\x8bgarbage")
    assert ids(project, "safe passage") == ["salvoconducto"]
    result = CliRunner().invoke(cli, ["--root", str(project.root), "lookup", "embajada"])
    assert result.exit_code == 0 and "embajada" in result.output


def test_a_broken_term_file_is_left_out_with_a_warning(project):
    (project.terms_dir / "roto.yaml").write_text("id: roto\nes: [\n")
    result = CliRunner().invoke(cli, ["--root", str(project.root), "lookup", "embajada"])
    assert result.exit_code == 0
    assert "embajada" in result.stdout
    assert "warning: glossary/terms/roto.yaml:" in result.stderr
    assert "glossary check" in result.stderr


def test_read_only_project_uses_the_user_cache(project, tmp_path, monkeypatch):
    (project.root / ".cache").write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert ids(project, "embajada") == ["embajada"]
    assert list((tmp_path / "xdg" / "diploterm").glob("project-*/lookup-*.idx"))
    # and with nowhere to write at all, the index lives in memory for the run
    (tmp_path / "xdg").rename(tmp_path / "xdg-old")
    (tmp_path / "xdg").write_text("not a folder either")
    assert ids(project, "embajada") == ["embajada"]


def test_empty_or_missing_terms_folder(tmp_path):
    root = tmp_path / "p"
    (root / "glossary").mkdir(parents=True)
    project = open_project(root)
    assert search(project, "embajada") == []
    (root / "glossary" / "terms").mkdir()
    save_concept(project, concept("embajada", "embajada", "embassy"))
    assert ids(project, "embajada") == ["embajada"]


def test_content_hash_is_the_termbase_hash(project):
    assert content_hash(read_files(project.terms_dir)) == termbase_hash(project)


def test_index_meta_records_the_content_hash(project):
    opened = open_index(project)
    assert opened.meta["content_hash"] == termbase_hash(project)
    assert opened.meta["files"] == 2


def test_the_index_is_deterministic_with_or_without_the_lemma_worker(project, monkeypatch):
    save_concept(project, concept("acto-inamistoso", "acto inamistoso", "unfriendly act", "act of enmity"))
    first = open_index(project, rebuild=True)
    [index] = index_files(project)
    data = index.read_bytes()
    first.index.close()
    monkeypatch.setattr(lookup, "WORKER_MIN_FILES", 1)  # simplemma in a second process this time
    open_index(project, rebuild=True).index.close()
    assert index_files(project) == [index] and index.read_bytes() == data
    assert ids(project, "actos inamistosos") == ["acto-inamistoso"]


def test_the_index_bytes_do_not_depend_on_the_hash_seed(project_copy):
    import subprocess
    import sys

    built = []
    for seed in ("1", "2", "3"):
        code = f"from diploterm.lookup import open_index; open_index({str(project_copy)!r}, rebuild=True)"
        subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        [index] = (project_copy / ".cache" / "diploterm").glob("lookup-*.idx")
        built.append(index.read_bytes())
    assert built[0] == built[1] == built[2]


def test_first_build_records_the_listing_a_later_lookup_compares(project):
    # The first build takes sizes and times from the files it reads; they must be
    # the listing a later lookup computes, or every lookup would re-hash the termbase.
    age(project)
    opened = open_index(project)
    assert opened.meta["listing"]
    assert opened.meta["listing"] == lookup._listing(project.terms_dir)
