"""The fields of an incoming document from where its printed lines are on the page.

The lines come from a PDF's text layer or from OCR (:class:`~vbhc.incoming.fields.Dong`); font size
and weight are used when known, never needed: the reader also goes by position (the letterhead's two
columns, the centred title, the signer block at the bottom right), by text patterns («Số: …»,
«…, ngày … tháng … năm …», the types of Điều 7) and by line height. Each field gets a confidence from
its evidence, lowered (with a Vietnamese note) where the layout is ambiguous or OCR unsure.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from vbhc import nd30
from vbhc.incoming.fields import TRUONG, CachDoc, Dong, Truong
from vbhc.text import vi

#: How sure a reader is of a field found in full where the decree puts it, by source.
TIN_CAY_GOC: dict[str, float] = {"docx": 0.98, "pdf": 0.97, "ocr": 0.95}
_LEFT_SHARE = 0.46  #: without a Quốc hiệu, the letterhead's left column ends here (share of the width)
_RIGHT_X0 = 0.45  #: a signer line starts right of this share of the page width …
_RIGHT_CENTRE = 0.58  #: … and is centred right of this share
_CENTRED = 0.07  #: a centred line's middle is this share of the page width from the text's middle
_FULL = 0.95  #: a line this share of the text's width long is content (not a signer line)
_UNDER = 0.02  #: a trích yếu line is centred under the tên loại within this share of the page width
_OCR_HOA = 0.85  #: how much less sure a field in capitals is when OCR read it
_SAME_BLOCK = 0.6  #: lines of one paragraph are at most this many line heights apart
_NEAR = 2.0  #: lines of the letterhead's left block are at most this many line heights apart
_HEAD_LINES = 16  #: the letterhead is among the first lines of the first page
_MAX_TITLE = 60  #: a tên loại is at most this long
_MAX_TRICH_YEU_LINES = 4

_SO = re.compile(
    r"^S[ốôoóồổỗộ6ö0]\s*(?P<colon>[:;.,]?)\s*(?P<so>[0-9OoIl|]*)\s*/\s*(?P<kh>\S.*)$", re.IGNORECASE
)
#: A Số line whose «/» OCR lost («Số: 185NQ-HĐND»): digits, then a ký hiệu with a «-».
_SO_NO_SLASH = re.compile(
    r"^S[ốôoóồổỗộ6ö0]\s*(?P<colon>[:;.,]?)\s*(?P<so>\d{1,5})(?P<kh>[A-ZĐ][A-Za-zĐđ]*-\S+)$", re.IGNORECASE
)
_DATE = re.compile(
    r"^(?P<place>[^\W\d][^,]{0,79}),\s*ngay\s*(?P<d>[0-9Oo]{1,2})\s*thang\s*(?P<m>[0-9Oo]{1,2})"
    r"\s*nam\s*(?P<y>[0-9Oo]{4})\b"
)
_VV = re.compile(r"^V\s*[/lI|]\s*v\b\.?\s*", re.IGNORECASE)
_SYMBOL = re.compile(r"^[0-9A-Za-zĐđ]+(?:[-/][0-9A-Za-zĐđ]+)*$")
_ANNEX = re.compile(r"^PHU LUC(\s+([IVXLC]+|\d+))?$")
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
_PREFIXES = {p.rstrip(".").upper(): p for p in nd30.TIEN_TO_KY}
_PREFIX = re.compile(r"^(?P<p>[A-Za-z]{1,3})\s*[.,:]\s*(?P<rest>\S.*)$")


def bare(text: str) -> str:
    """Capitals without diacritics, single spaces: the form OCR'd text is matched in."""
    text = unicodedata.normalize("NFD", vi.upper(text).replace("Đ", "D").replace("Ð", "D"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def _bare_lower(text: str) -> str:
    return bare(text).lower().replace(" ,", ",")


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, bare(a), bare(b)).ratio()


def _is_caps(text: str) -> bool:
    return any(c.isalpha() for c in text) and text == vi.upper(text)


@dataclass(frozen=True)
class _Page:
    """The page geometry the positions are judged against."""

    width: float
    text_left: float
    text_right: float

    @property
    def centre(self) -> float:
        return (self.text_left + self.text_right) / 2

    def centred(self, line: Dong) -> bool:
        return abs((line.x0 + line.x1) / 2 - self.centre) <= _CENTRED * self.width

    def full(self, line: Dong) -> bool:
        """Whether the line fills the text's width (a justified line of the content)."""
        return line.x1 - line.x0 >= _FULL * (self.text_right - self.text_left)

    def right(self, line: Dong) -> bool:
        return line.x0 >= _RIGHT_X0 * self.width and (line.x0 + line.x1) / 2 >= _RIGHT_CENTRE * self.width


def _height(line: Dong) -> float:
    return line.size or max(line.bottom - line.top, 1.0)


def _gap(upper: Dong, lower: Dong) -> float:
    """The space between two lines, in line heights of the upper one."""
    return (lower.top - upper.bottom) / _height(upper)


def _conf(base: float, lines: Sequence[Dong]) -> float:
    """The confidence of a field read from ``lines``: the base, times OCR's mean word confidence."""
    if not lines:
        return base
    return round(base * sum(line.conf for line in lines) / len(lines), 3)


def _join(lines: Sequence[Dong]) -> str:
    return " ".join(" ".join(line.text.split()) for line in lines)


@dataclass
class _Head:
    """What the letterhead holds, found on the first page."""

    quoc_hieu: Dong | None = None
    tieu_ngu: Dong | None = None
    so: Dong | None = None
    date: Dong | None = None
    do_khan: Dong | None = None
    vv: tuple[Dong, ...] = ()
    agency: tuple[Dong, ...] = ()
    divide: float = 0.0  #: x where the letterhead's left column ends
    so_outside: bool = False  #: the Số line is not in the left column

    def bottom(self) -> float:
        found = [d for d in (self.quoc_hieu, self.tieu_ngu, self.so, self.date, self.do_khan) if d]
        return max((d.bottom for d in [*found, *self.vv, *self.agency]), default=0.0)


def tim_truong(dong: Sequence[Dong], *, nguon: CachDoc) -> dict[str, Truong]:
    """Every field of :data:`~vbhc.incoming.fields.TRUONG` read from the printed lines ``dong``."""
    lines = sorted((d for d in dong if d.text.strip()), key=lambda d: (d.page, d.top, d.x0))
    if not lines:
        return {ten: Truong(None, 0.0, "không đọc được dòng chữ nào") for ten in TRUONG}
    base = TIN_CAY_GOC[nguon]
    first = _split_columns([d for d in lines if d.page == lines[0].page])
    page = _Page(first[0].page_width, min(d.x0 for d in first), max(d.x1 for d in first))
    head = _head(first, page)
    out = {
        "tac_gia": _tac_gia(head, base),
        "so_ky_hieu": _so_ky_hieu(head, base),
        "ngay_van_ban": _ngay(head, base),
        "do_khan": _do_khan(head, base),
    }
    after = [d for d in first if d.top >= head.bottom() - 0.5]
    title = _title(after, page)
    out["ten_loai"], loai = _ten_loai(title, head, base)
    out["trich_yeu"] = _trich_yeu(head, title, after, page, loai, base)
    out["chuc_vu"], out["nguoi_ky"] = _signer(lines, base)
    if nguon == "ocr":
        for ten in ("tac_gia", "chuc_vu"):
            out[ten] = _capitals_read_by_ocr(out[ten])
    return out


def _capitals_read_by_ocr(truong: Truong) -> Truong:
    """OCR loses diacritics on bold capitals (on the benchmark's scans, about half the agency names
    and signer titles came out without some): such a field is for the clerk to confirm."""
    if truong.gia_tri is None:
        return truong
    note = "chữ in hoa đọc bằng OCR hay mất dấu: cần đối chiếu bản quét"
    notes = "; ".join(n for n in (truong.ghi_chu, note) if n)
    return Truong(truong.gia_tri, round(truong.do_tin_cay * _OCR_HOA, 3), notes)


# --- the letterhead ------------------------------------------------------------------------------


def _split_columns(first: list[Dong]) -> list[Dong]:
    """The letterhead's lines with the two columns apart where OCR read them as one line
    («ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …»): cut before the Quốc hiệu, the Tiêu ngữ or the date line,
    each part given its share of the line's width."""
    out = []
    for index, line in enumerate(first):
        words = line.text.split()
        cut = _cut(words) if index < _HEAD_LINES else None
        left = [w for w in words[:cut] if not _junk(w)] if cut else []
        if not left:
            out.append(line)
            continue
        share = len(" ".join(words[:cut])) / len(line.text)
        middle = line.x0 + share * (line.x1 - line.x0)
        out.append(replace(line, text=" ".join(left), x1=middle - 1))
        out.append(replace(line, text=" ".join(words[cut:]), x0=middle + 1))
    return sorted(out, key=lambda d: (d.top, d.x0))


def _junk(word: str) -> bool:
    """A mark OCR reads between the columns (« ˆ », « | »), no letter or digit in it."""
    return not any(unicodedata.category(c) in ("Lu", "Ll", "Lo", "Nd") for c in word)


def _cut(words: list[str]) -> int | None:
    """Where a line read across both columns turns into the Quốc hiệu, the Tiêu ngữ (the cut that
    matches best) or, after a Số line's symbol, the date line."""
    if _match_so(" ".join(words)):
        slash = next((k for k, w in enumerate(words) if "/" in w), None)
        rest = " ".join(words[slash + 1 :]) if slash is not None else ""
        return slash + 1 if rest and _DATE.match(_bare_lower(rest)) else None
    best, score = None, 0.0
    for fixed in (nd30.QUOC_HIEU, nd30.TIEU_NGU):
        score = max(score, _similar(" ".join(words), fixed))  # the whole line is one already
        for k in range(1, len(words)):
            similar = _similar(" ".join(words[k:]), fixed)
            if similar >= 0.85 and similar > score:
                best, score = k, similar
    return best


def _head(first: list[Dong], page: _Page) -> _Head:
    top = first[:_HEAD_LINES]
    head = _Head()
    scores = {id(d): _similar(d.text, nd30.QUOC_HIEU) for d in top if len(d.text) <= 2 * len(nd30.QUOC_HIEU)}
    candidates = [d for d in top if scores.get(id(d), 0.0) >= 0.8]
    head.quoc_hieu = max(candidates, key=lambda d: scores[id(d)], default=None)
    head.divide = head.quoc_hieu.x0 if head.quoc_hieu else _LEFT_SHARE * page.width
    below_qh = [d for d in top if head.quoc_hieu is None or d.top > head.quoc_hieu.top]
    head.tieu_ngu = next((d for d in below_qh[:4] if _similar(d.text, nd30.TIEU_NGU) >= 0.75), None)
    left = [d for d in top if d.x1 <= head.divide + 2 and d is not head.quoc_hieu]
    head.so = next((d for d in left if _match_so(d.text)), None)
    if head.so is None:
        head.so = next((d for d in top if _match_so(d.text)), None)
        head.so_outside = head.so is not None
    dated = [d for d in top if head.quoc_hieu is None or (d.x0 + d.x1) / 2 >= head.divide]
    head.date = next((d for d in dated[:_HEAD_LINES // 2] if _DATE.match(_bare_lower(d.text))), None)
    head.do_khan = next((d for d in top if _mark(d.text) is not None), None)
    head.agency = _agency_lines(left, head)
    above = head.so or (head.agency[-1] if head.agency else None)
    if above is not None:
        head.vv = _vv_lines(left, above)
    return head


def _match_so(text: str) -> re.Match | None:
    text = " ".join(text.split())
    match = _SO.match(text)
    if match is None:
        match = _SO_NO_SLASH.match(text)  # only before a type of Điều 7's abbreviation
        kinds = {loai.viet_tat for loai in nd30.LOAI_VAN_BAN.values() if loai.viet_tat}
        if match is None or match.group("kh").split("-", 1)[0] not in kinds:
            return None
    if not (match.group("colon") or match.group("so")):
        return None
    return match


def _mark(text: str) -> str | None:
    """The độ khẩn key a line is, if it is one."""
    return next((key for key in nd30.DO_KHAN if bare(key) == bare(text)), None)


def _agency_lines(left: list[Dong], head: _Head) -> tuple[Dong, ...]:
    """The left block above the Số line (or, without one, from the top down), each line close to the
    next."""
    taken = {id(d) for d in (head.tieu_ngu, head.date, head.do_khan) if d is not None}
    pool = [d for d in left if id(d) not in taken and _is_caps(d.text)]
    if head.so is not None:
        above = [d for d in pool if d.bottom <= head.so.top + 1]
        block: list[Dong] = []
        for line in reversed(above):
            if block and _gap(line, block[0]) > _NEAR:
                break
            block.insert(0, line)
        return tuple(block)
    block = []
    for line in pool:
        if block and _gap(block[-1], line) > _NEAR:
            break
        block.append(line)
    return tuple(block)


def _vv_lines(left: list[Dong], above: Dong) -> tuple[Dong, ...]:
    """The «V/v …» of a công văn under the Số line (or under the agency when the Số line was not
    read), and the lines it wraps on."""
    below = [d for d in left if d.top >= above.bottom - 1]
    start = next((i for i, d in enumerate(below[:3]) if _VV.match(d.text.strip())), None)
    if start is None:
        return ()
    block = [below[start]]
    for line in below[start + 1 :]:
        if _gap(block[-1], line) > _SAME_BLOCK or _mark(line.text) is not None:
            break
        block.append(line)
    return tuple(block)


def _tac_gia(head: _Head, base: float) -> Truong:
    lines = list(head.agency)
    if not lines:
        return Truong(None, 0.0, "không thấy tên cơ quan ban hành ở góc trên bên trái")
    note = ""
    confidence = base
    if all(d.bold is not None for d in lines) and any(d.bold for d in lines):
        start = next(i for i, d in enumerate(lines) if d.bold)
        lines = lines[start:]
    else:
        lines, note = _without_chu_quan(lines)
        if note:
            confidence = min(confidence, 0.75)
    if head.so is None:
        confidence = min(confidence, 0.85)
        note = note or "không thấy dòng «Số:» dưới tên cơ quan: tên cơ quan đọc theo vị trí"
    return Truong(_join(lines), _conf(confidence, lines), note)


def _without_chu_quan(lines: list[Dong]) -> tuple[list[Dong], str]:
    """Without font weights (OCR): the agency's name is the last unit named in the block; a line that
    starts with a level of administration (XÃ, HUYỆN …) continues the name above it."""
    starts = tuple(f"{bare(u)} " for u in nd30.DON_VI_HANH_CHINH)
    ends = tuple(f" {bare(u)}" for u in nd30.DON_VI_HANH_CHINH)
    start = 0
    for index, line in enumerate(lines[1:], 1):
        above, text = bare(lines[index - 1].text), bare(line.text)
        if not text.startswith(starts) and not above.endswith(ends):
            start = index
    if start == 0 or len(lines) < 2:
        return lines, ""
    chu_quan = _join(lines[:start])
    note = f"đoán «{chu_quan}» là cơ quan chủ quản (không có chữ đậm để phân biệt): cần xem lại"
    return lines[start:], note


def _so_ky_hieu(head: _Head, base: float) -> Truong:
    if head.so is None:
        return Truong(None, 0.0, "không thấy dòng «Số: …/…»")
    match = _match_so(head.so.text)
    number, symbol = match.group("so"), re.sub(r"\s+", "", match.group("kh")).rstrip(".,;:")
    notes = []
    confidence = base
    fixed = number.translate(_DIGIT_LOOKALIKES)
    if fixed != number:
        notes.append(f"số «{number}» đọc thành «{fixed}»")
        confidence = min(confidence, 0.85)
    symbol = symbol.replace("Ð", "Đ")
    if not fixed:
        notes.append("văn bản chưa có số (dự thảo?)")
        confidence = min(confidence, 0.5)
    if not _SYMBOL.match(symbol) or "-" not in symbol:
        notes.append(f"ký hiệu «{symbol}» không theo dạng «KH-UBND»")
        confidence = min(confidence, 0.6)
    if match.re is _SO_NO_SLASH:
        notes.append(f"dòng «{head.so.text}» thiếu dấu «/» giữa số và ký hiệu: đã thêm")
        confidence = min(confidence, 0.82)
    if head.so_outside:
        notes.append("dòng «Số:» không nằm ở cột trái của phần đầu")
        confidence = min(confidence, 0.85)
    if not head.so.text.startswith("Số"):
        notes.append(f"dòng «{head.so.text}» đọc là dòng «Số:»")
        confidence = min(confidence, 0.9)
    return Truong(f"{fixed}/{symbol}", _conf(confidence, [head.so]), "; ".join(notes))


def _ngay(head: _Head, base: float) -> Truong:
    if head.date is None:
        return Truong(None, 0.0, "không thấy dòng «…, ngày … tháng … năm …»")
    match = _DATE.match(_bare_lower(head.date.text))
    d, m, y = (int(match.group(k).translate(_DIGIT_LOOKALIKES)) for k in ("d", "m", "y"))
    try:
        when = date(y, m, d)
    except ValueError:
        return Truong(None, 0.0, f"ngày «{head.date.text}» không tồn tại")
    confidence = base if (head.date.x0 + head.date.x1) / 2 >= head.divide else min(base, 0.85)
    raw = "".join(match.group(k) for k in ("d", "m", "y"))
    note = "" if raw.isdigit() else f"dòng «{head.date.text}»: chữ «O» đọc là số 0"
    if note:
        confidence = min(confidence, 0.85)
    return Truong(when.isoformat(), _conf(confidence, [head.date]), note)


def _do_khan(head: _Head, base: float) -> Truong:
    if head.do_khan is None:
        return Truong("", base * 0.95, "")
    return Truong(_mark(head.do_khan.text), _conf(base, [head.do_khan]), "")


# --- title and trích yếu --------------------------------------------------------------------------


def _title(after: list[Dong], page: _Page) -> Dong | None:
    """The tên loại: the first line under the letterhead, when it is a short centred line in capitals."""
    if not after:
        return None
    line = after[0]
    if len(line.text) <= _MAX_TITLE and _is_caps(line.text) and page.centred(line) and line.bold is not False:
        return line
    return None


def _ten_loai(title: Dong | None, head: _Head, base: float) -> tuple[Truong, nd30.LoaiVanBan | None]:
    cong_van = nd30.LOAI_VAN_BAN["cong_van"]
    if title is None:
        if head.vv:
            return Truong(cong_van.ten, _conf(base, head.vv), ""), cong_van
        if head.so is not None and _symbol_is_cong_van(head.so.text):
            note = "không có tên loại và dòng «V/v»: đoán là công văn theo ký hiệu"
            return Truong(cong_van.ten, 0.7, note), cong_van
        return Truong(None, 0.0, "không thấy tên loại văn bản dưới phần đầu"), None
    scores = {loai.khoa: _similar(title.text, loai.ten) for loai in nd30.LOAI_VAN_BAN.values()}
    khoa = max(scores, key=scores.__getitem__)
    loai = nd30.LOAI_VAN_BAN[khoa]
    if bare(title.text) == bare(loai.ten):
        return Truong(loai.ten, _conf(base, [title]), ""), loai
    if scores[khoa] >= 0.85:
        note = f"tên loại in «{title.text}», gần nhất với «{loai.ten}»"
        return Truong(loai.ten, _conf(min(base, 0.82), [title]), note), loai
    text = vi.upper(title.text)
    note = f"tên loại «{text}» không thuộc 29 loại của Điều 7"
    return Truong(text[:1] + vi.lower(text[1:]), 0.5, note), None


def _symbol_is_cong_van(so_text: str) -> bool:
    match = _match_so(so_text)
    first = re.sub(r"\s+", "", match.group("kh")).split("-", 1)[0] if match else ""
    abbreviations = {loai.viet_tat for loai in nd30.LOAI_VAN_BAN.values() if loai.viet_tat}
    return bool(first) and first not in abbreviations and not first.isdigit()


def _under(title: Dong, line: Dong) -> bool:
    """Whether ``line`` is centred under the tên loại (as the trích yếu is; a content line is not)."""
    return abs((line.x0 + line.x1) / 2 - (title.x0 + title.x1) / 2) <= _UNDER * title.page_width


def _trich_yeu(
    head: _Head, title: Dong | None, after: list[Dong], page: _Page, loai: nd30.LoaiVanBan | None, base: float
) -> Truong:
    if loai is not None and not loai.trich_yeu:
        return Truong("", base, f"{loai.ten} không có trích yếu")
    if head.vv and title is None:
        text = _VV.sub("", _join(head.vv), count=1).strip()
        return Truong(text, _conf(base, head.vv), "")
    if title is None:
        return Truong(None, 0.0, "không thấy trích yếu")
    block: list[Dong] = []
    for line in after[after.index(title) + 1 :]:
        previous = block[-1] if block else title
        if _gap(previous, line) > _SAME_BLOCK or not page.centred(line) or _is_caps(line.text):
            break
        if _is_rule(line.text) or not _under(title, line):
            break
        if block and block[0].bold is not None and line.bold != block[0].bold:
            break
        block.append(line)
        if len(block) == _MAX_TRICH_YEU_LINES:
            break
    if not block:
        return Truong(None, 0.0, "không thấy trích yếu dưới tên loại")
    return Truong(_join(block), _conf(base, block), "")


# --- the signer ----------------------------------------------------------------------------------


def _signer(lines: list[Dong], base: float) -> tuple[Truong, Truong]:
    """The signer block at the bottom right of the last page before the annexes: title lines in
    capitals, the signature's space, then the name."""
    pages = sorted({d.page for d in lines})
    annex = next((p for p in pages[1:] if _starts_annex([d for d in lines if d.page == p])), None)
    main = [p for p in pages if annex is None or p < annex]
    for number in reversed(main[-2:]):
        on_page = [d for d in lines if d.page == number]
        page = _Page(on_page[0].page_width, min(d.x0 for d in on_page), max(d.x1 for d in on_page))
        found = _signer_block(on_page, page, base)
        if found is not None:
            return found
    missing = "không thấy khối chữ ký ở cuối văn bản"
    return Truong(None, 0.0, missing), Truong(None, 0.0, missing)


def _starts_annex(page_lines: list[Dong]) -> bool:
    text = [d for d in page_lines if not d.text.strip().isdigit()][:2]
    return any(_ANNEX.match(bare(d.text)) for d in text)


def without_placeholders(texts: Sequence[str]) -> list[int]:
    """The indexes of the texts that are not bracketed place holders of a signature block
    («(Chữ ký, dấu)», «(Đã ký)»), one that wraps over several lines included."""
    kept, inside = [], False
    for index, text in enumerate(texts):
        text = text.strip()
        if inside or text.startswith("("):
            inside = not text.endswith(")")
            continue
        kept.append(index)
    return kept


def _is_rule(text: str) -> bool:
    """A rule typed as underscores (the line under a trích yếu)."""
    return set(text.replace(" ", "")) == {"_"}


def _signer_block(on_page: list[Dong], page: _Page, base: float) -> tuple[Truong, Truong] | None:
    """The name: the lowest line at the right; the titles: the lines in capitals just above it, in
    the right half of the page (a title may stand left of the name's column)."""
    pool = [d for d in on_page if (d.x0 + d.x1) / 2 >= page.width / 2 and not page.full(d)]
    pool = [pool[i] for i in without_placeholders([d.text for d in pool])]
    pool = [d for d in pool if not _DATE.match(_bare_lower(d.text))]
    right = [d for d in pool if page.right(d)]
    if not right or _is_caps(right[-1].text):
        return None
    name = right[-1]
    titles: list[Dong] = []
    for line in reversed([d for d in pool if d.bottom <= name.top + 1]):
        if not _is_caps(line.text) or (titles and _gap(line, titles[0]) > _SAME_BLOCK):
            break
        titles.insert(0, line)
    if not titles:
        return None
    space = _gap(titles[-1], name)
    confidence, note = base, ""
    if space < 1.0:
        confidence, note = min(base, 0.7), "không thấy khoảng trống chữ ký giữa chức vụ và họ tên"
    chuc_vu = " ".join(_with_prefix(d.text) for d in titles)
    name_text = " ".join(name.text.split())
    return (
        Truong(chuc_vu, _conf(confidence, titles), note),
        Truong(name_text, _conf(confidence, [name]), note),
    )


def _with_prefix(text: str) -> str:
    """A title line with its signing prefix in the decree's form («KT,» read by OCR → «KT.»)."""
    text = " ".join(text.split())
    match = _PREFIX.match(text)
    if match and match.group("p").upper() in _PREFIXES:
        return f"{_PREFIXES[match.group('p').upper()]} {match.group('rest')}"
    return text
