"""Reading articles from disk into :class:`~diploterm.model.Document` values.

Plain text is taken as it is. Markdown and HTML lose their markup, but every
character of the stripped text remembers where it came from, so a span found in
the stripped text can be mapped back to the file (:meth:`Article.raw_span`):
``glossary check`` verifies sources against the file as ``Path.read_text`` gives it.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.md"
>>> _ = p.write_text("See **“acto inamistoso”** [here](http://x.org).", encoding="utf-8")
>>> art = read_article(p)
>>> art.doc.text
'See “acto inamistoso” here.'
>>> s, e = art.raw_span((5, 20)); art.raw[s:e]
'acto inamistoso'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import Document, Span

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", *MARKDOWN_SUFFIXES, *HTML_SUFFIXES})
"""What a folder is searched for; a file named on the command line is read whatever its name."""


@dataclass(frozen=True)
class Article:
    """A document plus the file text it was stripped from."""

    doc: Document
    raw: str
    """The file as ``Path.read_text(encoding="utf-8")`` reads it (newlines translated)."""
    offsets: tuple[int, ...] | None = None
    """``offsets[i]`` is where ``doc.text[i]`` stands in :attr:`raw`; ``None``: the same text."""

    def raw_span(self, span: Span) -> Span:
        """*span* of the stripped text as offsets into the file text."""
        if self.offsets is None:
            return span
        start, end = span
        return (self.offsets[start], self.offsets[end - 1] + 1 if end > start else self.offsets[start])


def _strip(raw: str, pattern: re.Pattern[str], keep: str) -> tuple[str, tuple[int, ...]]:
    """Drop every match of *pattern* except its group *keep*; decode HTML entities in what stays."""
    out: list[str] = []
    offsets: list[int] = []
    pos = 0

    def emit(start: int, end: int) -> None:
        for m in re.finditer(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|[^&]+|&", raw[start:end]):
            piece = m.group()
            decoded = html.unescape(piece) if piece.startswith("&") and len(piece) > 1 else piece
            if decoded == piece:
                out.append(piece)
                offsets.extend(range(start + m.start(), start + m.end()))
            else:
                out.append(decoded)
                offsets.extend([start + m.start()] * len(decoded))

    for m in pattern.finditer(raw):
        emit(pos, m.start())
        if m.group(keep) is not None:
            emit(m.start(keep), m.end(keep))
        elif m.group("block") is not None:
            out.append("\n")
            offsets.append(m.start())
        pos = m.end()
    emit(pos, len(raw))
    return "".join(out), tuple(offsets)


_MARKDOWN = re.compile(
    r"(?P<image>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|\[(?P<keep>[^\]\n]*)\]\([^)\n]*\)"
    r"|<https?://[^>\s]+>"
    r"|^[ \t]{0,3}#{1,6}[ \t]+|^[ \t]*>[ \t]?|^[ \t]*[-*+][ \t]+(?=\S)"
    r"|\*{1,3}(?=\S)|(?<=\S)\*{1,3}|(?<![\w\\])_{1,2}(?=\w)|(?<=\w)_{1,2}(?![\w])|`+"
    r"|(?P<block>(?!))",
    re.MULTILINE,
)

_BLOCK_TAGS = "p|div|br|hr|h[1-6]|li|ul|ol|tr|td|th|table|title|blockquote|section|article|header|footer|pre|figcaption"
_HTML = re.compile(
    r"<(?:script|style)\b.*?</(?:script|style)\s*>|<!--.*?-->|<!DOCTYPE[^>]*>"
    rf"|(?P<block></?(?:{_BLOCK_TAGS})\b[^>]*>)"
    r"|<[^>]+>"
    r"|(?P<keep>(?!))",
    re.IGNORECASE | re.DOTALL,
)


def read_article(path: Path, root: Path | None = None) -> Article:
    """Read one article; markup of ``.md``/``.html`` files is stripped.

    Raises :class:`InputError` naming the file for a missing, binary or non-UTF-8 file.
    """
    where = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file; check the path", where) from None
    except IsADirectoryError:
        raise InputError("is a folder, not an article", where) from None
    except OSError as exc:
        raise InputError(f"cannot read it ({exc.strerror})", where) from None
    if b"\0" in data[:8192]:
        raise InputError("is a binary file, not a text article; convert it to UTF-8 text, Markdown or HTML", where)
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"is not UTF-8 (byte {exc.start}); save it as UTF-8", where, line) from None
    # What Path.read_text gives, which is what `glossary check` reads offsets against.
    raw = decoded.replace("\r\n", "\n").replace("\r", "\n")
    rel = _relative(path, root)
    suffix = path.suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        text, offsets = _strip(raw, _MARKDOWN, "keep")
        return Article(Document(rel, text), raw, offsets)
    if suffix in HTML_SUFFIXES:
        text, offsets = _strip(raw, _HTML, "keep")
        return Article(Document(rel, text), raw, offsets)
    return Article(Document(rel, raw), raw, None)


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def article_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the articles (.txt, .md, .html) inside folders named, in sorted order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in TEXT_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise InputError("no such file or folder; check the path", str(path))
    unique = list(dict.fromkeys(found))
    return unique


def load(paths: Iterable[Path], root: Path | None = None) -> list[Article]:
    """Every article under *paths*; documents are named relative to *root* when inside it."""
    return [read_article(p, root) for p in article_paths(paths)]
