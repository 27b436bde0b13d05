"""A 20,000-article library opens, scrolls to the end and searches quickly."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import ready, settle

from reader.library import open_library
from reader.tui.app import make_app

N = 20_000


def generate(folder: Path, count: int) -> None:
    """Small distinct articles; every 1000th mentions a rare word to search for."""
    folder.mkdir()
    words = [
        "harbour",
        "ferry",
        "council",
        "budget",
        "science",
        "mice",
        "light",
        "chip",
        "spring",
        "orders",
    ]
    for index in range(count):
        rare = " zeppelin" if index % 1000 == 0 else ""
        day = 1 + index % 28
        month = 1 + (index // 28) % 12
        body = " ".join(words[(index + k) % len(words)] for k in range(40)) + rare + "."
        (folder / f"a{index:05d}.txt").write_text(
            f"## Article {index:05d} about {words[index % len(words)]}\n\n"
            f"Publication Date: 2023-{month:02d}-{day:02d}\n\n"
            f"Author: Writer {index % 97} Section: S{index % 7}\n\n"
            f"Tags: t{index % 13}, t{index % 17}\n\n\n\n{body}\n",
            "utf-8",
        )


@pytest.mark.slow
async def test_twenty_thousand_articles(tmp_path: Path, library_dir: Path) -> None:
    generate(tmp_path / "many", N)
    with open_library(library_dir) as library:
        library.import_paths([tmp_path / "many"])
        assert library.count() == N

    app = make_app(library_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert len(screen.article_list.ids) == N
        # Only the visible page(s) were fetched: no row objects for the whole library.
        assert len(screen.article_list._rows) < 1000

        await pilot.press("end")
        await settle(pilot)
        assert screen.article_list.cursor == N - 1
        last = screen.article_list.ids[-1]
        assert screen.article_list.row(last) is not None
        assert screen.article_view.article_id == last

        await pilot.press("slash", *"zeppelin")
        await settle(pilot)
        assert len(screen.article_list.ids) == N // 1000
        first = screen.article_list.row(screen.article_list.ids[0])
        assert first is not None and "\x02zeppelin\x03" in first.snippet.lower()

        # Typed straight past a word in every article: only the newest query's results land
        # (the superseded query is cancelled, or its late answer dropped).
        await pilot.press("ctrl+a", "ctrl+k", *"harbour", "space", *"zeppelin")
        await settle(pilot)
        assert screen.query_text == "harbour zeppelin"
        assert len(screen.article_list.ids) == N // 1000
        assert screen.total == N // 1000


@pytest.mark.slow
async def test_a_word_in_every_article_shows_its_best_page_first(
    tmp_path: Path, library_dir: Path
) -> None:
    """A ranked search of thousands of matches paints its best page before the whole list is
    read, in the order the whole list then has."""
    generate(tmp_path / "many", 2_000)
    with open_library(library_dir) as library:
        library.import_paths([tmp_path / "many"])
        best = library.ids("harbour", sort="rank")
        assert library.first_ids("harbour", 200) == best[:200]

    app = make_app(library_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        shown: list[tuple[int, bool]] = []
        original = screen._ids_loaded

        def spy(view, ids, keep, fresh, page, partial=False, top=False):  # type: ignore[no-untyped-def]
            if view.query == "harbour":
                shown.append((len(ids), partial))
            return original(view, ids, keep, fresh, page, partial, top)

        screen._ids_loaded = spy  # type: ignore[method-assign]
        await pilot.press("slash", *"harbour")
        await settle(pilot)
        assert shown == [(200, True), (len(best), False)]
        assert screen.article_list.ids == best
        assert screen.total == len(best) and screen.total_known
        first = screen.article_list.row(best[0])
        assert first is not None and "\x02harbour\x03" in first.snippet.lower()
        # Only a screenful of the best page came with it; the rest arrives as it scrolls in.
        screen.article_list.move_to(150)
        await settle(pilot)
        later = screen.article_list.row(best[150])
        assert later is not None and "\x02harbour\x03" in later.snippet.lower()
