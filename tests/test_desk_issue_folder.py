"""Issued documents outlive the desk's session: written into the «Thư mục lưu văn bản đã ban hành»
(a setting of this machine, validated), recorded in the register with that path."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

from tests.test_desk_compose import doc_text, filled, open_desk
from vbhc.register import Register


def _issue(client, csrf: str, trich_yeu: str = "Kế hoạch lưu lâu dài") -> str:
    values = filled("ke_hoach", csrf) | {"hanh_dong": "ban_hanh", "ngay": "2026-03-02"}
    values["trich_yeu"] = trich_yeu
    answer = client.post("/soan/ke_hoach", data=values)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_data(as_text=True)


def _entries(tmp_path):
    with Register(tmp_path / "so-van-ban.db", create=False) as register:
        return register.entries(nam=2026)


def test_the_issued_docx_and_pdf_exist_after_the_desk_stops(tmp_path):
    app, client, csrf = open_desk(tmp_path)
    state = app.extensions["vbhc_desk"]
    html = _issue(client, csrf)
    state.close()
    assert not state.work.exists()
    (entry,) = _entries(tmp_path)
    issued = tmp_path / "van-ban-da-ban-hanh"
    path = Path(entry.tep)
    assert path.parent == issued.resolve() and path.is_file()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha256
    assert "01/KH-UBND" in doc_text(path.read_bytes())
    assert path.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert 'id="da-luu"' in html and str(issued) in html and path.name in html


def _save_settings(client, csrf: str, folder: str):
    page = client.get("/cai-dat/").get_data(as_text=True)
    assert 'id="f-thu_muc_ban_hanh"' in page
    return client.post("/cai-dat/", data={
        "csrf": csrf, "co_quan.ten": "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG", "co_quan.viet_tat": "UBND",
        "dia_danh": "Hùng Thắng", "nguoi_ky": "", "noi_nhan": "", "mau": "mac_dinh",
        "thu_muc_ban_hanh": folder,
    })


def test_a_folder_saved_on_the_settings_page_is_used_relative_to_the_settings_file(tmp_path):
    _, client, csrf = open_desk(tmp_path)
    assert _save_settings(client, csrf, "luu-tru/2026").status_code == 200
    _issue(client, csrf)
    (entry,) = _entries(tmp_path)
    assert entry.tep.startswith(str((tmp_path / "luu-tru" / "2026").resolve()))


def test_a_folder_with_dot_dot_is_refused_in_vietnamese(tmp_path):
    _, client, csrf = open_desk(tmp_path)
    answer = _save_settings(client, csrf, "luu/../../ngoai")
    assert answer.status_code == 422
    assert "không được chứa «..»" in answer.get_data(as_text=True)
    assert not (tmp_path / "cai-dat.json").exists()  # nothing was saved
    _issue(client, csrf)
    (entry,) = _entries(tmp_path)
    assert "ngoai" not in entry.tep


def test_an_imported_settings_file_keeps_this_machines_folder(tmp_path):
    _, client, csrf = open_desk(tmp_path)
    assert _save_settings(client, csrf, str(tmp_path / "cua-may-nay")).status_code == 200
    exported = json.loads(client.get("/cai-dat/xuat").data)
    for foreign, status in (("/tmp/may-khac", 200), ("../../etc", 422)):
        upload = json.dumps(exported | {"thu_muc_ban_hanh": foreign}).encode()
        data = {"csrf": csrf, "tep": (io.BytesIO(upload), "cai-dat.json")}
        answer = client.post("/cai-dat/nhap", data=data, content_type="multipart/form-data")
        assert answer.status_code == status
    saved = json.loads((tmp_path / "cai-dat.json").read_text())
    assert saved["thu_muc_ban_hanh"] == str(tmp_path / "cua-may-nay")
    _issue(client, csrf)
    (entry,) = _entries(tmp_path)
    assert entry.tep.startswith(str((tmp_path / "cua-may-nay").resolve()))


def test_two_clerks_issuing_at_the_same_moment_get_different_numbers(tmp_path):
    import re
    import threading

    app, _, csrf = open_desk(tmp_path)
    start = threading.Barrier(2)
    numbers: dict[int, str] = {}

    def clerk(index: int) -> None:
        client = app.test_client()
        client.get("/?khoa=khoa-thu")
        start.wait()
        html = _issue(client, csrf, f"Kế hoạch của văn thư {index}")
        found = re.search(r"Số <strong>([^<]+)</strong>", html)
        numbers[index] = found.group(1) if found else re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

    threads = [threading.Thread(target=clerk, args=(index,)) for index in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert sorted(numbers.values()) == ["01/KH-UBND", "02/KH-UBND"]
    entries = _entries(tmp_path)
    assert sorted(e.so for e in entries) == [1, 2]
    assert len({e.tep for e in entries}) == 2 and all(Path(e.tep).is_file() for e in entries)
    app.extensions["vbhc_desk"].close()
