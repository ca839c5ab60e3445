"""The bad-input corpus: whatever a clerk feeds vbhc, the answer is one clear Vietnamese line naming
the file and the place (line, sheet, cell, field), a non-zero exit, no traceback, and no output
written or damaged (a previous good output stays byte-identical)."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook
from xlsx_factory import GROUP_I, HEADER, TASK_1, TASK_2, make_tasks_xlsx

PREVIOUS = b"PREVIOUS GOOD OUTPUT"
TRICH_YEU = "Cải cách hành chính nhà nước năm 2026"

GOOD = """---
loai: ke_hoach
co_quan: {ten: ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG, viet_tat: UBND}
dia_danh: Hùng Thắng
so: 5
ngay: 05/03/2026
trich_yeu: Cải cách hành chính nhà nước năm 2026
nguoi_ky: {tham_quyen: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH], chuc_vu: PHÓ CHỦ TỊCH, ho_ten: Vũ Trọng Thủy}
noi_nhan: [Sở Nội vụ, "Các cơ quan, đơn vị"]
luu: [VT, VHXH]
---

# Mục đích, yêu cầu

Nội dung kế hoạch.
"""


def vbhc(*args: str | Path) -> tuple[int, str, str]:
    """Run the ``vbhc`` entry point in this process (as the console script does)."""
    from vbhc.cli import cli
    from vbhc.cli.common import run

    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["vbhc", *map(str, args)]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = run(cli)
            except SystemExit as done:
                code = done.code if isinstance(done.code, int) else 1
    finally:
        sys.argv = argv
    return code, out.getvalue(), err.getvalue()


def assert_refused(result: tuple[int, str, str], *needles: str) -> str:
    """Non-zero exit, one Vietnamese «Lỗi:» message containing ``needles``, no traceback."""
    code, out, err = result
    assert code != 0, (out, err)
    assert "Traceback" not in out + err
    assert err.startswith("Lỗi: "), err
    for needle in needles:
        assert needle in err, (needle, err)
    return err


def previous(path: Path) -> Path:
    path.write_bytes(PREVIOUS)
    return path


def assert_untouched(*paths: Path) -> None:
    for path in paths:
        assert path.read_bytes() == PREVIOUS, path
        leftovers = [p.name for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.")]
        assert leftovers == [], leftovers


def source(tmp_path: Path, text: str = GOOD, name: str = "ke_hoach.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def render(tmp_path: Path, text: str, *extra: str) -> tuple[tuple[int, str, str], Path, Path]:
    src = source(tmp_path, text)
    out = previous(tmp_path / "ke_hoach.docx")
    return vbhc("render", src, "-o", out, *extra), src, out


def docx_text(path: Path) -> str:
    document = Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_good_source_renders(tmp_path: Path) -> None:
    """The baseline the corpus breaks: the same source, unbroken, renders (exit 0)."""
    (code, _out, err), _, target = render(tmp_path, GOOD)
    assert code == 0, err
    assert "Nội dung kế hoạch." in docx_text(target)


# --- the source file --------------------------------------------------------------------------


def test_malformed_yaml_front_matter(tmp_path: Path) -> None:
    text = GOOD.replace("dia_danh: Hùng Thắng", "dia_danh: [Hùng Thắng")
    result, src, out = render(tmp_path, text)
    assert_refused(result, str(src), "dòng", "YAML")
    assert_untouched(out)


def test_missing_front_matter(tmp_path: Path) -> None:
    result, src, out = render(tmp_path, "# Chỉ có nội dung\n\nKhông có phần khai báo.\n")
    assert_refused(result, str(src), "---")
    assert_untouched(out)


def test_unknown_loai(tmp_path: Path) -> None:
    result, src, out = render(tmp_path, GOOD.replace("loai: ke_hoach", "loai: ke_hoach_xyz"))
    assert_refused(result, str(src), "loai", "ke_hoach_xyz")
    assert_untouched(out)


@pytest.mark.parametrize(
    ("line", "field"),
    [("dia_danh: Hùng Thắng\n", "dia_danh"), (f"trich_yeu: {TRICH_YEU}\n", "trich_yeu")],
)
def test_missing_required_field(tmp_path: Path, line: str, field: str) -> None:
    result, src, out = render(tmp_path, GOOD.replace(line, ""))
    assert_refused(result, str(src), field)
    assert_untouched(out)


def test_missing_signer(tmp_path: Path) -> None:
    text = "\n".join(line for line in GOOD.splitlines() if not line.startswith("nguoi_ky")) + "\n"
    result, src, out = render(tmp_path, text)
    assert_refused(result, str(src), "nguoi_ky")
    assert_untouched(out)


def test_impossible_date(tmp_path: Path) -> None:
    result, src, out = render(tmp_path, GOOD.replace("05/03/2026", "31/02/2026"))
    assert_refused(result, str(src), "31/02/2026", "ngay")
    assert_untouched(out)


@pytest.mark.parametrize("date_text", ["05/03/3026", "05/03/1026", "0026-03-05"])
def test_year_far_off(tmp_path: Path, date_text: str) -> None:
    result, src, out = render(tmp_path, GOOD.replace("05/03/2026", date_text))
    err = assert_refused(result, str(src), date_text.split("/")[-1].split("-")[0])
    assert "«ngay»" in err or "ngày ban hành" in err
    assert_untouched(out)


def test_control_characters_in_source(tmp_path: Path) -> None:
    text = GOOD.replace("Nội dung kế hoạch.", "Nội dung\x00 kế\x0b hoạch\x1f.")
    (code, out, err), src, target = render(tmp_path, text)
    if code == 0:  # stripped: the document is valid and reads as the text without them
        body = docx_text(target)
        assert "Nội dung kế hoạch." in body.replace("  ", " ") or "Nội dung kế hoạch." in body
        assert not any(ch in body for ch in "\x00\x0b\x1f")
    else:  # refused, naming the line
        assert_refused((code, out, err), str(src), "dòng")
        assert_untouched(target)


def test_xml_special_characters_and_emoji_render_literally(tmp_path: Path) -> None:
    text = GOOD.replace(
        "trich_yeu: Cải cách hành chính nhà nước năm 2026", "trich_yeu: 'Về việc A & B < C > D \"E\" 🎉'"
    ).replace("Nội dung kế hoạch.", "Hợp đồng A & B < C > D \"E\" 😀 ]]> x.")
    (code, _out, err), _, target = render(tmp_path, text)
    assert code == 0, err
    body = docx_text(target)
    assert 'Về việc A & B < C > D "E" 🎉' in body
    assert 'Hợp đồng A & B < C > D "E" 😀 ]]> x.' in body


def test_trich_yeu_of_2000_characters(tmp_path: Path) -> None:
    long_text = ("Cải cách hành chính nhà nước " * 80)[:2000].strip()
    (code, out, err), src, target = render(tmp_path, GOOD.replace(TRICH_YEU, long_text))
    if code == 0:  # rendered whole, not cut
        assert long_text in docx_text(target)
    else:
        assert_refused((code, out, err), str(src), "trich_yeu")
        assert_untouched(target)


def test_one_thousand_recipients(tmp_path: Path) -> None:
    names = [f"Cơ quan số {i}" for i in range(1, 1001)]
    listed = "noi_nhan:\n" + "".join(f"  - {n}\n" for n in names)
    text = GOOD.replace('noi_nhan: [Sở Nội vụ, "Các cơ quan, đơn vị"]', listed)
    (code, _out, err), _, target = render(tmp_path, text)
    assert code == 0, err
    body = docx_text(target).splitlines()
    for name in (names[0], names[499], names[-1]):
        assert body.count(f"- {name};") == 1


def test_source_that_is_not_text(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("Đây là tệp Word")
    src = tmp_path / "ke_hoach.md"
    document.save(src)
    out = previous(tmp_path / "ke_hoach.docx")
    assert_refused(vbhc("render", src, "-o", out), str(src))
    assert_untouched(out)


def test_source_that_does_not_exist(tmp_path: Path) -> None:
    out = previous(tmp_path / "ke_hoach.docx")
    missing = tmp_path / "khong_co.md"
    assert_refused(vbhc("render", missing, "-o", out), str(missing), "không tìm thấy")
    assert_untouched(out)


def test_output_in_a_missing_folder(tmp_path: Path) -> None:
    src = source(tmp_path)
    target = tmp_path / "khong_co" / "ke_hoach.docx"
    assert_refused(vbhc("render", src, "-o", target), "khong_co", "không tồn tại")
    assert not target.parent.exists()


def test_output_over_the_template(tmp_path: Path) -> None:
    from vbhc.writers.docx import template_for

    src = source(tmp_path)
    template = tmp_path / "mau.docx"
    template.write_bytes(template_for("ke_hoach").read_bytes())
    before = template.read_bytes()
    assert_refused(vbhc("render", src, "--template", template, "-o", template), str(template))
    assert template.read_bytes() == before


def test_output_over_the_source(tmp_path: Path) -> None:
    src = source(tmp_path, name="ke_hoach.docx")  # a source that happens to be named .docx
    before = src.read_bytes()
    assert_refused(vbhc("render", src, "-o", src), str(src))
    assert src.read_bytes() == before


def test_output_path_is_a_folder(tmp_path: Path) -> None:
    src = source(tmp_path)
    folder = tmp_path / "ra.docx"
    folder.mkdir()
    assert_refused(vbhc("render", src, "-o", folder), "ra.docx")
    assert folder.is_dir() and not any(folder.iterdir())


# --- the task spreadsheet -------------------------------------------------------------------------


def annex(tmp_path: Path, tasks: Path, *extra: str) -> tuple[tuple[int, str, str], Path]:
    out = previous(tmp_path / "phu_luc.docx")
    return vbhc("annex", tasks, "-o", out, *extra), out


def test_spreadsheet_without_header(tmp_path: Path) -> None:
    tasks = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1, TASK_2], header=None)
    result, out = annex(tmp_path, tasks)
    assert_refused(result, str(tasks), "Nhiệm vụ", "tiêu đề")
    assert_untouched(out)


def test_spreadsheet_with_duplicated_headers(tmp_path: Path) -> None:
    header = list(HEADER)
    header[3] = header[2]  # «Cơ quan chủ trì» twice, «Cơ quan phối hợp» gone
    tasks = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1, TASK_2], header=header)
    result, out = annex(tmp_path, tasks)
    assert_refused(result, str(tasks), "Cơ quan chủ trì")
    assert_untouched(out)


def test_spreadsheet_with_cells_merged_across_data_rows(tmp_path: Path) -> None:
    """One chủ trì merged over two tasks: nothing lost, each task keeps it."""
    tasks = make_tasks_xlsx(tmp_path / "nv.xlsx", [GROUP_I, TASK_1, TASK_2], merges=["C3:C4"])
    (code, _out, err), target = annex(tmp_path, tasks)
    assert code == 0, err
    rows = [[cell.text for cell in row.cells] for row in Document(target).tables[0].rows]
    task_rows = [row for row in rows if TASK_1[1] in row or TASK_2[1] in row]
    assert len(task_rows) == 2
    assert all(TASK_1[2] in row for row in task_rows)


def test_spreadsheet_with_formula_error(tmp_path: Path) -> None:
    broken = (3, "Nhiệm vụ có lỗi", "#DIV/0!", None, None, None)
    tasks = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1, TASK_2, broken])
    result, out = annex(tmp_path, tasks)
    assert_refused(result, str(tasks), "C4", "#DIV/0!")
    assert_untouched(out)


def test_spreadsheet_with_a_1mb_cell(tmp_path: Path) -> None:
    huge = (3, "Nhiệm vụ " + "rất dài " * 131_072, "Văn phòng", None, None, None)
    tasks = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1, huge])
    result, out = annex(tmp_path, tasks)
    assert_refused(result, str(tasks), "B3")
    assert_untouched(out)


@pytest.mark.slow
def test_spreadsheet_with_100000_rows(tmp_path: Path) -> None:
    book = Workbook(write_only=True)  # the fast writer: the case is about reading, not writing
    sheet = book.create_sheet("Nhiệm vụ")
    sheet.append(list(HEADER))
    for i in range(1, 100_001):
        sheet.append([i, f"Nhiệm vụ {i}", "Văn phòng", "Các phòng", "Quý I", "Báo cáo"])
    tasks = tmp_path / "nv.xlsx"
    book.save(tasks)
    (code, out, err), target = annex(tmp_path, tasks)
    if code == 0:  # the whole table, every row once
        from lxml import etree

        with zipfile.ZipFile(target) as archive:
            root = etree.fromstring(archive.read("word/document.xml"))
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        texts = ["".join(t.text or "" for t in tc.iter(f"{w}t")) for tc in root.iter(f"{w}tc")]
        assert texts.count("Nhiệm vụ 100000") == 1 and texts.count("Nhiệm vụ 1") == 1
    else:
        assert_refused((code, out, err), str(tasks))
        assert_untouched(target)


def test_spreadsheet_with_excel_escaped_control_characters(tmp_path: Path) -> None:
    """Excel stores a pasted line break (\\x0b) or NUL as «_x000B_» / «_x0000_»: never shown as such."""
    row = (3, "Nội dung_x000B_xuống dòng_x0000_ hết", "Văn phòng", None, None, None)
    tasks = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1, row])
    (code, out, err), target = annex(tmp_path, tasks)
    if code == 0:
        body = docx_text(target)
        assert "_x000B_" not in body and "_x0000_" not in body
        assert "Nội dung" in body and "xuống dòng" in body
    else:
        assert_refused((code, out, err), str(tasks), "B3")
        assert_untouched(target)


def test_spreadsheet_xml_special_characters_and_emoji(tmp_path: Path) -> None:
    row = (3, 'Hợp đồng A & B < C > D "E" 🎉', "Văn phòng & <Kế toán>", None, None, "😀")
    tasks = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1, row])
    (code, _out, err), target = annex(tmp_path, tasks)
    assert code == 0, err
    body = docx_text(target)
    assert 'Hợp đồng A & B < C > D "E" 🎉' in body and "Văn phòng & <Kế toán>" in body and "😀" in body


def test_spreadsheet_that_is_not_a_spreadsheet(tmp_path: Path) -> None:
    tasks = tmp_path / "nv.xlsx"
    tasks.write_text("TT;Nội dung\n1;Việc\n", encoding="utf-8")
    result, out = annex(tmp_path, tasks)
    assert_refused(result, str(tasks))
    assert_untouched(out)


def test_spreadsheet_that_is_a_word_file(tmp_path: Path) -> None:
    tasks = tmp_path / "nv.xlsx"
    Document().save(tasks)
    result, out = annex(tmp_path, tasks)
    assert_refused(result, str(tasks))
    assert_untouched(out)


def test_spreadsheet_that_does_not_exist(tmp_path: Path) -> None:
    tasks = tmp_path / "khong_co.xlsx"
    result, out = annex(tmp_path, tasks)
    assert_refused(result, str(tasks))
    assert_untouched(out)


def test_annex_output_over_its_spreadsheet(tmp_path: Path) -> None:
    tasks = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1, TASK_2])
    before = tasks.read_bytes()
    assert_refused(vbhc("annex", tasks, "-o", tasks), str(tasks))
    assert tasks.read_bytes() == before


def test_annex_output_in_a_missing_folder(tmp_path: Path) -> None:
    tasks = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1, TASK_2])
    target = tmp_path / "khong_co" / "phu_luc.docx"
    assert_refused(vbhc("annex", tasks, "-o", target), "khong_co", "không tồn tại")
    assert not target.parent.exists()


# --- other commands -------------------------------------------------------------------------------


def test_check_on_a_file_that_is_not_docx(tmp_path: Path) -> None:
    fake = tmp_path / "van_ban.docx"
    fake.write_text("không phải Word", encoding="utf-8")
    code, out, err = vbhc("check", fake)
    assert code == 2 and str(fake) in err and "Traceback" not in out + err


def test_merge_with_bad_data_writes_nothing(tmp_path: Path) -> None:
    template = tmp_path / "mau.docx"
    document = Document()
    document.add_paragraph("{{ ho_ten }}")
    document.save(template)
    data = tmp_path / "dl.xlsx"
    Workbook().save(data)  # no header, no rows
    out_dir = tmp_path / "ra"
    assert_refused(vbhc("merge", template, data, "-o", out_dir), str(data))
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_console_script_gives_one_line_and_exit_code(tmp_path: Path) -> None:
    """The real ``vbhc`` executable: same message, non-zero exit, nothing on stdout."""
    src = source(tmp_path, GOOD.replace("05/03/2026", "31/02/2026"))
    script = Path(sys.executable).with_name("vbhc")  # the console script installed with this Python
    command = [str(script)] if script.exists() else [sys.executable, "-m", "vbhc"]
    done = subprocess.run([*command, "render", str(src), "-o", str(tmp_path / "x.docx")], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.startswith("Lỗi: ") and "31/02/2026" in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""
    assert not (tmp_path / "x.docx").exists()


def test_report_output_over_its_spreadsheet(tmp_path: Path) -> None:
    tasks = make_tasks_xlsx(tmp_path / "nv.xlsx", [GROUP_I, TASK_1, TASK_2])
    before = tasks.read_bytes()
    assert_refused(vbhc("report", tasks, "--xlsx", tasks), str(tasks), "trùng với tệp vào")
    assert tasks.read_bytes() == before


def test_render_with_an_unsafe_template(tmp_path: Path) -> None:
    template = tmp_path / "mau.docx"
    document = Document()
    document.add_paragraph("{{ trich_yeu.__class__.__mro__[1].__subclasses__() }}")
    document.save(template)
    src = source(tmp_path)
    out = previous(tmp_path / "ke_hoach.docx")
    assert_refused(vbhc("render", src, "--template", template, "-o", out), str(template), "không an toàn")
    assert_untouched(out)


def test_render_with_a_template_that_is_not_docx(tmp_path: Path) -> None:
    template = tmp_path / "mau.docx"
    template.write_text("không phải Word", encoding="utf-8")
    src = source(tmp_path)
    out = previous(tmp_path / "ke_hoach.docx")
    assert_refused(vbhc("render", src, "--template", template, "-o", out), str(template))
    assert_untouched(out)
