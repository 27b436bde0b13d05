"""What the app loads first: the list (first paint), then the sidebar's counts.

Read side by side, the sidebar's counts slowed the first list of a big library; they now wait
for it, and still arrive when the list cannot load (a remembered search that is no longer
valid).
"""

from __future__ import annotations

from typing import Any

import pytest
from tui_helpers import main_screen, ready, settle

from reader.library import Library
from reader.tui.app import make_app
from reader.tui.screens.main import MainScreen

WIDE = (120, 40)


async def test_the_sidebar_loads_after_the_first_list(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    ids_loaded, refresh_sidebar = MainScreen._ids_loaded, MainScreen.refresh_sidebar

    def record_list(self: MainScreen, *args: Any, **kwargs: Any) -> None:
        events.append("list")
        ids_loaded(self, *args, **kwargs)

    def record_sidebar(self: MainScreen, *args: Any, **kwargs: Any) -> None:
        events.append("sidebar")  # the sidebar's counts are asked for
        refresh_sidebar(self, *args, **kwargs)

    monkeypatch.setattr(MainScreen, "_ids_loaded", record_list)
    monkeypatch.setattr(MainScreen, "refresh_sidebar", record_sidebar)
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await settle(pilot)
        assert events[:2] == ["list", "sidebar"]
        assert events.count("sidebar") == 1  # loaded once at start
        assert screen.sidebar.data.views["all"] == library.count()


async def test_a_remembered_search_that_fails_still_loads_the_sidebar(
    library: Library, second: Library
) -> None:
    second.set_state("tui.search", "tag:")  # no longer a valid query
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(40):
            await settle(pilot, rounds=1)
            screen = main_screen(app)
            if screen.ready and screen.sidebar.data.views:
                break
        assert screen.search_box.error is not None and "tag:" in screen.search_box.error
        assert screen.article_list.ids == []
        assert screen.sidebar.data.views["all"] == library.count()
