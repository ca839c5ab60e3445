"""A PAdES signature (pyHanko) from a PKCS#12 file or a PKCS#11 token, with the Phụ lục I look.

Every signature after the first is an incremental update: the bytes an earlier signature covers are
never rewritten, so it stays valid. Secrets (password, PIN) are passed in as values, never logged,
never written anywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import urllib.error
import urllib.request
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from vbhc import nd30
from vbhc.errors import EnvironmentProblem, InputError, Vitri
from vbhc.files import write_bytes
from vbhc.signing import appearance

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer

INSTALL_HINT = "cài phần ký số: pip install 'vbhc[sign]'"
#: A PDF larger than this is refused (signing reads it whole).
MAX_PDF_BYTES = 512 * 1024 * 1024
#: Seconds to wait for the time-stamping authority.
TSA_TIMEOUT = 30
#: Field names when ``--field`` is not given, by kind of signature.
FIELD_NGUOI_KY = "ChuKyNguoiKy"
FIELD_CO_QUAN = "ChuKyCoQuan"


def require_pyhanko() -> None:
    """Raise a Vietnamese EnvironmentProblem when pyHanko is not installed."""
    try:
        import pyhanko.sign  # noqa: F401
    except ImportError as e:
        raise EnvironmentProblem("máy này chưa cài pyHanko để ký số", goi_y=INSTALL_HINT) from e


@dataclass(frozen=True)
class ViTri:
    """A new field's place: page (from 1), top-left corner in mm from the page's top-left corner,
    and its size in mm (None: the image's real size, or the information line's size)."""

    trang: int
    x_mm: float
    y_mm: float
    rong_mm: float | None = None
    cao_mm: float | None = None

    @classmethod
    def parse(cls, text: str) -> ViTri:
        """``TRANG,X,Y`` or ``TRANG,X,Y,RỘNG,CAO`` (mm)."""
        vitri = Vitri(truong="--vi-tri")
        hint = "viết TRANG,X,Y hoặc TRANG,X,Y,RỘNG,CAO (mm, tính từ góc trên bên trái), ví dụ 1,120,200,50,25"
        parts = [p.strip() for p in text.split(",")]
        try:
            numbers = [float(p.replace(" ", "")) for p in parts]
        except ValueError:
            raise InputError(f"vị trí «{text}» không hợp lệ", vitri, goi_y=hint) from None
        if len(numbers) not in (3, 5) or numbers[0] < 1 or numbers[0] != int(numbers[0]):
            raise InputError(f"vị trí «{text}» không hợp lệ", vitri, goi_y=hint)
        if any(n < 0 for n in numbers) or (len(numbers) == 5 and min(numbers[3:]) <= 0):
            raise InputError(f"vị trí «{text}» có số âm hoặc cỡ bằng 0", vitri, goi_y=hint)
        size = numbers[3:] if len(numbers) == 5 else (None, None)
        return cls(int(numbers[0]), numbers[1], numbers[2], *size)


@dataclass(frozen=True)
class HinhThuc:
    """What the signature shows: the signer's image, the seal, the information line, or nothing."""

    anh_chu_ky: Path | None = None
    anh_dau: Path | None = None
    co_dau_mm: float | None = None
    """The seal's real width (mm) when the PNG does not carry its resolution."""
    so_ky_hieu: str | None = None

    def __post_init__(self) -> None:
        chosen = [
            o
            for o, v in (
                ("--anh-chu-ky", self.anh_chu_ky),
                ("--anh-dau", self.anh_dau),
                ("--so-ky-hieu", self.so_ky_hieu),
            )
            if v
        ]
        if len(chosen) > 1:
            raise InputError(
                f"chỉ chọn một hình thức hiển thị, đang có {', '.join(chosen)}",
                Vitri(truong=chosen[1]),
                goi_y="người ký: --anh-chu-ky; cơ quan: --anh-dau, hoặc --so-ky-hieu cho văn bản kèm theo",
            )
        if self.co_dau_mm and not self.anh_dau:
            raise InputError("--co-dau là cỡ của ảnh dấu, cần đi cùng --anh-dau", Vitri(truong="--co-dau"))

    @property
    def default_field(self) -> str:
        return FIELD_NGUOI_KY if self.anh_chu_ky else FIELD_CO_QUAN


@dataclass(frozen=True)
class KetQuaKy:
    """What was signed: the output, the field, the signing time, the signer's name."""

    tep: Path
    field: str
    thoi_gian: datetime
    nguoi_ky: str
    co_dau_thoi_gian: bool


# --- signers ------------------------------------------------------------------------------------


def signer_p12(path: Path, password: bytes | None) -> Signer:
    """A signer from a PKCS#12 file (``.p12`` / ``.pfx``)."""
    return signer_p12_data(
        _read(path, "--p12"), password, Vitri(tep=str(path), truong="--p12"),
        goi_y="kiểm tra mật khẩu (--password-file hoặc nhập khi được hỏi) và tệp .p12",
    )


def signer_p12_data(data: bytes, password: bytes | None, where: Vitri, *, goi_y: str) -> Signer:
    """A signer from the bytes of a PKCS#12 file held in memory (``where`` names it in messages)."""
    require_pyhanko()
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.signers import SimpleSigner

    try:
        key, cert, _others = pkcs12.load_key_and_certificates(data, password or None)
    except ValueError:
        message = "không mở được tệp PKCS#12: sai mật khẩu hoặc tệp hỏng"
        raise InputError(message, where, goi_y=goi_y) from None
    if key is None or cert is None:
        raise InputError("tệp PKCS#12 không có khóa bí mật và chứng thư", where)
    return SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=password or None)


@contextlib.contextmanager
def signer_pkcs11(lib: Path, token_label: str, key_label: str, pin: str | None) -> Iterator[Signer]:
    """A signer on a PKCS#11 token (the USB tokens of the Vietnamese CAs); the session is closed
    when the block ends."""
    require_pyhanko()
    from pkcs11 import PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    vitri = Vitri(tep=str(lib), truong="--pkcs11-lib")
    if not lib.is_file():
        raise InputError("không tìm thấy thư viện PKCS#11", vitri, goi_y="chỉ đúng tệp .so/.dll của token")
    try:
        session = open_pkcs11_session(str(lib), token_criteria=TokenCriteria(label=token_label), user_pin=pin)
    except PKCS11Error as e:
        raise InputError(
            f"không mở được token «{token_label}»: {_pkcs11_reason(e)}",
            vitri,
            goi_y="cắm token, kiểm tra nhãn token (--token-label) và mã PIN",
        ) from None
    except OSError as e:
        raise EnvironmentProblem(f"không nạp được thư viện PKCS#11: {e}", vitri) from None
    try:
        signer = _token_signer(session, token_label, key_label)
        try:
            yield signer
        except PKCS11Error as e:
            raise EnvironmentProblem(
                f"token «{token_label}» báo lỗi khi ký: {_pkcs11_reason(e)}",
                vitri,
                goi_y="cắm lại token rồi ký lại",
            ) from None
    finally:
        session.close()


def _token_signer(session, token_label: str, key_label: str) -> Signer:
    """The key labelled ``key_label`` and its certificate: the one with the same label, else the one
    with the key's CKA_ID (tokens label the two differently)."""
    from pkcs11 import Attribute, ObjectClass, PKCS11Error
    from pyhanko.sign.pkcs11 import PKCS11Signer

    signer = PKCS11Signer(session, key_label=key_label, cert_label=key_label)
    try:
        asyncio.run(signer.ensure_objects_loaded())
        return signer
    except PKCS11Error as e:
        problem = e
    try:
        key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=key_label)
        signer = PKCS11Signer(session, key_label=key_label, cert_id=key[Attribute.ID])
        asyncio.run(signer.ensure_objects_loaded())
        return signer
    except PKCS11Error as e:
        problem = e
    raise InputError(
        f"trên token «{token_label}» không có khóa và chứng thư «{key_label}»: {_pkcs11_reason(problem)}",
        Vitri(truong="--key-label"),
        goi_y="xem nhãn bằng: pkcs11-tool --module THƯ_VIỆN --list-objects --login",
    ) from None


def _pkcs11_reason(error: Exception) -> str:
    name = type(error).__name__
    reasons = {
        "PinIncorrect": "sai mã PIN",
        "PinLocked": "token đã khóa vì nhập sai PIN quá số lần",
        "NoSuchToken": "không có token này",
        "NoSuchKey": "không có khóa này",
    }
    return reasons.get(name, str(error) or name)


# --- the TSA client -----------------------------------------------------------------------------


def timestamper(url: str):
    """An RFC 3161 client over HTTP(S) with the standard library (no extra dependency)."""
    require_pyhanko()
    from asn1crypto import tsp
    from pyhanko.sign.timestamps.api import TimeStamper
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError, set_tsp_headers

    if not url.startswith(("http://", "https://")):
        raise InputError(
            f"địa chỉ TSA «{url}» phải bắt đầu bằng http:// hoặc https://", Vitri(truong="--tsa")
        )

    class UrllibTimeStamper(TimeStamper):
        async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
            def post() -> tsp.TimeStampResp:
                request = urllib.request.Request(url, data=req.dump(), headers=set_tsp_headers({}))
                try:
                    with urllib.request.urlopen(request, timeout=TSA_TIMEOUT) as response:
                        body = response.read(1024 * 1024)
                except (OSError, urllib.error.URLError) as e:
                    raise TimestampRequestError(f"không kết nối được máy chủ dấu thời gian: {e}") from e
                try:
                    response = tsp.TimeStampResp.load(body)
                    if not isinstance(response["status"]["status"].native, str):  # parsed now, not later
                        raise ValueError("no PKIStatus")
                except ValueError as e:
                    raise TimestampRequestError("máy chủ dấu thời gian trả lời không đúng RFC 3161") from e
                return response

            return await asyncio.to_thread(post)

    return UrllibTimeStamper()


# --- signing ------------------------------------------------------------------------------------


def _read(path: Path, option: str) -> bytes:
    if path.stat().st_size > MAX_PDF_BYTES:
        raise InputError("tệp quá lớn", Vitri(tep=str(path), truong=option))
    return path.read_bytes()


def _page_box(writer, index: int) -> tuple[float, float, float, float]:
    """The visible box of page ``index`` (CropBox, else MediaBox, inherited through /Parent)."""
    node = writer.find_page_for_modification(index)[0].get_object()
    while node is not None:
        for key in ("/CropBox", "/MediaBox"):
            if key in node:
                x0, y0, x1, y1 = (float(v) for v in node[key])
                return x0, y0, x1, y1
        node = node.get("/Parent")
        node = node.get_object() if node is not None else None
    raise InputError(f"trang {index + 1} không có khổ giấy (MediaBox)")


def _box_pt(writer, vi_tri: ViTri, size_pt: tuple[float, float]) -> tuple[int, tuple[float, ...]]:
    """The page index and the field's rectangle (PDF points, origin at the bottom left)."""
    pages = int(writer.root["/Pages"]["/Count"])
    if vi_tri.trang > pages:
        raise InputError(f"tệp chỉ có {pages} trang, không có trang {vi_tri.trang}", Vitri(truong="--vi-tri"))
    x0, _y0, _x1, y1 = _page_box(writer, vi_tri.trang - 1)
    width, height = size_pt
    left = x0 + vi_tri.x_mm * appearance.PT_PER_MM
    top = y1 - vi_tri.y_mm * appearance.PT_PER_MM
    return vi_tri.trang - 1, (left, top - height, left + width, top)


def _default_place(writer, size_pt: tuple[float, float]) -> ViTri:
    """The information line at the top right of page 1, its right edge on the right margin."""
    x0, _y0, x1, _y1 = _page_box(writer, 0)
    right_mm = (x1 - x0) / appearance.PT_PER_MM - nd30.MARGINS_OFFICIAL.right
    return ViTri(1, right_mm - size_pt[0] / appearance.PT_PER_MM, nd30.KY_SO_O_TREN_MM)


def _open_pdf(data: bytes, pdf: Path):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        writer.root["/Pages"]["/Count"]
    except (PdfError, KeyError, ValueError, TypeError, IndexError) as e:
        raise InputError(
            f"không đọc được PDF: {e}", Vitri(tep=str(pdf)), goi_y="kiểm tra tệp có phải PDF nguyên vẹn không"
        ) from None
    if writer.prev.encrypted:
        raise InputError("PDF có mật khẩu, vbhc không ký tệp mã hóa", Vitri(tep=str(pdf)))
    return writer


def _fields(writer) -> dict[str, bool]:
    """Signature fields already in the file: name → filled."""
    from pyhanko.sign.fields import enumerate_sig_fields

    return {name: value is not None for name, value, _ref in enumerate_sig_fields(writer.prev)}


def ky(
    pdf: Path,
    out: Path,
    signer: Signer,
    *,
    hinh_thuc: HinhThuc,
    field: str | None = None,
    vi_tri: ViTri | None = None,
    tsa: str | None = None,
    moment: datetime | None = None,
) -> KetQuaKy:
    """Sign ``pdf`` into ``out`` (atomically) with ``signer`` and the look ``hinh_thuc``."""
    require_pyhanko()
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    writer = _open_pdf(_read(pdf, "TỆP"), pdf)
    moment = (moment or datetime.now(appearance.GIO_VIET_NAM)).astimezone(appearance.GIO_VIET_NAM)
    moment = moment.replace(microsecond=0)  # the time printed is the time signed, to the second
    existing = _fields(writer)
    name = field or _free_name(hinh_thuc.default_field, existing)
    if existing.get(name):
        raise InputError(
            f"ô chữ ký «{name}» đã được ký",
            Vitri(tep=str(pdf), truong="--field"),
            goi_y=f"các ô còn trống: {', '.join(n for n, f in existing.items() if not f) or 'không có'}",
        )
    style, size_pt, text_params = _style(hinh_thuc, moment)
    new_field = None
    if name not in existing:
        if field and vi_tri is None and not hinh_thuc.so_ky_hieu:
            raise InputError(
                f"tệp không có ô chữ ký «{field}»",
                Vitri(tep=str(pdf), truong="--field"),
                goi_y=f"các ô có trong tệp: {', '.join(existing) or 'không có'}; "
                "hoặc cho vị trí mới bằng --vi-tri",
            )
        new_field = _new_field(writer, name, hinh_thuc, vi_tri, size_pt)
    elif vi_tri is not None:
        raise InputError(
            f"tệp đã có ô chữ ký «{name}», không tạo ô mới ở --vi-tri",
            Vitri(tep=str(pdf), truong="--vi-tri"),
            goi_y="bỏ --vi-tri để ký vào ô có sẵn, hoặc đặt tên ô mới bằng --field",
        )
    elif hinh_thuc.anh_dau and size_pt:
        _warn_small_field(writer, name, size_pt)
    meta = signers.PdfSignatureMetadata(
        field_name=name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    pdf_signer = _TimedSigner(
        meta,
        signer=signer,
        timestamper=timestamper(tsa) if tsa else None,
        stamp_style=style,
        new_field_spec=new_field,
        moment=moment,
    )
    buffer = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=buffer, appearance_text_params=text_params)
    except TimestampRequestError as e:
        raise EnvironmentProblem(f"không lấy được dấu thời gian: {e}", Vitri(truong="--tsa")) from None
    except (SigningError, PdfError) as e:
        raise InputError(f"không ký được: {e}", Vitri(tep=str(pdf))) from None
    written = write_bytes(out, buffer.getvalue(), inputs=(pdf,))
    cert = signer.signing_cert
    _warn_validity(cert, moment)
    who = cert.subject.native.get("common_name", cert.subject.human_friendly)
    return KetQuaKy(tep=written, field=name, thoi_gian=moment, nguoi_ky=who, co_dau_thoi_gian=bool(tsa))


def _warn_small_field(writer, name: str, size_pt: tuple[float, float]) -> None:
    """Warn when the seal, at its real size, is larger than the prepared field (it is cut off)."""
    from pyhanko.sign.fields import enumerate_sig_fields

    for _name, _value, ref in enumerate_sig_fields(writer.prev, with_name=name):
        field = ref.get_object()
        kids = field.get("/Kids")
        widget = field if "/Rect" in field or not kids else kids[0].get_object()
        if "/Rect" not in widget:
            return
        x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
        width, height = abs(x1 - x0), abs(y1 - y0)
        if size_pt[0] > width + appearance.PT_PER_MM or size_pt[1] > height + appearance.PT_PER_MM:
            warnings.warn(
                appearance.KySoWarning(
                    f"dấu thật rộng {size_pt[0] / appearance.PT_PER_MM:.1f} mm, lớn hơn ô «{name}» "
                    f"({width / appearance.PT_PER_MM:.1f} × {height / appearance.PT_PER_MM:.1f} mm): "
                    "phần ngoài ô bị cắt; tạo lại ô đúng cỡ dấu (vbhc pdf --ky-so) hoặc dùng --vi-tri"
                ),
                stacklevel=3,
            )


def _warn_validity(cert, moment: datetime) -> None:
    """Warn when the signer's certificate is not valid at the signing time: the signature is made,
    but ``vbhc verify`` will not accept it."""
    validity = cert["tbs_certificate"]["validity"]
    start, end = validity["not_before"].native, validity["not_after"].native
    if not start <= moment <= end:
        state = "đã hết hạn" if moment > end else "chưa đến ngày hiệu lực"
        warnings.warn(
            appearance.KySoWarning(
                f"chứng thư của người ký {state} (hiệu lực {start:%d/%m/%Y} – {end:%d/%m/%Y}): "
                "chữ ký sẽ không được công nhận là hợp lệ"
            ),
            stacklevel=2,
        )


def _free_name(base: str, existing: dict[str, bool]) -> str:
    """``base``, or ``base2``, ``base3`` … when a signature already fills it."""
    name, number = base, 1
    while existing.get(name):
        number += 1
        name = f"{base}{number}"
    return name


def _style(hinh_thuc: HinhThuc, moment: datetime):
    """The stamp style, the natural size (pt) of the appearance, and its text parameters."""
    if hinh_thuc.so_ky_hieu:
        text = appearance.thong_tin(hinh_thuc.so_ky_hieu, moment)
        return appearance.kieu_thong_tin(), appearance.thong_tin_size_pt(text), {"thong_tin": text}
    if hinh_thuc.anh_chu_ky:
        anh = appearance.doc_anh(hinh_thuc.anh_chu_ky, mau=nd30.KY_SO_MAU_CHU_KY, option="--anh-chu-ky")
        size = _real_size(anh, None)
        return appearance.kieu_anh(anh, size, real_size=False), size, None
    if hinh_thuc.anh_dau:
        anh = appearance.doc_anh(hinh_thuc.anh_dau, mau=nd30.KY_SO_MAU_DAU, option="--anh-dau")
        size = _real_size(anh, hinh_thuc.co_dau_mm)
        if size is None:
            raise InputError(
                "ảnh dấu không ghi độ phân giải, không biết kích thước thật của dấu",
                Vitri(tep=str(hinh_thuc.anh_dau), truong="--anh-dau"),
                goi_y="cho chiều rộng thật của dấu bằng --co-dau MM (ví dụ --co-dau 36)",
            )
        return appearance.kieu_anh(anh, size, real_size=True), size, None
    return None, None, None


def _real_size(anh: appearance.AnhKy, width_mm: float | None) -> tuple[float, float] | None:
    """The image's real size in points: from ``width_mm`` (keeping the ratio) or from its DPI."""
    if width_mm:
        ratio = anh.image.height / anh.image.width
        return width_mm * appearance.PT_PER_MM, width_mm * ratio * appearance.PT_PER_MM
    if anh.rong_mm and anh.cao_mm:
        return anh.rong_mm * appearance.PT_PER_MM, anh.cao_mm * appearance.PT_PER_MM
    return None


def _new_field(writer, name: str, hinh_thuc: HinhThuc, vi_tri: ViTri | None, size_pt):
    from pyhanko.sign.fields import SigFieldSpec

    if vi_tri is None:
        if hinh_thuc.anh_chu_ky or hinh_thuc.anh_dau:
            raise InputError(
                f"tệp chưa có ô chữ ký «{name}» để đặt ảnh",
                Vitri(truong="--anh-chu-ky" if hinh_thuc.anh_chu_ky else "--anh-dau"),
                goi_y="tạo ô bằng vbhc pdf --ky-so rồi dùng --field, hoặc cho vị trí bằng --vi-tri TRANG,X,Y",
            )
        if not hinh_thuc.so_ky_hieu:
            return SigFieldSpec(name)  # an invisible signature
        vi_tri = _default_place(writer, size_pt)
    if vi_tri.rong_mm and vi_tri.cao_mm:
        size_pt = (vi_tri.rong_mm * appearance.PT_PER_MM, vi_tri.cao_mm * appearance.PT_PER_MM)
    elif size_pt is None:
        raise InputError(
            "chưa biết cỡ ô chữ ký",
            Vitri(truong="--vi-tri"),
            goi_y="cho cỡ ô: --vi-tri TRANG,X,Y,RỘNG,CAO (mm), hoặc dùng ảnh PNG có ghi độ phân giải",
        )
    page, box = _box_pt(writer, vi_tri, size_pt)
    return SigFieldSpec(name, on_page=page, box=box)


def _timed_signer_class():
    from pyhanko.sign import signers

    class TimedSigner(signers.PdfSigner):
        """A PdfSigner whose signing time is the one printed in the appearance."""

        def __init__(self, *args, moment: datetime, **kwargs):
            super().__init__(*args, **kwargs)
            self._moment = moment

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = self._moment
            return session

    return TimedSigner


def _TimedSigner(*args, **kwargs):
    return _timed_signer_class()(*args, **kwargs)


__all__ = [
    "HinhThuc",
    "KetQuaKy",
    "ViTri",
    "ky",
    "require_pyhanko",
    "signer_p12",
    "signer_pkcs11",
    "timestamper",
]
