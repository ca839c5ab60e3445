"""Saying what one document is, applying the rules for its kind and collecting the report."""

from __future__ import annotations

from pathlib import Path

from vbhc.checker import check_annex, check_body, check_closing, check_head, check_page
from vbhc.checker.checks import CHECKS, NOT_AUTOMATED, Ctx, NotApplicable, NotEvaluable
from vbhc.checker.components import locate
from vbhc.checker.findings import KhongDanhGia, Report, grouped
from vbhc.checker.kinds import PHU_LUC_RIENG, VAN_BAN_HANH_CHINH, Kind, Recognised, recognise
from vbhc.checker.reader import Document, read
from vbhc.checker.rules import RULES

#: Why a rule of the set does not apply when its check says only that (no component it judges).
NOT_CONCERNED = "văn bản không có thành phần mà quy tắc này xét"

#: The modules whose checks register themselves in CHECKS.
RULE_MODULES = (check_page, check_head, check_body, check_closing, check_annex)


def check(path: str | Path, *, kind: Kind | None = None) -> Report:
    """Check the DOCX at ``path`` against ND30, with the rules for its kind (``kind``: taken for that
    kind, whatever it looks like; None: recognised from the document).

    Raises :class:`vbhc.ooxml.safe.UnreadableDocument` when the file cannot be read as a DOCX.
    """
    return check_document(read(path), kind=kind)


def check_document(doc: Document, *, kind: Kind | None = None) -> Report:
    """Say what ``doc`` is (or take it for ``kind``), and apply the rules for that kind of document."""
    components = locate(doc)
    ctx = Ctx(doc=doc, c=components)
    recognised = recognise(doc, components)
    if kind is not None and kind is not recognised.kind:
        recognised = Recognised(kind, "chỉ định khi gọi kiểm tra")
    kind = recognised.kind
    report = Report(tep=str(doc.path), du_thao=components.draft, kind=kind, dau_hieu=recognised.dau_hieu)
    if kind is PHU_LUC_RIENG:
        report.loai = "phụ lục"
    elif recognised.tieu_de is not None:
        report.loai = recognised.tieu_de
    elif kind is VAN_BAN_HANH_CHINH and components.ten_loai is not None:
        report.loai = components.ten_loai.stripped
    elif kind is VAN_BAN_HANH_CHINH and components.cong_van:
        report.loai = "công văn"
    for rule_id in RULES:
        if rule_id not in kind.rule_set.rules:
            report.not_applicable(rule_id, kind.ngoai_bo)
            continue
        fn = CHECKS.get(rule_id)
        if fn is None:
            reason = NOT_AUTOMATED.get(rule_id, "chưa có bước kiểm tra tự động")
            report.khong_danh_gia.append(KhongDanhGia(rule_id, reason))
            continue
        try:
            findings = grouped(fn(ctx))
        except NotApplicable as reason:
            report.not_applicable(rule_id, str(reason) or NOT_CONCERNED)
            continue
        except NotEvaluable as reason:
            report.khong_danh_gia.append(KhongDanhGia(rule_id, str(reason)))
            continue
        if findings:
            report.findings.extend(findings)
        else:
            report.dat.append(rule_id)
    return report
