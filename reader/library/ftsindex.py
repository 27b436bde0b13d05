"""Keeping the search index (``fts``) in step with the articles it indexes.

``fts`` is an external-content FTS5 table: it stores no text of its own but reads it, by rowid,
from the view ``fts_source`` over ``articles`` and ``user_tags`` (reader/library/schema.py).
Removing an entry makes FTS5 read the view to learn which words to take out, so every writer
follows one order, inside one transaction:

1. :func:`forget` the articles' entries while their rows still hold what was indexed;
2. change the rows (the article, its tags, the user's tags), or delete them;
3. :func:`add` the entries again from the rows as they now stand.

:func:`changing` does 1 and 3 around a block. Done the other way round, FTS5 would remove the
new words instead of the old (a removed tag or an edited body would stay searchable and the
index would be corrupt). Both steps are idempotent: an article not indexed is not forgotten,
one indexed is not added twice (each would corrupt the index); FTS5's ``fts_docsize`` shadow
table, one row per indexed rowid, says which articles are indexed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

#: An entry from values the caller built; they must equal what ``fts_source`` gives for the row
#: (``importer._fts_values`` builds them for new articles on the import's hot path).
INSERT_VALUES_SQL = "INSERT INTO fts (rowid, title, authors, tags, body) VALUES (?, ?, ?, ?, ?)"
_INSERT_FROM_VIEW_SQL = (
    "INSERT INTO fts (rowid, title, authors, tags, body)"
    " SELECT article_rowid, title, authors, tags, body FROM fts_source WHERE article_rowid = ?"
)
_INDEXED_SQL = "SELECT 1 FROM fts_docsize WHERE id = ?"


def is_indexed(conn: sqlite3.Connection, rowid: int) -> bool:
    return conn.execute(_INDEXED_SQL, (rowid,)).fetchone() is not None


def forget(conn: sqlite3.Connection, rowids: Iterable[int]) -> None:
    """Remove these articles' entries; call it BEFORE their rows change or go."""
    conn.executemany(
        "DELETE FROM fts WHERE rowid = ?", [(r,) for r in rowids if is_indexed(conn, r)]
    )


def add(conn: sqlite3.Connection, rowids: Iterable[int]) -> None:
    """Index these articles as their rows now stand (those not indexed yet; rowids with no
    article are skipped)."""
    conn.executemany(_INSERT_FROM_VIEW_SQL, [(r,) for r in rowids if not is_indexed(conn, r)])


def rowids(conn: sqlite3.Connection, article_ids: Iterable[str]) -> list[int]:
    """The rowids of those of ``article_ids`` in the library."""
    found: list[int] = []
    for aid in dict.fromkeys(article_ids):
        row = conn.execute("SELECT rowid FROM articles WHERE id = ?", (aid,)).fetchone()
        if row is not None:
            found.append(int(row[0]))
    return found


@contextmanager
def changing(conn: sqlite3.Connection, article_ids: Iterable[str]) -> Iterator[None]:
    """Around a change to what the index reads for these articles (their rows, article tags
    or user tags): their entries are removed before it and added back after it."""
    found = rowids(conn, article_ids)
    forget(conn, found)
    yield
    add(conn, found)


def recreate(conn: sqlite3.Connection) -> None:
    """A new index (and view) built from the articles, whatever state the old one was in
    (``reader doctor``): the index holds nothing that is not in the articles."""
    from reader.library.schema import FTS_SOURCE_SQL, FTS_TABLE_SQL

    conn.execute("DROP TABLE IF EXISTS fts")
    conn.execute("DROP VIEW IF EXISTS fts_source")
    conn.execute(FTS_SOURCE_SQL)
    conn.execute(FTS_TABLE_SQL)
    conn.execute("INSERT INTO fts (fts) VALUES ('rebuild')")


def problem(conn: sqlite3.Connection) -> str | None:
    """None when the index agrees with the articles (FTS5's ``integrity-check``, the content
    compared too), else what is wrong, in one line. Writes nothing, but needs a connection
    that may write (FTS5 runs the check as an INSERT): the caller rolls back."""
    try:
        conn.execute("INSERT INTO fts (fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.Error as exc:
        if "locked" in str(exc) or "busy" in str(exc) or "readonly" in str(exc):
            return None  # cannot be checked now: not a fault of the index
        return f"the search index does not match the articles ({exc})"
    return None
