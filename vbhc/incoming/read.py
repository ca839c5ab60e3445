"""Reading one incoming file: choose the reader by the file's content (never its name), read the
fields, count the pages, hash the bytes, verify a PDF's signatures."""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from vbhc.errors import EnvironmentProblem, InputError, Vitri
from vbhc.incoming.fields import TEN_TRUONG, TRUONG, CachDoc, Dong, KetQuaDoc, Truong
from vbhc.incoming.pdf import CAI_INCOMING, MAX_BYTES, check_size, doc_pdf

#: How a file starts, for each kind read.
_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"
_ZIP = b"PK\x03\x04"
_PDF = b"%PDF-"
_PDF_HEAD = 1024  #: a PDF's header may follow some bytes of junk (ISO 32000-1, 7.5.2 as readers allow)
_KINDS = "văn bản Word (.docx), PDF, ảnh quét JPEG hoặc PNG"
CAI_TESSERACT = "apt-get install tesseract-ocr tesseract-ocr-vie"


def doc_van_ban(path: str | Path, *, data: bytes | None = None, trust: Sequence[Path] = ()) -> KetQuaDoc:
    """Read the incoming document at ``path`` (or its bytes ``data``, ``path`` then only names it).

    DOCX → the checker's reader; a PDF with text → its text layer; a PDF without text, JPEG, PNG →
    OCR (:mod:`vbhc.incoming.ocr`). ``trust``: extra trust roots for a signed PDF's signatures.
    Raises InputError for a file that is unreadable, unsupported or too big.
    """
    path = Path(path)
    name = str(path)
    if data is None:
        data = _read(path)
    check_size(len(data), name=name)
    sha256 = hashlib.sha256(data).hexdigest()
    kind = _kind(data, name)
    canh_bao: list[str] = []
    chu_ky = ()
    so_trang = None
    if kind == "docx":
        cach_doc: CachDoc = "docx"
        truong = _docx(data, name)
    elif kind == "pdf":
        from vbhc.incoming.signatures import chu_ky_pdf

        trang = doc_pdf(data, name=name)
        so_trang = trang.so_trang
        if trang.co_chu:
            cach_doc, dong = "pdf", trang.dong
        else:
            canh_bao.append(f"{name}: PDF không có lớp chữ (bản quét): đọc bằng OCR")
            cach_doc = "ocr"
            dong, so_trang = _ocr(data, name, canh_bao)
        truong = _layout(dong, cach_doc)
        chu_ky, warnings = chu_ky_pdf(data, name=name, trust=trust)
        canh_bao += warnings
    else:
        cach_doc, (dong, so_trang) = "ocr", _ocr(data, name, canh_bao)
        truong = _layout(dong, cach_doc)
    canh_bao += [_flag(ten, truong[ten]) for ten in TRUONG if truong[ten].can_xem_lai]
    return KetQuaDoc(
        tep=name,
        sha256=sha256,
        cach_doc=cach_doc,
        truong=truong,
        so_trang=so_trang,
        chu_ky=chu_ky,
        canh_bao=tuple(canh_bao),
    )


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:  # refused before reading it into memory
            check_size(size, name=str(path))
        return path.read_bytes()
    except OSError as e:
        raise InputError(f"không mở được tệp ({e.strerror or e})", Vitri(tep=str(path))) from None


def _kind(data: bytes, name: str) -> str:
    """``docx``, ``pdf`` or ``image``, from the first bytes."""
    if data.startswith(_ZIP):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError) as e:
            raise InputError(f"tệp ZIP hỏng ({e})", Vitri(tep=name), goi_y=f"vbhc đọc {_KINDS}") from None
        if "word/document.xml" not in names:
            raise InputError(
                "tệp ZIP không phải văn bản Word (thiếu word/document.xml)",
                Vitri(tep=name),
                goi_y=f"vbhc đọc {_KINDS}",
            )
        return "docx"
    if _PDF in data[:_PDF_HEAD]:
        return "pdf"
    if data.startswith((_JPEG, _PNG)):
        return "image"
    raise InputError(
        "không nhận ra loại tệp (không phải DOCX, PDF, JPEG hay PNG)",
        Vitri(tep=name),
        goi_y=f"vbhc đọc {_KINDS}; tệp .doc cũ hãy lưu lại thành .docx",
    )


def _docx(data: bytes, name: str) -> dict[str, Truong]:
    from vbhc.incoming.docx import doc_docx
    from vbhc.ooxml.safe import UnreadableDocument

    with tempfile.TemporaryDirectory(prefix="vbhc-den-") as folder:
        path = Path(folder) / "van_ban.docx"
        path.write_bytes(data)
        try:
            return doc_docx(path)
        except UnreadableDocument as e:
            raise InputError(e.message, Vitri(tep=name), goi_y=e.goi_y) from None


def _ocr(data: bytes, name: str, canh_bao: list[str]) -> tuple[list[Dong], int]:
    """The lines OCR reads in a scan (imported only now: the OCR engine is a separate extra)."""
    try:
        from vbhc.incoming.ocr import doc_anh
    except ImportError:
        raise EnvironmentProblem(
            "chưa có bộ đọc ảnh quét (OCR) để đọc bản quét này",
            Vitri(tep=name),
            goi_y=f"{CAI_INCOMING}; {CAI_TESSERACT}",
        ) from None
    result = doc_anh(data, name=name)
    canh_bao += result.canh_bao
    return list(result.dong), result.so_trang


def _layout(dong: list[Dong], cach_doc: CachDoc) -> dict[str, Truong]:
    from vbhc.incoming.layout import tim_truong

    return tim_truong(dong, nguon=cach_doc)


def _flag(ten: str, truong: Truong) -> str:
    state = "không đọc được" if truong.gia_tri is None else f"chưa chắc «{truong.gia_tri}»"
    why = f": {truong.ghi_chu}" if truong.ghi_chu else ""
    return f"{TEN_TRUONG[ten]}: {state} (độ tin cậy {truong.do_tin_cay:.0%}){why}; văn thư cần xem lại"
