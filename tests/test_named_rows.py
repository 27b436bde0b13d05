"""Rows are read by column name, never by position (issue 9 §3).

The guard: every multi-column SELECT the library reads its lists, records, articles and feeds
through is run again with its columns in other orders (reversed, rotated), and everything the
library returns must be exactly what it returned before. Code that read ``row[1]`` as the
title would get another field (or fail) as soon as the order moves. ``reader doctor``'s
salvage is guarded the same way: a rebuild with its SELECTs' columns reversed or rotated
gives the same library.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from reader.article import Article
from reader.library import DB_NAME, Library, doctor, feeds, open_library, store
from reader.library.db import column, picker, rows_and_names, value
from tests.library_helpers import article_file


def _rotated(fields: Sequence[str]) -> list[str]:
    return [*fields[1:], fields[0]]


def _reversed(fields: Sequence[str]) -> list[str]:
    return list(reversed(fields))


def _columns(columns: str) -> list[str]:
    return [c.strip() for c in columns.split(",")]


def _doctor_columns() -> dict[str, list[str]]:
    """Every column list ``reader doctor`` salvages rows through, by table."""
    return {
        **{t: _columns(c) for t, c in {**doctor._STATE_TABLES, **doctor._CARRIED_TABLES}.items()},
        "articles": _columns(doctor._ARTICLE_COLUMNS),
        "sources": _columns(doctor._SOURCE_COLUMNS),
    }


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """Articles whose every field differs from the next, with user state on some of them,
    and a feed that brought one of them."""
    folder = tmp_path / "files"
    article_file(
        folder,
        "a.txt",
        "Harbour council keeps the night ferry",
        "The ferry will run past midnight all winter, the council decided.",
        date="2024-03-07",
        author="Priya Natarajan",
        section="Local news",
        tags="Transport, Ferries",
        url="https://example.test/ferry",
    )
    article_file(
        folder,
        "b.txt",
        "Orchard museum opens a lantern wing",
        "Forty lanterns from the old pier hang in the new wing of the museum.\n\n"
        "The ferry company lent two of them.",
        date="2023-11-21",
        author="Tomasz Wr\u00f3bel",
        section="Culture",
        tags="Museums",
    )
    article_file(
        folder,
        "c.txt",
        "Tram timetable changes in spring",
        "Trams will come every six minutes at peak hours from April.",
        date="2022-05-02",
        author="Ada Okafor",
        section="Transport",
        tags="Trams, Timetables",
    )
    lib = open_library(tmp_path / "lib")
    lib.import_paths([folder])
    ids = {lib.get(i).article.title.split()[0]: i for i in lib.ids()}
    lib.set_bookmark(ids["Orchard"], "for the weekend")
    lib.set_read(ids["Tram"])
    lib.add_tags(ids["Harbour"], ["to check", "ferries"])
    lib.add_highlight(ids["Orchard"], 0, 18)
    feed = lib.feeds.add("http://127.0.0.1:9/feed.xml", title="Council news", tags=["local"])
    lib.feeds.store_entries(
        feed.id,
        [("entry-1", "hash-1", Article(title="Budget vote", body=("The budget passed.",)))],
    )
    lib.upsert_article(
        Article(
            title="Bridge repairs start",
            body=("The river bridge closes for repairs in June.",),
            date=date(2024, 1, 9),
            authors=("Lin Wei",),
            section="Works",
            tags=("Bridges",),
            url="https://example.test/bridge",
            extra={"Source": "Read later"},
        )
    )
    return lib


def _everything(lib: Library) -> dict[str, Any]:
    """All the library returns through the queries whose column order is permuted."""
    ids = lib.ids()
    feed = lib.feeds.all()[0]
    budget = next(i for i in ids if lib.get(i).article.title == "Budget vote")
    again = lib.upsert_article(
        Article(
            title="Bridge repairs start",
            body=("The river bridge closes for repairs in June.",),
            date=date(2024, 1, 9),
            authors=("Lin Wei",),
            section="Works",
            tags=("Bridges",),
            url="https://example.test/bridge",
            extra={"Source": "Read later"},
        )
    )
    return {
        "rows": lib.rows(),
        "rows by title": lib.rows(sort="title", descending=False),
        "rows for ids": lib.rows_for_ids(list(reversed(ids))),
        "rows for ids, searched": lib.rows_for_ids(ids, "ferry"),
        "search": lib.search("ferry"),
        "row_for": [lib.row_for(i) for i in ids],
        "records": lib.records(),
        "get": [lib.get(i) for i in ids],
        "feeds": lib.feeds.all(),
        "feed": lib.feeds.get(str(feed.id)),
        "feed_of": lib.feeds.feed_of(budget),
        "entry hashes": lib.feeds.entry_hashes(feed.id),
        # An unchanged article read back through article_from_row compares equal to itself:
        # a field read from the wrong column would make it "updated".
        "upsert again": again.status,
        "tags": lib.tag_counts(),
        "sections": lib.section_counts(),
        "views": lib.view_counts(),
    }


@pytest.mark.parametrize("permute", [_reversed, _rotated], ids=["reversed", "rotated"])
def test_reordered_selects_change_nothing(
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    permute: Callable[[Sequence[str]], list[str]],
) -> None:
    before = _everything(library)
    assert before["upsert again"] == "unchanged"
    assert [r.title for r in before["search"]][:2] == [
        "Harbour council keeps the night ferry",
        "Orchard museum opens a lantern wing",
    ]
    assert any(r.bookmarked for r in before["rows"]) and any(r.read for r in before["rows"])
    assert before["feed"].articles == 1 and before["feed"].title == "Council news"

    monkeypatch.setattr(store, "_ROW_COLUMNS", ", ".join(permute(store._ROW_FIELDS)))
    monkeypatch.setattr(store, "_RECORD_COLUMNS", ", ".join(permute(store._RECORD_FIELDS)))
    monkeypatch.setattr(store, "ARTICLE_COLUMNS", ", ".join(permute(store.ARTICLE_FIELDS)))
    feed_columns = [f"f.{name} AS {name}" for name in feeds._NAMES]
    monkeypatch.setattr(feeds, "_COLUMNS", ", ".join(permute(feed_columns)))
    counts = feeds._COUNTS.removeprefix(", ").split(") AS articles, ")
    monkeypatch.setattr(feeds, "_COUNTS", f", {counts[1]}, {counts[0]}) AS articles")

    after = _everything(library)
    assert after == before


def _damage_index(db_file: Path, name: str) -> None:
    """Garbage over every page of one index: the tables stay readable, the file is damaged."""
    conn = sqlite3.connect(db_file)
    try:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = column(conn, "SELECT pageno FROM dbstat WHERE name = ?", (name,))
    finally:
        conn.close()
    data = bytearray(db_file.read_bytes())
    for page in pages:
        data[(page - 1) * size : page * size] = b"Z" * size
    db_file.write_bytes(bytes(data))


def _rebuilt(directory: Path) -> dict[str, Any]:
    """``reader doctor``'s rebuild of ``directory`` and all the rebuilt library holds (the
    import times of re-imported articles, which are "now", left out)."""
    report = doctor.rebuild(directory)
    assert report.rebuilt and report.state_file is not None
    saved = json.loads(report.state_file.read_text("utf-8"))
    saved.pop("exported_at")
    then = datetime(2000, 1, 1, tzinfo=UTC)
    with open_library(directory) as lib:
        ids = lib.ids()
        feed = lib.feeds.all()[0]
        return {
            "report": (report.reimported, report.from_rows, report.state_articles),
            "state file": saved,
            "records": [
                dataclasses.replace(lib.get(i), imported_at=then, updated_at=then) for i in ids
            ],
            "rows": lib.rows(),
            "feeds": lib.feeds.all(),
            "entries": lib.feeds.entry_hashes(feed.id),
            "feed of": [lib.feeds.feed_of(i) for i in ids],
            "tags": lib.tag_counts(),
            "searches": lib.saved_searches(),
            "search": lib.search("ferry"),
        }


@pytest.mark.parametrize("permute", [_reversed, _rotated], ids=["reversed", "rotated"])
def test_a_doctor_rebuild_reads_the_damaged_rows_by_name(
    library: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    permute: Callable[[Sequence[str]], list[str]],
) -> None:
    """The salvage's SELECTs with their columns in another order rebuild the same library:
    user state, feeds and entries, articles re-imported from their files and articles kept
    from the damaged rows (one whose file is gone, one from a feed, one from no file)."""
    library.save_search("boats", "ferry tag:transport")
    library.close()
    (tmp_path / "files" / "c.txt").unlink()  # its article can only come back from its row
    _damage_index(tmp_path / "lib" / DB_NAME, "articles_list_title")
    shutil.copytree(tmp_path / "lib", tmp_path / "again")

    before = _rebuilt(tmp_path / "lib")
    assert before["report"] == (2, 3, 3)
    assert any(r.missing for r in before["records"]) and before["searches"]

    for table, fields in _doctor_columns().items():
        moved = ", ".join(permute(fields))
        if table == "articles":
            monkeypatch.setattr(doctor, "_ARTICLE_COLUMNS", moved)
        elif table == "sources":
            monkeypatch.setattr(doctor, "_SOURCE_COLUMNS", moved)
        elif table in doctor._STATE_TABLES:
            monkeypatch.setitem(doctor._STATE_TABLES, table, moved)
        else:
            monkeypatch.setitem(doctor._CARRIED_TABLES, table, moved)
    assert _rebuilt(tmp_path / "again") == before


def test_the_permutation_really_moves_every_column() -> None:
    """The guards above only guard if no column keeps its place."""
    doctors = list(_doctor_columns().values())
    for fields in (
        store._ROW_FIELDS,
        store._RECORD_FIELDS,
        store.ARTICLE_FIELDS,
        feeds._NAMES,
        *doctors,
    ):
        for permute in (_reversed, _rotated):
            moved = permute(fields)
            kept = [f for at, f in enumerate(fields) if moved[at] == f]
            assert kept == [] or (permute is _reversed and len(kept) == 1)
            if kept:  # an odd count reversed keeps its middle: the rotation moves that one
                assert _rotated(fields)[fields.index(kept[0])] != kept[0]


def test_one_column_readers_refuse_more_columns() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a TEXT, b TEXT)")
    conn.execute("INSERT INTO t VALUES ('first', 'second')")
    assert column(conn, "SELECT a FROM t") == ["first"]
    assert value(conn, "SELECT b FROM t") == "second"
    assert value(conn, "SELECT b FROM t WHERE a = 'none'") is None
    with pytest.raises(ValueError, match="one-column"):
        column(conn, "SELECT a, b FROM t")
    with pytest.raises(ValueError, match="one-column"):
        value(conn, "SELECT b, a FROM t")


def test_picker_finds_columns_by_name_in_any_order() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a TEXT, b TEXT, c TEXT)")
    conn.execute("INSERT INTO t VALUES ('x', 'y', 'z')")
    for sql in ("SELECT a, b, c FROM t", "SELECT c, a, b FROM t", "SELECT b AS b, c, a FROM t"):
        rows, names = rows_and_names(conn, sql)
        assert picker(names, ("a", "c"))(rows[0]) == ("x", "z")
        assert picker(names, ("b",))(rows[0]) == ("y",)
    rows, names = rows_and_names(conn, "SELECT a, b FROM t")
    with pytest.raises(ValueError, match="no column c"):
        picker(names, ("a", "c"))
