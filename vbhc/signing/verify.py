"""Check the signatures of a PDF: who signed, when, whether the file changed after, whether the
certificate chains to a trust root the office gives. The PDF is untrusted input: whatever breaks
while reading it becomes one Vietnamese message, never a traceback.

pyHanko is imported inside the functions (the ``sign`` extra).
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from vbhc.errors import EnvironmentProblem, InputError, Vitri
from vbhc.signing.appearance import GIO_VIET_NAM, thoi_gian_ky
from vbhc.signing.sign import MAX_PDF_BYTES, require_pyhanko

#: The document after the signature, as a clerk reads it (pyHanko's coverage and diff analysis).
THAY_DOI = {
    "NONE": "không có gì thay đổi",
    "LTA_UPDATES": "chỉ thêm thông tin kiểm tra chứng thư, dấu thời gian (được phép)",
    "FORM_FILLING": "chỉ thêm chữ ký hoặc điền ô biểu mẫu (được phép)",
    "ANNOTATIONS": "có thêm ghi chú (annotation)",
    "OTHER": "tệp ĐÃ BỊ SỬA (thay đổi không được phép)",
}
#: Why a certificate is not trusted (AdES sub-indications).
KHONG_TIN_CAY = {
    "EXPIRED": "chứng thư đã hết hạn",
    "NOT_YET_VALID": "chứng thư chưa đến ngày hiệu lực",
    "REVOKED": "chứng thư đã bị thu hồi",
    "REVOKED_NO_POE": "chứng thư đã bị thu hồi",
    "NO_CERTIFICATE_CHAIN_FOUND": "chứng thư không chuỗi về chứng thư gốc tin cậy nào (--trust)",
    "CHAIN_CONSTRAINTS_FAILURE": "chuỗi chứng thư không hợp lệ",
    "OUT_OF_BOUNDS_NO_POE": "chứng thư đã hết hạn hoặc bị thu hồi trước thời điểm kiểm tra",
    "OUT_OF_BOUNDS_NOT_REVOKED": "chứng thư đã hết hạn trước thời điểm kiểm tra",
}


class KhongDocDuoc(EnvironmentProblem):
    """The PDF cannot be read at all (exit code 2)."""


@dataclass(frozen=True)
class DauThoiGian:
    """The RFC 3161 timestamp token of a signature."""

    thoi_gian: datetime
    hop_le: bool
    """The token's signature is intact and its TSA certificate chains to a trust root."""
    tsa: str


@dataclass(frozen=True)
class KetQuaChuKy:
    """One signature, checked."""

    field: str
    nguoi_ky: str
    """The certificate's common name (CN)."""
    to_chuc: str | None
    """The certificate's organisation (O)."""
    thoi_gian: datetime | None
    """The signing time the signer wrote (not proof: the timestamp is)."""
    dau_thoi_gian: DauThoiGian | None
    nguyen_ven: bool
    """The signed bytes are unchanged and the cryptographic signature is valid."""
    toan_tep: bool
    """The signature covers the whole file (nothing was added after it)."""
    thay_doi: str
    """``NONE``, ``LTA_UPDATES``, ``FORM_FILLING``, ``ANNOTATIONS``, ``OTHER`` (see THAY_DOI)."""
    thay_doi_hop_le: bool
    tin_cay: bool
    """The signer's certificate chains to a given trust root and was valid."""
    van_de: tuple[str, ...]
    """What is wrong, in Vietnamese."""

    @property
    def hop_le(self) -> bool:
        return not self.van_de


@dataclass(frozen=True)
class KetQuaKiemTra:
    """Every signature of a file."""

    tep: str
    chu_ky: tuple[KetQuaChuKy, ...]
    o_trong: tuple[str, ...] = ()
    """Signature fields not signed yet (the agency's, once the signer has signed)."""

    @property
    def hop_le(self) -> bool:
        """At least one signature, and every signature valid."""
        return bool(self.chu_ky) and all(c.hop_le for c in self.chu_ky)

    def as_dict(self) -> dict:
        """Plain data for ``--json`` (times in ISO 8601, Vietnam time)."""

        def plain(value):
            if isinstance(value, datetime):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [plain(v) for v in value]
            return value

        return {
            "tep": self.tep,
            "hop_le": self.hop_le,
            "chu_ky": [{**plain(asdict(c)), "hop_le": c.hop_le} for c in self.chu_ky],
            "o_trong": list(self.o_trong),
        }

    def lines(self) -> list[str]:
        """The report in Vietnamese, one line per fact."""
        empty = [f"Ô chữ ký chưa ký: {', '.join(self.o_trong)}"] if self.o_trong else []
        if not self.chu_ky:
            return [f"{self.tep}: không có chữ ký số nào", *empty]
        out = [f"{self.tep}: {len(self.chu_ky)} chữ ký số"]
        for number, c in enumerate(self.chu_ky, 1):
            verdict = "HỢP LỆ" if c.hop_le else "KHÔNG HỢP LỆ"
            out.append(f"Chữ ký {number} (ô «{c.field}»): {verdict}")
            out.append(f"  Người ký: {c.nguoi_ky}" + (f", {c.to_chuc}" if c.to_chuc else ""))
            if c.thoi_gian:
                out.append(f"  Thời gian ký (theo người ký): {thoi_gian_ky(c.thoi_gian)}")
            if c.dau_thoi_gian:
                ts = c.dau_thoi_gian
                state = "hợp lệ" if ts.hop_le else "KHÔNG hợp lệ"
                out.append(f"  Dấu thời gian: {thoi_gian_ky(ts.thoi_gian)} ({ts.tsa}; {state})")
            else:
                out.append("  Dấu thời gian: không có")
            out.append(
                "  Nội dung đã ký: " + ("nguyên vẹn" if c.nguyen_ven else "ĐÃ BỊ SỬA hoặc chữ ký hỏng")
            )
            out.append("  Sau khi ký: " + THAY_DOI.get(c.thay_doi, c.thay_doi))
            out.append("  Chứng thư: " + ("chuỗi về chứng thư gốc tin cậy" if c.tin_cay else "KHÔNG tin cậy"))
            out += [f"  Vấn đề: {problem}" for problem in c.van_de]
        return out + empty


def load_trust(paths: Sequence[Path]) -> list:
    """The trust roots (PEM or DER certificates) given with ``--trust``."""
    from pyhanko.keys import load_certs_from_pemder

    roots = []
    for path in paths:
        try:
            roots += list(load_certs_from_pemder([str(path)]))
        except (ValueError, TypeError) as e:
            raise InputError(
                "không đọc được chứng thư gốc",
                Vitri(tep=str(path), truong="--trust"),
                goi_y="dùng tệp chứng thư .pem hoặc .cer (DER) của CA",
            ) from e
    return roots


def kiem_tra(pdf: Path, trust: Iterable[Path] = ()) -> KetQuaKiemTra:
    """Check every signature of ``pdf`` against the trust roots in ``trust``."""
    require_pyhanko()
    roots = load_trust(list(trust))
    if pdf.stat().st_size > MAX_PDF_BYTES:
        raise KhongDocDuoc("tệp quá lớn", Vitri(tep=str(pdf)))
    data = pdf.read_bytes()
    try:
        signatures, empty = _read(data)
    except Exception as e:  # untrusted input: any failure means «unreadable»
        raise KhongDocDuoc(
            f"không đọc được PDF ({_reason(e)})",
            Vitri(tep=str(pdf)),
            goi_y="tệp hỏng hoặc không phải PDF; xin lại bản gốc",
        ) from None
    return KetQuaKiemTra(tep=str(pdf), chu_ky=tuple(_check(sig, roots) for sig in signatures), o_trong=empty)


def _reason(error: Exception) -> str:
    return str(error).splitlines()[0][:200] if str(error) else type(error).__name__


def _read(data: bytes) -> tuple[list, tuple[str, ...]]:
    """The signatures of the PDF, and the names of its empty signature fields."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    if reader.encrypted:
        raise ValueError("PDF có mật khẩu")
    empty = tuple(str(name) for name, _value, _ref in enumerate_sig_fields(reader, filled_status=False))
    return list(reader.embedded_regular_signatures), empty


def _context(roots: list):
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")


def _check(sig, roots: list) -> KetQuaChuKy:
    from pyhanko.sign.validation import async_validate_pdf_signature

    base = {"field": str(sig.field_name), "nguoi_ky": "?", "to_chuc": None}
    try:
        cert = sig.signer_cert
        subject = cert.subject.native
        base["nguoi_ky"] = subject.get("common_name") or cert.subject.human_friendly
        base["to_chuc"] = subject.get("organization_name")
        status = asyncio.run(async_validate_pdf_signature(sig, _context(roots), _context(roots)))
    except Exception as e:  # a malformed signature is invalid, not a crash
        return KetQuaChuKy(
            **base,
            thoi_gian=None,
            dau_thoi_gian=None,
            nguyen_ven=False,
            toan_tep=False,
            thay_doi="OTHER",
            thay_doi_hop_le=False,
            tin_cay=False,
            van_de=(f"không kiểm tra được chữ ký: {_reason(e)}",),
        )
    return _result(base, status)


def _result(base: dict, status) -> KetQuaChuKy:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    level = status.modification_level
    thay_doi = level.name if level is not None else "OTHER"
    docmdp_ok = bool(status.docmdp_ok) if level is not None else False
    van_de = []
    nguyen_ven = status.intact and status.valid
    if not status.intact:
        van_de.append("nội dung đã ký bị sửa (mã băm không khớp)")
    elif not status.valid:
        van_de.append("chữ ký mật mã không hợp lệ")
    if not docmdp_ok or thay_doi == "OTHER":
        van_de.append("tệp bị thay đổi sau khi ký theo cách không được phép")
    if not status.trusted:
        indic = status.trust_problem_indic
        van_de.append(KHONG_TIN_CAY.get(indic.name if indic else "", "chứng thư không tin cậy"))
    ts = None
    if status.timestamp_validity is not None:
        tsv = status.timestamp_validity
        tsa = tsv.signing_cert.subject.native.get("common_name", tsv.signing_cert.subject.human_friendly)
        ts = DauThoiGian(
            thoi_gian=tsv.timestamp.astimezone(GIO_VIET_NAM),
            hop_le=bool(tsv.intact and tsv.valid and tsv.trusted),
            tsa=tsa,
        )
        if not ts.hop_le:
            van_de.append("dấu thời gian không hợp lệ hoặc TSA không tin cậy")
    reported = status.signer_reported_dt
    return KetQuaChuKy(
        **base,
        thoi_gian=reported.astimezone(GIO_VIET_NAM) if reported else None,
        dau_thoi_gian=ts,
        nguyen_ven=nguyen_ven,
        toan_tep=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        thay_doi=thay_doi,
        thay_doi_hop_le=docmdp_ok and thay_doi != "OTHER",
        tin_cay=bool(status.trusted),
        van_de=tuple(van_de),
    )


__all__ = ["DauThoiGian", "KetQuaChuKy", "KetQuaKiemTra", "KhongDocDuoc", "kiem_tra", "load_trust"]
