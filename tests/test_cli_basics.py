"""The command's frame: help everywhere, version, usage errors, the TUI launch, error boundary."""

from __future__ import annotations

import io
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from reader import __version__, cli_support

Cli = Callable[..., Result]

COMMANDS = [
    [],
    ["import"],
    ["list"],
    ["show"],
    ["search"],
    ["tag"],
    ["tags"],
    ["bookmark"],
    ["read"],
    ["export"],
    ["restore"],
    ["config"],
    ["config", "path"],
    ["config", "get"],
    ["config", "set"],
    ["config", "show"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "reader")
def test_every_command_has_help(cli: Cli, command: list[str], library_dir: Path) -> None:
    result = cli(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout
    assert not library_dir.exists(), "--help must not open (or create) the library"


def test_short_help_alias(cli: Cli) -> None:
    result = cli("list", "-h")
    assert result.exit_code == 0, result.output
    assert "--bookmarked" in result.stdout


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"reader {__version__}"


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["list", "--sort", "size"],
        ["list", "--limit", "0"],
        ["list", "--no-such-option"],
        ["show"],
        ["tag", "abc"],
        ["export", "--format", "yaml"],
        ["search", "--limt", "3", "words"],
        ["bookmark", "abc", "--note", "x", "--remove"],
    ],
)
def test_usage_errors_exit_2_without_traceback(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_no_command_without_a_terminal_suggests_list(cli: Cli) -> None:
    result = cli()
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("reader: error: ")
    assert "terminal" in result.stderr and "reader list" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_no_command_on_a_terminal_runs_the_tui(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[dict[str, object]] = []
    fake = types.ModuleType("reader.tui.app")
    fake.run_app = lambda **kwargs: calls.append(kwargs)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "reader.tui.app", fake)
    monkeypatch.setattr("reader.cli.is_terminal", lambda stream: True)
    config = tmp_path / "other.toml"
    refused = cli("--library", str(tmp_path / "lib"), "--config", str(config))
    assert refused.exit_code == 2 and f"--config {config}: no such file" in refused.stderr
    assert calls == [], "the app does not start on the defaults when --config names no file"
    config.write_text("[digest]\nquotes = 2\n", encoding="utf-8")
    result = cli("--library", str(tmp_path / "lib"), "--config", str(config))
    assert result.exit_code == 0, result.output
    assert calls == [{"library_dir": tmp_path / "lib", "config_file": config}]
    assert (tmp_path / "lib" / "library.sqlite3").exists()


def test_no_command_reports_a_bad_config_before_the_tui(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, config_file: Path
) -> None:
    monkeypatch.setattr("reader.cli.is_terminal", lambda stream: True)
    config_file.write_text("[smtp]\nport = 'x'\n", encoding="utf-8")
    result = cli()
    assert result.exit_code == 1, result.output
    assert "smtp.port" in result.stderr


def test_corrupt_library_is_one_line_exit_1(cli: Cli, library_dir: Path) -> None:
    library_dir.mkdir(parents=True)
    (library_dir / "library.sqlite3").write_bytes(b"this is not a database at all" * 100)
    result = cli("list")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("reader: error: ")
    assert "Traceback" not in result.output


def test_library_path_that_is_a_file_is_exit_1(cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    result = cli("--library", str(blocker), "list")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("reader: error: ")


def test_fail_prints_one_sanitised_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(cli_support.typer.Exit) as info:
        cli_support.fail("bad \x1b[31mthing\x1b[0m\nsecond line", code=3)
    assert info.value.exit_code == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "\x1b" not in err
    assert err.startswith("reader: error: bad ")


class _FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_consoles_colour_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", _FakeTty())
    console = cli_support.stdout_console()
    assert console.is_terminal and console.color_system is not None
    console.print(cli_support.safe_text("hello", style="bold red"))
    assert "\x1b[" in sys.stdout.getvalue()

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys, "stdout", _FakeTty())
    console = cli_support.stdout_console()
    console.print(cli_support.safe_text("hello", style="bold red"))
    assert "\x1b[3" not in sys.stdout.getvalue()  # no colour codes

    monkeypatch.setattr(sys, "stdout", io.StringIO())
    console = cli_support.stdout_console()
    console.print(cli_support.safe_text("hello", style="bold red"))
    assert sys.stdout.getvalue() == "hello\n"


def test_snippet_helpers_split_markers() -> None:
    snippet = "the \x02night ferry\x03 runs; \x02ferry\x03 [bold]x"
    assert cli_support.snippet_json(snippet) == (
        "the night ferry runs; ferry [bold]x",
        [[4, 15], [22, 27]],
    )
    text = cli_support.snippet_text(snippet)
    assert text.plain == "the night ferry runs; ferry [bold]x"
    assert [(s.start, s.end, str(s.style)) for s in text.spans] == [
        (4, 15, "bold"),
        (22, 27, "bold"),
    ]


def test_python_dash_m_reader_works() -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "reader", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"reader {__version__}"


def test_plural() -> None:
    from reader.cli_support import plural

    assert [plural(n, "article") for n in (0, 1, 2)] == ["0 articles", "1 article", "2 articles"]
    assert plural(1, "saved search", "saved searches") == "1 saved search"
    assert plural(3, "saved search", "saved searches") == "3 saved searches"


def test_the_readme_make_run_search_finds_samples(tmp_path: Path) -> None:
    """The README's `make run ARGS="search ..."` example, run on the bundled samples a new
    user has, finds something (it once searched a tag no sample has)."""
    import re
    import shlex

    from typer.testing import CliRunner

    from reader.cli import app

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    found = re.search(r'make run ARGS="(search [^"]+)"', readme)
    assert found is not None
    args = shlex.split(found.group(1))
    result = CliRunner().invoke(app, ["--library", str(tmp_path / "lib"), *args])
    assert result.exit_code == 0, result.output
    assert "No articles match" not in result.output
    assert re.search(r"^\d+ match", result.output, re.M), result.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list", "--sort", "colour"], "Invalid value for '--sort': 'colour' is not one of"),
        (["digest", "--format", "pdf"], "Invalid value for '--format' / '-f': 'pdf' is not one"),
        (["feed", "add", "--full-text", "sometimes", "http://127.0.0.1:9/"], "'sometimes' is"),
    ],
)
def test_a_bad_choice_is_a_plain_usage_error(
    cli: Callable[..., Result], args: list[str], expected: str
) -> None:
    """No "Value error, " (pydantic's prefix, which Typer passes through) in the message."""
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr and "Value error" not in result.stderr
