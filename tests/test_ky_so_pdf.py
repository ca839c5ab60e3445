"""``vbhc pdf --ky-so`` (and ``vbhc issue --pdf --ky-so``): PDFs ready for signing.

Real vbhc documents (the starters, the flagship plan with its annex, an annex alone) are rendered,
converted by LibreOffice and prepared by the commands a user types; the tests then read the PDFs with
pikepdf and pdfplumber: the field names, where the fields are against the chức vụ and họ tên lines
found in the page's own words, the PDF version, the fonts, the PDF/A-2b marks, and that pyHanko can
sign into a prepared field.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

try:
    from tests.pdf_pages import Line, Page, mm_to_pt, read_pdf, require_soffice
except ImportError:  # tests/ is not a package: pytest put it on sys.path
    from pdf_pages import Line, Page, mm_to_pt, read_pdf, require_soffice
from vbhc import load, nd30, render
from vbhc.cli import cli
from vbhc.cli.render import starter_text
from vbhc.errors import EnvironmentProblem, InputError
from vbhc.signing import fields as ky

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "examples" / "ke_hoach_cchc_2026"
KT = (
    "nguoi_ky: {tham_quyen: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH], chuc_vu: PHÓ CHỦ TỊCH, "
    "ho_ten: Vũ Trọng Thủy}"
)

LONG_TITLES = (
    "nguoi_ky: {tham_quyen: [KT. GIÁM ĐỐC TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ HÙNG THẮNG], "
    "chuc_vu: PHÓ GIÁM ĐỐC PHỤ TRÁCH CÔNG NGHỆ THÔNG TIN VÀ CHUYỂN ĐỔI SỐ, ho_ten: Nguyễn Thị Minh Khai}"
)

#: Each document: its file name → (signer blocks: the chức vụ above the name, the họ tên, and
#: whether the block is in the right column), the fields it must get.
SIGNERS = {
    "cong_van.docx": [("CHỦ TỊCH", "Nguyễn Văn A", True)],
    "cong_van_dai.docx": [
        ("PHÓ GIÁM ĐỐC PHỤ TRÁCH CÔNG NGHỆ THÔNG TIN VÀ CHUYỂN ĐỔI SỐ", "Nguyễn Thị Minh Khai", True)
    ],
    "quyet_dinh_kt.docx": [("PHÓ CHỦ TỊCH", "Vũ Trọng Thủy", True)],
    "bien_ban.docx": [("CHỦ TRÌ", "Nguyễn Văn A", True), ("THƯ KÝ", "Trần Thị B", False)],
    "ke_hoach.docx": [("PHÓ CHỦ TỊCH", "Vũ Trọng Thủy", True)],
    "phu_luc.docx": [],
    "phu_luc_bang.xlsx": [],
}
NAMES = {
    "bien_ban.docx": {ky.NGUOI_KY, ky.CO_QUAN, ky.NGUOI_KY_2},
    "phu_luc.docx": {ky.CO_QUAN},
    "phu_luc_bang.xlsx": {ky.CO_QUAN},
}


def _with_signer(khoa: str, nguoi_ky: str) -> str:
    """The starter of ``khoa`` with another signer block."""
    text = starter_text(khoa).decode("utf-8")
    return re.sub(r"nguoi_ky:.*\n(  .*\n)+", nguoi_ky + "\n", text, count=1)


def _quyet_dinh_kt() -> str:
    return _with_signer("quyet_dinh", KT)


def _cli(*args: object) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@dataclass
class Made:
    folder: Path
    sources: list[Path]
    plain: Path  #: --ky-so
    pdfa: Path  #: --ky-so --pdfa
    output: str

    def pdf(self, name: str, pdfa: bool = False) -> Path:
        return (self.pdfa if pdfa else self.plain) / f"{Path(name).stem}.pdf"


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Made:
    require_soffice()
    folder = tmp_path_factory.mktemp("ky_so")
    texts = {
        "cong_van": starter_text("cong_van").decode("utf-8"),
        "cong_van_dai": _with_signer("cong_van", LONG_TITLES),  # titles wrapped over several lines
        "quyet_dinh_kt": _quyet_dinh_kt(),
        "bien_ban": starter_text("bien_ban").decode("utf-8"),
    }
    sources = []
    for stem, text in texts.items():
        (folder / f"{stem}.md").write_text(text, encoding="utf-8")
        sources.append(render(load(folder / f"{stem}.md"), folder / f"{stem}.docx"))
    sources.append(render(load(FLAGSHIP / "ke_hoach.md"), folder / "ke_hoach.docx"))
    tasks, plan = FLAGSHIP / "nhiem_vu.xlsx", FLAGSHIP / "ke_hoach.md"
    for name in ("phu_luc.docx", "phu_luc_bang.xlsx"):
        _cli("annex", tasks, "-o", folder / name, "--source", plan)
        sources.append(folder / name)
    output = _cli("pdf", *sources, "-o", folder / "ky_so", "--ky-so")
    output += _cli("pdf", *sources, "-o", folder / "pdfa", "--ky-so", "--pdfa")
    return Made(folder, sources, folder / "ky_so", folder / "pdfa", output)


@dataclass(frozen=True)
class Rect:
    name: str
    page: int  #: from 1
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    def top_down(self, height: float) -> tuple[float, float]:
        """Top and bottom measured from the page's top edge, as pdfplumber measures words."""
        return height - self.y1, height - self.y0


def sig_fields(path: Path) -> dict[str, Rect]:
    """The signature fields of a PDF by name, read with pikepdf."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        out = {}
        for item in pdf.Root.AcroForm.Fields:
            assert item.FT == "/Sig"
            x0, y0, x1, y1 = (float(v) for v in item.Rect)
            out[str(item.T)] = Rect(str(item.T), pages[item.P.objgen], x0, y0, x1, y1)
        return out


def column_lines(page: Page, right: bool) -> list[Line]:
    """The lines of one half of the page (the signer column of vbhc's borderless table)."""
    half = page.width / 2
    words = [w for w in page.words if (w.center > half) == right]
    return Page(page.index, page.width, page.height, words, "").lines()


def signer_lines(page: Page, chuc_vu: str, ho_ten: str, right: bool) -> tuple[Line, Line]:
    """The chức vụ line and the họ tên line of a signer block, found in the page's words: the name's
    line, and the nearest line above it in the same column, which must read the chức vụ (its last
    line, when it wraps)."""
    lines = column_lines(page, right)
    (name,) = [line for line in lines if line.text == ho_ten]
    above = [line for line in lines if line.bottom <= name.top]
    assert chuc_vu == above[-1].text or chuc_vu.endswith(f" {above[-1].text}")
    return above[-1], name


@pytest.mark.parametrize("pdfa", [False, True], ids=["ky-so", "pdfa"])
@pytest.mark.parametrize("name", list(SIGNERS))
def test_every_document_gets_its_fields_with_the_documented_names(made, name, pdfa):
    fields = sig_fields(made.pdf(name, pdfa))
    assert set(fields) == NAMES.get(name, {ky.NGUOI_KY, ky.CO_QUAN})


@pytest.mark.parametrize("name", [n for n, blocks in SIGNERS.items() if blocks])
def test_the_signature_field_lies_between_the_chuc_vu_and_the_ho_ten(made, name):
    fields = sig_fields(made.pdf(name))
    pages = read_pdf(made.pdf(name))
    for field_name, (chuc_vu, ho_ten, right) in zip(
        (ky.NGUOI_KY, ky.NGUOI_KY_2), SIGNERS[name], strict=False
    ):
        field = fields[field_name]
        page = pages[field.page - 1]
        above, below = signer_lines(page, chuc_vu, ho_ten, right)
        top, bottom = field.top_down(page.height)
        assert above.bottom <= top < bottom <= below.top, (field, above.bottom, below.top)
        assert bottom - top >= below.bottom - below.top  # room for a signature, at least a line high
        assert abs((field.x0 + field.x1) / 2 - (below.x0 + below.x1) / 2) < 2  # centred on the name
        assert field.width >= below.x1 - below.x0 - 1  # as wide as the name, at least (glyph boxes)
        assert field.width <= (bottom - top) * nd30.CHU_KY_RONG_TOI_DA + 0.1  # a signature's shape


def test_the_flagship_is_signed_on_its_signer_page_not_on_its_annex(made):
    pages = read_pdf(made.pdf("ke_hoach.docx"))
    signer_page = next(p.index for p in pages if column_lines(p, True) and p.find("Vũ Trọng Thủy"))
    annex_pages = [p.index for p in pages if p.landscape]
    fields = sig_fields(made.pdf("ke_hoach.docx"))
    assert annex_pages and signer_page < annex_pages[0]
    assert {f.page for f in fields.values()} == {signer_page}


@pytest.mark.parametrize("name", [n for n, blocks in SIGNERS.items() if blocks])
def test_the_seal_covers_the_left_third_of_the_signature(made, name):
    fields = sig_fields(made.pdf(name))
    signature, seal = fields[ky.NGUOI_KY], fields[ky.CO_QUAN]
    assert seal.page == signature.page
    assert seal.x0 < signature.x0 < seal.x1 < signature.x1  # on its left, overlapping
    covered = (seal.x1 - signature.x0) / signature.width
    assert covered == pytest.approx(nd30.DAU_TRUM_CHU_KY, abs=0.01)
    assert seal.width == pytest.approx(mm_to_pt(nd30.DAU_DUONG_KINH_MM), abs=0.1)  # real size
    assert (seal.y0 + seal.y1) / 2 == pytest.approx((signature.y0 + signature.y1) / 2, abs=0.1)


@pytest.mark.parametrize("name", ["phu_luc.docx", "phu_luc_bang.xlsx"])
def test_an_annex_alone_gets_the_agency_field_at_the_top_right_of_page_one(made, name):
    (field,) = sig_fields(made.pdf(name)).values()
    page = read_pdf(made.pdf(name))[0]
    top, bottom = field.top_down(page.height)
    assert field.page == 1
    assert field.x0 > page.width / 2  # on the right
    assert max(w.x1 for w in page.words) <= field.x1 + 0.5  # its right edge on the content's
    assert top <= mm_to_pt(nd30.KY_SO_O_TREN_MM) + 0.1  # in the top margin
    assert bottom <= min(w.top for w in page.words)  # above every word of the page
    size = nd30.THANH_PHAN["chu_ky_so"].size.default
    assert bottom - top >= nd30.KY_SO_O_DONG * size  # room for the information lines
    assert made.output.count(f"{Path(name).stem}.pdf (") == 2 and "kèm theo, trang 1" in made.output


def test_a_ban_sao_gets_o_14_at_the_top_right(made, tmp_path):
    source = made.folder / "cong_van.docx"
    output = _cli("pdf", source, "-o", tmp_path, "--ky-so", "--ban-sao")
    assert "ChuKyCoQuan (ô 14, trang 1)" in output
    (field,) = sig_fields(tmp_path / "cong_van.pdf").values()
    page = read_pdf(tmp_path / "cong_van.pdf")[0]
    assert field.page == 1 and field.x0 > page.width / 2
    assert field.top_down(page.height)[1] <= min(w.top for w in page.words)


def _fonts(pdf) -> dict[str, bool]:
    """Every font object of the PDF → whether its program is embedded."""
    out = {}
    for item in pdf.objects:
        if not isinstance(item, __import__("pikepdf").Dictionary) or item.get("/Type") != "/Font":
            continue
        if item.get("/Subtype") in ("/Type0", "/Type3"):
            continue  # a Type0 font's program is in its descendant; a Type3 font is drawn in the PDF
        descriptor = item.get("/FontDescriptor")
        out[str(item.get("/BaseFont"))] = descriptor is not None and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
    return out


@pytest.mark.parametrize("pdfa", [False, True], ids=["ky-so", "pdfa"])
@pytest.mark.parametrize("name", list(SIGNERS))
def test_version_at_least_1_4_and_every_font_embedded(made, name, pdfa):
    import pikepdf

    with pikepdf.open(made.pdf(name, pdfa)) as pdf:
        version = tuple(int(part) for part in pdf.pdf_version.split("."))
        assert version >= nd30.PDF_VERSION_MIN
        fonts = _fonts(pdf)
    assert fonts and all(fonts.values()), fonts


@pytest.mark.parametrize("name", list(SIGNERS))
def test_pdfa_2b_marks_survive_the_fields(made, name):
    import pikepdf

    with pikepdf.open(made.pdf(name, pdfa=True)) as pdf:
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("2", "B")
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        profile = intent.DestOutputProfile.read_bytes()
        assert profile[36:40] == b"acsp"  # an ICC profile's signature
        for item in pdf.Root.AcroForm.Fields:  # PDF/A: a printed widget with an appearance
            assert int(item.F) & 4 and "/N" in item.AP
    with pikepdf.open(made.pdf(name)) as plain:
        assert plain.open_metadata().get("pdfaid:part") is None  # PDF/A only when asked


def _self_signed(tmp_path: Path):
    """A pyHanko signer with a self-signed certificate made here, and that certificate."""
    from datetime import datetime, timedelta, timezone

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.sign import signers

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Văn A")])
    now = datetime.now(timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), True)
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = tmp_path / "key.pem", tmp_path / "cert.pem"
    pem = serialization.Encoding.PEM
    key_path.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_path.write_bytes(cert.public_bytes(pem))
    return signers.SimpleSigner.load(str(key_path), str(cert_path)), cert_path


@pytest.mark.parametrize("name", ["quyet_dinh_kt.docx", "phu_luc.docx"])
def test_pyhanko_signs_into_the_prepared_field(made, name, tmp_path):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signer, cert_path = _self_signed(tmp_path)
    prepared = made.pdf(name, pdfa=True)
    target = ky.NGUOI_KY if SIGNERS[name] else ky.CO_QUAN
    writer = IncrementalPdfFileWriter(io.BytesIO(prepared.read_bytes()))
    signed = signers.sign_pdf(
        writer, signers.PdfSignatureMetadata(field_name=target), signer=signer, existing_fields_only=True,
    )
    (signature,) = PdfFileReader(signed).embedded_signatures
    assert signature.field_name == target
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=[load_cert_from_pemder(str(cert_path))])
    )
    assert status.intact and status.valid and status.trusted
    (tmp_path / "signed.pdf").write_bytes(signed.getvalue())
    assert set(sig_fields(tmp_path / "signed.pdf")) == set(sig_fields(prepared))  # no field added
    import pikepdf

    with pikepdf.open(tmp_path / "signed.pdf") as pdf:  # still a PDF/A-2b once signed
        assert pdf.open_metadata().get("pdfaid:part") == "2"


def test_issue_writes_the_metadata_before_the_fields(tmp_path):
    require_soffice()
    import pikepdf
    from pyhanko.pdf_utils.reader import PdfFileReader

    from vbhc.metadata.xmp import read

    source = tmp_path / "quyet_dinh.md"
    source.write_text(_quyet_dinh_kt(), encoding="utf-8")
    output = _cli(
        "issue", source, "-r", tmp_path / "so.db", "--date", "2026-01-14", "-o", tmp_path / "qd.docx",
        "--pdf", "--ky-so", "--pdfa",
    )
    fields_line = "ô ký: ChuKyNguoiKy (ô 7c, trang 2), ChuKyCoQuan (ô 8, trang 2)"
    assert f"PDF/A-2b; sẵn sàng ký số, {fields_line}" in output
    data = (tmp_path / "qd.pdf").read_bytes()
    fields = read(data)
    assert fields["CodeNumber"] == "01" and fields["CodeNotation"] == "QĐ-UBND"
    assert fields["SignerInfo/FullName"] == "Vũ Trọng Thủy" and fields["PageAmount"] == "2"
    assert PdfFileReader(io.BytesIO(data)).xrefs.total_revisions == 2
    first = data[: data.index(b"%%EOF") + len(b"%%EOF")]  # the file as it was before the fields
    assert read(first)["CodeNumber"] == "01"
    (tmp_path / "first.pdf").write_bytes(first)
    with pikepdf.open(tmp_path / "first.pdf") as before:
        assert "/AcroForm" not in before.Root
    assert set(sig_fields(tmp_path / "qd.pdf")) == {ky.NGUOI_KY, ky.CO_QUAN}
    assert "siêu dữ liệu Phụ lục VI trong XMP" in output


def test_pdf_ky_so_with_the_register_writes_an_issued_documents_metadata(made, tmp_path, monkeypatch, capsys):
    source = tmp_path / "quyet_dinh.md"
    source.write_text(_quyet_dinh_kt(), encoding="utf-8")
    register = tmp_path / "so.db"
    _cli("issue", source, "-r", register, "--date", "2026-01-14", "-o", tmp_path / "qd.docx")
    monkeypatch.setattr(sys, "argv", [
        "vbhc", "pdf", str(tmp_path / "qd.docx"), str(made.folder / "cong_van.docx"), "--ky-so",
        "-r", str(register), "-o", str(tmp_path / "out"),
    ])
    from vbhc.cli.common import run
    from vbhc.metadata.xmp import read

    assert run(cli) == 0
    captured = capsys.readouterr()
    assert read((tmp_path / "out" / "qd.pdf").read_bytes())["CodeNotation"] == "QĐ-UBND"
    assert read((tmp_path / "out" / "cong_van.pdf").read_bytes()) == {}
    assert "«" + str(made.folder / "cong_van.docx") + "» không có trong sổ" in captured.err


def _vbhc_fails(monkeypatch, capsys, *args: object) -> str:
    """Run ``vbhc ARGS`` as the shell does; assert it fails with a message; return its stderr."""
    from vbhc.cli.common import run

    monkeypatch.setattr(sys, "argv", ["vbhc", *map(str, args)])
    assert run(cli) != 0
    return capsys.readouterr().err


def test_ky_so_options_need_their_companions(tmp_path, monkeypatch, capsys):
    stderr = _vbhc_fails(monkeypatch, capsys, "pdf", tmp_path / "a.docx", "--ban-sao")
    assert "--ban-sao chỉ dùng cùng --ky-so" in stderr and "Traceback" not in stderr
    source = tmp_path / "qd.md"
    source.write_text(_quyet_dinh_kt(), encoding="utf-8")
    stderr = _vbhc_fails(monkeypatch, capsys, "issue", source, "-r", tmp_path / "so.db", "--ky-so")
    assert "thêm --pdf" in stderr
    assert "--dau-mm chỉ dùng cùng --ky-so" in _vbhc_fails(monkeypatch, capsys, "pdf", source, "--dau-mm", 40)
    stderr = _vbhc_fails(monkeypatch, capsys, "pdf", source, "--ky-so", "--dau-mm", 5)
    assert "đường kính dấu 5 mm không hợp lệ" in stderr and "từ 10 đến 80 mm" in stderr
    assert not (tmp_path / "so.db").exists() and not (tmp_path / "qd.docx").exists()  # no number used


def test_a_signer_block_missing_from_the_pdf_is_an_error_not_a_guess(made):
    from vbhc.signing.prepare import prepare

    pdf = made.pdf("cong_van.docx").read_bytes()
    with pytest.raises(InputError, match="không thấy khối chữ ký «GIÁM ĐỐC / Trần Văn C» trong PDF"):
        prepare(pdf, khoi_ky=[["GIÁM ĐỐC", "Trần Văn C"]], tep="cong_van.pdf")


def test_without_the_sign_extra_the_message_says_what_to_install(made, monkeypatch):
    from vbhc.signing.prepare import add_fields

    for module in [m for m in sys.modules if m.split(".")[0] == "pyhanko"]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, "pyhanko", None)
    with pytest.raises(EnvironmentProblem) as problem:
        add_fields(made.pdf("cong_van.docx").read_bytes(), [])
    assert "pip install 'vbhc[sign]'" in str(problem.value)


_side = st.floats(min_value=20, max_value=300)


@given(x0=st.floats(min_value=100, max_value=300), y0=st.floats(min_value=100, max_value=600), width=_side,
       height=_side, diameter=st.floats(min_value=10, max_value=80))
def test_the_seal_box_always_covers_a_third_of_the_signature_on_its_left(x0, y0, width, height, diameter):
    from vbhc.signing.positions import Box, PageContent

    page = PageContent(0, 595.3, 841.9, Box(99, 56, 538, 785))
    signature = Box(x0, y0, x0 + width, y0 + height)
    seal = ky.seal_box(signature, page, diameter)
    assert seal.x1 - signature.x0 == pytest.approx(width * nd30.DAU_TRUM_CHU_KY)
    assert seal.width == pytest.approx(seal.height) == pytest.approx(mm_to_pt(diameter))
    assert seal.y0 >= 0 and seal.y1 <= page.height


def _scan(path: Path) -> Path:
    """A one-page «scan»: an A4 colour image at 200 dpi saved as a PDF (Phần II, Mục I.2)."""
    from PIL import Image, ImageDraw

    dpi = 200
    size = (round(nd30.A4_MM[0] / 25.4 * dpi), round(nd30.A4_MM[1] / 25.4 * dpi))
    image = Image.new("RGB", size, "white")
    ImageDraw.Draw(image).rectangle((200, 200, size[0] - 200, 600), fill=(200, 30, 30))
    image.save(path, resolution=dpi)
    return path


def test_a_scanned_pdf_gets_o_14_for_a_ban_sao_and_the_scan_is_kept(tmp_path, monkeypatch, capsys):
    scan = _scan(tmp_path / "ban_quet.pdf")
    before = scan.read_bytes()
    output = _cli("pdf", scan, "--ky-so", "--ban-sao")
    target = tmp_path / "ban_quet-ky-so.pdf"
    assert f"Đã ghi {target} (sẵn sàng ký số, ô ký: ChuKyCoQuan (ô 14, trang 1))" in output
    assert scan.read_bytes() == before
    (field,) = sig_fields(target).values()
    import pikepdf

    with pikepdf.open(target) as pdf:
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert field.page == 1 and width / 2 - 0.01 <= field.x0 < field.x1 <= width + 0.01
    assert field.y1 <= height + 0.01
    assert field.y0 > height / 2  # the top of the page
    stderr = _vbhc_fails(monkeypatch, capsys, "pdf", target, "--ky-so")
    assert "PDF đã có ô ký «ChuKyCoQuan»" in stderr
    assert "tệp đã là PDF" in _vbhc_fails(monkeypatch, capsys, "pdf", scan)
    assert "--pdfa chỉ dùng" in _vbhc_fails(monkeypatch, capsys, "pdf", scan, "--ky-so", "--pdfa")


def test_a_libreoffice_ignoring_the_pdfa_options_is_an_error_and_writes_nothing(made, tmp_path, monkeypatch):
    """LibreOffice before 7.4 ignores the JSON filter options and writes a plain PDF: vbhc says so."""
    from vbhc.writers import pdf as pdfmod

    monkeypatch.setattr(pdfmod, "_convert_to", lambda inputs, pdfa: "pdf")  # what an old one does
    with pytest.raises(EnvironmentProblem) as problem:
        pdfmod.to_pdf([made.folder / "cong_van.docx"], tmp_path, pdfa=True)
    assert "cong_van.docx» thành PDF/A-2b" in problem.value.message
    assert "LibreOffice 7.4" in problem.value.goi_y
    assert not list(tmp_path.iterdir())


_WORDS = st.sampled_from(["ỦY", "BAN", "NHÂN", "DÂN", "CHỦ", "TỊCH", "PHÓ", "GIÁM", "ĐỐC", "SỞ", "NỘI", "VỤ"])
_TITLE = st.lists(_WORDS, min_size=1, max_size=8).map(" ".join)


def _page_of(titles: list[str], wraps: list[int], ho_ten: str) -> list:
    """A page's lines as PDFium gives them: body text above, the signer block in the right column
    (each title wrapped after ``wraps[i]`` words), the Nơi nhận lines at its left, on the same rows."""
    from vbhc.signing.positions import Box, TextLine

    rows = []
    for title, wrap in zip(titles, wraps, strict=True):
        words = title.split()
        cut = min(max(wrap, 1), len(words))
        rows += [" ".join(words[:cut])] + ([" ".join(words[cut:])] if words[cut:] else [])
    lines, y = [TextLine(0, "Nội dung văn bản kết thúc ở đây./.", Box(99, 760, 538, 776))], 740.0
    for number, text in enumerate(rows):
        half = 7 * len(text) / 2
        lines.append(TextLine(0, text, Box(414 - half, y - 16, 414 + half, y)))
        lines.append(TextLine(0, f"- Nơi nhận {number};", Box(99, y - 16, 200, y)))
        y -= 16
    y -= 60  # the blank lines for the signature
    lines.append(TextLine(0, ho_ten, Box(414 - 40, y - 16, 414 + 40, y)))
    return lines


@given(
    titles=st.lists(_TITLE, min_size=1, max_size=3), wraps=st.lists(st.integers(1, 8), min_size=3, max_size=3)
)
def test_a_signer_block_is_found_however_its_titles_wrap(titles, wraps):
    from vbhc.signing.positions import signer_block_in

    lines = _page_of(titles, wraps[: len(titles)], "Nguyễn Văn A")
    block = signer_block_in(lines, titles, "Nguyễn Văn A")
    assert block is not None and block.ho_ten.text == "Nguyễn Văn A"
    assert " ".join(line.text for line in block.titles) == " ".join(titles)
    assert not any("Nơi nhận" in line.text for line in block.titles)  # never the left column's lines
    assert signer_block_in(lines, [*titles[:-1], titles[-1] + " KHÁC"], "Nguyễn Văn A") is None
    assert signer_block_in(lines, titles, "Trần Văn B") is None


def test_issue_keeps_its_number_when_the_pdf_fails_and_gives_the_command(tmp_path, monkeypatch, capsys):
    source = tmp_path / "quyet_dinh.md"
    source.write_text(_quyet_dinh_kt(), encoding="utf-8")
    monkeypatch.setenv("VBHC_SOFFICE", str(tmp_path / "khong_co_soffice"))
    stderr = _vbhc_fails(
        monkeypatch, capsys, "issue", source, "-r", tmp_path / "so.db", "-o", tmp_path / "qd.docx",
        "--pdf", "--ky-so", "--pdfa", "--dau-mm", 40,
    )
    assert "văn bản đã ban hành và ghi sổ (số 01/QĐ-UBND); chỉ chưa tạo được PDF" in stderr
    assert f"«vbhc pdf {tmp_path / 'qd.docx'} --ky-so --pdfa --dau-mm 40 -r {tmp_path / 'so.db'}»" in stderr
    assert (tmp_path / "qd.docx").exists() and not (tmp_path / "qd.pdf").exists()
