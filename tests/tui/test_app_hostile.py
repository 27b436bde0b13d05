"""The app under hostile load: a huge article, keys typed while it is busy, unsafe URLs."""

from __future__ import annotations

from pathlib import Path

from textual import events
from tui_helpers import ready, settle, write_article

from reader.library import Library, open_library
from reader.tui.app import make_app

WIDE = (120, 40)


async def test_keys_typed_while_busy_after_slash_go_to_the_search_box(library: Library) -> None:
    """`/harbour` typed faster than the app handles it searches; it never runs `b`, `h`, `r`...

    All the keys are queued at once, as they are when the app is busy: each must go to the
    widget that has focus once the keys before it have been handled."""
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article_view.has_focus
        opened = screen.article_view.article_id
        assert opened is not None
        for char in "/harbour":
            key = "slash" if char == "/" else char
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert screen.search_box.input.value == "harbour"
        assert not screen.article_view.highlight_mode
        assert not library.get(opened).bookmarked


async def test_a_huge_article_is_laid_out_in_chunks_as_it_is_read(
    tmp_path: Path, library_dir: Path
) -> None:
    """Opening a long article lays out its first chunk only; scrolling lays out more."""
    from reader.tui.widgets.article_view import CHUNK

    folder = tmp_path / "big"
    folder.mkdir()
    paragraph = "The tide came in over the old quay wall and the harbour board met again. " * 12
    write_article(folder, "big.txt", "A very long article", [paragraph] * 400)  # ~0.35 MB
    with open_library(library_dir) as lib:
        lib.import_paths([folder])
    app = make_app(library_dir)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = screen.article_view
        body = view.body
        total = len(body.text)
        assert total > 20 * CHUNK
        assert not body.complete and body.laid_out_to <= 2 * CHUNK
        lines_at_first = len(body.layout_lines(body.size.width)[0])
        assert body.virtual_size.height == lines_at_first  # the widget is as tall as laid out
        for _ in range(4):
            await pilot.press("end")
            await pilot.pause()
        assert body.laid_out_to > 2 * CHUNK  # reading on lays out more ...
        assert body.laid_out_to < total  # ... but never all of it at once
        await pilot.press("h")  # highlight mode starts on screen, laying out nothing more
        await settle(pilot)
        assert view.highlight_mode and body.laid_out_to < total
        await pilot.press("escape")
        # A sentence far down is laid out when highlight mode's cursor needs it.
        offset = body.laid_out_to + 3 * CHUNK
        line = body.line_of(offset)
        _lines, starts = body.layout_lines(body.size.width)
        assert starts[line] <= offset < (starts[line + 1] if line + 1 < len(starts) else total)
