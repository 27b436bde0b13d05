"""Link-only articles waiting for their text (``reader fetch --missing-text``).

A link-only article (a read-later item with no text, say) is filled in place: the page's
text, byline and date go into the article found by id, through the same upsert as every
article from no file, so tags, bookmark, read state and highlights stay, and unplaced
highlights are placed once their words are in the text. A page that could not be fetched is
recorded in ``missing_text`` with its error and when to try again; the row goes when the
article gets its text.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime

from reader.article import Article
from reader.library import upsert
from reader.library.db import from_iso, named, picker, rows_and_names, to_iso, value


@dataclass(frozen=True, slots=True)
class MissingPage:
    """A link-only article whose page is to be fetched, with its failures so far."""

    id: str
    url: str
    title: str
    errors: int = 0
    """Failed fetches in a row."""
    last_error: str = ""
    next_try_at: datetime | None = None
    """Not fetched again before this (after a failure); None: never tried."""

    def due(self, now: datetime) -> bool:
        return self.next_try_at is None or self.next_try_at <= now


def pages(conn: sqlite3.Connection) -> list[MissingPage]:
    """Every link-only article with a URL and no file behind it, oldest first."""
    rows = named(
        conn,
        "SELECT a.id AS id, a.url AS url, a.title AS title, m.errors AS errors,"
        " m.last_error AS last_error, m.next_try_at AS next_try_at"
        " FROM articles a LEFT JOIN missing_text m ON m.article_id = a.id"
        " WHERE a.body = '[]' AND a.url != ''"
        " AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.article_id = a.id)"
        " ORDER BY a.rowid",
    )
    return [
        MissingPage(
            id=str(r["id"]),
            url=str(r["url"]),
            title=str(r["title"]),
            errors=int(r["errors"] or 0),
            last_error=str(r["last_error"] or ""),
            next_try_at=from_iso(r["next_try_at"]) if r["next_try_at"] else None,
        )
        for r in rows
    ]


def fill(conn: sqlite3.Connection, article_id: str, found: Article) -> upsert.Upserted | None:
    """Give a link-only article the text (and byline, and date when it has none) of ``found``;
    None when it is gone or already has text (another process filled it meanwhile).

    Its title stays unless it is only the URL; its URL and its tags stay.
    """
    from reader.library.store import ARTICLE_COLUMNS, ARTICLE_NAMES, Library

    found_rows, names = rows_and_names(
        conn, f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,)
    )
    fields = picker(names, ARTICLE_NAMES)(found_rows[0]) if found_rows else None
    if fields is None or fields[ARTICLE_NAMES.index("body")] != "[]":
        conn.execute("DELETE FROM missing_text WHERE article_id = ?", (article_id,))
        return None
    old = Library.article_from_row(fields)
    dated = old.date is not None or bool(old.date_text)
    title = old.title if old.title.strip() and old.title.strip() != old.url.strip() else ""
    article = replace(
        old,
        title=title or found.title or old.title,
        body=found.body,
        authors=old.authors or found.authors,
        date=old.date if dated else found.date,
        date_text=old.date_text if dated else found.date_text,
    )
    key_found = value(
        conn,
        "SELECT key FROM article_keys WHERE article_id = ? ORDER BY rowid LIMIT 1",
        (article_id,),
    )
    key = str(key_found) if key_found is not None else None
    if key is None and upsert.find_by_url(conn, old.url) != article_id:
        return None  # no way to name this article to the upsert without touching another
    done = upsert.upsert(conn, article, key, "missing-text")
    conn.execute("DELETE FROM missing_text WHERE article_id = ?", (article_id,))
    return done


def record_failure(
    conn: sqlite3.Connection, article_id: str, error: str, now: datetime, next_try: datetime
) -> None:
    """One more failed fetch of the article's page: the error, and not before ``next_try``."""
    conn.execute(
        "INSERT INTO missing_text (article_id, errors, last_error, last_tried_at, next_try_at)"
        " VALUES (?, 1, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET"
        " errors = errors + 1, last_error = excluded.last_error,"
        " last_tried_at = excluded.last_tried_at, next_try_at = excluded.next_try_at",
        (article_id, error, to_iso(now), to_iso(next_try)),
    )
