"""What a document is, and which of the checker's rules apply to it.

ND30 governs the 29 types of văn bản hành chính (Điều 7). The checker also meets annexes saved as
their own file, đơn and forms, văn bản quy phạm pháp luật (the decree itself) and papers that are no
văn bản hành chính at all (a company letter): each kind gets the rules it shares with ND30, and the
report says what the document was taken for and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from vbhc import nd30
from vbhc.checker.components import SO_LINE, Components, canon
from vbhc.checker.reader import Document, Paragraph, Table
from vbhc.checker.rules import RULES
from vbhc.text import vi


@dataclass(frozen=True)
class RuleSet:
    """The rules applied to one kind of document."""

    khoa: str
    ten: str  #: what the set covers, said to a clerk
    rules: frozenset[str]

    @property
    def ids(self) -> list[str]:
        """The rule ids of the set, in the order of the catalogue."""
        return [rule_id for rule_id in RULES if rule_id in self.rules]


def _rules(*ids: str) -> frozenset[str]:
    unknown = set(ids) - set(RULES)
    assert not unknown, unknown
    return frozenset(ids)


_PAGE = ("P1", "P2", "P3", "P4", "P9", "P10")  # paper, orientation, margins, fonts, sizes, hidden text
_QUOC_HIEU_TIEU_NGU = ("H2", "H3", "H4", "H5", "H6", "H7")

TOAN_BO = RuleSet("nd30", "toàn bộ quy tắc Nghị định 30", frozenset(RULES))
PHU_LUC = RuleSet(
    "phu_luc",
    "trang, phông chữ và các quy tắc của phụ lục",
    frozenset(rule_id for rule_id in RULES if rule_id[0] in "PO"),
)
DON = RuleSet(
    "don_bieu_mau", "Quốc hiệu, Tiêu ngữ, phông chữ và trang", _rules(*_PAGE, "P5", *_QUOC_HIEU_TIEU_NGU)
)
#: What a văn bản quy phạm pháp luật surely shares with ND30: the paper, the font and its colour, the
#: Quốc hiệu and Tiêu ngữ. Margins and page numbers are left out: the rule book has not checked the
#: values of Nghị định 78/2025 against ND30's (spec §7).
QPPL = RuleSet(
    "chung_qppl",
    "các quy tắc chung với Nghị định 30 về khổ giấy, phông chữ, màu chữ, Quốc hiệu, Tiêu ngữ",
    _rules("P1", "P2", "P4", "P5", "P9", "P10", *_QUOC_HIEU_TIEU_NGU),
)
TRANG_PHONG = RuleSet("trang_phong_chu", "trang và phông chữ", _rules(*_PAGE))


@dataclass(frozen=True)
class Kind:
    """What a document is taken for."""

    khoa: str
    ten: str  #: said to a clerk
    rule_set: RuleSet
    ngoai_bo: str  #: why the rules out of the set are not applied (Vietnamese); empty for ND30's own


VAN_BAN_HANH_CHINH = Kind("van_ban_hanh_chinh", "văn bản hành chính", TOAN_BO, "")
PHU_LUC_RIENG = Kind(
    "phu_luc",
    "phụ lục tách thành tệp riêng",
    PHU_LUC,
    "phụ lục tách thành tệp riêng không có phần đầu, nội dung chính, phần ký của văn bản",
)
DON_BIEU_MAU = Kind(
    "don_bieu_mau",
    "đơn, tờ khai, biểu mẫu",
    DON,
    "đơn, tờ khai, biểu mẫu không phải một trong 29 loại văn bản hành chính (Điều 7): chỉ xét Quốc hiệu, "
    "Tiêu ngữ, phông chữ và trang",
)
QUY_PHAM_PHAP_LUAT = Kind(
    "quy_pham_phap_luat",
    "văn bản quy phạm pháp luật",
    QPPL,
    f"thể thức văn bản quy phạm pháp luật theo {nd30.THE_THUC_QPPL}, không theo Nghị định 30; "
    "chỉ xét phần hai bên giống nhau",
)
KHONG_PHAI_VBHC = Kind(
    "khong_phai_van_ban_hanh_chinh",
    "không phải văn bản hành chính",
    TRANG_PHONG,
    "văn bản không có Quốc hiệu và không mang tên loại nào trong 29 loại văn bản hành chính "
    "(Điều 7): Nghị định 30 không áp dụng, chỉ xét trang và phông chữ",
)

@dataclass(frozen=True)
class Recognised:
    """The kind of one document and what showed it (Vietnamese, empty when nothing needed saying)."""

    kind: Kind
    dau_hieu: str = ""
    tieu_de: str | None = None  #: the title the kind was recognised by («ĐƠN ĐỀ NGHỊ …», «NGHỊ ĐỊNH»)


#: Blocks at the top of a document where its Quốc hiệu, number and title are looked for.
HEAD_BLOCKS = 30
#: A title is one short line.
TITLE_CHARS = 150
#: Characters a typed Quốc hiệu may have over the decree's (stray marks, spaces, a misspelling).
QUOC_HIEU_SLACK = 6
#: The words of the Quốc hiệu no typing of it leaves out.
_QUOC_HIEU_KEY = "XÃ HỘI CHỦ NGHĨA"
_SO_WITH_YEAR = re.compile(r"^Số\s*[:.]?\s*\d*\s*/\s*(19|20)\d{2}\s*/")


def recognise(doc: Document, c: Components) -> Recognised:
    """What ``doc`` (with its located components ``c``) is."""
    if c.annex_only:
        heading = c.annexes[0].heading.stripped if c.annexes else nd30.PHU_LUC_LABEL
        return Recognised(PHU_LUC_RIENG, f"tệp bắt đầu bằng tiêu đề «{heading}»")
    head = list(_head(doc))
    titles = _titles(head, c)
    found = _legal_normative(titles, c.so or next((p for p in head if p.stripped.startswith("Số")), None))
    if found is None and c.loai is None:
        found = _don(titles, c)
    if found is not None:
        return found
    named = c.ten_loai is not None and c.loai is not None  # a tên loại of the 29 types is typed
    quoc_hieu = any(_is_quoc_hieu(p) for p in [*head, *([c.quoc_hieu] if c.quoc_hieu else [])])
    if any(p.stripped for p in head) and not quoc_hieu and not named:
        return Recognised(KHONG_PHAI_VBHC, "không có Quốc hiệu, không có tên loại văn bản hành chính")
    return Recognised(VAN_BAN_HANH_CHINH, f"{c.loai.ten.lower()} (Điều 7)" if c.loai else "")


def _titles(head: list[Paragraph], c: Components) -> list[Paragraph]:
    """The lines of ``head`` that look like a title, outside the letterhead (the tên loại first)."""
    letterhead = {id(p) for p in c.letterhead.paragraphs} if c.letterhead is not None else set()
    titles = [p for p in head if _is_title(p) and p is not c.quoc_hieu and id(p) not in letterhead]
    if c.ten_loai is not None and c.ten_loai not in titles:
        titles.insert(0, c.ten_loai)
    return titles


def _legal_normative(titles: list[Paragraph], number: Paragraph | None) -> Recognised | None:
    """A văn bản quy phạm pháp luật: a tên loại only those carry, or a shared one with the year in the
    number."""
    year = number is not None and bool(_SO_WITH_YEAR.match(" ".join(number.stripped.split())))
    for title in titles:
        text = canon(vi.upper(title.stripped))
        if text in nd30.TEN_LOAI_QPPL or (year and text in nd30.TEN_LOAI_QPPL_CHUNG):
            seen = f"tên loại «{title.stripped}»"
            if year:
                seen += f", số «{_number(number)}» có năm ban hành"
            return Recognised(QUY_PHAM_PHAP_LUAT, seen, title.stripped)
    return None


def _don(titles: list[Paragraph], c: Components) -> Recognised | None:
    """A đơn, tờ khai or form: its title, and no Số line of an agency («Số: 05/UBND-VP»)."""
    if c.so is not None and SO_LINE.match(" ".join(c.so.stripped.split())):
        return None
    for title in titles:
        if _is_don_title(canon(vi.upper(title.stripped))):
            seen = f"tiêu đề «{title.stripped}», không có số, ký hiệu của cơ quan"
            return Recognised(DON_BIEU_MAU, seen, title.stripped)
    return None


def _is_quoc_hieu(paragraph: Paragraph) -> bool:
    """The Quốc hiệu, however typed, on a line of its own (not named in a sentence)."""
    text = canon(vi.upper(paragraph.stripped))
    return _QUOC_HIEU_KEY in text and len(text) <= len(nd30.QUOC_HIEU) + QUOC_HIEU_SLACK


def _number(paragraph: Paragraph) -> str:
    """The number and symbol of a Số line, without «Số:»."""
    return re.sub(r"^Số\s*[:.]?\s*", "", " ".join(paragraph.stripped.split()))


def _head(doc: Document) -> Iterable[Paragraph]:
    """The paragraphs of the first blocks (table cells and text boxes included), in reading order."""
    for block in doc.blocks[:HEAD_BLOCKS]:
        for paragraph in block.paragraphs if isinstance(block, Table) else [block]:
            yield paragraph
            yield from paragraph.textboxes


def _is_title(paragraph: Paragraph) -> bool:
    """A short centred line in capitals: what a title looks like."""
    text = paragraph.stripped
    return (
        bool(text)
        and len(text) <= TITLE_CHARS
        and paragraph.fmt.jc == "center"
        and text == vi.upper(text)
        and any(ch.isalpha() for ch in text)
    )


_TYPE_NAMES = tuple(canon(vi.upper(loai.ten)) for loai in nd30.LOAI_VAN_BAN.values())


def _is_don_title(text: str) -> bool:
    """«ĐƠN ĐỀ NGHỊ …», «TỜ KHAI …», «PHIẾU …» (not «PHIẾU GỬI», one of the 29 types; not «ĐƠN VỊ»)."""

    def starts(words: str) -> bool:
        return text == words or text.startswith(words + " ")

    if any(starts(name) for name in _TYPE_NAMES) or any(starts(w) for w in nd30.TIEU_DE_DON_KHONG_PHAI):
        return False
    return any(starts(words) for words in nd30.TIEU_DE_DON)


def compact(ids: Iterable[str]) -> str:
    """Rule ids as a clerk reads them: runs of three or more in the catalogue's order joined
    («P1, P2, P4, H2–H7»)."""
    wanted = set(ids)
    order = list(RULES)
    runs: list[list[str]] = []
    for index, rule_id in enumerate(order):
        if rule_id not in wanted:
            continue
        previous = order[index - 1] if index else None
        if runs and previous == runs[-1][-1] and previous[0] == rule_id[0]:
            runs[-1].append(rule_id)
        else:
            runs.append([rule_id])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) >= 3 else ", ".join(run) for run in runs)
