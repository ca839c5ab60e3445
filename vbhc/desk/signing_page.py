"""Ký số: sign an issued PDF with a PKCS#12 uploaded for this request only, and check signatures.

The PKCS#12 and its password are read into memory (this request's upload is parsed into memory, not
spooled to disk), used for one signature and dropped; they are never written, kept or logged. The PDF,
the image and the trust root are not secret: they pass through the session's work folder and are
removed at once. A USB token is used when the desk was started with ``vbhc serve --pkcs11-lib LIB``
(the library path never comes from a form); its PIN, like the password, lives only in the request.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Blueprint, request

from vbhc.desk.app import desk, page
from vbhc.errors import InputError, MultipleErrors, VbhcError, Vitri

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer

bp = Blueprint("ky_so", __name__, url_prefix="/ky-so")

#: The signature fields a clerk chooses from (what ``vbhc pdf --ky-so`` prepares).
FIELDS = {
    "ChuKyNguoiKy": "Chữ ký của người có thẩm quyền (ô ChuKyNguoiKy, ảnh chữ ký màu xanh)",
    "ChuKyCoQuan": "Chữ ký của cơ quan (ô ChuKyCoQuan, ảnh dấu màu đỏ)",
}
#: Largest PKCS#12 file accepted (a real one is a few KB).
MAX_P12_BYTES = 64 * 1024
TOKEN_COMMAND = (
    "vbhc sign van_ban.pdf -o van_ban.ky.pdf --pkcs11-lib /duong/dan/thu_vien_token.so "
    '--token-label "NHÃN TOKEN" --key-label NHÃN_KHÓA --field ChuKyNguoiKy --anh-chu-ky chu_ky.png'
)


def _show(status: int = 200, **context):
    values = {"errors": [], "signed": None, "report": None, "fields": FIELDS, "token_command": TOKEN_COMMAND,
              "token_lib": desk().pkcs11_lib}
    return page("ky_so.html", **(values | context)), status


@bp.get("/")
def form():
    return _show()


def _in_memory(*_args, **_kwargs):
    return io.BytesIO()


def _upload(
    name: str, label: str, *, required: bool = True, limit: int | None = None
) -> tuple[bytes, str] | None:
    """The bytes and shown name of an uploaded file (bounded by the request limit)."""
    upload = request.files.get(name)
    if upload is None or not upload.filename:
        if required:
            raise InputError(f"chưa chọn {label}", Vitri(truong=name))
        return None
    shown = upload.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]  # for messages only
    data = upload.read()
    if limit is not None and len(data) > limit:
        raise InputError(f"{label} quá lớn (tối đa {limit // 1024} KB)", Vitri(tep=shown))
    return data, shown


@contextlib.contextmanager
def _temporary(data: bytes, suffix: str) -> Iterator[Path]:
    """``data`` in the work folder under a name the desk made, removed afterwards."""
    path = desk().work / f"ky-so-{secrets.token_hex(8)}{suffix}"
    path.write_bytes(data)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def _messages(problem: VbhcError) -> list[str]:
    return [str(item) for item in (problem.errors if isinstance(problem, MultipleErrors) else [problem])]


@bp.post("/ky")
def sign():
    """Sign the uploaded PDF; offer the signed copy for download."""
    request._get_file_stream = _in_memory  # type: ignore[method-assign]  # the .p12 never touches disk
    try:
        key, name, field = _sign()
    except VbhcError as problem:
        return _show(422, errors=_messages(problem))
    return _show(signed={"key": key, "name": name, "field": field})


def _sign() -> tuple[str, str, str]:
    from vbhc.cli.sign import quiet_libraries

    quiet_libraries()
    field = request.form.get("field", "")
    if field not in FIELDS:
        raise InputError("chọn ô chữ ký: ChuKyNguoiKy hoặc ChuKyCoQuan", Vitri(truong="field"))
    pdf, pdf_name = _upload("pdf", "tệp PDF đã ban hành")
    with _signer() as signer:
        return _sign_with(signer, field, pdf, pdf_name)


@contextlib.contextmanager
def _signer() -> Iterator[Signer]:
    """The key of this request: the token's (``cach_ky=token``), or the uploaded .p12's."""
    from vbhc.signing.sign import signer_p12_data, signer_pkcs11

    if request.form.get("cach_ky") == "token":
        lib = desk().pkcs11_lib
        if lib is None:
            raise InputError(
                "bàn làm việc chưa được mở với thư viện của token", Vitri(truong="cach_ky"),
                goi_y="mở lại bằng: vbhc serve --pkcs11-lib /đường/dẫn/thư_viện_token.so",
            )
        labels = {name: request.form.get(name, "").strip() for name in ("token_label", "key_label")}
        for name, value in labels.items():
            if not value:
                raise InputError("chưa điền nhãn token và nhãn khóa", Vitri(truong=name))
        with signer_pkcs11(lib, labels["token_label"], labels["key_label"], request.form.get("pin", "")) as s:
            yield s
        return
    p12, p12_name = _upload("p12", "tệp chứng thư số .p12", limit=MAX_P12_BYTES)
    signer = signer_p12_data(
        p12, request.form.get("mat_khau", "").encode("utf-8"), Vitri(tep=p12_name, truong="p12"),
        goi_y="kiểm tra mật khẩu và tệp .p12",
    )
    del p12  # the key now lives only in the signer, dropped when this request ends
    yield signer


def _sign_with(signer: Signer, field: str, pdf: bytes, pdf_name: str) -> tuple[str, str, str]:
    from vbhc.signing.sign import HinhThuc, ky

    image = _upload("anh", "ảnh chữ ký hoặc ảnh dấu (PNG)", required=False)
    state = desk()
    names = {}
    with contextlib.ExitStack() as stack:
        source = stack.enter_context(_temporary(pdf, ".pdf"))
        names[str(source)] = pdf_name
        picture = stack.enter_context(_temporary(image[0], ".png")) if image else None
        if image:
            names[str(picture)] = image[1]
        co_dau = _seal_width(request.form.get("co_dau", ""))
        if picture is None:
            hinh_thuc = HinhThuc()
        elif field == "ChuKyNguoiKy":
            hinh_thuc = HinhThuc(anh_chu_ky=picture)
        else:
            hinh_thuc = HinhThuc(anh_dau=picture, co_dau_mm=co_dau)
        out = state.work / f"ky-so-{secrets.token_hex(8)}.pdf"
        try:
            result = ky(source, out, signer, hinh_thuc=hinh_thuc, field=field)
        except VbhcError as problem:
            tep = names.get(problem.vitri.tep or "", problem.vitri.tep)
            problem.vitri = dataclasses.replace(problem.vitri, tep=tep)  # the clerk's own file name
            raise
        signed_name = f"{Path(pdf_name).stem}.ky.pdf"
        key = state.keep_file(result.tep, signed_name)
        out.unlink(missing_ok=True)
    return key, signed_name, result.field


def _seal_width(text: str) -> float | None:
    """The seal's real width in mm, when the clerk gave it."""
    if not text.strip():
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = 0
    if not 5 <= value <= 100:
        hint = "ghi số mm từ 5 đến 100"
        raise InputError(f"cỡ dấu «{text}» không hợp lệ", Vitri(truong="co_dau"), goi_y=hint)
    return value


@bp.post("/kiem-tra")
def verify():
    """Check every signature of the uploaded PDF against the uploaded trust root."""
    from vbhc.signing.verify import kiem_tra

    try:
        pdf, pdf_name = _upload("pdf", "tệp PDF đã ký")
        root = _upload("goc", "chứng thư gốc (.pem, .cer)", required=False)
        with contextlib.ExitStack() as stack:
            source = stack.enter_context(_temporary(pdf, ".pdf"))
            trust = [stack.enter_context(_temporary(root[0], ".pem"))] if root else []
            result = kiem_tra(source, trust)
    except VbhcError as problem:
        return _show(422, errors=_messages(problem))
    report = dataclasses.replace(result, tep=pdf_name)
    return _show(report={"valid": report.hop_le, "lines": report.lines(), "trusted": bool(root)})
