"""The database schema and its forward migrations, keyed by ``PRAGMA user_version``.

Each migration takes the database from version ``i`` to ``i + 1``; they run in one
transaction when a library is opened, so a crash mid-migration leaves the old version intact.
Never edit a released migration: append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from reader.library.models import LibraryError


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run DDL statement by statement: ``executescript`` would COMMIT the migration midway."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1(conn: sqlite3.Connection) -> None:
    """The first schema: articles, their sources and all user state, plus the FTS index.

    No WITHOUT ROWID tables: SQLite 3.40's ``PRAGMA integrity_check`` wrongly reports NULLs in
    their NOT NULL columns, and a false alarm there would tell users a healthy library is broken.
    """
    _run_script(
        conn,
        """
        CREATE TABLE articles (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            identity TEXT NOT NULL,
            title TEXT NOT NULL,
            date TEXT,
            date_text TEXT NOT NULL DEFAULT '',
            authors TEXT NOT NULL DEFAULT '[]',
            section TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            url TEXT NOT NULL DEFAULT '',
            extra TEXT NOT NULL DEFAULT '{}',
            body TEXT NOT NULL DEFAULT '[]',
            word_count INTEGER NOT NULL DEFAULT 0,
            content_hash TEXT NOT NULL,
            missing INTEGER NOT NULL DEFAULT 0,
            imported_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX articles_identity ON articles(identity);
        CREATE INDEX articles_date ON articles(date);
        CREATE TABLE sources (
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            hash TEXT NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id) ON UPDATE CASCADE,
            missing INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX sources_article ON sources(article_id);
        CREATE TABLE article_tags (
            article_id TEXT NOT NULL REFERENCES articles(id) ON UPDATE CASCADE,
            position INTEGER NOT NULL,
            tag TEXT NOT NULL,
            tag_norm TEXT NOT NULL,
            PRIMARY KEY (article_id, tag_norm)
        );
        CREATE INDEX article_tags_norm ON article_tags(tag_norm);
        CREATE TABLE user_tags (
            article_id TEXT NOT NULL REFERENCES articles(id) ON UPDATE CASCADE,
            tag TEXT NOT NULL,
            tag_norm TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (article_id, tag_norm)
        );
        CREATE INDEX user_tags_norm ON user_tags(tag_norm);
        CREATE TABLE bookmarks (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON UPDATE CASCADE,
            created_at TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE reads (
            article_id TEXT PRIMARY KEY REFERENCES articles(id) ON UPDATE CASCADE,
            read_at TEXT NOT NULL
        );
        CREATE TABLE highlights (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id TEXT NOT NULL REFERENCES articles(id) ON UPDATE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            text TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX highlights_article ON highlights(article_id);
        CREATE TABLE saved_searches (name TEXT PRIMARY KEY, query TEXT NOT NULL);
        CREATE TABLE ui_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE VIRTUAL TABLE fts USING fts5(
            title, authors, tags, body, tokenize = 'unicode61 remove_diacritics 2'
        );
        """,
    )


def _v2(conn: sqlite3.Connection) -> None:
    """Restored state for articles not (yet) in the library, applied when they are imported."""
    conn.execute(
        "CREATE TABLE pending_state ("
        " article_id TEXT PRIMARY KEY, data TEXT NOT NULL, restored_at TEXT NOT NULL)"
    )


def _v3(conn: sqlite3.Connection) -> None:
    """Covering indexes for the article list (date or title order, then id) and the sidebar.

    Listing 100,000 ids used to read every row of ``articles`` (bodies included) and sort them,
    and so did counting sections; with these both are read from an index alone.
    """
    _run_script(
        conn,
        """
        DROP INDEX IF EXISTS articles_date;
        CREATE INDEX articles_list_date ON articles(date, id);
        CREATE INDEX articles_list_title ON articles(title COLLATE NOCASE, id);
        CREATE INDEX articles_section ON articles(section COLLATE NOCASE);
        DROP INDEX IF EXISTS article_tags_norm;
        CREATE INDEX article_tags_norm ON article_tags(tag_norm, tag);
        """,
    )


def _v4(conn: sqlite3.Connection) -> None:
    """Feeds: subscriptions with their fetch state, and which article each entry became.

    An entry is known by ``(feed, entry key)``: its id, else its link, else a hash of its
    content. ``content_hash`` is the entry as the feed last gave it, so an unchanged entry is
    never rewritten (nor its page fetched again).
    """
    _run_script(
        conn,
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            url TEXT NOT NULL UNIQUE,
            custom_title TEXT NOT NULL DEFAULT '',
            feed_title TEXT NOT NULL DEFAULT '',
            site_url TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            full_text TEXT NOT NULL DEFAULT 'auto',
            status TEXT NOT NULL DEFAULT 'new',
            last_error TEXT NOT NULL DEFAULT '',
            error_count INTEGER NOT NULL DEFAULT 0,
            etag TEXT,
            last_modified TEXT,
            added_at TEXT NOT NULL,
            last_fetched_at TEXT,
            last_success_at TEXT,
            next_fetch_at TEXT,
            redirect_url TEXT NOT NULL DEFAULT '',
            redirect_since TEXT
        );
        CREATE TABLE feed_entries (
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            entry_key TEXT NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id) ON UPDATE CASCADE,
            content_hash TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            PRIMARY KEY (feed_id, entry_key)
        );
        CREATE INDEX feed_entries_article ON feed_entries(article_id);
        """,
    )


def _v5(conn: sqlite3.Connection) -> None:
    """Articles that come from no file (feeds, read-later exports, saved pages).

    * ``articles.url_norm``: the normalised URL (reader/urls.py), indexed, so "is this page
      already in the library?" is one lookup whatever tracking parameters a copy carries;
    * ``article_keys``: the identity keys (``url:...`` or a caller's own, e.g. a feed entry id)
      an article answers to, and where it came from; an article with a key is never "missing";
    * ``highlights.note`` and ``unplaced_highlights``: highlights brought from elsewhere with
      their notes, kept (and shown) while the article's text is not there to place them in.
    """
    from reader.urls import normalize_url

    _run_script(
        conn,
        """
        ALTER TABLE articles ADD COLUMN url_norm TEXT NOT NULL DEFAULT '';
        CREATE TABLE article_keys (
            key TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON UPDATE CASCADE,
            origin TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL
        );
        CREATE INDEX article_keys_article ON article_keys(article_id);
        ALTER TABLE highlights ADD COLUMN note TEXT NOT NULL DEFAULT '';
        CREATE TABLE unplaced_highlights (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id TEXT NOT NULL REFERENCES articles(id) ON UPDATE CASCADE,
            text TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX unplaced_highlights_article ON unplaced_highlights(article_id)
        """,
    )
    rows = conn.execute("SELECT rowid, url FROM articles WHERE url != ''").fetchall()
    conn.executemany(
        "UPDATE articles SET url_norm = ? WHERE rowid = ?",
        [(normalize_url(url), rowid) for rowid, url in rows],
    )
    conn.execute("CREATE INDEX articles_url_norm ON articles(url_norm) WHERE url_norm != ''")


def _v6(conn: sqlite3.Connection) -> None:
    """``reader fetch --missing-text``: the pages of link-only articles that could not be
    fetched, with the last error and when to try again (back-off), so a failing page is
    retried later, never hammered. A row goes when the article gets its text. No foreign key:
    removing an article must not trip over it (a row left behind joins to nothing)."""
    _run_script(
        conn,
        """
        CREATE TABLE missing_text (
            article_id TEXT PRIMARY KEY,
            errors INTEGER NOT NULL DEFAULT 0,
            last_error TEXT NOT NULL DEFAULT '',
            last_tried_at TEXT NOT NULL,
            next_try_at TEXT NOT NULL
        )
        """,
    )


def _v7(conn: sqlite3.Connection) -> None:
    """``removed_sources``: the files of articles the user removed (``reader remove``), so that
    importing their folder again does not silently bring them back. Importing such a file by
    name (``reader import FILE``) is asking for it: the file's entry is dropped and it returns.
    """
    _run_script(
        conn,
        """
        CREATE TABLE removed_sources (
            path TEXT PRIMARY KEY,
            article_id TEXT NOT NULL,
            removed_at TEXT NOT NULL
        )
        """,
    )


def _v8(conn: sqlite3.Connection) -> None:
    """The normalised URL of the articles feeds and saved pages brought in (they were stored
    without one, so a read-later export of the same page added it a second time)."""
    from reader.urls import normalize_url

    rows = conn.execute("SELECT rowid, url FROM articles WHERE url != '' AND url_norm = ''")
    conn.executemany(
        "UPDATE articles SET url_norm = ? WHERE rowid = ?",
        [(normalize_url(url), rowid) for rowid, url in rows.fetchall()],
    )


def _v9(conn: sqlite3.Connection) -> None:
    """Word counts of articles with Chinese or Japanese text, counted again two characters to a
    word (``reader.parsing.words``): they were stored counting a whole run of characters as one
    word, and an unchanged article is never rewritten by importing it again."""
    import json

    from reader.parsing.words import count_words, has_unspaced

    conn.create_function("has_unspaced", 1, has_unspaced, deterministic=True)
    rows = conn.execute("SELECT rowid, body FROM articles WHERE has_unspaced(body)").fetchall()
    conn.executemany(
        "UPDATE articles SET word_count = ? WHERE rowid = ?",
        [(count_words("\n\n".join(json.loads(body))), rowid) for rowid, body in rows],
    )


def _json_text(column: str, separator: str) -> str:
    """SQL for a JSON array of strings (as reader writes them: ``["a", "b"]``) joined by
    ``separator`` (written as a JSON escape, e.g. ``\\n``). Without ``json_each``: FTS5 reads
    its content with virtual tables forbidden. Inside a string a quote is always escaped, so
    ``", "`` only ever separates two items; turning the separators into the JSON escape of
    ``separator`` makes the array one JSON string, which ``json_extract`` decodes. Text in any
    other shape (not written by reader) is indexed as it stands, never refused."""
    string = (
        f"'\"' || replace(substr({column}, 3, length({column}) - 4), '\", \"', '{separator}')"
        " || '\"'"
    )
    return (
        f"CASE WHEN {column} = '[]' THEN '' WHEN json_valid({string})"
        f" THEN json_extract({string}, '$') ELSE {column} END"
    )


#: What the search index holds for each article: title, authors joined by ", ", tags (the
#: article's, then the user's, one a line) and the body as text (paragraphs joined by a blank
#: line, as ``Article.text``). Python builds the same strings for a new article
#: (``importer._fts_values``); the two must agree exactly, or removing the article's entry
#: would remove other words than it added.
_LINE, _BLANK_LINE = "\\n", "\\n\\n"  # JSON escapes, as SQL sees them
FTS_SOURCE_SQL = f"""
CREATE VIEW fts_source (article_rowid, title, authors, tags, body) AS
SELECT
    a.rowid,
    a.title,
    {_json_text("a.authors", ", ")},
    {_json_text("a.tags", _LINE)} || coalesce(
        (CASE WHEN a.tags = '[]' THEN '' ELSE char(10) END) || (
            SELECT group_concat(u.tag, char(10))
            FROM (SELECT tag FROM user_tags WHERE article_id = a.id ORDER BY tag_norm) AS u
        ),
        ''
    ),
    {_json_text("a.body", _BLANK_LINE)}
FROM articles AS a
"""
FTS_TABLE_SQL = (
    "CREATE VIRTUAL TABLE fts USING fts5(title, authors, tags, body,"
    " content = 'fts_source', content_rowid = 'article_rowid',"
    " tokenize = 'unicode61 remove_diacritics 2')"
)


def _v10(conn: sqlite3.Connection) -> None:
    """The search index keeps no copy of the text: an external-content FTS5 table whose
    content is the view ``fts_source`` over ``articles`` (and ``user_tags``), so each body is
    stored once (it was stored twice, and writing the copy was a fifth of an import's writing).
    Every writer removes an article's entry before changing what the view reads for it, and
    adds it back after (reader/library/ftsindex.py)."""
    conn.execute("DROP TABLE IF EXISTS fts")
    conn.execute(FTS_SOURCE_SQL)
    conn.execute(FTS_TABLE_SQL)
    conn.execute("INSERT INTO fts (fts) VALUES ('rebuild')")


#: MIGRATIONS[i] takes a database from version i to i + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1,
    _v2,
    _v3,
    _v4,
    _v5,
    _v6,
    _v7,
    _v8,
    _v9,
    _v10,
]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, db_label: str, target: int = SCHEMA_VERSION) -> int:
    """Bring the database up to ``target``; refuse one written by a newer reader.

    Runs under ``BEGIN IMMEDIATE`` and re-reads the version inside it, so two processes opening
    an old library at once migrate it exactly once. Returns the version found before migrating.
    """
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise LibraryError(
            f"{db_label} uses schema version {version}, but this reader only knows up to "
            f"version {SCHEMA_VERSION}: it was written by a newer reader; upgrade reader "
            "(pip install -U tidings-reader) or use --library to pick another library"
        )
    if version >= target:
        return version
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        found = version
        for step in MIGRATIONS[version:target]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found
