"""Sổ văn bản đi, Cài đặt and Kiểm tra pages through the test client."""

from __future__ import annotations

import io

import openpyxl

from vbhc.desk import settings as cai_dat
from vbhc.desk.app import create_app
from vbhc.register import Register


def open_desk(tmp_path):
    app = create_app(settings_path=tmp_path / "cai-dat.json", secret="k", work=tmp_path / "phien")
    client = app.test_client()
    client.get("/?khoa=k")
    return client, app.extensions["vbhc_desk"].csrf


def test_reserve_cancel_search_and_export(tmp_path):
    client, csrf = open_desk(tmp_path)
    assert "Chưa có số nào" in client.get("/so/").get_data(as_text=True)
    html = client.post(
        "/so/lay-so-truoc",
        data={"csrf": csrf, "nam_lay": "2026", "loai": "quyet_dinh", "ghi_chu": "cho chị Lan"},
    ).get_data(as_text=True)
    assert "Đã lấy trước số 01/QĐ-UBND năm 2026" in html
    client.post("/so/lay-so-truoc", data={"csrf": csrf, "nam_lay": "2026", "ghi_chu": "dự phòng"})
    html = client.post("/so/huy", data={"csrf": csrf, "so": "2", "nam_huy": "2026", "ly_do": "lấy nhầm"})
    assert "Đã hủy số 02 năm 2026: lấy nhầm" in html.get_data(as_text=True)
    found = client.get("/so/?tim=chị+lan").get_data(as_text=True)
    assert "01/QĐ-UBND" in found and "lấy nhầm" not in found
    with Register(tmp_path / "so-van-ban.db", create=False) as register:
        assert [e.status for e in register.entries(nam=2026)] == ["reserved", "cancelled"]
    answer = client.post("/so/xuat", data={"csrf": csrf, "nam": "2026"})
    assert answer.status_code == 200 and answer.headers["Content-Disposition"].endswith(
        "so-van-ban-di-2026.xlsx"
    )
    cells = [
        c
        for row in openpyxl.load_workbook(io.BytesIO(answer.data)).active.iter_rows(values_only=True)
        for c in row
        if c
    ]
    assert "01/QĐ-UBND" in cells


def test_cancel_without_reason_is_refused(tmp_path):
    client, csrf = open_desk(tmp_path)
    client.post("/so/lay-so-truoc", data={"csrf": csrf, "nam_lay": "2026"})
    answer = client.post("/so/huy", data={"csrf": csrf, "so": "1", "nam_huy": "2026", "ly_do": " "})
    assert answer.status_code == 422 and "lý do" in answer.get_data(as_text=True)


def test_settings_save_export_import(tmp_path):
    client, csrf = open_desk(tmp_path)
    form = {
        "csrf": csrf,
        "co_quan.ten": "Ủy ban nhân dân phường Điện Biên Phủ",
        "co_quan.viet_tat": "UBND",
        "dia_danh": "Phường Điện Biên Phủ",
        "nguoi_ky": "Chủ tịch | Lê Văn Cường | TM. ỦY BAN NHÂN DÂN",
        "noi_nhan": "Văn phòng HĐND-UBND\nCác phòng",
        "mau": "mac_dinh",
    }
    assert "Đã lưu cài đặt" in client.post("/cai-dat/", data=form).get_data(as_text=True)
    saved = cai_dat.load(tmp_path / "cai-dat.json")
    assert saved.co_quan.ten == "ỦY BAN NHÂN DÂN PHƯỜNG ĐIỆN BIÊN PHỦ"
    assert saved.nguoi_ky[0].tham_quyen == ["TM. ỦY BAN NHÂN DÂN"] and saved.noi_nhan == [
        "Văn phòng HĐND-UBND",
        "Các phòng",
    ]
    exported = client.get("/cai-dat/xuat").data
    (tmp_path / "cai-dat.json").unlink()
    answer = client.post(
        "/cai-dat/nhap",
        data={"csrf": csrf, "tep": (io.BytesIO(exported), "cd.json")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 200 and cai_dat.load(tmp_path / "cai-dat.json") == saved


def test_settings_errors_name_the_line_and_the_field(tmp_path):
    client, csrf = open_desk(tmp_path)
    form = {
        "csrf": csrf,
        "co_quan.ten": "UBND",
        "co_quan.viet_tat": "UB ND",
        "dia_danh": "X",
        "nguoi_ky": "Chủ tịch | Lê Văn Cường\nChỉ một phần",
        "noi_nhan": "",
    }
    html = client.post("/cai-dat/", data=form).get_data(as_text=True)
    assert "người ký dòng 2" in html
    form["nguoi_ky"] = ""
    html = client.post("/cai-dat/", data=form).get_data(as_text=True)
    assert "co_quan.viet_tat" in html and "dấu cách" in html
    assert not (tmp_path / "cai-dat.json").exists()


def test_import_keeps_this_machines_register_path(tmp_path):
    client, csrf = open_desk(tmp_path)
    evil = cai_dat.dumps(cai_dat.CaiDatBan(so_van_ban="/etc/passwd"))
    client.post(
        "/cai-dat/nhap",
        data={"csrf": csrf, "tep": (io.BytesIO(evil), "cd.json")},
        content_type="multipart/form-data",
    )
    assert cai_dat.load(tmp_path / "cai-dat.json").so_van_ban is None


def test_check_a_docx_shows_findings_grouped_by_part(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("Một văn bản không theo thể thức")
    buffer = io.BytesIO()
    document.save(buffer)
    client, csrf = open_desk(tmp_path)
    answer = client.post(
        "/kiem-tra/",
        data={"csrf": csrf, "tep": (io.BytesIO(buffer.getvalue()), "vb.docx")},
        content_type="multipart/form-data",
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and 'id="ket-qua-kiem-tra"' in html
    assert "<h3>Trang (khổ giấy, lề, hướng)</h3>" in html and "Lề trang" in html
    assert not list((tmp_path / "phien").glob("kiem-tra-*"))  # the upload is not kept


def test_check_refuses_what_is_not_a_docx(tmp_path):
    client, csrf = open_desk(tmp_path)
    for name, data in (("a.pdf", b"%PDF"), ("a.docx", b"not a zip")):
        answer = client.post(
            "/kiem-tra/",
            data={"csrf": csrf, "tep": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
        )
        assert answer.status_code == 422 and 'id="loi-kiem-tra"' in answer.get_data(as_text=True)


def test_check_offers_the_repaired_copy(tmp_path):
    from docx import Document
    from docx.shared import Mm

    from vbhc.checker import check

    document = Document()
    document.sections[0].right_margin = Mm(4)
    document.add_paragraph("Một đoạn")
    buffer = io.BytesIO()
    document.save(buffer)
    client, csrf = open_desk(tmp_path)
    html = client.post(
        "/kiem-tra/",
        data={"csrf": csrf, "tep": (io.BytesIO(buffer.getvalue()), "lech.docx")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "P3" in html and "[đã sửa] P3" in html
    key = html.split('href="/tai/', 1)[1].split('"', 1)[0]
    fixed = client.get(f"/tai/{key}")
    assert fixed.headers["Content-Disposition"].endswith("lech_da_sua.docx")
    (tmp_path / "sua.docx").write_bytes(fixed.data)
    assert "P3" not in check(tmp_path / "sua.docx").rule_ids()
