"""Fuzzing ``vbhc check``: structure-aware mutations of a valid vbhc DOCX (attributes set to huge,
negative or malformed values, elements removed or duplicated, huge texts, broken XML, damaged zip).

Each example runs the command in a child process under a hang guard (a timeout) and an
out-of-memory guard (RLIMIT_AS): guards, not speed checks. Whatever the input: exit 0, 1 or 2, never a
traceback, and a file that cannot be checked is told in Vietnamese. ``VBHC_FUZZ_EXAMPLES`` raises the
number of examples for a longer run (CI keeps it near 30 s).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from mutate import render_source

EXAMPLES = int(os.environ.get("VBHC_FUZZ_EXAMPLES", "30"))
TIMEOUT_S = 90  #: hang guard per example (a check of such a document takes about a second)
MEMORY_BYTES = 2 * 1024**3  #: RLIMIT_AS of the child: a runaway allocation ends as MemoryError
VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I)
PARTS = ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/_rels/document.xml.rels")

_RUN = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
sys.argv = ["vbhc", "check", *sys.argv[1:]]
from vbhc.cli import main
main()
"""

HUGE = st.sampled_from(
    ["9" * 30, "-" + "9" * 30, "1e400", "-1e400", "nan", "inf", "", " ", "-1", "0", "2147483648",
     "٢٨", "2_8", "+28", "28.5", "abc", "9" * 5000, "&#0;", "\u202e", "PAGE", "x" * 300]
)
LONG_TEXT = st.sampled_from(
    ["ngày " * 12_000, "9" * 5_000 + ". x", "Điều " + "9" * 5_000 + ". Tên",
     "Số: " + "9" * 5_000 + "/KH-UBND", "MMMCMXCIX. MỤC", "a) " * 20_000, "\u0301" * 10_000, "x" * 60_000]
)


class _Bases(dict):
    def __repr__(self) -> str:  # a failing example names the base, not its bytes
        return "bases"


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("fuzz")
    return _Bases({name: render_source(name, folder).read_bytes() for name in ("cong_van", "ke_hoach")})


def _elements(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str) and e is not root]


@st.composite
def mutation(draw):
    """One mutation: (kind, part, index, value)."""
    kind = draw(st.sampled_from(["attribute", "attribute", "remove", "duplicate", "text", "xml", "zip"]))
    part = draw(st.sampled_from(PARTS))
    index = draw(st.integers(0, 10**6))
    value = draw(
        {
            "attribute": HUGE,
            "remove": st.just(""),
            "duplicate": st.integers(1, 400).map(str),
            "text": LONG_TEXT,
            "xml": st.sampled_from(["truncate", "garbage", "doctype", "utf16", "nul"]),
            "zip": st.sampled_from(["truncate", "flip", "drop", "stored", "double"]),
        }[kind]
    )
    return kind, part, index, value


def _mutate_xml(data: bytes, kind: str, index: int, value: str) -> bytes:
    root = etree.fromstring(data)
    elements = _elements(root)
    if not elements:
        return data
    target = elements[index % len(elements)]
    if kind == "attribute":
        names = list(target.attrib) or ["{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"]
        target.set(names[index % len(names)], value.replace("&#0;", ""))
    elif kind == "remove":
        target.getparent().remove(target)
    elif kind == "duplicate":
        for _ in range(int(value)):
            target.addnext(copy.deepcopy(target))
    elif kind == "text":
        texts = [e for e in elements if e.tag.endswith("}t")] or [target]
        texts[index % len(texts)].text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _broken_xml(data: bytes, how: str, index: int) -> bytes:
    if how == "truncate":
        return data[: index % max(len(data), 1)]
    if how == "garbage":
        cut = index % max(len(data), 1)
        return data[:cut] + b"<\xff\xfe&;<<" + data[cut:]
    if how == "doctype":
        return data.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>', 1)
    if how == "utf16":
        text = data.decode("utf-8", "replace")
        return text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    return data.replace(b">", b">\x00", 1)


def build(base: bytes, mutations: list[tuple[str, str, int, str]]) -> bytes:
    """``base`` with every mutation applied, as the bytes of a (maybe no longer valid) DOCX."""
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    damage = []
    for kind, part, index, value in mutations:
        if kind == "zip":
            damage.append((value, index))
        elif part in parts and kind == "xml":
            parts[part] = _broken_xml(parts[part], value, index)
        elif part in parts:
            with contextlib.suppress(etree.XMLSyntaxError):  # an earlier mutation broke this part
                parts[part] = _mutate_xml(parts[part], kind, index, value)
    compression = zipfile.ZIP_STORED if any(d == "stored" for d, _ in damage) else zipfile.ZIP_DEFLATED
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for number, (name, data) in enumerate(parts.items()):
            if any(d == "drop" and i % len(parts) == number for d, i in damage):
                continue
            archive.writestr(name, data)
            if any(d == "double" and i % len(parts) == number for d, i in damage):
                archive.writestr(name, data)  # a second member of the same name
    data = bytearray(out.getvalue())
    for how, index in damage:
        if how == "truncate" and data:  # a second truncation may meet an empty file
            data = data[: index % len(data)]
        elif how == "flip" and data:
            for k in range(8):
                data[(index + k * 977) % len(data)] ^= 0x5A
    return bytes(data)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large
    ],
)
@given(
    base=st.sampled_from(["cong_van", "ke_hoach"]),
    mutations=st.lists(mutation(), min_size=1, max_size=3),
    as_json=st.booleans(),
)
def test_check_never_crashes_on_a_mutated_docx(
    bases: dict[str, bytes], tmp_path: Path, base: str, mutations, as_json: bool
) -> None:
    path = tmp_path / "dot_bien.docx"
    path.write_bytes(build(bases[base], mutations))
    options = ["--json"] if as_json else []
    command = [sys.executable, "-c", _RUN.format(limit=MEMORY_BYTES), *options, str(path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"vbhc check still running after {TIMEOUT_S} s on {mutations!r}")
    said = done.stdout + done.stderr
    assert done.returncode in (0, 1, 2), (mutations, said[-2000:])
    assert "Traceback" not in said and "Error:" not in said, (mutations, said[-2000:])
    if as_json:
        data = json.loads(done.stdout)
        assert data["ma_thoat"] == done.returncode
        for entry in data["ket_qua"]:
            if not entry["doc_duoc"]:
                assert VIETNAMESE.search(entry["loi_doc"]), entry
    else:
        assert VIETNAMESE.search(said), said
        if done.returncode == 2:
            assert "không đọc được" in done.stderr and VIETNAMESE.search(done.stderr.split("—", 1)[-1])
