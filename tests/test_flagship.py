"""The flagship example is the office's own document: its rendered text is the original word for word,
except the changes listed here (each with its reason, each also listed in README.md), and its annex
workbook holds the original's table cell by cell."""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from vbhc.sources.markdown import load
from vbhc.writers.docx import render

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "ke_hoach_cchc_2026"
#: The plan as the office typed it (a copy of shared/reference/ke-hoach-cchc-2026-xa-hung-thang.md).
REFERENCE = EXAMPLE / "ban_goc" / "ke-hoach-cchc-2026-xa-hung-thang.md"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Change:
    """An allowed difference: ``pattern`` (a regular expression on one line or cell of the original)
    becomes ``replacement``. ``times``: how many lines it changes (None: at least one). ``readme``:
    the words README.md names it by."""

    pattern: str
    replacement: str
    reason: str
    readme: str
    times: int | None = None


#: Format corrections ND30 requires, and typing slips (at most a handful), in the body.
BODY_CHANGES = (
    Change(r"^II\. (NHIỆM VỤ, GIẢI PHÁP)$", r"III. \1",
           "đánh số mục: bản gốc ghi «II» hai lần, vbhc đánh số tự động nên mục thứ ba là III",
           "mục `II` lặp hai lần", times=1),
    Change(r"^([a-eđ])\. ", r"\1) ", "điểm ghi «a)», «b)» … (ND30, bố cục B), bản gốc ghi «a.», «b.»",
           "`a.` thay vì `a)`"),
    Change("Ủy ban nhân xã", "Ủy ban nhân dân xã", "lỗi gõ: thiếu «dân»", "«Ủy ban nhân xã»", times=1),
    Change("văn bản đề đôn đốc", "văn bản để đôn đốc", "lỗi gõ: «đề» thay cho «để»", "«đề đôn đốc»", times=1),
)
#: In the Nơi nhận column.
CLOSING_CHANGES = (
    Change(r"^(- CT, các PCT UBND xã)$", r"\1;", "Nơi nhận: mỗi dòng kết thúc bằng «;»",
           "thiếu `;`", times=1),
    Change(r"^- Lưu: VT, VHXXH\.$", "- Lưu: VT, VHXH.",
           "dòng Lưu: chữ viết tắt của Phòng Văn hóa - Xã hội là VHXH",
           "`Lưu: VT, VHXXH`", times=1),
)
#: In the annex workbook (the office's cells).
WORKBOOK_CHANGES = (
    Change(r"^Báo kết quả rà soát", "Báo cáo kết quả rà soát", "lỗi gõ: thiếu «cáo»", "«Báo kết quả»",
           times=1),
)
#: In the annex as vbhc prints it.
ANNEX_CHANGES = (
    *WORKBOOK_CHANGES,
    Change(r"^Thời gian thực hiện/ hoàn thành$", "Thời gian thực hiện/hoàn thành",
           "vbhc in tên cột chuẩn (tệp Excel giữ tên cột của văn phòng)",
           "tên cột chuẩn", times=1),
)
#: The annex heading: «Phụ lục», its title, and the Kèm theo line, each on its own line (Mẫu 2.1).
HEADING_CHANGES = (
    Change(r"^(.*?)\*\(Ban hành kèm theo (Kế hoạch số) /KH-UBND ngày 14/01/2026 "
           r"của UBND (xã Hùng Thắng)\)\*$",
           r"Phụ lục\n\1\n(Kèm theo \2 /KH-UBND ngày tháng năm 2026 của Ủy ban nhân dân \3)",
           "tên phụ lục dính dòng Kèm theo; dòng Kèm theo theo Mẫu 2.1, số và ngày lấy từ kế hoạch "
           "(dự thảo: để trống)", "dòng Kèm theo", times=1),
)
#: The original's table broke across pages and left one empty row there: it is not a task.
EMPTY_ROWS = 1


def apply(changes: tuple[Change, ...], lines: list[str]) -> list[str]:
    """``lines`` with every change made; fails when a change does not apply as often as it says."""
    out = list(lines)
    for change in changes:
        changed = 0
        for i, line in enumerate(out):
            new = re.sub(change.pattern, change.replacement, line)
            changed += new != line
            out[i] = new
        if change.times is None:
            assert changed, f"allowed change never applies: {change}"
        else:
            assert changed == change.times, f"allowed change applies {changed} times: {change}"
    return out


def apply_rows(changes: tuple[Change, ...], rows: list[list[str]]) -> list[list[str]]:
    """``apply`` over the cells of a table."""
    cells = iter(apply(changes, [cell for row in rows for cell in row]))
    return [[next(cells) for _ in row] for row in rows]


def words(lines: list[str]) -> list[list[str]]:
    return [line.split() for line in lines]


# --- the original ---------------------------------------------------------------------------------


def reference_lines() -> list[str]:
    return [line.strip() for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line.strip()]


def reference_body() -> list[str]:
    lines = reference_lines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Thực hiện Quyết định"))
    end = lines.index("Nơi nhận:")
    return lines[start:end]


def reference_closing() -> tuple[list[str], list[str]]:
    """The Nơi nhận lines (with «Nơi nhận:») and the signer's lines."""
    lines = reference_lines()
    start = lines.index("Nơi nhận:")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("TM."))
    last = lines.index("Vũ Trọng Thủy")
    return lines[start:end], lines[end : last + 1]


def reference_table() -> tuple[str, list[list[str]]]:
    """The annex heading line and the table rows (separator rows left out)."""
    lines = reference_lines()
    heading = next(line for line in lines if line.startswith("DANH MỤC NHIỆM VỤ"))
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in lines
        if line.startswith("|") and not ("-" in line and set(line) <= set("|-: "))
    ]
    return heading, rows


def reference_tasks() -> list[list[str]]:
    """The table without its empty rows, checking that the original has exactly ``EMPTY_ROWS``."""
    _, rows = reference_table()
    full = [row for row in rows if any(row)]
    assert len(rows) - len(full) == EMPTY_ROWS
    return full


# --- the example, as vbhc renders it --------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> docx.document.Document:
    out = tmp_path_factory.mktemp("flagship") / "ke_hoach.docx"
    return docx.Document(str(render(load(EXAMPLE / "ke_hoach.md"), out)))


def _cell_text(tc) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.iter(f"{W}p"))


def table_rows(table) -> list[list[str]]:
    """Cell texts of each row; a cell spanning n columns gives its text and n - 1 empty cells."""
    rows = []
    for tr in table._tbl.iter(f"{W}tr"):
        row = []
        for tc in tr.iter(f"{W}tc"):
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            row += [_cell_text(tc)] + [""] * (int(span.get(f"{W}val")) - 1 if span is not None else 0)
        rows.append(row)
    return rows


def body_paragraphs(document) -> list[str]:
    """The non-empty top-level paragraphs from the first after the trích yếu up to the annex."""
    texts = [p.text for p in document.paragraphs]
    trich_yeu_end = reference_lines()[4]  # «trên địa bàn xã Hùng Thắng», the trích yếu's last line
    trich_yeu = next(i for i, text in enumerate(texts) if text.endswith(trich_yeu_end))
    annex = texts.index("Phụ lục")
    return [text for text in texts[trich_yeu + 1 : annex] if text.strip()]


def closing_columns(document) -> tuple[list[str], list[str]]:
    for table in document.tables:
        for row in table.rows:
            left, right = row.cells[0], row.cells[-1]
            if left.paragraphs[0].text == "Nơi nhận:":
                return ([p.text for p in left.paragraphs if p.text.strip()],
                        [p.text for p in right.paragraphs if p.text.strip()])
    raise AssertionError("no Nơi nhận")


# --- the tests ------------------------------------------------------------------------------------


def test_body_is_the_original_word_for_word(rendered) -> None:
    expected = words(apply(BODY_CHANGES, reference_body()))
    actual = words(body_paragraphs(rendered))
    for number, (want, got) in enumerate(zip(expected, actual, strict=False), start=1):
        assert got == want, f"paragraph {number}:\n  original: {' '.join(want)}\n  rendered: {' '.join(got)}"
    assert len(actual) == len(expected), "paragraphs added or lost"


def test_heading_and_closing_are_the_original(rendered) -> None:
    lines = reference_lines()
    letterhead = {" ".join(p.text.split()) for row in rendered.tables[0].rows for cell in row.cells
                  for p in cell.paragraphs}
    so, ngay = lines[:2]
    assert so.startswith("Số:") and ngay.startswith("Hùng Thắng, ngày")
    assert {" ".join(so.split()), " ".join(ngay.split())} <= letterhead
    texts = [p.text for p in rendered.paragraphs]
    assert texts[0] == lines[2] == "KẾ HOẠCH"
    assert texts[1].split() == " ".join(lines[3:5]).split()
    noi_nhan, ky = reference_closing()
    got_noi_nhan, got_ky = closing_columns(rendered)
    assert got_noi_nhan == apply(CLOSING_CHANGES, noi_nhan)
    assert got_ky == ky


def test_annex_is_the_original_table_cell_by_cell(rendered) -> None:
    heading, _ = reference_table()
    texts = [p.text for p in rendered.paragraphs]
    start = texts.index("Phụ lục")
    want_heading = apply(HEADING_CHANGES, [heading])[0].split("\n")
    assert words(texts[start : start + 3]) == words(want_heading)
    annex = rendered.tables[-1]
    expected = apply_rows(ANNEX_CHANGES, reference_tasks())
    assert table_rows(annex) == expected


def test_workbook_holds_the_original_tasks_cell_by_cell() -> None:
    sheet = load_workbook(EXAMPLE / "nhiem_vu.xlsx").active
    values = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    heading, _ = reference_table()
    title, kem_theo = re.fullmatch(r"(.*?)\*(.*)\*", heading).groups()
    assert values[0][0] == title and values[1][0] == kem_theo
    table = [row for row in values[2:] if any(row)]
    assert table == apply_rows(WORKBOOK_CHANGES, reference_tasks())


def test_workbook_is_generated_reproducibly() -> None:
    path = ROOT / "tools" / "make_example_tasks.py"
    spec = importlib.util.spec_from_file_location("make_example_tasks", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (EXAMPLE / "nhiem_vu.xlsx").read_bytes()


def test_every_change_is_listed_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("Văn bản mẫu đầu bảng") :].split("\n\n")[0]
    for change in (*BODY_CHANGES, *CLOSING_CHANGES, *ANNEX_CHANGES, *HEADING_CHANGES):
        assert change.readme in " ".join(paragraph.split()), change


def test_checker_takes_kem_theo_ke_hoach_nay_for_the_annex_reference(tmp_path: Path) -> None:
    from vbhc.checker import check

    text = (EXAMPLE / "ke_hoach.md").read_text(encoding="utf-8")
    assert "Danh mục nhiệm vụ kèm theo Kế hoạch này" in text and "phụ lục" not in text.split("---")[2].lower()
    (tmp_path / "nhiem_vu.xlsx").write_bytes((EXAMPLE / "nhiem_vu.xlsx").read_bytes())
    findings = {}
    for name, body in (("office", text), ("none", text.replace("kèm theo Kế hoạch này", "của Kế hoạch"))):
        source = tmp_path / f"{name}.md"
        source.write_text(body, encoding="utf-8")
        report = check(render(load(source), tmp_path / f"{name}.docx"))
        findings[name] = [f.thay for f in report.findings if f.rule == "O6"]
    assert findings["office"] == []
    assert findings["none"] == ["nội dung văn bản không dẫn chiếu đến phụ lục"]
