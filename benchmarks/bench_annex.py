"""A plan with a big task annex: ``vbhc.writers.docx.render`` vs plain docxtpl rendering the same
table with ``{%tr for %}`` loops; cost per row at several sizes; peak memory in a fresh process."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from benchmarks.common import Measure, median_time, not_measured, so
from tools.make_data import GROUP, tasks  # the rows data/ is generated from, at any size

MUC_TIEU = "≥ 8× nhanh hơn docxtpl; chi phí mỗi dòng phẳng từ 1.000 đến 20.000 dòng; bộ nhớ đỉnh < 300 MB"


def van_ban(count: int):
    """A kế hoạch with one annex of ``count`` tasks in groups of ``GROUP``."""
    from vbhc.model import Bang, CoQuan, Doan, NguoiKy, NhiemVu, NhomNhiemVu, PhuLuc, Run, VanBan
    from vbhc.text.vi import roman

    rows = tasks(count)
    groups = [
        NhomNhiemVu(so=roman(g + 1), ten=f"Nhóm nhiệm vụ {g + 1}",
                    nhiem_vu=[NhiemVu(**r) for r in rows[g * GROUP:(g + 1) * GROUP]])
        for g in range((count + GROUP - 1) // GROUP)
    ]
    return VanBan(
        loai="ke_hoach",
        co_quan=CoQuan(ten="Ủy ban nhân dân xã Hùng Thắng", chu_quan="Ủy ban nhân dân huyện Tiên Lãng",
                       viet_tat="UBND"),
        dia_danh="Hùng Thắng",
        so=15,
        ngay=date(2026, 1, 14),
        trich_yeu="Cải cách hành chính năm 2026",
        noi_dung=[Doan(kieu="muc", so="I.", runs=[Run(text="MỤC ĐÍCH, YÊU CẦU")]),
                  Doan(runs=[Run(text="Nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này.")])],
        nguoi_ky=NguoiKy(tham_quyen=["TM. ỦY BAN NHÂN DÂN"], chuc_vu="Chủ tịch", ho_ten="Nguyễn Văn An"),
        noi_nhan=["UBND huyện;", "Lưu: VT."],
        phu_luc=[PhuLuc(tieu_de="Danh mục nhiệm vụ cải cách hành chính năm 2026", bang=Bang(nhom=groups))],
    )


def docxtpl_template(path: Path) -> Path:
    """The same annex table for plain docxtpl: a header row and ``{%tr for %}`` loops."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026")
    keys = ["stt", "noi_dung", "chu_tri", "phoi_hop", "thoi_gian", "san_pham"]
    table = doc.add_table(rows=7, cols=len(keys))
    table.style = "Table Grid"
    header = ["TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian", "Sản phẩm"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for nhom in nhom_list %}"
    table.rows[2].cells[0].text = "{{ nhom.so }}"
    table.rows[2].cells[1].text = "{{ nhom.ten }}"
    table.rows[3].cells[0].text = "{%tr for nv in nhom.nhiem_vu %}"
    for cell, key in zip(table.rows[4].cells, keys, strict=True):
        cell.text = "{{ nv." + key + " }}"
    table.rows[5].cells[0].text = "{%tr endfor %}"
    table.rows[6].cells[0].text = "{%tr endfor %}"
    doc.save(path)
    return path


def docxtpl_render(template: Path, count: int, out: Path) -> None:
    from docxtpl import DocxTemplate

    from vbhc.text.vi import roman

    rows = tasks(count)
    groups = [
        {"so": roman(g + 1), "ten": f"Nhóm nhiệm vụ {g + 1}", "nhiem_vu": rows[g * GROUP:(g + 1) * GROUP]}
        for g in range((count + GROUP - 1) // GROUP)
    ]
    doc = DocxTemplate(template)
    doc.render({"nhom_list": groups}, autoescape=True)
    doc.save(out)


_MEMORY_SCRIPT = """
import json, resource, sys
sys.path.insert(0, {root!r})


def peak_kb():
    # VmHWM belongs to this process's own memory map; ru_maxrss would also count the RSS the parent
    # had when it started us (Linux keeps the high-water mark across exec)
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


from benchmarks.bench_annex import van_ban
from vbhc.writers.docx import render
before = peak_kb()
vb = van_ban({count})
render(vb, {out!r})
print(json.dumps({{"before_kb": before, "peak_kb": peak_kb()}}))
"""


def peak_memory_mb(count: int, out: Path) -> tuple[float, float]:
    """Peak resident memory (MB) of a fresh process building and rendering the plan, and the
    process's peak before the model was built (interpreter + imports)."""
    root = str(Path(__file__).resolve().parent.parent)
    script = _MEMORY_SCRIPT.format(root=root, count=count, out=str(out))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          timeout=600)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return figures["peak_kb"] / 1024, figures["before_kb"] / 1024


def run(work: Path, *, quick: bool) -> list[Measure]:
    sizes = [200, 500, 1000] if quick else [1000, 5000, 20000]
    repeats = 1 if quick else 3
    big = sizes[-1]
    ten = f"Kế hoạch có phụ lục {so(big, 0)} dòng (DOCX)"
    try:
        from vbhc.writers.docx import render

        template = docxtpl_template(work / "docxtpl_annex.docx")
        per_row: dict[int, float] = {}
        base_per_row: dict[int, float] = {}
        vbhc_times: dict[int, float] = {}
        base_times: dict[int, float] = {}
        render(van_ban(10), work / "warm.docx")  # imports, not timed
        for size in sizes:
            model = van_ban(size)
            vbhc_times[size], _ = median_time(lambda m=model: render(m, work / "vbhc_annex.docx"), repeats)
            per_row[size] = vbhc_times[size] / size * 1000
            base_times[size], _ = median_time(
                lambda s=size: docxtpl_render(template, s, work / "docxtpl_annex_out.docx"),
                repeats if size < big or quick else 1,
            )
            base_per_row[size] = base_times[size] / size * 1000
        memory = sorted(peak_memory_mb(big, work / "memory.docx") for _ in range(repeats))
        peak, start = memory[len(memory) // 2]  # the median run
    except Exception as error:
        return [not_measured(ten, MUC_TIEU, error)]
    ratio = base_times[big] / vbhc_times[big]
    # marginal cost per row between consecutive sizes (the fixed cost of the letterhead cancels out)
    marginal = [
        (vbhc_times[b] - vbhc_times[a]) / (b - a) * 1000 for a, b in itertools.pairwise(sizes)
    ]
    flat = per_row[big] <= 1.25 * per_row[sizes[0]]
    flat = flat and (marginal[0] <= 0 or marginal[-1] <= 1.5 * marginal[0])
    detail = [
        "| Số dòng | vbhc (s) | vbhc (ms/dòng) | docxtpl (s) | docxtpl (ms/dòng) | Tỉ lệ |",
        "|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {so(s, 0)} | {so(vbhc_times[s], 3)} | {so(per_row[s], 4)} | {so(base_times[s], 3)} "
            f"| {so(base_per_row[s], 4)} | {so(base_times[s] / vbhc_times[s], 1)}× |"
            for s in sizes
        ),
        "",
        "Chi phí biên mỗi dòng của vbhc (giữa hai cỡ liền nhau, đã trừ phần cố định): "
        + ", ".join(f"{so(a, 0)}→{so(b, 0)}: {so(m, 4)} ms" for (a, b), m in
                    zip(itertools.pairwise(sizes), marginal, strict=True)) + ".",
        "",
        f"Bộ nhớ đỉnh (RSS, trung vị {repeats} tiến trình mới) khi dựng mô hình {so(big, 0)} nhiệm vụ "
        f"và ghi DOCX: {so(peak, 0)} MB (trong đó {so(start, 0)} MB là trình thông dịch và thư viện "
        "trước khi dựng).",
    ]
    return [Measure(
        ten, MUC_TIEU,
        f"vbhc {so(vbhc_times[big], 3)} s, docxtpl {so(base_times[big], 3)} s; "
        f"ms/dòng {' → '.join(so(per_row[s], 4) for s in sizes)}; bộ nhớ đỉnh {so(peak, 0)} MB",
        ratio, ratio >= 8 and flat and peak < 300,
        "chi phí mỗi dòng " + ("phẳng" if flat else "KHÔNG phẳng")
        + f" (ms/dòng ở {so(big, 0)} dòng ≤ 1,25× mức ở {so(sizes[0], 0)} dòng; chi phí biên "
        "của khoảng lớn nhất ≤ 1,5× khoảng nhỏ nhất)",
        detail,
    )]
