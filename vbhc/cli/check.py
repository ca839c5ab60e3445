"""``vbhc check``: audit DOCX files against Nghị định 30/2020/NĐ-CP."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import IO, Any

import click

from vbhc.text.vi import so_tu_nhien

#: Groups of findings of one rule shown before the rest are summed up in one line (human output only).
SHOWN_PER_RULE = 5

OUT_OF_MEMORY = (
    "không đủ bộ nhớ để kiểm tra tệp này (văn bản quá lớn so với bộ nhớ của máy); "
    "hãy tách văn bản thành các tệp nhỏ hơn hoặc chạy trên máy nhiều bộ nhớ hơn"
)


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="In kết quả dạng JSON (lược đồ trong docs/kiem-tra.md)."
)
@click.option("--strict", is_flag=True, help="Coi cảnh báo như lỗi (mã thoát 1 khi có cảnh báo).")
@click.option(
    "--fix", "fix", is_flag=True, help="Sửa tự động những gì sửa được mà không đổi chữ, ghi vào bản sao -o."
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Tệp ghi bản đã sửa (bắt buộc với --fix)."
)
def check(files: tuple[Path, ...], as_json: bool, strict: bool, fix: bool, output: Path | None) -> None:
    """Kiểm tra thể thức các tệp DOCX theo Nghị định 30/2020/NĐ-CP.

    Mã thoát: 0 không có lỗi (được phép có cảnh báo, trừ khi dùng --strict), 1 có lỗi,
    2 có tệp không đọc được (kể cả tệp vượt giới hạn kích thước hoặc không đủ bộ nhớ).

    Với --fix TỆP -o TỆP_RA: 0 bản sao đã sửa không còn lỗi, 1 còn lỗi phải sửa tay,
    2 tệp vào không đọc được, không ghi được tệp ra hoặc dùng sai tùy chọn.
    """
    if fix or output is not None:
        from vbhc.cli.fix import fix_command

        sys.exit(fix_command(files, output, fix=fix, as_json=as_json, strict=strict))
    stream = _JsonStream(sys.stdout, strict) if as_json else None
    worst = 0
    readable = passed = 0
    for path in files:
        report, shown = _check_one(path, as_json)
        if report is None:
            worst = 2
            if stream is not None:
                stream.add({"tep": str(path), "doc_duoc": False, "loi_doc": shown})
            else:
                click.echo(f"{path}: không đọc được — {shown}", err=True)
            continue
        readable += 1
        failed = bool(report.errors) or (strict and bool(report.warnings))
        passed += not failed
        if failed and worst == 0:
            worst = 1
        if stream is not None:
            stream.add(shown)
        else:
            click.echo(shown)
    if stream is not None:
        stream.close(worst)
    elif len(files) > 1:
        click.echo(
            f"Tổng cộng: {len(files)} tệp, {passed} tệp đạt, {readable - passed} tệp có lỗi, "
            f"{len(files) - readable} tệp không đọc được."
        )
    sys.exit(worst)


def _check_one(path: Path, as_json: bool) -> tuple[Any, Any]:
    """(report, what to show: its JSON object or its text), or (None, the Vietnamese reason the file
    cannot be read), a file too big for the memory of the machine included."""
    from vbhc.checker import UnreadableDocument
    from vbhc.checker import check as check_file

    try:
        report = check_file(path)
        return report, report.to_json() if as_json else _human(report)
    except UnreadableDocument as problem:
        return None, problem.message + (f" ({problem.goi_y})" if problem.goi_y else "")
    except MemoryError:
        return None, OUT_OF_MEMORY


class _JsonStream:
    """The JSON document, written one file's report at a time (never the whole document at once).

    ``ma_thoat`` comes last: it is known only when every file has been checked."""

    def __init__(self, out: IO[str], strict: bool):
        from vbhc.checker import JSON_SCHEMA_VERSION

        self.out = out
        self.first = True
        out.write(
            f'{{\n  "phien_ban_luoc_do": {JSON_SCHEMA_VERSION},\n  "nghiem_ngat": {json.dumps(strict)},\n'
            '  "ket_qua": ['
        )

    def add(self, item: dict[str, Any]) -> None:
        self.out.write("\n    " if self.first else ",\n    ")
        self.first = False
        for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(item):
            self.out.write(chunk.replace("\n", "\n    "))  # strings never hold a raw newline
        self.out.flush()

    def close(self, worst: int) -> None:
        end = "" if self.first else "\n  "
        self.out.write(f'{end}],\n  "ma_thoat": {worst}\n}}\n')
        self.out.flush()


def _human(report) -> str:
    """The Vietnamese text report of one file: one entry per group of findings, with its count."""
    from vbhc.checker import RULES, MucDo

    name = report.loai or (report.kind.ten if report.kind.ngoai_bo else "không rõ tên loại")
    draft = ", dự thảo" if report.du_thao else ""
    counts = []
    for level in MucDo:
        groups = sum(1 for f in report.findings if f.muc_do is level)
        places = report.so_cho(level)
        counts.append(f"{groups} {level.nhan}" + (f" ({so_tu_nhien(places)} chỗ)" if places > groups else ""))
    kind = _kind_line(report)
    if kind.startswith(f"{name}: "):  # the kind is the name already shown: not twice
        kind = kind[len(name) + 2 :]
    lines = [f"{report.tep} — {name}{draft}: {', '.join(counts)} — {kind}"]
    if report.kind.ngoai_bo:
        skipped = so_tu_nhien(len(RULES) - len(report.kind.rule_set.rules))
        why = f"{report.kind.ngoai_bo}; {skipped} quy tắc khác không áp dụng"
        lines.append(f"  Dấu hiệu nhận biết: {report.dau_hieu}. {why[0].upper()}{why[1:]}.")
    by_rule: dict[str, list] = defaultdict(list)
    for finding in report.findings:
        by_rule[finding.rule].append(finding)
    for rule_id, findings in by_rule.items():
        rule = RULES[rule_id]
        for finding in findings[:SHOWN_PER_RULE]:
            head = f"  [{finding.muc_do.nhan}] {rule_id} {rule.ten}"
            lines.append(f"{head} — {_places(finding)}: {finding.thay}")
            lines.append(f"      → cần: {finding.can} ({rule.dieu_khoan})")
        rest = findings[SHOWN_PER_RULE:]
        if rest:
            places = so_tu_nhien(sum(f.so_lan for f in rest))
            more = so_tu_nhien(len(rest))
            lines.append(f"  … và {more} phát hiện khác ({places} chỗ) cùng quy tắc {rule_id}")
    if not report.findings:
        lines.append("  Không phát hiện lỗi thể thức nào trong các quy tắc kiểm tra được.")
    if report.khong_danh_gia:
        lines.append(
            "  Không đánh giá được: "
            + "; ".join(f"{item.rule} ({item.ly_do})" for item in report.khong_danh_gia)
        )
    return "\n".join(lines)


def _kind_line(report) -> str:
    """What the document was taken for and which rules were applied, for the first line."""
    from vbhc.checker.kinds import compact

    rule_set = report.kind.rule_set
    if not report.kind.ngoai_bo:
        return f"{report.kind.ten}: áp dụng {rule_set.ten} ({so_tu_nhien(len(rule_set.rules))} quy tắc)"
    return f"{report.kind.ten}: chỉ áp dụng {rule_set.ten} ({compact(rule_set.rules)})"


def _places(finding) -> str:
    """``phần 1, đoạn 4 «excerpt»``, or for a group ``12 chỗ: phần 1, đoạn 4 «…»; phần 1, đoạn 9; … ``."""
    if not finding.vi_tri:
        return "toàn văn bản"
    excerpt = f" «{finding.trich_dan}»" if finding.trich_dan else ""
    places = [f"{finding.vi_tri[0]}{excerpt}", *(str(where) for where in finding.vi_tri[1:])]
    if finding.so_lan == 1:
        return places[0]
    more = "; …" if finding.so_lan > len(places) else ""
    return f"{so_tu_nhien(finding.so_lan)} chỗ: " + "; ".join(places) + more


__all__ = ["check"]
