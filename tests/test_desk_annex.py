"""The Phụ lục page through the test client: upload a task workbook, choose the sheet, see the table
and its cell-precise errors, download the annex DOCX and XLSX."""

from __future__ import annotations

import html
import io
import re

import docx
import openpyxl
from xlsx_factory import DATA, GROUP_I, HEADER, TASK_1, make_tasks_xlsx

from vbhc.desk.app import MAX_UPLOAD_BYTES, create_app
from vbhc.sources.xlsx import read_tasks


def open_desk(tmp_path):
    app = create_app(settings_path=tmp_path / "cai-dat.json", secret="k", work=tmp_path / "phien")
    client = app.test_client()
    client.get("/?khoa=k")
    return client, app.extensions["vbhc_desk"].csrf


def upload(client, csrf, path, name=None):
    return client.post(
        "/phu-luc/",
        data={"csrf": csrf, "tep": (io.BytesIO(path.read_bytes()), name or path.name)},
        content_type="multipart/form-data",
    )


def text_of(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def link(page: str, element_id: str) -> str:
    return re.search(rf'href="([^"]+)" id="{element_id}"', page).group(1)


def test_the_annex_of_the_sample_workbook_downloads_as_docx_and_xlsx(tmp_path):
    client, csrf = open_desk(tmp_path)
    answer = upload(client, csrf, DATA / "nhiem_vu.xlsx")
    page = text_of(answer)
    tasks = [task.noi_dung for task in read_tasks(DATA / "nhiem_vu.xlsx").nhiem_vu]
    assert answer.status_code == 200 and f"{len(tasks)} nhiệm vụ đọc được" in page
    assert all(task in page for task in tasks)
    word = docx.Document(io.BytesIO(client.get(link(page, "tai-phu-luc-docx")).data))
    word_text = "\n".join(cell.text for table in word.tables for row in table.rows for cell in row.cells)
    assert all(task in word_text for task in tasks)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(link(page, "tai-phu-luc-xlsx")).data)).active
    cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c}
    assert set(tasks) <= cells


def test_a_bad_cell_is_named_with_its_sheet_and_cell(tmp_path):
    client, csrf = open_desk(tmp_path)
    bad = make_tasks_xlsx(
        tmp_path / "nv.xlsx", [GROUP_I, TASK_1, (2, "Việc không có chủ trì", None, "Văn phòng", None, None)]
    )
    answer = upload(client, csrf, bad, "ke_hoach.xlsx")
    page = text_of(answer)
    assert answer.status_code == 422
    assert "ke_hoach.xlsx, trang tính «Nhiệm vụ», ô C4: nhiệm vụ thiếu cơ quan chủ trì" in page
    assert str(tmp_path) not in page  # the work copy's path is not shown
    assert 'id="tai-phu-luc-docx"' not in page


def test_the_sheet_is_chosen_from_the_workbooks_own_list(tmp_path):
    client, csrf = open_desk(tmp_path)
    path = make_tasks_xlsx(
        tmp_path / "nv.xlsx", [GROUP_I, TASK_1], sheet="Năm 2026", before_sheets=["Ghi chú"]
    )
    page = text_of(upload(client, csrf, path))
    assert '<option value="Ghi chú">' in page and '<option value="Năm 2026">' in page
    key = re.search(r'name="bang_tinh" value="([0-9a-f]+)"', page).group(1)
    answer = client.post("/phu-luc/doc", data={"csrf": csrf, "bang_tinh": key, "trang_tinh": "Năm 2026"})
    assert answer.status_code == 200 and TASK_1[1] in text_of(answer)
    assert '<option value="Năm 2026" selected>' in text_of(answer)


def test_a_form_value_is_never_a_path(tmp_path):
    client, csrf = open_desk(tmp_path)
    answer = client.post(
        "/phu-luc/doc", data={"csrf": csrf, "bang_tinh": str(DATA / "nhiem_vu.xlsx"), "trang_tinh": ""}
    )
    assert answer.status_code == 422 and "không còn tệp bảng tính đã tải lên" in text_of(answer)


def test_what_is_not_a_workbook_is_refused_in_vietnamese(tmp_path):
    client, csrf = open_desk(tmp_path)
    fake = tmp_path / "bang.xlsx"
    fake.write_text("TT;Nội dung\n1;Việc", encoding="utf-8")
    answer = upload(client, csrf, fake)
    assert answer.status_code == 422 and "bang.xlsx: tệp không phải bảng tính Excel .xlsx" in text_of(answer)
    other = tmp_path / "bang.csv"
    other.write_text("x", encoding="utf-8")
    assert "cần một tệp bảng tính Excel .xlsx" in text_of(upload(client, csrf, other))


def test_csrf_and_the_upload_limit_hold(tmp_path):
    client, csrf = open_desk(tmp_path)
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [GROUP_I, TASK_1], header=HEADER)
    assert upload(client, "sai", path).status_code == 400
    big = io.BytesIO(b"0" * (MAX_UPLOAD_BYTES + 1))
    answer = client.post(
        "/phu-luc/", data={"csrf": csrf, "tep": (big, "to.xlsx")}, content_type="multipart/form-data"
    )
    assert answer.status_code == 413 and "Tệp tải lên quá lớn" in text_of(answer)


def test_an_unprinted_column_is_named_and_printed_on_request(tmp_path):
    client, csrf = open_desk(tmp_path)
    path = make_tasks_xlsx(
        tmp_path / "nv.xlsx", [GROUP_I, (*TASK_1, "Đã giao")], header=(*HEADER, "Đầu mối liên hệ")
    )
    page = text_of(upload(client, csrf, path))
    assert "nv.xlsx, trang tính «Nhiệm vụ», ô G1: cột G «Đầu mối liên hệ»" in page
    assert "<th>Đầu mối liên hệ</th>" not in page
    key = re.search(r'name="bang_tinh" value="([0-9a-f]+)"', page).group(1)
    page = text_of(client.post("/phu-luc/doc", data={"csrf": csrf, "bang_tinh": key, "cot_them": "1"}))
    assert "<th>Đầu mối liên hệ</th>" in page and "<td>Đã giao</td>" in page
    word = docx.Document(io.BytesIO(client.get(link(page, "tai-phu-luc-docx")).data))
    assert "Đã giao" in {cell.text for table in word.tables for row in table.rows for cell in row.cells}
