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
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr.startswith("reader: error: ")


def test_installed_without_a_terminal_refuses_the_tui(tmp_path: Path) -> None:
    done = _run("--library", str(tmp_path / "lib"), cwd=tmp_path)
    assert done.returncode == 1
    assert "reader list" in done.stderr


def test_installed_remove_samples_refuses_without_yes_then_clears_them(tmp_path: Path) -> None:
    library = str(tmp_path / "lib")
    listed = json.loads(_run("--library", library, "list", "--json", cwd=tmp_path).stdout)
    assert listed, "a new library gets the bundled samples"
    refused = _run("--library", library, "remove", "--samples", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "--yes" in refused.stderr
    done = _run("--library", library, "remove", "--samples", "--yes", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"Removed {len(listed)} article" in done.stdout
    after = _run("--library", library, "list", "--json", cwd=tmp_path)
    assert json.loads(after.stdout) == [], "the samples are not offered again"
