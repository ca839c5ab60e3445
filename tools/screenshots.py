"""Screenshots of each page of the desk (``make screenshots``), for docs/ban-lam-viec.md.

Starts the desk in-process with a sample office (tests/desk_browser.py), walks through its pages in
a headless Chromium the way a văn thư would (a công văn drafted and previewed, then issued; a Word
document with a wrong margin checked; the sample workbooks read on Phụ lục and Báo cáo; a công văn
received on Văn bản đến, read, then registered) and saves
one PNG of 1280×900 per page into docs/anh/ (or the folder given). Run by hand, never by CI, so that
CI does not rewrite tracked files.
"""

from __future__ import annotations

import io
import logging
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from desk_browser import WINDOW, chrome, find_browser, serve_desk  # noqa: E402
from mutate import Docx, render_source, w  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as seen  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

#: Colours kept in a screenshot (a palette PNG is several times smaller than a true-colour one).
COLOURS = 128


def save(browser, folder: Path, name: str) -> Path:
    """The visible window as ``folder/name.png``, quantised to a small palette."""
    from PIL import Image

    image = Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("RGB")
    path = folder / f"{name}.png"
    image.quantize(COLOURS).save(path, optimize=True)
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return path


def wait(browser, css: str, timeout: float = 180):
    return WebDriverWait(browser, timeout).until(seen.visibility_of_element_located((By.CSS_SELECTOR, css)))


def type_into(browser, element_id: str, text: str) -> None:
    field = browser.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def draft(browser, base: str, folder: Path) -> None:
    """Soạn văn bản: the list of types, then a công văn filled in and previewed, then issued."""
    browser.get(f"{base}/soan/")
    save(browser, folder, "soan-chon-loai")
    browser.get(f"{base}/soan/cong_van")
    type_into(browser, "f-ky_hieu", "UBND-VP")
    type_into(browser, "f-trich_yeu", "V/v báo cáo kết quả cải cách hành chính năm 2026")
    type_into(browser, "f-kinh_gui", "Sở Nội vụ thành phố Hải Phòng")
    type_into(browser, "f-noi_dung", "Ủy ban nhân dân xã Hùng Thắng báo cáo kết quả như sau.\n\n"
              "## Kết quả\n\n- Đã rà soát 25 thủ tục hành chính.\n- Đã số hóa hồ sơ.")
    type_into(browser, "f-noi_nhan_them", "Văn phòng UBND thành phố")
    browser.find_element(By.ID, "nut-xem-truoc").click()
    wait(browser, "#anh-xem-truoc-1")
    browser.execute_script("window.scrollTo(0, 0)")
    save(browser, folder, "soan-cong-van")
    browser.find_element(By.ID, "nut-ban-hanh").click()
    wait(browser, "#so-da-cap")
    save(browser, folder, "ban-hanh-xong")


def check_page(browser, base: str, folder: Path, work: Path) -> None:
    """Kiểm tra: a công văn whose left margin was changed, its findings and the fixed copy."""
    docx = Docx.open(render_source("cong_van", work))
    docx.sections()[0].find(w("pgMar")).set(w("left"), "1417")
    bad = docx.save(work / "cong_van_le_sai.docx")
    browser.get(f"{base}/kiem-tra/")
    browser.find_element(By.ID, "tep-kiem-tra").send_keys(str(bad))
    browser.find_element(By.ID, "nut-kiem-tra").click()
    wait(browser, "#ket-qua-kiem-tra", 60)
    save(browser, folder, "kiem-tra")


def workbook_pages(browser, base: str, folder: Path) -> None:
    """Phụ lục: the sample task workbook read; Báo cáo: the sample progress workbook as of 30/11/2026,
    scrolled to its figures and chart."""
    browser.get(f"{base}/phu-luc/")
    browser.find_element(By.ID, "tep-phu-luc").send_keys(str(ROOT / "data" / "nhiem_vu.xlsx"))
    browser.find_element(By.ID, "nut-phu-luc").click()
    wait(browser, "#bang-phu-luc", 60)
    save(browser, folder, "phu-luc")
    browser.get(f"{base}/bao-cao/")
    browser.find_element(By.ID, "tep-bao-cao").send_keys(str(ROOT / "data" / "tien_do.xlsx"))
    browser.execute_script("document.getElementById('ngay-so-lieu').value = '2026-11-30'")
    browser.find_element(By.ID, "nut-bao-cao").click()
    browser.execute_script("arguments[0].scrollIntoView()", wait(browser, "#so-lieu", 60))
    save(browser, folder, "bao-cao")


def incoming(browser, base: str, folder: Path, work: Path) -> None:
    """Văn bản đến: a công văn's DOCX read into the form, then registered in the sổ đến."""
    received = work / "den"
    received.mkdir(exist_ok=True)
    browser.get(f"{base}/van-ban-den/")
    browser.find_element(By.ID, "tep-den").send_keys(str(render_source("cong_van", received)))
    browser.find_element(By.ID, "nut-doc-den").click()
    wait(browser, "#form-vao-so", 60)
    save(browser, folder, "van-ban-den-kiem-tra")
    type_into(browser, "f-don_vi_nhan", "Văn phòng")
    browser.find_element(By.ID, "nut-vao-so").click()
    browser.execute_script("arguments[0].scrollIntoView()", wait(browser, "#thong-bao-den", 60))
    save(browser, folder, "van-ban-den")


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ROOT / "docs" / "anh"
    if find_browser() is None:
        print("Không tìm thấy chromium và chromedriver: sudo apt-get install chromium chromium-driver")
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    work = Path(tempfile.gettempdir()) / "vbhc-anh"  # a fixed name: the Cài đặt page shows it
    shutil.rmtree(work, ignore_errors=True)
    try:
        with serve_desk(work / "desk") as desk:
            browser = chrome(work / "profile", work / "tai-ve")
            browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": WINDOW[0], "height": WINDOW[1], "deviceScaleFactor": 1, "mobile": False,
            })
            try:
                browser.get(desk.first_url)
                save(browser, folder, "trang-chu")
                draft(browser, desk.base, folder)
                check_page(browser, desk.base, folder, work)
                workbook_pages(browser, desk.base, folder)
                browser.get(f"{desk.base}/so/")
                save(browser, folder, "so-van-ban-di")
                incoming(browser, desk.base, folder, work)
                browser.get(f"{desk.base}/ky-so/")
                save(browser, folder, "ky-so")
                browser.get(f"{desk.base}/cai-dat/")
                save(browser, folder, "cai-dat")
            finally:
                browser.quit()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
