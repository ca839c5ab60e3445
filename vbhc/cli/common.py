"""What every command shares: error reporting, exit codes and a help text in Vietnamese."""

from __future__ import annotations

import re
import warnings
from typing import Any

import click

from vbhc.errors import EnvironmentProblem, VbhcError

#: Exit codes: 0 ok, 1 input problem (or findings for ``check``), 2 unreadable file / environment.
EXIT_INPUT = 1
EXIT_ENVIRONMENT = 2


def run(group: click.Group) -> int:
    """Run ``group``; a VbhcError or OSError becomes one Vietnamese message, never a traceback."""
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            code = group.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.Abort:
        click.echo("Đã hủy.", err=True)
        return EXIT_INPUT
    except click.UsageError as problem:
        command = problem.ctx.command_path if problem.ctx else "vbhc"
        click.echo(f"Lỗi: {_usage_vi(problem.format_message())}\n  → xem: {command} --help", err=True)
        return problem.exit_code
    except click.ClickException as problem:
        click.echo(f"Lỗi: {_usage_vi(problem.format_message())}", err=True)
        return problem.exit_code
    except EnvironmentProblem as problem:
        click.echo(f"Lỗi: {problem}", err=True)
        return EXIT_ENVIRONMENT
    except VbhcError as problem:
        click.echo(f"Lỗi: {problem}", err=True)
        return EXIT_INPUT
    except FileNotFoundError as problem:
        click.echo(f"Lỗi: không tìm thấy tệp «{problem.filename}»", err=True)
        return EXIT_INPUT
    except PermissionError as problem:
        click.echo(f"Lỗi: không có quyền truy cập «{problem.filename}»", err=True)
        return EXIT_ENVIRONMENT
    except IsADirectoryError as problem:
        click.echo(f"Lỗi: «{problem.filename}» là thư mục, cần một tệp", err=True)
        return EXIT_INPUT
    except OSError as problem:
        click.echo(f"Lỗi: không đọc/ghi được «{problem.filename}»: {problem.strerror}", err=True)
        return EXIT_ENVIRONMENT
    except KeyboardInterrupt:
        click.echo("Đã dừng.", err=True)
        return 130
    return code if isinstance(code, int) else 0


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Python warnings (a missing font …) as one Vietnamese line, without source references."""
    click.echo(f"Cảnh báo: {message}", err=True)


#: click's own usage messages, in Vietnamese.
_USAGE_VI = (
    (re.compile(r"Missing argument '([^']+)'\.?"), r"thiếu tham số \1"),
    (re.compile(r"Missing option '([^']+)'\.?"), r"thiếu tùy chọn \1"),
    (re.compile(r"No such option:? '?([^'\s.]+)'?\.?"), r"không có tùy chọn \1"),
    (re.compile(r"No such command '([^']+)'\.?"), r"không có lệnh «\1»"),
    (re.compile(r"Got unexpected extra arguments? \((.*)\)"), r"thừa tham số: \1"),
    (re.compile(r"Option '([^']+)' requires an argument\.?"), r"tùy chọn \1 cần một giá trị"),
    (re.compile(r"Invalid value for '([^']+)': (.*)"), r"giá trị không hợp lệ cho \1: \2"),
    (re.compile(r"'([^']+)' is not one of (.*)\."), r"«\1» không phải một trong \2"),
    (re.compile(r"'([^']+)' is not a valid (integer|float)\.?"), r"«\1» không phải là số"),
)


def _usage_vi(message: str) -> str:
    for pattern, replacement in _USAGE_VI:
        message = pattern.sub(replacement, message)
    return message


# --- --help in Vietnamese -----------------------------------------------------------------------

#: click's headings, option help and usage pieces, in Vietnamese.
HEADINGS_VI = {"Usage": "Cách dùng", "Options": "Tùy chọn", "Commands": "Lệnh", "Arguments": "Tham số"}
HELP_VI = {
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
}
OPTIONS_METAVAR = "[TÙY_CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM_SỐ]..."
#: Metavars of click's parameter types (``--sheet TEXT`` → ``--sheet CHỮ``).
TYPE_METAVAR_VI = {
    "text": "CHỮ",
    "path": "ĐƯỜNG_DẪN",
    "filename": "TỆP",
    "file": "TỆP",
    "directory": "THƯ_MỤC",
    "integer": "SỐ",
    "integer range": "SỐ",
    "float": "SỐ",
    "float range": "SỐ",
    "boolean": "CÓ/KHÔNG",
}
#: Metavars of the commands' arguments, by parameter name (``SOURCE`` → ``TỆP_NGUỒN``).
ARGUMENT_METAVAR_VI = {
    "source": "TỆP_NGUỒN",
    "tasks": "BẢNG_TÍNH",
    "files": "TỆP",
    "file": "TỆP",
    "out": "TỆP_RA",
    "so": "SỐ",
    "khoa": "KHÓA",
    "template": "MẪU",
    "data": "BẢNG_TÍNH",
    "kind": "LOẠI",
    "folder": "THƯ_MỤC",
}
_EXTRA_VI = (("default: ", "mặc định: "), ("required", "bắt buộc"), ("env var: ", "biến môi trường: "))


class VietnameseFormatter(click.HelpFormatter):
    """click's help formatter with Vietnamese headings, usage prefix and option help."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, f"{HEADINGS_VI['Usage']}: ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS_VI.get(heading, heading))

    def write_text(self, text: str) -> None:
        super().write_text(_argument_words(text))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _help_vi(text)) for term, text in rows], col_max, col_spacing)


#: An argument's English metavar where a help text names it (``từ tệp nguồn SOURCE``).
_ARGUMENT_WORD = re.compile(r"\b(" + "|".join(k.upper() for k in ARGUMENT_METAVAR_VI) + r")\b")


def _argument_words(text: str) -> str:
    return _ARGUMENT_WORD.sub(lambda m: ARGUMENT_METAVAR_VI[m.group(1).lower()], text)


def _help_vi(text: str) -> str:
    text = _argument_words(HELP_VI.get(text, text))
    extra = re.search(r"\[([^\[\]]*)\]$", text)
    if extra:
        inner = extra.group(1)
        for english, vietnamese in _EXTRA_VI:
            inner = inner.replace(english, vietnamese)
        text = text[: extra.start()] + f"[{inner}]"
    return text


class VietnameseContext(click.Context):
    """A context whose help is written by :class:`VietnameseFormatter`."""

    formatter_class = VietnameseFormatter


def vietnamese(command: click.Command) -> click.Command:
    """Give ``command`` (and its sub-commands) Vietnamese help: context, usage and metavars."""
    command.context_class = VietnameseContext
    command.options_metavar = OPTIONS_METAVAR
    if isinstance(command, click.Group):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
        for sub in command.commands.values():
            vietnamese(sub)
    for param in command.params:
        if param.metavar is not None:
            continue
        if isinstance(param, click.Argument) and param.name in ARGUMENT_METAVAR_VI:
            param.metavar = ARGUMENT_METAVAR_VI[param.name] + ("..." if param.nargs == -1 else "")
        elif isinstance(param, click.Option) and not param.is_flag:
            name = TYPE_METAVAR_VI.get(param.type.name)
            if name:
                param.metavar = name
    return command


def done(message: str) -> None:
    """Print a success line (to stdout)."""
    click.echo(message)


def warn(message: str) -> None:
    """Print a warning line (to stderr)."""
    click.echo(f"Cảnh báo: {message}", err=True)


def echo_err(message: str) -> None:
    click.echo(message, err=True)


__all__ = ["EXIT_ENVIRONMENT", "EXIT_INPUT", "done", "echo_err", "run", "warn"]
