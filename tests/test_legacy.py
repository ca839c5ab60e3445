"""Legacy Vietnamese encodings (TCVN3, VNI): detection, conversion, and no false alarms."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from vbhc import nd30
from vbhc.text.legacy import TCVN3, VNI, detect, fix_lines, fix_text, from_unicode, is_syllable, to_unicode

REFERENCE = Path("/work/shared/reference/ke-hoach-cchc-2026-xa-hung-thang.md")


def reference_lines(min_words: int = 3) -> list[str]:
    if not REFERENCE.exists():
        pytest.skip("reference plan not available")
    text = REFERENCE.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if len(line.split()) >= min_words]


# --- the examples a clerk actually meets -----------------------------------------------------------


def test_tcvn3_quoc_hieu_as_seen_in_excel() -> None:
    assert fix_text("Céng hßa x· héi chñ nghÜa ViÖt Nam") == ("Cộng hòa xã hội chủ nghĩa Việt Nam", TCVN3)


def test_vni_quoc_hieu_as_seen_in_excel() -> None:
    assert fix_text("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") == ("Cộng hòa xã hội chủ nghĩa Việt Nam", VNI)


def test_tcvn3_capitals_typed_with_vntimeh_font() -> None:
    # .VnTimeH shows the lower-case codes as capitals: the whole line comes back in capitals
    assert fix_text("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM") == (nd30.QUOC_HIEU, TCVN3)


def test_tcvn3_capital_base_plus_toned_code() -> None:
    # some converters write a capital toned vowel as the capital base letter + the toned code
    assert to_unicode("¦øng dông", TCVN3) == "Ứng dụng"
    assert to_unicode("Aµ", TCVN3) == "À"


def test_vni_capitals_and_words_with_horn_letters() -> None:
    assert fix_text("ÑOÄC LAÄP") == ("ĐỘC LẬP", VNI)
    assert fix_text("ñöôïc giao nhieäm vuï") == ("được giao nhiệm vụ", VNI)


def test_tieu_ngu_round_trip_both_encodings() -> None:
    for encoding in (TCVN3, VNI):
        legacy = from_unicode(nd30.TIEU_NGU, encoding)
        assert legacy != nd30.TIEU_NGU
        assert fix_text(legacy) == (nd30.TIEU_NGU, encoding)


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_reference_plan_lines_round_trip(encoding: str) -> None:
    lines = reference_lines()
    converted = 0
    for line in lines:
        legacy = from_unicode(line, encoding)
        if legacy == line:
            continue  # a line with no Vietnamese letter (numbers, codes)
        converted += 1
        assert fix_text(legacy) == (line, encoding), line
    assert converted > 50


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_reference_plan_whole_text_round_trip(encoding: str) -> None:
    text = REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else pytest.skip("no reference")
    assert fix_text(from_unicode(text, encoding)) == (text, encoding)


def test_reference_headings_typed_with_vntimeh_round_trip() -> None:
    headings = [
        line for line in reference_lines(1) if line == line.upper() and line != from_unicode(line, TCVN3)
    ]
    assert len(headings) >= 5
    for line in headings:
        assert fix_text(from_unicode(line, TCVN3, capitals="vntimeh")) == (line, TCVN3)


def test_every_vietnamese_letter_round_trips() -> None:
    letters = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
    for encoding in (TCVN3, VNI):
        assert to_unicode(from_unicode(letters, encoding), encoding) == letters
        assert to_unicode(from_unicode(letters.upper(), encoding), encoding) == letters.upper()


def test_fix_lines_names_the_converted_lines() -> None:
    lines = reference_lines(4)[:6]
    mixed = [lines[0], from_unicode(lines[1], TCVN3), lines[2], from_unicode(lines[3], VNI), lines[4]]
    text, changed = fix_lines("\n".join(mixed) + "\n")
    assert text == "\n".join(lines[:5]) + "\n"
    assert changed == [(2, TCVN3), (4, VNI)]
    whole = "\n".join(from_unicode(line, TCVN3) for line in ["Số liệu 2026", *lines[:3]])
    text, changed = fix_lines(whole)
    assert text == "\n".join(["Số liệu 2026", *lines[:3]])
    assert changed == [(1, TCVN3), (2, TCVN3), (3, TCVN3), (4, TCVN3)]
    assert fix_lines("Cộng hòa\nxã hội\n") == ("Cộng hòa\nxã hội\n", [])


# --- no false alarms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Lê Tâm",  # Latin-1 letters only, already Vietnamese
        "Bá Tâm Lê Hà Thành",
        "Hoà Bình",
        "Tôi là Hà",
        "Administrative reform plan 2026",
        "café au lait, déjà vu, élève, été",
        "Müller über Straße, Gödel",
        "naïve Raphaël Noël coïncidence aéroport",
        "il est né à Paris",
        "São Paulo, año, señor",
        "KH-UBND 05/2026, 98,5%, 1.234.567",
        "210 × 297 mm, ±4 twips, 25 °C, § 3",
        "«Bonjour»",
        "ª",  # one symbol that happens to be a TCVN3 code
        "1ª, 2º",
    ],
)
def test_detection_does_not_fire_on_unicode_or_foreign_text(text: str) -> None:
    assert detect(unicodedata.normalize("NFC", text)) is None
    assert fix_text(text) == (text, None)


def test_reference_plan_unicode_is_left_alone() -> None:
    for line in reference_lines(1):
        assert fix_text(line) == (line, None), line


def test_decomposed_unicode_normalised_silently() -> None:
    text = "Ủy ban nhân dân xã Hùng Thắng"
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    assert fix_text(decomposed) == (text, None)
    assert to_unicode(decomposed) == text


def test_to_unicode_forced_and_unknown_encoding() -> None:
    assert to_unicode("Tèt", TCVN3) == "Tốt"
    assert to_unicode("Toát", VNI) == "Tốt"
    with pytest.raises(ValueError, match="bảng mã"):
        to_unicode("x", "VISCII")


@pytest.mark.parametrize(
    ("word", "valid"),
    [
        ("Cộng", True), ("hòa", True), ("hoà", True), ("nghĩa", True), ("được", True), ("người", True),
        ("quốc", True), ("giữ", True), ("khuya", True), ("thuở", True), ("Việt", True), ("ỦY", True),
        ("céng", False), ("baù", False), ("tèt", False), ("kan", False), ("ngi", False), ("ghe", True),
        ("café", False), ("über", False), ("thÓ", False), ("x·", False),
    ],
)
def test_syllable_checker(word: str, valid: bool) -> None:
    assert is_syllable(word) is valid


# --- the readers use it: converted text, a warning naming the cell or the file ---------------------


def test_task_spreadsheet_in_tcvn3_is_converted_with_a_warning_per_cell(tmp_path: Path) -> None:
    xlsx = pytest.importorskip("vbhc.sources.xlsx")
    from xlsx_factory import TASK_1, make_tasks_xlsx

    from vbhc.errors import Warnings

    legacy = (2, from_unicode("Kiểm tra công tác cải cách hành chính", TCVN3), from_unicode("Văn phòng", VNI),
              None, None, unicodedata.normalize("NFD", "Báo cáo kết quả"))
    path = make_tasks_xlsx(tmp_path / "nv.xlsx", [TASK_1, legacy])
    warnings = Warnings()
    bang = xlsx.read_tasks(path, warnings=warnings)
    task = bang.nhiem_vu[1]
    assert task.noi_dung == "Kiểm tra công tác cải cách hành chính"
    assert task.chu_tri == "Văn phòng"
    assert task.san_pham == "Báo cáo kết quả"  # NFD normalised, silently
    messages = [str(w) for w in warnings]
    assert any("ô B3" in m and "TCVN3" in m for m in messages), messages
    assert any("ô C3" in m and "VNI" in m for m in messages), messages
    assert not any("ô F3" in m for m in messages), messages


def test_markdown_source_in_tcvn3_is_converted_with_a_warning(tmp_path: Path) -> None:
    markdown = pytest.importorskip("vbhc.sources.markdown")
    from vbhc.errors import Warnings

    unicode_source = """---
loai: ke_hoach
co_quan: {ten: ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG, viet_tat: UBND}
dia_danh: Hùng Thắng
nam: 2026
trich_yeu: Cải cách hành chính nhà nước năm 2026
nguoi_ky: {tham_quyen: [TM. ỦY BAN NHÂN DÂN], chuc_vu: CHỦ TỊCH, ho_ten: Nguyễn Văn An}
noi_nhan: [Sở Nội vụ]
---

Tiếp tục xác định công tác cải cách hành chính là nhiệm vụ trọng tâm, xuyên suốt.
"""
    path = tmp_path / "ke_hoach.md"
    path.write_text(from_unicode(unicode_source, TCVN3), encoding="utf-8")
    warnings = Warnings()
    van_ban = markdown.load(path, warnings=warnings)
    assert van_ban.trich_yeu == "Cải cách hành chính nhà nước năm 2026"
    assert van_ban.co_quan.ten == "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG"
    assert van_ban.noi_dung[0].text.startswith("Tiếp tục xác định công tác cải cách hành chính")
    assert any(str(path) in str(w) and "TCVN3" in str(w) for w in warnings)


def test_merge_data_in_vni_is_converted_with_a_warning(tmp_path: Path) -> None:
    merge = pytest.importorskip("vbhc.sources.merge_data")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Họ tên", "Đơn vị"])
    sheet.append([from_unicode("Nguyễn Thị Hương", VNI), "Văn phòng"])
    path = tmp_path / "dl.xlsx"
    book.save(path)
    warnings: list = []
    _, rows = merge.read_rows(path, warnings=warnings)
    assert rows[0].context["ho_ten"] == "Nguyễn Thị Hương"
    assert any("ô A2" in str(w) and "VNI" in str(w) for w in warnings), [str(w) for w in warnings]
