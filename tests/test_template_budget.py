"""Issue 13, point 5: no template can hang vbhc. Each hostile template is stopped by the render budget
with a Vietnamese message naming the construct, in every place templates run (a templated ``.md``
body, ``merge``, ``render --template``) and is flagged by ``template check``. Every case runs in a
child process under a timeout and a memory limit, so a regression fails instead of hanging CI."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ke_hoach_source
from guard import Raised, guarded
from test_merge import make_data, make_template

#: Hostile template bodies, and a word the refusal must name (the construct that was stopped).
HOSTILE = {
    "nested_range": ("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
                     "{% for %}"),
    "nested_literals": ("{% for a in 'abcdefghijklmnopqrstuvwxyz' %}{% for b in [1, 2, 3, 4, 5, 6, 7, 8] %}"
                        "{% for c in range(100000) %}{% endfor %}{% endfor %}{% endfor %}", "{% for %}"),
    "recursive_macro": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "macro «f»"),
    "branching_macro": ("{% macro g() %}{% for i in range(9) %}{{ g() }}{% endfor %}{% endmacro %}{{ g() }}",
                        "macro «g»"),
    "folding": ("{{ 'a' * 10**9 }}", "phép «*»"),
    "power": ("{{ 9 ** 999999999 }}", "phép «**»"),
    "doubling": ("{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"
                 "{% endfor %}", "phép nối «~»"),
    "center": ("{{ 'a'|center(1.5e9) }}", "bộ lọc «center»"),
    "indent": ("{{ 'a\nb'|indent(10**9) }}", "bộ lọc «indent»"),
    "wordwrap": ("{{ 'a b c'|wordwrap(10**9) }}", "bộ lọc «wordwrap»"),
    "format": ("{{ '%999999999s'|format('a') }}", "bộ lọc «format»"),
    "str_format": ("{{ '{:>999999999}'.format('a') }}", "hàm «str.format»"),
    "method": ("{{ 'a'.ljust(10**9) }}", "hàm «str.ljust»"),
}
CASES = sorted(HOSTILE)


def _md_body(folder: str, body: str) -> str | Raised:
    from vbhc.sources.markdown import load

    source = Path(folder) / "nguon.md"
    source.write_text(ke_hoach_source() + "\n" + body + "\n", encoding="utf-8")
    return str(load(source, context={"so_hoan_thanh": 1}).noi_dung)


def _merge(folder: str, body: str) -> list[str]:
    from vbhc.workflows.merge import merge

    template = make_template(Path(folder) / "t.docx", body=[body])
    data = make_data(Path(folder) / "d.xlsx")
    return [str(f) for f in merge(template, data, Path(folder) / "out").failures]


def _render_template(folder: str, body: str) -> str:
    from vbhc.sources.markdown import loads
    from vbhc.writers.docx import render

    template = make_template(Path(folder) / "t.docx", body=[body, "{{p noi_dung }}"], header="", cell="")
    render(loads(ke_hoach_source()), Path(folder) / "ra.docx", template=template)
    return "written"


def _check(folder: str, body: str) -> list[tuple[str, str]]:
    from vbhc.templating.lint import check_template

    template = make_template(Path(folder) / "t.docx", body=["Kính gửi:", body], header="", cell="")
    return [(f.loai, str(f)) for f in check_template(template)]


def _assert_stopped(message: str, construct: str) -> None:
    assert "mẫu bị dừng" in message and construct in message, message
    assert "(dòng " in message, message


@pytest.mark.parametrize("case", CASES)
def test_a_templated_source_body_is_stopped(tmp_path: Path, case: str) -> None:
    body, construct = HOSTILE[case]
    outcome = guarded(_md_body, str(tmp_path), body)
    assert isinstance(outcome, Raised) and outcome.name == "InputError", outcome
    assert "nguon.md" in outcome.message
    _assert_stopped(outcome.message, construct)


@pytest.mark.parametrize("case", CASES)
def test_merge_stops_each_row_and_says_why(tmp_path: Path, case: str) -> None:
    body, construct = HOSTILE[case]
    failures = guarded(_merge, str(tmp_path), body, timeout=60)
    assert isinstance(failures, list) and len(failures) == 3, failures
    for failure in failures:
        _assert_stopped(failure, construct)
    assert not list((tmp_path / "out").glob("*.docx"))


@pytest.mark.parametrize("case", ["nested_range", "recursive_macro", "folding", "center", "format"])
def test_render_with_a_template_is_stopped(tmp_path: Path, case: str) -> None:
    body, construct = HOSTILE[case]
    outcome = guarded(_render_template, str(tmp_path), body)
    assert isinstance(outcome, Raised) and outcome.name == "InputError", outcome
    assert "t.docx" in outcome.message
    _assert_stopped(outcome.message, construct)
    assert not (tmp_path / "ra.docx").exists()


@pytest.mark.parametrize("case", CASES)
def test_template_check_flags_the_same_templates(tmp_path: Path, case: str) -> None:
    body, construct = HOSTILE[case]
    findings = guarded(_check, str(tmp_path), body)
    assert isinstance(findings, list), findings
    stopped = [message for kind, message in findings if kind == "qua_tai"]
    assert len(stopped) == 1 and construct in stopped[0] and "đoạn 3" in stopped[0], findings


def test_template_check_passes_a_plain_template(tmp_path: Path) -> None:
    body = "{% for x in ds %}{{ x|center(20) }} {{ '%05d'|format(x) }}{% endfor %} {{ 'ab' * 3 }}"
    assert guarded(_check, str(tmp_path), body) == []


def _slow(seconds: float) -> str:
    from vbhc.errors import Vitri
    from vbhc.templating.sandbox import Limits, budget, render_string

    with budget(Limits(seconds=seconds, loop_iterations=10**12)):
        loops = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
        return render_string(loops, {}, Vitri(tep="m.md"))


def test_the_time_budget_stops_a_render_and_names_the_loop() -> None:
    outcome = guarded(_slow, 0.5)
    assert isinstance(outcome, Raised) and outcome.name == "InputError", outcome
    assert "(dòng 1 của mẫu): điền mẫu quá 0.5 giây, dừng ở vòng lặp {% for %}" in outcome.message


def _big_output(limit: int) -> str:
    from vbhc.errors import Vitri
    from vbhc.templating.sandbox import Limits, budget, render_string

    with budget(Limits(output_chars=limit)):
        return render_string("{% for i in range(1000) %}{{ 'x' * 100 }}{% endfor %}", {}, Vitri(tep="m.md"))


def test_the_output_budget_stops_a_render() -> None:
    outcome = guarded(_big_output, 10_000)
    assert isinstance(outcome, Raised), outcome
    assert "kết quả điền mẫu vượt quá 10.000 ký tự" in outcome.message
    assert guarded(_big_output, 200_000) == "x" * 100_000


@pytest.mark.parametrize(
    ("body", "said"),
    [("{% include 'khac.docx' %}", "mẫu nạp mẫu khác «khac.docx»"),
     ("{% import 'khac.docx' as k %}", "mẫu nạp mẫu khác «khac.docx»"),
     ("{{ 1 / 0 }}", "phép chia cho 0"),
     ("{{ khong_co }}", "mẫu dùng biến không có trong dữ liệu (dòng 1 của mẫu): «khong_co»")],
)
def test_jinja_english_becomes_vietnamese(body: str, said: str) -> None:
    from vbhc.errors import InputError, Vitri
    from vbhc.templating.sandbox import render_string

    with pytest.raises(InputError) as caught:
        render_string(body, {}, Vitri(tep="m.md"))
    message = str(caught.value)
    assert said in message and "no loader" not in message and not message.rstrip().endswith(":"), message
