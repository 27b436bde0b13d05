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
from reader.library.db import from_iso, to_iso


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
    rows = conn.execute(
        "SELECT a.id, a.url, a.title, m.errors, m.last_error, m.next_try_at"
        " FROM articles a LEFT JOIN missing_text m ON m.article_id = a.id"
        " WHERE a.body = '[]' AND a.url != ''"
        " AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.article_id = a.id)"
        " ORDER BY a.rowid"
    ).fetchall()
    return [
        MissingPage(
            str(aid),
            str(url),
            str(title),
            int(errors or 0),
            str(last_error or ""),
            from_iso(next_try) if next_try else None,
        )
        for aid, url, title, errors, last_error, next_try in rows
    ]


def fill(conn: sqlite3.Connection, article_id: str, found: Article) -> upsert.Upserted | None:
    """Give a link-only article the text (and byline, and date when it has none) of ``found``;
    None when it is gone or already has text (another process filled it meanwhile).

    Its title stays unless it is only the URL; its URL and its tags stay.
    """
    from reader.library.store import Library

    row = conn.execute(
        "SELECT title, body, date, date_text, authors, section, tags, url, extra"
        " FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    if row is None or row[1] != "[]":
        conn.execute("DELETE FROM missing_text WHERE article_id = ?", (article_id,))
        return None
    old = Library.article_from_row(row)
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
    key_row = conn.execute(
        "SELECT key FROM article_keys WHERE article_id = ? ORDER BY rowid LIMIT 1", (article_id,)
    ).fetchone()
    key = str(key_row[0]) if key_row else None
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
