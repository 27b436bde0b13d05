"""Fixtures for pilot tests of the TUI.

The repository-wide ``isolated_env`` fixture already points READER_LIBRARY and READER_CONFIG
into tmp_path; here we add small hand-written libraries, a short mark-read delay, no cursor
blink (so nothing in a test depends on timing of the blink), and ``settle`` to wait for the
thread workers and timers that every store round trip goes through.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_helpers import MARK_READ_DELAY, write_article

from reader.library import Library, open_library


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no pytest-asyncio dependency needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("textual.widgets._input.Input.cursor_blink", False)


@pytest.fixture(autouse=True)
def tui_config(isolated_env: Path) -> Path:
    """A config file with a short mark-read delay (the env points READER_CONFIG here)."""
    path = isolated_env / "config.toml"
    path.write_text(f"[reader]\nmark_read_delay = {MARK_READ_DELAY}\n", "utf-8")
    return path


ARTICLES: tuple[dict[str, object], ...] = (
    dict(
        name="ferry.txt",
        title="Night ferry to keep running after vote",
        date="2024-03-07",
        section="Local",
        tags=("Transport", "Ferries"),
        url="https://example.org/local/ferry",
        body=(
            "The harbour council voted on Thursday to keep the night ferry running. "
            '"We heard from nurses and bakers," said the council leader. '
            "Opponents called it costly.",
            "The operator will look again at the timetable.",
        ),
    ),
    dict(
        name="mice.txt",
        title="Lab mice sleep better with a night light",
        date="2024-03-06",
        section="Science",
        tags=("Science", "Sleep"),
        url="https://example.com/science/mice",
        body=("Mice slept longer with a dim light. The study was small.",),
    ),
    dict(
        name="chips.txt",
        title="Chip maker warns of a slower spring",
        date="2024-03-05",
        section="Business",
        tags=("Business", "Transport"),
        body=("Orders fell in the spring quarter. Shares dipped.",),
    ),
)


@pytest.fixture
def article_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for spec in ARTICLES:
        write_article(folder, **spec)  # type: ignore[arg-type]
    return folder


@pytest.fixture
def library(library_dir: Path, article_dir: Path) -> Iterator[Library]:
    """A library with the three hand-made articles imported (samples off: it is not empty)."""
    lib = open_library(library_dir)
    report = lib.import_paths([article_dir])
    assert len(report.new) == len(ARTICLES), report
    yield lib
    lib.close()


@pytest.fixture
def second(library_dir: Path, library: Library) -> Iterator[Library]:
    """Another connection to the same library: what a `reader` in another shell would see."""
    lib = open_library(library_dir)
    yield lib
    lib.close()


@pytest.fixture
def second_samples(library_dir: Path) -> Iterator[Library]:
    """A library holding only the bundled sample articles."""
    lib = open_library(library_dir)
    lib.import_samples()
    yield lib
    lib.close()
