"""Phụ lục: upload a task workbook, choose its sheet, see the parsed table with its cell-precise
warnings and errors (as ``vbhc annex`` prints them), download the annex DOCX and XLSX.

An upload is kept in the session's work folder under an id the desk made; a later request names it by
that id only, never by a path.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, current_app, request

from vbhc.desk.app import desk, page
from vbhc.errors import InputError, MultipleErrors, VbhcError, Vitri, Warnings

bp = Blueprint("phu_luc", __name__, url_prefix="/phu-luc")

_KEY = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True)
class Upload:
    """A workbook kept in the work folder: its path and the name the user gave it."""

    key: str
    path: Path
    shown: str


def _uploads() -> dict[str, Upload]:
    return current_app.extensions.setdefault("vbhc_bang_tinh", {})


def save_workbook(field: str = "tep") -> Upload:
    """Keep the uploaded ``.xlsx`` of form field ``field`` under a new id; InputError when missing."""
    upload = request.files.get(field)
    if upload is None or not upload.filename:
        raise InputError("chưa chọn tệp bảng tính .xlsx", Vitri(truong=field))
    shown = upload.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if not shown.lower().endswith(".xlsx"):
        raise InputError("cần một tệp bảng tính Excel .xlsx", Vitri(tep=shown))
    key = secrets.token_hex(8)
    path = desk().work / f"bang-tinh-{key}.xlsx"
    upload.save(path)
    kept = Upload(key, path, shown)
    _uploads()[key] = kept
    return kept


def uploaded(key: str) -> Upload:
    """The workbook kept under ``key``; InputError when the id is unknown (an old or forged form)."""
    found = _uploads().get(key) if _KEY.match(key or "") else None
    if found is None:
        raise InputError("không còn tệp bảng tính đã tải lên: chọn lại tệp rồi tải lên lần nữa")
    return found


def messages(problem: VbhcError, kept: Upload) -> list[str]:
    """Each problem as the CLI prints it, naming the user's file instead of the work copy."""
    items = problem.errors if isinstance(problem, MultipleErrors) else [problem]
    return [shown_name(str(item), kept) for item in items]


def shown_name(text: str, kept: Upload) -> str:
    return text.replace(str(kept.path), kept.shown)


def sheet_names(kept: Upload) -> list[str]:
    """The sheets of the workbook, read by the same safe opener as the CLI."""
    from vbhc.sources.workbook import load_workbook

    workbook, handle = load_workbook(kept.path)
    try:
        return [worksheet.title for worksheet in workbook.worksheets]
    finally:
        workbook.close()
        handle.close()


def _blank(errors: list[str]) -> str:
    """The page with only the upload form (and ``errors``)."""
    return page("phu_luc.html", kept=None, errors=errors, warnings=[], bang=None, extra=False)


@bp.get("/")
def form():
    return _blank([])


@bp.post("/")
def upload():
    try:
        kept = save_workbook()
    except VbhcError as problem:
        return _blank([str(problem)]), 422
    return _show(kept, None, extra=bool(request.form.get("cot_them")))


@bp.post("/doc")
def read_sheet():
    try:
        kept = uploaded(request.form.get("bang_tinh", ""))
    except VbhcError as problem:
        return _blank([str(problem)]), 422
    return _show(kept, request.form.get("trang_tinh") or None, extra=bool(request.form.get("cot_them")))


def _show(kept: Upload, sheet: str | None, *, extra: bool):
    """Read ``sheet`` of the kept workbook as ``vbhc annex [--extra-columns]`` does; show the table and
    the downloads."""
    from vbhc.sources.xlsx import read_tasks

    warnings = Warnings()
    context = {
        "kept": kept, "sheets": [], "sheet": sheet, "extra": extra, "bang": None, "errors": [], "warnings": []
    }
    try:
        context["sheets"] = sheet_names(kept)
        bang = read_tasks(kept.path, sheet, warnings=warnings, show_extra=extra)
    except VbhcError as problem:
        context["errors"] = messages(problem, kept)
        context["warnings"] = [shown_name(str(item), kept) for item in warnings]
        return page("phu_luc.html", **context), 422
    context["warnings"] = [shown_name(str(item), kept) for item in warnings]
    stem = kept.shown[: -len(".xlsx")]
    docx_key, xlsx_key = _annex_files(bang, kept, stem)
    return page("phu_luc.html", **{**context, "bang": bang}, docx_key=docx_key, xlsx_key=xlsx_key)


def _annex_files(bang, kept: Upload, stem: str) -> tuple[str, str]:
    """Write the annex as DOCX and XLSX (as ``vbhc annex -o …``) and keep both for download."""
    from vbhc.cli.annex import DEFAULT_TITLE, sheet_title_parts
    from vbhc.model import PhuLuc
    from vbhc.writers.docx import render_phu_luc
    from vbhc.writers.xlsx import write_annex_xlsx

    heading, title, kem_theo = sheet_title_parts(bang.tieu_de_goc)
    phu_luc = PhuLuc(tieu_de=title or DEFAULT_TITLE, bang=bang)
    out = desk().work / f"phu-luc-{kept.key}"
    docx = render_phu_luc(None, phu_luc, out.with_suffix(".docx"))
    kwargs = {"tieu_de_phu_luc": heading} if heading else {}
    xlsx = write_annex_xlsx(
        phu_luc, out.with_suffix(".xlsx"), kem_theo=kem_theo, inputs=(kept.path,), **kwargs
    )
    return (
        desk().keep_file(docx, f"phu_luc_{stem}.docx"),
        desk().keep_file(xlsx, f"phu_luc_{stem}.xlsx"),
    )
