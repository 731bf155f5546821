"""The click-free `glossary lookup` path answers exactly as the Click command does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FAST = [sys.executable, "-m", "diploterm"]
CLICK = [sys.executable, "-c", "from diploterm.cli import main; main()"]

CASES = [
    ["lookup", "salvoconducto"],
    ["lookup", "actos", "inamistosos", "--json"],
    ["lookup", "--lang", "en", "unfriendly", "acts"],
    ["lookup", "-n", "1", "asilo"],
    ["lookup", "--limit=2", "--exact", "Salvoconducto"],
    ["lookup", "salvocondcto"],
    ["lookup", "zzzq"],
    ["lookup", "--json", "zzzq"],
    ["--root", "/", "lookup", "x"],
    ["lookup", "--", "-n"],
    ["lookup", "--limit", "0", "asilo"],  # a bad value: Click's usage error
    ["lookup", "--examples", "salvoconducto"],  # not on the fast path: Click answers
]


def run(cmd: list[str], args: list[str]) -> tuple[int, str, str]:
    done = subprocess.run([*cmd, *args], cwd=REPO, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("args", CASES, ids=[" ".join(c) for c in CASES])
def test_fast_path_answers_like_click(args):
    fast = run(FAST, args)
    assert fast == run(CLICK, args)
    assert "Traceback" not in fast[2]


def test_fast_path_does_not_load_click_or_other_slow_imports():
    # Each of these costs a cold lookup milliseconds (dataclasses pulls in inspect).
    slow = ("click", "dataclasses", "inspect", "pathlib", "typing", "diploterm.model", "diploterm.project")
    code = (
        "import sys\n"
        "from diploterm.fastpath import try_lookup\n"
        "assert try_lookup(['lookup', 'salvoconducto']) == 0\n"
        "assert try_lookup(['lookup', 'actos', 'inamistosos']) == 0\n"
        f"print('loaded:', [m for m in {slow!r} if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "loaded: []"
