"""Shared pieces of the parallel benchmarks: the paragraph-joined test documents and scoring."""

from __future__ import annotations

import random
import re
from pathlib import Path

from diploterm.sentences import LineIndex, split_sentences

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PARALLEL = SHARED / "parallel"
_FINAL = re.compile(r"[.;:]$")


def treaty_lines(name: str = "vienna_diplomatic_relations_1961") -> tuple[list[str], list[str]]:
    es = (PARALLEL / f"{name}.es.txt").read_text(encoding="utf-8").splitlines()
    en = (PARALLEL / f"{name}.en.txt").read_text(encoding="utf-8").splitlines()
    assert len(es) == len(en), "the development text must be line-aligned"
    return es, en


def join_paragraphs(lines: list[str], seed: int) -> tuple[str, list[int]]:
    """Join *lines* into paragraphs of 1-5 lines; return the text and each line's start offset.

    Inside a paragraph a line that ends a sentence or clause (. ; :) is followed
    by a space, as in running text; a heading or a recital ending in a comma keeps
    its line break (no sentence splitter can find a boundary after "Article 3 "),
    and paragraphs are separated by a blank line.
    """
    rng = random.Random(seed)
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    left = 0
    for k, line in enumerate(lines):
        if left == 0:
            if k:
                parts.append("\n\n")
                pos += 2
            left = rng.randint(1, 5)
        elif _FINAL.search(lines[k - 1]):
            parts.append(" ")
            pos += 1
        else:
            parts.append("\n")
            pos += 1
        starts.append(pos)
        parts.append(line)
        pos += len(line)
        left -= 1
    return "".join(parts) + "\n", starts


def sentence_lines(text: str, starts: list[int], lang: str):
    """Sentences of *text* and, for each, the set of original lines it covers."""
    import bisect

    sents = split_sentences(text, lang)
    covered = []
    for s in sents:
        first = bisect.bisect_right(starts, s.start) - 1
        last = bisect.bisect_right(starts, s.end - 1) - 1
        covered.append(set(range(first, last + 1)))
    return sents, covered


def link_pairs(links, es_cov, en_cov) -> set[tuple[int, int]]:
    """Line pairs claimed by the links (1-0 / 0-1 links claim none)."""
    pairs: set[tuple[int, int]] = set()
    for es_idx, en_idx in links:
        a = set().union(*(es_cov[i] for i in es_idx)) if es_idx else set()
        b = set().union(*(en_cov[j] for j in en_idx)) if en_idx else set()
        pairs.update((x, y) for x in a for y in b)
    return pairs


def f1(pred: set, gold: set) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def make_case(seed: int, name: str = "vienna_diplomatic_relations_1961", omissions: int = 0):
    """Both texts joined into paragraphs differently; with *omissions*, that many
    lines are also dropped from each side (different lines), as when one version
    lacks a note, a certification or a paragraph. Gold: the pairs of lines kept on both sides."""
    es_lines, en_lines = treaty_lines(name)
    rng = random.Random(seed * 7919)
    dropped = rng.sample(range(len(es_lines)), 2 * omissions)
    es_keep = [i for i in range(len(es_lines)) if i not in dropped[:omissions]]
    en_keep = [i for i in range(len(en_lines)) if i not in dropped[omissions:]]
    es_text, es_starts = join_paragraphs([es_lines[i] for i in es_keep], seed)
    en_text, en_starts = join_paragraphs([en_lines[i] for i in en_keep], seed + 1000)
    es_s, es_cov = sentence_lines(es_text, es_starts, "es")
    en_s, en_cov = sentence_lines(en_text, en_starts, "en")
    # Coverage in original line numbers, so a pair is right when both sides are the same line.
    es_cov = [{es_keep[k] for k in cov} for cov in es_cov]
    en_cov = [{en_keep[k] for k in cov} for cov in en_cov]
    gold = {(i, i) for i in set(es_keep) & set(en_keep)}
    return es_text, en_text, es_s, en_s, es_cov, en_cov, gold


__all__ = ["LineIndex", "f1", "join_paragraphs", "link_pairs", "make_case", "treaty_lines"]
