"""edXML messages (QCVN 102:2016/BTTTT): an issued document as agencies exchange it, written and read.

The text of QCVN 102:2016 is not at hand; the structure follows the public implementations listed in
``docs/ky-so.md`` §5 (the VPCP SDK sample ``edoc_new.edxml`` as they reproduce it, the Bkav eDoc SDK):

``edXML`` (default namespace :data:`NAMESPACE`) holds ``edXML:edXMLEnvelope`` — ``edXMLHeader``
(``MessageHeader``: From, To, Code, PromulgationInfo, DocumentType, Subject, Content, SignerInfo, DueDate,
ToPlaces, OtherInfo, DocumentId; ``TraceHeaderList``) and ``edXMLBody`` (``edXMLManifest`` with one
``Reference`` per attachment) — and, after the envelope, ``AttachmentEncoded`` with each attachment in
base64, bound to its Reference by ``ContentId``.

Reading is for untrusted input: no DTD and no entities, bounded message and attachment sizes, strict
base64, and attachment names that are never used as paths unless they are plain file names.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from lxml import etree

from vbhc.errors import InputError, Vitri
from vbhc.metadata.phu_luc_vi import PhuLucVI
from vbhc.text import vi
from vbhc.text.xmltext import FORBIDDEN, strip_forbidden

NAMESPACE = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
XLINK = "http://www.w3.org/1999/xlink"
E = f"{{{NAMESPACE}}}"
#: Limits on a message read (a real one carries a few PDFs of a few megabytes).
MAX_MESSAGE_BYTES = 256 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024
MAX_ATTACHMENTS = 100
MAX_NAME_CHARS = 255
#: Dates in the header, as the public implementations write them.
DATE_FORMAT = "%Y/%m/%d"
TIMESTAMP_FORMAT = "%Y/%m/%d %H:%M:%S"

_UNSAFE_NAME = re.compile(r"[/\\:\x00-\x1f\x7f]")


@dataclass(frozen=True)
class DonVi:
    """A sender or recipient: its mã định danh điện tử (QĐ 20/2020/QĐ-TTg) and its name."""

    ma_dinh_danh: str
    ten: str = ""


@dataclass(frozen=True)
class TepDinhKem:
    """An attachment: its file name, bytes and MIME type."""

    ten: str
    du_lieu: bytes = field(repr=False)
    kieu: str = "application/pdf"
    mo_ta: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.du_lieu).hexdigest()


@dataclass(frozen=True)
class ThongDiep:
    """An edXML message: the header fields of one issued document and its attachments."""

    noi_gui: DonVi
    noi_nhan: tuple[DonVi, ...]
    so: str  #: Code/CodeNumber, ``05``
    ky_hieu: str  #: Code/CodeNotation, ``KH-UBND``
    ngay: date  #: PromulgationInfo/PromulgationDate
    dia_danh: str = ""  #: PromulgationInfo/Place
    loai: str = ""  #: DocumentType/TypeName
    trich_yeu: str = ""  #: Subject
    noi_dung: str = ""  #: Content
    tham_quyen: str = ""  #: SignerInfo/Competence, ``KT. CHỦ TỊCH``
    chuc_vu: str = ""  #: SignerInfo/Position
    ho_ten: str = ""  #: SignerInfo/FullName
    han_tra_loi: date | None = None  #: DueDate
    noi_nhan_khac: tuple[str, ...] = ()  #: ToPlaces/Place: every recipient of Nơi nhận, by name
    do_khan: int | None = None  #: OtherInfo/Priority (vbhc.nd30.PRIORITY)
    pham_vi: str = ""  #: OtherInfo/SphereOfPromulgation (phạm vi lưu hành)
    ky_hieu_nguoi_soan: str = ""  #: OtherInfo/TyperNotation
    so_ban: int | None = None  #: OtherInfo/PromulgationAmount
    so_trang: int | None = None  #: OtherInfo/PageAmount
    phu_luc: tuple[str, ...] = ()  #: OtherInfo/Appendixes/Appendix
    tep: tuple[TepDinhKem, ...] = ()

    @property
    def ma_van_ban(self) -> str:
        """DocumentId as the public implementations form it: ``sender,yyyy/mm/dd,number/notation``."""
        return f"{self.noi_gui.ma_dinh_danh},{self.ngay.strftime(DATE_FORMAT)},{self.so}/{self.ky_hieu}"


def from_metadata(
    meta: PhuLucVI,
    *,
    noi_gui: DonVi,
    noi_nhan: tuple[DonVi, ...],
    tep: tuple[TepDinhKem, ...],
    dia_danh: str = "",
    **others: Any,
) -> ThongDiep:
    """The message of a document from its Phụ lục VI metadata; ``others`` are the header fields the
    metadata does not carry (``tham_quyen``, ``phu_luc``, ``pham_vi`` …)."""
    if not meta.CodeNumber or meta.IssuedDate is None:
        raise InputError("siêu dữ liệu thiếu số hoặc ngày ban hành: văn bản chưa ban hành không gửi được")
    return ThongDiep(
        noi_gui=noi_gui, noi_nhan=noi_nhan, so=meta.CodeNumber, ky_hieu=meta.CodeNotation,
        ngay=meta.IssuedDate, dia_danh=dia_danh, loai=meta.TypeName, trich_yeu=meta.Subject,
        noi_dung=meta.Subject, chuc_vu=meta.SignerInfo.Position, ho_ten=meta.SignerInfo.FullName,
        han_tra_loi=meta.DueDate, noi_nhan_khac=tuple(item.OrganName for item in meta.To if item.OrganName),
        do_khan=meta.Priority, so_ban=meta.IssuedAmount, so_trang=meta.PageAmount, tep=tep, **others,
    )


# --- writing ----------------------------------------------------------------------------------------


def _add(parent: etree._Element, tag: str, text: Any = None) -> etree._Element:
    element = etree.SubElement(parent, f"{E}{tag}")
    if text is not None:
        element.text = strip_forbidden(text if isinstance(text, str) else str(text))
    return element


def _unit(parent: etree._Element, tag: str, unit: DonVi) -> None:
    element = _add(parent, tag)
    _add(element, "OrganId", unit.ma_dinh_danh)
    _add(element, "OrganName", unit.ten)


def _optional(parent: etree._Element, tag: str, value: Any) -> None:
    if value not in (None, ""):
        _add(parent, tag, value.strftime(DATE_FORMAT) if isinstance(value, date) else value)


def write(message: ThongDiep, *, now: datetime | None = None) -> bytes:
    """The message as edXML (UTF-8). ``now`` stamps the TraceHeader (default: the current time)."""
    if not message.noi_nhan:
        raise InputError("thông điệp edXML cần ít nhất một nơi nhận có mã định danh (--to)")
    now = now or datetime.now(timezone.utc).astimezone()
    root = etree.Element(f"{E}edXML", nsmap={None: NAMESPACE, "edXML": NAMESPACE})
    envelope = etree.SubElement(root, f"{E}edXMLEnvelope", nsmap={"edXML": NAMESPACE})
    header = _add(_add(envelope, "edXMLHeader"), "MessageHeader")
    _unit(header, "From", message.noi_gui)
    for unit in message.noi_nhan:
        _unit(header, "To", unit)
    code = _add(header, "Code")
    _add(code, "CodeNumber", message.so)
    _add(code, "CodeNotation", message.ky_hieu)
    promulgation = _add(header, "PromulgationInfo")
    _add(promulgation, "Place", message.dia_danh)
    _add(promulgation, "PromulgationDate", message.ngay.strftime(DATE_FORMAT))
    _add(_add(header, "DocumentType"), "TypeName", message.loai)
    _add(header, "Subject", message.trich_yeu)
    _add(header, "Content", message.noi_dung)
    signer = _add(header, "SignerInfo")
    _optional(signer, "Competence", message.tham_quyen)
    _add(signer, "Position", message.chuc_vu)
    _add(signer, "FullName", message.ho_ten)
    _optional(header, "DueDate", message.han_tra_loi)
    places = _add(header, "ToPlaces")
    for place in message.noi_nhan_khac:
        _add(places, "Place", place)
    other = _add(header, "OtherInfo")
    for tag, value in (("Priority", message.do_khan), ("SphereOfPromulgation", message.pham_vi),
                       ("TyperNotation", message.ky_hieu_nguoi_soan), ("PromulgationAmount", message.so_ban),
                       ("PageAmount", message.so_trang)):
        _optional(other, tag, value)
    if message.phu_luc:
        appendixes = _add(other, "Appendixes")
        for title in message.phu_luc:
            _add(appendixes, "Appendix", title)
    _add(header, "DocumentId", message.ma_van_ban)
    trace = _add(_add(header.getparent(), "TraceHeaderList"), "TraceHeader")
    _add(trace, "OrganId", message.noi_gui.ma_dinh_danh)
    _add(trace, "Timestamp", now.strftime(TIMESTAMP_FORMAT))
    manifest = _add(_add(envelope, "edXMLBody"), "edXMLManifest")
    manifest.set("version", "1.0")
    encoded = etree.SubElement(root, f"{E}AttachmentEncoded")
    safe_names(message)
    for attachment in message.tep:
        content_id = f"{uuid.uuid4()}"
        reference = etree.SubElement(manifest, f"{E}Reference", nsmap={"xlink": XLINK})
        reference.set(f"{{{XLINK}}}href", f"cid:{content_id}")
        reference.set(f"{{{XLINK}}}type", "simple")
        for tag, value in (("ContentId", f"cid:{content_id}"), ("AttachmentName", attachment.ten),
                           ("ContentType", attachment.kieu), ("Description", attachment.mo_ta)):
            _add(reference, tag, value)
        item = _add(encoded, "Attachment")
        for tag, value in (("ContentId", content_id), ("AttachmentName", attachment.ten),
                           ("ContentType", attachment.kieu),
                           ("ContentTransferEncoded", base64.b64encode(attachment.du_lieu).decode("ascii"))):
            _add(item, tag, value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- reading ----------------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    # huge_tree lifts libxml2's 10 MB limit on one text node (a PDF in base64); the message size is
    # bounded before parsing and a DTD is refused, so no entity can expand.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=True, remove_comments=True, remove_pis=True)


def read(data: bytes, *, tep: str | None = None) -> ThongDiep:
    """The message in ``data``; InputError (Vietnamese, naming ``tep``) for anything unsafe or malformed."""
    where = Vitri(tep=tep)
    if len(data) > MAX_MESSAGE_BYTES:
        raise InputError(f"thông điệp edXML quá lớn (hơn {MAX_MESSAGE_BYTES // 2**20} MB)", where)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise InputError("thông điệp edXML có khai báo DTD hoặc thực thể (XXE): không được phép", where)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise InputError(f"tệp không phải XML hợp lệ: {error}", where) from None
    if root.tag != f"{E}edXML" or root.getroottree().docinfo.internalDTD is not None:
        raise InputError(
            f"tệp không phải thông điệp edXML (cần phần tử gốc edXML, không gian tên {NAMESPACE})", where
        )
    header = root.find(f"{E}edXMLEnvelope/{E}edXMLHeader/{E}MessageHeader")
    if header is None:
        raise InputError("thông điệp edXML thiếu edXMLEnvelope/edXMLHeader/MessageHeader", where)
    reader = _Reader(header, where)
    return ThongDiep(
        noi_gui=reader.unit("From"),
        noi_nhan=tuple(_unit_of(item) for item in header.findall(f"{E}To")),
        so=reader.text("Code/CodeNumber"),
        ky_hieu=reader.text("Code/CodeNotation"),
        ngay=reader.date("PromulgationInfo/PromulgationDate", required=True),
        dia_danh=reader.text("PromulgationInfo/Place"),
        loai=reader.text("DocumentType/TypeName"),
        trich_yeu=reader.text("Subject"),
        noi_dung=reader.text("Content"),
        tham_quyen=reader.text("SignerInfo/Competence"),
        chuc_vu=reader.text("SignerInfo/Position"),
        ho_ten=reader.text("SignerInfo/FullName"),
        han_tra_loi=reader.date("DueDate"),
        noi_nhan_khac=reader.texts("ToPlaces/Place"),
        do_khan=reader.number("OtherInfo/Priority"),
        pham_vi=reader.text("OtherInfo/SphereOfPromulgation"),
        ky_hieu_nguoi_soan=reader.text("OtherInfo/TyperNotation"),
        so_ban=reader.number("OtherInfo/PromulgationAmount"),
        so_trang=reader.number("OtherInfo/PageAmount"),
        phu_luc=reader.texts("OtherInfo/Appendixes/Appendix"),
        tep=_attachments(root, where),
    )


def _clean(text: str | None) -> str:
    return vi.nfc((text or "").strip())


def _unit_of(element: etree._Element) -> DonVi:
    return DonVi(_clean(element.findtext(f"{E}OrganId")), _clean(element.findtext(f"{E}OrganName")))


class _Reader:
    """Typed values of the MessageHeader, with errors naming the element."""

    def __init__(self, header: etree._Element, where: Vitri) -> None:
        self.header = header
        self.where = where

    def _path(self, path: str) -> str:
        return "/".join(f"{E}{part}" for part in path.split("/"))

    def text(self, path: str) -> str:
        return _clean(self.header.findtext(self._path(path)))

    def texts(self, path: str) -> tuple[str, ...]:
        return tuple(_clean(item.text) for item in self.header.iterfind(self._path(path)))

    def unit(self, path: str) -> DonVi:
        element = self.header.find(self._path(path))
        if element is None:
            raise InputError(f"thông điệp edXML thiếu MessageHeader/{path}", self.where)
        return _unit_of(element)

    def _fail(self, path: str, value: str, what: str) -> InputError:
        return InputError(f"MessageHeader/{path}: «{value[:40]}» không phải {what}",
                          Vitri(tep=self.where.tep, truong=path))

    def date(self, path: str, *, required: bool = False) -> date | None:
        value = self.text(path)
        if not value:
            if required:
                raise InputError(f"thông điệp edXML thiếu MessageHeader/{path}", self.where)
            return None
        for form in (DATE_FORMAT, "%Y-%m-%d"):
            try:
                return datetime.strptime(value, form).date()
            except ValueError:
                continue
        raise self._fail(path, value, "một ngày (yyyy/mm/dd)")

    def number(self, path: str) -> int | None:
        value = self.text(path)
        if not value:
            return None
        if not value.isascii() or not value.isdigit() or len(value) > 9:
            raise self._fail(path, value, "một số tự nhiên")
        return int(value)


def _attachments(root: etree._Element, where: Vitri) -> tuple[TepDinhKem, ...]:
    """The attachments of the manifest, each decoded from its AttachmentEncoded entry."""
    references = root.findall(f"{E}edXMLEnvelope/{E}edXMLBody/{E}edXMLManifest/{E}Reference")
    encoded = root.findall(f"{E}AttachmentEncoded/{E}Attachment")
    if len(references) > MAX_ATTACHMENTS or len(encoded) > MAX_ATTACHMENTS:
        raise InputError(f"thông điệp edXML có quá nhiều tệp đính kèm (hơn {MAX_ATTACHMENTS})", where)
    by_id = {_content_id(item): item for item in encoded}
    out = []
    for index, reference in enumerate(references, 1):
        content_id = _content_id(reference)
        item = by_id.get(content_id)
        if item is None:
            raise InputError(f"tệp đính kèm thứ {index} (ContentId «{content_id[:60]}») không có nội dung "
                             "trong AttachmentEncoded", where)
        name = _clean(reference.findtext(f"{E}AttachmentName") or item.findtext(f"{E}AttachmentName"))
        out.append(TepDinhKem(
            ten=name,
            du_lieu=_decode(item.findtext(f"{E}ContentTransferEncoded") or "", name, where),
            kieu=_clean(reference.findtext(f"{E}ContentType") or item.findtext(f"{E}ContentType")),
            mo_ta=_clean(reference.findtext(f"{E}Description")),
        ))
    return tuple(out)


def _content_id(element: etree._Element) -> str:
    return _clean(element.findtext(f"{E}ContentId")).removeprefix("cid:").strip("<>")


def _decode(text: str, name: str, where: Vitri) -> bytes:
    """Strict base64 of one attachment, refused before decoding when it is over the size limit."""
    compact = "".join(text.split())
    if len(compact) // 4 * 3 > MAX_ATTACHMENT_BYTES:
        raise InputError(
            f"tệp đính kèm «{_shown(name)}» quá lớn (hơn {MAX_ATTACHMENT_BYTES // 2**20} MB)", where
        )
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise InputError(f"nội dung tệp đính kèm «{_shown(name)}» không phải base64 hợp lệ", where) from None


def _shown(name: str) -> str:
    """A name as printed in a message: control characters made visible, cut to a sane length."""
    shown = name.encode("unicode_escape").decode("ascii") if FORBIDDEN.search(name) else name
    return shown[:80]


def _safe_name(name: str, index: int) -> str:
    """``name`` when it is a plain file name; InputError when it would be a path or is not a name."""
    plain = name == name.strip() and not name.startswith(".") and len(name) <= MAX_NAME_CHARS
    if not name or not plain or _UNSAFE_NAME.search(name):
        raise InputError(
            f"tên tệp đính kèm thứ {index} «{_shown(name)}» không an toàn: cần một tên tệp, không có đường "
            "dẫn («/», «\\», «..»), không ký tự điều khiển, không bắt đầu bằng dấu chấm"
        )
    return name


def safe_names(message: ThongDiep) -> list[str]:
    """The attachments' names, each checked to be a plain file name, and distinct; InputError otherwise."""
    names = [_safe_name(item.ten, index) for index, item in enumerate(message.tep, 1)]
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise InputError(f"hai tệp đính kèm cùng tên «{_shown(name)}»")
        seen.add(name.casefold())
    return names


__all__ = [
    "NAMESPACE", "DonVi", "TepDinhKem", "ThongDiep", "from_metadata", "read", "safe_names", "write",
]
