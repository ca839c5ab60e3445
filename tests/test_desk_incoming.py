"""Văn bản đến on the desk through the test client: upload, the fields read, correct, register, list."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import shutil
from datetime import date, timedelta
from pathlib import Path

import lxml.html
import pytest

from tests.conftest import ke_hoach_source
from tests.test_desk_compose import doc_text
from vbhc.desk.app import MAX_UPLOAD_BYTES, create_app
from vbhc.incoming import TRUONG
from vbhc.register import Register

TAC_GIA = "ỦY BAN NHÂN DÂN XÃ HÙNG THẮNG"
TRICH_YEU = "Cải cách hành chính nhà nước năm 2026"
MULTIPART = "multipart/form-data"
TABLE = '//table[@id="bang-so-den"]'


def open_desk(tmp_path: Path):
    app = create_app(settings_path=tmp_path / "cai-dat.json", secret="k", work=tmp_path / "phien")
    client = app.test_client()
    client.get("/?khoa=k")
    return app, client, app.extensions["vbhc_desk"].csrf


def ke_hoach_docx(folder: Path, so: int, trich_yeu: str = TRICH_YEU) -> Path:
    """A kế hoạch vbhc rendered, numbered ``so``/KH-UBND and dated 15/01/2026."""
    from vbhc.sources.markdown import loads
    from vbhc.writers.docx import render_bytes

    source = ke_hoach_source(so=str(so), ngay="2026-01-15", trich_yeu=trich_yeu)
    path = folder / f"ke_hoach_{so}.docx"
    path.write_bytes(render_bytes(loads(source, source=f"kh{so}.md")))
    return path


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("den")
    for so in (5, 7):
        ke_hoach_docx(folder, so)
    return folder


@pytest.fixture(scope="module")
def pdf(docs: Path) -> Path:
    """The kế hoạch 05 as LibreOffice prints it (a PDF with a text layer)."""
    from pdf_pages import require_soffice

    from vbhc.writers.pdf import to_pdf

    require_soffice()
    (out,) = to_pdf([docs / "ke_hoach_5.docx"], docs / "pdf")
    return out


def upload(client, csrf: str, path: Path, name: str | None = None):
    return client.post(
        "/van-ban-den/doc", data={"csrf": csrf, "tep": (io.BytesIO(path.read_bytes()), name or path.name)},
        content_type="multipart/form-data",
    )


def form_values(html: str) -> dict[str, str]:
    """The values the «Vào sổ» form would send, as a browser sends them (no button)."""
    form = lxml.html.fromstring(html).get_element_by_id("form-vao-so")
    return {name: value or "" for name, value in form.form_values()}


def register(client, values: dict[str, str], **changes: str):
    return client.post("/van-ban-den/vao-so", data=values | changes)


def entries(tmp_path: Path):
    with Register(tmp_path / "so-van-ban.db", create=False) as book:
        return book.list_den()


def test_the_page_is_in_the_navigation_and_starts_empty(tmp_path):
    _, client, _ = open_desk(tmp_path)
    home = client.get("/").get_data(as_text=True)
    assert 'id="nav-den"' in home and "/van-ban-den/" in home
    html = client.get("/van-ban-den/").get_data(as_text=True)
    assert "Chưa có văn bản đến nào" in html and 'id="tep-den"' in html
    assert not (tmp_path / "so-van-ban.db").exists()


def test_a_file_that_is_no_document_gets_a_vietnamese_error_on_the_page(tmp_path):
    _, client, csrf = open_desk(tmp_path)
    text = (io.BytesIO(b"xin chao"), "/home/van thu/ghi_chu.txt")
    answer = client.post("/van-ban-den/doc", data={"csrf": csrf, "tep": text}, content_type=MULTIPART)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "ghi_chu.txt: không nhận ra loại tệp (không phải DOCX, PDF, JPEG hay PNG)" in html
    assert "van thu" not in html
    assert not list((tmp_path / "phien").rglob("*.*"))
    broken = (io.BytesIO(b"%PDF-1.7\n1 0 obj\n<<"), "cong_van.pdf")
    answer = client.post("/van-ban-den/doc", data={"csrf": csrf, "tep": broken}, content_type=MULTIPART)
    assert answer.status_code == 422 and "cong_van.pdf" in answer.get_data(as_text=True)
    assert "Traceback" not in answer.get_data(as_text=True)
    answer = client.post("/van-ban-den/doc", data={"csrf": csrf}, content_type=MULTIPART)
    assert answer.status_code == 422 and "chưa chọn tệp văn bản đến" in answer.get_data(as_text=True)


def test_an_impossible_date_is_shown_on_the_form_and_nothing_is_registered(tmp_path, docs):
    _, client, csrf = open_desk(tmp_path)
    values = form_values(upload(client, csrf, docs / "ke_hoach_5.docx").get_data(as_text=True))
    answer = register(client, values, han_giai_quyet="31/02/2026")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "ngày «31/02/2026» không hợp lệ hoặc không tồn tại" in html
    assert "Hạn giải quyết" in lxml.html.fromstring(html).get_element_by_id("loi-vao-so").text_content()
    assert form_values(html)["so_ky_hieu"] == "05/KH-UBND"  # the clerk's values are kept
    assert not (tmp_path / "so-van-ban.db").exists() and not (tmp_path / "van-ban-den").exists()
    again = register(client, form_values(html), han_giai_quyet="28/02/2026")
    assert "số đến 01" in again.get_data(as_text=True)


def test_the_new_routes_need_the_csrf_token(tmp_path, docs):
    _, client, _ = open_desk(tmp_path)
    data = docs / "ke_hoach_5.docx"
    for url, form in (
        ("/van-ban-den/doc", {"tep": (io.BytesIO(data.read_bytes()), "a.docx")}),
        ("/van-ban-den/vao-so", {"ma": "x", "tac_gia": TAC_GIA}),
        ("/van-ban-den/giai-quyet", {"nam_den": "2026", "so_den": "1"}),
        ("/van-ban-den/2026/1", {"tac_gia": TAC_GIA}),
        ("/van-ban-den/xuat", {"so": "so_den", "dinh_dang": "xlsx"}),
        ("/van-ban-den/bao-cao", {"dinh_dang": "xlsx"}),
    ):
        answer = client.post(url, data=form | {"csrf": "sai"}, content_type="multipart/form-data")
        assert answer.status_code == 400 and "CSRF" in answer.get_data(as_text=True), url
    assert not (tmp_path / "so-van-ban.db").exists() and not (tmp_path / "van-ban-den").exists()


def test_an_upload_over_the_limit_is_refused_in_vietnamese(tmp_path):
    _, client, csrf = open_desk(tmp_path)
    big = io.BytesIO(b"%PDF-1.7\n" + b"0" * MAX_UPLOAD_BYTES)
    answer = client.post(
        "/van-ban-den/doc", data={"csrf": csrf, "tep": (big, "to.pdf")}, content_type="multipart/form-data"
    )
    assert answer.status_code == 413 and "Tệp tải lên quá lớn" in answer.get_data(as_text=True)


def test_a_vbhc_docx_is_read_into_the_form(tmp_path, docs):
    _, client, csrf = open_desk(tmp_path)
    answer = upload(client, csrf, docs / "ke_hoach_5.docx")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200, html
    values = form_values(html)
    assert values["tac_gia"] == TAC_GIA
    assert values["so_ky_hieu"] == "05/KH-UBND"
    assert values["ngay_van_ban"] == "2026-01-15"
    assert values["ten_loai"] == "Kế hoạch"
    assert values["trich_yeu"] == TRICH_YEU
    assert values["nguoi_ky"] == "Vũ Trọng Thủy"
    assert values["ngay_den"] == date.today().isoformat()
    assert "Độ tin cậy" in html and "tệp Word (DOCX)" in html
    assert 'id="nut-vao-so"' in html and 'id="can-kiem-tra-so_ky_hieu"' not in html


def test_register_gives_so_den_01_then_02_and_keeps_the_file_under_a_desk_made_name(tmp_path, docs):
    _, client, csrf = open_desk(tmp_path)
    han = date.today() + timedelta(days=10)
    for so in (5, 7):
        values = form_values(upload(client, csrf, docs / f"ke_hoach_{so}.docx", "../../bi-mat.docx").get_data(
            as_text=True))
        answer = register(client, values, don_vi_nhan="Văn phòng", han_giai_quyet=han.isoformat())
        html = answer.get_data(as_text=True)
        assert answer.status_code == 200, html
        assert f"số đến {'01' if so == 5 else '02'} năm {date.today().year}" in html
    first, second = sorted(entries(tmp_path), key=lambda e: e.so_den)
    assert (first.so_den_hien_thi, second.so_den_hien_thi) == ("01", "02")
    assert (first.so_ky_hieu, second.so_ky_hieu) == ("05/KH-UBND", "07/KH-UBND")
    assert first.don_vi_nhan == "Văn phòng" and first.han_giai_quyet == han and first.ngay_den == date.today()
    kept = Path(first.tep)
    assert kept.parent == (tmp_path / "van-ban-den").resolve() and "bi-mat" not in kept.name
    assert hashlib.sha256(kept.read_bytes()).hexdigest() == first.sha256
    assert kept.read_bytes() == (docs / "ke_hoach_5.docx").read_bytes()
    assert not list((tmp_path / "phien").rglob("*.docx"))  # the session copies are gone
    listing = lxml.html.fromstring(client.get("/van-ban-den/").get_data(as_text=True))
    numbers = [cell.text_content() for cell in listing.xpath(f'{TABLE}//td[@class="so-den"]')]
    assert sorted(numbers) == ["01", "02"]


def test_the_clerks_correction_wins(tmp_path, docs):
    _, client, csrf = open_desk(tmp_path)
    values = form_values(upload(client, csrf, docs / "ke_hoach_5.docx").get_data(as_text=True))
    register(client, values, trich_yeu="Cải cách hành chính năm 2026 (đã sửa)", ngay_den="03/02/2026",
             ghi_chu="Bản chính gửi kèm")
    (entry,) = entries(tmp_path)
    assert entry.trich_yeu == "Cải cách hành chính năm 2026 (đã sửa)" and entry.ghi_chu == "Bản chính gửi kèm"
    assert not entry.can_xem_lai
    assert entry.ngay_den == date(2026, 2, 3) and entry.nam == 2026


def test_a_duplicate_shows_the_message_and_vao_so_anyway_registers_it(tmp_path, docs):
    _, client, csrf = open_desk(tmp_path)
    values = form_values(upload(client, csrf, docs / "ke_hoach_5.docx").get_data(as_text=True))
    assert register(client, values).status_code == 200
    values = form_values(upload(client, csrf, docs / "ke_hoach_5.docx").get_data(as_text=True))
    answer = register(client, values)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert "văn bản đã đăng ký" in html and 'id="nut-van-vao-so"' in html and 'id="nut-vao-so"' not in html
    assert "--force" not in html  # the button, not the command line
    assert len(entries(tmp_path)) == 1
    answer = register(client, form_values(html), force="1")
    assert answer.status_code == 200 and "số đến 02" in answer.get_data(as_text=True)
    assert [e.so_den for e in sorted(entries(tmp_path), key=lambda e: e.so_den)] == [1, 2]


def test_a_flagged_field_is_left_empty_with_the_suggestion_beside_it(tmp_path, docs, monkeypatch):
    """A field read without confidence is never prefilled; left empty it stays «cần xem lại»."""
    import vbhc.incoming
    from vbhc.incoming.fields import Truong

    real = vbhc.incoming.doc_van_ban

    def unsure(*args, **kwargs):
        doc = real(*args, **kwargs)
        guess = Truong(doc.truong["trich_yeu"].gia_tri, 0.41, "chữ mờ")
        return dataclasses.replace(doc, truong={**doc.truong, "trich_yeu": guess})

    monkeypatch.setattr(vbhc.incoming, "doc_van_ban", unsure)  # the desk's reading and the workflow's
    _, client, csrf = open_desk(tmp_path)
    html = upload(client, csrf, docs / "ke_hoach_5.docx").get_data(as_text=True)
    values = form_values(html)
    assert values["trich_yeu"] == "" and values["so_ky_hieu"] == "05/KH-UBND"
    tree = lxml.html.fromstring(html)
    assert tree.get_element_by_id("can-kiem-tra-trich_yeu").text_content() == "cần kiểm tra"
    assert tree.get_element_by_id("de-xuat-trich_yeu").text_content() == TRICH_YEU
    assert "Độ tin cậy 41%: chữ mờ" in tree.get_element_by_id("doc-duoc-trich_yeu").text_content()
    assert "1 ô cần kiểm tra" in html
    done = register(client, values).get_data(as_text=True)
    assert "được ghi «cần xem lại», chưa xác nhận: trích yếu nội dung" in done
    assert "vbhc register" not in done  # no command line for the clerk
    (entry,) = entries(tmp_path)
    assert entry.trich_yeu == "" and "trich_yeu" in entry.can_xem_lai
    assert entry.de_xuat["trich_yeu"] == TRICH_YEU


@pytest.mark.pdf
def test_a_pdf_is_read_into_the_form_and_registered(tmp_path, pdf):
    _, client, csrf = open_desk(tmp_path)
    answer = upload(client, csrf, pdf, "ke hoach.pdf")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200, html
    values = form_values(html)
    assert values["so_ky_hieu"] == "05/KH-UBND" and values["tac_gia"] == TAC_GIA
    assert values["trich_yeu"] == TRICH_YEU and values["ngay_van_ban"] == "2026-01-15"
    assert "lớp chữ của tệp PDF" in html
    assert "số đến 01" in register(client, values).get_data(as_text=True)
    (entry,) = entries(tmp_path)
    assert Path(entry.tep).suffix == ".pdf" and entry.cach_doc == "pdf"


def add_den(tmp_path: Path, so_ky_hieu: str, ngay_den: date, **columns):
    """An entry put in the sổ đến through the register's API (as another clerk would)."""
    from vbhc.register import VanBanDenMoi

    moi = VanBanDenMoi(ngay_den=ngay_den, tac_gia="SỞ NỘI VỤ", so_ky_hieu=so_ky_hieu,
                       ngay_van_ban=date(2026, 1, 5), ten_loai="Công văn", trich_yeu="Về việc tuyển dụng",
                       **columns)
    with Register(tmp_path / "so-van-ban.db", create=True) as book:
        return book.receive(moi)


def test_overdue_is_marked_and_dealt_with_clears_it(tmp_path):
    _, client, csrf = open_desk(tmp_path)
    han = date.today() - timedelta(days=3)
    entry = add_den(tmp_path, "15/SNV-CCVC", han - timedelta(days=5), han_giai_quyet=han)
    row = f"dong-den-{entry.nam}-{entry.so_den}"
    tree = lxml.html.fromstring(client.get("/van-ban-den/").get_data(as_text=True))
    assert "qua-han" in tree.get_element_by_id(row).classes
    assert "Quá hạn" in tree.get_element_by_id(row).text_content()
    answer = client.post("/van-ban-den/giai-quyet", data={
        "csrf": csrf, "nam_den": str(entry.nam), "so_den": str(entry.so_den),
        "ngay_giai_quyet": date.today().isoformat(), "so_ky_hieu_tra_loi": "12/UBND-VP",
    })
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "là đã giải quyết" in html
    row_text = lxml.html.fromstring(html).get_element_by_id(row).text_content()
    assert "Đã giải quyết" in row_text and "12/UBND-VP" in row_text and "Quá hạn" not in row_text
    (entry,) = entries(tmp_path)
    assert entry.da_giai_quyet and entry.ngay_giai_quyet == date.today()


def test_search_and_year_filter_the_list(tmp_path):
    _, client, _ = open_desk(tmp_path)
    add_den(tmp_path, "05/KH-UBND", date(2025, 12, 30))
    add_den(tmp_path, "07/KH-UBND", date(2026, 1, 20))

    def shown(query: str) -> list[str]:
        tree = lxml.html.fromstring(client.get(f"/van-ban-den/{query}").get_data(as_text=True))
        return [row.findall("td")[3].text_content() for row in tree.xpath(f"{TABLE}//tr[@id]")]

    assert sorted(shown("")) == ["05/KH-UBND", "07/KH-UBND"]
    assert shown("?nam=2026") == ["07/KH-UBND"]
    assert shown("?tim=05/KH") == ["05/KH-UBND"]
    assert "năm «hai» phải là một số" in client.get("/van-ban-den/?nam=hai").get_data(as_text=True)


def test_the_folder_of_received_files_is_a_setting(tmp_path, docs):
    _, client, csrf = open_desk(tmp_path)
    assert 'id="f-thu_muc_van_ban_den"' in client.get("/cai-dat/").get_data(as_text=True)
    answer = client.post("/cai-dat/", data={
        "csrf": csrf, "co_quan.ten": TAC_GIA, "co_quan.viet_tat": "UBND", "dia_danh": "Hùng Thắng",
        "nguoi_ky": "", "noi_nhan": "", "mau": "mac_dinh", "thu_muc_van_ban_den": "luu-tru/den",
    })
    assert answer.status_code == 200
    values = form_values(upload(client, csrf, docs / "ke_hoach_5.docx").get_data(as_text=True))
    register(client, values)
    (entry,) = entries(tmp_path)
    assert Path(entry.tep).parent == (tmp_path / "luu-tru" / "den").resolve()
    refused = client.post("/cai-dat/", data={
        "csrf": csrf, "co_quan.ten": TAC_GIA, "co_quan.viet_tat": "UBND", "dia_danh": "Hùng Thắng",
        "thu_muc_van_ban_den": "../ngoai",
    })
    assert refused.status_code == 422
    assert "thư mục lưu văn bản đến không được chứa «..»" in refused.get_data(as_text=True)


def test_the_so_den_is_exported_as_xlsx(tmp_path):
    import openpyxl

    from vbhc import nd30

    _, client, csrf = open_desk(tmp_path)
    add_den(tmp_path, "05/KH-UBND", date(2025, 12, 30))
    add_den(tmp_path, "07/SNV-CCVC", date(2026, 1, 20), don_vi_nhan="Văn phòng")
    answer = client.post("/van-ban-den/xuat", data={"csrf": csrf, "so": "so_den", "nam_xuat": "2026",
                                                    "dinh_dang": "xlsx"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.headers["Content-Disposition"].endswith("so-van-ban-den-2026.xlsx")
    cells = {c for row in openpyxl.load_workbook(io.BytesIO(answer.data)).active.iter_rows(values_only=True)
             for c in row if c}
    assert "07/SNV-CCVC" in cells and "Văn phòng" in cells and "05/KH-UBND" not in cells
    assert nd30.SO_DEN_COT[1] in cells
    refused = client.post("/van-ban-den/xuat", data={"csrf": csrf, "so": "khac", "dinh_dang": "xlsx"})
    assert refused.status_code == 422 and "chọn sổ và định dạng" in refused.get_data(as_text=True)


@pytest.mark.pdf
def test_the_so_theo_doi_is_exported_as_pdf(tmp_path):
    import pdfplumber
    from pdf_pages import require_soffice

    from vbhc import nd30

    require_soffice()
    _, client, csrf = open_desk(tmp_path)
    add_den(tmp_path, "07/SNV-CCVC", date(2026, 1, 20), han_giai_quyet=date(2026, 2, 1))
    answer = client.post("/van-ban-den/xuat", data={"csrf": csrf, "so": "theo_doi", "dinh_dang": "pdf"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.headers["Content-Disposition"].endswith("so-theo-doi-giai-quyet-van-ban-den.pdf")
    with pdfplumber.open(io.BytesIO(answer.data)) as pdf_file:
        text = " ".join(page.extract_text() or "" for page in pdf_file.pages)
    assert nd30.SO_THEO_DOI_TIEU_DE in text and "07/SNV-CCVC" in text


def test_the_bao_cao_giai_quyet_is_downloaded_with_the_offices_heading(tmp_path):
    import json

    import docx
    import openpyxl

    (tmp_path / "cai-dat.json").write_text(json.dumps({
        "co_quan": {"ten": "ỦY BAN NHÂN DÂN PHƯỜNG ĐÔNG HẢI", "viet_tat": "UBND"}, "dia_danh": "Đông Hải",
        "nguoi_ky": [{"tham_quyen": ["TM. ỦY BAN NHÂN DÂN"], "chuc_vu": "CHỦ TỊCH", "ho_ten": "Lê Thị Hoa"}],
    }, ensure_ascii=False), encoding="utf-8")
    _, client, csrf = open_desk(tmp_path)
    add_den(tmp_path, "07/SNV-CCVC", date(2026, 1, 20), don_vi_nhan="Văn phòng",
            han_giai_quyet=date(2026, 1, 25))
    add_den(tmp_path, "09/SNV-CCVC", date(2026, 1, 21), don_vi_nhan="Phòng Kinh tế")
    form = {"csrf": csrf, "ngay_bao_cao": "2026-02-01", "nam_bao_cao": "2026"}
    answer = client.post("/van-ban-den/bao-cao", data=form | {"dinh_dang": "docx"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.headers["Content-Disposition"].endswith("bao-cao-van-ban-den-20260201.docx")
    document = docx.Document(io.BytesIO(answer.data))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    text = doc_text(answer.data)
    assert "ỦY BAN NHÂN DÂN\nPHƯỜNG ĐÔNG HẢI" in text and "Lê Thị Hoa" in text and "Nguyễn Văn A" not in text
    assert "Đông Hải, ngày" in text and "tiếp nhận, đăng ký 2 văn bản đến" in text
    assert {"Văn phòng", "Phòng Kinh tế"} <= cells and "07/SNV-CCVC" in text  # overdue on 01/02
    answer = client.post("/van-ban-den/bao-cao", data=form | {"dinh_dang": "xlsx"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    sheet_cells = {c for ws in openpyxl.load_workbook(io.BytesIO(answer.data)).worksheets
                   for row in ws.iter_rows(values_only=True) for c in row if c}
    assert {"Văn phòng", "Phòng Kinh tế"} <= sheet_cells


def test_the_bao_cao_docx_needs_a_signer_in_the_settings(tmp_path):
    _, client, csrf = open_desk(tmp_path)
    answer = client.post("/van-ban-den/bao-cao", data={"csrf": csrf, "dinh_dang": "docx"})
    assert answer.status_code == 422
    assert "chưa có người ký trong Cài đặt" in answer.get_data(as_text=True)


@pytest.mark.pdf
def test_the_signatures_of_a_signed_pdf_are_shown_with_their_verification(tmp_path, pdf):
    from tests.signing_pki import add_empty_field, make_kit
    from vbhc.errors import Vitri
    from vbhc.signing.sign import HinhThuc, ky, signer_p12_data

    kit = make_kit(tmp_path / "pki")
    with_field = add_empty_field(pdf, tmp_path / "co_o.pdf", "ChuKyNguoiKy")
    signer = signer_p12_data(kit.p12.read_bytes(), kit.password.encode(), Vitri(), goi_y="")
    signed = ky(with_field, tmp_path / "ky.pdf", signer, hinh_thuc=HinhThuc(), field="ChuKyNguoiKy").tep
    _, client, csrf = open_desk(tmp_path / "ban")

    untrusted = upload(client, csrf, signed).get_data(as_text=True)
    row = lxml.html.fromstring(untrusted).get_element_by_id("chu-ky-1").text_content()
    assert "Vũ Trọng Thủy" in row and "Không hợp lệ hoặc chưa tin cậy" in row and "nguyên vẹn" in row

    answer = client.post("/van-ban-den/doc", data={
        "csrf": csrf, "tep": (io.BytesIO(signed.read_bytes()), "ky.pdf"),
        "goc": (io.BytesIO(kit.ca.cert_pem), "ca.pem"),
    }, content_type=MULTIPART)
    html = answer.get_data(as_text=True)
    row = lxml.html.fromstring(html).get_element_by_id("chu-ky-1").text_content()
    assert "ChuKyNguoiKy" in row and "Hợp lệ; nội dung nguyên vẹn" in row
    assert form_values(html)["so_ky_hieu"] == "05/KH-UBND"
    register(client, form_values(html))
    (entry,) = entries(tmp_path / "ban")
    assert [(c.ten_truong, c.hop_le, c.nguyen_ven) for c in entry.chu_ky] == [("ChuKyNguoiKy", True, True)]
    assert not list((tmp_path / "ban" / "phien").rglob("*.pem"))  # the trust root went with the upload


def test_an_entry_to_check_is_corrected_on_its_page(tmp_path):
    _, client, csrf = open_desk(tmp_path)
    assert client.get("/van-ban-den/2026/1").status_code == 404  # no register yet, none made
    assert not (tmp_path / "so-van-ban.db").exists()
    add_den(tmp_path, "07/SNV-CCVC", date(2026, 1, 20))
    entry = add_den(tmp_path, "09/SNV-CCVC", date(2026, 1, 21), can_xem_lai=("nguoi_ky",),
                    de_xuat={"nguoi_ky": "Trần Văn Bính"})
    url = f"/van-ban-den/{entry.nam}/{entry.so_den}"
    listing = lxml.html.fromstring(client.get("/van-ban-den/").get_data(as_text=True))
    assert listing.xpath(f'{TABLE}//td[@class="so-den"]/a/@href') == ["/van-ban-den/2026/1", url]
    html = client.get(url).get_data(as_text=True)
    tree = lxml.html.fromstring(html)
    assert tree.get_element_by_id("can-kiem-tra-nguoi_ky").text_content() == "cần kiểm tra"
    assert tree.get_element_by_id("de-xuat-nguoi_ky").text_content() == "Trần Văn Bính"
    values = {name: value or "" for name, value in tree.get_element_by_id("form-sua-den").form_values()}
    assert values["so_ky_hieu"] == "09/SNV-CCVC" and values["nguoi_ky"] == ""

    assert values["csrf"] == csrf
    unchanged = client.post(url, data=values).get_data(as_text=True)
    assert "Không có gì thay đổi" in unchanged
    bad = client.post(url, data=values | {"han_giai_quyet": "30/02/2026"})
    assert bad.status_code == 422
    assert "trường «Hạn giải quyết»: ngày «30/02/2026» không hợp lệ" in bad.get_data(as_text=True)
    same = client.post(url, data=values | {"so_ky_hieu": "07/SNV-CCVC"})
    assert same.status_code == 409 and 'id="nut-van-luu-den"' in same.get_data(as_text=True)
    assert "--force" not in same.get_data(as_text=True)
    done = client.post(url, data=values | {"nguoi_ky": "Trần Văn Bình", "don_vi_nhan": "Văn phòng"})
    assert done.status_code == 200 and "Đã sửa văn bản đến số 02 năm 2026" in done.get_data(as_text=True)
    with Register(tmp_path / "so-van-ban.db", create=False) as book:
        corrected = book.get_den(2026, 2)
    assert corrected.nguoi_ky == "Trần Văn Bình" and corrected.don_vi_nhan == "Văn phòng"
    assert corrected.so_ky_hieu == "09/SNV-CCVC" and not corrected.can_xem_lai
    missing = client.get("/van-ban-den/2026/9")
    assert missing.status_code == 404 and "không có số đến 09 năm 2026" in missing.get_data(as_text=True)
    assert client.post(url, data=values | {"csrf": "sai"}).status_code == 400


@pytest.mark.pdf
@pytest.mark.slow
def test_a_scan_is_read_by_ocr_and_nothing_unsure_is_prefilled(tmp_path, pdf):
    """A JPEG scan of the kế hoạch: read by OCR; every field is either prefilled with what was read
    surely, or left empty with «cần kiểm tra» and the suggestion beside it."""
    import pypdfium2

    if shutil.which("tesseract") is None:
        pytest.skip("chưa cài tesseract-ocr, tesseract-ocr-vie")
    document = pypdfium2.PdfDocument(pdf.read_bytes())
    scan = io.BytesIO()
    document[0].render(scale=200 / 72).to_pil().convert("L").save(scan, "JPEG", quality=85)
    document.close()
    _, client, csrf = open_desk(tmp_path)
    jpeg = (io.BytesIO(scan.getvalue()), "quet.jpg")
    answer = client.post("/van-ban-den/doc", data={"csrf": csrf, "tep": jpeg}, content_type=MULTIPART)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200, html
    assert "nhận dạng chữ (OCR) trên ảnh quét" in html
    from vbhc.incoming import doc_van_ban

    doc = doc_van_ban("quet.jpg", data=scan.getvalue())
    tree, values = lxml.html.fromstring(html), form_values(html)
    for name in TRUONG:
        marked = bool(tree.xpath(f'//*[@id="can-kiem-tra-{name}"]'))
        assert marked == doc.truong[name].can_xem_lai, name
        assert values[name] == ("" if marked else doc.truong[name].gia_tri or ""), name
    assert any(values[name] for name in TRUONG)  # OCR of a clean scan finds something surely
    assert "số đến 01" in register(client, values).get_data(as_text=True)
    (entry,) = entries(tmp_path)
    assert entry.cach_doc == "ocr" and Path(entry.tep).suffix == ".jpg"


def test_two_bodies_with_the_same_so_den_are_told_apart(tmp_path):
    """A register shared with ``vbhc receive --co-quan``: each body has its own 01."""
    _, client, csrf = open_desk(tmp_path)
    add_den(tmp_path, "07/SNV-CCVC", date(2026, 1, 20))
    other = add_den(tmp_path, "08/SNV-CCVC", date(2026, 1, 20), co_quan="ĐU")
    assert other.so_den == 1
    tree = lxml.html.fromstring(client.get("/van-ban-den/").get_data(as_text=True))
    links = tree.xpath(f'{TABLE}//td[@class="so-den"]/a/@href')
    assert sorted(links) == ["/van-ban-den/2026/1", "/van-ban-den/2026/1?co_quan=%C4%90U"]
    form = lxml.html.fromstring(client.get(links[1]).get_data(as_text=True)).get_element_by_id("form-sua-den")
    values = {name: value or "" for name, value in form.form_values()}
    assert values["so_ky_hieu"] == "08/SNV-CCVC"
    answer = client.post("/van-ban-den/giai-quyet", data={
        "csrf": csrf, "nam_den": "2026", "so_den": "1", "co_quan": "ĐU", "ngay_giai_quyet": "2026-01-22",
    })
    assert answer.status_code == 200, answer.get_data(as_text=True)
    solved = {e.so_ky_hieu: e.da_giai_quyet for e in entries(tmp_path)}
    assert solved == {"07/SNV-CCVC": False, "08/SNV-CCVC": True}
    client.post(form.get("action"), data=values | {"don_vi_nhan": "Văn phòng Đảng ủy"})
    assert {e.so_ky_hieu: e.don_vi_nhan for e in entries(tmp_path)} == {
        "07/SNV-CCVC": "", "08/SNV-CCVC": "Văn phòng Đảng ủy"}
