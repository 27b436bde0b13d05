"""Every key of the main screen: what the screen shows AND what the store holds afterwards."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from tui_helpers import ready, settle

from reader.library import Library
from reader.tui.app import make_app
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.article_list import BOOKMARK_MARK, UNREAD_MARK

WIDE = (160, 40)  # three panes
NARROW = (80, 24)


def line_text(screen: MainScreen, index: int) -> str:
    """The rendered text of list row ``index`` (as on screen)."""
    article_list = screen.article_list
    y = index * article_list.row_height - article_list.scroll_offset.y
    return article_list.render_line(y).text


async def test_move_keys_and_selection_is_remembered(library: Library, second: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        ids = screen.article_list.ids
        assert screen.article_list.cursor == 0
        for key, expected in (("j", 1), ("down", 2), ("k", 1), ("up", 0), ("end", 2), ("home", 0)):
            await pilot.press(key)
            await settle(pilot)
            assert screen.article_list.cursor == expected, key
            assert screen.article_view.article_id == ids[expected]
        await pilot.press("n")
        await settle(pilot)
        assert screen.article_view.article_id == ids[1]
        await pilot.press("n", "p")
        await settle(pilot)
        assert screen.article_list.cursor == 1
        assert second.get_state("tui.selected") == ids[1]
    # A new run opens on the same selection.
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert screen.article_list.current_id == ids[1]


async def test_enter_and_escape_at_80x24(library: Library, second: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=NARROW) as pilot:
        screen = await ready(pilot)
        assert screen.narrow
        assert not screen.query_one("#article").display
        assert not screen.sidebar.display
        await pilot.press("j", "enter")
        await settle(pilot)
        chosen = screen.article_list.ids[1]
        assert screen.query_one("#article").display
        assert not screen.query_one("#list-pane").display
        assert screen.article_view.region.width == NARROW[0]
        assert screen.article_view.article_id == chosen
        await pilot.press("escape")
        await settle(pilot)
        assert screen.query_one("#list-pane").display
        assert not screen.query_one("#article").display
        assert screen.article_list.current_id == chosen
        assert screen.article_list.has_focus
        # v shows the sidebar instead of the list, and back.
        await pilot.press("v")
        await settle(pilot)
        assert screen.sidebar.display and not screen.query_one("#list-pane").display
        await pilot.press("escape")
        assert screen.query_one("#list-pane").display
    assert second.get_state("tui.selected") == chosen


async def test_reading_mode_hides_sidebar_and_list(library: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert screen.sidebar.display
        await pilot.press("z")
        await settle(pilot)
        assert not screen.sidebar.display
        assert not screen.query_one("#list-pane").display
        assert screen.article_view.region.width == WIDE[0]
        await pilot.press("z")
        assert screen.sidebar.display and screen.query_one("#list-pane").display


async def test_bookmark_key(library: Library, second: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        target = screen.article_list.current_id
        assert target is not None
        assert BOOKMARK_MARK not in line_text(screen, 0)
        await pilot.press("b")
        await settle(pilot)
        assert line_text(screen, 0).lstrip().startswith(BOOKMARK_MARK)
        assert second.row_for(target).bookmarked
        assert screen.sidebar.data.views["bookmarked"] == 1
        await pilot.press("b")
        await settle(pilot)
        assert BOOKMARK_MARK not in line_text(screen, 0)
        assert not second.row_for(target).bookmarked


async def test_mark_read_after_delay_and_u_toggles(
    library: Library, second: Library, tui_config: Path
) -> None:
    delay = 1.5  # long enough that start-up never eats it before the first key
    tui_config.write_text(f"[reader]\nmark_read_delay = {delay}\n", "utf-8")
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        first, nxt = screen.article_list.ids[:2]
        # Opened, then n before the delay: the first stays unread, the next one is read.
        await pilot.press("enter", "n")
        await settle(pilot, rounds=1, delay=0.05)
        assert not second.row_for(first).read
        await pilot.pause(delay + 0.3)
        await settle(pilot)
        assert second.row_for(nxt).read
        assert not second.row_for(first).read
        assert UNREAD_MARK not in line_text(screen, 1)
        assert UNREAD_MARK in line_text(screen, 0)
        await pilot.press("u")
        await settle(pilot)
        assert not second.row_for(nxt).read
        assert UNREAD_MARK in line_text(screen, 1)
        await pilot.pause(delay + 0.2)
        await settle(pilot)
        assert not second.row_for(nxt).read, "u must cancel the pending mark-read"


async def test_sort_key_cycles_and_is_remembered(library: Library, second: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        by_date = list(screen.article_list.ids)
        await pilot.press("s")
        await settle(pilot)
        titles = [second.row_for(i).title for i in screen.article_list.ids]
        assert titles == sorted(titles, key=str.casefold)
        assert screen.article_list.ids != by_date
        assert "sort: title" in str(screen.query_one("#title-bar").content)
        assert second.get_state("tui.sort") == "title"
        await pilot.press("s")
        await settle(pilot)
        assert screen.article_list.ids == by_date
        assert second.get_state("tui.sort") == "date"


async def test_open_url_uses_a_thread_and_the_browser(
    library: Library, second: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        record = screen.article_view.record
        assert record is not None
        await pilot.press("o")
        await settle(pilot)
        assert opened == [record.article.url]
        assert second.get(record.id).article.url == record.article.url


async def test_search_live_errors_inline_and_escape_clears(
    library: Library, second: Library
) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        assert screen.search_box.input.has_focus
        await pilot.press(*"ferry")
        await settle(pilot)
        assert len(screen.article_list.ids) == 1
        assert screen.terms == ("ferry",)
        assert screen.article_list.row_height == 2
        row = screen.article_list.row(screen.article_list.ids[0])
        assert row is not None and "\x02" in row.snippet
        assert "ferry" in screen.article_view.body.render().plain.lower()
        assert second.get_state("tui.search") == "ferry"
        # A malformed query is shown in the box, never a crash.
        await pilot.press("space", *"is:nonsense")
        await settle(pilot)
        assert screen.search_box.error
        assert "nonsense" in screen.search_box.error
        # Save the (fixed) search, then escape clears it.
        for _ in range(len(" is:nonsense")):
            await pilot.press("backspace")
        await settle(pilot)
        assert screen.search_box.error is None
        assert len(screen.article_list.ids) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert ("ferry", "ferry") in [(s.name, s.query) for s in second.saved_searches()]
        assert "ferry" in [label for label, _q in screen.sidebar.entries()]
        await pilot.press("escape")
        await settle(pilot)
        assert screen.search_box.value == ""
        assert len(screen.article_list.ids) == 3
        assert screen.article_list.has_focus
        assert second.get_state("tui.search") == ""


async def test_filter_by_tag_key(library: Library, second: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("f")
        await settle(pilot)
        from reader.tui.screens import main as main_module

        picker = app.screen
        if picker is not screen:  # the TagPicker modal: pick "Transport"
            picker.dismiss("Transport")  # type: ignore[attr-defined]
        else:  # no picker: the sidebar is focused on the first tag
            assert screen.sidebar.has_focus
            entries = screen.sidebar.entries()
            index = [q for _l, q in entries].index("tag:Transport")
            screen.sidebar.highlighted = (
                screen.sidebar.first_tag_index()
                + index
                - next(i for i, (_l, q) in enumerate(entries) if q.startswith("tag:"))
            )
            await pilot.press("enter")
        await settle(pilot)
        assert main_module is not None
        assert screen.view_query == "tag:Transport"
        assert len(screen.article_list.ids) == 2
        assert second.get_state("tui.view") == "tag:Transport"


async def test_highlight_mode(library: Library, second: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        view = screen.article_view
        target = view.article_id
        assert target is not None
        await pilot.press("h")
        await settle(pilot)
        assert view.highlight_mode and view.has_focus
        await pilot.press("j", "space")
        await settle(pilot)
        start, end = view.sentences[1]
        highlights = second.get(target).highlights
        assert [(h.start, h.end) for h in highlights] == [(start, end)]
        assert highlights[0].text == second.get(target).article.text[start:end]
        assert "▌" in view.body.render().plain
        await pilot.press("space")
        await settle(pilot)
        assert second.get(target).highlights == ()
        assert "▌" not in view.body.render().plain
        await pilot.press("escape")
        assert not view.highlight_mode


async def test_tag_editor_key(library: Library, second: Library) -> None:
    from reader.tui.screens.tag_editor import TagEditor

    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        target = screen.article_list.current_id
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagEditor)
        await pilot.press(*"to-brief", "enter", "escape")
        await settle(pilot)
        assert second.get(target).user_tags == ("to-brief",)
        assert "to-brief" in screen.article_view.query_one("#article-tags").content.plain
        assert "tag:to-brief" in [q for _l, q in screen.sidebar.entries()]


async def test_help_digest_and_quit_keys(
    library: Library, second: Library, tui_config: Path
) -> None:
    from reader.tui.screens.digest_preview import DigestPreview
    from reader.tui.screens.help import HelpScreen

    tui_config.write_text("[reader]\nmark_read_delay = 60\n", "utf-8")  # only these keys count
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DigestPreview)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("q")
        await settle(pilot)
    assert not app.is_running
    assert second.count("is:read") == 0


async def test_a_dialog_pauses_the_mark_read_countdown(
    library: Library, second: Library, tui_config: Path
) -> None:
    from reader.tui.screens.help import HelpScreen

    delay = 2.0  # the help must open within it, even on a loaded machine
    tui_config.write_text(f"[reader]\nmark_read_delay = {delay}\n", "utf-8")
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        target = screen.article_view.article_id
        await pilot.press("enter", "question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.pause(delay * 1.5)
        assert not second.row_for(target).read  # help over the article is not reading it
        await pilot.press("escape")
        await pilot.pause(delay + 0.3)
        await settle(pilot)
        assert second.row_for(target).read


async def test_command_palette_runs_actions(library: Library, second: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        target = screen.article_list.current_id
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"toggle bookmark")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert second.row_for(target).bookmarked
        await pilot.press("ctrl+p")
        await pilot.press(*"filter: science")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.view_query.startswith("tag:Science") or screen.view_query.startswith(
            "section:Science"
        )
        assert second.get_state("tui.view") == screen.view_query


async def test_theme_change_is_saved_in_config(library: Library, tui_config: Path) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.theme = "nord"
        await settle(pilot)
    assert 'theme = "nord"' in tui_config.read_text("utf-8")
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert app.theme == "nord"


async def test_external_bookmark_shows_up(library: Library, second: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        target = screen.article_list.ids[2]
        await settle(pilot)
        second.set_bookmark(target)
        for _ in range(30):
            await asyncio.sleep(0.1)
            await settle(pilot, rounds=1)
            row = screen.article_list.row(target)
            if row is not None and row.bookmarked:
                break
        assert line_text(screen, 2).lstrip().startswith(BOOKMARK_MARK)
        assert screen.sidebar.data.views["bookmarked"] == 1
