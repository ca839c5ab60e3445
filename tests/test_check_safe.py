"""Untrusted input: every file that is not a sound DOCX ends with exit code 2 and one Vietnamese line,
never a traceback, never an entity expanded or a local file read."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from mutate import render_source

from vbhc.checker import UnreadableDocument, check
from vbhc.cli import cli
from vbhc.ooxml import safe as safe_module

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _zip(path: Path, parts: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _document(body: str, prolog: str = "") -> str:
    return f'<?xml version="1.0"?>{prolog}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'


def _run_check(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def _assert_unreadable(path: Path, *words: str) -> str:
    code, output = _run_check(path)
    assert code == 2, output
    assert "Traceback" not in output
    assert str(path) in output
    for word in words:
        assert word in output, output
    with pytest.raises(UnreadableDocument):
        check(path)
    return output


def test_old_word_doc(tmp_path: Path) -> None:
    path = tmp_path / "cu.doc"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512)
    _assert_unreadable(path, ".doc", "lưu lại")


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "van_ban.docx"
    path.write_text("Đây là một tệp văn bản thường.", encoding="utf-8")
    _assert_unreadable(path, "không phải .docx")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "rong.docx"
    path.write_bytes(b"")
    _assert_unreadable(path, "rỗng")


def test_missing_file(tmp_path: Path) -> None:
    _assert_unreadable(tmp_path / "khong_co.docx", "không tìm thấy")


def test_truncated_docx(tmp_path: Path) -> None:
    good = render_source("cong_van", tmp_path).read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(good[: len(good) // 2])
    _assert_unreadable(path, "cắt cụt")


def test_zip_without_word_document(tmp_path: Path) -> None:
    path = _zip(tmp_path / "khac.docx", {"[Content_Types].xml": CONTENT_TYPES, "readme.txt": "x"})
    _assert_unreadable(path, "word/document.xml")


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    path = _zip(tmp_path / "bom.docx", {
        "[Content_Types].xml": CONTENT_TYPES,
        "word/document.xml": _document("<w:p/>" + " " * (4 * 1024 * 1024)),
    })
    assert zipfile.ZipFile(path).getinfo("word/document.xml").compress_size < 64 * 1024
    _assert_unreadable(path, "bom nén")


def test_part_larger_than_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_module, "MAX_PART_BYTES", 10_000)
    path = _zip(tmp_path / "lon.docx", {
        "[Content_Types].xml": CONTENT_TYPES,
        "word/document.xml": _document("".join(f"<w:p><w:r><w:t>{i}</w:t></w:r></w:p>" for i in range(2000))),
    })
    _assert_unreadable(path, "word/document.xml", "MB")


def test_too_many_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safe_module, "MAX_MEMBERS", 20)
    parts: dict[str, bytes | str] = {f"word/media/a{i}.bin": b"x" for i in range(30)}
    parts["word/document.xml"] = _document("<w:p/>")
    _assert_unreadable(_zip(tmp_path / "nhieu.docx", parts), "31 phần")


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    laughs = '<!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8)
    ) + "]>"
    body = "<w:p><w:r><w:t>&i;</w:t></w:r></w:p>"
    path = _zip(tmp_path / "cuoi.docx", {"word/document.xml": _document(body, laughs)})
    _assert_unreadable(path, "DTD")


def test_external_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "bi_mat.txt"
    secret.write_text("MẬT KHẨU 123", encoding="utf-8")
    prolog = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    body = "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>"
    path = _zip(tmp_path / "xxe.docx", {"word/document.xml": _document(body, prolog)})
    output = _assert_unreadable(path, "DTD")
    assert "MẬT KHẨU" not in output


def test_malformed_xml(tmp_path: Path) -> None:
    path = _zip(tmp_path / "hong.docx", {"word/document.xml": "<w:document><w:body>"})
    _assert_unreadable(path, "XML")


def test_unreadable_file_among_good_ones_in_json(tmp_path: Path) -> None:
    import json

    good = render_source("cong_van", tmp_path)
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    result = CliRunner().invoke(cli, ["check", "--json", str(good), str(bad)])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    first, second = data["ket_qua"]
    assert first["doc_duoc"] is True and first["so_loi"] == 0
    assert second["doc_duoc"] is False and "cắt cụt" in second["loi_doc"]
    assert data["ma_thoat"] == 2


def test_hand_made_document_does_not_crash(tmp_path: Path) -> None:
    """A letter typed by hand: letterhead in plain paragraphs and a text box, no tables."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    for text in ("ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", "Số: 03/TB-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Hùng Thắng, ngày 05 tháng 3 năm 2026", "THÔNG BÁO",
                 "Về lịch tiếp công dân", "Ủy ban nhân dân xã thông báo lịch tiếp công dân./.",
                 "Nơi nhận:", "- Các thôn;", "- Lưu: VT."):
        document.add_paragraph(text)
    path = tmp_path / "tay.docx"
    document.save(path)
    buffer = io.BytesIO(path.read_bytes())
    assert zipfile.is_zipfile(buffer)
    report = check(path)
    assert report.loai == "THÔNG BÁO"
    # what cannot be located is said so, never passed
    assert {"S1", "S3"} <= {item.rule for item in report.khong_danh_gia}
    assert not {"S1", "S3"} & set(report.dat)
    assert "H1" in report.rule_ids()  # not a 2-column table
