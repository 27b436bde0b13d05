"""One rule for every command's exit code (the README's "Exit codes"), checked command by command.

2: a value the user gave cannot be used (a bad date, query, number, format or setting, a file
argument that does not exist, an unknown option, a missing argument); 1: the command was well
formed but what it names is not there (no such article, tag or feed, nothing to remove); 0:
success. Either way, the error is one line on stderr.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import typer.main
from typer.testing import Result

from reader.cli import app

Cli = Callable[..., Result]

#: (arguments, exit code, a word the one line must contain). ``ID`` stands for the id of an
#: article in the library, ``GONE`` for a path that does not exist.
CASES: list[tuple[tuple[str, ...], int, str]] = [
    (("import", "GONE"), 2, "no such file or folder"),
    (("list", "--since", "2024-13-01"), 2, "--since"),
    (("list", "--search", "is:nonsense"), 2, "--search"),
    (("list", "--limit", "0"), 2, "--limit"),
    (("list", "--sort", "size"), 2, "--sort"),
    (("show", "ID", "--format", "pdf"), 2, "--format"),
    (("show", "zzzzzzzz"), 1, "'zzzzzzzz'"),
    (("search", "bogus:thing"), 2, "bogus"),
    (("search", "--limit", "x", "ferry"), 2, "--limit"),
    (("tag", "ID", "  "), 2, "no tag given"),
    (("tag", "ID", "--remove", "not-there"), 1, "not-there"),
    (("tag", "zzzzzzzz", "later"), 1, "'zzzzzzzz'"),
    (("tags", "--json", "extra"), 2, "extra"),
    (("bookmark", "ID", "--note", "x", "--remove"), 2, "--note"),
    (("bookmark", "zzzzzzzz"), 1, "'zzzzzzzz'"),
    (("read", "ID", "--unread=maybe"), 2, "--unread"),
    (("read", "zzzzzzzz"), 1, "'zzzzzzzz'"),
    (("remove",), 2, "--samples"),
    (("remove", "tag:no-such-tag", "--yes"), 1, "tag:no-such-tag"),
    (("export", "--format", "xml"), 2, "--format"),
    (("restore", "GONE"), 2, "no such file"),
    (("digest", "--since", "yesterdayish"), 2, "--since"),
    (("digest", "--query", "feed:"), 2, "--query"),
    (("digest", "--format", "pdf"), 2, "--format"),
    (("digest", "--quotes", "-1"), 2, "--quotes"),
    (("digest", "--tag", "no-such-tag"), 1, "no-such-tag"),
    (("digest", "--query", 'feed:"No such feed"'), 1, "No such feed"),
    (("quotes", "ID", "--min-confidence", "3"), 2, "--min-confidence"),
    (("quotes", "zzzzzzzz"), 1, "'zzzzzzzz'"),
    (("doctor", "--check", "extra"), 2, "extra"),
    (("fetch", "--missing-text", "--feed", "1"), 2, "--missing-text"),
    (("fetch", "--feed", "No such feed"), 1, "No such feed"),
    (("save", "ftp://example.org/story"), 2, "not a web address"),
    (("config", "path", "extra"), 2, "extra"),
    (("config", "get", "smtp.prot"), 2, "smtp.prot"),
    (("config", "set", "digest.quotes", "many"), 2, "digest.quotes"),
    (("config", "show", "extra"), 2, "extra"),
    (("feed", "add", "ftp://example.org/feed"), 2, "not a web address"),
    (("feed", "list", "extra"), 2, "extra"),
    (("feed", "status", "extra"), 2, "extra"),
    (("feed", "remove", "No such feed"), 1, "No such feed"),
    (("feed", "remove", "No such feed", "--with-articles"), 1, "No such feed"),
    (("feed", "edit", "No such feed", "--title", "x"), 1, "No such feed"),
    (("feed", "edit", "1", "--full-text", "sometimes"), 2, "--full-text"),
    (("feed", "import", "GONE"), 2, "no such file"),
    (("feed", "export", "extra"), 2, "extra"),
    (("--bogus", "list"), 2, "--bogus"),
    (("--config", "GONE", "list"), 2, "--config"),
    (("nosuchcommand",), 2, "nosuchcommand"),
]


def _commands(group: object, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Every leaf command of the app, as the words that run it."""
    found: set[tuple[str, ...]] = set()
    for name, command in getattr(group, "commands", {}).items():
        if getattr(command, "commands", None):
            found |= _commands(command, (*prefix, name))
        else:
            found.add((*prefix, name))
    return found


def test_every_command_has_a_case() -> None:
    """A new command gets its line in CASES (and so its exit codes checked)."""
    groups = {"config", "feed"}
    covered = {
        args[:2] if args[0] in groups else args[:1]
        for args, _, _ in CASES
        if not args[0].startswith("--")
    }
    missing = _commands(typer.main.get_command(app)) - covered
    assert not missing, f"no exit-code case for: {sorted(missing)}"


@pytest.fixture
def article_id(cli: Cli, write_article: Callable[..., Path]) -> str:
    path = write_article("ferry.txt", title="The night ferry keeps running")
    assert cli("import", str(path)).exit_code == 0
    [record] = json.loads(cli("list", "--json").stdout)
    return str(record["id"])


@pytest.mark.parametrize(("args", "code", "named"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_exit_code_and_one_line(
    cli: Cli, article_id: str, tmp_path: Path, args: tuple[str, ...], code: int, named: str
) -> None:
    gone = str(tmp_path / "gone" / "file.toml")
    argv = [gone if a == "GONE" else article_id if a == "ID" else a for a in args]
    result = cli(*argv)
    assert result.exit_code == code, (argv, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("reader: error: "), (argv, result.stderr)
    assert named in lines[0], (argv, lines[0])
    assert "Traceback" not in result.output
