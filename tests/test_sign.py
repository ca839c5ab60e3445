"""``vbhc sign``: real PAdES signatures from a PKCS#12 file, their Phụ lục I appearance, a second
signature as an incremental update, an RFC 3161 timestamp from a local ``openssl ts`` TSA."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st
from signing_pki import HAS_OPENSSL, add_empty_field, make_kit, make_pdf, make_png, sign_p12, tsa_server, vbhc

from vbhc import nd30
from vbhc.signing.appearance import CO_CHU, thoi_gian_ky

pytest.importorskip("pyhanko")

MM = 72 / 25.4


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory):
    return make_kit(tmp_path_factory.mktemp("ky"))


#: PDFs opened by ``widget`` (a field lives only as long as its PDF is open).
_OPEN: list[pikepdf.Pdf] = []


def widget(path: Path, name: str) -> pikepdf.Dictionary:
    """The signature field ``name`` (its widget merged) of the PDF at ``path``."""
    pdf = pikepdf.open(path)
    _OPEN.append(pdf)
    for field in pdf.Root.AcroForm.Fields:
        if str(field.T) == name:
            return field
    raise AssertionError(f"no field {name}")


def rect_mm(field: pikepdf.Dictionary) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in field.Rect)
    return x0 / MM, y0 / MM, x1 / MM, y1 / MM


def verify(kit, path: Path, *extra: str | Path) -> dict:
    code, out, _err = vbhc("verify", path, "--trust", kit.ca_pem, "--json", *extra)
    report = json.loads(out)
    report["exit"] = code
    return report


def test_p12_signature_is_valid_and_says_who_signed(kit, tmp_path: Path) -> None:
    out = tmp_path / "da_ky.pdf"
    code, stdout, err = sign_p12(
        kit, kit.pdf, out, "--anh-chu-ky", kit.anh_chu_ky, "--vi-tri", "1,120,200,50,25"
    )
    assert code == 0, err
    assert err == ""  # a good image and a valid certificate: not a single warning
    assert "Đã ký" in stdout and "Vũ Trọng Thủy" in stdout
    report = verify(kit, out)
    assert report["exit"] == 0
    (sig,) = report["chu_ky"]
    assert sig["nguoi_ky"] == "Vũ Trọng Thủy"
    assert sig["to_chuc"] == "Ủy ban nhân dân xã Hùng Thắng"
    assert sig["nguyen_ven"] and sig["tin_cay"] and sig["toan_tep"]
    assert sig["thoi_gian"].endswith("+07:00")
    # PAdES: an ETSI.CAdES.detached signature dictionary
    pdf = pikepdf.open(out)
    assert str(pdf.Root.AcroForm.Fields[0].V.SubFilter) == "/ETSI.CAdES.detached"


def test_the_password_is_typed_at_a_prompt_and_never_written(kit, tmp_path: Path) -> None:
    out = tmp_path / "nhap.pdf"
    code, stdout, err = vbhc("sign", kit.pdf, "-o", out, "--p12", kit.p12, input=kit.password + "\n")
    assert code == 0, err
    assert kit.password not in stdout + err
    assert kit.password.encode("utf-8") not in out.read_bytes()
    assert verify(kit, out)["exit"] == 0
    # there is no option that takes the secret on the command line
    code, _out, err = vbhc("sign", kit.pdf, "-o", tmp_path / "x.pdf", "--p12", kit.p12, "--password", "x")
    assert code != 0 and "không có tùy chọn --password" in err


def test_a_wrong_password_is_one_vietnamese_line_and_writes_nothing(kit, tmp_path: Path) -> None:
    wrong = tmp_path / "sai.txt"
    wrong.write_text("Zq9-khong-dung\n", encoding="utf-8")
    out = tmp_path / "khong.pdf"
    code, _out, err = vbhc("sign", kit.pdf, "-o", out, "--p12", kit.p12, "--password-file", wrong)
    assert code == 1
    assert err.startswith("Lỗi: ") and "sai mật khẩu" in err and "Traceback" not in err
    assert "Zq9" not in err
    assert not out.exists()


def test_an_empty_field_prepared_in_the_pdf_is_filled(kit, tmp_path: Path) -> None:
    prepared = add_empty_field(kit.pdf, tmp_path / "co_o.pdf", "ChuKyNguoiKy", box=(340, 500, 500, 580))
    out = tmp_path / "da_ky.pdf"
    code, _out, err = sign_p12(kit, prepared, out, "--field", "ChuKyNguoiKy", "--anh-chu-ky", kit.anh_chu_ky)
    assert code == 0, err
    pdf = pikepdf.open(out)
    assert [str(f.T) for f in pdf.Root.AcroForm.Fields] == ["ChuKyNguoiKy"]
    field = widget(out, "ChuKyNguoiKy")
    assert [float(v) for v in field.Rect] == [340, 500, 500, 580]
    assert verify(kit, out)["chu_ky"][0]["field"] == "ChuKyNguoiKy"


def test_a_missing_field_is_named_with_the_fields_there_are(kit, tmp_path: Path) -> None:
    prepared = add_empty_field(kit.pdf, tmp_path / "co_o.pdf", "ChuKyCoQuan")
    code, _out, err = sign_p12(kit, prepared, tmp_path / "x.pdf", "--field", "KhongCo")
    assert code == 1
    assert "không có ô chữ ký «KhongCo»" in err and "ChuKyCoQuan" in err


def test_a_second_signature_is_an_incremental_update_and_the_first_stays_valid(kit, tmp_path: Path) -> None:
    first, second = tmp_path / "ky1.pdf", tmp_path / "ky2.pdf"
    assert (
        sign_p12(kit, kit.pdf, first, "--anh-chu-ky", kit.anh_chu_ky, "--vi-tri", "1,120,200,50,25")[0] == 0
    )
    code, _out, err = sign_p12(kit, first, second, "--anh-dau", kit.anh_dau, "--vi-tri", "1,110,195")
    assert code == 0, err
    assert second.read_bytes().startswith(first.read_bytes())
    report = verify(kit, second)
    assert report["exit"] == 0
    nguoi_ky, co_quan = report["chu_ky"]
    assert (nguoi_ky["field"], co_quan["field"]) == ("ChuKyNguoiKy", "ChuKyCoQuan")
    assert nguoi_ky["hop_le"] and not nguoi_ky["toan_tep"] and nguoi_ky["thay_doi"] == "FORM_FILLING"
    assert co_quan["hop_le"] and co_quan["toan_tep"]


def _image(field: pikepdf.Dictionary) -> pikepdf.Stream:
    """The image XObject drawn by the field's appearance (through its nested forms)."""
    todo = [field.AP.N]
    while todo:
        xobjects = todo.pop().get("/Resources", {}).get("/XObject", {})
        for value in xobjects.values():
            if value.Subtype == "/Image":
                return value
            todo.append(value)
    raise AssertionError("no image in the appearance")


def test_the_signer_image_is_the_transparent_png_inside_the_field(kit, tmp_path: Path) -> None:
    out = tmp_path / "anh.pdf"
    assert sign_p12(kit, kit.pdf, out, "--anh-chu-ky", kit.anh_chu_ky, "--vi-tri", "1,120,200,50,25")[0] == 0
    field = widget(out, "ChuKyNguoiKy")
    x0, y0, x1, y1 = rect_mm(field)
    assert x0 == pytest.approx(120, abs=0.01) and x1 - x0 == pytest.approx(50, abs=0.01)
    assert 297 - y1 == pytest.approx(200, abs=0.1) and y1 - y0 == pytest.approx(25, abs=0.01)
    image = _image(field)
    assert (int(image.Width), int(image.Height)) == (600, 300)
    assert "/SMask" in image  # the transparent background is kept
    (state,) = field.AP.N.Resources.ExtGState.values()
    assert float(state.CA) == 1  # drawn fully opaque (pyHanko's default background is 60 %)


def test_the_seal_is_drawn_at_its_real_size(kit, tmp_path: Path) -> None:
    out = tmp_path / "dau.pdf"
    assert sign_p12(kit, kit.pdf, out, "--anh-dau", kit.anh_dau, "--vi-tri", "1,100,190")[0] == 0
    x0, y0, x1, y1 = rect_mm(widget(out, "ChuKyCoQuan"))
    real = 420 / 300 * 25.4  # 420 px at 300 dpi
    assert x1 - x0 == pytest.approx(real, abs=0.01) and y1 - y0 == pytest.approx(real, abs=0.01)


def test_a_seal_without_resolution_needs_its_width(kit, tmp_path: Path) -> None:
    no_dpi = make_png(tmp_path / "dau.png", rgb=(230, 0, 0), size=(400, 400), dpi=None)
    code, _out, err = sign_p12(kit, kit.pdf, tmp_path / "x.pdf", "--anh-dau", no_dpi, "--vi-tri", "1,100,190")
    assert code == 1 and "--co-dau" in err
    out = tmp_path / "dau.pdf"
    code, _out, err = sign_p12(
        kit, kit.pdf, out, "--anh-dau", no_dpi, "--co-dau", "36", "--vi-tri", "1,100,190"
    )
    assert code == 0, err
    x0, _y0, x1, _y1 = rect_mm(widget(out, "ChuKyCoQuan"))
    assert x1 - x0 == pytest.approx(36, abs=0.01)


@pytest.mark.parametrize(
    ("option", "rgb", "transparent", "warning"),
    [
        ("--anh-dau", (0, 0, 0), True, "không phải màu đỏ"),
        ("--anh-chu-ky", (200, 0, 0), True, "không phải màu xanh"),
        ("--anh-chu-ky", (0, 0, 200), False, "không có nền trong suốt"),
    ],
)
def test_an_image_of_the_wrong_colour_or_background_is_warned(
    kit, tmp_path, option, rgb, transparent, warning
):
    png = make_png(tmp_path / "anh.png", rgb=rgb, transparent=transparent)
    code, _out, err = sign_p12(kit, kit.pdf, tmp_path / "x.pdf", option, png, "--vi-tri", "1,100,190,40,20")
    assert code == 0
    assert f"Cảnh báo: {png}" in err and warning in err


def test_a_jpeg_is_refused(kit, tmp_path: Path) -> None:
    from PIL import Image

    jpeg = tmp_path / "anh.png"
    Image.new("RGB", (50, 50), (0, 0, 255)).save(jpeg, format="JPEG")
    code, _out, err = sign_p12(
        kit, kit.pdf, tmp_path / "x.pdf", "--anh-chu-ky", jpeg, "--vi-tri", "1,1,1,10,10"
    )
    assert code == 1 and "PNG" in err


def test_the_attachment_signature_is_the_information_line_at_the_top_right(kit, tmp_path: Path) -> None:
    out = tmp_path / "phu_luc.pdf"
    code, _out, err = sign_p12(kit, kit.pdf, out, "--so-ky-hieu", "05/KH-UBND")
    assert code == 0, err
    field = widget(out, "ChuKyCoQuan")
    _x0, _y0, x1, y1 = rect_mm(field)
    assert x1 == pytest.approx(210 - nd30.MARGINS_OFFICIAL.right, abs=0.1)
    assert 297 - y1 == pytest.approx(nd30.KY_SO_O_TREN_MM, abs=0.1)
    stream = field.AP.N.read_bytes().decode("latin-1")
    assert "/F1 10 Tf" in stream and "0 0 0 rg" in stream  # Phụ lục I: cỡ chữ 10, màu đen
    # the text as written: số và ký hiệu; date; time; +07:00 — the signing time of the signature
    actual = re.search(r"/ActualText \((.*?)\)\s*>>", stream, re.S).group(1)
    text = pikepdf.String(actual.encode("latin-1").decode("unicode_escape").encode("latin-1")).__str__()
    signed = datetime.fromisoformat(verify(kit, out)["chu_ky"][0]["thoi_gian"])
    assert text == f"Số: 05/KH-UBND; {signed:%d/%m/%Y; %H:%M:%S} +07:00"
    # Times New Roman or its metric twin, embedded, with glyph widths in the PDF's 1000-unit space
    font = field.AP.N.Resources.Font.F1
    descendant = font.DescendantFonts[0]
    assert re.search(r"(LiberationSerif|TimesNewRoman|Tinos)", str(font.BaseFont))
    assert "/FontFile2" in descendant.FontDescriptor
    widths = list(descendant.W)
    assert max(int(w) for chunk in widths[1::2] for w in chunk) <= 1000


def test_the_information_line_shows_vietnamese_letters_in_the_rendered_page(kit, tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2")
    import pypdfium2

    out = tmp_path / "phu_luc.pdf"
    assert sign_p12(kit, kit.pdf, out, "--so-ky-hieu", "12/QĐ-UBND")[0] == 0
    # flatten the appearance into the page text layer and read it back
    document = pypdfium2.PdfDocument(out)
    document.init_forms()
    page = document[0]
    page.flatten()
    document.save(tmp_path / "phang.pdf")
    text = pypdfium2.PdfDocument(tmp_path / "phang.pdf")[0].get_textpage().get_text_range()
    assert "Số: 12/QĐ-UBND;" in text


#: Fixed UTC offsets, -12:00 to +14:00 (the signing machine's clock may be set to any of them).
OFFSETS = st.integers(-12 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=OFFSETS))
def test_the_signing_time_is_written_in_vietnam_time(moment: datetime) -> None:
    text = thoi_gian_ky(moment)
    assert text.endswith(" +07:00")
    back = datetime.strptime(text[:-7], "%d/%m/%Y; %H:%M:%S").replace(tzinfo=timezone(timedelta(hours=7)))
    assert back == moment.replace(microsecond=0)


@pytest.mark.skipif(not HAS_OPENSSL, reason="openssl is needed for the local TSA")
def test_a_timestamp_from_a_tsa_is_read_back(kit, tmp_path: Path) -> None:
    out = tmp_path / "tsa.pdf"
    with tsa_server(kit.ca, tmp_path / "tsa") as url:
        code, stdout, err = sign_p12(kit, kit.pdf, out, "--tsa", url)
    assert code == 0, err
    assert "có dấu thời gian" in stdout
    report = verify(kit, out)
    assert report["exit"] == 0
    stamp = report["chu_ky"][0]["dau_thoi_gian"]
    assert stamp["hop_le"] and stamp["tsa"] == "vbhc Test TSA"
    stamped = datetime.fromisoformat(stamp["thoi_gian"])
    assert abs(stamped - datetime.now(timezone.utc)) < timedelta(minutes=5)
    assert stamp["thoi_gian"].endswith("+07:00")
    code, text, _err = vbhc("verify", out, "--trust", kit.ca_pem)
    assert "Dấu thời gian:" in text and "vbhc Test TSA" in text


def test_an_unreachable_tsa_is_one_vietnamese_line(kit, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    code, _out, err = sign_p12(kit, kit.pdf, out, "--tsa", "http://127.0.0.1:9/tsa")
    assert code == 2 and err.startswith("Lỗi: ") and "dấu thời gian" in err and "Traceback" not in err
    assert not out.exists()


def test_an_unreadable_pdf_is_refused_in_vietnamese(kit, tmp_path: Path) -> None:
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really a pdf")
    code, _out, err = sign_p12(kit, broken, tmp_path / "x.pdf")
    assert code == 1 and "không đọc được PDF" in err and "Traceback" not in err


def test_the_output_never_overwrites_the_input(kit, tmp_path: Path) -> None:
    src = make_pdf(tmp_path / "vao.pdf")
    before = src.read_bytes()
    code, _out, err = sign_p12(kit, src, src)
    assert code != 0 and "trùng với tệp vào" in err
    assert src.read_bytes() == before


@pytest.mark.parametrize("text", ["1,2", "0,10,10", "1,a,b", "1,10,10,0,5", "1,-1,10"])
def test_a_bad_place_is_explained(kit, tmp_path: Path, text: str) -> None:
    code, _out, err = sign_p12(
        kit, kit.pdf, tmp_path / "x.pdf", "--vi-tri", text, "--anh-chu-ky", kit.anh_chu_ky
    )
    assert code == 1 and "--vi-tri" in err and "TRANG,X,Y" in err


def test_two_looks_at_once_are_refused(kit, tmp_path: Path) -> None:
    code, _out, err = sign_p12(
        kit, kit.pdf, tmp_path / "x.pdf", "--anh-chu-ky", kit.anh_chu_ky, "--anh-dau", kit.anh_dau
    )
    assert code == 1 and "chỉ chọn một hình thức" in err


def _placements(field: pikepdf.Dictionary) -> list[list[float]]:
    """The ``a b c d e f cm`` matrices of the field's appearance stream, in order."""
    stream = field.AP.N.read_bytes().decode("latin-1")
    return [
        [float(n) for n in m.groups()] for m in re.finditer(r"(\S+) (\S+) (\S+) (\S+) (\S+) (\S+) cm", stream)
    ]


def test_the_signer_image_keeps_its_real_size_in_a_larger_prepared_field(kit, tmp_path: Path) -> None:
    prepared = add_empty_field(kit.pdf, tmp_path / "co_o.pdf", "ChuKyNguoiKy", box=(300, 400, 460, 480))
    out = tmp_path / "da_ky.pdf"
    assert sign_p12(kit, prepared, out, "--field", "ChuKyNguoiKy", "--anh-chu-ky", kit.anh_chu_ky)[0] == 0
    matrices = _placements(widget(out, "ChuKyNguoiKy"))
    # 600 × 300 px at 300 dpi: 144 × 72 pt, centred in the 160 × 80 pt field
    assert [144.0, 0.0, 0.0, 72.0] in [m[:4] for m in matrices]
    assert [1.0, 0.0, 0.0, 1.0, 8.0, 4.0] in matrices


def test_a_seal_larger_than_its_prepared_field_is_warned(kit, tmp_path: Path) -> None:
    prepared = add_empty_field(kit.pdf, tmp_path / "co_o.pdf", "ChuKyCoQuan", box=(300, 400, 380, 480))
    code, _out, err = sign_p12(
        kit, prepared, tmp_path / "x.pdf", "--field", "ChuKyCoQuan", "--anh-dau", kit.anh_dau
    )
    assert code == 0
    assert "Cảnh báo: dấu thật rộng 35.6 mm, lớn hơn ô «ChuKyCoQuan» (28.2 × 28.2 mm)" in err
    assert "Content box" not in err  # pyHanko's English log lines stay off the screen


def test_the_information_line_sits_at_the_top_right_of_a_wider_prepared_field(kit, tmp_path: Path) -> None:
    prepared = add_empty_field(kit.pdf, tmp_path / "co_o.pdf", "ChuKyCoQuan", box=(300, 780, 540, 810))
    out = tmp_path / "da_ky.pdf"
    assert sign_p12(kit, prepared, out, "--field", "ChuKyCoQuan", "--so-ky-hieu", "05/KH-UBND")[0] == 0
    field = widget(out, "ChuKyCoQuan")
    x, y = _placements(field)[0][4:]
    stream = field.AP.N.read_bytes().decode("latin-1")
    width = float(re.search(r"TJ (\S+) 0 Td", stream).group(1))
    assert x + width == pytest.approx(240, abs=1.5)  # right edge on the field's right edge
    assert y + CO_CHU == pytest.approx(30, abs=1.5)  # the line at the field's top


def test_an_image_without_a_place_is_refused_not_dropped(kit, tmp_path: Path) -> None:
    code, _out, err = sign_p12(kit, kit.pdf, tmp_path / "x.pdf", "--anh-chu-ky", kit.anh_chu_ky)
    assert code == 1 and "chưa có ô chữ ký «ChuKyNguoiKy» để đặt ảnh" in err and "--vi-tri" in err


def test_a_new_place_for_a_field_that_exists_is_refused(kit, tmp_path: Path) -> None:
    prepared = add_empty_field(kit.pdf, tmp_path / "co_o.pdf", "ChuKyNguoiKy")
    code, _out, err = sign_p12(
        kit, prepared, tmp_path / "x.pdf", "--anh-chu-ky", kit.anh_chu_ky, "--vi-tri", "1,10,10,40,20"
    )
    assert code == 1 and "đã có ô chữ ký «ChuKyNguoiKy»" in err


def test_a_seal_width_without_a_seal_is_refused(kit, tmp_path: Path) -> None:
    code, _out, err = sign_p12(kit, kit.pdf, tmp_path / "x.pdf", "--co-dau", "36")
    assert code == 1 and "--co-dau" in err and "--anh-dau" in err


def test_without_pyhanko_the_hint_names_the_extra(
    kit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyhanko.sign", None)  # import pyhanko.sign now fails
    code, _out, err = sign_p12(kit, kit.pdf, tmp_path / "x.pdf")
    assert code == 2 and "pip install 'vbhc[sign]'" in err
    code, _out, err = vbhc("verify", kit.pdf)
    assert code == 2 and "pip install 'vbhc[sign]'" in err


def test_a_tsa_answering_nonsense_is_one_vietnamese_line(kit, tmp_path: Path) -> None:
    import http.server
    import threading

    class Nonsense(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.end_headers()
            self.wfile.write(b"\x30\x03not rfc 3161")

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Nonsense)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        out = tmp_path / "x.pdf"
        code, _out, err = sign_p12(
            kit, kit.pdf, out, "--tsa", f"http://127.0.0.1:{server.server_address[1]}/"
        )
    finally:
        server.shutdown()
        server.server_close()
    assert code == 2 and "không đúng RFC 3161" in err and "Traceback" not in err
    assert not out.exists()
