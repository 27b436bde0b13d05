"""Removing articles in the app (issue 11 "Keys"): D, the palette, the samples; screen + store."""

from __future__ import annotations

from tui_helpers import ready, settle

from reader.library import Library
from reader.tui.app import make_app
from reader.tui.screens.confirm_remove import ConfirmRemove
from reader.tui.screens.help import HelpScreen

WIDE = (160, 40)


def _dialog_text(dialog: ConfirmRemove) -> str:
    return " ".join(str(static.render()) for static in dialog.query("Static"))


async def test_shift_d_asks_then_removes_the_selected_article(
    library: Library, second: Library
) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        target = screen.article_list.current_id
        assert target is not None
        title = second.get(target).article.title
        await pilot.press("D")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmRemove)
        assert "Remove 1 article" in _dialog_text(dialog) and title in _dialog_text(dialog)
        await pilot.press("escape")  # keep
        await settle(pilot)
        assert app.screen is screen and second.has_id(target)
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        assert not second.has_id(target)
        assert target not in screen.article_list.ids and len(screen.article_list.ids) == 2
        assert screen.article_view.article_id != target


async def test_enter_in_the_dialog_keeps_the_article(library: Library, second: Library) -> None:
    """Keep has the focus: an enter pressed out of habit removes nothing."""
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        target = screen.article_list.current_id
        assert target is not None
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and second.has_id(target)


async def test_palette_removes_everything_the_view_shows(library: Library, second: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        screen.select_view("tag:Transport", "Transport")
        await settle(pilot)
        assert len(screen.article_list.ids) == 2
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"remove all in view")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmRemove)
        assert "Remove 2 articles" in _dialog_text(dialog)
        await pilot.press("y")
        await settle(pilot)
        assert second.count("") == 1 and second.count("tag:Transport") == 0
        assert screen.article_list.ids == []


async def test_palette_will_not_remove_the_whole_library(library: Library, second: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert screen.query_text == ""
        screen.action_remove_view()
        await settle(pilot)
        assert app.screen is screen, "no dialog for the whole library"
        assert second.count("") == 3


async def test_samples_are_cleared_from_the_palette_and_the_help_says_how(
    library_dir: object, second_samples: Library
) -> None:
    app = make_app(second_samples.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        text = " ".join(str(s.render()) for s in help_screen.query("Static"))
        assert "Remove sample articles" in text and "reader remove --samples" in text
        organise = dict(help_screen.groups)["Organise"]
        assert ("D", "Remove article") in organise
        await pilot.press("escape")
        await settle(pilot)
        count = second_samples.count("")
        assert count > 0
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"remove sample articles")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmRemove)
        assert f"Remove {count} articles" in _dialog_text(dialog)
        await pilot.press("y")
        await settle(pilot)
        assert second_samples.count("") == 0
        assert screen.article_list.ids == []
