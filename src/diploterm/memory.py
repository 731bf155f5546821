"""The project's translation memory (``tmx/memory.<es>_<en>.tmx``): merging TMX files into it.

The merge is an external sort, so memory use stays flat whatever the size:
units are read in batches, each batch is sorted and spilled to a temporary
run file (:mod:`.sortruns`), and the runs (the current memory is one more
input) are merged straight into the TMX writer, which writes to a temporary
file that replaces the memory only when everything succeeded. Big merges use
two processes: one reads each half of a big file, then one writes each half
of the merged memory.

Rules:

- the memory is sorted by source, then target (code-point order), so its diff
  in git shows only what changed;
- a unit whose (source, target) is already there is a duplicate: the copy
  already in the memory (or, for new pairs, the one from the first file given)
  is kept with its dates and properties;
- the same source with different targets is a *conflict*: every target is
  kept (a translation memory legitimately holds alternatives) and the
  conflict is reported so a reviewer can look at it.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from . import forked
from .errors import InputError
from .formats.tmx import TMX_TAIL, TmxHeader, tmx_head, write_body
from .fsutil import atomic_open
from .project import Project
from .sortruns import RUN_SIZE, Runs, read_into

MAX_REPORTED_CONFLICTS = 50
PARALLEL_MERGE = 50_000
"""Merges of at least this many units are written in two processes."""


@dataclass(frozen=True)
class Conflict:
    """One source with more than one target in the merged memory."""

    source: str
    targets: tuple[str, ...]


@dataclass(frozen=True)
class FileCount:
    path: str
    units: int
    """Units in the project's language pair read from this file."""


@dataclass(frozen=True)
class MemoryReport:
    """What :func:`add` did to the memory."""

    path: Path
    files: tuple[FileCount, ...]
    read: int
    added: int
    duplicates: int
    total: int
    conflict_count: int
    conflicts: tuple[Conflict, ...]
    """The first :data:`MAX_REPORTED_CONFLICTS` conflicts, in memory order."""


@dataclass
class _Tally:
    written: int = 0
    existing: int = 0
    duplicates: int = 0
    conflict_count: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    """The first :data:`MAX_REPORTED_CONFLICTS`."""

    def plus(self, other: _Tally) -> _Tally:
        return _Tally(
            self.written + other.written,
            self.existing + other.existing,
            self.duplicates + other.duplicates,
            self.conflict_count + other.conflict_count,
            (self.conflicts + other.conflicts)[:MAX_REPORTED_CONFLICTS],
        )


def _dedupe(blocks: Iterator[list], tally: _Tally) -> Iterator:
    """The merged units (in blocks) without repeated pairs; counts conflicts (one source, several targets)."""
    conflicts = tally.conflicts
    prev_src: str | None = None
    prev_tgt: str | None = None
    targets: list[str] = []
    duplicates = existing = 0
    for unit in itertools.chain.from_iterable(blocks):
        src, tgt = unit[0], unit[1]
        if src == prev_src:
            if tgt == prev_tgt:
                duplicates += 1
                continue
            targets.append(tgt)
        else:
            if len(targets) > 1:
                tally.conflict_count += 1
                if len(conflicts) < MAX_REPORTED_CONFLICTS:
                    conflicts.append(Conflict(prev_src or "", tuple(targets)))
            targets = [tgt]
            prev_src = src
        prev_tgt = tgt
        if type(unit) is list:
            existing += 1
        yield unit
    if len(targets) > 1:
        tally.conflict_count += 1
        if len(conflicts) < MAX_REPORTED_CONFLICTS:
            conflicts.append(Conflict(prev_src or "", tuple(targets)))
    tally.duplicates += duplicates
    tally.existing = existing


def merge_files(
    memory: Path,
    paths: Sequence[Path],
    header: TmxHeader,
    *,
    run_size: int = RUN_SIZE,
) -> MemoryReport:
    """Merge the TMX files *paths* into the TMX file *memory* (created if missing).

    Units are read in the header's (srclang, tgtlang) pair. Every input is
    read completely before the memory is touched, so a bad file raises
    :class:`InputError` and leaves the memory as it was.
    """
    for p in paths:
        if not Path(p).is_file():
            raise InputError("no such file; give the path of a .tmx file", str(p))
    # Millions of short-lived tuples, none in a reference cycle: the cyclic
    # collector would only rescan them (a quarter of the run time).
    with _no_gc():
        return _merge(memory, [Path(p) for p in paths], header, run_size)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _merge(memory: Path, paths: list[Path], header: TmxHeader, run_size: int) -> MemoryReport:
    had_memory = memory.exists()
    with tempfile.TemporaryDirectory(prefix=".memory-", dir=memory.parent if memory.parent.exists() else None) as tmp:
        runs = Runs(Path(tmp), run_size)
        if had_memory:
            # The memory's own units are stored as lists, the new ones as tuples:
            # _dedupe counts what was already there by that, at no cost per unit.
            read_into(runs, memory, header.srclang, header.tgtlang, as_list=True)
        counts = [read_into(runs, p, header.srclang, header.tgtlang) for p in paths]
        runs.finish()
        with atomic_open(memory, "wb") as f:
            f.write(tmx_head(header).encode("utf-8"))
            tally = _write_merged(f, runs, header)
            f.write(TMX_TAIL.encode("utf-8"))
    return MemoryReport(
        path=memory,
        files=tuple(FileCount(str(p), c) for p, c in zip(paths, counts, strict=True)),
        read=sum(counts),
        added=tally.written - tally.existing,
        duplicates=tally.duplicates,
        total=tally.written,
        conflict_count=tally.conflict_count,
        conflicts=tuple(tally.conflicts[:MAX_REPORTED_CONFLICTS]),
    )


def _write_merged(f: IO[bytes], runs: Runs, header: TmxHeader) -> _Tally:
    """Merge the runs into *f*; a big merge in two halves at once, split at a source (so a
    conflict is never cut in two), the upper half written by a child process to a part file
    that is appended after the lower half."""
    middle = runs.middle_source() if runs.read >= PARALLEL_MERGE and forked.available() else None
    if middle is None:
        return _write_range(f, runs, header, None, None)
    part = runs.folder / "upper.part"
    with forked.Forked(_write_upper, runs, header, middle, part) as worker:
        lower = _write_range(f, runs, header, None, middle)
        upper = worker.result()
        if isinstance(upper, _Tally):
            _append(f, part)
        else:
            upper = _write_range(f, runs, header, middle, None)
    return lower.plus(upper)


def _append(f: IO[bytes], part: Path) -> None:
    """Append the file *part* to *f*, in the kernel where it can."""
    f.flush()
    with part.open("rb") as p:
        size = os.fstat(p.fileno()).st_size
        done = 0
        try:
            while done < size:
                n = os.copy_file_range(p.fileno(), f.fileno(), size - done)
                if n == 0:
                    break
                done += n
        except (AttributeError, OSError):
            pass  # no copy_file_range here, or not between these files: copy the rest by hand
        if done < size:
            p.seek(done)
            f.seek(0, os.SEEK_END)
            shutil.copyfileobj(p, f, 1 << 22)
        else:
            f.seek(0, os.SEEK_END)


def _write_upper(runs: Runs, header: TmxHeader, middle: str, part: Path) -> _Tally:
    with part.open("wb") as f:
        return _write_range(f, runs, header, middle, None)


def _write_range(f: IO[bytes], runs: Runs, header: TmxHeader, start: str | None, stop: str | None) -> _Tally:
    """Write the merged units whose source is in [start, stop)."""
    tally = _Tally()
    tally.written = write_body(f, _dedupe(runs.merged(start, stop), tally), header)
    return tally


def memory_header(project: Project) -> TmxHeader:
    """The header of the project memory: no creation date, so the same units give the same bytes."""
    return TmxHeader(
        srclang=project.config.es,
        tgtlang=project.config.en,
        creationid=project.config.creator,
        note=f"{project.config.title}: translation memory",
    )


def add(project: Project, paths: Sequence[Path]) -> MemoryReport:
    """Merge the TMX files *paths* into the project's memory (``project.memory_path``).

    >>> import tempfile, pathlib
    >>> from diploterm.project import Project, Config
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> tmx = root / "a.tmx"
    >>> _ = tmx.write_text('<tmx version="1.4"><header srclang="es"/><body><tu><tuv xml:lang="es"><seg>Hola</seg>'
    ...     '</tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu></body></tmx>')
    >>> add(Project(root, Config()), [tmx]).added
    1
    """
    project.tmx_dir.mkdir(parents=True, exist_ok=True)
    return merge_files(project.memory_path, [Path(p) for p in paths], memory_header(project))
