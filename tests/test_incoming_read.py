"""Reading incoming documents vbhc rendered: every starter of the 29 types and the flagship plan,
numbered and dated, read back from the DOCX and from the PDF LibreOffice prints (one run for all),
every field exactly as the source gave it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pdf_pages import require_soffice

from vbhc import load, nd30, render
from vbhc.cli.render import starter_text
from vbhc.incoming import TRUONG, Dong, doc_van_ban
from vbhc.incoming.layout import TIN_CAY_GOC, tim_truong
from vbhc.incoming.pdf import doc_pdf
from vbhc.model import VanBan
from vbhc.sources.markdown import loads

ROOT = Path(__file__).resolve().parents[1]
FLAGSHIP = ROOT / "examples" / "ke_hoach_cchc_2026" / "ke_hoach.md"


def expected(vb: VanBan) -> dict[str, str | None]:
    """The value of each field as the source gives it, in the form of :data:`vbhc.incoming.TRUONG`."""
    loai = vb.loai_van_ban
    return {
        "tac_gia": " ".join(vb.co_quan.ten.split()),
        "so_ky_hieu": vb.so_ky_hieu.removeprefix("Số:").strip(),
        # a biên bản prints no place and date line (Mẫu 1.9): the date is for the clerk to type
        "ngay_van_ban": None if vb.loai == "bien_ban" else vb.ngay.isoformat(),
        "ten_loai": loai.ten,
        "trich_yeu": " ".join((vb.trich_yeu or "").split()) if loai.trich_yeu else "",
        "nguoi_ky": vb.nguoi_ky.ho_ten,
        "chuc_vu": " ".join(vb.nguoi_ky.dong),
        "do_khan": vb.do_khan or "",
    }


def read_values(path: Path) -> dict[str, str | None]:
    """What the reader is sure of (a flagged field reads as None)."""
    result = doc_van_ban(path)
    return {ten: result.gia_tri(ten) for ten in TRUONG}


def _documents() -> dict[str, VanBan]:
    docs = {}
    for number, khoa in enumerate(nd30.LOAI_VAN_BAN, 1):
        vb = loads(starter_text(khoa).decode("utf-8"), source=f"{khoa}.md")
        docs[khoa] = vb.sua(so=number * 7, ngay=date(2026, 1 + number % 12, 1 + number % 28))
    docs["ke_hoach_cchc_2026"] = load(FLAGSHIP).sua(so=5, ngay=date(2026, 1, 14))
    return docs


DOCUMENTS = _documents()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Each document as DOCX and PDF (one LibreOffice run for all)."""
    require_soffice()
    from vbhc.writers.pdf import to_pdf

    folder = tmp_path_factory.mktemp("den")
    docx = {name: render(vb, folder / f"{name}.docx") for name, vb in DOCUMENTS.items()}
    pdfs = to_pdf(list(docx.values()), folder / "pdf")
    return {name: (docx[name], pdf) for name, pdf in zip(docx, pdfs, strict=True)}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_field_is_read_from_the_docx(rendered, name):
    assert read_values(rendered[name][0]) == expected(DOCUMENTS[name])


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_field_is_read_from_the_pdf(rendered, name):
    assert read_values(rendered[name][1]) == expected(DOCUMENTS[name])


def test_pdf_result_has_hash_pages_and_how_it_was_read(rendered):
    import hashlib

    pdf = rendered["ke_hoach_cchc_2026"][1]
    result = doc_van_ban(pdf)
    assert result.cach_doc == "pdf" and result.tep == str(pdf)
    assert result.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert result.so_trang >= 2 and result.chu_ky == ()
    assert result.can_xem_lai == () and result.canh_bao == ()


def test_data_given_is_read_not_the_path(rendered):
    docx, pdf = rendered["cong_van"]
    result = doc_van_ban(Path("thu_den.bin"), data=pdf.read_bytes())
    assert result.tep == "thu_den.bin" and result.cach_doc == "pdf"
    assert doc_van_ban(Path("khong_co.pdf"), data=docx.read_bytes()).cach_doc == "docx"


def test_bien_ban_date_is_flagged_with_a_vietnamese_warning(rendered):
    result = doc_van_ban(rendered["bien_ban"][1])
    assert result.can_xem_lai == ("ngay_van_ban",)
    assert any(line.startswith("Ngày tháng văn bản: không đọc được") for line in result.canh_bao)


def _as_ocr(lines: list[Dong], conf: float = 0.93) -> list[Dong]:
    """The lines as OCR gives them: no font size, no weight, a word confidence."""
    return [replace(d, size=None, bold=None, italic=None, conf=conf) for d in lines]


@pytest.mark.parametrize("name", ["ke_hoach", "cong_van", "quyet_dinh", "giay_moi", "bien_ban", "to_trinh"])
def test_lines_without_fonts_are_read_by_position_and_pattern(rendered, name):
    """OCR gives no font: the layout reader finds every field from positions and patterns alone."""
    lines = doc_pdf(rendered[name][1].read_bytes(), name=name).dong
    fields = tim_truong(_as_ocr(lines), nguon="ocr")
    want = expected(DOCUMENTS[name])
    assert {ten: fields[ten].gia_tri for ten in TRUONG if want[ten] is not None} == {
        ten: value for ten, value in want.items() if value is not None
    }
    assert all(fields[ten].do_tin_cay < TIN_CAY_GOC["pdf"] for ten in TRUONG if fields[ten].gia_tri)


def _flagship_lines(rendered) -> list[Dong]:
    return doc_pdf(rendered["ke_hoach_cchc_2026"][1].read_bytes(), name="ke_hoach.pdf").dong


def _swap(lines: list[Dong], old: str, new: str) -> list[Dong]:
    assert any(old in d.text for d in lines)
    return [replace(d, text=d.text.replace(old, new)) for d in lines]


@pytest.mark.parametrize(
    ("printed", "value", "sure"),
    [
        ("Số:05/KH-UBND", "05/KH-UBND", True),
        ("Số: 05 /KH-UBND", "05/KH-UBND", True),
        ("Số: 05/ KH - UBND", "05/KH-UBND", True),
        ("S6: 05/KH-UBND", "05/KH-UBND", False),
        ("Số: O5/KH-UBND", "05/KH-UBND", False),
        ("Số: 1O/KH-UBNÐ", "10/KH-UBNĐ", False),
    ],
)
def test_so_ky_hieu_is_read_in_any_spacing_and_ocr_confusions_are_fixed_with_a_note(
    rendered, printed, value, sure
):
    lines = _swap(_flagship_lines(rendered), "Số: 05/KH-UBND", printed)
    field = tim_truong(lines, nguon="pdf")["so_ky_hieu"]
    assert field.gia_tri == value
    assert (field.do_tin_cay == TIN_CAY_GOC["pdf"]) is sure
    assert sure or field.ghi_chu


def test_a_date_with_a_letter_o_for_a_zero_is_read_and_noted(rendered):
    lines = _swap(_flagship_lines(rendered), "ngày 14 tháng 01", "ngay 14 thang O1")
    field = tim_truong(lines, nguon="pdf")["ngay_van_ban"]
    assert field.gia_tri == "2026-01-14" and "0" in field.ghi_chu and field.can_xem_lai is False


def test_a_chu_quan_without_bold_is_guessed_and_flagged():
    """Without weights, «ỦY BAN NHÂN DÂN TỈNH A / SỞ NỘI VỤ»: the agency is the last unit named."""
    def line(text, top, x0=100.0, x1=240.0):
        return Dong(text, 0, x0, x1, top, top + 13, 595.0, 842.0, conf=0.95)

    lines = [
        line("ỦY BAN NHÂN DÂN", 70), line(nd30.QUOC_HIEU, 70, 275, 546),
        line("TỈNH NINH BÌNH", 85), line(nd30.TIEU_NGU, 85, 325, 496),
        line("SỞ NỘI VỤ", 100), line("Số: 07/KH-SNV", 125),
    ]
    field = tim_truong(lines, nguon="ocr")["tac_gia"]
    assert field.gia_tri == "SỞ NỘI VỤ" and field.can_xem_lai and "chủ quản" in field.ghi_chu
    one = tim_truong([lines[0], lines[1], lines[2], lines[3], lines[5]], nguon="ocr")["tac_gia"]
    assert one.gia_tri == "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH" and "chủ quản" not in one.ghi_chu
    # capitals read by OCR lose diacritics: always for the clerk to confirm
    assert one.can_xem_lai and "mất dấu" in one.ghi_chu


def test_no_line_at_all_flags_every_field():
    fields = tim_truong([], nguon="ocr")
    assert set(fields) == set(TRUONG) and all(f.can_xem_lai for f in fields.values())


def _ocr_line(text, top, x0, x1):
    return Dong(text, 0, x0, x1, top, top + 13, 595.0, 842.0, conf=0.95)


def test_letterhead_columns_read_as_one_line_are_cut_apart():
    """OCR may read across the letterhead's two columns: the Quốc hiệu, the Tiêu ngữ and the date
    are cut off the agency and Số lines (a stray mark between them dropped)."""
    lines = [
        _ocr_line(f"ỦY BAN NHÂN DÂN XÃ ˆ {nd30.QUOC_HIEU}", 70, 111, 546),
        _ocr_line(f"HÙNG THẮNG {nd30.TIEU_NGU}", 86, 130, 496),
        _ocr_line("Số: 86/UBND-VP Hùng Thắng, ngày 06 tháng 10 năm 2025", 118, 127, 515),
        _ocr_line("V/v kiểm tra công tác văn thư", 134, 110, 250),
    ]
    fields = tim_truong(lines, nguon="ocr")
    assert {ten: fields[ten].gia_tri for ten in ("tac_gia", "so_ky_hieu", "ngay_van_ban", "trich_yeu")} == {
        "tac_gia": "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG",
        "so_ky_hieu": "86/UBND-VP",
        "ngay_van_ban": "2025-10-06",
        "trich_yeu": "kiểm tra công tác văn thư",
    }
    assert not any(fields[ten].can_xem_lai for ten in ("so_ky_hieu", "ngay_van_ban", "trich_yeu"))


def test_a_vv_under_the_agency_is_read_when_the_so_line_is_not():
    """A rule drawn through the Số line may leave OCR nothing of it: the V/v still makes a công văn."""
    lines = [
        _ocr_line("ỦY BAN NHÂN DÂN", 57, 114, 235), _ocr_line(nd30.QUOC_HIEU, 57, 273, 543),
        _ocr_line("XÃ HÙNG THẮNG", 72, 119, 230), _ocr_line(nd30.TIEU_NGU, 73, 322, 494),
        _ocr_line("T00 ý", 94, 128, 221), _ocr_line("Hùng Thắng, ngày 05 tháng 02 năm 2026", 99, 290, 524),
        _ocr_line("V/v đôn đốc báo cáo kết quả", 114, 106, 243),
        _ocr_line("cải cách hành chính", 128, 102, 247),
    ]
    fields = tim_truong(lines, nguon="ocr")
    assert fields["so_ky_hieu"].gia_tri is None and fields["so_ky_hieu"].can_xem_lai
    assert (fields["ten_loai"].gia_tri, fields["trich_yeu"].gia_tri) == (
        "Công văn", "đôn đốc báo cáo kết quả cải cách hành chính"
    )


def _letterhead(*extra: Dong) -> list[Dong]:
    return [
        _ocr_line("ỦY BAN NHÂN DÂN", 70, 122, 244), _ocr_line(nd30.QUOC_HIEU, 70, 275, 546),
        _ocr_line("XÃ HÙNG THẮNG", 85, 127, 239), _ocr_line(nd30.TIEU_NGU, 85, 325, 497),
        _ocr_line("Hùng Thắng, ngày 05 tháng 3 năm 2026", 115, 298, 525), *extra,
    ]


def test_a_so_line_outside_the_left_column_is_read_with_less_confidence():
    left = tim_truong(_letterhead(_ocr_line("Số: 05/KH-UBND", 110, 134, 231)), nguon="pdf")["so_ky_hieu"]
    right = tim_truong(_letterhead(_ocr_line("Số: 05/KH-UBND", 130, 300, 400)), nguon="pdf")["so_ky_hieu"]
    assert left.gia_tri == right.gia_tri == "05/KH-UBND"
    assert right.do_tin_cay < left.do_tin_cay and "cột trái" in right.ghi_chu


def test_the_trich_yeu_ends_at_its_rule_and_at_a_content_line():
    title = [_ocr_line("KẾ HOẠCH", 150, 281, 357), _ocr_line("Triển khai nhiệm vụ năm 2026", 165, 230, 408)]
    under = [_ocr_line("___________", 181, 290, 348), _ocr_line("Căn cứ kết quả năm 2025", 186, 230, 408)]
    content = [_ocr_line("Thực hiện chỉ đạo của Ủy ban nhân dân huyện về", 181, 128, 538)]
    for following in (under, content):
        lines = _letterhead(_ocr_line("Số: 05/KH-UBND", 110, 134, 231), *title, *following)
        assert tim_truong(lines, nguon="pdf")["trich_yeu"].gia_tri == "Triển khai nhiệm vụ năm 2026"


def test_a_so_line_whose_slash_ocr_lost_is_read_before_a_type_abbreviation_only():
    lost = tim_truong(_letterhead(_ocr_line("Số: 185NQ-HĐND", 110, 134, 231)), nguon="ocr")["so_ky_hieu"]
    assert lost.gia_tri == "185/NQ-HĐND" and "«/»" in lost.ghi_chu and lost.do_tin_cay < 0.82
    other = tim_truong(_letterhead(_ocr_line("Số: 185AB-HĐND", 110, 134, 231)), nguon="ocr")["so_ky_hieu"]
    assert other.gia_tri is None and other.can_xem_lai
