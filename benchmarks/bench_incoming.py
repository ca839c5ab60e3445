"""Accuracy of reading incoming documents (issue 18, point 3): every field of a corpus of known
documents read back from their text PDFs and from their scans, through ``vbhc.incoming.doc_van_ban``.

Targets: text PDFs ≥ 99 % of all fields exact; scans ≥ 90 % for số ký hiệu and for the date, ≥ 85 %
for trích yếu (exact after NFC and white-space normalisation). The ratio column compares with typing
the entry by hand (10 minutes a document, issue 18): 600 s / vbhc's time per document.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import Measure, not_measured, so
from benchmarks.incoming_corpus import Mau, chuan, corpus, scan, to_pdfs

#: Seconds a clerk takes to type one entry by hand (issue 18: 10–15 minutes).
GO_TAY = 600.0
#: field → the floor its scans must reach (issue 18)
MUC_TIEU_QUET = {"so_ky_hieu": 0.90, "ngay_van_ban": 0.90, "trich_yeu": 0.85}
MUC_TIEU_PDF = 0.99


@dataclass(frozen=True)
class KetQua:
    """How one document was read: per field, (value read, exact, flagged for the clerk)."""

    ten: str
    loai: str
    truong: dict[str, tuple[str | None, bool, bool]]
    giay: float
    so_trang: int


def doc(path: Path, mau: Mau) -> KetQua:
    """Read ``path`` with vbhc and compare every field with the truth of ``mau``."""
    from vbhc.incoming import doc_van_ban

    start = time.perf_counter()
    read = doc_van_ban(path)
    seconds = time.perf_counter() - start
    fields = {}
    for name, truth in mau.truth.items():
        found = read.truong.get(name)
        value = None if found is None else found.gia_tri
        exact = value is not None and chuan(value) == truth
        fields[name] = (value, exact, found is None or found.can_xem_lai)
    return KetQua(mau.ten, mau.loai, fields, seconds, read.so_trang or 1)


def _scan_and_read(args: tuple[Mau, bytes, int, str]) -> KetQua:
    mau, pdf, seed, folder = args
    data = scan(pdf, seed=seed)
    suffix = "jpg" if data.startswith(b"\xff\xd8") else "pdf"
    path = Path(folder) / f"{mau.ten}.{suffix}"
    path.write_bytes(data)
    return doc(path, mau)


def do_chinh_xac(results: Sequence[KetQua], name: str) -> float:
    """The share of documents whose field ``name`` was read exactly."""
    return sum(r.truong[name][1] for r in results) / len(results)


def _rows(results: Sequence[KetQua], docs: Sequence[Mau]) -> list[str]:
    """Markdown: per field, exact / wrong and flagged / wrong and not flagged."""
    truth = {m.ten: m.truth for m in docs}
    lines = ["| Trường | Đúng | Sai, có cờ xem lại | Sai, không cờ |", "|---|---:|---:|---:|"]
    for name in next(iter(truth.values())):
        exact = sum(r.truong[name][1] for r in results)
        flagged = sum(not r.truong[name][1] and r.truong[name][2] for r in results)
        share, silent = so(100 * exact / len(results), 1), len(results) - exact - flagged
        lines.append(f"| {name} | {exact}/{len(results)} ({share} %) | {flagged} | {silent} |")
    wrong = [(r.ten, name, r.truong[name][0], truth[r.ten][name]) for name in truth[results[0].ten]
             for r in results if not r.truong[name][1]]
    examples = [w for i, w in enumerate(wrong) if [x[1] for x in wrong[:i]].count(w[1]) < 3]
    if examples:
        lines += ["", "Ví dụ đọc sai, đến 3 mỗi trường (văn bản, trường: đọc được ≠ đúng):", ""]
        lines += [f"* {ten}, {name}: «{got}» ≠ «{want}»" for ten, name, got, want in examples]
    return lines


def run(work: Path, *, quick: bool) -> list[Measure]:
    try:
        docs = corpus(2, 2, 1) if quick else corpus()
        pdfs = to_pdfs(docs, work / "docx")
    except Exception as error:  # LibreOffice missing: say so on the line
        return [not_measured("Văn bản đến: đọc PDF có chữ", "≥ 99 % trường đúng", error)]
    folder = work / "pdf"
    folder.mkdir()
    text: list[KetQua] = []
    for mau in docs:
        path = folder / f"{mau.ten}.pdf"
        path.write_bytes(pdfs[mau.ten])
        text.append(doc(path, mau))
    scans_dir = work / "scan"
    scans_dir.mkdir()
    jobs = [(mau, pdfs[mau.ten], index, str(scans_dir)) for index, mau in enumerate(docs)]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        scans = list(pool.map(_scan_and_read, jobs))
    wall = time.perf_counter() - started
    return _measures(docs, text, scans, wall)


def _measures(docs: Sequence[Mau], text: Sequence[KetQua], scans: Sequence[KetQua],
              wall: float) -> list[Measure]:
    kinds = len({m.loai for m in docs})
    sources = ", ".join(f"{sum(m.nguon == n for m in docs)} {n}" for n in ("vbhc", "phu_luc_3", "word"))
    corpus_note = f"{len(docs)} văn bản, {kinds} loại ({sources})"
    fields = [(r, name) for r in text for name in r.truong]
    exact = sum(r.truong[name][1] for r, name in fields)
    per_doc = sum(r.giay for r in text) / len(text)
    measures = [Measure(
        "Văn bản đến: đọc PDF có chữ", f"≥ {so(100 * MUC_TIEU_PDF, 0)} % trường đúng",
        f"{so(100 * exact / len(fields), 1)} % ({exact}/{len(fields)} trường), {so(per_doc, 2)} s/văn bản",
        GO_TAY / per_doc, exact / len(fields) >= MUC_TIEU_PDF,
        f"{corpus_note}; tỉ lệ so với gõ tay một văn bản (10 phút)", _rows(text, docs),
    )]
    pages = sum(r.so_trang for r in scans)
    per_scan = sum(r.giay for r in scans) / len(scans)
    for name, floor in MUC_TIEU_QUET.items():
        share = do_chinh_xac(scans, name)
        measures.append(Measure(
            f"Văn bản đến: bản quét, {name}", f"≥ {so(100 * floor, 0)} % đúng",
            f"{so(100 * share, 1)} % ({round(share * len(scans))}/{len(scans)})", GO_TAY / per_scan,
            share >= floor, f"{corpus_note}; quét 200 dpi, nhiễu σ = 8, nghiêng ±1°, JPEG 70",
            _rows(scans, docs) if name == "trich_yeu" else [],
        ))
    per_page = sum(r.giay for r in scans) / pages
    measures.append(Measure(
        "Văn bản đến: thời gian OCR một trang", "nhanh hơn gõ tay (10 phút một văn bản)",
        f"{so(per_page, 1)} s/trang ({pages} trang, 2 tiến trình, {so(wall, 0)} s cả bộ)", GO_TAY / per_scan,
        per_scan < GO_TAY, "đọc cả văn bản: dựng trang, chỉnh nghiêng, Tesseract, tìm trường",
    ))
    return measures
