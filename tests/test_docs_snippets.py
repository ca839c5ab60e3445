"""Every ```python block of README.md and docs/*.md runs as written, in a fresh folder that holds the
files the blocks name (the examples, a rendered plan, a mail-merge template and its list)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook
from pdf_pages import require_pdftoppm, require_soffice

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(path: Path) -> list[str]:
    return _BLOCK.findall(path.read_text(encoding="utf-8"))


def _mail_merge_files(folder: Path) -> None:
    """``giay_moi.docx`` and ``dai_bieu.xlsx``: the shipped example when there is one, else a small pair."""
    for name in ("giay_moi.docx", "dai_bieu.xlsx"):
        shipped = sorted(EXAMPLES.rglob(name))
        if shipped:
            shutil.copyfile(shipped[0], folder / name)
    if not (folder / "giay_moi.docx").exists():
        import docx

        document = docx.Document()
        document.add_paragraph("Kính mời {{ ho_va_ten }} dự hội nghị.")
        document.save(str(folder / "giay_moi.docx"))
    if not (folder / "dai_bieu.xlsx").exists():
        book = Workbook()
        for row in (("STT", "Họ và tên"), (1, "Nguyễn Văn An"), (2, "Trần Thị Bình")):
            book.active.append(row)
        book.save(folder / "dai_bieu.xlsx")


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    from vbhc import load, render

    shutil.copytree(EXAMPLES, tmp_path / "examples")
    shutil.copyfile(EXAMPLES / "bao_cao_cchc_2026" / "bao_cao.md", tmp_path / "bao_cao.md")
    # the docs call the task table nhiem_vu.xlsx: the shared progress workbook (the report example's)
    shutil.copyfile(ROOT / "data" / "tien_do.xlsx", tmp_path / "nhiem_vu.xlsx")
    shutil.copyfile(EXAMPLES / "ke_hoach_cchc_2026" / "ke_hoach.md", tmp_path / "ke_hoach.md")
    plan = load(tmp_path / "ke_hoach.md")
    for name in ("ke_hoach.docx", "bao_cao.docx"):
        render(plan, tmp_path / name)
    _mail_merge_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_docs_have_python_blocks():
    assert python_blocks(ROOT / "README.md")
    assert sum(len(python_blocks(path)) for path in DOCS) >= 8


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_python_blocks_run(workspace, doc):
    blocks = python_blocks(doc)
    if not blocks:
        pytest.skip("không có khối python")
    if any("to_pdf" in block or "first_page_png" in block for block in blocks):
        require_soffice()
        require_pdftoppm()
    namespace: dict[str, object] = {"__name__": "__main__"}
    for number, block in enumerate(blocks, start=1):
        code = compile(block, f"{doc.name}, khối python {number}", "exec")
        exec(code, namespace)  # the documentation's own code, as a reader runs it
