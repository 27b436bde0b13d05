"""Helpers shared by the TUI tests (imported by them; fixtures live in conftest.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen

#: Long enough to prove the delay exists, short enough to keep the suite fast.
MARK_READ_DELAY = 0.3


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


async def settle(pilot: Pilot[object], rounds: int = 3, delay: float = 0.08) -> None:
    """Let workers finish and their call_from_thread / timer follow-ups run."""
    for _ in range(rounds):
        await pilot.pause(delay)
        await wait_for_workers(pilot)
    await pilot.pause()


async def wait_for_workers(pilot: Pilot[object]) -> None:
    """Wait for every running worker (harlequin's helper, for thread workers too).

    A worker cancelled while we wait (each keystroke cancels the search before it) makes
    ``wait_for_complete`` raise; that is the app working as meant, so wait for the rest."""
    for _ in range(50):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        return


def main_screen(app: ReaderApp) -> MainScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


async def ready(pilot: Pilot[None]) -> MainScreen:
    """Wait until the library is open, the list loaded and the first article shown."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    for _ in range(100):
        await settle(pilot, rounds=1)
        screen = main_screen(app)
        if screen.ready and screen.article_list.ids and screen.article_view.article_id:
            return screen
    raise AssertionError("the main screen never finished loading")
