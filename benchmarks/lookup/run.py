"""Benchmark `glossary lookup` on a generated termbase of 100 000 concepts.

    python benchmarks/lookup/run.py [--concepts N] [--runs R] [--dir DIR]

Generates N concept files (plus the shipped glossary, so real terms are there)
in canonical form, a TSV export of them, builds the lookup index, then times
cold lookups, each in a new process, beside `python -c pass` and `grep -i` on
the TSV, and prints a table. Targets: median cold lookup <= 100 ms including
interpreter start; index build <= 10 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

NOUNS = [
    ("acuerdo", "agreement"),
    ("tratado", "treaty"),
    ("convenio", "convention"),
    ("comisión", "commission"),
    ("consejo", "council"),
    ("misión", "mission"),
    ("consulado", "consulate"),
    ("delegación", "delegation"),
    ("protocolo", "protocol"),
    ("declaración", "declaration"),
    ("resolución", "resolution"),
    ("cumbre", "summit"),
    ("negociación", "negotiation"),
    ("sanción", "sanction"),
    ("frontera", "border"),
    ("inmunidad", "immunity"),
    ("extradición", "extradition"),
    ("mediación", "mediation"),
    ("arbitraje", "arbitration"),
    ("ratificación", "ratification"),
    ("enmienda", "amendment"),
    ("reserva", "reservation"),
    ("notificación", "notification"),
    ("comunicado", "communiqué"),
    ("memorando", "memorandum"),
    ("grupo de trabajo", "working group"),
    ("mecanismo", "mechanism"),
    ("programa", "programme"),
    ("fondo", "fund"),
    ("régimen", "regime"),
    ("diálogo", "dialogue"),
    ("foro", "forum"),
    ("estatuto", "statute"),
    ("reglamento", "regulation"),
    ("disputa", "dispute"),
    ("plan de acción", "action plan"),
    ("visita de Estado", "state visit"),
    ("carta", "charter"),
    ("canje de notas", "exchange of notes"),
    ("tribunal", "tribunal"),
]
ADJECTIVES = [
    ("bilateral", "bilateral"),
    ("multilateral", "multilateral"),
    ("regional", "regional"),
    ("consular", "consular"),
    ("diplomático", "diplomatic"),
    ("económico", "economic"),
    ("comercial", "commercial"),
    ("militar", "military"),
    ("humanitario", "humanitarian"),
    ("permanente", "permanent"),
    ("temporal", "temporary"),
    ("especial", "special"),
    ("general", "general"),
    ("internacional", "international"),
    ("nacional", "national"),
    ("federal", "federal"),
    ("electoral", "electoral"),
    ("migratorio", "migration"),
    ("fronterizo", "border"),
    ("judicial", "judicial"),
    ("interamericano", "inter-American"),
    ("marítimo", "maritime"),
    ("aduanero", "customs"),
    ("financiero", "financial"),
    ("ambiental", "environmental"),
    ("energético", "energy"),
    ("técnico", "technical"),
    ("cultural", "cultural"),
    ("sanitario", "health"),
    ("parlamentario", "parliamentary"),
]
COMPLEMENTS = [
    ("paz", "peace"),
    ("seguridad", "security"),
    ("derechos humanos", "human rights"),
    ("comercio", "trade"),
    ("migración", "migration"),
    ("asilo", "asylum"),
    ("refugiados", "refugees"),
    ("pesca", "fisheries"),
    ("energía", "energy"),
    ("inversiones", "investment"),
    ("cooperación", "cooperation"),
    ("desarme", "disarmament"),
    ("narcotráfico", "drug trafficking"),
    ("límites", "boundaries"),
    ("aguas", "waters"),
    ("navegación", "navigation"),
    ("extradición", "extradition"),
    ("transporte aéreo", "air transport"),
    ("telecomunicaciones", "telecommunications"),
    ("salud", "health"),
    ("educación", "education"),
    ("turismo", "tourism"),
    ("agricultura", "agriculture"),
    ("minería", "mining"),
    ("hidrocarburos", "hydrocarbons"),
    ("México", "Mexico"),
    ("Honduras", "Honduras"),
    ("Guatemala", "Guatemala"),
    ("Ecuador", "Ecuador"),
    ("Perú", "Peru"),
    ("Bolivia", "Bolivia"),
    ("Colombia", "Colombia"),
    ("Venezuela", "Venezuela"),
    ("Nicaragua", "Nicaragua"),
    ("Panamá", "Panama"),
    ("Cuba", "Cuba"),
    ("Chile", "Chile"),
    ("Argentina", "Argentina"),
    ("Brasil", "Brazil"),
    ("Uruguay", "Uruguay"),
]
SUBJECTS = ["diplomatic-law", "diplomatic-relations", "institutions", "international-law", "politics"]


def generate_terms(count: int, seed: int = 6) -> list[tuple[str, str]]:
    """*count* distinct (Spanish, English) term pairs, the same for the same seed."""
    rng = random.Random(seed)
    pairs: dict[str, str] = {}
    while len(pairs) < count:
        (n_es, n_en), (a_es, a_en), (c_es, c_en) = rng.choice(NOUNS), rng.choice(ADJECTIVES), rng.choice(COMPLEMENTS)
        year = rng.randrange(1945, 2026)
        es, en = f"{n_es} {a_es} de {c_es} de {year}", f"{year} {a_en} {c_en} {n_en}"
        pairs.setdefault(es, en)
    return sorted(pairs.items())


def concept_text(cid: str, es: str, en: str, i: int) -> str:
    """The canonical file text of one generated concept (checked against concept_to_yaml)."""
    lines = [f"id: {cid}", f"subject: {SUBJECTS[i % len(SUBJECTS)]}", "es:", f"  - term: {es}", "    status: preferred"]
    lines += ["en:", f"  - term: {en}", "    status: preferred"]
    if i % 3 == 0:
        lines += [f"  - term: {en.replace(' of ', ' on ')} accord", "    status: admitted"]
    if i % 10 == 0:
        lines += [f"  - term: {en} pact", "    status: deprecated"]
    start = (i * 37) % 5000
    lines += [
        "sources:",
        f"  - {{doc: corpus/gen-{i % 997:03d}.txt, es_span: [{start}, {start + len(es)}], pattern: generated}}",
        "created: '2026-01-01T00:00:00Z'",
    ]
    return "\n".join(lines) + "\n"


def make_termbase(root: Path, count: int) -> Path:
    """Write the generated termbase (and the shipped one) under *root*; return the TSV export."""
    from diploterm.termbase import concept_to_yaml, slugify
    from diploterm.termscan import load_file, parse_canonical

    terms_dir = root / "glossary" / "terms"
    terms_dir.mkdir(parents=True)
    shutil.copy(REPO / "glossary" / "config.yaml", root / "glossary" / "config.yaml")
    for path in sorted((REPO / "glossary" / "terms").glob("*.yaml")):
        shutil.copy(path, terms_dir / path.name)
    tsv = root / "glossary" / "diploterm.tsv"
    with open(tsv, "w", encoding="utf-8") as out:
        for i, (es, en) in enumerate(generate_terms(count)):
            cid = f"{slugify(es)}-g{i}"
            text = concept_text(cid, es, en, i)
            if i < 300:  # the template must be exactly what `glossary add` would write
                loaded = load_file(f"glossary/terms/{cid}.yaml", f"{cid}.yaml", text.encode())
                assert not loaded.problems, loaded.problems
                assert concept_to_yaml(loaded.concept) == text, text
                parse_canonical(text, cid)  # read by the fast road
            (terms_dir / f"{cid}.yaml").write_text(text, encoding="utf-8")
            out.write(f"{es}\t{en}\tpreferred; {cid}\n")
    return tsv


def timed(cmd: list[str], runs: int, env: dict[str, str]) -> list[tuple[float, float]]:
    """(wall ms, CPU ms) of *runs* runs of *cmd*, each a new process.

    CPU time (user + system of the process and its children) is what a busy
    machine does not inflate much; wall time is what the user waits.
    """
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        _, _, usage = os.wait4(proc.pid, 0)
        proc.returncode = 0
        wall = (time.perf_counter() - start) * 1000
        times.append((wall, (usage.ru_utime + usage.ru_stime) * 1000))
    return times


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) used so far by this process, and by it and its children."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    mine = own.ru_utime + own.ru_stime
    return mine, mine + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concepts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7, help="cold runs per query (default 7)")
    parser.add_argument("--builds", type=int, default=3, help="index builds from scratch, median reported (default 3)")
    parser.add_argument("--dir", type=Path, help="keep the generated project here (default: a temporary folder)")
    args = parser.parse_args()

    base = args.dir or Path(tempfile.mkdtemp(prefix="diploterm-bench-"))
    root = base / "proj"
    if root.exists():
        shutil.rmtree(root)
    glossary = shutil.which("glossary", path=str(Path(sys.executable).parent)) or "glossary"
    env = dict(os.environ)
    print(f"generating {args.concepts} concepts in {root} …", flush=True)
    start = time.perf_counter()
    tsv = make_termbase(root, args.concepts)
    files = len(list((root / "glossary" / "terms").iterdir()))
    print(f"  {files} term files in {time.perf_counter() - start:.1f} s", flush=True)

    # Byte-compiled modules are part of any installed package; make sure ours exist
    # (PYTHONDONTWRITEBYTECODE in the environment would otherwise recompile each run).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src")], check=True)

    from diploterm.lookup import open_index
    from diploterm.project import open_project

    # Wall time of a build depends on how much of the CPUs other jobs leave it, so
    # CPU time is reported too: in all processes (what a busy machine must find),
    # and in this one alone (the workers overlap it: about the wall time of a build
    # on an idle machine with two cores).
    builds = []
    for _ in range(max(1, args.builds)):
        start, (main_start, all_start) = time.perf_counter(), cpu_seconds()
        open_index(open_project(root), rebuild=True).index.close()
        main_end, all_end = cpu_seconds()
        builds.append((time.perf_counter() - start, all_end - all_start, main_end - main_start))
    build_s = statistics.median(wall for wall, _, _ in builds)
    build_cpu = statistics.median(cpu for _, cpu, _ in builds)
    build_main_cpu = statistics.median(cpu for _, _, cpu in builds)
    build_spread = f"{min(b[0] for b in builds):.1f}-{max(b[0] for b in builds):.1f} s"
    index_files = list((root / ".cache" / "diploterm").glob("lookup-*.idx"))
    index_mb = sum(p.stat().st_size for p in index_files) / 1e6

    # a phrase that occurs inside generated terms ("tratado bilateral de paz de 1987")
    generated = generate_terms(args.concepts)
    sample_es = generated[len(generated) // 2][0]
    phrase = sample_es.rsplit(" de ", 1)[0]
    queries = [
        ("salvoconducto", "exact"),
        ("Salvoconducto", "folded"),
        ("acto inamistóso", "folded"),
        ("actos inamistosos", "lemma"),
        ("unfriendly acts", "lemma"),
        ("salvoconductos", "lemma"),
        (phrase, "substring"),
        ("salvocondcto", "fuzzy"),
    ]
    baselines = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("python -c 'import click'", [sys.executable, "-c", "import click"]),
        ("python -c 'import diploterm.cli' (other glossary commands)", [sys.executable, "-c", "import diploterm.cli"]),
    ]
    lookups = []
    for query, kind in queries:
        cmd = [glossary, "--root", str(root), "lookup", *query.split()]
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        first = result.stdout.splitlines()[0] if result.stdout else "(no hit)"
        lookups.append((f"glossary lookup {query}", f"{kind}: {first.split('  ')[0]}", cmd))
    greps = [["grep", "-i", query, str(tsv)] for query, _ in queries]
    # Round robin: every command once per round, so that a machine getting
    # faster or slower during the run (other jobs, throttling) affects all alike.
    times: dict[str, list[tuple[float, float]]] = {}
    for _ in range(args.runs):
        for name, cmd in baselines:
            times.setdefault(name, []).extend(timed(cmd, 1, env))
        for name, _, cmd in lookups:
            times.setdefault(name, []).extend(timed(cmd, 1, env))
        for cmd in greps:
            times.setdefault("grep", []).extend(timed(cmd, 1, env))
    all_lookups = [t for name, _, _ in lookups for t in times[name]]
    rows = [(name, "", times[name]) for name, _ in baselines]
    rows += [(name, note, times[name]) for name, note, _ in lookups]
    rows.append(("grep -i QUERY diploterm.tsv (all queries)", "", times["grep"]))
    rows.append(("glossary lookup (all queries)", "", all_lookups))

    print()
    print(
        f"termbase: {files} term files; index build (median of {len(builds)}) {build_s:.1f} s wall ({build_spread}; "
        f"target <= 10 s), {build_cpu:.1f} s CPU in all, {build_main_cpu:.1f} s in the main process; "
        f"index {index_mb:.1f} MB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"{'command':<56} {'median':>8} {'min':>8} {'CPU med':>8}  runs  first hit")
    for name, note, times in rows:
        walls = [w for w, _ in times]
        cpus = [c for _, c in times]
        print(
            f"{name[:56]:<56} {statistics.median(walls):6.1f}ms {min(walls):6.1f}ms {statistics.median(cpus):6.1f}ms"
            f"  {len(times):4}  {note}"
        )
    median = statistics.median(w for w, _ in all_lookups)
    verdict = "meets" if median <= 100 and build_s <= 10 else "MISSES"
    print(f"\nmedian cold lookup {median:.1f} ms, build {build_s:.1f} s: {verdict} the targets (100 ms, 10 s)")
    if args.dir is None:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
