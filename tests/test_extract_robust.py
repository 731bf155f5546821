"""extract on arbitrary article-like text: never an internal error, spans always read back."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diploterm.align import extract
from diploterm.corpus import load
from diploterm.lexicon import default_lexicon
from diploterm.termbase import normalize_form

FRAGMENTS = [
    "“acto inamistoso”",
    "«decisión unilateral»",
    '"salvoconducto,"',
    "‘una causa nacional’",
    " (unfriendly act)",
    " — an act of force —",
    ", or diplomatic asylum",
    " the safe-conduct pass",
    "Ministry of the Interior (Segob)",
    "Original article: “El asilo no es un acto inamistoso”: México invoca estándar ONU",
    "México lamenta la ruptura diplomática.",
    " That is, Mexico regrets the diplomatic break.",
    "@SRE_mx https://t.co/x",
    "»in full adherence»",
    "\n",
    "\n\n",
    " ",
    ".",
    "(",
    ")",
    "“",
    "”",
    "Peru’s",
    "known in Spanish as ",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25), st.sampled_from(["a.txt", "a.md", "a.html"]))
def test_extract_never_fails_and_spans_read_back(tmp_path: Path, parts: list[str], name: str) -> None:
    path = tmp_path / name
    path.write_text("".join(parts), encoding="utf-8")
    cands = extract(load([path]), default_lexicon(), min_confidence=0.0)
    raw = path.read_text(encoding="utf-8")
    for c in cands:
        assert 0 <= c.es_span[0] < c.es_span[1] <= len(raw)
        if name == "a.txt":
            assert normalize_form(raw[c.es_span[0] : c.es_span[1]]) == normalize_form(c.es)
            if c.en_span:
                assert normalize_form(raw[c.en_span[0] : c.en_span[1]]) == normalize_form(c.en)
