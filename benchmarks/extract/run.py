"""Score `glossary extract` against gold pairs: precision, recall and F1 per set.

Usage (from the project root, with diploterm installed):

    python benchmarks/extract/run.py                 # every set: dev, heldout … heldout40
    python benchmarks/extract/run.py heldout -v      # one set, with misses and false pairs
    python benchmarks/extract/run.py --min-confidence 0.6

Each set is a folder of articles plus gold.jsonl: one {"doc", "es", "en"} per line, doc being
the article's file name. A predicted pair matches a gold pair of the same document when both
sides are equal after normalization: Unicode NFKC, accents folded, case folded, hyphens and
quote marks and edge punctuation dropped, spaces collapsed, and a leading article or
determiner removed (es: el, la, los, las, un, una, unos, unas, lo; en: the, a, an). Each gold
pair matches at most one prediction. Precision = matched predictions / predictions;
recall = matched gold / gold; F1 their harmonic mean (micro-averaged over the set).

See README.md beside this script for how the sets were written and their first-look scores.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

from diploterm.align import DEFAULT_MIN_CONFIDENCE, extract
from diploterm.corpus import load
from diploterm.lexicon import default_lexicon

HERE = Path(__file__).resolve().parent
SETS = sorted(
    (d.name for d in HERE.iterdir() if (d / "gold.jsonl").is_file()),
    key=lambda name: (name != "dev", int(re.sub(r"\D", "", name) or 1)),
)
LEADS = {"es": {"el", "la", "los", "las", "un", "una", "unos", "unas", "lo"}, "en": {"the", "a", "an"}}


def normalize(text: str, lang: str) -> str:
    """How both sides of a pair are compared.

    >>> normalize("“El asilo-diplomático,”", "es")
    'asilo diplomatico'
    """
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[-‐‑–—]", " ", text)
    text = re.sub(r"[“”\"«»„‘’'`]", "", text)
    words = re.sub(r"[^\w\s]", " ", text).split()
    while words and words[0] in LEADS[lang]:
        words = words[1:]
    return " ".join(words)


def score(set_dir: Path, min_confidence: float, verbose: bool) -> tuple[int, int, int]:
    gold = [
        json.loads(line) for line in (set_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    articles = load([set_dir])
    preds = extract(articles, default_lexicon(), min_confidence=min_confidence)
    remaining = [(g["doc"], normalize(g["es"], "es"), normalize(g["en"], "en"), g) for g in gold]
    matched = 0
    false_pairs = []
    for p in preds:
        key = (Path(p.doc).name, normalize(p.es, "es"), normalize(p.en, "en"))
        hit = next((r for r in remaining if r[:3] == key), None)
        if hit:
            remaining.remove(hit)
            matched += 1
        else:
            false_pairs.append(p)
    if verbose:
        for p in false_pairs:
            print(f"  false  {Path(p.doc).name}: {p.es!r} -> {p.en!r} ({p.pattern}, {p.confidence})")
        for r in remaining:
            print(f"  missed {r[0]}: {r[3]['es']!r} -> {r[3]['en']!r}")
    return matched, len(preds), len(gold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sets",
        nargs="*",
        default=SETS,
        help="set folders under benchmarks/extract/ (default: every one)",
    )
    parser.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE)
    parser.add_argument("-v", "--verbose", action="store_true", help="list false pairs and missed gold pairs")
    args = parser.parse_args(argv)
    rows = []
    for name in args.sets:
        if args.verbose:
            print(f"{name}:")
        m, npred, ngold = score(HERE / name, args.min_confidence, args.verbose)
        p = m / npred if npred else 0.0
        r = m / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        rows.append((name, ngold, npred, m, p, r, f))
    print(f"{'set':<10} {'gold':>5} {'pred':>5} {'match':>5} {'P':>6} {'R':>6} {'F1':>6}")
    for name, ngold, npred, m, p, r, f in rows:
        print(f"{name:<10} {ngold:>5} {npred:>5} {m:>5} {p:>6.3f} {r:>6.3f} {f:>6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
