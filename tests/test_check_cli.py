"""``vbhc check`` on the command line: exit codes, the Vietnamese report, --strict and --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from mutate import Docx, render_source, replace_text, set_all_fonts

from vbhc.cli import cli


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli")
    good = render_source("cong_van", folder)
    arial = Docx.open(good)
    set_all_fonts(arial, "Arial")
    warned = Docx.open(good)
    replace_text(warned.starting("Đề nghị các cơ quan"), "./.", ".")
    return {
        "good": good,
        "arial": arial.save(folder / "arial.docx"),
        "warned": warned.save(folder / "canh_bao.docx"),
    }


def invoke(*args: str):
    return CliRunner().invoke(cli, ["check", *args])


def test_good_document_exits_0_with_a_clean_report(files) -> None:
    result = invoke(str(files["good"]))
    assert result.exit_code == 0, result.output
    assert "công văn: 0 lỗi, 0 cảnh báo" in result.output
    assert "Không đánh giá được: O8" in result.output


def test_error_exits_1_and_names_rule_place_and_expectation(files) -> None:
    result = invoke(str(files["arial"]))
    assert result.exit_code == 1
    assert "[lỗi] P4 Phông chữ" in result.output
    assert "phông «Arial»" in result.output
    assert "→ cần: phông Times New Roman" in result.output
    assert "Phụ lục I, Phần I, Mục I.4" in result.output


def test_warning_passes_unless_strict(files) -> None:
    relaxed = invoke(str(files["warned"]))
    assert relaxed.exit_code == 0
    assert "[cảnh báo] B12" in relaxed.output
    assert invoke("--strict", str(files["warned"])).exit_code == 1


def test_several_files_grouped_with_a_total(files) -> None:
    result = invoke(str(files["good"]), str(files["arial"]), str(files["warned"]))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    heads = [line for line in lines if not line.startswith(" ")]
    assert [Path(h.split(" — ")[0]).name for h in heads[:-1] if " — " in h] == [
        "cong_van.docx", "arial.docx", "canh_bao.docx"
    ]
    assert lines[-1] == "Tổng cộng: 3 tệp, 2 tệp đạt, 1 tệp có lỗi, 0 tệp không đọc được."


def test_json_follows_the_documented_schema(files) -> None:
    result = invoke("--json", str(files["arial"]), str(files["good"]))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["phien_ban_luoc_do"] == 3
    assert data["ma_thoat"] == 1
    arial, good = data["ket_qua"]
    assert good["so_loi"] == 0 and good["phat_hien"] == []
    assert arial["loai_van_ban"] == "công văn"
    assert arial["so_loi"] == len(arial["phat_hien"]) == 1
    finding = arial["phat_hien"][0]
    assert set(finding) == {"quy_tac", "muc_do", "muc_do_nhan", "dieu_khoan", "ten", "so_lan", "vi_tri",
                            "trich_dan", "thay", "can", "thong_diep"}
    assert (finding["quy_tac"], finding["muc_do"], finding["muc_do_nhan"]) == ("P4", "loi", "lỗi")
    # every paragraph set in Arial: one finding, counted, with its first five places
    assert finding["so_lan"] > 5 and len(finding["vi_tri"]) == 5
    for where in finding["vi_tri"]:
        assert set(where) == {"phan", "doan", "bang", "dong", "o", "doan_trong_o", "dau_trang",
                              "chan_trang", "khung_van_ban", "mo_ta"}
    assert {"quy_tac", "ten", "ly_do"} == set(arial["khong_danh_gia"][0])
    assert "P1" in arial["dat"] and "T1" in arial["khong_ap_dung"]


def test_documentation_lists_every_rule_and_json_field() -> None:
    from vbhc.checker import RULES

    text = (Path(__file__).resolve().parents[1] / "docs" / "kiem-tra.md").read_text(encoding="utf-8")
    for rule_id, rule in RULES.items():
        assert f"| {rule_id} | {rule.muc_do.nhan} | {rule.ten} |" in text, rule_id
    for field in ("phien_ban_luoc_do", "ma_thoat", "doc_duoc", "loi_doc", "phat_hien", "khong_danh_gia",
                  "khong_ap_dung", "dat", "trich_dan", "doan_trong_o"):
        assert f"`{field}" in text, field
