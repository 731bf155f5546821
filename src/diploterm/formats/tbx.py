"""TBX: the termbase as TBX-Basic v3 (ISO 30042:2019, DCA) or TBX-Basic v2 (``martif``).

Both versions share one mapping (DESIGN.md §3); only element names, the
namespace and a few picklists differ, so one writer serves both through
:class:`Dialect`. Concepts are written one at a time (``xmlfile``), so a
100 000-concept termbase never sits in memory as one XML tree.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import IO

from lxml import etree

from ..errors import DiplotermError, InputError
from ..model import LANGS, PARTS_OF_SPEECH, TERM_TYPES, Concept, Source, Term
from ..project import Config
from ..termbase import SLUG_RE
from .fields import concept_id_for
from .xmlutil import iterparse_safe, xml_text

TBX3_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

ADMIN_STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
    # Only written when proposed terms are exported on request: TBX-Basic has
    # no 'proposed' value, and admitted is the closest a CAT tool understands.
    "proposed": "admittedTerm-admn-sts",
}


@dataclass(frozen=True)
class Dialect:
    name: str
    root: str
    header: str
    concept: str
    lang: str
    term: str
    ns: str | None
    doctype: str | None
    proper_noun: bool
    """Whether partOfSpeech allows ``properNoun`` (v2 yes, v3 no)."""


TBX3 = Dialect("tbx", "tbx", "tbxHeader", "conceptEntry", "langSec", "termSec", TBX3_NS, None, False)
TBX2 = Dialect(
    "tbx2",
    "martif",
    "martifHeader",
    "termEntry",
    "langSet",
    "tig",
    None,
    '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">',
    True,
)


def concept_xml_id(concept_id: str) -> str:
    """The TBX id of a concept: an NCName (xs:ID) even when the slug starts with a digit."""
    return f"c-{concept_id}"


def _date(timestamp: str | None) -> str | None:
    return timestamp[:10] if timestamp else None


def source_label(src: Source) -> str:
    """How a source is cited in artifacts: ``seeds/x.txt [12, 27] (pattern)`` or the reference."""
    parts = []
    if src.doc:
        parts.append(src.doc)
        spans = [f"{lang} [{s[0]}, {s[1]}]" for lang, s in (("es", src.es_span), ("en", src.en_span)) if s]
        if spans:
            parts.append("; ".join(spans))
    if src.pattern:
        parts.append(f"({src.pattern})")
    if src.ref:
        parts.append(src.ref)
    return " ".join(parts)


ContextFn = Callable[[Concept, str, Term], tuple[str, str] | None]
"""(concept, lang, term) -> (context sentence, its source) or None."""


class _Builder:
    def __init__(
        self, dialect: Dialect, config: Config, context: ContextFn | None, include_proposed: bool, namespaced: bool
    ):
        self.d = dialect
        self.ns = dialect.ns if namespaced else None
        self.config = config
        self.context = context
        self.include_proposed = include_proposed

    def q(self, tag: str) -> str:
        return f"{{{self.ns}}}{tag}" if self.ns else tag

    def sub(self, parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        el = etree.SubElement(parent, self.q(tag), attrs)
        if text is not None:
            el.text = xml_text(text)
        return el

    def transac(self, parent: etree._Element, kind: str, timestamp: str | None) -> None:
        if not timestamp:
            return
        grp = self.sub(parent, "transacGrp")
        self.sub(grp, "transac", kind, type="transactionType")
        self.sub(grp, "date", _date(timestamp))

    def concept(self, concept: Concept) -> etree._Element | None:
        langs = [(lang, concept.exported_terms(lang, include_proposed=self.include_proposed)) for lang in LANGS]
        if not all(terms for _, terms in langs):
            return None  # a one-sided entry gives CAT tools an empty target
        el = etree.Element(self.q(self.d.concept), id=concept_xml_id(concept.id))
        if concept.subject:
            self.sub(el, "descrip", concept.subject, type="subjectField")
        for src in concept.sources:
            self.sub(el, "admin", source_label(src), type="source")
        self.transac(el, "origination", concept.created)
        self.transac(el, "modification", concept.modified)
        if concept.note:
            self.sub(el, "note", concept.note)
        for lang, terms in langs:
            lang_el = self.sub(el, self.d.lang, **{XML_LANG: self.config.tag(lang)})
            definition = concept.definition(lang)
            if definition:
                self.sub(lang_el, "descrip", definition, type="definition")
            for term in terms:
                self.term(lang_el, concept, lang, term)
        return el

    def term(self, parent: etree._Element, concept: Concept, lang: str, term: Term) -> None:
        el = self.sub(parent, self.d.term)
        self.sub(el, "term", term.term)
        # termNotes must all come before descrip/admin/note (TBX core structure).
        if term.pos:
            pos = term.pos if (term.pos != "properNoun" or self.d.proper_noun) else "noun"
            self.sub(el, "termNote", pos, type="partOfSpeech")
        self.sub(el, "termNote", ADMIN_STATUS[term.status], type="administrativeStatus")
        if term.type:
            self.sub(el, "termNote", term.type, type="termType")
        if self.context is not None:
            found = self.context(concept, lang, term)
            if found:
                sentence, where = found
                grp = self.sub(el, "descripGrp")
                self.sub(grp, "descrip", sentence, type="context")
                self.sub(grp, "admin", where, type="source")
        if term.note:
            self.sub(el, "note", term.note)


def write(
    fileobj: IO[bytes],
    concepts: Iterable[Concept],
    config: Config,
    dialect: Dialect = TBX3,
    *,
    context: ContextFn | None = None,
    include_proposed: bool = False,
    source_desc: str = "Built by diploterm from glossary/terms/.",
) -> int:
    """Write *concepts* as TBX in *dialect*; return how many entries were written.

    Concepts with no exportable term in one language are left out (a glossary
    entry without a target is noise in a CAT tool); ``check`` reports them.
    """
    # The document skeleton is serialized once and split at a marker in <body>;
    # each entry is then serialized on its own between the two halves. Entries
    # are built without a namespace: in the text they sit inside the root's
    # default namespace, so they need no declaration of their own (lxml's
    # incremental writer would repeat one on every entry).
    skeleton = _Builder(dialect, config, context, include_proposed, namespaced=True)
    entries = _Builder(dialect, config, context, include_proposed, namespaced=False)
    root_attrs = {"type": "TBX-Basic"}
    if dialect.ns:
        root_attrs["style"] = "dca"
    root_attrs[XML_LANG] = config.en
    root = etree.Element(skeleton.q(dialect.root), root_attrs, nsmap={None: dialect.ns} if dialect.ns else None)
    header = skeleton.sub(root, dialect.header)
    file_desc = skeleton.sub(header, "fileDesc")
    skeleton.sub(skeleton.sub(file_desc, "titleStmt"), "title", config.title)
    skeleton.sub(skeleton.sub(file_desc, "sourceDesc"), "p", source_desc)
    if dialect is TBX2:
        skeleton.sub(skeleton.sub(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    text = skeleton.sub(root, "text")
    elements = (el for el in map(entries.concept, concepts) if el is not None)
    first = next(elements, None)
    if first is None:  # <body> needs at least one entry
        if dialect is TBX2:  # and v2 has no <text> without <body>
            raise DiplotermError(
                "TBX v2 cannot hold an empty glossary: no concept has terms in both languages yet "
                "(add one with 'glossary add')"
            )
        etree.indent(root, space="  ")
        fileobj.write(_serialize(root, dialect) + b"\n")
        return 0
    body = skeleton.sub(text, "body")
    body.append(etree.Comment("BODY"))
    etree.indent(root, space="  ")
    head, tail = _serialize(root, dialect).split(b"<!--BODY-->")
    fileobj.write(head.rstrip())
    written = 0
    for el in itertools.chain([first], elements):
        etree.indent(el, space="  ", level=3)
        fileobj.write(b"\n      " + etree.tostring(el, encoding="UTF-8"))
        written += 1
    fileobj.write(b"\n    " + tail.lstrip() + b"\n")
    return written


def _serialize(root: etree._Element, dialect: Dialect) -> bytes:
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, doctype=dialect.doctype)


# ---------------------------------------------------------------- reading
#
# One reader for both versions: elements are matched by local name, so a v3
# ``conceptEntry/langSec/termSec`` and a v2 ``termEntry/langSet/tig`` (or
# ``ntig/termGrp``) give the same Concept. Reading what :func:`write` wrote
# gives concepts that :func:`write` turns into the same bytes. A source label
# is read as a corpus document when it starts with a path (``seeds/x.txt``),
# otherwise as a published reference.

_STATUS_FROM_TBX = {
    "preferredTerm-admn-sts": "preferred",
    "admittedTerm-admn-sts": "admitted",
    "deprecatedTerm-admn-sts": "deprecated",
    "supersededTerm-admn-sts": "deprecated",
}
_ENTRY_TAGS = ("conceptEntry", "termEntry")
_SOURCE_LABEL = re.compile(
    r"^(?P<doc>[^\s()\[\]]*/[^\s()\[\]/]+\.(?:txt|md|html?|xml))"
    r"(?: (?P<spans>(?:es|en) \[\d+, \d+\](?:; (?:es|en) \[\d+, \d+\])?))?"
    r"(?: \((?P<pattern>[^()]*)\))?"
    r"(?: (?P<ref>.+))?$"
)


def parse_source_label(label: str) -> Source:
    """The inverse of :func:`source_label`; text it did not write becomes a ``ref``.

    >>> parse_source_label("seeds/001.txt es [5, 9]; en [1, 4] (manual)")
    Source(doc='seeds/001.txt', es_span=(5, 9), en_span=(1, 4), pattern='manual', ref=None)
    >>> parse_source_label("Convención de Caracas (1954)")
    Source(doc=None, es_span=None, en_span=None, pattern=None, ref='Convención de Caracas (1954)')
    """
    m = _SOURCE_LABEL.match(label)
    if m:
        spans = {}
        for part in (m.group("spans") or "").split("; "):
            if part:
                lang, rest = part.split(" ", 1)
                start, end = (int(v) for v in rest.strip("[]").split(", "))
                if start < end:
                    spans[lang] = (start, end)
        src = Source(doc=m.group("doc"), es_span=spans.get("es"), en_span=spans.get("en"),
                     pattern=m.group("pattern") or None, ref=m.group("ref"))  # fmt: skip
        if source_label(src) == label:
            return src
    return Source(ref=label)


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _text(el: etree._Element, name: str) -> str | None:
    for node in el.iter():
        if node.tag is etree.Entity:
            raise InputError(
                f"the file uses the XML entity {node.text}, which diploterm never expands "
                "(entities can read local files or blow up memory); replace it with its text",
                name,
                node.sourceline or el.sourceline,
            )
    text = "".join(el.itertext()).strip()
    return text or None


_INDENT = re.compile(r"[ \t]*\n[ \t]+")


def _prose(el: etree._Element, name: str, tidy: bool) -> str | None:
    """A note or definition; *tidy* undoes the line breaks a pretty-printer put inside it."""
    text = _text(el, name)
    return _INDENT.sub(" ", text) if text and tidy else text


def _timestamp(value: str | None) -> str | None:
    """A TBX ``date`` (xs:date or xs:dateTime) as the model's UTC timestamp, or ``None``."""
    if not value:
        return None
    value = value.strip()
    try:
        if len(value) == 10:
            moment = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=timezone.utc)
        else:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _children(el: etree._Element, *names: str) -> list[etree._Element]:
    """Children named *names*, looking inside the ``…Grp`` wrappers too."""
    found = []
    for child in el:
        name = _local(child)
        if name in names:
            found.append(child)
        elif name.endswith("Grp") and name not in ("termGrp",):
            found += [c for c in child if _local(c) in names]
    return found


def _lang_key(tag: str | None) -> str | None:
    primary = (tag or "").replace("_", "-").split("-")[0].lower()
    return primary if primary in LANGS else None


def _read_term(el: etree._Element, name: str, tidy: bool) -> Term | None:
    # v2 ntig keeps term and termNotes in a termGrp
    holder = next((c for c in el if _local(c) == "termGrp"), el)
    term_el = next((c for c in holder if _local(c) == "term"), None)
    text = _text(term_el, name) if term_el is not None else None
    if text is None:
        return None
    notes = {}
    for note in _children(holder, "termNote"):
        notes.setdefault(note.get("type"), _text(note, name))
    pos = notes.get("partOfSpeech")
    ttype = notes.get("termType")
    term_notes = [t for n in _children(el, "note") if (t := _prose(n, name, tidy))]
    return Term(
        term=text,
        status=_STATUS_FROM_TBX.get(notes.get("administrativeStatus") or "", ""),
        pos=pos if pos in PARTS_OF_SPEECH else None,
        type=ttype if ttype in TERM_TYPES else None,
        note="\n".join(term_notes) or None,
    )


def _read_entry(entry: etree._Element, name: str, tidy: bool) -> Concept | None:
    concept = Concept(id="")
    subject = next((d for d in _children(entry, "descrip") if d.get("type") == "subjectField"), None)
    concept.subject = _text(subject, name) if subject is not None else None
    for admin in _children(entry, "admin"):
        label = _text(admin, name)
        if admin.get("type") == "source" and label:
            concept.sources.append(parse_source_label(label))
    for grp in (c for c in entry if _local(c) == "transacGrp"):
        kind = next((_text(t, name) for t in grp if _local(t) == "transac"), None)
        date = next((_timestamp(_text(d, name)) for d in grp if _local(d) == "date"), None)
        if kind == "origination" and concept.created is None:
            concept.created = date
        elif kind == "modification":
            concept.modified = max(filter(None, (concept.modified, date)), default=None)
    notes = [t for n in entry if _local(n) == "note" and (t := _prose(n, name, tidy))]
    notes += [t for d in _children(entry, "descrip") if d.get("type") == "definition" and (t := _prose(d, name, tidy))]
    concept.note = "\n".join(notes) or None
    for lang_el in (c for c in entry if _local(c) in ("langSec", "langSet")):
        lang = _lang_key(lang_el.get(XML_LANG) or lang_el.get("lang"))
        if lang is None:
            continue  # a third language: the termbase holds Spanish and English only
        for d in _children(lang_el, "descrip"):
            if d.get("type") == "definition" and concept.definition(lang) is None:
                setattr(concept, f"definition_{lang}", _prose(d, name, tidy))
        for grp in (c for c in lang_el if _local(c) == "descripGrp"):
            if any(_local(d) == "descrip" and d.get("type") == "definition" for d in grp):
                refs = [t for a in grp if _local(a) == "admin" and a.get("type") == "source" and (t := _text(a, name))]
                concept.sources += [Source(ref=r) for r in refs if Source(ref=r) not in concept.sources]
        terms = [t for el in lang_el if _local(el) in ("termSec", "tig", "ntig") and (t := _read_term(el, name, tidy))]
        if terms and not any(t.status for t in terms):
            # no statuses at all: the first term is the entry's main term
            terms = [replace(t, status="preferred" if i == 0 else "admitted") for i, t in enumerate(terms)]
        concept.terms(lang).extend(replace(t, status=t.status or "admitted") for t in terms)
    if not concept.es and not concept.en:
        return None
    raw_id = (entry.get("id") or "").strip()
    if raw_id.startswith("c-") and SLUG_RE.match(raw_id[2:]):
        concept.id = raw_id[2:]
    else:
        # foreign ids (c1, 42, a GUID) mean nothing across files: name the concept by its term
        first = concept.preferred("es") or concept.preferred("en") or (concept.es or concept.en)[0]
        concept.id = concept_id_for(first.term)
    return concept


def read(fileobj: IO[bytes], name: str) -> Iterator[Concept]:
    """Stream the Spanish-English concepts of a TBX v3 or v2 file.

    Other languages are skipped, as are entries with neither Spanish nor
    English terms. XML entities are refused, never expanded.
    """
    root_seen = False
    # Other tools pretty-print inside notes; our writer never does, and keeps line breaks as they are.
    tidy = True
    try:
        for event, el in iterparse_safe(fileobj, events=("start", "end")):
            if not root_seen:
                root_seen = True
                if _local(el) not in ("tbx", "martif"):
                    found = f"the root element is <{_local(el)}>, not <tbx> or <martif>"
                    raise InputError(f"not a TBX file: {found}", name, el.sourceline)
                continue
            if event == "end" and _local(el) in ("tbxHeader", "martifHeader"):
                tidy = "Built by diploterm" not in "".join(el.itertext())
            if event != "end" or _local(el) not in _ENTRY_TAGS:
                continue
            concept = _read_entry(el, name, tidy)
            if concept is not None:
                yield concept
            el.clear(keep_tail=False)
            while el.getprevious() is not None:
                del el.getparent()[0]
    except etree.XMLSyntaxError as exc:
        hint = ""
        if "encoding" in exc.msg.lower() or "utf-8" in exc.msg.lower():
            hint = '; save the file as UTF-8 or declare its encoding (<?xml version="1.0" encoding="…"?>)'
        raise InputError(f"not well-formed XML: {exc.msg}{hint}", name, exc.lineno or None) from None


def read_tbx3(fileobj: IO[bytes], name: str) -> Iterator[Concept]:
    """TBX-Basic v3 (``<tbx>``); the same reader as :func:`read`."""
    return read(fileobj, name)


def read_tbx2(fileobj: IO[bytes], name: str) -> Iterator[Concept]:
    """TBX v2 (``<martif>``); the same reader as :func:`read`."""
    return read(fileobj, name)
