"""Shared fixtures.

Every test runs in an isolated environment (``isolated_env`` is autouse): the library, the
config file and every XDG directory point into the test's own ``tmp_path``, so no test can read
or write the developer's real articles or settings, whatever it forgets to pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import typer.rich_utils
from typer.testing import CliRunner, Result

if TYPE_CHECKING:
    from reader.library import Library

_LEAKY_ENV = ("NO_COLOR", "FORCE_COLOR", "TERM_PROGRAM", "COLUMNS", "LINES", "TERMINAL_WIDTH")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point READER_LIBRARY, READER_CONFIG, HOME and XDG dirs into tmp_path; return that root.

    Also pins Typer's Rich help output (width, no terminal) as fastapi-cli does, so help text
    does not wrap or colour differently on a CI machine.
    """
    root = tmp_path / "env"
    home = root / "home"
    for sub in ("data", "config", "cache", "state", "runtime"):
        (root / sub).mkdir(parents=True)
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(root / "state"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(root / "runtime"))
    monkeypatch.setenv("READER_LIBRARY", str(root / "library"))
    monkeypatch.setenv("READER_CONFIG", str(root / "config.toml"))
    for name in _LEAKY_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", 3000)
    monkeypatch.setattr(typer.rich_utils, "FORCE_TERMINAL", False)
    return root


@pytest.fixture
def library_dir(isolated_env: Path) -> Path:
    """The directory READER_LIBRARY points at (not created until a library is opened)."""
    return isolated_env / "library"


@pytest.fixture
def config_file(isolated_env: Path) -> Path:
    """The file READER_CONFIG points at (absent until a test writes it)."""
    return isolated_env / "config.toml"


@pytest.fixture
def sample_library(library_dir: Path) -> Iterator[Library]:
    """The isolated library with the bundled sample articles imported; closed afterwards."""
    from reader.library import open_library

    library = open_library(library_dir)
    try:
        library.import_samples()
        yield library
    finally:
        library.close()


@pytest.fixture
def write_article(tmp_path: Path) -> Callable[..., Path]:
    """Write an article file in the export format; returns its path.

    ``write_article("name.txt", title=..., body=[...], tags=[...], date=..., folder=...)``
    """

    def write(
        name: str,
        *,
        title: str = "An article",
        body: list[str] | None = None,
        date: str = "2024-03-07",
        author: str = "Priya Natarajan",
        section: str = "Local news",
        tags: list[str] | None = None,
        url: str = "",
        folder: Path | None = None,
    ) -> Path:
        where = folder if folder is not None else tmp_path / "articles"
        where.mkdir(parents=True, exist_ok=True)
        lines = [f"## {title}", "", f"Publication Date: {date}", ""]
        lines += [f"Author: {author} Section: {section}", ""]
        if tags:
            lines += [f"Tags: {', '.join(tags)}", ""]
        if url:
            lines += [f"Article URL: <{url}>", ""]
        lines += ["", ""]
        paragraphs = body if body is not None else [f"The body of {title}, in a few words."]
        lines.append("\n\n".join(paragraphs))
        path = where / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Invoke the ``reader`` Typer app in-process: ``cli("list", "--json")``.

    stdout and stderr are captured apart (``result.stdout`` / ``result.stderr``);
    exceptions are not swallowed, so a traceback fails the test loudly.
    """
    from reader.cli import app

    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), input=stdin, env=env, catch_exceptions=False)

    return invoke
