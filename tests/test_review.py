"""glossary review: real git repositories made in tmp dirs, real CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from diploterm.cli import cli
from diploterm.formats import tmx
from diploterm.model import TranslationUnit
from diploterm.project import open_project

REPO = Path(__file__).resolve().parents[1]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
}

ASILO = """\
id: asilo-diplomatico
subject: diplomatic-law
es:
  - term: asilo diplomático
    status: preferred
en:
  - term: diplomatic asylum
    status: preferred
  - term: embassy asylum
    status: admitted
sources:
  - {ref: Convención de Caracas sobre Asilo Diplomático (1954)}
"""
EMBAJADA = """\
id: embajada
es:
  - term: embajada
    status: preferred
en:
  - term: embassy
    status: preferred
sources:
  - {ref: Convención de Viena sobre Relaciones Diplomáticas (1961)}
"""


def git(root: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env).stdout


def write(root: Path, name: str, text: str) -> None:
    path = root / "glossary" / "terms" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project on branch main with two concepts, then a branch 'pr' checked out."""
    root = base_repo(tmp_path / "repo")
    git(root, "checkout", "-q", "-b", "pr")
    return root


def base_repo(root: Path) -> Path:
    """A git project at *root*, branch main, one commit with two concepts."""
    (root / "glossary").mkdir(parents=True)
    shutil.copy(REPO / "glossary" / "config.yaml", root / "glossary" / "config.yaml")
    write(root, "asilo-diplomatico", ASILO)
    write(root, "embajada", EMBAJADA)
    git(root, "init", "-q", "-b", "main")
    commit(root, "base")
    return root


def review(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), "review", *args])


def test_a_clean_term_pr(repo):
    write(
        repo,
        "salvoconducto",
        "id: salvoconducto\nes:\n  - term: salvoconducto\n    status: preferred\nen:\n"
        "  - term: safe-conduct\n    status: preferred\nsources:\n  - {ref: 'Caracas 1954, art. XII'}\n",
    )
    commit(repo, "add salvoconducto")
    result = review(repo, "main", "HEAD")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("## Glossary review: `main` → `HEAD`")
    assert "✅ **1 added, 0 changed, 0 removed** · 0 errors, 0 warnings" in out
    assert "#### `salvoconducto`" in out
    assert "| en | `safe-conduct` | preferred |  |" in out
    assert "### Problems" not in out


def test_a_term_preferred_in_two_concepts_fails_the_review(repo):
    write(repo, "asilo-en-embajada", ASILO.replace("id: asilo-diplomatico", "id: asilo-en-embajada"))
    commit(repo, "duplicate")
    result = review(repo, "main", "HEAD")
    assert result.exit_code == 1
    assert (
        "❌ **error** `glossary/terms/asilo-en-embajada.yaml:4`: es term 'asilo diplomático' is preferred in another "
        "concept too: asilo-diplomatico" in result.output
    )


def test_status_changes_term_by_term(repo):
    changed = ASILO.replace(
        "  - term: embassy asylum\n    status: admitted", "  - term: embassy asylum\n    status: deprecated"
    )
    changed += "created: '2025-01-01T00:00:00Z'\n"
    write(
        repo,
        "asilo-diplomatico",
        changed.replace("  - term: diplomatic asylum\n", "  - term: diplomatic asylum\n    pos: noun\n", 1).replace(
            "    pos: noun\n    status: preferred", "    status: preferred\n    pos: noun"
        ),
    )
    (repo / "glossary/terms/embajada.yaml").unlink()
    commit(repo, "edit")
    result = review(repo, "main", "HEAD")
    out = result.output
    assert "#### `asilo-diplomatico`" in out
    assert "- en `embassy asylum`: **admitted → deprecated**" in out
    assert "- en `diplomatic asylum`: pos — → `noun`" in out
    assert "- created: — → `2025-01-01T00:00:00Z`" in out
    assert "### Removed" in out and "- `embajada`: `embajada` ↔ `embassy`" in out
    assert result.exit_code == 0, out


def test_no_preferred_term_in_a_language_is_an_error(repo):
    write(repo, "embajada", EMBAJADA.replace("embassy\n    status: preferred", "embassy\n    status: admitted"))
    result = review(repo, "main")  # the working tree
    assert result.exit_code == 1
    assert "`main` → `working tree`" in result.output
    assert "`glossary/terms/embajada.yaml:6`: no preferred en term" in result.output


def test_warnings_near_duplicate_deprecated_elsewhere_missing_sources(repo):
    write(
        repo,
        "asilo-diplomatico-2",
        "id: asilo-diplomatico-2\nes:\n  - term: asilo diplomatico\n    status: preferred\n"
        "en:\n  - term: asylum in embassies\n    status: preferred\n  - term: embassy\n    status: deprecated\n",
    )
    commit(repo, "near duplicate")
    result = review(repo, "main", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    messages = [(p["severity"], p["message"]) for p in report["problems"]]
    assert report["errors"] == 0 and report["warnings"] == 3
    assert (
        "warning",
        "near-duplicate of asilo-diplomatico: es preferred 'asilo diplomatico' ~ 'asilo diplomático' (100%); "
        "merge them or tell them apart",
    ) in messages
    assert ("warning", "en term 'embassy' is deprecated here but still preferred in embajada") in messages
    assert ("warning", "no sources: cite a corpus document or a published reference") in messages
    assert [a["id"] for a in report["added"]] == ["asilo-diplomatico-2"]


def test_a_preferred_rendering_that_contradicts_the_memory(repo):
    project = open_project(repo)
    project.memory_path.parent.mkdir(parents=True)
    units = [
        TranslationUnit("asilo diplomático", "embassy"),  # the English of another concept
        TranslationUnit("embajada", "legation"),  # a different rendering of the exact term
        TranslationUnit("embajada", "embassy"),  # agrees
        TranslationUnit("La embajada de México", "The Mexican embassy"),  # a sentence, not the term
    ]
    with project.memory_path.open("wb") as f:
        tmx.write(f, units, tmx.TmxHeader(srclang="es-419", tgtlang="en-US"))
    write(repo, "embajada", EMBAJADA + "note: touched\n")
    write(repo, "asilo-diplomatico", ASILO + "note: touched\n")
    commit(repo, "memory and touches")
    result = review(repo, "main", "HEAD")
    assert result.exit_code == 1
    out = result.output
    memory = "tmx/memory.es-419_en-US.tmx"
    assert (
        f"`glossary/terms/asilo-diplomatico.yaml:4`: the memory ({memory}) renders 'asilo diplomático' as 'embassy', "
        "which is the English of embajada" in out
    )
    assert "renders 'embajada' as 'legation', not 'embassy'" in out
    assert "Mexican" not in out


def test_the_project_may_live_in_a_subfolder_of_the_repository(tmp_path):
    top = tmp_path / "top"
    root = top / "docs" / "glossary-project"
    (root / "glossary").mkdir(parents=True)
    write(root, "embajada", EMBAJADA)
    git(top, "init", "-q", "-b", "main")
    commit(top, "base")
    write(root, "embajada", EMBAJADA.replace("embassy\n", "embassy\n    note: residence of the mission\n"))
    commit(top, "note")
    result = review(root, "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.output
    assert "- en `embassy`: note — → `residence of the mission`" in result.output


def test_not_a_git_repository(tmp_path):
    root = tmp_path / "plain"
    (root / "glossary").mkdir(parents=True)
    result = review(root, "main")
    assert result.exit_code == 2
    assert "is not in a git repository" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("rev", ["no-such-branch", "--output=x"])
def test_unknown_revision(repo, rev):
    result = review(repo, "main", rev) if rev.startswith("-") is False else review(repo, "--", rev)
    assert result.exit_code == 2
    assert f"unknown git revision '{rev}'" in result.output


def test_a_file_that_does_not_parse_at_head_is_an_error(repo):
    write(repo, "embajada", "id: embajada\nes: [\n")
    commit(repo, "broken")
    result = review(repo, "main", "HEAD")
    assert result.exit_code == 1
    assert "glossary/terms/embajada.yaml:3`: invalid YAML" in result.output


def test_only_concepts_the_change_touches_are_checked(repo):
    # a problem already on main (no preferred English term) is not this PR's doing
    write(repo, "embajada", EMBAJADA.replace("embassy\n    status: preferred", "embassy\n    status: admitted"))
    commit(repo, "broken on the branch")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "pr")
    git(repo, "checkout", "-q", "-b", "pr2")
    write(repo, "asilo-diplomatico", ASILO + "note: reviewed\n")
    commit(repo, "unrelated edit")
    result = review(repo, "main", "HEAD")
    assert result.exit_code == 0, result.output
    assert "embajada" not in result.output


def test_a_big_pr_lists_the_rest_by_id(repo):
    for i in range(45):
        write(
            repo,
            f"termino-{i:02d}",
            f"id: termino-{i:02d}\nes:\n  - term: término número {i}\n    status: preferred\n"
            f"en:\n  - term: term number {i}\n    status: preferred\nnote: bulk\n",
        )
    commit(repo, "bulk")
    out = review(repo, "main", "HEAD").output
    assert out.count("#### `termino-") == 40
    assert "… and 5 more: `termino-40`, `termino-41`, `termino-42`, `termino-43`, `termino-44`" in out


def test_terms_that_differ_by_a_number_are_not_near_duplicates(repo):
    for year in (1961, 1963):
        write(
            repo,
            f"convencion-de-viena-{year}",
            f"id: convencion-de-viena-{year}\nes:\n  - term: Convención de Viena de {year}\n    status: preferred\n"
            f"en:\n  - term: Vienna Convention of {year}\n    status: preferred\nnote: treaty\n",
        )
    commit(repo, "two treaties")
    out = review(repo, "main", "HEAD").output
    assert "near-duplicate" not in out
    assert "0 warnings" in out


def _memory(root: Path, units: list[TranslationUnit]) -> None:
    path = open_project(root).memory_path
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        tmx.write(f, units, tmx.TmxHeader(srclang="es-419", tgtlang="en-US"))


def test_a_pr_that_only_edits_the_memory_is_checked_against_every_concept(repo):
    git(repo, "checkout", "-q", "main")
    _memory(repo, [TranslationUnit("embajada", "legation")])  # an old contradiction, already on main
    commit(repo, "memory")
    git(repo, "checkout", "-q", "-B", "pr")
    _memory(repo, [TranslationUnit("embajada", "legation"), TranslationUnit("asilo diplomático", "refuge")])
    commit(repo, "memory grows")
    result = review(repo, "main", "HEAD")
    assert result.exit_code == 1
    assert "renders 'asilo diplomático' as 'refuge', not 'diplomatic asylum'" in result.output
    assert "legation" not in result.output  # not this PR's doing
