"""A fast reader for the common shape of a TMX body, that declines whatever else it meets.

:func:`diploterm.formats.tmx.read` is an lxml ``iterparse`` loop: safe and
complete, but a million units cost a Python object per element, attribute and
text. Most TMX bodies are plain, though: ``<tu>`` after ``<tu>``, each with a
few ``<prop>``/``<note>`` and ``<tuv>``\\s holding one ``<seg>`` of text. This
module matches such units with one compiled regular expression over large
decoded chunks, which is several times faster.

It gives exactly the units the lxml reader gives, or declines. The rules:

- the prolog (everything up to ``<body>``) is parsed by lxml with the safe
  parser; an internal DTD subset, a namespace, an encoding other than UTF-8,
  anything unusual there declines the whole file;
- a unit the expression does not match (inline codes, comments, CDATA,
  ``<seg/>``...) is parsed alone by lxml and read by the same code as in the
  lxml reader (:func:`diploterm.formats.tmx.tu_fields`);
- anything else (an entity other than the five XML ones, a character XML
  forbids, bytes that are not UTF-8, a duplicate attribute, text outside the
  units, a huge unit, a file cut short) raises :class:`Declined` with the
  number of ``<tu>`` elements already read; the caller re-reads the file with
  lxml, skipping those. lxml then gives the units or the error, with its line:
  this module never decides that a file is broken, so it cannot weaken the
  checks (tests/test_tmxscan.py holds the two readers to each other).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from typing import IO

from lxml import etree

from .xmlutil import safe_parser

CHUNK = 1 << 22
"""Bytes read at a time."""
HEAD = 1 << 20
"""The prolog (up to ``<body>``) must be in the first this many bytes."""
MAX_UNIT = 1 << 20
"""A ``<tu>`` longer than this (characters) is left to lxml, which enforces its own limits on huge text."""
_SHAPES = 16
"""Unit shapes (sequences of children) given their own expression; others take the general one."""
_CACHE = 4096
"""Distinct attribute and prop strings remembered (dates, languages and prop values repeat)."""

# The record the readers yield: the fields of model.TranslationUnit, in order.
Fields = tuple

_S = r"[ \t\n]"  # XML white space (carriage returns are normalised away before matching)
_NAME = r"[A-Za-z_][-A-Za-z0-9_.]*(?::[A-Za-z_][-A-Za-z0-9_.]*)?"
_ATTRS = rf"(?:{_S}+{_NAME}{_S}*={_S}*(?:\"[^\"<]*\"|'[^'<]*'))*"
_TU = re.compile(
    rf"{_S}*<tu({_ATTRS}){_S}*>"
    rf"((?:{_S}*<(?P<pn>prop|note)(?:{_ATTRS}){_S}*>[^<]*</(?P=pn){_S}*>)*)"
    rf"((?:{_S}*<tuv{_ATTRS}{_S}*>{_S}*<seg{_S}*>[^<]*</seg{_S}*>{_S}*</tuv{_S}*>)+)"
    rf"{_S}*</tu{_S}*>"
)
_ATTRS_ONLY = re.compile(rf"{_ATTRS}{_S}*")
_TUV = re.compile(rf"<tuv({_ATTRS}){_S}*>{_S}*<seg{_S}*>([^<]*)<")
_PRE = re.compile(rf"<(prop|note)({_ATTRS}){_S}*>([^<]*)<")
_ATTR = re.compile(rf"{_S}+({_NAME}){_S}*={_S}*(?:\"([^\"<]*)\"|'([^'<]*)')")
_REF = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_XML_BYTES = bytes([9, 10, 13, *range(32, 256)])
"""The bytes that may appear in UTF-8 XML (deleting them leaves the control characters it forbids)."""
_START = re.compile(rf"{_S}*<tu[ \t\n>]")
_END = re.compile(rf"{_S}*</body{_S}*>{_S}*</tmx{_S}*>{_S}*\Z")
_BLANK = re.compile(rf"{_S}*")
_TU_TAG = re.compile(rb"<tu[ \t\r\n>]")
_BODY = re.compile(rb"<body[ \t\r\n]*>")
_SUBSET = re.compile(rb"<!DOCTYPE[^>]*\[")
_DECL_ENCODING = re.compile(rb"^<\?xml[^>]*?encoding[ \t\r\n]*=[ \t\r\n]*[\"']([^\"']*)[\"']")


def _shape_regex(shape: tuple[str, ...]) -> re.Pattern:
    """An expression for units whose children are exactly *shape* (``prop``, ``note``, ``tuv``...): no
    repetition, so it matches several times faster than :data:`_TU`. Attributes are captured loosely
    and checked by :func:`_attrs`."""
    parts = [rf"{_S}*<tu([^<>]*)>"]
    for kind in shape:
        if kind == "tuv":
            parts.append(rf"{_S}*<tuv([^<>]*)>{_S}*<seg{_S}*>([^<]*)</seg{_S}*>{_S}*</tuv{_S}*>")
        else:
            parts.append(rf"{_S}*<({kind})([^<>]*)>([^<]*)</{kind}{_S}*>")
    parts.append(rf"{_S}*</tu{_S}*>")
    return re.compile("".join(parts))


class Declined(Exception):
    """The file has something this reader does not handle; lxml must read it from ``<tu>`` number *done*."""

    def __init__(self, done: int) -> None:
        super().__init__(done)
        self.done = done


def _is_xml_char(c: int) -> bool:
    return c in (0x9, 0xA, 0xD) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD or 0x10000 <= c <= 0x10FFFF


def _ref(m: re.Match) -> str:
    name, dec, hexa = m.groups()
    if name:
        return _ENTITIES[name]
    code = int(dec) if dec else int(hexa, 16)
    # 0 marks a reference to a character XML forbids: the caller declines
    return chr(code) if _is_xml_char(code) else "\0"


def _unescape(text: str) -> str | None:
    """Text with its references replaced, or ``None`` if one is not a predefined entity or allowed character."""
    if text.count("&") != len(_REF.findall(text)):
        return None  # a bare & or another entity: lxml decides
    out = _REF.sub(_ref, text)
    return None if "\0" in out else out


def _text(raw: str) -> str | None:
    if "]]>" in raw:  # not allowed in character data
        return None
    return _unescape(raw) if "&" in raw else raw


def _attrs(raw: str) -> dict[str, str] | None:
    """Attribute names and values as lxml reports them (white space normalised), or ``None`` to decline."""
    if not _ATTRS_ONLY.fullmatch(raw):
        return None
    out: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        name = m.group(1)
        if name in out or name.startswith("xmlns") or (":" in name and not name.startswith("xml:")):
            return None  # a duplicate is an error; namespaces change what the names mean
        value = m.group(2) if m.group(2) is not None else m.group(3)
        if "\t" in value or "\n" in value:
            value = value.replace("\t", " ").replace("\n", " ")
        if "&" in value:
            value = _unescape(value)
            if value is None:
                return None
        out[name] = value
    return out


class _Scanner:
    def __init__(
        self,
        srclang: str,
        tgtlang: str,
        fragment: Callable[[etree._Element], Fields | None],
        date: Callable[[str | None], str | None],
    ) -> None:
        self.src_tag, self.tgt_tag = srclang.lower(), tgtlang.lower()
        self.src_primary, self.tgt_primary = srclang.split("-")[0].lower(), tgtlang.split("-")[0].lower()
        self.srclang, self.tgtlang = srclang, tgtlang
        self.fragment = fragment
        self.date = date
        self.done = 0
        self.tu_attrs: dict[str, tuple] = {}
        self.langs: dict[str, str | None] = {}
        self.pres: dict[str, tuple] = {}
        self.template_props: dict[tuple, tuple] = {}
        self.parser = safe_parser()

    def decline(self) -> Declined:
        return Declined(self.done)

    def tu_head(self, raw: str) -> tuple:
        got = self.tu_attrs.get(raw)
        if got is None:
            attrs = _attrs(raw)
            if attrs is None:
                raise self.decline()
            got = (self.date(attrs.get("creationdate")), self.date(attrs.get("changedate")), attrs.get("tuid"))
            if len(self.tu_attrs) < _CACHE:
                self.tu_attrs[raw] = got
        return got

    def lang(self, raw: str) -> str:
        lang = self.langs.get(raw)
        if lang is None:
            attrs = _attrs(raw)
            if attrs is None:
                raise self.decline()
            lang = attrs.get("xml:lang") or attrs.get("lang") or ""
            lang = lang.lower() if "_" not in lang else lang.replace("_", "-").lower()
            if len(self.langs) < _CACHE:
                self.langs[raw] = lang
        return lang

    def pre(self, raw: tuple) -> tuple:
        """The props and note of a unit from the (kind, attributes, text) of each."""
        got = self.pres.get(raw)
        if got is None:
            props = []
            note = None
            seen_note = False
            for k in range(0, len(raw), 3):
                tag, attrs_raw, text_raw = raw[k : k + 3]
                attrs = _attrs(attrs_raw)
                text = _text(text_raw)
                if attrs is None or text is None:
                    raise self.decline()
                if tag == "prop":
                    props.append((attrs.get("type", ""), text))
                elif not seen_note:
                    seen_note = True
                    note = text or None  # lxml's .text of an empty element is None
            got = (tuple(props), note)
            if len(self.pres) < _CACHE:
                self.pres[raw] = got
        return got

    def shaped(self, g: tuple, cut: int) -> Fields | None:
        """The unit from the groups of a shape's match (see :func:`_shape_regex`): ``<tu>`` attributes,
        (kind, attributes, text) per prop or note, then (attributes, text) per tuv from *cut*."""
        if len(g) == cut + 4:
            # The common case, inlined: two tuvs in the pair read, attributes seen before.
            a1, src, a2, tgt = g[cut:]
            langs = self.langs
            if langs.get(a1) == self.src_tag and langs.get(a2) == self.tgt_tag:
                if "&" in src or "]]>" in src:
                    src = _text(src)
                if "&" in tgt or "]]>" in tgt:
                    tgt = _text(tgt)
                head = g[0]
                if head:
                    head = self.tu_attrs.get(head) or self.tu_head(head)
                pre = g[1:cut]
                if pre:
                    pre = self.pres.get(pre) or self.pre(pre)
                if src is None or tgt is None:
                    raise self.decline()
                if not src or not tgt or src.isspace() or tgt.isspace():
                    return None
                created, changed, tuid = head or (None, None, None)
                props, note = pre or ((), None)
                return (src, tgt, created, changed, props, note, tuid)
        return self.fields(g[0], g[1:cut], g[cut:])

    def fields(self, head: str, pre: tuple, tuvs: tuple[str, ...]) -> Fields | None:
        """The unit from the raw strings of its ``<tu>`` attributes, props and notes (kind, attributes, text,
        kind...) and ``<tuv>``\\s (attributes, text, attributes...)."""
        if len(tuvs) == 4:
            a1, src, a2, tgt = tuvs
            langs = self.langs
            if (langs.get(a1) or self.lang(a1)) == self.src_tag and (langs.get(a2) or self.lang(a2)) == self.tgt_tag:
                if "&" in src or "]]>" in src:
                    src = _text(src)
                if "&" in tgt or "]]>" in tgt:
                    tgt = _text(tgt)
                if src is None or tgt is None:
                    raise self.decline()
                return self._unit(head, pre, src, tgt)
        texts: dict[str, str] = {}
        for k in range(0, len(tuvs), 2):
            attrs_raw, raw = tuvs[k], tuvs[k + 1]
            lang = self.lang(attrs_raw)
            text = _text(raw)  # checked even when unused: lxml checks every text
            if text is None:
                raise self.decline()
            if lang not in texts:
                texts[lang] = text
        src = texts.get(self.src_tag)
        if src is None:
            src = pick(texts, self.src_primary)
        tgt = texts.get(self.tgt_tag)
        if tgt is None:
            tgt = pick(texts, self.tgt_primary)
        return self._unit(head, pre, src, tgt)

    def _unit(self, head: str, pre: tuple, src: str | None, tgt: str | None) -> Fields | None:
        # Attributes, props and notes are checked even for a unit that is skipped.
        created, changed, tuid = (self.tu_attrs.get(head) or self.tu_head(head)) if head else (None, None, None)
        props, note = (self.pres.get(pre) or self.pre(pre)) if pre else ((), None)
        if not src or not tgt or src.isspace() or tgt.isspace():
            return None
        return (src, tgt, created, changed, props, note, tuid)

    def generic(self, m: re.Match) -> tuple[tuple[str, ...], Fields | None]:
        """A unit matched by the general expression: its shape (kinds of children) and fields."""
        head, pre_raw, tuvs_raw = m.group(1, 2, 4)
        pre = tuple(x for triple in _PRE.findall(pre_raw) for x in triple)
        tuvs = tuple(x for pair in _TUV.findall(tuvs_raw) for x in pair)
        shape = tuple(pre[::3]) + ("tuv",) * (len(tuvs) // 2)
        return shape, self.fields(head, pre, tuvs), pre, tuvs

    def template(self, pre: tuple, tuvs: tuple) -> tuple[Callable, Callable] | None:
        """For a unit of props and two tuvs in the pair read: an expression for units with the same
        markup to the letter but for the ``<tu>`` attributes and the texts, and the function that
        reads its match. The most common shape by far (a memory's units differ in their texts and
        dates only), and the fastest: four groups, no language to look up."""
        if len(tuvs) != 4 or any(kind != "prop" for kind in pre[::3]):
            return None
        if self.lang(tuvs[0]) != self.src_tag or self.lang(tuvs[2]) != self.tgt_tag:
            return None
        types = []
        parts = [rf"{_S}*<tu([^<>]*)>"]
        for k in range(0, len(pre), 3):
            attrs = _attrs(pre[k + 1])
            if attrs is None:
                return None
            types.append(attrs.get("type", ""))
            parts.append(rf"{_S}*<prop{re.escape(pre[k + 1])}{_S}*>([^<]*)</prop{_S}*>")
        for raw in (tuvs[0], tuvs[2]):
            parts.append(rf"{_S}*<tuv{re.escape(raw)}{_S}*>{_S}*<seg{_S}*>([^<]*)</seg{_S}*>{_S}*</tuv{_S}*>")
        parts.append(rf"{_S}*</tu{_S}*>")
        return re.compile("".join(parts)).match, self._templated(tuple(types))

    def _templated(self, types: tuple[str, ...]) -> Callable[[tuple], Fields | None]:
        n = len(types)
        tu_attrs, tu_head, cache, decline = self.tu_attrs, self.tu_head, self.template_props, self.decline
        no_head = (None, None, None)

        def unit(g: tuple) -> Fields | None:
            src, tgt = g[n + 1], g[n + 2]
            if "&" in src or "]]>" in src:
                src = _text(src)
            if "&" in tgt or "]]>" in tgt:
                tgt = _text(tgt)
            head = g[0]
            head = (tu_attrs.get(head) or tu_head(head)) if head else no_head
            props = ()
            if n:
                key = (types, g[1 : n + 1])
                props = cache.get(key)
                if props is None:
                    values = [_text(t) for t in key[1]]
                    if None in values:
                        raise decline()
                    props = tuple(zip(types, values, strict=True))
                    if len(cache) < _CACHE:
                        cache[key] = props
            if src is None or tgt is None:
                raise decline()
            if not src or not tgt or src.isspace() or tgt.isspace():
                return None
            return (src, tgt, head[0], head[1], props, None, head[2])

        return unit

    def shape_reader(self, cut: int) -> Callable[[tuple], Fields | None]:
        shaped = self.shaped
        return lambda g: shaped(g, cut)

    def units(self, fileobj: IO[bytes], start: int | None = None, stop: int | None = None) -> Iterator[Fields]:
        """The units of the file (see :func:`scan_part`)."""
        sc = self
        if start is None:
            head = fileobj.read(HEAD if stop is None else min(HEAD, stop))
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\0" in head[:4]:
                raise Declined(0)
            body = _prolog(head)
            if body < 0:
                raise Declined(0)
            first = head[body:]
            left = None if stop is None else stop - len(head)
        else:
            fileobj.seek(start)
            first = fileobj.read(CHUNK if stop is None else min(CHUNK, stop - start))
            left = None if stop is None else stop - start - len(first)
        match_tu, start_tu = _TU.match, _START.match
        # Expressions for the unit shapes met so far, each with the function that reads its match.
        shapes: dict[tuple, tuple[Callable, Callable]] = {}
        match = read = None  # the one that matched last
        buf = ""
        for text in _texts(fileobj, first, sc, left):
            buf += text
            pos = 0
            while True:
                m = match(buf, pos) if match is not None else None
                if m is not None:
                    fields = read(m.groups())
                else:
                    for other, other_read in shapes.values():
                        m = other(buf, pos)
                        if m is not None:
                            match, read = other, other_read
                            fields = read(m.groups())
                            break
                    else:
                        m = match_tu(buf, pos)
                        if m is not None:
                            shape, fields, pre, tuvs = sc.generic(m)
                            if shape not in shapes and len(shapes) < _SHAPES:
                                template = sc.template(pre, tuvs)
                                if template is not None:  # tried first: it is the narrower
                                    shapes[("template", *pre[1::3], tuvs[0], tuvs[2])] = template
                                cut = 1 + 3 * (len(shape) - shape.count("tuv"))
                                shapes[shape] = (_shape_regex(shape).match, sc.shape_reader(cut))
                                match, read = template or shapes[shape]
                if m is not None:
                    pos = m.end()
                    sc.done += 1
                    if fields is not None:
                        yield fields
                    continue
                if not start_tu(buf, pos):
                    break
                end = buf.find("</tu>", pos)
                if end < 0:
                    break
                fields = sc.other_unit(buf[pos : end + 5].lstrip(" \t\n"))
                pos = end + 5
                sc.done += 1
                if fields is not None:
                    yield fields
            buf = buf[pos:]
            if len(buf) > MAX_UNIT:
                raise sc.decline()
        if not (_END.match(buf) if stop is None else _BLANK.fullmatch(buf)):
            raise sc.decline()  # closing tags, or (a part that stops early) white space up to the next unit

    def other_unit(self, block: str) -> Fields | None:
        """A ``<tu>`` the expression does not match, parsed alone by lxml."""
        if len(block) > MAX_UNIT:
            raise self.decline()
        try:
            tu = etree.fromstring(block, self.parser)
        except (etree.XMLSyntaxError, ValueError):
            raise self.decline() from None
        if tu.tag != "tu" or any(True for _ in tu.iterdescendants("tu")):
            raise self.decline()
        return self.fragment(tu)


def pick(texts: dict[str, str], primary: str) -> str | None:
    """The text in the primary language *primary* (``es``), after the exact tag was not found."""
    if primary in texts:
        return texts[primary]
    for lang, text in texts.items():
        if lang.split("-")[0] == primary:
            return text
    return None


def _prolog(head: bytes) -> int:
    """Where the body's content starts in *head* (after ``<body>``), or -1 to decline the file."""
    m = _BODY.search(head)
    if m is None:
        return -1
    decl = _DECL_ENCODING.match(head[3:] if head.startswith(codecs.BOM_UTF8) else head)
    if decl and decl.group(1).lower() not in (b"utf-8", b"utf8"):
        return -1
    try:
        root = etree.fromstring(head[: m.end()] + b"</body></tmx>", safe_parser())
    except (etree.XMLSyntaxError, ValueError):
        return -1
    if _SUBSET.search(head, 0, m.start()):
        return -1  # entity declarations: lxml decides what the references mean
    if root.tag != "tmx" or root.nsmap or root[-1].tag != "body":
        return -1
    if any(True for _ in root.iter("tu")):
        return -1
    return m.end()


def scan(
    fileobj: IO[bytes],
    srclang: str,
    tgtlang: str,
    fragment: Callable[[etree._Element], Fields | None],
    date: Callable[[str | None], str | None],
) -> Iterator[Fields]:
    """Yield the (srclang, tgtlang) units of the TMX in *fileobj* as :data:`Fields`, or raise :class:`Declined`.

    *fragment* reads a ``<tu>`` element parsed by lxml and *date* normalises a
    date attribute: the lxml reader's own code, so both readers agree.
    """
    return _Scanner(srclang, tgtlang, fragment, date).units(fileobj)


def split_point(fileobj: IO[bytes], offset: int) -> int | None:
    """The position of the first ``<tu`` start tag at or after *offset* (to read a file in two parts), if any.

    Only a candidate: it is a real unit boundary if a scan of the first part,
    stopped there, ends between units (:func:`scan_part`).
    """
    fileobj.seek(offset)
    data = fileobj.read(MAX_UNIT)
    m = _TU_TAG.search(data)
    return None if m is None else offset + m.start()


def scan_part(
    fileobj: IO[bytes],
    srclang: str,
    tgtlang: str,
    fragment: Callable[[etree._Element], Fields | None],
    date: Callable[[str | None], str | None],
    *,
    start: int | None = None,
    stop: int | None = None,
    progress: list[int] | None = None,
) -> Iterator[Fields]:
    """:func:`scan` of the bytes from *start* (a :func:`split_point`; ``None``: the file's start, prolog
    included) to *stop* (``None``: the end, whose closing tags are checked).

    A part that stops at *stop* must end between units. ``progress[0]`` is
    set to the number of ``<tu>`` elements read when the part is done (or
    declined: :class:`Declined` has it too).
    """
    sc = _Scanner(srclang, tgtlang, fragment, date)
    try:
        yield from sc.units(fileobj, start, stop)
    finally:
        if progress is not None:
            progress[0] = sc.done


def _texts(fileobj: IO[bytes], first: bytes, sc: _Scanner, left: int | None) -> Iterator[str]:
    """*first* and the rest of the file (or *left* more bytes) as decoded text, line ends normalised as
    XML does; declines what lxml would refuse."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    carry = ""
    data = first
    while True:
        final = not data
        if data.translate(None, _XML_BYTES):
            raise sc.decline()  # a control character XML forbids
        try:
            text = decoder.decode(data, final)
        except UnicodeDecodeError:
            raise sc.decline() from None
        if "\ufffe" in text or "\uffff" in text:
            raise sc.decline()
        text = carry + text
        carry = ""
        if "\r" in text:
            if text.endswith("\r") and not final:
                carry, text = "\r", text[:-1]  # it may be the first half of a CR LF
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        yield text
        if final:
            return
        if left is None:
            data = fileobj.read(CHUNK)
        else:
            data = fileobj.read(min(CHUNK, left))
            left -= len(data)
