"""The list of changes a repair makes (rule id, where, before → after), and which rules it repairs
(data), which it only reports with the fix to make."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from vbhc.checker.document import Where
from vbhc.checker.findings import _where_json
from vbhc.checker.rules import RULES

#: The rules ``vbhc check --fix`` repairs, and what it changes for each (Vietnamese, for docs and help).
FIXABLE = MappingProxyType(
    {
        "P1": "khổ giấy A4 (giữ hướng trang)",
        "P3": "lề sai đặt theo lề Nghị định dùng (trên 25, dưới 20, trái 35, phải 20 mm)",
        "P4": "phông Times New Roman ở mọi chỗ, cả phông của chủ đề (theme); chữ TCVN3, VNI sang Unicode",
        "P6": "số trang: trường PAGE giữa lề trên, cỡ 14, chữ đứng",
        "P7": "không hiện số trang ở trang thứ nhất («Trang đầu khác»)",
        "P8": "số trang của phần phụ lục đánh lại từ 1",
        "H3": "cỡ chữ, đậm, nghiêng của Quốc hiệu",
        "H4": "dấu gạch nối và dấu cách của Tiêu ngữ («Độc lập - Tự do - Hạnh phúc»)",
        "H5": "cỡ chữ, đậm, nghiêng, gạch chân, canh giữa của Tiêu ngữ",
        "H7": "đường kẻ dưới Tiêu ngữ: vẽ khi thiếu, độ dài bằng dòng chữ Tiêu ngữ",
        "H8": "cỡ chữ, đậm, nghiêng, canh giữa của tên cơ quan ban hành",
        "H9": "cỡ chữ, đậm, nghiêng, canh giữa của tên cơ quan chủ quản",
        "H10": "đường kẻ dưới tên cơ quan: vẽ khi thiếu, dài 0,4 dòng chữ",
        "H12": "cỡ chữ, đậm, nghiêng, canh giữa của dòng số, ký hiệu",
        "H13": "số nhỏ hơn 10 thêm số 0 (5 → 05)",
        "H18": "cỡ chữ, đậm, nghiêng, canh giữa của dòng địa danh, ngày tháng",
        "H19": "ngày 1–9 và tháng 1, 2 thêm số 0; tháng 3–12 bỏ số 0",
        "H21": "cỡ Quốc hiệu, Tiêu ngữ, ngày tháng đồng bộ (13/14/14 hoặc 12/13/13)",
        "T1": "cỡ chữ, đậm, nghiêng, canh giữa của tên loại",
        "T2": "cỡ chữ, đậm, nghiêng, canh giữa của trích yếu",
        "T3": "đường kẻ dưới trích yếu: vẽ khi thiếu, dài 0,4 dòng chữ",
        "T4": "cỡ chữ, đậm, nghiêng, canh giữa của trích yếu công văn",
        "B1": "cỡ chữ, canh đều hai lề, chữ đứng của đoạn nội dung",
        "B2": "lùi đầu dòng 1 cm",
        "B3": "khoảng cách trước đoạn 6 pt",
        "B4": "khoảng cách dòng 1,15 dòng",
        "B5": "định dạng căn cứ, dấu «;» cuối mỗi căn cứ và «.» cuối căn cứ cuối cùng",
        "S1": "cỡ chữ, đậm, nghiêng, canh giữa của quyền hạn, chức vụ người ký",
        "S3": "cỡ chữ, đậm, nghiêng, canh giữa của họ tên người ký",
        "R1": "cỡ chữ, đậm, nghiêng của «Nơi nhận:»",
        "R2": "cỡ chữ, đậm, nghiêng của các dòng nơi nhận; dấu «;» cuối mỗi dòng",
        "R3": "dạng dòng lưu «- Lưu: VT, …» và dấu «.» cuối dòng",
        "R5": "dấu «;» cuối mỗi dòng kính gửi, «.» cuối dòng cuối",
        "O1": "cỡ chữ, đậm, nghiêng của dấu mức độ khẩn",
        "O2": "cỡ chữ, đậm, nghiêng của chỉ dẫn phạm vi lưu hành",
        "O3": "cỡ chữ, nghiêng của ký hiệu người soạn thảo",
        "O4": "cỡ chữ, nghiêng của địa chỉ cơ quan",
        "O5": "cỡ chữ, đậm, nghiêng, canh giữa của tiêu đề, tên phụ lục và dòng «Kèm theo»",
        "O7": "cỡ chữ, đậm của hình thức sao (SAO Y, SAO LỤC, TRÍCH SAO)",
    }
)

#: Rules whose findings are never changed (changing them is changing words or judgement), and the
#: fix a clerk makes (Vietnamese).
REPORT_ONLY = MappingProxyType(
    {
        "B8": "đánh lại số điều liên tục 1, 2, 3 …",
        "B11": "sửa chữ cái của điểm theo thứ tự a, b, c, d, đ, e, g …",
        "B13": "đánh lại số mục La Mã liên tục I, II, III …",
        "B14": "đánh lại số khoản liên tục 1, 2, 3 … trong mỗi mục",
        "H2": "ghi đúng Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»",
        "H15": "sửa nhóm chữ đầu của ký hiệu thành chữ viết tắt tên loại theo Phụ lục III",
        "H20": "viết hoa chữ cái đầu mỗi tiếng của địa danh theo Phụ lục II",
        "S4": "bỏ học hàm, học vị trước họ tên người ký",
        "P10": "xem lại chữ ẩn, chữ trắng: xóa nếu thừa, bỏ ẩn hoặc đổi màu đen nếu là nội dung",
    }
)

#: The fix to make when only the letters are wrong (capitals are words: Phụ lục II is the guide).
CAPS_ADVICE = "viết lại chữ in hoa, chữ thường theo Phụ lục II (Nghị định 30); vbhc không đổi chữ"


@dataclass(frozen=True)
class Change:
    """One change of the repair (``da_sua``), or a finding left for the clerk with the fix to make."""

    rule: str
    where: Where | None  #: the checker's place in the document as it was read (None: the whole file)
    truoc: str  #: before
    sau: str  #: after (or, when not changed, the fix to make)
    da_sua: bool = True
    trich_dan: str = ""

    @property
    def vi_tri(self) -> str:
        return str(self.where) if self.where is not None else "toàn văn bản"

    def line(self) -> str:
        """One line for a clerk."""
        excerpt = f" «{self.trich_dan}»" if self.trich_dan else ""
        head = f"{self.rule} {RULES[self.rule].ten} — {self.vi_tri}{excerpt}"
        if self.da_sua:
            return f"  [đã sửa] {head}: {self.truoc} → {self.sau}"
        return f"  [cần sửa tay] {head}: {self.truoc}\n      → cách sửa: {self.sau}"

    def to_json(self) -> dict[str, Any]:
        return {
            "quy_tac": self.rule,
            "ten": RULES[self.rule].ten,
            "da_sua": self.da_sua,
            "vi_tri": _where_json(self.where) if self.where is not None else None,
            "trich_dan": self.trich_dan,
            "truoc": self.truoc,
            "sau": self.sau,
        }
