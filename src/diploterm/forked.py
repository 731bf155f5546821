"""One function run in a forked child process, its result sent back over a pipe.

Used to put the second core to work on half of a big job (``memory add``).
Forked, not spawned: the child starts at once with everything already imported
and in memory, which is only safe while no other thread runs, so
:func:`available` checks that. The caller always has a way to do the child's
half itself: a child that fails or dies gives ``None``.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from types import TracebackType


def available() -> bool:
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


class Forked:
    """``fn(*args)`` in a child process; use as a context manager, which never leaves the child behind."""

    def __init__(self, fn: Callable[..., object], *args: object) -> None:
        ctx = multiprocessing.get_context("fork")
        self._receive, send = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_child, args=(send, fn, args), daemon=True)
        self._process.start()
        send.close()

    def result(self) -> object | None:
        """What the function returned (waits for it), or ``None`` if it raised or the child died."""
        try:
            return self._receive.recv()
        except (EOFError, OSError):
            return None

    def cancel(self) -> None:
        """Stop the child now: its work will not be used."""
        self._process.kill()

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, kind: type | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._receive.close()
        if kind is not None:
            self._process.kill()  # the parent failed: the child's work is of no use
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def _child(send, fn: Callable[..., object], args: tuple) -> None:
    # Ctrl-C is the parent's to handle (it stops the child); no second traceback from here.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = fn(*args)
    except Exception:  # the parent does this part itself
        result = None
    send.send(result)
    send.close()
    os._exit(0)  # nothing of the parent's (temporary folders, atexit handlers) may run here
