"""The Báo cáo page through the test client: upload the progress workbook, pick the as-of date, see
the figures and the chart, download the báo cáo DOCX and the summary XLSX."""

from __future__ import annotations

import base64
import html
import io
import re
from datetime import date

import docx
import openpyxl
from xlsx_factory import DATA, GROUP_I, TASK_1, make_tasks_xlsx

from vbhc.desk import settings as cai_dat
from vbhc.desk.app import MAX_UPLOAD_BYTES, create_app
from vbhc.model import NguoiKy
from vbhc.report import figures
from vbhc.sources.xlsx import read_tasks

AS_OF = date(2026, 6, 30)
EXAMPLE_SOURCE = DATA.parent / "examples" / "bao_cao_cchc_2026" / "bao_cao.md"


def open_desk(tmp_path, *, signer: bool = True):
    settings_path = tmp_path / "cai-dat.json"
    if signer:
        signers = [NguoiKy(tham_quyen=["TM. ỦY BAN NHÂN DÂN"], chuc_vu="CHỦ TỊCH", ho_ten="Lê Văn Cường")]
        cai_dat.save(cai_dat.CaiDatBan(nguoi_ky=signers), settings_path)
    app = create_app(settings_path=settings_path, secret="k", work=tmp_path / "phien")
    client = app.test_client()
    client.get("/?khoa=k")
    return client, app.extensions["vbhc_desk"].csrf


def run(client, csrf, path, ngay="2026-06-30", source=None, name=None):
    data = {"csrf": csrf, "ngay": ngay, "tep": (io.BytesIO(path.read_bytes()), name or path.name)}
    if source is not None:
        data["nguon"] = (io.BytesIO(source.read_bytes()), source.name)
    return client.post("/bao-cao/", data=data, content_type="multipart/form-data")


def text_of(answer) -> str:
    return html.unescape(answer.get_data(as_text=True))


def link(page: str, element_id: str) -> str:
    return re.search(rf'href="([^"]+)" id="{element_id}"', page).group(1)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_figures_chart_and_downloads_of_the_sample_workbook(tmp_path):
    client, csrf = open_desk(tmp_path)
    answer = run(client, csrf, DATA / "tien_do.xlsx")
    page = text_of(answer)
    expected = figures(read_tasks(DATA / "tien_do.xlsx", warn_unprinted=False), AS_OF).context()
    assert answer.status_code == 200 and "số liệu đến ngày 30/06/2026" in page
    assert f"Hoàn thành {expected['so_hoan_thanh']}/{expected['tong_so']} nhiệm vụ" in page
    assert all(row["ten"] in page for row in expected["theo_chu_tri"])
    chart = re.search(r'id="bieu-do" src="data:image/png;base64,([^"]+)"', page).group(1)
    assert base64.b64decode(chart).startswith(b"\x89PNG")
    report = docx_text(client.get(link(page, "tai-bao-cao-docx")).data)
    assert "Lê Văn Cường" in report and "30/06/2026" in report
    assert all(row["ten"] in report for row in expected["theo_chu_tri"])
    download = client.get(link(page, "tai-tong-hop-xlsx"))
    assert download.headers["Content-Disposition"].endswith("tong_hop_tien_do.xlsx")
    summary = openpyxl.load_workbook(io.BytesIO(download.data))
    cells = {str(c) for ws in summary.worksheets for row in ws.iter_rows(values_only=True) for c in row if c}
    tasks = [task.noi_dung for task in read_tasks(DATA / "tien_do.xlsx", warn_unprinted=False).nhiem_vu]
    assert set(tasks) <= cells


def test_an_uploaded_source_gives_the_text_of_the_report(tmp_path):
    client, csrf = open_desk(tmp_path, signer=False)
    page = text_of(run(client, csrf, DATA / "tien_do.xlsx", source=EXAMPLE_SOURCE))
    report = docx_text(client.get(link(page, "tai-bao-cao-docx")).data)
    assert "Vũ Trọng Thủy" in report and "Kết quả thực hiện công tác cải cách hành chính" in report


def test_an_uploaded_source_reaches_no_file_outside_its_folder(tmp_path):
    client, csrf = open_desk(tmp_path)
    annex = f"phu_luc:\n  - tieu_de: Danh mục\n    bang: {DATA / 'nhiem_vu.xlsx'}\n"
    text = EXAMPLE_SOURCE.read_text(encoding="utf-8").replace("luu: [VT, VHXH]\n", f"luu: [VT]\n{annex}")
    source = tmp_path / "bao_cao_thu.md"
    source.write_text(text, encoding="utf-8")
    answer = run(client, csrf, DATA / "tien_do.xlsx", source=source)
    page = text_of(answer)
    assert answer.status_code == 422 and "bao_cao_thu.md, dòng" in page
    assert "nằm ngoài thư mục của tệp nguồn" in page


def test_without_a_signer_the_figures_and_summary_come_with_a_note(tmp_path):
    client, csrf = open_desk(tmp_path, signer=False)
    answer = run(client, csrf, DATA / "tien_do.xlsx")
    page = text_of(answer)
    assert answer.status_code == 200 and "chưa có người ký trong Cài đặt" in page
    assert 'id="tai-bao-cao-docx"' not in page and 'id="tai-tong-hop-xlsx"' in page


def test_a_bad_cell_and_a_bad_date_are_named(tmp_path):
    client, csrf = open_desk(tmp_path)
    bad = make_tasks_xlsx(tmp_path / "nv.xlsx", [GROUP_I, TASK_1, (2, None, "Văn phòng", None, None, None)])
    answer = run(client, csrf, bad, name="tien_do_quy_2.xlsx")
    assert answer.status_code == 422
    where = "tien_do_quy_2.xlsx, trang tính «Nhiệm vụ», ô B4"
    assert f"{where}: nhiệm vụ thiếu nội dung công việc" in text_of(answer)
    answer = run(client, csrf, DATA / "tien_do.xlsx", ngay="31/02/2026")
    assert answer.status_code == 422 and "trường «ngày số liệu»" in text_of(answer)


def test_csrf_and_the_upload_limit_hold(tmp_path):
    client, csrf = open_desk(tmp_path)
    assert run(client, "sai", DATA / "tien_do.xlsx").status_code == 400
    big = io.BytesIO(b"0" * (MAX_UPLOAD_BYTES + 1))
    answer = client.post(
        "/bao-cao/", data={"csrf": csrf, "tep": (big, "to.xlsx")}, content_type="multipart/form-data"
    )
    assert answer.status_code == 413 and "Tệp tải lên quá lớn" in text_of(answer)
