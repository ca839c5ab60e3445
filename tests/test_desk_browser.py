"""The desk in a real browser (headless Chromium, Selenium): what a văn thư sees and downloads."""

from __future__ import annotations

from pathlib import Path

import pytest
from desk_browser import _chrome_session, browser, desk, downloads, wait_download  # noqa: F401  (fixtures)
from mutate import Docx, render_source, w
from pdf_pages import require_pdftoppm, require_soffice
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait
from xlsx_factory import GROUP_I, TASK_1, make_tasks_xlsx

from vbhc.checker import MucDo, check
from vbhc.repair import FIXABLE

#: Seconds to wait for a page part that needs LibreOffice (a preview) on a busy machine.
SLOW = 180


def wait(browser, css: str, timeout: float = 30):  # noqa: F811
    """The element ``css`` once it is visible."""
    return WebDriverWait(browser, timeout).until(seen.visibility_of_element_located((By.CSS_SELECTOR, css)))


def type_into(browser, element_id: str, text: str) -> None:  # noqa: F811
    field = browser.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


@pytest.mark.pdf
def test_cong_van_preview_issue_and_download(browser, desk, downloads):  # noqa: F811
    """Fill the công văn form, see the preview, issue it, download the DOCX: vbhc check finds no error."""
    require_soffice()
    require_pdftoppm()
    browser.get(desk.url("/soan/"))
    browser.find_element(By.ID, "loai-cong_van").click()
    wait(browser, "#form-soan")
    type_into(browser, "f-ky_hieu", "UBND-VP")
    type_into(browser, "f-trich_yeu", "V/v báo cáo kết quả cải cách hành chính năm 2026")
    type_into(browser, "f-kinh_gui", "Sở Nội vụ thành phố Hải Phòng")
    type_into(browser, "f-noi_dung", "Ủy ban nhân dân xã Hùng Thắng báo cáo kết quả như sau.\n\n"
              "Đề nghị Sở Nội vụ tổng hợp.")
    type_into(browser, "f-noi_nhan_them", "Văn phòng UBND thành phố")
    browser.find_element(By.ID, "nut-xem-truoc").click()
    image = wait(browser, "#anh-xem-truoc-1", SLOW)
    assert image.get_attribute("src").startswith("data:image/png;base64,")
    assert browser.execute_script("return arguments[0].naturalWidth", image) > 100

    browser.find_element(By.ID, "nut-ban-hanh").click()
    issued = wait(browser, "#so-da-cap strong", SLOW).text
    assert issued.endswith("1/UBND-VP"), issued
    browser.find_element(By.ID, "tai-ban-hanh-docx").click()
    docx = wait_download(downloads, ".docx")

    report = check(docx)
    assert report.errors == [], [(f.rule, f.thay) for f in report.errors]
    assert not report.du_thao
    text = "".join(node.text or "" for node in Docx.open(docx).document.iter(w("t")))
    assert f"Số: {issued}" in text, text[:300]
    assert "- Văn phòng UBND thành phố;" in text, text[-300:]


def test_bad_upload_shows_the_precise_place(browser, desk, tmp_path: Path):  # noqa: F811
    """A bad task workbook uploaded on Phụ lục: the page names the file, sheet, cell and what to fix."""
    bad = make_tasks_xlsx(
        tmp_path / "ke_hoach_loi.xlsx",
        [GROUP_I, TASK_1, (2, "Rà soát thủ tục hành chính", None, "Văn phòng", None, None)],
    )
    browser.get(desk.url("/"))
    browser.find_element(By.ID, "nav-phu-luc").click()
    browser.find_element(By.ID, "tep-phu-luc").send_keys(str(bad))
    browser.find_element(By.ID, "nut-phu-luc").click()
    message = wait(browser, "#loi-phu-luc").text
    where = "ke_hoach_loi.xlsx, trang tính «Nhiệm vụ», ô C4"
    assert f"{where}: nhiệm vụ thiếu cơ quan chủ trì" in message, message
    assert not browser.find_elements(By.ID, "tai-phu-luc-docx")


def test_bad_source_shows_the_line_and_field(browser, desk, tmp_path: Path):  # noqa: F811
    """A bad source uploaded on Soạn văn bản: the message on the page names the file, line and field."""
    bad = tmp_path / "cong_van_loi.md"
    bad.write_text(
        "---\nloai: cong_van\nco_quan: {ten: \"ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG\", viet_tat: UBND}\n"
        "dia_danh: Hùng Thắng\nngay: 2026-13-45\nky_hieu: UBND-VP\ntrich_yeu: V/v thử\n"
        "nguoi_ky: {chuc_vu: CHỦ TỊCH, ho_ten: Nguyễn Văn An}\nnoi_nhan: [Như trên]\n---\n\nNội dung.\n",
        encoding="utf-8",
    )
    browser.get(desk.url("/soan/"))
    browser.find_element(By.ID, "tep-nguon").send_keys(str(bad))
    browser.find_element(By.ID, "nut-tai-len-docx").click()
    message = wait(browser, "#loi-tai-len").text
    assert "cong_van_loi.md" in message, message
    assert "ngay" in message, message
    assert "dòng 5" in message, message


def _wrong_margin(tmp_path: Path) -> Path:
    """A vbhc công văn whose left margin a clerk changed to 25 mm."""
    good = render_source("cong_van", tmp_path)
    docx = Docx.open(good)
    docx.sections()[0].find(w("pgMar")).set(w("left"), "1417")
    return docx.save(tmp_path / "cong_van_le_sai.docx")


def test_check_shows_findings_and_gives_the_fixed_copy(browser, desk, downloads, tmp_path: Path):  # noqa: F811
    """Upload a DOCX with a wrong margin: the finding shows under its part; the fixed copy is clean."""
    bad = _wrong_margin(tmp_path)
    assert any(f.rule == "P3" for f in check(bad).errors)
    browser.get(desk.url("/kiem-tra/"))
    browser.find_element(By.ID, "tep-kiem-tra").send_keys(str(bad))
    browser.find_element(By.ID, "nut-kiem-tra").click()
    result = wait(browser, "#ket-qua-kiem-tra", 60)
    assert "cong_van_le_sai.docx" in result.text
    row = result.find_element(By.CSS_SELECTOR, "tr[id^='phat-hien-P3-']")
    assert "Lề trang" in row.text and MucDo.LOI.nhan in row.text, row.text

    assert "P3" in browser.find_element(By.ID, "da-sua").text

    browser.find_element(By.ID, "tai-ban-da-sua").click()
    fixed = wait_download(downloads, ".docx")
    assert fixed.name == "cong_van_le_sai_da_sua.docx"
    report = check(fixed)
    assert report.errors == [], [(f.rule, f.thay) for f in report.errors]
    assert [f.rule for f in report.findings if f.rule in FIXABLE] == []
