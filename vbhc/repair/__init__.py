"""Repairing a DOCX in a copy: what the checker finds and can fix without touching the words.

>>> from vbhc.repair import repair_file
>>> changes = repair_file("Phuluc4.docx", "Phuluc4_da_sua.docx")
>>> [(c.rule, c.truoc, c.sau) for c in changes if c.da_sua]
[('P3', 'lề phải 4,3 mm', 'lề phải 20 mm')]
"""

from __future__ import annotations

from vbhc.repair.plan import FIXABLE, REPORT_ONLY, Change
from vbhc.repair.run import repair, repair_file

__all__ = ["FIXABLE", "REPORT_ONLY", "Change", "repair", "repair_file"]
