"""The one Jinja environment vbhc renders with: sandboxed, autoescaping, strict about names, on a budget.

Templates and sources come from other offices and are treated as untrusted code: the sandbox
refuses attribute access such as ``__class__`` or ``__globals__``, and nothing in the context
gives access to the file system or to modules.

A template cannot hang vbhc either. Each render has a budget (:class:`Limits`): time, loop
iterations (all loops together, so nested loops count as their product), output size, size of any
value a template builds (``'a' * 10**9``, ``s ~ s`` doubled in a loop), call depth (recursive macros)
and the widths filters and string methods pad to (``center``, ``indent``, ``wordwrap``, ``format``).
Constants are not folded at compile time, so a huge constant expression is refused at render time
like any other. Each refusal names the tag or construct, in Vietnamese.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import string
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jinja2 import ChainableUndefined, StrictUndefined, Template, TemplateError, TemplateNotFound, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.loaders import BaseLoader
from jinja2.runtime import Macro
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from vbhc.errors import InputError, Vitri

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~])")

#: Seconds one render may take.
MAX_SECONDS = 20.0
#: Loop iterations in one render, all loops together.
MAX_LOOP_ITERATIONS = 1_000_000
#: Characters one render may output, and the longest string or list a template may build.
MAX_OUTPUT_CHARS = 20_000_000
#: Nested calls (macros, ``caller()``, recursive loops).
MAX_CALL_DEPTH = 50
#: Widest padding a filter or string method may produce (``center``, ``indent``, ``format`` …).
MAX_WIDTH = 1000

#: Filters whose argument is a width or count: argument position (after the value) → its name.
_WIDTH_FILTERS = {"center": (0, "width"), "indent": (0, "width"), "wordwrap": (0, "width"),
                  "slice": (0, "slices"), "batch": (0, "linecount")}
#: String methods that pad to a width given as their first argument.
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_PRINTF = re.compile(r"%[-+ #0(),.*\w]*?[a-zA-Z%]")
_DIGITS = re.compile(r"\d+")


def _n(number: float) -> str:
    """``20.000.000``: a number as written in Vietnamese."""
    return f"{number:,.0f}".replace(",", ".")


class TemplateBudgetError(Exception):
    """A template ran out of its budget; ``message`` says which, naming the construct, in Vietnamese."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Limits:
    """What one render may spend."""

    seconds: float = MAX_SECONDS
    loop_iterations: int = MAX_LOOP_ITERATIONS
    output_chars: int = MAX_OUTPUT_CHARS
    call_depth: int = MAX_CALL_DEPTH


@dataclass
class _Budget:
    limits: Limits
    start: float = field(default_factory=time.monotonic)
    iterations: int = 0
    output: int = 0
    calls: list[str] = field(default_factory=list)  #: the constructs being called, outermost first

    def tick(self, construct: str) -> None:
        if time.monotonic() - self.start > self.limits.seconds:
            raise TemplateBudgetError(
                f"điền mẫu quá {self.limits.seconds:g} giây, dừng ở {construct}"
            )


_ACTIVE: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("vbhc_template_budget", default=None)


@contextlib.contextmanager
def budget(limits: Limits | None = None) -> Iterator[None]:
    """Renders inside share one budget (a new one, unless one is already running)."""
    if _ACTIVE.get() is not None:
        yield
        return
    token = _ACTIVE.set(_Budget(limits or Limits()))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def _refuse_size(size: int, construct: str) -> None:
    """Refuse a string or collection of ``size`` elements when it is larger than a render may build."""
    if size > MAX_OUTPUT_CHARS:
        raise TemplateBudgetError(
            f"{construct} tạo ra giá trị quá lớn ({_n(size)} phần tử, tối đa {_n(MAX_OUTPUT_CHARS)})"
        )


def _check_size(value: Any, construct: str) -> Any:
    """``value`` unless it is a string or collection longer than a render may build."""
    if isinstance(value, str | list | tuple | dict | set):
        _refuse_size(len(value), construct)
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_width(value: Any, what: str, construct: str) -> None:
    if isinstance(value, int | float) and not isinstance(value, bool) and not abs(value) <= MAX_WIDTH:
        shown = _n(value) if abs(value) < float("inf") else str(value)
        raise TemplateBudgetError(f"{construct}: {what} {shown} quá lớn (tối đa {MAX_WIDTH})")


def _check_format_widths(pattern: Any, construct: str) -> None:
    """Widths and precisions in a ``%`` or ``{}`` format string stay under :data:`MAX_WIDTH`."""
    if not isinstance(pattern, str):
        return
    specs = [m.group(0) for m in _PRINTF.finditer(pattern)]
    with contextlib.suppress(ValueError):
        specs += [spec for _, _, spec, _ in string.Formatter().parse(pattern) if spec]
    for spec in specs:
        for digits in _DIGITS.findall(spec):
            if len(digits) > 6 or int(digits) > MAX_WIDTH:
                raise TemplateBudgetError(
                    f"{construct}: độ rộng «{digits}» trong định dạng quá lớn (tối đa {MAX_WIDTH})"
                )


def _check_replace(text: Any, old: Any, new: Any, construct: str) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        count = len(text) + 1 if not old else text.count(old)
        _refuse_size(len(text) + count * (len(new) - len(old)), construct)


def _guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` with its widths and its result checked; pass_context markers are kept."""
    construct = f"bộ lọc «{name}»"
    width = _WIDTH_FILTERS.get(name)
    passes_arg = hasattr(func, "jinja_pass_arg")

    @functools.wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        state = _ACTIVE.get()
        if state is not None:
            state.tick(construct)
        values = args[1:] if passes_arg else args  # the context/environment comes first
        if width is not None:
            position, keyword = width
            given = kwargs.get(keyword, values[position + 1] if len(values) > position + 1 else None)
            _check_width(given, f"tham số «{keyword}»", construct)
        if name == "format" and values:
            _check_format_widths(values[0], construct)
        if name == "replace" and len(values) >= 3:
            _check_replace(values[0], values[1], values[2], construct)
        return _check_size(func(*args, **kwargs), construct)

    return guarded


def _guard_lipsum(func: Callable[..., Any]) -> Callable[..., Any]:
    """Jinja's placeholder text generator, with its paragraph and word counts bounded."""

    @functools.wraps(func)
    def guarded(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> Any:
        for what, value in (("n", n), ("min", min), ("max", max)):
            _check_width(value, f"tham số «{what}»", "hàm «lipsum»")
        return func(n, html, min, max)

    return guarded


def _budgeted_loop(iterable: Any) -> Iterator[Any]:
    """The items of a ``{% for %}`` loop, each counted against the render's budget."""
    construct = "vòng lặp {% for %}"
    state = _ACTIVE.get()
    for item in iterable:
        if state is not None:
            state.iterations += 1
            if state.iterations > state.limits.loop_iterations:
                raise TemplateBudgetError(
                    f"{construct} vượt quá {_n(state.limits.loop_iterations)} lượt lặp (tính cả các vòng "
                    "lồng nhau)"
                )
            if not state.iterations & 0x3FF:
                state.tick(construct)
        yield item


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator with every loop's items and every ``~`` result counted."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        original = node.iter
        node.iter = nodes.Call(
            nodes.EnvironmentAttribute("budgeted_loop"), [original], [], None, None, lineno=node.lineno
        )
        try:
            super().visit_For(node, frame)
        finally:
            node.iter = original

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_concat(")
        super().visit_Concat(node, frame)
        self.write(")")


class _NoLoader(BaseLoader):
    """Templates are self-contained: ``include``, ``import`` and ``extends`` find nothing."""

    def get_source(self, environment: Any, template: str) -> Any:
        raise TemplateNotFound(template)


class _Template(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        with budget():
            return super().render(*args, **kwargs)


class BudgetedEnvironment(SandboxedEnvironment):
    """The sandbox, with each render on a budget (see the module docstring)."""

    code_generator_class = _CodeGenerator
    template_class = _Template
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any):
        super().__init__(loader=_NoLoader(), **options)
        self.optimized = False  # no constant folding at compile time: every expression runs on the budget
        self.globals["lipsum"] = _guard_lipsum(self.globals["lipsum"])
        self.filters = {name: _guard_filter(name, func) for name, func in self.filters.items()}
        self.budgeted_loop = _budgeted_loop

    def concat(self, pieces: Iterable[str]) -> str:  # type: ignore[override]
        """Join output pieces, counting them against the render's output budget."""
        state = _ACTIVE.get()
        if state is None:
            return "".join(pieces)
        out = []
        for piece in pieces:
            state.output += len(piece)
            if state.output > state.limits.output_chars:
                raise TemplateBudgetError(f"kết quả điền mẫu vượt quá {_n(state.limits.output_chars)} ký tự")
            out.append(piece)
        state.tick("lúc ghi kết quả")
        return "".join(out)

    @staticmethod
    def checked_concat(value: Any) -> Any:
        return _check_size(value, "phép nối «~»")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        construct = f"phép «{operator}»"
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and _is_int(count):
                    _refuse_size(len(seq) * count, construct)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
            if right * abs(left).bit_length() > 100_000:
                raise TemplateBudgetError(f"{construct}: lũy thừa {left} ** {right} quá lớn")
        elif operator == "%" and isinstance(left, str):
            _check_format_widths(left, construct)
        return _check_size(super().call_binop(context, operator, left, right), construct)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call from sandboxed code: widths and sizes checked, macro depth and time counted."""
        target = getattr(__obj, "__wrapped__", __obj)
        name = getattr(target, "__name__", type(target).__name__)
        owner = getattr(target, "__self__", None)
        if isinstance(__obj, Macro):
            construct = f"macro «{__obj.name}»"
        elif target is _budgeted_loop:  # the sandbox's own wrapper of a {% for %}: name the loop
            construct = "vòng lặp {% for %}"
        elif owner is not None:
            construct = f"hàm «{type(owner).__name__}.{name}»"
        else:
            construct = f"hàm «{name}»"
        if isinstance(owner, str):
            if name in _WIDTH_METHODS and args:
                _check_width(args[0], "độ rộng", construct)
            elif name in ("format", "format_map"):
                _check_format_widths(owner, construct)
            elif name == "replace" and len(args) >= 2:
                _check_replace(owner, args[0], args[1], construct)
        elif (isinstance(owner, list | dict | set) and name in ("extend", "update") and args
              and isinstance(args[0], list | tuple | dict | set | str)):
            _refuse_size(len(owner) + len(args[0]), construct)
        state = _ACTIVE.get()
        if state is None:
            return _check_size(super().call(__context, __obj, *args, **kwargs), construct)
        state.tick(construct)
        state.calls.append(construct)
        try:
            if len(state.calls) > state.limits.call_depth:
                deepest = next((c for c in reversed(state.calls) if c.startswith("macro")), construct)
                raise TemplateBudgetError(
                    f"{deepest} gọi lồng nhau quá {state.limits.call_depth} tầng (gọi đệ quy không dừng?)"
                )
            return _check_size(super().call(__context, __obj, *args, **kwargs), construct)
        finally:
            state.calls.pop()


def escape_markdown(value: Any) -> str:
    """A value printed into Markdown source stays literal text (``*x*`` is not emphasis)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


@lru_cache(maxsize=8)
def environment(
    *, autoescape: bool = True, strict: bool = True, markdown: bool = False
) -> BudgetedEnvironment:
    """A shared sandboxed environment: XML-escaping when ``autoescape``, Markdown-escaping values
    when ``markdown`` (for templated ``.md`` sources). Not ``strict``: a missing name is empty, and so
    is anything reached through it (for trying a template without its data)."""
    return BudgetedEnvironment(
        autoescape=autoescape,
        undefined=StrictUndefined if strict else ChainableUndefined,
        keep_trailing_newline=True,
        finalize=escape_markdown if markdown else None,
    )


def template_line(error: BaseException) -> int | None:
    """The template line the error was raised at (Jinja maps template frames to ``<template>``)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else getattr(error, "lineno", None)


#: Python errors a template can cause, as a clerk can read them.
_PYTHON_VI = {
    "ZeroDivisionError": "phép chia cho 0",
    "MemoryError": "mẫu cần quá nhiều bộ nhớ",
    "RecursionError": "mẫu gọi lồng nhau quá sâu (gọi đệ quy không dừng?)",
    "OverflowError": "số quá lớn",
    "TypeError": "phép tính hoặc bộ lọc dùng sai kiểu dữ liệu",
    "ValueError": "giá trị không hợp lệ cho phép tính hoặc bộ lọc",
    "KeyError": "không có khóa",
    "IndexError": "chỉ số vượt quá danh sách",
    "AttributeError": "không có thuộc tính",
}


#: Errors whose own text names the value or key at fault, kept after the Vietnamese phrase.
_WITH_DETAIL = frozenset({"TypeError", "ValueError", "KeyError", "IndexError", "AttributeError"})


def template_error(error: BaseException, where: Vitri) -> InputError:
    """A Vietnamese message for an error raised while compiling or rendering a template."""
    line = template_line(error)
    at = f" (dòng {line} của mẫu)" if line else ""
    if isinstance(error, TemplateBudgetError):
        return InputError(
            f"mẫu bị dừng{at}: {error.message}",
            where,
            goi_y="mẫu chỉ nên lặp trên dữ liệu; bỏ vòng lặp lồng nhau, macro gọi chính nó, số hoặc độ rộng "
            "quá lớn",
        )
    if isinstance(error, SecurityError):
        return InputError(
            f"mẫu bị từ chối vì truy cập thuộc tính không an toàn{at} ({error})",
            where,
            goi_y="mẫu chỉ được dùng các biến dữ liệu, không được truy cập __class__, __globals__, os …",
        )
    name = type(error).__name__
    if name == "UndefinedError":
        missing = re.fullmatch(r"'(.+)' is undefined", str(error))
        attribute = re.fullmatch(r"'(.+)' has no attribute '(.+)'", str(error))
        if missing:
            return InputError(f"mẫu dùng biến không có trong dữ liệu{at}: «{missing.group(1)}»", where)
        if attribute:
            return InputError(f"mẫu dùng biến không có trong dữ liệu{at}: «{attribute.group(2)}»", where)
        return InputError(f"mẫu dùng biến không có trong dữ liệu{at}: {error}", where)
    if isinstance(error, TemplateNotFound):
        return InputError(
            f"mẫu nạp mẫu khác «{error.name}»{at} ({{% include %}}, {{% import %}} hoặc {{% extends %}}); "
            "mẫu của vbhc phải tự chứa đủ nội dung",
            where,
        )
    if isinstance(error, TemplateError):
        return InputError(f"lỗi cú pháp trong mẫu{at}: {error}", where)
    known = _PYTHON_VI.get(name)
    detail = str(error) if name in _WITH_DETAIL else ""
    if known:
        return InputError(f"lỗi khi điền mẫu{at}: {known}" + (f" ({detail})" if detail else ""), where)
    detail = str(error)
    return InputError(f"lỗi khi điền mẫu{at}: {detail or name}", where)


def render_string(
    text: str, context: dict[str, Any], where: Vitri, *, autoescape: bool = False, markdown: bool = False
) -> str:
    """Render ``text`` in the sandbox, on a budget; errors become InputError naming ``where``."""
    try:
        return environment(autoescape=autoescape, markdown=markdown).from_string(text).render(context)
    except Exception as error:
        raise template_error(error, where) from None
