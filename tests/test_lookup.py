"""glossary lookup: the example queries of issue #6 on the shipped glossary, output, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from click.testing import CliRunner

from diploterm.cli import cli
from diploterm.lookup import KINDS, add_examples, fold, search
from diploterm.project import open_project

REPO = Path(__file__).resolve().parents[1]


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), "lookup", *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """A copy of the shipped glossary (its index is built once for the module)."""
    import shutil

    root = tmp_path_factory.mktemp("shipped")
    for name in ("glossary", "tmx"):
        shutil.copytree(REPO / name, root / name)
    return root


@pytest.mark.parametrize(
    ("query", "concept", "kind"),
    [
        ("acto inamistoso", "acto-inamistoso", "exact"),
        ("unfriendly act", "acto-inamistoso", "exact"),
        ("Acto Inamistoso", "acto-inamistoso", "folded"),
        ("acto inamistóso", "acto-inamistoso", "folded"),
        ("actos inamistosos", "acto-inamistoso", "lemma"),
        ("unfriendly acts", "acto-inamistoso", "lemma"),
        ("salvoconducto", "salvoconducto", "exact"),
        ("Salvoconducto", "salvoconducto", "folded"),
        ("salvoconductos", "salvoconducto", "lemma"),
        ("safe-conducts", "salvoconducto", "lemma"),
        ("misiones diplomáticas", "mision-diplomatica", "lemma"),
        ("misiones diplomaticas", "mision-diplomatica", "lemma"),
        ("safe passage", "salvoconducto", "exact"),
        ("salvocondcto", "salvoconducto", "fuzzy"),
        ("inamistoso", "acto-inamistoso", "substring"),
        ("asilo diplomatico", "asilo-diplomatico", "folded"),
        ("persona non grata", "persona-non-grata", "exact"),
        ("SRE", "secretaria-de-relaciones-exteriores", "exact"),
        ("Segob", "secretaria-de-gobernacion", "exact"),
    ],
)
def test_issue_examples_find_the_concept_first(shipped, query, concept, kind):
    hits = search(open_project(shipped), query)
    assert hits, query
    assert (hits[0].concept_id, hits[0].kind) == (concept, kind)


def test_a_hit_carries_every_term_with_status_and_a_source(shipped):
    hit = search(open_project(shipped), "acto inamistoso")[0]
    assert [t.term for t in hit.es] == ["acto inamistoso"]
    assert [(t.term, t.status) for t in hit.en] == [
        ("unfriendly act", "preferred"),
        ("act of unfriendly intent", "admitted"),
        ("act of enmity", "deprecated"),
    ]
    assert hit.matched == "acto inamistoso" and hit.lang == "es" and hit.score == 100
    assert hit.source is not None and (hit.source.doc or hit.source.ref)


def test_a_root_folder_will_do_for_a_project(shipped):
    assert [h.concept_id for h in search(shipped, "salvoconductos", limit=1)] == ["salvoconducto"]


def test_hits_are_ranked_by_kind_then_score(shipped):
    hits = search(open_project(shipped), "asilo", limit=20)
    assert len(hits) > 3
    order = [(KINDS.index(h.kind), -h.score) for h in hits]
    assert order == sorted(order)
    assert len({h.concept_id for h in hits}) == len(hits)
    assert all("asilo" in fold(h.matched) or "asylum" in fold(h.matched) for h in hits)


def test_lang_limits_the_direction(shipped):
    assert search(open_project(shipped), "unfriendly act", lang="es") == []
    hits = search(open_project(shipped), "persona non grata", lang="en")
    assert hits[0].lang == "en"


def test_exact_keeps_whole_terms_only(shipped):
    project = open_project(shipped)
    assert search(project, "actos inamistosos", exact=True) == []
    assert search(project, "inamistoso", exact=True) == []
    assert search(project, "salvocondcto", exact=True) == []
    assert [h.kind for h in search(project, "SALVOCONDUCTO", exact=True)] == ["folded"]


def test_cli_plain_text_when_piped(shipped):
    result = run(shipped, "actos", "inamistosos")
    assert result.exit_code == 0
    first = result.output.splitlines()[0]
    assert first.startswith("acto-inamistoso  lemma 90")
    assert "act of enmity" in result.output and "deprecated" in result.output
    # preferred terms are listed before the others of their language
    assert result.output.index("unfriendly act ") < result.output.index("act of enmity")


def test_cli_json(shipped):
    result = run(shipped, "salvocondcto", "--json")
    assert result.exit_code == 0
    hits = json.loads(result.output)
    assert hits[0]["concept"] == "salvoconducto"
    assert hits[0]["match"] == "fuzzy" and 80 <= hits[0]["score"] < 100
    assert hits[0]["matched"] == "salvoconducto"
    assert {"term": "safe passage", "status": "admitted"} in hits[0]["terms"]["en"]
    assert set(hits[0]) >= {"concept", "matched", "lang", "match", "score", "terms", "source"}


def test_cli_limit(shipped):
    result = run(shipped, "asilo", "--json", "--limit", "2")
    assert len(json.loads(result.output)) == 2


def test_cli_exit_codes(shipped, tmp_path):
    none = run(shipped, "zzzqqqxxx")
    assert none.exit_code == 1
    assert json.loads(run(shipped, "zzzqqqxxx", "--json").output) == []
    assert run(shipped, " ").exit_code == 2
    assert run(shipped).exit_code == 2
    assert run(shipped, "x", "--limit", "0").exit_code == 2
    assert run(shipped, "x", "--lang", "fr").exit_code == 2
    bad = run(tmp_path, "x")
    assert bad.exit_code == 2 and "glossary/" in bad.output and "Traceback" not in bad.output


def test_examples_come_from_the_memory(shipped):
    result = run(shipped, "asilo político", "--json", "--examples", "--limit", "1")
    hit = json.loads(result.output)[0]
    assert hit["concept"] == "asilo-politico"
    assert hit["examples"]
    for example in hit["examples"]:
        assert "asilo politico" in fold(example["es"]) or "political asylum" in fold(example["en"])
    project = open_project(shipped)
    plain = add_examples(project, search(project, "asilo político", limit=1))[0]
    assert [u.source for u in plain.examples] == [e["es"] for e in hit["examples"]]


def test_rich_table_for_terminals(shipped):
    from rich.console import Console

    from diploterm.lookup_view import rich_table

    console = Console(file=StringIO(), width=200, color_system=None)
    console.print(rich_table(search(open_project(shipped), "acto inamistoso")))
    out = console.file.getvalue()
    assert "acto-inamistoso" in out and "act of enmity (deprecated, avoid)" in out and "exact 100" in out


def test_cold_lookup_imports_nothing_heavy(shipped):
    search(open_project(shipped), "x")  # the index exists: this run only looks up
    code = (
        "import sys\n"
        "from diploterm.cli import main\n"
        f"sys.argv = ['glossary', '--root', {str(shipped)!r}, 'lookup', 'actos', 'inamistosos']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "acto-inamistoso" in result.stdout
    modules = set(result.stderr.split())
    for heavy in ("yaml", "lxml", "rich", "babel", "simplemma", "rapidfuzz", "json", "diploterm.lookup_build"):
        assert heavy not in modules, heavy


def test_lookup_languages_are_the_model_languages():
    # lookup repeats them so that a cold lookup need not import the model
    from diploterm import lookup, model

    assert lookup.LANGS == model.LANGS


def test_word_index_finds_what_a_full_scan_finds(shipped, monkeypatch):
    from diploterm import lookup

    project = open_project(shipped)
    queries = set()
    for path in (shipped / "glossary" / "terms").glob("*.yaml"):
        for line in path.read_text().splitlines():
            if line.startswith("  - term: "):
                words = fold(line[10:].strip("'")).split()
                queries.update(words)
                queries.update(w[:4] for w in words)
                queries.update(w[1:-1] for w in words if len(w) > 4)
                queries.update(" ".join(words[i : i + 2]) for i in range(len(words) - 1))
    assert len(queries) > 100

    def results() -> dict[str, list]:
        return {
            q: [(h.concept_id, h.kind, h.score, h.matched) for h in search(project, q, limit=50)]
            for q in sorted(queries)
        }

    indexed = results()
    monkeypatch.setattr(lookup, "MAX_CANDIDATES", -1)  # every query scans all terms
    assert results() == indexed
    assert sum(1 for hits in indexed.values() for h in hits if h[1] == "substring") > 100
