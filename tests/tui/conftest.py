"""Fixtures for pilot tests of the TUI.

The repository-wide ``isolated_env`` fixture already points READER_LIBRARY and READER_CONFIG
into tmp_path; here we add small hand-written libraries, a short mark-read delay, no cursor
blink (so nothing in a test depends on timing of the blink), and ``settle`` to wait for the
thread workers and timers that every store round trip goes through.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.library import Library, open_library

#: Long enough to prove the delay exists, short enough to keep the suite fast.
MARK_READ_DELAY = 0.3


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("textual.widgets._input.Input.cursor_blink", False)


@pytest.fixture(autouse=True)
def tui_config(isolated_env: Path) -> Path:
    """A config file with a short mark-read delay (the env points READER_CONFIG here)."""
    path = isolated_env / "config.toml"
    path.write_text(f"[reader]\nmark_read_delay = {MARK_READ_DELAY}\n", "utf-8")
    return path


def write_article(
    folder: Path,
    name: str,
    title: str,
    body: Sequence[str],
    *,
    date: str = "2024-03-07",
    author: str = "Priya Natarajan",
    section: str = "Local news",
    tags: Sequence[str] = (),
    url: str = "",
) -> Path:
    """Write one article in the common export format (see ARTICLE_FORMAT.md)."""
    lines = [
        f"## {title}",
        "",
        f"Publication Date: {date}",
        "",
        f"Author: {author} Section: {section}",
    ]
    if tags:
        lines += ["", "Tags: " + ", ".join(tags)]
    if url:
        lines += ["", f"Article URL: <{url}>"]
    lines += ["", "", ""]
    lines.append("\n\n".join(body))
    path = folder / name
    path.write_text("\n".join(lines) + "\n", "utf-8")
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


async def settle(pilot: Pilot[object], rounds: int = 3, delay: float = 0.08) -> None:
    """Let workers finish and their call_from_thread / timer follow-ups run."""
    for _ in range(rounds):
        await pilot.pause(delay)
        await wait_for_workers(pilot)
    await pilot.pause()


async def wait_for_workers(pilot: Pilot[object]) -> None:
    """Wait for every running worker (harlequin's helper, for thread workers too)."""
    await pilot.app.workers.wait_for_complete()
