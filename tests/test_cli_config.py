"""reader config path|get|set|show, and how a bad config surfaces in other commands."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

Cli = Callable[..., Result]


def test_config_path(cli: Cli, config_file: Path, tmp_path: Path) -> None:
    result = cli("config", "path")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{config_file}\n"
    other = tmp_path / "x.toml"
    assert cli("--config", str(other), "config", "path").stdout == f"{other}\n"


def test_config_path_works_even_when_the_file_is_broken(cli: Cli, config_file: Path) -> None:
    config_file.write_text("= broken", encoding="utf-8")
    result = cli("config", "path")
    assert result.exit_code == 0, result.output


def test_config_get_default_then_set(cli: Cli, config_file: Path) -> None:
    assert cli("config", "get", "digest.quotes").stdout == "3\n"
    result = cli("config", "set", "digest.quotes", "4")
    assert result.exit_code == 0, result.output
    assert "digest.quotes = 4" in result.stdout
    assert cli("config", "get", "digest.quotes").stdout == "4\n"
    assert tomllib.loads(config_file.read_text(encoding="utf-8")) == {"digest": {"quotes": 4}}


def test_config_set_list_and_bool(cli: Cli) -> None:
    assert cli("config", "set", "digest.to", "a@x.org, b@y.org").exit_code == 0
    assert cli("config", "get", "digest.to").stdout == "a@x.org, b@y.org\n"
    assert cli("config", "set", "library.auto_samples", "off").exit_code == 0
    assert cli("config", "get", "library.auto_samples").stdout == "false\n"


def test_config_set_bad_value_names_the_key_and_file(cli: Cli, config_file: Path) -> None:
    result = cli("config", "set", "smtp.port", "abc")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f'reader: error: {config_file}: smtp.port must be an integer (got "abc")\n'
    )
    assert not config_file.exists()


def test_config_set_password_is_refused(cli: Cli) -> None:
    result = cli("config", "set", "smtp.password", "hunter2")
    assert result.exit_code == 2, result.output
    assert "password_env" in result.stderr


def test_config_unknown_key(cli: Cli) -> None:
    for args in (("config", "get", "smtp.prot"), ("config", "set", "smtp.prot", "1")):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert "unknown setting 'smtp.prot'" in result.stderr


def test_config_show(cli: Cli, config_file: Path) -> None:
    config_file.write_text('[smtp]\nhost = "mail.example.org"\n', "utf-8")
    result = cli("config", "show", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    host = next(line for line in lines if line.startswith("smtp.host"))
    assert "mail.example.org" in host and "default" not in host
    port = next(line for line in lines if line.startswith("smtp.port"))
    assert "25" in port and "default" in port


def test_unknown_key_stops_every_command_naming_key_and_file(
    cli: Cli, config_file: Path, tmp_path: Path
) -> None:
    # "hots" for "host": it used to fall back to localhost:25 without a word.
    config_file.write_text('[smtp]\nhots = "mail.example.org"\n', "utf-8")
    for args in (("list",), ("config", "show"), ("config", "get", "smtp.host"), ("tags",)):
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        [line] = result.stderr.splitlines()
        assert str(config_file) in line and "unknown setting 'smtp.hots'" in line, args
        assert "smtp.host" in line  # the known keys of that table, to spot the typo
    other = tmp_path / "other.toml"
    other.write_text("[digest]\nqoutes = 2\n", "utf-8")
    result = cli("--config", str(other), "list")
    assert result.exit_code == 1
    assert f"{other}: unknown setting 'digest.qoutes'" in result.stderr


def test_config_set_still_works_on_a_file_with_an_unknown_key(cli: Cli, config_file: Path) -> None:
    config_file.write_text('[smtp]\nhots = "mail.example.org"\n', "utf-8")
    result = cli("config", "set", "smtp.host", "mail.example.org")
    assert result.exit_code == 0, result.output


def test_config_set_refuses_a_header_injection_in_an_address(cli: Cli, config_file: Path) -> None:
    for key, value in (
        ("smtp.from", "me@example.org\r\nBcc: spy@example.net"),
        ("smtp.from", "me@example.org\nX-Evil: 1"),
        ("digest.to", "a@example.org, b@example.org\r\nBcc: spy@example.net"),
        ("smtp.from", "a@example.org, b@example.org"),
        ("smtp.from", "not an address"),
    ):
        result = cli("config", "set", key, value)
        assert result.exit_code == 2, (key, value, result.output)
        [line] = result.stderr.splitlines()
        assert line.startswith(f"reader: error: {config_file}: {key}: "), line
        assert not config_file.exists()
    assert cli("config", "set", "smtp.from", "Reader <me@example.org>").exit_code == 0
    assert cli("config", "get", "smtp.from").stdout == "Reader <me@example.org>\n"


def test_bad_config_stops_commands_with_one_line(cli: Cli, config_file: Path) -> None:
    config_file.write_text('[smtp]\nport = "abc"\n', encoding="utf-8")
    for args in (("list",), ("config", "get", "smtp.host"), ("config", "show")):
        result = cli(*args)
        assert result.exit_code == 1, result.output
        assert result.stderr == (
            f'reader: error: {config_file}: smtp.port must be an integer (got "abc")\n'
        )


def test_unparseable_config_names_the_line(cli: Cli, config_file: Path) -> None:
    config_file.write_text('[ui]\ntheme = "x"\ntheme = "y"\n', encoding="utf-8")
    result = cli("list")
    assert result.exit_code == 1, result.output
    assert str(config_file) in result.stderr and "line 3" in result.stderr


def test_config_set_keeps_comments_and_layout(
    cli: Callable[..., Result], config_file: Path
) -> None:
    original = (
        "# my settings, written by hand\n"
        "\n"
        "[digest]\n"
        "quotes = 2      # two is plenty\n"
        'title = "Morning"\n'
        "\n"
        "# the mail server at work\n"
        "[smtp]\n"
        'host = "smtp.example.org"\n'
    )
    config_file.write_text(original, encoding="utf-8")
    result = cli("config", "set", "digest.quotes", "4")
    assert result.exit_code == 0, result.output
    assert config_file.read_text("utf-8") == original.replace("quotes = 2 ", "quotes = 4 ")
    assert cli("config", "set", "smtp.port", "587").exit_code == 0
    text = config_file.read_text("utf-8")
    assert "# the mail server at work\n[smtp]\n" in text and "port = 587" in text
    assert cli("config", "get", "smtp.port").stdout == "587\n"
    assert cli("config", "set", "ui.theme", "nord").exit_code == 0  # a new table
    assert "# my settings, written by hand" in config_file.read_text("utf-8")
    assert cli("config", "get", "ui.theme").stdout == "nord\n"


def test_a_config_file_named_on_the_command_line_must_exist(
    cli: Cli, tmp_path: Path, write_article: Callable[..., Path]
) -> None:
    """`--config FILE` with no such FILE used the defaults without a word: now every command,
    and the app, says so naming the file and exits 2 -- before touching the library."""
    gone = tmp_path / "no-such.toml"
    for args in (
        ("list",),
        ("import", str(write_article("a.txt"))),
        ("digest",),
        ("doctor", "--check"),
        ("config", "get", "digest.quotes"),
        (),  # the app: refused for the file before it would be for the missing terminal
    ):
        result = cli("--config", str(gone), *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stdout == ""
        [line] = result.stderr.splitlines()
        assert line.startswith(f"reader: error: --config {gone}: no such file"), (args, line)
    assert not (tmp_path / "env" / "library").exists(), "nothing was opened or imported"
    # 'config path' says where it would be, 'config show' says it is not created yet, and
    # 'config set' creates it; from then on the other commands read it
    assert cli("--config", str(gone), "config", "path").stdout == f"{gone}\n"
    shown = cli("--config", str(gone), "config", "show")
    assert shown.exit_code == 0 and "(not created yet)" in shown.stdout
    assert cli("--config", str(gone), "config", "set", "digest.quotes", "5").exit_code == 0
    assert cli("--config", str(gone), "config", "get", "digest.quotes").stdout == "5\n"
    assert cli("--config", str(gone), "list").exit_code == 0


def test_a_missing_reader_config_file_still_means_the_defaults(cli: Cli, config_file: Path) -> None:
    """READER_CONFIG, like the default place, may name a file not written yet (profiles)."""
    assert not config_file.exists()
    result = cli("config", "get", "digest.quotes")
    assert result.exit_code == 0 and result.stdout == "3\n"
    assert cli("list").exit_code == 0
