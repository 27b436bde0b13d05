"""The list marks link-only articles (no text yet) so they are told apart at a glance."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import ready, settle

from reader.article import Article
from reader.library import open_library
from reader.tui.app import make_app
from reader.tui.widgets.article_list import LINK_ONLY_MARK
from reader.tui.widgets.article_view import metadata_parts


async def test_link_only_articles_are_marked_in_the_list(library_dir: Path, tmp_path: Path) -> None:
    """A saved link gets the mark; an article with text does not, and neither does a file that
    holds only a title (no text, but no link either: nothing to fetch, so the mark would say
    something untrue; it was drawn for any article of no words)."""
    with open_library(library_dir) as lib:
        link = lib.add_link("https://news.example/kept-for-later", "Kept for later").id
        folder = tmp_path / "bare"
        folder.mkdir()
        (folder / "heading.txt").write_text("## Only a heading\n", "utf-8")
        lib.import_paths([folder])
        [bare] = [row.id for row in lib.search("title:heading")]
        lib.upsert_article(
            Article(
                title="Has its text",
                body=("The ferry runs again after the storm, the harbour master said today.",),
                url="https://news.example/with-text",
            )
        )
    app = make_app(library_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        await settle(pilot)
        article_list = screen.article_list
        ids = list(article_list.ids)
        assert link in ids and bare in ids and len(ids) == 3
        lines = {
            aid: "".join(s.text for s in article_list.render_line(i * article_list.row_height))
            for i, aid in enumerate(ids)
        }
        other = next(a for a in ids if a not in (link, bare))
        assert f"{LINK_ONLY_MARK}Kept for later" in lines[link]
        assert "Has its text" in lines[other] and LINK_ONLY_MARK not in lines[other]
        assert "Only a heading" in lines[bare] and LINK_ONLY_MARK not in lines[bare]
    with open_library(library_dir) as lib:
        assert lib.link_only_ids() == [link]
        assert "link only: no text yet (reader fetch --missing-text)" in metadata_parts(
            lib.get(link)
        )
        assert not any("link only" in p for p in metadata_parts(lib.get(other)))


async def test_a_description_is_shown_under_the_byline(library_dir: Path) -> None:
    from textual.widgets import Static

    with open_library(library_dir) as lib:
        link = lib.upsert_article(
            Article(
                title="Harbour plan",
                url="https://news.example/harbour-plan",
                extra={"Description": "A second pier [bold]before[/] the summer."},
            )
        ).id
        plain = lib.add_link("https://news.example/plain", "No description").id
        with_link, without = lib.get(link), lib.get(plain)
    app = make_app(library_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        standfirst = screen.article_view.query_one("#article-standfirst", Static)
        screen.article_view.show(with_link)
        await settle(pilot)
        assert standfirst.display
        assert str(standfirst.render()) == "A second pier [bold]before[/] the summer."
        screen.article_view.show(without)
        await settle(pilot)
        assert not standfirst.display
