"""The built TMX and TBX v2 load into a real OmegaT, which then translates with them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from diploterm.build import build
from diploterm.project import open_project

from .conftest import SHARED

CHECK = SHARED / "omegat" / "omegat-check"


def _omegat_available() -> str | None:
    """Why OmegaT cannot run here, or None."""
    if not CHECK.exists():
        return f"{CHECK} is missing"
    if Path("/usr/share/omegat/OmegaT.jar").exists() or os.environ.get("OMEGAT_JAR"):
        return None
    if shutil.which("apt-get") is None:
        return "OmegaT is not installed and this machine has no apt-get to install it"
    if os.geteuid() != 0 and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode != 0:
        return "OmegaT is not installed and apt-get needs root (no root, no password-less sudo)"
    return None


@pytest.mark.omegat
def test_omegat_translates_with_the_built_memory_and_reads_the_glossary(project_copy, tmp_path):
    reason = _omegat_available()
    if reason:
        pytest.skip(reason)
    project = open_project(project_copy)
    build(project)
    paths = project.artifact_paths()
    doc = etree.parse(str(paths["tmx"]))
    pairs = [tuple(tu.findtext(f"tuv[{i}]/seg") for i in (1, 2)) for tu in doc.iter("tu")]
    # The seed-001 title and single-term segments, one paragraph each: OmegaT's
    # text filter splits paragraphs at blank lines, and these have no full stop.
    chosen = [p for p in pairs if p[0].startswith("“El asilo")]
    chosen += [p for p in pairs if p[0] in ("salvoconducto", "acto inamistoso", "asilo diplomático", "Segob")]
    assert len(chosen) == 5
    source, expected = tmp_path / "source.txt", tmp_path / "expected.txt"
    source.write_text("\n\n".join(es for es, _ in chosen) + "\n", encoding="utf-8")
    expected.write_text("\n\n".join(en for _, en in chosen) + "\n", encoding="utf-8")
    cfg = project.config
    result = subprocess.run(
        [str(CHECK), cfg.es, cfg.en, str(source), str(paths["tmx"]), str(expected), str(paths["tbx2"])],
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert f"translated={len(chosen)}" in output
    assert "glossary-entry salvoconducto => safe-conduct" in output
