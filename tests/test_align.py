"""Sentence splitting and alignment of parallel documents; ``glossary align`` end to end."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from diploterm.align.files import creation_date
from diploterm.align.sentences import align, align_texts
from diploterm.cli import cli
from diploterm.formats.tmx import read
from diploterm.sentences import LineIndex, split_sentences

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TREATY = SHARED / "parallel" / "vienna_diplomatic_relations_1961"
SCHEMAS = SHARED / "schemas"
PARSER = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)


def treaty_lines(lang: str) -> list[str]:
    return (TREATY.parent / f"{TREATY.name}.{lang}.txt").read_text(encoding="utf-8").splitlines()


def join_paragraphs(lines: list[str], seed: int) -> tuple[str, list[int]]:
    """Group lines into paragraphs of 1-4 lines; a line ending a sentence or clause runs on after a space."""
    rng = random.Random(seed)
    text, starts, left = "", [], 0
    for k, line in enumerate(lines):
        if left == 0:
            text += "\n\n" if k else ""
            left = rng.randint(1, 4)
        else:
            text += " " if re.search(r"[.;:]$", lines[k - 1]) else "\n"
        starts.append(len(text))
        text += line
        left -= 1
    return text + "\n", starts


def line_of(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset) - 1


def assert_valid_tmx(path: Path) -> etree._ElementTree:
    doc = etree.parse(str(path), PARSER)
    dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / "cat-tools" / "omegat" / "tmx14.xsd")))
    assert xsd.validate(doc), xsd.error_log.last_error
    return doc


# ---------------------------------------------------------------- splitting


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("El Sr. Pérez firmó. La Sra. Gómez no.", "es", ["El Sr. Pérez firmó.", "La Sra. Gómez no."]),
        (
            "Según el art. 5 del inc. b) y el núm. 3 vale. Otra.",
            "es",
            ["Según el art. 5 del inc. b) y el núm. 3 vale.", "Otra."],
        ),
        ("Véase el Decreto No. 234 de 2025. Fin.", "es", ["Véase el Decreto No. 234 de 2025.", "Fin."]),
        ("2. Ninguna disposición se aplica. 3. Otra sí.", "es", ["2. Ninguna disposición se aplica.", "3. Otra sí."]),
        ("Mr. Smith met Dr. Jones. He left.", "en", ["Mr. Smith met Dr. Jones.", "He left."]),
        (
            "consist in: (a) representing; (b) protecting.",
            "en",
            ["consist in:", "(a) representing;", "(b) protecting."],
        ),
        ("Article 3\n1. The functions.", "en", ["Article 3", "1. The functions."]),
        # A paragraph opening with an enumerator is still split (sentencex alone keeps it whole).
        (
            "(e) promoting relations. 2. Nothing in it shall prevent it.",
            "en",
            ["(e) promoting relations.", "2. Nothing in it shall prevent it."],
        ),
        # An enumerator after ";" goes with its item, not with the clause before it.
        (
            "b) proteger a sus nacionales; 1. La residencia es inviolable.",
            "es",
            ["b) proteger a sus nacionales;", "1. La residencia es inviolable."],
        ),
        # Items cited inside a sentence do not split it.
        (
            "salvo en los casos previstos en los incisos a), b) y c) del párrafo 1. Fin.",
            "es",
            ["salvo en los casos previstos en los incisos a), b) y c) del párrafo 1.", "Fin."],
        ),
        ("a line that is\nwrapped here. Next one.", "en", ["a line that is\nwrapped here.", "Next one."]),
    ],
)
def test_split_sentences(text: str, lang: str, expected: list[str]) -> None:
    sents = split_sentences(text, lang)
    assert [s.text for s in sents] == expected
    for s in sents:
        assert text[s.start : s.end] == s.text


def test_line_index() -> None:
    text = "uno\ndos\n\ntres"
    idx = LineIndex(text)
    assert [idx.line(text.index(w)) for w in ("uno", "dos", "tres")] == [1, 2, 4]


# ---------------------------------------------------------------- aligning


@pytest.fixture(scope="module")
def treaty_case() -> dict:
    es_lines, en_lines = treaty_lines("es"), treaty_lines("en")
    es_text, es_starts = join_paragraphs(es_lines, 7)
    en_text, en_starts = join_paragraphs(en_lines, 8)
    result = align_texts(es_text, en_text)
    return {"result": result, "es_starts": es_starts, "en_starts": en_starts, "n": len(es_lines)}


def test_treaty_line_pairs_recovered(treaty_case: dict) -> None:
    """Paragraphs differ on the two sides; the links must still give back the line pairs."""
    result = treaty_case["result"]
    pred = set()
    for link in result.links:
        es_l = {line_of(treaty_case["es_starts"], result.es[i].start) for i in link.es}
        en_l = {line_of(treaty_case["en_starts"], result.en[j].start) for j in link.en}
        pred |= {(a, b) for a in es_l for b in en_l}
    gold = {(i, i) for i in range(treaty_case["n"])}
    tp = len(pred & gold)
    precision, recall = tp / len(pred), tp / len(gold)
    assert 2 * precision * recall / (precision + recall) >= 0.97


def test_links_cover_every_sentence_once_in_order(treaty_case: dict) -> None:
    result = treaty_case["result"]
    es_seen = [i for link in result.links for i in link.es]
    en_seen = [j for link in result.links for j in link.en]
    assert es_seen == list(range(len(result.es)))
    assert en_seen == list(range(len(result.en)))
    assert all(0.0 <= link.confidence <= 1.0 for link in result.links)


def test_missing_sentence_gives_a_1_0_link() -> None:
    es = treaty_lines("es")[20:60]
    en = treaty_lines("en")[20:60]
    dropped = 15
    del en[dropped]
    links = align(es, en)
    assert any(link.es == (dropped,) and link.en == () for link in links)
    one_to_one = [link for link in links if len(link.es) == 1 and len(link.en) == 1]
    assert all(link.es[0] == link.en[0] + (link.es[0] > dropped) for link in one_to_one)


def test_merged_sentences_give_a_2_1_link() -> None:
    es = treaty_lines("es")[30:60]
    en = treaty_lines("en")[30:60]
    en[10:12] = [en[10] + " " + en[11]]
    links = align(es, en)
    assert any(link.es == (10, 11) and link.en == (10,) for link in links)


def test_creation_date_from_epoch_or_mtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("x")
    b.write_text("y")
    os.utime(a, (0, 86400))
    os.utime(b, (0, 86400 * 2 + 3661))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert creation_date(a, b) == "19700103T010101Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert creation_date(a, b) == "20231114T221320Z"


# ---------------------------------------------------------------- the command


@pytest.fixture(scope="module")
def aligned(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("align")
    (tmp / "glossary").mkdir()
    # The first half of the treaty keeps the command tests quick.
    es_lines, en_lines = treaty_lines("es")[:110], treaty_lines("en")[:110]
    # One English sentence is missing, so the command has something to report.
    missing = 60
    es_file, en_file = tmp / "vienna.es.txt", tmp / "vienna.en.txt"
    es_file.write_text(join_paragraphs(es_lines, 3)[0], encoding="utf-8")
    en_file.write_text(join_paragraphs(en_lines[:missing] + en_lines[missing + 1 :], 4)[0], encoding="utf-8")
    out = tmp / "out" / "vienna.tmx"
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    result = CliRunner().invoke(cli, ["--root", str(tmp), "align", str(es_file), str(en_file), "-o", str(out)], env=env)
    return {
        "result": result,
        "out": out,
        "es_file": es_file,
        "en_file": en_file,
        "tmp": tmp,
        "env": env,
        "missing": es_lines[missing],
    }


def test_align_command_writes_valid_tmx(aligned: dict) -> None:
    result = aligned["result"]
    assert result.exit_code == 0, result.output
    doc = assert_valid_tmx(aligned["out"])
    tus = doc.findall("body/tu")
    assert len(tus) > 100
    header = doc.find("header")
    assert header.get("srclang") == "es-419"
    assert header.get("creationdate") == "20231114T221320Z"
    for tu in tus:
        conf = [p.text for p in tu.findall("prop") if p.get("type") == "x-confidence"]
        assert len(conf) == 1 and re.fullmatch(r"[01]\.\d\d", conf[0])
        assert float(conf[0]) >= 0.3
        segs = [s.xpath("string()") for s in tu.iter("seg")]
        assert len(segs) == 2 and all(s.strip() for s in segs)
        assert [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")] == [
            "es-419",
            "en-US",
        ]


def test_align_reports_unpaired_sentence_with_its_line(aligned: dict) -> None:
    result = aligned["result"]
    text = aligned["es_file"].read_text(encoding="utf-8")
    line = text[: text.index(aligned["missing"])].count("\n") + 1
    assert f"{aligned['es_file']}:{line}: no English counterpart" in result.stderr
    sources = {u.source for u in read(str(aligned["out"]), "es-419", "en-US")}
    assert aligned["missing"] not in sources


def test_align_is_deterministic(aligned: dict) -> None:
    again = aligned["tmp"] / "again.tmx"
    args = ["--root", str(aligned["tmp"]), "align", str(aligned["es_file"]), str(aligned["en_file"]), "-o", str(again)]
    result = CliRunner().invoke(cli, args, env=aligned["env"])
    assert result.exit_code == 0
    assert again.read_bytes() == aligned["out"].read_bytes()


def test_align_gives_the_same_bytes_in_every_process(tmp_path: Path) -> None:
    """Python salts string hashes per process: no score may depend on the order of a set."""
    es_file, en_file = tmp_path / "v.es.txt", tmp_path / "v.en.txt"
    es_file.write_text(join_paragraphs(treaty_lines("es"), 3)[0], encoding="utf-8")
    en_lines = treaty_lines("en")
    en_file.write_text(join_paragraphs(en_lines[:60] + en_lines[61:], 4)[0], encoding="utf-8")
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}.tmx"
        env = {**os.environ, "SOURCE_DATE_EPOCH": "0", "PYTHONHASHSEED": seed}
        cmd = [sys.executable, "-m", "diploterm", "align", str(es_file), str(en_file), "-o", str(out)]
        subprocess.run(cmd, env=env, cwd=tmp_path, check=True, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_align_min_confidence_and_keep_low(aligned: dict) -> None:
    strict = aligned["tmp"] / "strict.tmx"
    base = ["--root", str(aligned["tmp"]), "align", str(aligned["es_file"]), str(aligned["en_file"])]
    result = CliRunner().invoke(cli, [*base, "-o", str(strict), "--min-confidence", "0.99"], env=aligned["env"])
    assert result.exit_code == 0
    assert "low confidence" in result.stderr and "not written" in result.stderr
    kept = aligned["tmp"] / "kept.tmx"
    result = CliRunner().invoke(
        cli, [*base, "-o", str(kept), "--min-confidence", "0.99", "--keep-low"], env=aligned["env"]
    )
    assert "written anyway" in result.stderr
    n_strict = len(list(read(str(strict), "es", "en")))
    n_kept = len(list(read(str(kept), "es", "en")))
    assert n_strict < n_kept == len(list(read(str(aligned["out"]), "es", "en")))


def test_align_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.es.txt"
    bad.write_bytes("línea uno\n".encode("latin-1"))
    good = tmp_path / "good.en.txt"
    good.write_text("line one\n")
    result = CliRunner().invoke(cli, ["align", str(bad), str(good), "-o", str(tmp_path / "x.tmx")])
    assert result.exit_code == 2
    assert f"{bad}:1: not UTF-8" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.tmx").exists()


def test_align_rejects_bad_language_tag(aligned: dict) -> None:
    args = ["align", str(aligned["es_file"]), str(aligned["en_file"]), "-o", str(aligned["tmp"] / "y.tmx")]
    result = CliRunner().invoke(cli, [*args, "--srclang", "es_MX"])
    assert result.exit_code == 2
    assert "BCP 47" in result.output


def _omegat_available() -> str | None:
    if Path("/usr/share/omegat/OmegaT.jar").exists() and shutil.which("java"):
        return None
    if os.geteuid() != 0 and not shutil.which("sudo"):
        return "OmegaT is not installed and apt-get needs root or sudo"
    if not shutil.which("apt-get"):
        return "OmegaT is not installed and there is no apt-get"
    return None


@pytest.mark.omegat
def test_omegat_applies_the_alignment(aligned: dict, tmp_path: Path) -> None:
    """OmegaT loads every TU and translates a text made of the aligned Spanish sentences."""
    reason = _omegat_available()
    if reason:
        pytest.skip(reason)
    units = list(read(str(aligned["out"]), "es-419", "en-US"))
    # OmegaT's SRX rules cut after "1." and at ". X" inside a segment; such TUs
    # cannot be matched whole, so the check text holds the others, one per paragraph.
    usable = [u for u in units if not re.match(r"\d+\.\s", u.source) and not re.search(r"[.!?]\s+\S", u.source)]
    assert len(usable) > len(units) // 2
    source, expected = tmp_path / "source.txt", tmp_path / "expected.txt"
    source.write_text("\n\n".join(u.source for u in usable) + "\n", encoding="utf-8")
    expected.write_text("\n\n".join(u.target for u in usable) + "\n", encoding="utf-8")
    proc = subprocess.run(
        [str(SHARED / "omegat" / "omegat-check"), "es-419", "en-US", str(source), str(aligned["out"]), str(expected)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert f"tus={len(units)} source+target={len(units)}" in proc.stdout
