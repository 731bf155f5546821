"""Shared fixtures: the real project files, a writable copy, and the official validators."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree, isoschematron

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SCHEMAS = SHARED / "schemas"

PARSER = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
SCH = "http://purl.oclc.org/dsdl/schematron"
SCH15 = "http://www.ascc.net/xml/schematron"
SVRL = "http://purl.oclc.org/dsdl/svrl"


def _need_schemas() -> None:
    if not SCHEMAS.is_dir():
        pytest.fail(f"the official schemas are missing: expected {SCHEMAS} (shared/ beside the repo)")


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped project (seeds, glossary, tmx)."""
    root = tmp_path / "proj"
    for name in ("seeds", "glossary", "tmx"):
        shutil.copytree(REPO / name, root / name)
    return root


class Validators:
    """The official TMX/TBX schemas as lxml validators; each returns a list of errors."""

    def __init__(self) -> None:
        _need_schemas()
        self._tmx_dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
        self._tmx_xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / "cat-tools/omegat/tmx14.xsd")))
        self._tbx3_rng = etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXcoreStructV03.rng"), PARSER))
        self._tbx3_sch = self._dca_schematron()
        v2 = SCHEMAS / "tbx-basic-v2"
        self._tbx2_rng = etree.RelaxNG(etree.parse(str(v2 / "TBXBasicRNGV02.rng"), PARSER))
        self._tbx2_sch = self._v2_schematron(v2 / "TBXBasicRNGV02.rng")

    @staticmethod
    def _dca_schematron() -> isoschematron.Schematron:
        # lxml runs XSLT 1.0 only; the .sch uses two XPath 2.0 forms with exact
        # 1.0 equivalents (see shared/schemas/README.md §2.3).
        tree = etree.parse(str(SCHEMAS / "TBX-Basic_DCA.sch"), PARSER)
        del tree.getroot().attrib["queryBinding"]
        rewrites = [
            (
                "matches(@target,'https?://.+')",
                "(string-length(substring-after(@target,'http://')) > 0"
                " or string-length(substring-after(@target,'https://')) > 0)",
            ),
            ("./local-name()", "local-name()"),
        ]
        for el in tree.iter(f"{{{SCH}}}rule", f"{{{SCH}}}assert", f"{{{SCH}}}report"):
            for attr in ("context", "test"):
                value = el.get(attr)
                if value:
                    for old, new in rewrites:
                        value = value.replace(old, new)
                    el.set(attr, value)
        return isoschematron.Schematron(tree, store_report=True)

    @staticmethod
    def _v2_schematron(rng_path: Path) -> isoschematron.Schematron:
        rng = etree.parse(str(rng_path), PARSER)
        sch = etree.Element(f"{{{SCH}}}schema", nsmap={"sch": SCH})
        for i, pattern in enumerate(rng.iter(f"{{{SCH15}}}pattern")):
            new_pattern = etree.SubElement(sch, f"{{{SCH}}}pattern", id=f"p{i}")
            for rule in pattern.iter(f"{{{SCH15}}}rule"):
                new_rule = etree.SubElement(new_pattern, f"{{{SCH}}}rule", context=rule.get("context"))
                for child in rule:
                    if child.tag in (f"{{{SCH15}}}assert", f"{{{SCH15}}}report"):
                        new = etree.SubElement(new_rule, child.tag.replace(SCH15, SCH), test=child.get("test"))
                        new.text = " ".join("".join(child.itertext()).split())
        assert len(sch), "no Schematron rules found in TBXBasicRNGV02.rng"
        return isoschematron.Schematron(sch, store_report=True)

    @staticmethod
    def _errors(validator, doc) -> list[str]:
        if validator.validate(doc):
            return []
        if isinstance(validator, isoschematron.Schematron):
            report = validator.validation_report
            return [" ".join("".join(f.itertext()).split()) for f in report.iter(f"{{{SVRL}}}failed-assert")]
        return [f"{e.line}: {e.message}" for e in validator.error_log.filter_from_errors()]

    def tmx(self, path: Path) -> list[str]:
        doc = etree.parse(str(path), PARSER)
        return self._errors(self._tmx_dtd, doc) + self._errors(self._tmx_xsd, doc)

    def tbx3(self, path: Path) -> list[str]:
        doc = etree.parse(str(path), PARSER)
        return self._errors(self._tbx3_rng, doc) + self._errors(self._tbx3_sch, doc)

    def tbx2(self, path: Path) -> list[str]:
        doc = etree.parse(str(path), PARSER)
        return self._errors(self._tbx2_rng, doc) + self._errors(self._tbx2_sch, doc)


@pytest.fixture(scope="session")
def validators() -> Validators:
    return Validators()
