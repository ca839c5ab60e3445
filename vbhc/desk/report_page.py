"""Báo cáo: upload the progress workbook, pick the as-of date (ngày số liệu), see the figures and the
chart, download the báo cáo DOCX and the summary XLSX — what ``vbhc report`` does.

The báo cáo's text comes from an uploaded ``.md`` source (``loai: bao_cao``, as for ``--source``), or
else from a short source the desk writes from the office's settings (agency, place, first signer).
"""

from __future__ import annotations

import base64
import secrets
from datetime import date
from pathlib import Path

import yaml
from flask import Blueprint, request

from vbhc.desk.annex_page import save_workbook
from vbhc.desk.app import desk, page
from vbhc.errors import InputError, MultipleErrors, VbhcError, Vitri, Warnings

bp = Blueprint("bao_cao", __name__, url_prefix="/bao-cao")

#: The body of the báo cáo the desk writes when no source is uploaded: figures and generated parts.
DEFAULT_BODY = """\
Báo cáo kết quả thực hiện nhiệm vụ, số liệu tính đến ngày {{ ngay_bao_cao }}, như sau:

# Kết quả thực hiện nhiệm vụ

Tổng số {{ tong_so }} nhiệm vụ, trong đó {{ so_thuong_xuyen }} nhiệm vụ thực hiện thường xuyên. \
Đã hoàn thành {{ so_hoan_thanh }} nhiệm vụ ({{ ty_le_hoan_thanh }}), gồm {{ so_dung_han }} nhiệm vụ \
đúng hạn và {{ so_tre_han }} nhiệm vụ chậm so với thời hạn; {{ so_dang_thuc_hien }} nhiệm vụ đang \
thực hiện; {{ so_chua_thuc_hien }} nhiệm vụ chưa thực hiện; {{ so_qua_han }} nhiệm vụ quá hạn.

[[bang_tong_hop]]

[[bieu_do]]

# Các nhiệm vụ chưa hoàn thành theo thời hạn

[[nhiem_vu_qua_han]]
"""
NO_SIGNER = (
    "chưa có người ký trong Cài đặt nên chưa lập được báo cáo DOCX: thêm người ký ở trang Cài đặt, "
    "hoặc tải lên tệp nguồn .md của báo cáo"
)


@bp.get("/")
def form():
    return page("bao_cao.html", ngay=date.today().isoformat(), errors=[], warnings=[], result=None)


@bp.post("/")
def run():
    """Compute the figures as of the chosen date and write the báo cáo and the summary."""
    from vbhc.text.vi import parse_date
    from vbhc.workflows.report import lap_bao_cao

    ngay = request.form.get("ngay", "").strip()
    warnings = Warnings()
    shown: dict[str, str] = {}  # work-folder paths → the names the user knows
    context = {"ngay": ngay, "errors": [], "warnings": [], "result": None}
    try:
        as_of = parse_date(ngay, Vitri(truong="ngày số liệu")) if ngay else date.today()
        kept = save_workbook()
        shown[str(kept.path)] = kept.shown
        source, notes = _source(as_of, shown)
        out = desk().work / f"bao-cao-{kept.key}"
        result = lap_bao_cao(
            kept.path, as_of, source=source, output=out.with_suffix(".docx") if source else None,
            xlsx_out=out.with_suffix(".xlsx"), warnings=warnings,
        )
    except VbhcError as problem:
        items = problem.errors if isinstance(problem, MultipleErrors) else [problem]
        context["errors"] = [_shown(str(item), shown) for item in items]
        context["warnings"] = [_shown(str(item), shown) for item in warnings]
        return page("bao_cao.html", **context), 422
    stem = kept.shown[: -len(".xlsx")]
    names = {".docx": f"bao_cao_{stem}.docx", ".xlsx": f"tong_hop_{stem}.xlsx"}
    keys = {path.suffix: desk().keep_file(path, names[path.suffix]) for path in result.written}
    context.update(
        result=result, ctx=result.figures.context(), docx_key=keys.get(".docx"), xlsx_key=keys.get(".xlsx"),
        chart=_chart(result.figures), notes=notes, shown=kept.shown,
        warnings=[_shown(str(item), shown) for item in warnings],
    )
    return page("bao_cao.html", **context)


def _shown(text: str, shown: dict[str, str]) -> str:
    for path, name in shown.items():
        text = text.replace(path, name)
    return text


def _source(as_of: date, shown: dict[str, str]) -> tuple[Path | None, list[str]]:
    """The báo cáo source: the uploaded ``.md``, else one written from the settings for the year of
    ``as_of`` (None, with a note, when the settings have no signer). ``shown`` learns its name."""
    upload = request.files.get("nguon")
    folder = desk().work / f"nguon-{secrets.token_hex(8)}"  # its own folder: it reaches no other file
    folder.mkdir()
    path = folder / "bao_cao.md"
    if upload is not None and upload.filename:
        name = upload.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
        if not name.lower().endswith(".md"):
            raise InputError("tệp nguồn của báo cáo phải là tệp .md", Vitri(tep=name))
        upload.save(path)
        shown[str(path)] = name
        return path, []
    settings = desk().settings()
    if not settings.nguoi_ky:
        return None, [NO_SIGNER]
    front = {
        "loai": "bao_cao",
        "co_quan": settings.co_quan.model_dump(exclude_none=True),
        "dia_danh": settings.dia_danh,
        "so": None,
        "ngay": None,
        "nam": as_of.year,
        "trich_yeu": "Kết quả thực hiện nhiệm vụ",
        "nguoi_ky": settings.nguoi_ky[0].model_dump(exclude_none=True),
        "noi_nhan": settings.noi_nhan,
        "luu": ["VT"],
    }
    text = f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n\n{DEFAULT_BODY}"
    from vbhc.files import write_bytes

    shown[str(path)] = "báo cáo viết theo Cài đặt"
    return write_bytes(path, text.encode("utf-8")), []


def _chart(figures) -> str:
    """The chart of the figures as a ``data:`` URL for the page."""
    from vbhc.writers.bao_cao import bieu_do_png

    return "data:image/png;base64," + base64.b64encode(bieu_do_png(figures, dpi=100)).decode("ascii")
