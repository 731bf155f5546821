"""The first half of the memory's external sort: TMX files read into sorted run files.

Units are gathered in batches of :data:`RUN_SIZE`; each batch is sorted by
(source, target) and spilled to a run file, so memory use stays flat whatever
the size. A unit travels as the tuple of its ``TranslationUnit`` fields
(``formats.tmx.read_fields``).

A big file is read by two processes at once, each half into its own runs:
reading is most of the work of ``memory add``. The halves are split at a
``<tu>`` start tag, which is only trusted once the first half, read up to it,
ends there between units; if anything declines, the file is read again from
where the first half stopped, as one (see :func:`_read_halves`).

Order matters: sorting is stable and the runs are listed in reading order,
so among equal pairs the unit read first (the memory's own, then the first
file's) comes first when :meth:`Runs.merged` joins the runs.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import forked
from .formats import tmx, tmxscan

RUN_SIZE = 100_000
"""Units sorted in memory at once before they are spilled to a run file (about 40 MB of them)."""
SPLIT_SIZE = 8 << 20
"""Files of at least this many bytes are read in two processes."""
_CHUNK = 10_000
"""Units per pickled chunk of a run file."""


def sort_key(unit: tuple) -> str:
    # One string sorts twice as fast as a (source, target) tuple, in the same order:
    # XML text holds no NUL, and NUL sorts below every other character.
    return unit[0] + "\0" + unit[1]


def _source(unit: tuple) -> str:
    return unit[0]


_PAIR = operator.itemgetter(0, 1)


@dataclass
class Runs:
    """Sorted runs of all the units read, in reading order."""

    folder: Path
    run_size: int = RUN_SIZE
    files: list[Path] = field(default_factory=list)
    batch: list = field(default_factory=list)
    """Units not yet sorted; after :meth:`finish`, the last run (sorted), kept in memory."""
    read: int = 0
    prefix: str = "run"
    index: dict[Path, list[tuple[str, int]]] = field(default_factory=dict)
    """Per run file, the source of the first unit of each chunk and the chunk's offset."""

    def add(self, units: Iterable[tuple], *, as_list: bool = False) -> None:
        """Add *units*; with *as_list*, stored as lists (the merge tells the memory's own units by that)."""
        units = iter(units)
        if as_list:
            units = map(list, units)
        while True:
            # islice and extend pull the units in C, a batch at a time.
            before = len(self.batch)
            try:
                self.batch.extend(itertools.islice(units, self.run_size - before))
            finally:  # a reader that declines has still added what it yielded before
                self.read += len(self.batch) - before
            if len(self.batch) < self.run_size:
                return
            self.spill()

    def spill(self) -> None:
        """Sort the batch and write it to a run file."""
        if not self.batch:
            return
        run = self._sorted()
        path = self.folder / f"{self.prefix}{len(self.files):05d}.run"
        # Pickled chunks, each after its length: loading from bytes is three times faster than from the file.
        index = []
        with path.open("wb") as f:
            for i in range(0, len(run), _CHUNK):
                index.append((run[i][0], f.tell()))
                blob = pickle.dumps(run[i : i + _CHUNK], protocol=pickle.HIGHEST_PROTOCOL)
                f.write(len(blob).to_bytes(8, "little"))
                f.write(blob)
        self.files.append(path)
        self.index[path] = index

    def finish(self) -> None:
        """Sort the last batch, which stays in memory as the last run."""
        self.batch = self._sorted()

    def merged(self, start: str | None = None, stop: str | None = None) -> Iterator[list]:
        """All the units whose source is at least *start* and below *stop* (``None``: no bound), in
        (source, target) order, in blocks; among equal pairs, in reading order.

        A block merge instead of ``heapq.merge``: take the lowest of the last pairs of the chunks at
        hand; every unit up to it, from every run, is in the next block, which one ``list.sort`` puts
        in order (timsort merges the runs' sorted stretches in C; stable, so the run order holds
        among equal pairs). What is left is not below it; a run's next chunk may repeat it, after
        the run's earlier copies, so the first copy read still comes first.
        """
        heads = []  # per run: [its chunks, the current chunk, position in it]
        for chunks in [self._chunks(p, start, stop) for p in self.files] + [self._last_chunks(start, stop)]:
            chunk = next(chunks, None)
            if chunk is not None:
                heads.append([chunks, chunk, 0])
        while len(heads) > 1:
            bound = min(_PAIR(head[1][-1]) for head in heads)
            block: list = []
            for head in heads:
                chunks, chunk, pos = head
                cut = bisect.bisect_right(chunk, bound, pos, key=_PAIR)
                block += chunk[pos:cut]
                if cut < len(chunk):
                    head[2] = cut
                else:
                    head[1], head[2] = next(chunks, None), 0
            heads = [head for head in heads if head[1] is not None]
            block.sort(key=_PAIR)
            yield block
        for chunks, chunk, pos in heads:
            yield chunk[pos:]
            yield from chunks

    def middle_source(self) -> str | None:
        """A source near the middle of all the units (to merge in two halves), from the chunk index."""
        sample = [first for index in self.index.values() for first, _ in index]
        sample += [unit[0] for unit in self.batch[::_CHUNK]]
        sample.sort()
        return sample[len(sample) // 2] if sample else None

    def _last_chunks(self, start: str | None, stop: str | None) -> Iterator[list]:
        last = self.batch
        lo = 0 if start is None else bisect.bisect_left(last, start, key=_source)
        hi = len(last) if stop is None else bisect.bisect_left(last, stop, key=_source)
        for i in range(lo, hi, _CHUNK):
            yield last[i : min(i + _CHUNK, hi)]

    def _chunks(self, path: Path, start: str | None, stop: str | None) -> Iterator[list]:
        """The run's chunks (never empty ones) holding the units whose source is in [start, stop)."""
        index = self.index[path]
        # The last chunk that starts below *start* may hold units from *start* on.
        k = 0 if start is None else max(bisect.bisect_left(index, start, key=_source) - 1, 0)
        with path.open("rb") as f:
            f.seek(index[k][1] if index else 0)
            while size := f.read(8):
                chunk = pickle.loads(f.read(int.from_bytes(size, "little")))
                if start is not None and chunk[0][0] < start:
                    chunk = chunk[bisect.bisect_left(chunk, start, key=_source) :]
                if stop is not None and chunk and chunk[-1][0] >= stop:
                    chunk = chunk[: bisect.bisect_left(chunk, stop, key=_source)]
                    if chunk:
                        yield chunk
                    return
                if chunk:
                    yield chunk

    def _sorted(self) -> list:
        # Repeated pairs stay: dropping them here costs more than merging them (_dedupe drops them).
        batch = self.batch
        self.batch = []
        batch.sort(key=sort_key)
        return batch


def read_into(runs: Runs, path: Path, srclang: str, tgtlang: str, *, as_list: bool = False) -> int:
    """Add the units of the TMX file *path* to *runs*; return how many. Raises ``InputError`` for a bad file."""
    before = runs.read
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # the reader reports it
    if size >= SPLIT_SIZE and forked.available():
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
    with forked.Forked(_second_half, path, cut, runs.folder, runs.run_size, srclang, tgtlang, as_list) as worker:
        done = [0]
        try:
            with path.open("rb") as f:
                runs.add(tmx.scan_part(f, srclang, tgtlang, stop=cut, progress=done), as_list=as_list)
        except (tmxscan.Declined, OSError):
            worker.cancel()  # its half is read again below
            runs.add(tmx.read_fields_lxml(str(path), srclang, tgtlang, skip=done[0]), as_list=as_list)
            return
        runs.spill()  # the second half's runs come after these
        half = worker.result()
        if not isinstance(half, Runs):  # declined or failed: lxml reads on from the cut
            runs.add(tmx.read_fields_lxml(str(path), srclang, tgtlang, skip=done[0]), as_list=as_list)
            return
        runs.files += half.files
        runs.index.update(half.index)
        runs.read += half.read


def _second_half(
    path: Path, cut: int, folder: Path, run_size: int, srclang: str, tgtlang: str, as_list: bool
) -> Runs | None:
    """In the worker: the units from *cut* to the end, into runs of their own."""
    runs = Runs(folder, run_size, prefix=f"half{cut}-")
    with path.open("rb") as f:
        runs.add(tmx.scan_part(f, srclang, tgtlang, start=cut), as_list=as_list)
    runs.spill()
    return runs
