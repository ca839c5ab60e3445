"""The progress báo cáo: a ``.md`` source whose text uses the figures, plus generated tables, a chart
and an annex listing every task with its status.

The source is an ordinary vbhc source (``loai: bao_cao``). Its body is a sandboxed template over
:meth:`vbhc.report.Figures.context` (``{{ so_hoan_thanh }}/{{ tong_so }}``), and a paragraph that is
exactly ``[[name]]`` receives generated content (:data:`SLOTS`).
"""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache

from vbhc.errors import Warnings
from vbhc.model import Bang, BangDon, Cot, Doan, NhomNhiemVu, PhuLuc, Run
from vbhc.report import NHAN_NGAN, Figures, tables
from vbhc.report.tables import BangBaoCao, van_ban
from vbhc.text import vi

#: The slots a báo cáo source may use, with what they hold.
SLOTS = {
    "bang_tong_hop": "bảng tổng hợp kết quả theo cơ quan chủ trì (có dòng Tổng cộng)",
    "nhiem_vu_qua_han": "bảng các nhiệm vụ quá hạn (hoặc một câu khi không có)",
    "bang_chi_tieu": "bảng các chỉ tiêu: mục tiêu, kết quả thực hiện, đánh giá Đạt/Chưa đạt",
    "bieu_do": "biểu đồ cột kết quả thực hiện theo cơ quan chủ trì, kèm chú thích",
}

#: The column key of the status in the annex (read through ``NhiemVu.gia_tri``).
KHOA_TINH_TRANG = "tinh_trang"


def _doan(table: BangBaoCao) -> Doan:
    """A report table as a DOCX table paragraph (the DOCX writer sizes the columns by their text)."""
    rows = [[van_ban(value, col) for value, col in zip(row, table.cot, strict=True)] for row in table.dong]
    bang = BangDon(tieu_de=table.tieu_de, dong=rows, dong_dam=sorted(table.dong_dam), can_giua=table.can_giua)
    return Doan(kieu="bang", bang=bang)


def bang_tong_hop(figures: Figures) -> Doan:
    """The summary table by lead body fitted to a portrait page, a «Tổng cộng» row last (bold)."""
    return _doan(tables.tong_hop_gon(figures))


def nhiem_vu_qua_han(figures: Figures) -> list[Doan]:
    """The overdue tasks as a table, or one sentence when there are none."""
    table = tables.qua_han(figures)
    if not table.dong:
        return [Doan(runs=[Run(text=f"Đến ngày {vi.ngay_ngan(figures.as_of)}, không có nhiệm vụ quá hạn.")])]
    return [_doan(table)]


def bang_chi_tieu(figures: Figures) -> list[Doan]:
    """The indicators with target, actual value and Đạt/Chưa đạt; a sentence when there are none."""
    if not figures.chi_tieu:
        return [Doan(runs=[Run(text="Không có số liệu chỉ tiêu (trang tính «Chỉ tiêu»).")])]
    return [_doan(tables.chi_tieu_gon(figures))]


_FONTS = ("Times New Roman", "Liberation Serif", "Tinos", "DejaVu Serif")
_VIETNAMESE = (0x01B0, 0x1EC7, 0x1EA1, 0x0111)  # ư ệ ạ đ


@lru_cache(maxsize=1)
def font_path() -> str | None:
    """A serif font file that has the Vietnamese letters (Times New Roman first, then its stand-ins).

    Systems often carry an old Liberation Serif without them beside a new one, so files are checked,
    not names.
    """
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    by_name: dict[str, list[str]] = {}
    for entry in font_manager.fontManager.ttflist:
        if entry.style == "normal" and entry.weight in (400, "normal", "regular"):
            by_name.setdefault(entry.name, []).append(entry.fname)
    for name in _FONTS:
        for path in sorted(by_name.get(name, []), reverse=True):
            try:
                charmap = FT2Font(path).get_charmap()
            except (OSError, RuntimeError):
                continue
            if all(code in charmap for code in _VIETNAMESE):
                return path
    return None


#: Said when no serif font with the Vietnamese letters is found for the chart.
CANH_BAO_PHONG_BIEU_DO = (
    "biểu đồ: máy không có phông chữ có chân (Times New Roman, Liberation Serif) đủ chữ tiếng Việt, "
    "nhãn biểu đồ sẽ in bằng phông khác"
)
GOI_Y_PHONG_BIEU_DO = "cài phông: sudo apt-get install fonts-liberation2, rồi chạy lại lệnh"


def chart_font_warning() -> str | None:
    """The warning to give when the chart cannot be set in a serif with the Vietnamese letters."""
    path = font_path()
    if path is not None:
        from matplotlib.ft2font import FT2Font

        if FT2Font(path).family_name in _FONTS[:-1]:  # DejaVu Serif is the last resort, not Times
            return None
    return f"{CANH_BAO_PHONG_BIEU_DO}; {GOI_Y_PHONG_BIEU_DO}"


def bieu_do_hinh(figures: Figures):
    """The chart as a matplotlib figure: horizontal stacked bars, tasks per lead body, split by
    status. Every text in it is set in the font file :func:`font_path` chose (none left to
    matplotlib's name lookup, which may pick another file of the same family). Close it after use."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.font_manager import FontProperties

    path = font_path()
    # drawn 6.3 in wide and printed 150 mm wide: these sizes print at about 12 and 11 pt
    font = FontProperties(fname=path, size=12) if path else FontProperties(family="serif", size=12)
    small = font.copy()
    small.set_size(11)
    names = list(figures.theo_chu_tri)
    labels = [textwrap.fill(name, 22) for name in names]
    height = 1.6 + 0.55 * max(len(names), 1)
    fig, ax = plt.subplots(figsize=(6.3, height))
    left = [0] * len(names)
    for status, label in NHAN_NGAN.items():
        values = [figures.theo_chu_tri[n].so_luong[status] for n in names]
        if not any(values):
            continue
        colour = f"#{tables.MAU[status]}"
        bars = ax.barh(labels, values, left=left, color=colour, label=label, edgecolor="white")
        for bar, value in zip(bars, values, strict=True):
            if value:
                dark = status in ("hoan_thanh_dung_han", "dang_thuc_hien", "qua_han")
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    vi.so_tu_nhien(value),
                    ha="center",
                    va="center",
                    color="white" if dark else "black",
                    fontproperties=small,
                )
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("Số nhiệm vụ", fontproperties=font)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_yticks(range(len(labels)), labels, fontproperties=font)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.24 if len(names) < 4 else -0.16),
        ncol=3, frameon=False, prop=small,
    )  # fmt: skip
    fig.canvas.draw()  # the x tick labels exist only once drawn
    for tick in ax.get_xticklabels():
        tick.set_fontproperties(small)
    fig.tight_layout()
    return fig


def bieu_do_png(figures: Figures, *, dpi: int = 200) -> bytes:
    """The chart (:func:`bieu_do_hinh`) as PNG bytes."""
    import matplotlib.pyplot as plt

    fig = bieu_do_hinh(figures)
    try:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    finally:
        plt.close(fig)
    return buffer.getvalue()


def bieu_do(figures: Figures, warnings: Warnings | None = None) -> list[Doan]:
    """The chart as a centred image and its italic caption; a warning when its font lacks
    the Vietnamese letters."""
    if warnings is not None and (problem := chart_font_warning()):
        warnings.add(problem)
    caption = (
        "Biểu đồ: Kết quả thực hiện nhiệm vụ theo cơ quan chủ trì "
        f"(tính đến ngày {vi.ngay_ngan(figures.as_of)})"
    )
    return [
        Doan(kieu="hinh", hinh=bieu_do_png(figures), rong_mm=150),
        Doan(kieu="canh_giua", runs=[Run(text=caption, italic=True)]),
    ]


def slots(figures: Figures, warnings: Warnings | None = None) -> dict[str, list[Doan]]:
    """Every generated part, by slot name (:data:`SLOTS`)."""
    return {
        "bang_tong_hop": [bang_tong_hop(figures)],
        "nhiem_vu_qua_han": nhiem_vu_qua_han(figures),
        "bang_chi_tieu": bang_chi_tieu(figures),
        "bieu_do": bieu_do(figures, warnings),
    }


def phu_luc(figures: Figures, bang: Bang, *, tieu_de: str | None = None) -> PhuLuc:
    """The annex (landscape): every task of ``bang`` (the table ``figures`` was computed from) with its
    deadline, completion date and status."""
    labels = iter([k.nhan for k in figures.ket_qua])
    groups = [
        NhomNhiemVu(
            so=group.so,
            ten=group.ten,
            nhiem_vu=[
                task.model_copy(update={"them": {**task.them, KHOA_TINH_TRANG: next(labels, "")}})
                for task in group.nhiem_vu
            ],
        )
        for group in bang.nhom
    ]
    columns = [
        Cot(khoa="stt", tieu_de="TT", do_rong=0.5),
        Cot(khoa="noi_dung", tieu_de="Nội dung công việc", do_rong=3.4),
        Cot(khoa="chu_tri", tieu_de="Cơ quan chủ trì", do_rong=1.5),
        Cot(khoa="thoi_gian", tieu_de="Thời gian thực hiện/hoàn thành", do_rong=1.3),
        Cot(khoa="ngay_hoan_thanh", tieu_de="Ngày hoàn thành", do_rong=1.3),
        Cot(khoa=KHOA_TINH_TRANG, tieu_de="Tình trạng", do_rong=1.4),
        Cot(khoa="ket_qua", tieu_de="Kết quả, sản phẩm", do_rong=2.0),
    ]
    title = tieu_de or f"Kết quả thực hiện các nhiệm vụ (tính đến ngày {vi.ngay_ngan(figures.as_of)})"
    return PhuLuc(tieu_de=title, bang=Bang(cot=columns, nhom=groups, nguon=bang.nguon), ngang=True)
