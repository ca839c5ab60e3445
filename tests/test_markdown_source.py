"""The source format: front matter, structure-B numbering, templating, slots, and clear errors."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import ke_hoach_source
from vbhc.errors import InputError
from vbhc.model import BangDon, Doan, Run
from vbhc.sources.markdown import load, loads


def test_front_matter_fills_the_model(write_source):
    van_ban = load(write_source(ke_hoach_source(so="12", ngay="14/01/2026")))
    assert van_ban.loai == "ke_hoach"
    assert van_ban.so == 12 and van_ban.ngay == date(2026, 1, 14)
    assert van_ban.so_ky_hieu == "Số: 12/KH-UBND"
    assert van_ban.co_quan.dong_ten == ["ỦY BAN NHÂN DÂN", "XÃ HÙNG THẮNG"]
    assert van_ban.nguoi_ky.dong == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert van_ban.dong_noi_nhan[-1] == "- Lưu: VT, VHXH."


def test_structure_b_numbering_restarts_per_level():
    text = ke_hoach_source() + "\n# Phần ba\n\n## Khoản một\n\n### Điểm một\n\n## Khoản hai\n"
    numbered = [(d.kieu, d.so) for d in loads(text).noi_dung if d.so]
    assert numbered == [
        ("muc", "I."),
        ("khoan", "1."),
        ("gach", "-"),
        ("gach", "-"),
        ("cong", "+"),
        ("khoan", "2."),
        ("diem", "a)"),
        ("diem", "b)"),
        ("muc", "II."),
        ("muc", "III."),
        ("khoan", "1."),
        ("diem", "a)"),
        ("khoan", "2."),
    ]
    titles = [d.text for d in loads(text).noi_dung if d.kieu == "muc"]
    assert titles == ["I. MỤC ĐÍCH, YÊU CẦU", "II. TỔ CHỨC THỰC HIỆN", "III. PHẦN BA"]


def test_markdown_tables_become_tables():
    text = ke_hoach_source() + "\n| Chỉ tiêu | Kết quả |\n|---|---|\n| Hồ sơ đúng hạn | 98,5% |\n"
    tables = [d.bang for d in loads(text).noi_dung if d.kieu == "bang"]
    assert tables == [BangDon(tieu_de=["Chỉ tiêu", "Kết quả"], dong=[["Hồ sơ đúng hạn", "98,5%"]])]


def test_context_and_slots_for_reports():
    text = ke_hoach_source() + "\nĐã hoàn thành {{ so }}/{{ tong }} nhiệm vụ.\n\n[[bang_tong_hop]]\n"
    slot = [Doan(kieu="van", runs=[Run(text="bảng sinh tự động")])]
    paragraphs = loads(text, context={"so": 3, "tong": 4}, slots={"bang_tong_hop": slot}).noi_dung
    texts = [d.text for d in paragraphs]
    assert "Đã hoàn thành 3/4 nhiệm vụ." in texts
    assert "bảng sinh tự động" in texts and "[[bang_tong_hop]]" not in texts


def test_templating_in_a_source_is_sandboxed():
    text = ke_hoach_source() + "\n{{ x.__class__.__mro__ }}\n"
    with pytest.raises(InputError, match="không an toàn"):
        loads(text, "nguon.md", context={"x": 1})


def _message(text: str, source: str = "nguon.md") -> str:
    with pytest.raises(InputError) as caught:
        loads(text, source)
    return str(caught.value)


def test_errors_name_the_file_and_the_field():
    message = _message(ke_hoach_source().replace("loai: ke_hoach", "loai: ke_hoac"))
    assert "nguon.md, dòng 2, trường «loai»" in message and "ke_hoac" in message
    message = _message(ke_hoach_source().replace("dia_danh: Hùng Thắng\n", ""))
    assert "nguon.md, trường «dia_danh»: thiếu trường bắt buộc" in message
    academic = ke_hoach_source().replace("ho_ten: Vũ Trọng Thủy", "ho_ten: TS. Vũ Trọng Thủy")
    line = next(i for i, x in enumerate(academic.splitlines(), start=1) if x.startswith("nguoi_ky:"))
    assert f"nguon.md, dòng {line}, trường «nguoi_ky.ho_ten»" in _message(academic)


def test_impossible_date_is_refused_not_guessed():
    assert "31/02/2026" in _message(ke_hoach_source(so="1", ngay="31/02/2026"))
    assert "2026-02-31" in _message(ke_hoach_source(so="1", ngay="2026-02-31"))


def test_broken_yaml_names_the_line():
    message = _message(ke_hoach_source().replace("dia_danh: Hùng Thắng", "dia_danh: [Hùng Thắng"))
    assert message.startswith("nguon.md, dòng ") and "YAML" in message


def test_missing_front_matter_and_deep_headings():
    assert "front matter" in _message("Chỉ có nội dung.\n")
    text = ke_hoach_source() + "\n#### Quá sâu\n"
    line = text.splitlines().index("#### Quá sâu") + 1
    message = _message(text)
    assert f"nguon.md, dòng {line}:" in message and "ba cấp tiêu đề" in message


def test_unknown_slot_names_the_line():
    with pytest.raises(InputError, match=r"dòng \d+: chỗ chèn «\[\[bang\]\]»"):
        loads(ke_hoach_source() + "\n[[bang]]\n", "nguon.md", slots={})


def test_signer_rules():
    bad_prefix = ke_hoach_source().replace("KT. CHỦ TỊCH", "THAY MẶT CHỦ TỊCH")
    assert "TM., KT., TL., TUQ., Q." in _message(bad_prefix)
    academic = ke_hoach_source().replace("ho_ten: Vũ Trọng Thủy", "ho_ten: TS. Vũ Trọng Thủy")
    assert "học hàm, học vị" in _message(academic)


def test_cong_van_needs_a_symbol_and_kinh_gui():
    text = ke_hoach_source().replace("loai: ke_hoach", "loai: cong_van")
    message = _message(text)
    assert "ky_hieu" in message


def test_symbol_without_spaces():
    text = ke_hoach_source().replace("loai: ke_hoach", "loai: ke_hoach\nky_hieu: KH - UBND")
    assert "không có dấu cách" in _message(text)


def test_a_missing_or_binary_file(tmp_path):
    with pytest.raises(InputError, match="không tìm thấy"):
        load(tmp_path / "khong_co.md")
    binary = tmp_path / "van_ban.md"
    binary.write_bytes(b"PK\x03\x04\xff\xfe\x00binary")
    with pytest.raises(InputError, match="UTF-8"):
        load(binary)
