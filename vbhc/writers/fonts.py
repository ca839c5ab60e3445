"""Will the PDF be set in Times New Roman, or a metric-compatible stand-in that has every
Vietnamese letter?

Times New Roman is not free software, so Linux machines rarely have it. Liberation Serif and Tinos
have the same advance width for every glyph, so LibreOffice breaks lines and pages exactly where
Word does; any other serif font shifts the text. A family name is not enough: Debian's
``fonts-liberation`` (1.07) is a Liberation Serif without ệ, ụ, ả, ắ, ớ, ố …, and LibreOffice draws
those letters in another font inside Liberation Serif words. So the check reads the character map
of the font files the text will actually be set in: the files fontconfig resolves Times New Roman
to (``fc-match``, which also picks the newer of two installed versions), else, without fontconfig
(Windows, macOS), the known font files in the usual font folders. ``font_warning`` says what is
wrong, in Vietnamese, with the fix (``fonts-liberation2``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from vbhc import nd30

#: The package with a Liberation Serif that has every Vietnamese letter.
FONT_PACKAGE = "fonts-liberation2"
INSTALL_FONTS = f"trên Debian/Ubuntu: sudo apt-get install {FONT_PACKAGE}"

_VOWELS = "aăâeêioôơuưy"
#: Vietnamese tone marks, as combining characters (grave, hook above, tilde, acute, dot below).
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
#: Every Vietnamese letter outside ASCII, lower and upper case (the glyphs a body font must have).
CHU_VIET: tuple[str, ...] = tuple(
    sorted(
        {
            unicodedata.normalize("NFC", letter)
            for vowel in _VOWELS
            for tone in _TONES
            for letter in (vowel + tone, vowel.upper() + tone)
            if not (vowel + tone).isascii()
        }
        | {"đ", "Đ"}
    )
)
#: Faces a document uses (fontconfig style names); each must have every letter.
_STYLES = ("Regular", "Bold", "Italic", "Bold Italic")

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

    font: str | None
    """The family the text will be set in (Times New Roman or a stand-in), None when neither."""
    thieu: tuple[str, ...] = ()
    """Vietnamese letters that family's files lack."""
    tep: tuple[str, ...] = ()
    """The font files checked."""
    checked: bool = True
    """False when nothing could be checked (no fontconfig and no known font folder)."""

    @property
    def ok(self) -> bool:
        """The PDF will keep Word's line and page breaks and every letter (or we could not tell)."""
        return not self.checked or (self.font is not None and not self.thieu)


def missing_letters(path: str | Path, letters: Iterable[str] = CHU_VIET) -> tuple[str, ...]:
    """The ``letters`` the font file at ``path`` has no glyph for (all of them if unreadable)."""
    from matplotlib.ft2font import FT2Font

    letters = tuple(letters)
    try:
        charmap = FT2Font(str(path)).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return letters
    return tuple(letter for letter in letters if not charmap.get(ord(letter)))


def _family(name: str) -> str | None:
    """The accepted family (Times New Roman or a stand-in) that fontconfig's ``name`` is, or None."""
    names = {n.strip().replace("\\-", "-").casefold() for n in name.split(",")}
    return next((f for f in (nd30.FONT, *nd30.FONT_METRIC_COMPATIBLE) if f.casefold() in names), None)


def _resolved_fontconfig(fc_match: str) -> tuple[str | None, list[str]] | None:
    """The family and the files fontconfig sets Times New Roman in (one file per face)."""
    family: str | None = None
    files: list[str] = []
    for style in _STYLES:
        try:
            result = subprocess.run(
                [fc_match, "--format", "%{family}\t%{file}", f"{nd30.FONT}:style={style}"],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if result.returncode != 0 or "\t" not in result.stdout:
            return None
        name, file = result.stdout.strip().split("\t", 1)
        found = _family(name)
        if found is None:
            return None, []
        family = family or found
        if file not in files:
            files.append(file)
    return family, files


def _resolved_files() -> tuple[str | None, list[str]] | None:
    """Without fontconfig: the first accepted family whose known files are in the font folders."""
    dirs = [Path(os.path.expanduser(d)) for d in _FONT_DIRS]
    dirs = [d for d in dirs if d.is_dir()]
    if not dirs:
        return None
    wanted = {name.casefold(): family for family, names in _FONT_FILES.items() for name in names}
    found: dict[str, list[str]] = {}
    for folder in dirs:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                family = wanted.get(name.casefold())
                if family:
                    found.setdefault(family, []).append(os.path.join(root, name))
    for family in (nd30.FONT, *nd30.FONT_METRIC_COMPATIBLE):
        if family in found:
            return family, found[family]
    return None, []


@lru_cache(maxsize=1)
def font_status() -> FontStatus:
    """Check once per process the font the body text will be set in and its Vietnamese letters."""
    fc_match = shutil.which("fc-match")
    resolved = _resolved_fontconfig(fc_match) if fc_match else None
    if resolved is None:
        resolved = _resolved_files()
    if resolved is None:
        return FontStatus(font=None, checked=False)
    family, files = resolved
    if family is None:
        return FontStatus(font=None)
    missing = {letter for file in files for letter in missing_letters(file)}
    return FontStatus(font=family, thieu=tuple(sorted(missing)), tep=tuple(files))


def font_warning(status: FontStatus | None = None) -> str | None:
    """A Vietnamese warning when the PDF would shift or mix typefaces for lack of fonts, else None."""
    status = status or font_status()
    if status.ok:
        return None
    if status.font is None:
        stand_ins = ", ".join(nd30.FONT_METRIC_COMPATIBLE)
        return (
            f"máy này không có phông {nd30.FONT} và cũng không có phông cùng số đo ({stand_ins}): "
            f"PDF sẽ dùng phông khác, ngắt dòng và ngắt trang có thể lệch so với bản in từ Word; "
            f"cài phông: {INSTALL_FONTS}"
        )
    shown = " ".join(status.thieu[:12]) + (" …" if len(status.thieu) > 12 else "")
    files = ", ".join(status.tep)
    return (
        f"phông {status.font} trên máy này ({files}) thiếu {len(status.thieu)} chữ tiếng Việt "
        f"({shown}): LibreOffice sẽ lấy các chữ đó từ phông khác, chữ trong PDF không đều; "
        f"cài bản phông đủ chữ: {INSTALL_FONTS}"
    )


__all__ = [
    "CHU_VIET",
    "FONT_PACKAGE",
    "INSTALL_FONTS",
    "FontStatus",
    "font_status",
    "font_warning",
    "missing_letters",
]
