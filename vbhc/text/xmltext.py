"""Text as XML 1.0 accepts it: the characters it forbids, and escaping for element text.

Every reader strips these characters from user input and every writer escapes through here, so a
cell or a paragraph can never break the document it is written into.
"""

from __future__ import annotations

import re

#: Control characters XML 1.0 forbids (tab, line feed and carriage return are allowed).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe]")
#: The same, with U+FFFF, the other non-character XML forbids.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def strip_forbidden(text: str) -> str:
    """``text`` without the characters XML forbids."""
    return FORBIDDEN.sub("", text) if FORBIDDEN.search(text) else text


def escape(text: str) -> str:
    """Element text: forbidden characters dropped, ``&``, ``<``, ``>`` escaped."""
    text = strip_forbidden(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
