"""OCR of scans (vbhc.incoming.ocr): deskewing, a scanned document's Số and date, hostile images, and a
machine without Tesseract."""

from __future__ import annotations

import io
import random
import shutil
import struct
import sys
import zlib
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from benchmarks.incoming_corpus import scan
from vbhc.errors import EnvironmentProblem, InputError
from vbhc.incoming.ocr import DocAnh, doc_anh, uoc_luong_nghieng

try:
    from pdf_pages import require_soffice
except ImportError:  # tests/ is not a package: pytest put it on sys.path
    from tests.pdf_pages import require_soffice

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract chưa được cài")


def _page(seed: int = 1) -> Image.Image:
    """A page of «text»: lines of word-sized black bars, as a 150 dpi scan of A4 would show."""
    rng = random.Random(seed)
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    for top in range(150, 1600, 45):
        x = 150 + rng.randint(0, 60)
        while x < 1050:
            width = rng.randint(30, 140)
            draw.rectangle((x, top, min(x + width, 1090), top + 18), fill=0)
            x += width + rng.randint(12, 20)
    return image


@pytest.mark.parametrize("angle", [-4.2, -1.3, -0.4, 0.0, 0.7, 2.6])
def test_deskew_finds_the_angle_the_page_was_turned_by(angle):
    turned = _page().rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert uoc_luong_nghieng(turned) == pytest.approx(angle, abs=0.15)


def test_deskew_of_a_blank_page_is_zero():
    assert uoc_luong_nghieng(Image.new("L", (800, 1100), 255)) == 0.0


# --- a scanned document ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quet(tmp_path_factory) -> tuple[DocAnh, bytes]:
    """A vbhc quyết định, its PDF scanned as issue 18 says, read by OCR."""
    require_soffice()
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract chưa được cài")
    import vbhc
    from vbhc.starters import __file__ as starters

    folder = tmp_path_factory.mktemp("quet")
    source = vbhc.load(Path(starters).parent / "quyet_dinh.md").sua(so=17, ngay=date(2026, 1, 14))
    vbhc.render(source, folder / "qd.docx")
    pdf = vbhc.to_pdf([folder / "qd.docx"], folder)[0].read_bytes()
    data = scan(_first_page(pdf), seed=3)
    return doc_anh(data, name="qd.jpg"), data


def _first_page(pdf: bytes) -> bytes:
    import pypdfium2 as pdfium

    source, one = pdfium.PdfDocument(pdf), pdfium.PdfDocument.new()
    one.import_pages(source, [0])
    out = io.BytesIO()
    one.save(out)
    return out.getvalue()


@pytest.mark.pdf
def test_a_scan_gives_its_so_and_date_lines_in_points(quet):
    read, data = quet
    assert data.startswith(b"\xff\xd8") and read.so_trang == 1 and read.canh_bao == ()
    so = [line for line in read.dong if "Số:" in line.text]
    ngay = [line for line in read.dong if ", ngày" in line.text]
    assert [line.text for line in so] == ["Số: 17/QĐ-UBND"]
    assert [line.text for line in ngay] == ["Hùng Thắng, ngày 14 tháng 01 năm 2026"]
    page = so[0]
    assert page.page_width == pytest.approx(595.3, abs=2) and page.page_height == pytest.approx(841.9, abs=2)
    assert so[0].x1 < page.page_width / 2 < ngay[0].x0 + 40  # Số on the left, the date on the right
    assert 0 < so[0].top < ngay[0].bottom < 200
    assert all(0.5 < line.conf <= 1 and line.size is None and line.bold is None for line in so + ngay)


@pytest.mark.pdf
def test_the_agency_and_the_quoc_hieu_side_by_side_are_two_lines(quet):
    read, _ = quet
    texts = [line.text for line in read.dong]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "ỦY BAN NHÂN DÂN" in texts  # not merged with the Quốc hiệu on the same height


@pytest.mark.pdf
def test_an_image_only_pdf_is_read_page_by_page(quet):
    import pypdfium2 as pdfium

    _, jpeg = quet
    document = pdfium.PdfDocument.new()
    for _ in range(2):
        image = pdfium.PdfImage.new(document)
        image.load_jpeg(io.BytesIO(jpeg), inline=True)
        image.set_matrix(pdfium.PdfMatrix().scale(595.3, 841.9))
        page = document.new_page(595.3, 841.9)
        page.insert_obj(image)
        page.gen_content()
    out = io.BytesIO()
    document.save(out)
    read = doc_anh(out.getvalue(), name="hai_trang.pdf", dpi=200)
    assert read.so_trang == 2
    for page in (0, 1):
        assert any(line.page == page and line.text == "Số: 17/QĐ-UBND" for line in read.dong)


# --- hostile input -------------------------------------------------------------------------------------


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + chunk(b"IEND", b""))


def _jpeg() -> bytes:
    out = io.BytesIO()
    _page().save(out, format="JPEG", quality=70, dpi=(150, 150))
    return out.getvalue()


def _many_pages(count: int) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(count):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@needs_tesseract
@pytest.mark.parametrize(("data", "says"), [
    (b"", "0 byte"),
    (_png_claiming(60_000, 60_000), "quá lớn"),
    (_png_claiming(9_000, 9_000), "quá lớn"),
    (_jpeg()[:3000], "không trọn vẹn"),
    (b"\xff\xd8\xff\xe0garbage", "ảnh hỏng"),
    (_many_pages(200), "200 trang"),
    (b"%PDF-1.7\nnot a pdf at all", "không mở được"),
    (b"GIF89a\x01\x00\x01\x00", "PDF, JPEG hoặc PNG"),
], ids=["empty", "bomb", "too-many-pixels", "truncated-jpeg", "broken-jpeg", "page-count", "broken-pdf",
        "gif"])
def test_hostile_files_give_a_clear_input_error_naming_the_file(data, says):
    with pytest.raises(InputError) as caught:
        doc_anh(data, name="den.bin")
    message = str(caught.value)
    assert message.startswith("den.bin: ") and says in message
    assert "Traceback" not in message


@needs_tesseract
def test_a_huge_page_is_refused_before_rendering():
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    document.new_page(14_400, 14_400)  # 5 m square
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(InputError, match=r"trang 1 quá lớn"):
        doc_anh(out.getvalue(), name="to.pdf")


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    import vbhc.incoming.ocr as ocr

    monkeypatch.setattr(ocr, "MAX_BYTES", 1000)
    with pytest.raises(InputError, match=r"^to\.jpg: tệp lớn quá"):
        doc_anh(_jpeg(), name="to.jpg")


# --- the machine ------------------------------------------------------------------------------------------


def test_without_tesseract_the_clerk_is_told_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(EnvironmentProblem) as caught:
        doc_anh(_jpeg(), name="den.jpg")
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in str(caught.value)
    assert "tesseract" in caught.value.message


def test_tesseract_without_vietnamese_is_told_too(monkeypatch, tmp_path):
    fake = tmp_path / "tesseract"
    fake.write_text('#!/bin/sh\necho \'List of available languages in "/x/" (2):\'\necho eng\necho osd\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(EnvironmentProblem) as caught:
        doc_anh(_jpeg(), name="den.jpg")
    assert "tiếng Việt" in str(caught.value) and "tesseract-ocr-vie" in str(caught.value)


# --- words into lines (a stand-in tesseract prints a known TSV) ---------------------------------------------

_TSV = """level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t
5\t1\t1\t1\t1\t1\t300\t300\t200\t50\t96\tHỘI
5\t1\t1\t1\t1\t2\t520\t300\t220\t50\t90\tĐỒNG
5\t1\t1\t1\t1\t3\t1000\t305\t20\t40\t30\t_
5\t1\t1\t1\t1\t4\t1200\t300\t260\t50\t94\tCỘNG
5\t1\t1\t1\t1\t5\t1480\t300\t200\t50\t92\tHÒA
5\t1\t1\t1\t2\t1\t1300\t400\t100\t50\t88\tĐộc
5\t1\t1\t1\t2\t2\t1420\t400\t80\t50\t90\tlập
5\t1\t1\t1\t2\t3\t1520\t400\t20\t50\t70\t-
5\t1\t1\t1\t2\t4\t1560\t400\t60\t50\t90\tTự
5\t1\t1\t1\t2\t5\t1640\t400\t20\t50\t70\t-
5\t1\t1\t1\t2\t6\t1680\t400\t60\t50\t90\tdo
5\t1\t2\t1\t1\t1\t400\t500\t150\t50\t91\tSố:
5\t1\t2\t1\t1\t2\t570\t500\t300\t50\t85\t17/QÐÐ-UBND
"""


@pytest.fixture
def fake_tesseract(monkeypatch, tmp_path):
    """A ``tesseract`` on PATH that has ``vie`` and answers every page with :data:`_TSV`."""
    (tmp_path / "page.tsv").write_text(_TSV, encoding="utf-8")
    fake = tmp_path / "tesseract"
    fake.write_text(f"""#!{sys.executable}
import sys
if sys.argv[1:] == ["--list-langs"]:
    print('List of available languages in "/x/" (1):')
    print("vie")
else:
    sys.stdin.buffer.read()
    sys.stdout.buffer.write(open({str(tmp_path / "page.tsv")!r}, "rb").read())
""")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))


def _blank_png(dpi: int = 300) -> bytes:
    out = io.BytesIO()
    Image.new("L", (2480, 3508), 255).save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def test_words_are_grouped_into_lines_split_between_columns_in_points(fake_tesseract):
    read = doc_anh(_blank_png(), name="den.png")
    texts = [line.text for line in read.dong]
    assert texts == ["HỘI ĐỒNG", "CỘNG HÒA", "Độc lập - Tự - do", "Số: 17/QĐ-UBND"]
    left, right, _motto, so = read.dong
    assert (left.x0, left.x1, left.top, left.bottom) == pytest.approx((72, 740 * 72 / 300, 72, 84))
    assert right.x0 == pytest.approx(1200 * 72 / 300) and right.top == pytest.approx(72)
    assert left.conf == pytest.approx(0.93) and so.conf == pytest.approx((0.91 + 0.85 * 0.9) / 2, abs=0.001)
    assert left.page_width == pytest.approx(595.2) and left.page_height == pytest.approx(841.92)
    # the eth Tesseract gives is «Đ», and the doubled letter of the type's abbreviation is undone
    assert so.text.count("\u0110") == 1 and "\u00d0" not in so.text
    assert all(line.size is None and line.bold is None and line.page == 0 for line in read.dong)


def test_a_low_resolution_image_is_scaled_to_300_dpi_keeping_its_size_in_points(fake_tesseract):
    out = io.BytesIO()
    Image.new("L", (1654, 2339), 255).save(out, format="JPEG", dpi=(200, 200))
    read = doc_anh(out.getvalue(), name="den.jpg")
    assert read.dong[0].page_width == pytest.approx(1654 * 72 / 200, abs=0.3)
    assert read.dong[0].page_height == pytest.approx(2339 * 72 / 200, abs=0.3)


def test_an_image_without_a_resolution_is_taken_for_an_a4_page(fake_tesseract):
    out = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(out, format="PNG")  # no pHYs chunk
    read = doc_anh(out.getvalue(), name="den.png")
    assert read.dong[0].page_width == pytest.approx(595.3, abs=0.3)
