"""Opening an untrusted package: bounded archive, bounded parts, XML without entities or DTDs.

Every failure becomes :class:`UnreadableDocument` (an :class:`~vbhc.errors.EnvironmentProblem`,
exit code 2) with a Vietnamese message that says what the file is and what was expected.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lxml import etree

from vbhc.errors import EnvironmentProblem, Vitri

#: Limits on the archive (a real administrative document is far below each of them).
MAX_MEMBERS = 2_000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200
#: Parts smaller than this are not judged on their compression ratio (tiny XML compresses well).
RATIO_MIN_BYTES = 1024 * 1024
#: Limits on the content, over every part a reader reads (an administrative document has a few
#: thousand paragraphs; these keep the time and memory of a check bounded, see docs/kiem-tra.md).
MAX_PARAGRAPHS = 150_000
MAX_RUNS = 1_000_000
MAX_ELEMENTS = 3_000_000  #: XML elements
MAX_PARAGRAPH_CHARS = 50_000  #: characters of one paragraph

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")


class UnreadableDocument(EnvironmentProblem):
    """The file cannot be read as a DOCX (not a zip, a .doc, truncated, too big, unsafe XML)."""


def parser(**options: bool) -> etree.XMLParser:
    """An XML parser that never resolves entities, loads a DTD or reaches the network."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False,
        **options,
    )


def parse_xml(data: bytes, *, where: str) -> etree._Element:
    """Parse one part with entities off; a DTD (the vehicle of entity bombs and XXE) is refused."""
    if b"<!DOCTYPE" in data:
        raise dtd_refused(where)
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as problem:
        raise not_xml(where, problem) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise dtd_refused(where)
    return root


def not_xml(where: str, problem: etree.XMLSyntaxError) -> UnreadableDocument:
    return UnreadableDocument(
        f"phần «{where}» không phải XML hợp lệ ({problem.msg})",
        goi_y="tệp có thể bị hỏng; mở lại bằng Word/LibreOffice và lưu thành .docx",
    )


def too_big(path: Path, what: str, count: int, limit: int, where: str) -> UnreadableDocument:
    """The refusal of a document over one of the content limits."""
    from vbhc.text.vi import so_tu_nhien

    return UnreadableDocument(
        f"văn bản có {so_tu_nhien(count)} {what} (tính đến phần «{where}»), vượt giới hạn "
        f"{so_tu_nhien(limit)} {what} mà vbhc kiểm tra (một văn bản hành chính chỉ có vài nghìn đoạn)",
        Vitri(tep=str(path)),
        goi_y="tách văn bản thành nhiều tệp nhỏ hơn rồi kiểm tra từng tệp",
    )


def dtd_refused(where: str) -> UnreadableDocument:
    return UnreadableDocument(
        f"phần «{where}» chứa khai báo DTD/thực thể; tệp DOCX hợp lệ không có khai báo này "
        "(có thể là tệp độc hại), vbhc từ chối đọc"
    )


#: What reading a damaged or truncated zip member raises.
_BROKEN_ARCHIVE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)


def read_member(path: Path, archive: zipfile.ZipFile, name: str) -> bytes:
    """The bytes of one member, never more than MAX_PART_BYTES whatever its header claims."""
    try:
        with archive.open(name) as handle:
            data = handle.read(MAX_PART_BYTES + 1)
    except _BROKEN_ARCHIVE as problem:
        raise UnreadableDocument(
            f"không giải nén được phần «{name}» ({problem}); tệp bị hỏng hoặc bị cắt cụt",
            Vitri(tep=str(path)),
        ) from None
    if len(data) > MAX_PART_BYTES:
        raise UnreadableDocument(
            f"phần «{name}» lớn hơn {MAX_PART_BYTES // (1024 * 1024)} MB khi giải nén (nghi bom nén)",
            Vitri(tep=str(path)),
        )
    return data


def fail(path: Path, message: str, hint: str | None = None) -> UnreadableDocument:
    return UnreadableDocument(message, Vitri(tep=str(path)), goi_y=hint)


def open_archive(path: Path) -> zipfile.ZipFile:
    """Open ``path`` as a ZIP package after checking its kind, and bound the archive."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except IsADirectoryError:
        raise fail(path, "đây là một thư mục, cần một tệp .docx") from None
    except FileNotFoundError:
        raise fail(path, "không tìm thấy tệp") from None
    except OSError as problem:
        raise fail(path, f"không đọc được tệp ({problem.strerror})") from None
    if head.startswith(OLE_MAGIC):
        raise fail(
            path,
            "đây là tệp Word 97-2003 (.doc), không phải .docx",
            "mở bằng Word hoặc LibreOffice và lưu lại dưới dạng .docx (Word Document) rồi kiểm tra lại",
        )
    if not head:
        raise fail(path, "tệp rỗng (0 byte), không phải tệp .docx")
    if not head.startswith(ZIP_MAGICS):
        raise fail(path, "tệp không phải .docx (không phải gói ZIP của Office Open XML)")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise fail(
            path,
            "tệp .docx bị hỏng hoặc bị cắt cụt (không đọc được mục lục của gói ZIP)",
            "tải lại hoặc lưu lại tệp từ bản gốc",
        ) from None
    except OSError as problem:
        raise fail(path, f"không đọc được tệp ({problem})") from None
    try:
        _bound(path, archive)
    except BaseException:
        archive.close()
        raise
    return archive


def _bound(path: Path, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise fail(path, f"gói DOCX có {len(infos)} phần, vượt giới hạn {MAX_MEMBERS} (nghi tệp độc hại)")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES:
            raise fail(
                path,
                f"phần «{info.filename}» khai báo {info.file_size:,} byte khi giải nén, vượt giới hạn "
                f"{MAX_PART_BYTES // (1024 * 1024)} MB (nghi bom nén)",
            )
        if info.file_size >= RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise fail(
                path,
                f"phần «{info.filename}» nén với tỉ lệ bất thường "
                f"{info.file_size // max(info.compress_size, 1)}:1 (nghi bom nén), vbhc từ chối đọc",
            )
    if total > MAX_TOTAL_BYTES:
        raise fail(path, f"gói DOCX giải nén ra {total:,} byte, vượt giới hạn (nghi bom nén)")



