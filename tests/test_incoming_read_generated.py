"""Reading generated incoming documents: random agencies (with and without a cơ quan chủ quản),
numbers, dates, trích yếu of one to three lines, signers with TM., KT., TL., TUQ., Q., độ khẩn marks;
each rendered by vbhc, printed by one warm LibreOffice, and read back from the PDF and the DOCX."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incoming_read import expected, read_values

from vbhc import nd30, render
from vbhc.model import CoQuan, Doan, NguoiKy, Run, VanBan

PLACES = ("Hùng Thắng", "Kiến An", "Tân Lập", "Hồng Phong", "Quỳnh Lưu", "Đồng Hỷ", "Ea Súp", "Ngũ Hành Sơn")
UNITS = ("XÃ", "PHƯỜNG", "THỊ TRẤN", "HUYỆN", "TỈNH", "THÀNH PHỐ")
DEPARTMENTS = (("SỞ NỘI VỤ", "SNV"), ("SỞ TÀI CHÍNH", "STC"), ("SỞ Y TẾ", "SYT"), ("VĂN PHÒNG", "VP"))
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
MIDDLE = ("Văn", "Thị", "Minh", "Trọng", "Thu", "Quốc", "Hữu")
GIVEN = ("An", "Bình", "Thủy", "Hường", "Đức", "Khoa", "Yến", "Lĩnh", "Tuấn")
WORDS = (
    "triển khai thực hiện kế hoạch cải cách hành chính năm 2026 trên địa bàn xã về việc tăng cường "
    "công tác chuyển đổi số dịch vụ công trực tuyến kiểm tra giám sát đôn đốc báo cáo kết quả quý"
).split()
#: Signer blocks: authority lines, title (Q. is the title of an acting head).
SIGNERS = (
    ((), "CHỦ TỊCH"),
    (("TM. ỦY BAN NHÂN DÂN",), "CHỦ TỊCH"),
    (("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), "PHÓ CHỦ TỊCH"),
    (("KT. GIÁM ĐỐC",), "PHÓ GIÁM ĐỐC"),
    (("TM. ỦY BAN NHÂN DÂN",), "Q. CHỦ TỊCH"),
    (("TL. CHỦ TỊCH",), "CHÁNH VĂN PHÒNG"),
    (("TUQ. CHỦ TỊCH",), "TRƯỞNG PHÒNG NỘI VỤ"),
)
#: The types generated: with a tên loại and trích yếu, the công văn («V/v»), one without trích yếu.
TYPES = (
    "ke_hoach", "bao_cao", "quyet_dinh", "thong_bao", "to_trinh", "cong_van", "giay_moi", "giay_gioi_thieu"
)


@st.composite
def agencies(draw) -> CoQuan:
    place = draw(st.sampled_from(PLACES)).upper()
    unit = draw(st.sampled_from(UNITS))
    if draw(st.booleans()):
        return CoQuan(ten=f"ỦY BAN NHÂN DÂN {unit} {place}", viet_tat="UBND")
    department, short = draw(st.sampled_from(DEPARTMENTS))
    return CoQuan(ten=department, viet_tat=short, chu_quan=f"ỦY BAN NHÂN DÂN {unit} {place}")


@st.composite
def documents(draw) -> VanBan:
    loai = draw(st.sampled_from(TYPES))
    tham_quyen, chuc_vu = draw(st.sampled_from(SIGNERS))
    name = " ".join(draw(st.sampled_from(part)) for part in (SURNAMES, MIDDLE, GIVEN))
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=30))
    co_quan = draw(agencies())
    unit = draw(st.sampled_from(["VP", "VHXH", "KT"]))
    return VanBan(
        loai=loai,
        co_quan=co_quan,
        ky_hieu=f"{co_quan.viet_tat}-{unit}" if loai == "cong_van" else None,
        dia_danh=draw(st.sampled_from(PLACES)),
        so=draw(st.integers(1, 9999)),
        ngay=draw(st.dates(date(2020, 1, 1), date(2030, 12, 31))),
        trich_yeu=" ".join(words).capitalize(),
        kinh_gui=["Sở Nội vụ"] if loai in nd30.LOAI_CO_KINH_GUI else [],
        noi_dung=[Doan(runs=[Run(text="Nội dung văn bản.")])],
        nguoi_ky=NguoiKy(tham_quyen=list(tham_quyen), chuc_vu=chuc_vu, ho_ten=name),
        noi_nhan=["Như trên"],
        do_khan=draw(st.sampled_from([None, *nd30.DO_KHAN])),
    )


def _require_uno() -> None:
    if not Path("/usr/bin/python3").is_file() or os.system("/usr/bin/python3 -c 'import uno' 2>/dev/null"):
        message = "python3-uno chưa được cài (sudo apt-get install python3-uno)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def converter():
    """One LibreOffice for every generated document."""
    _require_uno()
    from vbhc.convert.warm import WarmConverter

    with WarmConverter() as warm:
        yield warm


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(vb=documents())
def test_generated_document_is_read_exactly_from_pdf_and_docx(converter, tmp_path, vb):
    docx = render(vb, tmp_path / "den.docx")
    pdf = tmp_path / "den.pdf"
    pdf.write_bytes(converter.to_pdf(docx.read_bytes(), name="den.docx"))
    assert read_values(pdf) == expected(vb)
    assert read_values(docx) == expected(vb)
