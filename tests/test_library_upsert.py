"""Articles from no file (feeds, read-later items, saved pages): add or update by identity key,
keeping user state; link-only articles; lookup by normalised URL; never "missing"."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from library_helpers import article_file, insert_old_article, library_at_version

from reader.article import Article
from reader.library import Library, LibraryError, open_library, url_key
from reader.library.schema import SCHEMA_VERSION


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = open_library(tmp_path / "lib")
    yield library
    library.close()


def _page(**fields: object) -> Article:
    values: dict[str, object] = {
        "title": "Night ferry saved",
        "body": ("The council voted to keep the night ferry.", "Fares stay the same."),
        "url": "https://news.example/ferry?utm_source=rss",
        "date": date(2024, 3, 7),
        "date_text": "2024-03-07",
        "tags": ("Transport",),
    }
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


def test_new_article_is_stored_searchable_and_found_by_normalised_url(lib: Library) -> None:
    done = lib.upsert_article(_page(), origin="feed")
    assert done.status == "new" and done.key == "url:https://news.example/ferry"
    record = lib.get(done.id)
    assert record.article.text.startswith("The council voted")
    assert record.article.url == "https://news.example/ferry?utm_source=rss"  # kept as given
    assert record.missing is False
    assert [r.id for r in lib.search("ferry")] == [done.id]
    assert lib.find_by_url("HTTPS://News.Example:443/ferry#top") == done.id
    assert lib.find_by_url("https://news.example/other") is None
    assert lib.find_by_key(done.key) == done.id


def test_update_keeps_every_piece_of_user_state(lib: Library) -> None:
    aid = lib.upsert_article(_page()).id
    lib.add_tags(aid, ["to-brief"])
    lib.set_bookmark(aid, note="for Monday")
    lib.set_read(aid)
    text = lib.get(aid).article.text
    start = text.index("Fares")
    lib.add_highlight(aid, start, start + len("Fares stay the same."))
    changed = _page(
        title="Night ferry saved for good",
        body=(
            "A new opening paragraph.",
            "The council voted to keep the night ferry.",
            "Fares stay the same.",
        ),
    )
    done = lib.upsert_article(changed)
    assert (done.id, done.status) == (aid, "updated")
    record = lib.get(aid)
    assert record.article.title == "Night ferry saved for good"
    assert record.user_tags == ("to-brief",)
    assert record.bookmark is not None and record.bookmark.note == "for Monday"
    assert record.read
    (highlight,) = record.highlights
    assert record.article.text[highlight.start : highlight.end] == "Fares stay the same."
    assert [r.id for r in lib.search("opening")] == [aid]
    assert [r.id for r in lib.search("tag:to-brief")] == [aid]
    assert lib.upsert_article(changed).status == "unchanged"


def test_caller_key_wins_over_url_and_same_url_merges(lib: Library) -> None:
    first = lib.upsert_article(_page(url=""), key="feed:https://news.example/rss#42")
    assert first.status == "new"
    again = lib.upsert_article(
        _page(url="", title="Renamed"), key="feed:https://news.example/rss#42"
    )
    assert (again.id, again.status) == (first.id, "updated")
    other = lib.upsert_article(_page(url="https://news.example/b"), key="feed:x#1")
    merged = lib.upsert_article(_page(url="HTTPS://NEWS.example:443/b"))
    assert merged.id == other.id
    assert lib.find_by_key("url:https://news.example/b") == other.id
    with pytest.raises(LibraryError, match="neither a URL nor a key"):
        lib.upsert_article(_page(url=""))


def test_link_only_article_and_empty_fields_never_erase(lib: Library) -> None:
    link = lib.add_link(
        "https://news.example/long-read", "A long read", tags=["Saved", "saved", " "]
    )
    record = lib.get(link.id)
    assert record.article.body == () and record.article.tags == ("Saved",)
    assert record.article.title == "A long read" and not record.missing
    assert lib.link_only_ids() == [link.id]
    filled = lib.upsert_article(
        Article(title="", body=("Now with text.",), url="https://news.example/long-read")
    )
    assert filled.status == "updated"
    record = lib.get(link.id)
    assert record.article.title == "A long read" and record.article.text == "Now with text."
    assert record.article.tags == ("Saved",)
    assert lib.link_only_ids() == []
    # a link-only copy of the same page later never wipes the text
    again = lib.add_link("https://news.example/long-read#x", "A long read")
    assert again.status == "unchanged"
    assert lib.get(link.id).article.text == "Now with text."
    assert lib.add_link("https://news.example/untitled").id
    assert lib.get(lib.find_by_url("https://news.example/untitled") or "").article.title == (
        "https://news.example/untitled"
    )


def test_article_from_a_file_keeps_its_content_and_is_never_missing_once_keyed(
    lib: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "arts"
    path = article_file(folder, "f.txt", "From a file", url="https://news.example/file")
    lib.import_paths([folder])
    (row,) = lib.rows()
    done = lib.upsert_article(_page(url="https://news.example/file?utm_medium=x", title="Feed"))
    assert (done.id, done.status) == (row.id, "unchanged")
    assert lib.get(row.id).article.title == "From a file"
    path.unlink()
    report = lib.import_paths([folder])
    assert report.missing == [str(path)]
    assert lib.get(row.id).missing is False  # it also came from a feed


def test_file_only_articles_still_go_missing(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "arts"
    path = article_file(folder, "f.txt", "From a file")
    lib.import_paths([folder])
    path.unlink()
    lib.import_paths([folder])
    assert [r.missing for r in lib.rows()] == [True]


def test_upsert_many_in_batches(lib: Library) -> None:
    seen: list[int] = []
    items = [(_page(url=f"https://news.example/{i}", title=f"Item {i}"), None) for i in range(7)]
    done = lib.upsert_articles(items, batch_size=3, progress=seen.append)
    assert [d.status for d in done] == ["new"] * 7 and seen == [3, 6, 7]
    assert lib.count() == 7
    assert {d.status for d in lib.upsert_articles(items)} == {"unchanged"}


def test_url_key() -> None:
    assert url_key("HTTPS://A.example/x#y") == "url:https://a.example/x"


def test_v3_library_gets_normalised_urls_on_migration(tmp_path: Path) -> None:
    conn = library_at_version(tmp_path, 3)
    insert_old_article(conn, "abcdefgh", [], title="Old", url="HTTPS://Old.example/a?utm_x=1")
    conn.close()
    with open_library(tmp_path) as lib:
        assert lib.find_by_url("https://old.example/a") == "abcdefgh"
        done = lib.add_link("https://old.example/a", "Old")
        assert done.id == "abcdefgh"
    conn = sqlite3.connect(tmp_path / "library.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 4
    assert datetime.now(UTC).year >= 2024


def test_quote_highlights_wait_for_the_text_and_are_placed_when_it_comes(lib: Library) -> None:
    link = lib.add_link("https://news.example/q", "Quotes")
    when = datetime(2023, 5, 1, 9, 30, tzinfo=UTC)
    assert lib.add_quote_highlight(link.id, "“keep  the\nferry”", "my note", when) == "unplaced"
    assert lib.add_quote_highlight(link.id, "“keep  the\nferry”", "my note", when) == "known"
    record = lib.get(link.id)
    assert record.highlights == () and [u.text for u in record.unplaced] == ["“keep  the\nferry”"]
    lib.upsert_article(
        Article(title="", body=('They said "keep the ferry" twice.',), url="https://news.example/q")
    )
    record = lib.get(link.id)
    assert record.unplaced == ()
    (placed,) = record.highlights
    assert record.article.text[placed.start : placed.end] == '"keep the ferry"'
    assert (placed.note, placed.created_at) == ("my note", when)
    assert lib.add_quote_highlight(link.id, '"keep the ferry"') == "known"
    assert lib.add_quote_highlight(link.id, "SAID") == "placed"  # case forgiven last


def test_lookup_by_url_uses_the_index(lib: Library) -> None:
    lib.add_link("https://news.example/a", "A")
    conn = sqlite3.connect(lib.path / "library.sqlite3")
    plan = " ".join(
        str(row[-1])
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE url_norm = ? AND url_norm != ''"
            " ORDER BY rowid LIMIT 1",
            ("https://news.example/a",),
        )
    )
    conn.close()
    assert "articles_url_norm" in plan, plan


def test_v7_library_gets_the_normalised_urls_feeds_left_out(tmp_path: Path) -> None:
    conn = library_at_version(tmp_path, 7)
    # a feed's article, stored by a reader that gave it no url_norm
    insert_old_article(conn, "feedarti", ["Text."], url="https://Feed.example/a?utm_x=1")
    conn.close()
    with open_library(tmp_path) as lib:
        assert lib.find_by_url("https://feed.example/a") == "feedarti"
        assert lib.add_link("https://feed.example/a?utm_source=pocket", "Saved").id == "feedarti"
        assert lib.count() == 1
