"""Reading task tables from spreadsheets: header search, column names, groups, cells, errors."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from xlsx_factory import GROUP_I, HEADER, TASK_1, TASK_2, make_tasks_xlsx, put_formulas, set_cached_values

from vbhc import model
from vbhc.errors import InputError, MultipleErrors, Warnings
from vbhc.sources.task_columns import normalize_header
from vbhc.sources.xlsx import read_tasks


def _texts(bang: model.Bang) -> list[str]:
    return [task.noi_dung for task in bang.nhiem_vu]


# --- header and columns ----------------------------------------------------------------------------


def test_header_in_first_row_and_reference_columns(tmp_path):
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [GROUP_I, TASK_1, TASK_2])
    bang = read_tasks(path)
    assert [(g.so, g.ten) for g in bang.nhom] == [("I", "Chỉ đạo điều hành")]
    first = bang.nhiem_vu[0]
    assert (first.stt, first.noi_dung, first.chu_tri, first.phoi_hop, first.thoi_gian, first.san_pham) == (
        "1",
        "Ban hành Kế hoạch",
        "Phòng Văn hóa - Xã hội",
        "Các cơ quan chuyên môn",
        "Tháng 01/2026",
        "Kế hoạch",
    )
    assert bang.cot == list(model.COT_NHIEM_VU)
    assert bang.nguon == str(path)
    assert first.vitri == f"{path}, trang tính «Nhiệm vụ», dòng 3"


def test_header_below_title_rows(tmp_path):
    path = make_tasks_xlsx(
        tmp_path / "nv.xlsx",
        [GROUP_I, TASK_1],
        title_rows=["DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026", "(Kèm theo Kế hoạch số …)", ""],
        merges=["A1:F1", "A2:F2"],
    )
    bang = read_tasks(path)
    assert _texts(bang) == ["Ban hành Kế hoạch"]
    assert bang.nhiem_vu[0].vitri.endswith("dòng 6")


@pytest.mark.parametrize(
    "header",
    [
        ("STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời hạn", "Kết quả dự kiến"),
        ("stt", "NOI DUNG CONG VIEC", "CƠ QUAN CHỦ TRÌ", "co quan phoi hop", "Thời gian", "SẢN PHẨM"),
        (
            "T T",
            "Nhiệm vụ",
            "Cơ quan\nchủ trì",
            "  Cơ quan   phối hợp ",
            "Thời gian thực hiện/\nhoàn thành",
            "Sản phẩm",
        ),
        (
            "Số TT",
            "Nội dung công việc",
            "Đơn vị chủ trì",
            "Đơn vị phối hợp",
            "Thời hạn hoàn thành",
            "Sản phẩm",
        ),
    ],
)
def test_variant_column_names(tmp_path, header):
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1], header=header)
    task = read_tasks(path).nhiem_vu[0]
    assert (task.noi_dung, task.chu_tri, task.phoi_hop, task.thoi_gian, task.san_pham) == (
        "Ban hành Kế hoạch",
        "Phòng Văn hóa - Xã hội",
        "Các cơ quan chuyên môn",
        "Tháng 01/2026",
        "Kế hoạch",
    )


def test_decomposed_header_text_is_matched():
    assert normalize_header(unicodedata.normalize("NFD", "Cơ quan Chủ trì")) == "co quan chu tri"


def test_ket_qua_is_the_product_unless_there_is_one(tmp_path):
    alone = make_tasks_xlsx(
        tmp_path / "a.xlsx",
        [TASK_1],
        header=("TT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian", "Kết quả"),
    )
    assert read_tasks(alone).nhiem_vu[0].san_pham == "Kế hoạch"
    both = make_tasks_xlsx(
        tmp_path / "b.xlsx",
        [(*TASK_1, "Đang thực hiện", "Đã trình dự thảo")],
        header=(*HEADER, "Tiến độ", "Kết quả"),
    )
    task = read_tasks(both).nhiem_vu[0]
    assert (task.san_pham, task.tien_do, task.ket_qua) == ("Kế hoạch", "Đang thực hiện", "Đã trình dự thảo")


def test_progress_columns_and_dates(tmp_path):
    rows = [
        (*TASK_1, "Hoàn thành", datetime(2026, 1, 12), "Đã ban hành"),
        (*TASK_2, "Hoàn thành", "5/3/2026", "Ghi chú có\nhai dòng"),
        (3, "Việc chưa xong", "Văn phòng", None, datetime(2026, 6, 30), None, "Đang thực hiện", None, None),
    ]
    path = make_tasks_xlsx(
        tmp_path / "nv.xlsx", rows, header=(*HEADER, "Tiến độ", "Ngày hoàn thành", "Ghi chú")
    )
    tasks = read_tasks(path).nhiem_vu
    assert [t.ngay_hoan_thanh for t in tasks] == [date(2026, 1, 12), date(2026, 3, 5), None]
    assert [t.tien_do for t in tasks] == ["Hoàn thành", "Hoàn thành", "Đang thực hiện"]
    assert (tasks[1].ghi_chu, tasks[1].ket_qua) == ("Ghi chú có\nhai dòng", "")  # Ghi chú is its own column
    assert tasks[2].thoi_gian == "30/06/2026"  # an Excel date in a text column shows as dd/mm/yyyy


def test_extra_columns_kept_and_shown_only_when_asked(tmp_path):
    path = make_tasks_xlsx(
        tmp_path / "nv.xlsx", [(*TASK_1, "50 triệu đồng")], header=(*HEADER, "Kinh phí\n(dự kiến)")
    )
    bang = read_tasks(path)
    assert bang.nhiem_vu[0].them == {"Kinh phí (dự kiến)": "50 triệu đồng"}
    assert [c.khoa for c in bang.cot] == [c.khoa for c in model.COT_NHIEM_VU]
    shown = read_tasks(path, show_extra=True)
    assert shown.cot[-1].tieu_de == "Kinh phí (dự kiến)"
    assert shown.nhiem_vu[0].gia_tri(shown.cot[-1].khoa) == "50 triệu đồng"
    chosen = read_tasks(path, columns=["stt", "noi_dung", "kinh phi du kien"])
    assert [c.tieu_de for c in chosen.cot] == ["TT", "Nội dung công việc", "Kinh phí (dự kiến)"]
    with pytest.raises(InputError, match="không có cột «Ngân sách»"):
        read_tasks(path, columns=["Ngân sách"])


def test_column_number_row_under_header_is_skipped(tmp_path):
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [("(1)", "(2)", "(3)", "(4)", "(5)", "(6)"), TASK_1])
    assert _texts(read_tasks(path)) == ["Ban hành Kế hoạch"]


# --- groups and numbering --------------------------------------------------------------------------


def test_groups_roman_tt_merged_title_and_title_only(tmp_path):
    rows = [
        GROUP_I,
        TASK_1,
        TASK_2,
        ("II. Cải cách thủ tục hành chính", None, None, None, None, None),  # title in TT, merged across
        (1, "Công khai thủ tục", "Trung tâm Phục vụ hành chính công", None, None, None),
        (None, "Cải cách thể chế", None, None, None, None),  # title alone, no numeral
        (7, "Rà soát văn bản", "Văn phòng", None, None, None),
        (8, "Tuyên truyền pháp luật", "Văn phòng", None, None, None),
    ]
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", rows, merges=["A5:F5"])
    warnings = Warnings()
    bang = read_tasks(path, warnings=warnings)
    assert [(g.so, g.ten) for g in bang.nhom] == [
        ("I", "Chỉ đạo điều hành"),
        ("II", "Cải cách thủ tục hành chính"),
        ("", "Cải cách thể chế"),
    ]
    assert [[t.stt for t in g.nhiem_vu] for g in bang.nhom] == [["1", "2"], ["1"], ["1", "2"]]
    assert [t.noi_dung for t in bang.nhom[2].nhiem_vu] == ["Rà soát văn bản", "Tuyên truyền pháp luật"]
    messages = [str(w) for w in warnings]
    assert any("ô A8" in m and "«7»" in m for m in messages), messages


def test_group_title_merged_over_task_columns(tmp_path):
    rows = [
        ("A", "NHIỆM VỤ TRỌNG TÂM", None, None, None, None),
        TASK_1,
        ("III", "Cải cách", None, None, None, None),
    ]
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [*rows, TASK_2], merges=["B2:F2", "B4:F4"])
    bang = read_tasks(path)
    assert [(g.so, g.ten) for g in bang.nhom] == [("A", "NHIỆM VỤ TRỌNG TÂM"), ("III", "Cải cách")]
    assert _texts(bang) == ["Ban hành Kế hoạch", "Kiểm tra cải cách hành chính"]


def test_sub_items_keep_their_label_and_are_not_counted(tmp_path):
    rows = [
        TASK_1,
        ("-", "Dự thảo kế hoạch", "Văn phòng", None, None, None),
        ("a)", "Lấy ý kiến các phòng", "Văn phòng", None, None, None),
        ("1.1", "Trình ký", "Văn phòng", None, None, None),
        TASK_2,
    ]
    warnings = Warnings()
    tasks = read_tasks(make_tasks_xlsx(tmp_path / "nv.xlsx", rows), warnings=warnings).nhiem_vu
    assert [t.stt for t in tasks] == ["1", "-", "a)", "1.1", "2"]
    assert len(warnings) == 0


def test_tasks_without_groups_form_one_unnamed_group(tmp_path):
    bang = read_tasks(make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1, TASK_2]))
    assert [(g.so, g.ten, len(g.nhiem_vu)) for g in bang.nhom] == [("", "", 2)]


# --- cells ---------------------------------------------------------------------------------------------


def test_cells_merged_down_apply_to_every_row(tmp_path):
    rows = [
        (1, "Việc một", "Phòng Kinh tế", "Văn phòng", "Quý I", "Báo cáo"),
        (2, "Việc hai", None, None, "Quý II", "Báo cáo"),
        (3, "Việc ba", None, None, "Quý III", "Báo cáo"),
    ]
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", rows, merges=["C2:C4", "D2:D3"])
    tasks = read_tasks(path).nhiem_vu
    assert [t.chu_tri for t in tasks] == ["Phòng Kinh tế"] * 3
    assert [t.phoi_hop for t in tasks] == ["Văn phòng", "Văn phòng", ""]


def test_cell_values_as_a_user_sees_them(tmp_path):
    nfd = unicodedata.normalize("NFD", "Phòng Văn hóa - Xã hội")
    rows = [
        (1.0, "  Dòng một\nDòng hai  ", nfd, 2026, datetime(2026, 3, 15), 12.5),
        None,
        (None, None, None, None, None, None),
        (2, "Việc\u00a0có   khoảng trắng", "Văn phòng", None, None, None),
    ]
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [r or () for r in rows])
    tasks = read_tasks(path).nhiem_vu
    assert len(tasks) == 2  # empty rows skipped
    first = tasks[0]
    assert first.noi_dung == "Dòng một\nDòng hai"
    assert first.chu_tri == "Phòng Văn hóa - Xã hội" and unicodedata.is_normalized("NFC", first.chu_tri)
    assert (first.phoi_hop, first.thoi_gian, first.san_pham) == ("2026", "15/03/2026", "12.5")
    assert tasks[1].noi_dung == "Việc có khoảng trắng"


def test_formulas_give_their_cached_values(tmp_path):
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1, (2, None, None, None, None, None)])
    put_formulas(
        path,
        {
            "B3": ('=CONCATENATE("Rà soát ", "văn bản")', "Rà soát văn bản"),
            "C3": ("=C2", "Phòng Văn hóa - Xã hội"),
            "E3": ("=DATE(2026,4,1)-DATE(2026,1,1)", 90),
        },
    )
    task = read_tasks(path).nhiem_vu[1]
    assert (task.noi_dung, task.chu_tri, task.thoi_gian) == (
        "Rà soát văn bản",
        "Phòng Văn hóa - Xã hội",
        "90",
    )


def test_sheet_named_nhiem_vu_is_preferred_and_names_are_tolerant(tmp_path):
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1], sheet="NHIEM VU", before_sheets=["Hướng dẫn"])
    assert _texts(read_tasks(path)) == ["Ban hành Kế hoạch"]
    assert _texts(read_tasks(path, sheet="nhiệm vụ")) == ["Ban hành Kế hoạch"]
    with pytest.raises(InputError) as error:
        read_tasks(path, sheet="Chỉ tiêu")
    assert "không có trang tính «Chỉ tiêu»" in str(error.value) and "«Hướng dẫn»" in str(error.value)


def test_legacy_encoded_cell_is_converted_with_a_warning(tmp_path):
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [(1, "Ban hµnh KÕ ho¹ch", "V¨n phßng", None, None, None)])
    warnings = Warnings()
    task = read_tasks(path, warnings=warnings).nhiem_vu[0]
    assert (task.noi_dung, task.chu_tri) == ("Ban hành Kế hoạch", "Văn phòng")
    assert any("ô B2" in str(w) and "TCVN3" in str(w) for w in warnings)


# --- errors -------------------------------------------------------------------------------------------


def _error(path, **kwargs) -> str:
    with pytest.raises(InputError) as caught:
        read_tasks(path, **kwargs)
    return str(caught.value)


def test_no_header_row(tmp_path):
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [("a", "b", "c")], header=("Cột 1", "Cột 2", "Cột 3"))
    message = _error(path)
    assert "trang tính «Nhiệm vụ»" in message and "không tìm thấy dòng tiêu đề" in message
    assert "«Nội dung công việc»" in message


def test_required_column_missing_names_the_names_looked_for(tmp_path):
    path = make_tasks_xlsx(
        tmp_path / "nv.xlsx",
        [TASK_1],
        header=("TT", "Nội dung", "Phối hợp", "Thời gian"),
        title_rows=["DANH MỤC"],
    )
    message = _error(path)
    assert "dòng 2" in message and "thiếu cột «Cơ quan chủ trì»" in message
    assert "«Chủ trì»" in message and "«Đơn vị chủ trì»" in message


def test_all_row_errors_of_a_sheet_in_one_pass(tmp_path):
    rows = [
        GROUP_I,
        (1, None, "Văn phòng", None, None, "Báo cáo"),  # no content: B3
        (2, "Việc không có chủ trì", None, "Văn phòng", None, None),  # no lead body: C4
        (3, "Việc có lỗi công thức", "Văn phòng", None, None, None),
        (4, "Việc có ngày sai", "Văn phòng", None, None, None, None, "sau Tết"),
    ]
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", rows, header=(*HEADER, "Tiến độ", "Ngày hoàn thành"))
    set_cached_values(path, {"E5": "#REF!"})
    with pytest.raises(MultipleErrors) as caught:
        read_tasks(path)
    messages = [str(e) for e in caught.value.errors]
    assert len(messages) == 4, messages
    assert f"{path}, trang tính «Nhiệm vụ», ô B3: nhiệm vụ thiếu nội dung công việc" in messages[0]
    assert "ô C4: nhiệm vụ thiếu cơ quan chủ trì" in messages[1]
    assert "ô E5: ô chứa lỗi công thức #REF!" in messages[2]
    assert "ô H6: ngày hoàn thành «sau Tết» không hợp lệ" in messages[3]


@pytest.mark.parametrize("code", ["#VALUE!", "#DIV/0!", "#N/A", "#NAME?"])
def test_formula_error_values(tmp_path, code):
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1])
    put_formulas(path, {"F2": ("=1/0", code)})
    assert f"ô F2: ô chứa lỗi công thức {code}" in _error(path)


def test_header_without_tasks(tmp_path):
    assert "không có nhiệm vụ nào" in _error(make_tasks_xlsx(tmp_path / "nv.xlsx", []))


def test_missing_file(tmp_path):
    assert "không tìm thấy tệp bảng tính" in _error(tmp_path / "khong_co.xlsx")


def test_csv_renamed_to_xlsx(tmp_path):
    path = tmp_path / "nv.xlsx"
    path.write_text("TT,Nội dung công việc,Cơ quan chủ trì\n1,Việc,Văn phòng\n", encoding="utf-8")
    message = _error(path)
    assert str(path) in message and "không phải bảng tính Excel .xlsx" in message


def test_text_and_other_zip_files(tmp_path):
    text = tmp_path / "ghi_chu.xlsx"
    text.write_text("ghi chú", encoding="utf-8")
    assert "không phải bảng tính Excel .xlsx" in _error(text)
    docx_like = tmp_path / "van_ban.xlsx"
    import zipfile

    with zipfile.ZipFile(docx_like, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "không phải bảng tính Excel .xlsx hợp lệ" in _error(docx_like)


def _ole(tmp_path, stream: str):
    """A compound-file header with one directory name: enough to tell .xls from an encrypted file."""
    path = tmp_path / "nv.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + stream.encode("utf-16-le") + bytes(64)
    )
    return path


def test_legacy_xls(tmp_path):
    message = _error(_ole(tmp_path, "Workbook"))
    assert "Excel 97–2003 (.xls)" in message and "lưu lại dạng .xlsx" in message


def test_password_protected_file(tmp_path):
    message = _error(_ole(tmp_path, "EncryptedPackage"))
    assert "đặt mật khẩu" in message and str(tmp_path / "nv.xlsx") in message


def test_wrong_dimension_record_still_reads_every_row(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Nhiệm vụ"
    for row in (HEADER, TASK_1, TASK_2):
        sheet.append(list(row))
    path = tmp_path / "nv.xlsx"
    workbook.save(path)
    import zipfile

    with zipfile.ZipFile(path) as archive:
        items = [(i, archive.read(i.filename)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in items:
            if info.filename.endswith("sheet1.xml"):
                data = data.replace(b'<dimension ref="A1:F3"/>', b'<dimension ref="A1"/>')
            archive.writestr(info, data)
    assert len(read_tasks(path).nhiem_vu) == 2
