"""The fast TMX reader (formats/tmxscan.py) gives exactly what the lxml reader gives, or declines.

The public reader (tmx.read_fields) runs the scanner and hands whatever it
declines to lxml; these tests hold it to the lxml reader alone (tmx._read_lxml)
on real files, on generated ones and on broken ones: same units, or the same
error with the same line.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diploterm.errors import InputError
from diploterm.formats import tmx, tmxscan
from diploterm.formats.tmx import TmxHeader, write
from diploterm.model import TranslationUnit

REPO = Path(__file__).resolve().parents[1]
KIT = REPO.parent / "shared" / "schemas" / "examples" / "lisa-tmx-compliance-kit"
PAIRS = [("es-419", "en-US"), ("es", "en"), ("en-US", "fr-CA"), ("EN-US", "es-es"), ("de", "fr")]


def outcome(reader, data: bytes, src: str, tgt: str):
    """The units a reader yields, or the error it raises (message and line)."""
    try:
        return "units", list(reader(io.BytesIO(data), src, tgt))
    except InputError as exc:
        return "error", (exc.message, exc.line)


def lxml_reader(source, src, tgt):
    return tmx._read_lxml(source, src, tgt)


def assert_same(data: bytes, src: str = "es-419", tgt: str = "en-US") -> None:
    assert outcome(tmx.read_fields, data, src, tgt) == outcome(lxml_reader, data, src, tgt)


def scanned(data: bytes, src: str = "es-419", tgt: str = "en-US") -> list | None:
    """The scanner's units, or None if it declined the file."""
    try:
        return list(tmxscan.scan(io.BytesIO(data), src, tgt, _fragment(src, tgt), tmx._date))
    except tmxscan.Declined:
        return None


def _fragment(src: str, tgt: str):
    return tmx._fragment_reader(src, tgt)


@pytest.mark.parametrize("path", sorted(KIT.glob("*.tmx")) + sorted((REPO / "tmx").glob("*.tmx")), ids=lambda p: p.name)
@pytest.mark.parametrize(("src", "tgt"), PAIRS)
def test_real_files_read_the_same(path: Path, src: str, tgt: str) -> None:
    assert_same(path.read_bytes(), src, tgt)


def test_our_own_memory_takes_the_fast_path() -> None:
    units = [
        TranslationUnit("Hola & <adiós>", "Hi & <bye>\r\n", "20240101T000000Z", None, (("x-a", "1"),), "n", "7"),
        TranslationUnit("Embajada", "Embassy"),
        TranslationUnit("Nota 😀", "Note\ttab", None, "20250101T000000Z", (("x-a", "1"), ("x-b", "")), None, None),
    ]
    buf = io.BytesIO()
    write(buf, units, TmxHeader("es-419", "en-US", note="a <memory>"))
    got = scanned(buf.getvalue())
    assert got is not None, "the scanner declined a file our own writer wrote"
    assert got == [tuple(vars(u).values()) for u in units]
    assert_same(buf.getvalue())


def test_every_unit_shape_is_read_by_the_scanner_or_lxml() -> None:
    """Units the expression does not match are parsed alone by lxml; the file is not declined."""
    body = (
        '<tu><tuv xml:lang="es-419"><seg>a <ph x="1">{1}</ph>b</seg></tuv><tuv xml:lang="en-US"><seg>c</seg></tuv></tu>'
        '<tu><!-- c --><tuv xml:lang="es-419"><seg><![CDATA[<x>]]></seg></tuv><tuv lang="en"><seg>d</seg></tuv></tu>'
        '<tu tuid="3"><tuv xml:lang="es-419"><seg>e</seg></tuv><tuv xml:lang="en-US"><seg>f</seg></tuv></tu>'
    )
    data = f'<?xml version="1.0"?>\n<tmx version="1.4"><header/><body>{body}</body></tmx>'.encode()
    got = scanned(data)
    assert got is not None
    assert [(u[0], u[1]) for u in got] == [("a b", "c"), ("<x>", "d"), ("e", "f")]
    assert_same(data)


@pytest.mark.parametrize(
    "body",
    [
        '<tu><tuv xml:lang="es"><seg>a &nbsp; b</seg></tuv><tuv xml:lang="en"><seg>c</seg></tuv></tu>',
        '<tu><tuv xml:lang="es"><seg>a &#1; b</seg></tuv><tuv xml:lang="en"><seg>c</seg></tuv></tu>',
        '<tu><tuv xml:lang="es"><seg>a & b</seg></tuv><tuv xml:lang="en"><seg>c</seg></tuv></tu>',
        '<tu><tuv xml:lang="es"><seg>a ]]> b</seg></tuv><tuv xml:lang="en"><seg>c</seg></tuv></tu>',
        '<tu tuid="1" tuid="2"><tuv xml:lang="es"><seg>a</seg></tuv><tuv xml:lang="en"><seg>c</seg></tuv></tu>',
        '<tu x:y="1"><tuv xml:lang="es"><seg>a</seg></tuv><tuv xml:lang="en"><seg>c</seg></tuv></tu>',
        '<tu><tuv xml:lang="es"><seg>a\x01</seg></tuv><tuv xml:lang="en"><seg>c</seg></tuv></tu>',
        '<tu><tuv xml:lang="es"><seg>a</seg></tuv><tuv xml:lang="en"><seg>c</seg></tuv></tu>stray text',
        '<tu><tuv xml:lang="es"><seg>a</seg></tuv><tuv xml:lang="en"><seg>c</seg></tuv>',
        '<tu><tuv xml:lang="es"><seg>a</seg></tuv><tuv xml:lang="en"><seg>c</seg></tuv></tu></body></tmx><x/>',
    ],
)
def test_what_the_scanner_declines_lxml_decides(body: str) -> None:
    data = f'<tmx version="1.4"><header/><body>\n{body}</body></tmx>'.encode()
    assert scanned(data, "es", "en") is None
    assert_same(data, "es", "en")


def test_a_decline_after_many_units_loses_and_repeats_none() -> None:
    good = '<tu><tuv xml:lang="es"><seg>a{}</seg></tuv><tuv xml:lang="en"><seg>b</seg></tuv></tu>\n'
    body = "".join(good.format(i) for i in range(3000)) + good.format("&nbsp;") + good.format("z")
    data = f'<!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx version="1.4"><header/><body>{body}</body></tmx>'.encode()
    with pytest.raises(tmxscan.Declined) as declined:
        list(tmxscan.scan(io.BytesIO(data), "es", "en", _fragment("es", "en"), tmx._date))
    assert declined.value.done == 3000
    assert_same(data, "es", "en")


@pytest.mark.parametrize("bad", [None, "a ]]> b", "a &nbsp; b", "a & b"])
def test_units_alike_but_for_their_texts(bad: str | None) -> None:
    """The fastest path: units with the same markup but for texts, dates and tuids."""
    texts = ["frase", "a &amp; b &lt;c&gt;", "", "  ", "&#233;&#x1F600;", "x\r\ny", "\u00e9"]
    unit = (
        '<tu tuid="{i}" creationdate="{d}">\n  <prop type="x-a">{p}</prop>\n  <prop type="x-b">{q}</prop>\n'
        '  <tuv xml:lang="es"><seg>{s}</seg></tuv>\n  <tuv xml:lang="en"><seg>{t}</seg></tuv>\n</tu>\n'
    )
    units = [
        unit.format(
            i=i,
            d=["20240101T000000Z", "2018-06-11 05:09:06 UTC", "soon"][i % 3],
            p=texts[i % 7],
            q=texts[(i * 3) % 7],
            s=texts[(i * 5) % 7] + str(i),
            t=texts[(i * 2) % 7],
        )
        for i in range(60)
    ]
    if bad is not None:
        units[40] = units[40].replace('type="x-a">', f'type="x-a">{bad}')
    data = ('<tmx version="1.4"><header/><body>\n' + "".join(units) + "</body></tmx>\n").encode()
    got = scanned(data, "es", "en")
    if bad is None:
        assert got == outcome(lxml_reader, data, "es", "en")[1]
        assert len(got) > 30
    else:
        assert got is None
    assert_same(data, "es", "en")


def test_chunk_boundaries(monkeypatch) -> None:
    """Units, multibyte characters and CR LF pairs cut by the chunk boundary."""
    unit = '<tu>\r\n<tuv xml:lang="es"><seg>ñandú €{}\r\n</seg></tuv><tuv xml:lang="en"><seg>rhea</seg></tuv></tu>\r\n'
    data = '<tmx version="1.4"><header/><body>' + "".join(unit.format(i) for i in range(200)) + "</body></tmx>"
    data = data.encode()
    expected = outcome(lxml_reader, data, "es", "en")
    for size in (7, 64, 100, 333):
        monkeypatch.setattr(tmxscan, "CHUNK", size)
        assert scanned(data, "es", "en") == expected[1]


# ---------------------------------------------------------------- generated files

_CLEAN = ["a", "ñ", "😀", " ", "\n", "\r\n", "\t", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#233;", "&#x1F600;"]
_HAZARDS = ["&#1;", "&nbsp;", "&", "]]>", ">", "'", '"', "<ph/>", "<bpt i='1'>x</bpt>", "<![CDATA[c]]>", "<!--c-->"]
# Mostly clean text, so that many files take the fast path; now and then something it must decline or hand to lxml.
_TEXT = st.lists(st.sampled_from(_CLEAN * 8 + _HAZARDS), min_size=1, max_size=6).map("".join)
_CLEAN_TEXT = st.lists(st.sampled_from(_CLEAN), min_size=1, max_size=6).map("".join)
_LANG = st.sampled_from(["es-419", "es", "ES-419", "es_419", "en-US", "en", "en-us", "fr", ""] + ["es", "en"] * 4)
_DATE = st.sampled_from(["20240101T000000Z", "2018-06-11 05:09:06 UTC", "soon", "&amp;"])


def _attr(name: str, value: str, quote: str) -> str:
    return f" {name}={quote}{value}{quote}"


@st.composite
def tu(draw, clean: bool) -> str:
    """A ``<tu>``; a *clean* one has nothing the scanner must decline or hand to lxml."""
    text = _CLEAN_TEXT if clean else _TEXT
    attrs = ""
    names = st.sampled_from(["tuid", "creationdate", "changedate", "srclang"] + ([] if clean else ["x:y"]))
    values = ["1", "a b", "a\tb", "a&#10;b", "", "2"] + ([] if clean else ["<", "&x;"])
    for name in draw(st.lists(names, max_size=3, unique=clean or draw(st.booleans()))):
        value = draw(_DATE) if "date" in name else draw(st.sampled_from(values))
        attrs += _attr(name, value, draw(st.sampled_from(['"', "'"])))
    ws = draw(st.sampled_from(["", "\n      ", " ", "\r\n"]))
    children = []
    kinds = ["tuv"] * 6 + ["prop", "prop", "note"] + ([] if clean else ["junk"])
    pair = ["es", "en"] if draw(st.booleans()) else []  # a unit in the pair read
    for kind in pair + draw(st.lists(st.sampled_from(kinds), max_size=4)):
        if kind in ("es", "en", "tuv"):
            lang_attr = draw(st.sampled_from(["xml:lang", "lang"]))
            segs = ["<seg>{}</seg>", "<seg >{}</seg>"] + ([] if clean else ["<seg/>", "<seg>{}</seg><seg>x</seg>"])
            seg = draw(st.sampled_from(segs))
            lang = _attr(lang_attr, draw(_LANG) if kind == "tuv" else kind, '"')
            children.append(f"<tuv{lang}>{seg.format(draw(text))}</tuv>")
        elif kind == "prop":
            children.append(f'<prop type="{draw(st.sampled_from(["x-a", "x-b"]))}">{draw(text)}</prop>')
        elif kind == "note":
            children.append(f"<note>{draw(text)}</note>")
        else:
            children.append(draw(st.sampled_from(["<!-- x -->", "text", "<?pi x?>", "<tu/>", "<ude/>"])))
    return f"<tu{attrs}>{ws}{ws.join(children)}{ws}</tu>"


@st.composite
def tmx_file(draw) -> bytes:
    prolog = draw(
        st.sampled_from(
            [
                "<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n",
                "<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n",
                '<?xml version="1.0"?>\n',
                '<?xml version="1.0"?>\n',
                "",
                '\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n',
                '<?xml version="1.0" encoding="ISO-8859-1"?>\n',
                '<!DOCTYPE tmx [<!ENTITY e "entity">]>\n',
            ]
        )
    )
    header = draw(st.sampled_from(['<header srclang="es"/>', "<header><note>n</note></header>", "<header/>"]))
    ws = draw(st.sampled_from(["\n    ", "", "\r\n"]))
    units = draw(st.lists(tu(draw(st.booleans())), min_size=1, max_size=6))
    tail = draw(st.sampled_from(["</body></tmx>\n", "</body>\n</tmx>"] * 3 + ["</body></tmx><!-- end -->", "</body>"]))
    text = f'{prolog}<tmx version="1.4">{header}<body>{ws}{ws.join(units)}{ws}{tail}'
    return text.encode("latin-1" if "ISO-8859-1" in prolog else "utf-8", errors="replace")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=tmx_file(), pair=st.sampled_from(PAIRS[:2]))
def test_generated_files_read_the_same(data: bytes, pair: tuple[str, str]) -> None:
    assert_same(data, *pair)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_broken_files_fail_the_same(data) -> None:
    """A generated file cut short or with bytes changed: the same units or the same error, with its line."""
    sample = data.draw(tmx_file())
    blob = data.draw(
        st.one_of(
            st.integers(0, len(sample)).map(lambda n: sample[:n]),
            st.tuples(st.integers(0, max(len(sample) - 1, 0)), st.binary(min_size=1, max_size=3)).map(
                lambda t: sample[: t[0]] + t[1] + sample[t[0] + len(t[1]) :]
            ),
        )
    )
    assert_same(blob, "es", "en")
