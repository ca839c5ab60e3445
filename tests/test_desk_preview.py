"""The desk's previews: one warm LibreOffice for the desk's lifetime, restarted when it dies, stopped
with the desk; the cold path, with a Vietnamese note, when the UNO bridge is missing."""

from __future__ import annotations

import os
import signal
import sys
import time

from tests.test_desk_compose import filled, open_desk
from vbhc.convert.warm import group_pids
from vbhc.desk.preview import Previewer

IMAGE = 'id="anh-xem-truoc-1" src="data:image/png;base64,iVBOR'


def _preview(client, csrf: str, trich_yeu: str) -> str:
    values = {**filled("ke_hoach", csrf), "trich_yeu": trich_yeu}
    return client.post("/soan/ke_hoach/xem-truoc", data=values).get_data(as_text=True)


def test_two_previews_use_one_soffice_and_it_stops_with_the_desk(tmp_path):
    app, client, csrf = open_desk(tmp_path)
    state = app.extensions["vbhc_desk"]
    assert state.previewer.soffice_pid is None  # nothing starts before the first preview
    assert IMAGE in _preview(client, csrf, "Kế hoạch lần một")
    first = state.previewer.soffice_pid
    assert first is not None
    group = state.previewer._converter._process.pid
    assert IMAGE in _preview(client, csrf, "Kế hoạch lần hai")
    assert state.previewer.soffice_pid == first
    assert "ghi-chu-xem-truoc" not in _preview(client, csrf, "Kế hoạch lần ba")
    download = client.post("/soan/ke_hoach", data={**filled("ke_hoach", csrf), "hanh_dong": "pdf"})
    assert download.data.startswith(b"%PDF") and state.previewer.soffice_pid == first  # Tải PDF: same soffice
    state.close()
    assert group_pids(group) == []


def test_a_killed_soffice_still_gives_the_next_preview(tmp_path):
    app, client, csrf = open_desk(tmp_path)
    state = app.extensions["vbhc_desk"]
    try:
        assert IMAGE in _preview(client, csrf, "Trước khi LibreOffice chết")
        first = state.previewer.soffice_pid
        group = state.previewer._converter._process.pid
        for pid in [pid for pid in group_pids(group) if pid != group]:
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        assert IMAGE in _preview(client, csrf, "Sau khi LibreOffice chết")
        assert state.previewer.soffice_pid not in (None, first)
    finally:
        state.close()


def test_without_the_uno_bridge_the_preview_is_cold_and_says_so(tmp_path):
    app, client, csrf = open_desk(tmp_path)
    state = app.extensions["vbhc_desk"]
    state.previewer = Previewer(python=sys.executable)  # the venv's Python has no uno module
    try:
        html = _preview(client, csrf, "Không có cầu nối UNO")
        assert IMAGE in html
        assert 'id="ghi-chu-xem-truoc"' in html
        assert "Xem trước đang chạy chậm" in html and "không có mô-đun uno" in html
        assert state.previewer.soffice_pid is None
    finally:
        state.close()
