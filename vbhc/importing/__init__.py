"""Reading a Word document back into vbhc's source format (front matter and Markdown body).

``import_docx(path)`` reads the file with the checker's reader (safe, bounded: the file is
untrusted), finds its components with the checker's component finder, and writes them as a source
that :func:`vbhc.load` reads and ``vbhc render`` prints in the form of Nghị định 30. What it cannot
read with certainty is listed in :attr:`Imported.ambiguities`, paragraph by paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vbhc.importing.notes import Ambiguity

__all__ = ["Ambiguity", "Imported", "import_docx"]


@dataclass(frozen=True)
class Imported:
    """The source text of an imported document and what the import had to report."""

    source_text: str
    ambiguities: list[Ambiguity]
    loai: str


def import_docx(path: str | Path, *, nam: int | None = None) -> Imported:
    """Read the DOCX at ``path`` into source text (raises UnreadableDocument for a bad file).

    ``nam``: the year written when the document shows none (a form, a biên bản); this year by default.
    """
    from datetime import date

    from vbhc.checker.components import locate
    from vbhc.checker.reader import read
    from vbhc.importing.assemble import assemble

    document = read(path)
    return assemble(document, locate(document), nam or date.today().year)
