"""Saved searches renamed and deleted in the app (issue 11 "Keys"): from the sidebar (R, del/x)
and from the palette; each checked on screen AND in the store."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import ready, settle

from reader.library import Library
from reader.tui.app import ReaderApp, make_app
from reader.tui.screens.main import MainScreen
from reader.tui.screens.saved_search import DeleteSearch, RenameSearch

WIDE = (160, 40)


def _saved(library: Library) -> list[tuple[str, str]]:
    return [(s.name, s.query) for s in library.saved_searches()]


def _labels(screen: MainScreen) -> list[str]:
    """The saved searches the sidebar shows (its SAVED group, in order)."""
    saved = set(screen.sidebar.data.saved)
    return [label for label, query in screen.sidebar.entries() if (label, query) in saved]


def _footer_keys(app: ReaderApp) -> set[str]:
    return {key for key, active in app.screen.active_bindings.items() if active.enabled}


async def _on_saved(pilot: Pilot[None], screen: MainScreen, name: str) -> None:
    """Focus the sidebar with its cursor on the saved search ``name`` (as j/k would)."""
    screen.sidebar.focus()
    assert screen.sidebar.select_saved_search(name)
    await settle(pilot, rounds=1)


async def test_shift_r_renames_the_saved_search_under_the_cursor(
    library: Library, second: Library
) -> None:
    library.save_search("Ferries", "tag:Ferries")
    library.save_search("Spring", "spring")
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        screen.sidebar.focus()
        await settle(pilot, rounds=1)
        assert "R" not in _footer_keys(app), "rename is offered on a saved search only"
        await _on_saved(pilot, screen, "Ferries")
        assert {"R", "delete"} <= _footer_keys(app)
        await pilot.press("R")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RenameSearch)
        assert dialog.query_one(Input).value == "Ferries"
        await pilot.press(*"Boats [weekly]", "enter")  # markup-looking: literal
        await settle(pilot)
        assert app.screen is screen
        assert _saved(second) == [("Boats [weekly]", "tag:Ferries"), ("Spring", "spring")]
        assert _labels(screen) == ["Boats [weekly]", "Spring"]
        assert screen.sidebar.highlighted_saved_search() == "Boats [weekly]"


async def test_rename_refuses_a_name_in_use_and_escape_keeps_the_name(
    library: Library, second: Library
) -> None:
    library.save_search("Ferries", "tag:Ferries")
    library.save_search("Spring", "spring")
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await _on_saved(pilot, screen, "Ferries")
        await pilot.press("R", *"spring", "enter")
        await settle(pilot)
        assert _saved(second) == [("Ferries", "tag:Ferries"), ("Spring", "spring")]
        assert any("already" in str(n.message) for n in app._notifications)
        await pilot.press("R", *"xyz", "escape")
        await settle(pilot)
        assert app.screen is screen
        assert _saved(second) == [("Ferries", "tag:Ferries"), ("Spring", "spring")]


async def test_renaming_the_open_view_renames_its_title(library: Library, second: Library) -> None:
    library.save_search("Ferries", "tag:Ferries")
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await _on_saved(pilot, screen, "Ferries")
        await pilot.press("enter")  # open the view
        await settle(pilot)
        assert screen.view_label == "Ferries"
        await _on_saved(pilot, screen, "Ferries")
        await pilot.press("R", *"Boats", "enter")
        await settle(pilot)
        assert screen.view_label == "Boats"
        assert "Boats" in str(screen.query_one("#title-bar").render())
        assert second.get_state("tui.view_label") == "Boats"


async def test_delete_asks_first_and_keep_is_the_default(library: Library, second: Library) -> None:
    library.save_search("Night boats", "tag:Ferries")
    library.save_search("Spring", "spring")
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await _on_saved(pilot, screen, "Spring")
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, DeleteSearch)
        await pilot.press("enter")  # Keep has the focus
        await settle(pilot)
        assert app.screen is screen
        assert _saved(second) == [("Night boats", "tag:Ferries"), ("Spring", "spring")]
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, DeleteSearch)
        await pilot.press("y")
        await settle(pilot)
        assert _saved(second) == [("Night boats", "tag:Ferries")]
        assert _labels(screen) == ["Night boats"]
        assert second.count("") == 3, "the articles it found stay"


async def test_palette_renames_and_deletes_saved_searches(
    library: Library, second: Library
) -> None:
    library.save_search("Ferries", "tag:Ferries")
    library.save_search("Spring", "spring")
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"rename saved search: ferries")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RenameSearch)
        await pilot.press(*"Boats", "enter")
        await settle(pilot)
        assert _saved(second) == [("Boats", "tag:Ferries"), ("Spring", "spring")]
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"delete saved search: spring")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeleteSearch)
        await pilot.press("y")
        await settle(pilot)
        assert _saved(second) == [("Boats", "tag:Ferries")]
        assert _labels(screen) == ["Boats"]


async def test_palette_shows_names_that_look_like_markup_as_written(
    library: Library, second: Library
) -> None:
    """A saved search or tag named ``[/`` or ``[link=…`` crashed the palette (its help line
    and its discovery list are read as markup)."""
    from textual.command import CommandPalette

    hostile = "[bold]x[/] [link=y"
    library.save_search(hostile, "tag:Ferries")
    library.save_search("[/", "tag:Science")
    library.add_tags(library.ids()[0], ["[/", "[b]"])
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p")  # the discovery list: rename/delete of each saved search
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"filter")  # every view, with its help line
        await settle(pilot)
        await pilot.press(*["backspace"] * 6, *"rename saved search: [bold", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RenameSearch) and dialog.old_name == hostile
        await pilot.press(*"Boats", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert _saved(second) == [("[/", "tag:Science"), ("Boats", "tag:Ferries")]
