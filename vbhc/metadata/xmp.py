"""The Phụ lục VI metadata in a PDF's XMP packet (pikepdf), written before the first signature.

Each Phụ lục VI tag is a simple property of the vbhc namespace (:data:`NAMESPACE`, prefix ``vbhc``);
a nested tag such as ``SignerInfo/FullName`` is the property ``vbhc:SignerInfo.FullName``, the
second recipient's name ``To/2/OrganName`` is ``vbhc:To.2.OrganName``. Beside them, the Dublin Core
and XMP Basic properties every PDF reader shows: ``dc:title`` (the trích yếu, ``Subject``),
``dc:creator`` (the agency, ``OrganName``), ``dc:language`` (``vi``: vbhc writes Vietnamese) and
``xmp:CreateDate``. Everything else in the packet (``pdfaid:part`` and ``pdfaid:conformance`` of a
PDF/A, the producer) is kept as it was. In a PDF/A the vbhc properties are declared in the packet's
PDF/A extension schema (``pdfaExtension:schemas``), as PDF/A requires of a schema it does not know.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from lxml import etree

from vbhc import nd30
from vbhc.errors import EnvironmentProblem, InputError, Vitri
from vbhc.ooxml.safe import parser
from vbhc.text import vi
from vbhc.text.xmltext import FORBIDDEN

#: The XML namespace of the Phụ lục VI properties (a URN: vbhc owns no web address for it; it ends
#: with «/» as XMP asks of a namespace).
NAMESPACE = "urn:vbhc:nd30:phu-luc-vi/"
PREFIX = "vbhc"
#: Separator of a nested tag in a field key (``SignerInfo/FullName``) and in its XMP name.
KEY_SEP, XMP_SEP = "/", "."
#: The most a PDF given to :func:`embed` or :func:`read` may weigh.
MAX_PDF_BYTES = 256 * 1024 * 1024
#: Fields that also fill the Dublin Core properties.
DC_FROM = {"dc:title": "Subject", "dc:creator": "OrganName"}

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
PDFA_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
PDFA_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PDFA_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
SCHEMA_NAME = "vbhc: siêu dữ liệu văn bản đi, Phụ lục VI Nghị định 30/2020/NĐ-CP"

_XPACKET_BEGIN = b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
_XPACKET_END = b'\n<?xpacket end="w"?>'
_HINT = "cài phần ký số của vbhc: pip install 'vbhc[sign]'"


def _pikepdf() -> Any:
    """pikepdf, imported on first use (it is an optional extra)."""
    try:
        import pikepdf
    except ImportError:
        raise EnvironmentProblem("cần thư viện pikepdf để đọc, ghi siêu dữ liệu PDF", goi_y=_HINT) from None
    return pikepdf


def _open(pdf: bytes, where: Vitri) -> Any:
    pikepdf = _pikepdf()
    if len(pdf) > MAX_PDF_BYTES:
        raise InputError(f"tệp PDF quá lớn (hơn {MAX_PDF_BYTES // (1024 * 1024)} MB)", where)
    if not pdf.startswith(b"%PDF-"):
        raise InputError("tệp không phải PDF (không bắt đầu bằng «%PDF-»)", where)
    try:
        return pikepdf.open(io.BytesIO(pdf))
    except (pikepdf.PdfError, ValueError) as error:
        raise InputError(f"không đọc được tệp PDF: {error}", where) from None


def _property(key: str, where: Vitri) -> str:
    """The XMP property name of a field key; InputError when it is not a Phụ lục VI style name."""
    name = key.replace(KEY_SEP, XMP_SEP)
    first, *rest = name.split(XMP_SEP)
    if not _tag(first) or not all(_tag(part) or (part.isascii() and part.isdigit()) for part in rest):
        raise InputError(
            f"tên trường siêu dữ liệu «{key}» không hợp lệ (cần dạng SignerInfo/FullName)", where
        )
    return f"{{{NAMESPACE}}}{name}"


def _tag(name: str) -> bool:
    return name.isascii() and name.isidentifier()


def _signed(pdf: Any) -> bool:
    """Whether some signature field of the document already holds a signature."""
    acroform = pdf.Root.get("/AcroForm")
    fields = list(acroform.get("/Fields", [])) if acroform is not None else []
    while fields:
        field = fields.pop()
        if field.get("/FT") == "/Sig" and field.get("/V") is not None:
            return True
        fields.extend(field.get("/Kids", []))
    return False


def embed(pdf: bytes, fields: Mapping[str, str], *, tep: str | None = None) -> bytes:
    """``pdf`` with ``fields`` (Phụ lục VI tag → value) in its XMP, and the Dublin Core properties.

    Refused on a PDF that is already signed: rewriting it would break the signature.
    """
    where = Vitri(tep=tep)
    properties = {}
    for key, value in fields.items():
        text = vi.nfc(str(value))
        if FORBIDDEN.search(text):
            raise InputError("giá trị có ký tự điều khiển không ghi được vào XMP", Vitri(tep=tep, truong=key))
        properties[_property(key, where)] = text
    with _open(pdf, where) as document:
        if _signed(document):
            raise InputError(
                "PDF đã được ký số: ghi siêu dữ liệu sẽ làm mất hiệu lực chữ ký",
                where,
                goi_y="ghi siêu dữ liệu vào bản PDF chưa ký, rồi mới ký",
            )
        _update_xmp(document, properties, fields)
        packet = document.Root.Metadata.read_bytes()
        if _is_pdfa(packet):
            document.Root.Metadata.write(_declare_schema(packet, [p.split("}")[1] for p in properties]))
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def _update_xmp(document: Any, properties: dict[str, str], fields: Mapping[str, str]) -> None:
    """Set ``properties`` and the Dublin Core properties in the document's XMP packet."""
    pikepdf = _pikepdf()
    pikepdf.models.metadata.PdfMetadata.register_xml_namespace(NAMESPACE, PREFIX)
    with document.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        for name in [key for key in meta if key.startswith(f"{{{NAMESPACE}}}")]:
            del meta[name]
        for name, value in properties.items():
            meta[name] = value
        if fields.get(DC_FROM["dc:title"]):
            meta["dc:title"] = vi.nfc(fields[DC_FROM["dc:title"]])
        if fields.get(DC_FROM["dc:creator"]):
            meta["dc:creator"] = [vi.nfc(fields[DC_FROM["dc:creator"]])]
        meta["dc:language"] = [nd30.NGON_NGU_MA]
        if "xmp:CreateDate" not in meta:
            meta["xmp:CreateDate"] = datetime.now(timezone.utc).isoformat(timespec="seconds")


def _is_pdfa(packet: bytes) -> bool:
    return PDFAID.encode() in packet


def _declare_schema(packet: bytes, names: list[str]) -> bytes:
    """``packet`` with the vbhc schema and its properties ``names`` in the PDF/A extension schemas
    (an earlier vbhc declaration is replaced, the declarations of other schemas kept)."""
    root = etree.fromstring(packet, parser(remove_blank_text=False))
    rdf = root.find(f"{{{RDF}}}RDF") if root.tag != f"{{{RDF}}}RDF" else root
    bag = rdf.find(f"{{{RDF}}}Description/{{{PDFA_EXTENSION}}}schemas/{{{RDF}}}Bag")
    if bag is None:
        description = etree.SubElement(rdf, f"{{{RDF}}}Description", nsmap={"pdfaExtension": PDFA_EXTENSION})
        description.set(f"{{{RDF}}}about", "")
        schemas = etree.SubElement(description, f"{{{PDFA_EXTENSION}}}schemas")
        bag = etree.SubElement(schemas, f"{{{RDF}}}Bag")
    for item in bag.findall(f"{{{RDF}}}li"):
        if item.findtext(f"{{{PDFA_SCHEMA}}}namespaceURI") == NAMESPACE:
            bag.remove(item)
    item = etree.SubElement(
        bag, f"{{{RDF}}}li", nsmap={"pdfaSchema": PDFA_SCHEMA, "pdfaProperty": PDFA_PROPERTY}
    )
    item.set(f"{{{RDF}}}parseType", "Resource")
    for tag, text in (("schema", SCHEMA_NAME), ("namespaceURI", NAMESPACE), ("prefix", PREFIX)):
        etree.SubElement(item, f"{{{PDFA_SCHEMA}}}{tag}").text = text
    seq = etree.SubElement(etree.SubElement(item, f"{{{PDFA_SCHEMA}}}property"), f"{{{RDF}}}Seq")
    for name in names:
        prop = etree.SubElement(seq, f"{{{RDF}}}li")
        prop.set(f"{{{RDF}}}parseType", "Resource")
        for tag, text in (("name", name), ("valueType", "Text"), ("category", "external"),
                          ("description", f"Phụ lục VI: {name.replace(XMP_SEP, KEY_SEP)}")):
            etree.SubElement(prop, f"{{{PDFA_PROPERTY}}}{tag}").text = text
    body = etree.tostring(root, encoding="utf-8")
    return _XPACKET_BEGIN + body + _XPACKET_END


def page_count(pdf: bytes, *, tep: str | None = None) -> int:
    """The number of pages of ``pdf`` (PageAmount)."""
    with _open(pdf, Vitri(tep=tep)) as document:
        return len(document.pages)


def read(pdf: bytes, *, tep: str | None = None) -> dict[str, str]:
    """The Phụ lục VI fields in the XMP of ``pdf`` (tag → value; nested tags as ``SignerInfo/FullName``);
    empty when it has none."""
    pikepdf = _pikepdf()
    pikepdf.models.metadata.PdfMetadata.register_xml_namespace(NAMESPACE, PREFIX)
    with _open(pdf, Vitri(tep=tep)) as document:
        meta = document.open_metadata()
        found = {}
        for key in meta:
            if key.startswith(f"{{{NAMESPACE}}}"):
                name = key[len(NAMESPACE) + 2 :].replace(XMP_SEP, KEY_SEP)
                found[name] = str(meta[key])
    return found


__all__ = ["NAMESPACE", "PREFIX", "embed", "page_count", "read"]
