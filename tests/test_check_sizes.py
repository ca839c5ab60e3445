"""Rule P9: a font size no reader can see (absurd, negative, malformed) is an error, never «0 lỗi»."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutate import render_source

from vbhc import nd30
from vbhc.checker import MucDo, check

LOW, HIGH = nd30.FONT_SIZE_RANGE_PT


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_source("ke_hoach", tmp_path_factory.mktemp("sizes"))


def every_28(good: Path, out: Path, value: str) -> Path:
    """``good`` with every ``w:sz w:val="28"`` (14 pt: body, title, signature …) set to ``value``."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(".xml"):
                data = re.sub(rb'(<w:sz w:val=)"28"', b'\\1"' + escaped.encode() + b'"', data)
            target.writestr(item, data)
    return out


out_of_range = st.one_of(
    st.integers(max_value=2 * LOW - 1), st.integers(min_value=2 * HIGH + 1, max_value=10**40)
).map(str)
malformed = st.one_of(
    st.sampled_from(["abc", "", "2_8", "+28", "28.5", " 28", "28 ", "٢٨", "1e400", "inf", "0x1c", "28 pt"]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12).filter(
        lambda t: not re.fullmatch(r"[0-9]+|[0-9]+(\.[0-9]+)?pt", t)
    ),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.one_of(out_of_range, malformed))
def test_a_size_no_reader_sees_is_an_error(good: Path, tmp_path: Path, value: str) -> None:
    report = check(every_28(good, tmp_path / "co_chu.docx", value))
    (p9,) = [f for f in report.findings if f.rule == "P9"]  # one finding for the value, counted
    assert p9.muc_do is MucDo.LOI and not report.ok
    assert p9.so_lan > 1 and p9.vi_tri  # every paragraph in 14 pt carries it
    assert ("ngoài khoảng" in p9.thay) == bool(re.fullmatch(r"-?[0-9]+", value))
    assert f"từ {LOW} đến {HIGH} pt" in p9.can


@pytest.mark.parametrize("value", ["28", "14pt", "14.0pt"])
def test_valid_ways_of_writing_14_pt_pass(good: Path, tmp_path: Path, value: str) -> None:
    report = check(every_28(good, tmp_path / "co_chu.docx", value))
    assert report.findings == [] and "P9" in report.dat
