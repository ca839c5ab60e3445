"""The checker on documents it was not made for: every rule is accounted for exactly once (passed,
found, not applicable, or cannot be evaluated), whatever is missing from the document."""

from __future__ import annotations

from pathlib import Path

import pytest
from mutate import Docx, remove, render_source, w

from vbhc.checker import RULES, Report, check

REFERENCE = Path(__file__).parent / "corpus" / "nd30"


def _accounted_once(report: Report) -> None:
    buckets = [set(report.dat), report.rule_ids(), {k.rule for k in report.khong_danh_gia},
               set(report.khong_ap_dung)]
    for rule_id in RULES:
        homes = [i for i, bucket in enumerate(buckets) if rule_id in bucket]
        assert len(homes) == 1, (rule_id, homes)


@pytest.mark.parametrize("name", ["ke_hoach", "cong_van", "bien_ban"])
def test_removing_any_block_never_crashes_nor_passes_silently(name: str, tmp_path: Path) -> None:
    good = render_source(name, tmp_path)
    count = len(Docx.open(good).document.find(w("body")))
    for index in range(0, count - 1, 3):  # every third block of the body, the final sectPr kept
        docx = Docx.open(good)
        body = docx.document.find(w("body"))
        remove(body[index])
        report = check(docx.save(tmp_path / f"{name}_{index}.docx"))
        _accounted_once(report)


def test_empty_document(tmp_path: Path) -> None:
    good = render_source("cong_van", tmp_path)
    docx = Docx.open(good)
    body = docx.document.find(w("body"))
    for child in list(body)[:-1]:
        body.remove(child)
    report = check(docx.save(tmp_path / "rong.docx"))
    _accounted_once(report)
    assert "H2" in report.rule_ids()  # no Quốc hiệu is an error, not a pass
    assert {"H3", "H4", "S1", "R1"} <= {k.rule for k in report.khong_danh_gia}


@pytest.mark.skipif(not REFERENCE.exists(), reason="the decree's files are not on this machine")
@pytest.mark.parametrize("name", ["Phuluc1.docx", "Phuluc3.docx", "Phuluc4.docx"])
def test_decree_annexes_are_read(name: str) -> None:
    report = check(REFERENCE / name)
    _accounted_once(report)
    assert report.dat  # page setup and fonts were evaluated
    if name != "Phuluc3.docx":
        # an annex alone, its «(Kèm theo Nghị định số 30/2020/NĐ-CP / ngày … của Chính phủ)» typed
        # over two paragraphs and read as one line
        assert report.loai == "phụ lục"
        assert "O5" in report.dat
