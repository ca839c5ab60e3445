"""Lint a docxtpl template (a DOCX with Jinja tags) before it renders anything.

Finds what breaks templates edited in Word: tags split across runs of different formatting,
unbalanced ``{%tr %}``/``{%p %}``/``{%tc %}`` blocks, syntax errors, access to ``_private``
attributes (refused by the sandbox), variables the data does not provide, and (by a trial render
without data, on the render budget) templates that would stop a real render: nested loops, recursive
macros, huge values or widths. Every finding names the paragraph or the table cell where the tag is,
in Vietnamese.

The tags are read by :mod:`vbhc.templating.parts`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from vbhc.templating.parts import (
    CHO_CHEN,
    CU_PHAP,
    KHONG_AN_TOAN,
    KHONG_CAN,
    QUA_TAI,
    TACH_THE,
    THIEU_BIEN,
    Finding,
    Lint,
    Tag,
    collect,
    excerpt,
    read_parts,
)

_BLOCKS = frozenset({"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "raw"})
_MIDDLES = {"elif": {"if"}, "else": {"if", "for"}}
_DOCXTPL_EXPR = frozenset({"colspan", "cellbg"})
_DOCXTPL_BARE = frozenset({"vm", "hm"})
_FORBIDDEN = frozenset({"include", "import", "extends", "from"})
_PREFIX_NAMES = {"tr": "hàng bảng", "tc": "ô bảng", "p": "đoạn", "r": "đoạn chữ (run)"}
#: Seconds the trial render of ``template check`` may take (a real render may take longer).
LINT_SECONDS = 5.0


# --- checking -------------------------------------------------------------------------------------


def _environment():
    from vbhc.templating.sandbox import environment

    return environment(autoescape=True)


def _parse(tag: Tag, lint: Lint) -> None:
    from jinja2 import TemplateSyntaxError

    env = _environment()
    keyword = tag.keyword
    if tag.kind == "#":
        return
    if tag.kind == "{":
        source = "{{ " + tag.body + " }}"
    elif keyword in _DOCXTPL_BARE:
        return
    elif keyword in _DOCXTPL_EXPR:
        source = "{{ " + tag.body[len(keyword) :] + " }}"
    elif keyword in _FORBIDDEN:
        lint.add(
            tag.vitri,
            KHONG_AN_TOAN,
            f"thẻ «{excerpt(tag.text)}» nạp mẫu khác ({keyword}); mẫu của vbhc phải tự chứa đủ nội dung",
        )
        return
    elif keyword.startswith("end"):
        if tag.body != keyword:
            lint.add(tag.vitri, CU_PHAP, f"thẻ đóng «{excerpt(tag.text)}» có thừa nội dung sau «{keyword}»")
        return
    elif keyword in _MIDDLES:
        source = "{% if true %}{% " + tag.body + " %}{% endif %}"
    elif keyword in _BLOCKS or (keyword == "set" and "=" not in tag.body):
        source = "{% " + tag.body + " %}{% end" + keyword + " %}"
    else:
        source = "{% " + tag.body + " %}"
    try:
        tag.ast = env.parse(source)
    except TemplateSyntaxError as error:
        lint.add(tag.vitri, CU_PHAP, f"lỗi cú pháp trong thẻ «{excerpt(tag.text)}»: {error.message}")
        return
    _unsafe(tag, lint)


def _unsafe(tag: Tag, lint: Lint) -> None:
    from jinja2 import nodes

    for node in tag.ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Name, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            key = node.attr
        elif isinstance(node, nodes.Getitem):
            key = getattr(node.arg, "value", None)
        elif isinstance(node, nodes.Filter):
            key = getattr(node.args[0], "value", None) if node.name == "attr" and node.args else None
        else:
            key = node.name
        if isinstance(key, str) and key.startswith("_"):
            lint.add(
                tag.vitri,
                KHONG_AN_TOAN,
                f"thẻ «{excerpt(tag.text)}» truy cập «{key}» (tên bắt đầu bằng «_»): không an toàn, "
                "vbhc sẽ từ chối khi điền mẫu",
            )
            return


def _balance(tags: list[Tag], lint: Lint) -> None:
    stack: list[Tag] = []
    for tag in tags:
        if tag.kind != "%":
            continue
        lint.order = tag.paragraph
        keyword = tag.keyword
        if tag.prefix in ("tr", "tc") and tag.row is None:
            lint.add(
                tag.vitri,
                KHONG_CAN,
                f"thẻ «{excerpt(tag.text)}» dùng «{tag.prefix}» nhưng không nằm trong bảng; "
                f"đặt nó trong một {_PREFIX_NAMES[tag.prefix]} riêng",
            )
        opens = keyword in _BLOCKS or (keyword == "set" and "=" not in tag.body)
        if opens:
            stack.append(tag)
        elif keyword in _MIDDLES:
            if not stack or stack[-1].keyword not in _MIDDLES[keyword]:
                lint.add(tag.vitri, KHONG_CAN, f"thẻ «{excerpt(tag.text)}» không nằm trong khối if/for nào")
            else:
                _same_level(stack[-1], tag, lint)
        elif keyword.startswith("end") and keyword != "end":
            wanted = keyword[3:]
            if not stack:
                lint.add(tag.vitri, KHONG_CAN, f"thẻ đóng «{excerpt(tag.text)}» không có thẻ mở tương ứng")
                continue
            opener = stack[-1]
            if opener.keyword != wanted:
                lint.add(
                    tag.vitri,
                    KHONG_CAN,
                    f"thẻ đóng «{excerpt(tag.text)}» không khớp thẻ mở «{excerpt(opener.text)}» "
                    f"({opener.vitri}); cần «end{opener.keyword}»",
                )
                if any(t.keyword == wanted for t in stack):
                    while stack and stack[-1].keyword != wanted:
                        stack.pop()
                    stack.pop()
                continue
            stack.pop()
            _same_level(opener, tag, lint)
    for opener in stack:
        lint.add(
            opener.vitri,
            KHONG_CAN,
            f"thẻ mở «{excerpt(opener.text)}» không có thẻ đóng «{_close_of(opener)}»",
            order=opener.paragraph,
        )


def _close_of(tag: Tag) -> str:
    prefix = f"{tag.prefix} " if tag.prefix else " "
    return "{%" + prefix + "end" + tag.keyword + " %}"


def _same_level(opener: Tag, closer: Tag, lint: Lint) -> None:
    """The opening and the closing tag of a block must use the same docxtpl level, in separate units."""
    if opener.prefix != closer.prefix:
        lint.add(
            closer.vitri,
            KHONG_CAN,
            f"thẻ «{excerpt(closer.text)}» phải cùng loại với thẻ mở «{excerpt(opener.text)}» "
            f"({opener.vitri}): cả hai cùng dùng «{{%{opener.prefix or ''} …%}}»",
        )
        return
    if opener.prefix == "tr" and opener.row is not None and opener.row == closer.row:
        lint.add(
            closer.vitri,
            KHONG_CAN,
            f"«{excerpt(opener.text)}» và «{excerpt(closer.text)}» nằm cùng một hàng bảng; "
            "mỗi thẻ {%tr %} cần một hàng riêng",
        )
    elif opener.prefix == "tc" and opener.cell is not None and opener.cell == closer.cell:
        lint.add(
            closer.vitri,
            KHONG_CAN,
            f"«{excerpt(opener.text)}» và «{excerpt(closer.text)}» nằm cùng một ô; "
            "mỗi thẻ {%tc %} cần một ô riêng",
        )
    elif opener.prefix == "p" and opener.paragraph == closer.paragraph:
        lint.add(
            closer.vitri,
            KHONG_CAN,
            f"«{excerpt(opener.text)}» và «{excerpt(closer.text)}» nằm cùng một đoạn; "
            "mỗi thẻ {%p %} cần một đoạn riêng (hoặc bỏ chữ p)",
        )
    elif opener.prefix in ("", "r") and opener.paragraph != closer.paragraph:
        lint.add(
            closer.vitri,
            KHONG_CAN,
            f"khối «{excerpt(opener.text)}» ({opener.vitri}) kéo sang đoạn khác; khối nhiều đoạn phải dùng "
            "{%p …%} (đoạn), {%tr …%} (hàng bảng) hoặc {%tc …%} (ô)",
        )


def _source_lines(tags: list[Tag]) -> list[tuple[Tag, str]]:
    """The tags as plain Jinja, one line each (docxtpl prefixes dropped), with the tag of each line."""
    lines = []
    for tag in tags:
        keyword = tag.keyword
        if tag.kind == "#" or keyword in _DOCXTPL_BARE or keyword in _FORBIDDEN:
            continue
        if tag.kind == "{":
            lines.append((tag, "{{ " + tag.body + " }}"))
        elif keyword in _DOCXTPL_EXPR:
            lines.append((tag, "{{ " + tag.body[len(keyword) :] + " }}"))
        else:
            lines.append((tag, "{% " + tag.body + " %}"))
    return lines


def _source(tags: list[Tag]) -> str:
    return "\n".join(text for _, text in _source_lines(tags))


def _trial_render(tags: list[Tag], lint: Lint) -> None:
    """Render the template once without data, on a budget, as ``merge`` and ``render`` would: a template
    that would stop a real render (nested loops, recursive macros, huge values) is flagged at its tag."""
    from vbhc.templating.sandbox import Limits, TemplateBudgetError, budget, environment, template_line

    lines = _source_lines(tags)
    try:
        template = environment(autoescape=True, strict=False).from_string("\n".join(t for _, t in lines))
    except Exception:  # syntax errors are reported tag by tag
        return
    try:
        with budget(Limits(seconds=LINT_SECONDS)):
            template.render()
    except (TemplateBudgetError, MemoryError, RecursionError) as error:
        line = template_line(error)
        tag = lines[line - 1][0] if line and 0 < line <= len(lines) else None
        reason = error.message if isinstance(error, TemplateBudgetError) else "mẫu gọi lồng nhau quá sâu"
        lint.add(
            tag.vitri if tag else "",
            QUA_TAI,
            f"thẻ «{excerpt(tag.text)}» sẽ làm dừng việc điền mẫu: {reason}" if tag
            else f"mẫu sẽ làm dừng việc điền mẫu: {reason}",
            order=tag.paragraph if tag else 1 << 28,
        )
    except Exception:  # without data a template may fail in many ways; the real render reports them
        return


def variables(tags: list[Tag]) -> tuple[set[str], dict[str, str]]:
    """The names the template reads from its data, and where each is first used."""
    from jinja2 import TemplateSyntaxError, meta, nodes

    env = _environment()
    first: dict[str, str] = {}
    stored: set[str] = set()
    for tag in tags:
        if tag.ast is None:
            continue
        for node in tag.ast.find_all(nodes.Name):
            if node.ctx == "load":
                first.setdefault(node.name, tag.vitri)
            else:
                stored.add(node.name)
    try:
        names = set(meta.find_undeclared_variables(env.parse(_source(tags))))
    except TemplateSyntaxError:
        names = set(first) - stored
    names -= set(env.globals) | {"loop"}
    return names, first


# --- the public entry point -----------------------------------------------------------------------


def check_template(
    path: str | Path,
    *,
    provided: Iterable[str] | None = None,
    slots: Iterable[str] = (),
    required_slots: Iterable[str] = (),
) -> list[Finding]:
    """Lint the docxtpl template ``path``; ``provided`` are the variable names the data gives.

    ``slots`` are variables holding whole paragraphs (the renderer's ``noi_dung``, ``phu_luc``): a
    template must write them ``{{p name }}``, alone in their paragraph; ``required_slots`` must be
    present. Raises EnvironmentProblem when the file cannot be read as a DOCX.
    """
    parts = read_parts(path)
    lint = Lint()
    rests: dict[tuple[str, int], str] = {}
    tags = collect(parts, lint, rests)
    for tag in tags:
        lint.order = tag.paragraph
        _parse(tag, lint)
    _balance(tags, lint)
    _swallowed(tags, rests, lint)
    _check_slots(tags, set(slots), set(required_slots), lint)
    _trial_render(tags, lint)
    if provided is not None:
        needed, first = variables(tags)
        known = set(provided)
        for name in sorted(needed - known):
            lint.add(
                first.get(name, ""),
                THIEU_BIEN,
                f"biến «{name}» không có trong dữ liệu; dữ liệu có: "
                + (", ".join(sorted(known)) or "(không có biến nào)"),
                order=1 << 30,
            )
    return lint.findings


def _swallowed(tags: list[Tag], rests: dict[tuple[str, int], str], lint: Lint) -> None:
    """docxtpl replaces the whole paragraph, row or cell of a ``{%p``/``{%tr``/``{%tc`` tag: other text
    there is lost."""
    reported: set[tuple[str, int]] = set()
    for tag in tags:
        if tag.prefix not in ("p", "tr", "tc") or tag.kind == "#":
            continue
        unit = {"p": tag.paragraph, "tr": tag.row, "tc": tag.cell}[tag.prefix]
        if unit is None or (tag.prefix, unit) in reported:
            continue
        rest = rests.get((tag.prefix, unit), "")
        if rest:
            reported.add((tag.prefix, unit))
            lint.add(
                tag.vitri,
                KHONG_CAN,
                f"chữ «{excerpt(rest)}» nằm cùng {_PREFIX_NAMES[tag.prefix]} với thẻ «{excerpt(tag.text)}» "
                f"và sẽ mất khi điền mẫu (cả {_PREFIX_NAMES[tag.prefix]} được thay bằng thẻ); "
                "chuyển chữ sang chỗ khác",
                order=tag.paragraph,
            )


def _check_slots(tags: list[Tag], slots: set[str], required: set[str], lint: Lint) -> None:
    used: set[str] = set()
    for tag in tags:
        if tag.kind != "{" or tag.body not in slots:
            continue
        used.add(tag.body)
        others = [t for t in tags if t.paragraph == tag.paragraph and t is not tag]
        if tag.prefix != "p" or others:
            lint.add(
                tag.vitri,
                CHO_CHEN,
                f"«{tag.body}» là nội dung nhiều đoạn: viết «{{{{p {tag.body} }}}}» một mình trong một đoạn",
                order=tag.paragraph,
            )
    for name in sorted(required - used):
        lint.add(
            "",
            CHO_CHEN,
            f"mẫu thiếu chỗ chèn «{{{{p {name} }}}}»: văn bản có phần này nhưng mẫu không có chỗ đặt",
            order=1 << 29,
        )


def template_variables(path: str | Path) -> set[str]:
    """The variables a template reads (for listing them to a user)."""
    lint = Lint()
    tags = collect(read_parts(path), lint)
    for tag in tags:
        _parse(tag, lint)
    return variables(tags)[0]


__all__ = [
    "CHO_CHEN", "CU_PHAP", "KHONG_AN_TOAN", "KHONG_CAN", "QUA_TAI", "TACH_THE", "THIEU_BIEN",
    "Finding", "check_template", "read_parts", "template_variables",
]
