"""Opening databases: migrations forward, refusal of newer ones, clear errors for broken ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from library_helpers import insert_old_article, library_at_version

from reader.library import SCHEMA_VERSION, LibraryDamaged, LibraryError, open_library


def test_fresh_library_is_current_and_wal(tmp_path: Path) -> None:
    with open_library(tmp_path) as lib:
        assert lib.is_empty()
    conn = sqlite3.connect(tmp_path / "library.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_v1_database_is_migrated_keeping_data(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    conn = library_at_version(tmp_path, 1)
    insert_old_article(conn, "abcdefgh", ["Kept body."])
    conn.execute(
        "INSERT INTO fts (rowid, title, authors, tags, body)"
        " VALUES (1, 'Old one', '', '', 'Kept body.')"
    )
    conn.execute(
        "INSERT INTO bookmarks (article_id, created_at, note) VALUES"
        " ('abcdefgh', '2024-01-02T00:00:00+00:00', 'old note')"
    )
    conn.close()
    with open_library(tmp_path) as lib:
        record = lib.get("abcdefgh")
        assert record.article.text == "Kept body." and record.bookmark is not None
        assert record.bookmark.note == "old note"
        # the v2 table exists and works: restore parks unknown ids in it
        report = lib.restore_state({"version": 1, "articles": {"zzzz0000": {"read": True}}})
        assert report.pending == ["zzzz0000"]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 4
    # v4: feeds and their entries
    assert conn.execute("SELECT count(*) FROM feeds").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM feed_entries").fetchone()[0] == 0
    # v3: the list is read from covering indexes, never by scanning and sorting the table
    for order in ("a.date DESC, a.id DESC", "a.title COLLATE NOCASE ASC, a.id ASC"):
        plan = " ".join(
            str(row[-1])
            for row in conn.execute(
                f"EXPLAIN QUERY PLAN SELECT a.id FROM articles a ORDER BY {order}"
            )
        )
        assert "COVERING INDEX" in plan and "TEMP B-TREE" not in plan, plan


def test_newer_database_is_refused(tmp_path: Path) -> None:
    with open_library(tmp_path):
        pass
    conn = sqlite3.connect(tmp_path / "library.sqlite3")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(LibraryError, match="newer reader") as info:
        open_library(tmp_path)
    assert "\n" not in str(info.value)


def test_corrupt_file_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "library.sqlite3").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(LibraryDamaged, match="reader doctor") as info:
        open_library(tmp_path)
    assert "not a database" in str(info.value) and "\n" not in str(info.value)


def test_library_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    with pytest.raises(LibraryError, match="afile"):
        open_library(tmp_path / "afile")


def test_v8_library_counts_chinese_and_japanese_words_again(tmp_path: Path) -> None:
    conn = library_at_version(tmp_path, 8)
    # 8 and 7 characters: 4 + 4 words; stored as two (one per run of characters)
    insert_old_article(conn, "jaarticl", ["渡し船がまた来た。", "島の人は喜んだ。"], word_count=2)
    insert_old_article(conn, "enarticl", ["Three plain words."], word_count=3)
    conn.close()
    with open_library(tmp_path) as lib:
        assert lib.get("jaarticl").word_count == 8
        assert lib.get("enarticl").word_count == 3
