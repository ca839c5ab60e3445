"""The rule book: every fact of Nghị định 30/2020/NĐ-CP that vbhc renders or checks, as data.

Source: ``shared/spec/nd30.md`` (sections in brackets). Nothing else in vbhc may hard-code a size,
a margin, an abbreviation or a fixed text of the decree: the renderer, the template builder and the
checker all read them from here.

Units: sizes in points; lengths in millimetres (``MM``) or twips (1/20 pt, ``twips()``).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

# --- units -------------------------------------------------------------------------------------

TWIPS_PER_MM = 1440 / 25.4
EMU_PER_MM = 36_000


def twips(mm: float) -> int:
    """Millimetres to twips (1/1440 inch), rounded."""
    return round(mm * TWIPS_PER_MM)


def mm(twip: float) -> float:
    """Twips to millimetres."""
    return twip / TWIPS_PER_MM


# --- page (§1) ----------------------------------------------------------------------------------

A4_MM = (210, 297)
A4_TWIPS = (11906, 16838)
PAGE_SIZE_TOLERANCE_TWIPS = 4


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres."""

    top: float
    bottom: float
    left: float
    right: float


MARGIN_RANGES_MM = MappingProxyType(
    {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
)
MARGIN_TOLERANCE_TWIPS = 2
#: The margins the government itself used in the decree's files (SAMPLE, §1).
MARGINS_OFFICIAL = Margins(top=25, bottom=20, left=35, right=20)
#: Landscape annex pages: ND30 sets no separate numbers; the minima of each range (PRACTICE, §1).
MARGINS_LANDSCAPE = Margins(top=20, bottom=20, left=30, right=15)
HEADER_DISTANCE_MM = 10

FONT = "Times New Roman"
#: Metric-compatible stand-ins that keep line and page breaks (used for PDF on Linux).
FONT_METRIC_COMPATIBLE = ("Liberation Serif", "Tinos")
COLOR = "000000"

#: Font sizes Word can set at all (pt; ``w:sz`` counts half-points, 2–3276): anything else in a file
#: is a damaged or forged value, never a size a reader sees (the checker reports it, rule P9).
FONT_SIZE_RANGE_PT = (1, 1638)

FIRST_LINE_INDENT_MM = (10.0, 12.7)
PARAGRAPH_SPACING_MIN_PT = 6
LINE_SPACING_RANGE = (1.0, 1.5)

# --- how each component looks (§3.15) ------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """Allowed point sizes of one component and the size vbhc uses by default."""

    low: float
    high: float
    default: float

    def __contains__(self, pt: object) -> bool:
        return isinstance(pt, int | float) and self.low <= pt <= self.high


#: The line spacing vbhc sets in body text, in lines (Word's «1.15», inside LINE_SPACING_RANGE). It is
#: also Times New Roman's natural line height in em (2355/2048), which the checker uses to judge
#: exact line spacing.
LINE_SPACING_BODY = 1.15


@dataclass(frozen=True)
class ThanhPhan:
    """How one component of a văn bản looks: the template builder makes its paragraph style from it,
    and the checker's style rule judges a document by it. ``None`` where ND30 prescribes nothing:
    the checker does not judge it, and vbhc sets it regular (not bold, not italic). Of the alignment
    the checker judges centring (justified body text has a rule of its own, B1).

    Spacing and the paragraph settings are what vbhc renders (the decree fixes only the minimum
    spacing of body paragraphs, §3.6)."""

    size: Size
    bold: bool | None = None
    italic: bool | None = None
    align: str | None = None  #: ``w:jc``: ``center``, ``left``, ``both`` (justified)
    caps: bool | None = None  #: written in capitals throughout (True), or not (False)
    underline: bool | None = None
    label: str | None = None  #: the fixed text the component starts with
    before: float = 0  #: space before, pt
    after: float = 0  #: space after, pt
    line: float = 1.0  #: line spacing, lines
    first_line: bool = False  #: the first line is indented (FIRST_LINE_INDENT_MM)
    keep_next: bool = False  #: kept on the page of the paragraph that follows


#: «chữ đứng, không đậm»: ND30 prescribes a regular face
_PLAIN = {"bold": False, "italic": False}
_BODY = Size(13, 14, 14)
_BODY_TEXT = {
    "align": "both",
    "before": PARAGRAPH_SPACING_MIN_PT,
    "line": LINE_SPACING_BODY,
    "first_line": True,
}
_TABLE = Size(12, 13, 13)
_TABLE_CELL = {"before": 2, "after": 2}
_SIGNER = Size(13, 14, 14)

#: Every component, by key (the keys of ``SIZES``).
THANH_PHAN = MappingProxyType(
    {
        # letterhead (§3.1–§3.4)
        "quoc_hieu": ThanhPhan(Size(12, 13, 13), bold=True, italic=False, align="center"),
        "tieu_ngu": ThanhPhan(Size(13, 14, 14), bold=True, italic=False, align="center", underline=False),
        "co_quan_chu_quan": ThanhPhan(Size(12, 13, 13), align="center", caps=True, **_PLAIN),
        "co_quan_ban_hanh": ThanhPhan(Size(12, 13, 13), bold=True, italic=False, align="center", caps=True),
        "so_ky_hieu": ThanhPhan(Size(13, 13, 13), align="center", before=4, **_PLAIN),
        "dia_danh_ngay": ThanhPhan(Size(13, 14, 14), bold=False, italic=True, align="center", before=8),
        # title block (§3.5)
        "ten_loai": ThanhPhan(
            Size(13, 14, 14), bold=True, italic=False, align="center", caps=True, before=18, keep_next=True
        ),
        "trich_yeu": ThanhPhan(
            Size(13, 14, 14), bold=True, italic=False, align="center", caps=False, keep_next=True
        ),
        "trich_yeu_cong_van": ThanhPhan(
            Size(12, 13, 12), align="center", label="V/v ", before=PARAGRAPH_SPACING_MIN_PT, **_PLAIN
        ),
        # content (§3.6)
        "noi_dung": ThanhPhan(_BODY, **_BODY_TEXT),
        "can_cu": ThanhPhan(Size(13, 14, 14), italic=True, label="Căn cứ", **_BODY_TEXT),
        "muc": ThanhPhan(_BODY, bold=True, caps=True, **_BODY_TEXT),  #: I., II. … (structure B)
        "khoan": ThanhPhan(_BODY, bold=True, **_BODY_TEXT),
        "diem": ThanhPhan(_BODY, **_BODY_TEXT),
        #: the «Phần I», «Chương I», «Mục 1» line (structure A), and centred headings («QUYẾT ĐỊNH:»)
        "phan_chuong": ThanhPhan(
            _BODY, bold=True, align="center", before=PARAGRAPH_SPACING_MIN_PT, keep_next=True
        ),
        #: the name of a Phần, Chương, Mục on the line under it
        "ten_phan_chuong": ThanhPhan(
            _BODY, bold=True, align="center", caps=True, before=PARAGRAPH_SPACING_MIN_PT, keep_next=True
        ),
        "hinh": ThanhPhan(_BODY, align="center", before=PARAGRAPH_SPACING_MIN_PT, keep_next=True),
        "bang": ThanhPhan(_TABLE, align="left", **_TABLE_CELL),
        "bang_giua": ThanhPhan(_TABLE, align="center", **_TABLE_CELL),
        "bang_tieu_de": ThanhPhan(_TABLE, bold=True, align="center", **_TABLE_CELL),
        "bang_nhom": ThanhPhan(_TABLE, bold=True, align="left", **_TABLE_CELL),
        # signature (§3.7)
        "chuc_vu": ThanhPhan(_SIGNER, bold=True, italic=False, align="center", caps=True, keep_next=True),
        "chu_ky": ThanhPhan(_SIGNER, align="center", keep_next=True),  #: the blank lines for the signature
        "ho_ten": ThanhPhan(Size(13, 14, 14), bold=True, italic=False, align="center", caps=False),
        "chu_ky_so": ThanhPhan(Size(10, 10, 10)),
        # recipients (§3.9)
        "kinh_gui": ThanhPhan(
            Size(13, 14, 14),
            align="left",
            label="Kính gửi:",
            before=PARAGRAPH_SPACING_MIN_PT,
            line=LINE_SPACING_BODY,
            **_PLAIN,
        ),
        "noi_nhan_label": ThanhPhan(
            Size(12, 12, 12),
            bold=True,
            italic=True,
            align="left",
            underline=False,
            label="Nơi nhận:",
            before=6,
        ),
        "noi_nhan_item": ThanhPhan(Size(11, 11, 11), align="left", **_PLAIN),
        # annexes (§3.13)
        "phu_luc_heading": ThanhPhan(
            Size(14, 14, 14), bold=True, italic=False, align="center", label="Phụ lục", keep_next=True
        ),
        "phu_luc_title": ThanhPhan(Size(13, 14, 14), bold=True, align="center", caps=True, keep_next=True),
        "kem_theo": ThanhPhan(
            Size(13, 14, 14), italic=True, align="center", label="Kèm theo", keep_next=True
        ),
        # optional components (§3.10–§3.12)
        "do_khan": ThanhPhan(Size(13, 14, 13), bold=True, align="center", caps=True, before=6),
        "pham_vi_luu_hanh": ThanhPhan(Size(13, 14, 13), bold=True, italic=False, caps=True),
        "ban_sao": ThanhPhan(Size(13, 14, 14), bold=True, caps=True),
        "ky_hieu_nguoi_soan": ThanhPhan(Size(11, 11, 11), italic=False, align="left"),
        "dia_chi": ThanhPhan(Size(11, 12, 11), italic=False),
        "so_trang": ThanhPhan(Size(13, 14, 14), align="center"),
    }
)

#: Allowed and default sizes of each component.
SIZES = MappingProxyType({key: look.size for key, look in THANH_PHAN.items()})

#: The two consistent size profiles of the decree's example table (§3.14).
SIZE_PROFILES = MappingProxyType(
    {
        "A": {"quoc_hieu": 12, "tieu_ngu": 13, "dia_danh_ngay": 13},
        "B": {"quoc_hieu": 13, "tieu_ngu": 14, "dia_danh_ngay": 14},
    }
)

# --- fixed texts (§3.1, §3.9, §3.13) --------------------------------------------------------------

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
NOI_NHAN_LABEL = THANH_PHAN["noi_nhan_label"].label
KINH_GUI_LABEL = THANH_PHAN["kinh_gui"].label
NHU_TREN = "Như trên"
LUU_VAN_THU = "VT"
PHU_LUC_LABEL = THANH_PHAN["phu_luc_heading"].label
CLOSING_MARK = "./."
CONG_VAN_PREFIX = THANH_PHAN["trich_yeu_cong_van"].label
KEM_THEO_LABEL = THANH_PHAN["kem_theo"].label
#: The storage line that ends Nơi nhận («- Lưu: VT, VHXH.», §3.9).
LUU_LABEL = "Lưu:"
#: The Kèm theo line of an annex whose parent is not known yet (Mẫu 2.1), fields left for the clerk.
KEM_THEO_TRONG = "(Kèm theo Văn bản số        ngày      tháng      năm       của                    )"

#: Both tone placements occur in official files (§8); compare after mapping to the first form.
TONE_VARIANTS = MappingProxyType(
    {
        "HOÀ": "HÒA",
        "Hoà": "Hòa",
        "hoà": "hòa",
        "UỶ": "ỦY",
        "Uỷ": "Ủy",
        "uỷ": "ủy",
        "THOẢ": "THỎA",
        "Thoả": "Thỏa",
        "thoả": "thỏa",
        "HOÁ": "HÓA",
        "Hoá": "Hóa",
        "hoá": "hóa",
        "HOẢ": "HỎA",
        "Hoả": "Hỏa",
        "hoả": "hỏa",
        "TOẠ": "TỌA",
        "Toạ": "Tọa",
        "toạ": "tọa",
        "KHOẺ": "KHỎE",
        "Khoẻ": "Khỏe",
        "khoẻ": "khỏe",
    }
)

# --- signing (§3.7) -------------------------------------------------------------------------------

#: Signing prefixes and what they mean.
TIEN_TO_KY = MappingProxyType(
    {
        "TM.": "thay mặt tập thể hoặc cơ quan",
        "KT.": "ký thay người đứng đầu",
        "TL.": "thừa lệnh",
        "TUQ.": "thừa ủy quyền",
        "Q.": "quyền (được giao quyền cấp trưởng)",
    }
)
#: Academic titles that must not stand before a signer's name (§3.7, rule S4).
HOC_HAM_HOC_VI = (
    "TS.",
    "ThS.",
    "PGS.",
    "GS.",
    "KS.",
    "BS.",
    "CN.",
    "TS ",
    "ThS ",
    "PGS ",
    "GS ",
    "Tiến sĩ",
    "Thạc sĩ",
    "Phó Giáo sư",
    "Giáo sư",
    "Kỹ sư",
    "Bác sĩ",
    "Cử nhân",
)

# --- document types (Điều 7, Phụ lục III; §4.1) ---------------------------------------------------


@dataclass(frozen=True)
class LoaiVanBan:
    """One of the 29 kinds of văn bản hành chính (Điều 7)."""

    khoa: str  #: ASCII snake_case key used in sources, e.g. ``ke_hoach``
    ten: str  #: the name in normal case, e.g. ``Kế hoạch``
    viet_tat: str | None  #: Phụ lục III abbreviation; None for công văn and thư công
    mau: str | None  #: sample form in Phụ lục III
    trich_yeu: bool = True  #: whether the document carries a trích yếu


_LOAI = (
    LoaiVanBan("nghi_quyet", "Nghị quyết", "NQ", "1.1"),
    LoaiVanBan("quyet_dinh", "Quyết định", "QĐ", "1.2"),
    LoaiVanBan("chi_thi", "Chỉ thị", "CT", "1.4"),
    LoaiVanBan("quy_che", "Quy chế", "QC", "1.4"),
    LoaiVanBan("quy_dinh", "Quy định", "QyĐ", "1.4"),
    LoaiVanBan("thong_cao", "Thông cáo", "TC", "1.4"),
    LoaiVanBan("thong_bao", "Thông báo", "TB", "1.4"),
    LoaiVanBan("huong_dan", "Hướng dẫn", "HD", "1.4"),
    LoaiVanBan("chuong_trinh", "Chương trình", "CTr", "1.4"),
    LoaiVanBan("ke_hoach", "Kế hoạch", "KH", "1.4"),
    LoaiVanBan("phuong_an", "Phương án", "PA", "1.4"),
    LoaiVanBan("de_an", "Đề án", "ĐA", "1.4"),
    LoaiVanBan("du_an", "Dự án", "DA", "1.4"),
    LoaiVanBan("bao_cao", "Báo cáo", "BC", "1.4"),
    LoaiVanBan("bien_ban", "Biên bản", "BB", "1.9"),
    LoaiVanBan("to_trinh", "Tờ trình", "TTr", "1.4"),
    LoaiVanBan("hop_dong", "Hợp đồng", "HĐ", None),
    LoaiVanBan("cong_van", "Công văn", None, "1.5"),
    LoaiVanBan("cong_dien", "Công điện", "CĐ", "1.6"),
    LoaiVanBan("ban_ghi_nho", "Bản ghi nhớ", "BGN", None),
    LoaiVanBan("ban_thoa_thuan", "Bản thỏa thuận", "BTT", None),
    LoaiVanBan("giay_uy_quyen", "Giấy ủy quyền", "GUQ", "1.4"),
    LoaiVanBan("giay_moi", "Giấy mời", "GM", "1.7"),
    LoaiVanBan("giay_gioi_thieu", "Giấy giới thiệu", "GGT", "1.8", trich_yeu=False),
    LoaiVanBan("giay_nghi_phep", "Giấy nghỉ phép", "GNP", "1.10", trich_yeu=False),
    LoaiVanBan("phieu_gui", "Phiếu gửi", "PG", "1.4"),
    LoaiVanBan("phieu_chuyen", "Phiếu chuyển", "PC", "1.4"),
    LoaiVanBan("phieu_bao", "Phiếu báo", "PB", "1.4"),
    LoaiVanBan("thu_cong", "Thư công", None, None),
)

#: The 29 types in the order of Điều 7, by key.
LOAI_VAN_BAN = MappingProxyType({loai.khoa: loai for loai in _LOAI})

# --- documents ND30 does not govern (§0) ------------------------------------------------------------

#: Tên loại only a văn bản quy phạm pháp luật carries (Luật Ban hành văn bản quy phạm pháp luật, Điều 4).
TEN_LOAI_QPPL = (
    "HIẾN PHÁP",
    "BỘ LUẬT",
    "LUẬT",
    "PHÁP LỆNH",
    "LỆNH",
    "NGHỊ ĐỊNH",
    "THÔNG TƯ",
    "THÔNG TƯ LIÊN TỊCH",
    "NGHỊ QUYẾT LIÊN TỊCH",
)
#: Tên loại a văn bản quy phạm pháp luật shares with văn bản hành chính: it is one when its number
#: carries the year («Số: 12/2025/QĐ-UBND»; a văn bản hành chính never does, §3.3, §7).
TEN_LOAI_QPPL_CHUNG = ("NGHỊ QUYẾT", "QUYẾT ĐỊNH")
#: What governs the format of a văn bản quy phạm pháp luật instead of ND30 (§0, §7).
THE_THUC_QPPL = (
    "Luật Ban hành văn bản quy phạm pháp luật (Luật số 64/2025/QH15) và Nghị định 78/2025/NĐ-CP, "
    "sửa đổi bởi Nghị định 187/2025/NĐ-CP"
)
#: How the title of a đơn, tờ khai or form begins: papers a citizen or a procedure fills in, not
#: one of the 29 types (a title that is one of the 29, «PHIẾU GỬI», stays a văn bản hành chính).
TIEU_DE_DON = (
    "ĐƠN",
    "TỜ KHAI",
    "PHIẾU",
    "GIẤY ĐỀ NGHỊ",
    "BẢN KHAI",
    "BẢN CAM KẾT",
    "GIẤY CAM KẾT",
    "SƠ YẾU LÝ LỊCH",
)
#: Words after «ĐƠN» that make it no title («ĐƠN VỊ …» is an agency line).
TIEU_DE_DON_KHONG_PHAI = ("ĐƠN VỊ",)

#: Abbreviations of copies (bản sao, §4.1).
BAN_SAO = MappingProxyType({"sao_y": "SY", "trich_sao": "TrS", "sao_luc": "SL"})

#: Abbreviations of the superseded 2011 rules that must not be used (§10).
VIET_TAT_CU = MappingProxyType({"GN": "BGN", "TTh": "BTT", "NP": "GNP", "TS": "TrS"})

#: Documents that go to a superior carry "Kính gửi" and start Nơi nhận with "- Như trên;" (§3.9).
LOAI_CO_KINH_GUI = frozenset({"cong_van", "to_trinh", "bao_cao"})
#: Types whose content is laid out in structure A, by Điều (Phần, Chương, Mục, Điều, khoản, điểm;
#: §3.6): decisions and resolutions (Mẫu 1.1–1.3) and the rules they issue (Mẫu 1.4).
LOAI_BO_CUC_DIEU = frozenset({"nghi_quyet", "quyet_dinh", "quy_che", "quy_dinh"})

#: The enacting line printed after the căn cứ of decisions and resolutions (Mẫu 1.1, 1.2).
DONG_BAN_HANH = MappingProxyType({"quyet_dinh": "QUYẾT ĐỊNH:", "nghi_quyet": "QUYẾT NGHỊ:"})

# --- urgency marks (§3.10) ------------------------------------------------------------------------

DO_KHAN = MappingProxyType({"KHẨN": (20, 8), "THƯỢNG KHẨN": (40, 8), "HỎA TỐC": (30, 8)})
DO_KHAN_COLOR = "FF0000"

# --- a PDF ready for ký số: where the signature fields go (§5; Phụ lục I §II.7d, §II.8, Phần II) ---

#: The lowest PDF version of an electronic document (Phần II, Mục I.2a: «phiên bản 1.4 trở lên»).
PDF_VERSION_MIN = (1, 4)
#: The share of the signer's signature image the agency's seal covers, on its left (ô 8).
DAU_TRUM_CHU_KY = 1 / 3
#: The signature field is at most this many times as wide as it is high: a handwritten signature's
#: image is about 2–3 times wider than high (PRACTICE), so the seal's third falls on the image.
CHU_KY_RONG_TOI_DA = 2.5
#: Diameter of the seal field (mm). ND30 asks for the seal «at its real size» but gives none; 36 mm
#: is a common round seal (PRACTICE, not confirmed): an office passes its own seal's size.
DAU_DUONG_KINH_MM = 36.0
#: The diameters vbhc accepts for a seal (mm): no office seal is smaller or larger.
DAU_DUONG_KINH_MM_RANGE = (10.0, 80.0)
#: The text-only agency signature (attachment in a file of its own, bản sao điện tử ô 14) sits at the
#: top right of page 1: its top edge this far below the page's top edge, its right edge on the
#: content's right edge, as wide as this share of the content (the right column of the letterhead).
KY_SO_O_TREN_MM = HEADER_DISTANCE_MM
KY_SO_O_RONG = 1 / 2
#: Lines of 10 pt text the text-only field holds at least, and the line height (× the size).
KY_SO_O_DONG = 2
KY_SO_O_DONG_CAO = 1.2
#: Gap kept between a field and the printed lines around it (pt).
KY_SO_KHOANG_HO_PT = 2.0

# --- structure B numbering (§3.6) -----------------------------------------------------------------

#: Letters of the điểm level, in the Vietnamese order (no ă â ê ô ơ ư, no f j w z).
DIEM_LETTERS = tuple("a b c d đ e g h i k l m n o p q r s t u v x y".split())

# --- rules drawn under components (§3.1, §3.2, §3.5) -----------------------------------------------

#: Length of the rule under the issuing name and under the trích yếu, as a share of the text line.
RULE_RATIO = (1 / 3, 1 / 2)
#: vbhc draws those rules at this share (the middle of the range, robust to width estimates).
RULE_RATIO_DEFAULT = 0.4
#: Measured widths (mm) of the Tiêu ngữ in bold Times New Roman, by size (§3.1).
TIEU_NGU_WIDTH_MM = MappingProxyType({13: 56.1, 14: 60.5})
QUOC_HIEU_WIDTH_MM = MappingProxyType({12: 88.3, 13: 95.7})
#: Centres of the letterhead's two blocks, mm from the page's left edge (the decree's own table and
#: its sample forms, measured on the rendered pages: 63.8–65.3 and 143.0–147.0; SAMPLE, §3.1).
LETTERHEAD_CENTRES_MM = (64.5, 145.0)
#: How far off those centres a rendered block may sit (mm).
LETTERHEAD_CENTRE_TOLERANCE_MM = 2.0

# --- what the checker tolerates in a measured document (§9) ----------------------------------------

#: How far a first-line indent may be off 1 cm or 1.27 cm, in twips (rule B2).
FIRST_LINE_TOLERANCE = 20
#: Length tolerance of the line under the Tiêu ngữ (±15 %, H7) and of the 1/3–1/2 ratios (±10 %, H10, T3).
TIEU_NGU_RULE_TOLERANCE = 0.15
RATIO_TOLERANCE = 0.10
#: A superscript/subscript run is set at about this share of its size (rules drawn with underscores).
SUPERSCRIPT_SCALE = 0.65
#: Lower-case words allowed inside a place name (the unit noun: Thành phố, Thị xã …; rule H20).
DIA_DANH_LOWER = frozenset({"phố", "xã", "trấn", "khu"})

# --- administrative units, for splitting and wording agency names (§3.4, §7) -----------------------

DON_VI_HANH_CHINH = (
    "THÀNH PHỐ",
    "ĐẶC KHU",
    "THỊ TRẤN",
    "THỊ XÃ",
    "PHƯỜNG",
    "TỈNH",
    "HUYỆN",
    "QUẬN",
    "XÃ",
)

# --- metadata of a văn bản đi (Phụ lục VI, Phần II, Mục I) -----------------------------------------


@dataclass(frozen=True)
class TruongSieuDuLieu:
    """One field of the Phụ lục VI table: its number, name, tag, data type and length."""

    stt: str  #: ``1.1``, ``12.2``
    ten: str  #: the decree's name of the field
    tag: str  #: the tag vbhc writes (``OrganId``)
    kieu: str | None  #: ``String``, ``Number``, ``Date``; None for a group (FileCode, SignerInfo, To)
    do_dai: int | None  #: the most characters (String), digits (Number) or the date's length
    tag_nghi_dinh: str | None = None  #: the tag as the decree's Word file spells it, when it differs


#: The fields of a văn bản đi, in the decree's order. The Word file misspells two tags with a
#: lower-case L for the capital I (``Organld``, ``Signerlnfo``): vbhc writes ``OrganId``, ``SignerInfo``.
PHU_LUC_VI_VAN_BAN_DI = (
    TruongSieuDuLieu("1", "Mã hồ sơ", "FileCode", None, None),
    TruongSieuDuLieu("1.1", "Mã định danh của cơ quan, tổ chức lập danh mục hồ sơ", "OrganId", "String", 13,
                     "Organld"),
    TruongSieuDuLieu("1.2", "Năm hình thành hồ sơ", "FileCatalog", "Number", 4),
    TruongSieuDuLieu("1.3", "Số và ký hiệu hồ sơ", "FileNotation", "String", 20),
    TruongSieuDuLieu("2", "Số thứ tự văn bản trong hồ sơ", "DocOrdinal", "Number", 3),
    TruongSieuDuLieu("3", "Tên loại văn bản", "TypeName", "String", 100),
    TruongSieuDuLieu("4", "Số của văn bản", "CodeNumber", "String", 11),
    TruongSieuDuLieu("5", "Ký hiệu của văn bản", "CodeNotation", "String", 30),
    TruongSieuDuLieu("6", "Ngày, tháng, năm văn bản", "IssuedDate", "Date", 10),
    TruongSieuDuLieu("7", "Tên cơ quan, tổ chức ban hành văn bản", "OrganName", "String", 200),
    TruongSieuDuLieu("8", "Trích yếu nội dung", "Subject", "String", 500),
    TruongSieuDuLieu("9", "Ngôn ngữ", "Language", "String", 30),
    TruongSieuDuLieu("10", "Số trang của văn bản", "PageAmount", "Number", 3),
    TruongSieuDuLieu("11", "Ghi chú", "Description", "String", 500),
    TruongSieuDuLieu("12", "Chức vụ, họ tên người ký", "SignerInfo", None, None, "Signerlnfo"),
    TruongSieuDuLieu("12.1", "Chức vụ của người ký văn bản", "Position", "String", 100),
    TruongSieuDuLieu("12.2", "Họ và tên người ký văn bản", "FullName", "String", 50),
    TruongSieuDuLieu("13", "Nơi nhận", "To", None, None),
    TruongSieuDuLieu("13.1", "Mã định danh của cơ quan, tổ chức nhận văn bản", "OrganId", "String", 13),
    TruongSieuDuLieu("13.2", "Tên cơ quan, tổ chức nhận văn bản", "OrganName", "String", 200),
    TruongSieuDuLieu("14", "Mức độ khẩn, độ mật", "Priority", "Number", 1),
    TruongSieuDuLieu("15", "Số lượng bản phát hành", "IssuedAmount", "Number", 3),
    TruongSieuDuLieu("16", "Hạn trả lời văn bản", "DueDate", "Date", 10),
)
#: Priority (field 14) of each urgency mark. The decree gives no codes: these are the codes of the
#: document-exchange systems (edXML ``OtherInfo/Priority``: 0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc,
#: 4 hỏa tốc hẹn giờ), which vbhc follows; not confirmed against the text of QCVN 102:2016.
PRIORITY = MappingProxyType({None: 0, "KHẨN": 1, "THƯỢNG KHẨN": 2, "HỎA TỐC": 3})
#: The language of every document vbhc writes (field 9), and its code in XMP (``dc:language``).
NGON_NGU, NGON_NGU_MA = "Tiếng Việt", "vi"

# --- the outgoing register (Phụ lục IV, mục I.2) -----------------------------------------------------

SO_DI_TIEU_DE = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
#: The ten columns of the sổ đăng ký văn bản đi, in order.
SO_DI_COT = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)

# --- văn bản đến (Điều 20–24; Phụ lục IV, mục V, VI, VIII; Phụ lục VI, Phần II, Mục II) ------------

#: The fields of a văn bản đến, in the decree's order (fields 1–11 are those of a văn bản đi).
PHU_LUC_VI_VAN_BAN_DEN = (
    *PHU_LUC_VI_VAN_BAN_DI[:14],
    TruongSieuDuLieu("12", "Ngày, tháng, năm đến", "ArrivalDate", "Date", 10),
    TruongSieuDuLieu("13", "Số đến", "ArrivalNumber", "Number", 10),
    TruongSieuDuLieu("14", "Chức vụ, họ tên người ký", "SignerInfo", None, None, "Signerlnfo"),
    TruongSieuDuLieu("14.1", "Chức vụ của người ký văn bản", "Position", "String", 100),
    TruongSieuDuLieu("14.2", "Họ và tên người ký văn bản", "FullName", "String", 50),
    TruongSieuDuLieu("15", "Mức độ khẩn, độ mật", "Priority", "Number", 1),
    TruongSieuDuLieu("16", "Đơn vị hoặc người nhận", "ToPlaces", "String", 1000),
    TruongSieuDuLieu("17", "Ý kiến phân phối, chỉ đạo, trạng thái xử lý văn bản", "TraceHeaderList",
                     "LongText", None),
    TruongSieuDuLieu("18", "Thời hạn giải quyết", "DueDate", "Date", 10),
)
#: Phụ lục VI, Phần I, III.h: the system warns the văn thư of a duplicate, that is the same mã định
#: danh văn bản, or the same three fields số, ký hiệu and tên cơ quan ban hành (fields 4, 5, 7).
TRUNG_LAP_TRUONG = ("CodeNumber", "CodeNotation", "OrganName")
#: Điều 22.1: số đến runs per year from 01 (like the số of a văn bản đi, Điều 15).
SO_DEN_BAT_DAU = 1

SO_DEN_TIEU_DE = "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"
#: The ten columns of the sổ đăng ký văn bản đến (Phụ lục IV, mục VI.2), in order.
SO_DEN_COT = (
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
SO_THEO_DOI_TIEU_DE = "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN"
#: The seven columns of the sổ theo dõi giải quyết văn bản đến (Phụ lục IV, mục VIII.2), in order.
SO_THEO_DOI_COT = (
    "Số đến",
    "Tên loại, số, ký hiệu, ngày, tháng và tên cơ quan, tổ chức ban hành văn bản",
    "Đơn vị hoặc người nhận",
    "Thời hạn giải quyết",
    "Tiến độ giải quyết",
    "Số, ký hiệu văn bản trả lời",
    "Ghi chú",
)
#: The "ĐẾN" stamp (Phụ lục IV, mục V): a rectangle of 35 × 50 mm with the agency's name, Số, Ngày,
#: Chuyển and Số và ký hiệu HS.
DAU_DEN_MM = (50, 35)
DAU_DEN_DONG = ("Số:", "Ngày:", "Chuyển:", "Số và ký hiệu HS:")
#: The phiếu giải quyết văn bản đến (Phụ lục IV, mục VII): its title and its three opinion parts.
PHIEU_GIAI_QUYET_TIEU_DE = "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN"
PHIEU_GIAI_QUYET_Y_KIEN = (
    "Ý kiến của lãnh đạo cơ quan, tổ chức",
    "Ý kiến của lãnh đạo đơn vị",
    "Ý kiến đề xuất của người giải quyết",
)

# --- ký số: how a digital signature shows on the page (§5; Phụ lục I §II.7d, §II.8) ---------------

#: Colour of the signer's signature image (blue) and of the agency's seal image (red), as RGB hex.
KY_SO_MAU_CHU_KY = "0000FF"
KY_SO_MAU_DAU = "FF0000"
#: The images are PNG files with a transparent background.
KY_SO_DINH_DANG_ANH = "PNG"
#: The agency's signature on an attachment in a file of its own (and on a bản sao điện tử): no image,
#: an information line in Times New Roman, normal case, upright, black (COLOR), at the size of
#: THANH_PHAN["chu_ky_so"] (10 pt), at the top right of page 1 (Mẫu 2.2: ``Số: …; ngày/tháng/năm;
#: giờ: phút: giây``).
KY_SO_THONG_TIN = "Số: {so_ky_hieu}; {thoi_gian}"
#: The signing time: date; time; Vietnam's time zone (ISO 8601 offset, UTC+7, no daylight saving).
#: The decree fixes the parts, not the string; this follows Mẫu 2.2 (spec §5: unconfirmed).
KY_SO_MUI_GIO_GIO = 7
KY_SO_DINH_DANG_THOI_GIAN = "%d/%m/%Y; %H:%M:%S +07:00"
#: Where the information line sits when no field is prepared: KY_SO_O_TREN_MM below the top edge of
#: the page (the header distance), its right edge on the right margin.
