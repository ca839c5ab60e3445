"""The metadata of a văn bản đi (ND30 Phụ lục VI, Phần II, Mục I), built from what vbhc knows.

:class:`PhuLucVI` has one attribute per field of the decree's table (:data:`vbhc.nd30.PHU_LUC_VI_VAN_BAN_DI`),
named after its tag. :func:`build` fills it from a numbered :class:`~vbhc.model.VanBan`, its register row
and the office's settings (:class:`CaiDat`): what vbhc does not model (the hồ sơ a document is filed in,
the recipients' mã định danh, the reply deadline) comes from the settings or the caller. Its forms:
:func:`to_dict` (JSON), :func:`to_xml` and :func:`flatten` (the XMP properties of
:mod:`vbhc.metadata.xmp`), each with its way back. Types and lengths are checked against the decree
(:func:`validate`), with Vietnamese errors naming the tag.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from lxml import etree
from pydantic import BaseModel, ConfigDict, Field, field_validator

from vbhc import nd30
from vbhc.errors import InputError, MultipleErrors, Vitri
from vbhc.metadata.xmp import NAMESPACE  # the XML form's namespace is the XMP properties'
from vbhc.text import vi
from vbhc.text.xmltext import strip_forbidden

if TYPE_CHECKING:  # pragma: no cover
    from vbhc.model import VanBan
    from vbhc.register import Entry

#: The root element of the XML form: the decree names the table, not an element.
ROOT = "VanBanDi"
#: The most bytes an XML or JSON metadata file may have (a real one is a few kilobytes).
MAX_BYTES = 1024 * 1024
#: The groups whose children are repeated (one ``To`` per recipient).
REPEATED = frozenset({"To"})


def _paths() -> dict[str, nd30.TruongSieuDuLieu]:
    """Tag path (``FileCode/OrganId``) → the decree's field, from the numbering of the table."""
    out: dict[str, nd30.TruongSieuDuLieu] = {}
    groups: dict[str, str] = {}
    for truong in nd30.PHU_LUC_VI_VAN_BAN_DI:
        parent = truong.stt.rpartition(".")[0]
        path = f"{groups[parent]}/{truong.tag}" if parent else truong.tag
        groups[truong.stt] = path
        out[path] = truong
    return out


#: Every field by its tag path, groups included, in the decree's order.
TRUONG = _paths()


@dataclass(frozen=True)
class FileCode:
    """Field 1, the hồ sơ the document is filed in (from the office's settings)."""

    OrganId: str = ""
    FileCatalog: int | None = None
    FileNotation: str = ""


@dataclass(frozen=True)
class SignerInfo:
    """Field 12."""

    Position: str = ""
    FullName: str = ""


@dataclass(frozen=True)
class To:
    """Field 13, one recipient."""

    OrganId: str = ""
    OrganName: str = ""


@dataclass(frozen=True)
class PhuLucVI:
    """The Phụ lục VI metadata of one văn bản đi; empty text or None is «not known»."""

    FileCode: FileCode = field(default_factory=FileCode)
    DocOrdinal: int | None = None
    TypeName: str = ""
    CodeNumber: str = ""
    CodeNotation: str = ""
    IssuedDate: date | None = None
    OrganName: str = ""
    Subject: str = ""
    Language: str = nd30.NGON_NGU
    PageAmount: int | None = None
    Description: str = ""
    SignerInfo: SignerInfo = field(default_factory=SignerInfo)
    To: tuple[To, ...] = ()
    Priority: int | None = None
    IssuedAmount: int | None = None
    DueDate: date | None = None


_GROUPS: dict[str, type] = {"FileCode": FileCode, "SignerInfo": SignerInfo, "To": To}


# --- the office's settings ------------------------------------------------------------------------


class HoSo(BaseModel):
    """The hồ sơ a document goes in (FileCode and DocOrdinal)."""

    model_config = ConfigDict(extra="forbid")
    nam: int | None = None  #: FileCatalog, năm hình thành hồ sơ
    so_ky_hieu: str = ""  #: FileNotation
    so_thu_tu: int | None = None  #: DocOrdinal, số thứ tự văn bản trong hồ sơ


class CaiDat(BaseModel):
    """The office's settings for metadata: what vbhc does not model (``co-quan.yaml``)."""

    model_config = ConfigDict(extra="forbid")
    ma_dinh_danh: str = ""
    """The office's mã định danh điện tử (QĐ 20/2020/QĐ-TTg), e.g. ``000.00.00.H41``: FileCode/OrganId
    and the sender of an edXML message."""
    ho_so: HoSo = Field(default_factory=HoSo)
    ma_noi_nhan: dict[str, str] = {}
    """Recipient name (as in Nơi nhận) → its mã định danh: To/OrganId."""
    ngon_ngu: str = nd30.NGON_NGU
    dia_danh: str = ""
    """The office's địa danh, for an edXML message (PromulgationInfo/Place) whose source is not at hand."""

    @field_validator("ma_noi_nhan")
    @classmethod
    def _nfc_names(cls, value: dict[str, str]) -> dict[str, str]:
        return {vi.nfc(" ".join(name.split())): code.strip() for name, code in value.items()}


def load_cai_dat(path: str) -> CaiDat:
    """The settings in the YAML file ``path``; InputError naming the file and the key."""
    from pathlib import Path

    import yaml

    from vbhc.model import validate

    where = Vitri(tep=path)
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise InputError("không đọc được tệp cài đặt của cơ quan", where) from None
    if len(data) > MAX_BYTES:
        raise InputError("tệp cài đặt quá lớn", where)
    try:
        content = yaml.safe_load(data.decode("utf-8")) or {}
    except (UnicodeDecodeError, yaml.YAMLError):
        raise InputError("tệp cài đặt không phải YAML UTF-8 hợp lệ", where) from None
    if not isinstance(content, dict):
        raise InputError("tệp cài đặt phải là một bảng khóa: giá trị", where)
    return validate(CaiDat, content, path)


# --- building it ----------------------------------------------------------------------------------


def build(
    van_ban: VanBan,
    *,
    entry: Entry | None = None,
    cai_dat: CaiDat | None = None,
    so_trang: int | None = None,
    han_tra_loi: date | None = None,
) -> PhuLucVI:
    """The metadata of ``van_ban``, numbered (a draft is numbered from its register row ``entry``).

    The register row gives the clerk's note (Description) and the number of copies (IssuedAmount);
    ``so_trang`` is the page count of the rendered PDF; ``han_tra_loi`` the reply deadline.
    """
    from vbhc.register import noi_nhan, so_luong_ban

    cai_dat = cai_dat or CaiDat()
    where = Vitri(tep=van_ban.nguon)
    if entry is not None and van_ban.la_du_thao:
        van_ban = van_ban.sua(so=entry.so, ngay=entry.ngay)
    if van_ban.so is None or van_ban.ngay is None:
        raise InputError(
            "văn bản chưa có số và ngày ban hành (dự thảo): siêu dữ liệu chỉ lập cho văn bản đã ban hành",
            where,
            goi_y="ban hành bằng «vbhc issue», rồi lập siêu dữ liệu theo số trong sổ",
        )
    recipients = [name for name in noi_nhan(van_ban).split("; ") if name]
    copies = entry.so_luong_ban if entry is not None else None
    meta = PhuLucVI(
        FileCode=_file_code(cai_dat),
        DocOrdinal=cai_dat.ho_so.so_thu_tu,
        TypeName=van_ban.loai_van_ban.ten,
        CodeNumber=vi.so(van_ban.so),
        CodeNotation=van_ban.ky_hieu_day_du,
        IssuedDate=van_ban.ngay,
        OrganName=van_ban.co_quan.ten_van_ban,
        Subject=" ".join((van_ban.trich_yeu or "").split()),
        Language=cai_dat.ngon_ngu,
        PageAmount=so_trang,
        Description=entry.ghi_chu if entry is not None else "",
        SignerInfo=SignerInfo(Position=van_ban.nguoi_ky.chuc_vu, FullName=van_ban.nguoi_ky.ho_ten),
        To=tuple(To(OrganName=name, OrganId=cai_dat.ma_noi_nhan.get(name, "")) for name in recipients),
        Priority=nd30.PRIORITY[van_ban.do_khan],
        IssuedAmount=copies if copies is not None else so_luong_ban(van_ban),
        DueDate=han_tra_loi,
    )
    validate(meta, where)
    return meta


def _file_code(cai_dat: CaiDat) -> FileCode:
    return FileCode(
        OrganId=cai_dat.ma_dinh_danh, FileCatalog=cai_dat.ho_so.nam, FileNotation=cai_dat.ho_so.so_ky_hieu
    )


def from_entry(
    entry: Entry,
    *,
    cai_dat: CaiDat | None = None,
    so_trang: int | None = None,
    han_tra_loi: date | None = None,
    warnings: list[str] | None = None,
) -> PhuLucVI:
    """The metadata of an issued register row: the stored one when the row has it, else built from
    its source file (when it is still there), else from the row's own columns (with a warning)."""
    from pathlib import Path

    from vbhc.errors import Warnings
    from vbhc.register import ISSUED

    where = Vitri(tep=entry.tep)
    if entry.status != ISSUED:
        raise InputError(f"số {entry.so_hien_thi} năm {entry.nam} {entry.trang_thai}, chưa có văn bản", where)
    overrides = {"PageAmount": so_trang, "DueDate": han_tra_loi}
    if entry.sieu_du_lieu:
        meta = from_dict(json.loads(entry.sieu_du_lieu), Vitri(truong="sieu_du_lieu"))
        return replace(meta, **{key: value for key, value in overrides.items() if value is not None})
    if entry.nguon and Path(entry.nguon).is_file():
        import hashlib

        from vbhc.sources.markdown import load

        found = Warnings()
        van_ban = load(entry.nguon, warnings=found)
        if warnings is not None:
            warnings.extend(str(item) for item in found)
            digest = hashlib.sha256(Path(entry.nguon).read_bytes()).hexdigest()
            if entry.nguon_sha256 and digest != entry.nguon_sha256:
                warnings.append(
                    f"tệp nguồn «{entry.nguon}» đã sửa sau khi ban hành số {entry.so_hien_thi}: siêu dữ liệu "
                    "lập theo nội dung hiện tại của tệp"
                )
        return build(van_ban, entry=entry, cai_dat=cai_dat, so_trang=so_trang, han_tra_loi=han_tra_loi)
    if warnings is not None:
        warnings.append(
            f"không còn tệp nguồn của số {entry.so_hien_thi}: siêu dữ liệu lập từ các cột của sổ, "
            "thiếu chức vụ người ký (SignerInfo/Position) và độ khẩn (Priority)"
        )
    return _from_columns(entry, cai_dat or CaiDat(), so_trang, han_tra_loi)


def _from_columns(entry: Entry, cai_dat: CaiDat, so_trang: int | None, han_tra_loi: date | None) -> PhuLucVI:
    loai = nd30.LOAI_VAN_BAN[entry.loai] if entry.loai else None
    subject = entry.ten_loai_trich_yeu
    if loai and subject.startswith(loai.ten):
        subject = subject[len(loai.ten) :].strip()
        subject = subject.removeprefix(nd30.CONG_VAN_PREFIX).strip()
    recipients = [name for name in entry.noi_nhan.split("; ") if name]
    meta = PhuLucVI(
        FileCode=_file_code(cai_dat),
        DocOrdinal=cai_dat.ho_so.so_thu_tu,
        TypeName=loai.ten if loai else "",
        CodeNumber=vi.so(entry.so),
        CodeNotation=entry.so_ky_hieu.partition("/")[2],
        IssuedDate=entry.ngay,
        OrganName=vi.ten_goi(entry.ten_co_quan) if entry.ten_co_quan else "",
        Subject=subject,
        Language=cai_dat.ngon_ngu,
        PageAmount=so_trang,
        Description=entry.ghi_chu,
        SignerInfo=SignerInfo(FullName=entry.nguoi_ky),
        To=tuple(To(OrganName=name, OrganId=cai_dat.ma_noi_nhan.get(name, "")) for name in recipients),
        IssuedAmount=entry.so_luong_ban,
        DueDate=han_tra_loi,
    )
    validate(meta, Vitri(tep=entry.tep))
    return meta


# --- checking it against the decree -----------------------------------------------------------------


def _leaves(meta: PhuLucVI) -> list[tuple[str, Any]]:
    """(tag path, value) of every field, recipients numbered (``To/1/OrganName``)."""
    out: list[tuple[str, Any]] = []
    for name, value in vars(meta).items():
        if name in REPEATED:
            for index, item in enumerate(value, 1):
                out += [(f"{name}/{index}/{key}", sub) for key, sub in vars(item).items()]
        elif name in _GROUPS:
            out += [(f"{name}/{key}", sub) for key, sub in vars(value).items()]
        else:
            out.append((name, value))
    return out


def _spec(path: str) -> nd30.TruongSieuDuLieu:
    parts = path.split("/")
    return TRUONG["/".join(part for part in parts if not part.isdigit())]


def validate(meta: PhuLucVI, where: Vitri | None = None) -> None:
    """MultipleErrors, one per field whose type or length is not the decree's, naming the tag."""
    where = where or Vitri()
    problems = []
    for path, value in _leaves(meta):
        if value is None or value == "":
            continue
        truong = _spec(path)
        message = _problem(truong, value)
        if message:
            problems.append(InputError(
                f"{truong.tag} ({truong.ten}): {message}", Vitri(tep=where.tep, truong=path)
            ))
    if problems:
        raise MultipleErrors(problems)


def _problem(truong: nd30.TruongSieuDuLieu, value: Any) -> str | None:
    """What is wrong with ``value`` for this field, in Vietnamese; None when nothing is."""
    if truong.kieu == "Number":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return f"phải là số tự nhiên, nhận được «{value}»"
        if len(str(value)) > truong.do_dai:
            return f"tối đa {truong.do_dai} chữ số theo Phụ lục VI, nhận được {value}"
    elif truong.kieu == "Date":
        if not isinstance(value, date):
            return f"phải là một ngày, nhận được «{value}»"
    elif not isinstance(value, str):
        return f"phải là chuỗi chữ, nhận được «{value}»"
    elif truong.do_dai is not None and len(value) > truong.do_dai:  # LongText has no limit
        return f"dài {len(value)} ký tự, Phụ lục VI cho tối đa {truong.do_dai}"
    return None


# --- its forms: a dict (JSON), XML, flat properties (XMP) --------------------------------------------


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def to_dict(meta: PhuLucVI) -> dict[str, Any]:
    """The metadata with the official tags, in the decree's order; dates ISO 8601, None when unknown."""
    out: dict[str, Any] = {}
    for name, value in vars(meta).items():
        if name in REPEATED:
            out[name] = [{key: _json(sub) for key, sub in vars(item).items()} for item in value]
        elif name in _GROUPS:
            out[name] = {key: _json(sub) for key, sub in vars(value).items()}
        else:
            out[name] = _json(value)
    return out


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value if value != "" else None


def to_json(meta: PhuLucVI) -> str:
    return json.dumps(to_dict(meta), ensure_ascii=False, indent=2) + "\n"


def from_dict(data: Mapping[str, Any], where: Vitri | None = None) -> PhuLucVI:
    """The metadata from :func:`to_dict`'s form (JSON, the register); InputError on an unknown tag,
    a wrong type or a length over the decree's."""
    where = where or Vitri()
    if not isinstance(data, Mapping):
        raise InputError("siêu dữ liệu phải là một bảng tag: giá trị", where)
    leaves: dict[str, Any] = {}
    for name, value in data.items():
        if name in REPEATED and isinstance(value, list):
            for index, item in enumerate(value, 1):
                for key, sub in (item.items() if isinstance(item, Mapping) else [("", item)]):
                    leaves[f"{name}/{index}/{key}"] = sub
        elif name in _GROUPS and isinstance(value, Mapping):
            leaves.update({f"{name}/{key}": sub for key, sub in value.items()})
        else:
            leaves[name] = value
    return _assemble(leaves, where, text=False)


def load_json(text: str | bytes, where: Vitri) -> Any:
    """A metadata file's JSON, bounded; InputError naming what is wrong."""
    if len(text) > MAX_BYTES:
        raise InputError("tệp siêu dữ liệu quá lớn", where)
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise InputError(f"tệp siêu dữ liệu không phải JSON hợp lệ: {error}", where) from None


def load_xml(data: bytes, where: Vitri, root: str = ROOT) -> etree._Element:
    """A metadata file's XML root ``root``, read safely (no DTD, no entities, bounded size)."""
    from vbhc.ooxml.safe import parser

    if len(data) > MAX_BYTES:
        raise InputError("tệp siêu dữ liệu quá lớn", where)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise InputError("tệp siêu dữ liệu có khai báo DTD/thực thể: không được phép", where)
    try:
        element = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as error:
        raise InputError(f"tệp siêu dữ liệu không phải XML hợp lệ: {error}", where) from None
    if element.tag != f"{{{NAMESPACE}}}{root}":
        raise InputError(f"tệp siêu dữ liệu phải có phần tử gốc «{root}» (vbhc metadata)", where)
    return element


def from_json(text: str | bytes, where: Vitri | None = None) -> PhuLucVI:
    where = where or Vitri()
    return from_dict(load_json(text, where), where)


def flatten(meta: PhuLucVI) -> dict[str, str]:
    """The known fields as text, keyed by tag path (``SignerInfo/FullName``, ``To/1/OrganName``):
    the properties :func:`vbhc.metadata.xmp.embed` writes."""
    return {path: _text(value) for path, value in _leaves(meta) if value is not None and value != ""}


def unflatten(fields: Mapping[str, str], where: Vitri | None = None) -> PhuLucVI:
    """:func:`flatten` read back (from :func:`vbhc.metadata.xmp.read`)."""
    return _assemble(dict(fields), where or Vitri(), text=True)


def _assemble(leaves: dict[str, Any], where: Vitri, *, text: bool) -> PhuLucVI:
    """A :class:`PhuLucVI` from tag path → value (``text``: every value a string, to be typed)."""
    problems: list[InputError] = []
    top: dict[str, Any] = {}
    groups: dict[str, dict[str, Any]] = {}
    recipients: dict[int, dict[str, Any]] = {}
    for path, raw in leaves.items():
        parts = path.split("/")
        plain = "/".join(part for part in parts if not part.isdigit())
        truong = TRUONG.get(plain)
        numbered = len(parts) == 3 and parts[0] in REPEATED and parts[1].isdigit()
        if truong is None or truong.kieu is None or (parts[0] in REPEATED) != numbered:
            problems.append(InputError(f"tag «{path}» không có trong Phụ lục VI", Vitri(tep=where.tep)))
            continue
        try:
            value = _typed(truong, raw) if text or truong.kieu == "Date" else raw
        except ValueError:
            problems.append(InputError(
                f"{truong.tag} ({truong.ten}): «{raw}» không phải kiểu {truong.kieu}",
                Vitri(tep=where.tep, truong=path),
            ))
            continue
        if value is None:
            continue
        if numbered:
            recipients.setdefault(int(parts[1]), {})[parts[2]] = value
        elif len(parts) == 2:
            groups.setdefault(parts[0], {})[parts[1]] = value
        else:
            top[path] = value
    if problems:
        raise MultipleErrors(problems)
    for name, values in groups.items():
        top[name] = _GROUPS[name](**values)
    top["To"] = tuple(To(**recipients[index]) for index in sorted(recipients))
    meta = PhuLucVI(**top)
    validate(meta, where)
    return meta


def _typed(truong: nd30.TruongSieuDuLieu, raw: Any) -> Any:
    """``raw`` (text, or a JSON value for a date) as the field's type; ValueError when it is not."""
    if raw is None:
        return None
    if truong.kieu == "Date":
        return date.fromisoformat(str(raw))
    if truong.kieu == "Number":
        if not str(raw).isdigit():
            raise ValueError(raw)
        return int(raw)
    return vi.nfc(str(raw))


def to_xml(meta: PhuLucVI) -> bytes:
    """The XML form: ``<VanBanDi>`` with the official tags in the decree's order, unknown fields left out."""
    root = etree.Element(f"{{{NAMESPACE}}}{ROOT}", nsmap={None: NAMESPACE})
    for name, value in to_dict(meta).items():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                known = {key: sub for key, sub in item.items() if sub is not None and sub != ""}
                if known:
                    group = etree.SubElement(root, f"{{{NAMESPACE}}}{name}")
                    for key, sub in known.items():
                        etree.SubElement(group, f"{{{NAMESPACE}}}{key}").text = strip_forbidden(_text(sub))
            elif item is not None:
                etree.SubElement(root, f"{{{NAMESPACE}}}{name}").text = strip_forbidden(_text(item))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def from_xml(data: bytes, where: Vitri | None = None) -> PhuLucVI:
    """:func:`to_xml` read back, safely (no DTD, no entities, bounded size)."""
    where = where or Vitri()
    root = load_xml(data, where)
    leaves: dict[str, str] = {}
    count = 0
    for child in root:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name in REPEATED:
            count += 1
            leaves.update({f"{name}/{count}/{etree.QName(sub).localname}": sub.text or "" for sub in child
                           if isinstance(sub.tag, str)})
        elif name in _GROUPS:
            leaves.update({f"{name}/{etree.QName(sub).localname}": sub.text or "" for sub in child
                           if isinstance(sub.tag, str)})
        else:
            leaves[name] = child.text or ""
    return _assemble(leaves, where, text=True)


__all__ = [
    "NAMESPACE", "TRUONG", "CaiDat", "FileCode", "HoSo", "PhuLucVI", "SignerInfo", "To", "build", "flatten",
    "from_dict", "from_entry", "from_json", "from_xml", "load_cai_dat", "load_json", "load_xml",
    "to_dict", "to_json", "to_xml",
    "unflatten", "validate",
]
