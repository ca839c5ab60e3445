"""Is Times New Roman, or a metric-compatible stand-in, installed for the PDF?

Times New Roman is not free software, so Linux machines rarely have it. Liberation Serif (package
``fonts-liberation``) and Tinos have the same advance width for every glyph, so LibreOffice breaks
lines and pages exactly where Word does; any other serif font shifts the text. ``font_warning`` says
so, in Vietnamese, when neither is present.

Detection uses fontconfig (``fc-list``) where it exists; elsewhere (Windows, macOS without
fontconfig) it looks for the font files in the usual font folders.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from vbhc import nd30

INSTALL_FONTS = "trên Debian/Ubuntu: sudo apt-get install fonts-liberation"

#: Font files looked for when fontconfig is absent, by family.
_FONT_FILES = {
    nd30.FONT: ("times.ttf", "Times New Roman.ttf", "TimesNewRoman.ttf"),
    "Liberation Serif": ("LiberationSerif-Regular.ttf",),
    "Tinos": ("Tinos-Regular.ttf",),
}
_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.fonts",
    "~/.local/share/fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "~/Library/Fonts",
    r"C:\Windows\Fonts",
    "~/AppData/Local/Microsoft/Windows/Fonts",
)


@dataclass(frozen=True)
class FontStatus:
    """What the machine offers for the body font."""

    times_new_roman: bool
    """Times New Roman itself is installed."""
    stand_in: str | None
    """The first metric-compatible stand-in installed (``Liberation Serif``), or None."""
    checked: bool
    """False when nothing could be checked (no fontconfig and no known font folder)."""

    @property
    def ok(self) -> bool:
        """The PDF will keep Word's line and page breaks (or we could not tell)."""
        return self.times_new_roman or self.stand_in is not None or not self.checked

    @property
    def font(self) -> str | None:
        """The font LibreOffice will set the text in."""
        return nd30.FONT if self.times_new_roman else self.stand_in


def _families_fontconfig(fc_list: str) -> set[str] | None:
    try:
        result = subprocess.run(
            [fc_list, ":", "family"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    families = set()
    for line in result.stdout.splitlines():
        for name in line.split(","):
            families.add(name.strip().replace("\\-", "-").casefold())
    return families


def _families_files() -> set[str] | None:
    dirs = [Path(os.path.expanduser(d)) for d in _FONT_DIRS]
    dirs = [d for d in dirs if d.is_dir()]
    if not dirs:
        return None
    wanted = {name.casefold(): family for family, names in _FONT_FILES.items() for name in names}
    found = set()
    for folder in dirs:
        for _root, _dirs, files in os.walk(folder):
            for name in files:
                family = wanted.get(name.casefold())
                if family:
                    found.add(family.casefold())
    return found


@lru_cache(maxsize=1)
def font_status() -> FontStatus:
    """Check once per process which of Times New Roman and its stand-ins are installed."""
    fc_list = shutil.which("fc-list")
    families = _families_fontconfig(fc_list) if fc_list else None
    if families is None:
        families = _families_files()
    if families is None:
        return FontStatus(times_new_roman=False, stand_in=None, checked=False)
    stand_in = next((f for f in nd30.FONT_METRIC_COMPATIBLE if f.casefold() in families), None)
    return FontStatus(times_new_roman=nd30.FONT.casefold() in families, stand_in=stand_in, checked=True)


def font_warning(status: FontStatus | None = None) -> str | None:
    """A Vietnamese warning when the PDF would shift for lack of fonts, else None."""
    status = status or font_status()
    if status.ok:
        return None
    stand_ins = ", ".join(nd30.FONT_METRIC_COMPATIBLE)
    return (
        f"máy này không có phông {nd30.FONT} và cũng không có phông cùng số đo ({stand_ins}): "
        f"PDF sẽ dùng phông khác, ngắt dòng và ngắt trang có thể lệch so với bản in từ Word; "
        f"cài phông: {INSTALL_FONTS}"
    )


__all__ = ["INSTALL_FONTS", "FontStatus", "font_status", "font_warning"]
