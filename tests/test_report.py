"""Progress figures: statuses at boundary dates, counts per lead body, indicators, warnings."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from vbhc.errors import InputError, Warnings
from vbhc.model import Bang, NhiemVu, NhomNhiemVu
from vbhc.report import ChiTieu, chuan_tien_do, danh_gia_chi_tieu, figures, trang_thai
from vbhc.report.deadlines import parse
from vbhc.sources import chi_tieu as chi_tieu_source

AS_OF = date(2026, 6, 30)


def task(
    noi_dung: str = "Nhiệm vụ",
    *,
    thoi_gian: str = "",
    tien_do: str = "",
    xong: date | None = None,
    chu_tri: str = "Phòng Văn hóa - Xã hội",
    stt: str = "",
    row: int = 5,
) -> NhiemVu:
    return NhiemVu(
        stt=stt,
        noi_dung=noi_dung,
        chu_tri=chu_tri,
        thoi_gian=thoi_gian,
        tien_do=tien_do,
        ngay_hoan_thanh=xong,
        vitri=f"nhiem_vu.xlsx, trang tính «Nhiệm vụ», dòng {row}",
    )


def status(t: NhiemVu, as_of: date = AS_OF, warnings: Warnings | None = None) -> str:
    return trang_thai(t, parse(t.thoi_gian, nam=2026), as_of, nam=2026, warnings=warnings)


# --- statuses at the boundaries ----------------------------------------------------------------


def test_due_today_not_done_is_not_overdue() -> None:
    assert status(task(thoi_gian="30/06/2026", tien_do="Đang thực hiện")) == "dang_thuc_hien"
    assert status(task(thoi_gian="30/06/2026", tien_do="Chưa thực hiện")) == "chua_thuc_hien"
    assert status(task(thoi_gian="6 tháng đầu năm 2026")) == "chua_thuc_hien"


def test_due_yesterday_not_done_is_overdue() -> None:
    assert status(task(thoi_gian="29/06/2026", tien_do="Đang thực hiện")) == "qua_han"
    assert status(task(thoi_gian="Tháng 5/2026", tien_do="Chưa thực hiện")) == "qua_han"
    assert status(task(thoi_gian="Quý I/2026", tien_do="Không thực hiện")) == "qua_han"


def test_done_on_the_due_date_is_on_time() -> None:
    t = task(thoi_gian="Trước ngày 15/01/2026", tien_do="Hoàn thành", xong=date(2026, 1, 15))
    assert status(t) == "hoan_thanh_dung_han"


def test_done_the_day_after_is_late() -> None:
    t = task(thoi_gian="Trước ngày 15/01/2026", tien_do="Đã hoàn thành", xong=date(2026, 1, 16))
    assert status(t) == "hoan_thanh_tre_han"


def test_done_after_the_report_date_counts_as_not_done() -> None:
    warnings = Warnings()
    t = task(thoi_gian="Quý III/2026", tien_do="Hoàn thành", xong=date(2026, 7, 2))
    assert status(t, warnings=warnings) == "dang_thuc_hien"
    t2 = task(thoi_gian="Quý I/2026", tien_do="Hoàn thành", xong=date(2026, 7, 2))
    assert status(t2, warnings=warnings) == "qua_han"
    assert len(warnings) == 2
    assert "sau ngày báo cáo 30/06/2026" in str(warnings.items[0])
    # the same task reported a week later is done, and late against Quý I
    assert status(t2, as_of=date(2026, 7, 7)) == "hoan_thanh_tre_han"


def test_done_without_date_is_on_time() -> None:
    assert status(task(thoi_gian="Quý I/2026", tien_do="Hoàn thành")) == "hoan_thanh_dung_han"


def test_completion_date_alone_means_done() -> None:
    t = task(thoi_gian="Quý I/2026", xong=date(2026, 3, 1))
    assert status(t) == "hoan_thanh_dung_han"


def test_recurring_tasks() -> None:
    for text in ("Hằng tháng", "Hàng quý", "Thường xuyên"):
        assert status(task(thoi_gian=text, tien_do="Đang thực hiện")) == "thuong_xuyen"
        assert status(task(thoi_gian=text, tien_do="Hoàn thành")) == "thuong_xuyen"


def test_no_deadline_is_never_overdue() -> None:
    assert status(task(thoi_gian="", tien_do="Đang thực hiện")) == "dang_thuc_hien"
    assert status(task(thoi_gian="Theo quy định", tien_do="Hoàn thành")) == "hoan_thanh_dung_han"
    assert status(task(thoi_gian="Sau khi có hướng dẫn", tien_do="Đang thực hiện")) == "dang_thuc_hien"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hoàn thành", "hoan_thanh"),
        ("HOÀN THÀNH", "hoan_thanh"),
        ("hoan thanh", "hoan_thanh"),
        ("Đã hoàn thành", "hoan_thanh"),
        ("  đã   hoàn thành. ", "hoan_thanh"),
        ("Hoàn thành (Kế hoạch số 05/KH-UBND)", "hoan_thanh"),
        ("100%", "hoan_thanh"),
        ("Đang thực hiện", "dang_thuc_hien"),
        ("đang triển khai", "dang_thuc_hien"),
        ("Chưa hoàn thành", "dang_thuc_hien"),
        ("60%", "dang_thuc_hien"),
        ("Chưa thực hiện", "chua_thuc_hien"),
        ("chua trien khai", "chua_thuc_hien"),
        ("Không thực hiện", "khong_thuc_hien"),
        ("Tạm dừng", "khong_thuc_hien"),
        ("", ""),
        ("Đã gửi Sở Nội vụ", None),
        ("Hoàn thiện", None),
    ],
)
def test_status_words(text: str, expected: str | None) -> None:
    assert chuan_tien_do(text) == expected


# --- warnings naming the row -------------------------------------------------------------------


def test_unknown_status_warns_naming_the_row() -> None:
    warnings = Warnings()
    t = task(thoi_gian="Quý IV/2026", tien_do="Chờ ý kiến", row=12)
    assert status(t, warnings=warnings) == "chua_thuc_hien"
    assert len(warnings) == 1
    message = str(warnings.items[0])
    assert "dòng 12" in message and "trang tính «Nhiệm vụ»" in message
    assert "Tiến độ" in message and "«Chờ ý kiến»" in message


def test_completion_before_plan_year_warns() -> None:
    warnings = Warnings()
    t = task(thoi_gian="Quý I/2026", tien_do="Hoàn thành", xong=date(2025, 12, 20), row=9)
    status(t, warnings=warnings)
    messages = [str(w) for w in warnings]
    assert any("20/12/2025" in m and "trước năm kế hoạch 2026" in m and "dòng 9" in m for m in messages)


def test_unparseable_deadline_warns_in_figures() -> None:
    bang = Bang(nhom=[NhomNhiemVu(nhiem_vu=[task(thoi_gian="Đường link, hình ảnh công khai", row=8)])])
    result = figures(bang, AS_OF)
    assert result.ket_qua[0].thoi_han.kind == "khong_co"
    assert any("«Đường link, hình ảnh công khai»" in str(w) and "dòng 8" in str(w) for w in result.warnings)
    understood = Bang(nhom=[NhomNhiemVu(nhiem_vu=[task(thoi_gian="Theo quy định"), task(thoi_gian="")])])
    assert len(figures(understood, AS_OF).warnings) == 0


# --- aggregation -------------------------------------------------------------------------------

VHXH = "Phòng Văn hóa - Xã hội"
TTHCC = "Trung tâm Phục vụ hành chính công"


def sample_bang() -> Bang:
    return Bang(
        nhom=[
            NhomNhiemVu(
                so="I",
                ten="Chỉ đạo điều hành",
                nhiem_vu=[
                    task("Ban hành Kế hoạch CCHC", stt="1", thoi_gian="Trước ngày 15/01/2026",
                         tien_do="Hoàn thành", xong=date(2026, 1, 14)),
                    task("Kế hoạch tuyên truyền", stt="2", thoi_gian="Tháng 02/2026",
                         tien_do="Hoàn thành", xong=date(2026, 3, 5)),
                    task("Kiểm tra CCHC", stt="3", thoi_gian="Tháng 5/2026", tien_do="Đang thực hiện",
                         chu_tri="  phòng văn hóa -  xã hội "),
                ],
            ),
            NhomNhiemVu(
                so="II",
                ten="Cải cách thủ tục hành chính",
                nhiem_vu=[
                    task("Công khai TTHC", stt="1", thoi_gian="Hằng tháng", tien_do="Đang thực hiện",
                         chu_tri=TTHCC),
                    task("Rà soát TTHC", stt="2", thoi_gian="Quý III/2026", tien_do="Chưa thực hiện",
                         chu_tri=TTHCC),
                    task("Số hóa hồ sơ", stt="3", thoi_gian="Quý I/2026", tien_do="Hoàn thành",
                         xong=date(2026, 3, 31), chu_tri=TTHCC),
                    task("Dịch vụ công trực tuyến", stt="4", thoi_gian="Tháng 6/2026",
                         tien_do="Đang thực hiện", chu_tri=TTHCC),
                ],
            ),
        ]
    )  # fmt: skip


def test_counts_and_percentages() -> None:
    result = figures(sample_bang(), AS_OF)
    counts = result.tong.so_luong
    assert result.tong.tong_so == 7
    assert counts == {
        "hoan_thanh_dung_han": 2,
        "hoan_thanh_tre_han": 1,
        "dang_thuc_hien": 1,
        "chua_thuc_hien": 1,
        "qua_han": 1,
        "thuong_xuyen": 1,
    }
    assert result.tong.so_hoan_thanh == 3
    ctx = result.context()
    assert str(ctx["so_hoan_thanh"]) == "3" and str(ctx["tong_so"]) == "7"
    assert ctx["ty_le_hoan_thanh"] == "42,9%"
    assert ctx["ty_le_qua_han"] == "14,3%"
    assert str(ctx["so_co_thoi_han"]) == "6" and ctx["ty_le_hoan_thanh_co_thoi_han"] == "50%"
    assert [k.ma for k in result.qua_han] == ["I.3"]


def test_per_lead_body_merges_spelling_variants() -> None:
    result = figures(sample_bang(), AS_OF)
    assert list(result.theo_chu_tri) == [VHXH, TTHCC]
    vhxh, tthcc = result.theo_chu_tri[VHXH], result.theo_chu_tri[TTHCC]
    assert (vhxh.tong_so, vhxh.so_hoan_thanh, vhxh.so_luong["qua_han"]) == (3, 2, 1)
    assert (tthcc.tong_so, tthcc.so_hoan_thanh, tthcc.so_luong["thuong_xuyen"]) == (4, 1, 1)
    assert tthcc.so_luong["dang_thuc_hien"] == 1 and tthcc.so_luong["chua_thuc_hien"] == 1
    rows = result.context()["theo_chu_tri"]
    assert rows[0]["ty_le_hoan_thanh"] == "66,7%" and rows[1]["ty_le_hoan_thanh"] == "25%"


def test_figures_as_of_earlier_date() -> None:
    result = figures(sample_bang(), date(2026, 1, 31))
    counts = result.tong.so_luong
    # only the plan issued on 14/01 is done; the tasks finished later are not yet
    assert counts["hoan_thanh_dung_han"] == 1 and counts["hoan_thanh_tre_han"] == 0
    assert counts["qua_han"] == 0


def test_json_schema() -> None:
    data = figures(sample_bang(), AS_OF, [ChiTieu("Hồ sơ đúng hạn", "≥ 98%", 98.5, "%")]).to_json()
    data = json.loads(json.dumps(data, ensure_ascii=False))
    assert data["schema"] == "vbhc.bao_cao/1"
    assert data["ngay_bao_cao"] == "2026-06-30" and data["nam"] == 2026
    assert data["tong_so"] == 7 and data["hoan_thanh"] == 3
    assert data["so_luong"]["qua_han"] == 1
    assert data["ty_le"]["hoan_thanh"] == pytest.approx(3 / 7, abs=1e-4)
    assert data["qua_han"] == ["I.3"]
    assert [b["chu_tri"] for b in data["theo_chu_tri"]] == [VHXH, TTHCC]
    assert data["theo_chu_tri"][1]["tong_so"] == 4
    task_ii3 = next(t for t in data["nhiem_vu"] if t["ma"] == "II.3")
    assert task_ii3["han"] == "2026-03-31" and task_ii3["trang_thai"] == "hoan_thanh_dung_han"
    assert data["chi_tieu"][0]["dat"] is True


def test_context_renders_in_sandbox() -> None:
    from vbhc.errors import Vitri
    from vbhc.templating.sandbox import render_string

    ctx = figures(sample_bang(), AS_OF).context()
    text = render_string(
        "Đã hoàn thành {{ so_hoan_thanh }}/{{ tong_so }} nhiệm vụ ({{ ty_le_hoan_thanh }})"
        "{% if so_qua_han > 0 %}, {{ so_qua_han }} quá hạn{% endif %}.",
        ctx,
        Vitri(),
    )
    assert text == "Đã hoàn thành 3/7 nhiệm vụ (42,9%), 1 quá hạn."


def test_empty_table() -> None:
    result = figures(Bang(nhom=[]), AS_OF)
    assert result.tong.tong_so == 0
    assert result.context()["ty_le_hoan_thanh"] == "0%"


# --- indicators --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "actual", "met"),
    [
        ("≥ 98%", 98.5, True),
        ("≥ 98%", 98.0, True),
        ("≥ 98%", 97.9, False),
        (">= 98%", 99, True),
        ("Từ 98% trở lên", 97, False),
        ("Tối thiểu 90%", 91.2, True),
        ("100%", 100, True),
        ("100%", 99.5, False),
        ("Không quá 2%", 1.5, True),
        ("≤ 2%", 2.5, False),
        ("< 5", 5, False),
        ("= 0", 0, True),
    ],
)
def test_indicator_met_or_missed(target: str, actual: float, met: bool) -> None:
    assert danh_gia_chi_tieu(ChiTieu("Chỉ tiêu", target, actual, "%")).dat is met


def test_indicator_without_actual_or_target_is_not_evaluated() -> None:
    assert danh_gia_chi_tieu(ChiTieu("x", "≥ 98%", None)).dat is None
    result = figures(Bang(nhom=[]), AS_OF, [ChiTieu("Hài lòng", "cao", 95.0)])
    assert result.chi_tieu[0].dat is None and result.chi_tieu[0].nhan == "Chưa đánh giá"
    assert any("«cao»" in str(w) for w in result.warnings)


# --- the «Chỉ tiêu» sheet ----------------------------------------------------------------------


def write_indicators(path: Path, rows: list[tuple], *, title_rows: int = 1) -> Path:
    wb = Workbook()
    wb.active.title = "Nhiệm vụ"
    ws = wb.create_sheet("Chỉ tiêu")
    for i in range(title_rows):
        ws.append([f"Dòng tiêu đề {i + 1}"])
    ws.append(["TT", "Chỉ tiêu", "Mục tiêu", "Thực hiện", "Đơn vị tính"])
    for row in rows:
        ws.append(list(row))
    return path, wb


def test_read_indicator_sheet(tmp_path: Path) -> None:
    path, wb = write_indicators(
        tmp_path / "nv.xlsx",
        [
            (1, "TTHC công khai", "100%", 1, "%"),
            (2, "Hồ sơ đúng hạn", "≥ 98%", 0.987, "%"),
            (3, "Hài lòng", "≥ 90%", "88,5%", None),
            (4, "Hồ sơ trực tuyến", 0.8, None, "%"),
            (None, None, None, None, None),
            (5, "Hồ sơ tiếp nhận", "≥ 1.000", "1.250", "hồ sơ"),
        ],
    )
    ws = wb["Chỉ tiêu"]
    ws["D3"].number_format = "0%"
    ws["D4"].number_format = "0.0%"
    ws["C6"].number_format = "0%"
    wb.save(path)
    items = chi_tieu_source.read(path)
    assert [c.ten for c in items] == [
        "TTHC công khai", "Hồ sơ đúng hạn", "Hài lòng", "Hồ sơ trực tuyến", "Hồ sơ tiếp nhận"
    ]  # fmt: skip
    assert items[0].thuc_hien == pytest.approx(100)
    assert items[1].thuc_hien == pytest.approx(98.7)
    assert items[2].thuc_hien == pytest.approx(88.5) and items[2].don_vi == "%"
    assert items[3].muc_tieu == "80%" and items[3].thuc_hien is None
    assert items[4].thuc_hien == 1250
    assert items[1].vitri.o == "B4"
    result = figures(Bang(nhom=[]), AS_OF, items)
    assert [c.dat for c in result.chi_tieu] == [True, True, False, None, True]


def test_indicator_text_in_number_cell_names_the_cell(tmp_path: Path) -> None:
    path, wb = write_indicators(tmp_path / "nv.xlsx", [(1, "Hồ sơ đúng hạn", "≥ 98%", "khoảng 98", "%")])
    wb.save(path)
    with pytest.raises(InputError) as caught:
        chi_tieu_source.read(path)
    message = str(caught.value)
    assert "trang tính «Chỉ tiêu»" in message and "ô D3" in message and "«khoảng 98»" in message


def test_indicator_sheet_without_header(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    ws.append(["a", "b"])
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(InputError, match="Mục tiêu"):
        chi_tieu_source.read(tmp_path / "x.xlsx")


def test_no_indicator_sheet_is_none(tmp_path: Path) -> None:
    wb = Workbook()
    wb.save(tmp_path / "x.xlsx")
    assert chi_tieu_source.read(tmp_path / "x.xlsx") is None
    with pytest.raises(InputError, match="không có trang tính «Chỉ tiêu 2»"):
        chi_tieu_source.read(tmp_path / "x.xlsx", "Chỉ tiêu 2")


def test_indicator_in_legacy_encoding_is_converted_with_a_warning(tmp_path: Path) -> None:
    path, wb = write_indicators(tmp_path / "nv.xlsx", [(1, "Hå s¬ ®óng h¹n", "≥ 98%", "98,5%", "%")])
    wb.save(path)
    warnings = Warnings()
    items = chi_tieu_source.read(path, warnings=warnings)
    assert items[0].ten == "Hồ sơ đúng hạn"
    assert any("TCVN3" in str(w) and "ô B3" in str(w) for w in warnings)
