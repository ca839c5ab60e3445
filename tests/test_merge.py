"""Mail merge (vbhc merge): the produced documents, names, failures and safety."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import Workbook

from vbhc.errors import InputError
from vbhc.sources.merge_data import read_rows, ten_bien
from vbhc.workflows.merge import merge, ten_tep_an_toan

HEADERS = ["Họ và tên", "Đơn vị", "Chức vụ"]
ROWS = [
    ["Nguyễn Văn An", "UBND xã Hùng Thắng", "Chủ tịch"],
    ["Trần Thị Bình & <Cộng sự>", "Phòng Nội vụ", "Trưởng phòng"],
    ["Lê Đức Cường", "Công an huyện", "Phó Trưởng Công an"],
]


def make_template(path: Path, body: list[str] | None = None, header: str = "Kính gửi: {{ don_vi }}",
                  cell: str = "{{ cot['Chức vụ'] }}") -> Path:
    """A giấy mời template made with python-docx: header, body paragraphs, a table cell."""
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = header
    doc.add_paragraph("GIẤY MỜI")
    for text in body or ["Trân trọng kính mời: {{ ho_va_ten }}", "Đơn vị: {{ don_vi }}"]:
        doc.add_paragraph(text)
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Chức vụ"
    table.rows[0].cells[1].text = cell
    doc.save(path)
    return path


def make_data(path: Path, rows: list[list[object]] = ROWS, headers: list[str] = HEADERS,
              title: str = "Đại biểu") -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def all_text(path: Path) -> list[str]:
    """Every piece of text a reader sees: header, body paragraphs, table cells."""
    doc = Document(path)
    texts = [p.text for p in doc.sections[0].header.paragraphs]
    texts += [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            texts += [cell.text for cell in row.cells]
    return texts


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    return make_template(tmp_path / "giay_moi.docx"), make_data(tmp_path / "dai_bieu.xlsx")


def test_each_row_gets_its_document_with_its_values(files, tmp_path):
    template, data = files
    result = merge(template, data, tmp_path / "out", name="{stt}-{ho_va_ten}.docx")
    assert result.ok and len(result.written) == 3
    for path, (ho_ten, don_vi, chuc_vu) in zip(result.written, ROWS, strict=True):
        assert path.parent == tmp_path / "out"
        texts = all_text(path)
        assert f"Trân trọng kính mời: {ho_ten}" in texts
        assert f"Đơn vị: {don_vi}" in texts
        assert f"Kính gửi: {don_vi}" in texts  # header rendered too
        assert chuc_vu in texts  # original header name via cot["Chức vụ"]
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
    assert result.written[0].name == "1-Nguyễn Văn An.docx"


def test_same_text_as_plain_docxtpl(files, tmp_path):
    """Each produced document reads exactly like docxtpl's output for the same row."""
    from docxtpl import DocxTemplate

    template, data = files
    make_data(data, rows=[*ROWS, ["Phạm \"Dũng\"", "Tổ 1\nThôn Đông", "Ủy viên"]])
    result = merge(template, data, tmp_path / "out", name="{stt}.docx")
    _, rows = read_rows(data)
    for row, path in zip(rows, result.written, strict=True):
        plain = DocxTemplate(template)
        plain.render(row.context, autoescape=True)
        expected = tmp_path / f"plain-{row.dong}.docx"
        plain.save(expected)
        assert all_text(path) == all_text(expected)
    assert "Đơn vị: Tổ 1\nThôn Đông" in all_text(result.written[-1])  # a line break, as in docxtpl


def test_row_loops_match_docxtpl(tmp_path):
    """A {%tr for %} loop (docxtpl's table fixes apply) gives the same table as docxtpl."""
    from docxtpl import DocxTemplate

    doc = Document()
    doc.add_paragraph("Thông tin của {{ ho_va_ten }}")
    table = doc.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text = "{%tr for ten, gia_tri in cot.items() %}"
    table.rows[1].cells[0].text = "{{ ten }}"
    table.rows[1].cells[1].text = "{{ gia_tri }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    template = tmp_path / "loop.docx"
    doc.save(template)
    data = make_data(tmp_path / "d.xlsx")
    result = merge(template, data, tmp_path / "out", name="{stt}.docx")
    _, rows = read_rows(data)
    plain = DocxTemplate(template)
    plain.render(rows[1].context, autoescape=True)
    plain.save(tmp_path / "plain.docx")
    produced = all_text(result.written[1])
    assert produced == all_text(tmp_path / "plain.docx")
    assert produced[-6:] == ["Họ và tên", ROWS[1][0], "Đơn vị", ROWS[1][1], "Chức vụ", ROWS[1][2]]


def test_variable_names_from_headers():
    assert ten_bien("Họ và tên") == "ho_va_ten"
    assert ten_bien("Đơn vị") == "don_vi"
    assert ten_bien("  Số điện thoại (di động) ") == "so_dien_thoai_di_dong"
    assert ten_bien("2. Địa chỉ") == "cot_2_dia_chi"


def test_context_values(tmp_path):
    data = make_data(
        tmp_path / "d.xlsx",
        headers=["STT", "Ngày sinh", "Số tiền", "Cột", "Ghi chú"],
        rows=[[7, dt.datetime(1980, 5, 4), 1500000.0, "x", None]],
    )
    names, rows = read_rows(data)
    context = rows[0].context
    assert context["stt"] == 7 and context["ngay_sinh"] == "04/05/1980"
    assert context["so_tien"] == 1500000 and isinstance(context["so_tien"], int)
    assert context["ghi_chu"] == "" and context["cot_2"] == "x"  # "cot" is reserved for the originals
    assert context["cot"]["Ngày sinh"] == "04/05/1980"
    assert context["dong"] == 2
    assert "cot_2" in names and "ho_ten" not in names


def test_names_are_sanitised(files, tmp_path):
    template, data = files
    long_name = "Nguyễn " * 60
    make_data(data, rows=[
        ["../../etc/passwd", "A", "B"],
        ["a/b\\c:d*e?f", "A", "B"],
        ["Tab\tand\nnewline", "A", "B"],
        [long_name, "A", "B"],
        ["..", "A", "B"],
        ["CON", "A", "B"],
    ])
    out = tmp_path / "out"
    result = merge(template, data, out, name="{ho_va_ten}.docx")
    assert result.ok
    names = [p.name for p in result.written]
    for path in result.written:
        assert path.parent == out and path.is_file()
        assert "/" not in path.name and "\\" not in path.name and ".." not in path.name
        assert not any(ord(ch) < 32 for ch in path.name)
        assert len(path.name.encode()) <= 160
    assert names[0] == "etc_passwd.docx"
    assert names[1] == "a_b_c_d_e_f.docx"
    assert names[2] == "Tab_and_newline.docx"
    assert names[3].startswith("Nguyễn Nguyễn")  # Vietnamese letters kept
    assert names[4] == "van-ban-6.docx"  # nothing usable left: named after the sheet row
    assert names[5] == "_CON.docx"
    assert sorted(os.listdir(out)) == sorted(names)  # nothing written anywhere else
    assert not (tmp_path / "etc").exists()


def test_ten_tep_an_toan_keeps_vietnamese():
    assert ten_tep_an_toan("Giấy mời Ông Đặng Văn Hùng") == "Giấy mời Ông Đặng Văn Hùng.docx"
    assert ten_tep_an_toan(" .hidden. ") == "hidden.docx"


def test_collisions_get_numbered(files, tmp_path):
    template, data = files
    make_data(data, rows=[["Lan", "A", "x"], ["lan", "B", "x"], ["Lan", "C", "x"], ["Lan-2", "D", "x"]])
    result = merge(template, data, tmp_path / "out", name="{ho_va_ten}.docx")
    assert [p.name for p in result.written] == ["Lan.docx", "lan-2.docx", "Lan-3.docx", "Lan-2-2.docx"]
    assert "Đơn vị: C" in all_text(tmp_path / "out" / "Lan-3.docx")


def test_failing_rows_reported_others_written(tmp_path):
    template = make_template(tmp_path / "t.docx", body=["Mỗi người: {{ 1000 // so_nguoi }} đồng"],
                             cell="{{ ho_ten }}")
    data = make_data(tmp_path / "d.xlsx", headers=["Họ tên", "Đơn vị", "Số người"],
                     rows=[["An", "A", 4], ["Bình", "B", 0], ["Cường", "C", 5], ["Dũng", "D", 0]])
    result = merge(template, data, tmp_path / "out")
    assert [p.name for p in result.written] == ["1-An.docx", "3-Cường.docx"]
    assert [f.dong for f in result.failures] == [3, 5]
    assert all("division" in f.ly_do or "chia" in f.ly_do for f in result.failures)
    assert "Mỗi người: 200 đồng" in all_text(tmp_path / "out" / "3-Cường.docx")
    assert sorted(os.listdir(tmp_path / "out")) == ["1-An.docx", "3-Cường.docx"]


def test_existing_outdir_not_wiped(files, tmp_path):
    template, data = files
    out = tmp_path / "out"
    out.mkdir()
    (out / "ghi-chu.txt").write_text("giữ nguyên", encoding="utf-8")
    merge(template, data, out, name="{stt}.docx")
    merge(template, data, out, name="{stt}.docx", ghi_de=True)  # replaces its own files only
    assert (out / "ghi-chu.txt").read_text(encoding="utf-8") == "giữ nguyên"
    assert sorted(os.listdir(out)) == ["1.docx", "2.docx", "3.docx", "ghi-chu.txt"]


def test_unsafe_template_refused(tmp_path, files):
    _, data = files
    template = make_template(tmp_path / "bad.docx", body=["{{ ho_va_ten.__class__ }}"])
    with pytest.raises(InputError) as caught:
        merge(template, data, tmp_path / "out")
    assert "không an toàn" in str(caught.value) and "__class__" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_unknown_variable_refused_before_writing(tmp_path, files):
    _, data = files
    template = make_template(tmp_path / "t.docx", body=["{{ chuc_danh }}"])
    with pytest.raises(InputError) as caught:
        merge(template, data, tmp_path / "out")
    message = str(caught.value)
    assert "chuc_danh" in message and "ho_va_ten" in message
    assert not (tmp_path / "out").exists()


def test_name_pattern_cannot_reach_attributes(files, tmp_path):
    template, data = files
    with pytest.raises(InputError, match="không hợp lệ"):
        merge(template, data, tmp_path / "out", name="{ho_va_ten.__class__}.docx")
    with pytest.raises(InputError, match="so_cmnd"):
        merge(template, data, tmp_path / "out", name="{so_cmnd}.docx")
    with pytest.raises(InputError, match="dòng 2") as caught:
        merge(template, data, tmp_path / "out", name="{ho_va_ten:03d}.docx")
    assert "{stt:03d}" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_bad_inputs(tmp_path, files):
    template, data = files
    with pytest.raises(InputError, match="không phải văn bản Word"):
        merge(data, data, tmp_path / "out")
    (tmp_path / "x.docx").write_text("not a zip")
    with pytest.raises(InputError, match="không phải DOCX"):
        merge(tmp_path / "x.docx", data, tmp_path / "out")
    with pytest.raises(InputError, match="không đọc được tệp Excel"):
        merge(template, template, tmp_path / "out")
    with pytest.raises(InputError, match="Đại biểu"):
        merge(template, data, tmp_path / "out", sheet="Khác")
    make_data(data, rows=[])
    with pytest.raises(InputError, match="không có dòng dữ liệu"):
        merge(template, data, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_legacy_encoding_converted_with_warning(files, tmp_path):
    template, data = files
    make_data(data, rows=[["Lª V¨n Hïng", "Céng hßa x· héi", "x"]])
    result = merge(template, data, tmp_path / "out", name="{stt}.docx")
    assert "Trân trọng kính mời: Lê Văn Hùng" in all_text(result.written[0])
    assert any("B2" in str(w) and "TCVN3" in str(w) for w in result.warnings)


def test_parallel_jobs_same_output(files, tmp_path):
    template, data = files
    make_data(data, rows=[[f"Người {i}", f"Đơn vị {i}", "x"] for i in range(40)])
    one = merge(template, data, tmp_path / "one", name="{stt}.docx")
    two = merge(template, data, tmp_path / "two", name="{stt}.docx", jobs=2, progress=lambda d, t: None)
    assert [p.name for p in one.written] == [p.name for p in two.written]
    for a, b in zip(one.written, two.written, strict=True):
        assert all_text(a) == all_text(b)
    assert "Trân trọng kính mời: Người 39" in all_text(tmp_path / "two" / "40.docx")


def test_progress_reports_every_document(files, tmp_path):
    template, data = files
    seen: list[tuple[int, int]] = []
    merge(template, data, tmp_path / "out", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (3, 3) and len(seen) == 3


def test_pdf_flag_converts_written_documents(files, tmp_path, monkeypatch):
    import vbhc.writers.pdf as pdf

    calls = []

    def fake_to_pdf(paths, out_dir=None, **_):
        calls.append((list(paths), out_dir))
        return [Path(p).with_suffix(".pdf") for p in paths]

    monkeypatch.setattr(pdf, "to_pdf", fake_to_pdf)
    template, data = files
    result = merge(template, data, tmp_path / "out", pdf=True)
    assert calls == [(result.written, tmp_path / "out")]
    assert [p.suffix for p in result.pdf] == [".pdf"] * 3


def test_cli_merge(files, tmp_path):
    from vbhc.cli import cli

    template, data = files
    out = tmp_path / "out"
    runner = CliRunner()
    ok = runner.invoke(cli, ["merge", str(template), str(data), "-o", str(out), "--name", "{stt:02d}.docx"])
    assert ok.exit_code == 0, ok.output
    assert "Đã tạo 3 văn bản" in ok.output and "Đang tạo" not in ok.output  # no bar when not a TTY
    assert sorted(os.listdir(out)) == ["01.docx", "02.docx", "03.docx"]


def test_cli_reports_failed_rows(tmp_path):
    template = make_template(tmp_path / "t.docx", body=["{{ 10 // so }}"], cell="")
    data = make_data(tmp_path / "d.xlsx", headers=["Họ tên", "Đơn vị", "Số"],
                     rows=[["A", "x", 1], ["B", "y", 0]])
    completed = _run_cli(["merge", str(template), str(data), "-o", str(tmp_path / "o")])
    assert completed.returncode == 1
    assert "dòng 3" in completed.stderr and "Traceback" not in completed.stderr
    assert "Đã tạo 1 văn bản" in completed.stdout
    assert sorted(os.listdir(tmp_path / "o")) == ["1-A.docx"]


def _run_cli(args: list[str]):
    import subprocess
    import sys

    code = "import sys; from vbhc.cli import main; sys.argv = ['vbhc', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)


def test_cli_bad_input_one_line(files, tmp_path):
    template, _ = files
    completed = _run_cli(["merge", str(template), str(tmp_path / "thieu.xlsx"), "-o", str(tmp_path / "o")])
    assert completed.returncode == 1
    assert completed.stderr.strip().count("\n") == 0 and "thieu.xlsx" in completed.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.pdf
def test_pdf_made_by_libreoffice_from_merged_files(files, tmp_path):
    """LibreOffice opens the hand-written ZIP: the PDF shows the row's values."""
    import shutil

    import pdfplumber

    if shutil.which("soffice") is None:
        pytest.skip("cần LibreOffice (soffice)")
    template, data = files
    make_data(data, rows=ROWS[:2])
    result = merge(template, data, tmp_path / "out", pdf=True, name="{stt}.docx")
    assert [p.name for p in result.pdf] == ["1.pdf", "2.pdf"]
    with pdfplumber.open(result.pdf[1]) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "Trần Thị Bình & <Cộng sự>" in text and "Phòng Nội vụ" in text
