"""Soạn văn bản: choose a type, fill its form (or upload a .md source), preview, download, issue."""

from __future__ import annotations

import base64
import secrets
from datetime import date
from pathlib import Path

from flask import Blueprint, abort, request, send_file
from werkzeug.datastructures import MultiDict

from vbhc import nd30
from vbhc.desk import forms
from vbhc.desk.app import DOCX_MIME, desk, page
from vbhc.errors import InputError, VbhcError, Vitri
from vbhc.model import VanBan

bp = Blueprint("soan", __name__, url_prefix="/soan")

#: Largest .md source accepted (the CLI's own limit).
MAX_SOURCE_BYTES = 5 * 1024 * 1024


@bp.get("/")
def choose():
    return page("soan_chon.html", loai=list(nd30.LOAI_VAN_BAN.values()))


def _form(khoa: str) -> forms.Form:
    form = forms.form_for(khoa)
    if form is None:
        abort(404)
    return form


def _show(form: forms.Form, values: MultiDict | dict, errors: dict | None = None, status: int = 200):
    return page(
        "soan_form.html", form=form, values=values, errors=errors or {}, settings=desk().settings(),
        labels=forms.LABELS, khac=forms.KHAC, do_khan=forms.DO_KHAN, today=date.today().isoformat(),
    ), status


@bp.get("/<khoa>")
def form_page(khoa: str):
    form = _form(khoa)
    return _show(form, forms.defaults(form, desk().settings()))


def _docx(van_ban: VanBan) -> bytes:
    from vbhc.writers.docx import render_bytes

    return render_bytes(van_ban)


def _file_name(van_ban: VanBan, suffix: str) -> str:
    return f"{van_ban.loai}{'_du_thao' if van_ban.la_du_thao else '_' + str(van_ban.so)}.{suffix}"


def _send(data: bytes, name: str, mimetype: str):
    from io import BytesIO

    return send_file(BytesIO(data), as_attachment=True, download_name=name, mimetype=mimetype)


def _output(van_ban: VanBan, action: str):
    """The response of a Tải DOCX / Tải PDF button."""
    docx = _docx(van_ban)
    if action == "pdf":
        from vbhc.desk.preview import to_pdf_bytes

        return _send(to_pdf_bytes(docx), _file_name(van_ban, "pdf"), "application/pdf")
    return _send(docx, _file_name(van_ban, "docx"), DOCX_MIME)


@bp.post("/<khoa>")
def submit(khoa: str):
    """Tải DOCX, Tải PDF or Ban hành the form's document; errors shown beside their fields."""
    form = _form(khoa)
    action = request.form.get("hanh_dong", "docx")
    try:
        van_ban = forms.build(form, request.form, desk().settings())
        if action == "ban_hanh":
            return _issue(van_ban, request.form.get("ngay", ""))
        return _output(van_ban, action)
    except VbhcError as problem:
        return _show(form, request.form, forms.errors_by_field(problem, form), status=422)


def _issue(van_ban: VanBan, ngay: str):
    """Give the draft its number and date from the register (same transaction as ``vbhc issue``)."""
    from vbhc.desk.preview import to_pdf_bytes
    from vbhc.desk.settings import issued_folder, made_folder
    from vbhc.files import write_bytes
    from vbhc.register import Register
    from vbhc.text.vi import parse_date
    from vbhc.workflows.issue import issue

    state = desk()
    when = parse_date(ngay, Vitri(truong="ngay")) if ngay.strip() else None
    folder = made_folder(issued_folder(state.settings(), state.settings_path), "văn bản đã ban hành")
    out = folder / f"{van_ban.loai}-{date.today():%Y%m%d}-{secrets.token_hex(4)}.docx"
    with Register(state.register_path(), create=True) as register:
        result = issue(van_ban, register, out=out, ngay=when)
    name = _file_name(result.van_ban, "docx")
    key = state.keep_file(result.path, name)
    warnings = [str(item) for item in result.warnings]
    try:
        pdf = _ready_for_signing(result.path, to_pdf_bytes(result.path.read_bytes()), warnings)
        write_bytes(result.path.with_suffix(".pdf"), pdf)
        pdf_saved = True
    except VbhcError as problem:
        warnings.append(f"chưa lưu được bản PDF cạnh bản DOCX: {problem}")
        pdf_saved = False
    return page("ban_hanh_xong.html", entry=result.entry, key=key, name=name, warnings=warnings,
                folder=folder, saved=result.path.name, pdf_saved=pdf_saved)


def _ready_for_signing(docx: Path, pdf: bytes, warnings: list[str]) -> bytes:
    """The issued PDF as ``vbhc issue --pdf --ky-so`` writes it: the Phụ lục VI metadata in its XMP and
    the empty signature fields in the signer block, so that the Ký số page signs it as it is. Without
    the ``sign`` extra, or when the signer block is not found, the plain PDF, with a warning."""
    from vbhc.metadata.lookup import metadata_for
    from vbhc.register import Register
    from vbhc.signing.prepare import Preparer

    try:
        with Register(desk().register_path(), create=False) as register:
            return Preparer(metadata_for=metadata_for(register))(docx, pdf)
    except VbhcError as problem:
        warnings.append(f"bản PDF chưa có ô ký số: {problem}")
        return pdf


def _images(docx: bytes) -> list[str]:
    from vbhc.desk.preview import preview_pages

    return [base64.b64encode(png).decode("ascii") for png in preview_pages(docx)]


@bp.post("/<khoa>/xem-truoc")
def preview(khoa: str):
    """The HTMX fragment: the pages as images, and every field's error (out of band)."""
    form = _form(khoa)
    try:
        van_ban = forms.build(form, request.form, desk().settings())
        images = _images(_docx(van_ban))
        errors: dict = {}
    except VbhcError as problem:
        images, errors = [], forms.errors_by_field(problem, form)
    return page("xem_truoc.html", images=images, errors=errors, form=form, oob=True)


def _uploaded_source() -> tuple[VanBan, list[str]]:
    """The uploaded .md source, or a Word document read back by ``vbhc import``'s importer, read by
    the same reader as ``vbhc render`` (no annex file can be named); with the importer's notes."""
    from vbhc.sources.markdown import loads

    upload = request.files.get("tep")
    if upload is None or not upload.filename:
        raise InputError("chưa chọn tệp nguồn .md hoặc tệp Word .docx", Vitri(truong="tep"))
    shown = upload.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]  # for messages only
    data = upload.read()  # bounded by the request limit (MAX_CONTENT_LENGTH)
    if shown.lower().endswith(".docx"):
        text, notes = _imported(data, shown)
    else:
        if len(data) > MAX_SOURCE_BYTES:
            raise InputError("tệp nguồn quá lớn (tối đa 5 MB)", Vitri(tep=shown))
        try:
            text, notes = data.decode("utf-8-sig"), []
        except UnicodeDecodeError:
            raise InputError(
                "tệp không phải văn bản UTF-8 (có thể là tệp Word, PDF hoặc mã cũ)", Vitri(tep=shown),
                goi_y="tải lên tệp nguồn .md dạng văn bản thuần UTF-8, hoặc tệp Word .docx",
            ) from None
    empty = desk().work / "nguon"
    empty.mkdir(exist_ok=True)
    return loads(text, source=shown, base_dir=empty), notes


def _imported(data: bytes, shown: str) -> tuple[str, list[str]]:
    """A Word document as source text (the importer reads it safely, as the checker does)."""
    from vbhc.importing import import_docx

    path = desk().work / f"nhap-{secrets.token_hex(8)}.docx"
    path.write_bytes(data)
    try:
        imported = import_docx(path)
    finally:
        path.unlink(missing_ok=True)
    return imported.source_text, [f"{shown}: {note}" for note in imported.ambiguities]


@bp.post("/tai-len")
def upload():
    """An uploaded .md source or Word document: Tải DOCX, Tải PDF or Xem trước."""
    action = request.form.get("hanh_dong", "docx")
    try:
        van_ban, notes = _uploaded_source()
        if action == "xem_truoc":
            return page("xem_truoc.html", images=_images(_docx(van_ban)), errors={}, notes=notes, oob=False)
        return _output(van_ban, action)
    except VbhcError as problem:
        messages = [str(item) for item in getattr(problem, "errors", [problem])]
        if action == "xem_truoc":
            return page("xem_truoc.html", images=[], errors={None: messages}, oob=False)
        return page("soan_chon.html", loai=list(nd30.LOAI_VAN_BAN.values()), upload_errors=messages), 422
