"""Keys people expect (issue 11): each checked on screen AND in the store."""

from __future__ import annotations

from tui_helpers import ready, settle

from reader.library import Library
from reader.tui.app import make_app

WIDE = (160, 40)


async def test_g_and_shift_g_go_to_the_top_and_the_bottom(library: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("G")
        await settle(pilot)
        assert screen.article_list.cursor == len(screen.article_list.ids) - 1
        await pilot.press("g")
        await settle(pilot)
        assert screen.article_list.cursor == 0


async def test_shift_n_goes_to_the_next_unread(library: Library, second: Library) -> None:
    ids = library.ids()
    library.set_read(ids[1])
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        assert screen.article_list.cursor == 0
        await pilot.press("N")
        await settle(pilot)
        assert screen.article_list.current_id == ids[2], "N skips the read article"
        assert not second.row_for(ids[2]).read, "moving there is not reading it"


async def test_shift_a_marks_the_view_read_and_shift_u_undoes(
    library: Library, second: Library
) -> None:
    ids = library.ids()
    library.set_read(ids[0])  # already read: the undo must leave it read
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert all(second.row_for(i).read for i in ids)
        assert screen.sidebar.data.views["unread"] == 0
        await pilot.press("U")
        await settle(pilot)
        assert second.row_for(ids[0]).read
        assert not second.row_for(ids[1]).read and not second.row_for(ids[2]).read
        assert screen.sidebar.data.views["unread"] == 2


async def test_escape_clears_a_tag_filter(library: Library, second: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        screen.select_view("tag:Transport", "Transport")
        await settle(pilot)
        assert len(screen.article_list.ids) == 2
        await pilot.press("escape")
        await settle(pilot)
        assert screen.view_query == ""
        assert len(screen.article_list.ids) == 3
        assert second.get_state("tui.view") == ""


async def test_ctrl_s_saves_the_search_from_the_list(library: Library, second: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"ferry", "enter")  # back in the list
        await settle(pilot)
        assert screen.article_list.has_focus
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert ("ferry", "ferry") in [(s.name, s.query) for s in second.saved_searches()]


async def test_j_and_k_move_in_the_sidebar(library: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        screen.sidebar.focus()
        await settle(pilot)
        start = screen.sidebar.highlighted
        assert start is not None
        await pilot.press("j", "j")
        assert screen.sidebar.highlighted == start + 2
        await pilot.press("k")
        assert screen.sidebar.highlighted == start + 1
