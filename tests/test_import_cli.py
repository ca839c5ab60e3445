"""``vbhc import VĂN_BẢN.docx -o nguon.md``: writes the source atomically, never overwrites without
--force, prints to stdout with ``-o -``, reports ambiguities as Vietnamese warnings."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from vbhc import load, render
from vbhc.cli import cli
from vbhc.cli.common import run
from vbhc.cli.render import starter_text
from vbhc.sources.markdown import loads


def vbhc(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["vbhc", *map(str, args)])
    code = run(cli)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def ke_hoach_docx(tmp_path: Path) -> Path:
    return render(loads(starter_text("ke_hoach").decode("utf-8")), tmp_path / "ke_hoach.docx")


def test_import_writes_a_source_that_loads_and_says_so(monkeypatch, capsys, tmp_path, ke_hoach_docx):
    target = tmp_path / "nguon.md"
    code, out, err = vbhc(monkeypatch, capsys, "import", ke_hoach_docx, "-o", target)
    assert code == 0, err
    assert out == f"Đã ghi {target} (kế hoạch).\n"
    assert err == ""
    assert load(target).loai == "ke_hoach"


def test_import_refuses_to_overwrite_without_force(monkeypatch, capsys, tmp_path, ke_hoach_docx):
    target = tmp_path / "nguon.md"
    target.write_text("bản cũ", encoding="utf-8")
    code, _, err = vbhc(monkeypatch, capsys, "import", ke_hoach_docx, "-o", target)
    assert code == 1
    assert "tệp ra đã có; vbhc không ghi đè" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "bản cũ"
    code, _, err = vbhc(monkeypatch, capsys, "import", ke_hoach_docx, "-o", target, "--force")
    assert code == 0, err
    assert load(target).loai == "ke_hoach"


def test_import_to_stdout_and_warnings_on_stderr(monkeypatch, capsys, tmp_path):
    van_ban = load(Path(__file__).resolve().parents[1] / "examples/ke_hoach_cchc_2026/ke_hoach.md")
    docx = render(van_ban, tmp_path / "kh.docx")
    code, out, err = vbhc(monkeypatch, capsys, "import", docx, "-o", "-")
    assert code == 0, err
    assert out.startswith("---\nloai: ke_hoach\n")
    assert loads(out).trich_yeu == van_ban.trich_yeu
    warnings = err.splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith(f"Cảnh báo: {docx}, phần 2, đoạn ")
    assert "phụ lục «DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026» không nhập" in warnings[0]
    assert not list(tmp_path.glob("*.md"))


def test_default_output_is_beside_in_the_current_folder(monkeypatch, capsys, tmp_path, ke_hoach_docx):
    monkeypatch.chdir(tmp_path)
    code, _, err = vbhc(monkeypatch, capsys, "import", ke_hoach_docx)
    assert code == 0, err
    assert (tmp_path / "ke_hoach.md").is_file()


@pytest.mark.parametrize(
    ("content", "name", "code", "message"),
    [
        (None, "khong_co.docx", 1, "không tìm thấy văn bản Word"),
        (b"not a zip", "hong.docx", 2, ""),
    ],
)
def test_missing_or_broken_document_is_one_vietnamese_line(monkeypatch, capsys, tmp_path, content, name, code,
                                                             message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    got, _, err = vbhc(monkeypatch, capsys, "import", path, "-o", tmp_path / "x.md")
    assert got == code
    assert err.startswith("Lỗi: ") and message in err and "Traceback" not in err
    assert not (tmp_path / "x.md").exists()


def test_output_must_be_markdown(monkeypatch, capsys, tmp_path, ke_hoach_docx):
    code, _, err = vbhc(monkeypatch, capsys, "import", ke_hoach_docx, "-o", tmp_path / "x.docx")
    assert code == 1
    assert "tệp nguồn ra phải có đuôi .md" in err
