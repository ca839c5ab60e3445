"""``vbhc annex``: the annex alone as XLSX or DOCX, its messages, and nothing written on bad input."""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ke_hoach_source
from docx import Document
from openpyxl import load_workbook
from xlsx_factory import DATA, HEADER, TASK_1, TASK_2, make_data, make_tasks_xlsx, set_cached_values

from vbhc.cli import cli
from vbhc.cli.common import run

TITLE = "Danh mục nhiệm vụ cải cách hành chính năm 2026"
KEM_THEO = "(Kèm theo Kế hoạch số 05/KH-UBND ngày 14 tháng 01 năm 2026 của Ủy ban nhân dân xã Hùng Thắng)"
GROUP_II, TASK_3 = make_data.GROUP_II, make_data.TASK_3


def vbhc(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """Run the command line as a user does (errors turned into messages by ``run``)."""
    monkeypatch.setattr(sys, "argv", ["vbhc", *map(str, args)])
    code = run(cli)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def tasks(tmp_path):
    """data/nhiem_vu.xlsx: a title row, the header, GROUP_I, TASK_1, TASK_2, GROUP_II, TASK_3."""
    return Path(shutil.copyfile(DATA / "nhiem_vu.xlsx", tmp_path / "nhiem_vu.xlsx"))


@pytest.fixture
def source(tmp_path, tasks):
    text = ke_hoach_source(so="5", ngay="2026-01-14").replace(
        "luu: [VT, VHXH]\n", f"luu: [VT, VHXH]\nphu_luc:\n  - tieu_de: {TITLE}\n    bang: {tasks.name}\n"
    )
    path = tmp_path / "ke_hoach.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_xlsx_without_source(monkeypatch, capsys, tmp_path, tasks):
    out = tmp_path / "phu_luc.xlsx"
    code, stdout, stderr = vbhc(monkeypatch, capsys, "annex", tasks, "-o", out)
    assert code == 0, stderr
    assert stdout.strip() == f"Đã ghi {out}: 3 nhiệm vụ trong 2 nhóm."
    sheet = load_workbook(out).active
    assert [sheet.cell(r, 1).value for r in (1, 2, 4)] == ["Phụ lục", "DANH MỤC NHIỆM VỤ", "TT"]
    assert [sheet.cell(r, 2).value for r in (6, 7, 9)] == [
        "Ban hành Kế hoạch",
        "Kiểm tra cải cách hành chính",
        "Công khai thủ tục hành chính",
    ]


def test_xlsx_with_source_takes_title_and_kem_theo(monkeypatch, capsys, tmp_path, tasks, source):
    out = tmp_path / "phu_luc.xlsx"
    code, _, stderr = vbhc(monkeypatch, capsys, "annex", tasks, "-o", out, "--source", source)
    assert code == 0, stderr
    sheet = load_workbook(out).active
    assert [sheet.cell(r, 1).value for r in range(1, 5)] == [
        "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG",
        "Phụ lục",
        TITLE.upper(),
        KEM_THEO,
    ]


def test_title_option_and_sheet_option(monkeypatch, capsys, tmp_path):
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1], sheet="Năm 2026", before_sheets=["Ghi chú"])
    out = tmp_path / "p.xlsx"
    code, _, stderr = vbhc(
        monkeypatch, capsys, "annex", path, "-o", out, "--sheet", "năm 2026", "--title", "Các việc trọng tâm"
    )
    assert code == 0, stderr
    sheet = load_workbook(out).active
    assert sheet["A2"].value == "CÁC VIỆC TRỌNG TÂM" and sheet["B5"].value == "Ban hành Kế hoạch"


def test_extra_columns_option(monkeypatch, capsys, tmp_path):
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [(*TASK_1, "10 triệu")], header=(*HEADER, "Kinh phí"))
    out = tmp_path / "p.xlsx"
    code, stdout, _ = vbhc(monkeypatch, capsys, "annex", path, "-o", out, "--extra-columns")
    assert code == 0 and stdout.strip() == f"Đã ghi {out}: 1 nhiệm vụ."
    sheet = load_workbook(out).active
    assert (sheet["G4"].value, sheet["G5"].value) == ("Kinh phí", "10 triệu")


def test_docx_with_source(monkeypatch, capsys, tmp_path, tasks, source):
    out = tmp_path / "phu_luc.docx"
    code, stdout, stderr = vbhc(monkeypatch, capsys, "annex", tasks, "-o", out, "--source", source)
    assert code == 0, stderr
    assert "3 nhiệm vụ trong 2 nhóm" in stdout
    document = Document(out)
    paragraphs = [p.text for p in document.paragraphs]
    assert TITLE.upper() in paragraphs and KEM_THEO in paragraphs
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    texts = ["Ban hành Kế hoạch", "Kiểm tra cải cách hành chính", "Công khai thủ tục hành chính"]
    positions = [cells.index(text) for text in texts]
    assert positions == sorted(positions) and all(cells.count(t) == 1 for t in texts)
    section = document.sections[-1]
    assert section.page_width > section.page_height


def test_warnings_go_to_stderr(monkeypatch, capsys, tmp_path):
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1, (5, *TASK_2[1:])])
    code, _, stderr = vbhc(monkeypatch, capsys, "annex", path, "-o", tmp_path / "p.xlsx")
    assert code == 0 and stderr.startswith("Cảnh báo:") and "ô A3" in stderr


def _bad_tables(tmp_path):
    """(name, path, text the message must contain) for each kind of bad spreadsheet."""
    cases = []
    no_header = make_tasks_xlsx(tmp_path / "no_header.xlsx", [("a", "b")], header=("Cột 1", "Cột 2"))
    cases.append(("no_header", no_header, "không tìm thấy dòng tiêu đề"))
    no_lead_col = make_tasks_xlsx(
        tmp_path / "no_lead_col.xlsx", [TASK_1], header=("TT", "Nội dung", "Phối hợp")
    )
    cases.append(
        ("no_lead_col", no_lead_col, "dòng 1: dòng tiêu đề thiếu cột «Cơ quan chủ trì» (đã tìm các tên")
    )
    no_content = make_tasks_xlsx(tmp_path / "no_content.xlsx", [(1, None, "Văn phòng", None, None, None)])
    cases.append(("no_content", no_content, "ô B2: nhiệm vụ thiếu nội dung công việc"))
    no_lead = make_tasks_xlsx(tmp_path / "no_lead.xlsx", [(1, "Việc", None, "Văn phòng", None, None)])
    cases.append(("no_lead", no_lead, "ô C2: nhiệm vụ thiếu cơ quan chủ trì"))
    ref = set_cached_values(make_tasks_xlsx(tmp_path / "ref.xlsx", [TASK_1]), {"D2": "#REF!"})
    cases.append(("ref", ref, "ô D2: ô chứa lỗi công thức #REF!"))
    csv = tmp_path / "csv.xlsx"
    csv.write_text("TT;Nội dung\n1;Việc\n", encoding="utf-8")
    cases.append(("csv", csv, "không phải bảng tính Excel .xlsx"))
    xls = tmp_path / "cu.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le"))
    cases.append(("xls", xls, "(.xls)"))
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le")
    )
    cases.append(("locked", locked, "đặt mật khẩu"))
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    cases.append(("broken", broken, "không phải bảng tính Excel .xlsx hợp lệ"))
    cases.append(("missing", tmp_path / "khong_co.xlsx", "không tìm thấy tệp bảng tính"))
    return cases


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_bad_spreadsheets_name_the_place_and_write_nothing(monkeypatch, capsys, tmp_path, suffix):
    for name, path, expected in _bad_tables(tmp_path):
        out = tmp_path / "out" / f"{name}{suffix}"
        out.parent.mkdir(exist_ok=True)
        code, stdout, stderr = vbhc(monkeypatch, capsys, "annex", path, "-o", out)
        assert code == 1, (name, stderr)
        first = stderr.splitlines()[0]
        assert first.startswith(f"Lỗi: {path}") and expected in stderr, (name, stderr)
        assert "Traceback" not in stderr and stdout == ""
        assert list(out.parent.iterdir()) == [], name


def test_wrong_output_extension(monkeypatch, capsys, tmp_path, tasks):
    code, _, stderr = vbhc(monkeypatch, capsys, "annex", tasks, "-o", tmp_path / "p.pdf")
    assert code == 1 and "phải có đuôi .xlsx hoặc .docx" in stderr
    assert not (tmp_path / "p.pdf").exists()


def test_refuses_to_overwrite_the_spreadsheet(monkeypatch, capsys, tasks):
    before = tasks.read_bytes()
    code, _, stderr = vbhc(monkeypatch, capsys, "annex", tasks, "-o", tasks)
    assert code == 2 and "không ghi đè" in stderr
    assert tasks.read_bytes() == before


def test_bad_source_is_reported(monkeypatch, capsys, tmp_path, tasks):
    bad = tmp_path / "sai.md"
    bad.write_text("không có phần khai báo\n", encoding="utf-8")
    code, _, stderr = vbhc(monkeypatch, capsys, "annex", tasks, "-o", tmp_path / "p.xlsx", "--source", bad)
    assert code == 1 and stderr.startswith(f"Lỗi: {bad}")
    assert not (tmp_path / "p.xlsx").exists()
