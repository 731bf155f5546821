"""Read a whole termbase fast: every term file's bytes, one content hash, parsed concepts.

Term files written by :func:`diploterm.termbase.concept_to_yaml` use a small,
regular subset of YAML. :func:`parse_canonical` reads exactly that subset with
string operations, about twenty times faster than PyYAML, which matters when an
index is built over 100 000 files. Anything outside the subset (comments,
double-quoted escapes, anchors, numbers where text is expected, odd indentation)
makes it give up, and the file goes through the full YAML loader and validator
instead, so both roads give the same :class:`~diploterm.model.Concept` and the
same problems.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .project import Project

_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$")
_FLOW_ITEM = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*): ('(?:[^']|'')*'|\[(?:\d+(?:, \d+)*)?\]|[^,\[\]{}'\"]+)(?:, |$)")
_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@`<=")


class Unsupported(Exception):
    """The text is outside the canonical subset; use the full YAML loader."""


def _plain(value: str) -> str:
    if (
        not value
        or value[0] in _PLAIN_START
        or value[0] == " "
        or value[-1] in " :"
        or ": " in value
        or " #" in value
        or "\t" in value
    ):
        raise Unsupported(value)
    # Plain text that YAML reads as null, a bool or a number: the canonical
    # writer quotes such strings, so meeting one plain means a hand edit.
    if value[0] in _MAYBE_TYPED and _resolve(value) in _TYPED_TAGS:
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


class _Parser:
    def __init__(self, text: str) -> None:
        if "\r" in text or "\t" in text or not text.endswith("\n"):
            raise Unsupported("line ends or tabs")
        self.lines = text[:-1].split("\n")
        self.i = 0

    def indent_of(self, line: str) -> int:
        return len(line) - len(line.lstrip(" "))

    def block(self, indent: int) -> Any:
        line = self.lines[self.i]
        if line.startswith("- ", indent):
            return self.sequence(indent)
        return self.mapping(indent)

    def sequence(self, indent: int) -> list[Any]:
        items: list[Any] = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if self.indent_of(line) != indent or not line.startswith("- ", indent):
                break
            rest = line[indent + 2 :]
            if rest.startswith("{"):
                items.append(_flow_mapping(rest))
                self.i += 1
            elif _KEY.match(rest):
                # "- key: value" opens a mapping whose keys sit two columns in.
                self.lines[self.i] = " " * (indent + 2) + rest
                items.append(self.mapping(indent + 2))
            else:
                items.append(self.scalar(rest, indent))
        return items

    def mapping(self, indent: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while self.i < len(self.lines):
            line = self.lines[self.i]
            here = self.indent_of(line)
            if here < indent:
                break
            if here > indent:
                raise Unsupported(line)
            m = _KEY.match(line, indent)
            if not m or m.group(1) in out:
                raise Unsupported(line)
            key, value = m.group(1), m.group(2)
            self.i += 1
            if value is None:
                if self.i >= len(self.lines) or self.indent_of(self.lines[self.i]) != indent + 2:
                    raise Unsupported(line)
                out[key] = self.block(indent + 2)
            else:
                self.i -= 1
                out[key] = self.scalar(value, indent)
        return out

    def scalar(self, value: str, indent: int) -> Any:
        """The scalar on the current line (a block scalar also takes the lines after)."""
        self.i += 1
        if value in ("|", "|-"):
            return self.literal(indent, keep_newline=value == "|")
        if value == "[]":
            return []
        if value[0] in "'\"":
            return _quoted(value)
        if value[0] == "{":
            return _flow_mapping(value)
        return _plain(value)

    def literal(self, indent: int, keep_newline: bool) -> str:
        body: list[str] = []
        inner = None
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line:
                here = self.indent_of(line)
                if inner is None:
                    if here <= indent:
                        break
                    inner = here
                if here < inner:
                    break
                body.append(line[inner:])
            else:
                body.append("")
            self.i += 1
        while body and not body[-1]:
            body.pop()
            self.i -= 1  # trailing blank lines belong to no one; let the caller see them
        if inner is None or not body:
            raise Unsupported("empty block scalar")
        text = "\n".join(body)
        return text + "\n" if keep_newline else text


def parse_canonical(text: str) -> dict[str, Any]:
    """The data of a term file in canonical form, as the YAML loader would give it.

    >>> parse_canonical("id: x\\nes:\\n  - term: 'no'\\n    status: preferred\\nen: []\\n")
    {'id': 'x', 'es': [{'term': 'no', 'status': 'preferred'}], 'en': []}
    >>> parse_canonical("id: x # a comment\\n")
    Traceback (most recent call last):
    ...
    diploterm.termscan.Unsupported: x # a comment
    """
    parser = _Parser(text)
    if not parser.lines or parser.lines[0].startswith(" "):
        raise Unsupported("not a mapping")
    data = parser.mapping(0)
    if parser.i != len(parser.lines):
        raise Unsupported(parser.lines[parser.i])
    return data


@dataclass
class Scan:
    """Every term file of a termbase, read once."""

    concepts: list  # list[termbase.LoadedConcept], sorted by file name
    content_hash: str
    """Equal to :func:`diploterm.termbase.termbase_hash` of the same files."""


def read_files(terms_dir: Path) -> list[tuple[str, bytes]]:
    """``(file name, bytes)`` of every ``*.yaml`` term file, sorted by name."""
    try:
        names = sorted(n for n in os.listdir(terms_dir) if n.endswith(".yaml"))
    except FileNotFoundError:
        return []
    out = []
    # One open/read/close per file, relative to the folder: on slow file
    # systems the path walk of Path.read_bytes() costs as much as the parse.
    dir_fd = os.open(terms_dir, os.O_RDONLY)
    try:
        for name in names:
            try:
                fd = os.open(name, os.O_RDONLY, dir_fd=dir_fd)
            except (FileNotFoundError, IsADirectoryError):
                continue
            try:
                chunks = []
                while chunk := os.read(fd, 1 << 16):
                    chunks.append(chunk)
            finally:
                os.close(fd)
            out.append((name, b"".join(chunks)))
    finally:
        os.close(dir_fd)
    return out


def content_hash(files: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def load_file(project: Project, name: str, data: bytes):
    """One term file as a ``LoadedConcept``: the fast reader, else the full one."""
    from .termbase import LoadedConcept, _Reader, read_concept_text

    path = project.terms_dir / name
    where = project.relpath(path)
    stem = name[: -len(".yaml")]
    try:
        text = data.decode("utf-8")
        parsed = parse_canonical(text)
    except (UnicodeDecodeError, Unsupported):
        pass
    else:
        reader = _Reader(where, {})
        concept = reader.concept(parsed, stem)
        if not reader.problems:
            return LoadedConcept(concept, where, {}, [])
        # Fall through: the full reader gives the problems with line numbers.
    from .errors import DiplotermError
    from .termbase import Problem

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
    return Scan([load_file(project, name, data) for name, data in files], content_hash(files))
