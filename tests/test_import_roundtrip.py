"""``vbhc import``: render → import → render keeps the printed words and the model, for every example
and every one of the 29 starters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from import_helpers import model_view, printed_text

from vbhc import load, nd30, render
from vbhc.cli.render import starter_text
from vbhc.importing import import_docx
from vbhc.sources.markdown import loads

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def round_trip(van_ban, tmp_path: Path, name: str):
    """Render ``van_ban``, import the DOCX, load and render the imported source: (imported, the
    reloaded model, the first DOCX, the second DOCX)."""
    first = render(van_ban, tmp_path / f"{name}.docx")
    imported = import_docx(first)
    source = tmp_path / f"{name}_nhap.md"
    source.write_text(imported.source_text, encoding="utf-8")
    again = load(source)
    second = render(again, tmp_path / f"{name}_lai.docx")
    return imported, again, first, second


def assert_same(original, imported, again, first: Path, second: Path) -> None:
    assert model_view(again) == model_view(original)
    assert printed_text(second) == printed_text(first)


@pytest.mark.parametrize("khoa", list(nd30.LOAI_VAN_BAN))
def test_every_starter_survives_the_round_trip(tmp_path, khoa):
    original = loads(starter_text(khoa).decode("utf-8"), source=f"{khoa}.md")
    imported, again, first, second = round_trip(original, tmp_path, khoa)
    if khoa == "bien_ban":  # Mẫu 1.9 prints no place and date line: nothing to read them from
        assert [a.message.split(" (")[0] for a in imported.ambiguities] == [
            "biên bản không in dòng địa danh, ngày tháng"
        ]
        original = original.sua(dia_danh=again.dia_danh)
    else:
        assert imported.ambiguities == []
    assert_same(original, imported, again, first, second)


def test_dated_numbered_urgent_document_with_chu_quan_survives(tmp_path):
    text = starter_text("to_trinh").decode("utf-8")
    original = loads(text, source="to_trinh.md").sua(
        so=7, ngay="05/02/2026", do_khan="THƯỢNG KHẨN", ky_hieu_nguoi_soan="PL.(300)",
        co_quan={"ten": "PHÒNG VĂN HÓA - XÃ HỘI", "chu_quan": "UBND XÃ HÙNG THẮNG", "viet_tat": "VHXH"},
    )
    imported, again, first, second = round_trip(original, tmp_path, "to_trinh")
    assert imported.ambiguities == []
    assert (again.so, again.ngay, again.do_khan) == (7, date(2026, 2, 5), "THƯỢNG KHẨN")
    assert again.ky_hieu_nguoi_soan == "PL.(300)"
    assert_same(original, imported, again, first, second)


def test_quyet_dinh_example_survives_with_its_dieu_and_list(tmp_path):
    original = load(EXAMPLES / "quyet_dinh_to_cong_tac" / "quyet_dinh.md")
    imported, again, first, second = round_trip(original, tmp_path, "quyet_dinh")
    assert imported.ambiguities == []
    assert again.can_cu == original.can_cu
    assert again.tham_quyen_ban_hanh == original.tham_quyen_ban_hanh
    kinds = [d.kieu for d in again.noi_dung]
    assert kinds.count("dieu") == 4 and kinds.count("liet_ke") == 6 and kinds.count("khoan") == 3
    assert_same(original, imported, again, first, second)


def test_ke_hoach_example_survives_and_its_annex_is_reported(tmp_path):
    original = load(EXAMPLES / "ke_hoach_cchc_2026" / "ke_hoach.md")
    imported, again, first, second = round_trip(original, tmp_path, "ke_hoach")
    assert [a.message.split(":")[0] for a in imported.ambiguities] == [
        f"phụ lục «{original.phu_luc[0].tieu_de.upper()}» không nhập"
    ]
    assert_same(original, imported, again, first, second)


def test_bao_cao_example_survives_with_its_table_and_reports_the_chart(tmp_path):
    from vbhc.workflows.report import lap_bao_cao

    folder = EXAMPLES / "bao_cao_cchc_2026"
    report = lap_bao_cao(folder / "nhiem_vu_minh_hoa.xlsx", date(2026, 11, 30), source=folder / "bao_cao.md",
                         output=tmp_path / "bao_cao.docx")
    first = report.written[0]
    imported = import_docx(first)
    assert [a.message.split(" «")[0].split(":")[0] for a in imported.ambiguities] == [
        "hình ảnh trong nội dung", "đoạn căn giữa", "phụ lục",
    ]
    source = tmp_path / "bao_cao_nhap.md"
    source.write_text(imported.source_text, encoding="utf-8")
    again = load(source)
    second = render(again, tmp_path / "bao_cao_lai.docx")
    expected = model_view(report.van_ban)
    # the chart's caption is a centred line, which a source cannot write: reported, read as text
    expected["noi_dung"] = [("van" if k == "canh_giua" else k, text) for k, text in expected["noi_dung"]]
    assert model_view(again) == expected
    assert printed_text(second) == printed_text(first)


def test_mail_merged_giay_moi_example_survives(tmp_path):
    """The giấy mời of examples/giay_moi_hoi_nghi_cchc (a docxtpl template filled by ``vbhc merge``):
    each letter imports without a doubt and renders to the same printed words."""
    from vbhc.workflows.merge import merge

    folder = EXAMPLES / "giay_moi_hoi_nghi_cchc"
    merge(folder / "giay_moi.docx", folder / "dai_bieu.xlsx", tmp_path / "thu")
    letters = sorted((tmp_path / "thu").glob("*.docx"))
    assert letters
    for number, letter in enumerate(letters):
        imported = import_docx(letter)
        assert imported.ambiguities == [], letter.name
        source = tmp_path / f"giay_moi_{number}.md"
        source.write_text(imported.source_text, encoding="utf-8")
        again = load(source)
        assert again.loai == "giay_moi"
        assert printed_text(render(again, tmp_path / f"lai_{number}.docx")) == printed_text(letter)
