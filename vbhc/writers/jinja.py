"""The one Jinja environment vbhc renders with: sandboxed, autoescaping, strict about names.

Templates and sources come from other offices and are treated as untrusted code: the sandbox
refuses attribute access such as ``__class__`` or ``__globals__``, and nothing in the context
gives access to the file system or to modules.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, Undefined
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from vbhc.errors import InputError, Vitri

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&~])")


def escape_markdown(value: Any) -> str:
    """A value printed into Markdown source stays literal text (``*x*`` is not emphasis)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


@lru_cache(maxsize=8)
def environment(
    *, autoescape: bool = True, strict: bool = True, markdown: bool = False
) -> SandboxedEnvironment:
    """A shared sandboxed environment: XML-escaping when ``autoescape``, Markdown-escaping values
    when ``markdown`` (for templated ``.md`` sources)."""
    return SandboxedEnvironment(
        autoescape=autoescape,
        undefined=StrictUndefined if strict else Undefined,
        keep_trailing_newline=True,
        finalize=escape_markdown if markdown else None,
    )


def template_error(error: Exception, where: Vitri) -> InputError:
    """A Vietnamese message for an error raised while compiling or rendering a template."""
    if isinstance(error, SecurityError):
        return InputError(
            f"mẫu bị từ chối vì truy cập thuộc tính không an toàn ({error})",
            where,
            goi_y="mẫu chỉ được dùng các biến dữ liệu, không được truy cập __class__, __globals__, os …",
        )
    name = type(error).__name__
    if name == "UndefinedError":
        return InputError(f"mẫu dùng biến không có trong dữ liệu: {error}", where)
    if isinstance(error, TemplateError):
        line = getattr(error, "lineno", None)
        detail = f" (dòng {line} của mẫu)" if line else ""
        return InputError(f"lỗi cú pháp trong mẫu{detail}: {error}", where)
    return InputError(f"lỗi khi điền mẫu: {error}", where)


def render_string(
    text: str, context: dict[str, Any], where: Vitri, *, autoescape: bool = False, markdown: bool = False
) -> str:
    """Render ``text`` in the sandbox; errors become InputError naming ``where``."""
    try:
        return environment(autoescape=autoescape, markdown=markdown).from_string(text).render(context)
    except Exception as error:
        raise template_error(error, where) from None
