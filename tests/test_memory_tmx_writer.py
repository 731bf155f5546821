"""The TMX writer serialises units as text for speed; its bytes must be those lxml writes."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from diploterm.formats.tmx import XML_LANG, TmxHeader, _is_empty, read, write
from diploterm.formats.xmlutil import xml_text
from diploterm.model import TranslationUnit


def reference_write(fileobj, units, header: TmxHeader) -> int:
    """The element-by-element writer (lxml xmlfile) that the text writer replaced."""
    written = 0
    with etree.xmlfile(fileobj, encoding="UTF-8") as xf:
        xf.write_declaration()
        xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        with xf.element("tmx", version="1.4"):
            attrs = {
                "creationtool": header.creationtool,
                "creationtoolversion": header.creationtoolversion,
                "segtype": header.segtype,
                "o-tmf": header.o_tmf,
                "adminlang": header.adminlang,
                "srclang": header.srclang,
                "datatype": header.datatype,
            }
            if header.creationdate:
                attrs["creationdate"] = header.creationdate
            if header.creationid:
                attrs["creationid"] = header.creationid
            head = etree.Element("header", attrs)
            if header.note:
                etree.SubElement(head, "note").text = xml_text(header.note)
            xf.write("\n  ")
            xf.write(head)
            xf.write("\n  ")
            with xf.element("body"):
                for unit in units:
                    if _is_empty(unit.source) or _is_empty(unit.target):
                        continue
                    xf.write("\n    ")
                    xf.write(reference_tu(unit, header), pretty_print=False)
                    written += 1
                xf.write("\n  ")
            xf.write("\n")
    fileobj.write(b"\n")
    return written


def reference_tu(unit: TranslationUnit, header: TmxHeader) -> etree._Element:
    attrs = {}
    if unit.tuid:
        attrs["tuid"] = unit.tuid
    if unit.creationdate:
        attrs["creationdate"] = unit.creationdate
    if unit.changedate:
        attrs["changedate"] = unit.changedate
    tu = etree.Element("tu", attrs)
    tu.text = "\n      "
    children = []
    if unit.note:
        note = etree.Element("note")
        note.text = xml_text(unit.note)
        children.append(note)
    for ptype, value in unit.props:
        prop = etree.Element("prop", type=ptype)
        prop.text = xml_text(value)
        children.append(prop)
    for lang, text in ((header.srclang, unit.source), (header.tgtlang, unit.target)):
        tuv = etree.Element("tuv", {XML_LANG: lang})
        seg = etree.SubElement(tuv, "seg")
        seg.text = xml_text(text)
        children.append(tuv)
    for i, child in enumerate(children):
        child.tail = "\n      " if i < len(children) - 1 else "\n    "
        tu.append(child)
    return tu


# Text with everything that needs escaping, line ends, controls and non-ASCII.
TEXT = st.text(
    alphabet=st.sampled_from(list("ab &<>\"'\r\n\t\x01\x0bñ€😀]")) | st.characters(blacklist_categories=("Cs",)),
    max_size=12,
)
ATTR = st.text(alphabet=st.sampled_from(list("az09 &<>\"'\r\n\t-ñ")), max_size=8)
UNIT = st.builds(
    TranslationUnit,
    source=TEXT,
    target=TEXT,
    creationdate=st.none() | ATTR,
    changedate=st.none() | ATTR,
    props=st.lists(st.tuples(ATTR, TEXT), max_size=2).map(tuple),
    note=st.none() | TEXT,
    tuid=st.none() | ATTR,
)


@settings(max_examples=200, deadline=None)
@given(units=st.lists(UNIT, max_size=4), note=st.none() | TEXT)
def test_text_writer_writes_what_lxml_writes(units: list[TranslationUnit], note: str | None) -> None:
    header = TmxHeader(srclang="es-419", tgtlang="en-US", creationdate="20250101T000000Z", note=note)
    ours, ref = io.BytesIO(), io.BytesIO()
    assert write(ours, units, header) == reference_write(ref, units, header)
    assert ours.getvalue() == ref.getvalue()


def test_round_trip_through_the_reader() -> None:
    units = [TranslationUnit("Hola & <adiós>", "Hi & <bye>", props=(("x-confidence", "0.93"),), tuid="1")]
    buf = io.BytesIO()
    write(buf, units, TmxHeader(srclang="es-419", tgtlang="en-US"))
    buf.seek(0)
    assert list(read(buf, "es-419", "en-US")) == units
