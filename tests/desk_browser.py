"""Browser-test harness for the desk (``vbhc serve``): the app in a thread, a headless Chromium.

:func:`serve_desk` starts the desk's app factory in-process with its own settings, register and work
folder, served by werkzeug on ``127.0.0.1`` at a free port. :func:`chrome` starts Debian's chromium
through Debian's chromedriver (never Selenium Manager, which would try to download a driver). Both
are used by the fixtures below (``desk``, ``browser``, ``downloads``) and by tools/screenshots.py.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

#: Where Debian puts the browser and its driver (packages chromium, chromium-driver).
CHROMIUM = ("/usr/bin/chromium", "chromium", "chromium-browser")
CHROMEDRIVER = ("/usr/bin/chromedriver", "chromedriver")
INSTALL_CHROMIUM = "cài bằng: sudo apt-get install chromium chromium-driver"
#: Window of the browser (and size of the screenshots).
WINDOW = (1280, 900)

#: The office a test desk starts with: one agency, two signers, three default Nơi nhận.
SETTINGS = {
    "co_quan": {"ten": "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", "viet_tat": "UBND"},
    "dia_danh": "Hùng Thắng",
    "nguoi_ky": [
        {"tham_quyen": ["TM. ỦY BAN NHÂN DÂN"], "chuc_vu": "CHỦ TỊCH", "ho_ten": "Nguyễn Văn An"},
        {"tham_quyen": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "chuc_vu": "PHÓ CHỦ TỊCH",
         "ho_ten": "Vũ Trọng Thủy"},
    ],
    "noi_nhan": ["Như trên", "Sở Nội vụ", "Các cơ quan, đơn vị"],
}


def _which(names: tuple[str, ...]) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def find_browser() -> tuple[str, str] | None:
    """(chromium, chromedriver), or None when either is missing."""
    binary, driver = _which(CHROMIUM), _which(CHROMEDRIVER)
    return (binary, driver) if binary and driver else None


@dataclass(frozen=True)
class RunningDesk:
    """A desk served in this process."""

    base: str
    secret: str
    settings_path: Path

    @property
    def first_url(self) -> str:
        """The URL ``vbhc serve`` prints: it sets the secret cookie."""
        return f"{self.base}/?khoa={self.secret}"

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


@contextmanager
def serve_desk(folder: Path, settings: dict | None = None) -> Iterator[RunningDesk]:
    """The desk on 127.0.0.1 at a free port, settings and register in ``folder``; stopped on exit."""
    from werkzeug.serving import make_server

    from vbhc.desk.app import create_app

    folder.mkdir(parents=True, exist_ok=True)
    settings_path = folder / "ban-lam-viec.json"
    settings_path.write_text(json.dumps(settings or SETTINGS, ensure_ascii=False), encoding="utf-8")
    secret = "khoa-thu-" + os.urandom(8).hex()
    app = create_app(settings_path=settings_path, secret=secret, work=folder / "work")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="vbhc-desk", daemon=True)
    thread.start()
    try:
        yield RunningDesk(f"http://127.0.0.1:{server.server_port}", secret, settings_path)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["vbhc_desk"].close()


def chrome(profile: Path, downloads: Path):
    """A headless Chromium driven by the system chromedriver, downloading into ``downloads``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = find_browser()
    if found is None:
        raise RuntimeError(f"không tìm thấy chromium và chromedriver; {INSTALL_CHROMIUM}")
    binary, driver = found
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={profile}", f"--window-size={WINDOW[0]},{WINDOW[1]}",
        "--lang=vi",
    ):
        options.add_argument(flag)
    downloads.mkdir(parents=True, exist_ok=True)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "safebrowsing.enabled": False,
        "intl.accept_languages": "vi,vi-VN",
    })
    browser = webdriver.Chrome(options=options, service=Service(driver))
    download_into(browser, downloads)
    return browser


def download_into(browser, folder: Path) -> None:
    """Files the page downloads from now on go to ``folder`` (headless Chromium needs this)."""
    folder.mkdir(parents=True, exist_ok=True)
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})


def wait_download(folder: Path, suffix: str, timeout: float = 60) -> Path:
    """The one finished file ending in ``suffix`` that appears in ``folder``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        partial = list(folder.glob("*.crdownload"))
        if done and not partial:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded into {folder} in {timeout} s: {sorted(folder.iterdir())}")


def require_browser() -> None:
    """Skip (locally) or fail (when ``CI=true``) if chromium or chromedriver is missing."""
    if find_browser() is None:
        message = f"chưa cài chromium hoặc chromedriver, không thử được trên trình duyệt; {INSTALL_CHROMIUM}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[RunningDesk]:
    """A fresh desk (own settings, register, work folder) for one test."""
    with serve_desk(tmp_path / "desk") as running:
        yield running


@pytest.fixture(scope="session")
def _chrome_session(tmp_path_factory: pytest.TempPathFactory):
    require_browser()
    browser = chrome(tmp_path_factory.mktemp("chromium-profile"), tmp_path_factory.mktemp("downloads"))
    browser.set_page_load_timeout(120)
    yield browser
    browser.quit()


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    return tmp_path / "tai-ve"


@pytest.fixture
def browser(_chrome_session, desk: RunningDesk, downloads: Path):
    """The session's Chromium, logged in to this test's desk, downloading into ``downloads``."""
    _chrome_session.delete_all_cookies()
    download_into(_chrome_session, downloads)
    _chrome_session.get(desk.first_url)
    return _chrome_session
