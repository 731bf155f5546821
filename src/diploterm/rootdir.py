"""Finding the project root with plain ``os.path`` strings.

``glossary lookup`` needs only the root folder; pathlib and the settings module
(dataclasses, YAML) would cost a cold lookup several milliseconds each, so the
search lives here and :func:`diploterm.project.find_root` wraps it.
"""

from __future__ import annotations

import os

from .errors import ProjectError


def find_root_dir(start: str | os.PathLike[str] | None = None) -> str:
    """The nearest folder at or above *start* (default: the working directory) that has ``glossary/``."""
    here = os.path.realpath(start if start is not None else os.getcwd())
    folder = here
    while True:
        if os.path.isdir(os.path.join(folder, "glossary")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    raise ProjectError(
        f"no diploterm project here: no 'glossary/' folder in {here} or above; run inside a project or pass --root DIR"
    )


def resolve_root_dir(root: str | os.PathLike[str] | None = None) -> str:
    """*root*, checked and made absolute, or the root found from the working directory."""
    if root is None:
        return find_root_dir()
    if not os.path.isdir(os.path.join(root, "glossary")):
        raise ProjectError(f"{root} has no 'glossary/' folder; is it a diploterm project?")
    return os.path.realpath(root)
