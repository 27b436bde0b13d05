"""`--help` as users read it: flags without `<bool>`, arguments as `PATH...`, text rewrapped."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from reader.cli import app


def _commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    found: list[list[str]] = [[]]

    def walk(command: Any, path: list[str]) -> None:
        for name, sub in getattr(command, "commands", {}).items():  # a group's sub-commands
            found.append([*path, name])
            walk(sub, [*path, name])

    walk(root, [])
    return found


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "reader")
def test_help_shows_no_type_placeholders(path: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    for junk in ("<bool>", "<list[", "<str>", "{", "}"):
        assert junk not in result.output, (junk, result.output)


def test_arguments_and_flags_read_as_written() -> None:
    runner = CliRunner()
    imported = runner.invoke(app, ["import", "--help"], terminal_width=100).output
    assert "Usage: reader import [OPTIONS] PATH...\n" in imported
    listed = runner.invoke(app, ["list", "--help"], terminal_width=100).output
    assert "  --unread " in listed and "  --bookmarked " in listed


def test_help_text_is_rewrapped_to_the_terminal() -> None:
    wide = CliRunner().invoke(app, ["import", "--help"], terminal_width=200).output
    # one paragraph of the docstring, written over three lines, comes out as one
    assert "from an imported folder is marked missing, never deleted." in wide
