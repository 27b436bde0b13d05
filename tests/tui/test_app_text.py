"""Hostile and wide text never breaks the layout or reaches the terminal as markup/escapes."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from tui_helpers import ready, write_article

from reader.library import open_library
from reader.tui.app import make_app
from reader.tui.screens.main import MainScreen

HOSTILE_TITLES = (
    "[bold red]x[/] markup title",
    "[/foo] closing tag",
    "[link=x]click[/link] me",
    "\x1b[31mred\x1b[0m \x1b]8;;http://evil\x07link\x1b]8;;\x07 escapes",
    "東京の夜行フェリーが運航を続ける 🚢🚢🚢 ZA̍L̈G̈O combining",
)


async def test_hostile_titles_render_as_plain_text(tmp_path: Path, library_dir: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    for index, title in enumerate(HOSTILE_TITLES):
        write_article(
            folder,
            f"h{index}.txt",
            title,
            [f"Body with [b]markup[/b] and \x1b[2J escapes {index}. 漢字とかな 🙂 e\u0301."],
            tags=["[red]tag[/red]", "tag with \x1b[1m"],
            section="[i]Sec[/i]",
            date=f"2024-03-{index + 1:02d}",
        )
    with open_library(library_dir) as library:
        library.import_paths([folder])

    app = make_app(library_dir)
    for size in ((80, 24), (120, 40)):
        async with app.run_test(size=size) as pilot:
            screen = await ready(pilot)
            assert isinstance(screen, MainScreen)
            article_list = screen.article_list
            shown = []
            for y in range(len(article_list.ids)):
                line = article_list.render_line(y).text
                assert cell_len(line) == article_list.scrollable_content_region.width
                assert "\x1b" not in line
                shown.append(line)
            joined = "\n".join(shown)
            assert "[bold red]x[/]" in joined or "[bold red]x[/" in joined
            assert "[/foo]" in joined
            # Every screen line is plain text, none escapes its width.
            for index in range(len(article_list.ids)):
                article_list.move_to(index)
                await pilot.pause(0.15)
                await app.workers.wait_for_complete()
                await pilot.pause()
            text = app.export_screenshot()
            assert "\x1b]8" not in text
        app = make_app(library_dir)


async def test_article_body_keeps_measure_and_no_controls(
    tmp_path: Path, library_dir: Path
) -> None:
    folder = tmp_path / "wide"
    folder.mkdir()
    long_word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen" * 2
    write_article(
        folder,
        "w.txt",
        "Wide body",
        [
            "字" * 200,
            f"Short words then {long_word} and more words after it to wrap around nicely.",
            "“A quote that is tinted,” she said. \x1b[31mNot red\x1b[0m.",
        ],
    )
    with open_library(library_dir) as library:
        library.import_paths([folder])
    app = make_app(library_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        body = screen.article_view.body
        lines, _starts = body.layout_lines(body.size.width)
        assert lines
        for line in lines:
            assert cell_len(line.plain) <= 74
            assert "\x1b" not in line.plain
        assert any("字" in line.plain for line in lines)
