"""A function in a forked child: its result, or None when it raises or the child dies."""

from __future__ import annotations

import os
import time

import pytest

from diploterm import forked

pytestmark = pytest.mark.skipif(not forked.available(), reason="needs fork and a single thread")


def _square(x: int) -> int:
    return x * x


def _fail() -> None:
    raise ValueError("no")


def _die() -> None:
    os._exit(3)


def _wait() -> None:
    time.sleep(600)


def test_the_result_comes_back() -> None:
    with forked.Forked(_square, 12) as child:
        assert child.result() == 144


@pytest.mark.parametrize("fn", [_fail, _die])
def test_a_failing_child_gives_none(fn) -> None:
    with forked.Forked(fn) as child:
        assert child.result() is None


def test_a_cancelled_child_gives_none_and_is_gone() -> None:
    with forked.Forked(_wait) as child:
        child.cancel()
        assert child.result() is None
    assert not child._process.is_alive()
