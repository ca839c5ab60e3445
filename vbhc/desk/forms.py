"""The Soạn văn bản form: which fields a type shows, the form's values → a validated VanBan, and
each validation error placed beside its field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

from vbhc import nd30
from vbhc.desk.settings import CaiDatBan
from vbhc.errors import InputError, MultipleErrors, VbhcError, Vitri
from vbhc.model import VanBan, validate

#: The «signer typed by hand» choice of the người ký list.
KHAC = "khac"
#: The urgency choices (model ``do_khan``), "" for none.
DO_KHAN = ("", "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")
#: The fields a form can show, in order: name → label (every error is placed under one of them).
LABELS = {
    "co_quan": "Cơ quan ban hành",
    "dia_danh": "Địa danh",
    "nam": "Năm ban hành",
    "ky_hieu": "Ký hiệu (phần sau dấu «/»)",
    "do_khan": "Độ khẩn",
    "trich_yeu": "Trích yếu",
    "tham_quyen_ban_hanh": "Dòng thẩm quyền ban hành",
    "can_cu": "Căn cứ (mỗi dòng một căn cứ)",
    "kinh_gui": "Kính gửi (mỗi dòng một nơi)",
    "noi_dung": "Nội dung",
    "nguoi_ky": "Người ký",
    "nguoi_ky.tham_quyen": "Dòng quyền hạn (TM., KT., TL. …; mỗi dòng một)",
    "nguoi_ky.chuc_vu": "Chức vụ",
    "nguoi_ky.ho_ten": "Họ và tên",
    "nguoi_ky_2.chuc_vu": "Chức vụ người ký thứ hai (thư ký)",
    "nguoi_ky_2.ho_ten": "Họ và tên người ký thứ hai",
    "noi_nhan": "Nơi nhận",
    "luu": "Lưu (sau VT, cách nhau bằng dấu phẩy)",
}
_QUOTED = re.compile(r"«([a-z_.]+)»")


@dataclass(frozen=True)
class Form:
    """The form of one document type."""

    loai: nd30.LoaiVanBan

    @property
    def fields(self) -> list[str]:
        """The fields this type shows."""
        khoa = self.loai.khoa
        shown = []
        for name in LABELS:
            if name == "trich_yeu" and not self.loai.trich_yeu:
                continue
            if name == "kinh_gui" and khoa not in nd30.LOAI_CO_KINH_GUI:
                continue
            if name == "tham_quyen_ban_hanh" and khoa not in nd30.DONG_BAN_HANH:
                continue
            if name.startswith("nguoi_ky_2") and khoa != "bien_ban":
                continue
            shown.append(name)
        return shown

    @property
    def ky_hieu_bat_buoc(self) -> bool:
        return self.loai.viet_tat is None

    @property
    def bo_cuc_dieu(self) -> bool:
        """The body is laid out by Điều (``#`` → ``Điều 1.``), not by I, 1, a)."""
        return self.loai.khoa in nd30.LOAI_BO_CUC_DIEU


def form_for(khoa: str) -> Form | None:
    loai = nd30.LOAI_VAN_BAN.get(khoa)
    return Form(loai) if loai else None


def defaults(form: Form, settings: CaiDatBan) -> dict[str, Any]:
    """The values a fresh form starts with, from the office's settings."""
    return {
        "co_quan": "0",
        "dia_danh": settings.dia_danh,
        "nam": str(date.today().year),
        "nguoi_ky": "0" if settings.nguoi_ky else KHAC,
        "noi_nhan_chon": list(settings.noi_nhan),
    }


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _choice(values: MultiDict, name: str, options: list[Any]) -> Any | None:
    """The option a select named by index, or None (typed / unknown)."""
    picked = values.get(name, "")
    return options[int(picked)] if picked.isdigit() and int(picked) < len(options) else None


def _signer(values: MultiDict, prefix: str) -> dict[str, Any]:
    return {
        "tham_quyen": _lines(values.get(f"{prefix}.tham_quyen")),
        "chuc_vu": values.get(f"{prefix}.chuc_vu", ""),
        "ho_ten": values.get(f"{prefix}.ho_ten", ""),
    }


def front_matter(form: Form, values: MultiDict, settings: CaiDatBan) -> dict[str, Any]:
    """The form's values as the model's data (what a source file's front matter would say)."""
    shown = set(form.fields)
    co_quan = _choice(values, "co_quan", settings.cac_co_quan) or settings.co_quan
    saved = _choice(values, "nguoi_ky", settings.nguoi_ky)
    picked = [item for item in values.getlist("noi_nhan_chon") if item in settings.noi_nhan]
    data: dict[str, Any] = {
        "loai": form.loai.khoa,
        "co_quan": co_quan.model_dump(),
        "dia_danh": values.get("dia_danh", ""),
        "nam": values.get("nam", "").strip() or None,
        "nguoi_ky": saved.model_dump() if saved is not None else _signer(values, "nguoi_ky"),
        "noi_nhan": picked + _lines(values.get("noi_nhan_them")),
        "can_cu": _lines(values.get("can_cu")),
    }
    for name in ("ky_hieu", "trich_yeu", "tham_quyen_ban_hanh", "do_khan"):
        text = values.get(name, "").strip()
        if text and name in shown:
            data[name] = text
    if "kinh_gui" in shown:
        data["kinh_gui"] = _lines(values.get("kinh_gui"))
    luu = [part.strip() for part in values.get("luu", "").split(",") if part.strip()]
    if luu:
        data["luu"] = luu
    if "nguoi_ky_2.ho_ten" in shown and values.get("nguoi_ky_2.ho_ten", "").strip():
        data["nguoi_ky_2"] = _signer(values, "nguoi_ky_2")
    return data


def build(form: Form, values: MultiDict, settings: CaiDatBan) -> VanBan:
    """The draft the form describes; MultipleErrors (Vietnamese, each naming its field) otherwise."""
    from vbhc.sources.markdown_body import parse_body

    data = front_matter(form, values, settings)
    try:
        data["noi_dung"] = parse_body(values.get("noi_dung", ""), source=None, loai=form.loai.khoa)
    except InputError as problem:
        found = problem.errors if isinstance(problem, MultipleErrors) else [problem]
        raise MultipleErrors([_on_field(item, "noi_dung") for item in found]) from None
    return validate(VanBan, data, None)


def _on_field(problem: VbhcError, name: str) -> VbhcError:
    where = problem.vitri
    return InputError(problem.message, Vitri(dong=where.dong, truong=name), goi_y=problem.goi_y)


def field_of(problem: VbhcError, form: Form) -> str | None:
    """The form field an error belongs beside, or None (shown above the form)."""
    fields = form.fields
    name = problem.vitri.truong
    candidates = [name] if name else _QUOTED.findall(problem.message)
    for candidate in candidates:
        parts = candidate.split(".")
        for size in range(len(parts), 0, -1):
            key = ".".join(parts[:size])
            if key in fields:
                return key
        if parts[0] in ("nguoi_ky", "co_quan"):
            return parts[0]
    return None


def errors_by_field(problem: VbhcError, form: Form) -> dict[str | None, list[str]]:
    """Each error's message (with its line in the body, its hint) under the field it belongs to."""
    found: dict[str | None, list[str]] = {}
    problems = problem.errors if isinstance(problem, MultipleErrors) else [problem]
    for item in problems:
        text = item.message
        if item.vitri.dong is not None and item.vitri.truong == "noi_dung":
            text = f"dòng {item.vitri.dong}: {text}"
        if item.goi_y:
            text += f" → {item.goi_y}"
        found.setdefault(field_of(item, form), []).append(text)
    return found
