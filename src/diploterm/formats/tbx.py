"""TBX: the termbase as TBX-Basic v3 (ISO 30042:2019, DCA) or TBX-Basic v2 (``martif``).

Both versions share one mapping (DESIGN.md §3); only element names, the
namespace and a few picklists differ, so one writer serves both through
:class:`Dialect`. Concepts are written one at a time (``xmlfile``), so a
100 000-concept termbase never sits in memory as one XML tree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO

from lxml import etree

from ..model import LANGS, Concept, Source, Term
from ..project import Config
from .xmlutil import xml_text

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
        etree.indent(root, space="  ")
        fileobj.write(_serialize(root, dialect) + b"\n")
        return 0
    body = skeleton.sub(text, "body")
    body.append(etree.Comment("BODY"))
    etree.indent(root, space="  ")
    head, tail = _serialize(root, dialect).split(b"<!--BODY-->")
    fileobj.write(head.rstrip())
    written = 0
    for el in _chain_first(first, elements):
        etree.indent(el, space="  ", level=3)
        fileobj.write(b"\n      " + etree.tostring(el, encoding="UTF-8"))
        written += 1
    fileobj.write(b"\n    " + tail.lstrip() + b"\n")
    return written


def _chain_first(first, rest):
    yield first
    yield from rest


def _serialize(root: etree._Element, dialect: Dialect) -> bytes:
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, doctype=dialect.doctype)
