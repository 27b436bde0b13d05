"""Subscriptions and the articles their entries became, in the library's SQLite file.

A feed entry is linked to its article by ``(feed, entry key)``; the article keeps its id for
ever, so every tag, bookmark, note, highlight and read mark (all keyed by article id) survives
the entry changing, and an entry that drops out of its feed leaves its article in place.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from reader.article import Article
from reader.library import ftsindex, importer, state
from reader.library.db import (
    Connection,
    column,
    from_iso,
    named,
    named_one,
    to_iso,
    utcnow,
    value,
)
from reader.library.models import LibraryError
from reader.urls import normalize_url

FULL_TEXT_MODES = ("auto", "always", "never")
STATUSES = ("new", "ok", "failing", "moved", "gone")


class UnknownFeed(LibraryError):
    """No feed has that number, URL or title (or a title names several)."""


class FeedExists(LibraryError):
    """A feed with that URL is already subscribed."""


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    url: str
    title: str
    """What the user sees: their own title, else the feed's, else the URL."""
    feed_title: str
    custom_title: str
    site_url: str
    tags: tuple[str, ...]
    full_text: str
    """``auto`` (summary-only entries get their page), ``always`` or ``never``."""
    status: str
    """``new`` (never fetched), ``ok``, ``failing``, ``moved`` (a redirect being watched) or
    ``gone`` (410: not fetched again until edited)."""
    last_error: str
    error_count: int
    etag: str | None
    last_modified: str | None
    added_at: datetime
    last_fetched_at: datetime | None
    last_success_at: datetime | None
    next_fetch_at: datetime | None
    redirect_url: str
    redirect_since: datetime | None
    articles: int = 0
    unread: int = 0


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """What one fetch of a feed changed in its row (None: leave as it was)."""

    status: str
    next_fetch_at: datetime
    fetched_at: datetime
    error: str = ""
    success: bool = False
    etag: str | None = None
    last_modified: str | None = None
    url: str | None = None
    feed_title: str | None = None
    site_url: str | None = None
    redirect_url: str = ""
    redirect_since: datetime | None = None


@dataclass
class EntryReport:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


#: A feed's columns, each named: ``_feed`` reads them by these names (sqlite3.Row), never by
#: position, so their order is free (tests/test_named_rows.py permutes it).
_NAMES = (
    "id",
    "url",
    "feed_title",
    "custom_title",
    "site_url",
    "tags",
    "full_text",
    "status",
    "last_error",
    "error_count",
    "etag",
    "last_modified",
    "added_at",
    "last_fetched_at",
    "last_success_at",
    "next_fetch_at",
    "redirect_url",
    "redirect_since",
)
_COLUMNS = ", ".join(f"f.{name} AS {name}" for name in _NAMES)
_COUNTS = (
    ", (SELECT count(*) FROM feed_entries e WHERE e.feed_id = f.id) AS articles,"
    " (SELECT count(*) FROM feed_entries e WHERE e.feed_id = f.id AND NOT EXISTS"
    "   (SELECT 1 FROM reads r WHERE r.article_id = e.article_id)) AS unread"
)


def _when(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


def _feed(row: sqlite3.Row) -> Feed:
    """A feed from a row of ``_COLUMNS`` (and, if the query has them, ``_COUNTS``), by name."""
    custom, own, url = str(row["custom_title"]), str(row["feed_title"]), str(row["url"])
    counted = "articles" in row.keys()  # noqa: SIM118 (``in row`` looks in the values)
    return Feed(
        id=int(row["id"]),
        url=url,
        title=custom or own or url,
        feed_title=own,
        custom_title=custom,
        site_url=str(row["site_url"]),
        tags=tuple(json.loads(str(row["tags"]))),
        full_text=str(row["full_text"]),
        status=str(row["status"]),
        last_error=str(row["last_error"]),
        error_count=int(row["error_count"]),
        etag=row["etag"],
        last_modified=row["last_modified"],
        added_at=from_iso(str(row["added_at"])),
        last_fetched_at=_when(row["last_fetched_at"]),
        last_success_at=_when(row["last_success_at"]),
        next_fetch_at=_when(row["next_fetch_at"]),
        redirect_url=str(row["redirect_url"]),
        redirect_since=_when(row["redirect_since"]),
        articles=int(row["articles"]) if counted else 0,
        unread=int(row["unread"]) if counted else 0,
    )


def _clean_tags(tags: Iterable[str]) -> list[str]:
    from reader.library.store import normalize_tags

    return normalize_tags(list(tags))


class FeedStore:
    """The library's feeds; reached as ``library.feeds``."""

    def __init__(self, db: Connection) -> None:
        self._db = db

    # -- subscriptions -------------------------------------------------------------------
    def add(
        self,
        url: str,
        *,
        title: str = "",
        tags: Iterable[str] = (),
        full_text: str = "auto",
        feed_title: str = "",
        site_url: str = "",
    ) -> Feed:
        if full_text not in FULL_TEXT_MODES:
            raise LibraryError(f"full text must be one of {', '.join(FULL_TEXT_MODES)}")
        now = to_iso(utcnow())
        with self._db.write() as conn:
            if conn.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone():
                raise FeedExists(f"already subscribed to {url}")
            cur = conn.execute(
                "INSERT INTO feeds (url, custom_title, feed_title, site_url, tags, full_text,"
                " added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    url,
                    " ".join(title.split()),
                    feed_title,
                    site_url,
                    json.dumps(_clean_tags(tags), ensure_ascii=False),
                    full_text,
                    now,
                ),
            )
            feed_id = int(cur.lastrowid or 0)
        return self.get(str(feed_id))

    def all(self) -> list[Feed]:
        with self._db.read() as conn:
            rows = named(
                conn,
                f"SELECT {_COLUMNS}{_COUNTS} FROM feeds f"
                " ORDER BY coalesce(nullif(f.custom_title, ''), nullif(f.feed_title, ''), f.url)"
                " COLLATE NOCASE, f.id",
            )
        return [_feed(r) for r in rows]

    def get(self, key: str) -> Feed:
        """A feed by its number, its URL, or its title (case-insensitive, if only one has it)."""
        key = key.strip()
        with self._db.read() as conn:
            found: list[sqlite3.Row] = []
            if key.isdigit():
                found = named(
                    conn, f"SELECT {_COLUMNS}{_COUNTS} FROM feeds f WHERE f.id = ?", (int(key),)
                )
            if not found:
                found = named(
                    conn, f"SELECT {_COLUMNS}{_COUNTS} FROM feeds f WHERE f.url = ?", (key,)
                )
            if not found:
                found = named(
                    conn,
                    f"SELECT {_COLUMNS}{_COUNTS} FROM feeds f WHERE"
                    " coalesce(nullif(f.custom_title, ''), nullif(f.feed_title, ''), f.url)"
                    " = ? COLLATE NOCASE",
                    (key,),
                )
        if not found:
            raise UnknownFeed(f"no feed {key!r} (give its number, URL or title: reader feed list)")
        if len(found) > 1:
            raise UnknownFeed(f"several feeds are called {key!r}: give its number or URL")
        return _feed(found[0])

    def edit(
        self,
        feed_id: int,
        *,
        url: str | None = None,
        title: str | None = None,
        tags: Iterable[str] | None = None,
        full_text: str | None = None,
    ) -> Feed:
        """Change a feed; any edit brings a gone or failing feed back to be fetched next run."""
        sets: list[str] = [
            "status = CASE WHEN status IN ('gone', 'failing') THEN 'new' ELSE status END",
            "next_fetch_at = NULL",
            "error_count = 0",
        ]
        params: list[object] = []
        if url is not None:
            sets += [
                "url = ?",
                "etag = NULL",
                "last_modified = NULL",
                "redirect_url = ''",
                "redirect_since = NULL",
            ]
            params.append(url)
        if title is not None:
            sets.append("custom_title = ?")
            params.append(" ".join(title.split()))
        if tags is not None:
            sets.append("tags = ?")
            params.append(json.dumps(_clean_tags(tags), ensure_ascii=False))
        if full_text is not None:
            if full_text not in FULL_TEXT_MODES:
                raise LibraryError(f"full text must be one of {', '.join(FULL_TEXT_MODES)}")
            sets.append("full_text = ?")
            params.append(full_text)
        with self._db.write() as conn:
            if (
                url is not None
                and conn.execute(
                    "SELECT 1 FROM feeds WHERE url = ? AND id != ?", (url, feed_id)
                ).fetchone()
            ):
                raise FeedExists(f"already subscribed to {url}")
            cur = conn.execute(
                f"UPDATE feeds SET {', '.join(sets)} WHERE id = ?", (*params, feed_id)
            )
            if cur.rowcount == 0:
                raise UnknownFeed(f"no feed {feed_id}")
        return self.get(str(feed_id))

    def remove(self, feed_id: int, *, with_articles: bool = False) -> int:
        """Unsubscribe. Its articles stay (with all user state) unless ``with_articles``; an
        article another feed also brought always stays. Returns the articles deleted."""
        deleted = 0
        with self._db.write() as conn:
            ids = column(conn, "SELECT article_id FROM feed_entries WHERE feed_id = ?", (feed_id,))
            conn.execute("DELETE FROM feed_entries WHERE feed_id = ?", (feed_id,))
            cur = conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
            if cur.rowcount == 0:
                raise UnknownFeed(f"no feed {feed_id}")
            if with_articles:
                for aid in ids:
                    if conn.execute(
                        "SELECT 1 FROM feed_entries WHERE article_id = ? UNION ALL"
                        " SELECT 1 FROM sources WHERE article_id = ?",
                        (aid, aid),
                    ).fetchone():
                        continue
                    _delete_article(conn, aid)
                    deleted += 1
        return deleted

    # -- fetching ------------------------------------------------------------------------
    def due(
        self,
        now: datetime,
        *,
        feed_ids: Iterable[int] | None = None,
        tags: Iterable[str] = (),
        force: bool = False,
    ) -> list[Feed]:
        """Feeds to fetch now: due ones (or all with ``force``), never gone ones."""
        wanted = set(feed_ids) if feed_ids is not None else None
        folded = {t.casefold() for t in tags}
        out = []
        for feed in self.all():
            if feed.status == "gone":
                continue
            if wanted is not None and feed.id not in wanted:
                continue
            if folded and not folded & {t.casefold() for t in feed.tags}:
                continue
            if not force and feed.next_fetch_at is not None and feed.next_fetch_at > now:
                continue
            out.append(feed)
        return out

    def record(self, feed_id: int, rec: FetchRecord) -> None:
        sets = [
            "status = ?",
            "next_fetch_at = ?",
            "last_fetched_at = ?",
            "last_error = ?",
            "redirect_url = ?",
            "redirect_since = ?",
        ]
        params: list[object] = [
            rec.status,
            to_iso(rec.next_fetch_at),
            to_iso(rec.fetched_at),
            rec.error,
            rec.redirect_url,
            to_iso(rec.redirect_since) if rec.redirect_since else None,
        ]
        if rec.success:
            sets += ["error_count = 0", "last_success_at = ?"]
            params.append(to_iso(rec.fetched_at))
        else:
            sets.append("error_count = error_count + 1")
        for name, given in (
            ("etag", rec.etag),
            ("last_modified", rec.last_modified),
            ("url", rec.url),
            ("feed_title", rec.feed_title),
            ("site_url", rec.site_url),
        ):
            if given is not None:
                sets.append(f"{name} = ?")
                params.append(given)
        with self._db.write() as conn:
            conn.execute(f"UPDATE feeds SET {', '.join(sets)} WHERE id = ?", (*params, feed_id))

    def store_entries(
        self, feed_id: int, entries: Sequence[tuple[str, str, Article]]
    ) -> EntryReport:
        """Add or update the articles of a feed's entries ``(key, entry hash, article)``, all in
        one transaction.

        A known entry whose hash changed updates its article in place (same id, so every tag,
        bookmark, note, highlight and read mark stays); a new entry whose URL another article
        already has is linked to that article rather than copied.
        """
        report = EntryReport()
        now = to_iso(utcnow())
        with self._db.write() as conn:
            for key, digest, article in entries:
                known = value(
                    conn,
                    "SELECT e.article_id FROM feed_entries e JOIN articles a ON a.id ="
                    " e.article_id WHERE e.feed_id = ? AND e.entry_key = ?",
                    (feed_id, key),
                )
                if known is not None:
                    aid = str(known)
                    update_article(conn, aid, article, now)
                    report.updated.append(aid)
                else:
                    aid, created = insert_article(conn, article, now)
                    (report.new if created else report.unchanged).append(aid)
                conn.execute(
                    "INSERT INTO feed_entries (feed_id, entry_key, article_id, content_hash,"
                    " first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (feed_id, entry_key) DO UPDATE SET article_id ="
                    " excluded.article_id, content_hash = excluded.content_hash,"
                    " last_seen = excluded.last_seen",
                    (feed_id, key, aid, digest, now, now),
                )
        return report

    def entry_hashes(self, feed_id: int) -> dict[str, str]:
        """Entry key -> the hash of the entry as the feed last gave it."""
        with self._db.read() as conn:
            return {
                str(r["entry_key"]): str(r["content_hash"])
                for r in named(
                    conn,
                    "SELECT entry_key, content_hash FROM feed_entries WHERE feed_id = ?",
                    (feed_id,),
                )
            }

    def save_article(self, article: Article) -> tuple[str, bool]:
        """Add (or refresh in place) an article that comes from no file and no feed, by its
        identity (its URL); returns (id, newly created). User state is kept on refresh."""
        now = to_iso(utcnow())
        with self._db.write() as conn:
            same = value(
                conn,
                "SELECT id FROM articles WHERE identity = ? ORDER BY rowid LIMIT 1",
                (importer.identity(article),),
            )
            if same is not None:
                update_article(conn, str(same), article, now)
                return str(same), False
            return insert_article(conn, article, now)

    def feed_of(self, article_id: str) -> Feed | None:
        """The feed an article came from (the first one to bring it), if any."""
        with self._db.read() as conn:
            row = named_one(
                conn,
                f"SELECT {_COLUMNS} FROM feeds f JOIN feed_entries e ON e.feed_id = f.id"
                " WHERE e.article_id = ? ORDER BY e.first_seen, f.id LIMIT 1",
                (article_id,),
            )
        return _feed(row) if row else None


# -- articles that come from no file -----------------------------------------------------


def insert_article(conn: sqlite3.Connection, article: Article, now: str) -> tuple[str, bool]:
    """Insert an article (or find the one with its identity); returns (id, newly created)."""
    ident = importer.identity(article)
    same = value(
        conn, "SELECT id FROM articles WHERE identity = ? ORDER BY rowid LIMIT 1", (ident,)
    )
    if same is not None:
        return str(same), False
    aid = importer._free_id(conn, article.stable_id, ident)
    cur = conn.execute(
        "INSERT INTO articles (id, identity, title, date, date_text, authors, section, tags,"
        " url, extra, body, word_count, content_hash, url_norm, imported_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            aid,
            ident,
            *importer._article_values(article),
            article.content_hash,
            normalize_url(article.url),  # so a read-later item of the same page merges
            now,
            now,
        ),
    )
    rowid = int(cur.lastrowid or 0)
    _article_tags(conn, aid, article)
    state.apply_pending(conn, aid)
    ftsindex.add(conn, [rowid])
    return aid, True


def update_article(conn: sqlite3.Connection, aid: str, article: Article, now: str) -> None:
    """Replace an article's content in place; its id, and so all user state, stays."""
    rowid = int(value(conn, "SELECT rowid FROM articles WHERE id = ?", (aid,)))
    ftsindex.forget(conn, [rowid])  # before the row changes: FTS5 reads the old words from it
    conn.execute(
        "UPDATE articles SET title = ?, date = ?, date_text = ?, authors = ?, section = ?,"
        " tags = ?, url = ?, extra = ?, body = ?, word_count = ?, content_hash = ?,"
        " url_norm = ?, updated_at = ?, missing = 0 WHERE id = ?",
        (
            *importer._article_values(article),
            article.content_hash,
            normalize_url(article.url),
            now,
            aid,
        ),
    )
    conn.execute("DELETE FROM article_tags WHERE article_id = ?", (aid,))
    _article_tags(conn, aid, article)
    ftsindex.add(conn, [rowid])


def _article_tags(conn: sqlite3.Connection, aid: str, article: Article) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO article_tags (article_id, position, tag, tag_norm)"
        " VALUES (?, ?, ?, ?)",
        [(aid, i, t, t.casefold()) for i, t in enumerate(article.tags)],
    )


def _delete_article(conn: sqlite3.Connection, aid: str) -> None:
    ftsindex.forget(conn, ftsindex.rowids(conn, [aid]))  # first: FTS5 reads the row
    for table in ("article_tags", "user_tags", "bookmarks", "reads", "highlights"):
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
    conn.execute("DELETE FROM articles WHERE id = ?", (aid,))
