"""The checker's rules as data: id, severity, the ND30 clause, what the decree expects (Vietnamese).

Ids follow ``shared/spec/nd30.md`` §9. Three consistency rules are added here (B13, B14, O10), and
one safety rule (P10, hidden text); the rule book's facts in the checker's units are at the end of
this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType

from vbhc import nd30


class MucDo(str, Enum):
    """Severity of a finding."""

    LOI = "loi"
    CANH_BAO = "canh_bao"
    GOI_Y = "goi_y"

    @property
    def nhan(self) -> str:
        """The word a clerk reads."""
        return {"loi": "lỗi", "canh_bao": "cảnh báo", "goi_y": "gợi ý"}[self.value]


E, W, G = MucDo.LOI, MucDo.CANH_BAO, MucDo.GOI_Y

PL1 = "Phụ lục I, Phần I"


@dataclass(frozen=True)
class Rule:
    """One rule of the checker."""

    id: str
    muc_do: MucDo
    dieu_khoan: str  #: the clause of ND30 (or the sample form) the rule comes from
    ten: str  #: what is checked, short
    yeu_cau: str  #: what ND30 expects, said to a clerk


_RULES = (
    # --- page (§9.1) ----------------------------------------------------------------------------
    Rule("P1", E, f"{PL1}, Mục I.1", "Khổ giấy", "khổ A4 (210 × 297 mm)"),
    Rule(
        "P2",
        W,
        f"{PL1}, Mục I.2",
        "Hướng trang",
        "trình bày theo chiều dài trang A4; chỉ trình bày theo chiều rộng khi có bảng, biểu",
    ),
    Rule(
        "P3",
        E,
        f"{PL1}, Mục I.3",
        "Lề trang",
        "lề trên và lề dưới 20–25 mm, lề trái 30–35 mm, lề phải 15–20 mm",
    ),
    Rule("P4", E, f"{PL1}, Mục I.4", "Phông chữ", "phông Times New Roman (Unicode TCVN 6909:2001)"),
    Rule("P5", E, f"{PL1}, Mục I.4", "Màu chữ", "chữ màu đen"),
    Rule(
        "P6",
        E,
        f"{PL1}, Mục I.7",
        "Số trang",
        "số trang bằng chữ số Ả Rập, cỡ 13–14, chữ đứng, canh giữa ở lề trên (trường PAGE ở đầu trang)",
    ),
    Rule("P7", E, f"{PL1}, Mục I.7", "Số trang thứ nhất", "không hiển thị số trang ở trang thứ nhất"),
    Rule("P8", E, f"{PL1}, Mục III.1.đ", "Số trang phụ lục", "số trang của phụ lục đánh riêng, bắt đầu từ 1"),
    Rule(
        "P9",
        E,
        f"{PL1}, Mục V",
        "Giá trị cỡ chữ",
        f"cỡ chữ ghi bằng số, từ {nd30.FONT_SIZE_RANGE_PT[0]} đến {nd30.FONT_SIZE_RANGE_PT[1]} pt "
        "(khoảng Word cho phép); giá trị khác là tệp bị hỏng hoặc bị sửa",
    ),
    Rule(
        "P10",
        W,
        f"{PL1}, Mục I.4; quy tắc an toàn bổ sung",
        "Chữ ẩn, chữ trắng",
        "mọi chữ của văn bản đều hiện khi xem và khi in: không có chữ ẩn (w:vanish, w:specVanish, "
        "w:webHidden), chữ trắng hay chữ cùng màu nền",
    ),
    # --- letterhead (§9.2) ------------------------------------------------------------------------
    Rule(
        "H1",
        W,
        f"{PL1}, Mục IV (ô 1–4)",
        "Bố cục phần đầu",
        "phần đầu trình bày dạng bảng 2 cột không viền: trái tên cơ quan và số, phải Quốc hiệu, "
        "Tiêu ngữ và ngày",
    ),
    Rule("H2", E, f"{PL1}, Mục II.1", "Chữ Quốc hiệu", "«CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM», chữ in hoa"),
    Rule("H3", E, f"{PL1}, Mục II.1", "Định dạng Quốc hiệu", "cỡ 12–13, đứng, đậm, ở cột phải"),
    Rule(
        "H4",
        E,
        f"{PL1}, Mục II.1",
        "Chữ Tiêu ngữ",
        "«Độc lập - Tự do - Hạnh phúc» (gạch nối «-», một dấu cách mỗi bên)",
    ),
    Rule(
        "H5",
        E,
        f"{PL1}, Mục II.1",
        "Định dạng Tiêu ngữ",
        "cỡ 13–14, đứng, đậm, không gạch chân, canh giữa dưới Quốc hiệu",
    ),
    Rule(
        "H6",
        W,
        f"{PL1}, Mục II.1.c",
        "Khoảng cách Quốc hiệu – Tiêu ngữ",
        "hai dòng liền nhau, cách nhau dòng đơn, không có dòng trống ở giữa",
    ),
    Rule(
        "H7",
        E,
        f"{PL1}, Mục II.1",
        "Đường kẻ dưới Tiêu ngữ",
        "đường kẻ ngang nét liền dưới Tiêu ngữ, dài bằng dòng chữ Tiêu ngữ",
    ),
    Rule("H8", E, f"{PL1}, Mục II.2", "Tên cơ quan ban hành", "chữ in hoa, cỡ 12–13, đứng, đậm, canh giữa"),
    Rule(
        "H9",
        E,
        f"{PL1}, Mục II.2",
        "Tên cơ quan chủ quản",
        "chữ in hoa, cỡ 12–13, đứng, không đậm, canh giữa",
    ),
    Rule(
        "H10",
        E,
        f"{PL1}, Mục II.2",
        "Đường kẻ dưới tên cơ quan",
        "đường kẻ nét liền dài từ 1/3 đến 1/2 dòng chữ tên cơ quan ban hành, đặt cân đối",
    ),
    Rule(
        "H11", E, f"{PL1}, Mục II.3", "Dòng số, ký hiệu", "dạng «Số: 05/KH-UBND» (số để trống khi là dự thảo)"
    ),
    Rule(
        "H12",
        E,
        f"{PL1}, Mục II.3",
        "Định dạng số, ký hiệu",
        "cỡ 13, đứng, không đậm, canh giữa dưới tên cơ quan",
    ),
    Rule("H13", E, f"{PL1}, Mục II.3.a", "Số nhỏ hơn 10", "số từ 1 đến 9 ghi thêm số 0 phía trước (01 … 09)"),
    Rule(
        "H14",
        E,
        f"{PL1}, Mục II.3.b",
        "Dấu cách trong ký hiệu",
        "giữa số và ký hiệu là «/», giữa các nhóm chữ là «-», không có dấu cách",
    ),
    Rule(
        "H15",
        E,
        f"{PL1}, Mục II.3.b; Phụ lục III",
        "Ký hiệu và tên loại",
        "nhóm chữ đầu của ký hiệu là chữ viết tắt tên loại theo Phụ lục III (công văn thì không)",
    ),
    Rule(
        "H16",
        W,
        f"{PL1}, Mục II.3",
        "Năm trong số, ký hiệu",
        "văn bản hành chính không ghi năm trong số, ký hiệu "
        "(dạng …/2020/… là của văn bản quy phạm pháp luật)",
    ),
    Rule(
        "H17",
        E,
        f"{PL1}, Mục II.4",
        "Dòng địa danh, ngày tháng",
        "dạng «<Địa danh>, ngày 05 tháng 3 năm 2026»",
    ),
    Rule(
        "H18",
        E,
        f"{PL1}, Mục II.4",
        "Định dạng địa danh, ngày tháng",
        "cỡ 13–14, nghiêng, ở cột phải, canh giữa dưới Quốc hiệu và Tiêu ngữ",
    ),
    Rule(
        "H19",
        E,
        f"{PL1}, Mục II.4.b",
        "Ghi ngày, tháng",
        "ngày nhỏ hơn 10 và tháng 1, 2 ghi thêm số 0 (05, 01, 02); tháng 3 đến 12 không thêm 0",
    ),
    Rule("H20", W, f"{PL1}, Mục II.4.a", "Địa danh", "viết hoa chữ cái đầu mỗi tiếng của tên riêng địa danh"),
    Rule(
        "H21",
        W,
        f"{PL1}, Mục V (chú thích)",
        "Cỡ chữ đồng bộ",
        "cỡ ngày tháng bằng cỡ Tiêu ngữ; Tiêu ngữ lớn hơn Quốc hiệu 1 cỡ (12/13/13 hoặc 13/14/14)",
    ),
    # --- title block (§9.3) -----------------------------------------------------------------------
    Rule(
        "T1",
        E,
        f"{PL1}, Mục II.5; Điều 7",
        "Tên loại văn bản",
        "một trong các tên loại văn bản hành chính, chữ in hoa, cỡ 13–14, đứng, đậm, canh giữa",
    ),
    Rule(
        "T2",
        E,
        f"{PL1}, Mục II.5",
        "Trích yếu",
        "ngay dưới tên loại, chữ thường, cỡ 13–14, đứng, đậm, canh giữa",
    ),
    Rule(
        "T3",
        E,
        f"{PL1}, Mục II.5",
        "Đường kẻ dưới trích yếu",
        "đường kẻ nét liền dài từ 1/3 đến 1/2 dòng chữ trích yếu, đặt cân đối",
    ),
    Rule(
        "T4",
        E,
        f"{PL1}, Mục II.5",
        "Trích yếu công văn",
        "không ghi tên loại «CÔNG VĂN»; dòng «V/v …» dưới số, ký hiệu, cỡ 12–13, đứng, không đậm",
    ),
    Rule("T5", G, "Phụ lục III, Mẫu 1.8, 1.10", "Giấy giới thiệu, giấy nghỉ phép", "không cần trích yếu"),
    # --- body (§9.4) ------------------------------------------------------------------------------
    Rule("B1", E, f"{PL1}, Mục II.6", "Đoạn nội dung", "cỡ 13–14, chữ đứng, canh đều hai lề"),
    Rule("B2", E, f"{PL1}, Mục II.6", "Thụt đầu dòng", "lùi đầu dòng 1 cm hoặc 1,27 cm"),
    Rule("B3", E, f"{PL1}, Mục II.6", "Khoảng cách đoạn", "khoảng cách giữa các đoạn tối thiểu 6 pt"),
    Rule("B4", E, f"{PL1}, Mục II.6", "Khoảng cách dòng", "khoảng cách dòng từ dòng đơn đến 1,5 dòng"),
    Rule(
        "B5",
        E,
        f"{PL1}, Mục II.6.a",
        "Căn cứ ban hành",
        "chữ nghiêng, cỡ 13–14, mỗi căn cứ một dòng kết thúc «;», căn cứ cuối cùng kết thúc «.»",
    ),
    Rule(
        "B6",
        E,
        f"{PL1}, Mục II.6.đ",
        "Phần, chương",
        "«Phần»/«Chương» và số La Mã một dòng riêng, đậm, canh giữa; tên ở dòng dưới, in hoa, đậm",
    ),
    Rule(
        "B7",
        E,
        f"{PL1}, Mục II.6.đ",
        "Mục, tiểu mục (kiểu điều khoản)",
        "«Mục»/«Tiểu mục» và số Ả Rập một dòng riêng, đậm, canh giữa; tên ở dòng dưới, in hoa, đậm",
    ),
    Rule("B8", E, f"{PL1}, Mục II.6.đ", "Điều", "«Điều n.» và tên điều, đậm, cùng cỡ chữ nội dung"),
    Rule("B9", E, f"{PL1}, Mục V", "Mục (số La Mã)", "«I.», «II.» … và tên mục in hoa, đậm"),
    Rule("B10", W, f"{PL1}, Mục V", "Khoản", "khoản có tiêu đề in đậm; khoản không có tiêu đề chữ thường"),
    Rule(
        "B11",
        W,
        f"{PL1}, Mục II.6.đ",
        "Điểm",
        "điểm ghi «a)», «b)» … theo thứ tự chữ cái tiếng Việt (a b c d đ e g h i k …)",
    ),
    Rule("B12", W, "Phụ lục III (các mẫu)", "Dấu kết thúc", "nội dung kết thúc bằng «./.»"),
    Rule(
        "B13",
        E,
        f"{PL1}, Mục II.6.đ",
        "Thứ tự mục",
        "các mục đánh số La Mã liên tục I, II, III … không lặp, không bỏ sót",
    ),
    Rule(
        "B14",
        E,
        f"{PL1}, Mục II.6.đ",
        "Thứ tự khoản",
        "các khoản trong một mục đánh số Ả Rập liên tục 1, 2, 3 … không lặp, không bỏ sót",
    ),
    # --- signature and recipients (§9.5) --------------------------------------------------------
    Rule(
        "S1",
        E,
        f"{PL1}, Mục II.7",
        "Quyền hạn, chức vụ người ký",
        "ở cột phải phần ký; chữ in hoa, cỡ 13–14, đứng, đậm, canh giữa",
    ),
    Rule(
        "S2",
        E,
        f"{PL1}, Mục II.7.b",
        "Ghi quyền hạn",
        "chỉ dùng «TM.», «KT.», «TL.», «TUQ.», «Q.» trước chức vụ, theo sau là một dấu cách",
    ),
    Rule("S3", E, f"{PL1}, Mục II.7.c", "Họ tên người ký", "chữ thường, cỡ 13–14, đứng, đậm, canh giữa"),
    Rule(
        "S4",
        E,
        f"{PL1}, Mục II.7.c",
        "Học hàm, học vị",
        "không ghi học hàm, học vị, danh hiệu trước họ tên người ký",
    ),
    Rule(
        "R1",
        E,
        f"{PL1}, Mục II.9.d",
        "Chữ «Nơi nhận:»",
        "«Nơi nhận:» ở cột trái, cỡ 12, nghiêng, đậm, ngang dòng chức vụ người ký",
    ),
    Rule(
        "R2",
        E,
        f"{PL1}, Mục II.9.d",
        "Các dòng nơi nhận",
        "cỡ 11, đứng, không đậm; mỗi dòng bắt đầu bằng «-» và kết thúc bằng «;»",
    ),
    Rule(
        "R3",
        E,
        f"{PL1}, Mục II.9.d",
        "Dòng lưu",
        "dòng cuối «- Lưu: VT, <đơn vị soạn thảo>.» kết thúc bằng «.»",
    ),
    Rule(
        "R4",
        E,
        f"{PL1}, Mục II.9.b",
        "Kính gửi",
        "công văn (và tờ trình, báo cáo gửi cấp trên) có «Kính gửi:»; nơi nhận bắt đầu «- Như trên;»",
    ),
    Rule(
        "R5",
        E,
        f"{PL1}, Mục II.9.d",
        "Kính gửi nhiều nơi",
        "mỗi nơi một dòng bắt đầu «-», kết thúc «;», dòng cuối kết thúc «.»",
    ),
    Rule("R6", E, f"{PL1}, Mục II.9.d", "Kính gửi một nơi", "tên nơi nhận ghi cùng dòng với «Kính gửi:»"),
    # --- optional components (§9.6) --------------------------------------------------------------
    Rule(
        "O1",
        E,
        f"{PL1}, Mục III.2.b",
        "Dấu mức độ khẩn",
        "«HỎA TỐC», «THƯỢNG KHẨN» hoặc «KHẨN», in hoa, đậm, cỡ 13–14, trong khung",
    ),
    Rule("O2", E, f"{PL1}, Mục III.2.c", "Chỉ dẫn phạm vi lưu hành", "in hoa, đậm, cỡ 13–14, trong khung"),
    Rule(
        "O3",
        W,
        f"{PL1}, Mục III.3",
        "Ký hiệu người soạn thảo, số bản",
        "chữ in hoa và số bản, cỡ 11, đứng (ví dụ «PL.(300)»)",
    ),
    Rule(
        "O4",
        E,
        f"{PL1}, Mục III.4",
        "Địa chỉ cơ quan",
        "chỉ ở trang đầu, cỡ 11–12, đứng, dưới đường kẻ hết chiều ngang",
    ),
    Rule(
        "O5",
        E,
        f"{PL1}, Mục III.1",
        "Tiêu đề phụ lục",
        "«Phụ lục» (kèm số La Mã khi có từ 2 phụ lục) cỡ 14, đứng, đậm, canh giữa; tên phụ lục in hoa, "
        "đậm; dòng «(Kèm theo …)» nghiêng, cỡ 13–14",
    ),
    Rule(
        "O6",
        E,
        f"{PL1}, Mục III.1",
        "Đánh số phụ lục",
        "từ 2 phụ lục trở lên đánh số La Mã liên tục I, II, III …; văn bản phải dẫn chiếu phụ lục",
    ),
    Rule("O7", E, "Phụ lục I, Phần II, Mục II", "Bản sao", "thể thức bản sao theo Mẫu 3.1"),
    Rule(
        "O8", E, f"{PL1}, Mục II.8; Phần II", "Thông tin chữ ký số", "góc trên bên phải trang đầu, cỡ 10, đen"
    ),
    Rule(
        "O9",
        W,
        f"{PL1}, Mục II.8",
        "Hình ảnh chữ ký, con dấu",
        "chữ ký màu xanh, dấu màu đỏ, trùm 1/3 chữ ký",
    ),
    Rule(
        "O10",
        E,
        f"{PL1}, Mục III.1.b",
        "Dòng «Kèm theo» của phụ lục",
        "ghi đúng tên loại, số, ký hiệu và ngày tháng năm của văn bản",
    ),
)

RULES = MappingProxyType({rule.id: rule for rule in _RULES})

# --- the rule book's facts in the units the checker compares (tolerances: vbhc.nd30) -----------------

#: First-line indents allowed: 1 cm and 1.27 cm, in twips (spec §9.4, B2).
FIRST_LINE_TWIPS = tuple(nd30.twips(value) for value in nd30.FIRST_LINE_INDENT_MM)
#: Spacing between body paragraphs, twips (6 pt).
PARA_SPACING_MIN_TWIPS = nd30.PARAGRAPH_SPACING_MIN_PT * 20
#: Line spacing in 240ths of a line (``lineRule="auto"``): single to 1.5 lines.
LINE_AUTO_RANGE = tuple(round(value * 240) for value in nd30.LINE_SPACING_RANGE)
#: The most a single-spaced line may be set at (``lineRule="auto"``): vbhc's 1.15 lines.
LINE_AUTO_SINGLE_MAX = round(nd30.LINE_SPACING_BODY * 240)
