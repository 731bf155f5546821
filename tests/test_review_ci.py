"""The CI workflow and pre-commit hooks run commands that exist, and the review step fails a conflicting PR."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml
from click.testing import CliRunner

from diploterm.cli import cli

from .test_review import EMBAJADA, base_repo, commit, git, write

REPO = Path(__file__).resolve().parents[1]


def glossary_commands() -> list[list[str]]:
    """Every `glossary ...` command line in the workflow and the pre-commit files."""
    lines = []
    workflow = yaml.safe_load((REPO / ".github/workflows/glossary.yml").read_text(encoding="utf-8"))
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            lines += step.get("run", "").splitlines()
    for name in (".pre-commit-hooks.yaml", ".pre-commit-config.yaml"):
        data = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
        hooks = data if isinstance(data, list) else [h for r in data["repos"] for h in r["hooks"]]
        lines += [h["entry"] for h in hooks]
    commands = []
    for line in lines:
        words = shlex.split(line.split(">")[0])
        if words and words[0].endswith("glossary"):
            commands.append(words[1:])
    return commands


def test_ci_and_hooks_call_real_commands_and_options():
    commands = glossary_commands()
    assert {c[0] for c in commands} == {"check", "build", "review"}
    for words in commands:
        options = [w for w in words[1:] if w.startswith("--")]
        result = CliRunner().invoke(cli, [words[0], *options, "--help"])
        assert result.exit_code == 0, (words, result.output)


def test_the_workflow_review_step_fails_a_conflicting_pull_request(tmp_path):
    """As in CI: a clone whose origin has main, a PR branch checked out, `review origin/main HEAD`."""
    upstream = base_repo(tmp_path / "upstream")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(upstream), str(clone))
    git(clone, "checkout", "-q", "-b", "term-pr")
    write(clone, "sede-diplomatica", EMBAJADA.replace("id: embajada", "id: sede-diplomatica"))
    commit(clone, "a second concept with the preferred term 'embajada'")
    result = CliRunner().invoke(cli, ["--root", str(clone), "review", "origin/main", "HEAD"])
    assert result.exit_code == 1
    assert "es term 'embajada' is preferred in another concept too: embajada" in result.output
