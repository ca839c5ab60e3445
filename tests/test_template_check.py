"""``vbhc template check``: lint docxtpl templates (split tags, unbalanced blocks, syntax, safety,
variables), each finding placed in the paragraph or table cell where it is."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from vbhc.errors import EnvironmentProblem
from vbhc.templating.lint import (
    CHO_CHEN,
    CU_PHAP,
    KHONG_AN_TOAN,
    KHONG_CAN,
    TACH_THE,
    THIEU_BIEN,
    check_template,
    template_variables,
)


def make_template(path: Path, paragraphs: list[list[tuple[str, bool]]] | None = None,
                  table: list[list[str]] | None = None, after: list[str] | None = None) -> Path:
    """A DOCX whose paragraphs are runs (text, bold), then an optional table, then more paragraphs."""
    document = Document()
    for runs in paragraphs or []:
        paragraph = document.add_paragraph()
        for text, bold in runs:
            paragraph.add_run(text).bold = bold
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    for text in after or []:
        document.add_paragraph(text)
    document.save(path)
    return path


def kinds(findings) -> list[str]:
    return [f.loai for f in findings]


def vbhc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vbhc", *args], capture_output=True, text=True, timeout=120)


def test_clean_template_has_no_findings(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "t.docx",
        [[("Kính gửi: ", False), ("{{ ho_ten }}", True)], [("{%p if co_quan %}", False)],
         [("{{ co_quan }}", False)], [("{%p endif %}", False)]],
        table=[["TT", "Họ tên"], ["{%tr for x in ds %}", ""], ["{{ loop.index }}", "{{ x.ten }}"],
               ["{%tr endfor %}", ""]],
    )
    assert check_template(path) == []
    assert template_variables(path) == {"ho_ten", "co_quan", "ds"}


def test_tag_split_across_runs_with_different_formatting(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "t.docx",
        [[("Xin chào", False)], [("Ông/bà ", False), ("{{ ho", True), ("_ten }}", False)]],
    )
    findings = check_template(path)
    assert kinds(findings) == [TACH_THE]
    assert findings[0].vitri == "đoạn 2"
    assert "{{ ho_ten }}" in findings[0].thong_diep and "tách thành 2 đoạn chữ" in findings[0].thong_diep


def test_split_runs_with_same_formatting_are_fine(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", [[("{{ ho", False), ("_ten }}", False)]])
    assert check_template(path) == []


def test_unclosed_tr_loop_in_table_names_the_cell(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "t.docx",
        table=[["TT", "Nội dung"], ["{%tr for x in ds %}", ""], ["{{ x.stt }}", "{{ x.noi_dung }}"]],
    )
    findings = check_template(path)
    assert kinds(findings) == [KHONG_CAN]
    assert findings[0].vitri == "bảng 1, hàng 2, ô 1"
    assert "không có thẻ đóng" in findings[0].thong_diep and "{%tr endfor %}" in findings[0].thong_diep


def test_closing_with_another_level_is_reported(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "t.docx",
        table=[["{%tr for x in ds %}"], ["{{ x }}"]],
        after=["{%p endfor %}"],
    )
    findings = check_template(path)
    assert kinds(findings) == [KHONG_CAN]
    assert findings[0].vitri == "đoạn 1"
    assert "cùng loại" in findings[0].thong_diep


def test_endif_without_if_and_wrong_end(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "t.docx",
        [[("{%p endif %}", False)], [("{%p if a %}", False)], [("x", False)], [("{%p endfor %}", False)]],
    )
    findings = check_template(path)
    assert kinds(findings) == [KHONG_CAN, KHONG_CAN, KHONG_CAN]
    assert findings[0].vitri == "đoạn 1" and "không có thẻ mở" in findings[0].thong_diep
    assert findings[1].vitri == "đoạn 2" and "không có thẻ đóng «{%p endif %}»" in findings[1].thong_diep
    assert findings[2].vitri == "đoạn 4" and "cần «endif»" in findings[2].thong_diep


def test_paragraph_block_opened_and_closed_in_one_paragraph(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", [[("{%p if a %}có{%p endif %}", False)]])
    findings = check_template(path)
    assert kinds(findings) == [KHONG_CAN, KHONG_CAN]
    messages = " | ".join(f.thong_diep for f in findings)
    assert "cùng một đoạn" in messages and "chữ «có»" in messages


def test_plain_block_spanning_paragraphs(tmp_path: Path) -> None:
    runs = [[("{% if a %}", False)], [("x", False)], [("{% endif %}", False)]]
    path = make_template(tmp_path / "t.docx", runs)
    findings = check_template(path)
    assert kinds(findings) == [KHONG_CAN]
    assert findings[0].vitri == "đoạn 3" and "{%p …%}" in findings[0].thong_diep


def test_tr_tag_outside_a_table(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", [[("{%tr for x in ds %}", False)], [("{%tr endfor %}", False)]])
    findings = check_template(path)
    assert kinds(findings) == [KHONG_CAN, KHONG_CAN]
    assert all("không nằm trong bảng" in f.thong_diep for f in findings)


def test_syntax_errors_and_unterminated_tags(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "t.docx",
        [[("{{ ho_ten | }}", False)], [("Ngày {{ ngay", False)], [("{% for in %}{% endfor %}", False)]],
    )
    findings = check_template(path)
    assert kinds(findings) == [CU_PHAP, CU_PHAP, CU_PHAP]
    assert [f.vitri for f in findings] == ["đoạn 1", "đoạn 2", "đoạn 3"]
    assert "lỗi cú pháp" in findings[0].thong_diep
    assert "không có «}}»" in findings[1].thong_diep


@pytest.mark.parametrize(
    "tag",
    ["{{ x.__class__ }}", "{{ x['__globals__'] }}", "{{ self._TemplateReference__context }}",
     "{{ cycler.__init__.__globals__.os }}", "{{ _secret }}", "{{ x|attr('__class__') }}"],
)
def test_private_attribute_access_is_unsafe(tmp_path: Path, tag: str) -> None:
    path = make_template(tmp_path / "t.docx", [[(tag, False)]])
    findings = check_template(path)
    assert kinds(findings) == [KHONG_AN_TOAN]
    assert "không an toàn" in findings[0].thong_diep


def test_include_is_refused(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", [[("{% include '/etc/passwd' %}", False)]])
    assert kinds(check_template(path)) == [KHONG_AN_TOAN]


def test_variables_missing_from_the_data(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "t.docx",
        [[("{{ ho_ten }} — {{ chuc_vu }}", False)]],
        table=[["{%tr for x in ds %}"], ["{{ x }} {{ don_vi }}"], ["{%tr endfor %}"]],
    )
    findings = check_template(path, provided=["ho_ten", "ds"])
    assert kinds(findings) == [THIEU_BIEN, THIEU_BIEN]
    by_name = {f.thong_diep.split("»")[0].split("«")[1]: f for f in findings}
    assert set(by_name) == {"chuc_vu", "don_vi"}
    assert by_name["chuc_vu"].vitri == "đoạn 1"
    assert by_name["don_vi"].vitri == "bảng 1, hàng 2, ô 1"


def test_header_tags_are_checked(tmp_path: Path) -> None:
    document = Document()
    document.sections[0].header.paragraphs[0].text = "{{ so_ky_hieu "
    document.add_paragraph("thân")
    path = tmp_path / "t.docx"
    document.save(path)
    findings = check_template(path)
    assert kinds(findings) == [CU_PHAP]
    assert findings[0].vitri.startswith("đầu trang (header")


def test_unreadable_files(tmp_path: Path) -> None:
    fake = tmp_path / "fake.docx"
    fake.write_text("không phải docx", encoding="utf-8")
    with pytest.raises(EnvironmentProblem, match="không phải là DOCX"):
        check_template(fake)
    with pytest.raises(EnvironmentProblem, match="không tìm thấy"):
        check_template(tmp_path / "missing.docx")
    empty_zip = tmp_path / "empty.docx"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("a.txt", "x")
    with pytest.raises(EnvironmentProblem, match=r"word/document\.xml"):
        check_template(empty_zip)


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("{{ bi_mat }}", encoding="utf-8")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "xxe.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml)
    assert template_variables(path) == set()


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b" " * (80 * 1024 * 1024) + b"</a>")
    with pytest.raises(EnvironmentProblem, match="quá lớn"):
        check_template(path)


# --- the command -----------------------------------------------------------------------------------


def test_cli_exit_codes(tmp_path: Path) -> None:
    good = make_template(tmp_path / "good.docx", [[("{{ ho_ten }}", False)]])
    bad = make_template(tmp_path / "bad.docx", [[("{{ ho", True), ("_ten }}", False)]])
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"PK not really")

    result = vbhc("template", "check", str(good))
    assert result.returncode == 0, result.stderr
    assert "không có vấn đề" in result.stdout and "ho_ten" in result.stdout

    result = vbhc("template", "check", str(bad))
    assert result.returncode == 1
    assert f"{bad}, đoạn 1: thẻ «{{{{ ho_ten }}}}» bị Word tách" in result.stdout
    assert "Traceback" not in result.stderr

    result = vbhc("template", "check", str(fake))
    assert result.returncode == 2
    assert "không phải là DOCX" in result.stderr and "Traceback" not in result.stderr

    result = vbhc("template", "check", str(tmp_path / "missing.docx"))
    assert result.returncode == 2 and "không tìm thấy" in result.stderr


def test_cli_with_data_spreadsheet(tmp_path: Path) -> None:
    template = make_template(tmp_path / "moi.docx", [[("Kính gửi {{ ho_va_ten }}, {{ chuc_vu }}", False)]])
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Đơn vị"])
    sheet.append(["Nguyễn Văn A", "Văn phòng"])
    data = tmp_path / "dl.xlsx"
    book.save(data)
    result = vbhc("template", "check", str(template), "--data", str(data))
    assert result.returncode == 1, result.stderr
    assert "biến «chuc_vu» không có trong dữ liệu" in result.stdout
    assert "ho_va_ten" not in result.stdout.split("dữ liệu có:")[0]
    assert "don_vi" in result.stdout


def test_cli_with_source(tmp_path: Path) -> None:
    pytest.importorskip("vbhc.sources.markdown")
    from vbhc.writers.docx import template_for

    example = Path(__file__).resolve().parents[1] / "examples" / "ke_hoach_cchc_2026" / "ke_hoach.md"
    if not example.exists():
        pytest.skip("example source not available yet")
    builtin = template_for("ke_hoach")
    result = vbhc("template", "check", str(builtin), "--source", str(example))
    assert result.returncode == 0, result.stdout + result.stderr

    template = make_template(tmp_path / "t.docx", [[("{{ trich_yeu }} {{ khong_co }}", False)]])
    result = vbhc("template", "check", str(template), "--source", str(example))
    assert result.returncode == 1
    assert "biến «khong_co»" in result.stdout and "trich_yeu" not in result.stdout.split("dữ liệu có:")[0]
    # the example has content and an annex: both paragraph slots are needed
    assert f"{template}: mẫu thiếu chỗ chèn «{{{{p noi_dung }}}}»" in result.stdout
    assert "«{{p phu_luc }}»" in result.stdout


def test_paragraph_slots_must_be_written_with_p_alone(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "t.docx", [[("{{ trich_yeu }} {{ noi_dung }}", False)], [("{{p phu_luc }}", False)]]
    )
    findings = check_template(path, slots=["noi_dung", "phu_luc"], required_slots=["noi_dung", "phu_luc"])
    assert kinds(findings) == [CHO_CHEN]
    assert findings[0].vitri == "đoạn 1" and "{{p noi_dung }}" in findings[0].thong_diep


def test_required_slot_missing(tmp_path: Path) -> None:
    path = make_template(tmp_path / "t.docx", [[("{{ trich_yeu }}", False)]])
    findings = check_template(path, slots=["noi_dung", "phu_luc"], required_slots=["noi_dung"])
    assert kinds(findings) == [CHO_CHEN]
    assert findings[0].vitri == "" and "thiếu chỗ chèn «{{p noi_dung }}»" in str(findings[0])


def test_text_beside_a_row_or_paragraph_tag_would_be_lost(tmp_path: Path) -> None:
    path = make_template(
        tmp_path / "t.docx",
        [[("Danh sách: {%p if ds %}", False)], [("{{ ds }}", False)], [("{%p endif %}", False)]],
        table=[["{%tr for x in ds %}", "Ghi chú"], ["{{ x }}", ""], ["{%tr endfor %}", ""]],
    )
    findings = check_template(path)
    assert kinds(findings) == [KHONG_CAN, KHONG_CAN]
    assert findings[0].vitri == "đoạn 1" and "«Danh sách:»" in findings[0].thong_diep
    assert findings[1].vitri == "bảng 1, hàng 1, ô 1" and "«Ghi chú»" in findings[1].thong_diep
    assert "sẽ mất" in findings[1].thong_diep


def test_builtin_templates_are_clean() -> None:
    """No false alarms on the templates vbhc ships (letterhead tables, loops, paragraph slots)."""
    from importlib import resources

    templates = sorted(p for p in resources.files("vbhc.templates").iterdir() if p.name.endswith(".docx"))
    if not templates:
        pytest.skip("templates not built")
    for template in templates:
        path = Path(str(template))
        assert check_template(path, slots=["noi_dung", "phu_luc"]) == [], path.name
        assert template_variables(path), path.name  # they do use variables
