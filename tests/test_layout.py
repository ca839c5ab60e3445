"""The rendered pages, as a reader sees them: every example (and a few made here) through DOCX and
LibreOffice to PDF, then measured with pdfplumber.

All documents are converted in one LibreOffice run per test session (start-up costs seconds).
Locally the tests skip when LibreOffice is missing; with ``CI=true`` that is a failure.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

try:
    from tests.pdf_pages import (
        Page,
        Word,
        docx_paragraph_texts,
        docx_sections,
        fonts,
        mm_to_pt,
        nfc,
        page_number_words,
        read_pdf,
        require_soffice,
    )
except ImportError:  # tests/ is not a package: pytest put it on sys.path
    from pdf_pages import (
        Page,
        Word,
        docx_paragraph_texts,
        docx_sections,
        fonts,
        mm_to_pt,
        nfc,
        page_number_words,
        read_pdf,
        require_soffice,
    )

from vbhc import nd30
from vbhc.text import vi

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

#: Words may overhang a margin by this much (glyph side bearings, rounding of the layout).
TOLERANCE_PT = 2.0
#: Fonts a vbhc PDF may use (names as embedded, without spaces).
ALLOWED_FONTS = (*(f.replace(" ", "") for f in (nd30.FONT, *nd30.FONT_METRIC_COMPATIBLE)), "TimesNewRomanPS")


def example_sources() -> list[Path]:
    """Every document source under examples/: Markdown files with YAML front matter."""
    found = []
    for path in sorted(EXAMPLES.rglob("*.md")):
        head = path.read_text(encoding="utf-8", errors="replace").lstrip("\ufeff")[:4]
        if head.startswith("---"):
            found.append(path)
    return found


_REPORT_COMMAND = re.compile(
    r'vbhc report\s+"?(?:\$here/)?([^"\s]+\.xlsx)"?[^\n]*?--as-of\s+(\d{4}-\d{2}-\d{2})'
)


def build_example(path: Path) -> object:
    """The model of an example: ``load`` it; a báo cáo built by ``vbhc report TASKS.xlsx --source
    THIS.md --as-of DATE`` (named in its header comment or in the folder's build.sh) is filled with
    the figures computed from TASKS.xlsx as that command does."""
    from vbhc.sources.markdown import load

    command = _REPORT_COMMAND.search(path.read_text(encoding="utf-8"))
    build_sh = path.parent / "build.sh"
    if command is None and build_sh.is_file():
        script = build_sh.read_text(encoding="utf-8").replace("\\\n", " ")
        command = next((m for m in _REPORT_COMMAND.finditer(script) if path.name in m.group(0)), None)
    if command is None:
        return load(path)
    from vbhc.report import figures
    from vbhc.sources import chi_tieu
    from vbhc.sources.xlsx import read_tasks
    from vbhc.workflows.report import build

    tasks = path.parent / command.group(1)
    bang = read_tasks(tasks)
    return build(path, figures(bang, date.fromisoformat(command.group(2)), chi_tieu.read(tasks)), bang)


def _made_here() -> dict[str, object]:
    """Documents built from the model, so every layout feature is covered even without examples:
    a công văn with Kính gửi, and a quyết định with two annexes (one portrait, one landscape)."""
    from vbhc.model import Bang, CoQuan, Doan, NguoiKy, NhiemVu, NhomNhiemVu, PhuLuc, Run, VanBan

    def doan(text: str, kieu: str = "van", so: str = "") -> Doan:
        return Doan(kieu=kieu, so=so, runs=[Run(text=text)])

    long_text = (
        "Ủy ban nhân dân xã đề nghị các cơ quan, đơn vị rà soát, thống kê đầy đủ thủ tục hành chính "
        "thuộc thẩm quyền giải quyết, cập nhật công khai trên Cổng Dịch vụ công quốc gia; báo cáo kết "
        "quả, khó khăn, vướng mắc và đề xuất, kiến nghị (nếu có) trước ngày 15 hằng tháng."
    )
    co_quan = CoQuan(ten="ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat="UBND")
    ky = NguoiKy(tham_quyen=["TM. ỦY BAN NHÂN DÂN"], chuc_vu="CHỦ TỊCH", ho_ten="Nguyễn Văn Bình")
    cong_van = VanBan(
        loai="cong_van",
        co_quan=co_quan,
        dia_danh="Hùng Thắng",
        so=7,
        ngay=date(2026, 2, 3),
        ky_hieu="UBND-VP",
        trich_yeu="Rà soát thủ tục hành chính quý I năm 2026",
        kinh_gui=["Các cơ quan, đơn vị thuộc Ủy ban nhân dân xã", "Công an xã"],
        noi_dung=[doan(long_text) for _ in range(9)],
        nguoi_ky=ky,
        noi_nhan=["Lưu trữ"],
        luu=["VT", "VP"],
    )
    tasks = [
        NhiemVu(
            stt=str(i),
            noi_dung=f"Nhiệm vụ thứ {i}: kiểm tra việc giải quyết hồ sơ đúng hạn",
            chu_tri="Văn phòng HĐND và UBND",
            phoi_hop="Công an xã",
            thoi_gian="Quý II",
            san_pham="Báo cáo kết quả",
        )
        for i in range(1, 31)
    ]
    quyet_dinh = VanBan(
        loai="quyet_dinh",
        co_quan=co_quan,
        dia_danh="Hùng Thắng",
        so=12,
        ngay=date(2026, 1, 9),
        trich_yeu="Ban hành Quy chế làm việc và Danh mục nhiệm vụ năm 2026",
        can_cu=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"],
        noi_dung=[doan(long_text, "khoan", f"{i}.") for i in range(1, 4)],
        nguoi_ky=ky,
        noi_nhan=["Như Điều 3", "Sở Nội vụ"],
        luu=["VT", "VP"],
        phu_luc=[
            PhuLuc(tieu_de="Quy chế làm việc", ngang=False, noi_dung=[doan(long_text) for _ in range(14)]),
            PhuLuc(
                tieu_de="Danh mục nhiệm vụ năm 2026",
                bang=Bang(nhom=[NhomNhiemVu(so="I", ten="Cải cách thủ tục hành chính", nhiem_vu=tasks)]),
            ),
        ],
    )
    long_name = VanBan(
        loai="thong_bao",
        co_quan=CoQuan(
            chu_quan="SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH NINH BÌNH",
            ten="CHI CỤC THỦY LỢI VÀ PHÒNG, CHỐNG THIÊN TAI",
            viet_tat="CCTL",
        ),
        dia_danh="Ninh Bình",
        so=3,
        ngay=date(2026, 3, 2),
        trich_yeu="Lịch trực phòng, chống thiên tai và tìm kiếm cứu nạn",
        do_khan="HỎA TỐC",
        noi_dung=[doan(long_text) for _ in range(2)],
        nguoi_ky=NguoiKy(chuc_vu="CHI CỤC TRƯỞNG", ho_ten="Trần Thị Hoa"),
        noi_nhan=["Sở Nông nghiệp và Môi trường"],
    )
    articles = [
        Doan(kieu="dieu", so="Điều 1.", runs=[Run(text="Thành lập Tổ công tác")]),
        *(doan(long_text) for _ in range(2)),
        Doan(kieu="dieu", so="Điều 2.", runs=[Run(text="Nhiệm vụ của Tổ công tác")]),
        doan(long_text),
        Doan(kieu="dieu", so="Điều 3.", runs=[Run(text="Trách nhiệm thi hành")]),
        *(doan(long_text, "khoan", f"{i}.") for i in range(1, 3)),
        doan("Quyết định này có hiệu lực kể từ ngày ký.", "khoan", "3."),
    ]
    long_last_article = quyet_dinh.model_copy(update={"noi_dung": articles, "phu_luc": []})
    return {
        "made:quyet_dinh_dieu_cuoi_dai": long_last_article,
        "made:cong_van": cong_van.model_copy(update={"do_khan": "THƯỢNG KHẨN"}),
        "made:quyet_dinh_2_phu_luc": quyet_dinh,
        "made:ten_co_quan_dai": long_name,
    }


@dataclass
class Rendered:
    """One document through the whole chain."""

    name: str
    van_ban: object = None
    docx: Path | None = None
    pdf: Path | None = None
    pages: list[Page] | None = None
    error: str | None = None


#: An annex rendered alone (``render_phu_luc``, Mẫu 2.1: no letterhead), checked by its own test.
ANNEX_ALONE = "made:phu_luc_rieng"
#: Worked starters of ``vbhc new`` whose layout is checked here too.
STARTERS = [ROOT / "vbhc" / "starters" / f"{name}.md" for name in ("quyet_dinh", "nghi_quyet")]
CASES = [str(p.relative_to(ROOT)) for p in (*example_sources(), *STARTERS)] + list(_made_here())


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Render every case to DOCX, then convert all of them in ONE LibreOffice run."""
    require_soffice()
    from vbhc.writers.docx import render
    from vbhc.writers.pdf import to_pdf

    folder = tmp_path_factory.mktemp("layout")
    cases: dict[str, Rendered] = {}
    made = _made_here()
    for index, name in enumerate(CASES):
        case = cases[name] = Rendered(name)
        try:
            case.van_ban = made[name] if name in made else build_example(ROOT / name)
            case.docx = render(case.van_ban, folder / f"{index:02d}_{Path(name.split(':')[-1]).stem}.docx")
        except Exception as problem:  # one broken example fails its own tests, not the others'
            case.error = f"{name}: không dựng được DOCX: {type(problem).__name__}: {problem}"
    from vbhc.writers.docx import render_phu_luc

    parent = made["made:quyet_dinh_2_phu_luc"]
    alone = cases[ANNEX_ALONE] = Rendered(ANNEX_ALONE, parent)
    alone.docx = render_phu_luc(parent, parent.phu_luc[1], folder / "phu_luc_rieng.docx", index=1)
    docx_files = [c.docx for c in cases.values() if c.docx is not None]
    pdfs = to_pdf(docx_files, folder / "pdf")
    by_docx = dict(zip(docx_files, pdfs, strict=True))
    for case in cases.values():
        if case.docx is not None:
            case.pdf = by_docx[case.docx]
            case.pages = read_pdf(case.pdf)
    return cases


@pytest.fixture(params=CASES)
def doc(request: pytest.FixtureRequest, rendered: dict[str, Rendered]) -> Rendered:
    case = rendered[request.param]
    if case.error:
        pytest.fail(case.error)
    return case


# --- helpers --------------------------------------------------------------------------------------


def _norm_tones(text: str) -> str:
    for variant, standard in nd30.TONE_VARIANTS.items():
        text = text.replace(variant, standard)
    return text


def _margins(doc: Rendered, page: Page) -> dict[str, float]:
    """The margins of the DOCX section a page belongs to (matched by page size)."""
    sections = docx_sections(doc.docx)
    for section in sections:
        if abs(section["width"] - page.width) < 2 and abs(section["height"] - page.height) < 2:
            return section
    raise AssertionError(
        f"{doc.name}: trang {page.index} có khổ {page.width:.0f}×{page.height:.0f} pt, không khớp section nào"
    )


def _annex_starts(doc: Rendered) -> list[int]:
    """0-based page indexes where each annex starts (its heading is the first line of the page)."""
    van_ban = doc.van_ban
    starts = []
    for index, phu_luc in enumerate(van_ban.phu_luc):
        heading = van_ban.tieu_de_phu_luc(index)
        title = vi.upper(phu_luc.tieu_de)
        after = starts[-1] + 1 if starts else 0
        for page in doc.pages[after:]:
            body = [ln for ln in page.lines() if ln.top >= _margins(doc, page)["top"] - TOLERANCE_PT]
            if body and body[0].text == heading and any(title in ln.text for ln in body[1:4]):
                starts.append(page.index - 1)
                break
        else:
            raise AssertionError(f"{doc.name}: không thấy trang đầu của «{heading}» ({title}) trong PDF")
    return starts


def _main_pages(doc: Rendered) -> list[Page]:
    starts = _annex_starts(doc) if doc.van_ban.phu_luc else []
    return doc.pages[: starts[0]] if starts else doc.pages


def _text_center(doc: Rendered, page: Page) -> float:
    m = _margins(doc, page)
    return (m["left"] + page.width - m["right"]) / 2


def _assert_numbering(doc: Rendered, pages: list[Page], part: str) -> None:
    """Page 1 of ``pages`` shows no number, page k ≥ 2 shows ``k`` centred in the top margin."""
    first_numbers = page_number_words(pages[0], _margins(doc, pages[0])["top"])
    assert not first_numbers, (
        f"{doc.name}, {part}: trang 1 không được đánh số, thấy «{first_numbers[0].text}»"
    )
    size = nd30.SIZES["so_trang"]
    for k, page in enumerate(pages[1:], start=2):
        top = _margins(doc, page)["top"]
        numbers = page_number_words(page, top)
        assert [w.text for w in numbers] == [str(k)], (
            f"{doc.name}, {part}: trang {k} (trang {page.index} của PDF) cần số «{k}» ở lề trên, "
            f"thấy {[w.text for w in numbers]}"
        )
        word = numbers[0]
        assert abs(word.center - _text_center(doc, page)) <= TOLERANCE_PT, (
            f"{doc.name}, {part}: số trang {k} không căn giữa (tâm {word.center:.1f} pt, "
            f"cần {_text_center(doc, page):.1f} pt)"
        )
        assert size.low - 0.5 <= word.size <= size.high + 0.5, f"{doc.name}: cỡ số trang {word.size:.1f}"


# --- the tests ------------------------------------------------------------------------------------


def test_page_numbers_of_the_main_text(doc):
    _assert_numbering(doc, _main_pages(doc), "văn bản chính")


def test_annex_pages_are_numbered_from_one_and_oriented(doc):
    if not doc.van_ban.phu_luc:
        pytest.skip("văn bản không có phụ lục")
    starts = _annex_starts(doc)
    ends = [*starts[1:], len(doc.pages)]
    for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
        phu_luc = doc.van_ban.phu_luc[index]
        pages = doc.pages[start:end]
        heading = doc.van_ban.tieu_de_phu_luc(index)
        for page in pages:
            assert page.landscape == phu_luc.ngang, (
                f"{doc.name}: trang {page.index} của «{heading}» phải "
                + ("nằm ngang" if phu_luc.ngang else "đứng")
            )
        _assert_numbering(doc, pages, heading)


def test_quoc_hieu_and_tieu_ngu_each_on_one_line(doc):
    page = doc.pages[0]
    lines = [_norm_tones(line.text) for line in page.lines()]
    for text in (nd30.QUOC_HIEU, nd30.TIEU_NGU):
        assert any(text in line for line in lines), (
            f"{doc.name}: «{text}» không nằm trọn trên một dòng ở trang 1; các dòng đầu: {lines[:4]}"
        )
    quoc_hieu = next(i for i, line in enumerate(lines) if nd30.QUOC_HIEU in line)
    assert nd30.TIEU_NGU in lines[quoc_hieu + 1], f"{doc.name}: Tiêu ngữ phải ở ngay dưới Quốc hiệu"


def _letterhead_words(doc: Rendered, page: Page) -> set[int]:
    """The words of the Quốc hiệu on the first page: the letterhead reaches into the margins, as the
    decree's own table does, and only that line is wide enough to go beyond them."""
    if page.index != 1 or doc.name == ANNEX_ALONE:
        return set()
    return {id(w) for w in _block_words(page, nd30.QUOC_HIEU)}


def _letterhead_box(page: Page) -> tuple[float, float]:
    """Left and right edge (pt) of the letterhead table."""
    from vbhc.writers import layout

    left = mm_to_pt(nd30.MARGINS_OFFICIAL.left + layout.LETTERHEAD_INDENT / nd30.TWIPS_PER_MM)
    return left, left + mm_to_pt(sum(layout.LETTERHEAD_COLUMNS) / nd30.TWIPS_PER_MM)


def test_text_stays_inside_the_margins(doc):
    for page in doc.pages:
        m = _margins(doc, page)
        left, right = m["left"] - TOLERANCE_PT, page.width - m["right"] + TOLERANCE_PT
        top, bottom = m["top"] - TOLERANCE_PT, page.height - m["bottom"] + TOLERANCE_PT
        numbers = {id(w) for w in page_number_words(page, m["top"])}
        letterhead = _letterhead_words(doc, page)
        for word in page.words:
            where = f"{doc.name}, trang {page.index}: «{word.text}»"
            if id(word) in letterhead:
                box_left, box_right = _letterhead_box(page)
                assert box_left - TOLERANCE_PT <= word.x0 and word.x1 <= box_right + TOLERANCE_PT, where
                continue
            assert left <= word.x0 and word.x1 <= right, (
                f"{where} lấn lề trái/phải (x {word.x0:.1f}–{word.x1:.1f} pt, "
                f"vùng chữ {left:.1f}–{right:.1f})"
            )
            if id(word) in numbers:
                continue
            assert top <= word.top and word.bottom <= bottom, (
                f"{where} lấn lề trên/dưới (y {word.top:.1f}–{word.bottom:.1f} pt, "
                f"vùng chữ {top:.1f}–{bottom:.1f})"
            )


def test_signature_block_and_noi_nhan_start_on_one_page(doc):
    """«Nơi nhận:» and the signature block start level on one page, the block is not split, and it
    does not stand alone on its page (the end of the text comes with it)."""
    van_ban = doc.van_ban
    main = _main_pages(doc)
    with_label = [p for p in main if p.find(nd30.NOI_NHAN_LABEL)]
    assert len(with_label) == 1, (
        f"{doc.name}: «{nd30.NOI_NHAN_LABEL}» cần có đúng một lần, thấy ở {len(with_label)} trang"
    )
    page = with_label[0]
    label = page.find(nd30.NOI_NHAN_LABEL)[0]
    signature = [*van_ban.nguoi_ky.dong, van_ban.nguoi_ky.ho_ten]
    tops = []
    for text in signature:
        found = [p.index for p in main if p.find(text)]
        assert page.index in found, (
            f"{doc.name}: «{text}» của khối chữ ký phải ở cùng trang {page.index} với «Nơi nhận:» "
            f"(khối chữ ký không được tách trang), thấy ở trang {found}"
        )
        after = tops[-1] if tops else label.top - nd30.SIZES["noi_dung"].default
        below = [line.top for line in page.find(text) if line.top > after]
        assert below, f"{doc.name}: dòng «{text}» của khối chữ ký không theo thứ tự {signature}"
        tops.append(min(below))
    assert abs(tops[0] - label.top) <= nd30.SIZES["noi_dung"].default, (
        f"{doc.name}: dòng đầu khối chữ ký ({tops[0]:.1f} pt) phải ngang «Nơi nhận:» ({label.top:.1f} pt)"
    )
    row_top = min(label.top, tops[0])
    text_above = [
        ln
        for ln in page.lines()
        if _margins(doc, page)["top"] - TOLERANCE_PT <= ln.top < row_top - TOLERANCE_PT
    ]
    assert text_above, (
        f"{doc.name}: khối chữ ký và «Nơi nhận:» đứng một mình ở trang {page.index}, "
        "cần ít nhất đoạn cuối của nội dung đi cùng"
    )


def _block_words(page: Page, text: str) -> list[Word]:
    """The words of the first line of ``page`` that holds ``text`` (tones normalised), just those."""
    wanted = _norm_tones(nfc(text)).split()
    for line in page.lines():
        words = [_norm_tones(w.text) for w in line.words]
        for start in range(len(words) - len(wanted) + 1):
            if words[start : start + len(wanted)] == wanted:
                return line.words[start : start + len(wanted)]
    return []


def _centre_mm(words: list[Word]) -> float:
    return (words[0].x0 + words[-1].x1) / 2 / mm_to_pt(1)


def test_letterhead_blocks_sit_where_the_decree_puts_them(doc):
    """Left block (agency, Số) centred at 64.5 mm, right block (Quốc hiệu, Tiêu ngữ) at 145 mm from
    the page's left edge, ±2 mm: the decree's own table and its sample forms, measured."""
    if doc.name == ANNEX_ALONE:
        pytest.skip("phụ lục riêng không có phần đầu")
    from vbhc.writers import layout

    page = doc.pages[0]
    left_want, right_want = nd30.LETTERHEAD_CENTRES_MM
    tolerance = nd30.LETTERHEAD_CENTRE_TOLERANCE_MM
    so_words = _block_words(page, doc.van_ban.so_ky_hieu)
    assert so_words, f"{doc.name}: không thấy «{doc.van_ban.so_ky_hieu}» ở trang 1"
    split = _letterhead_box(page)[0] + mm_to_pt(layout.LETTERHEAD_COLUMNS[0] / nd30.TWIPS_PER_MM)
    left_lines = [
        [w for w in line.words if w.x1 <= split]
        for line in page.lines()
        if line.bottom <= so_words[0].bottom
    ]
    blocks = [(" ".join(w.text for w in words), words, left_want) for words in left_lines if words]
    blocks += [(text, _block_words(page, text), right_want) for text in (nd30.QUOC_HIEU, nd30.TIEU_NGU)]
    for text, words, want in blocks:
        assert words, f"{doc.name}: không thấy «{text}» ở trang 1"
        centre = _centre_mm(words)
        assert abs(centre - want) <= tolerance, (
            f"{doc.name}: tâm của «{text}» cách mép trái trang {centre:.1f} mm, cần {want} ± {tolerance} mm"
        )


def test_do_khan_mark_is_in_a_single_frame_of_its_size(doc):
    """ND30 §3.10: the mark in a single-line rectangle 20×8 (KHẨN), 40×8 (THƯỢNG KHẨN), 30×8 mm (HỎA
    TỐC), under the Số line, not between rules across the column."""
    mark = getattr(doc.van_ban, "do_khan", None)
    if not mark:
        pytest.skip("văn bản không có độ khẩn")
    import pdfplumber

    with pdfplumber.open(str(doc.pdf)) as pdf:
        page = pdf.pages[0]
        red = [ln for ln in (*page.lines, *page.rects) if _is_red(ln.get("stroking_color"))]
    assert red, f"{doc.name}: không thấy khung đỏ quanh «{mark}»"
    x0, x1 = min(ln["x0"] for ln in red), max(ln["x1"] for ln in red)
    top, bottom = min(ln["top"] for ln in red), max(ln["bottom"] for ln in red)
    width, height = (x1 - x0) / mm_to_pt(1), (bottom - top) / mm_to_pt(1)
    want_w, want_h = nd30.DO_KHAN[mark]
    assert abs(width - want_w) <= 1 and abs(height - want_h) <= 1, (
        f"{doc.name}: khung «{mark}» {width:.1f}×{height:.1f} mm, cần {want_w}×{want_h} mm"
    )
    words = _block_words(doc.pages[0], mark)
    assert words and all(x0 <= w.x0 and w.x1 <= x1 and top <= w.top and w.bottom <= bottom for w in words), (
        f"{doc.name}: chữ «{mark}» không nằm trong khung"
    )
    assert abs((x0 + x1) / 2 / mm_to_pt(1) - nd30.LETTERHEAD_CENTRES_MM[0]) <= (
        nd30.LETTERHEAD_CENTRE_TOLERANCE_MM
    ), f"{doc.name}: khung «{mark}» không căn giữa dưới dòng Số"
    so = _block_words(doc.pages[0], doc.van_ban.so_ky_hieu.split()[0])
    assert so and so[0].bottom < top, f"{doc.name}: khung «{mark}» phải ở dưới dòng «Số:»"


def _is_red(color: object) -> bool:
    return isinstance(color, tuple | list) and len(color) == 3 and color[0] > 0.8 and max(color[1:]) < 0.2


#: Lines of one paragraph are this close (pt, top to top); paragraphs are 6 pt further apart.
_SAME_PARAGRAPH_PT = nd30.SIZES["noi_dung"].default * 1.15 + 3


def test_only_the_last_paragraph_goes_over_with_the_signature(doc):
    """When the signature block starts a new page, what went over with it is the last paragraph (and
    the heading that opens it) and nothing more: the page before is filled (no blank fifth of page 1
    under a kept Điều)."""
    main = _main_pages(doc)
    page = next(p for p in main if p.find(nd30.NOI_NHAN_LABEL))
    if page is main[0]:
        return
    before = main[main.index(page) - 1]
    margins = _margins(doc, page)
    label = page.find(nd30.NOI_NHAN_LABEL)[0]
    body = [ln for ln in page.lines() if margins["top"] - TOLERANCE_PT <= ln.top < label.top - TOLERANCE_PT]
    start = label.top
    above = list(reversed(body))
    for n, line in enumerate(above):  # up through the last paragraph, line by line
        if start - line.top > _SAME_PARAGRAPH_PT and start != label.top:
            # the one-line heading that opens it (bold «Điều 3.», «2. Tổ chức thực hiện») goes too
            single = n + 1 == len(above) or line.top - above[n + 1].top > _SAME_PARAGRAPH_PT
            if single and "Bold" in line.words[0].font:
                start = line.top
            break
        start = line.top
    name = page.find(doc.van_ban.nguoi_ky.ho_ten)[-1]
    needed = name.bottom - start
    numbers = {id(w) for w in page_number_words(before, margins["top"])}
    lowest = max(w.bottom for w in before.words if id(w) not in numbers)
    gap = before.height - margins["bottom"] - lowest
    # what the words show misses the spacing above the paragraph and half a line of ascent and descent
    assert gap < needed + nd30.PARAGRAPH_SPACING_MIN_PT + nd30.SIZES["noi_dung"].default / 2, (
        f"{doc.name}: trang {before.index} để trống {gap / mm_to_pt(1):.0f} mm ở cuối, trong khi đoạn cuối "
        f"và khối chữ ký chỉ cần {needed / mm_to_pt(1):.0f} mm: chỉ đoạn cuối được đi cùng chữ ký"
    )


_IGNORED = re.compile(r"\s")
_BREAKS = re.compile(r"(?<=[-/–])")


def test_all_vietnamese_text_is_extractable(doc):
    pdf_text = nfc("".join(page.text for page in doc.pages))
    assert "\ufffd" not in pdf_text and "(cid:" not in pdf_text, f"{doc.name}: PDF có ký tự không đọc được"
    paragraphs = docx_paragraph_texts(doc.docx)
    assert paragraphs, f"{doc.name}: DOCX không có chữ"
    pdf_chars = Counter(_IGNORED.sub("", pdf_text))
    docx_chars = Counter(_IGNORED.sub("", "".join(paragraphs)))
    missing = {c: n - pdf_chars[c] for c, n in docx_chars.items() if pdf_chars[c] < n}
    assert not missing, f"{doc.name}: PDF thiếu ký tự so với DOCX: " + ", ".join(
        f"«{c}» U+{ord(c):04X} ({unicodedata.name(c, '?')}) ×{n}" for c, n in missing.items()
    )
    # Each word must be whole in one PDF word: a line may break after «-» or «/», never inside a word
    # (a word cut in two means a missing glyph or a column too narrow for it).
    words = "\n".join(w.text for page in doc.pages for w in page.words)
    needed = Counter(piece for p in paragraphs for w in p.split() for piece in _BREAKS.split(w) if piece)
    broken = {piece: n for piece, n in needed.items() if words.count(piece) < n}
    assert not broken, (
        f"{doc.name}: các chữ sau bị mất hoặc bị ngắt giữa chữ trong PDF (chữ: số lần trong DOCX): {broken}"
    )


def test_fonts_are_times_or_a_metric_twin(doc):
    used = fonts(doc.pages)
    foreign = {n: where for n, where in used.items() if not n.replace(" ", "").startswith(ALLOWED_FONTS)}
    assert not foreign, f"{doc.name}: PDF dùng phông không phải Times New Roman/Liberation Serif: {foreign}"


def test_an_annex_alone_is_landscape_numbered_from_one_inside_the_margins(rendered):
    doc = rendered[ANNEX_ALONE]
    heading = doc.van_ban.tieu_de_phu_luc(1)
    assert len(doc.pages) >= 2, "the 30-row annex should run over two pages"
    assert all(page.landscape for page in doc.pages)
    first = [ln for ln in doc.pages[0].lines() if ln.top >= _margins(doc, doc.pages[0])["top"] - TOLERANCE_PT]
    assert first[0].text == heading, f"dòng đầu của phụ lục riêng phải là «{heading}», thấy «{first[0].text}»"
    assert not any(nd30.QUOC_HIEU in ln.text for page in doc.pages for ln in page.lines())
    _assert_numbering(doc, doc.pages, heading)
    test_text_stays_inside_the_margins(doc)
    test_fonts_are_times_or_a_metric_twin(doc)


# --- big annex tables -----------------------------------------------------------------------------

BIG_ROWS = 2000


@pytest.mark.slow
def test_a_2000_row_annex_converts_with_the_header_row_on_every_page(tmp_path):
    """The renderer splits long tables so LibreOffice stays linear; the reader must not notice:
    the header row repeats on every annex page and no row is lost (read with pypdfium2: fast)."""
    require_soffice()
    import pypdfium2

    from vbhc.model import Bang, NhiemVu, NhomNhiemVu, PhuLuc
    from vbhc.writers.docx import render
    from vbhc.writers.pdf import to_pdf

    base = _made_here()["made:cong_van"]
    tasks = [
        NhiemVu(
            stt=str(i),
            noi_dung=f"Nhiệm vụ số {i}: rà soát hồ sơ thủ tục hành chính",
            chu_tri="Văn phòng HĐND và UBND",
            phoi_hop="Các cơ quan, đơn vị",
            thoi_gian="Quý III",
            san_pham="Báo cáo",
        )
        for i in range(1, BIG_ROWS + 1)
    ]
    annex = PhuLuc(tieu_de="Danh mục nhiệm vụ", bang=Bang(nhom=[NhomNhiemVu(nhiem_vu=tasks)]))
    van_ban = base.model_copy(update={"phu_luc": [annex]})
    (pdf,) = to_pdf([render(van_ban, tmp_path / "phu_luc_lon.docx")], tmp_path)

    header = next(c.tieu_de for c in annex.bang.cot if c.khoa == "noi_dung")
    document = pypdfium2.PdfDocument(str(pdf))
    seen: list[int] = []
    annex_page = 0
    for index in range(len(document)):
        page = document[index]
        width, height = page.get_size()
        text = nfc(page.get_textpage().get_text_range())
        if width <= height:
            continue
        annex_page += 1
        rows = [int(n) for n in re.findall(r"Nhiệm vụ số (\d+):", text)]
        if rows:
            assert header in text and text.index(header) < text.index(f"Nhiệm vụ số {rows[0]}:"), (
                f"trang {annex_page} của phụ lục (trang {index + 1} của PDF) thiếu dòng tiêu đề bảng"
            )
        if annex_page > 1:
            assert text.split()[0] == str(annex_page), f"trang {annex_page} của phụ lục đánh số sai"
        seen.extend(rows)
    assert annex_page > 20
    assert seen == list(range(1, BIG_ROWS + 1)), "các dòng của bảng phải đủ và đúng thứ tự"
