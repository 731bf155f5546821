"""Lines of a text file someone handed us, with errors that name the line.

Spreadsheets and CAT tools write UTF-8 (with or without BOM) or UTF-16 with a
BOM; anything else (Latin-1 bytes, a binary file, a line megabytes long) is
refused with the file and line, before any of it reaches the termbase.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import IO

from ..errors import InputError

MAX_LINE = 1 << 16
"""Longest line accepted (characters); no glossary row or PO line comes near it."""


def _check(text: str, name: str, lineno: int) -> str:
    if "\0" in text:
        raise InputError("binary file (NUL byte), not a text glossary", name, lineno)
    if len(text) > MAX_LINE:
        raise InputError(f"line is longer than {MAX_LINE} characters; is this really a glossary file?", name, lineno)
    return text


def _raw_lines(fileobj: IO[bytes], prefix: bytes) -> Iterator[bytes]:
    # *prefix* holds the bytes already read to look for a BOM.
    while True:
        if b"\n" in prefix:
            cut = prefix.index(b"\n") + 1
            yield prefix[:cut]
            prefix = prefix[cut:]
            continue
        raw = prefix + fileobj.readline(MAX_LINE * 4 + 1)
        prefix = b""
        if not raw:
            return
        yield raw


def text_lines(fileobj: IO[bytes], name: str) -> Iterator[tuple[int, str]]:
    """``(line number, line with its newline)`` for each line of a UTF-8 or UTF-16 file.

    >>> import io
    >>> list(text_lines(io.BytesIO(b"\\xef\\xbb\\xbfa\\nb"), "x"))
    [(1, 'a\\n'), (2, 'b')]
    """
    head = fileobj.read(8192)
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        data = head + fileobj.read()
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"broken UTF-16 at byte {exc.start}; save the file again as UTF-8", name) from None
        for lineno, line in enumerate(text.splitlines(keepends=True), 1):
            yield lineno, _check(line, name, lineno)
        return
    if b"\0" in head:
        # a NUL in the first block: an image, a spreadsheet, a zip, not text
        line = head[: head.index(b"\0")].count(b"\n") + 1
        raise InputError("binary file (NUL byte), not a text glossary", name, line)
    first = True
    for lineno, raw in enumerate(_raw_lines(fileobj, head), 1):
        if len(raw) > MAX_LINE * 4:
            raise InputError(
                f"line is longer than {MAX_LINE} characters; is this really a glossary file?", name, lineno
            )
        if first and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        first = False
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            if b"\0" in raw:
                raise InputError("binary file (NUL byte), not a text glossary", name, lineno) from None
            raise InputError(
                f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1}); "
                "save the file as UTF-8 (Latin-1 or Windows-1252 text must be converted)",
                name,
                lineno,
            ) from None
        yield lineno, _check(line, name, lineno)
