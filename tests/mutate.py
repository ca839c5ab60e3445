"""Helpers that break a good DOCX one fault at a time, for the checker's corpus of bad documents.

A :class:`Docx` holds the parts of a package in memory; each mutation edits the XML of one part
the way a clerk's slip would (a margin, a font, a typed number) and :meth:`Docx.save` writes the
result. Nothing here imports the checker: the mutations are independent of what they test.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


class Docx:
    """An editable DOCX package."""

    def __init__(self, data: bytes):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.names = archive.namelist()
            self.parts = {name: archive.read(name) for name in self.names}
        self._trees: dict[str, etree._Element] = {}

    @classmethod
    def open(cls, path: str | Path) -> Docx:
        return cls(Path(path).read_bytes())

    def xml(self, name: str) -> etree._Element:
        if name not in self._trees:
            self._trees[name] = etree.fromstring(self.parts[name], _PARSER)
        return self._trees[name]

    @property
    def document(self) -> etree._Element:
        return self.xml("word/document.xml")

    @property
    def styles(self) -> etree._Element:
        return self.xml("word/styles.xml")

    def headers(self) -> list[str]:
        return [name for name in self.names if name.startswith("word/header")]

    def save(self, path: str | Path) -> Path:
        for name, root in self._trees.items():
            self.parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in self.names:
                archive.writestr(name, self.parts[name])
        return Path(path)

    # --- finding things ---------------------------------------------------------------------------

    def paragraphs(self) -> Iterator[etree._Element]:
        return self.document.iter(w("p"))

    def paragraph(self, predicate: Callable[[str], bool], nth: int = 0) -> etree._Element:
        """The ``nth`` paragraph whose text satisfies ``predicate``."""
        matches = [p for p in self.paragraphs() if predicate(text_of(p))]
        if len(matches) <= nth:
            raise LookupError("no such paragraph in the document")
        return matches[nth]

    def starting(self, prefix: str, nth: int = 0) -> etree._Element:
        return self.paragraph(lambda text: text.startswith(prefix), nth)

    def containing(self, part: str, nth: int = 0) -> etree._Element:
        return self.paragraph(lambda text: part in text, nth)

    def sections(self) -> list[etree._Element]:
        return list(self.document.iter(w("sectPr")))


def text_of(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(w("t")))


def set_text(paragraph: etree._Element, text: str) -> None:
    """Put ``text`` in the first run (keeping its formatting) and empty the other runs."""
    texts = list(paragraph.iter(w("t")))
    texts[0].text = text
    texts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for other in texts[1:]:
        other.text = ""


def replace_text(paragraph: etree._Element, old: str, new: str) -> None:
    text = text_of(paragraph)
    if old not in text:
        raise LookupError(f"{old!r} not in {text!r}")
    set_text(paragraph, text.replace(old, new, 1))


def run_props(paragraph: etree._Element) -> Iterator[etree._Element]:
    """The rPr of every run of the paragraph (created when missing)."""
    for run in paragraph.iter(w("r")):
        rpr = run.find(w("rPr"))
        if rpr is None:
            rpr = etree.Element(w("rPr"))
            run.insert(0, rpr)
        yield rpr


def set_run_prop(paragraph: etree._Element, tag: str, value: str | None = None) -> None:
    """Set ``<w:tag w:val=value/>`` on every run (replacing an existing one)."""
    for rpr in run_props(paragraph):
        for old in rpr.findall(w(tag)):
            rpr.remove(old)
        element = etree.SubElement(rpr, w(tag))
        if value is not None:
            element.set(w("val"), value)


def ppr(paragraph: etree._Element) -> etree._Element:
    element = paragraph.find(w("pPr"))
    if element is None:
        element = etree.Element(w("pPr"))
        paragraph.insert(0, element)
    return element


def set_para_prop(paragraph: etree._Element, tag: str, **attributes: str) -> None:
    """Set ``<w:tag w:attr=…/>`` in the paragraph properties (replacing an existing one)."""
    props = ppr(paragraph)
    for old in props.findall(w(tag)):
        props.remove(old)
    element = etree.SubElement(props, w(tag))
    for key, value in attributes.items():
        element.set(w(key), value)


def remove(element: etree._Element) -> None:
    element.getparent().remove(element)


def insert_copy(source: etree._Element, after: etree._Element, text: str) -> etree._Element:
    """A copy of paragraph ``source`` (its formatting) holding ``text``, placed after ``after``."""
    import copy

    paragraph = copy.deepcopy(source)
    set_text(paragraph, text)
    after.addnext(paragraph)
    return paragraph


def next_paragraph(paragraph: etree._Element) -> etree._Element:
    following = paragraph.getnext()
    while following is not None and following.tag != w("p"):
        following = following.getnext()
    if following is None:
        raise LookupError("no paragraph after this one")
    return following


def set_all_fonts(docx: Docx, font: str) -> None:
    """Every rFonts of styles, document and headers names ``font``."""
    for name in ["word/styles.xml", "word/document.xml", *docx.headers()]:
        for element in docx.xml(name).iter(w("rFonts")):
            for key in ("ascii", "hAnsi", "cs", "eastAsia"):
                element.set(w(key), font)
            for key in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
                element.attrib.pop(w(key), None)


# --- the good documents the corpus starts from ------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
TASKS_XLSX = ROOT / "examples" / "ke_hoach_cchc_2026" / "nhiem_vu.xlsx"

#: Sources of one document per kind vbhc renders (each template: ke_hoach, bao_cao, bien_ban,
#: cong_van, van_ban; annexes go through phu_luc). Numbered and dated, so that every rule applies.
SOURCES = {
    "ke_hoach": """\
---
loai: ke_hoach
co_quan: {ten: "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat: UBND}
dia_danh: Hùng Thắng
so: 5
ngay: 2026-01-14
trich_yeu: Tuyên truyền cải cách hành chính năm 2026
nguoi_ky: {tham_quyen: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH], chuc_vu: PHÓ CHỦ TỊCH, ho_ten: Vũ Trọng Thủy}
noi_nhan: [Sở Nội vụ, "TTĐU, TTHĐND xã", Các cơ quan, đơn vị]
luu: [VT, VHXH]
phu_luc:
  - {tieu_de: Danh mục nhiệm vụ tuyên truyền, bang: nhiem_vu.xlsx}
  - {tieu_de: Danh mục nhiệm vụ kiểm tra, bang: nhiem_vu.xlsx}
---

Ủy ban nhân dân xã ban hành Kế hoạch tuyên truyền (chi tiết tại Phụ lục I và Phụ lục II kèm theo).

# Mục đích, yêu cầu

## Nâng cao nhận thức

### Cán bộ, công chức hiểu rõ nhiệm vụ.

### Người dân biết và giám sát.

### Doanh nghiệp tham gia góp ý.

## Đổi mới hình thức

- Tuyên truyền trên cổng thông tin điện tử của xã.
- Tuyên truyền qua hệ thống loa truyền thanh.

# Nhiệm vụ

Các cơ quan thực hiện theo Phụ lục I, Phụ lục II.

# Kinh phí

Kinh phí bố trí trong dự toán ngân sách xã năm 2026.

# Tổ chức thực hiện

Văn phòng theo dõi, tổng hợp, báo cáo kết quả.
""",
    "cong_van": """\
---
loai: cong_van
co_quan: {ten: "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat: UBND}
ky_hieu: UBND-VP
do_khan: KHẨN
dia_danh: Hùng Thắng
so: 7
ngay: 2026-02-05
trich_yeu: Đôn đốc báo cáo kết quả cải cách hành chính quý I năm 2026
kinh_gui: [Các cơ quan chuyên môn thuộc Ủy ban nhân dân xã, Các thôn trên địa bàn xã]
nguoi_ky: {tham_quyen: [TM. ỦY BAN NHÂN DÂN], chuc_vu: CHỦ TỊCH, ho_ten: Nguyễn Văn An}
noi_nhan: [Thường trực Đảng ủy xã]
luu: [VT, VP]
---

Ủy ban nhân dân xã đề nghị các cơ quan, đơn vị báo cáo kết quả cải cách hành chính
quý I năm 2026 trước ngày 20 tháng 3 năm 2026.

Đề nghị các cơ quan, đơn vị nghiêm túc thực hiện.
""",
    "quyet_dinh": """\
---
loai: quyet_dinh
co_quan: {ten: "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat: UBND}
dia_danh: Hùng Thắng
so: 12
ngay: 2026-03-09
trich_yeu: Về việc thành lập Tổ công tác cải cách hành chính năm 2026
can_cu:
  - Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025
  - Theo đề nghị của Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã
nguoi_ky: {tham_quyen: [TM. ỦY BAN NHÂN DÂN], chuc_vu: CHỦ TỊCH, ho_ten: Nguyễn Văn An}
noi_nhan: [Như Điều 3, Thường trực Đảng ủy xã]
luu: [VT, VP]
---

# Thành lập Tổ công tác

Thành lập Tổ công tác cải cách hành chính năm 2026 của xã Hùng Thắng.

# Tổ chức thực hiện

Quyết định này có hiệu lực kể từ ngày ký.
""",
    "bao_cao": """\
---
loai: bao_cao
co_quan:
  ten: PHÒNG VĂN HÓA - XÃ HỘI
  chu_quan: UBND XÃ HÙNG THẮNG
  viet_tat: VHXH
  ten_goi: Phòng Văn hóa - Xã hội
dia_danh: Hùng Thắng
so: 3
ngay: 2026-12-25
trich_yeu: Kết quả cải cách hành chính năm 2026
kinh_gui: [Ủy ban nhân dân xã Hùng Thắng]
nguoi_ky: {chuc_vu: TRƯỞNG PHÒNG, ho_ten: Lê Thị Bình}
noi_nhan: [Chủ tịch UBND xã]
luu: [VT, VHXH]
---

# Kết quả thực hiện

## Công tác chỉ đạo

### Đã ban hành kế hoạch.

### Đã kiểm tra các bộ phận.

## Thủ tục hành chính

Tỷ lệ hồ sơ đúng hạn đạt 98%.

# Phương hướng năm 2027

Tiếp tục thực hiện các nhiệm vụ.
""",
    "bien_ban": """\
---
loai: bien_ban
co_quan: {ten: "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat: UBND}
dia_danh: Hùng Thắng
so: 2
ngay: 2026-01-14
trich_yeu: Họp Tổ công tác cải cách hành chính
nguoi_ky: {chuc_vu: CHỦ TỌA, ho_ten: Nguyễn Văn An}
nguoi_ky_2: {chuc_vu: THƯ KÝ, ho_ten: Trần Văn Cường}
luu: [VT, Hồ sơ]
---

Thời gian bắt đầu: 8 giờ 00 phút, ngày 14 tháng 01 năm 2026.

Địa điểm: Hội trường Ủy ban nhân dân xã.

Cuộc họp kết thúc vào 10 giờ 00 cùng ngày.
""",
    "giay_gioi_thieu": """\
---
loai: giay_gioi_thieu
co_quan: {ten: "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat: UBND}
dia_danh: Hùng Thắng
so: 21
ngay: 2026-11-02
nguoi_ky: {tham_quyen: [TM. ỦY BAN NHÂN DÂN], chuc_vu: CHỦ TỊCH, ho_ten: Nguyễn Văn An}
noi_nhan: [Như trên]
---

Ủy ban nhân dân xã Hùng Thắng trân trọng giới thiệu ông Trần Văn Cường, công chức Văn phòng,
được cử đến Sở Nội vụ thành phố Hải Phòng về việc nộp hồ sơ cải cách hành chính.

Giấy này có giá trị đến hết ngày 30 tháng 11 năm 2026.
""",
}


def render_source(name: str, folder: Path) -> Path:
    """Render ``SOURCES[name]`` with vbhc into ``folder/name.docx``."""
    import shutil

    from vbhc.sources.markdown import load
    from vbhc.writers.docx import render

    shutil.copy(TASKS_XLSX, folder / "nhiem_vu.xlsx")
    source = folder / f"{name}.md"
    source.write_text(SOURCES[name], encoding="utf-8")
    return render(load(source), folder / f"{name}.docx")
