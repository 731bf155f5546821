"""The fast reader of canonical term files gives what the full YAML reader gives."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diploterm.model import STATUSES, Concept, Source, Term
from diploterm.termbase import concept_to_yaml, read_concept_text
from diploterm.termscan import Unsupported, load_file, parse_canonical

WHERE = "glossary/terms/c.yaml"

# Text with the characters that make YAML quote or re-type a scalar.
tricky = st.one_of(
    st.sampled_from(["no", "yes", "null", "~", "1987", "1.5", "2025-01-01", "a: b", "a #b", "'q'", '"dq"', "-x"]),
    st.text(alphabet=string.ascii_letters + "áéíóúñ '\":#-[]{},|>&*!%@`0123456789.\n", min_size=1, max_size=20),
)
term_text = tricky.map(str.strip).filter(bool)
terms = st.lists(
    st.builds(
        Term,
        term=term_text,
        status=st.sampled_from(STATUSES),
        pos=st.none() | st.sampled_from(["noun", "verb"]),
        note=st.none() | term_text,
    ),
    min_size=1,
    max_size=3,
)
sources = st.lists(
    st.one_of(
        st.builds(Source, ref=term_text),
        st.builds(
            Source,
            doc=st.just("seeds/001_x.txt"),
            es_span=st.tuples(st.integers(0, 50), st.integers(51, 99)),
            pattern=st.none() | st.just("manual"),
        ),
    ),
    max_size=3,
)
concepts = st.builds(
    Concept,
    id=st.just("c"),
    es=terms,
    en=terms,
    subject=st.none() | st.just("diplomatic-law"),
    definition_es=st.none() | term_text,
    note=st.none() | term_text,
    sources=sources,
    created=st.none() | st.just("2026-01-01T00:00:00Z"),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(concepts)
def test_canonical_files_read_the_same_both_ways(concept):
    text = concept_to_yaml(concept)
    full = read_concept_text(text, WHERE, "c")
    fast = load_file(WHERE, "c.yaml", text.encode())
    assert (fast.concept, fast.problems) == (full.concept, full.problems)
    try:
        parsed = parse_canonical(text, "c")
    except Unsupported:
        return
    assert parsed == full.concept


def test_plain_canonical_files_take_the_fast_road():
    concept = Concept(
        id="acto-inamistoso",
        es=[Term("acto inamistoso", pos="noun")],
        en=[Term("unfriendly act"), Term("act of enmity", "deprecated", note="seen in seed 003")],
        subject="diplomatic-law",
        sources=[Source(ref="UN, res. 2312 (XXII)"), Source(doc="seeds/001.txt", es_span=(1, 5), pattern="manual")],
        created="2026-01-01T00:00:00Z",
    )
    assert parse_canonical(concept_to_yaml(concept), "acto-inamistoso") == concept


GOOD = "id: c\nes:\n  - term: asilo\n    status: preferred\nen:\n  - term: asylum\n    status: preferred\n"


@pytest.mark.parametrize(
    "text",
    [
        GOOD,
        GOOD.replace("id: c", "id: d"),  # id does not match the file name
        GOOD.replace("status: preferred\nen", "status: prefered\nen"),  # unknown status
        GOOD.replace("asilo", "asilo # comment"),
        GOOD.replace("en:\n", "en:\n  # English\n"),
        GOOD + "sources:\n  - {doc: x.txt, es_span: [5, 2]}\n",  # bad span
        GOOD + "sources:\n  - {pattern: manual}\n",  # neither doc nor ref
        GOOD + "note: |-\n  two\n  lines\n",
        GOOD + "colour: blue\n",  # unknown key
        GOOD + "id: c\n",  # a key twice
        GOOD.replace("  - term: asylum\n    status: preferred\n", ""),  # no English terms
        GOOD.replace("asylum", "'asylum '"),  # trailing space
        GOOD.replace("asylum", "1987"),  # a number, not text
        GOOD.replace("\n", "\r\n"),
        "\ufeff" + GOOD,
        "es: [\n",
        "",
    ],
)
def test_hand_edited_and_invalid_files_get_the_full_readers_verdict(text):
    fast = load_file(WHERE, "c.yaml", text.encode())
    if text.startswith("\ufeff"):
        text = text[1:]  # the full reader drops a byte order mark when it decodes
    full = read_concept_text(text, WHERE, "c")
    assert (fast.concept, fast.problems) == (full.concept, full.problems)


def test_undecodable_bytes_are_a_problem_not_a_crash():
    loaded = load_file(WHERE, "c.yaml", b"id: c\nes: \xff\n")
    assert loaded.concept is None
    assert "not UTF-8" in loaded.problems[0].message and loaded.problems[0].line == 2


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(concepts)
def test_index_material_is_the_same_from_parts_or_from_the_concept(concept):
    from diploterm.lookup_build import concept_entry, materials_of, parts_entry
    from diploterm.termscan import canonical_parts

    text = concept_to_yaml(concept)
    try:
        parts = canonical_parts(text, "c")
    except Unsupported:
        return
    assert parts_entry(parts) == concept_entry(parse_canonical(text, "c"))
    assert materials_of([parts_entry(parts)]) == materials_of([concept_entry(parse_canonical(text, "c"))])


def test_scanning_the_shipped_glossary_equals_the_full_reader(project_copy):
    from diploterm.project import open_project
    from diploterm.termbase import read_concepts, termbase_hash
    from diploterm.termscan import scan_termbase

    project = open_project(project_copy)
    (project.terms_dir / "hand-edited.yaml").write_text("id: hand-edited  # by hand\nes: [asilo]\nen: [asylum]\n")
    scan = scan_termbase(project)
    full = list(read_concepts(project))
    assert [(c.concept, c.problems) for c in scan.concepts] == [(c.concept, c.problems) for c in full]
    assert scan.content_hash == termbase_hash(project)
    assert len(full) > 30
