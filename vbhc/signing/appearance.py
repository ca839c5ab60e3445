"""How a signature shows on the page (Phụ lục I §II.7d, §II.8; nd30 §5): the stamp styles.

* the signer's signature: the image of the handwritten signature, blue, a transparent PNG;
* the agency's seal: the image of the seal, red, a transparent PNG, at the seal's real size;
* the agency's signature on an attachment in a file of its own: no image, one information line
  (số và ký hiệu; thời gian ký) in Times New Roman 10 pt, upright, black.

pyHanko is imported inside the functions (the ``sign`` extra).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from vbhc import nd30
from vbhc.errors import EnvironmentProblem, InputError, Vitri

if TYPE_CHECKING:
    from PIL import Image
    from pyhanko.stamp import BaseStampStyle

PT_PER_MM = 72 / 25.4
#: Vietnam's time zone (UTC+7, ISO 8601 ``+07:00``).
GIO_VIET_NAM = timezone(timedelta(hours=nd30.KY_SO_MUI_GIO_GIO))
#: Size (pt) of the information line (THANH_PHAN «chu_ky_so»: 10 pt).
CO_CHU = nd30.THANH_PHAN["chu_ky_so"].size.default
#: The information line's box is this many times the font size high (one line and its leading).
LINE_HEIGHT = 1.5
#: An image larger than this many pixels is refused (an untrusted file could decompress to gigabytes).
MAX_PIXELS = 40_000_000


class KySoWarning(UserWarning):
    """Something about a signature image or place that the clerk should look at."""


@dataclass(frozen=True)
class AnhKy:
    """A signature or seal image, read and checked."""

    image: Image.Image
    rong_mm: float | None
    """Real width from the PNG's resolution (pHYs), None when the file does not say."""
    cao_mm: float | None


def thoi_gian_ky(moment: datetime) -> str:
    """The signing time as the decree writes it: ``dd/mm/yyyy; hh:mm:ss +07:00`` (Vietnam time)."""
    return moment.astimezone(GIO_VIET_NAM).strftime(nd30.KY_SO_DINH_DANG_THOI_GIAN)


def thong_tin(so_ky_hieu: str, moment: datetime) -> str:
    """The information line of the agency's signature on an attachment (Mẫu 2.2)."""
    return nd30.KY_SO_THONG_TIN.format(so_ky_hieu=so_ky_hieu, thoi_gian=thoi_gian_ky(moment))


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[0:2], 16), int(hex_colour[2:4], 16), int(hex_colour[4:6], 16)


def doc_anh(path: Path, *, mau: str, option: str) -> AnhKy:
    """Read the PNG at ``path``; warn when it is not transparent or not mostly in colour ``mau``."""
    from PIL import Image, UnidentifiedImageError

    vitri = Vitri(tep=str(path), truong=option)
    try:
        with Image.open(path) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise InputError(f"ảnh quá lớn ({opened.width} × {opened.height} điểm ảnh)", vitri)
            kind = opened.format
            dpi = opened.info.get("dpi")
            image = opened.convert("RGBA")
    except (UnidentifiedImageError, Image.DecompressionBombError, ValueError, SyntaxError) as e:
        raise InputError("không đọc được ảnh", vitri, goi_y="dùng tệp PNG nền trong suốt (Phụ lục I)") from e
    if kind != nd30.KY_SO_DINH_DANG_ANH:
        raise InputError(
            f"ảnh là {kind}, Phụ lục I yêu cầu định dạng PNG nền trong suốt",
            vitri,
            goi_y="xuất lại ảnh dạng .png có nền trong suốt",
        )
    _check_colour(image, mau, vitri)
    rong = cao = None
    if dpi and dpi[0] > 1 and dpi[1] > 1:
        rong, cao = image.width / dpi[0] * 25.4, image.height / dpi[1] * 25.4
    return AnhKy(image=image, rong_mm=rong, cao_mm=cao)


def _check_colour(image: Image.Image, mau: str, vitri: Vitri) -> None:
    alpha = image.getchannel("A")
    low, _high = alpha.getextrema()
    if low == 255:
        message = f"{vitri}: ảnh không có nền trong suốt (Phụ lục I yêu cầu nền trong suốt)"
        warnings.warn(KySoWarning(message), stacklevel=3)
        return
    from PIL import ImageStat

    strokes = alpha.point(lambda a: 255 if a >= 128 else 0)  # the pixels that show
    if strokes.getbbox() is None:
        raise InputError("ảnh trong suốt hoàn toàn, không có nét nào", vitri)
    mean = ImageStat.Stat(image.convert("RGB"), mask=strokes).mean
    main = max(range(3), key=lambda i: _rgb(mau)[i])
    if any(mean[main] <= mean[i] for i in range(3) if i != main):
        name = "xanh" if mau == nd30.KY_SO_MAU_CHU_KY else "đỏ"
        message = f"{vitri}: nét ảnh không phải màu {name} (Phụ lục I: ảnh màu {name}); kiểm tra lại ảnh"
        warnings.warn(KySoWarning(message), stacklevel=3)


def _layout(scaling: str = "NO_SCALING", *, x: str = "ALIGN_MID", y: str = "ALIGN_MID"):
    from pyhanko.pdf_utils import layout

    return layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment[x],
        y_align=layout.AxisAlignment[y],
        margins=layout.Margins.uniform(0),
        inner_content_scaling=layout.InnerScaling[scaling],
    )


def kieu_anh(anh: AnhKy, size_pt: tuple[float, float] | None, *, real_size: bool) -> BaseStampStyle:
    """A stamp of the image alone, centred, no border, fully opaque.

    ``real_size`` (the seal): always at ``size_pt``. Otherwise (the signer's image): at ``size_pt``
    (its real size) shrunk to fit the field if larger, or, its size unknown, fitted to the field.
    """
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.stamp import StaticStampStyle

    scaling = "NO_SCALING" if real_size else "SHRINK_TO_FIT" if size_pt else "STRETCH_TO_FIT"
    return StaticStampStyle(
        background=PdfImage(anh.image, box=BoxConstraints(*size_pt) if size_pt else None),
        background_opacity=1.0,
        border_width=0,
        background_layout=_layout(scaling),
    )


def font_file() -> str:
    """The Times New Roman (or metric-compatible) file with every Vietnamese letter, to embed."""
    from vbhc.writers.fonts import font_status, font_warning

    status = font_status()
    if not status.font or not status.tep or status.thieu:
        raise EnvironmentProblem(
            font_warning(status) or f"không tìm thấy tệp phông {nd30.FONT} để nhúng vào chữ ký",
            goi_y="cài phông đủ chữ tiếng Việt rồi ký lại",
        )
    return status.tep[0]


def _font_factory(path: str, size: int):
    """pyHanko's embedded-font engine, in the PDF's 1000-unit glyph space.

    pyHanko 0.38 writes the /W widths and the TJ adjustments in the font's own units, right only for
    fonts with 1000 units per em; TrueType fonts (Times New Roman, Liberation Serif) have 2048, and
    the letters come out spread apart. This engine shapes in 1000 units per em instead.
    """
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class Accumulator(GlyphAccumulator):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._to_1000 = 1000 / self.units_per_em
            self.units_per_em = 1000
            self.hb_font.scale = (1000, 1000)

        def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
            if glyph_id not in self._glyphs:
                cid, width = super()._get_cid_and_width(glyph_id)
                self._glyphs[glyph_id] = (cid, round(width * self._to_1000))
            return self._glyphs[glyph_id]

    class Factory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer, obj_stream=None) -> Accumulator:
            if obj_stream is None and writer.stream_xrefs:
                obj_stream = writer.prepare_object_stream()
            return Accumulator(
                writer=writer,
                font_handle=open(self.font_file, "rb"),  # pyHanko reads it when writing
                font_size=self.font_size,
                obj_stream=obj_stream,
            )

    return Factory(path, font_size=size)


def kieu_thong_tin() -> BaseStampStyle:
    """The information line: Times New Roman (embedded), 10 pt, upright, black, no border."""
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    black = tuple(c / 255 for c in _rgb(nd30.COLOR))
    size = CO_CHU
    return TextStampStyle(
        stamp_text="%(thong_tin)s",
        text_box_style=TextBoxStyle(
            font=_font_factory(font_file(), size),
            font_size=size,
            text_color=black,
            border_width=0,
            box_layout_rule=_layout(),
        ),
        border_width=0,
        inner_content_layout=_layout(x="ALIGN_MAX", y="ALIGN_MAX"),  # top right of a wider field
    )


def thong_tin_size_pt(text: str) -> tuple[float, float]:
    """Width and height (pt) of a box that holds the information line."""
    from vbhc.text.metrics import text_width_mm

    size = CO_CHU
    return text_width_mm(text, size) * PT_PER_MM + size, size * LINE_HEIGHT


__all__ = [
    "GIO_VIET_NAM",
    "AnhKy",
    "KySoWarning",
    "doc_anh",
    "font_file",
    "kieu_anh",
    "kieu_thong_tin",
    "thoi_gian_ky",
    "thong_tin",
    "thong_tin_size_pt",
]
