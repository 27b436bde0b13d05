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
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from reader.article import Article, stable_id_for
from reader.library import highlights, importer, state
from reader.library.db import picker, rows_and_names, to_iso, utcnow, value
from reader.library.models import LibraryError
from reader.urls import normalize_url

Status = Literal["new", "updated", "unchanged"]


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


def _merged(new: Article, old: Article) -> Article:
    """``new`` with its empty fields filled from ``old``: nothing known is ever erased."""
    extra = dict(old.extra)
    extra.update(new.extra)
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
    from reader.library.store import ARTICLE_COLUMNS, ARTICLE_NAMES, Library

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
    conn.execute("UPDATE articles SET missing = 0 WHERE id = ? AND missing != 0", (aid,))
    if conn.execute("SELECT 1 FROM sources WHERE article_id = ? LIMIT 1", (aid,)).fetchone():
        return Upserted(aid, "unchanged", ident_key)
    found, names = rows_and_names(
        conn, f"SELECT a.rowid AS rowid, {ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?", (aid,)
    )
    if not found:
        raise LibraryError(f"no article with id {aid!r}")
    (rowid,) = picker(names, ("rowid",))(found[0])
    old = Library.article_from_row(picker(names, ARTICLE_NAMES)(found[0]))
    merged = _merged(article, old)
    if merged.content_hash == old.content_hash and dict(merged.extra) == dict(old.extra):
        return Upserted(aid, "unchanged", ident_key)
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
    conn.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))
    conn.execute(
        "INSERT INTO fts (rowid, title, authors, tags, body) VALUES (?, ?, ?, ?, ?)",
        importer.fts_row(conn, rowid, aid, merged),
    )
    if merged.text != old.text:
        highlights.relocate(conn, aid, merged.text)
    return Upserted(aid, "updated", ident_key)


def _insert(conn: sqlite3.Connection, article: Article, key: str, origin: str, now: str) -> str:
    ident = importer.identity(article)
    short = article.stable_id if article.url.strip() else stable_id_for(key, "", "")
    aid = importer.free_id(conn, short, ident)
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
    conn.execute(
        "INSERT INTO article_keys (key, article_id, origin, added_at) VALUES (?, ?, ?, ?)",
        (key, aid, origin, now),
    )
    importer.insert_article_tags(conn, aid, article)
    state.apply_pending(conn, aid)
    conn.execute(
        "INSERT INTO fts (rowid, title, authors, tags, body) VALUES (?, ?, ?, ?, ?)",
        importer.fts_row(conn, rowid, aid, article),
    )
    return aid


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
