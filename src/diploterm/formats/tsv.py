"""OmegaT's tab-separated glossary: ``source<TAB>target<TAB>comment``, UTF-8.

One line per Spanish term, with the preferred English rendering as target and
the status and other renderings in the comment, which OmegaT shows beside the
match. Tabs and newlines inside fields are folded to spaces: the format has no
escaping.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from ..model import Concept


def _field(text: str) -> str:
    return " ".join(text.split())


def write(fileobj: IO[str], concepts: Iterable[Concept]) -> int:
    """Write the OmegaT glossary lines for *concepts*; return how many."""
    written = 0
    for concept in concepts:
        target = concept.preferred("en")
        if target is None:
            continue
        others = [t for t in concept.exported_terms("en") if t is not target]
        for term in concept.exported_terms("es"):
            comment = [term.status if term.status != "deprecated" else "DEPRECATED Spanish form"]
            if others:
                comment.append("also: " + ", ".join(f"{t.term} ({t.status})" for t in others))
            comment.append(concept.id)
            fileobj.write(f"{_field(term.term)}\t{_field(target.term)}\t{_field('; '.join(comment))}\n")
            written += 1
    return written
