"""Templates are untrusted code: every path that renders a user template refuses to reach Python
internals, with a clear Vietnamese message and no output; values render literally."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from vbhc.errors import InputError

ESCAPES = [
    "{{ x.__class__ }}",
    "{{ x.__class__.__mro__[1].__subclasses__() }}",
    "{{ self._TemplateReference__context }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].system('touch PWNED') }}",
    "{{ x|attr('__class__') }}",
    "{% for c in x.__class__.__mro__ %}{{ c }}{% endfor %}",
]
UNDEFINED = ["{{ os }}", "{{ os.system('touch PWNED') }}", "{{ __builtins__ }}"]
LITERAL = 'A & B < C > D "E" \'F\' 🎉 😀 <b>đậm</b> ]]> &amp;'

HEAD = """---
loai: ke_hoach
co_quan: {ten: ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG, viet_tat: UBND}
dia_danh: Hùng Thắng
nam: 2026
trich_yeu: Kiểm thử an toàn
nguoi_ky: {tham_quyen: [TM. ỦY BAN NHÂN DÂN], chuc_vu: CHỦ TỊCH, ho_ten: Nguyễn Văn An}
noi_nhan: [Sở Nội vụ]
---
"""


def docx_texts(path: Path) -> str:
    """All text a reader sees: body paragraphs and table cells."""
    document = Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def assert_refused(error: InputError, file_name: str, body: str) -> None:
    message = str(error)
    assert file_name in message
    if body in UNDEFINED:
        assert "biến không có trong dữ liệu" in message
    else:
        assert "không an toàn" in message
    assert "Traceback" not in message


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture(autouse=True)
def _nothing_executed(tmp_path: Path):
    yield
    assert not (tmp_path / "PWNED").exists()


# --- the .md source's Jinja text --------------------------------------------------------------


@pytest.mark.parametrize("body", ESCAPES + UNDEFINED)
def test_markdown_source_template_is_sandboxed(body: str) -> None:
    from vbhc.sources.markdown import loads

    with pytest.raises(InputError) as caught:
        loads(HEAD + body + "\n", "nguon.md", context={"x": "abc"})
    assert_refused(caught.value, "nguon.md", body)


def test_markdown_source_values_render_literally(tmp_path: Path) -> None:
    from vbhc.sources.markdown import loads
    from vbhc.writers.docx import render

    plain = 'A & B < C > D "E" \'F\' 🎉 😀 <b>đậm</b> ]]>'
    van_ban = loads(HEAD + "Giá trị: {{ x }}\n", "nguon.md", context={"x": plain})
    out = render(van_ban, tmp_path / "out.docx")
    assert f"Giá trị: {plain}" in docx_texts(out)


def test_markdown_source_values_are_not_read_as_markdown(tmp_path: Path) -> None:
    """A value from the data (a name, a figure) is text, not Markdown: «*», «_», «&amp;» stay as typed."""
    from vbhc.sources.markdown import loads
    from vbhc.writers.docx import render

    value = "Công ty *Hoa Mai* & __Cộng sự__ &amp; [x](y) `z`"
    van_ban = loads(HEAD + "Đơn vị: {{ x }}\n", "nguon.md", context={"x": value})
    out = render(van_ban, tmp_path / "out.docx")
    assert f"Đơn vị: {value}" in docx_texts(out)


# --- the docxtpl template of the renderer ---------------------------------------------------------


def user_template(path: Path, text: str) -> Path:
    document = Document()
    document.add_paragraph(text)
    document.save(path)
    return path


@pytest.mark.parametrize("body", ESCAPES + UNDEFINED)
def test_docx_template_is_sandboxed(tmp_path: Path, body: str) -> None:
    from vbhc.sources.markdown import loads
    from vbhc.writers.docx import render

    body = body.replace("x.__class__", "trich_yeu.__class__").replace("x|attr", "trich_yeu|attr")
    template = user_template(tmp_path / "mau.docx", body)
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous")
    van_ban = loads(HEAD, "nguon.md")
    with pytest.raises(InputError) as caught:
        render(van_ban, out, template=template)
    assert_refused(caught.value, "mau.docx", body)
    assert out.read_bytes() == b"previous"


def test_docx_template_values_render_literally(tmp_path: Path) -> None:
    from vbhc.sources.markdown import loads
    from vbhc.writers.docx import render

    template = user_template(tmp_path / "mau.docx", "Trích yếu: {{ trich_yeu }}")
    van_ban = loads(HEAD.replace("Kiểm thử an toàn", '"' + LITERAL.replace('"', '\\"') + '"'), "nguon.md")
    out = render(van_ban, tmp_path / "out.docx", template=template)
    assert f"Trích yếu: {LITERAL}" in docx_texts(out)


def test_builtin_template_values_render_literally(tmp_path: Path) -> None:
    from vbhc.sources.markdown import loads
    from vbhc.writers.docx import render

    source = HEAD.replace("Kiểm thử an toàn", '"' + LITERAL.replace('"', '\\"') + '"')
    source = source.replace("[Sở Nội vụ]", '["Sở A & B <C>"]')
    out = render(loads(source, "nguon.md"), tmp_path / "out.docx")
    texts = docx_texts(out)
    assert LITERAL in texts
    assert "- Sở A & B <C>;" in texts


# --- the mail merge -------------------------------------------------------------------------------


def data_sheet(path: Path, value: str) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ tên", "Ghi chú"])
    sheet.append(["Nguyễn Văn An", value])
    book.save(path)
    return path


@pytest.mark.parametrize("body", ESCAPES + UNDEFINED)
def test_merge_template_is_sandboxed(tmp_path: Path, body: str) -> None:
    merge = pytest.importorskip("vbhc.workflows.merge").merge
    body = body.replace("{{ x", "{{ ho_ten").replace(" x.", " ho_ten.")
    template = user_template(tmp_path / "mau.docx", body)
    data = data_sheet(tmp_path / "dl.xlsx", "ghi chú")
    out_dir = tmp_path / "ra"
    # refused up front (InputError), or, for what only shows when a row is filled, as a failed row
    try:
        result = merge(template, data, out_dir)
    except InputError as error:
        message = str(error)
        assert "mau.docx" in message
    else:
        assert result.written == [] and len(result.failures) == 1
        message = result.failures[0].ly_do
    if body in UNDEFINED:
        assert "không có trong dữ liệu" in message or "không xác định" in message
    else:
        assert "không an toàn" in message or "bị cấm" in message
    assert not out_dir.exists() or not any(out_dir.iterdir())


def test_merge_values_render_literally(tmp_path: Path) -> None:
    merge = pytest.importorskip("vbhc.workflows.merge").merge
    template = user_template(tmp_path / "mau.docx", "{{ ho_ten }}: {{ ghi_chu }}")
    data = data_sheet(tmp_path / "dl.xlsx", LITERAL)
    result = merge(template, data, tmp_path / "ra")
    assert len(result.written) == 1
    assert f"Nguyễn Văn An: {LITERAL}" in docx_texts(result.written[0])
