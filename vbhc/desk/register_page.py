"""Sổ văn bản đi: list and search, reserve, cancel, export (Phụ lục IV); the CLI's SQLite register."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, request

from vbhc.desk.app import XLSX_MIME, desk, page
from vbhc.errors import InputError, VbhcError, Vitri

bp = Blueprint("so", __name__, url_prefix="/so")


def _open(create: bool = False):
    from vbhc.register import Register

    return Register(desk().register_path(), create=create)


def _year(text: str | None) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise InputError(f"năm «{text}» phải là một số", Vitri(truong="nam"))
    return int(text)


def _matches(entry, words: str) -> bool:
    """A search over the columns a clerk reads (number, type and summary, signer, recipients, note)."""
    from vbhc.text.vi import nfc

    haystack = nfc(" ".join((entry.so_hien_thi, entry.ten_loai_trich_yeu, entry.nguoi_ky, entry.noi_nhan,
                             entry.ghi_chu_day_du))).casefold()
    return all(word in haystack for word in nfc(words).casefold().split())


def _listing(message: str = "", errors: list[str] | None = None, status: int = 200):
    """The register page, filtered by the query's ``nam`` and ``tim``."""
    args = request.values
    entries: list = []
    errors = list(errors or [])
    try:
        nam = _year(args.get("nam"))
        if desk().register_path().exists():
            with _open() as register:
                entries = register.entries(nam=nam)
    except VbhcError as problem:
        errors.append(str(problem))
        nam = None
    words = args.get("tim", "").strip()
    if words:
        entries = [e for e in entries if _matches(e, words)]
    return page(
        "so.html", entries=entries, nam=nam or "", tim=words, message=message, errors=errors,
        year=date.today().year, co_quan=desk().settings().co_quan.viet_tat,
    ), status


@bp.get("/")
def list_page():
    return _listing()


@bp.post("/lay-so-truoc")
def reserve():
    """Take the next number in advance (``vbhc register reserve``)."""
    form = request.form
    try:
        with _open(create=True) as register:
            entry = register.reserve(
                desk().settings().co_quan.viet_tat, nam=_year(form.get("nam_lay")),
                loai=form.get("loai") or None, ghi_chu=form.get("ghi_chu", ""),
            )
    except VbhcError as problem:
        return _listing(errors=[str(problem)], status=422)
    return _listing(f"Đã lấy trước số {entry.so_hien_thi} năm {entry.nam}.")


@bp.post("/huy")
def cancel():
    """Cancel a number, with its reason (``vbhc register cancel``)."""
    form = request.form
    try:
        so = form.get("so", "").strip()
        if not so.isdigit():
            raise InputError(f"số «{so}» phải là một số nguyên dương", Vitri(truong="so"))
        with _open() as register:
            entry = register.cancel(
                int(so), nam=_year(form.get("nam_huy")) or date.today().year, ly_do=form.get("ly_do", ""),
                series=form.get("series") or "chung",
            )
    except VbhcError as problem:
        return _listing(errors=[str(problem)], status=422)
    return _listing(f"Đã hủy số {entry.so_hien_thi} năm {entry.nam}: {entry.ly_do_huy}")


@bp.post("/xuat")
def export():
    """The register in the Phụ lục IV form (``vbhc register export``)."""
    from io import BytesIO

    from flask import send_file

    from vbhc.workflows.register_export import export_register_xlsx

    state = desk()
    try:
        nam = _year(request.form.get("nam"))
        out = state.work / "so-van-ban-di.xlsx"
        with _open() as register:
            export_register_xlsx(register, out, nam=nam)
        data = out.read_bytes()
        out.unlink()
    except VbhcError as problem:
        return _listing(errors=[str(problem)], status=422)
    name = f"so-van-ban-di-{nam}.xlsx" if nam else "so-van-ban-di.xlsx"
    return send_file(BytesIO(data), as_attachment=True, download_name=name, mimetype=XLSX_MIME)


@bp.post("/pdf/<key>")
def pdf_of(key: str):
    """The PDF of an issued DOCX kept for download in this session."""
    from vbhc.desk.preview import to_pdf_bytes

    state = desk()
    found = state.downloads.get(key)
    if found is None or not found[1].endswith(".docx"):
        abort(404)
    path, name = found
    try:
        pdf_key = state.keep(to_pdf_bytes(path.read_bytes()), name[: -len(".docx")] + ".pdf")
    except VbhcError as problem:
        return page("loi.html", message=str(problem)), 500
    from flask import redirect, url_for

    return redirect(url_for("download", key=pdf_key), code=303)
