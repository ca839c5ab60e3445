"""Văn bản đến in a real browser (headless Chromium): upload a PDF, check, correct, register, list."""

from __future__ import annotations

from pathlib import Path

import pytest
from desk_browser import _chrome_session, browser, desk, downloads  # noqa: F401  (fixtures)
from pdf_pages import require_soffice
from selenium.webdriver.common.by import By

from tests.test_desk_browser import SLOW, type_into, wait
from tests.test_desk_incoming import TAC_GIA, TRICH_YEU, ke_hoach_docx
from vbhc.register import Register


@pytest.mark.pdf
def test_upload_a_pdf_correct_a_field_and_register_it(browser, desk, tmp_path: Path):  # noqa: F811
    from vbhc.writers.pdf import to_pdf

    require_soffice()
    (pdf,) = to_pdf([ke_hoach_docx(tmp_path, 5)], tmp_path / "pdf")
    browser.get(desk.url("/"))
    browser.find_element(By.ID, "nav-den").click()
    browser.find_element(By.ID, "tep-den").send_keys(str(pdf))
    browser.find_element(By.ID, "nut-doc-den").click()

    wait(browser, "#form-vao-so", SLOW)
    value = {name: browser.find_element(By.ID, f"f-{name}").get_attribute("value")
             for name in ("tac_gia", "so_ky_hieu", "ngay_van_ban", "trich_yeu")}
    assert value == {"tac_gia": TAC_GIA, "so_ky_hieu": "05/KH-UBND", "ngay_van_ban": "2026-01-15",
                     "trich_yeu": TRICH_YEU}
    corrected = f"{TRICH_YEU} (bản gửi Văn phòng)"
    type_into(browser, "f-trich_yeu", corrected)
    type_into(browser, "f-don_vi_nhan", "Văn phòng")
    browser.find_element(By.ID, "nut-vao-so").click()

    message = wait(browser, "#thong-bao-den", SLOW).text
    assert "số đến 01" in message, message
    row = browser.find_element(By.CSS_SELECTOR, "#bang-so-den tr.moi")
    assert row.find_element(By.CSS_SELECTOR, "td.so-den").text == "01"
    assert corrected in row.text and "05/KH-UBND" in row.text and "Văn phòng" in row.text
    with Register(desk.settings_path.parent / "so-van-ban.db", create=False) as book:
        (entry,) = book.list_den()
    assert entry.trich_yeu == corrected and entry.cach_doc == "pdf" and Path(entry.tep).suffix == ".pdf"
