"""Errors a user can fix: each names the file (and line) and says what to do."""

from __future__ import annotations


class DiplotermError(Exception):
    """A problem with the user's input or project; the CLI prints it and exits 2."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(DiplotermError):
    """A file the user handed us cannot be read (bad XML, encoding, CSV…)."""


class ProjectError(DiplotermError):
    """The project root, its config or its layout is wrong."""
