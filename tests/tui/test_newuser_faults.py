"""Faults a new user met driving the app in tmux (session 9), each checked on screen and in
the store."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Input, Static
from textual.widgets._footer import FooterKey
from textual.widgets._toast import Toast
from tui_helpers import main_screen, ready, settle, write_article

from reader.library import Library, open_library
from reader.tui.app import ReaderApp, make_app
from reader.tui.commands import ACTIONS
from reader.tui.keys import KEYS
from reader.tui.layout import pane_widths
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.flow import Flow, flow_lines
from reader.tui.widgets.footer import ReaderFooter

NARROW = (80, 24)


def _toasts(app: ReaderApp) -> list[str]:
    """The text of every notification on screen, as drawn."""
    return [str(toast.render()) for toast in app.screen.query(Toast)]


async def test_a_tag_that_looks_like_markup_is_shown_as_written_when_added_twice(
    library: Library, second: Library
) -> None:
    """Adding a tag the article already has says "Already tagged “…”": with the tag
    ``[bold]x[/bold`` that notification was read as markup and the app crashed (MarkupError
    in the toast)."""
    tag = "[bold]x[/bold"
    app = make_app(library.path)
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        screen = await ready(pilot)
        article_id = screen.article_list.current_id
        assert article_id is not None
        await pilot.press("t")
        await settle(pilot)
        for _ in range(2):
            await pilot.press(*tag, "enter")
            await settle(pilot)
        assert any(f"Already tagged “{tag}”" in text for text in _toasts(app)), _toasts(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and app.is_running
    assert second.get(article_id).user_tags == (tag,)


async def test_a_saved_search_renamed_with_brackets_is_named_as_written(
    library: Library, second: Library
) -> None:
    """Renaming a saved search to ``Ferries [b]`` said “Renamed … to “Ferries ””: the ``[b]``
    was eaten as bold markup."""
    library.save_search("ferry", "ferry")
    app = make_app(library.path)
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        screen = await ready(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert screen.sidebar.has_focus and screen.sidebar.select_saved_search("ferry")
        await pilot.press("R", "ctrl+u", *"Ferries [b]", "enter")
        await settle(pilot)
        assert any("to “Ferries [b]”" in text for text in _toasts(app)), _toasts(app)
    assert [s.name for s in second.saved_searches()] == ["Ferries [b]"]


async def test_ctrl_c_says_how_to_quit_in_plain_words(library: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot)
        assert any("Press q to quit the app" in text for text in _toasts(app)), _toasts(app)
        assert app.is_running


@pytest.mark.parametrize("width", [100, 110, 119])
async def test_an_opened_article_fits_the_screen_between_100_and_120_columns(
    library: Library, width: int
) -> None:
    """From 100 to 119 columns an opened article takes the room to be read (the list keeps
    ``LIST_MIN`` columns), but the list pane's stylesheet kept 40: the article was pushed six
    columns past the right edge and every line lost its last word's end ("a c" for "a clear",
    "sa" for "said"), at start and after a resize alike."""
    app = make_app(library.path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        await pilot.resize_terminal(width, 30)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        expected = pane_widths(width, sidebar=False, reading=True)
        article = screen.query_one("#article")
        list_pane = screen.query_one("#list-pane")
        assert list_pane.outer_size.width == expected.list
        assert article.outer_size.width == expected.article
        assert article.region.right <= width, (article.region, width)
        body = screen.article_view.body
        assert body.region.right <= width


async def test_a_search_typed_quickly_comes_back_whole_after_quitting(
    library: Library, second: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each keystroke saved the search in a worker of its own, and the workers finished in
    any order: after typing a query quickly and quitting, the app came back with one of its
    prefixes ("ta" for a tag: query). Here a prefix's write waits (up to a second) until the
    whole query is written, as a busy library can make an early write finish last."""
    query = "tag:Ferries"
    set_state = Library.set_state
    whole_written = threading.Event()

    def slow_for_prefixes(self: Library, key: str, value: str) -> None:
        if key == "tui.search" and 0 < len(value) < len(query):
            whole_written.wait(timeout=1.0)
        set_state(self, key, value)
        if key == "tui.search" and value == query:
            whole_written.set()

    monkeypatch.setattr(Library, "set_state", slow_for_prefixes)
    app = make_app(library.path)
    async with app.run_test(size=NARROW) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *query, "enter")
        await settle(pilot)  # every write done
        assert second.get_state("tui.search") == query
        whole_written.clear()
        await pilot.press("escape", "slash", *query, "enter")
        assert screen.article_list.has_focus
        await pilot.press("q")  # at once: quitting waits for what is still being written
    assert second.get_state("tui.search") == query
    app = make_app(library.path)
    async with app.run_test(size=NARROW) as pilot:
        screen = await ready(pilot)
        await settle(pilot)
        assert screen.search_box.query_one(Input).value == query
        assert len(screen.article_list.ids) == 1  # one article has the tag Ferries


def _footer(screen: MainScreen) -> list[tuple[str, str, int]]:
    """(key, description, right edge) of every key the footer shows."""
    footer = screen.query_one(ReaderFooter)
    return [
        (key.key_display, key.description, key.region.right)
        for key in footer.query(FooterKey)
        if key.display
    ]


def _assert_fits(screen: MainScreen, width: int, *wanted: str) -> None:
    shown = _footer(screen)
    assert all(right <= width for _k, _d, right in shown), shown
    keys = [key for key, _d, _r in shown]
    for key in (*wanted, "?", "q"):
        assert key in keys, (key, shown)


async def test_the_footer_fits_with_help_and_quit_in_highlight_mode_and_on_a_saved_search(
    library: Library, second: Library
) -> None:
    """At 80 columns the footer ran off the right edge in highlight mode ("... v Views o O")
    and on a saved search in the sidebar: ``? Help`` and ``q Quit`` were out of sight. At 100
    to 119 columns with the palette key, ``q Quit`` was cut to ``q Qu``."""
    library.save_search("Ferries", "tag:Ferries")
    app = make_app(library.path)
    async with app.run_test(size=NARROW) as pilot:
        screen = await ready(pilot)
        article_id = screen.article_list.current_id
        assert article_id is not None
        _assert_fits(screen, 80, "v", "b", "t")
        await pilot.press("enter", "h")
        await settle(pilot)
        _assert_fits(screen, 80, "k/↑", "j/↓", "space", "esc")
        await pilot.press("space")  # the footer's "space Mark" marks the sentence
        await settle(pilot)
        assert len(second.get(article_id).highlights) == 1
        await pilot.press("escape", "escape", "v")
        await settle(pilot)
        assert screen.sidebar.select_saved_search("Ferries")
        await settle(pilot)
        _assert_fits(screen, 80, "R", "del/x")
        await pilot.press("escape")
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        _assert_fits(screen, 100, "^p", "v", "b")
        await pilot.resize_terminal(160, 40)  # room again: every key comes back
        await settle(pilot)
        _assert_fits(screen, 160, "^p", "d", "/")


def test_every_key_of_the_main_screen_is_in_the_palette() -> None:
    """The README promises the palette has every action: `r` (fetch feeds) was missing.
    (escape, "back", is a way out, not an action.)"""
    bound = {spec.action for spec in KEYS if spec.scope == "screen"} - {"back"}
    offered = {action for _name, _help, action in ACTIONS}
    assert bound <= offered, bound - offered


async def test_the_palette_fetches_feeds(library: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"fetch feeds")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert any("No feeds yet" in text for text in _toasts(app)), _toasts(app)


async def test_the_sidebar_alone_at_80_columns_acts_on_no_hidden_article(
    library: Library, second: Library
) -> None:
    """At 80 columns `v` gives the screen to the sidebar, yet its footer offered `b`, `t`,
    `o`, `h` and `b` bookmarked the list's article, out of sight. Those keys now wait for
    the list (or the article) to be on screen again."""
    app = make_app(library.path)
    async with app.run_test(size=NARROW) as pilot:
        screen = await ready(pilot)
        article_id = screen.article_list.current_id
        assert article_id is not None
        await pilot.press("v")
        await settle(pilot)
        assert screen.sidebar.has_focus and not screen.article_list.region.width
        shown = [key for key, _d, _r in _footer(screen)]
        assert not {"b", "t", "o", "h"} & set(shown), shown
        await pilot.press("b")
        await settle(pilot)
        assert second.get(article_id).bookmark is None
        await pilot.press("v")  # the list again: b bookmarks the article under the cursor
        await settle(pilot)
        assert screen.article_list.has_focus
        assert {"b", "t"} <= {key for key, _d, _r in _footer(screen)}
        await pilot.press("b")
        await settle(pilot)
        assert second.get(article_id).bookmark is not None
        await pilot.press("v")  # wide enough for the list beside the sidebar: b works there
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert {"b", "t"} <= {key for key, _d, _r in _footer(screen)}


def _empty_note(screen: MainScreen) -> str | None:
    note = screen.query_one("#list-empty", Static)
    return str(note.render()) if note.display else None


async def test_an_empty_list_says_why_and_what_to_do(
    tui_config: Path, library_dir: Path, article_dir: Path
) -> None:
    """An empty library, a search matching nothing and an empty view all showed a blank pane
    (at 80 columns, the whole screen but the footer)."""
    tui_config.write_text(
        "[reader]\nmark_read_delay = 0.3\n[library]\nauto_samples = false\n", "utf-8"
    )
    app = make_app(library_dir)
    async with app.run_test(size=NARROW) as pilot:
        screen = main_screen(app)
        for _ in range(50):
            await settle(pilot, rounds=1)
            if screen.ready and _empty_note(screen):
                break
        note = _empty_note(screen)
        assert note is not None and "reader import" in note, note
        with open_library(library_dir) as other:  # `reader import` in another shell
            other.import_paths([article_dir])
        for _ in range(50):
            await settle(pilot, rounds=1)
            if screen.article_list.ids:
                break
        assert len(screen.article_list.ids) == 3 and _empty_note(screen) is None
        await pilot.press("slash", *"zebra", "enter")
        await settle(pilot)
        assert _empty_note(screen) == "Nothing matches “zebra”. escape clears the search."
        await pilot.press("escape")
        await settle(pilot)
        assert _empty_note(screen) is None and len(screen.article_list.ids) == 3
        screen.select_view("is:bookmarked", "Bookmarked")
        await settle(pilot)
        note = _empty_note(screen)
        assert note is not None and note.startswith("Nothing in “Bookmarked” yet."), note


async def test_an_open_article_shows_the_way_back_in_the_footer(
    library: Library, second: Library
) -> None:
    """At 80 columns an opened article fills the screen and its footer said nothing of
    escape: `esc Back` now leads it (`esc Done` in highlight mode, where escape ends that)."""
    app = make_app(library.path)
    async with app.run_test(size=NARROW) as pilot:
        screen = await ready(pilot)
        article_id = screen.article_list.current_id
        assert article_id is not None
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article_open and screen.article_view.has_focus
        assert _footer(screen)[0][:2] == ("esc", "Back"), _footer(screen)
        await pilot.press("h", "space")
        await settle(pilot)
        footer = [(key, words) for key, words, _r in _footer(screen)]
        assert ("esc", "Done") in footer and ("esc", "Back") not in footer, footer
        await pilot.press("escape")  # ends highlight mode, still reading
        await settle(pilot)
        assert screen.article_open and _footer(screen)[0][:2] == ("esc", "Back")
        await pilot.press("escape")  # back to the list, same selection
        await settle(pilot)
        assert not screen.article_open and screen.article_list.has_focus
        assert screen.article_list.current_id == article_id
    assert len(second.get(article_id).highlights) == 1


async def test_the_tag_editor_shows_every_tag_of_the_article(
    library: Library, second: Library, tmp_path: Path
) -> None:
    """The article's own tags sat in one scrolling row: at 80 columns the fifth was out of
    sight past the dialog's edge, and no key scrolled to it. They now take the lines they
    need, each chip whole."""
    tags = ("Transport", "Ferries", "Harbour council", "Priya Natarajan", "news", "Night life")
    folder = tmp_path / "many-tags"
    folder.mkdir()
    write_article(folder, "tags.txt", "Many tags", ["A short text."], date="2024-04-01", tags=tags)
    library.import_paths([folder])
    app = make_app(library.path)
    async with app.run_test(size=NARROW) as pilot:
        screen = await ready(pilot)
        article_id = screen.article_list.current_id
        assert article_id is not None and second.get(article_id).article.title == "Many tags"
        await pilot.press("t")
        await settle(pilot)
        editor = app.screen
        chips = editor.query_one("#article-chips", Flow)
        dialog = editor.query_one("#tag-dialog")
        lines = flow_lines(chips.pieces, chips.separator, chips.size.width)
        shown = " ".join(line.plain for line in lines)
        assert all(f" {tag} " in shown for tag in tags), shown
        assert len(lines) > 1 and chips.size.height == len(lines)
        assert chips.region.right <= dialog.content_region.right
        await pilot.press(*"later", "enter", "escape")
        await settle(pilot)
    assert second.get(article_id).user_tags == ("later",)
