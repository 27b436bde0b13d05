"""``reader doctor`` carries everything the newest schema holds into the rebuilt library:
feeds and their entries, identity keys, normalised URLs, highlight notes, unplaced highlights,
and articles that came from no file are never marked missing. Without these, fetching the same
feed or importing the same read-later export after a rebuild would add the articles again."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from library_helpers import article_file

from reader.article import Article
from reader.library import DB_NAME, doctor, open_library
from reader.library.feeds import FetchRecord

FEED_URL = "http://127.0.0.1:9/harbour.xml"
LINK = "https://example.org/ferry-timetable?utm_source=newsletter"


def _damage_pages_of(db_file: Path, name: str) -> None:
    """Garbage over every page of one index: the tables stay readable, the file is damaged."""
    conn = sqlite3.connect(db_file)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ?", (name,))]
    finally:
        conn.close()
    assert pages, name
    data = bytearray(db_file.read_bytes())
    for page in pages:
        start = (page - 1) * page_size
        data[start : start + page_size] = bytes([0x5A]) * page_size
    db_file.write_bytes(bytes(data))


def _feed_article() -> Article:
    return Article(
        title="Night ferry keeps running",
        body=("The harbour council voted to keep the night ferry for another year.",),
        url="https://news.example.net/night-ferry",
    )


def test_a_rebuild_keeps_feeds_keys_notes_and_articles_from_no_file(tmp_path: Path) -> None:
    library_dir = tmp_path / "lib"
    arts = tmp_path / "arts"
    article_file(arts, "bridge.txt", "Bridge reopens", "The old bridge reopens to cyclists today.")
    fetched = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
    with open_library(library_dir) as lib:
        lib.import_paths([arts])
        (file_id,) = lib.ids()
        assert lib.add_quote_highlight(file_id, "reopens to cyclists", "ask the mayor") == "placed"
        feed = lib.feeds.add(FEED_URL, title="Harbour news", tags=["local"])
        lib.feeds.record(
            feed.id,
            FetchRecord("ok", fetched + timedelta(hours=1), fetched, success=True, etag='"v7"'),
        )
        (feed_id,) = lib.feeds.store_entries(feed.id, [("entry-1", "h1", _feed_article())]).new
        link = lib.add_link(LINK, "Ferry timetable", tags=["later"], origin="pocket")
        assert link.status == "new"
        placed = lib.add_quote_highlight(link.id, "the winter timetable", "compare with 2025")
        assert placed == "unplaced"
        lib.set_bookmark(link.id, note="for Monday")
        assert lib.count() == 3
    backoff = (link.id, 2, "HTTP 503", "2026-11-30T06:00:00Z", "2026-11-30T08:00:00Z")
    with sqlite3.connect(library_dir / DB_NAME) as conn:  # as fetch --missing-text leaves it
        conn.execute("INSERT INTO missing_text VALUES (?, ?, ?, ?, ?)", backoff)
    conn.close()
    _damage_pages_of(library_dir / DB_NAME, "articles_list_title")
    assert doctor.check(library_dir).problem is not None

    report = doctor.rebuild(library_dir)

    assert report.rebuilt and report.reimported == 1 and report.from_rows == 2
    assert doctor.check(library_dir).problem is None
    with open_library(library_dir) as lib:
        assert lib.count() == 3
        # the file article, and its highlight's note
        (highlight,) = lib.get(file_id).highlights
        assert (highlight.text, highlight.note) == ("reopens to cyclists", "ask the mayor")
        # the feed, its fetch state, its entry and the article the entry became
        (kept,) = lib.feeds.all()
        assert (kept.id, kept.url, kept.custom_title, kept.tags) == (
            feed.id,
            FEED_URL,
            "Harbour news",
            ("local",),
        )
        assert kept.etag == '"v7"' and kept.last_success_at == fetched
        assert lib.feeds.entry_hashes(feed.id) == {"entry-1": "h1"}
        assert kept.articles == 1
        source = lib.feeds.feed_of(feed_id)
        assert source is not None and source.id == feed.id
        assert not lib.get(feed_id).missing
        # the read-later link: its key, its normalised URL, its unplaced highlight and note
        record = lib.get(link.id)
        assert not record.missing and record.bookmark is not None
        assert record.bookmark.note == "for Monday"
        assert [(u.text, u.note) for u in record.unplaced] == [
            ("the winter timetable", "compare with 2025")
        ]
        assert lib.find_by_key(link.key) == link.id
        assert lib.find_by_url("https://example.org/ferry-timetable?utm_medium=mail") == link.id

    with sqlite3.connect(library_dir / DB_NAME) as conn:
        assert conn.execute("SELECT * FROM missing_text").fetchall() == [backoff]
    conn.close()
    with open_library(library_dir) as lib:
        # doing it all again adds nothing
        assert lib.import_paths([arts]).new == []
        again = lib.feeds.store_entries(feed.id, [("entry-1", "h1", _feed_article())])
        assert again.new == [] and again.updated == [feed_id]
        assert lib.add_link(LINK, "Ferry timetable", origin="pocket").id == link.id
        assert lib.add_quote_highlight(link.id, "the winter timetable") == "known"
        assert lib.count() == 3
        assert len(lib.get(link.id).unplaced) == 1
