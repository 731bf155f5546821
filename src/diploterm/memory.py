"""The project's translation memory (``tmx/memory.<es>_<en>.tmx``): merging TMX files into it.

The merge is an external sort, so memory use stays flat whatever the size:
units are read in batches, each batch is sorted and spilled to a temporary
run file, and the runs (the current memory is one more input) are merged with
:func:`heapq.merge` straight into the TMX writer, which writes to a temporary
file that replaces the memory only when everything succeeded.

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
import heapq
import itertools
import pickle
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .formats.tmx import TmxHeader, read, write
from .fsutil import atomic_open
from .model import TranslationUnit
from .project import Project

RUN_SIZE = 50_000
"""Units sorted in memory at once before they are spilled to a run file."""
_CHUNK = 2_000
MAX_REPORTED_CONFLICTS = 50

# A record in a run: the sort key first (source, target, priority, sequence),
# then the rest of the unit. The sequence makes every key unique, so the
# comparison never reaches the fields that may be None.
_Record = tuple


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


def _record(unit: TranslationUnit, priority: int, seq: int) -> _Record:
    return (
        unit.source,
        unit.target,
        priority,
        seq,
        unit.creationdate,
        unit.changedate,
        unit.props,
        unit.note,
        unit.tuid,
    )


def _unit(rec: _Record) -> TranslationUnit:
    return TranslationUnit(
        source=rec[0],
        target=rec[1],
        creationdate=rec[4],
        changedate=rec[5],
        props=rec[6],
        note=rec[7],
        tuid=rec[8],
    )


def _spill(batch: list[_Record], folder: Path, number: int) -> Path:
    batch.sort()
    path = folder / f"run{number:05d}.pickle"
    with path.open("wb") as f:
        for i in range(0, len(batch), _CHUNK):
            pickle.dump(batch[i : i + _CHUNK], f, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _replay(path: Path) -> Iterator[_Record]:
    with path.open("rb") as f:
        while True:
            try:
                chunk = pickle.load(f)
            except EOFError:
                return
            yield from chunk


def _runs(
    sources: Iterable[tuple[int, Iterable[TranslationUnit]]], folder: Path, run_size: int
) -> tuple[list[Path], list[int]]:
    """Sort every (priority, units) source into run files; return them and the count per source."""
    runs: list[Path] = []
    counts: list[int] = []
    batch: list[_Record] = []
    seq = itertools.count()
    for priority, units in sources:
        n = 0
        for unit in units:
            batch.append(_record(unit, priority, next(seq)))
            n += 1
            if len(batch) >= run_size:
                runs.append(_spill(batch, folder, len(runs)))
                batch = []
        counts.append(n)
    if batch:
        runs.append(_spill(batch, folder, len(runs)))
    return runs, counts


@dataclass
class _Tally:
    existing: int = 0
    written: int = 0
    duplicates: int = 0
    conflict_count: int = 0


def _dedupe(records: Iterator[_Record], tally: _Tally, conflicts: list[Conflict]) -> Iterator[TranslationUnit]:
    prev_key: tuple[str, str] | None = None
    group_source: str | None = None
    group_targets: list[str] = []

    def close_group() -> None:
        if len(group_targets) > 1:
            tally.conflict_count += 1
            if len(conflicts) < MAX_REPORTED_CONFLICTS:
                conflicts.append(Conflict(group_source or "", tuple(group_targets)))

    for rec in records:
        key = (rec[0], rec[1])
        if key == prev_key:
            tally.duplicates += 1
            continue
        prev_key = key
        if rec[0] != group_source:
            close_group()
            group_source, group_targets = rec[0], []
        group_targets.append(rec[1])
        if rec[2] == 0:
            tally.existing += 1
        tally.written += 1
        yield _unit(rec)
    close_group()


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
    # Millions of short-lived tuples and units, none in a reference cycle: the
    # cyclic collector would only rescan them (a quarter of the run time).
    with _no_gc():
        return _merge(memory, paths, header, run_size)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _merge(memory: Path, paths: Sequence[Path], header: TmxHeader, run_size: int) -> MemoryReport:
    inputs: list[tuple[int, Iterable[TranslationUnit]]] = []
    had_memory = memory.exists()
    if had_memory:
        inputs.append((0, read(str(memory), header.srclang, header.tgtlang)))
    for p in paths:
        inputs.append((1, read(str(p), header.srclang, header.tgtlang)))
    with tempfile.TemporaryDirectory(prefix=".memory-", dir=memory.parent if memory.parent.exists() else None) as tmp:
        runs, counts = _runs(inputs, Path(tmp), run_size)
        if had_memory:
            counts = counts[1:]
        tally = _Tally()
        conflicts: list[Conflict] = []
        merged = heapq.merge(*(_replay(r) for r in runs))
        with atomic_open(memory, "wb") as f:
            write(f, _dedupe(merged, tally, conflicts), header)
    read_total = sum(counts)
    return MemoryReport(
        path=memory,
        files=tuple(FileCount(str(p), c) for p, c in zip(paths, counts, strict=True)),
        read=read_total,
        added=tally.written - tally.existing,
        duplicates=tally.duplicates,
        total=tally.written,
        conflict_count=tally.conflict_count,
        conflicts=tuple(conflicts),
    )


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
