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
        for _ in range(300):  # read on, a page at a time, past the second chunk
            if body.laid_out_to > 2 * CHUNK:
                break
            await pilot.press("pagedown")
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


HOSTILE_URLS = (
    "javascript:alert(1)",
    "data:text/html,<b>hi</b>",
    "file:///etc/passwd",
    "--new-window=https://evil.example/",
    "https://example.org/news/ferry",
)


async def test_o_opens_only_http_and_https_urls(
    tmp_path: Path, library_dir: Path, monkeypatch: object
) -> None:
    """`o` hands the browser http(s) URLs only; anything else is a notification."""
    import webbrowser

    import pytest

    opened: list[str] = []
    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    folder = tmp_path / "urls"
    folder.mkdir()
    for index, url in enumerate(HOSTILE_URLS):
        day = f"2024-03-{20 - index:02d}"  # newest first: the list shows them in this order
        write_article(folder, f"u{index}.txt", f"Story {index}", ["Some text."], date=day, url=url)
    with open_library(library_dir) as lib:
        lib.import_paths([folder])
    app = make_app(library_dir)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        for index, url in enumerate(HOSTILE_URLS):
            if index:
                await pilot.press("j")
            await pilot.press("enter")
            await settle(pilot)
            record = screen.article_view.record
            assert record is not None and record.article.url == url
            await pilot.press("o")
            await settle(pilot)
            messages = [str(n.message) for n in app._notifications]
            refused = any(m.startswith("Not opened: only http and https") for m in messages)
            assert refused == (not url.startswith("https:")), (url, messages)
            app.clear_notifications()
            await pilot.press("escape")
            await settle(pilot)
    assert opened == ["https://example.org/news/ferry"]
