"""A worker that finishes while the app closes: its result reaches no widget, and the exit
does not crash (a list query held up by another process's write lock used to raise
``NoMatches`` from the closing screen)."""

from __future__ import annotations

import asyncio

from tui_helpers import ready

from reader.library import Library
from reader.tui.app import make_app


async def test_a_result_handed_over_after_the_app_began_closing_is_dropped(
    library: Library,
) -> None:
    app = make_app(library.path)
    async with app.run_test() as pilot:
        screen = await ready(pilot)
        shown = await asyncio.to_thread(app.call_from_thread, lambda: len(screen.article_list.ids))
        assert shown == 3  # while the app runs, a worker's hand-over reaches the screen
    # The app has closed and its widgets are gone; the loop still runs (as during shutdown).
    touched: list[str] = []

    def show_result() -> str:
        touched.append("called")
        return str(screen.article_list.current_id)

    assert await asyncio.to_thread(app.call_from_thread, show_result) is None
    assert touched == []
