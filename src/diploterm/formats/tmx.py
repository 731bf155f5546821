"""TMX 1.4b: stream translation units out of and into ``.tmx`` files.

The writer follows what CAT tools accept (see shared/schemas/CAT-TOOLS.md):
``version="1.4"``, all seven header attributes, exact BCP 47 tags, UTC dates
as ``YYYYMMDDThhmmssZ``, UTF-8 without BOM, no TU with an empty segment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from lxml import etree

from .. import __version__
from ..errors import InputError
from ..model import TranslationUnit
from . import tmxscan
from .xmlutil import iterparse_safe, xml_text

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class TmxHeader:
    srclang: str
    tgtlang: str
    segtype: str = "sentence"
    creationdate: str | None = None
    creationid: str | None = None
    note: str | None = None
    o_tmf: str = "diploterm"
    adminlang: str = "en-US"
    datatype: str = "plaintext"
    creationtool: str = "diploterm"
    creationtoolversion: str = __version__


def _is_empty(text: str) -> bool:
    return not xml_text(text).strip()


def write(fileobj: IO[bytes], units: Iterable[TranslationUnit], header: TmxHeader) -> int:
    """Write *units* as TMX to the binary *fileobj*, one at a time; return how many.

    Units with an empty source or target are skipped: OmegaT would apply an
    empty translation, other tools refuse the file.

    Units are serialised as text, the bytes lxml would write for the same
    elements (tests/test_memory_tmx_writer.py holds the two to each other):
    several times faster on a memory of a million units.
    """
    return write_fields(
        fileobj, ((u.source, u.target, u.creationdate, u.changedate, u.props, u.note, u.tuid) for u in units), header
    )


def write_fields(fileobj: IO[bytes], units: Iterable[tuple], header: TmxHeader) -> int:
    """:func:`write` for units given as the tuples of their fields (what :func:`read_fields` yields)."""
    fileobj.write(tmx_head(header).encode("utf-8"))
    written = write_body(fileobj, units, header)
    fileobj.write(TMX_TAIL.encode("utf-8"))
    return written


def write_body(fileobj: IO[bytes], units: Iterable[tuple], header: TmxHeader) -> int:
    """The ``<tu>`` elements of :func:`write_fields` alone (between :func:`tmx_head` and :data:`TMX_TAIL`)."""
    langs = (_attr(header.srclang), _attr(header.tgtlang))
    # The loop is written out (no call per unit): it runs a million times on a big memory.
    special = _TEXT_SPECIAL.search
    cache: dict = {}  # (dates, props, note) -> the markup around the texts: they repeat from unit to unit
    out: list[str] = []
    append = out.append
    written = 0
    for source, target, creationdate, changedate, props, note, tuid in units:
        # A text is empty if nothing is left once what XML cannot hold is dropped.
        if special(source) is None:
            if not source or source.isspace():
                continue
        elif _is_empty(source):
            continue
        else:
            source = _text(source)
        if special(target) is None:
            if not target or target.isspace():
                continue
        elif _is_empty(target):
            continue
        else:
            target = _text(target)
        key = (creationdate, changedate, props, note)
        parts = cache.get(key)
        if parts is None:
            parts = _tu_parts(creationdate, changedate, props, note, langs)
            if len(cache) < 10_000:
                cache[key] = parts
        if tuid:
            append(f'\n    <tu tuid="{_attr(tuid)}"{parts[0]}{source}{parts[1]}{target}</seg></tuv>\n    </tu>')
        else:
            append(f"\n    <tu{parts[0]}{source}{parts[1]}{target}</seg></tuv>\n    </tu>")
        written += 1
        if not written % 2000:
            fileobj.write("".join(out).encode("utf-8"))
            out.clear()
    fileobj.write("".join(out).encode("utf-8"))
    return written


TMX_TAIL = "\n  </body>\n</tmx>\n"


def tmx_head(header: TmxHeader) -> str:
    """Everything :func:`write` writes before the first unit."""
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
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4">\n  ' + etree.tostring(head, encoding="unicode") + "\n  <body>"
    )


# What needs work in character data / attribute values: escaping, or characters XML cannot hold.
_TEXT_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ATTR_SPECIAL = re.compile('[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def _text(value: str) -> str:
    """Character data as libxml2 escapes it."""
    if _TEXT_SPECIAL.search(value) is None:
        return value
    value = xml_text(value)
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def _attr(value: str) -> str:
    """An attribute value as libxml2 escapes it; characters XML cannot hold are refused, as lxml does."""
    if _ATTR_SPECIAL.search(value) is None:
        return value
    if _BAD_XML.search(value):
        raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters")
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def _tu_parts(
    creationdate: str | None, changedate: str | None, props: tuple, note: str | None, langs: tuple[str, str]
) -> tuple[str, str]:
    """A ``<tu>``'s markup after its tuid: up to the source text, and between the source and target texts."""
    attrs = ""
    if creationdate:
        attrs += f' creationdate="{_attr(creationdate)}"'
    if changedate:
        attrs += f' changedate="{_attr(changedate)}"'
    children = "".join(f'<prop type="{_attr(t)}">{_text(v)}</prop>\n      ' for t, v in props)
    if note:
        children = f"<note>{_text(note)}</note>\n      " + children
    return (
        attrs + ">\n      " + children + f'<tuv xml:lang="{langs[0]}"><seg>',
        f'</seg></tuv>\n      <tuv xml:lang="{langs[1]}"><seg>',
    )


def _lang(el: etree._Element) -> str | None:
    return el.get(XML_LANG) or el.get("lang")


def _seg_text(seg: etree._Element) -> str:
    # Inline codes (bpt/ept/ph/it) carry native markup, not translatable text:
    # keep the text around them and inside <sub> only.
    parts = [seg.text or ""]
    for child in seg:
        if child.tag == "hi" or child.tag == "sub":
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


_DATE = re.compile(
    r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:[T ]?(\d{2}):?(\d{2})(?::?(\d{2}))?(?:\.\d+)?)?\s*(Z|UTC|GMT|[+-]00:?00)?\s*$",
    re.IGNORECASE,
)


def _is_tmx_date(value: str) -> bool:
    """Already ``YYYYMMDDThhmmssZ`` (the common case, so it is checked cheaply)."""
    return len(value) == 16 and value[8] == "T" and value[15] == "Z" and value[:8].isdigit() and value[9:15].isdigit()


def _check_root(root: etree._Element | None, name: object) -> None:
    if root is None or root.tag != "tmx":
        tag = f"<{root.tag}>" if root is not None else "nothing"
        raise InputError(f"not a TMX file: the root element is {tag}, not <tmx>", str(name), 1)


def normalize_date(value: str | None) -> str | None:
    """A TMX date in the one form TMX 1.4b allows (``YYYYMMDDThhmmssZ``), or ``None``.

    Vendor files write ISO dates with dashes, spaces, ``UTC`` or no time at all;
    a date that cannot be read is dropped rather than copied into our files.

    >>> normalize_date("2018-06-11 05:09:06 UTC"), normalize_date("20020523T091200Z"), normalize_date("soon")
    ('20180611T050906Z', '20020523T091200Z', None)
    """
    if not value:
        return None
    if _is_tmx_date(value):
        return value
    m = _DATE.match(value)
    if not m:
        return None
    y, mo, d, h, mi, sec = (int(g) if g else 0 for g in m.groups()[:6])
    if not (1 <= mo <= 12 and 1 <= d <= 31 and h < 24 and mi < 60 and sec < 61):
        return None
    return f"{y:04d}{mo:02d}{d:02d}T{h:02d}{mi:02d}{min(sec, 59):02d}Z"


def read(source: str | os.PathLike[str] | IO[bytes], srclang: str, tgtlang: str) -> Iterator[TranslationUnit]:
    """Stream the (srclang, tgtlang) units of a TMX file, one ``<tu>`` in memory at a time.

    Languages match by exact tag first, then by primary language (``es`` for
    ``es-419``), as OmegaT does; ``lang=`` (TMX 1.1/1.2) counts like ``xml:lang``.
    The encoding comes from the BOM or the XML declaration (UTF-16 files load).
    Units missing either side are skipped; dates are normalised (:func:`normalize_date`).
    A file that is not well-formed XML, or not TMX, raises :class:`InputError`
    with its name and line.
    """
    make_unit = TranslationUnit
    for fields in read_fields(source, srclang, tgtlang):
        yield make_unit(*fields)


def read_fields(source: str | os.PathLike[str] | IO[bytes], srclang: str, tgtlang: str) -> Iterator[tuple]:
    """:func:`read`, yielding each unit as the tuple of its :class:`TranslationUnit` fields, in order.

    Plain bodies are read by :mod:`.tmxscan`, several times faster; whatever it
    declines (from the ``<tu>`` where it stopped) and whole files it cannot
    rewind are read by lxml, which also gives every error.
    """
    if isinstance(source, os.PathLike):
        source = os.fspath(source)
    skip = 0
    fileobj = None
    try:
        fileobj = open(source, "rb") if isinstance(source, str) else source  # noqa: SIM115
        seekable = fileobj.seekable()
        start = fileobj.tell() if seekable else 0
    except OSError:
        seekable = False  # lxml reports it
    if seekable and fileobj is not None:
        try:
            yield from tmxscan.scan(fileobj, srclang, tgtlang, _fragment_reader(srclang, tgtlang), _date)
            return
        except tmxscan.Declined as declined:
            skip = declined.done
        except OSError:
            skip = 0
        finally:
            if fileobj is not source:
                fileobj.close()
        if fileobj is source:
            source.seek(start)
    elif fileobj is not None and fileobj is not source:
        fileobj.close()
    yield from _read_lxml(source, srclang, tgtlang, skip)


def scan_part(
    fileobj: IO[bytes],
    srclang: str,
    tgtlang: str,
    *,
    start: int | None = None,
    stop: int | None = None,
    progress: list[int] | None = None,
) -> Iterator[tuple]:
    """The fast reader alone on part of a file (:func:`.tmxscan.scan_part`): it may raise ``Declined``,
    after which :func:`read_fields_lxml` reads the rest."""
    return tmxscan.scan_part(
        fileobj, srclang, tgtlang, _fragment_reader(srclang, tgtlang), _date, start=start, stop=stop, progress=progress
    )


def read_fields_lxml(source: str | IO[bytes], srclang: str, tgtlang: str, *, skip: int = 0) -> Iterator[tuple]:
    """:func:`read_fields` by lxml alone, from the ``<tu>`` after the first *skip* (which are still checked)."""
    return _read_lxml(source, srclang, tgtlang, skip)


def _fragment_reader(srclang: str, tgtlang: str):
    src_tag, tgt_tag = srclang.lower(), tgtlang.lower()
    src_primary, tgt_primary = srclang.split("-")[0].lower(), tgtlang.split("-")[0].lower()

    def fragment(tu: etree._Element) -> tuple | None:
        return tu_fields(tu, src_tag, tgt_tag, src_primary, tgt_primary)

    return fragment


def _date(value: str | None) -> str | None:
    return value if value is None or _is_tmx_date(value) else normalize_date(value)


def tu_fields(tu: etree._Element, src_tag: str, tgt_tag: str, src_primary: str, tgt_primary: str) -> tuple | None:
    """The fields of the unit in a parsed ``<tu>``, or ``None`` if it lacks either language."""
    texts: dict[str, str] = {}
    props = []
    note = None
    # One pass over the children: this runs a million times on a big memory.
    for child in tu:
        tag = child.tag
        if tag == "tuv":
            lang = child.get(XML_LANG) or child.get("lang") or ""
            lang = lang.lower() if "_" not in lang else lang.replace("_", "-").lower()
            if lang in texts:
                continue
            for seg in child:
                if seg.tag == "seg":
                    texts[lang] = (seg.text or "") if not len(seg) else _seg_text(seg)
                    break
        elif tag == "prop":
            props.append((child.get("type", ""), child.text or ""))
        elif tag == "note" and note is None:
            note = child.text
    src = texts.get(src_tag)
    if src is None:
        src = tmxscan.pick(texts, src_primary)
    tgt = texts.get(tgt_tag)
    if tgt is None:
        tgt = tmxscan.pick(texts, tgt_primary)
    if src and tgt and not src.isspace() and not tgt.isspace():
        created, changed = tu.get("creationdate"), tu.get("changedate")
        return (
            src,
            tgt,
            created if created is None or _is_tmx_date(created) else normalize_date(created),
            changed if changed is None or _is_tmx_date(changed) else normalize_date(changed),
            tuple(props),
            note,
            tu.get("tuid"),
        )
    return None


def _read_lxml(source: str | IO[bytes], srclang: str, tgtlang: str, skip: int = 0) -> Iterator[tuple]:
    """The lxml reader; the first *skip* ``<tu>`` elements are parsed (and checked) but not read."""
    name = source if isinstance(source, str) else getattr(source, "name", "<tmx>")
    src_primary, tgt_primary = srclang.split("-")[0].lower(), tgtlang.split("-")[0].lower()
    src_tag, tgt_tag = srclang.lower(), tgtlang.lower()
    try:
        events = iterparse_safe(source, events=("end",), tag="tu")
        checked = False
        for seen, (_, tu) in enumerate(events, 1):
            if not checked:
                _check_root(tu.getroottree().getroot(), name)
                checked = True
            if seen > skip:
                fields = tu_fields(tu, src_tag, tgt_tag, src_primary, tgt_primary)
                if fields is not None:
                    yield fields
            tu.clear(keep_tail=False)
            if not seen & 1023:
                # Drop the cleared units in batches; one at a time costs more than the parse.
                body = tu.getparent()
                if body is not None:
                    del body[:-1]
        if not checked:
            _check_root(events.root, name)
    except etree.XMLSyntaxError as exc:
        # iterparse sometimes reports a generic "no element found" at line 0;
        # libxml2's log (last entry) has the real error and its line.
        msg, line = exc.msg, exc.lineno
        logged = exc.error_log.filter_from_errors()
        if logged and (not line or "no element found" in (msg or "")):
            msg, line = logged[-1].message, logged[-1].line
        raise InputError(f"not well-formed TMX ({msg}); fix or re-export the file", str(name), line or None) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(name)) from None
