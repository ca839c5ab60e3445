"""The báo cáo tình hình giải quyết văn bản đến: its figures on generated registers, its DOCX (read
with python-docx) and its XLSX summary (openpyxl)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from vbhc.errors import InputError
from vbhc.register import Register, VanBanDenMoi
from vbhc.report.den import CHUA_GIAO, TINH_TRANG_DEN, figures_den
from vbhc.workflows.bao_cao_den import lap_bao_cao_den

START = date(2026, 1, 1)
UNITS = ["Văn phòng", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội", ""]

_DOC = st.tuples(
    st.integers(0, 60),  # ngày đến, days after START
    st.none() | st.integers(0, 30),  # hạn, days after ngày đến
    st.none() | st.integers(0, 60),  # giải quyết, days after ngày đến
    st.sampled_from(UNITS),
)


def _fill(reg: Register, docs) -> None:
    for index, (arrive, han, _done, unit) in enumerate(docs, start=1):
        day = START + timedelta(days=arrive)
        reg.receive(VanBanDenMoi(
            ngay_den=day, tac_gia="Sở Nội vụ", so_ky_hieu=f"{index}/SNV", ngay_van_ban=day,
            ten_loai="Công văn", trich_yeu=f"Việc {index}", don_vi_nhan=unit,
            han_giai_quyet=None if han is None else day + timedelta(days=han),
        ))
    for entry in reg.list_den():
        arrive, han, done, unit = docs[int(entry.so_ky_hieu.split("/")[0]) - 1]
        if done is not None:
            reg.giai_quyet(entry.nam, entry.so_den, ngay=entry.ngay_den + timedelta(days=done))


def _expected(docs, as_of: date) -> Counter:
    """Each document's state on ``as_of``, worked out from the generated days alone."""
    counts: Counter = Counter()
    for arrive, han, done, unit in docs:
        if arrive > (as_of - START).days:
            continue
        if done is not None and arrive + done <= (as_of - START).days:
            state = "dung_han" if han is None or done <= han else "tre_han"
        elif han is not None and arrive + han < (as_of - START).days:
            state = "qua_han"
        else:
            state = "dang_giai_quyet"
        counts[(unit or CHUA_GIAO, state)] += 1
    return counts


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=st.lists(_DOC, min_size=0, max_size=12), as_of_day=st.integers(0, 90))
def test_figures_on_generated_registers(tmp_path_factory, docs, as_of_day) -> None:
    as_of = START + timedelta(days=as_of_day)
    with Register(tmp_path_factory.mktemp("bc") / "so.db") as reg:
        _fill(reg, docs)
        figures = figures_den(reg.list_den(), as_of)
        late = reg.qua_han(as_of)
    expected = _expected(docs, as_of)
    got = Counter({(unit, state): n for unit, stats in figures.theo_don_vi.items()
                   for state, n in stats.so_luong.items() if n})
    assert got == expected
    assert figures.tong.tong_so == sum(expected.values())
    assert {state: figures.tong.so_luong[state] for state in TINH_TRANG_DEN} == {
        state: sum(n for (_, s), n in expected.items() if s == state) for state in TINH_TRANG_DEN
    }
    assert [e.id for e in figures.qua_han] == [e.id for e in late]


@pytest.fixture
def register(tmp_path: Path):
    docs = [(14, 10, 5, "Văn phòng"), (15, 10, 12, "Văn phòng"), (16, 3, None, "Phòng Kinh tế"),
            (20, 30, None, "Phòng Kinh tế"), (21, None, None, "")]
    with Register(tmp_path / "so.db") as reg:
        _fill(reg, docs)
        yield reg


def test_the_docx_has_the_figures_and_tables(register, tmp_path: Path) -> None:
    result = lap_bao_cao_den(register, date(2026, 1, 31), output=tmp_path / "bc.docx",
                             xlsx_out=tmp_path / "bc.xlsx")
    document = Document(result.written[0])
    text = " ".join(p.text for p in document.paragraphs)
    assert "trong thời gian đến ngày 31/01/2026" in text
    assert "đã tiếp nhận, đăng ký 5 văn bản đến, chuyển cho 2 đơn vị" in text
    assert "Đã giải quyết 2 văn bản, trong đó 1 văn bản đúng hạn (50%) và 1 văn bản trễ hạn" in text
    assert "2 văn bản đang giải quyết trong hạn; 1 văn bản quá hạn chưa giải quyết" in text
    summary, late = (next(t for t in document.tables if t.rows[0].cells[0].text == first)
                     for first in ("TT", "Số đến"))
    rows = [[cell.text for cell in row.cells] for row in summary.rows]
    assert rows[0][:3] == ["TT", "Đơn vị", "Tổng số văn bản đến"]
    assert rows[0][3:7] == list(TINH_TRANG_DEN.values())
    assert rows[1][1:7] == ["Văn phòng", "2", "1", "1", "0", "0"]
    assert rows[2][1:7] == ["Phòng Kinh tế", "2", "0", "0", "1", "1"]
    assert rows[3][1:3] == [CHUA_GIAO, "1"]
    assert rows[-1][1:7] == ["Tổng cộng", "5", "1", "1", "2", "1"]
    total, first = (summary.rows[i].cells[1].paragraphs[0].style for i in (-1, 1))
    assert total.font.bold and not first.font.bold
    late_rows = [[cell.text for cell in row.cells] for row in late.rows]
    assert late_rows[1][0] == "2026/03" and late_rows[1][3] == "20/01/2026" and late_rows[1][4] == "11"
    sheets = load_workbook(result.written[1])
    cells = [[c.value for c in row] for row in sheets["Tổng hợp"].iter_rows()]
    assert ["", "Tổng cộng", 5, 1, 1, 2, 1, 0.5] in [[v if v is not None else "" for v in r] for r in cells]
    assert sheets["Quá hạn"]["A5"].value == "2026/03"


def test_nothing_overdue_is_one_sentence_and_bad_options_are_refused(register, tmp_path: Path) -> None:
    result = lap_bao_cao_den(register, date(2026, 1, 16), output=tmp_path / "bc.docx")
    text = " ".join(p.text for p in Document(result.written[0]).paragraphs)
    assert "Đến ngày 16/01/2026, không có văn bản đến quá hạn giải quyết." in text
    with pytest.raises(InputError, match=r"đuôi \.docx"):
        lap_bao_cao_den(register, date(2026, 1, 16), output=tmp_path / "bc.pdf")
    with pytest.raises(InputError, match="--pdf"):
        lap_bao_cao_den(register, date(2026, 1, 16), pdf=True)
    with pytest.raises(InputError, match="sau --den-ngay"):
        lap_bao_cao_den(register, date(2026, 1, 16), tu_ngay=date(2026, 1, 10), den_ngay=date(2026, 1, 2))
