"""Read a whole termbase fast: every term file's bytes, one content hash, parsed concepts.

Term files written by :func:`diploterm.termbase.concept_to_yaml` use a small,
regular subset of YAML. :func:`parse_canonical` reads exactly that subset line
by line and checks it as ``glossary check`` would, several times faster than
PyYAML plus the validator, which matters when an index is built over 100 000
files. Anything outside the subset (comments, block scalars, double-quoted
escapes, numbers where text is expected, other indentation) or with any problem
makes it give up, and the file goes through the full YAML loader and validator
instead, so both roads give the same :class:`~diploterm.model.Concept` and the
same problems (a test checks this on generated files).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from .model import LANGS, PARTS_OF_SPEECH, STATUSES, TERM_TYPES, Concept, Source, Term
from .project import Project
from .termbase import SLUG_RE, SOURCE_KEYS, TIMESTAMP_RE, LoadedConcept, Problem, read_concept_text

_FLOW_ITEM = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): ('(?:[^']|'')*'|\[(?:\d+(?:, \d+)*)?\]|[^,\[\]{}'\"]+)(?:, |$)")


class Unsupported(Exception):
    """The text is outside the canonical subset; use the full YAML loader."""


# What a plain scalar cannot start with, contain or end with.
_NOT_PLAIN = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`<= ]|: | #|[ :]$|\t")


def _plain(value: str) -> str:
    if not value or _NOT_PLAIN.search(value):
        raise Unsupported(value)
    # Plain text that YAML reads as null, a bool or a number: the canonical
    # writer quotes such strings, so meeting one plain means a hand edit. None
    # of those contain a space (timestamps may, but they stay text).
    if value[0] in _MAYBE_TYPED and " " not in value and _resolve(value) in _TYPED_TAGS:
        raise Unsupported(value)
    return value


_MAYBE_TYPED = set("~nNtTfFyYoO0123456789+-.")
_TYPED_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "merge", "value")}


@functools.cache
def _resolve(value: str) -> str:
    """The tag YAML gives a plain scalar (the loader's own rules, not a copy)."""
    import yaml

    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))


def _quoted(value: str) -> str:
    if value[0] == "'":
        inner = value[1:-1]
        if len(value) < 2 or value[-1] != "'" or "'" in inner.replace("''", ""):
            raise Unsupported(value)
        return inner.replace("''", "'")
    if len(value) < 2 or value[-1] != '"' or "\\" in value or '"' in value[1:-1]:
        raise Unsupported(value)
    return value[1:-1]


def _flow_scalar(value: str) -> Any:
    if value[0] == "'":
        return _quoted(value)
    if value[0] == "[":
        inner = value[1:-1]
        return [int(v) for v in inner.split(", ")] if inner else []
    return _plain(value.rstrip())


def _flow_mapping(value: str) -> dict[str, Any]:
    if value[-1] != "}":
        raise Unsupported(value)
    inner = value[1:-1]
    out: dict[str, Any] = {}
    pos = 0
    while pos < len(inner):
        m = _FLOW_ITEM.match(inner, pos)
        if not m or m.group(1) in out:
            raise Unsupported(value)
        out[m.group(1)] = _flow_scalar(m.group(2))
        pos = m.end()
    return out


def _scalar(value: str) -> str:
    if not value:
        raise Unsupported(value)
    text = _quoted(value) if value[0] in "'\"" else _plain(value)
    # What the validator would call empty or padded goes the slow way for its message.
    if not text or text != text.strip():
        raise Unsupported(value)
    return text


# Values that recur across a termbase (subjects, timestamps, documents, patterns)
# are checked once: a cached answer costs a tenth of the check. Errors are not
# cached, so they are raised every time.
_repeated_scalar = functools.lru_cache(maxsize=4096)(_scalar)
_repeated_plain = functools.lru_cache(maxsize=4096)(_plain)


_TERMS = r"(?:  - term: [^\n]+\n(?:    [a-z]+: [^\n]+\n)*)+"
# The whole layout of a canonical file, keys in the order concept_to_yaml writes
# them: one C-level match instead of a Python loop over lines.
_FILE = re.compile(
    r"id: (?P<id>[^\n]+)\n"
    r"(?:subject: (?P<subject>[^\n]+)\n)?"
    r"(?:definition:\n(?:  es: (?P<def_es>[^\n]+)\n)?(?:  en: (?P<def_en>[^\n]+)\n)?)?"
    rf"es:(?:\n(?P<es>{_TERMS})| \[\]\n)"
    rf"en:(?:\n(?P<en>{_TERMS})| \[\]\n)"
    r"(?:note: (?P<note>[^\n]+)\n)?"
    r"(?:sources:\n(?P<sources>(?:  - \{[^\n]*\}\n)+))?"
    r"(?:created: (?P<created>[^\n]+)\n)?"
    r"(?:modified: (?P<modified>[^\n]+)\n)?"
)
# A term as concept_to_yaml writes it, its closed vocabularies checked by the pattern.
_TERM = re.compile(
    r"  - term: ([^\n]+)\n"
    rf"    status: ({'|'.join(STATUSES)})\n"
    rf"(?:    pos: ({'|'.join(PARTS_OF_SPEECH)})\n)?"
    rf"(?:    type: ({'|'.join(TERM_TYPES)})\n)?"
    r"(?:    note: ([^\n]+)\n)?"
)
_SAFE = r"[^,'\"\[\]{}\n]+"
_DOC_SOURCE = re.compile(
    rf"  - \{{doc: ({_SAFE})(?:, es_span: \[(\d+), (\d+)\])?(?:, en_span: \[(\d+), (\d+)\])?"
    rf"(?:, pattern: ({_SAFE}))?\}}"
)


class Parts(NamedTuple):
    """A canonical term file taken apart and checked, before any model object is made."""

    top: dict[str, str]
    """``id`` (equal to the file name), and ``subject``, ``note``, ``created``, ``modified`` if present."""
    definition: dict[str, str]
    terms: dict[str, list[tuple]]
    """Per language, ``(term, status, pos, type, note)`` in file order."""
    sources: list[tuple]
    """``(doc, es_span, en_span, pattern, ref)`` in file order."""


def canonical_parts(text: str, stem: str) -> Parts:
    """The values of a term file in canonical form, checked as ``glossary check`` would.

    Raises :class:`Unsupported` for anything else (other layouts, block
    scalars, comments, and every file with a problem), which then goes through
    the full YAML reader and validator.
    """
    if "\r" in text or "\t" in text:
        raise Unsupported("line ends or tabs")
    m = _FILE.fullmatch(text)
    if m is None:
        raise Unsupported("layout")
    groups = m.groupdict()
    top = {"id": _scalar(groups["id"])}
    # subject, created, modified repeat from file to file: checked once each.
    top.update(
        {key: _repeated_scalar(groups[key]) for key in ("subject", "note", "created", "modified") if groups[key]}
    )
    cid = top["id"]
    if cid != stem or not SLUG_RE.match(cid):
        raise Unsupported("id")
    for key in ("created", "modified"):
        if key in top and not TIMESTAMP_RE.match(top[key]):
            raise Unsupported(key)
    definition = {lang: _scalar(groups[f"def_{lang}"]) for lang in LANGS if groups[f"def_{lang}"]}
    terms = {}
    for lang in LANGS:
        block = groups[lang] or ""
        out = []
        pos = 0
        while pos < len(block):
            t = _TERM.match(block, pos)
            if t is None:
                raise Unsupported(block[pos:])
            term, status, part, ttype, note = t.groups()
            out.append((_scalar(term), status, part, ttype, note and _scalar(note)))
            pos = t.end()
        terms[lang] = out
    sources = [_source_line(line) for line in (groups["sources"] or "").splitlines()]
    return Parts(top, definition, terms, sources)


def parse_canonical(text: str, stem: str) -> Concept:
    """The concept in a term file in canonical form (see :func:`canonical_parts`).

    >>> parse_canonical("id: x\\nes:\\n  - term: 'no'\\n    status: preferred\\nen: []\\n", "x").es
    [Term(term='no', status='preferred', pos=None, type=None, note=None)]
    >>> parse_canonical("id: x # a comment\\nes: []\\nen: []\\n", "x")
    Traceback (most recent call last):
    ...
    diploterm.termscan.Unsupported: x # a comment
    """
    top, definition, terms, sources = canonical_parts(text, stem)
    return Concept(
        id=top["id"],
        es=[Term(*t) for t in terms["es"]],
        en=[Term(*t) for t in terms["en"]],
        subject=top.get("subject"),
        definition_es=definition.get("es"),
        definition_en=definition.get("en"),
        note=top.get("note"),
        sources=[Source(*src) for src in sources],
        created=top.get("created"),
        modified=top.get("modified"),
    )


def _source_line(line: str) -> tuple:
    m = _DOC_SOURCE.fullmatch(line)
    if m is None:
        return _source(_flow_mapping(line[4:]))
    doc, es1, es2, en1, en2, pattern = m.groups()
    es_span = (int(es1), int(es2)) if es1 else None
    en_span = (int(en1), int(en2)) if en1 else None
    if (es_span and es_span[0] >= es_span[1]) or (en_span and en_span[0] >= en_span[1]):
        raise Unsupported(line)
    return (_repeated_plain(doc), es_span, en_span, pattern and _repeated_plain(pattern), None)


def _source(data: dict[str, Any]) -> tuple:
    spans = {}
    for key, value in data.items():
        if key.endswith("_span"):
            if key not in SOURCE_KEYS or len(value) != 2 or not 0 <= value[0] < value[1]:
                raise Unsupported("span")
            spans[key] = (value[0], value[1])
        elif key not in SOURCE_KEYS or not isinstance(value, str) or not value or value != value.strip():
            raise Unsupported("source")
    if not (data.get("doc") or data.get("ref")) or (spans and not data.get("doc")):
        raise Unsupported("source")
    return (data.get("doc"), spans.get("es_span"), spans.get("en_span"), data.get("pattern"), data.get("ref"))


@dataclass
class Scan:
    """Every term file of a termbase, read once."""

    concepts: list  # list[termbase.LoadedConcept], sorted by file name
    content_hash: str
    """Equal to :func:`diploterm.termbase.termbase_hash` of the same files."""


def read_files(
    terms_dir: str | os.PathLike[str], stats: list[tuple[str, int, int]] | None = None
) -> list[tuple[str, bytes]]:
    """``(file name, bytes)`` of every ``*.yaml`` term file, sorted by name; with *stats*,
    also append ``(name, size, mtime_ns)`` of each file read to it."""
    return read_named(terms_dir, term_file_names(terms_dir), stats)


def term_file_names(terms_dir: str | os.PathLike[str]) -> list[str]:
    """The names of the ``*.yaml`` files in *terms_dir*, sorted; none if it is missing."""
    from .errors import InputError

    try:
        return sorted(n for n in os.listdir(terms_dir) if n.endswith(".yaml"))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise InputError(f"cannot list the term files: {exc.strerror}", str(terms_dir)) from None


def read_named(
    terms_dir: str | os.PathLike[str], names: list[str], stats: list[tuple[str, int, int]] | None = None
) -> list[tuple[str, bytes]]:
    """``(name, bytes)`` of the files *names* in *terms_dir* that exist, in that order (see
    :func:`read_files`)."""
    from .errors import InputError

    if not names:
        return []  # the folder may not even exist
    terms_dir = Path(terms_dir)
    if os.open not in os.supports_dir_fd:  # Windows
        out = [(name, (terms_dir / name).read_bytes()) for name in names if (terms_dir / name).is_file()]
        if stats is not None:
            stats.extend((name, (st := (terms_dir / name).stat()).st_size, st.st_mtime_ns) for name, _ in out)
        return out
    out = []
    # One open/fstat/read/close per file, relative to the folder: on slow file
    # systems the path walk of Path.read_bytes() costs as much as the parse.
    dir_fd = os.open(terms_dir, os.O_RDONLY)
    try:
        for name in names:
            try:
                fd = os.open(name, os.O_RDONLY, dir_fd=dir_fd)
            except (FileNotFoundError, IsADirectoryError):
                continue  # removed since the listing, or not a file
            except OSError as exc:
                raise InputError(f"cannot read: {exc.strerror}", str(terms_dir / name)) from None
            try:
                st = os.fstat(fd)
                if stats is not None:
                    stats.append((name, st.st_size, st.st_mtime_ns))
                # Asking for one byte more than the size tells at once whether the
                # file ended there; a file that grew meanwhile is read on to its end.
                data = os.read(fd, st.st_size + 1)
                if len(data) > st.st_size:
                    chunks = [data]
                    while chunk := os.read(fd, 1 << 16):
                        chunks.append(chunk)
                    data = b"".join(chunks)
            except OSError as exc:
                raise InputError(f"cannot read: {exc.strerror}", str(terms_dir / name)) from None
            finally:
                os.close(fd)
            out.append((name, data))
    finally:
        os.close(dir_fd)
    return out


def content_hash(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def load_file(where: str, name: str, data: bytes) -> LoadedConcept:
    """One term file as a ``LoadedConcept``: the fast reader, else the full one.

    *where* is the path shown in problems (``glossary/terms/x.yaml``).
    """
    stem = name[: -len(".yaml")]
    try:
        return LoadedConcept(parse_canonical(data.decode("utf-8"), stem), where, {}, [])
    except (UnicodeDecodeError, Unsupported):
        pass
    from .errors import DiplotermError

    try:
        text = _decode(data, where)
    except DiplotermError as exc:
        return LoadedConcept(None, where, {}, [Problem(where, exc.line, exc.message)])
    return read_concept_text(text, where, stem)


def _decode(data: bytes, where: str) -> str:
    """The text of a term file, with the same complaints as ``yamlio.read_text_file``."""
    from .errors import InputError

    if b"\0" in data:
        raise InputError("binary file, not UTF-8 text", where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", where, line) from None


def scan_termbase(project: Project, files: list[tuple[str, bytes]] | None = None) -> Scan:
    """Read (or take) the term files, hash them and parse each one."""
    if files is None:
        files = read_files(project.terms_dir)
    folder = project.relpath(project.terms_dir)
    return Scan([load_file(f"{folder}/{name}", name, data) for name, data in files], content_hash(files))
