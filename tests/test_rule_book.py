"""The rule book's table of components is the one place that says how each component looks: the
shipped templates carry it, the checker judges by it, and the rule book itself depends on nothing."""

from __future__ import annotations

import ast
import dataclasses
import importlib.util
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from mutate import render_source

from tests.conftest import ROOT
from vbhc import nd30
from vbhc.checker import check
from vbhc.writers.layout import STYLE_IDS

spec = importlib.util.spec_from_file_location("build_templates", ROOT / "tools" / "build_templates.py")
builder = importlib.util.module_from_spec(spec)
spec.loader.exec_module(builder)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _styles(template: str) -> dict[str, etree._Element]:
    with zipfile.ZipFile(ROOT / "templates" / f"{template}.docx") as package:
        root = etree.fromstring(package.read("word/styles.xml"))
    return {style.get(f"{W}styleId"): style for style in root.iter(f"{W}style")}


def _on(rpr: etree._Element, tag: str) -> bool:
    element = rpr.find(f"{W}{tag}")
    return element is not None and element.get(f"{W}val") not in {"0", "false"}


@pytest.mark.parametrize("template", ["van_ban", "cong_van", "phu_luc"])
@pytest.mark.parametrize("name", sorted(builder.COMPONENT_STYLES))
def test_each_style_of_the_shipped_templates_is_its_component_as_the_rule_book_says(template, name):
    look = nd30.THANH_PHAN[builder.COMPONENT_STYLES[name]]
    style = _styles(template)[STYLE_IDS[name]]
    rpr, ppr = style.find(f"{W}rPr"), style.find(f"{W}pPr")
    assert _on(rpr, "b") is bool(look.bold), name
    assert _on(rpr, "i") is bool(look.italic), name
    assert int(rpr.find(f"{W}sz").get(f"{W}val")) == look.size.default * 2, name
    assert ppr.find(f"{W}jc").get(f"{W}val") == look.align, name
    assert (ppr.find(f"{W}keepNext") is not None) is look.keep_next, name
    spacing = ppr.find(f"{W}spacing")
    assert int(spacing.get(f"{W}before")) == look.before * 20, name
    assert int(spacing.get(f"{W}after")) == look.after * 20, name
    if spacing.get(f"{W}lineRule") == "auto":
        assert int(spacing.get(f"{W}line")) == round(look.line * 240), name
    indent = ppr.find(f"{W}ind")
    first_line = indent.get(f"{W}firstLine") if indent is not None else None
    assert (first_line == str(nd30.twips(nd30.FIRST_LINE_INDENT_MM[0]))) is look.first_line, name


def test_the_labels_vbhc_prints_are_the_rule_books():
    assert nd30.KINH_GUI_LABEL == nd30.THANH_PHAN["kinh_gui"].label == "Kính gửi:"
    assert nd30.NOI_NHAN_LABEL == nd30.THANH_PHAN["noi_nhan_label"].label == "Nơi nhận:"
    assert nd30.PHU_LUC_LABEL == nd30.THANH_PHAN["phu_luc_heading"].label == "Phụ lục"
    assert nd30.CONG_VAN_PREFIX == nd30.THANH_PHAN["trich_yeu_cong_van"].label == "V/v "


@pytest.fixture(scope="module")
def ke_hoach(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_source("ke_hoach", tmp_path_factory.mktemp("rule_book"))


@pytest.mark.parametrize(
    ("component", "change", "rule", "says"),
    [
        ("trich_yeu", {"bold": False}, "T2", "trích yếu: in đậm"),
        ("ten_loai", {"italic": True}, "T1", "tên loại: không in nghiêng"),
        ("co_quan_ban_hanh", {"caps": False}, "H8", "tên cơ quan ban hành: viết in hoa toàn bộ"),
        ("ho_ten", {"size": nd30.Size(11, 12, 12)}, "S3", "họ tên người ký: cỡ chữ 14"),
        ("noi_nhan_label", {"align": "center"}, "R1", "«Nơi nhận:»: không canh giữa (canh trái)"),
    ],
)
def test_the_checker_judges_each_component_by_the_rule_book(
    ke_hoach, monkeypatch, component, change, rule, says
):
    assert not [f for f in check(ke_hoach).findings if f.rule == rule]
    table = dict(nd30.THANH_PHAN)
    table[component] = dataclasses.replace(table[component], **change)
    monkeypatch.setattr(nd30, "THANH_PHAN", table)
    assert [f.thay for f in check(ke_hoach).findings if f.rule == rule] == [says]


def test_the_rule_book_imports_no_other_module_of_vbhc():
    tree = ast.parse((ROOT / "vbhc" / "nd30.py").read_text(encoding="utf-8"))
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [name for name in imported if name and name.startswith("vbhc")]
