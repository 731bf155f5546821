"""Property: any concept survives canonical dump -> load unchanged, and dumps to the same bytes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from diploterm.model import STATUSES, Concept, Source, Term
from diploterm.termbase import canonical, concept_to_yaml, read_concept_text

# Text as people type it: any printable characters, but no leading/trailing
# blanks (check refuses those) and no control characters.
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff\x85"),
    min_size=1,
    max_size=40,
).filter(lambda s: s == s.strip() and s.strip())
multiline = st.lists(text, min_size=1, max_size=3).map("\n".join)
terms = st.lists(st.builds(Term, term=text, status=st.sampled_from(STATUSES), note=st.none() | multiline), max_size=4)
spans = st.none() | st.tuples(st.integers(0, 10_000), st.integers(1, 100)).map(lambda t: (t[0], t[0] + t[1]))
sources = st.lists(
    st.builds(Source, doc=text, es_span=spans, en_span=spans, pattern=st.none() | text, ref=st.none() | text),
    max_size=3,
)


@settings(max_examples=200, deadline=None)
@given(
    es=terms,
    en=terms,
    subject=st.none() | text,
    note=st.none() | multiline,
    definition_en=st.none() | multiline,
    sources=sources,
)
def test_concept_roundtrip(es, en, subject, note, definition_en, sources):
    concept = Concept(
        id="x-1",
        es=es,
        en=en,
        subject=subject,
        note=note,
        definition_en=definition_en,
        sources=sources,
        created="2025-11-04T00:00:00Z",
    )
    dumped = concept_to_yaml(concept)
    loaded = read_concept_text(dumped, "x-1.yaml", "x-1")
    assert loaded.concept == canonical(concept), dumped
    assert concept_to_yaml(loaded.concept) == dumped
