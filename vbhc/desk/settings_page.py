"""Cài đặt: the office's agency, signers, default Nơi nhận and template; export and import."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, request, send_file

from vbhc.desk import settings as cai_dat
from vbhc.desk.app import desk, page
from vbhc.errors import InputError, MultipleErrors, VbhcError, Vitri
from vbhc.model import validate

bp = Blueprint("cai_dat", __name__, url_prefix="/cai-dat")

#: Separator of a signer's parts on one line: ``CHỨC VỤ | Họ tên | TM. …; KT. …``.
SEP = "|"


def _signers_text(settings: cai_dat.CaiDatBan) -> str:
    return "\n".join(
        f"{n.chuc_vu} {SEP} {n.ho_ten}" + (f" {SEP} {'; '.join(n.tham_quyen)}" if n.tham_quyen else "")
        for n in settings.nguoi_ky
    )


def _signers(text: str) -> list[dict]:
    """One signer per line; InputError naming the line when a part is missing."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(SEP)]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise InputError(
                f"người ký dòng {number} cần «chức vụ {SEP} họ tên» (thêm «{SEP} TM. …» nếu có)",
                Vitri(truong="nguoi_ky", dong=number),
            )
        tham_quyen = [t.strip() for t in parts[2].split(";") if t.strip()] if len(parts) > 2 else []
        found.append({"chuc_vu": parts[0], "ho_ten": parts[1], "tham_quyen": tham_quyen})
    return found


def _show(settings: cai_dat.CaiDatBan, values: dict | None = None, errors: list[str] | None = None,
          message: str = "", status: int = 200):
    values = values or {
        "co_quan.ten": settings.co_quan.ten, "co_quan.viet_tat": settings.co_quan.viet_tat,
        "co_quan.chu_quan": settings.co_quan.chu_quan or "", "dia_danh": settings.dia_danh,
        "nguoi_ky": _signers_text(settings), "noi_nhan": "\n".join(settings.noi_nhan), "mau": settings.mau,
        "thu_muc_ban_hanh": settings.thu_muc_ban_hanh or "",
        "thu_muc_van_ban_den": settings.thu_muc_van_ban_den or "",
    }
    return page(
        "cai_dat.html", values=values, errors=errors or [], message=message,
        templates=cai_dat.TEMPLATE_CHOICES, path=desk().settings_path,
        issued=cai_dat.issued_folder(settings, desk().settings_path),
        incoming=cai_dat.incoming_folder(settings, desk().settings_path),
    ), status


@bp.get("/")
def form():
    return _show(desk().settings())


@bp.post("/")
def save():
    state = desk()
    current = state.settings()
    form = request.form
    try:
        data = current.model_dump(mode="json")
        data["co_quan"] = {
            "ten": form.get("co_quan.ten", ""), "viet_tat": form.get("co_quan.viet_tat", ""),
            "chu_quan": form.get("co_quan.chu_quan", "").strip() or None,
        }
        data["dia_danh"] = form.get("dia_danh", "")
        data["nguoi_ky"] = _signers(form.get("nguoi_ky", ""))
        data["noi_nhan"] = [line.strip() for line in form.get("noi_nhan", "").splitlines() if line.strip()]
        data["mau"] = form.get("mau", current.mau)
        data["thu_muc_ban_hanh"] = form.get("thu_muc_ban_hanh", "").strip() or None
        data["thu_muc_van_ban_den"] = form.get("thu_muc_van_ban_den", "").strip() or None
        settings = validate(cai_dat.CaiDatBan, data, None)
        cai_dat.save(settings, state.settings_path)
    except VbhcError as problem:
        items = problem.errors if isinstance(problem, MultipleErrors) else [problem]
        return _show(current, dict(form), [str(item) for item in items], status=422)
    return _show(settings, message="Đã lưu cài đặt.")


@bp.get("/xuat")
def export():
    data = cai_dat.dumps(desk().settings())
    return send_file(BytesIO(data), as_attachment=True, download_name="cai-dat-vbhc.json",
                     mimetype="application/json")


@bp.post("/nhap")
def import_():
    """Replace the settings by an exported file (the register path and the folders of issued and
    received documents stay this machine's own)."""
    state = desk()
    current = state.settings()
    upload = request.files.get("tep")
    try:
        if upload is None or not upload.filename:
            raise InputError("chưa chọn tệp cài đặt .json", Vitri(truong="tep"))
        shown = upload.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
        imported = cai_dat.parse(upload.read(cai_dat.MAX_SETTINGS_BYTES + 1), shown)
        settings = imported.model_copy(
            update={"so_van_ban": current.so_van_ban, "thu_muc_ban_hanh": current.thu_muc_ban_hanh,
                    "thu_muc_van_ban_den": current.thu_muc_van_ban_den}
        )
        cai_dat.save(settings, state.settings_path)
    except VbhcError as problem:
        items = problem.errors if isinstance(problem, MultipleErrors) else [problem]
        return _show(current, errors=[str(item) for item in items], status=422)
    return _show(settings, message=f"Đã nhập cài đặt từ {shown}.")
