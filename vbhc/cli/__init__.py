"""The ``vbhc`` command. Each sub-command lives in its own module, imported only when it runs,
so that ``vbhc --version`` and ``vbhc --help`` start fast."""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from vbhc import __version__
from vbhc.cli.common import vietnamese

#: command name → "module:attribute" (modules under vbhc.cli)
COMMANDS = {
    "render": "vbhc.cli.render:render",
    "types": "vbhc.cli.render:types",
    "new": "vbhc.cli.render:new",
    "annex": "vbhc.cli.annex:annex",
    "report": "vbhc.cli.report:report",
    "issue": "vbhc.cli.register:issue",
    "register": "vbhc.cli.register_den:register",  # the group, with the sổ đến commands attached
    "receive": "vbhc.cli.register_den:receive",
    "check": "vbhc.cli.check:check",
    "import": "vbhc.cli.import_:import_",
    "pdf": "vbhc.cli.pdf:pdf",
    "preview": "vbhc.cli.pdf:preview",
    "merge": "vbhc.cli.merge:merge",
    "template": "vbhc.cli.template:template",
    "metadata": "vbhc.cli.metadata:metadata",
    "edxml": "vbhc.cli.edxml:edxml",
    "sign": "vbhc.cli.sign:sign",
    "verify": "vbhc.cli.verify:verify",
    "serve": "vbhc.cli.serve:serve",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, each given its Vietnamese help."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [
            name
            for name, target in COMMANDS.items()
            if importlib.util.find_spec(target.split(":")[0]) is not None
        ]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        if importlib.util.find_spec(module_name) is None:
            return None
        return vietnamese(getattr(importlib.import_module(module_name), attr))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    "--version",
    "-V",
    prog_name="vbhc",
    message="%(prog)s %(version)s",
    help="Hiện phiên bản rồi thoát.",
)
def cli() -> None:
    """vbhc — văn bản hành chính đúng thể thức Nghị định 30/2020/NĐ-CP (DOCX, XLSX, PDF)."""


vietnamese(cli)


def main() -> None:
    """Entry point: run the CLI, turning vbhc errors into one Vietnamese message and exit code."""
    from vbhc.cli.common import run

    sys.exit(run(cli))
