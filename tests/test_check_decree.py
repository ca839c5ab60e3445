"""The decree's own Word file: a văn bản quy phạm pháp luật, recognised as one.

Nghị định 30/2020/NĐ-CP is a văn bản quy phạm pháp luật, not a văn bản hành chính: its format is
governed by the rules for legal normative documents, not by ND30. The checker says so, and checks
only what the two share: the paper, the font and its colour, the Quốc hiệu and the Tiêu ngữ.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vbhc import nd30
from vbhc.checker import RULES, MucDo, check
from vbhc.checker.kinds import QPPL, QUY_PHAM_PHAP_LUAT
from vbhc.cli import cli

DECREE = Path(__file__).parent / "corpus" / "nd30" / "30_2020_ND_CP.docx"


@pytest.fixture(scope="module")
def report():
    return check(DECREE)


def test_the_decree_is_a_legal_normative_document(report) -> None:
    assert report.kind is QUY_PHAM_PHAP_LUAT and report.kind.rule_set is QPPL
    assert report.loai == "NGHỊ ĐỊNH"
    assert report.dau_hieu == "tên loại «NGHỊ ĐỊNH», số «30/2020/NĐ-CP» có năm ban hành"
    assert nd30.THE_THUC_QPPL in report.kind.ngoai_bo


def test_what_the_two_share_passes(report) -> None:
    # A4, Times New Roman in black, the Quốc hiệu and the Tiêu ngữ with the rule drawn as a run of
    # underscores: as ND30 says
    assert set(QPPL.rules) - {"P2", "P10"} <= set(report.dat)
    assert "P2" in report.khong_ap_dung  # portrait throughout: no landscape section to judge


def test_only_the_white_bracket_is_found(report) -> None:
    # «[» typed in white before «(Đã ký)» in the signature block (see test_check_hidden.py)
    (finding,) = report.findings
    assert (finding.rule, finding.muc_do, finding.trich_dan) == ("P10", MucDo.CANH_BAO, "[")


def test_nd30_rules_of_its_own_are_not_applied_with_the_reason(report) -> None:
    # before: T1 «NGHỊ ĐỊNH không phải văn bản hành chính», H16 (year in the number), B1 and B5 (the
    # VBQPPL căn cứ and enacting sentence) were reported against it
    for rule_id in ("T1", "H16", "B1", "B5", "P3", "P6", "H8", "S1", "R1"):
        assert report.ly_do_khong_ap_dung[rule_id] == QUY_PHAM_PHAP_LUAT.ngoai_bo
    assert set(report.khong_ap_dung) >= set(RULES) - QPPL.rules


def test_the_first_lines_say_it(report) -> None:
    lines = CliRunner().invoke(cli, ["check", str(DECREE)]).output.splitlines()
    assert lines[0].endswith(
        "— NGHỊ ĐỊNH: 0 lỗi, 1 cảnh báo, 0 gợi ý — văn bản quy phạm pháp luật: chỉ áp dụng các quy tắc "
        "chung với Nghị định 30 về khổ giấy, phông chữ, màu chữ, Quốc hiệu, Tiêu ngữ (P1, P2, P4, P5, P9, "
        "P10, H2–H7)"
    )
    assert lines[1].startswith("  Dấu hiệu nhận biết: tên loại «NGHỊ ĐỊNH», số «30/2020/NĐ-CP» có năm ban "
                               "hành. Thể thức văn bản quy phạm pháp luật theo Luật Ban hành văn bản quy "
                               "phạm pháp luật (Luật số 64/2025/QH15)")
