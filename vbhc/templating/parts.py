"""The tags of a docxtpl template, read safely from its DOCX: parts, paragraphs, runs, tags.

The DOCX is untrusted: its zip entries are size-checked before reading and its XML is parsed without
entity resolution or network access. :mod:`vbhc.templating.lint` checks the tags found here.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from vbhc.errors import EnvironmentProblem, Vitri

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: Limits for reading an untrusted DOCX.
MAX_ENTRIES = 5_000
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200  #: uncompressed / compressed, for parts above 1 MB (zip bombs)

_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPENERS = re.compile(r"\{\{|\{%|\{#")
_PREFIXED = re.compile(r"^\{([{%#])(tr|tc|p|r) ")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_IGNORED_RPR = frozenset({f"{W}lang", f"{W}noProof", f"{W}rtl", f"{W}specVanish", f"{W}webHidden"})

#: Kinds of findings (stable names for programs; the message is for people).
TACH_THE = "tach_the"  #: tag split across differently formatted runs
CU_PHAP = "cu_phap"  #: syntax error, unterminated tag
KHONG_CAN = "khong_can"  #: unbalanced or misplaced block
KHONG_AN_TOAN = "khong_an_toan"  #: private attribute, include/import
THIEU_BIEN = "thieu_bien"  #: variable the data does not provide
CHO_CHEN = "cho_chen"  #: a multi-paragraph slot ({{p noi_dung }}) missing or misused
QUA_TAI = "qua_tai"  #: would exhaust a render's budget (endless loops, recursion, huge values)


@dataclass(frozen=True)
class Finding:
    """One problem in the template: where, what kind, and the Vietnamese message."""

    vitri: str
    loai: str
    thong_diep: str

    def __str__(self) -> str:
        return f"{self.vitri}: {self.thong_diep}" if self.vitri else self.thong_diep


@dataclass
class Tag:
    text: str  #: as written (quotes normalised)
    body: str  #: the Jinja inside the delimiters, docxtpl prefix removed
    kind: str  #: "{" variable, "%" statement, "#" comment
    prefix: str  #: "", "tr", "tc", "p" or "r"
    vitri: str
    paragraph: int  #: id of the paragraph
    row: int | None  #: id of the table row, if any
    cell: int | None
    ast: Any = None

    @property
    def keyword(self) -> str:
        return self.body.split(None, 1)[0] if self.body.split() else ""


@dataclass
class Lint:
    items: list[tuple[int, int, Finding]] = field(default_factory=list)
    order: int = 0  #: the paragraph being looked at, to report in document order

    def add(self, vitri: str, loai: str, message: str, order: int | None = None) -> None:
        where = self.order if order is None else order
        self.items.append((where, len(self.items), Finding(vitri, loai, message)))

    @property
    def findings(self) -> list[Finding]:
        return [finding for *_, finding in sorted(self.items, key=lambda item: item[:2])]


# --- reading the package safely -------------------------------------------------------------------


def _unreadable(path: Path, why: str) -> EnvironmentProblem:
    return EnvironmentProblem(
        f"không đọc được mẫu DOCX: {why}",
        Vitri(tep=str(path)),
        goi_y="mở mẫu bằng Word và lưu lại dạng .docx",
    )


def read_parts(path: str | Path) -> dict[str, etree._Element]:
    """The WordprocessingML parts of ``path`` that carry text (document, headers, footers, notes)."""
    path = Path(path)
    if not path.is_file():
        raise _unreadable(path, "không tìm thấy tệp" if not path.exists() else "không phải là tệp")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _unreadable(path, "tệp không phải là DOCX (không phải gói zip của Word)") from None
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=False
    )
    parts: dict[str, etree._Element] = {}
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise _unreadable(path, f"gói có quá nhiều mục ({len(infos)})")
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise _unreadable(path, "dung lượng giải nén quá lớn")
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise _unreadable(path, "thiếu phần word/document.xml")
        for info in infos:
            if not _PARTS.match(info.filename):
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_PART_BYTES or (info.file_size > 1 << 20 and ratio > MAX_RATIO):
                raise _unreadable(path, f"phần {info.filename} quá lớn hoặc nén bất thường")
            try:
                with archive.open(info) as handle:
                    data = handle.read(MAX_PART_BYTES + 1)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError):
                raise _unreadable(path, f"phần {info.filename} bị hỏng") from None
            if len(data) > MAX_PART_BYTES:
                raise _unreadable(path, f"phần {info.filename} quá lớn")
            try:
                parts[info.filename] = etree.fromstring(data, parser)
            except etree.XMLSyntaxError as error:
                raise _unreadable(path, f"phần {info.filename} không phải XML hợp lệ ({error.msg})") from None
    return dict(sorted(parts.items(), key=lambda kv: (kv[0] != "word/document.xml", kv[0])))


# --- where a paragraph is -------------------------------------------------------------------------


def _part_label(name: str) -> str:
    stem = name.rsplit("/", 1)[-1]
    if stem.startswith("header"):
        return f"đầu trang ({stem})"
    if stem.startswith("footer"):
        return f"chân trang ({stem})"
    if stem.startswith("footnotes"):
        return "chú thích cuối trang"
    if stem.startswith("endnotes"):
        return "chú thích cuối văn bản"
    return ""


def _paragraphs(
    root: etree._Element, label: str
) -> Iterator[tuple[etree._Element, str, int | None, int | None]]:
    """Each paragraph with its place (``đoạn 4`` or ``bảng 1, hàng 2, ô 3``), its row and cell ids."""
    top_tables = 0
    loose = 0
    body = root.find(f"{W}body")
    top_level = body if body is not None else root
    table_number: dict[etree._Element, int] = {}
    for element in top_level.iter(f"{W}tbl"):
        parent_tc = next((a for a in element.iterancestors(f"{W}tc")), None)
        if parent_tc is None:
            top_tables += 1
            table_number[element] = top_tables
        else:
            siblings = [t for t in parent_tc.iter(f"{W}tbl") if next(t.iterancestors(f"{W}tc")) is parent_tc]
            table_number[element] = siblings.index(element) + 1
    for paragraph in top_level.iter(f"{W}p"):
        places: list[str] = []
        row_id = cell_id = None
        cell = next(paragraph.iterancestors(f"{W}tc"), None)
        if cell is None:
            loose += 1
            where = f"đoạn {loose}"
        else:
            row = cell.getparent()
            row_id, cell_id = id(row), id(cell)
            node: etree._Element | None = cell
            while node is not None:
                tr = node.getparent()
                tbl = tr.getparent()
                cells = [c for c in tr if c.tag == f"{W}tc"]
                rows = [r for r in tbl if r.tag == f"{W}tr"]
                number = table_number.get(tbl, "?")
                places.insert(0, f"bảng {number}, hàng {rows.index(tr) + 1}, ô {cells.index(node) + 1}")
                node = next(tbl.iterancestors(f"{W}tc"), None)
            where = " › ".join(places)
        yield paragraph, f"{label}, {where}" if label else where, row_id, cell_id


def _runs(paragraph: etree._Element) -> list[tuple[str, bytes]]:
    """The text of each run of ``paragraph`` (not of nested paragraphs) and its formatting."""
    out = []
    for run in paragraph.iter(f"{W}r"):
        if next(run.iterancestors(f"{W}p"), None) is not paragraph:
            continue
        text = "".join(
            (t.text or "") if t.tag == f"{W}t" else "\t" for t in run if t.tag in (f"{W}t", f"{W}tab")
        )
        rpr = run.find(f"{W}rPr")
        key = b""
        if rpr is not None:
            kept = [etree.tostring(c) for c in rpr if c.tag not in _IGNORED_RPR]
            key = b"".join(sorted(kept))
        out.append((text, key))
    return out


def excerpt(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- collecting the tags --------------------------------------------------------------------------


def collect(
    parts: dict[str, etree._Element], lint: Lint, rests: dict[tuple[str, int], str] | None = None
) -> list[Tag]:
    """The tags of every paragraph, in document order; ``rests`` receives the text outside tags of
    each paragraph ("p", id), table row ("tr", id) and cell ("tc", id)."""
    tags: list[Tag] = []
    paragraph_id = 0
    rests = {} if rests is None else rests
    for name, root in parts.items():
        for paragraph, where, row_id, cell_id in _paragraphs(root, _part_label(name)):
            paragraph_id += 1
            lint.order = paragraph_id
            runs = _runs(paragraph)
            text = "".join(t for t, _ in runs)
            rest = " ".join(_TAG.sub(" ", text).split())
            rests[("p", paragraph_id)] = rest
            if row_id is not None and cell_id is not None and rest:
                for key in (("tr", row_id), ("tc", cell_id)):
                    rests[key] = f"{rests.get(key, '')} {rest}".strip()
            if "{" not in text:
                continue
            owner: list[int] = []
            for index, (run_text, _) in enumerate(runs):
                owner.extend([index] * len(run_text))
            covered: list[tuple[int, int]] = []
            for match in _TAG.finditer(text):
                start, end = match.span()
                covered.append((start, end))
                raw = match.group(0).translate(_QUOTES)
                touched = sorted(set(owner[start:end]))
                formats = {runs[i][1] for i in touched}
                if len(formats) > 1:
                    lint.add(
                        where,
                        TACH_THE,
                        f"thẻ «{excerpt(raw)}» bị Word tách thành {len(touched)} đoạn chữ có định dạng khác "
                        "nhau; xóa thẻ rồi gõ lại liền một lần (hoặc bỏ định dạng riêng trong thẻ)",
                    )
                tags.append(_make_tag(raw, where, paragraph_id, row_id, cell_id))
            for opener in _OPENERS.finditer(text):
                if not any(s <= opener.start() < e for s, e in covered):
                    closer = {"{{": "}}", "{%": "%}", "{#": "#}"}[opener.group(0)]
                    lint.add(
                        where,
                        CU_PHAP,
                        f"thẻ mở «{opener.group(0)}» không có «{closer}» trong cùng đoạn "
                        f"(«{excerpt(text[opener.start():])}»)",
                    )
    return tags


def _make_tag(raw: str, where: str, paragraph: int, row: int | None, cell: int | None) -> Tag:
    kind = raw[1]
    prefix = ""
    inner = raw[2:-2]
    match = _PREFIXED.match(raw)
    if match:
        prefix = match.group(2)
        inner = raw[len(match.group(0)) : -2]
    inner = inner.strip()
    if kind != "#":
        inner = inner.removeprefix("-").removesuffix("-").strip()
        inner = inner.removeprefix("+").removesuffix("+").strip()
    return Tag(raw, inner, kind, prefix, where, paragraph, row, cell)


__all__ = [
    "CHO_CHEN", "CU_PHAP", "KHONG_AN_TOAN", "KHONG_CAN", "QUA_TAI", "TACH_THE", "THIEU_BIEN",
    "Finding", "Lint", "Tag", "collect", "excerpt", "read_parts",
]
