"""`vbhc check` on documents typed in Word (tests/word_corpus.py): line shapes drawn in the text
paragraph or the one after it, plain-paragraph letterheads, a letterhead after a table. Clean
documents give no error; each planted error is caught by its rule and by no other."""

from __future__ import annotations

from pathlib import Path

import pytest
import word_corpus as wc
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree
from mutate import Docx

from vbhc import nd30
from vbhc.checker import MucDo, check
from vbhc.checker.components import locate
from vbhc.checker.kinds import VAN_BAN_HANH_CHINH
from vbhc.checker.reader import Paragraph, Table, read
from vbhc.text.metrics import text_width_mm

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
_WPG = "{http://schemas.microsoft.com/office/word/2010/wordprocessingGroup}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: The rules of the Quốc hiệu and Tiêu ngữ, which every kind of document with them must pass.
HEAD_RULES = {"H2", "H3", "H4", "H5", "H6", "H7"}


def _save(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    return path


def _errors(report) -> set[str]:
    return report.rule_ids(MucDo.LOI)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The report of every corpus document, checked once."""
    folder = tmp_path_factory.mktemp("word")
    return {name: check(wc.write(name, folder)) for name in wc.CORPUS}


# --- clean documents ----------------------------------------------------------------------------------

VAN_BAN = [name for name, truth in wc.TRUTH.items() if truth.kind == wc.VAN_BAN_HANH_CHINH]
WITH_HEAD = [name for name, truth in wc.TRUTH.items() if truth.head]


@pytest.mark.parametrize("name", VAN_BAN)
def test_clean_administrative_documents_have_no_finding(reports, name: str) -> None:
    report = reports[name]
    assert report.findings == []
    truth = wc.TRUTH[name]
    assert report.loai == (
        "công văn" if truth.loai == "cong_van" else nd30.LOAI_VAN_BAN[truth.loai].ten.upper()
    )
    # the rules were decided on the lines drawn as shapes, not left undecided
    drawn = {"H7", "H10"} | ({"T3"} if truth.loai != "cong_van" else set())
    assert drawn <= set(report.dat)


@pytest.mark.parametrize("name", WITH_HEAD)
def test_quoc_hieu_and_tieu_ngu_are_found_and_pass(reports, name: str) -> None:
    report = reports[name]
    assert set(report.dat) >= HEAD_RULES
    assert not {"H8", "H9", "H10"} & report.rule_ids()


@pytest.mark.parametrize("name", [name for name, truth in wc.TRUTH.items() if truth.errors])
def test_known_errors_of_real_files_are_caught(reports, name: str) -> None:
    assert wc.TRUTH[name].errors <= _errors(reports[name])


# --- the components of a hand-typed letterhead ------------------------------------------------------


def _components(tmp_path: Path, name: str, data: bytes | None = None):
    path = _save(tmp_path, name, data if data is not None else wc.CORPUS[name]())
    return locate(read(path))


@pytest.mark.parametrize("name", ["don_plain_letterhead", "letterhead_after_table"])
def test_plain_letterhead_ends_with_the_tieu_ngu_when_no_date_follows(tmp_path: Path, name: str) -> None:
    c = _components(tmp_path, name)
    assert c.letterhead_plain and c.letterhead is None
    assert c.quoc_hieu.stripped == wc.QUOC_HIEU and c.tieu_ngu.stripped == wc.TIEU_NGU
    assert c.tieu_ngu_line is not None and c.tieu_ngu_line.kind == "hinh"
    assert c.tieu_ngu_line.length_mm == pytest.approx(wc.TIEU_NGU_LINE_MM)
    # the date at the bottom, the form fields and the closing words stay in the body
    assert c.date is None and c.so is None and c.agency == []
    assert c.tieu_ngu not in c.left + c.agency
    body = " ".join(block.stripped for block in c.body if isinstance(block, Paragraph))
    assert "Hùng Thắng, ngày" in body and "Tôi xin cam đoan" in body
    assert "1. Họ, chữ đệm và tên:" in body or "Họ và tên người đề nghị:" in body
    # the title is the tên loại, never the Quốc hiệu
    assert c.ten_loai is not None and c.ten_loai.stripped.startswith(("ĐƠN", "TỜ KHAI"))


def test_plain_letterhead_takes_the_date_that_follows_the_tieu_ngu(tmp_path: Path, reports) -> None:
    c = _components(tmp_path, "don_date_at_top")
    assert c.date.stripped == wc.DON_DATE
    assert c.date not in c.body and c.date not in c.agency and c.agency == []
    assert c.ten_loai.stripped == "ĐƠN ĐỀ NGHỊ"
    # a đơn is not judged by ND30's date rules (i15b, kinds): judged as a văn bản hành chính, it passes
    path = _save(tmp_path, "don_date_at_top", wc.CORPUS["don_date_at_top"]())
    forced = check(path, kind=VAN_BAN_HANH_CHINH)
    assert {"H17", "H18", "H19", "H20"} <= set(forced.dat)


def test_the_table_first_is_neither_letterhead_nor_body(tmp_path: Path) -> None:
    c = _components(tmp_path, "letterhead_after_table")
    assert c.letterhead is None and c.quoc_hieu is not None
    assert not any(isinstance(block, Table) for block in c.body)


def test_a_sentence_naming_the_country_is_not_a_quoc_hieu(tmp_path: Path) -> None:
    # a company letter gets page and fonts only (i15b, kinds): judged as a văn bản hành chính, H2 says
    report = check(_save(tmp_path, "company_letter", wc.CORPUS["company_letter"]()), kind=VAN_BAN_HANH_CHINH)
    (h2,) = [f for f in report.findings if f.rule == "H2"]
    assert h2.thay == "không tìm thấy Quốc hiệu ở đầu văn bản"


@pytest.mark.parametrize("name", list(wc.LINE_VARIANTS))
def test_line_shapes_are_the_rules_under_their_components(tmp_path: Path, name: str) -> None:
    c = _components(tmp_path, name)
    assert c.agency_line.length_mm == pytest.approx(wc.AGENCY_LINE_MM)
    assert c.tieu_ngu_line.length_mm == pytest.approx(wc.TIEU_NGU_LINE_MM)
    assert [p.stripped for p in c.agency] == [" ".join(wc.AGENCY)]
    assert c.so.stripped == "Số: 07/UBND-VP" and c.date.stripped.startswith("Hùng Thắng, ngày 05")


def test_a_line_below_the_so_line_is_not_the_agency_rule(tmp_path: Path) -> None:
    """Anchored in the Số paragraph but placed under it (a positive offset from that paragraph)."""
    docx = Docx(wc.cong_van_line_shape(agency_line=wc.Line(wc.AGENCY_LINE_MM, where="next")))
    so_line = docx.starting("Số:")
    for offset in so_line.iter(f"{_WP}posOffset"):
        if offset.getparent().tag == f"{_WP}positionV":
            offset.text = str(abs(int(offset.text)) + 200000)
    path = docx.save(tmp_path / "duoi_so.docx")
    (h10,) = [f for f in check(path).findings if f.rule == "H10"]
    assert h10.muc_do is MucDo.LOI and h10.thay == "không có đường kẻ dưới tên cơ quan"


def test_a_line_anchored_in_the_quoc_hieu_rules_the_tieu_ngu(tmp_path: Path) -> None:
    """The clerk clicked on the Quốc hiệu before drawing: the line is anchored there, placed lower."""
    docx = Docx(wc.CORPUS["cong_van_line_shape"]())
    (shape,) = [
        run
        for run in docx.starting("Độc lập").iter(f"{_W}r")
        if run.find(f"{_MC}AlternateContent") is not None
    ]
    docx.starting("CỘNG HÒA").append(shape)
    report = check(docx.save(tmp_path / "qh.docx"))
    assert "H7" in report.dat and report.findings == []


def test_an_inline_line_in_the_text_paragraph_is_its_rule(tmp_path: Path) -> None:
    """The line inserted in line with text (``wp:inline``) after a manual break in the Tiêu ngữ."""
    docx = Docx(wc.CORPUS["cong_van_line_shape"]())
    (anchor,) = docx.starting("Độc lập").iter(f"{_WP}anchor")
    anchor.tag = f"{_WP}inline"
    for child in list(anchor):
        if child.tag in {f"{_WP}simplePos", f"{_WP}positionH", f"{_WP}positionV", f"{_WP}wrapNone"}:
            anchor.remove(child)
    for name in list(anchor.attrib):
        if name not in {"distT", "distB", "distL", "distR"}:
            del anchor.attrib[name]
    c = locate(read(docx.save(tmp_path / "inline.docx")))
    assert c.tieu_ngu_line.paragraph is c.tieu_ngu
    assert c.tieu_ngu_line.length_mm == pytest.approx(wc.TIEU_NGU_LINE_MM)


def _vml_only(data: bytes, path: Path) -> Path:
    """``data`` saved without the DrawingML choices (as older Word writes shapes): VML alone."""
    docx = Docx(data)
    for choice in list(docx.document.iter(f"{_MC}Choice")):
        choice.getparent().remove(choice)
    return docx.save(path)


def test_line_measured_on_the_vml_fallback_alone(tmp_path: Path) -> None:
    c = locate(read(_vml_only(wc.CORPUS["cong_van_line_shape"](), tmp_path / "vml.docx")))
    assert c.agency_line.length_mm == pytest.approx(wc.AGENCY_LINE_MM, abs=0.01)
    assert c.tieu_ngu_line.length_mm == pytest.approx(wc.TIEU_NGU_LINE_MM, abs=0.01)
    assert c.agency_line.solid and c.tieu_ngu_line.solid
    dashed = _vml_only(wc.PLANTED["tieu_ngu_line_dashed"].build(), tmp_path / "vml_dash.docx")
    assert {(f.rule, f.muc_do) for f in check(dashed).findings} == {("H7", MucDo.LOI)}


def test_a_vertical_line_is_no_rule(tmp_path: Path) -> None:
    docx = Docx(wc.CORPUS["cong_van_line_shape"]())
    motto = docx.starting("Độc lập")
    for extent in motto.iter(f"{_WP}extent", f"{_A}ext"):
        extent.set("cx", "0")
        extent.set("cy", "360000")
    for line in motto.iter("{urn:schemas-microsoft-com:vml}line"):
        x, y = line.get("from").split(",")
        line.set("to", f"{x},{float(y[:-2]) + 28:.2f}pt")
    (h7,) = [f for f in check(docx.save(tmp_path / "doc.docx")).findings if f.rule == "H7"]
    assert h7.muc_do is MucDo.LOI and h7.thay == "không có đường kẻ dưới Tiêu ngữ"


def test_a_line_in_a_group_is_measured_at_the_group_scale(tmp_path: Path) -> None:
    """Word writes a grouped line (wpg) in child coordinates; the group's ext/chExt scales them."""
    docx = Docx(wc.CORPUS["cong_van_line_shape"]())
    (wsp,) = docx.starting("Độc lập").iter(f"{_WPS}wsp")
    group = etree.Element(f"{_WPG}wgp")
    xfrm = etree.SubElement(etree.SubElement(group, f"{_WPG}grpSpPr"), f"{_A}xfrm")
    etree.SubElement(xfrm, f"{_A}off", x="0", y="0")
    etree.SubElement(xfrm, f"{_A}ext", cx=str(round(wc.TIEU_NGU_LINE_MM * wc.EMU_PER_MM)), cy="0")
    etree.SubElement(xfrm, f"{_A}chOff", x="0", y="0")
    etree.SubElement(xfrm, f"{_A}chExt", cx="1000", cy="0")
    wsp.addprevious(group)
    group.append(wsp)  # moves the line into the group
    (ext,) = wsp.iter(f"{_A}ext")
    ext.set("cx", "1000")
    c = locate(read(docx.save(tmp_path / "nhom.docx")))
    assert c.tieu_ngu_line.length_mm == pytest.approx(wc.TIEU_NGU_LINE_MM)


# --- planted errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(wc.PLANTED))
def test_planted_error_is_caught_by_its_rule_alone(reports, tmp_path: Path, name: str) -> None:
    planted = wc.PLANTED[name]
    report = check(wc.plant(name, tmp_path))
    base = reports[planted.base]
    ours = [f for f in report.findings if f.rule == planted.rule]
    assert ours and {f.muc_do.value for f in ours} == {planted.muc_do}
    # no other finding than those the base document has (none for a văn bản hành chính)
    assert report.rule_ids() - {planted.rule} == base.rule_ids()
    assert planted.rule not in base.rule_ids()


# --- generated lines ----------------------------------------------------------------------------------

_LINES = st.builds(
    wc.Line,
    length_mm=st.floats(min_value=3, max_value=90, allow_nan=False),
    where=st.sampled_from(["same", "next"]),
    h_from=st.sampled_from(["column", "margin", "page", "character"]),
    v_from=st.sampled_from(["paragraph", "line", "page"]),
)

#: The widest line of the issuing agency in its 13 pt bold (H10 measures the ratio against it).
_AGENCY_WIDTH = max(text_width_mm(line, 13, bold=True) for line in wc.AGENCY)


def _outside(length: float, low: float, high: float) -> bool | None:
    """Whether ``length`` is outside [low, high]; None within half a millimetre of a bound."""
    if min(abs(length - low), abs(length - high)) < 0.5:
        return None
    return not low <= length <= high


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(agency=_LINES, motto=_LINES)
def test_generated_line_shapes_are_judged_by_their_length(tmp_path: Path, agency, motto) -> None:
    low, high = nd30.RULE_RATIO
    ratio_tol = nd30.RATIO_TOLERANCE
    agency_wrong = _outside(
        agency.length_mm, _AGENCY_WIDTH * low * (1 - ratio_tol), _AGENCY_WIDTH * high * (1 + ratio_tol)
    )
    width = nd30.TIEU_NGU_WIDTH_MM[14]  # the rule book's measure of the Tiêu ngữ in 14 pt bold
    tol = nd30.TIEU_NGU_RULE_TOLERANCE
    motto_wrong = _outside(motto.length_mm, width * (1 - tol), width * (1 + tol))
    assume(agency_wrong is not None and motto_wrong is not None)
    data = wc.cong_van_line_shape(agency_line=agency, tieu_ngu_line=motto)
    report = check(_save(tmp_path, "sinh", data))
    assert _errors(report) == set()
    assert {f.rule for f in report.warnings} == {
        r for r, wrong in (("H10", agency_wrong), ("H7", motto_wrong)) if wrong
    }
