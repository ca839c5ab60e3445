"""The metadata of a văn bản đến (ND30 Phụ lục VI, Phần II, Mục II), built from its sổ đến row.

:class:`PhuLucVIDen` has one attribute per field of :data:`vbhc.nd30.PHU_LUC_VI_VAN_BAN_DEN`, named after
its tag: fields 1–11 as for a văn bản đi (:mod:`vbhc.metadata.phu_luc_vi`), then ArrivalDate,
ArrivalNumber, SignerInfo, Priority, ToPlaces, TraceHeaderList (the ý kiến phân phối, chỉ đạo and the
status of giải quyết, one per line) and DueDate. Its forms are those of the outgoing set: a dict
(JSON, :func:`to_dict`), XML (:func:`to_xml`, root ``<VanBanDen>``) and flat properties
(:func:`flatten`), each with its way back; types and lengths are checked against the decree.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from lxml import etree

from vbhc import nd30
from vbhc.errors import InputError, MultipleErrors, Vitri
from vbhc.metadata.phu_luc_vi import (
    NAMESPACE,
    CaiDat,
    FileCode,
    SignerInfo,
    _file_code,
    _json,
    _problem,
    _text,
    _typed,
    load_json,
    load_xml,
)
from vbhc.text import vi
from vbhc.text.xmltext import strip_forbidden

if TYPE_CHECKING:  # pragma: no cover
    from vbhc.register.entry_den import VanBanDen

ROOT = "VanBanDen"


def _paths() -> dict[str, nd30.TruongSieuDuLieu]:
    """Tag path (``SignerInfo/FullName``) → the decree's field, from the numbering of the table."""
    out: dict[str, nd30.TruongSieuDuLieu] = {}
    groups: dict[str, str] = {}
    for truong in nd30.PHU_LUC_VI_VAN_BAN_DEN:
        parent = truong.stt.rpartition(".")[0]
        path = f"{groups[parent]}/{truong.tag}" if parent else truong.tag
        groups[truong.stt] = path
        out[path] = truong
    return out


#: Every field of a văn bản đến by its tag path, groups included, in the decree's order.
TRUONG = _paths()
_GROUPS: dict[str, type] = {"FileCode": FileCode, "SignerInfo": SignerInfo}


@dataclass(frozen=True)
class PhuLucVIDen:
    """The Phụ lục VI metadata of one văn bản đến; empty text or None is «not known»."""

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
    ArrivalDate: date | None = None
    ArrivalNumber: int | None = None
    SignerInfo: SignerInfo = field(default_factory=SignerInfo)
    Priority: int | None = None
    ToPlaces: str = ""
    TraceHeaderList: str = ""
    DueDate: date | None = None


def trace_header_list(entry: VanBanDen) -> str:
    """Field 17: one line per ý kiến (time, who, what, to whom), then the status of giải quyết."""
    lines = [y_kien.dong for y_kien in entry.y_kien]
    if entry.da_giai_quyet and entry.ngay_giai_quyet:
        reply = f" (văn bản trả lời số {entry.so_ky_hieu_tra_loi})" if entry.so_ky_hieu_tra_loi else ""
        lines.append(f"Đã giải quyết ngày {vi.ngay_ngan(entry.ngay_giai_quyet)}{reply}")
    elif lines:
        lines.append("Đang giải quyết")
    return "\n".join(lines)


def from_den(entry: VanBanDen, *, cai_dat: CaiDat | None = None, where: Vitri | None = None) -> PhuLucVIDen:
    """The metadata of a sổ đến row; ``cai_dat`` gives the hồ sơ (FileCode, DocOrdinal) and language."""
    from vbhc.register.entry_den import tach_so_ky_hieu

    cai_dat = cai_dat or CaiDat()
    so, ky_hieu = tach_so_ky_hieu(entry.so_ky_hieu)
    meta = PhuLucVIDen(
        FileCode=_file_code(cai_dat),
        DocOrdinal=cai_dat.ho_so.so_thu_tu,
        TypeName=entry.ten_loai,
        CodeNumber=so,
        CodeNotation=ky_hieu,
        IssuedDate=entry.ngay_van_ban,
        OrganName=entry.tac_gia,
        Subject=entry.trich_yeu,
        Language=cai_dat.ngon_ngu,
        PageAmount=entry.so_trang,
        Description=entry.ghi_chu,
        ArrivalDate=entry.ngay_den,
        ArrivalNumber=entry.so_den,
        SignerInfo=SignerInfo(Position=entry.chuc_vu, FullName=entry.nguoi_ky),
        Priority=nd30.PRIORITY[entry.do_khan],
        ToPlaces=entry.don_vi_nhan,
        TraceHeaderList=trace_header_list(entry),
        DueDate=entry.han_giai_quyet,
    )
    validate(meta, where)
    return meta


def _leaves(meta: PhuLucVIDen) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for name, value in vars(meta).items():
        if name in _GROUPS:
            out += [(f"{name}/{key}", sub) for key, sub in vars(value).items()]
        else:
            out.append((name, value))
    return out


def validate(meta: PhuLucVIDen, where: Vitri | None = None) -> None:
    """MultipleErrors, one per field whose type or length is not the decree's, naming the tag."""
    where = where or Vitri()
    problems = []
    for path, value in _leaves(meta):
        if value is None or value == "":
            continue
        truong = TRUONG[path]
        message = _problem(truong, value)
        if message:
            place = Vitri(tep=where.tep, truong=path)
            problems.append(InputError(f"{truong.tag} ({truong.ten}): {message}", place))
    if problems:
        raise MultipleErrors(problems)


def to_dict(meta: PhuLucVIDen) -> dict[str, Any]:
    """The metadata with the official tags, in the decree's order; dates ISO 8601, None when unknown."""
    return {
        name: {key: _json(sub) for key, sub in vars(value).items()} if name in _GROUPS else _json(value)
        for name, value in vars(meta).items()
    }


def to_json(meta: PhuLucVIDen) -> str:
    return json.dumps(to_dict(meta), ensure_ascii=False, indent=2) + "\n"


def flatten(meta: PhuLucVIDen) -> dict[str, str]:
    """The known fields as text, keyed by tag path (``SignerInfo/FullName``)."""
    return {path: _text(value) for path, value in _leaves(meta) if value is not None and value != ""}


def to_xml(meta: PhuLucVIDen) -> bytes:
    """The XML form: ``<VanBanDen>`` with the official tags in the decree's order, unknown fields left out."""
    root = etree.Element(f"{{{NAMESPACE}}}{ROOT}", nsmap={None: NAMESPACE})
    for name, value in to_dict(meta).items():
        if isinstance(value, dict):
            known = {key: sub for key, sub in value.items() if sub is not None}
            if known:
                group = etree.SubElement(root, f"{{{NAMESPACE}}}{name}")
                for key, sub in known.items():
                    etree.SubElement(group, f"{{{NAMESPACE}}}{key}").text = strip_forbidden(_text(sub))
        elif value is not None:
            etree.SubElement(root, f"{{{NAMESPACE}}}{name}").text = strip_forbidden(_text(value))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def from_dict(data: Mapping[str, Any], where: Vitri | None = None) -> PhuLucVIDen:
    """:func:`to_dict`'s form read back; InputError on an unknown tag, a wrong type or a length over
    the decree's."""
    where = where or Vitri()
    if not isinstance(data, Mapping):
        raise InputError("siêu dữ liệu phải là một bảng tag: giá trị", where)
    leaves: dict[str, Any] = {}
    for name, value in data.items():
        if name in _GROUPS and isinstance(value, Mapping):
            leaves.update({f"{name}/{key}": sub for key, sub in value.items()})
        else:
            leaves[name] = value
    return _assemble(leaves, where, text=False)


def from_json(text: str | bytes, where: Vitri | None = None) -> PhuLucVIDen:
    where = where or Vitri()
    return from_dict(load_json(text, where), where)


def from_xml(data: bytes, where: Vitri | None = None) -> PhuLucVIDen:
    """:func:`to_xml` read back, safely (no DTD, no entities, bounded size)."""
    where = where or Vitri()
    root = load_xml(data, where, ROOT)
    leaves: dict[str, str] = {}
    for child in root:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name in _GROUPS:
            leaves.update({f"{name}/{etree.QName(sub).localname}": sub.text or "" for sub in child
                           if isinstance(sub.tag, str)})
        else:
            leaves[name] = child.text or ""
    return _assemble(leaves, where, text=True)


def _assemble(leaves: Mapping[str, Any], where: Vitri, *, text: bool) -> PhuLucVIDen:
    problems: list[InputError] = []
    top: dict[str, Any] = {}
    groups: dict[str, dict[str, Any]] = {}
    for path, raw in leaves.items():
        truong = TRUONG.get(path)
        if truong is None or truong.kieu is None:
            message = f"tag «{path}» không có trong Phụ lục VI (văn bản đến)"
            problems.append(InputError(message, Vitri(tep=where.tep)))
            continue
        try:
            value = _typed(truong, raw) if text or truong.kieu == "Date" else raw
        except ValueError:
            problems.append(InputError(f"{truong.tag} ({truong.ten}): «{raw}» không phải kiểu {truong.kieu}",
                                       Vitri(tep=where.tep, truong=path)))
            continue
        if value is None:
            continue
        group, _, key = path.rpartition("/")
        if group:
            groups.setdefault(group, {})[key] = value
        else:
            top[path] = value
    if problems:
        raise MultipleErrors(problems)
    for name, values in groups.items():
        top[name] = _GROUPS[name](**values)
    meta = PhuLucVIDen(**top)
    validate(meta, where)
    return meta


__all__ = [
    "ROOT", "TRUONG", "PhuLucVIDen", "flatten", "from_den", "from_dict", "from_json", "from_xml",
    "to_dict", "to_json", "to_xml", "trace_header_list", "validate",
]
