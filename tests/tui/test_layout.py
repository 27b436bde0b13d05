"""The layout by width (issue 11, TUI_SKETCH.md): one pane at 80x24, three at 120x40 and
160x50, with the list's titles, sections and dates in columns and the article at a readable
measure; the sidebar toggle (``v``) per layout. Widths are read from the drawn widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.pilot import Pilot
from tui_helpers import ready, settle, write_article

from reader.library import Library, open_library
from reader.tui.app import make_app
from reader.tui.layout import (
    ARTICLE_MAX,
    ARTICLE_MIN,
    ARTICLE_READING,
    DATE_WIDTH,
    LIST_GAP,
    LIST_MARKS,
    LIST_MIN,
    LIST_WANTS,
    NARROW_WIDTH,
    SECTION_MIN,
    TITLE_KEEPS,
    TITLE_MIN,
    list_columns,
    pane_widths,
)
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.flow import Flow

#: Titles of 40 and more columns, sections of several lengths (all shown in full at 120x40).
TITLES = (
    ("ferry.txt", "Harbour council keeps the night ferry on", "Local", "2024-03-07"),
    ("mice.txt", "Lab mice sleep better with a night light", "Science", "2024-03-06"),
    ("chips.txt", "Chip maker warns of a slow spring", "Business", "2024-03-05"),
    ("rail.txt", "Rail strike called off", "Transport", "2024-02-28"),
)
BODY = (
    "The harbour council voted on Thursday to keep the night ferry running until at least "
    "the end of next year, after nurses, bakers and students spoke for it at a long meeting. "
    '"We heard from everyone who rides it at two in the morning," said the council leader.',
    "Opponents called the decision costly and said the money would be better spent on buses "
    "that run all night along the coast road, where most of the late workers live.",
)


@pytest.fixture
def columns_library(tmp_path: Path, library_dir: Path) -> Library:
    folder = tmp_path / "columns"
    folder.mkdir()
    for name, title, section, date in TITLES:
        write_article(
            folder,
            name,
            title,
            BODY,
            date=date,
            section=section,
            tags=("Literary fiction (debut)", "Transport", "Ferries"),
            url=f"https://example.org/{name}",
        )
    library = open_library(library_dir)
    library.import_paths([folder])
    return library


def shown(screen: MainScreen, selector: str) -> bool:
    return bool(screen.query_one(selector).display)


def list_lines(screen: MainScreen) -> list[str]:
    article_list = screen.article_list
    return [article_list.render_line(y).text for y in range(len(article_list.ids))]


def body_lines(screen: MainScreen) -> list[str]:
    """The article's text lines as drawn, without the margin (bar) columns."""
    body = screen.article_view.body
    strips = body.render_lines(Region(0, 0, body.size.width, body.size.height))
    return [strip.text[2:].rstrip() for strip in strips if strip.text.strip()]


def assert_columns(screen: MainScreen, sections: bool) -> None:
    """Each title whole or cut with an ellipsis; sections and dates start in one column."""
    lines = list_lines(screen)
    assert len(lines) == len(TITLES)
    ends = {cell_len(line.rstrip()) for line in lines}
    assert len(ends) == 1, f"dates do not end in one column: {lines}"
    if sections:
        starts = set()
        for (_name, _title, section, _date), line in zip(
            sorted(TITLES, key=lambda t: t[3], reverse=True), lines, strict=True
        ):
            assert f"  {section} " in line, line
            starts.add(line.index(f"  {section} "))
        assert len(starts) == 1, f"sections do not line up: {lines}"


async def test_one_pane_at_80x24(columns_library: Library) -> None:
    app = make_app(columns_library.path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await ready(pilot)
            assert not shown(screen, "#sidebar")
            assert not shown(screen, "#article")
            assert screen.article_list.size.width >= 78
            lines = list_lines(screen)
            assert all(title in "".join(lines) for _n, title, _s, _d in TITLES), lines
            assert_columns(screen, sections=True)
            await pilot.press("enter")  # the article, full width, at the reading measure
            await settle(pilot)
            assert not shown(screen, "#list-pane") and shown(screen, "#article")
            assert max(len(line) for line in body_lines(screen)) <= 75
            await pilot.press("v")  # the sidebar alone
            await settle(pilot)
            assert shown(screen, "#sidebar") and not shown(screen, "#list-pane")
            await pilot.press("v")
            await settle(pilot)
            assert not shown(screen, "#sidebar") and shown(screen, "#list-pane")
    finally:
        columns_library.close()


async def check_three_panes(pilot: Pilot[None], measure: tuple[int, int]) -> MainScreen:
    screen = await ready(pilot)
    await settle(pilot)
    assert shown(screen, "#sidebar") and shown(screen, "#article") and shown(screen, "#list-pane")
    panes = [screen.query_one(s).outer_size.width for s in ("#sidebar", "#list-pane", "#article")]
    assert sum(panes) == screen.size.width, panes
    lines = list_lines(screen)
    for _name, title, _section, _date in TITLES:  # 40 columns of title: every one whole
        assert any(title in line for line in lines), (title, lines)
    assert_columns(screen, sections=True)
    text = body_lines(screen)
    low, high = measure
    assert low <= max(len(line) for line in text) <= high, text
    # The byline and the chips wrap between pieces, never inside one.
    meta = screen.article_view.query_one("#article-meta", Flow)
    drawn = [strip.text for strip in meta.render_lines(Region(0, 0, meta.size.width, 9))]
    assert any("1 min" in line for line in drawn), drawn
    tags = screen.article_view.query_one("#article-tags", Flow)
    drawn = [strip.text for strip in tags.render_lines(Region(0, 0, tags.size.width, 9))]
    assert any("Literary fiction (debut)" in line for line in drawn), drawn
    return screen


async def test_three_panes_at_120x40(columns_library: Library) -> None:
    app = make_app(columns_library.path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await check_three_panes(pilot, (24, 40))
            width = screen.article_list.size.width
            measure = max(len(line) for line in body_lines(screen))
            await pilot.press("v")  # the user hides the sidebar: its room goes to the article
            await settle(pilot)
            assert not shown(screen, "#sidebar")
            assert screen.article_list.size.width >= width
            assert measure < max(len(line) for line in body_lines(screen)) <= 75
            # Two panes at 110 columns: the sidebar there is the user's to show (hidden first).
            await pilot.resize_terminal(110, 40)
            await settle(pilot)
            assert not shown(screen, "#sidebar") and shown(screen, "#article")
            await pilot.press("v")
            await settle(pilot)
            assert shown(screen, "#sidebar")
            # Back at 120 the three-pane layout keeps the user's choice (hidden).
            await pilot.resize_terminal(120, 40)
            await settle(pilot)
            assert not shown(screen, "#sidebar")
            await pilot.press("v")
            await settle(pilot)
            assert shown(screen, "#sidebar")
    finally:
        columns_library.close()


async def test_three_panes_at_160x50(columns_library: Library) -> None:
    app = make_app(columns_library.path)
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            screen = await check_three_panes(pilot, (60, 75))
            assert screen.article_list.size.width >= LIST_WANTS - 1
    finally:
        columns_library.close()


@pytest.mark.parametrize("sidebar", [True, False])
def test_pane_widths_share_the_screen(sidebar: bool) -> None:
    """The list is served first, then the article up to its measure, then the list again."""
    previous = pane_widths(NARROW_WIDTH, sidebar)
    for width in range(NARROW_WIDTH, 301):
        panes = pane_widths(width, sidebar)
        assert panes.sidebar + panes.list + panes.article == width
        assert bool(panes.sidebar) == sidebar
        assert ARTICLE_MIN <= panes.article <= ARTICLE_MAX
        assert panes.list >= min(LIST_WANTS, width - panes.sidebar - ARTICLE_MIN)
        if panes.sidebar == previous.sidebar:
            assert panes.list >= previous.list and panes.article >= previous.article
        previous = panes
    assert pane_widths(300, sidebar).article == ARTICLE_MAX


async def test_an_opened_article_gets_a_readable_measure_at_120x40(
    columns_library: Library,
) -> None:
    """Three panes leave the article about 28 columns at 120x40: fine to glance at, not to
    read. Opened (enter), it takes the room (the sidebar steps aside, the list keeps its
    titles' start and dates); escape gives the three panes back."""
    app = make_app(columns_library.path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await check_three_panes(pilot, (24, 40))
            await pilot.press("enter")
            await settle(pilot)
            assert not shown(screen, "#sidebar")
            assert shown(screen, "#list-pane") and shown(screen, "#article")
            panes = [screen.query_one(s).outer_size.width for s in ("#list-pane", "#article")]
            assert sum(panes) == 120, panes
            assert 60 <= max(len(line) for line in body_lines(screen)) <= 75
            assert screen.article_list.size.width >= LIST_MIN - 1
            assert_columns(screen, sections=False)  # dates still end in one column
            await pilot.press("n")  # the next article is read in the same room
            await settle(pilot)
            assert not shown(screen, "#sidebar")
            assert 60 <= max(len(line) for line in body_lines(screen)) <= 75
            await pilot.press("escape")
            await check_three_panes(pilot, (24, 40))
    finally:
        columns_library.close()


@pytest.mark.parametrize("sidebar", [True, False])
def test_reading_takes_the_room_only_where_the_article_lacks_it(sidebar: bool) -> None:
    for width in range(NARROW_WIDTH, 301):
        browsing = pane_widths(width, sidebar)
        reading = pane_widths(width, sidebar, reading=True)
        assert reading.sidebar + reading.list + reading.article == width
        if browsing.article >= ARTICLE_READING:
            assert reading == browsing
        else:
            assert reading.article >= ARTICLE_READING and reading.list >= LIST_MIN


def test_list_columns_give_way_in_order() -> None:
    """As the list narrows the section column gives way first (narrowed with an ellipsis,
    then gone), then the title, and the date last; no column narrows as the list widens (but
    the title where the date, or the section column, first appears)."""
    previous = list_columns(10)
    for width in range(10, 301):
        columns = list_columns(width)
        assert columns.title + columns.section + columns.date == width - LIST_MARKS - LIST_GAP
        assert columns.date in (0, DATE_WIDTH)
        assert columns.section == 0 or columns.section >= SECTION_MIN
        if columns.section:
            assert columns.date, "the date outlasts the section"
            assert columns.title >= TITLE_KEEPS and columns.title > columns.section
        if columns.date:
            assert columns.title >= TITLE_MIN, "the title outlasts the date"
        assert columns.section >= previous.section and columns.date >= previous.date
        appears = (columns.section and not previous.section) or (columns.date > previous.date)
        if not appears:
            assert columns.title >= previous.title, (width, previous, columns)
        previous = columns


@pytest.mark.parametrize("sidebar", [True, False])
@pytest.mark.parametrize("reading", [False, True])
def test_the_lists_columns_over_the_screen_widths(sidebar: bool, reading: bool) -> None:
    """From 80 to 300 columns, browsing, every list shows titles of 22 cells or more, a
    section and the date (at 100-102 with the sidebar the section column was dropped); with
    an article open for reading the list keeps its titles and dates, the section giving way."""
    for width in range(80, 301):
        # Below NARROW_WIDTH one pane at a time: the list alone.
        pane = width if width < NARROW_WIDTH else pane_widths(width, sidebar, reading).list
        columns = list_columns(pane - 1)  # the scrollbar
        assert columns.date == DATE_WIDTH, width
        if reading and width >= NARROW_WIDTH:
            assert columns.title >= LIST_MIN - 1 - LIST_MARKS - LIST_GAP - DATE_WIDTH, width
        else:
            assert columns.section >= SECTION_MIN, width
            assert columns.title >= TITLE_KEEPS and columns.title > columns.section, width


async def test_the_section_column_stays_at_100_columns_with_the_sidebar(
    columns_library: Library,
) -> None:
    """At 100 columns with the sidebar shown the list is about 45 cells wide: the sections
    stay (cut with an ellipsis where long), lined up, and the titles keep the most room."""
    app = make_app(columns_library.path)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await ready(pilot)
            await pilot.press("v")
            await settle(pilot)
            assert shown(screen, "#sidebar") and shown(screen, "#list-pane")
            lines = list_lines(screen)
            width = screen.article_list.scrollable_content_region.width
            assert width <= 50
            columns = list_columns(width)
            starts = set()
            for (_n, title, section, _d), line in zip(
                sorted(TITLES, key=lambda t: t[3], reverse=True), lines, strict=True
            ):
                at = LIST_MARKS + columns.title + LIST_GAP
                shown_section = line[at : at + columns.section].strip()
                assert shown_section, line
                assert section.startswith(shown_section.rstrip("…")), (section, line)
                starts.add(line.index(shown_section))
                assert title[:10] in line
            assert len(starts) == 1, lines
            assert {cell_len(line.rstrip()) for line in lines} == {width}, "dates end in line"
    finally:
        columns_library.close()


async def test_focus_mode_twice_gives_the_panes_back(columns_library: Library) -> None:
    """``z`` shows the article alone; ``z`` again goes back to the list with the panes as
    they were (it left the sidebar hidden and the list squeezed as if an article were open)."""
    app = make_app(columns_library.path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await check_three_panes(pilot, (24, 40))
            panes = [screen.query_one(s).outer_size.width for s in ("#sidebar", "#list-pane")]
            await pilot.press("z")
            await settle(pilot)
            assert not shown(screen, "#sidebar") and not shown(screen, "#list-pane")
            assert screen.article_view.has_focus
            await pilot.press("z")
            await settle(pilot)
            assert screen.article_list.has_focus
            await check_three_panes(pilot, (24, 40))
            again = [screen.query_one(s).outer_size.width for s in ("#sidebar", "#list-pane")]
            assert again == panes
    finally:
        columns_library.close()


async def test_resizing_keeps_the_keys_on_a_pane_in_sight(columns_library: Library) -> None:
    """An article being read stays in sight when the screen narrows to one pane (the list
    came back, and enter went to the hidden article); and focus left in a pane the new width
    hides (the sidebar of 80 columns at 110) goes to the list, so j moves its cursor."""
    app = make_app(columns_library.path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await ready(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert screen.article_view.has_focus
            await pilot.resize_terminal(90, 40)
            await settle(pilot)
            assert shown(screen, "#article") and not shown(screen, "#list-pane")
            assert screen.article_view.has_focus
            await pilot.press("escape")
            await settle(pilot)
            assert shown(screen, "#list-pane") and screen.article_list.has_focus
            await pilot.press("v")
            await settle(pilot)
            assert shown(screen, "#sidebar") and not shown(screen, "#list-pane")
            assert screen.sidebar.has_focus_within
            await pilot.resize_terminal(110, 40)
            await settle(pilot)
            assert not shown(screen, "#sidebar") and shown(screen, "#list-pane")
            assert screen.article_list.has_focus
            cursor = screen.article_list.cursor
            await pilot.press("j")
            await settle(pilot)
            assert screen.article_list.cursor == cursor + 1
    finally:
        columns_library.close()
