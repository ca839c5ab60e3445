"""Kiểm tra: upload any DOCX, see the findings grouped by part of the document, with the excerpt, and
download the copy repaired as ``vbhc check --fix`` does."""

from __future__ import annotations

import secrets

from flask import Blueprint, request

from vbhc.desk.app import desk, page
from vbhc.errors import InputError, VbhcError, Vitri

bp = Blueprint("kiem_tra", __name__, url_prefix="/kiem-tra")

#: The parts of a document, by the first letter of the rule ids (shared/spec/nd30.md §9).
PARTS = {
    "P": "Trang (khổ giấy, lề, hướng)",
    "H": "Phần đầu (quốc hiệu, tên cơ quan, số, ký hiệu, địa danh, ngày)",
    "T": "Tên loại và trích yếu",
    "B": "Nội dung",
    "S": "Chữ ký, thẩm quyền",
    "R": "Nơi nhận",
    "O": "Thành phần khác (độ khẩn, phụ lục, số trang …)",
}


@bp.get("/")
def form():
    return page("kiem_tra.html", report=None, groups=[], errors=[])


def grouped(report) -> list[tuple[str, list]]:
    """The findings under the part they are about, parts in reading order."""
    by_part: dict[str, list] = {}
    for finding in report.findings:
        by_part.setdefault(finding.rule[:1], []).append(finding)
    order = list(PARTS)
    return [
        (PARTS.get(key, "Khác"), items)
        for key, items in sorted(by_part.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    ]


@bp.post("/")
def run():
    """Check the uploaded DOCX with the same safe reader as ``vbhc check``, and repair a copy."""
    from vbhc.checker import RULES, check
    from vbhc.repair import repair

    upload = request.files.get("tep")
    try:
        if upload is None or not upload.filename:
            raise InputError("chưa chọn tệp DOCX", Vitri(truong="tep"))
        shown = upload.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
        if not shown.lower().endswith(".docx"):
            raise InputError("cần một tệp Word .docx", Vitri(tep=shown))
        path = desk().work / f"kiem-tra-{secrets.token_hex(8)}.docx"
        upload.save(path)
        try:
            report = check(path)
            fixed, changes = repair(path)
        finally:
            path.unlink(missing_ok=True)
    except VbhcError as problem:
        return page("kiem_tra.html", report=None, groups=[], errors=[str(problem)]), 422
    report.tep = shown
    key = desk().keep(fixed, f"{shown[: -len('.docx')]}_da_sua.docx")
    return page(
        "kiem_tra.html", report=report, groups=grouped(report), errors=[], rules=RULES,
        fixed=[c for c in changes if c.da_sua], left=[c for c in changes if not c.da_sua], key=key,
    )
