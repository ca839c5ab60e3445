"""``vbhc receive`` and the sổ đến commands of ``vbhc register``: Vietnamese output, --json, exit codes,
one message for bad input."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from vbhc import render
from vbhc.cli import cli
from vbhc.cli.common import run
from vbhc.cli.render import starter_text
from vbhc.sources.markdown import loads


def vbhc(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["vbhc", *map(str, args)])
    code = run(cli)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def docx(tmp_path: Path) -> Path:
    vb = loads(starter_text("cong_van").decode("utf-8"), source="cong_van.md")
    return render(vb.sua(so=12, ngay=date(2026, 1, 12)), tmp_path / "cong_van.docx")


def test_receive_prints_the_so_den_and_every_field(monkeypatch, capsys, tmp_path: Path, docx: Path) -> None:
    db = tmp_path / "so.db"
    code, out, err = vbhc(monkeypatch, capsys, "receive", docx, "-r", db, "--ngay-den", "15/01/2026",
                          "--don-vi", "Văn phòng", "--han", "30/01/2026")
    assert code == 0, err
    assert out.startswith("Đã đăng ký văn bản đến số 01/2026, ngày đến 15/01/2026")
    assert re.search(r"\n  Số, ký hiệu văn bản: 12/[A-ZĐ-]+ \(độ tin cậy \d+%\)\n", out), out
    assert "Tên loại văn bản: Công văn (độ tin cậy" in out
    code, out, err = vbhc(monkeypatch, capsys, "receive", docx, "-r", db, "--ngay-den", "16/01/2026")
    assert code == 1 and out == ""
    assert err.startswith("Lỗi: ") and "văn bản đến số 01 năm 2026" in err and "--force" in err
    assert "Traceback" not in err
    code, out, err = vbhc(monkeypatch, capsys, "receive", docx, "-r", db, "--force", "--json",
                          "--sua", "ghi_chu=Bản thứ hai")
    data = json.loads(out)
    assert code == 0 and data["so_den"] == 2 and data["ma"] == "2026/02"
    assert data["truong_doc"]["ten_loai"]["gia_tri"] == "Công văn" and "trùng" in data["ghi_chu"]


def test_register_commands_of_the_so_den(monkeypatch, capsys, tmp_path: Path, docx: Path) -> None:
    db = tmp_path / "so.db"
    vbhc(monkeypatch, capsys, "receive", docx, "-r", db, "--ngay-den", "15/01/2026", "--han", "20/01/2026")
    code, out, _ = vbhc(monkeypatch, capsys, "register", "list", "--den", "-r", db)
    assert code == 0 and "2026/01" in out and "15/01/2026" in out and "Tổng: 1 văn bản đến." in out
    code, out, _ = vbhc(monkeypatch, capsys, "register", "list", "--den", "-r", db, "--tim", "khong co",
                        "--json")
    assert code == 0 and json.loads(out) == []
    code, out, err = vbhc(monkeypatch, capsys, "register", "sua-den", "2026/01", "-r", db,
                          "--truong", "don_vi_nhan=Phòng Kinh tế", "--truong", "ky_nhan=Lan")
    assert code == 0, err
    assert out.strip() == "Đã sửa văn bản đến số 01/2026: don_vi_nhan, ky_nhan."
    code, out, _ = vbhc(monkeypatch, capsys, "register", "y-kien", "01/2026", "-r", db, "--nguoi", "Chủ tịch",
                        "--noi-dung", "Giao Phòng Kinh tế", "--luc", "2026-01-16T09:15")
    assert code == 0 and "16/01/2026 09:15 Chủ tịch: Giao Phòng Kinh tế" in out
    code, out, _ = vbhc(monkeypatch, capsys, "register", "qua-han", "-r", db, "--ngay", "25/01/2026")
    assert code == 0 and "1 văn bản đến quá hạn" in out and "5" in out.split("2026/01")[1]
    code, out, _ = vbhc(monkeypatch, capsys, "register", "giai-quyet", "2026/01", "-r", db, "--ngay",
                        "26/01/2026", "--tra-loi", "20/UBND-KT")
    assert code == 0 and "(trễ hạn 20/01/2026)" in out
    code, out, _ = vbhc(monkeypatch, capsys, "register", "xem-den", "2026/01", "-r", db, "--json")
    shown = json.loads(out)
    assert shown["so_ky_hieu_tra_loi"] == "20/UBND-KT" and [e["viec"] for e in shown["nhat_ky"]] == [
        "receive", "update_den", "y_kien", "giai_quyet"]
    code, out, _ = vbhc(monkeypatch, capsys, "register", "metadata", "--den", "2026/01", "-r", db)
    root = etree.fromstring(out.encode("utf-8"))
    assert etree.QName(root).localname == "VanBanDen"
    assert root.findtext("{*}ArrivalNumber") == "1" and root.findtext("{*}ToPlaces") == "Phòng Kinh tế"
    code, out, _ = vbhc(monkeypatch, capsys, "register", "metadata", "--den", "2026/01", "-r", db, "--json")
    assert json.loads(out)["ArrivalDate"] == "2026-01-15"
    xlsx = tmp_path / "so_den.xlsx"
    code, out, _ = vbhc(monkeypatch, capsys, "register", "export", xlsx, "--den", "-r", db)
    assert code == 0 and load_workbook(xlsx).worksheets[0]["B12"].value == "01"
    code, out, _ = vbhc(monkeypatch, capsys, "register", "bao-cao-den", "-r", db, "--ngay", "31/01/2026",
                        "--json")
    assert json.loads(out)["tong"]["tre_han"] == 1


@pytest.mark.parametrize(("args", "message"), [
    (("register", "sua-den", "2026-01", "--truong", "ky_nhan=A"), "«2026-01» không phải NĂM/SỐ_ĐẾN"),
    (("register", "sua-den", "2026/09", "--truong", "tac_gia=X"), "không có số đến 09 năm 2026"),
    (("register", "sua-den", "2026/01", "--truong", "tac_gia"), "«tac_gia» không có dạng trường=giá trị"),
    (("register", "sua-den", "2026/01", "--truong", "so_den=4"), "không sửa được trường so_den"),
    (("register", "giai-quyet", "2026/01", "--ngay", "32/01/2026"), "ngày «32/01/2026» không hợp lệ"),
    (("register", "list", "--tim", "x"), "--tim chỉ dùng cho sổ văn bản đến"),
    (("register", "export", "so.xlsx", "--den", "--series", "qd"), "--series là của sổ văn bản đi"),
    (("register", "bao-cao-den"), "cần ít nhất một đầu ra"),
    (("receive", "khong_co.pdf", "--sua", "so=1"), "không có trường «so»"),
])
def test_bad_input_is_one_vietnamese_message(monkeypatch, capsys, tmp_path: Path, docx: Path, args,
                                             message) -> None:
    db = tmp_path / "so.db"
    assert vbhc(monkeypatch, capsys, "receive", docx, "-r", db, "--ngay-den", "15/01/2026")[0] == 0
    code, out, err = vbhc(monkeypatch, capsys, *args, "-r", db)
    assert code == 1 and out == "" and message in err, err
    assert err.startswith("Lỗi: ") and "Traceback" not in err
