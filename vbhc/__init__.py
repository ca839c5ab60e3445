"""vbhc — Vietnamese administrative documents in the Nghị định 30/2020/NĐ-CP format.

>>> from vbhc import load, render
>>> render(load("ke_hoach.md"), "ke_hoach.docx")

The public names are imported lazily so that the command line starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: public name → module that defines it
_EXPORTS = {
    "VanBan": "vbhc.model",
    "CoQuan": "vbhc.model",
    "NguoiKy": "vbhc.model",
    "PhuLuc": "vbhc.model",
    "Bang": "vbhc.model",
    "NhiemVu": "vbhc.model",
    "NhomNhiemVu": "vbhc.model",
    "Doan": "vbhc.model",
    "VbhcError": "vbhc.errors",
    "InputError": "vbhc.errors",
    "load": "vbhc.sources.markdown",
    "loads": "vbhc.sources.markdown",
    "render": "vbhc.writers.docx",
    "render_bytes": "vbhc.writers.docx",
    "read_tasks": "vbhc.sources.xlsx",
    "write_annex_xlsx": "vbhc.writers.xlsx",
    "check": "vbhc.checker",
    "to_pdf": "vbhc.writers.pdf",
    "Register": "vbhc.register",
    "issue": "vbhc.workflows.issue",
    "figures": "vbhc.report",
    "lap_bao_cao": "vbhc.workflows.report",
    "merge": "vbhc.workflows.merge",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:  # pragma: no cover
    from vbhc.errors import InputError, VbhcError
    from vbhc.model import Bang, CoQuan, Doan, NguoiKy, NhiemVu, NhomNhiemVu, PhuLuc, VanBan
    from vbhc.sources.markdown import load, loads
    from vbhc.writers.docx import render, render_bytes


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'vbhc' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
