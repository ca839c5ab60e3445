"""The Markdown forms of the content as a user sees them in the DOCX: numbered lists as body text,
structure A (Chương, Mục, Điều) numbered automatically, bold and italic in table cells, which
paragraphs are kept with the next; and what the checker says about the result."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.oxml.ns import qn
from docx_view import all_paragraphs, look, open_docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vbhc import loads, render
from vbhc.checker import check
from vbhc.text import vi

HEAD = """\
---
loai: {loai}
co_quan: {{ten: "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", viet_tat: UBND}}
dia_danh: Hùng Thắng
so: 4
ngay: 2026-02-02
trich_yeu: Thành lập Tổ công tác rà soát thủ tục hành chính năm 2026
nguoi_ky: {{tham_quyen: [TM. ỦY BAN NHÂN DÂN], chuc_vu: CHỦ TỊCH, ho_ten: Nguyễn Văn Bình}}
noi_nhan: [Như Điều 3, Sở Nội vụ]
luu: [VT, VP]
---

"""


def _render(tmp_path: Path, body: str, loai: str = "quyet_dinh", name: str = "vb.docx") -> Path:
    return render(loads(HEAD.format(loai=loai) + body, source=str(tmp_path / "vb.md")), tmp_path / name)


def _paragraphs(path: Path) -> list:
    document = open_docx(path)
    return [(document, p) for p in all_paragraphs(document) if p.text.strip()]


def _texts(path: Path) -> list[str]:
    return [p.text.strip() for _, p in _paragraphs(path)]


def _style(paragraph) -> str:
    return paragraph.style.name


def _rules(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for finding in check(path).findings:
        out.setdefault(finding.rule, []).append(f"{finding.trich_dan}: {finding.thay}")
    return out


# --- numbered lists ---------------------------------------------------------------------------------

MEMBERS = ["Ông Trần Văn Hưng, Phó Chủ tịch, Tổ trưởng", "Bà Nguyễn Thị Lan, Chánh Văn phòng, Tổ phó"]


@pytest.mark.parametrize("loai", ["ke_hoach", "quyet_dinh"])
def test_a_numbered_list_prints_its_numbers_as_body_text_and_is_no_khoan(tmp_path, loai):
    members = "\n".join(f"{n}. {m};" for n, m in enumerate(MEMBERS, start=1))[:-1] + "."
    body = (
        "# Tổ công tác\n\n## Thành lập Tổ công tác.\n\n## Thành phần Tổ công tác gồm các ông, bà:\n\n"
        f"{members}\n\n## Tổ công tác tự giải thể khi hoàn thành nhiệm vụ.\n"
    )
    path = _render(tmp_path, body, loai)
    paragraphs = {p.text.strip(): p for _, p in _paragraphs(path)}
    for n, member in enumerate(MEMBERS, start=1):
        item = next(t for t in paragraphs if member in t)
        assert item.startswith(f"{n}. {member}"), item
        assert _style(paragraphs[item]) == "VB Nội dung", "a list item is body text"
        assert not look(open_docx(path), paragraphs[item]).bold
    content = list(paragraphs)[: list(paragraphs).index("Nơi nhận:")]
    assert not any(t.startswith("- ") for t in content), "numbered items are not printed as dashes"
    assert "3. Tổ công tác tự giải thể khi hoàn thành nhiệm vụ./." in paragraphs
    findings = _rules(path)
    assert not {"B10", "B14"} & set(findings), findings


def test_a_numbered_list_may_start_elsewhere_and_hold_more_paragraphs(tmp_path):
    path = _render(tmp_path, "Các bước:\n\n3. Bước ba\n\n   ghi chú của bước ba\n\n4. Bước bốn\n", "ke_hoach")
    texts = _texts(path)
    assert "3. Bước ba" in texts and "4. Bước bốn./." in texts and "ghi chú của bước ba" in texts


# --- structure A -------------------------------------------------------------------------------------

#: A structure-A body as a list of (Markdown level, kind): levels the author may write.
_LEVELS = st.lists(
    st.sampled_from(["phan", "chuong", "muc", "dieu", "khoan", "diem", "van"]), min_size=1, max_size=25
)


def _body_a(levels: list[str]) -> tuple[str, list[str]]:
    """Markdown of ``levels`` and the printed lines vbhc must produce, numbered by hand here."""
    md, want = [], []
    n = dict.fromkeys(("phan", "chuong", "muc", "dieu", "khoan", "diem"), 0)
    for i, level in enumerate(levels):
        name = f"Nội dung thứ {i + 1}"
        if level in ("phan", "chuong", "muc"):
            label = {"phan": "Phần", "chuong": "Chương", "muc": "Mục"}[level]
            n[level] += 1
            if level != "muc":
                n["muc"] = 0
            number = str(n["muc"]) if level == "muc" else vi.roman(n[level])
            md.append(f"# {label}: {name}")
            want += [f"{label} {number}", vi.upper(name)]
        elif level == "dieu":
            n["dieu"] += 1
            n["khoan"] = n["diem"] = 0
            md.append(f"# {name}")
            want.append(f"Điều {n['dieu']}. {name}")
        elif level == "khoan":
            n["khoan"] += 1
            n["diem"] = 0
            md.append(f"## {name}")
            want.append(f"{n['khoan']}. {name}")
        elif level == "diem":
            n["diem"] += 1
            md.append(f"### {name}")
            want.append(f"{vi.diem(n['diem'])}) {name}")
        else:
            md.append(name)
            want.append(name)
    return "\n\n".join(md) + "\n", want


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(levels=_LEVELS.filter(lambda levels: levels.count("diem") < 20))
def test_structure_a_is_numbered_automatically(tmp_path, levels):
    body, want = _body_a(levels)
    path = _render(tmp_path, body, "nghi_quyet")
    texts = _texts(path)
    start = texts.index("QUYẾT NGHỊ:") + 1
    got = texts[start : start + len(want)]
    want[-1] += "./."
    assert got == want


def test_chuong_muc_dieu_look_as_rules_b6_to_b8_want(tmp_path):
    body = (
        "# Chương: Quy định chung\n\n# Phạm vi điều chỉnh\n\nQuy chế này quy định việc làm của Tổ.\n\n"
        "# Mục: Nhiệm vụ\n\n# Nhiệm vụ của Tổ trưởng\n\n## Phân công nhiệm vụ cho thành viên.\n\n"
        "## Báo cáo Chủ tịch Ủy ban nhân dân xã hằng tháng.\n\n"
        "# Chương: Điều khoản thi hành\n\n# Mục: Hiệu lực\n\n# Hiệu lực thi hành\n\n"
        "Quy chế này có hiệu lực kể từ ngày ký.\n"
    )
    path = _render(tmp_path, body, "quy_che")
    document = open_docx(path)
    paragraphs = {p.text.strip(): p for p in all_paragraphs(document) if p.text.strip()}
    lines = (("Chương I", "QUY ĐỊNH CHUNG"), ("Mục 1", "NHIỆM VỤ"), ("Chương II", "ĐIỀU KHOẢN THI HÀNH"))
    for label, title in lines:
        for text in (label, title):
            seen = look(document, paragraphs[text])
            assert seen.bold and seen.align == "center", text
    assert "Mục 1" in paragraphs and "Mục 2" not in paragraphs, "Mục is numbered within its Chương"
    article = paragraphs["Điều 3. Hiệu lực thi hành"]
    label, *rest = article.runs
    assert label.text == "Điều 3. " and look(document, article, label).bold
    assert not any(look(document, article, run).bold for run in rest), "only the label is bold (Mẫu 1.2)"
    assert "1. Phân công nhiệm vụ cho thành viên." in paragraphs
    findings = _rules(path)
    assert not {"B6", "B7", "B8", "B10", "B14"} & set(findings), findings


def test_typed_dieu_keeps_working_and_headings_number_on_from_it(tmp_path):
    body = (
        "**Điều 1.** Thành lập Tổ công tác.\n\n**Điều 2.** Tổ công tác có nhiệm vụ.\n\n# Hiệu lực thi hành\n"
    )
    path = _render(tmp_path, body)
    texts = _texts(path)
    assert "Điều 1. Thành lập Tổ công tác." in texts and "Điều 3. Hiệu lực thi hành./." in texts
    assert "B8" not in _rules(path)


def test_structure_b_types_keep_muc(tmp_path):
    assert "I. MỤC ĐÍCH" in _texts(_render(tmp_path, "# Mục đích\n\nNội dung.\n", "ke_hoach"))


# --- table cells ------------------------------------------------------------------------------------


def test_bold_and_italic_in_table_cells_are_kept(tmp_path):
    body = "Bảng:\n\n| **Tổng** | Ghi *chú* |\n|---|---|\n| Có **12** nhiệm vụ | *đúng hạn* |\n"
    document = open_docx(_render(tmp_path, body, "ke_hoach"))
    cells = document.element.body.iter(qn("w:tc"))
    seen = {}
    for cell in cells:
        for paragraph in cell.iter(qn("w:p")):
            for run in paragraph.iter(qn("w:r")):
                text = "".join(t.text or "" for t in run.iter(qn("w:t")))
                props = run.find(qn("w:rPr"))
                bold = props is not None and props.find(qn("w:b")) is not None
                italic = props is not None and props.find(qn("w:i")) is not None
                seen[text] = (bold, italic)
    assert seen["Tổng"][0] and seen["12"] == (True, False) and seen["đúng hạn"] == (False, True)
    assert seen["chú"][1] and seen["Có "] == (False, False)


# --- keep with next ---------------------------------------------------------------------------------


def _keeps(document, paragraph) -> bool:
    """Whether Word keeps ``paragraph`` with the next: its own setting, else its style's."""
    own = paragraph._p.find(qn("w:pPr") + "/" + qn("w:keepNext"))
    if own is not None:
        return own.get(qn("w:val")) not in ("0", "false")
    style = paragraph.style
    while style is not None:
        found = style.element.find(qn("w:pPr") + "/" + qn("w:keepNext"))
        if found is not None:
            return found.get(qn("w:val")) not in ("0", "false")
        style = style.base_style
    return False


def test_only_short_headings_and_the_last_paragraph_keep_with_the_next(tmp_path):
    long = "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã, Trưởng Công an xã " * 3
    body = f"# Thành lập\n\nThành lập Tổ.\n\n# Trách nhiệm thi hành\n\n## {long}\n\n## {long}\n\n## {long}\n"
    path = _render(tmp_path, body)
    document = open_docx(path)
    content = [p for p in all_paragraphs(document) if p.text.strip()]
    start = next(i for i, p in enumerate(content) if p.text.strip() == "QUYẾT ĐỊNH:") + 1
    end = next(i for i, p in enumerate(content) if p.text.strip() == "Nơi nhận:")
    kept = [p.text.strip()[:30] for p in content[start:end] if _keeps(document, p)]
    assert kept == ["Điều 1. Thành lập", "Điều 2. Trách nhiệm thi hành", content[end - 1].text.strip()[:30]]
    khoan = next(p for p in content[start:end] if p.text.startswith("1. "))
    assert not look(document, khoan).bold, "a khoản of content (not a title) is not bold (§3.6, B10)"


# --- trích yếu and the worked starters ---------------------------------------------------------------


def test_trich_yeu_lines_typed_with_a_break_are_kept(tmp_path):
    """The author's own «\\n» breaks win over the balanced breaks vbhc would choose."""
    source = HEAD.format(loai="quyet_dinh").replace(
        "trich_yeu: Thành lập Tổ công tác rà soát thủ tục hành chính năm 2026",
        'trich_yeu: "Về việc thành lập Tổ công tác\\nrà soát thủ tục hành chính năm 2026"',
    )
    vb = loads(source + "# Thành lập\n\nNội dung.\n", source=str(tmp_path / "vb.md"))
    path = render(vb, tmp_path / "vb.docx")
    assert "Về việc thành lập Tổ công tác\nrà soát thủ tục hành chính năm 2026" in _texts(path)


@pytest.mark.parametrize("name", ["quyet_dinh", "nghi_quyet"])
def test_the_worked_starters_render_and_pass_the_checker(tmp_path, name):
    from vbhc import load

    starter = Path(__file__).resolve().parents[1] / "vbhc" / "starters" / f"{name}.md"
    path = render(load(starter), tmp_path / f"{name}.docx")
    texts = _texts(path)
    assert "Điều 1. Thành lập Tổ công tác" in texts or "Điều 1. Thông qua kết quả thực hiện nhiệm vụ" in texts
    assert check(path).findings == []
