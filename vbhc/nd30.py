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

# --- sizes per component (§3.15) ------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """Allowed point sizes of one component and the size vbhc uses by default."""

    low: float
    high: float
    default: float

    def __contains__(self, pt: object) -> bool:
        return isinstance(pt, int | float) and self.low <= pt <= self.high


SIZES = MappingProxyType(
    {
        "quoc_hieu": Size(12, 13, 13),
        "tieu_ngu": Size(13, 14, 14),
        "co_quan_chu_quan": Size(12, 13, 13),
        "co_quan_ban_hanh": Size(12, 13, 13),
        "so_ky_hieu": Size(13, 13, 13),
        "dia_danh_ngay": Size(13, 14, 14),
        "ten_loai": Size(13, 14, 14),
        "trich_yeu": Size(13, 14, 14),
        "trich_yeu_cong_van": Size(12, 13, 12),
        "noi_dung": Size(13, 14, 14),
        "can_cu": Size(13, 14, 14),
        "chuc_vu": Size(13, 14, 14),
        "ho_ten": Size(13, 14, 14),
        "kinh_gui": Size(13, 14, 14),
        "noi_nhan_label": Size(12, 12, 12),
        "noi_nhan_item": Size(11, 11, 11),
        "phu_luc_heading": Size(14, 14, 14),
        "phu_luc_title": Size(13, 14, 14),
        "kem_theo": Size(13, 14, 14),
        "bang": Size(12, 13, 13),
        "do_khan": Size(13, 14, 13),
        "ky_hieu_nguoi_soan": Size(11, 11, 11),
        "dia_chi": Size(11, 12, 11),
        "so_trang": Size(13, 14, 14),
        "chu_ky_so": Size(10, 10, 10),
        "pham_vi_luu_hanh": Size(13, 14, 13),
        "ban_sao": Size(13, 14, 14),
    }
)

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
NOI_NHAN_LABEL = "Nơi nhận:"
KINH_GUI_LABEL = "Kính gửi:"
NHU_TREN = "Như trên"
LUU_VAN_THU = "VT"
PHU_LUC_LABEL = "Phụ lục"
CLOSING_MARK = "./."
CONG_VAN_PREFIX = "V/v "
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

    @property
    def ten_in_hoa(self) -> str:
        """The tên loại as printed on the document (capitals)."""
        from vbhc.vi import upper

        return upper(self.ten)


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
