"""A package made reproducible and font-safe: what the template builder does to python-docx's output."""

from __future__ import annotations

import re

from vbhc.ooxml.write import rewrite

_DATES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")
#: The typefaces of python-docx's default theme, each of which a viewer could fall back to.
_THEME_FACES = ("Calibri Light", "Calibri", "Cambria", "Times New Roman")


def normalise(data: bytes, *, font: str) -> bytes:
    """``data`` with fixed entry times, no creation or modification date in the core properties, and
    every typeface of the theme set to ``font`` (nothing can fall back to Calibri)."""

    def edit(name: str, content: bytes) -> bytes:
        if name == "docProps/core.xml":
            return _DATES.sub(b"", content)
        if name.startswith("word/theme/"):
            text = content.decode("utf-8")
            for face in _THEME_FACES:
                text = text.replace(f'typeface="{face}"', f'typeface="{font}"')
            return text.encode("utf-8")
        return content

    return rewrite(data, edit)
