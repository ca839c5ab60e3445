"""The ND30 auditor: read any DOCX safely, locate its components, apply the rules of the decree.

>>> from vbhc.checker import check
>>> report = check("ke_hoach.docx")
>>> [f.rule for f in report.errors]
[]
"""

from __future__ import annotations

from vbhc.checker.findings import JSON_SCHEMA_VERSION, Finding, KhongDanhGia, Report
from vbhc.checker.rules import RULES, MucDo, Rule
from vbhc.checker.run import check, check_document
from vbhc.ooxml.safe import UnreadableDocument

__all__ = [
    "JSON_SCHEMA_VERSION",
    "RULES",
    "Finding",
    "KhongDanhGia",
    "MucDo",
    "Report",
    "Rule",
    "UnreadableDocument",
    "check",
    "check_document",
]
