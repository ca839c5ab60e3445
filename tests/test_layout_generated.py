"""Rendered pages of generated documents: trích yếu of many lengths, tables with generated headers
and cells, an annex with the standard columns. All are converted in one LibreOffice run; then the
PDF's words are read as a reader sees them: no word is cut across two lines, a wrapped trích yếu
has even lines (no short word group alone on the last one), an annex header takes at most two lines.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

try:
    from tests.pdf_pages import Line, Page, read_pdf, require_soffice
except ImportError:  # tests/ is not a package: pytest put it on sys.path
    from pdf_pages import Line, Page, read_pdf, require_soffice

from vbhc import nd30
from vbhc.model import Bang, BangDon, CoQuan, Doan, NguoiKy, NhiemVu, NhomNhiemVu, PhuLuc, Run, VanBan
from vbhc.text import vi
from vbhc.writers import layout

pytestmark = pytest.mark.pdf

#: Syllables of administrative Vietnamese, the long ones included (they are the ones that break).
WORDS = (
    "Thường xuyên nghiệp chuyển hướng trường thành hoàn quyết định nhiệm thực hiện khuyến chính công "
    "dịch vụ xã huyện tỉnh kế hoạch báo cáo đến hạn chưa quá tỷ lệ số tổng năm 2026 Ủy ban nhân dân "
    "phường điện tử hành cải cách trực tuyến Trong đó chậm Phòng Kinh tế Văn hóa thống kê hướng dẫn"
).split()
DOCUMENTS = 8
SEED = 20260114


def _phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _table(rng: random.Random) -> BangDon:
    columns = rng.randint(3, 7)  # 7 columns of the widest syllable fit a portrait page
    headers = [_phrase(rng, 1, 4).capitalize() for _ in range(columns)]
    rows = [[_phrase(rng, 1, 10) for _ in range(columns)] for _ in range(3)]
    return BangDon(tieu_de=headers, dong=rows)


def _annex(rng: random.Random) -> PhuLuc:
    """An annex with the standard columns and cells as long as the flagship plan's."""
    tasks = [
        NhiemVu(
            stt=str(i),
            noi_dung=f"Rà soát, đơn giản hóa thủ tục hành chính {_phrase(rng, 12, 30)}",
            chu_tri="Trung tâm Phục vụ hành chính công",
            phoi_hop="Các cơ quan, đơn vị liên quan",
            thoi_gian=("Quý I/2026", "Thường xuyên", "Trước ngày 15/01/2026")[i % 3],
            san_pham=f"Báo cáo kết quả {_phrase(rng, 10, 25)}",
        )
        for i in range(1, 6)
    ]
    return PhuLuc(tieu_de="Danh mục nhiệm vụ", bang=Bang(nhom=[NhomNhiemVu(nhiem_vu=tasks)]))


def _report_tables(rng: random.Random) -> list[Doan]:
    """The báo cáo's summary and overdue tables (vbhc.writers.bao_cao) over generated lead bodies,
    tasks and notes."""
    from types import SimpleNamespace

    from vbhc.report import TRANG_THAI, ThongKe
    from vbhc.writers.bao_cao import bang_tong_hop, nhiem_vu_qua_han

    def stats() -> ThongKe:
        return ThongKe({status: rng.randint(0, 12) for status in TRANG_THAI})

    overdue = [
        SimpleNamespace(
            ma=f"{vi.roman(i)}.{i}",
            nhiem_vu=SimpleNamespace(
                noi_dung=_phrase(rng, 6, 16), tien_do="Đang thực hiện", ket_qua=_phrase(rng, 6, 14)
            ),
            chu_tri=_phrase(rng, 2, 6),
            thoi_han=SimpleNamespace(text="Quý I/2026"),
        )
        for i in range(1, 4)
    ]
    figures = SimpleNamespace(
        theo_chu_tri={_phrase(rng, 2, 7): stats() for _ in range(3)},
        tong=stats(),
        qua_han=overdue,
        as_of=date(2026, 6, 30),
    )
    return [bang_tong_hop(figures), *nhiem_vu_qua_han(figures)]


def _documents() -> list[VanBan]:
    rng = random.Random(SEED)
    out = []
    for index in range(DOCUMENTS):
        length = 6 + index * 40 // (DOCUMENTS - 1)  # 6 … 46 words: one to four lines
        out.append(
            VanBan(
                loai="thong_bao",
                co_quan=CoQuan(ten="ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat="UBND"),
                dia_danh="Hùng Thắng",
                so=index + 1,
                ngay=date(2026, 3, 2),
                trich_yeu=_phrase(rng, length, length).capitalize(),
                noi_dung=[
                    Doan(runs=[Run(text="Ủy ban nhân dân xã thông báo kết quả như sau:")]),
                    Doan(kieu="bang", bang=_table(rng)),
                    Doan(kieu="bang", bang=_table(rng)),
                    *_report_tables(rng),
                    Doan(runs=[Run(text="Đề nghị các cơ quan, đơn vị thực hiện.")]),
                ],
                nguoi_ky=NguoiKy(tham_quyen=["TM. ỦY BAN NHÂN DÂN"], chuc_vu="CHỦ TỊCH", ho_ten="Lê Văn Nam"),
                phu_luc=[_annex(rng)] if index == 0 else [],
            )
        )
    return out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[VanBan, list[Page], Path]]:
    require_soffice()
    from vbhc.writers.docx import render
    from vbhc.writers.pdf import to_pdf

    folder = tmp_path_factory.mktemp("generated")
    documents = _documents()
    files = [render(vb, folder / f"{i:02d}.docx") for i, vb in enumerate(documents)]
    pdfs = to_pdf(files, folder / "pdf")
    return [(vb, read_pdf(pdf), pdf) for vb, pdf in zip(documents, pdfs, strict=True)]


def _texts(van_ban: VanBan) -> list[str]:
    """What the generated parts print: the trích yếu, the headers and cells of the tables."""
    texts = [van_ban.trich_yeu or ""]
    for doan in van_ban.noi_dung:
        if doan.bang is not None:
            texts += [*doan.bang.tieu_de, *(cell for row in doan.bang.dong for cell in row)]
    for phu_luc in van_ban.phu_luc:
        texts += [c.tieu_de for c in phu_luc.bang.cot]
    return texts


def test_no_word_is_cut_across_two_lines(rendered):
    for van_ban, pages, _ in rendered:
        words = "\n".join(w.text for page in pages for w in page.words)
        needed = Counter(w for text in _texts(van_ban) for w in text.split())
        broken = {w: n for w, n in needed.items() if words.count(w) < n}
        assert not broken, f"«{van_ban.trich_yeu}»: chữ bị ngắt giữa chữ trong PDF (chữ: số lần): {broken}"


def _summary_lines(van_ban: VanBan, page: Page) -> list[Line]:
    """The lines of the trích yếu on page 1: those after the tên loại that hold its words."""
    wanted = (van_ban.trich_yeu or "").split()
    lines = page.lines()
    start = next(i for i, ln in enumerate(lines) if ln.text == vi.upper(van_ban.loai_van_ban.ten)) + 1
    out, seen = [], 0
    for line in lines[start:]:
        if seen >= len(wanted):
            break
        out.append(line)
        seen += len(line.words)
    assert " ".join(ln.text for ln in out).split() == wanted, "không đọc được trích yếu ở trang 1"
    return out


def test_a_wrapped_trich_yeu_has_even_lines(rendered):
    size = nd30.SIZES["trich_yeu"].default
    widest = max(layout.text_width_twips(w, size, bold=True) for w in WORDS) / nd30.TWIPS_PER_MM
    space = layout.text_width_twips(" ", size, bold=True) / nd30.TWIPS_PER_MM
    wrapped = 0
    for van_ban, pages, _ in rendered:
        lines = _summary_lines(van_ban, pages[0])
        if len(lines) < 2:
            continue
        wrapped += 1
        widths = [(ln.x1 - ln.x0) * 25.4 / 72 for ln in lines]
        # even lines differ by less than two words; a lone «năm 2026» leaves a gap of most of a line
        assert max(widths) - min(widths) <= 2 * (widest + space), (
            f"«{van_ban.trich_yeu}»: các dòng trích yếu dài {[round(w) for w in widths]} mm, không cân"
        )
    assert wrapped >= DOCUMENTS // 2, "the generator should make trích yếu of several lines"


def test_an_annex_header_takes_at_most_two_lines(rendered):
    van_ban, pages, _ = rendered[0]
    page = next(p for p in pages if p.landscape)
    lines = page.lines()
    kem_theo = next(ln for ln in lines if ln.text.startswith("(Kèm theo"))
    first_row = next(ln.top for ln in lines if ln.top > kem_theo.bottom and ln.words[0].text == "1")
    words = [w for ln in lines if kem_theo.bottom < ln.top < first_row - 1 for w in ln.words]
    titles = " ".join(c.tieu_de for c in van_ban.phu_luc[0].bang.cot).split()
    assert sorted(w.text for w in words) == sorted(titles), "không đọc được hàng tiêu đề của phụ lục"
    # header cells are centred vertically: the row is as tall as its tallest header
    size = nd30.SIZES["bang"].default
    span = max(w.bottom for w in words) - min(w.top for w in words)
    count = 1 + round((span - size) / (size * 1.15))
    assert count <= layout.HEADER_LINES, f"hàng tiêu đề của phụ lục chiếm {count} dòng"


def _rules(pdf: Path, page_index: int) -> list[tuple[float, float, float, float]]:
    """The drawn rules of a page (x0, x1, top, bottom in pt): the borders of its tables."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as document:
        page = document.pages[page_index]
        return [(e["x0"], e["x1"], e["top"], e["bottom"]) for e in (*page.lines, *page.rects)]


def _column_edges(rules: list[tuple[float, float, float, float]], y: float) -> list[float]:
    """x of the vertical rules crossing height ``y``: the column edges of a table row."""
    return sorted({round(x0, 1) for x0, x1, top, bottom in rules if abs(x1 - x0) < 1 and top <= y <= bottom})


def _row_bottom(rules: list[tuple[float, float, float, float]], y: float) -> float:
    """The first horizontal rule under height ``y``: the bottom of the row."""
    return min(top for x0, x1, top, bottom in rules if abs(bottom - top) < 1 and x1 - x0 > 20 and top > y)


def _cell_lines(page: Page, left: float, right: float, top: float, bottom: float) -> int:
    """How many lines of text a cell holds (distinct word tops inside its box)."""
    return len({round(w.top) for w in page.words if left < w.x0 < right and top - 1 <= w.top < bottom - 1})


def test_the_overdue_table_notes_are_no_taller_than_its_tasks(rendered):
    """The columns share the width by measurement: the tallest Ghi chú cell is not a narrow stack
    beside the task column (it ran to 5 lines beside 2-line tasks)."""
    for van_ban, pages, pdf in rendered:
        table = next(
            d.bang for d in van_ban.noi_dung if d.bang is not None and d.bang.tieu_de[-1] == "Ghi chú"
        )
        marks = [row[0] for row in table.dong]
        notes, tasks = [], []
        for page in pages:
            rules = _rules(pdf, page.index - 1)
            for start in (w for w in page.words if w.text in marks):
                edges = _column_edges(rules, start.bottom)
                assert len(edges) == len(table.tieu_de) + 1, f"không đọc được các cột của bảng: {edges}"
                bottom = _row_bottom(rules, start.bottom)
                notes.append(_cell_lines(page, edges[-2], edges[-1], start.top, bottom))
                tasks.append(_cell_lines(page, edges[1], edges[2], start.top, bottom))
        assert len(notes) == len(marks), "every row of the overdue table should have been read"
        assert max(notes) <= max(tasks) + 1, (
            f"«{van_ban.trich_yeu}»: ô Ghi chú cao nhất {max(notes)} dòng, "
            f"ô Nhiệm vụ cao nhất {max(tasks)} dòng"
        )


def test_the_generator_covers_short_and_long_headers():
    lengths = [len(h.split()) for vb in _documents() for d in vb.noi_dung if d.bang for h in d.bang.tieu_de]
    assert min(lengths) == 1 and max(lengths) == 4
