"""TMX through import/export: the LISA TMX compliance kit as real-world input."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from diploterm.cli import cli
from diploterm.interchange import detect_format

REPO = Path(__file__).resolve().parents[1]
KIT = REPO.parent / "shared" / "schemas" / "examples" / "lisa-tmx-compliance-kit"
KIT_FILES = sorted(KIT.glob("*.tmx"))


def has_memory_module() -> bool:
    try:
        from diploterm import memory
    except ImportError:
        return False
    return hasattr(memory, "add")


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    root = tmp_path / "empty"
    (root / "glossary").mkdir(parents=True)
    shutil.copy(REPO / "glossary" / "config.yaml", root / "glossary" / "config.yaml")
    return root


def test_the_kit_is_there():
    assert len(KIT_FILES) == 23, f"expected the 23 LISA kit files in {KIT}"
    assert any(p.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff") for p in KIT_FILES), "the UTF-16 file is missing"


@pytest.mark.parametrize("path", KIT_FILES, ids=lambda p: p.name)
def test_kit_files_are_recognised_and_read(path, empty, tmp_path, validators):
    assert detect_format(path, path.read_bytes()[:4096]) == "tmx"
    result = CliRunner().invoke(cli, ["--root", str(empty), "import", str(path)])
    assert "Traceback" not in result.output
    if not has_memory_module():
        # the whole file was read first (a broken one would be named here); only the merge is missing
        assert result.exit_code == 2
        assert "needs the memory module" in result.output
        assert not (empty / "tmx").exists()
        return
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.tmx"
    assert CliRunner().invoke(cli, ["--root", str(empty), "export", "--format", "tmx", "-o", str(out)]).exit_code == 0
    assert validators.tmx(out) == []


def test_exported_memory_is_valid_tmx(project_copy, tmp_path, validators):
    out = tmp_path / "memory.tmx"
    result = CliRunner().invoke(cli, ["--root", str(project_copy), "export", "--format", "tmx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert validators.tmx(out) == []
    units = re.compile(rb"<tu[ >]")
    memory = (project_copy / "tmx" / "memory.es-419_en-US.tmx").read_bytes()
    assert len(units.findall(out.read_bytes())) == len(units.findall(memory)) > 0
