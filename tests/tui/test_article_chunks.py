"""A long article in the article pane, laid out a chunk at a time: page keys jump at once, End
and Home reach the real end and start, and styles (quotations, highlights, search matches) are
kept on both sides of a chunk's edge."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual import events
from textual.pilot import Pilot
from tui_helpers import ready, settle, write_article

from reader.library import open_library
from reader.tui.app import make_app
from reader.tui.screens.main import MainScreen
from reader.tui.text import component_style
from reader.tui.widgets.article_view import CHUNK, ArticleBody, ArticleView, chunk_bounds

WIDE = (120, 40)
SENTENCE = "The tide came in over the old quay wall and the harbour board met again. "


def long_article(folder: Path, paragraphs: list[str]) -> None:
    folder.mkdir(exist_ok=True)
    write_article(folder, "long.txt", "A very long article", paragraphs)


async def open_only_article(pilot: Pilot[None]) -> ArticleView:
    screen = await ready(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(screen, MainScreen)
    return screen.article_view


def on_screen(view: ArticleView) -> tuple[int, list[str]]:
    """The body's first display line on screen (an index into its laid-out lines) and the
    text of every body line on screen, as drawn."""
    body = view.body
    top = round(view.scroll_y) - body.virtual_region.y
    lines, _starts = body.layout_lines(body.size.width)
    first = max(top, 0)
    last = min(top + view.scrollable_content_region.height, len(lines))
    return top, [lines[row].plain for row in range(first, last)]


def styled_at(body: ArticleBody, line: Text, column: int, component: str) -> bool:
    """Whether the character at ``column`` of a laid-out line carries ``component``'s style."""
    wanted: Style = component_style(body, component)
    return any(span.start <= column < span.end and span.style == wanted for span in line.spans)


def line_holding(body: ArticleBody, offset: int) -> tuple[Text, int]:
    """The laid-out line holding text ``offset`` and that offset's column in it."""
    index = body.line_of(offset)
    lines, starts = body.layout_lines(body.size.width)
    line = lines[index]
    prefix = 2  # the margin bar's cells
    return line, prefix + offset - starts[index]


async def test_page_keys_jump_at_once_through_a_long_article(
    tmp_path: Path, library_dir: Path
) -> None:
    """pagedown/pageup move a whole screen as the key is handled (no animation still running
    after it: it took 0.8 s to land), showing the lines that follow."""
    long_article(tmp_path / "big", [SENTENCE * 12] * 400)  # ~0.35 MB, 22 chunks
    with open_library(library_dir) as lib:
        lib.import_paths([tmp_path / "big"])
    app = make_app(library_dir)
    async with app.run_test(size=WIDE) as pilot:
        view = await open_only_article(pilot)
        body = view.body
        page = view.scrollable_content_region.height
        _top, first_page = on_screen(view)
        lines, _starts = body.layout_lines(body.size.width)
        for step in range(1, 9):
            app.post_message(events.Key("pagedown", None))
            await pilot.pause()  # the key handled; no wait for any animation
            assert view.scroll_y == step * page
        top, shown = on_screen(view)
        lines, _starts = body.layout_lines(body.size.width)
        assert shown == [line.plain for line in lines[top : top + page]]
        assert body.laid_out_to > CHUNK and not body.complete  # more laid out, never all
        for _step in range(8):
            app.post_message(events.Key("pageup", None))
            await pilot.pause()
        assert view.scroll_y == 0
        assert on_screen(view)[1] == first_page


async def test_end_reaches_the_real_end_and_home_the_start(
    tmp_path: Path, library_dir: Path
) -> None:
    """End shows the article's last words, laying out only the chunks near the end; scrolling
    back up from there lays out the chunks before without moving the text on screen; Home
    shows the start again."""
    paragraphs = [f"Paragraph {n}. " + SENTENCE * 12 for n in range(400)]
    paragraphs.append("The very last words of the article.")
    long_article(tmp_path / "big", paragraphs)
    with open_library(library_dir) as lib:
        lib.import_paths([tmp_path / "big"])
    app = make_app(library_dir)
    async with app.run_test(size=WIDE) as pilot:
        view = await open_only_article(pilot)
        body = view.body
        total = len(body.text)
        await pilot.press("end")
        await settle(pilot)
        assert view.scroll_y == view.max_scroll_y > 0
        _top, shown = on_screen(view)
        assert " ".join(line.strip() for line in shown).endswith(
            "The very last words of the article."
        )
        assert "Paragraph 399." in "".join(shown)
        assert body.laid_out_to == total
        assert total - body.laid_out_from <= 3 * CHUNK  # the end, not the 0.35 MB before it

        # Page back up past the start of what End laid out: each page shows the lines just
        # above the page before, as the chunks before are laid out.
        window_start = body.laid_out_from
        for _ in range(30):
            top, shown = on_screen(view)
            _lines, starts = body.layout_lines(body.size.width)
            above_first = starts[top]
            await pilot.press("pageup")
            await pilot.pause()
            top, shown = on_screen(view)
            lines, starts = body.layout_lines(body.size.width)
            page = view.scrollable_content_region.height
            assert starts[top + page] == above_first  # continuous: no jump, no gap
            assert shown == [line.plain for line in lines[top : top + page]]
        assert body.laid_out_from < window_start
        assert body.laid_out_from > 0  # still not the whole article

        await pilot.press("home")
        await settle(pilot)
        assert view.scroll_y == 0 and body.laid_out_from == 0
        assert on_screen(view)[1][0].strip().startswith("Paragraph 0. The tide came")
        assert body.laid_out_to <= 2 * CHUNK


async def test_quotes_and_highlights_keep_their_style_across_a_chunk_edge(
    tmp_path: Path, library_dir: Path
) -> None:
    """A quotation that opens in one chunk and closes in the next is tinted on both sides of
    the edge, and so is a highlight that crosses it (with its margin bar on both sides)."""
    filler = [SENTENCE * 12] * 17  # ~15,300 characters: the next paragraph crosses CHUNK
    opening = "The skipper said: “The night ferry will run again from the quay. " + SENTENCE * 20
    closing = "It stops at the island at dawn,” she added. " + SENTENCE * 3
    paragraphs = [p.strip() for p in [*filler, opening, closing, *([SENTENCE * 12] * 30)]]
    long_article(tmp_path / "q", paragraphs)
    text = "\n\n".join(paragraphs)
    edge = chunk_bounds(text)[0][1]
    quote_open, quote_close = text.index("“The night"), text.index("she added")
    assert quote_open < edge < quote_close  # the quotation crosses the first chunk's edge
    marked_start = quote_open
    marked_end = text.index("at dawn") + len("at dawn")
    with open_library(library_dir) as lib:
        lib.import_paths([tmp_path / "q"])
        article_id = lib.ids()[0]
        lib.add_highlight(article_id, marked_start, marked_end)
    app = make_app(library_dir)
    async with app.run_test(size=WIDE) as pilot:
        view = await open_only_article(pilot)
        body = view.body
        assert body.text == text
        for _ in range(200):  # read on until the second chunk is laid out
            if body.laid_out_to > edge:
                break
            await pilot.press("pagedown")
        await settle(pilot)
        assert body.laid_out_from == 0 and body.laid_out_to > edge
        for offset in (text.index("night ferry"), text.index("It stops at the island")):
            line, column = line_holding(body, offset)
            assert styled_at(body, line, column, "article-body--quote"), (offset, line.plain)
            assert styled_at(body, line, column, "article-body--highlight"), line.plain
            assert line.plain.startswith("▌"), line.plain
        after, column = line_holding(body, text.index("she added"))
        assert not styled_at(body, after, column, "article-body--quote")


async def test_a_search_phrase_cut_by_a_chunk_edge_is_marked_on_both_sides(
    tmp_path: Path, library_dir: Path
) -> None:
    """A paragraph longer than a chunk is cut at a space: a searched phrase across that space
    is marked in both chunks."""
    lead = " harbour"
    filler = ("tides " * 4000)[: CHUNK - 1 - len(lead) - 1] + "s"
    paragraph = filler + lead + " board" + " tides" * 8000  # ~64,000 characters, no newline
    long_article(tmp_path / "p", [paragraph, "After the long paragraph."])
    edge = chunk_bounds(paragraph)[0][1]
    assert paragraph[edge - len("harbour") : edge + len(" board")] == "harbour board"
    with open_library(library_dir) as lib:
        lib.import_paths([tmp_path / "p"])
    app = make_app(library_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *'"harbour board"', "enter")
        await settle(pilot)
        view = await open_only_article(pilot)
        body = view.body
        assert body.terms == ("harbour board",)
        body.line_of(edge + 10)  # lay out the second chunk, as reading on does
        await settle(pilot)
        for offset in (edge - len("harbour"), edge + 1):
            line, column = line_holding(body, offset)
            assert styled_at(body, line, column, "article-body--match"), line.plain


async def test_in_highlight_mode_the_cursor_follows_end_and_home(
    tmp_path: Path, library_dir: Path
) -> None:
    """End (`G`) in highlight mode brings the sentence cursor to the end (left at the start,
    the next `j` scrolled back to it, laying out the whole article); Home (`g`) brings it
    back."""
    paragraphs = [f"Paragraph {n}. " + SENTENCE * 12 for n in range(400)]
    paragraphs.append("The very last words of the article.")
    long_article(tmp_path / "big", [p.strip() for p in paragraphs])
    with open_library(library_dir) as lib:
        lib.import_paths([tmp_path / "big"])
    app = make_app(library_dir)
    async with app.run_test(size=WIDE) as pilot:
        view = await open_only_article(pilot)
        body = view.body
        await pilot.press("h")
        await settle(pilot)
        assert view.current_sentence() == view.sentences[0]
        await pilot.press("G")  # as End
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        sentence = view.current_sentence()
        assert sentence is not None and sentence[0] >= body.laid_out_from > 0
        top, shown = on_screen(view)
        assert top <= body.line_of(sentence[0]) < top + len(shown)  # the cursor is on screen
        assert " ".join(line.strip() for line in shown).endswith(
            "The very last words of the article."
        )
        await pilot.press("g")  # as Home
        await settle(pilot)
        assert view.scroll_y == 0 and body.laid_out_from == 0
        assert view.current_sentence() == view.sentences[0]


def test_mask_controls_masks_exactly_the_controls_and_keeps_every_offset() -> None:
    """Every code point: controls (C0, C1, lone surrogates, bidi overrides and isolates) shown
    as U+FFFD, a tab as a space, the newline and everything else as it is, one for one."""
    import unicodedata

    from reader.tui.text import mask_controls

    bidi = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    every = "".join(map(chr, range(0x110000)))
    masked = mask_controls(every)
    assert len(masked) == len(every)
    for original, shown in zip(every, masked, strict=True):
        if original == "\n":
            assert shown == "\n"
        elif original == "\t":
            assert shown == " "
        elif original in bidi or unicodedata.category(original) in ("Cc", "Cs"):
            assert shown == "\ufffd", hex(ord(original))
        else:
            assert shown == original, hex(ord(original))
