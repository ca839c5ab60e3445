"""Helpers of the import tests: what a reader sees of a DOCX, and the model fields the round trip
render → import → render must keep."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from vbhc import nd30
from vbhc.checker.components import canon, drawn_line, locate
from vbhc.checker.reader import read
from vbhc.model import VanBan


def printed_text(path: Path) -> list[str]:
    """Every paragraph with text of the main part (annexes left out), table cells included, in
    reading order, as a reader sees them."""
    document = read(path)
    found = locate(document)
    annex_sections = {id(a.section) for a in found.annexes}
    return [
        p.stripped
        for section in document.sections
        if id(section) not in annex_sections
        for p in section.paragraphs()
        if p.stripped
    ]


def model_view(van_ban: VanBan) -> dict[str, Any]:
    """The fields the issue names, «- Như trên;» (derived from Kính gửi) left out of Nơi nhận."""
    noi_nhan = list(van_ban.noi_nhan)
    if van_ban.kinh_gui and noi_nhan and noi_nhan[0].rstrip(";. ") == nd30.NHU_TREN:
        noi_nhan.pop(0)
    co_quan = van_ban.co_quan
    signer = van_ban.nguoi_ky
    return {
        "loai": van_ban.loai,
        "co_quan": (co_quan.ten, co_quan.chu_quan, co_quan.viet_tat),
        "so": van_ban.so,
        "ngay": van_ban.ngay,
        "nam": van_ban.nam_ban_hanh,
        "dia_danh": van_ban.dia_danh,
        "trich_yeu": van_ban.trich_yeu,
        "kinh_gui": [k.rstrip(" ;.,") for k in van_ban.kinh_gui],
        "nguoi_ky": (signer.tham_quyen, signer.chuc_vu, signer.ho_ten),
        "noi_nhan": [n.rstrip(" ;.,") for n in noi_nhan],
        "luu": van_ban.luu,
        "do_khan": van_ban.do_khan,
        "noi_dung": _closed([(d.kieu, d.text) for d in van_ban.noi_dung if d.kieu not in ("bang", "hinh")]),
        "bang": [_cells(d.bang) for d in van_ban.noi_dung if d.kieu == "bang" and d.bang is not None],
    }


def _text(cell: Any) -> str:
    return cell if isinstance(cell, str) else "".join(run.text for run in cell)


def _cells(bang: Any) -> tuple[list[str], list[list[str]]]:
    return [_text(c) for c in bang.tieu_de], [[_text(c) for c in row] for row in bang.dong]


def _closed(blocks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The last paragraph as printed, with the «./.» vbhc adds (a «./.» typed in the source cannot be
    told from it on paper)."""
    if not blocks:
        return blocks
    kind, text = blocks[-1]
    text = text.rstrip()
    if not text.endswith(nd30.CLOSING_MARK):
        text = text.rstrip(".") + nd30.CLOSING_MARK
    return [*blocks[:-1], (kind, text)]


def _flat(text: str) -> str:
    """Letters and digits only: vbhc re-punctuates căn cứ and Nơi nhận lines, capitalises headings."""
    return re.sub(r"\W+", "", canon(text)).casefold()


def unkept(document: Path, imported: Any, rendered: Path) -> list[str]:
    """The paragraphs of ``document`` whose words are neither printed in ``rendered`` (the imported
    source rendered) nor named in a reported ambiguity: what the import would have lost in silence."""
    printed = _flat(" ".join(printed_text(rendered)))
    reported = _flat(" ".join(str(a) for a in imported.ambiguities))
    lost = []
    for paragraph in read(document).paragraphs():
        if not paragraph.stripped or drawn_line(paragraph) is not None:
            continue
        start = _flat(paragraph.stripped)[:20]
        if start not in printed and start not in reported:
            lost.append(f"{paragraph.where}: «{paragraph.stripped}»")
    return lost
