"""XML helpers shared by the format modules: safe parsing, clean text."""

from __future__ import annotations

import re

from lxml import etree

# XML 1.0 forbids most C0 controls; a stray one (pasted from a PDF) must not
# make lxml refuse the whole file at write time.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def safe_parser(**kwargs) -> etree.XMLParser:
    """A parser that never expands entities, loads a DTD or touches the network.

    >>> xxe = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    >>> etree.fromstring(xxe, safe_parser()).text is None
    True
    """
    return etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, dtd_validation=False, **kwargs
    )


def iterparse_safe(source, **kwargs) -> etree.iterparse:
    """:func:`lxml.etree.iterparse` with the same protections as :func:`safe_parser`."""
    return etree.iterparse(source, resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, **kwargs)
