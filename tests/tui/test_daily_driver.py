"""The reader as a daily driver (issue 11): each fault once broken, checked on screen and in store.

Colours are read from what the widgets draw (their strips), so a cursor bar that vanishes
under the list's background, or a highlight painted in the same colour as its text, fails here
even though every line of text is still present.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.color import Color
from rich.segment import Segment
from textual.geometry import Region
from textual.pilot import Pilot
from tui_helpers import ready, settle, write_article

from reader.library import Library, open_library
from reader.tui.app import make_app
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.article_view import sentence_spans

SIZES = [
    pytest.param((80, 24), id="80x24"),  # one pane
    pytest.param((120, 40), id="120x40"),  # list and article
    pytest.param((160, 50), id="160x50"),  # sidebar, list and article
]


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = color.get_truecolor()
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(fg: Color, bg: Color) -> float:
    """WCAG contrast ratio of two colours."""
    low, high = sorted((luminance(fg), luminance(bg)))
    return (high + 0.05) / (low + 0.05)


def text_segments(segments: list[Segment]) -> list[Segment]:
    return [s for s in segments if s.text.strip() and s.style is not None]


def list_line(screen: MainScreen, index: int) -> list[Segment]:
    article_list = screen.article_list
    y = index * article_list.row_height - article_list.scroll_offset.y
    return list(article_list.render_line(y))


def backgrounds(segments: list[Segment]) -> set[str]:
    return {str(s.style.bgcolor) for s in segments if s.style is not None}


@pytest.mark.parametrize("size", SIZES)
async def test_the_selected_row_is_a_readable_bar(library: Library, size: tuple[int, int]) -> None:
    app = make_app(library.path)
    async with app.run_test(size=size) as pilot:
        screen = await ready(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert screen.article_list.has_focus
        cursor, other = list_line(screen, 1), list_line(screen, 0)
        focused_bg = backgrounds(cursor)
        assert len(focused_bg) == 1, "the bar covers the whole row in one colour"
        assert focused_bg.isdisjoint(backgrounds(other)), "the selected row looks like the rest"
        for segment in text_segments(cursor):
            assert segment.style is not None
            fg, bg = segment.style.color, segment.style.bgcolor
            assert fg is not None and bg is not None
            assert contrast(fg, bg) >= 4.5, (segment.text, str(segment.style))
        # Unfocused (the sidebar, or the article, has focus): still a bar, but another one.
        screen.search_box.input.focus()
        await settle(pilot)
        blurred = list_line(screen, 1)
        blurred_bg = backgrounds(blurred)
        assert len(blurred_bg) == 1
        assert blurred_bg.isdisjoint(backgrounds(list_line(screen, 0)))
        assert blurred_bg != focused_bg, "focused and unfocused bars must differ"
        for segment in text_segments(blurred):
            assert segment.style is not None and segment.style.color and segment.style.bgcolor
            assert contrast(segment.style.color, segment.style.bgcolor) >= 4.5


async def test_a_highlight_is_readable_and_covers_exactly_its_sentence(
    library: Library, second: Library
) -> None:
    target = library.ids("title:ferry")[0]
    text = library.get(target).article.text
    start, end = sentence_spans(text)[0]
    library.add_highlight(target, start, end)
    app = make_app(library.path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.article_view.article_id == target
        body = screen.article_view.body
        strips = body.render_lines(Region(0, 0, body.size.width, body.size.height))
        plain_bg = {str(s.style.bgcolor) for s in strips[-1] if s.style}  # an unmarked line
        marked: list[str] = []
        bar_colour = None
        for strip in strips:
            for segment in strip:
                style = segment.style
                if style is None or not segment.text.strip():
                    continue
                if segment.text.startswith("▌"):
                    bar_colour = style.color
                    continue
                assert style.color is not None and style.bgcolor is not None
                assert style.color != style.bgcolor, segment.text
                if str(style.bgcolor) not in plain_bg:
                    assert contrast(style.color, style.bgcolor) >= 4.5, segment.text
                    marked.append(segment.text)
                else:
                    assert style.color != bar_colour, f"{segment.text!r} takes the bar's colour"
        assert bar_colour is not None, "no bar in the margin"
        assert " ".join(" ".join(marked).split()) == " ".join(text[start:end].split())


@pytest.mark.parametrize("size", [SIZES[0], SIZES[2]])
async def test_articles_become_read_only_when_opened(
    library: Library, second: Library, size: tuple[int, int], tui_config: Path
) -> None:
    delay = 0.8  # long enough that "left before the delay" holds on a busy machine
    tui_config.write_text(f"[reader]\nmark_read_delay = {delay}\n", "utf-8")
    wait = delay + 0.3
    app = make_app(library.path)
    async with app.run_test(size=size) as pilot:
        screen = await ready(pilot)
        ids = list(screen.article_list.ids)
        await pilot.pause(wait)  # start-up: the cursor rests on the first row
        await settle(pilot)
        assert not second.row_for(ids[0]).read, "read at start-up without being opened"
        await pilot.press("j", "j")  # scrolling past rows, resting on the last
        assert screen._mark_timer is None, "a countdown runs for a row the cursor passed"
        await pilot.pause(wait)
        await settle(pilot)
        assert not any(second.row_for(i).read for i in ids)
        await pilot.press("slash", *"spring", "enter")  # a search landing on its first result
        await pilot.pause(wait)
        await settle(pilot)
        assert screen.article_list.ids
        assert screen._mark_timer is None
        assert not any(second.row_for(i).read for i in ids)
        await pilot.press("escape")  # clear the search
        await settle(pilot)
        await pilot.press("home")
        # Taken before `enter`: the countdown starts while the press is handled, and on a busy
        # machine the press may return long after that, so a clock read after it overstates
        # how quickly escape followed.
        opened_at = time.monotonic()
        await pilot.press("enter")  # opened, but left before the delay
        for _ in range(500):  # the Opened message may still be on its way on a busy machine
            if screen.opened_id is not None:
                break
            await pilot.pause(0.01)
        assert screen.opened_id == ids[0]
        await pilot.press("escape")
        quick = time.monotonic() - opened_at < delay * 0.75
        assert screen.opened_id is None and screen._mark_timer is None
        await pilot.pause(wait)
        await settle(pilot)
        if quick:  # on a machine too busy to press escape within the delay this proves nothing
            assert not second.row_for(ids[0]).read, "read although left before the delay"
        await pilot.press("enter")  # opened and left open: read
        await until(pilot, lambda: second.row_for(ids[0]).read, "the opened article is read")
        await pilot.press("n")  # n from an open article opens the next one
        await until(pilot, lambda: second.row_for(ids[1]).read, "n opened the next article")
        assert screen.article_view.article_id == ids[1]
        assert not second.row_for(ids[2]).read


async def until(pilot: Pilot[None], done: Callable[[], bool], what: str) -> None:
    """Wait (generously: the machine may be busy) for something that must happen."""
    for _ in range(100):
        await settle(pilot, rounds=1)
        if done():
            return
    raise AssertionError(f"never happened: {what}")


async def test_the_tag_editor_writes_each_change_at_once(library: Library, second: Library) -> None:
    from reader.tui.screens.tag_editor import TagEditor

    app = make_app(library.path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        target = screen.article_list.current_id
        assert target is not None
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagEditor)
        await pilot.press(*"to-brief", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TagEditor), "enter must not close the editor"
        assert second.get(target).user_tags == ("to-brief",), "enter writes there and then"
        await pilot.press(*"later", "enter")
        await settle(pilot)
        assert set(second.get(target).user_tags) == {"to-brief", "later"}
        await pilot.press("tab", "delete")  # the first chip, to-brief
        await settle(pilot)
        assert second.get(target).user_tags == ("later",)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, TagEditor)
        assert second.get(target).user_tags == ("later",), "escape just closes"
        assert "later" in screen.article_view.query_one("#article-tags").content.plain
        assert "tag:later" in [q for _label, q in screen.sidebar.entries()]


@pytest.fixture
def long_library(tmp_path: Path, library_dir: Path) -> Library:
    folder = tmp_path / "long"
    folder.mkdir()
    paragraphs = [
        f"Paragraph {n} opens here. It has a second sentence of its own. And a third one."
        for n in range(1, 41)
    ]
    write_article(folder, "long.txt", "A long report", paragraphs)
    library = open_library(library_dir)
    library.import_paths([folder])
    return library


async def test_h_starts_at_the_sentence_in_view(long_library: Library) -> None:
    app = make_app(long_library.path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await ready(pilot)
            view = screen.article_view
            await pilot.press("enter")
            for _ in range(40):
                await pilot.press("j")
            await settle(pilot)
            top = view.scroll_offset.y
            assert top > 20
            await pilot.press("h")
            await settle(pilot)
            assert view.highlight_mode
            assert view.sentence_index > 0, "h went back to the first sentence"
            start = view.sentences[view.sentence_index][0]
            line = view.body.virtual_region.y + view.body.line_of(start)
            assert view.scroll_offset.y == top, "h scrolled the article"
            assert top <= line < top + view.scrollable_content_region.height
            # The sentence before it starts above the view (it is the FIRST one in view).
            before = view.sentences[view.sentence_index - 1][0]
            assert view.body.virtual_region.y + view.body.line_of(before) < top
    finally:
        long_library.close()


@pytest.fixture
def common_word_library(tmp_path: Path, library_dir: Path) -> Library:
    """Many articles that all say 'ferry', so a search for it is a long ranked list."""
    folder = tmp_path / "common"
    folder.mkdir()
    for n in range(300):
        words = " ".join(["ferry"] * (1 + n % 7))
        write_article(
            folder,
            f"a{n:03d}.txt",
            f"Report {n:03d}",
            [f"The {words} ran on day {n}. Nothing else."],
            date=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
        )
    library = open_library(library_dir)
    library.import_paths([folder])
    return library


async def test_a_search_lands_on_its_first_result_in_view(common_word_library: Library) -> None:
    # The selection before searching is an article the search ranks far down its first page.
    ranked = common_word_library.ids("ferry", sort="rank", descending=True)
    deep = ranked[150]
    common_word_library.set_state("tui.selected", deep)
    app = make_app(common_word_library.path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await ready(pilot)
            article_list = screen.article_list
            assert article_list.current_id == deep
            await pilot.press("slash")
            screen.search_box.input.value = "ferry"  # pasted: no emptier prefix in between
            await settle(pilot, rounds=4)
            assert len(article_list.ids) == 300
            assert article_list.cursor == 0
            assert article_list.scroll_offset.y == 0
            first = article_list.render_line(0).text
            assert "ferry" in first.lower() or re.search(r"Report \d{3}", first)
            assert article_list.current_id == article_list.ids[0]
    finally:
        common_word_library.close()


@pytest.fixture
def many_tags_library(library_dir: Path) -> Library:
    """The bundled samples: more tags than the sidebar has rows, so it gets a scrollbar."""
    library = open_library(library_dir)
    library.import_samples()
    return library


async def test_sidebar_counts_are_shown_with_the_samples(many_tags_library: Library) -> None:
    app = make_app(many_tags_library.path)
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            screen = await ready(pilot)
            await settle(pilot)
            sidebar = screen.sidebar
            lines = [sidebar.render_line(y).text for y in range(sidebar.size.height)]
            entries = [line for line in lines if line.startswith("  ") and line.strip()]
            more = [line for line in entries if "more" in line]
            assert len(entries) > 10
            for line in entries:
                if line not in more:
                    assert re.search(r"\d\s*$", line), f"no count in {line!r}"
            assert str(many_tags_library.count()) in lines[1]  # All
            # Sections come before the long tail of tags, which is collapsed until asked for.
            headings = [line.strip() for line in lines if line and not line.startswith(" ")]
            assert headings.index("SECTIONS") < headings.index("TAGS")
            tags = [q for _label, q in sidebar.entries() if q.startswith("tag:")]
            assert len(tags) == 8 and len(more) == 1
            index = next(i for i, o in enumerate(sidebar.options) if "more" in str(o.id))
            sidebar.focus()
            sidebar.highlighted = index
            await pilot.press("enter")
            await settle(pilot)
            tags = [q for _label, q in sidebar.entries() if q.startswith("tag:")]
            assert len(tags) == len(many_tags_library.tag_counts())
    finally:
        many_tags_library.close()


async def test_sidebar_counts_survive_the_scrollbar_appearing() -> None:
    """The race behind 'counts missing on some launches': the entries were laid out for the
    width before the list grew a scrollbar, which then pushed every count out of sight."""
    from textual.app import App, ComposeResult

    from reader.tui.widgets.sidebar import Sidebar, SidebarData

    class Host(App[None]):
        CSS = "Sidebar { height: 12; }"

        def compose(self) -> ComposeResult:
            yield Sidebar()

    app = Host()
    async with app.run_test(size=(40, 14)) as pilot:
        sidebar = app.query_one(Sidebar)
        await pilot.pause()
        data = SidebarData(
            views={"all": 120, "unread": 7, "bookmarked": 3, "highlighted": 2},
            tags=[(f"Topic {n:02d}", 100 + n, "article") for n in range(30)],
            sections=[("Local", 40)],
        )
        sidebar.set_data(data)
        await pilot.pause()
        await pilot.pause()
        assert sidebar.max_scroll_y > 0, "the sidebar should need a scrollbar here"
        lines = [sidebar.render_line(y).text for y in range(sidebar.size.height)]
        entries = [line for line in lines if line.startswith("  ") and line.strip()]
        assert entries
        for line in entries:
            assert re.search(r"\d\s*$", line), f"no count in {line!r}"


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_contrast_of_what_is_drawn(library: Library, tui_config: Path, theme: str) -> None:
    """Body text, quotes and highlights at least 4.5:1 against what is behind them; headings,
    counts, dates and sections at least 3:1; measured on the colours the widgets draw."""
    target = library.ids("title:ferry")[0]
    start, end = sentence_spans(library.get(target).article.text)[0]
    library.add_highlight(target, start, end)
    library.add_tags(target, ["to-brief"])
    tui_config.write_text(f'[reader]\nmark_read_delay = 600\n[ui]\ntheme = "{theme}"\n', "utf-8")
    app = make_app(library.path)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(pilot)
        assert app.theme == theme

        def check(segments: list[Segment], minimum: float, where: str) -> None:
            for segment in text_segments(segments):
                style = segment.style
                assert style is not None and style.color and style.bgcolor, (where, segment)
                ratio = contrast(style.color, style.bgcolor)
                assert ratio >= minimum, f"{where}: {segment.text!r} {style} is {ratio:.2f}:1"

        for index in range(3):  # the cursor row and the others: titles 4.5, the rest 3
            segments = list_line(screen, index)
            check(segments, 3.0, f"list row {index}")
            title = max(text_segments(segments), key=lambda s: len(s.text))
            check([title], 4.5, f"list title {index}")
        body = screen.article_view.body
        for strip in body.render_lines(Region(0, 0, body.size.width, body.size.height)):
            check([s for s in strip if not s.text.startswith("▌")], 4.5, "article body")
        for widget_id in ("#article-title", "#article-meta"):
            widget = screen.article_view.query_one(widget_id)
            for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height)):
                check(list(strip), 4.5 if widget_id == "#article-title" else 3.0, widget_id)
        sidebar = screen.sidebar
        for y in range(sidebar.size.height):
            check(list(sidebar.render_line(y)), 3.0, "sidebar")
