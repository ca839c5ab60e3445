"""``vbhc import`` of damaged Word files (the mutations of tests/test_fuzz_check.py: huge or malformed
attributes, removed or duplicated elements, huge texts, broken XML, damaged zip): the file is either
told unreadable in Vietnamese, or imported into a source that vbhc loads. Never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutate import render_source
from test_fuzz_check import VIETNAMESE, build, mutation

from vbhc.errors import VbhcError
from vbhc.importing import import_docx
from vbhc.ooxml.safe import UnreadableDocument
from vbhc.sources.markdown import loads


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("nhap")
    return {name: render_source(name, folder).read_bytes() for name in ("cong_van", "ke_hoach")}


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(base=st.sampled_from(["cong_van", "ke_hoach"]), mutations=st.lists(mutation(), min_size=1, max_size=3))
def test_a_damaged_document_is_refused_in_vietnamese_or_imported_into_a_loadable_source(
    sources: dict[str, bytes], tmp_path: Path, base: str, mutations
) -> None:
    path = tmp_path / "dot_bien.docx"
    path.write_bytes(build(sources[base], mutations))
    try:
        imported = import_docx(path, nam=2026)
    except UnreadableDocument as problem:
        assert VIETNAMESE.search(problem.message), problem.message
        return
    try:
        loads(imported.source_text, source="nhap.md")
    except VbhcError as problem:
        pytest.fail(f"{mutations!r}: the imported source does not load: {problem}")
