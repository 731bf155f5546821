"""Ranked term lookup, both directions, over a cached index of the termbase.

A query matches a term, in rank order, when it is:

* ``exact``: the same text (Unicode NFC, spaces collapsed);
* ``folded``: the same after case and accent folding (``Salvoconducto``,
  ``acto inamistóso``; punctuation and hyphens count as spaces);
* ``lemma``: the same word by word after lemmatization with simplemma
  (``actos inamistosos``, ``unfriendly acts``, ``salvoconductos``);
* ``substring``: part of a longer term, as text or as lemmas (``inamistoso``,
  ``actos`` → ``acto inamistoso``);
* ``fuzzy``: a near miss (``salvocondcto``), tried only when nothing above matched.

The index is one binary file under ``<root>/.cache/diploterm/`` (or the user's
cache folder when the project is read-only), named by the termbase's content
hash and memory-mapped, so a query reads only the pages it needs. A cold
``glossary lookup`` imports little beyond the interpreter's own start
(``mmap``, ``marshal``, ``bisect``, ``unicodedata``): not the model (dataclasses),
pathlib or typing, no YAML, no simplemma, no rapidfuzz unless a fuzzy match is
needed, no rich unless printing to a terminal.

>>> fold("Acto  Inamistóso")
'acto inamistoso'
>>> fold("safe-conduct")
'safe conduct'
"""

from __future__ import annotations

import marshal
import os
import re
import sys
import time
import unicodedata
from bisect import bisect_left, bisect_right
from collections import namedtuple

from .errors import DiplotermError

# Not typing.TYPE_CHECKING: importing typing costs a cold lookup 3-4 ms.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from array import array
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from .model import TranslationUnit
    from .project import Project

LANGS: tuple[str, ...] = ("es", "en")
"""``diploterm.model.LANGS``, repeated here so that a lookup need not import the model
(its dataclasses cost a cold lookup over 10 ms); a test checks that the two agree."""

KINDS: tuple[str, ...] = ("exact", "folded", "lemma", "substring", "fuzzy")
"""Match kinds, best first."""

MAX_CANDIDATES = 20_000
"""A substring query checks the terms having its rarest word when there are at most this
many; otherwise it scans all terms."""

FUZZY_CUTOFF = 80.0
"""Least rapidfuzz ratio (0-100) of a fuzzy match."""

FULL_CHECK_MAX_FILES = 2000
"""Up to this many term files, every lookup also checks each file's size and mtime."""

WORKER_MIN_FILES = 5000
"""From this many term files on, an index build uses two more processes: one reads and
parses half the files, one loads simplemma meanwhile."""

# Bump when the layout or the matching rules change; the Python version is in
# the key because records are marshalled, the byte order because of the arrays.
INDEX_VERSION = f"diploterm-lookup-9/py{sys.version_info[0]}.{sys.version_info[1]}/{sys.byteorder}"
_MAGIC = b"DIPLOTERM-LOOKUP\n"
# marshal format 2 writes no back-references, whose presence depends on object
# identity: with it the same termbase always gives the same index bytes.
_MARSHAL = 2
_RACY_NS = 2_000_000_000
_WORD = re.compile(r"\w+")
_NON_WORD = re.compile(r"[\W_]+")
_SPANISH = str.maketrans("áéíóúüñàèìòùâêîôûäëïöç", "aeiouunaeiouaeiouaeioc")


# ---------------------------------------------------------------- text keys


def exact_form(text: str) -> str:
    """The text as written, compared for an ``exact`` match: NFC, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """Case- and accent-folded text with punctuation as single spaces (``folded`` key)."""
    text = text.casefold()
    if not text.isascii():
        # Spanish letters by table (fast); anything else by Unicode decomposition.
        text = _strip_accents(text.translate(_SPANISH))
    return _NON_WORD.sub(" ", text).strip()


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def words_of(texts: Iterable[str]) -> set[str]:
    """The words of all *texts* (``set().union(*map(tokens, texts))``, at once)."""
    return set(_WORD.findall(unicodedata.normalize("NFC", "\n".join(texts)).casefold()))


def tokens(text: str) -> list[str]:
    """Words of *text* as the lemmatizer sees them: case-folded, accents kept."""
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def lemma_key(folded: str, lemmas: dict[str, str]) -> str:
    """The lemmas of the words of *folded* (a :func:`fold` result); *lemmas* maps forms to lemmas."""
    return " ".join([lemmas.get(word, word) for word in folded.split()])


# ---------------------------------------------------------------- results


# Namedtuples rather than dataclasses or the model's types: a cold lookup that
# imported dataclasses (and with it inspect) would spend over 10 ms on it.

HitTerm = namedtuple("HitTerm", "term status pos type note", defaults=("preferred", None, None, None))
HitTerm.__doc__ = """A term of a hit's concept: the fields of :class:`diploterm.model.Term`."""

HitSource = namedtuple("HitSource", "doc es_span en_span pattern ref", defaults=(None, None, None, None, None))
HitSource.__doc__ = """A hit's citation: the fields of :class:`diploterm.model.Source`."""


class Hit(
    namedtuple(
        "Hit",
        "concept_id matched lang kind score es en subject source examples",
        defaults=(None, None, ()),
    )
):
    """One concept that matches a query, with all its terms.

    ``matched`` is the term that matched, as written in the termbase, and ``lang``
    its language; ``kind`` is ``exact``, ``folded``, ``lemma``, ``substring`` or
    ``fuzzy`` and ``score`` 0-100 (within a kind, higher is closer); ``es`` and
    ``en`` hold every term of the concept (:class:`HitTerm`) in file order;
    ``source`` is the concept's first source (:class:`HitSource`: a document and
    spans, or a reference); ``examples`` are translation units (``--examples``).
    """

    __slots__ = ()

    def terms(self, lang: str) -> tuple[HitTerm, ...]:
        return self.es if lang == "es" else self.en


# ---------------------------------------------------------------- reading the index file


class CorruptIndex(Exception):
    """The index file is not what this version wrote; it is rebuilt."""


class _Blob:
    """Newline-separated entries inside the index buffer, searched in place (no copy)."""

    __slots__ = ("base", "buf", "size")

    def __init__(self, buf, base: int, size: int) -> None:
        self.buf, self.base, self.size = buf, base, size

    def find(self, sub: bytes, start: int = 0, end: int | None = None) -> int:
        pos = self.buf.find(sub, self.base + start, self.base + (self.size if end is None else end))
        return pos if pos == -1 else pos - self.base

    def __getitem__(self, i: int) -> int:
        return self.buf[self.base + i]

    def text(self, start: int, end: int) -> bytes:
        return bytes(self.buf[self.base + start : self.base + end])


class _Lemmas:
    """One language's table of word -> lemma: ``form\\0lemma`` lines sorted by form,
    binary-searched in place (a lookup reads a few lines, not the whole table)."""

    __slots__ = ("blob", "starts")

    def __init__(self, blob: _Blob, starts) -> None:
        self.blob, self.starts = blob, starts

    def get(self, word: str, default: str | None = None) -> str | None:
        key = word.encode() + b"\0"
        blob, starts = self.blob, self.starts
        count = len(starts) - 1
        i = bisect_left(range(count), key, key=lambda j: blob.text(starts[j], starts[j + 1] - 1))
        if i < count:
            line = blob.text(starts[i], starts[i + 1] - 1)
            if line.startswith(key):
                return line[len(key) :].decode()
        return default


class Index:
    """A lookup index, memory-mapped: a query touches only the pages it reads.

    Pass *data* to use an index held in memory instead of a file.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, data: bytes | None = None) -> None:
        self.path = path
        self._map = None
        self._cache: dict[str, object] = {}
        if data is None:
            import mmap

            try:
                with open(path, "rb") as f:  # type: ignore[arg-type]
                    self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError) as exc:  # ValueError: an empty file cannot be mapped
                raise CorruptIndex(path) from exc
            data = self._map  # type: ignore[assignment]
        self._buf = data
        head = bytes(data[: len(_MAGIC) + 8])  # type: ignore[index]
        try:
            if head[: len(_MAGIC)] != _MAGIC or len(head) != len(_MAGIC) + 8:
                raise CorruptIndex(path)
            length = int.from_bytes(head[len(_MAGIC) :], "little")
            header = marshal.loads(bytes(data[len(head) : len(head) + length]))  # type: ignore[index]
            if not isinstance(header, dict) or header.get("version") != INDEX_VERSION:
                raise CorruptIndex(path)
            self._base = len(head) + length
            self._sections: dict[str, tuple[int, int]] = header["sections"]
            end = max((o + n + (-n % 8) for o, n in self._sections.values()), default=0)
            if self._base + end != len(data):  # type: ignore[arg-type]
                raise CorruptIndex(path)
        except (CorruptIndex, ValueError, EOFError, TypeError, KeyError):
            self.close()
            raise CorruptIndex(path) from None

    def close(self) -> None:
        """Release the mapping (views handed out before become invalid)."""
        for value in self._cache.values():
            if isinstance(value, memoryview):
                value.release()
        self._cache.clear()
        if self._map is not None:
            self._map.close()
            self._map = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _span(self, name: str) -> tuple[int, int]:
        offset, length = self._sections[name]
        return self._base + offset, length

    def _blob(self, name: str) -> _Blob:
        if name not in self._cache:
            self._cache[name] = _Blob(self._buf, *self._span(name))
        return self._cache[name]  # type: ignore[return-value]

    def _array(self, name: str, typecode: str):
        """A section as a sequence of numbers, viewed in place."""
        if name not in self._cache:
            start, length = self._span(name)
            self._cache[name] = memoryview(self._buf)[start : start + length].cast(typecode)
        return self._cache[name]

    def _lemmas(self, lang: str) -> _Lemmas:
        return _Lemmas(*self._sorted_blob(f"lemmas_{lang}"))

    def record(self, concept: int) -> tuple:
        """``(id, subject, terms, first source)`` of the concept at *concept* (id order)."""
        starts = self._array("record_starts", "Q")
        base, _ = self._span("records")
        return marshal.loads(self._buf[base + starts[concept] : base + starts[concept + 1]])

    # -------------------------------------------------------- matching

    def _sorted_blob(self, name: str) -> tuple[_Blob, memoryview]:
        return self._blob(name), self._array(name + "_starts", "I")

    @staticmethod
    def _first_longer(starts: array, length: int) -> int:
        """Index of the first entry longer than *length* (entries are sorted by length)."""
        return bisect_right(range(len(starts) - 1), length, key=lambda i: starts[i + 1] - starts[i] - 1)

    def _equal(self, name: str, key: bytes) -> list[int]:
        """Entries of a sorted blob equal to *key*."""
        blob, starts = self._sorted_blob(name)
        lo = self._first_longer(starts, len(key) - 1)
        hi = self._first_longer(starts, len(key))
        found = []
        pos = blob.find(key + b"\n", starts[lo], starts[hi])
        while pos != -1:
            i = bisect_right(starts, pos) - 1
            if starts[i] == pos:
                found.append(i)
            pos = blob.find(key + b"\n", pos + 1, starts[hi])
        return found

    @staticmethod
    def _substring_score(blob: _Blob, begin: int, end: int, key: bytes) -> float | None:
        """How well *key* covers the longer entry ``[begin, end)`` it occurs in, or ``None``."""
        if end - begin <= len(key):
            return None
        best = None
        pos = blob.find(key, begin, end)
        while pos != -1:
            whole_words = (pos == begin or blob[pos - 1] == 32) and (
                pos + len(key) == end or blob[pos + len(key)] == 32
            )
            # Longer terms cover less of themselves with the query: lower score.
            score = round(50 + 30 * len(key) / (end - begin) + (10 if whole_words else 0), 1)
            best = score if best is None else max(best, score)
            pos = blob.find(key, pos + 1, end)
        return best

    def _candidates(self, name: str, key: bytes) -> list[int] | None:
        """Entries that may contain *key*: those having a word that contains the query
        word with the fewest such entries; ``None`` if that is too many to be worth it."""
        words, word_starts = self._sorted_blob(name + "_words")
        post_starts = self._array(name + "_post_starts", "I")
        best: tuple[int, set[int]] | None = None
        for query_word in set(key.split(b" ")):
            found = set()
            pos = words.find(query_word)
            while pos != -1:
                i = bisect_right(word_starts, pos) - 1
                found.add(i)
                pos = words.find(query_word, word_starts[i + 1])
            count = sum(post_starts[i + 1] - post_starts[i] for i in found)
            if best is None or count < best[0]:
                best = (count, found)
        if best is None or best[0] > MAX_CANDIDATES:
            return None
        postings = self._array(name + "_postings", "I")
        return sorted({e for i in best[1] for e in postings[post_starts[i] : post_starts[i + 1]]})

    def _contains(self, name: str, key: bytes, cap: int) -> list[tuple[int, float]]:
        """Up to *cap* entries that contain *key* and are longer, shortest first, with a score."""
        blob, starts = self._sorted_blob(name)
        candidates = self._candidates(name, key)
        out = []
        if candidates is not None:
            for i in candidates:
                score = self._substring_score(blob, starts[i], starts[i + 1] - 1, key)
                if score is not None:
                    out.append((i, score))
                    if len(out) == cap:
                        break
            return out
        # A query word found in very many terms: one pass over all of them.
        pos = blob.find(key, starts[self._first_longer(starts, len(key))])
        while pos != -1 and len(out) < cap:
            i = bisect_right(starts, pos) - 1
            score = self._substring_score(blob, starts[i], starts[i + 1] - 1, key)
            if score is not None:
                out.append((i, score))
            pos = blob.find(key, starts[i + 1])
        return out

    def _fuzzy(self, key: str, limit: int) -> list[tuple[int, float]]:
        from rapidfuzz import fuzz, process

        blob, starts = self._sorted_blob("fold")
        width = max(2, len(key) // 4)
        size = len(key.encode())
        lo = self._first_longer(starts, size - width - 1)
        hi = self._first_longer(starts, size + width)
        if lo >= hi:
            return []
        choices = blob.text(starts[lo], starts[hi] - 1).decode().split("\n")
        found = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=limit)
        return [(lo + i, round(score, 1)) for _, score, i in found]

    def search(self, query: str, lang: str | None = None, exact: bool = False, limit: int = 10) -> list[Hit]:
        """The best *limit* concepts for *query*, one hit per concept, best first."""
        langs = (lang,) if lang else LANGS
        form_concept = self._array("form_concept", "I")
        form_lang = self._array("form_lang", "B")
        form_status = self._array("form_status", "B")
        # concept -> (kind rank, -score, status rank of the matched term, form): smaller is better
        best: dict[int, tuple[int, float, int, int]] = {}

        def offer(form: int, kind: int, score: float) -> None:
            if LANGS[form_lang[form]] not in langs:
                return
            concept = form_concept[form]
            rank = (kind, -score, form_status[form], form)
            if concept not in best or rank < best[concept]:
                best[concept] = rank

        q_exact = exact_form(query)
        q_fold = fold(query)
        if q_fold:
            for form in self._equal("fold", q_fold.encode()):
                is_exact = exact_form(self._term(form)[1]) == q_exact
                offer(form, 0 if is_exact else 1, 100.0 if is_exact else 95.0)
        if not exact and q_fold:
            owner = self._array("lemma_owner", "I")
            cap = max(200, 20 * limit)
            for lg in langs:
                key = lemma_key(q_fold, self._lemmas(lg)).encode()  # type: ignore[arg-type]
                if not key:
                    continue
                for entry in self._equal("lemma", key):
                    if LANGS[form_lang[owner[entry]]] == lg:
                        offer(owner[entry], 2, 90.0)
                if key != q_fold.encode():
                    for entry, score in self._contains("lemma", key, cap):
                        if LANGS[form_lang[owner[entry]]] == lg:
                            offer(owner[entry], 3, score)
            for form, score in self._contains("fold", q_fold.encode(), cap):
                offer(form, 3, score)
            if not best:
                for form, score in self._fuzzy(q_fold, 5 * limit):
                    offer(form, 4, score)
        # Concepts are numbered in id order, so the concept number breaks ties by id.
        ranked = sorted(best.items(), key=lambda item: (item[1][:3], item[0]))[:limit]
        return [self._hit(self.record(concept), rank, self._term(rank[3])) for concept, rank in ranked]

    def _term(self, form: int) -> tuple:
        """``(lang, text, status, pos, type, note)`` of a form."""
        concept = self._array("form_concept", "I")[form]
        return self.record(concept)[2][self._array("form_term", "H")[form]]

    @staticmethod
    def _hit(record: tuple, rank: tuple, term: tuple) -> Hit:
        cid, subject, terms, source = record
        by_lang: dict[str, list[HitTerm]] = {lang: [] for lang in LANGS}
        for lang, text, status, pos, ttype, note in terms:
            by_lang[lang].append(HitTerm(text, status, pos, ttype, note))
        src = None
        if source is not None:
            doc, es_span, en_span, pattern, ref = source
            src = HitSource(doc, es_span and tuple(es_span), en_span and tuple(en_span), pattern, ref)
        return Hit(
            concept_id=cid,
            matched=term[1],
            lang=term[0],
            kind=KINDS[rank[0]],
            score=-rank[1],
            es=tuple(by_lang["es"]),
            en=tuple(by_lang["en"]),
            subject=subject,
            source=src,
        )


# ---------------------------------------------------------------- cache and freshness
#
# Whether the cached index still matches the termbase is decided in three steps,
# cheapest first:
#
# 1. the stamp of the glossary/terms/ folder (device, inode, mtime_ns, ctime_ns):
#    one stat call. Creating, deleting or renaming a file changes it, which covers
#    `glossary add/accept` (atomic writes rename a new file in), git checkout,
#    merge and pull (git unlinks and recreates files) and editors that save by
#    renaming (vim, emacs, JetBrains, sed -i).
# 2. a fingerprint of the listing: every name with its size and mtime_ns. This
#    also sees files edited in place (VS Code, nano, `>>`), but costs one stat
#    per file: on a slow file system 100 000 stats take 0.5 s, five times the
#    whole budget of a lookup. So it runs on every lookup only for termbases of
#    up to FULL_CHECK_MAX_FILES files, and otherwise only when the stamp changed
#    or `--refresh` is given: the trade-off is that on a huge termbase an
#    in-place edit that leaves the folder untouched is seen at the next change of
#    the folder or with --refresh.
# 3. the content hash (termbase_hash): reads every file; when it matches (a
#    `touch`, a checkout of the same content) the stamps are renewed and the index
#    kept, otherwise it is rebuilt from the bytes just read.
#
# Stamps taken within two seconds of a change are not trusted (the file system
# clock may not tick between two writes), as git does for its "racily clean" index.


def _stamp(terms_dir: str) -> str:
    try:
        st = os.stat(terms_dir)
    except OSError:
        return "absent"
    if time.time_ns() - st.st_mtime_ns < _RACY_NS:
        return ""
    return f"{st.st_dev}:{st.st_ino}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def _listing(terms_dir: str) -> str:
    """Every term file's name, size and mtime: the text itself for a small
    termbase (compared on each lookup, so no hashing module to import), a digest
    for a large one."""
    try:
        entries = sorted(
            (e.name, st.st_size, st.st_mtime_ns)
            for e in os.scandir(terms_dir)
            if e.name.endswith(".yaml") and (st := e.stat())
        )
    except OSError:
        return "absent"
    return listing_of(entries)


def listing_of(entries: list[tuple[str, int, int]]) -> str:
    """:func:`_listing` from ``(name, size, mtime_ns)`` of every term file, sorted by name
    (an index build takes them from the files it reads, saving a second pass of stats)."""
    newest = 0
    lines = []
    for name, size, mtime_ns in entries:
        lines.append(f"{name}\0{size}\0{mtime_ns}\n")
        newest = max(newest, mtime_ns)
    if time.time_ns() - newest < _RACY_NS:
        return ""
    listing = "".join(lines)
    if len(entries) <= FULL_CHECK_MAX_FILES:
        return listing
    import hashlib

    return hashlib.sha256(listing.encode()).hexdigest()


def cache_dirs(root: str | os.PathLike[str]) -> Iterator[str]:
    """Where the index may live: the project's own ``.cache/``, then the user's cache."""
    root = os.fspath(root)
    yield os.path.join(root, ".cache", "diploterm")
    # Only reached when the first folder has no index or cannot be written.
    import hashlib

    user = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    yield os.path.join(user, "diploterm", f"project-{hashlib.sha256(root.encode()).hexdigest()[:16]}")


def _read_meta(folder: str) -> dict | None:
    try:
        with open(os.path.join(folder, "lookup.meta"), "rb") as f:
            meta = marshal.loads(f.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(meta, dict) or meta.get("version") != INDEX_VERSION:
        return None
    return meta


def _write_meta(folder: str, meta: dict) -> None:
    from .fsutil import write_bytes

    write_bytes(os.path.join(folder, "lookup.meta"), marshal.dumps(meta, _MARSHAL))


class OpenIndex:
    """An index with its freshness record (``meta["warnings"]``: files left out)."""

    # A plain class: each dataclass costs a millisecond or two of startup.
    __slots__ = ("index", "meta")

    def __init__(self, index: Index, meta: dict) -> None:
        self.index = index
        self.meta = meta


def _full_project(project: Project | str | os.PathLike[str]) -> Project:
    """*project* itself, or the project at the root folder it names (default settings)."""
    from pathlib import Path

    from .project import Config, Project

    if isinstance(project, Project):
        return project
    return Project(root=Path(project).resolve(), config=Config())


def _root(project: Project | str | os.PathLike[str]) -> str:
    # Not getattr(project, "root"): a Path has a .root too ("/").
    return os.fspath(project.root if hasattr(project, "terms_dir") else project)  # type: ignore[union-attr]


def _build(
    project: Project | str | os.PathLike[str], files: list[tuple[str, bytes]] | None, stamp: str, listing: str | None
) -> OpenIndex:
    from operator import itemgetter
    from pathlib import Path

    from .fsutil import write_bytes
    from .lookup_build import LemmaWorker, all_materials, index_bytes, lemma_tables, read_all_materials
    from .termscan import content_hash, term_file_names

    project = _full_project(project)
    folder = project.relpath(project.terms_dir)
    if files is None:
        names = term_file_names(project.terms_dir)
        # simplemma loads its dictionaries in a process of its own meanwhile.
        worker = LemmaWorker() if len(names) >= WORKER_MIN_FILES else None
        stats: list[tuple[str, int, int]]
        files, stats, materials, warnings, words = read_all_materials(str(project.terms_dir), names, folder)
        if listing is None:
            listing = listing_of(stats)
    else:
        worker = LemmaWorker() if len(files) >= WORKER_MIN_FILES else None
        materials, warnings, words = all_materials(folder, files)
    digest = content_hash(files)
    materials.sort(key=itemgetter(0))
    lemmas = worker.tables(words) if worker is not None else lemma_tables(words)
    data = index_bytes(materials, lemmas)
    name = f"lookup-{digest[:16]}.idx"
    meta = {
        "version": INDEX_VERSION,
        "index": name,
        "content_hash": digest,
        "stamp": stamp,
        "listing": listing,
        "files": len(files),
        "warnings": warnings,
    }
    for folder in map(Path, cache_dirs(project.root)):
        try:
            write_bytes(folder / name, data)
            _write_meta(folder, meta)
        except OSError:
            continue  # a read-only project: try the user's cache folder
        for old in folder.glob("lookup-*.idx"):
            if old.name != name:
                old.unlink(missing_ok=True)
        return OpenIndex(Index(folder / name), meta)
    # Nowhere to write (read-only project and home): the index in memory, for this run.
    return OpenIndex(Index(data=data), meta)


def open_index(project: Project | str | os.PathLike[str], refresh: bool = False, rebuild: bool = False) -> OpenIndex:
    """The up-to-date index of *project*, building or renewing it as needed.

    *refresh* checks every term file even when the folder looks unchanged;
    *rebuild* ignores any cached index.
    """
    # Only paths are needed here: a root folder will do, and saves importing
    # the project settings module on every lookup.
    root = _root(project)
    terms_dir = os.path.join(root, "glossary", "terms")
    found: tuple[str, dict] | None = None
    if not rebuild:
        for folder in cache_dirs(root):
            meta = _read_meta(folder)
            if meta is not None and os.path.isfile(os.path.join(folder, meta["index"])):
                found = (folder, meta)
                break
    stamp = _stamp(terms_dir)
    if found is not None and not refresh:
        folder, meta = found
        if (
            stamp
            and meta["stamp"] == stamp
            and (meta["files"] > FULL_CHECK_MAX_FILES or (meta["listing"] and meta["listing"] == _listing(terms_dir)))
        ):
            return _opened(folder, meta)
    from .termscan import content_hash, read_files

    if found is None:  # the first build: the listing comes from the files it reads
        return _build(project, None, stamp, None)
    folder, meta = found
    listing = _listing(terms_dir)
    fresh = bool(listing) and meta["listing"] == listing
    files = None
    if not fresh:
        files = read_files(terms_dir)
        fresh = content_hash(files) == meta["content_hash"]
    if fresh:
        if (stamp, listing) != (meta["stamp"], meta["listing"]):
            meta = {**meta, "stamp": stamp, "listing": listing}
            import contextlib

            with contextlib.suppress(OSError):  # a read-only cache is still valid
                _write_meta(folder, meta)
        try:
            return _opened(folder, meta)
        except CorruptIndex:
            pass
    return _build(project, files, stamp, listing)


def _opened(folder: str, meta: dict) -> OpenIndex:
    return OpenIndex(Index(os.path.join(folder, meta["index"])), meta)


_CORRUPT = (CorruptIndex, ValueError, EOFError, TypeError, IndexError, KeyError, OSError)


def search(
    project: Project | str | os.PathLike[str],
    query: str,
    lang: str | None = None,
    exact: bool = False,
    limit: int = 10,
    refresh: bool = False,
) -> list[Hit]:
    """Look *query* up in both languages (or only *lang*); the best *limit* hits.

    *project* is a :class:`~diploterm.project.Project` or the root folder of one.

    *exact* keeps whole-term matches only (exact or folded). A damaged or stale
    index is rebuilt on the way.
    """
    return lookup(project, query, lang=lang, exact=exact, limit=limit, refresh=refresh)[0]


def lookup(
    project: Project | str | os.PathLike[str],
    query: str,
    lang: str | None = None,
    exact: bool = False,
    limit: int = 10,
    refresh: bool = False,
) -> tuple[list[Hit], list[str]]:
    """Like :func:`search`, also returning the warnings about term files left out."""
    if not query.strip():
        raise DiplotermError("nothing to look up: give a term, e.g. glossary lookup salvoconducto")
    if lang not in (None, *LANGS):
        raise DiplotermError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    if limit < 1:
        raise DiplotermError("the limit must be 1 or more")
    try:
        opened = open_index(project, refresh=refresh)
        hits = opened.index.search(query, lang=lang, exact=exact, limit=limit)
    except _CORRUPT:
        # A damaged cache file (truncated, written by another version): build afresh.
        opened = open_index(project, rebuild=True)
        hits = opened.index.search(query, lang=lang, exact=exact, limit=limit)
    return hits, list(opened.meta.get("warnings", ()))


def hit_to_json(hit: Hit, examples: bool = False) -> dict:
    """The JSON form of a hit (``glossary lookup --json``); spans are ``[start, end]``."""

    def term(t: HitTerm) -> dict:
        out = {"term": t.term, "status": t.status}
        out.update({k: v for k, v in (("pos", t.pos), ("type", t.type), ("note", t.note)) if v is not None})
        return out

    src = hit.source
    data = {
        "concept": hit.concept_id,
        "matched": hit.matched,
        "lang": hit.lang,
        "match": hit.kind,
        "score": hit.score,
        "subject": hit.subject,
        "terms": {lang: [term(t) for t in hit.terms(lang)] for lang in LANGS},
        "source": None
        if src is None
        else {
            "doc": src.doc,
            "es_span": list(src.es_span) if src.es_span else None,
            "en_span": list(src.en_span) if src.en_span else None,
            "pattern": src.pattern,
            "ref": src.ref,
        },
    }
    if examples:
        data["examples"] = [{"es": u.source, "en": u.target} for u in hit.examples]
    return data


# ---------------------------------------------------------------- examples from the memory


def memory_paths(project: Project) -> list[Path]:
    """The memories searched for examples: the project's memory, then the built TMX."""
    paths = [project.memory_path, project.artifact_paths()["tmx"]]
    return [p for p in paths if p.is_file()]


def add_examples(project: Project, hits: list[Hit], per_hit: int = 3) -> list[Hit]:
    """*hits* with up to *per_hit* memory units that use one of each concept's terms.

    Units using the matched term come first; then file order. Needs lxml, so it
    is only called when examples are asked for.
    """
    from .formats import tmx

    units: list[TranslationUnit] = []
    seen = set()
    for path in memory_paths(project):
        for unit in tmx.read(str(path), project.config.es, project.config.en):
            if (unit.source, unit.target) not in seen:
                seen.add((unit.source, unit.target))
                units.append(unit)
    folded = [(f" {fold(u.source)} ", f" {fold(u.target)} ") for u in units]
    out = []
    for hit in hits:
        wanted = {(lang, f" {fold(t.term)} ") for lang in LANGS for t in hit.terms(lang) if fold(t.term)}
        matched = (hit.lang, f" {fold(hit.matched)} ")
        found: list[tuple[int, int]] = []
        for i, (es_text, en_text) in enumerate(folded):
            texts = {"es": es_text, "en": en_text}
            if matched[1] in texts[matched[0]]:
                found.append((0, i))
            elif any(key in texts[lang] for lang, key in wanted):
                found.append((1, i))
        chosen = tuple(units[i] for _, i in sorted(found)[:per_hit])
        out.append(hit._replace(examples=chosen))
    return out
