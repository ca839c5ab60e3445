"""What every command shares: error reporting and exit codes."""

from __future__ import annotations

import re
import warnings

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


def done(message: str) -> None:
    """Print a success line (to stdout)."""
    click.echo(message)


def warn(message: str) -> None:
    """Print a warning line (to stderr)."""
    click.echo(f"Cảnh báo: {message}", err=True)


def echo_err(message: str) -> None:
    click.echo(message, err=True)


__all__ = ["EXIT_ENVIRONMENT", "EXIT_INPUT", "done", "echo_err", "run", "warn"]
