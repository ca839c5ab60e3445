"""PDF of a batch of small documents: ``vbhc.writers.pdf.to_pdf`` (one LibreOffice process for the
batch) vs one ``soffice --convert-to pdf`` process per document."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

from benchmarks.common import Measure, median_time, not_measured, so

MUC_TIEU = "≥ 5× nhanh hơn mỗi văn bản một tiến trình LibreOffice"


def soffice_each(soffice: Path, docs: list[Path], out: Path, profile: Path) -> None:
    """The plain way: one LibreOffice per document (with an already initialised profile)."""
    for doc in docs:
        subprocess.run(
            [str(soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out), str(doc)],
            capture_output=True, check=True, timeout=300,
        )


def run(work: Path, *, quick: bool) -> list[Measure]:
    count = 2 if quick else 50
    ten = f"PDF của {count} văn bản nhỏ"
    try:
        from benchmarks.bench_merge import make_inputs
        from vbhc.workflows.merge import merge
        from vbhc.writers.pdf import require_soffice, to_pdf

        soffice = require_soffice()
        template, data = make_inputs(work, count)
        docs = merge(template, data, work / "docs", name="{stt}.docx").written
        profile = Path(tempfile.mkdtemp(prefix="vbhc-bench-profile-"))
        try:
            soffice_each(soffice, docs[:1], work / "warm", profile)  # profile set up, not timed
            with warnings.catch_warnings():  # the test documents' font is not the point here
                warnings.simplefilter("ignore")
                fast, _ = median_time(lambda: to_pdf(docs, work / "pdf-vbhc"), 1)
            base, _ = median_time(lambda: soffice_each(soffice, docs, work / "pdf-each", profile), 1)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        made = sorted(p.name for p in (work / "pdf-vbhc").glob("*.pdf"))
        assert len(made) == count, made
    except Exception as error:
        return [not_measured(ten, MUC_TIEU, error)]
    ratio = base / fast
    return [Measure(
        ten, MUC_TIEU,
        f"to_pdf {so(fast)} s ({so(fast / count, 3)} s/văn bản); từng tiến trình {so(base)} s "
        f"({so(base / count, 3)} s/văn bản)",
        ratio, ratio >= 5,
        "1 lần mỗi bên (LibreOffice chậm); bên từng tiến trình dùng hồ sơ LibreOffice đã khởi tạo sẵn",
    )]
