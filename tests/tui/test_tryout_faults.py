"""Faults met trying the app as a new user with awkward articles of one's own (session 11),
each checked on screen and, where it writes, in the store."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import ready, settle, write_article

from reader.library import Library
from reader.tui.app import make_app
from reader.tui.widgets.flow import Flow

NARROW = (80, 24)


async def test_an_article_with_hundreds_of_tags_shows_its_text_on_the_first_screen(
    library: Library, second: Library, tmp_path: Path
) -> None:
    """An article carrying 200 tags opened at 80x24 showed nothing but tag chips: its first
    paragraph came some thirty lines down. The tags take at most three lines, the last ending
    with how many more there are (the tag editor lists them all)."""
    tags = [f"topic{i:03d}" for i in range(200)]
    folder = tmp_path / "tagged"
    folder.mkdir()
    write_article(
        folder,
        "tags.txt",
        "Tagged to the hilt",
        ["The first paragraph is here."],
        date="2024-04-02",
        tags=tags,
    )
    library.import_paths([folder])
    app = make_app(library.path)
    async with app.run_test(size=NARROW) as pilot:
        screen = await ready(pilot)
        article_id = screen.article_list.current_id
        assert article_id is not None
        assert second.get(article_id).article.title == "Tagged to the hilt"
        await pilot.press("enter")
        await settle(pilot)
        view = screen.article_view
        chips = view.query_one("#article-tags", Flow)
        assert len(chips.pieces) == 200
        assert chips.size.height == 3
        lines = [strip.text for strip in chips.render_lines(chips.region.reset_offset)]
        shown = [tag for tag in tags if any(f" {tag} " in line for line in lines)]
        assert shown == tags[: len(shown)] and len(shown) > 3
        assert lines[-1].rstrip().endswith(f"+{200 - len(shown)} more"), lines
        body = view.body
        assert body.region.y < NARROW[1] - 1  # the text starts on the first screen
        await pilot.press("t")
        await settle(pilot)
        editor_chips = app.screen.query_one("#article-chips", Flow)
        assert len(editor_chips.pieces) == 200


def test_a_file_with_only_a_title_is_not_sent_to_fetch_its_text(
    library_dir: Path, tmp_path: Path
) -> None:
    """A file holding only a title line (no text, no URL) said "link only: no text yet (reader
    fetch --missing-text)" in the reader view, but there is no page to fetch and `reader fetch
    --missing-text` says nothing is missing: it says "no text" instead, as `reader show`
    does not send it to fetch either. A link-only item with a URL keeps the hint."""
    from reader.library import open_library
    from reader.tui.widgets.article_view import metadata_parts

    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "heading.txt").write_text("## Only a heading\n", "utf-8")
    with open_library(library_dir) as lib:
        assert len(lib.import_paths([folder]).new) == 1
        [bare] = [row.id for row in lib.search("title:heading")]
        link = lib.add_link("https://news.example/later", "Kept for later").id
        assert link in lib.link_only_ids()
        bare_parts = metadata_parts(lib.get(bare))
        link_parts = metadata_parts(lib.get(link))
    assert "no text" in bare_parts
    assert not any("fetch" in part for part in bare_parts), bare_parts
    assert "link only: no text yet (reader fetch --missing-text)" in link_parts
