"""Deadlines written in Vietnamese become due dates or recurrences; unknown text is never guessed."""

from datetime import date, datetime

import pytest

from vbhc.report.deadlines import fold, parse


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Trước ngày 15/01/2026", date(2026, 1, 15)),
        ("15/01/2026", date(2026, 1, 15)),
        ("15-1-2026", date(2026, 1, 15)),
        ("15.01.2026", date(2026, 1, 15)),
        ("ngày 5 tháng 3 năm 2026", date(2026, 3, 5)),
        ("Chậm nhất ngày 30/6/2026", date(2026, 6, 30)),
        ("Tháng 02/2026", date(2026, 2, 28)),
        ("Tháng 2 năm 2028", date(2028, 2, 29)),
        ("Trong tháng 12/2026", date(2026, 12, 31)),
        ("02/2026", date(2026, 2, 28)),
        ("Quý I/2026", date(2026, 3, 31)),
        ("Quý II/2026", date(2026, 6, 30)),
        ("Quý III năm 2026", date(2026, 9, 30)),
        ("Quý IV/2026", date(2026, 12, 31)),
        ("Quý 2 năm 2026", date(2026, 6, 30)),
        ("6 tháng đầu năm 2026", date(2026, 6, 30)),
        ("6 tháng cuối năm 2026", date(2026, 12, 31)),
        ("9 tháng đầu năm 2026", date(2026, 9, 30)),
        ("Năm 2026", date(2026, 12, 31)),
        ("Trong năm 2026", date(2026, 12, 31)),
        ("Từ tháng 3 đến tháng 6/2026", date(2026, 6, 30)),
        ("Trước tháng 3/2026", date(2026, 2, 28)),
    ],
)
def test_due_date_forms(text: str, due: date) -> None:
    result = parse(text)
    assert result.kind == "ngay"
    assert result.han == due
    assert result.text == text


@pytest.mark.parametrize(
    "text",
    [
        "TRƯỚC NGÀY 15/01/2026",
        "truoc ngay 15/01/2026",
        "  Trước   ngày  15 / 01 / 2026 ",
        "trước ngày 15/01/2026.",
    ],
)
def test_tolerant_of_case_diacritics_spacing(text: str) -> None:
    assert parse(text).han == date(2026, 1, 15)


def test_quarter_and_month_tolerant() -> None:
    assert parse("QUÝ i/2026").han == date(2026, 3, 31)
    assert parse("quy 4 nam 2026").han == date(2026, 12, 31)
    assert parse("thang   02 / 2026").han == date(2026, 2, 28)
    assert parse("6 THÁNG CUỐI NĂM 2026").han == date(2026, 12, 31)


def test_excel_dates() -> None:
    assert parse(date(2026, 3, 2)).han == date(2026, 3, 2)
    result = parse(datetime(2026, 3, 2, 0, 0))
    assert result.kind == "ngay" and result.han == date(2026, 3, 2)
    assert result.text == "02/03/2026"


@pytest.mark.parametrize(
    ("text", "chu_ky"),
    [
        ("Hằng tháng", "thang"),
        ("Hàng tháng", "thang"),
        ("hang thang", "thang"),
        ("Định kỳ hằng tháng", "thang"),
        ("Hàng quý", "quy"),
        ("Hằng quý", "quy"),
        ("Hằng năm", "nam"),
        ("Hàng năm", "nam"),
        ("Thường xuyên", "thuong_xuyen"),
        ("THƯỜNG XUYÊN", "thuong_xuyen"),
        ("Liên tục", "thuong_xuyen"),
    ],
)
def test_recurrences(text: str, chu_ky: str) -> None:
    result = parse(text)
    assert result.kind == "lap_lai"
    assert result.lap_lai and not result.co_han
    assert result.han is None
    assert result.chu_ky == chu_ky


def test_plan_year_completes_forms_without_year() -> None:
    assert parse("Trước ngày 10/12", nam=2026).han == date(2026, 12, 10)
    assert parse("Quý III", nam=2026).han == date(2026, 9, 30)
    assert parse("Tháng 5", nam=2027).han == date(2027, 5, 31)
    # without a plan year nothing is guessed
    assert parse("Trước ngày 10/12").kind == "khong_co"
    assert parse("Quý III").kind == "khong_co"


@pytest.mark.parametrize(
    "text",
    [
        "Đường link, hình ảnh công khai",
        "Sau khi có hướng dẫn",
        "31/02/2026",
        "Tháng 13/2026",
        "Quý V/2026",
        "Sớm",
        "2026",
    ],
)
def test_unparseable_is_kept_as_no_deadline(text: str) -> None:
    result = parse(text, nam=2026)
    assert result.kind == "khong_co" and not result.ro
    assert result.han is None and result.chu_ky is None
    assert result.text == text


@pytest.mark.parametrize(
    "text", ["Theo quy định", "theo kế hoạch của UBND thành phố", "Khi có yêu cầu", "Đột xuất"]
)
def test_phrases_meaning_no_fixed_deadline_are_understood(text: str) -> None:
    result = parse(text, nam=2026)
    assert result.kind == "khong_co" and result.ro and result.han is None


def test_empty_cell_is_no_deadline() -> None:
    for value in ("", None, "   "):
        result = parse(value)
        assert result.kind == "khong_co" and result.text == "" and result.ro


def test_fold() -> None:
    assert fold("  Đang   THỰC HIỆN ") == "dang thuc hien"
    assert fold("Quý I") == "quy i"
