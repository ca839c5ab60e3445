"""The document model: every reader fills it, every writer reads it, validated once, here.

Names are the decree's words (``trich_yeu``, ``noi_nhan``, ``nguoi_ky``); messages are Vietnamese.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from vbhc import nd30
from vbhc.errors import InputError, MultipleErrors, Vitri
from vbhc.text import vi

_SYMBOL_GROUP = re.compile(r"^[^\s/\-]+$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=True)

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, value: Any) -> Any:
        if isinstance(value, str):
            return vi.nfc(value)
        if isinstance(value, list):
            return [vi.nfc(v) if isinstance(v, str) else v for v in value]
        return value


class CoQuan(_Model):
    """The issuing body (ô 2)."""

    ten: str = Field(min_length=1)
    """Issuing name as printed, in capitals; ``\\n`` forces a line break."""
    chu_quan: str | None = None
    """The direct superior body, printed above the name (not bold)."""
    viet_tat: str = Field(min_length=1)
    """Abbreviation used in the symbol, e.g. ``UBND``."""
    ten_goi: str | None = None
    """The name in running text (``Ủy ban nhân dân xã Hùng Thắng``); derived when absent."""

    @field_validator("ten", "chu_quan")
    @classmethod
    def _caps(cls, value: str | None) -> str | None:
        return None if value is None else vi.upper(value)

    @field_validator("viet_tat")
    @classmethod
    def _symbol(cls, value: str) -> str:
        if not _SYMBOL_GROUP.match(value):
            raise ValueError(f"chữ viết tắt «{value}» không được chứa dấu cách, «/» hay «-»")
        return value

    @property
    def dong_ten(self) -> list[str]:
        """The issuing name split into printed lines (explicit breaks, else before the unit noun)."""
        if "\n" in self.ten:
            return [line.strip() for line in self.ten.splitlines() if line.strip()]
        words = self.ten.split()
        for unit in nd30.DON_VI_HANH_CHINH:
            size = len(unit.split())
            for i in range(1, len(words) - size + 1):
                if words[i : i + size] == unit.split():
                    return [" ".join(words[:i]), " ".join(words[i:])]
        return [self.ten]

    @property
    def ten_van_ban(self) -> str:
        """The name in running text."""
        return self.ten_goi or vi.ten_goi(" ".join(self.dong_ten))


class NguoiKy(_Model):
    """The signer (ô 7a, 7b): authority lines, title, name."""

    tham_quyen: list[str] = []
    """Lines above the title, each starting with a prefix: ``TM. ỦY BAN NHÂN DÂN``, ``KT. CHỦ TỊCH``."""
    chuc_vu: str = Field(min_length=1)
    ho_ten: str = Field(min_length=1)

    @field_validator("tham_quyen")
    @classmethod
    def _prefixes(cls, lines: list[str]) -> list[str]:
        out = []
        for line in lines:
            line = vi.upper(line)
            prefix = line.split(" ", 1)[0]
            if prefix.upper() not in {p.upper() for p in nd30.TIEN_TO_KY}:
                raise ValueError(
                    f"dòng thẩm quyền «{line}» phải bắt đầu bằng một trong " + ", ".join(nd30.TIEN_TO_KY)
                )
            out.append(line)
        return out

    @field_validator("chuc_vu")
    @classmethod
    def _title_caps(cls, value: str) -> str:
        return vi.upper(value)

    @field_validator("ho_ten")
    @classmethod
    def _no_academic_title(cls, value: str) -> str:
        for title in nd30.HOC_HAM_HOC_VI:
            if value.lower().startswith(title.lower()):
                raise ValueError(
                    f"không ghi học hàm, học vị «{title.strip()}» trước họ tên người ký (Nghị định 30)"
                )
        return value

    @property
    def dong(self) -> list[str]:
        """All bold capital lines of the block, top to bottom."""
        return [*self.tham_quyen, self.chuc_vu]


class Run(_Model):
    """A piece of inline text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


KieuDoan = Literal[
    "phan",
    "muc",
    "dieu",
    "khoan",
    "diem",
    "gach",
    "cong",
    "liet_ke",
    "van",
    "can_cu",
    "canh_giua",
    "bang",
    "hinh",
]
"""``phan``: a centred bold line (Phần, Chương, Mục of structure A and their titles); ``dieu``: an
article (``Điều 1.``, the label bold); ``liet_ke``: an item of a numbered list, printed as body text
with its number (``1.``), not a khoản."""

#: A cell of a plain table: plain text, or runs with their emphasis.
OBang = str | list[Run]


class BangDon(BaseModel):
    """A plain table inside the content (a summary of figures): header cells and body rows."""

    model_config = ConfigDict(extra="forbid")

    tieu_de: list[OBang]
    dong: list[list[OBang]] = []
    do_rong: list[float] | None = None
    """How the room left, once the columns fit their text (measured), is shared; equal when absent."""
    dong_dam: list[int] = []
    """Indexes of body rows printed bold (totals)."""
    can_giua: list[int] = []
    """Indexes of columns centred (numbers); others are left-aligned."""


class Doan(_Model):
    """One paragraph of the content, with its level (structure A or B) and its computed number."""

    kieu: KieuDoan = "van"
    so: str = ""
    """The printed number (``I.``, ``1.``, ``a)``, ``-``, ``+``), empty for plain paragraphs."""
    runs: list[Run] = []
    dong_nguon: int | None = None
    """Line of the source file, for messages."""
    bang: BangDon | None = None
    """The table of a ``bang`` paragraph."""
    hinh: bytes | None = None
    """PNG image of a ``hinh`` paragraph (a chart), centred."""
    rong_mm: float = 150
    """Printed width of the image."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    @property
    def text(self) -> str:
        body = "".join(run.text for run in self.runs)
        return f"{self.so} {body}" if self.so else body


class Cot(_Model):
    """A column of an annex table."""

    khoa: str
    tieu_de: str
    do_rong: float = 1.0
    """Relative width."""


class NhiemVu(_Model):
    """A task row of a task table (danh mục nhiệm vụ)."""

    stt: str = ""
    noi_dung: str = Field(min_length=1)
    chu_tri: str = ""
    phoi_hop: str = ""
    thoi_gian: str = ""
    san_pham: str = ""
    tien_do: str = ""
    ngay_hoan_thanh: date | None = None
    ket_qua: str = ""
    ghi_chu: str = ""
    them: dict[str, str] = {}
    """Extra columns, by header text."""
    vitri: str | None = None
    """Where the row came from (``nhiem_vu.xlsx, trang tính «Nhiệm vụ», dòng 7``)."""

    def gia_tri(self, khoa: str) -> str:
        """The text shown in column ``khoa``."""
        if khoa in self.them:
            return self.them[khoa]
        value = getattr(self, khoa, "")
        if isinstance(value, date):
            return vi.ngay_ngan(value)
        return "" if value is None else str(value)


class NhomNhiemVu(_Model):
    """A group of tasks (``I. Cải cách thủ tục hành chính``); ``ten`` empty when ungrouped."""

    so: str = ""
    ten: str = ""
    nhiem_vu: list[NhiemVu] = []


#: The columns of a task annex, in the order of the reference plan.
COT_NHIEM_VU = (
    Cot(khoa="stt", tieu_de="TT", do_rong=0.5),
    Cot(khoa="noi_dung", tieu_de="Nội dung công việc", do_rong=4.0),
    Cot(khoa="chu_tri", tieu_de="Cơ quan chủ trì", do_rong=1.8),
    Cot(khoa="phoi_hop", tieu_de="Cơ quan phối hợp", do_rong=1.8),
    Cot(khoa="thoi_gian", tieu_de="Thời gian thực hiện/hoàn thành", do_rong=1.4),
    Cot(khoa="san_pham", tieu_de="Sản phẩm", do_rong=2.2),
)


class Bang(_Model):
    """A task table: its columns and its groups of rows."""

    cot: list[Cot] = list(COT_NHIEM_VU)
    nhom: list[NhomNhiemVu] = []
    nguon: str | None = None
    """The spreadsheet it was read from."""
    tieu_de_goc: list[str] = []
    """The sheet's own title lines, above its header row."""

    @property
    def nhiem_vu(self) -> list[NhiemVu]:
        """All tasks, in order."""
        return [task for group in self.nhom for task in group.nhiem_vu]


class PhuLuc(_Model):
    """An annex (phụ lục): a title and a task table and/or paragraphs."""

    tieu_de: str = Field(min_length=1)
    bang: Bang | None = None
    noi_dung: list[Doan] = []
    ngang: bool = True
    """Landscape pages (the default for a table annex)."""


class VanBan(_Model):
    """A văn bản hành chính."""

    loai: str
    co_quan: CoQuan
    dia_danh: str = Field(min_length=1)
    so: int | None = Field(default=None, ge=1, le=99999)
    """Number in the register; None for a draft."""
    ngay: date | None = None
    """Date of issue; None for a draft."""
    nam: int | None = None
    """Year of a draft (defaults to the date's year)."""
    ky_hieu: str | None = None
    """The symbol after «/»; derived (``KH-UBND``) when absent, required for công văn."""
    trich_yeu: str | None = None
    can_cu: list[str] = []
    tham_quyen_ban_hanh: str | None = None
    """The authority line of a quyết định / nghị quyết (Mẫu 1.1, 1.2); the agency name by default."""
    kinh_gui: list[str] = []
    noi_dung: list[Doan] = []
    nguoi_ky: NguoiKy
    nguoi_ky_2: NguoiKy | None = None
    """The second signer of a biên bản (thư ký, on the left)."""
    noi_nhan: list[str] = []
    luu: list[str] = [nd30.LUU_VAN_THU]
    phu_luc: list[PhuLuc] = []
    do_khan: Literal["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"] | None = None
    ky_hieu_nguoi_soan: str | None = None
    """Drafter's initials and copies (ô 12), e.g. ``PL.(300)``."""
    nguon: str | None = None
    """The source file, for messages and the register."""

    @field_validator("loai")
    @classmethod
    def _known_type(cls, value: str) -> str:
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in nd30.LOAI_VAN_BAN:
            raise ValueError(
                f"loại văn bản «{value}» không có trong Điều 7 Nghị định 30; dùng một trong: "
                + ", ".join(nd30.LOAI_VAN_BAN)
            )
        return key

    @field_validator("ky_hieu")
    @classmethod
    def _symbol(cls, value: str | None) -> str | None:
        if value is None:
            return None
        groups = value.split("-")
        if len(groups) < 2 or not all(_SYMBOL_GROUP.match(g) for g in groups):
            raise ValueError(
                f"ký hiệu «{value}» phải gồm các nhóm chữ nối bằng «-», không có dấu cách "
                "(ví dụ KH-UBND, UBND-VP)"
            )
        return value

    @field_validator("luu")
    @classmethod
    def _archive(cls, value: list[str]) -> list[str]:
        return value if value and value[0] == nd30.LUU_VAN_THU else [nd30.LUU_VAN_THU, *value]

    @field_validator("nam")
    @classmethod
    def _year(cls, value: int | None) -> int | None:
        if value is not None and not 1945 <= value <= 2100:
            raise ValueError(f"năm {value} không hợp lệ")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> VanBan:
        loai = self.loai_van_ban
        if self.ngay is not None:
            if self.nam is not None and self.nam != self.ngay.year:
                raise ValueError(f"năm {self.nam} khác năm của ngày ban hành {self.ngay.year}")
            if not 1945 <= self.ngay.year <= 2100:
                raise ValueError(f"ngày ban hành {self.ngay} nằm ngoài khoảng năm hợp lệ")
        elif self.nam is None:
            raise ValueError("văn bản chưa có ngày (dự thảo) phải có «nam» (năm ban hành)")
        if loai.viet_tat is None and self.ky_hieu is None:
            raise ValueError(
                f"{loai.ten.lower()} không có chữ viết tắt tên loại: cần «ky_hieu» dạng "
                f"{self.co_quan.viet_tat}-<đơn vị soạn thảo>, ví dụ {self.co_quan.viet_tat}-VP"
            )
        if loai.trich_yeu and not self.trich_yeu:
            raise ValueError(f"{loai.ten.lower()} cần trích yếu («trich_yeu»)")
        if loai.khoa == "cong_van" and not self.kinh_gui:
            raise ValueError("công văn cần «kinh_gui» (nơi nhận ở ô Kính gửi)")
        prefix = nd30.CONG_VAN_PREFIX.strip()
        if self.trich_yeu and loai.khoa == "cong_van" and self.trich_yeu.startswith(prefix):
            self.__dict__["trich_yeu"] = self.trich_yeu[len(prefix) :].strip()
        return self

    def sua(self, **changes: Any) -> VanBan:
        """A copy with ``changes`` applied, validated as :func:`vbhc.load` validates a source file:
        a bad value raises the same Vietnamese :class:`MultipleErrors` naming the field (pydantic's
        ``model_copy(update=...)`` checks nothing). ``ngay`` may be written ``14/01/2026``.

        >>> van_ban = van_ban.sua(so=5, ngay="14/01/2026")
        """
        source = self.nguon
        if isinstance(changes.get("ngay"), str):
            try:
                changes["ngay"] = vi.parse_date(changes["ngay"], Vitri(tep=source, truong="ngay"))
            except InputError as problem:
                raise MultipleErrors([problem]) from None
        return validate(type(self), {**dict(self), **changes}, source)

    # --- derived values, used by every writer -------------------------------------------------

    @property
    def loai_van_ban(self) -> nd30.LoaiVanBan:
        return nd30.LOAI_VAN_BAN[self.loai]

    @property
    def nam_ban_hanh(self) -> int:
        return self.ngay.year if self.ngay else self.nam  # type: ignore[return-value]

    @property
    def ky_hieu_day_du(self) -> str:
        """The symbol after «/»: ``KH-UBND``, or the công văn's ``UBND-VP``."""
        if self.ky_hieu:
            return self.ky_hieu
        return f"{self.loai_van_ban.viet_tat}-{self.co_quan.viet_tat}"

    @property
    def so_ky_hieu(self) -> str:
        """``Số: 05/KH-UBND`` (blank number in a draft)."""
        return vi.so_ky_hieu(self.so, self.ky_hieu_day_du)

    @property
    def dia_danh_ngay(self) -> str:
        """``Hùng Thắng, ngày 14 tháng 01 năm 2026`` (blanks in a draft)."""
        return vi.dia_danh_ngay(self.dia_danh, self.ngay, self.nam_ban_hanh)

    @property
    def la_du_thao(self) -> bool:
        return self.so is None or self.ngay is None

    @property
    def dong_noi_nhan(self) -> list[str]:
        """The printed Nơi nhận items: ``- …;`` each, ``- Như trên;`` first when Kính gửi is used,
        the last ``- Lưu: VT, VHXH.``."""
        items = list(self.noi_nhan)
        if self.kinh_gui and (not items or items[0].rstrip(";. ") != nd30.NHU_TREN):
            items.insert(0, nd30.NHU_TREN)
        lines = [f"- {item.rstrip(';.,').strip()};" for item in items]
        lines.append(f"- {nd30.LUU_LABEL} {', '.join(self.luu)}.")
        return lines

    def kem_theo(self) -> str:
        """The italic line under an annex title, built from this document."""
        so = f" {vi.so(self.so)}" if self.so is not None else vi.SO_TRONG
        return (
            f"({nd30.KEM_THEO_LABEL} {self.loai_van_ban.ten} số{so}/{self.ky_hieu_day_du} "
            f"{vi.ngay_thang_nam(self.ngay, self.nam_ban_hanh)} của {self.co_quan.ten_van_ban})"
        )

    def tieu_de_phu_luc(self, index: int) -> str:
        """``Phụ lục`` alone, or ``Phụ lục I``, ``Phụ lục II`` … when there are several."""
        if len(self.phu_luc) < 2:
            return nd30.PHU_LUC_LABEL
        return f"{nd30.PHU_LUC_LABEL} {vi.roman(index + 1)}"


# --- validation with Vietnamese messages ---------------------------------------------------------

_PYDANTIC_VI = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được hỗ trợ (kiểm tra chính tả tên trường)",
    "string_too_short": "không được để trống",
    "string_type": "phải là một chuỗi chữ",
    "int_parsing": "phải là một số nguyên",
    "int_type": "phải là một số nguyên",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD (ví dụ 2026-01-14)",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD (ví dụ 2026-01-14)",
    "date_type": "phải là ngày dạng YYYY-MM-DD (ví dụ 2026-01-14)",
    "list_type": "phải là một danh sách",
    "dict_type": "phải là một bảng khóa: giá trị",
    "model_type": "phải là một bảng khóa: giá trị",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "literal_error": "phải là một trong: {expected}",
    "bool_parsing": "phải là true hoặc false",
    "float_parsing": "phải là một số",
}


def vietnamese_errors(error: ValidationError, source: str | None = None) -> MultipleErrors:
    """Turn pydantic's errors into Vietnamese messages that name the file and the field."""
    found = []
    for item in error.errors():
        field_path = ".".join(str(p) for p in item["loc"]) or None
        if item["type"] == "value_error":
            message = str(item.get("ctx", {}).get("error", item["msg"]))
        else:
            template = _PYDANTIC_VI.get(item["type"])
            ctx = item.get("ctx", {})
            message = template.format(**ctx) if template else item["msg"]
        found.append(InputError(message, Vitri(tep=source, truong=field_path)))
    return MultipleErrors(found)


def validate(cls: type[_Model], data: Any, source: str | None = None) -> Any:
    """``cls.model_validate(data)`` with errors in Vietnamese naming ``source`` and the field."""
    try:
        return cls.model_validate(data)
    except ValidationError as error:
        raise vietnamese_errors(error, source) from None

