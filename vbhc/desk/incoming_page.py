"""Văn bản đến: upload an incoming file, check the fields read from it, correct them, register it.

The upload is read by :func:`vbhc.incoming.doc_van_ban` (chosen by content, bounded, safe readers);
the bytes wait in the session's work folder under a name the desk made, with what was read kept in
memory. «Vào sổ» copies the file into the office's folder of received documents (Cài đặt), again under
a name the desk made, and registers it through :func:`vbhc.workflows.receive.receive`. A flagged
field (:attr:`~vbhc.incoming.fields.Truong.can_xem_lai`) is never prefilled: the clerk sees the
suggestion beside an empty box and types or confirms the value.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

from flask import Blueprint, current_app, request, send_file
from werkzeug.datastructures import MultiDict

from vbhc import nd30
from vbhc.desk.app import DOCX_MIME, XLSX_MIME, desk, page
from vbhc.desk.register_page import _year
from vbhc.desk.settings import incoming_folder, made_folder
from vbhc.desk.signing_page import _upload
from vbhc.errors import InputError, MultipleErrors, VbhcError, Vitri
from vbhc.files import write_bytes
from vbhc.incoming.fields import TEN_TRUONG, TRUONG, KetQuaDoc

bp = Blueprint("den", __name__, url_prefix="/van-ban-den")

#: What the file box offers (the reader tells the kind by content, never by this suffix).
ACCEPT = ".docx,.pdf,.jpg,.jpeg,.png"
#: How the fields were read, as the clerk reads it.
CACH_DOC = {
    "docx": "tệp Word (DOCX)", "pdf": "lớp chữ của tệp PDF", "ocr": "nhận dạng chữ (OCR) trên ảnh quét",
}
#: Fields typed as dates (the browser's date box gives ISO; dd/mm/yyyy is accepted too).
DATES = ("ngay_van_ban", "ngay_den", "han_giai_quyet")
#: The columns the clerk adds to what was read.
EXTRA = {"ngay_den": "Ngày đến", "don_vi_nhan": "Đơn vị hoặc người nhận", "han_giai_quyet": "Hạn giải quyết",
         "ghi_chu": "Ghi chú"}
#: Largest trust root (.pem, .cer) accepted for checking signatures.
MAX_ROOT_BYTES = 64 * 1024


@dataclass(frozen=True)
class Upload:
    """An uploaded file waiting for «Vào sổ»: where the desk put it, the clerk's name for it, what
    reading it gave, and the trust root uploaded with it."""

    path: Path
    shown: str
    doc: KetQuaDoc
    trust: tuple[Path, ...] = ()


def _uploads() -> dict[str, Upload]:
    """This desk's uploads waiting for «Vào sổ», by the key the form carries."""
    return current_app.extensions.setdefault("vbhc_van_ban_den", {})


def _book(*, create: bool = False):
    """The office's register; without ``create``, an InputError in the desk's words when there is none."""
    from vbhc.register import Register

    path = desk().register_path()
    if not create and not path.exists():
        raise InputError("sổ văn bản đến chưa có văn bản nào", Vitri(tep=str(path)),
                         goi_y="tải lên văn bản đến đầu tiên rồi bấm «Vào sổ»")
    return Register(path, create=create)


def _duplicate(problem: VbhcError):
    """The entry ``problem`` says the document repeats, or None; its command-line hint (``--force``)
    dropped, since the page offers its own button."""
    from vbhc.register import TrungVanBan

    if not isinstance(problem, TrungVanBan):
        return None
    problem.goi_y = None
    return problem.trung


def _messages(problem: VbhcError) -> list[str]:
    return [str(item) for item in (problem.errors if isinstance(problem, MultipleErrors) else [problem])]


def _suffix(doc: KetQuaDoc, data: bytes) -> str:
    """The suffix the desk names a file by, from what the reader found in it (never the clerk's name)."""
    if doc.cach_doc == "docx":
        return ".docx"
    if b"%PDF-" in data[:1024]:
        return ".pdf"
    return ".png" if data.startswith(b"\x89PNG") else ".jpg"


# --- 1. upload and read ---------------------------------------------------------------------------


@bp.get("/")
def list_page():
    return _listing()


@bp.post("/doc")
def read():
    """Read the uploaded file and show the form prefilled with what was read."""
    try:
        key, upload = _read_upload()
    except VbhcError as problem:
        return _listing(errors=_messages(problem), status=422)
    return _form(key, upload, _prefilled(upload.doc))


def _read_upload() -> tuple[str, Upload]:
    """Read the upload with the library's reader (its kind told by content) and keep its bytes in the
    work folder under a name the desk made."""
    from vbhc.incoming import doc_van_ban

    data, shown = _upload("tep", "tệp văn bản đến")  # type: ignore[misc]  # required: never None
    root = _upload("goc", "chứng thư gốc", required=False, limit=MAX_ROOT_BYTES)
    folder = desk().work / "van-ban-den"
    folder.mkdir(exist_ok=True)
    key = secrets.token_urlsafe(12)
    trust = (write_bytes(folder / f"{key}.goc.pem", root[0]),) if root else ()
    try:
        doc = doc_van_ban(Path(shown), data=data, trust=trust)
    except VbhcError:
        for made in trust:
            made.unlink(missing_ok=True)
        raise
    upload = Upload(write_bytes(folder / f"{key}{_suffix(doc, data)}", data), shown, doc, trust)
    _uploads()[key] = upload
    return key, upload


def _prefilled(doc: KetQuaDoc) -> dict[str, str]:
    """The form's first values: every field read with confidence; flagged ones left empty."""
    values = {name: (doc.gia_tri(name) or "") for name in TRUONG}
    return values | dict.fromkeys(EXTRA, "") | {"ngay_den": date.today().isoformat()}


def _rows(doc: KetQuaDoc) -> list[dict]:
    """One row of the form per field read: its label, whether it is flagged, the suggestion shown
    beside a flagged one, the confidence and the reader's note."""
    from vbhc.text.vi import ngay_ngan

    rows = []
    for name in TRUONG:
        truong = doc.truong.get(name)
        suggest = truong.gia_tri if truong is not None and truong.can_xem_lai else None
        if suggest and name in DATES:
            with contextlib.suppress(ValueError):
                suggest = ngay_ngan(date.fromisoformat(suggest))
        rows.append({
            "name": name, "label": TEN_TRUONG[name], "flagged": truong is None or truong.can_xem_lai,
            "suggest": suggest, "confidence": f"{round(100 * truong.do_tin_cay) if truong else 0}%",
            "note": truong.ghi_chu if truong else "",
        })
    return rows


def _form(key: str, upload: Upload, values, errors: list[str] | None = None, trung=None, status: int = 200):
    return page(
        "van_ban_den_doc.html", key=key, upload=upload, doc=upload.doc, values=values, errors=errors or [],
        trung=trung, rows=_rows(upload.doc), extra=EXTRA, cach_doc=CACH_DOC, dates=DATES,
        loai=[loai.ten for loai in nd30.LOAI_VAN_BAN.values()], do_khan=list(nd30.DO_KHAN),
    ), status


# --- 2. register ----------------------------------------------------------------------------------


@bp.post("/vao-so")
def register():
    """«Vào sổ» (or «Vẫn vào sổ», ``force``): the clerk's values win over what was read."""
    form = request.form
    key = form.get("ma", "")
    upload = _uploads().get(key)
    if upload is None:
        message = "tệp đã tải lên không còn (bàn làm việc đã mở lại?): tải tệp lên lại"
        return _listing(errors=[message], status=422)
    try:
        received = _receive(upload, form, force=form.get("force") == "1")
    except VbhcError as problem:

        trung = _duplicate(problem)
        return _form(key, upload, form, _messages(problem), trung=trung, status=409 if trung else 422)
    _uploads().pop(key, None)
    for made in (upload.path, *upload.trust):
        made.unlink(missing_ok=True)
    entry = received.entry
    return _listing(
        f"Đã vào sổ văn bản đến: số đến {entry.so_den_hien_thi} năm {entry.nam}.",
        warnings=_after(received), new=entry.id,
    )


def _after(received) -> list[str]:
    """The warnings of a registration the clerk has not read yet on the form (the reader's were shown
    there), the command-line hint for an entry «cần xem lại» replaced by the desk's own words."""
    from vbhc.register import CAN_XEM_LAI
    from vbhc.workflows.receive import huong_dan_sua

    entry = received.entry
    hint = huong_dan_sua(entry) if entry.can_xem_lai else None
    warnings = [item for item in received.canh_bao if item not in received.doc.canh_bao and item != hint]
    if entry.can_xem_lai:
        names = ", ".join(TEN_TRUONG.get(name, name).lower() for name in entry.can_xem_lai)
        so = f"{entry.so_den_hien_thi}/{entry.nam}"
        warnings.append(f"số đến {so} được ghi «{CAN_XEM_LAI}», chưa xác nhận: {names}; bấm vào số đến trong "
                        "sổ để sửa")
    return warnings


def _date(form: MultiDict, name: str, label: str) -> date | None:
    from vbhc.text.vi import parse_date

    text = form.get(name, "").strip()
    return parse_date(text, Vitri(truong=label)) if text else None


def _receive(upload: Upload, form: MultiDict, *, force: bool):
    """Keep the file in the folder of received documents and register it."""
    from vbhc.workflows.receive import receive

    sua = {name: form.get(name, "").strip() for name in TRUONG}
    flagged = upload.doc.can_xem_lai
    sua = {name: value for name, value in sua.items() if value or name not in flagged}
    if form.get("ghi_chu", "").strip():
        sua["ghi_chu"] = form["ghi_chu"]
    ngay_van_ban = _date(form, "ngay_van_ban", TEN_TRUONG["ngay_van_ban"])
    if ngay_van_ban is not None:
        sua["ngay_van_ban"] = ngay_van_ban.isoformat()
    ngay_den = _date(form, "ngay_den", EXTRA["ngay_den"]) or date.today()
    han = _date(form, "han_giai_quyet", EXTRA["han_giai_quyet"])
    kept, made = _keep(upload, ngay_den)
    try:
        with _book(create=True) as book:
            return receive(
                kept, book, sua=sua, ngay_den=ngay_den, don_vi_nhan=form.get("don_vi_nhan", "").strip(),
                han_giai_quyet=han, force=force, trust=upload.trust, doc=upload.doc,
            )
    except BaseException:
        if made:
            kept.unlink(missing_ok=True)
        raise


def _keep(upload: Upload, ngay_den: date) -> tuple[Path, bool]:
    """The file in the folder of received documents, named by its ngày đến and SHA-256 (never by the
    clerk's name); whether the desk wrote it now."""
    state = desk()
    folder = made_folder(incoming_folder(state.settings(), state.settings_path), "văn bản đến")
    path = folder / f"den-{ngay_den:%Y%m%d}-{upload.doc.sha256[:12]}{upload.path.suffix}"
    if path.exists():
        return path, False
    return write_bytes(path, upload.path.read_bytes()), True


# --- 3. the sổ đến --------------------------------------------------------------------------------


def _listing(message: str = "", errors: list[str] | None = None, warnings: list[str] | None = None,
             new: int | None = None, status: int = 200):
    """The page: the upload form, then the sổ đến filtered by the query's ``nam`` and ``tim``."""
    args = request.values
    entries: list = []
    errors = list(errors or [])
    nam = None
    try:
        nam = _year(args.get("nam"))
        if desk().register_path().exists():
            with _book() as book:
                entries = book.list_den(nam=nam, query=args.get("tim", "").strip() or None)
    except VbhcError as problem:
        errors.extend(_messages(problem))
    return page(
        "van_ban_den.html", entries=entries, nam=nam or "", tim=args.get("tim", "").strip(), message=message,
        errors=errors, warnings=warnings or [], new=new, today=date.today(), accept=ACCEPT,
        cot=nd30.SO_DEN_COT,
    ), status


@bp.post("/giai-quyet")
def settle():
    """Mark a document dealt with (ngày giải quyết, số ký hiệu of the answer if any)."""

    form = request.form
    try:
        nam, so_den = _year(form.get("nam_den")), form.get("so_den", "").strip()
        if nam is None or not so_den.isdigit():
            raise InputError("chưa rõ văn bản đến nào (năm, số đến)", Vitri(truong="so_den"))
        ngay = _date(form, "ngay_giai_quyet", "Ngày giải quyết") or date.today()
        with _book() as book:
            entry = book.giai_quyet(nam, int(so_den), ngay=ngay, co_quan=form.get("co_quan"),
                                    so_ky_hieu_tra_loi=form.get("so_ky_hieu_tra_loi", "").strip())
    except VbhcError as problem:
        return _listing(errors=_messages(problem), status=422)
    return _listing(f"Đã ghi văn bản đến số {entry.so_den_hien_thi} năm {entry.nam} là đã giải quyết.")


#: The books a clerk may export, by the form's value: (file name, whether it is the sổ theo dõi).
BOOKS = {"so_den": ("so-van-ban-den", False), "theo_doi": ("so-theo-doi-giai-quyet-van-ban-den", True)}
FORMATS = {"xlsx": XLSX_MIME, "pdf": "application/pdf"}


@bp.post("/xuat")
def export():
    """The sổ đến (or the sổ theo dõi giải quyết) in the Phụ lục IV form, as XLSX or PDF."""
    from vbhc.workflows.register_export import export_so_den

    form = request.form
    book, suffix = form.get("so", "so_den"), form.get("dinh_dang", "xlsx")
    try:
        if book not in BOOKS or suffix not in FORMATS:
            raise InputError("chọn sổ và định dạng (XLSX hoặc PDF) để xuất", Vitri(truong="dinh_dang"))
        nam = _year(form.get("nam_xuat"))
        stem, theo_doi = BOOKS[book]
        name = f"{stem}-{nam}.{suffix}" if nam else f"{stem}.{suffix}"
        out = desk().work / f"{secrets.token_hex(8)}-{name}"
        with _book(create=True) as register:
            export_so_den(register, out, theo_doi=theo_doi, nam=nam, hom_nay=date.today())
        data = out.read_bytes()
        out.unlink()
    except VbhcError as problem:
        return _listing(errors=_messages(problem), status=422)
    return send_file(BytesIO(data), as_attachment=True, download_name=name, mimetype=FORMATS[suffix])


@bp.post("/bao-cao")
def report():
    """The báo cáo tình hình giải quyết văn bản đến as of a day: DOCX (from the shipped source, headed by
    the office's settings) or the XLSX summary, as ``vbhc register bao-cao-den`` writes them."""
    from vbhc.workflows.bao_cao_den import lap_bao_cao_den

    form = request.form
    suffix = form.get("dinh_dang", "docx")
    try:
        if suffix not in ("docx", "xlsx"):
            raise InputError("chọn định dạng báo cáo (DOCX hoặc XLSX)", Vitri(truong="dinh_dang"))
        as_of = _date(form, "ngay_bao_cao", "Ngày số liệu") or date.today()
        nam = _year(form.get("nam_bao_cao"))
        work = desk().work / f"bao-cao-den-{secrets.token_hex(8)}"  # its own folder: it reaches no other file
        work.mkdir()
        out = work / f"bao-cao-van-ban-den-{as_of:%Y%m%d}.{suffix}"
        with _book(create=True) as register:
            if suffix == "docx":
                lap_bao_cao_den(register, as_of, nam=nam, source=_report_source(work, as_of), output=out)
            else:
                lap_bao_cao_den(register, as_of, nam=nam, xlsx_out=out)
        data = out.read_bytes()
        shutil.rmtree(work)
    except VbhcError as problem:
        return _listing(errors=_messages(problem), status=422)
    mimetype = XLSX_MIME if suffix == "xlsx" else DOCX_MIME
    return send_file(BytesIO(data), as_attachment=True, download_name=out.name, mimetype=mimetype)


def _report_source(folder: Path, as_of: date) -> Path:
    """The shipped source of the báo cáo with the office's heading (agency, place, first signer,
    Nơi nhận) in place of its sample one; InputError when the settings have no signer."""
    import yaml

    from vbhc.workflows.bao_cao_den import nguon_mac_dinh

    settings = desk().settings()
    if not settings.nguoi_ky:
        raise InputError(
            "chưa có người ký trong Cài đặt nên chưa lập được báo cáo DOCX", Vitri(truong="nguoi_ky"),
            goi_y="thêm người ký ở trang Cài đặt, hoặc tải bảng tổng hợp (XLSX)",
        )
    body = nguon_mac_dinh().read_text(encoding="utf-8").split("\n---\n", 1)[1]
    front = {
        "loai": "bao_cao", "co_quan": settings.co_quan.model_dump(exclude_none=True),
        "dia_danh": settings.dia_danh, "so": None, "ngay": None, "nam": as_of.year,
        "trich_yeu": "Tình hình tiếp nhận, giải quyết văn bản đến",
        "nguoi_ky": settings.nguoi_ky[0].model_dump(exclude_none=True),
        "noi_nhan": settings.noi_nhan or ["Như trên"], "luu": ["VT"],
    }
    text = f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n{body}"
    return write_bytes(folder / "bao_cao_van_ban_den.md", text.encode("utf-8"))


# --- 4. correct an entry --------------------------------------------------------------------------

#: The columns a clerk corrects on an entry's page (of the register's ``SUA_DUOC``), and its dates.
SUA = (*TRUONG, "don_vi_nhan", "han_giai_quyet", "ngay_chuyen", "ky_nhan", "ghi_chu")
SUA_NGAY = ("ngay_van_ban", "han_giai_quyet", "ngay_chuyen")


def _column(entry, name: str) -> str:
    """An entry's column as the form shows it (a date in ISO, for the browser's date box)."""
    value = getattr(entry, name)
    return "" if value is None else value.isoformat() if isinstance(value, date) else str(value)


def _entry_form(entry, values, errors: list[str] | None = None, trung=None, status: int = 200):
    from vbhc.register.incoming import TEN_COT

    return page(
        "van_ban_den_sua.html", entry=entry, values=values, errors=errors or [], trung=trung, sua=SUA,
        dates=SUA_NGAY, ten=TEN_COT, do_khan=list(nd30.DO_KHAN),
    ), status


@bp.get("/<int:nam>/<int:so_den>")
def entry_page(nam: int, so_den: int):
    """An entry's columns to correct; the fields still «cần xem lại» marked, with what was read."""

    try:
        with _book() as book:
            entry = book.get_den(nam, so_den, co_quan=request.args.get("co_quan"))
    except VbhcError as problem:
        return _listing(errors=_messages(problem), status=404)
    return _entry_form(entry, {name: _column(entry, name) for name in SUA})


@bp.post("/<int:nam>/<int:so_den>")
def correct(nam: int, so_den: int):
    """Save the columns the clerk changed (they count as confirmed; the others keep their flags)."""
    from vbhc.register.incoming import TEN_COT

    form, co_quan = request.form, request.args.get("co_quan")
    try:
        with _book() as book:
            entry = book.get_den(nam, so_den, co_quan=co_quan)
    except VbhcError as problem:
        return _listing(errors=_messages(problem), status=404)
    try:
        changes: dict = {}
        for name in SUA:
            value = form.get(name, "").strip()
            if value != _column(entry, name):
                changes[name] = _date(form, name, TEN_COT[name]) if name in SUA_NGAY else value
        if changes:
            with _book() as book:
                force = form.get("force") == "1"
                entry = book.update_den(nam, so_den, force=force, co_quan=co_quan, **changes)
    except VbhcError as problem:
        trung = _duplicate(problem)
        return _entry_form(entry, form, _messages(problem), trung=trung, status=409 if trung else 422)
    if not changes:
        return _listing("Không có gì thay đổi.", new=entry.id)
    return _listing(f"Đã sửa văn bản đến số {entry.so_den_hien_thi} năm {entry.nam}.", new=entry.id)
