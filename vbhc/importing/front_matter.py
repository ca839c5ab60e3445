"""The components the checker located (letterhead, title, signature, Nơi nhận) → the front matter of
a source file, with the keys and shapes :mod:`vbhc.sources.markdown` reads.

What vbhc derives when it renders is not written back: «V/v », «- Như trên;» before the Kính gửi
recipients, the «;» and «.» that end căn cứ and Nơi nhận lines, the enacting authority when it is the
agency's name. Whatever is missing or not in the decree's form is reported and, where the source needs
a value, written as «…» for the clerk to fill.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from vbhc import nd30
from vbhc.checker.components import DATE_LINE, SO_LINE, Components, canon
from vbhc.checker.reader import Paragraph
from vbhc.importing.notes import Notes
from vbhc.model import CoQuan
from vbhc.sources.markdown import MAX_FIELD_CHARS
from vbhc.text import vi

#: What the importer writes where the source needs a value the document does not give.
THIEU = "…"
_PREFIXES = tuple(p.upper() for p in nd30.TIEN_TO_KY)
_LUU = re.compile(rf"^{re.escape(nd30.LUU_LABEL.rstrip(':'))}\s*:\s*", re.IGNORECASE)
_SYMBOL_GROUP = re.compile(r"^[^\s/\-]+$")


def _text(paragraphs: list[Paragraph]) -> str:
    return " ".join(p.stripped for p in paragraphs if p.stripped)


def _item(text: str) -> str:
    """A listed line without its dash and its end punctuation (``- Sở Nội vụ;`` → ``Sở Nội vụ``)."""
    text = re.sub(r"^[-–]\s*", "", text.strip())
    return text.rstrip(" ;.,").strip()


def signature_at_end(c: Components) -> Components:
    """A document without a closing table (a đơn, a letter typed line by line) signs at the end of its
    content: a line in capitals (``NGƯỜI LÀM ĐƠN``, ``GIÁM ĐỐC``), maybe a bracketed place holder, the
    name; the place and date line may stand above it. Those lines are taken out of the content."""
    if c.signature or c.closing is not None:
        return c
    lines = [(i, b) for i, b in enumerate(c.body) if isinstance(b, Paragraph) and b.stripped]
    if len(lines) < 2 or not _is_name(lines[-1][1].stripped):
        return c
    j = len(lines) - 2
    while j >= 0 and lines[j][1].stripped.startswith("(") and lines[j][1].stripped.endswith(")"):
        j -= 1
    titles = j
    while j >= 0 and _is_caps_line(lines[j][1].stripped) and titles - j < 3:
        j -= 1
    if j == titles:
        return c
    first = j + 1
    dated = c.date
    if dated is None and j >= 0 and DATE_LINE.match(canon(lines[j][1].stripped)):
        dated, first = lines[j][1], j
    start = lines[first][0]
    signature = [b for _, b in lines[first:] if b is not dated]
    return replace(c, body=c.body[:start], signature=signature, date=dated)


def _is_name(text: str) -> bool:
    return len(text) <= 50 and not text.endswith((".", ":", ";")) and text != vi.upper(text)


def _is_caps_line(text: str) -> bool:
    return len(text) <= 60 and text == vi.upper(text) and not text.endswith((".", ":")) and any(
        ch.isalpha() for ch in text
    )


def front_matter(c: Components, notes: Notes, used: set[int], nam: int) -> dict[str, Any]:
    """The front matter of the document whose components are ``c``; every paragraph read goes in
    ``used``. ``nam`` is the year written when the document shows none."""
    meta: dict[str, Any] = {"loai": _loai(c, notes, used)}
    symbol = _symbol(c, notes, used)
    meta["co_quan"] = _co_quan(c, symbol, meta["loai"], notes, used)
    if nd30.LOAI_VAN_BAN[meta["loai"]].viet_tat is None or (symbol and _own_symbol(symbol, meta["loai"])):
        meta["ky_hieu"] = symbol or f"{meta['co_quan']['viet_tat']}-{THIEU}"
    _place_and_date(c, meta, notes, used, nam)
    if c.do_khan is not None:
        used.add(id(c.do_khan))
        meta["do_khan"] = next(k for k in nd30.DO_KHAN if canon(k) == canon(vi.upper(c.do_khan.stripped)))
    _trich_yeu(c, meta, notes, used)
    _preamble(c, meta, notes, used)
    _signers(c, meta, notes, used)
    _noi_nhan(c, meta, notes, used)
    return _bounded(meta, "", notes)


def _bounded(value: Any, name: str, notes: Notes) -> Any:
    """``value`` with every text cut to the longest a source's front matter holds, each cut reported."""
    if isinstance(value, dict):
        return {key: _bounded(item, f"{name}.{key}" if name else key, notes) for key, item in value.items()}
    if isinstance(value, list):
        return [_bounded(item, name, notes) for item in value]
    if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
        notes.add(None, f"«{name}» dài {len(value)} ký tự, tệp nguồn nhận tối đa {MAX_FIELD_CHARS}: cắt bớt "
                  f"phần cuối «{value[MAX_FIELD_CHARS:][:40]}…»")
        return value[:MAX_FIELD_CHARS]
    return value


def _loai(c: Components, notes: Notes, used: set[int]) -> str:
    if c.ten_loai is not None:
        used.add(id(c.ten_loai))
    if c.loai is not None:
        return c.loai.khoa
    where = c.ten_loai.where if c.ten_loai is not None else None
    if c.ten_loai is not None:
        notes.add(where, f"tên loại «{c.ten_loai.stripped}» không thuộc 29 loại của Điều 7: nhập là công văn")
    else:
        notes.add(None, "không thấy tên loại văn bản: nhập là công văn")
    return "cong_van"


def _symbol(c: Components, notes: Notes, used: set[int]) -> str | None:
    """The symbol after «/» on the Số line; the number is read in :func:`_place_and_date`."""
    if c.so is None:
        notes.add(None, "không thấy dòng «Số: …/…»: nhập là dự thảo, chưa có số")
        return None
    used.add(id(c.so))
    symbol = c.symbol
    if not symbol or not all(_SYMBOL_GROUP.match(g) for g in symbol.split("-")) or "-" not in symbol:
        notes.add(c.so.where, f"dòng «{c.so.excerpt}»: ký hiệu «{symbol or ''}» không theo dạng «KH-UBND», "
                  "cần điền lại")
        return None
    return symbol


def _own_symbol(symbol: str, loai: str) -> bool:
    """Whether the symbol is not the one vbhc derives (``<type>-<agency>``), so it must be written."""
    first, _, rest = symbol.partition("-")
    return first != nd30.LOAI_VAN_BAN[loai].viet_tat or "-" in rest


def _co_quan(c: Components, symbol: str | None, loai: str, notes: Notes, used: set[int]) -> dict[str, Any]:
    """Cơ quan chủ quản (the lines not bold above the bold name), name and abbreviation."""
    lines = [p for p in c.agency if p.stripped]
    used.update(id(p) for p in lines)
    bold = [p.all("bold") for p in lines]
    split = bold.index(True) if True in bold else 0
    chu_quan, ten = lines[:split], lines[split:]
    out: dict[str, Any] = {}
    names = [vi.upper(p.stripped) for p in ten]
    joined = " ".join(names)
    if not names:
        notes.add(None, "không thấy tên cơ quan ban hành: cần điền «co_quan.ten»")
        out["ten"] = THIEU
    elif CoQuan(ten=joined, viet_tat="X").dong_ten == names:
        out["ten"] = joined
    else:
        out["ten"] = "\n".join(names)
    if chu_quan:
        out["chu_quan"] = " ".join(vi.upper(p.stripped) for p in chu_quan)
    out["viet_tat"] = _viet_tat(symbol, loai, c, notes)
    return out


def _viet_tat(symbol: str | None, loai: str, c: Components, notes: Notes) -> str:
    if symbol:
        first, _, rest = symbol.partition("-")
        if loai == "cong_van" or nd30.LOAI_VAN_BAN[loai].viet_tat is None:
            return first
        if first == nd30.LOAI_VAN_BAN[loai].viet_tat:
            return rest.split("-")[0]
        notes.add(c.so.where if c.so else None,
                  f"ký hiệu «{symbol}» không bắt đầu bằng chữ viết tắt của loại văn bản: giữ nguyên ký hiệu")
        return rest.split("-")[0] or first
    notes.add(None, "không đọc được chữ viết tắt tên cơ quan từ ký hiệu: cần điền «co_quan.viet_tat»")
    return THIEU


def _place_and_date(c: Components, meta: dict[str, Any], notes: Notes, used: set[int], nam: int) -> None:
    so = SO_LINE.match(canon(c.so.stripped)) if c.so is not None else None
    meta["so"] = int(so.group("so")) if so and so.group("so") and 0 < int(so.group("so")) <= 99999 else None
    if c.date is None:
        if meta["loai"] == "bien_ban":
            notes.add(None, f"biên bản không in dòng địa danh, ngày tháng (Mẫu 1.9): cần điền «dia_danh», "
                      f"«nam» (tạm {nam})")
        else:
            notes.add(None, f"không thấy dòng địa danh, ngày tháng: cần điền «dia_danh», «nam» (tạm {nam})")
        meta.update(dia_danh=THIEU, ngay=None, nam=nam)
        return
    used.add(id(c.date))
    match = DATE_LINE.match(canon(c.date.stripped))
    if match is None:
        notes.add(c.date.where, f"dòng «{c.date.excerpt}» không theo dạng «Địa danh, ngày … tháng … năm …»")
        meta.update(dia_danh=c.date.stripped.split(",")[0].strip() or THIEU, ngay=None, nam=nam)
        return
    meta["dia_danh"] = match.group("place").strip()
    year = int(match.group("y"))
    if match.group("d") and match.group("m"):
        try:
            meta["ngay"] = date(year, int(match.group("m")), int(match.group("d")))
            return
        except ValueError:
            notes.add(c.date.where, f"ngày «{c.date.excerpt}» không tồn tại: nhập là dự thảo")
    meta.update(ngay=None, nam=year)


def _printed_lines(paragraphs: list[Paragraph], *, cong_van: bool) -> str:
    """The trích yếu, its line breaks kept (``\n``) only where they are not those vbhc would choose."""
    from vbhc.writers import layout

    lines = [" ".join(line.split()) for p in paragraphs for line in p.text.split("\n") if line.strip()]
    joined = " ".join(lines)
    if cong_van:
        size, width, bold = nd30.SIZES["trich_yeu_cong_van"].default, layout.LETTERHEAD_COLUMNS[0], False
    else:
        size, width, bold = nd30.SIZES["trich_yeu"].default, layout.PORTRAIT_TEXT_WIDTH, True
    if len(lines) < 2 or layout.balanced_lines(joined, size, width, bold=bold) == lines:
        return joined
    return "\n".join(lines)


def _trich_yeu(c: Components, meta: dict[str, Any], notes: Notes, used: set[int]) -> None:
    cong_van = meta["loai"] == "cong_van" and not c.trich_yeu
    paragraphs = c.vv if cong_van else c.trich_yeu
    used.update(id(p) for p in paragraphs)
    text = _printed_lines(paragraphs, cong_van=cong_van)
    if cong_van:
        text = text.removeprefix(nd30.CONG_VAN_PREFIX.strip()).strip()
    if text:
        meta["trich_yeu"] = text
    elif nd30.LOAI_VAN_BAN[meta["loai"]].trich_yeu:
        notes.add(None, "không thấy trích yếu: cần điền «trich_yeu»")
        meta["trich_yeu"] = THIEU


def _preamble(c: Components, meta: dict[str, Any], notes: Notes, used: set[int]) -> None:
    """The enacting authority, the căn cứ and Kính gửi."""
    used.update(id(p) for p in [*c.authority, *c.can_cu, *c.kinh_gui_items])
    authority = _text(c.authority)
    default = vi.upper(" ".join(CoQuan(ten=meta["co_quan"]["ten"], viet_tat="X").dong_ten))
    if authority and authority != default:
        meta["tham_quyen_ban_hanh"] = authority
    if c.can_cu:
        meta["can_cu"] = [p.stripped.rstrip(" ;.,") for p in c.can_cu]
    if c.kinh_gui is not None:
        used.add(id(c.kinh_gui))
        after = c.kinh_gui.stripped.split(":", 1)[1].strip() if ":" in c.kinh_gui.stripped else ""
        meta["kinh_gui"] = [_item(after)] if after else [_item(p.stripped) for p in c.kinh_gui_items]
    if meta["loai"] == "cong_van" and not meta.get("kinh_gui"):
        notes.add(None, "công văn không có dòng «Kính gửi»: cần điền «kinh_gui»")
        meta["kinh_gui"] = [THIEU]


def _signer(lines: list[Paragraph], who: str, notes: Notes, used: set[int]) -> dict[str, Any] | None:
    """Authority lines (TM., KT. …), title and name of one signature block."""
    lines = [p for p in lines if p.stripped]
    if not lines:
        return None
    used.update(id(p) for p in lines)
    texts = _without_placeholders(lines, notes)
    tham_quyen = []
    while texts and texts[0].split(" ", 1)[0].upper() in _PREFIXES:
        tham_quyen.append(texts.pop(0))
    if tham_quyen and len(texts) < 2:  # «Q. CHỦ TỊCH» over the name: the prefixed line is the title
        texts.insert(0, tham_quyen.pop())
    ho_ten = texts.pop() if len(texts) >= 2 else THIEU
    if not texts:
        notes.add(lines[-1].where, f"không tách được chức vụ và họ tên {who}: cần điền")
        texts = [THIEU]
    if len(texts) > 1:
        notes.add(lines[0].where, f"chức vụ {who} có {len(texts)} dòng: nối thành một dòng")
    signer: dict[str, Any] = {"chuc_vu": " ".join(texts), "ho_ten": ho_ten}
    if tham_quyen:
        signer = {"tham_quyen": tham_quyen, **signer}
    return signer


def _without_placeholders(lines: list[Paragraph], notes: Notes) -> list[str]:
    """The texts of a signature block without its bracketed place holders («(Chữ ký, dấu)»), even
    when one runs over two lines."""
    out: list[str] = []
    inside = False
    for paragraph in lines:
        text = paragraph.stripped
        if not inside and not text.startswith("("):
            out.append(text)
            continue
        inside = not text.endswith(")")
        notes.add(paragraph.where, f"bỏ dòng «{paragraph.excerpt}» ở chỗ ký (vbhc không in dòng này)")
    return out


def _signers(c: Components, meta: dict[str, Any], notes: Notes, used: set[int]) -> None:
    signer = _signer(c.signature, "người ký", notes, used)
    if signer is None:
        notes.add(None, "không thấy khối chữ ký: cần điền «nguoi_ky»")
        signer = {"chuc_vu": THIEU, "ho_ten": THIEU}
    meta["nguoi_ky"] = signer
    second = _signer(c.signature_2, "người ký thứ hai", notes, used)
    if second is not None:
        meta["nguoi_ky_2"] = second


def _noi_nhan(c: Components, meta: dict[str, Any], notes: Notes, used: set[int]) -> None:
    """Nơi nhận items; the Lưu line; «Như trên» left out when vbhc derives it from Kính gửi."""
    if c.noi_nhan_label is not None:
        used.add(id(c.noi_nhan_label))
    items = []
    luu = None
    for paragraph in c.noi_nhan_items:
        used.add(id(paragraph))
        text = _item(paragraph.stripped)
        if not text:
            notes.add(paragraph.where, f"dòng nơi nhận «{paragraph.stripped}» không có chữ: bỏ")
        elif _LUU.match(text):
            luu = [part.strip() for part in _LUU.sub("", text).split(",") if part.strip()]
        else:
            items.append(text)
    if meta.get("kinh_gui") and items and items[0] == nd30.NHU_TREN:
        items.pop(0)
    if items:
        meta["noi_nhan"] = items
    if luu is not None:
        meta["luu"] = luu
    elif c.noi_nhan_items:
        notes.add(c.noi_nhan_items[-1].where, "Nơi nhận không có dòng «- Lưu: …»: vbhc in «- Lưu: VT.»")
    if c.drafter is not None:
        used.add(id(c.drafter))
        meta["ky_hieu_nguoi_soan"] = c.drafter.stripped.rstrip(".")
