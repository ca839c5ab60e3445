"""Issuing (ban hành): a draft gets its number and date from the register, is rendered and recorded.

The steps run inside one register transaction (:meth:`vbhc.register.Register.transaction`): when
loading, rendering, writing, converting or signing fails, nothing is recorded and no number is used.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from vbhc import nd30
from vbhc.errors import InputError, VbhcError, Vitri
from vbhc.register import DEFAULT_PATH, ISSUED, Entry, Register, noi_nhan, so_luong_ban, ten_loai_trich_yeu
from vbhc.text import vi

if TYPE_CHECKING:  # pragma: no cover
    from pyhanko.sign.signers import Signer

    from vbhc.model import VanBan
    from vbhc.register import ChuKy, Transaction
    from vbhc.writers.pdf import Converter


@dataclass(frozen=True)
class KySo:
    """Sign at issue time (``vbhc issue --pdf --sign``): the người ký's key (a signer from
    :func:`vbhc.signing.sign.signer_p12` or :func:`~vbhc.signing.sign.signer_pkcs11`), the image of
    the signature, the time-stamping authority, PDF/A and the seal's diameter (the fields' size);
    ``converter``: a running :class:`vbhc.convert.pool.ConverterPool` to make the PDF with (a
    long-lived process: the desk, a batch), else one LibreOffice is started for it."""

    signer: Signer
    anh_chu_ky: Path | None = None
    tsa: str | None = None
    pdfa: bool = False
    dau_mm: float = nd30.DAU_DUONG_KINH_MM
    converter: Converter | None = None


@dataclass
class IssuedDocument:
    """The result of :func:`issue`: the numbered document, its file and its register row."""

    van_ban: VanBan
    path: Path
    entry: Entry
    warnings: list[str] = field(default_factory=list)
    pdf: Path | None = None  #: the signed PDF (with ``ky``)
    chu_ky: ChuKy | None = None  #: its signature as recorded in the register (with ``ky``)

    @property
    def so_ky_hieu(self) -> str:
        return self.entry.so_ky_hieu


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _load(
    source: str | Path | VanBan, warnings: list[str], outside: bool = False
) -> tuple[VanBan, str | None, str]:
    """The draft, the source path recorded in the register and the hash of the source."""
    from vbhc.errors import Warnings
    from vbhc.model import VanBan

    if isinstance(source, VanBan):
        content = source.model_dump_json(exclude={"so", "ngay", "nguon"}).encode()
        return source, source.nguon, sha256(content)
    path = Path(source)
    if not path.is_file():
        raise InputError("không tìm thấy tệp nguồn", Vitri(tep=str(path)))
    from vbhc.sources.markdown import load

    found = Warnings()
    van_ban = load(path, warnings=found, cho_phep_ngoai_thu_muc=outside)
    warnings.extend(str(item) for item in found)
    return van_ban, str(path.resolve()), sha256(path.read_bytes())


def _render_bytes(van_ban: VanBan, template: str | Path | None) -> bytes:
    """The final DOCX (annex Kèm theo lines are filled by the renderer from the same number/date)."""
    from vbhc.writers.docx import render_bytes

    return render_bytes(van_ban, template=template)


def _numbered(van_ban: VanBan, so: int, ngay: date, where: Vitri) -> VanBan:
    from pydantic import ValidationError

    from vbhc.model import vietnamese_errors

    numbered = van_ban.model_copy(deep=True)
    try:
        numbered.ngay = ngay
        numbered.so = so
    except ValidationError as error:
        raise vietnamese_errors(error, where.tep) from None
    return numbered


def _check_date(van_ban: VanBan, ngay: date, where: Vitri) -> None:
    if van_ban.nam is not None and van_ban.nam != ngay.year:
        raise InputError(
            f"văn bản nguồn ghi năm {van_ban.nam} nhưng ngày ban hành {vi.ngay_ngan(ngay)} thuộc năm "
            f"{ngay.year}; số văn bản được cấp theo từng năm",
            Vitri(tep=where.tep, truong="nam"),
            goi_y=f"sửa «nam: {ngay.year}» trong tệp nguồn hoặc chọn ngày trong năm {van_ban.nam} (--date)",
        )


def issue(
    source: str | Path | VanBan,
    register: Register | str | Path = DEFAULT_PATH,
    *,
    out: str | Path,
    ngay: date | None = None,
    reissue: bool = False,
    template: str | Path | None = None,
    series: str | None = None,
    so: int | None = None,
    ghi_chu: str = "",
    user: str | None = None,
    cho_phep_ngoai_thu_muc: bool = False,
    ky: KySo | None = None,
) -> IssuedDocument:
    """Give a draft its number and date from the register, render it to ``out`` and record it.

    The date is ``ngay``, else the source's own ``ngay``, else today. ``so`` issues under a number
    taken in advance (it must be reserved in the same series and year). The whole step is one register
    transaction: when loading, rendering or writing fails, nothing is recorded and no number is used.
    The same source (same path or same content) is issued only once unless ``reissue``. ``user``
    names the clerk when ``register`` is a path (a :class:`Register` carries its own).
    ``cho_phep_ngoai_thu_muc`` as in :func:`vbhc.sources.markdown.load`.
    With ``ky`` the DOCX is also converted to a PDF beside it (signature fields, Phụ lục VI metadata
    in the XMP), signed in the người ký's field and recorded (its SHA-256, the signing time, the
    metadata), all in the same transaction: a failure at any step leaves neither file.
    """
    own = not isinstance(register, Register)
    reg = Register(register, user=user) if own else register
    try:
        return _issue(reg, source, out=Path(out), ngay=ngay, reissue=reissue, template=template,
                      series=series, so=so, ghi_chu=ghi_chu, outside=cho_phep_ngoai_thu_muc, ky=ky)
    finally:
        if own:
            reg.close()


def _issue(
    reg: Register,
    source: str | Path | VanBan,
    *,
    out: Path,
    ngay: date | None,
    reissue: bool,
    template: str | Path | None,
    series: str | None,
    so: int | None,
    ghi_chu: str,
    outside: bool,
    ky: KySo | None,
) -> IssuedDocument:
    from vbhc.files import write_bytes

    if out.suffix.lower() != ".docx":
        raise InputError("tệp văn bản ban hành phải có đuôi .docx", Vitri(tep=str(out)))
    warnings: list[str] = []
    van_ban, nguon, digest = _load(source, warnings, outside)
    where = Vitri(tep=str(source) if isinstance(source, str | Path) else van_ban.nguon)
    if van_ban.so is not None:
        raise InputError(
            f"văn bản nguồn đã có số ({vi.so(van_ban.so)}); văn bản đưa vào sổ phải là dự thảo chưa có số",
            Vitri(tep=where.tep, truong="so"),
            goi_y="bỏ trường «so» trong tệp nguồn; văn thư cấp số bằng «vbhc issue»",
        )
    when = ngay or van_ban.ngay or date.today()
    _check_date(van_ban, when, where)
    co_quan = van_ban.co_quan.viet_tat
    pdf = out.with_suffix(".pdf")
    existed = {path: path.exists() for path in ((out, pdf) if ky else (out,))}
    signed: tuple[Entry, ChuKy] | None = None
    try:
        with reg.transaction() as tx:
            previous = tx.issued_from(nguon, digest)
            if previous is not None and not reissue:
                ngay_truoc = f" ngày {vi.ngay_ngan(previous.ngay)}" if previous.ngay else ""
                raise InputError(
                    f"văn bản này đã được ban hành: số {previous.so_hien_thi}{ngay_truoc} "
                    f"(sổ «{reg.path}»)",
                    where,
                    goi_y="dùng --reissue nếu thật sự ban hành lại với số mới",
                )
            khoa = tx.series_for(co_quan, van_ban.loai, series)
            reserved: Entry | None = None
            if so is None:
                number = tx.next_number(co_quan, khoa, when.year)
            else:
                reserved = tx.reserved(co_quan, khoa, when.year, so, van_ban.loai)
                number = so
            later = tx.issued_later(co_quan, khoa, when, number)
            if later:
                warnings.append(
                    f"số {vi.so(number)} mang ngày {vi.ngay_ngan(when)}, sớm hơn số {vi.so(later.so)} "
                    f"đã cấp ngày {vi.ngay_ngan(later.ngay)}"
                )
            numbered = _numbered(van_ban, number, when, where)
            data = _render_bytes(numbered, template)
            note = ghi_chu
            if previous is not None:
                lai = f"Ban hành lại văn bản số {previous.so_hien_thi}"
                note = f"{lai}; {ghi_chu}" if ghi_chu else lai
            if reserved is not None and reserved.ghi_chu and not ghi_chu:
                note = reserved.ghi_chu
            values = {
                **_columns(numbered, khoa, number, when, note), "nguon": nguon, "nguon_sha256": digest,
                "tep": str(out.resolve()), "sha256": sha256(data),
            }
            entry = tx.record_issued(
                values,
                reserved=reserved,
                details={
                    "so_ky_hieu": values["so_ky_hieu"], "ngay": when, "nguon": nguon, "tep": values["tep"],
                    "ban_hanh_lai": previous.id if previous else None,
                    "so_da_lay_truoc": reserved is not None,
                },
            )
            write_bytes(out, data, inputs=(reg.path, nguon) if nguon else (reg.path,))
            if ky is not None:
                try:
                    signed = _sign(tx, ky, out, pdf, numbered, entry)
                except VbhcError as problem:
                    problem.message = f"chưa ban hành, không dùng số nào: {problem.message}"
                    problem.args = (str(problem),)
                    raise
                entry = signed[0]
    except BaseException:
        # the row was not committed: a new file must not stand with an unrecorded number
        for path, there in existed.items():
            if not there:
                path.unlink(missing_ok=True)
        raise
    return IssuedDocument(
        van_ban=numbered, path=out, entry=entry, warnings=warnings, pdf=pdf if signed else None,
        chu_ky=signed[1] if signed else None,
    )


def _sign(
    tx: Transaction, ky: KySo, docx: Path, pdf: Path, numbered: VanBan, entry: Entry
) -> tuple[Entry, ChuKy]:
    """Convert ``docx`` (fields and metadata), sign it into ``pdf`` as the người ký, and record the
    metadata and the signature on row ``entry``: the row as it then stands, and the signature."""
    from vbhc.metadata.phu_luc_vi import PhuLucVI, build, flatten, to_json
    from vbhc.register import NGUOI_KY
    from vbhc.signing.prepare import Preparer
    from vbhc.signing.sign import FIELD_NGUOI_KY, HinhThuc
    from vbhc.signing.sign import ky as sign_pdf
    from vbhc.writers.pdf import to_pdf

    built: list[PhuLucVI] = []

    def metadata(_source: Path, pages: int) -> dict[str, str]:
        built.append(build(numbered, entry=entry, so_trang=pages))
        return flatten(built[-1])

    finish = Preparer(seal_mm=ky.dau_mm, metadata_for=metadata)
    with tempfile.TemporaryDirectory(prefix="vbhc-issue-") as tmp:
        (unsigned,) = to_pdf([docx], tmp, pdfa=ky.pdfa, finish=finish, converter=ky.converter)
        result = sign_pdf(
            unsigned, pdf, ky.signer, hinh_thuc=HinhThuc(anh_chu_ky=ky.anh_chu_ky), field=FIELD_NGUOI_KY,
            tsa=ky.tsa,
        )
    tx.record_metadata(entry.id, to_json(built[-1]))
    chu_ky = tx.record_signature(
        entry.id, tep=str(result.tep.resolve()), sha256=sha256(result.tep.read_bytes()),
        thoi_gian_ky=result.thoi_gian, nguoi_ky=result.nguoi_ky, vai_tro=NGUOI_KY,
    )
    return tx.entry(entry.id), chu_ky


def _columns(numbered: VanBan, khoa: str, so: int, when: date, ghi_chu: str) -> dict[str, object]:
    """The register columns of the document numbered ``so`` on ``when`` (Phụ lục IV, 1–7 and 10)."""
    return {
        "co_quan": numbered.co_quan.viet_tat, "series": khoa, "nam": when.year, "so": so,
        "so_ky_hieu": f"{vi.so(so)}/{numbered.ky_hieu_day_du}", "ngay": when,
        "loai": numbered.loai,
        "ten_loai_trich_yeu": ten_loai_trich_yeu(numbered), "nguoi_ky": numbered.nguoi_ky.ho_ten,
        "noi_nhan": noi_nhan(numbered), "luu": ", ".join(numbered.luu),
        "so_luong_ban": so_luong_ban(numbered), "ghi_chu": vi.nfc(ghi_chu), "status": ISSUED,
        "ten_co_quan": " ".join(numbered.co_quan.dong_ten),
        "co_quan_chu_quan": numbered.co_quan.chu_quan or "",
    }


__all__ = ["IssuedDocument", "KySo", "issue", "sha256"]
