"""Opening an untrusted DOCX: bounded archive, bounded parts, XML without entities or DTDs.

Every failure becomes :class:`UnreadableDocument` (an :class:`~vbhc.errors.EnvironmentProblem`,
exit code 2) with a Vietnamese message that says what the file is and what was expected.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
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
#: Limits on the content, over every part the checker reads (an administrative document has a few
#: thousand paragraphs; these keep the time and memory of a check bounded, see docs/kiem-tra.md).
MAX_PARAGRAPHS = 150_000
MAX_RUNS = 1_000_000
MAX_ELEMENTS = 3_000_000  #: XML elements
MAX_PARAGRAPH_CHARS = 50_000  #: characters of one paragraph

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
#: What the reader takes from ``w:body`` (blocks, and the containers blocks can be wrapped in).
BODY_CHILDREN = ("p", "tbl", "sectPr", "sdt", "customXml")

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
MAIN_DOCUMENT_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


class UnreadableDocument(EnvironmentProblem):
    """The file cannot be read as a DOCX (not a zip, a .doc, truncated, too big, unsafe XML)."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
    )


def parse_xml(data: bytes, *, where: str) -> etree._Element:
    """Parse one part with entities off; a DTD (the vehicle of entity bombs and XXE) is refused."""
    if b"<!DOCTYPE" in data:
        raise _dtd(where)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as problem:
        raise _not_xml(where, problem) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _dtd(where)
    return root


def _not_xml(where: str, problem: etree.XMLSyntaxError) -> UnreadableDocument:
    return UnreadableDocument(
        f"phần «{where}» không phải XML hợp lệ ({problem.msg})",
        goi_y="tệp có thể bị hỏng; mở lại bằng Word/LibreOffice và lưu thành .docx",
    )


def too_big(path: Path, what: str, count: int, limit: int, where: str) -> UnreadableDocument:
    """The refusal of a document over one of the content limits."""
    from vbhc.vi import so_tu_nhien

    return UnreadableDocument(
        f"văn bản có {so_tu_nhien(count)} {what} (tính đến phần «{where}»), vượt giới hạn "
        f"{so_tu_nhien(limit)} {what} mà vbhc kiểm tra (một văn bản hành chính chỉ có vài nghìn đoạn)",
        Vitri(tep=str(path)),
        goi_y="tách văn bản thành nhiều tệp nhỏ hơn rồi kiểm tra từng tệp",
    )


def _dtd(where: str) -> UnreadableDocument:
    return UnreadableDocument(
        f"phần «{where}» chứa khai báo DTD/thực thể; tệp DOCX hợp lệ không có khai báo này "
        "(có thể là tệp độc hại), vbhc từ chối đọc"
    )


#: What reading a damaged or truncated zip member raises.
_BROKEN_ARCHIVE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)


@dataclass
class Package:
    """The parts of an opened DOCX that the checker reads, already size-checked."""

    path: Path
    archive: zipfile.ZipFile
    main: str  #: name of the main document part, usually ``word/document.xml``
    spent: dict[str, int] = field(default_factory=dict)  #: elements, paragraphs, runs read so far

    def has(self, name: str) -> bool:
        try:
            self.archive.getinfo(name)
        except KeyError:
            return False
        return True

    def read(self, name: str) -> bytes:
        """The bytes of one part, never more than MAX_PART_BYTES whatever the header claims."""
        try:
            with self.archive.open(name) as handle:
                data = handle.read(MAX_PART_BYTES + 1)
        except _BROKEN_ARCHIVE as problem:
            raise UnreadableDocument(
                f"không giải nén được phần «{name}» ({problem}); tệp bị hỏng hoặc bị cắt cụt",
                Vitri(tep=str(self.path)),
            ) from None
        if len(data) > MAX_PART_BYTES:
            raise UnreadableDocument(
                f"phần «{name}» lớn hơn {MAX_PART_BYTES // (1024 * 1024)} MB khi giải nén (nghi bom nén)",
                Vitri(tep=str(self.path)),
            )
        return data

    def xml(self, name: str) -> etree._Element | None:
        """The parsed part, or None when the part is absent."""
        if not self.has(name):
            return None
        data = self._markup(name)
        root = parse_xml(data, where=name)
        del data
        self._spend(root, name)
        return root

    def body(self, name: str) -> Iterator[etree._Element]:
        """The children of ``w:body`` in part ``name``, one at a time, each complete when given and
        freed once the caller asks for the next: the whole tree of a big document never sits in
        memory. Raises UnreadableDocument when there is no body."""
        data = self._markup(name)
        if b"<!DOCTYPE" in data:
            raise _dtd(name)
        body_tag = f"{{{W_NS}}}body"
        events = etree.iterparse(
            io.BytesIO(data),
            events=("end",),
            tag=[f"{{{W_NS}}}{tag}" for tag in BODY_CHILDREN] + [f"{{{MC_NS}}}AlternateContent"],
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
        )
        del data
        body: etree._Element | None = None
        try:
            for _, element in events:
                parent = element.getparent()
                if parent is None or parent.tag != body_tag or parent.getparent() is None:
                    continue  # a paragraph inside a table, a sectPr inside a paragraph …
                if parent.getparent().getparent() is not None:
                    continue  # a w:body that is not the document's
                if body is None:
                    if element.getroottree().docinfo.doctype:
                        raise _dtd(name)
                    body = parent
                elif parent is not body:
                    continue
                while element.getprevious() is not None:
                    del body[0]  # what came before (read, or not a block): freed
                self._spend(element, name)
                yield element
                element.clear()
        except etree.XMLSyntaxError as problem:
            raise _not_xml(name, problem) from None
        if body is None and events.root.find(body_tag) is None:
            raise UnreadableDocument(
                "tệp .docx không có phần thân văn bản (w:body)", Vitri(tep=str(self.path))
            )

    def _markup(self, name: str) -> bytes:
        """The bytes of an XML part, refused before lxml builds a tree too big for memory (every
        element has one or two tags)."""
        data = self.read(name)
        if (tags := data.count(b"<")) > 2 * MAX_ELEMENTS:
            raise too_big(self.path, "thẻ XML", tags, 2 * MAX_ELEMENTS, name)
        return data

    def _spend(self, root: etree._Element, name: str) -> None:
        """Count what ``root`` holds against the content limits of the whole document."""
        spec = (
            ("phần tử XML", "count(descendant-or-self::*)", MAX_ELEMENTS),
            ("đoạn", "count(descendant-or-self::w:p)", MAX_PARAGRAPHS),
            ("đoạn chữ", "count(descendant-or-self::w:r)", MAX_RUNS),
        )
        for what, query, limit in spec:
            total = self.spent.get(what, 0) + int(root.xpath(query, namespaces={"w": W_NS}))
            if total > limit:
                raise too_big(self.path, what, total, limit, name)
            self.spent[what] = total

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationships of ``part``: id → (type, resolved part name)."""
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, tuple[str, str]] = {}
        if root is None:
            return out
        for rel in root.iter(f"{{{PKG_RELS_NS}}}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            resolved = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            out[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
        return out

    def close(self) -> None:
        self.archive.close()


def _fail(path: Path, message: str, hint: str | None = None) -> UnreadableDocument:
    return UnreadableDocument(message, Vitri(tep=str(path)), goi_y=hint)


def open_package(path: str | Path) -> Package:
    """Open ``path`` as a DOCX after checking its kind and bounding the archive."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except IsADirectoryError:
        raise _fail(path, "đây là một thư mục, cần một tệp .docx") from None
    except FileNotFoundError:
        raise _fail(path, "không tìm thấy tệp") from None
    except OSError as problem:
        raise _fail(path, f"không đọc được tệp ({problem.strerror})") from None
    if head.startswith(OLE_MAGIC):
        raise _fail(
            path,
            "đây là tệp Word 97-2003 (.doc), không phải .docx",
            "mở bằng Word hoặc LibreOffice và lưu lại dưới dạng .docx (Word Document) rồi kiểm tra lại",
        )
    if not head:
        raise _fail(path, "tệp rỗng (0 byte), không phải tệp .docx")
    if not head.startswith(ZIP_MAGICS):
        raise _fail(path, "tệp không phải .docx (không phải gói ZIP của Office Open XML)")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise _fail(
            path,
            "tệp .docx bị hỏng hoặc bị cắt cụt (không đọc được mục lục của gói ZIP)",
            "tải lại hoặc lưu lại tệp từ bản gốc",
        ) from None
    except OSError as problem:
        raise _fail(path, f"không đọc được tệp ({problem})") from None
    try:
        _bound(path, archive)
        main = _main_part(path, archive)
    except BaseException:
        archive.close()
        raise
    return Package(path=path, archive=archive, main=main)


def _bound(path: Path, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _fail(path, f"gói DOCX có {len(infos)} phần, vượt giới hạn {MAX_MEMBERS} (nghi tệp độc hại)")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES:
            raise _fail(
                path,
                f"phần «{info.filename}» khai báo {info.file_size:,} byte khi giải nén, vượt giới hạn "
                f"{MAX_PART_BYTES // (1024 * 1024)} MB (nghi bom nén)",
            )
        if info.file_size >= RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _fail(
                path,
                f"phần «{info.filename}» nén với tỉ lệ bất thường "
                f"{info.file_size // max(info.compress_size, 1)}:1 (nghi bom nén), vbhc từ chối đọc",
            )
    if total > MAX_TOTAL_BYTES:
        raise _fail(path, f"gói DOCX giải nén ra {total:,} byte, vượt giới hạn (nghi bom nén)")


def _main_part(path: Path, archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    package = Package(path=path, archive=archive, main="")
    if "_rels/.rels" in names:
        for rel_type, target in package.rels("").values():
            if rel_type == MAIN_DOCUMENT_TYPE and target in names:
                return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise _fail(
        path,
        "gói ZIP không chứa văn bản Word (thiếu word/document.xml); đây không phải tệp .docx",
    )
