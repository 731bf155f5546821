"""The first half of the memory's external sort: TMX files read into sorted run files.

Units are gathered in batches of :data:`RUN_SIZE`; each batch is sorted by
(source, target), rid of repeated pairs and spilled to a run file, so memory
use stays flat whatever the size. A unit travels as the tuple of its
``TranslationUnit`` fields (``formats.tmx.read_fields``).

A big file is read by two processes at once, each half into its own runs:
reading is most of the work of ``memory add``. The halves are split at a
``<tu>`` start tag, which is only trusted once the first half, read up to it,
ends there between units; if anything declines, the file is read again from
where the first half stopped, as one (see :func:`_read_halves`).

Order matters: sorting is stable and the runs are listed in reading order,
so among equal pairs the unit read first (the memory's own, then the first
file's) comes first when ``heapq.merge`` joins the runs.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .formats import tmx, tmxscan

RUN_SIZE = 200_000
"""Units sorted in memory at once before they are spilled to a run file (about 80 MB of them)."""
SPLIT_SIZE = 32 << 20
"""Files of at least this many bytes are read in two processes."""
_CHUNK = 10_000
"""Units per pickled chunk of a run file."""


def sort_key(unit: tuple) -> str:
    # One string sorts twice as fast as a (source, target) tuple, in the same order:
    # XML text holds no NUL, and NUL sorts below every other character.
    return unit[0] + "\0" + unit[1]


def replay(path: Path) -> Iterator:
    """The units of a run file, in order."""
    with path.open("rb") as f:
        while size := f.read(8):
            yield from pickle.loads(f.read(int.from_bytes(size, "little")))


@dataclass
class Runs:
    """Sorted runs of all the units read, in reading order."""

    folder: Path
    run_size: int = RUN_SIZE
    files: list[Path] = field(default_factory=list)
    batch: list = field(default_factory=list)
    """Units not yet sorted; after :meth:`finish`, the last run (sorted), kept in memory."""
    read: int = 0
    duplicates: int = 0
    """Units dropped because an earlier one in the same run had the same pair."""
    prefix: str = "run"

    def add(self, units: Iterable[tuple], *, as_list: bool = False) -> None:
        """Add *units*; with *as_list*, stored as lists (the merge tells the memory's own units by that)."""
        batch = self.batch
        size = self.run_size
        for unit in units:
            batch.append(list(unit) if as_list else unit)
            self.read += 1
            if len(batch) >= size:
                self.spill()
                batch = self.batch

    def spill(self) -> None:
        """Sort the batch and write it to a run file."""
        if not self.batch:
            return
        run = self._sorted()
        path = self.folder / f"{self.prefix}{len(self.files):05d}.run"
        # Pickled chunks, each after its length: loading from bytes is three times faster than from the file.
        with path.open("wb") as f:
            for i in range(0, len(run), _CHUNK):
                blob = pickle.dumps(run[i : i + _CHUNK], protocol=pickle.HIGHEST_PROTOCOL)
                f.write(len(blob).to_bytes(8, "little"))
                f.write(blob)
        self.files.append(path)

    def finish(self) -> None:
        """Sort the last batch, which stays in memory as the last run."""
        self.batch = self._sorted()

    def sources(self) -> list[Iterator]:
        """An iterator per run, in reading order (for ``heapq.merge``)."""
        return [replay(p) for p in self.files] + [iter(self.batch)]

    def _sorted(self) -> list:
        batch = self.batch
        self.batch = []
        batch.sort(key=sort_key)
        out = []
        append = out.append
        prev_src = prev_tgt = None
        for unit in batch:
            if unit[1] == prev_tgt and unit[0] == prev_src:
                continue
            prev_src, prev_tgt = unit[0], unit[1]
            append(unit)
        self.duplicates += len(batch) - len(out)
        return out


def read_into(runs: Runs, path: Path, srclang: str, tgtlang: str, *, as_list: bool = False) -> int:
    """Add the units of the TMX file *path* to *runs*; return how many. Raises ``InputError`` for a bad file."""
    before = runs.read
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # the reader reports it
    if size >= SPLIT_SIZE and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        _read_halves(runs, path, srclang, tgtlang, as_list)
    else:
        runs.add(tmx.read_fields(str(path), srclang, tgtlang), as_list=as_list)
    return runs.read - before


def _read_halves(runs: Runs, path: Path, srclang: str, tgtlang: str, as_list: bool) -> None:
    with path.open("rb") as f:
        cut = tmxscan.split_point(f, path.stat().st_size // 2)
    if cut is None:
        runs.add(tmx.read_fields(str(path), srclang, tgtlang), as_list=as_list)
        return
    # Forked, not spawned: the child starts at once with everything imported. No thread runs (checked).
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    worker = ctx.Process(
        target=_second_half, args=(send, path, cut, runs.folder, runs.run_size, srclang, tgtlang, as_list), daemon=True
    )
    worker.start()
    send.close()
    try:
        done = [0]
        try:
            with path.open("rb") as f:
                runs.add(tmx.scan_part(f, srclang, tgtlang, stop=cut, progress=done), as_list=as_list)
        except (tmxscan.Declined, OSError):
            worker.kill()  # its half is read again below
            runs.add(tmx.read_fields_lxml(str(path), srclang, tgtlang, skip=done[0]), as_list=as_list)
            return
        runs.spill()  # the second half's runs come after these
        try:
            result = receive.recv()
        except EOFError:  # the worker died
            result = None
        if not isinstance(result, _Half):
            runs.add(tmx.read_fields_lxml(str(path), srclang, tgtlang, skip=done[0]), as_list=as_list)
            return
        runs.files += result.files
        runs.read += result.read
        runs.duplicates += result.duplicates
    finally:
        receive.close()
        worker.join(timeout=5)
        if worker.is_alive():
            worker.kill()
            worker.join()


@dataclass
class _Half:
    files: list[Path]
    read: int
    duplicates: int


def _second_half(send, path: Path, cut: int, folder: Path, run_size: int, srclang: str, tgtlang: str, as_list: bool):
    """In the worker: the units from *cut* to the end into runs of their own; sends a :class:`_Half`, or
    ``None`` if the scanner declined (the parent then reads the rest with lxml)."""
    result = None
    try:
        runs = Runs(folder, run_size, prefix=f"half{cut}-")
        with path.open("rb") as f:
            runs.add(tmx.scan_part(f, srclang, tgtlang, start=cut), as_list=as_list)
        runs.spill()
        result = _Half(runs.files, runs.read, runs.duplicates)
    except Exception:  # declined, or anything at all: the parent reads this half itself
        result = None
    send.send(result)
    send.close()
    os._exit(0)  # nothing of the parent's (temporary folders, atexit) may run here
