"""The sample forms of Phụ lục III (tests/import_forms.py) filled in as an office would: agency, number,
place and date, tên loại, trích yếu, signer typed over the dotted blanks, footnote marks removed.
:data:`FILLED` gives, for each form of a type of document, the DOCX and the value of each field of
:data:`vbhc.incoming.TRUONG` it then prints (None: the form prints no such line)."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable

from import_forms import PHU_LUC_3, forms
from lxml import etree

from vbhc import nd30

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CHU_QUAN = "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH"
CO_QUAN = "SỞ NỘI VỤ"
VIET_TAT = "SNV"
SO = "15"
DATE_LINE = "Hoa Lư, ngày 20 tháng 4 năm 2026"
NGAY = "2026-04-20"
TRICH_YEU = "triển khai công tác chuyển đổi số năm 2026"
CHUC_VU = "GIÁM ĐỐC"
HO_TEN = "Lê Thị Hường"
HO_TEN_2 = "Trần Văn Bình"  #: the second name a form prints (the thư ký, the certifying officer)
#: The form of each type: its key in nd30.LOAI_VAN_BAN (1.4 is the generic form: filled as a kế hoạch).
FORMS = {
    "1.1": "nghi_quyet", "1.2": "quyet_dinh", "1.4": "ke_hoach", "1.5": "cong_van", "1.6": "cong_dien",
    "1.7": "giay_moi", "1.8": "giay_gioi_thieu", "1.9": "bien_ban", "1.10": "giay_nghi_phep",
}


def _runs_with_text(paragraph) -> list:
    return [r for r in paragraph.iter(f"{W}r") if r.find(f"{W}t") is not None]


def _set_text(paragraph, text: str) -> None:
    """The paragraph's text becomes ``text``, in the formatting of its first run."""
    runs = _runs_with_text(paragraph)
    first = runs[0]
    for run in runs[1:]:
        run.getparent().remove(run)
    for t in first.findall(f"{W}t")[1:]:
        first.remove(t)
    t = first.find(f"{W}t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _text(paragraph) -> str:
    text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _drop_footnote_marks(root) -> None:
    for run in list(root.iter(f"{W}r")):
        align = run.find(f"{W}rPr/{W}vertAlign")
        if align is not None and align.get(f"{W}val") == "superscript":
            run.getparent().remove(run)


def _fill(data: bytes, number: str, loai: str) -> bytes:
    kind = nd30.LOAI_VAN_BAN[loai]
    symbol = f"{VIET_TAT}-VP" if kind.viet_tat is None else f"{kind.viet_tat}-{VIET_TAT}"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    _drop_footnote_marks(root)
    paragraphs = [p for p in root.iter(f"{W}p") if _runs_with_text(p)]
    names = iter([HO_TEN, HO_TEN_2] if loai != "bien_ban" else [HO_TEN_2, HO_TEN])
    title_at = None
    rules: list[tuple[Callable[[str], bool], Callable[[str], str]]] = [
        (lambda t: t.startswith("TÊN CQ, TC CHỦ QUẢN"), lambda t: CHU_QUAN),
        (lambda t: t.startswith("TÊN CƠ QUAN, TỔ CHỨC"), lambda t: CO_QUAN),
        (lambda t: t.startswith("Số:"), lambda t: f"Số: {SO}/{symbol}"),
        (lambda t: bool(re.search(r"^[.… \d]*, ngày", t)), lambda t: DATE_LINE),
        (lambda t: t.startswith("V/v"), lambda t: f"{nd30.CONG_VAN_PREFIX}{TRICH_YEU}"),
        (lambda t: t == "TÊN LOẠI VĂN BẢN", lambda t: nd30.LOAI_VAN_BAN[loai].ten.upper()),
        (lambda t: t.startswith("QUYỀN HẠN, CHỨC VỤ"), lambda t: CHUC_VU),
        (lambda t: t == "Họ và tên", lambda t: next(names, t)),
    ]
    done: set[int] = set()
    for index, paragraph in enumerate(paragraphs):
        text = _text(paragraph)
        if text.startswith("Ghi chú"):
            break
        for rule, (matches, value) in enumerate(rules):
            if matches(text) and (rule not in done or rule == len(rules) - 1):
                _set_text(paragraph, value(text))
                done.add(rule)
                break
        if title_at is None and _text(paragraph) == kind.ten.upper():
            title_at = index
    if title_at is not None and kind.trich_yeu and title_at + 1 < len(paragraphs):
        after = paragraphs[title_at + 1]
        text = _text(after)
        if not set(text) <= {"_"} and ("…" in text or "..." in text):
            lead = re.match(r"^(Về việc|Ban hành \(Phê duyệt\))\s*", text)
            _set_text(after, f"{lead.group(1)} {TRICH_YEU}" if lead else TRICH_YEU.capitalize())
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def truth(number: str) -> dict[str, str | None]:
    """The value of each field the filled form ``number`` prints."""
    loai = nd30.LOAI_VAN_BAN[FORMS[number]]
    symbol = f"{VIET_TAT}-VP" if loai.viet_tat is None else f"{loai.viet_tat}-{VIET_TAT}"
    trich_yeu: str | None = ""
    if loai.trich_yeu:
        trich_yeu = TRICH_YEU.capitalize()
        if number == "1.2":
            trich_yeu = f"Về việc {TRICH_YEU}"
        if loai.khoa == "cong_van":
            trich_yeu = TRICH_YEU
    return {
        "tac_gia": CO_QUAN,
        "so_ky_hieu": f"{SO}/{symbol}",
        "ngay_van_ban": None if number == "1.9" else NGAY,  # Mẫu 1.9 has no place and date line
        "ten_loai": loai.ten,
        "trich_yeu": trich_yeu,
        "nguoi_ky": HO_TEN,
        "chuc_vu": "CHỦ TỌA" if number == "1.9" else CHUC_VU,
        "do_khan": "",
    }


def filled() -> dict[str, bytes]:
    """Form number → the filled-in DOCX."""
    cut = forms()
    return {number: _fill(cut[number], number, loai) for number, loai in FORMS.items()}


__all__ = ["FORMS", "PHU_LUC_3", "filled", "truth"]
