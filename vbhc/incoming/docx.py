"""The fields of an incoming DOCX, through the checker's reader and component finder and the
importer's front matter (:mod:`vbhc.importing.front_matter`): nothing is located twice.

A component the finder located gives its field with high confidence; what the importer had to guess
(«…» for a missing value, a type read as công văn for want of a tên loại) is flagged.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from vbhc import nd30
from vbhc.checker.components import SO_LINE, Components, canon
from vbhc.checker.reader import Document, Table
from vbhc.incoming.fields import Truong
from vbhc.incoming.layout import TIN_CAY_GOC, without_placeholders
from vbhc.text import vi

_BASE = TIN_CAY_GOC["docx"]


def doc_docx(path: Path) -> dict[str, Truong]:
    """The fields of the DOCX at ``path`` (raises UnreadableDocument)."""
    from vbhc.checker.components import locate
    from vbhc.checker.reader import read
    from vbhc.importing.front_matter import THIEU, front_matter, signature_at_end
    from vbhc.importing.notes import Notes

    document = read(path)
    components = signature_at_end(locate(document))
    meta = front_matter(components, Notes(), set(), date.today().year)

    def known(value: Any) -> bool:
        return bool(value) and value != THIEU and THIEU not in str(value)

    return {
        "tac_gia": _tac_gia(meta, known),
        "so_ky_hieu": _so_ky_hieu(components),
        "ngay_van_ban": _ngay(meta),
        "do_khan": Truong(meta.get("do_khan") or "", _BASE),
        "ten_loai": _ten_loai(components, meta),
        "trich_yeu": _trich_yeu(meta, known),
        **_signer(components, document),
    }


def _tac_gia(meta: dict, known) -> Truong:
    ten = meta["co_quan"]["ten"]
    if not known(ten):
        return Truong(None, 0.0, "không thấy tên cơ quan ban hành")
    return Truong(" ".join(ten.split()), _BASE)


def _so_ky_hieu(c: Components) -> Truong:
    if c.so is None:
        return Truong(None, 0.0, "không thấy dòng «Số: …/…»")
    match = SO_LINE.match(canon(c.so.stripped))
    if match is None:
        return Truong(None, 0.0, f"dòng «{c.so.excerpt}» không theo dạng «Số: 05/KH-UBND»")
    number, symbol = match.group("so"), "".join(match.group("kh").split())
    if not number:
        return Truong(f"/{symbol}", 0.5, "văn bản chưa có số (dự thảo?)")
    return Truong(f"{number}/{symbol}", _BASE)


def _ngay(meta: dict) -> Truong:
    if meta.get("ngay") is None:
        return Truong(None, 0.0, "không thấy ngày tháng văn bản (hoặc ngày không đầy đủ)")
    return Truong(meta["ngay"].isoformat(), _BASE)


def _ten_loai(c: Components, meta: dict) -> Truong:
    loai = nd30.LOAI_VAN_BAN[meta["loai"]]
    if c.loai is not None:
        return Truong(loai.ten, _BASE)
    if c.ten_loai is not None:
        return Truong(None, 0.0, f"tên loại «{c.ten_loai.stripped}» không thuộc 29 loại của Điều 7")
    return Truong(loai.ten, 0.6, "không thấy tên loại: đoán là công văn")


def _trich_yeu(meta: dict, known) -> Truong:
    loai = nd30.LOAI_VAN_BAN[meta["loai"]]
    text = meta.get("trich_yeu")
    if not loai.trich_yeu and not text:
        return Truong("", _BASE, f"{loai.ten} không có trích yếu")
    if not known(text):
        return Truong(None, 0.0, "không thấy trích yếu")
    return Truong(" ".join(text.split()), _BASE)


def _signer(c: Components, document: Document) -> dict[str, Truong]:
    """The signer block the finder located: title lines in capitals, then the name (bracketed place
    holders such as «(Chữ ký, dấu)» left out). Read here, not through the importer's front matter:
    a title that itself starts with a prefix («Q. CHỦ TỊCH») is a title, not an authority line.
    A closing table laid out over several rows, or with Nơi nhận in another than its first column:
    the signer is its last column."""
    lines = _block(c.signature)
    confidence = _BASE
    table = c.closing or _table_with_noi_nhan(document)
    if not _is_block(lines) and table is not None:
        lines = _block([p for row in table.rows if row for p in row[-1].paragraphs])
        confidence = 0.9 if table is c.closing else 0.85
    if not _is_block(lines):
        missing = Truong(None, 0.0, "không thấy khối chữ ký (chức vụ, họ tên người ký)")
        return {"chuc_vu": missing, "nguoi_ky": missing}
    return {"chuc_vu": Truong(" ".join(lines[:-1]), confidence), "nguoi_ky": Truong(lines[-1], confidence)}


def _table_with_noi_nhan(document: Document) -> Table | None:
    """The last top-level table with a «Nơi nhận:» paragraph in one of its cells."""
    label = canon(nd30.NOI_NHAN_LABEL.rstrip(":"))
    tables = [b for b in document.blocks if isinstance(b, Table)]
    return next(
        (t for t in reversed(tables) if any(canon(p.stripped).startswith(label) for p in t.paragraphs)), None
    )


def _block(paragraphs: list) -> list[str]:
    texts = [" ".join(p.stripped.split()) for p in paragraphs if p.stripped]
    return [texts[i] for i in without_placeholders(texts)]


def _is_block(lines: list[str]) -> bool:
    """Title lines in capitals, then a name that is not."""
    return len(lines) >= 2 and lines[-1] != vi.upper(lines[-1]) and all(t == vi.upper(t) for t in lines[:-1])
