"""Every command has help with an example; bad input is one line and a non-zero exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from flows.cli import cli

INNOCAST = str(Path(sys.executable).with_name("innocast"))


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("words", _commands(cli), ids=" ".join)
def test_cli_every_command_has_help_with_example(words: tuple[str, ...]) -> None:
    result = subprocess.run([INNOCAST, *words, "--help"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Example: innocast" in result.stdout


def test_cli_missing_config_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [INNOCAST, "run", "--config", str(tmp_path / "nope.toml")], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr == f"Error: {tmp_path / 'nope.toml'}: config file not found\n"


def test_cli_bad_tag_change_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [INNOCAST, "tags", "set", "x", "+no-such-theme", "--data", str(tmp_path)],
        capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert "'+no-such-theme': write +THEME, -THEME or =THEME" in result.stderr
