"""The main screen's key footer: rebuilt once per burst of binding changes, and still current.

Textual's own Footer rebuilt itself (a widget per key, each styled) for every change of the
screen's bindings: fourteen times before the first list was shown on a big library.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets._footer import FooterKey
from tui_helpers import ready, settle

from reader.library import Library
from reader.tui.app import make_app
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.footer import ReaderFooter

WIDE = (120, 40)


def _shown_actions(screen: MainScreen) -> set[str]:
    """The actions the screen's bindings in force put in a footer."""
    return {
        binding.action
        for _node, binding, _enabled, _tip in screen.active_bindings.values()
        if binding.show
    }


def _footer_actions(footer: ReaderFooter) -> set[str]:
    return {key.action for key in footer.query(FooterKey) if "-command-palette" not in key.classes}


def _count_rebuilds(footer: ReaderFooter, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = footer.recompose

    async def counted() -> Any:
        calls.append(1)
        return await original()

    monkeypatch.setattr(footer, "recompose", counted)
    return calls


async def test_a_burst_of_binding_changes_rebuilds_the_footer_once(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        # start-up's own loads (sidebar counts, the rest of the list) change the bindings too:
        # let them finish first, so that only this test's burst is counted
        await app.workers.wait_for_complete()
        await settle(pilot)
        footer = screen.query_one(ReaderFooter)
        rebuilds = _count_rebuilds(footer, monkeypatch)
        for _ in range(10):  # what Textual sends on every change of the bindings
            screen.bindings_updated_signal.publish(screen)
        await settle(pilot)
        assert len(rebuilds) == 1
        # A later change gets its own rebuild.
        screen.bindings_updated_signal.publish(screen)
        await settle(pilot)
        assert len(rebuilds) == 2
        assert _footer_actions(footer) == _shown_actions(screen)


async def test_the_footer_shows_the_keys_in_force(library: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        footer = screen.query_one(ReaderFooter)
        assert _footer_actions(footer) == _shown_actions(screen)
        listing = _footer_actions(footer)
        await pilot.press("slash")  # the search box takes the keys: other bindings in force
        await settle(pilot)
        assert _footer_actions(footer) == _shown_actions(screen)
        assert _footer_actions(footer) != listing
        await pilot.press("escape")
        await settle(pilot)
        assert _footer_actions(footer) == listing
