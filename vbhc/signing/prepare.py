"""A PDF ready for ký số: the metadata (XMP) first, then the empty signature fields (pyHanko).

>>> prepared = prepare(pdf, khoi_ky=[["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"]])
>>> [f.describe() for f in prepared.fields]
['ChuKyNguoiKy (ô 7c, trang 2)', 'ChuKyCoQuan (ô 8, trang 2)']

The metadata goes in before any field and any signature: a signature covers the bytes before it, so
whatever is written after the first signature is an incremental update that a verifier reports.
The fields are added as an incremental update of the PDF LibreOffice wrote (or of the one with the
metadata), so its PDF/A identification and fonts stay as they were.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vbhc import nd30
from vbhc.errors import EnvironmentProblem, InputError, Vitri
from vbhc.signing import fields as ky
from vbhc.signing.positions import find_signer_block, open_pdf, page_content

_HINT = "cài phần ký số của vbhc: pip install 'vbhc[sign]'"

#: The metadata of a source file, given the page count of its PDF: Phụ lục VI tag → value, or None.
MetadataFor = Callable[[Path, int], "Mapping[str, str] | None"]


@dataclass(frozen=True)
class Prepared:
    """A PDF with its empty signature fields, and what they are."""

    pdf: bytes
    kieu: str  #: :data:`vbhc.signing.fields.VAN_BAN`, ``KEM_THEO`` or ``BAN_SAO``
    fields: tuple[ky.Field, ...]
    metadata: bool = False  #: the Phụ lục VI metadata was written into the XMP

    def describe(self) -> str:
        """``ô ký: ChuKyNguoiKy (ô 7c, trang 2), ChuKyCoQuan (ô 8, trang 2)`` (and the metadata)."""
        text = "ô ký: " + ", ".join(f.describe() for f in self.fields)
        return text + ("; siêu dữ liệu Phụ lục VI trong XMP" if self.metadata else "")


def signer_lines(source: Path) -> tuple[str, list[list[str]]]:
    """The kind of ``source`` (DOCX) and the lines of its signer blocks, each titles then họ tên:
    the signer first, the second signer of a biên bản next. A phụ lục alone, a spreadsheet or a
    document without a signer block is an attachment (``KEM_THEO``) with no block."""
    from vbhc.writers.pdf import WRITER_SUFFIXES

    if source.suffix.lower() not in WRITER_SUFFIXES:
        return ky.KEM_THEO, []
    from vbhc.checker.components import locate
    from vbhc.checker.reader import read
    from vbhc.ooxml.safe import UnreadableDocument

    try:
        found = locate(read(source))
    except UnreadableDocument as problem:
        raise InputError(f"không đọc được khối chữ ký: {problem.message}", Vitri(tep=str(source))) from None
    blocks = [[p.stripped for p in lines] for lines in (found.signature, found.signature_2) if len(lines) > 1]
    if found.annex_only or not blocks:
        return ky.KEM_THEO, []
    return ky.VAN_BAN, blocks


def place(
    pdf: bytes,
    *,
    kieu: str,
    khoi_ky: Sequence[Sequence[str]] = (),
    seal_mm: float = nd30.DAU_DUONG_KINH_MM,
    where: Vitri | None = None,
) -> list[ky.Field]:
    """Where the fields of a ``kieu`` document go, read from the rendered ``pdf``.

    ``khoi_ky``: the lines of each signer block (titles, then họ tên), for ``VAN_BAN``."""
    document = open_pdf(pdf, where)
    try:
        if kieu != ky.VAN_BAN:
            return [ky.for_agency(page_content(document, 0), kieu)]
        if not khoi_ky:
            raise InputError("văn bản không có khối chữ ký (chức vụ, họ tên người ký)", where)
        blocks = []
        for lines in khoi_ky:
            block = find_signer_block(document, lines[:-1], lines[-1])
            if block is None:
                shown = " / ".join(lines)
                raise InputError(
                    f"không thấy khối chữ ký «{shown}» trong PDF: không đặt được ô ký số",
                    where,
                    goi_y="xuất lại PDF từ DOCX; khối chữ ký phải có đủ các dòng chức vụ và họ tên",
                )
            blocks.append(block)
        return ky.for_signers(blocks, page_content(document, blocks[0].page), seal_mm=seal_mm, where=where)
    finally:
        document.close()


def add_fields(pdf: bytes, placed: Sequence[ky.Field], where: Vitri | None = None) -> bytes:
    """``pdf`` with the empty signature fields ``placed``, as an incremental update (PDF ≥ 1.4)."""
    try:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.pdf_utils.misc import PdfError
        from pyhanko.sign.fields import SigFieldSpec, append_signature_field, enumerate_sig_fields
    except ImportError:
        raise EnvironmentProblem("cần thư viện pyHanko để thêm ô ký số vào PDF", goi_y=_HINT) from None
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        there = {name for name, _value, _ref in enumerate_sig_fields(writer.prev)}
        taken = sorted(there & {item.name for item in placed})
        if taken:
            raise InputError(
                f"PDF đã có ô ký «{', '.join(taken)}»",
                where,
                goi_y="PDF này đã được chuẩn bị để ký số: ký luôn (vbhc sign), hoặc chuẩn bị lại từ DOCX",
            )
        writer.ensure_output_version(nd30.PDF_VERSION_MIN)
        for item in placed:
            box = tuple(round(v, 2) for v in (item.box.x0, item.box.y0, item.box.x1, item.box.y1))
            append_signature_field(writer, SigFieldSpec(item.name, on_page=item.page, box=box))
        out = io.BytesIO()
        writer.write(out)
    except PdfError as error:
        raise InputError(f"không thêm được ô ký số vào PDF: {error}", where) from None
    return out.getvalue()


def prepare(
    pdf: bytes,
    *,
    khoi_ky: Sequence[Sequence[str]] = (),
    kieu: str | None = None,
    metadata: Mapping[str, str] | None = None,
    seal_mm: float = nd30.DAU_DUONG_KINH_MM,
    tep: str | None = None,
) -> Prepared:
    """``pdf`` ready for ký số: ``metadata`` (Phụ lục VI tag → value) in its XMP, then the fields.

    ``kieu`` defaults to ``VAN_BAN`` when signer blocks are given (``khoi_ky``), else ``KEM_THEO``.
    ``metadata`` None writes none (the PDF keeps the XMP LibreOffice wrote)."""
    where = Vitri(tep=tep)
    kieu = kieu or (ky.VAN_BAN if khoi_ky else ky.KEM_THEO)
    if kieu not in ky.KIEU:
        raise InputError(f"kiểu văn bản ký số «{kieu}» không có", where, goi_y=f"dùng {', '.join(ky.KIEU)}")
    low, high = nd30.DAU_DUONG_KINH_MM_RANGE
    if not low <= seal_mm <= high:
        raise InputError(
            f"đường kính dấu {seal_mm:g} mm không hợp lệ", Vitri(tep=tep, truong="--dau-mm"),
            goi_y=f"dùng đường kính thật của con dấu, từ {low:g} đến {high:g} mm",
        )
    if metadata:
        from vbhc.metadata.xmp import embed

        pdf = embed(pdf, metadata, tep=tep)
    placed = place(pdf, kieu=kieu, khoi_ky=khoi_ky, seal_mm=seal_mm, where=where)
    return Prepared(add_fields(pdf, placed, where), kieu, tuple(placed), metadata=bool(metadata))


def prepare_existing(
    source: Path, *, kieu: str = ky.KEM_THEO, seal_mm: float = nd30.DAU_DUONG_KINH_MM
) -> Prepared:
    """An existing PDF (a scanned paper document for a bản sao điện tử, an attachment) prepared as
    ``kieu``: it has no DOCX to read a signer block from. The caller writes it (``vbhc.files``)."""
    from vbhc.metadata.xmp import MAX_PDF_BYTES

    where = Vitri(tep=str(source))
    if not source.is_file():
        raise InputError("không tìm thấy tệp", where)
    if source.stat().st_size > MAX_PDF_BYTES:
        raise InputError(f"tệp PDF quá lớn (hơn {MAX_PDF_BYTES // (1024 * 1024)} MB)", where)
    data = source.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise InputError("tệp không phải PDF (không bắt đầu bằng «%PDF-»)", where)
    return prepare(data, kieu=kieu, seal_mm=seal_mm, tep=str(source))


@dataclass
class Preparer:
    """``finish`` for :func:`vbhc.writers.pdf.to_pdf`: prepares each converted PDF for its source
    (signer blocks read from the DOCX) and keeps what it did in :attr:`done`."""

    kieu: str | None = None  #: force a kind (``BAN_SAO``); None: from each source
    seal_mm: float = nd30.DAU_DUONG_KINH_MM
    metadata_for: MetadataFor | None = None
    done: dict[Path, Prepared] = field(default_factory=dict)

    def __call__(self, source: Path, pdf: bytes) -> bytes:
        kieu, blocks = signer_lines(source)
        metadata = None
        if self.metadata_for is not None:
            from vbhc.metadata.xmp import page_count

            metadata = self.metadata_for(source, page_count(pdf, tep=str(source)))
        prepared = prepare(
            pdf, khoi_ky=blocks, kieu=self.kieu or kieu, metadata=metadata, seal_mm=self.seal_mm,
            tep=str(source),
        )
        self.done[source] = prepared
        return prepared.pdf


__all__ = [
    "MetadataFor", "Prepared", "Preparer", "add_fields", "place", "prepare", "prepare_existing",
    "signer_lines",
]
