"""Applying every rule to one document and collecting the report."""

from __future__ import annotations

from pathlib import Path

from vbhc.checker import check_annex, check_body, check_closing, check_head, check_page
from vbhc.checker.checks import CHECKS, NOT_AUTOMATED, Ctx, NotApplicable, NotEvaluable
from vbhc.checker.components import locate
from vbhc.checker.findings import KhongDanhGia, Report, grouped
from vbhc.checker.reader import Document, read
from vbhc.checker.rules import RULES

#: The modules whose checks register themselves in CHECKS.
RULE_MODULES = (check_page, check_head, check_body, check_closing, check_annex)


def check(path: str | Path) -> Report:
    """Check the DOCX at ``path`` against ND30.

    Raises :class:`vbhc.ooxml.safe.UnreadableDocument` when the file cannot be read as a DOCX.
    """
    return check_document(read(path))


def check_document(doc: Document) -> Report:
    """Apply every rule to an already read document."""
    components = locate(doc)
    ctx = Ctx(doc=doc, c=components)
    report = Report(tep=str(doc.path), du_thao=components.draft)
    if components.annex_only:
        report.loai = "phụ lục"
    elif components.ten_loai is not None:
        report.loai = components.ten_loai.stripped
    elif components.cong_van:
        report.loai = "công văn"
    for rule_id in RULES:
        if components.annex_only and rule_id[0] in "HTBSR":
            report.khong_ap_dung.append(rule_id)  # an annex alone has no letterhead, body or signature
            continue
        fn = CHECKS.get(rule_id)
        if fn is None:
            reason = NOT_AUTOMATED.get(rule_id, "chưa có bước kiểm tra tự động")
            report.khong_danh_gia.append(KhongDanhGia(rule_id, reason))
            continue
        try:
            findings = grouped(fn(ctx))
        except NotApplicable:
            report.khong_ap_dung.append(rule_id)
            continue
        except NotEvaluable as reason:
            report.khong_danh_gia.append(KhongDanhGia(rule_id, str(reason)))
            continue
        if findings:
            report.findings.extend(findings)
        else:
            report.dat.append(rule_id)
    return report
