"""Articles that come from no file: feed entries, read-later items, saved pages.

Each is added or updated by an identity key: ``url:<normalised url>`` by default, or a key the
caller owns (say ``feed:<feed url>#<entry id>``). The rules:

* a key already known names its article; otherwise an article with the same normalised URL
  (from a file or from anywhere) is the same article, and the key is attached to it;
* updating never touches user state (tags, bookmark, read, highlights live in their own
  tables), and an empty incoming field never erases a stored one: a link-only copy of a page
  (title, URL, tags, no text) merged into an article that has text keeps the text;
* an article that came from a file keeps the file's content (the file is its source of
  truth; re-importing it would undo any other change): only the key is attached;
* an article with a key is never marked missing (that is for files that vanished);
* when the text changes, highlights are found again in the new text (see highlights.py).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from reader.article import Article, stable_id_for
from reader.library import ftsindex, highlights, importer, state
from reader.library.db import picker, rows_and_names, to_iso, utcnow, value
from reader.library.models import LibraryError
from reader.urls import normalize_url

Status = Literal["new", "updated", "unchanged"]
#: What an article id looks like (base-32 letters and digits, lengthened on a collision).
_ID = re.compile(r"[a-z0-9]{8,80}")


@dataclass(frozen=True, slots=True)
class Upserted:
    """What ``Library.upsert_article`` did with one article."""

    id: str
    status: Status
    """``new``, ``updated`` (its content changed) or ``unchanged`` (merged, or nothing new)."""
    key: str


def url_key(url: str) -> str:
    """The default identity key of a page: ``url:`` and its normalised URL."""
    return "url:" + normalize_url(url)


def key_for(article: Article, key: str | None) -> str:
    if key is not None and key.strip():
        return key.strip()
    if article.url.strip():
        return url_key(article.url)
    raise LibraryError(
        f"the article {article.title[:60]!r} has neither a URL nor a key to know it by"
    )


def find_by_key(conn: sqlite3.Connection, key: str) -> str | None:
    found = value(conn, "SELECT article_id FROM article_keys WHERE key = ?", (key,))
    return None if found is None else str(found)


def find_by_url(conn: sqlite3.Connection, url: str) -> str | None:
    norm = normalize_url(url)
    if not norm:
        return None
    found = value(
        conn,
        # "!= ''" lets SQLite use the partial index articles_url_norm (else: a full scan)
        "SELECT id FROM articles WHERE url_norm = ? AND url_norm != '' ORDER BY rowid LIMIT 1",
        (norm,),
    )
    return None if found is None else str(found)


#: Header fields where the earlier moment is the true one: the day you first saved a page
#: stays that day when another export (or the same one, later) saves it again.
_EARLIEST = ("Saved",)


def _earliest(a: str, b: str) -> str:
    """The earlier of two ISO moments; a value that is not one loses to one that is."""
    try:
        first = datetime.fromisoformat(a)
    except ValueError:
        return b
    try:
        second = datetime.fromisoformat(b)
    except ValueError:
        return a
    if (first.tzinfo is None) != (second.tzinfo is None):  # cannot be compared: keep the first
        return a
    return a if first <= second else b


def _merged(new: Article, old: Article) -> Article:
    """``new`` with its empty fields filled from ``old``: nothing known is ever erased, and the
    date an item was saved stays its first one."""
    extra = dict(old.extra)
    extra.update(new.extra)
    for name in _EARLIEST:
        if old.extra.get(name) and new.extra.get(name):
            extra[name] = _earliest(old.extra[name], new.extra[name])
    dated = new.date is not None or bool(new.date_text)
    return Article(
        title=new.title or old.title,
        body=new.body or old.body,
        date=new.date if dated else old.date,
        date_text=new.date_text if dated else old.date_text,
        authors=new.authors or old.authors,
        section=new.section or old.section,
        tags=new.tags or old.tags,
        url=old.url if normalize_url(new.url) == normalize_url(old.url) else new.url or old.url,
        extra=extra,
    )


def upsert(
    conn: sqlite3.Connection, article: Article, key: str | None = None, origin: str = ""
) -> Upserted:
    """Add or update one article inside the caller's write transaction."""
    ident_key = key_for(article, key)
    now = to_iso(utcnow())
    aid = find_by_key(conn, ident_key)
    if aid is None and article.url.strip():
        aid = find_by_url(conn, article.url)
    if aid is None:
        return Upserted(_insert(conn, article, ident_key, origin, now), "new", ident_key)
    conn.execute(
        "INSERT OR IGNORE INTO article_keys (key, article_id, origin, added_at) VALUES (?,?,?,?)",
        (ident_key, aid, origin, now),
    )
    return Upserted(aid, _merge_into(conn, aid, article, now), ident_key)


def _merge_into(conn: sqlite3.Connection, aid: str, article: Article, now: str) -> Status:
    """Merge ``article`` into the stored ``aid`` (see the rules above): ``updated`` or
    ``unchanged``."""
    from reader.library.store import ARTICLE_COLUMNS, ARTICLE_NAMES, Library

    conn.execute("UPDATE articles SET missing = 0 WHERE id = ? AND missing != 0", (aid,))
    if conn.execute("SELECT 1 FROM sources WHERE article_id = ? LIMIT 1", (aid,)).fetchone():
        return "unchanged"
    found, names = rows_and_names(
        conn, f"SELECT a.rowid AS rowid, {ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?", (aid,)
    )
    if not found:
        raise LibraryError(f"no article with id {aid!r}")
    (rowid,) = picker(names, ("rowid",))(found[0])
    old = Library.article_from_row(picker(names, ARTICLE_NAMES)(found[0]))
    merged = _merged(article, old)
    if merged.content_hash == old.content_hash and dict(merged.extra) == dict(old.extra):
        return "unchanged"
    ftsindex.forget(conn, [rowid])  # before the row changes: FTS5 reads the old words from it
    conn.execute(
        "UPDATE articles SET identity = ?, title = ?, date = ?, date_text = ?, authors = ?,"
        " section = ?, tags = ?, url = ?, extra = ?, body = ?, word_count = ?,"
        " content_hash = ?, url_norm = ?, updated_at = ? WHERE id = ?",
        (
            importer.identity(merged),
            *importer.article_values(merged),
            merged.content_hash,
            normalize_url(merged.url),
            now,
            aid,
        ),
    )
    conn.execute("DELETE FROM article_tags WHERE article_id = ?", (aid,))
    importer.insert_article_tags(conn, aid, merged)
    ftsindex.add(conn, [rowid])
    if merged.text != old.text:
        highlights.relocate(conn, aid, merged.text)
    return "updated"


def _insert(conn: sqlite3.Connection, article: Article, key: str, origin: str, now: str) -> str:
    ident = importer.identity(article)
    short = article.stable_id if article.url.strip() else stable_id_for(key, "", "")
    aid = importer.free_id(conn, short, ident)
    _insert_row(conn, aid, ident, article, now)
    conn.execute(
        "INSERT INTO article_keys (key, article_id, origin, added_at) VALUES (?, ?, ?, ?)",
        (key, aid, origin, now),
    )
    return aid


def _insert_row(conn: sqlite3.Connection, aid: str, ident: str, article: Article, now: str) -> None:
    """The article's row, its tags and its search entry (and any state parked for its id)."""
    cur = conn.execute(
        "INSERT INTO articles (id, identity, title, date, date_text, authors, section, tags,"
        " url, extra, body, word_count, content_hash, url_norm, imported_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            aid,
            ident,
            *importer.article_values(article),
            article.content_hash,
            normalize_url(article.url),
            now,
            now,
        ),
    )
    rowid = int(cur.lastrowid or 0)
    importer.insert_article_tags(conn, aid, article)
    state.apply_pending(conn, aid)
    ftsindex.add(conn, [rowid])


def link_only(
    url: str,
    title: str = "",
    *,
    tags: Iterable[str] = (),
    date_text: str = "",
) -> Article:
    """An article that is only a link: title (the URL when there is none), URL, tags."""
    from reader.library.store import normalize_tags
    from reader.parsing.dates import parse_date

    clean = url.strip()
    if not clean:
        raise LibraryError("a link-only article needs a URL")
    day = parse_date(date_text) if date_text else None
    return Article(
        title=" ".join(title.split()) or clean,
        url=clean,
        tags=tuple(normalize_tags(list(tags))),
        date=day,
        date_text=date_text,
    )


def is_link_only(conn: sqlite3.Connection, article_id: str) -> bool:
    found = value(conn, "SELECT body FROM articles WHERE id = ?", (article_id,))
    return found is not None and json.loads(found) == []


# -- articles coming back from the plain files (reader export --articles) -----------------


@dataclass(frozen=True, slots=True)
class Origin:
    """What an article that came from no file answered to, as the plain files carry it."""

    keys: tuple[tuple[str, str, str], ...] = ()
    """(key, origin, added_at) each: its rows of ``article_keys``."""
    feeds: tuple[tuple[str, str], ...] = ()
    """(feed URL, entry key) each: the feed entries it was."""


def attach_origin(conn: sqlite3.Connection, aid: str, origin: Origin) -> None:
    """Give ``aid`` the keys and feed entries of ``origin`` it does not have yet (a key that
    names another article stays with it); a feed not subscribed to here is left out."""
    conn.executemany(
        "INSERT OR IGNORE INTO article_keys (key, article_id, origin, added_at) VALUES (?,?,?,?)",
        [(key, aid, where, added) for key, where, added in origin.keys],
    )
    now = to_iso(utcnow())
    for feed_url, entry_key in origin.feeds:
        feed_id = value(conn, "SELECT id FROM feeds WHERE url = ?", (feed_url,))
        if feed_id is not None:
            conn.execute(
                "INSERT OR IGNORE INTO feed_entries (feed_id, entry_key, article_id,"
                " content_hash, first_seen, last_seen) VALUES (?, ?, ?, '', ?, ?)",
                (feed_id, entry_key, aid, now, now),
            )


def restore(
    conn: sqlite3.Connection, article: Article, origin: Origin, preferred_id: str = ""
) -> Upserted:
    """Bring back an article that came from no file (a read-later item, a feed entry): found
    by one of its keys, else its normalised URL, else its identity, and merged as ``upsert``
    merges; otherwise added under ``preferred_id`` (the id it had) when that is free. Its keys
    and feed entries come back with it, so the export it came from, or the feed's next fetch,
    finds it instead of adding it again."""
    aid = next((found for k, _, _ in origin.keys if (found := find_by_key(conn, k))), None)
    if aid is None and article.url.strip():
        aid = find_by_url(conn, article.url)
    if aid is None:
        found = value(
            conn,
            "SELECT id FROM articles WHERE identity = ? ORDER BY rowid LIMIT 1",
            (importer.identity(article),),
        )
        aid = None if found is None else str(found)
    now = to_iso(utcnow())
    if aid is not None:
        attach_origin(conn, aid, origin)
        key = origin.keys[0][0] if origin.keys else ""
        return Upserted(aid, _merge_into(conn, aid, article, now), key)
    ident = importer.identity(article)
    if _ID.fullmatch(preferred_id) and (
        value(conn, "SELECT 1 FROM articles WHERE id = ?", (preferred_id,)) is None
    ):
        aid = preferred_id
    else:
        short = article.stable_id if article.url.strip() else ""
        if not short:
            short = stable_id_for(origin.keys[0][0], "", "") if origin.keys else article.stable_id
        aid = importer.free_id(conn, short, ident)
    _insert_row(conn, aid, ident, article, now)
    attach_origin(conn, aid, origin)
    return Upserted(aid, "new", origin.keys[0][0] if origin.keys else "")
