"""Soạn văn bản: every type's form, its validation beside the fields, downloads, upload, issuing."""

from __future__ import annotations

import io
import re

import docx
import pytest

from vbhc import nd30
from vbhc.desk.app import create_app
from vbhc.desk.forms import form_for


def open_desk(tmp_path):
    app = create_app(settings_path=tmp_path / "cai-dat.json", secret="khoa-thu", work=tmp_path / "phien")
    client = app.test_client()
    client.get("/?khoa=khoa-thu")
    return app, client, app.extensions["vbhc_desk"].csrf


def filled(khoa: str, csrf: str) -> dict:
    """What a clerk types in the form of type ``khoa``: only the fields that form shows."""
    fields = form_for(khoa).fields
    values = {
        "csrf": csrf,
        "co_quan": "0",
        "dia_danh": "Hùng Thắng",
        "nam": "2026",
        "nguoi_ky": "khac",
        "nguoi_ky.tham_quyen": "TM. ỦY BAN NHÂN DÂN",
        "nguoi_ky.chuc_vu": "Chủ tịch",
        "nguoi_ky.ho_ten": "Nguyễn Văn An",
        "noi_nhan_them": "UBND huyện",
        "noi_dung": "# Mục một\n\nNội dung.",
        "hanh_dong": "docx",
    }
    if "trich_yeu" in fields:
        values["trich_yeu"] = "Thử soạn trên bàn làm việc"
    if "kinh_gui" in fields:
        values["kinh_gui"] = "Ủy ban nhân dân huyện"
    if form_for(khoa).ky_hieu_bat_buoc:
        values["ky_hieu"] = "UBND-VP"
    return values


def doc_text(data: bytes) -> str:
    """Every paragraph of a DOCX, tables included (the signer and the header are in tables)."""
    from docx.oxml.ns import qn

    body = docx.Document(io.BytesIO(data)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


def field_error(html: str, name: str) -> str:
    match = re.search(rf'id="loi-{name}"[^>]*>(.*?)</span>', html, re.S)
    assert match, f"no error slot for {name}"
    return match.group(1)


def test_the_chooser_lists_all_29_types(tmp_path):
    _, client, _ = open_desk(tmp_path)
    html = client.get("/soan/").get_data(as_text=True)
    assert len(nd30.LOAI_VAN_BAN) == 29
    for loai in nd30.LOAI_VAN_BAN.values():
        assert f'id="loai-{loai.khoa}"' in html and loai.ten in html


@pytest.mark.parametrize("khoa", list(nd30.LOAI_VAN_BAN))
def test_each_type_form_builds_and_validates(tmp_path, khoa):
    _, client, csrf = open_desk(tmp_path)
    page = client.get(f"/soan/{khoa}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="form-soan"' in html
    for field in form_for(khoa).fields:
        assert f'id="loi-{field.replace(".", "-")}"' in html
    answer = client.post(f"/soan/{khoa}", data=filled(khoa, csrf))
    assert answer.status_code == 200, answer.get_data(as_text=True)[:3000]
    text = doc_text(answer.data)
    assert "Nguyễn Văn An" in text
    if nd30.LOAI_VAN_BAN[khoa].viet_tat:
        assert f"/{nd30.LOAI_VAN_BAN[khoa].viet_tat}-UBND" in text


def test_errors_appear_beside_their_fields(tmp_path):
    _, client, csrf = open_desk(tmp_path)
    values = filled("ke_hoach", csrf) | {
        "nguoi_ky.ho_ten": "TS. Nguyễn Văn An",
        "nam": "hai nghìn",
        "dia_danh": "",
    }
    answer = client.post("/soan/ke_hoach", data=values)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "học hàm, học vị" in field_error(html, "nguoi_ky-ho_ten")
    assert "số nguyên" in field_error(html, "nam")
    assert "không được để trống" in field_error(html, "dia_danh")
    assert 'value="TS. Nguyễn Văn An"' in html  # what was typed is kept


def test_a_model_level_error_goes_to_its_field(tmp_path):
    _, client, csrf = open_desk(tmp_path)
    values = filled("cong_van", csrf) | {"kinh_gui": ""}
    html = client.post("/soan/cong_van", data=values).get_data(as_text=True)
    assert "kinh_gui" in field_error(html, "kinh_gui")


def test_body_error_names_its_line(tmp_path):
    _, client, csrf = open_desk(tmp_path)
    values = filled("quyet_dinh", csrf) | {"noi_dung": "# Điều một\n\nđoạn\n\n#### cấp bốn\n"}
    answer = client.post("/soan/quyet_dinh", data=values)
    assert answer.status_code == 422
    assert field_error(answer.get_data(as_text=True), "noi_dung").startswith("dòng 5: chỉ dùng ba cấp")


def test_an_unknown_type_is_404(tmp_path):
    _, client, _ = open_desk(tmp_path)
    assert client.get("/soan/khong_co").status_code == 404


def test_saved_signer_and_default_recipients_fill_the_form(tmp_path):
    from vbhc.desk import settings as cai_dat

    cai_dat.save(
        cai_dat.CaiDatBan(
            nguoi_ky=[{"chuc_vu": "PHÓ CHỦ TỊCH", "ho_ten": "Trần Thị Bình", "tham_quyen": ["KT. CHỦ TỊCH"]}],
            noi_nhan=["Thường trực Đảng ủy", "Các ban ngành"],
        ),
        tmp_path / "cai-dat.json",
    )
    _, client, csrf = open_desk(tmp_path)
    html = client.get("/soan/thong_bao").get_data(as_text=True)
    assert "Trần Thị Bình" in html and 'value="Thường trực Đảng ủy" checked' in html
    values = {
        "csrf": csrf,
        "co_quan": "0",
        "dia_danh": "Hùng Thắng",
        "nam": "2026",
        "nguoi_ky": "0",
        "noi_nhan_chon": ["Các ban ngành"],
        "trich_yeu": "Lịch họp",
        "noi_dung": "Nội dung.",
        "hanh_dong": "docx",
    }
    answer = client.post("/soan/thong_bao", data=values)
    text = doc_text(answer.data)
    assert "Trần Thị Bình" in text and "KT. CHỦ TỊCH" in text
    assert "Các ban ngành" in text and "Thường trực Đảng ủy" not in text


def test_upload_a_markdown_source(tmp_path):
    from conftest import ke_hoach_source

    _, client, csrf = open_desk(tmp_path)
    data = {"csrf": csrf, "hanh_dong": "docx", "tep": (io.BytesIO(ke_hoach_source().encode()), "../../kh.md")}
    answer = client.post("/soan/tai-len", data=data, content_type="multipart/form-data")
    assert answer.status_code == 200 and answer.mimetype.endswith("document")
    assert docx.Document(io.BytesIO(answer.data)).paragraphs


def test_upload_a_bad_source_says_why(tmp_path):
    _, client, csrf = open_desk(tmp_path)
    data = {"csrf": csrf, "hanh_dong": "docx", "tep": (io.BytesIO(b"no front matter"), "x.md")}
    answer = client.post("/soan/tai-len", data=data, content_type="multipart/form-data")
    assert answer.status_code == 422 and "front matter" in answer.get_data(as_text=True)


def test_issue_assigns_successive_numbers_in_the_register(tmp_path):
    from vbhc.register import Register

    _, client, csrf = open_desk(tmp_path)
    numbers = []
    for trich_yeu in ("Văn bản thứ nhất", "Văn bản thứ hai"):
        values = filled("ke_hoach", csrf) | {
            "hanh_dong": "ban_hanh",
            "ngay": "2026-03-02",
            "trich_yeu": trich_yeu,
        }
        html = client.post("/soan/ke_hoach", data=values).get_data(as_text=True)
        numbers.append(re.search(r"Số <strong>([^<]+)</strong>", html).group(1))
        key = re.search(r'href="/tai/([^"]+)" id="tai-ban-hanh-docx"', html).group(1)
        assert numbers[-1] in doc_text(client.get(f"/tai/{key}").data)
    assert numbers == ["01/KH-UBND", "02/KH-UBND"]
    with Register(tmp_path / "so-van-ban.db", create=False) as register:
        assert [e.so for e in register.entries(nam=2026)] == [1, 2]


def test_preview_fragment_places_errors_out_of_band(tmp_path):
    _, client, csrf = open_desk(tmp_path)
    values = filled("ke_hoach", csrf) | {"nguoi_ky.ho_ten": ""}
    html = client.post("/soan/ke_hoach/xem-truoc", data=values).get_data(as_text=True)
    assert 'id="loi-nguoi_ky-ho_ten" hx-swap-oob="true">không được để trống' in html
    assert 'id="loi-dia_danh" hx-swap-oob="true"></span>' in html  # a fixed field's error is cleared


def test_preview_shows_the_pages(tmp_path, monkeypatch):
    from vbhc.writers.pdf import find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    _, client, csrf = open_desk(tmp_path)
    html = client.post("/soan/ke_hoach/xem-truoc", data=filled("ke_hoach", csrf)).get_data(as_text=True)
    assert 'id="anh-xem-truoc-1" src="data:image/png;base64,iVBOR' in html


def test_upload_a_word_document_goes_through_the_importer(tmp_path):
    from conftest import ke_hoach_source

    from vbhc import loads
    from vbhc.writers.docx import render_bytes

    word = render_bytes(loads(ke_hoach_source(), source="kh.md"))
    _, client, csrf = open_desk(tmp_path)
    data = {"csrf": csrf, "hanh_dong": "docx", "tep": (io.BytesIO(word), "cu.docx")}
    answer = client.post("/soan/tai-len", data=data, content_type="multipart/form-data")
    assert answer.status_code == 200, answer.get_data(as_text=True)[:2000]
    assert "Cải cách hành chính nhà nước năm 2026" in doc_text(answer.data)
