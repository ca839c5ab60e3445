"""The decree's own Word file, checked as a văn bản hành chính.

Nghị định 30/2020/NĐ-CP is a văn bản quy phạm pháp luật, not a văn bản hành chính: its layout follows
the same page rules, but its number carries the year and its tên loại is not one of the 29 types of
Điều 7. The checker must read it without crashing and say exactly that.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vbhc.checker import MucDo, check

DECREE = Path(__file__).parent / "corpus" / "nd30" / "30_2020_ND_CP.docx"




@pytest.fixture(scope="module")
def report():
    return check(DECREE)


def test_page_setup_and_letterhead_of_the_government_pass(report) -> None:
    # A4, margins 25/20/35/20 mm, page number in the header but not on page 1, Quốc hiệu and
    # Tiêu ngữ with the rule drawn as a run of underscores: all as ND30 says.
    wanted = {"P1", "P3", "P6", "P7", "H2", "H3", "H4", "H5", "H7", "H12", "H17", "H18", "H19"}
    assert wanted <= set(report.dat)


def test_number_with_year_is_the_vbqppl_style(report) -> None:
    (h16,) = [f for f in report.findings if f.rule == "H16"]
    assert h16.muc_do is MucDo.CANH_BAO
    assert h16.trich_dan == "Số: 30/2020/NĐ-CP"


def test_nghi_dinh_is_not_an_administrative_type(report) -> None:
    assert report.loai == "NGHỊ ĐỊNH"
    (t1,) = [f for f in report.findings if f.rule == "T1"]
    assert "Điều 7" in t1.thay
    # with an unknown type the symbol cannot be matched against Phụ lục III: said so, not passed
    assert "H15" in {item.rule for item in report.khong_danh_gia}
    assert "H15" not in report.dat


def test_errors_are_the_vbqppl_differences_only(report) -> None:
    # T1: NGHỊ ĐỊNH is not among the 29 types; B5: a VBQPPL ends its căn cứ with «;» and follows
    # them with the italic enacting sentence «Chính phủ ban hành Nghị định …», which B1 reads as an
    # italic body paragraph. Nothing else in the 300-paragraph decree is an error.
    assert report.rule_ids(MucDo.LOI) == {"T1", "B1", "B5"}
    (b5,) = [f for f in report.findings if f.rule == "B5"]
    assert b5.trich_dan.startswith("Theo đề nghị")
    (b1,) = [f for f in report.findings if f.rule == "B1"]
    assert b1.trich_dan.startswith("Chính phủ ban hành Nghị định")


def test_recipients_with_wrapped_items_and_copies_pass(report) -> None:
    # «- Các bộ, cơ quan ngang bộ,» continues on the next line; the last line is «- Lưu: VT, HC (2).»
    assert {"R1", "R2", "R3", "S2", "S3", "S4"} <= set(report.dat)
