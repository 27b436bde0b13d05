"""The search index is an external-content FTS5 table over the view ``fts_source``: every path
that changes what it indexes keeps it exact (old words gone, new words found) and FTS5's own
integrity check, which compares the index with the view, passes after each."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from reader.article import Article
from reader.library import Library, feeds, open_library, upsert
from reader.library.importer import _fts_values
from reader.library.paths import DB_NAME
from tests.library_helpers import bump_mtime, library_at_version


@pytest.fixture
def lib(library_dir: Path) -> Iterator[Library]:
    library = open_library(library_dir)
    try:
        yield library
    finally:
        library.close()


def _raw(library_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(library_dir / DB_NAME, isolation_level=None)


def _sound(library_dir: Path) -> None:
    """FTS5's integrity check with the content compared too: raises if the index holds other
    words than the view gives for any article."""
    conn = _raw(library_dir)
    try:
        conn.execute("INSERT INTO fts (fts, rank) VALUES ('integrity-check', 1)")
    finally:
        conn.close()


def _found(lib: Library, query: str) -> list[str]:
    return sorted(row.id for row in lib.search(query, limit=100))


def test_the_body_is_stored_once(
    library_dir: Path, lib: Library, write_article: Callable[..., Path]
) -> None:
    lib.import_paths([write_article("a.txt", title="Pier", body=["Gulls circled the pier."])])
    conn = _raw(library_dir)
    try:
        tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert {"fts", "fts_source"} <= tables and "fts_content" not in tables
    assert _found(lib, "gulls") != []


@pytest.mark.parametrize(
    "body",
    [
        ["One plain paragraph."],
        ['He said "no, never", twice.', 'A "quoted", "listed" line', "ends with \\"],
        ["Tab\tinside", "a line\nbreak inside", "accents: café, naïve; emoji \U0001f600"],
        ['", "', '\\", "', "\\u0041 is not an escape here"],
    ],
)
def test_a_new_articles_entry_is_exactly_what_the_view_gives(
    library_dir: Path, lib: Library, write_article: Callable[..., Path], body: list[str]
) -> None:
    """The import builds new entries in Python (the hot path); removing one makes FTS5 read
    the view instead, so the two must agree character for character."""
    path = write_article(
        "odd.txt", title='A "title"', body=body, tags=["Sea, air", "Port"], author="Ann Lee"
    )
    report = lib.import_paths([path])
    assert len(report.new) == 1
    conn = _raw(library_dir)
    try:
        row = conn.execute(
            "SELECT a.rowid, a.title, a.authors, a.tags, a.body FROM articles a"
        ).fetchone()
        rowid, title, authors, tags, stored = row
        paragraphs = json.loads(stored)
        expected = _fts_values(
            rowid, title, json.loads(authors), json.loads(tags), "\n\n".join(paragraphs)
        )
        view = conn.execute(
            "SELECT article_rowid, title, authors, tags, body FROM fts_source"
        ).fetchone()
        assert view == expected
    finally:
        conn.close()
    _sound(library_dir)


def test_reimport_with_a_changed_body(
    library_dir: Path, lib: Library, write_article: Callable[..., Path]
) -> None:
    path = write_article("a.txt", title="Tram news", body=["The tram depot gets walruses."])
    lib.import_paths([path])
    (aid,) = [r.id for r in lib.search("walruses")]
    write_article("a.txt", title="Tram news", body=["The tram depot gets pelicans."])
    bump_mtime(path)
    lib.import_paths([path.parent])
    lib.import_paths([path])  # twice: the second finds it unchanged
    assert _found(lib, "walruses") == []
    assert _found(lib, "pelicans") == [aid]
    _sound(library_dir)


def test_one_article_changed_through_two_files_in_one_import(
    library_dir: Path, lib: Library, write_article: Callable[..., Path]
) -> None:
    """Two files of one article, both changed: the entry is removed once, added once."""
    one = write_article("one.txt", title="Same story", body=["Otters in the canal."])
    lib.import_paths([one.parent])
    two = one.parent / "two.txt"
    two.write_bytes(one.read_bytes())
    lib.import_paths([one.parent])
    (aid,) = _found(lib, "otters")
    for path in (one, two):
        write_article(path.name, title="Same story", body=["Herons in the canal."])
        bump_mtime(path)
    lib.import_paths([one.parent])
    assert _found(lib, "otters") == [] and _found(lib, "herons") == [aid]
    _sound(library_dir)


def test_user_tags_added_and_removed(
    library_dir: Path, lib: Library, write_article: Callable[..., Path]
) -> None:
    path = write_article("a.txt", title="Bakery", body=["Bread rose."], tags=["Food"])
    lib.import_paths([path])
    (aid,) = _found(lib, "bread")
    lib.add_tags(aid, ["Weekend reads", "later"])  # a free word finds a tag's words too
    assert _found(lib, "weekend") == [aid] and _found(lib, "later") == [aid]
    assert _found(lib, "food") == [aid]
    lib.remove_tags(aid, ["weekend reads"])
    assert _found(lib, "weekend") == [] and _found(lib, "later") == [aid]
    assert _found(lib, "food") == [aid]
    _sound(library_dir)


def test_remove(library_dir: Path, lib: Library, write_article: Callable[..., Path]) -> None:
    folder = write_article("a.txt", title="Lanterns", body=["Lanterns lit the pier."]).parent
    write_article("b.txt", title="Orchard", body=["Apples and lanterns."])
    lib.import_paths([folder])
    (gone,), (kept,) = _found(lib, "pier"), _found(lib, "apples")
    assert kept != gone and _found(lib, "lanterns") == sorted([gone, kept])
    lib.add_tags(gone, ["mine"])
    lib.remove([gone])
    assert _found(lib, "pier") == [] and _found(lib, "mine") == []
    assert _found(lib, "lanterns") == [kept]
    _sound(library_dir)


def test_restored_tags_for_present_and_pending_articles(
    library_dir: Path, tmp_path: Path, lib: Library, write_article: Callable[..., Path]
) -> None:
    first = write_article("a.txt", title="Clinic hours", body=["The clinic opens early."])
    lib.import_paths([first])
    (present,) = _found(lib, "clinic")
    later = write_article("b.txt", title="Museum", body=["The museum closes late."])
    with open_library(tmp_path / "scratch") as scratch:  # the id the file will get
        scratch.import_paths([later])
        (pending,) = _found(scratch, "museum")
    lib.restore_state(
        {
            "version": 1,
            "articles": {
                present: {"user_tags": ["Health"]},
                pending: {"user_tags": ["Culture"], "read": True},
            },
        }
    )
    assert _found(lib, "health") == [present]
    assert _found(lib, "culture") == []
    lib.import_paths([later])
    assert _found(lib, "culture") == [pending]
    _sound(library_dir)


def test_feed_entry_inserted_then_updated(library_dir: Path, lib: Library) -> None:
    article = Article(title="Storm warning", body=("Gales reach the coast.",), tags=("Weather",))
    with lib._db.write("a feed entry") as conn:
        aid, created = feeds.insert_article(conn, article, "2024-01-01T00:00:00+00:00")
    assert created and _found(lib, "gales") == [aid]
    lib.add_tags(aid, ["watch"])
    changed = Article(title="Storm passes", body=("Calm returns to the coast.",), tags=())
    with lib._db.write("a feed entry") as conn:
        feeds.update_article(conn, aid, changed, "2024-01-02T00:00:00+00:00")
    assert _found(lib, "gales") == [] and _found(lib, "calm") == [aid]
    assert _found(lib, "weather") == [] and _found(lib, "watch") == [aid]
    _sound(library_dir)


def test_read_later_item_merged_with_more_text(library_dir: Path, lib: Library) -> None:
    url = "https://news.example/bridge"
    with lib._db.write("a saved page") as conn:
        first = upsert.upsert(conn, Article(title="Bridge", url=url), None, "test")
    with lib._db.write("a saved page") as conn:
        again = upsert.upsert(
            conn, Article(title="Bridge", url=url, body=("The bridge reopens.",)), None, "test"
        )
    assert again.id == first.id and again.status == "updated"
    assert _found(lib, "reopens") == [first.id]
    _sound(library_dir)


def _v9_library(library_dir: Path) -> None:
    """A library as reader wrote it at schema version 9: the FTS table held its own copy of
    every article's text, user tags included."""
    library_dir.mkdir(parents=True)
    conn = library_at_version(library_dir, 9)
    articles = [
        ("aaaa0001", "Harbour vote", '["Ann Lee"]', '["Port", "Council"]',
         ["The harbour council voted.", "Ferries keep running."], ["ferry fan"]),
        ("aaaa0002", "Night market", "[]", "[]", ["Lanterns and noodles.", "Rain stopped."], []),
        ("aaaa0003", "Ferry strike", '["Bo Li", "Cy Ng"]', '["Port"]',
         ["No ferry ran today.", "The ferry crews want pay."], ["to read", "ferry fan"]),
    ]  # fmt: skip
    stamp = "2024-01-01T00:00:00+00:00"
    for rowid, (aid, title, authors, tags, body, user) in enumerate(articles, 1):
        conn.execute(
            "INSERT INTO articles (rowid, id, identity, title, authors, tags, body,"
            " content_hash, imported_at, updated_at) VALUES (?,?,?,?,?,?,?,'',?,?)",
            (rowid, aid, aid, title, authors, tags, json.dumps(body), stamp, stamp),
        )
        for i, tag in enumerate(json.loads(tags)):
            conn.execute(
                "INSERT INTO article_tags VALUES (?, ?, ?, ?)", (aid, i, tag, tag.casefold())
            )
        for tag in user:
            conn.execute(
                "INSERT INTO user_tags VALUES (?, ?, ?, ?)", (aid, tag, tag.casefold(), stamp)
            )
        conn.execute(
            "INSERT INTO fts (rowid, title, authors, tags, body) VALUES (?, ?, ?, ?, ?)",
            (
                rowid,
                title,
                ", ".join(json.loads(authors)),
                "\n".join(json.loads(tags) + sorted(user)),
                "\n\n".join(body),
            ),
        )
    conn.execute("INSERT INTO bookmarks VALUES ('aaaa0002', ?, 'a note')", (stamp,))
    conn.close()


_QUERIES = [
    "ferry",
    '"ferry crews"',
    "NEAR(harbour running, 5)",
    "ferr*",
    "title:ferry",
    "tags:port",
    'tags:"ferry fan"',
    "tags:read",
    "authors:lee",
    "lanterns OR pay",
]


def _ranked(library_dir: Path) -> list[list[tuple[int, float]]]:
    conn = _raw(library_dir)
    try:
        return [
            [
                (int(r[0]), round(float(r[1]), 9))
                for r in conn.execute(
                    "SELECT rowid, bm25(fts, 10.0, 3.0, 3.0, 1.0) AS score FROM fts"
                    " WHERE fts MATCH ? ORDER BY score, rowid",
                    (q,),
                )
            ]
            for q in _QUERIES
        ]
    finally:
        conn.close()


def test_migration_keeps_every_search_result(library_dir: Path) -> None:
    _v9_library(library_dir)
    before = _ranked(library_dir)
    assert all(before) and len({tuple(r) for r in before}) > 3  # the queries tell rows apart
    with open_library(library_dir) as lib:
        record = lib.get("aaaa0002")
        assert record.bookmark is not None and record.bookmark.note == "a note"
        assert _found(lib, "fan") == ["aaaa0001", "aaaa0003"]
        assert [r.id for r in lib.search("ferry")] == ["aaaa0003", "aaaa0001"]
    assert _ranked(library_dir) == before
    conn = _raw(library_dir)
    try:
        tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "fts_source" in tables and "fts_content" not in tables
    finally:
        conn.close()
    _sound(library_dir)


def _stale(conn: sqlite3.Connection) -> None:
    """A body changed behind the index's back: it still holds the old words."""
    conn.execute("UPDATE articles SET body = '[\"Puffins nest here.\"]' WHERE body LIKE '%dive%'")


def _broken(conn: sqlite3.Connection) -> None:
    """A page of the index overwritten with garbage."""
    conn.execute("UPDATE fts_data SET block = x'0000ff' WHERE id = (SELECT max(id) FROM fts_data)")


def _missing(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TABLE fts")
    conn.execute("DROP VIEW fts_source")


@pytest.mark.parametrize("damage", [_stale, _broken, _missing])
def test_doctor_finds_and_rebuilds_a_damaged_index_in_place(
    library_dir: Path,
    write_article: Callable[..., Path],
    cli: Callable[..., Result],
    damage: Callable[[sqlite3.Connection], None],
) -> None:
    folder = write_article("a.txt", title="Seabirds", body=["Gannets dive for fish."]).parent
    write_article("b.txt", title="Allotments", body=["Leeks and gannets."])
    with open_library(library_dir) as lib:
        lib.import_paths([folder])
        (first,) = [r.id for r in lib.search("dive")]
        lib.add_tags(first, ["birdwatch"])
        lib.set_bookmark(first, note="keep")
    conn = _raw(library_dir)
    damage(conn)
    conn.close()

    checked = cli("doctor", "--check")
    assert checked.exit_code == 1 and "search index" in checked.stderr
    done = cli("doctor")
    assert done.exit_code == 0, done.output
    assert "Rebuilt the search index" in done.stdout and "2 articles" in done.stdout
    assert not [p for p in library_dir.iterdir() if "damaged" in p.name]  # nothing set aside
    _sound(library_dir)
    with open_library(library_dir) as lib:
        assert _found(lib, "birdwatch") == [first]
        assert lib.get(first).bookmark is not None
        assert len(_found(lib, "gannets")) == (1 if damage is _stale else 2)
        assert _found(lib, "puffins") == ([first] if damage is _stale else [])
    assert "sound" in cli("doctor").stdout
