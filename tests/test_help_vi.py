"""``--help`` is Vietnamese throughout: every command and sub-command, usage line to last option."""

from __future__ import annotations

import re
import sys

import click
import pytest

from vbhc.cli import COMMANDS, cli
from vbhc.cli.common import run

#: What click prints in English when left alone.
ENGLISH = re.compile(
    r"Usage|Options|Commands|Arguments|Show this message|Show the version|and exit|\[OPTIONS\]|COMMAND|"
    r"\[ARGS\]|\b(?:TEXT|PATH|INTEGER|FLOAT|FILENAME|DIRECTORY|BOOLEAN|RANGE)\b|default:|required|env var"
)


def command_paths() -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = [()]
    context = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(context, name)
        paths.append((name,))
        if isinstance(command, click.Group):
            paths += [(name, sub) for sub in command.commands]
    return paths


def help_of(monkeypatch, capsys, path: tuple[str, ...]) -> str:
    monkeypatch.setattr(sys, "argv", ["vbhc", *path, "--help"])
    assert run(cli) == 0
    return capsys.readouterr().out


def test_every_command_is_walked():
    paths = command_paths()
    assert len(paths) > len(COMMANDS) + 5  # the groups' sub-commands too
    assert ("register", "export") in paths and ("template", "check") in paths


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "vbhc")
def test_help_has_no_english_click_phrase(monkeypatch, capsys, path):
    text = help_of(monkeypatch, capsys, path)
    assert text.startswith("Cách dùng: ")
    assert "Tùy chọn:" in text and "Hiện hướng dẫn này rồi thoát." in text
    found = ENGLISH.findall(text)
    assert not found, f"{found} trong:\n{text}"
    command = cli
    for name in path:
        command = command.get_command(click.Context(command), name)
    for param in command.params:
        if isinstance(param, click.Argument) and param.name:
            assert not re.search(rf"\b{param.name.upper()}\b", text), param.name
