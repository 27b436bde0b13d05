"""What starting ``reader`` loads: heavy modules load only in the commands that use them.

``reader search``, ``list`` and ``tags`` and the app's start should not pay for HTTP
(requests), feed parsing, page extraction, mail, the briefing pipeline, read-later parsers or
tomlkit (only ``config set`` writes TOML in place). Each check runs a fresh interpreter and
lists ``sys.modules``; no timings are asserted (start-up figures are in benchmarks/).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: Modules (and their submodules) that no start path may import.
HEAVY = (
    "requests",
    "urllib3",
    "feedparser",
    "listparser",
    "trafilatura",
    "lxml",
    "tomlkit",
    "smtplib",
    "rich.progress",
    "digest",
    "reader.app.briefing",
    "reader.app.missing_text",
    "reader.app.readlater",
    "reader.app.article_files",
    "reader.feeds.http",
    "reader.feeds.service",
    "reader.feeds.parse",
    "reader.parsing.page",
    "reader.parsing.readlater",
)


def _heavy_in(modules: list[str], heavy: tuple[str, ...] = HEAVY) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in heavy))


def _modules_after(code: str, tmp_path: Path) -> list[str]:
    """``sys.modules`` at the exit of a fresh interpreter that ran ``code``."""
    out = tmp_path / "modules.json"
    script = (
        "import atexit, json, sys\n"
        f"atexit.register(lambda: open({str(out)!r}, 'w').write(json.dumps(sorted(sys.modules))))\n"
        + code
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )
    assert done.returncode == 0, done.stderr
    modules: list[str] = json.loads(out.read_text("utf-8"))
    return modules


def _run_command(tmp_path: Path, *args: str) -> list[str]:
    return _modules_after(
        f"sys.argv = ['reader', *{list(args)!r}]\nfrom reader.cli import main\nmain()\n", tmp_path
    )


def test_the_heavy_names_are_real_modules() -> None:
    # A misspelt name would make every check below pass for nothing.
    for name in HEAVY:
        assert importlib.util.find_spec(name) is not None, name


def test_the_check_sees_a_heavy_import(tmp_path: Path) -> None:
    modules = _modules_after("import reader.cli\nimport reader.app.briefing\n", tmp_path)
    assert "digest.mail" in _heavy_in(modules)
    assert "reader.app.briefing" in _heavy_in(modules)


def test_importing_the_command_loads_nothing_heavy(tmp_path: Path) -> None:
    modules = _modules_after("import reader.cli\n", tmp_path)
    assert "reader.cli_feeds" in modules and "reader.cli_digest" in modules
    assert _heavy_in(modules, (*HEAVY, "textual")) == []


def test_importing_the_app_loads_nothing_heavy(tmp_path: Path) -> None:
    modules = _modules_after("import reader.cli, reader.tui.app\n", tmp_path)
    assert "reader.tui.screens.main" in modules
    assert _heavy_in(modules) == []


@pytest.mark.parametrize(
    "args",
    [("search", "harbour"), ("list",), ("tags",), ("search", "--json", "ferry")],
    ids=["search", "list", "tags", "search-json"],
)
def test_everyday_commands_load_nothing_heavy(
    tmp_path: Path, library_dir: Path, args: tuple[str, ...]
) -> None:
    from reader.library import open_library

    with open_library(library_dir) as library:
        library.import_samples()
    assert _heavy_in(_run_command(tmp_path, "--library", str(library_dir), *args)) == []


def test_a_command_that_needs_them_still_loads_them(tmp_path: Path, library_dir: Path) -> None:
    # The other side: 'reader digest' runs the briefing pipeline (imported when it runs).
    modules = _run_command(tmp_path, "--library", str(library_dir), "digest", "--since", "1d")
    assert "reader.app.briefing" in modules and "digest.render" in modules
