"""The installed ``reader`` script, run as a user or cron would run it (a real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "reader"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not SCRIPT.exists(),
        reason=f"no installed 'reader' script at {SCRIPT}; run: pip install -e . --no-deps",
    ),
]


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run with pipes for all three streams: no terminal anywhere, as under cron."""
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        text=True,
        timeout=120,
        cwd=cwd,
        env=dict(os.environ),
    )


def test_installed_list_json_on_a_new_library(tmp_path: Path) -> None:
    done = _run("--library", str(tmp_path / "lib"), "list", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data, "a new library gets the bundled samples"
    assert {"id", "title", "date", "authors", "tags", "bookmarked", "read"} <= data[0].keys()
    assert done.stderr == ""


def test_installed_import_is_quiet_without_a_terminal(
    tmp_path: Path, write_article: Callable[..., Path]
) -> None:
    folder = tmp_path / "news"
    for n in range(5):
        write_article(f"{n}.txt", title=f"Story {n}", folder=folder)
    done = _run("--library", str(tmp_path / "lib"), "import", str(folder), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert (
        done.stdout
        == "Import: 5 new, 0 updated, 0 unchanged, 0 skipped, 0 with warnings, 0 missing.\n"
    )
    assert "\x1b" not in done.stdout and "\r" not in done.stdout


def test_installed_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    done = _run("--library", str(tmp_path / "lib"), "show", "nosuchid", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == "reader: error: no article with id 'nosuchid'\n"
    done = _run("--library", str(tmp_path / "lib"), "import", str(tmp_path / "gone"), cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.startswith("reader: error: ")


def test_installed_without_a_terminal_refuses_the_tui(tmp_path: Path) -> None:
    done = _run("--library", str(tmp_path / "lib"), cwd=tmp_path)
    assert done.returncode == 2
    assert "reader list" in done.stderr


def test_installed_remove_samples_refuses_without_yes_then_clears_them(tmp_path: Path) -> None:
    library = str(tmp_path / "lib")
    listed = json.loads(_run("--library", library, "list", "--json", cwd=tmp_path).stdout)
    assert listed, "a new library gets the bundled samples"
    refused = _run("--library", library, "remove", "--samples", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "--yes" in refused.stderr
    done = _run("--library", library, "remove", "--samples", "--yes", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"Removed {len(listed)} article" in done.stdout
    after = _run("--library", library, "list", "--json", cwd=tmp_path)
    assert json.loads(after.stdout) == [], "the samples are not offered again"


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_installed_every_bad_input_is_one_line_naming_it(tmp_path: Path) -> None:
    """Each kind of bad input, once, through the installed command: one line on stderr that
    names the thing, a non-zero exit, never a traceback."""
    lib = ("--library", str(tmp_path / "lib"))
    listed = _run(*lib, "list", "--json", cwd=tmp_path)  # the samples arrive
    first = json.loads(listed.stdout)[0]["id"]
    assert _run(*lib, "bookmark", first, cwd=tmp_path).returncode == 0
    good = tmp_path / "good.toml"
    good.write_text(
        f'[smtp]\nhost = "127.0.0.1"\nport = {_closed_port()}\nsecurity = "none"\n'
        'from = "me@example.org"\n\n[digest]\nto = ["me@example.org"]\n',
        encoding="utf-8",
    )
    typo = tmp_path / "typo.toml"
    typo.write_text('[smtp]\nhots = "mail.example.org"\n', encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text("[smtp\n", encoding="utf-8")
    gone = tmp_path / "gone"
    cases: list[tuple[tuple[str, ...], int, str]] = [
        (("import", str(gone)), 2, str(gone)),
        (("restore", str(gone / "state.toml")), 2, "state.toml"),
        (("list", "--since", "2026-13-45"), 2, "--since '2026-13-45'"),
        (("digest", "--since", "yesterdayish"), 2, "--since 'yesterdayish'"),
        (("search", 'tag:"unclosed'), 2, "unclosed quote"),
        (("search", "is:weird"), 2, "is:weird"),
        (("--config", str(typo), "list"), 1, "'smtp.hots'"),
        (("--config", str(broken), "list"), 1, "broken.toml"),
        (("config", "get", "nope.key"), 2, "'nope.key'"),
        (("show", "zzzzzzzz"), 1, "'zzzzzzzz'"),
        (("tag", "zzzzzzzz", "later"), 1, "'zzzzzzzz'"),
        (("quotes", "zzzzzzzz"), 1, "'zzzzzzzz'"),
        (("digest", "-o", str(gone / "x.md")), 2, str(gone)),
        (("--config", str(good), "digest", "--email"), 3, "127.0.0.1"),
    ]
    for args, code, named in cases:
        done = _run(*lib, *args, cwd=tmp_path)
        assert done.returncode == code, (args, done.stderr)
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("reader: error: "), (args, done.stderr)
        assert named in lines[0], (args, lines[0])
