"""Relationships and content types: adding a part's relationship and its content type, parsed and
serialised again (never spliced into the text)."""

from __future__ import annotations

from lxml import etree

from vbhc.ooxml.namespaces import CONTENT_TYPES_NS, PKG_RELS_NS
from vbhc.ooxml.safe import parse_xml


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)


def add_relationships(rels_xml: bytes, rels: list[tuple[str, str, str]], *, where: str) -> bytes:
    """The relationships part ``rels_xml`` with ``(id, type, target)`` relationships appended."""
    root = parse_xml(rels_xml, where=where)
    for rid, rel_type, target in rels:
        attributes = {"Id": rid, "Target": target, "Type": rel_type}
        etree.SubElement(root, f"{{{PKG_RELS_NS}}}Relationship", attributes)
    return _serialise(root)


def add_default_type(types_xml: bytes, extension: str, content_type: str) -> bytes:
    """``[Content_Types].xml`` with a ``Default`` for ``extension``, unless it already has one."""
    root = parse_xml(types_xml, where="[Content_Types].xml")
    tag = f"{{{CONTENT_TYPES_NS}}}Default"
    defaults = root.findall(tag)
    if any(d.get("Extension", "").lower() == extension for d in defaults):
        return types_xml
    default = etree.Element(tag, {"Extension": extension, "ContentType": content_type})
    if defaults:
        defaults[0].addprevious(default)
    else:
        root.insert(0, default)
    return _serialise(root)
