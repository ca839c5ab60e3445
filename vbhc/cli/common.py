"""What every command shares: error reporting and exit codes."""

from __future__ import annotations

import sys

import click

from vbhc.errors import EnvironmentProblem, VbhcError

#: Exit codes: 0 ok, 1 input problem (or findings for ``check``), 2 unreadable file / environment.
EXIT_INPUT = 1
EXIT_ENVIRONMENT = 2


def run(group: click.Group) -> int:
    """Run ``group``; a VbhcError or OSError becomes one Vietnamese message, never a traceback."""
    try:
        code = group.main(standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.Abort:
        click.echo("Đã hủy.", err=True)
        return EXIT_INPUT
    except click.ClickException as problem:
        problem.show()
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


def done(message: str) -> None:
    """Print a success line (to stdout)."""
    click.echo(message)


def warn(message: str) -> None:
    """Print a warning line (to stderr)."""
    click.echo(f"Cảnh báo: {message}", err=True)


def echo_err(message: str) -> None:
    click.echo(message, err=True)


__all__ = ["EXIT_ENVIRONMENT", "EXIT_INPUT", "done", "echo_err", "run", "warn"]
_ = sys
