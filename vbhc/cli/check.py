"""``vbhc check``: audit DOCX files against Nghị định 30/2020/NĐ-CP."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import click

#: Findings of one rule shown before the rest are summed up in one line (human output only).
SHOWN_PER_RULE = 5


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="In kết quả dạng JSON (lược đồ trong docs/kiem-tra.md)."
)
@click.option("--strict", is_flag=True, help="Coi cảnh báo như lỗi (mã thoát 1 khi có cảnh báo).")
def check(files: tuple[Path, ...], as_json: bool, strict: bool) -> None:
    """Kiểm tra thể thức các tệp DOCX theo Nghị định 30/2020/NĐ-CP.

    Mã thoát: 0 không có lỗi (được phép có cảnh báo, trừ khi dùng --strict), 1 có lỗi,
    2 có tệp không đọc được.
    """
    from vbhc.checker import JSON_SCHEMA_VERSION, UnreadableDocument
    from vbhc.checker import check as check_file

    results: list[dict] = []
    worst = 0
    for path in files:
        try:
            report = check_file(path)
        except UnreadableDocument as problem:
            worst = 2
            message = problem.message + (f" ({problem.goi_y})" if problem.goi_y else "")
            results.append({"tep": str(path), "doc_duoc": False, "loi_doc": message})
            if not as_json:
                click.echo(f"{path}: không đọc được — {message}", err=True)
            continue
        failed = bool(report.errors) or (strict and bool(report.warnings))
        if failed and worst == 0:
            worst = 1
        results.append(report.to_json())
        if not as_json:
            click.echo(_human(report))
    if as_json:
        document = {
            "phien_ban_luoc_do": JSON_SCHEMA_VERSION,
            "nghiem_ngat": strict,
            "ma_thoat": worst,
            "ket_qua": results,
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    elif len(files) > 1:
        readable = [r for r in results if r.get("doc_duoc")]
        passed = sum(1 for r in readable if r["so_loi"] == 0 and not (strict and r["so_canh_bao"]))
        click.echo(
            f"Tổng cộng: {len(files)} tệp, {passed} tệp đạt, {len(readable) - passed} tệp có lỗi, "
            f"{len(files) - len(readable)} tệp không đọc được."
        )
    sys.exit(worst)


def _human(report) -> str:
    """The Vietnamese text report of one file."""
    from vbhc.checker import RULES

    kind = report.loai or "không rõ tên loại"
    draft = ", dự thảo" if report.du_thao else ""
    lines = [
        f"{report.tep} — {kind}{draft}: {len(report.errors)} lỗi, {len(report.warnings)} cảnh báo, "
        f"{len(report.findings) - len(report.errors) - len(report.warnings)} gợi ý"
    ]
    by_rule: dict[str, list] = defaultdict(list)
    for finding in report.findings:
        by_rule[finding.rule].append(finding)
    for rule_id, findings in by_rule.items():
        rule = RULES[rule_id]
        for finding in findings[:SHOWN_PER_RULE]:
            where = f"{finding.vi_tri}" if finding.vi_tri else "toàn văn bản"
            excerpt = f" «{finding.trich_dan}»" if finding.trich_dan else ""
            lines.append(f"  [{finding.muc_do.nhan}] {rule_id} {rule.ten} — {where}{excerpt}: {finding.thay}")
            lines.append(f"      → cần: {finding.can} ({rule.dieu_khoan})")
        if len(findings) > SHOWN_PER_RULE:
            lines.append(f"  … và {len(findings) - SHOWN_PER_RULE} chỗ khác cùng quy tắc {rule_id}")
    if not report.findings:
        lines.append("  Không phát hiện lỗi thể thức nào trong các quy tắc kiểm tra được.")
    if report.khong_danh_gia:
        lines.append(
            "  Không đánh giá được: "
            + "; ".join(f"{item.rule} ({item.ly_do})" for item in report.khong_danh_gia)
        )
    return "\n".join(lines)


__all__ = ["check"]

