"""Reading incoming documents vbhc rendered: every starter of the 29 types and the flagship plan,
numbered and dated, read back from the DOCX and from the PDF LibreOffice prints (one run for all),
every field exactly as the source gave it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pdf_pages import require_soffice

from vbhc import load, nd30, render
from vbhc.cli.render import starter_text
from vbhc.incoming import TRUONG, doc_van_ban
from vbhc.model import VanBan
from vbhc.sources.markdown import loads

ROOT = Path(__file__).resolve().parents[1]
FLAGSHIP = ROOT / "examples" / "ke_hoach_cchc_2026" / "ke_hoach.md"


def expected(vb: VanBan) -> dict[str, str | None]:
    """The value of each field as the source gives it, in the form of :data:`vbhc.incoming.TRUONG`."""
    loai = vb.loai_van_ban
    return {
        "tac_gia": " ".join(vb.co_quan.ten.split()),
        "so_ky_hieu": vb.so_ky_hieu.removeprefix("Số:").strip(),
        # a biên bản prints no place and date line (Mẫu 1.9): the date is for the clerk to type
        "ngay_van_ban": None if vb.loai == "bien_ban" else vb.ngay.isoformat(),
        "ten_loai": loai.ten,
        "trich_yeu": " ".join((vb.trich_yeu or "").split()) if loai.trich_yeu else "",
        "nguoi_ky": vb.nguoi_ky.ho_ten,
        "chuc_vu": " ".join(vb.nguoi_ky.dong),
        "do_khan": vb.do_khan or "",
    }


def read_values(path: Path) -> dict[str, str | None]:
    """What the reader is sure of (a flagged field reads as None)."""
    result = doc_van_ban(path)
    return {ten: result.gia_tri(ten) for ten in TRUONG}


def _documents() -> dict[str, VanBan]:
    docs = {}
    for number, khoa in enumerate(nd30.LOAI_VAN_BAN, 1):
        vb = loads(starter_text(khoa).decode("utf-8"), source=f"{khoa}.md")
        docs[khoa] = vb.sua(so=number * 7, ngay=date(2026, 1 + number % 12, 1 + number % 28))
    docs["ke_hoach_cchc_2026"] = load(FLAGSHIP).sua(so=5, ngay=date(2026, 1, 14))
    return docs


DOCUMENTS = _documents()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Each document as DOCX and PDF (one LibreOffice run for all)."""
    require_soffice()
    from vbhc.writers.pdf import to_pdf

    folder = tmp_path_factory.mktemp("den")
    docx = {name: render(vb, folder / f"{name}.docx") for name, vb in DOCUMENTS.items()}
    pdfs = to_pdf(list(docx.values()), folder / "pdf")
    return {name: (docx[name], pdf) for name, pdf in zip(docx, pdfs, strict=True)}


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_field_is_read_from_the_docx(rendered, name):
    assert read_values(rendered[name][0]) == expected(DOCUMENTS[name])


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_field_is_read_from_the_pdf(rendered, name):
    assert read_values(rendered[name][1]) == expected(DOCUMENTS[name])


def test_pdf_result_has_hash_pages_and_how_it_was_read(rendered):
    import hashlib

    pdf = rendered["ke_hoach_cchc_2026"][1]
    result = doc_van_ban(pdf)
    assert result.cach_doc == "pdf" and result.tep == str(pdf)
    assert result.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert result.so_trang >= 2 and result.chu_ky == ()
    assert result.can_xem_lai == () and result.canh_bao == ()


def test_data_given_is_read_not_the_path(rendered):
    docx, pdf = rendered["cong_van"]
    result = doc_van_ban(Path("thu_den.bin"), data=pdf.read_bytes())
    assert result.tep == "thu_den.bin" and result.cach_doc == "pdf"
    assert doc_van_ban(Path("khong_co.pdf"), data=docx.read_bytes()).cach_doc == "docx"


def test_bien_ban_date_is_flagged_with_a_vietnamese_warning(rendered):
    result = doc_van_ban(rendered["bien_ban"][1])
    assert result.can_xem_lai == ("ngay_van_ban",)
    assert any(line.startswith("Ngày tháng văn bản: không đọc được") for line in result.canh_bao)
