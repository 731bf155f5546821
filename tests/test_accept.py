"""glossary accept / reject on a copy of the project: concept files, merges, no spurious rewrites."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from diploterm.accept import accept, load_rejected, reject
from diploterm.check import check_project, has_errors
from diploterm.cli import cli
from diploterm.formats import tmx
from diploterm.model import Candidate, Concept, Source, Term
from diploterm.project import open_project
from diploterm.termbase import concept_to_yaml, load_termbase, save_concept

ROOT = Path(__file__).resolve().parents[1]
SEED_001 = "seeds/001_2ebf3ef7288b0ebb.txt"


@pytest.fixture
def shipped(tmp_path) -> Path:
    """A copy of the project with the shipped termbase."""
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copytree(ROOT / "glossary", root / "glossary")
    return root


@pytest.fixture
def project(shipped) -> Path:
    """The same project with an empty termbase."""
    shutil.rmtree(shipped / "glossary" / "terms")
    (shipped / "glossary" / "terms").mkdir()
    return shipped


def run(root: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--root", str(root), *args], input=input, catch_exceptions=False)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "glossary" / "terms").glob("*.yaml"))}


def test_extract_piped_into_accept_writes_concepts_that_pass_check(project):
    jsonl = run(project, "extract", str(project / "seeds"), "--format", "jsonl").output
    result = run(project, "accept", "-", input=jsonl)
    assert result.exit_code == 0, result.output
    files = snapshot(project)
    assert "acto-inamistoso.yaml" in files and "ruptura-diplomatica.yaml" in files
    concepts = {c.id: c for c in load_termbase(open_project(project))}
    unfriendly = concepts["acto-inamistoso"]
    assert [(t.term, t.status) for t in unfriendly.es] == [("acto inamistoso", "preferred")]
    assert [(t.term, t.status) for t in unfriendly.en] == [("unfriendly act", "preferred")]
    assert unfriendly.sources[0].doc == SEED_001 and unfriendly.sources[0].pattern == "phrase"
    assert unfriendly.created and unfriendly.created == unfriendly.modified
    # SRE has two English names: the second is an admitted variant, not an overwrite.
    sre = concepts["sre"]
    assert sre.preferred("en") is not None
    assert {t.term for t in sre.en} == {"Secretariat of Foreign Relations", "Ministry of Foreign Affairs"}
    assert sorted(t.status for t in sre.en) == ["admitted", "preferred"]
    problems = check_project(open_project(project))
    assert not has_errors(problems), [str(p) for p in problems]
    # The translated title is a segment, not a term: it goes into the memory.
    assert not [name for name in files if name.startswith("el-asilo")]
    units = list(tmx.read(str(open_project(project).memory_path), "es-419", "en-US"))
    title = [u for u in units if u.source.startswith("“El asilo no es un acto inamistoso”")]
    assert len(title) == 1 and title[0].target.startswith("Mexico Asserts That Granting Asylum")
    assert ("x-pattern", "translated-title") in title[0].props


def test_accept_on_the_shipped_glossary_merges_into_its_concepts(shipped):
    project = shipped
    before = {c.id: c for c in load_termbase(open_project(project))}
    result = run(project, "accept", str(project / "seeds"))
    assert result.exit_code == 0, result.output
    after = {c.id: c for c in load_termbase(open_project(project))}
    # Acronyms land in the concept that already lists them, not in a new one.
    assert "sre" not in after and "segob" not in after
    for cid, concept in before.items():
        for lang in ("es", "en"):
            assert after[cid].preferred(lang) == concept.preferred(lang), cid  # never overwritten
    for concept in after.values():  # a place already cited is not cited again under another pattern
        places = [(s.doc, s.es_span, s.en_span) for s in concept.sources]
        assert len(places) == len(set(places)), concept.id
    segob = after["secretaria-de-gobernacion"]
    assert len(segob.sources) >= len(before["secretaria-de-gobernacion"].sources)
    problems = check_project(open_project(project))
    assert not has_errors(problems), [str(p) for p in problems]


def test_accepted_terms_do_not_change_what_extract_finds(project):
    def found() -> set[tuple[str, str]]:
        out = run(project, "extract", str(project / "seeds"), "--format", "jsonl").output
        return {(json.loads(line)["es"], json.loads(line)["en"]) for line in out.splitlines()}

    before = found()
    run(project, "accept", str(project / "seeds"))
    assert found() == before


def test_accepting_again_rewrites_nothing(project):
    run(project, "accept", str(project / "seeds"))
    before = snapshot(project)
    assert before
    result = run(project, "accept", str(project / "seeds"))
    assert result.exit_code == 0
    assert snapshot(project) == before
    assert "unchanged" in result.output  # the summary line (stderr is mixed in by CliRunner)


def test_merge_adds_admitted_variant_and_source_keeps_preferred(project):
    proj = open_project(project)
    existing = Concept(
        id="acto-inamistoso",
        subject="diplomatic-law",
        es=[Term("acto inamistoso", "preferred", pos="noun")],
        en=[Term("act of enmity", "preferred")],
        sources=[Source(ref="UNGA resolution 2312 (XXII)")],
        created="2025-11-04T00:00:00Z",
        modified="2025-11-04T00:00:00Z",
    )
    save_concept(proj, existing)
    result = accept(proj, [_seed_candidate(project, "acto inamistoso", "unfriendly act")], now="2026-01-01T00:00:00Z")
    assert result.updated == ["acto-inamistoso"] and not result.created
    (merged,) = [c for c in load_termbase(proj) if c.id == "acto-inamistoso"]
    assert [(t.term, t.status) for t in merged.en] == [("act of enmity", "preferred"), ("unfriendly act", "admitted")]
    assert merged.subject == "diplomatic-law" and merged.es[0].pos == "noun"
    assert merged.created == "2025-11-04T00:00:00Z" and merged.modified == "2026-01-01T00:00:00Z"
    assert len(merged.sources) == 2
    assert not has_errors(check_project(proj))


def test_match_is_by_normalized_spanish_across_statuses(project):
    proj = open_project(project)
    save_concept(
        proj,
        Concept(
            id="rompimiento-diplomatico",
            es=[Term("rompimiento diplomático", "preferred"), Term("Ruptura  Diplomática", "deprecated")],
            en=[Term("diplomatic break", "preferred")],
            note="seeded by hand",
        ),
    )
    result = accept(
        proj, [_seed_candidate(project, "ruptura diplomática", "diplomatic break")], now="2026-01-01T00:00:00Z"
    )
    assert result.updated == ["rompimiento-diplomatico"] and not result.created
    assert not (project / "glossary" / "terms" / "ruptura-diplomatica.yaml").exists()


def test_accept_select_by_spanish_term(project):
    result = run(project, "accept", str(project / "seeds"), "--es", "Ruptura diplomática")
    assert result.exit_code == 0
    assert list(snapshot(project)) == ["ruptura-diplomatica.yaml"]


def test_bad_jsonl_is_a_clear_error(project):
    result = run(project, "accept", "-", input='{"es": "x"}\nnot json\n')
    assert result.exit_code == 2
    assert "<stdin>:1" in result.output and "missing key" in result.output


def test_reject_writes_sorted_tsv_atomically_and_dedupes(project):
    proj = open_project(project)
    assert reject(proj, [("salvoconducto", "safe-conduct"), ("acto inamistoso", "act of enmity")]) == 2
    assert reject(proj, [("Acto Inamistoso", "act of enmity")]) == 0
    text = (project / "glossary" / "rejected.tsv").read_text(encoding="utf-8")
    assert text == "acto inamistoso\tact of enmity\nsalvoconducto\tsafe-conduct\n"
    assert load_rejected(proj) == [("acto inamistoso", "act of enmity"), ("salvoconducto", "safe-conduct")]
    result = run(project, "reject", "only-one-argument")
    assert result.exit_code == 2


def _seed_candidate(root: Path, es: str, en: str) -> Candidate:
    text = (root / SEED_001).read_text(encoding="utf-8")
    lower = text.lower()
    s = lower.index(es.lower())
    e = lower.index(en.lower())
    return Candidate(es, en, SEED_001, (s, s + len(es)), (e, e + len(en)), "phrase", 0.9)


def test_unchanged_concept_is_canonical(project):
    run(project, "accept", str(project / "seeds"))
    proj = open_project(project)
    for concept in load_termbase(proj):
        path = project / "glossary" / "terms" / f"{concept.id}.yaml"
        assert path.read_text(encoding="utf-8") == concept_to_yaml(concept)
