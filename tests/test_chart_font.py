"""The báo cáo chart is a PNG: the PDF's font check cannot see inside it. So the chart itself is
checked: every text in it is drawn with a font file that matplotlib resolves and that has every
letter of that text; and a missing serif with the Vietnamese letters is said, with the fix."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import pytest

from vbhc.errors import Warnings
from vbhc.report import TRANG_THAI, ThongKe
from vbhc.writers import bao_cao

NAMES = ("Văn phòng HĐND và UBND xã", "Phòng Văn hóa - Xã hội", "Trung tâm Phục vụ hành chính công")


def _figures() -> SimpleNamespace:
    counts = [
        ThongKe({status: (i + j) % 4 for j, status in enumerate(TRANG_THAI)}) for i in range(len(NAMES))
    ]
    return SimpleNamespace(theo_chu_tri=dict(zip(NAMES, counts, strict=True)), as_of=date(2026, 6, 30))


def _texts(fig) -> list:
    from matplotlib.text import Text

    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def test_every_text_of_the_chart_resolves_to_the_chosen_font_with_all_its_letters():
    import matplotlib.pyplot as plt
    from matplotlib.font_manager import findfont
    from matplotlib.ft2font import FT2Font

    chosen = bao_cao.font_path()
    assert chosen is not None, bao_cao.chart_font_warning()
    fig = bao_cao.bieu_do_hinh(_figures())
    try:
        fig.savefig(io.BytesIO(), format="png", dpi=50)  # the texts as printed
        texts = _texts(fig)
        drawn = "".join(t.get_text() for t in texts)
        assert all(word in drawn.replace("\n", " ") for word in ("Số nhiệm vụ", "Đúng hạn", "Phục vụ"))
        for text in texts:
            path = findfont(text.get_fontproperties(), fallback_to_default=False)
            assert path == chosen, f"«{text.get_text()}» được vẽ bằng {path}, không phải {chosen}"
            charmap = FT2Font(path).get_charmap()
            missing = {c for c in text.get_text() if not c.isspace() and ord(c) not in charmap}
            assert not missing, f"phông {path} thiếu chữ {sorted(missing)} trong «{text.get_text()}»"
    finally:
        plt.close(fig)
    assert FT2Font(chosen).family_name in ("Times New Roman", "Liberation Serif", "Tinos")


def test_no_serif_with_vietnamese_letters_is_warned_with_the_fix(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(bao_cao, "_FONTS", ("Phông không có",))
    bao_cao.font_path.cache_clear()
    try:
        warnings = Warnings()
        parts = bao_cao.bieu_do(_figures(), warnings)
    finally:
        bao_cao.font_path.cache_clear()
    assert parts[0].hinh, "the chart is still drawn, in another font"
    messages = [str(w) for w in warnings]
    assert len(messages) == 1 and "apt-get install fonts-liberation2" in messages[0]
    assert "tiếng Việt" in messages[0]


def test_a_font_without_the_vietnamese_letters_is_not_chosen(monkeypatch: pytest.MonkeyPatch):
    """An old Liberation Serif (1.07) has the name but not the letters: files are checked, not names.
    matplotlib's own cmr10.ttf (no Vietnamese letters) stands for it, under that name."""
    from matplotlib.font_manager import fontManager

    old = next((e.fname for e in fontManager.ttflist if e.fname.endswith("cmr10.ttf")), None)
    if old is None:
        pytest.skip("matplotlib ships no cmr10.ttf here")
    fake = SimpleNamespace(name="Liberation Serif", style="normal", weight=400, fname=old)
    monkeypatch.setattr(fontManager, "ttflist", [fake, *fontManager.ttflist])
    bao_cao.font_path.cache_clear()
    try:
        assert bao_cao.font_path() != old
    finally:
        bao_cao.font_path.cache_clear()
