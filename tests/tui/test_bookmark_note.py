"""The bookmark note written and edited in the app (issue 11 "Keys"): B opens a one-line editor,
every change goes to the store at once (as in the tag editor), the note shows in the article's
header; each checked on screen AND in the store."""

from __future__ import annotations

import time
from typing import Any

import pytest
from textual.widgets import Input, Static
from tui_helpers import ready, settle

from reader.library import Library
from reader.tui.app import make_app
from reader.tui.screens.bookmark_note import SAVE_AFTER, BookmarkNote
from reader.tui.screens.main import MainScreen

WIDE = (160, 40)


def _note_shown(screen: MainScreen) -> str:
    note = screen.article_view.query_one("#article-note", Static)
    return str(note.render()) if note.display else ""


async def test_shift_b_writes_a_note_and_bookmarks_the_article(
    library: Library, second: Library
) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        target = screen.article_list.current_id
        assert target is not None and second.get(target).bookmark is None
        assert _note_shown(screen) == ""
        await pilot.press("B")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, BookmarkNote)
        assert "Not bookmarked yet" in str(dialog.query_one("#note-status", Static).render())
        await pilot.press(*"for [bold]Monday[/]", "enter")  # markup-looking: literal
        await settle(pilot)
        assert app.screen is screen
        bookmark = second.get(target).bookmark
        assert bookmark is not None and bookmark.note == "for [bold]Monday[/]"
        assert _note_shown(screen) == "✎ for [bold]Monday[/]"
        assert second.row_for(target).bookmarked
        assert screen.sidebar.data.views["bookmarked"] == 1


async def test_what_is_typed_is_saved_before_the_dialog_closes_and_escape_keeps_it(
    library: Library, second: Library
) -> None:
    target = library.ids()[0]
    library.set_bookmark(target, "old note")
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert _note_shown(screen) == "✎ old note"
        await pilot.press("enter", "B")  # from the open article
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, BookmarkNote)
        assert dialog.query_one(Input).value == "old note"
        await pilot.press(*", then Friday")
        await pilot.pause(SAVE_AFTER * 2)
        await settle(pilot)
        assert app.screen is dialog, "still open"
        assert second.get(target).bookmark.note == "old note, then Friday"  # type: ignore[union-attr]
        await pilot.press(*" too", "escape")
        await settle(pilot)
        assert app.screen is screen
        assert second.get(target).bookmark.note == "old note, then Friday too"  # type: ignore[union-attr]
        assert _note_shown(screen) == "✎ old note, then Friday too"


async def test_an_empty_note_clears_it_and_keeps_the_bookmark(
    library: Library, second: Library
) -> None:
    target = library.ids()[0]
    library.set_bookmark(target, "drop me")
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("B")
        await settle(pilot)
        await pilot.press(*["backspace"] * len("drop me"), "enter")
        await settle(pilot)
        bookmark = second.get(target).bookmark
        assert bookmark is not None and bookmark.note == ""
        assert _note_shown(screen) == ""


async def test_closing_without_typing_changes_nothing(library: Library, second: Library) -> None:
    target = library.ids()[0]
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("B")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert second.get(target).bookmark is None, "opening the note is not bookmarking"


async def test_palette_opens_the_note(library: Library, second: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        target = screen.article_list.current_id
        assert target is not None
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"bookmark note")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BookmarkNote)
        await pilot.press(*"read later", "enter")
        await settle(pilot)
        bookmark = second.get(target).bookmark
        assert bookmark is not None and bookmark.note == "read later"


async def test_quitting_at_once_keeps_what_was_just_typed(
    library: Library, second: Library
) -> None:
    """ctrl+q within the moment before the typed note is saved: the note is saved first."""
    target = library.ids()[0]
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert screen.article_list.current_id == target
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BookmarkNote)
        await pilot.press(*"ring the mayor", "ctrl+q")
    bookmark = second.get(target).bookmark
    assert bookmark is not None and bookmark.note == "ring the mayor"


async def test_a_change_made_just_before_quitting_is_written(
    library: Library, second: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`q` straight after `b`: the queued change is in the store when the app has gone, even
    when the writer is slow (here: it waits 0.5 s before writing, as behind a busy lock)."""
    from reader.app.session import Session

    toggle = Session.toggle_bookmark

    def slow_toggle(self: Session, article_id: str) -> Any:
        time.sleep(0.5)
        return toggle(self, article_id)

    monkeypatch.setattr(Session, "toggle_bookmark", slow_toggle)
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        target = screen.article_list.current_id
        assert target is not None and not second.row_for(target).bookmarked
        await pilot.press("b", "q")
    assert second.row_for(target).bookmarked
