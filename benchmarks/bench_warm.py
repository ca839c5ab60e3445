"""A live preview: after the first preview, a change to a 2-page quyết định is rendered and shown
again (DOCX → PDF → PNG of every page) by the warm converter (``vbhc.convert.warm``), against the
cold path of ``vbhc preview`` (one ``soffice --convert-to pdf`` start per preview)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

from benchmarks.common import Measure, median_time, not_measured, so

MUC_TIEU = "xem trước lại văn bản 2 trang sau khi sửa dưới 1,5 s (bộ chuyển đổi chạy sẵn)"
TARGET_S = 1.5
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "quyet_dinh_to_cong_tac" / "quyet_dinh.md"


def run(work: Path, *, quick: bool) -> list[Measure]:
    repeats = 2 if quick else 7
    cold_repeats = 1 if quick else 3
    ten = "PDF xem trước lại văn bản 2 trang sau khi sửa (LibreOffice chạy sẵn)"
    try:
        from vbhc.convert.warm import WarmConverter, pdfium_png, pdftoppm_png
        from vbhc.sources.markdown import load
        from vbhc.writers.docx import render_bytes
        from vbhc.writers.pdf import first_page_png, require_soffice

        soffice = require_soffice()
        van_ban = load(EXAMPLE)
        edits = iter(range(1_000))

        def changed() -> bytes:
            trich_yeu = f"{van_ban.trich_yeu} (sửa {next(edits)})"
            return render_bytes(van_ban.model_copy(update={"trich_yeu": trich_yeu}))

        with warnings.catch_warnings():  # the machine's fonts are not the point here
            warnings.simplefilter("ignore")
            started = time.perf_counter()
            with WarmConverter() as converter:
                first = converter.to_png(changed())  # the first preview: soffice starts, not timed
                first_s = time.perf_counter() - started
                warm, warm_runs = median_time(lambda: converter.to_png(changed()), repeats)
                pdf = converter.to_pdf(changed(), name="quyet_dinh.docx")
                pdfium, _ = median_time(lambda: pdfium_png(pdf, dpi=100), repeats)
                poppler, _ = median_time(lambda: pdftoppm_png(pdf, dpi=100), repeats)

            def cold_preview() -> None:
                source = work / "quyet_dinh.docx"
                source.write_bytes(changed())
                first_page_png(source, work / "trang1.png")

            cold, _ = median_time(cold_preview, cold_repeats)
            profile = Path(tempfile.mkdtemp(prefix="vbhc-bench-profile-"))
            try:
                source = work / "quyet_dinh.docx"
                convert = [str(soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                           "--norestore", "--convert-to", "pdf", "--outdir", str(work / "pdf"), str(source)]

                def plain_convert() -> None:
                    subprocess.run(convert, capture_output=True, check=True, timeout=300)

                plain_convert()  # the profile is set up, not timed
                plain, _ = median_time(plain_convert, cold_repeats)
            finally:
                shutil.rmtree(profile, ignore_errors=True)
        assert len(first) == 2, f"{len(first)} trang"
    except Exception as error:
        return [not_measured(ten, MUC_TIEU, error)]
    ratio = cold / warm
    return [Measure(
        ten, MUC_TIEU,
        f"chạy sẵn {so(warm)} s (trung vị {repeats} lần); khởi động lạnh `vbhc preview` {so(cold)} s",
        ratio, warm < TARGET_S,
        f"lần xem đầu (khởi động soffice, hồ sơ mới) {so(first_s)} s; `soffice --convert-to pdf` với hồ sơ "
        f"đã khởi tạo, chỉ ra PDF: {so(plain)} s; vẽ 2 trang PNG 100 dpi: pypdfium2 {so(pdfium, 3)} s, "
        f"pdftoppm {so(poppler, 3)} s; các lần chạy sẵn: " + ", ".join(so(t) for t in warm_runs)
        + " s. Máy 2 lõi dùng chung với các kỹ sư khác khi đo.",
    )]
