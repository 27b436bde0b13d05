"""The help screen (issue 11): every binding under the sketch's headings (Move, Read, Organise,
Search, App) and the sidebar's own, with no key listed twice under one heading."""

from __future__ import annotations

import re
from pathlib import Path

from tui_helpers import ready, settle

from reader.library import Library
from reader.tui.app import make_app
from reader.tui.keys import KEYS
from reader.tui.screens.help import HelpScreen


def key_names(label: str) -> list[str]:
    """The keys a help label names: ``j/↓`` is j and ↓, ``pagedown`` one key."""
    return [name for name in re.split(r"\s*/\s*", label) if name] or [label]


async def test_no_key_twice_under_one_heading(library: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        headings = [name for name, _entries in help_screen.groups]
        assert headings == ["Move", "Sidebar", "Read", "Organise", "Search", "App"]
        for heading, entries in help_screen.groups:
            seen: dict[str, str] = {}
            for label, description in entries:
                for key in key_names(label):
                    assert key not in seen, (
                        f"{key!r} twice under {heading}: {seen[key]!r} and {description!r}"
                    )
                    seen[key] = description
        sidebar = dict(help_screen.groups)["Sidebar"]
        assert ("j/↓", "Next view") in sidebar and ("k/↑", "Previous view") in sidebar
        moves = dict(help_screen.groups)["Move"]
        assert [d for label, d in moves if label == "j/↓"] == ["Next"]
        # Every binding of the table is on the help screen.
        described = {d for _h, entries in help_screen.groups for _l, d in entries}
        for spec in KEYS:
            assert (spec.help or spec.description) in described, spec
        assert len(help_screen.query(".help-group")) == len(headings)


async def test_an_article_shown_again_behind_the_help_is_not_read(
    library: Library, tui_config: Path
) -> None:
    """The article's record arriving (or shown again after a store change) while the help is
    open used to start the mark-read countdown under the dialog. Checked on the countdown
    itself (a long delay), so a loaded machine cannot make the test pass or fail by timing."""
    tui_config.write_text("[reader]\nmark_read_delay = 600\n", "utf-8")
    app = make_app(library.path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        target = screen.article_view.article_id
        assert target is not None
        await pilot.press("enter")
        await settle(pilot)
        assert screen._mark_timer is not None, "opening the article starts the countdown"
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert screen._mark_timer is None, "the help pauses it"
        record = screen.article_view.record
        assert record is not None
        screen._show_record(record)  # what the record worker or the store poll does
        await settle(pilot)
        assert screen._mark_timer is None, "a record shown behind the help started it"
        await pilot.press("escape")  # back to the article: the countdown starts again
        await settle(pilot)
        assert screen._mark_timer is not None
        assert screen.opened_id == target
