"""``vbhc check`` on a big document: a kế hoạch of 100,000 body paragraphs, every one of them set
wrong (12 pt, left aligned, no indent, no spacing: three findings each, before grouping), checked
in a fresh process (wall time and peak memory), at several sizes; against plain python-docx reading
the same file (every paragraph's text, style, alignment, indent and every run's font and size)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

from benchmarks.common import Measure, median_time, not_measured, so

MUC_TIEU = "100.000 đoạn dưới 20 s và dưới 500 MB bộ nhớ đỉnh; thời gian mỗi đoạn phẳng"
LIMIT_S = 20.0
LIMIT_MB = 500.0
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MARK = "Kinh phí bố trí trong dự toán ngân sách xã năm 2026."


def big_docx(count: int, out: Path) -> Path:
    """A kế hoạch rendered by vbhc whose body paragraph ``MARK``, set wrong, is copied ``count``
    times (each copy its own text, so that the file compresses like a real one)."""
    from lxml import etree

    from vbhc.model import CoQuan, Doan, NguoiKy, Run, VanBan
    from vbhc.writers.docx import render

    plan = VanBan(
        loai="ke_hoach",
        co_quan=CoQuan(ten="Ủy ban nhân dân xã Hùng Thắng", viet_tat="UBND"),
        dia_danh="Hùng Thắng",
        so=15,
        ngay=date(2026, 1, 14),
        trich_yeu="Cải cách hành chính năm 2026",
        noi_dung=[Doan(kieu="muc", so="I.", runs=[Run(text="KINH PHÍ")]), Doan(runs=[Run(text=MARK)]),
                  Doan(runs=[Run(text="Văn phòng theo dõi, tổng hợp, báo cáo kết quả.")])],
        nguoi_ky=NguoiKy(tham_quyen=["TM. ỦY BAN NHÂN DÂN"], chuc_vu="Chủ tịch", ho_ten="Nguyễn Văn An"),
        noi_nhan=["UBND huyện;", "Lưu: VT."],
    )
    small = render(plan, out.with_suffix(".small.docx"))
    with zipfile.ZipFile(small) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    model = next(p for p in root.iter(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t")) == MARK)
    ppr = model.find(f"{W}pPr")
    for tag, attributes in (("jc", {"val": "left"}), ("ind", {"firstLine": "0"}),
                            ("spacing", {"before": "0", "after": "0"})):
        etree.SubElement(ppr, f"{W}{tag}", {f"{W}{k}": v for k, v in attributes.items()})
    for run in model.iter(f"{W}r"):
        rpr = run.find(f"{W}rPr")
        if rpr is None:
            rpr = etree.SubElement(run, f"{W}rPr")
            run.insert(0, rpr)
        etree.SubElement(rpr, f"{W}sz", {f"{W}val": "24"})
    text = next(model.iter(f"{W}t"))
    for i in range(count - 1):
        paragraph = copy.deepcopy(model)
        next(paragraph.iter(f"{W}t")).text = f"{i * 7919 % 100_003} {text.text}"
        model.addnext(paragraph)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out


_CHECK_SCRIPT = """
import contextlib, json, os, sys, time
sys.path.insert(0, {root!r})
start = time.perf_counter()
from vbhc.cli import cli
with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
    try:
        cli.main(["check", "--json", {path!r}], standalone_mode=False)
        code = 0
    except SystemExit as done:
        code = done.code
took = time.perf_counter() - start
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({{"s": took, "peak_kb": peak, "code": code}}))
"""


def check_in_fresh_process(path: Path) -> tuple[float, float, int]:
    """Seconds and peak resident memory (MB) of ``vbhc check --json path`` run in a new process
    (imports included), and its exit code."""
    root = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run([sys.executable, "-c", _CHECK_SCRIPT.format(root=root, path=str(path))],
                          capture_output=True, text=True, check=True, timeout=900)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return figures["s"], figures["peak_kb"] / 1024, figures["code"]


def python_docx_read(path: Path) -> int:
    """What reading the same file with python-docx alone costs: every paragraph's text, style,
    alignment and first-line indent, every run's font name and size."""
    from docx import Document

    seen = 0
    for paragraph in Document(str(path)).paragraphs:
        fmt = paragraph.paragraph_format
        seen += len(paragraph.text) + bool(paragraph.style.name) + bool(fmt.alignment)
        seen += bool(fmt.first_line_indent)
        for run in paragraph.runs:
            seen += bool(run.font.name) + bool(run.font.size)
    return seen


def run(work: Path, *, quick: bool) -> list[Measure]:
    sizes = [1000, 2000, 5000] if quick else [10_000, 40_000, 100_000]
    big = sizes[-1]
    ten = f"Kiểm tra văn bản {so(big, 0)} đoạn (`vbhc check --json`)"
    try:
        files = {size: big_docx(size, work / f"check_{size}.docx") for size in sizes}
        measured = {size: check_in_fresh_process(files[size]) for size in sizes}
        base, _ = median_time(lambda: python_docx_read(files[big]), 1)
    except Exception as error:
        return [not_measured(ten, MUC_TIEU, error)]
    took, peak, code = measured[big]
    per = {size: measured[size][0] / size * 1000 for size in sizes}
    flat = per[big] <= 1.5 * per[sizes[0]]
    limit_s, limit_mb = LIMIT_S * big / 100_000, LIMIT_MB
    detail = [
        "| Số đoạn | Thời gian (s) | ms/đoạn | Bộ nhớ đỉnh (MB) |",
        "|---:|---:|---:|---:|",
        *(f"| {so(s, 0)} | {so(measured[s][0], 2)} | {so(per[s], 4)} | {so(measured[s][1], 0)} |"
          for s in sizes),
        "",
        "Mỗi cỡ chạy trong một tiến trình mới (tính cả khởi động và import); bộ nhớ đỉnh là VmHWM của "
        "tiến trình. Mỗi đoạn có 3 phát hiện (B1, B2, B3), được gộp thành 3 phát hiện có `so_lan` "
        f"(mã thoát {', '.join(str(measured[s][2]) for s in sizes)}). "
        f"python-docx đọc cùng tệp {so(big, 0)} đoạn (chữ, kiểu, canh lề, thụt đầu dòng, phông và cỡ "
        f"chữ từng run, không kiểm tra gì): {so(base, 2)} s.",
    ]
    return [Measure(
        ten, MUC_TIEU,
        f"vbhc {so(took, 2)} s, bộ nhớ đỉnh {so(peak, 0)} MB; python-docx chỉ đọc {so(base, 2)} s; "
        f"ms/đoạn {' → '.join(so(per[s], 4) for s in sizes)}",
        base / took, took < limit_s and peak < limit_mb and flat and code == 1,
        "thời gian mỗi đoạn " + ("phẳng" if flat else "KHÔNG phẳng")
        + f" (ms/đoạn ở {so(big, 0)} đoạn ≤ 1,5× mức ở {so(sizes[0], 0)} đoạn); "
        "tỉ lệ = python-docx chỉ đọc / vbhc đọc và kiểm tra"
        + ("" if big == 100_000 else f"; ngưỡng co theo cỡ: {so(limit_s, 1)} s"),
        detail,
    )]
