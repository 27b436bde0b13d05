"""The Library: the one door through which the TUI, the CLI, the digest and tests reach the store.

Like lemon24/reader's ``make_reader``: a fat model over SQLite with plain methods that return
plain dataclasses, so every interface is a thin client and none of them writes SQL.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from reader.article import Article
from reader.library import (
    ftsindex,
    highlights,
    importer,
    missing,
    saved,
    snippets,
    state,
    upsert,
)
from reader.library.db import (
    Connection,
    column,
    from_iso,
    named,
    open_connection,
    picker,
    rows_and_names,
    to_iso,
    utcnow,
    value,
)
from reader.library.feeds import FeedStore
from reader.library.missing import MissingPage
from reader.library.models import (
    ArticleRecord,
    ArticleRow,
    Bookmark,
    Highlight,
    ImportReport,
    LibraryError,
    QueryCancelled,
    QueryError,
    RestoreReport,
    SavedSearch,
    TagCount,
    UnknownArticle,
    UnplacedHighlight,
)
from reader.library.paths import DB_NAME, resolve_library_dir
from reader.library.query import CompiledQuery, compile_query
from reader.library.query import match_terms as _match_terms
from reader.library.upsert import Upserted

_T = TypeVar("_T")

#: bm25 weights for (title, authors, tags, body): a word in the title says most about the article.
BM25_WEIGHTS = "10.0, 3.0, 5.0, 1.0"
_RANK = f"bm25(fts, {BM25_WEIGHTS})"
#: Ids bound per statement, well under SQLite's limit of 32,766 parameters.
_MAX_IDS_PER_FETCH = 10_000
#: The columns of a list row, each named: rows are read by these names (sqlite3.Row), never by
#: position, so their order here is free (tests/test_named_rows.py permutes it).
_ROW_FIELDS = (
    "a.id AS id",
    "a.title AS title",
    "a.date AS date",
    "a.section AS section",
    "a.authors AS authors",
    "EXISTS (SELECT 1 FROM bookmarks b WHERE b.article_id = a.id) AS bookmarked",
    "EXISTS (SELECT 1 FROM reads r WHERE r.article_id = a.id) AS read",
    "a.missing AS missing",
    "a.word_count AS word_count",
    "(a.word_count = 0 AND a.url != '') AS link_only",
)
_ROW_COLUMNS = ", ".join(_ROW_FIELDS)
#: The fields ``Library._row`` takes, in its order (``picker`` finds them in a query by name).
_ROW_NAMES = (
    "id",
    "title",
    "date",
    "section",
    "authors",
    "bookmarked",
    "read",
    "missing",
    "word_count",
    "link_only",
)
#: A record's own fields besides its article's (``Library._records_of``'s order).
_RECORD_NAMES = ("id", "missing", "imported_at", "updated_at", "word_count")
#: The fields a search snippet is cut from (``_snippet_of``'s order).
_TEXT_NAMES = ("title", "authors", "body", "tags")
#: The article's own columns, as ``Library.article_from_row`` reads them by name.
ARTICLE_NAMES = (
    "title",
    "body",
    "date",
    "date_text",
    "authors",
    "section",
    "tags",
    "url",
    "extra",
)
ARTICLE_FIELDS = tuple(f"a.{name} AS {name}" for name in ARTICLE_NAMES)
ARTICLE_COLUMNS = ", ".join(ARTICLE_FIELDS)
_RECORD_FIELDS = (
    "a.id AS id",
    *ARTICLE_FIELDS,
    "a.missing AS missing",
    "a.imported_at AS imported_at",
    "a.updated_at AS updated_at",
    "a.word_count AS word_count",
)
_RECORD_COLUMNS = ", ".join(_RECORD_FIELDS)
#: SQLite virtual-machine steps between two looks at a query's ``cancel`` check (~0.1 ms).
_CANCEL_CHECK_STEPS = 10_000
#: Above this many ids, fetching a whole side table beats a long ``IN (...)`` list.
_BULK_THRESHOLD = 200
_SAMPLES_META = "samples_offered_at"
#: Every table holding a row per article (deleted with it by ``Library.remove``).
_ARTICLE_TABLES = (
    "sources",
    "article_tags",
    "user_tags",
    "bookmarks",
    "reads",
    "highlights",
    "unplaced_highlights",
    "article_keys",
    "feed_entries",
    "pending_state",
    "missing_text",
)
_LAST_DIGEST_META = "last_digest_at"


def _snippet_of(text_fields: tuple[Any, ...], pattern: re.Pattern[str]) -> str:
    """A row's snippet: around the first match in the body, else (a match in the title,
    authors or tags) the body's opening words, else "" (the row no longer matches)."""
    title, authors, body, tags = text_fields  # _TEXT_NAMES, picked by name
    text = "\n\n".join(json.loads(body))
    found = snippets.snippet(text, pattern)
    if found:
        return found
    elsewhere = " ".join([title, *json.loads(authors), *json.loads(tags)])
    return snippets.lede(text) if pattern.search(snippets.fold(elsewhere)) else ""


def open_library(path: Path | str | None = None) -> Library:
    """Open (creating if needed) the library in directory ``path`` (see resolve_library_dir)."""
    directory = resolve_library_dir(path)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"cannot create the library folder {directory}: {exc.strerror}") from exc
    if not directory.is_dir():
        raise LibraryError(f"the library path {directory} is not a folder")
    db_path = directory / DB_NAME
    conn, mode = open_connection(db_path)
    return Library(directory, Connection(conn, db_path, mode))


def _date(text: str | None, cache: dict[str, date]) -> date | None:
    if not text:
        return None
    found = cache.get(text)
    if found is None:
        found = cache[text] = date.fromisoformat(text)
    return found


def normalize_tags(tags: Iterable[str] | str) -> list[str]:
    """Trim, squeeze inner whitespace and drop empties, so "  open   source" == "open source"."""
    if isinstance(tags, str):
        tags = [tags]
    out: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        clean = " ".join(str(tag).split())
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            out.append(clean)
    return out


class Library:
    """One open library; safe to share between threads, and to run beside other processes."""

    def __init__(self, path: Path, conn: Connection) -> None:
        self.path = path
        self._db = conn

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Library({str(self.path)!r})"

    @property
    def read_only(self) -> bool:
        """Opened read-only (its file, folder or file system cannot be written): reads work,
        every write raises LibraryReadOnly."""
        return self._db.read_only

    @property
    def on_busy(self) -> Callable[[str], None] | None:
        """Told (from the writing thread) when a write has to wait for another process's
        lock, so a face can say so; the write itself goes on waiting (see db.write_patience)."""
        return self._db.on_busy

    @on_busy.setter
    def on_busy(self, callback: Callable[[str], None] | None) -> None:
        self._db.on_busy = callback

    @property
    def feeds(self) -> FeedStore:
        """Subscriptions and their entries (see reader/library/feeds.py)."""
        return FeedStore(self._db)

    def data_version(self) -> int:
        """Changes when another connection commits: the TUI polls it to refresh its lists."""
        with self._db.lock, self._db.guard():
            return int(self._db.raw.execute("PRAGMA data_version").fetchone()[0])

    def is_empty(self) -> bool:
        with self._db.lock, self._db.guard():
            return self._db.raw.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None

    # -- import ----------------------------------------------------------------------------
    def import_paths(
        self,
        paths: Iterable[Path | str],
        *,
        progress: Callable[[int, int, str], None] | None = None,
        mark_missing: bool = True,
        claim: Callable[[str, bytes], bool] | None = None,
    ) -> ImportReport:
        """Import files and folders. ``claim(path, data)`` is asked about each file not
        imported before; when it returns True the caller takes the file (it is not imported
        here and not named in the report)."""
        return importer.import_paths(
            self._db,
            [Path(p) for p in paths],
            progress=progress,
            mark_missing=mark_missing,
            claim=claim,
        )

    def import_samples(self) -> ImportReport:
        folder = importer.samples_dir()
        if folder is None:
            raise LibraryError("the bundled sample articles are missing from this installation")
        report = self.import_paths([folder])
        self._set_meta(_SAMPLES_META, to_iso(utcnow()))
        return report

    def ensure_samples(self, config: Any | None = None) -> ImportReport | None:
        """Offer the samples once, to a brand-new empty library, if config allows.

        ``config`` is a ``reader.config.Config`` (the CLI passes the one from ``--config``);
        without it the default config file is read. Recorded in meta, so a user who deletes the
        samples later never sees them come back.
        """
        if self._get_meta(_SAMPLES_META) is not None or not self.is_empty():
            return None
        if config is None:
            from reader.config import load_config

            config = load_config()
        if not config.get("library.auto_samples", True):
            return None
        if importer.samples_dir() is None:
            return None
        return self.import_samples()

    # -- articles from no file (feeds, read-later items, saved pages) ---------------------
    def upsert_article(
        self, article: Article, *, key: str | None = None, origin: str = ""
    ) -> Upserted:
        """Add or update an article known by ``key`` (default ``url:<normalised URL>``),
        keeping all user state; see reader/library/upsert.py for the rules."""
        with self._db.write() as conn:
            return upsert.upsert(conn, article, key, origin)

    def upsert_articles(
        self,
        items: Iterable[tuple[Article, str | None]],
        *,
        origin: str = "",
        batch_size: int = importer.BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
    ) -> list[Upserted]:
        """Many ``(article, key or None)`` at once, ``batch_size`` to a transaction."""
        out: list[Upserted] = []
        batch: list[tuple[Article, str | None]] = []

        def flush() -> None:
            with self._db.write() as conn:
                out.extend(upsert.upsert(conn, a, k, origin) for a, k in batch)
            batch.clear()
            if progress is not None:
                progress(len(out))

        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        return out

    def add_link(
        self,
        url: str,
        title: str = "",
        *,
        tags: Iterable[str] = (),
        key: str | None = None,
        origin: str = "",
    ) -> Upserted:
        """A link-only article (title, URL, the article's tags; no text yet)."""
        return self.upsert_article(upsert.link_only(url, title, tags=tags), key=key, origin=origin)

    def import_saved(
        self,
        items: Sequence[tuple[Article, saved.SavedState]],
        *,
        origin: str,
        dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> saved.SavedImport:
        """Saved items (read-later exports) with the user's state; see saved.py."""
        return saved.import_saved(
            self._db, items, origin=origin, dry_run=dry_run, progress=progress
        )

    def restore_articles(
        self, items: Sequence[tuple[Article, upsert.Origin, str]]
    ) -> list[Upserted]:
        """Articles that came from no file, back from the plain files with their keys and
        feed entries: ``(article, origin, the id it had)`` each; see ``upsert.restore``."""
        with self._db.write("the restored articles") as conn:
            return [upsert.restore(conn, a, origin, aid) for a, origin, aid in items]

    def attach_origins(self, origins: Mapping[str, upsert.Origin]) -> None:
        """Give articles (by id) keys and feed entries they do not have yet."""
        with self._db.write("the articles' keys") as conn:
            for aid, origin in origins.items():
                upsert.attach_origin(conn, aid, origin)

    def origins(self) -> dict[str, upsert.Origin]:
        """What each article that has any answers to: its keys (with where each came from)
        and the feed entries it is, by article id."""
        keys: dict[str, list[tuple[str, str, str]]] = {}
        feeds: dict[str, list[tuple[str, str]]] = {}
        with self._db.read() as conn:
            for r in named(
                conn,
                "SELECT article_id, key, origin, added_at FROM article_keys"
                " ORDER BY article_id, added_at, key",
            ):
                keys.setdefault(r["article_id"], []).append((r["key"], r["origin"], r["added_at"]))
            for r in named(
                conn,
                "SELECT e.article_id AS article_id, f.url AS url, e.entry_key AS entry_key"
                " FROM feed_entries e JOIN feeds f ON f.id = e.feed_id"
                " ORDER BY e.article_id, e.first_seen, f.id, e.entry_key",
            ):
                feeds.setdefault(r["article_id"], []).append((r["url"], r["entry_key"]))
        return {
            aid: upsert.Origin(tuple(keys.get(aid, ())), tuple(feeds.get(aid, ())))
            for aid in sorted(keys.keys() | feeds.keys())
        }

    def ids_for_paths(self, paths: Sequence[str]) -> dict[str, str]:
        """The article id each imported file (by the path it was imported from) gave."""
        found: dict[str, str] = {}
        with self._db.read() as conn:
            for start in range(0, len(paths), 500):
                chunk = list(paths[start : start + 500])
                marks = ",".join("?" * len(chunk))
                found.update(
                    conn.execute(
                        f"SELECT path, article_id FROM sources WHERE path IN ({marks})", chunk
                    )
                )
        return found

    def find_by_url(self, url: str) -> str | None:
        """The id of the article at ``url`` (compared normalised), or None."""
        with self._db.read() as conn:
            return upsert.find_by_url(conn, url)

    def find_by_key(self, key: str) -> str | None:
        """The id of the article known by identity key ``key``, or None."""
        with self._db.read() as conn:
            return upsert.find_by_key(conn, key)

    def link_only_ids(self) -> list[str]:
        """Articles that are a link with no text yet, oldest first (a file holding only a
        title has no text and no link: it is not one)."""
        with self._db.read() as conn:
            return column(
                conn, "SELECT id FROM articles WHERE body = '[]' AND url != '' ORDER BY rowid"
            )

    def missing_text_pages(self) -> list[MissingPage]:
        """Link-only articles whose page ``fetch --missing-text`` fetches, each with its
        failures so far (and when it may be tried again), oldest first."""
        with self._db.read() as conn:
            return missing.pages(conn)

    def fill_missing_text(self, article_id: str, found: Article) -> Upserted | None:
        """Give a link-only article the text, byline and date of ``found`` (its page), keeping
        its title, URL, tags and all user state, placing unplaced highlights; None when it
        already has text or is gone."""
        with self._db.write(f"the text of the article {article_id}") as conn:
            return missing.fill(conn, article_id, found)

    def record_missing_text_failure(
        self, article_id: str, error: str, now: datetime, next_try: datetime
    ) -> None:
        """A failed fetch of a link-only article's page, tried again not before ``next_try``."""
        with self._db.write(f"the fetch failure of the article {article_id}") as conn:
            missing.record_failure(conn, article_id, error, now, next_try)

    def add_quote_highlight(
        self, article_id: str, quote: str, note: str = "", created_at: datetime | None = None
    ) -> str:
        """A highlight given by its words: ``placed``, ``unplaced`` (kept until the text has
        them) or ``known`` (already there)."""
        aid = self.resolve_id(article_id)
        when = to_iso(created_at) if created_at is not None else None
        with self._db.write() as conn:
            return highlights.add_quote(conn, aid, quote, note, when)

    # -- ids -------------------------------------------------------------------------------
    def has_id(self, article_id: str) -> bool:
        """Whether ``article_id`` is exactly an article's id (no prefix matching)."""
        with self._db.read() as conn:
            found = conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,))
            return found.fetchone() is not None

    def resolve_id(self, article_id: str) -> str:
        """The full id for an id or a unique prefix of one (as typed on the command line)."""
        key = article_id.strip().lower()
        if not key:
            raise UnknownArticle("no article id given")
        with self._db.read() as conn:
            if conn.execute("SELECT 1 FROM articles WHERE id = ?", (key,)).fetchone():
                return key
            found = [
                str(i)
                for i in column(
                    conn,
                    "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
                    (key, key + "\U0010ffff"),
                )
            ]
        if not found:
            raise UnknownArticle(f"no article with id {article_id!r}")
        if len(found) > 1:
            shown = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
            raise UnknownArticle(f"id {article_id!r} is ambiguous: it starts {shown}")
        return found[0]

    # -- reading ---------------------------------------------------------------------------
    def _compile(self, query: str) -> CompiledQuery:
        return compile_query(query)

    def _select(
        self,
        columns: str,
        cq: CompiledQuery,
        *,
        sort: str,
        descending: bool,
        offset: int = 0,
        limit: int | None = None,
        fts_join: bool = False,
        ordered: bool = True,
    ) -> tuple[str, list[object]]:
        if sort not in ("date", "title", "rank"):
            raise QueryError(f"unknown sort {sort!r} (use date, title or rank)")
        params: list[object] = []
        where = list(cq.where)
        joined = cq.has_words and (fts_join or sort == "rank")
        if joined:
            source = "fts JOIN articles a ON a.rowid = fts.rowid"
            where.insert(0, "fts MATCH ?")
            params.append(cq.match)
        else:
            source = "articles a"
            if cq.has_words:
                where.insert(0, "a.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
                params.append(cq.match)
        params.extend(cq.params)
        direction = "DESC" if descending else "ASC"
        if sort == "rank" and joined:
            order = f"{_RANK} {'ASC' if descending else 'DESC'}, a.rowid"
        elif sort == "title":
            order = f"a.title COLLATE NOCASE {direction}, a.id {direction}"
        elif descending:  # newest first, undated last: the order of articles_list_date
            order = "a.date DESC, a.id DESC"
        else:
            order = "a.date IS NULL, a.date ASC, a.id ASC"
        sql = f"SELECT {columns} FROM {source} WHERE {' AND '.join(where) or '1'}"
        if ordered:
            sql += f" ORDER BY {order}"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params.extend([-1 if limit is None else max(0, limit), max(0, offset)])
        return sql, params

    def _fetch(
        self, sql: str, params: Sequence[object], cancel: Callable[[], bool] | None = None
    ) -> list[sqlite3.Row]:
        """The rows of ``sql``, read by column name (sqlite3.Row)."""
        return self._run(lambda conn: named(conn, sql, params), cancel)

    def _fetch_plain(
        self, sql: str, params: Sequence[object], cancel: Callable[[], bool] | None = None
    ) -> tuple[list[tuple[Any, ...]], tuple[str, ...]]:
        """Plain rows and their column names, for the hot list paths (read them through
        ``picker``, by name)."""
        return self._run(lambda conn: rows_and_names(conn, sql, params), cancel)

    def _run(
        self, query: Callable[[sqlite3.Connection], _T], cancel: Callable[[], bool] | None
    ) -> _T:
        try:
            with self._db.read() as conn:
                if cancel is None:
                    return query(conn)
                conn.set_progress_handler(lambda: 1 if cancel() else 0, _CANCEL_CHECK_STEPS)
                try:
                    return query(conn)
                finally:
                    conn.set_progress_handler(None, 0)
        except sqlite3.OperationalError as exc:
            if cancel is not None and cancel():
                raise QueryCancelled("the query was cancelled") from exc
            # FTS5 can still refuse an expression the parser let through; say so plainly.
            raise QueryError(f"the search could not be run: {exc}") from exc

    @staticmethod
    def _row(
        fields: tuple[Any, ...], cache: dict[str, date], snippet: str = "", rank: float = 0.0
    ) -> ArticleRow:
        """``fields``: a row's _ROW_NAMES, picked from the query by name (``picker``)."""
        rid, title, day, section, authors, bookmarked, read, missing, words, link = fields
        return ArticleRow(
            id=rid,
            title=title,
            date=_date(day, cache),
            section=section,
            authors=tuple(json.loads(authors)),
            bookmarked=bool(bookmarked),
            read=bool(read),
            missing=bool(missing),
            word_count=words,
            link_only=bool(link),
            snippet=snippet,
            rank=rank,
        )

    def rows(
        self,
        query: str = "",
        *,
        sort: str = "date",
        descending: bool = True,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[ArticleRow]:
        cq = self._compile(query)
        sql, params = self._select(
            _ROW_COLUMNS, cq, sort=sort, descending=descending, offset=offset, limit=limit
        )
        cache: dict[str, date] = {}
        values, names = self._fetch_plain(sql, params)
        as_row = picker(names, _ROW_NAMES)
        with self._db.decoding():
            return [self._row(as_row(v), cache) for v in values]

    def count(self, query: str = "") -> int:
        cq = self._compile(query)
        sql, params = self._select("count(*) AS n", cq, sort="date", descending=True, ordered=False)
        return int(self._fetch(sql, params)[0]["n"])

    def ids(
        self,
        query: str = "",
        *,
        sort: str = "date",
        descending: bool = True,
        cancel: Callable[[], bool] | None = None,
    ) -> list[str]:
        """Every matching id in list order. ``cancel`` is polled while SQLite works; when it
        returns True the query is abandoned with QueryCancelled (live search drops the
        results of a word the user has typed past instead of finishing them)."""
        cq = self._compile(query)
        sql, params = self._select("a.id AS id", cq, sort=sort, descending=descending)
        # One column, read as plain values: for 100,000 ids this is a third of the time that
        # building a sqlite3.Row per id took (the TUI's whole list on every load).
        return self._run(lambda conn: column(conn, sql, params), cancel)

    def first_ids(
        self,
        query: str,
        count: int,
        *,
        descending: bool = True,
        cancel: Callable[[], bool] | None = None,
    ) -> list[str] | None:
        """The best ``count`` ids of a ranked search, when they come much sooner than all of
        them: a query of words only. Otherwise None (ask ``ids`` for the whole list).

        FTS5 ranks inside itself and only the winners' ids are looked up: for a word in all
        of 100,000 articles, under 0.1 s against 0.3 s for every id in order, so a list can
        show its first page while the rest is still being read."""
        cq = self._compile(query)
        if not cq.has_words or cq.where:
            return None
        direction = "ASC" if descending else "DESC"
        sql = (
            f"SELECT a.id AS id FROM (SELECT rowid, {_RANK} AS score FROM fts WHERE fts MATCH ?"
            f" ORDER BY score {direction}, rowid LIMIT ?) f"
            f" JOIN articles a ON a.rowid = f.rowid ORDER BY f.score {direction}, f.rowid"
        )
        return self._run(lambda conn: column(conn, sql, [cq.match, max(0, count)]), cancel)

    def row_for(self, article_id: str) -> ArticleRow:
        aid = self.resolve_id(article_id)
        found, names = self._fetch_plain(
            f"SELECT {_ROW_COLUMNS} FROM articles a WHERE a.id = ?", (aid,)
        )
        if not found:
            raise UnknownArticle(f"no article with id {article_id!r}")
        with self._db.decoding():
            return self._row(picker(names, _ROW_NAMES)(found[0]), {})

    def search(self, query: str, *, limit: int = 50, offset: int = 0) -> list[ArticleRow]:
        """Best matches first (bm25, title weighted up), each with a marked-up snippet."""
        cq = self._compile(query)
        if not cq.has_words:
            return self.rows(query, sort="date", offset=offset, limit=limit)
        # Snippets are cut in Python from a window around the first match (see snippets.py):
        # FTS5's snippet() scores every window of the article, minutes for an 8 MB one.
        columns = f"{_ROW_COLUMNS}, a.body AS body, a.tags AS tags, {_RANK} AS score"
        sql, params = self._select(
            columns, cq, sort="rank", descending=True, offset=offset, limit=limit, fts_join=True
        )
        pattern = snippets.terms_pattern(list(zip(cq.terms, cq.prefixes, strict=True)))
        cache: dict[str, date] = {}
        values, names = self._fetch_plain(sql, params)
        as_row, text_of = picker(names, _ROW_NAMES), picker(names, _TEXT_NAMES)
        score_of = picker(names, ("score",))
        with self._db.decoding():
            return [
                self._row(
                    as_row(v),
                    cache,
                    _snippet_of(text_of(v), pattern) if pattern else "",
                    float(score_of(v)[0]),
                )
                for v in values
            ]

    def rows_for_ids(self, ids: Sequence[str], query: str = "") -> list[ArticleRow]:
        """The rows of ``ids`` in that order (unknown ids left out), with search snippets when
        ``query`` has words.

        A list that already holds its ordered ids fetches each visible page this way: by key,
        so page 2,000 of a search costs what page 1 does, and bm25 is never re-ranked per page
        (so these rows carry no ``rank``: their order in ``ids`` is it).
        """
        wanted = list(dict.fromkeys(ids))
        cq = self._compile(query) if query.strip() else None
        pattern = None
        if cq is not None and cq.has_words:
            pattern = snippets.terms_pattern(list(zip(cq.terms, cq.prefixes, strict=True)))
        rows: dict[str, ArticleRow] = {}
        for at in range(0, len(wanted), _MAX_IDS_PER_FETCH):
            rows.update(self._rows_by_id(wanted[at : at + _MAX_IDS_PER_FETCH], pattern))
        return [rows[i] for i in wanted if i in rows]

    def _rows_by_id(self, ids: list[str], pattern: re.Pattern[str] | None) -> dict[str, ArticleRow]:
        marks = ",".join("?" * len(ids))
        # Snippets are cut in Python from the rows' own text (see snippets.py): no bm25 or
        # FTS5 snippet() here, since the ids' order is the rank already.
        extra = ", a.body AS body, a.tags AS tags" if pattern is not None else ""
        try:
            with self._db.read() as conn:
                values, names = rows_and_names(
                    conn,
                    f"SELECT {_ROW_COLUMNS}{extra} FROM articles a WHERE a.id IN ({marks})",
                    ids,
                )
        except sqlite3.OperationalError as exc:
            raise LibraryError(f"the library could not be read: {exc}") from exc
        cache: dict[str, date] = {}
        as_row = picker(names, _ROW_NAMES)
        with self._db.decoding():
            if pattern is None:
                made = [self._row(as_row(v), cache) for v in values]
            else:
                text_of = picker(names, _TEXT_NAMES)
                made = [
                    self._row(as_row(v), cache, _snippet_of(text_of(v), pattern)) for v in values
                ]
        return {r.id: r for r in made}

    def match_terms(self, query: str) -> list[str]:
        return _match_terms(query)

    def get(self, article_id: str) -> ArticleRecord:
        aid = self.resolve_id(article_id)
        records = self._records_where("a.id = ?", [aid])
        if not records:
            raise UnknownArticle(f"no article with id {article_id!r}")
        return records[0]

    def records(
        self,
        query: str = "",
        *,
        sort: str = "date",
        descending: bool = True,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[ArticleRecord]:
        """Full records (body and all user state) for the digest and ``--json`` output."""
        cq = self._compile(query)
        sql, params = self._select(
            _RECORD_COLUMNS, cq, sort=sort, descending=descending, offset=offset, limit=limit
        )
        return self._build_records(sql, params)

    def _records_where(self, where: str, params: list[object]) -> list[ArticleRecord]:
        return self._build_records(
            f"SELECT {_RECORD_COLUMNS} FROM articles a WHERE {where}", params
        )

    def _build_records(self, sql: str, params: Sequence[object]) -> list[ArticleRecord]:
        try:
            with self._db.decoding(), self._db.read() as conn:
                rows, names = rows_and_names(conn, sql, params)
                as_article = picker(names, ARTICLE_NAMES)
                as_record = picker(names, _RECORD_NAMES)
                picked = [(as_record(r), as_article(r)) for r in rows]
                ids = [record[0] for record, _ in picked]  # _RECORD_NAMES[0]: the id
                side = _SideTables.load(conn, ids)
        except sqlite3.OperationalError as exc:
            raise QueryError(f"the search could not be run: {exc}") from exc
        with self._db.decoding():
            return self._records_of(picked, side)

    def _records_of(
        self, rows: list[tuple[tuple[Any, ...], tuple[Any, ...]]], side: _SideTables
    ) -> list[ArticleRecord]:
        """``rows``: each row's (_RECORD_NAMES, ARTICLE_NAMES) fields, picked by name."""
        cache: dict[str, date] = {}
        out: list[ArticleRecord] = []
        for own, article_fields in rows:
            aid, missing, imported_at, updated_at, word_count = own
            article = self.article_from_row(article_fields, side.paths.get(aid), cache)
            read_at = side.reads.get(aid)
            out.append(
                ArticleRecord(
                    id=aid,
                    article=article,
                    user_tags=tuple(side.tags.get(aid, ())),
                    bookmark=side.bookmarks.get(aid),
                    read=read_at is not None,
                    read_at=read_at,
                    highlights=tuple(side.highlights.get(aid, ())),
                    missing=bool(missing),
                    imported_at=from_iso(imported_at),
                    updated_at=from_iso(updated_at),
                    word_count=word_count,
                    unplaced=tuple(side.unplaced.get(aid, ())),
                )
            )
        return out

    @staticmethod
    def article_from_row(
        fields: Sequence[Any],
        source_path: str | None = None,
        cache: dict[str, date] | None = None,
    ) -> Article:
        """An article from a row's ARTICLE_NAMES fields, in that order: picked from the query
        by name (``picker(names, ARTICLE_NAMES)``), never by where the SELECT put them."""
        title, body, day, date_text, authors, section, tags, url, extra = fields
        return Article(
            title=title,
            body=tuple(json.loads(body)),
            date=_date(day, {} if cache is None else cache),
            date_text=date_text,
            authors=tuple(json.loads(authors)),
            section=section,
            tags=tuple(json.loads(tags)),
            url=url,
            extra=json.loads(extra),
            source_path=source_path,
        )

    # -- counts for the sidebar ------------------------------------------------------------
    def tag_counts(self) -> list[TagCount]:
        with self._db.read() as conn:
            user = named(
                conn, "SELECT min(tag) AS tag, count(*) AS n FROM user_tags GROUP BY tag_norm"
            )
            art = named(
                conn, "SELECT min(tag) AS tag, count(*) AS n FROM article_tags GROUP BY tag_norm"
            )
        counts = [TagCount(r["tag"], r["n"], "user") for r in user] + [
            TagCount(r["tag"], r["n"], "article") for r in art
        ]
        counts.sort(key=lambda t: (t.kind != "user", -t.count, t.name.casefold()))
        return counts

    def section_counts(self) -> list[tuple[str, int]]:
        rows = self._fetch(
            "SELECT min(section) AS section, count(*) AS n FROM articles WHERE section != ''"
            " GROUP BY section COLLATE NOCASE ORDER BY count(*) DESC, min(section)",
            (),
        )
        return [(r["section"], int(r["n"])) for r in rows]

    def view_counts(self) -> dict[str, int]:
        row = self._fetch(
            'SELECT (SELECT count(*) FROM articles) AS "all",'
            " (SELECT count(*) FROM articles a WHERE NOT EXISTS"
            "   (SELECT 1 FROM reads r WHERE r.article_id = a.id)) AS unread,"
            " (SELECT count(*) FROM bookmarks) AS bookmarked,"
            " (SELECT count(DISTINCT article_id) FROM highlights) AS highlighted",
            (),
        )[0]
        return {name: int(row[name]) for name in ("all", "unread", "bookmarked", "highlighted")}

    # -- user state ------------------------------------------------------------------------
    def _user_tags(self, conn: sqlite3.Connection, aid: str) -> tuple[str, ...]:
        return tuple(
            column(
                conn,
                "SELECT tag FROM user_tags WHERE article_id = ? ORDER BY created_at, tag",
                (aid,),
            )
        )

    def add_tags(self, article_id: str, tags: Iterable[str]) -> tuple[str, ...]:
        aid = self.resolve_id(article_id)
        now = utcnow()
        clean = normalize_tags(tags)
        with self._db.write(f"the tags of {aid}") as conn:
            with ftsindex.changing(conn, [aid]):  # the index holds the user's tags too
                # A microsecond apart, so tags added together keep the order they were given.
                conn.executemany(
                    "INSERT OR IGNORE INTO user_tags (article_id, tag, tag_norm, created_at)"
                    " VALUES (?, ?, ?, ?)",
                    [
                        (aid, t, t.casefold(), to_iso(now + timedelta(microseconds=i)))
                        for i, t in enumerate(clean)
                    ],
                )
            return self._user_tags(conn, aid)

    def remove_tags(self, article_id: str, tags: Iterable[str]) -> tuple[str, ...]:
        aid = self.resolve_id(article_id)
        with self._db.write(f"the tags of {aid}") as conn:
            with ftsindex.changing(conn, [aid]):
                conn.executemany(
                    "DELETE FROM user_tags WHERE article_id = ? AND tag_norm = ?",
                    [(aid, t.casefold()) for t in normalize_tags(tags)],
                )
            return self._user_tags(conn, aid)

    def set_bookmark(self, article_id: str, note: str | None = None) -> Bookmark:
        aid = self.resolve_id(article_id)
        with self._db.write(f"the bookmark on {aid}") as conn:
            conn.execute(
                "INSERT INTO bookmarks (article_id, created_at, note) VALUES (?, ?, ?)"
                " ON CONFLICT (article_id) DO UPDATE SET note = coalesce(?, note)",
                (aid, to_iso(utcnow()), note or "", note),
            )
            created, text = conn.execute(
                "SELECT created_at, note FROM bookmarks WHERE article_id = ?", (aid,)
            ).fetchone()
        return Bookmark(from_iso(created), text)

    def remove_bookmark(self, article_id: str) -> None:
        aid = self.resolve_id(article_id)
        with self._db.write(f"the removal of the bookmark on {aid}") as conn:
            conn.execute("DELETE FROM bookmarks WHERE article_id = ?", (aid,))

    def remove(self, article_ids: Sequence[str]) -> list[tuple[str, str]]:
        """Delete articles (full ids) and everything about them, in one transaction: the row,
        its search entry, sources, tags, bookmark, read mark, highlights, identity keys and
        feed entries. Each file it came from is remembered in ``removed_sources`` so that a
        folder import leaves it out (importing the file by name brings it back).
        Returns (id, title) of each article removed; ids not in the library are ignored."""
        wanted = list(dict.fromkeys(article_ids))
        removed: list[tuple[str, str]] = []
        if not wanted:
            return removed
        now = to_iso(utcnow())
        what = f"the removal of {len(wanted)} article{'s' if len(wanted) != 1 else ''}"
        with self._db.write(what) as conn:
            for aid in wanted:
                found = conn.execute(
                    "SELECT rowid, title FROM articles WHERE id = ?", (aid,)
                ).fetchone()
                if found is None:
                    continue
                rowid, title = found
                conn.execute(
                    "INSERT OR REPLACE INTO removed_sources (path, article_id, removed_at)"
                    " SELECT path, article_id, ? FROM sources WHERE article_id = ?",
                    (now, aid),
                )
                ftsindex.forget(conn, [rowid])  # first: FTS5 reads the row to know its words
                for table in _ARTICLE_TABLES:
                    conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
                conn.execute("DELETE FROM articles WHERE id = ?", (aid,))
                removed.append((aid, str(title)))
        return removed

    def sample_ids(self) -> list[str]:
        """Articles every file of which is one of the bundled samples (``reader remove
        --samples``): an article the user also has elsewhere is not a sample."""
        folder = importer.samples_dir()
        if folder is None:
            return []
        prefix = str(folder.resolve()).rstrip("/") + "/"
        with self._db.read() as conn:
            return [
                str(r[0])
                for r in conn.execute(
                    "SELECT a.id FROM articles a WHERE EXISTS (SELECT 1 FROM sources s"
                    " WHERE s.article_id = a.id) AND NOT EXISTS (SELECT 1 FROM sources s"
                    " WHERE s.article_id = a.id AND substr(s.path, 1, ?) != ?)"
                    " AND NOT EXISTS (SELECT 1 FROM article_keys k WHERE k.article_id = a.id)"
                    " ORDER BY a.rowid",
                    (len(prefix), prefix),
                )
            ]

    def set_read(self, article_id: str, read: bool = True) -> None:
        """Marking read again keeps the first read time (it answers "when did I read this")."""
        aid = self.resolve_id(article_id)
        what = f"{aid} as {'read' if read else 'unread'}"
        with self._db.write(what) as conn:
            if read:
                conn.execute(
                    "INSERT OR IGNORE INTO reads (article_id, read_at) VALUES (?, ?)",
                    (aid, to_iso(utcnow())),
                )
            else:
                conn.execute("DELETE FROM reads WHERE article_id = ?", (aid,))

    def add_highlight(self, article_id: str, start: int, end: int) -> Highlight:
        aid = self.resolve_id(article_id)
        now = utcnow()
        with self._db.write(f"the highlight in {aid}") as conn:
            body = conn.execute("SELECT body FROM articles WHERE id = ?", (aid,)).fetchone()[0]
            text = "\n\n".join(json.loads(body))
            if not 0 <= start < end <= len(text):
                raise LibraryError(
                    f"highlight {start}..{end} is outside article {aid} (0..{len(text)})"
                )
            cur = conn.execute(
                'INSERT INTO highlights (article_id, start, "end", text, created_at)'
                " VALUES (?, ?, ?, ?, ?)",
                (aid, start, end, text[start:end], to_iso(now)),
            )
            hid = int(cur.lastrowid or 0)
        return Highlight(hid, start, end, text[start:end], from_iso(to_iso(now)))

    def remove_highlight(self, highlight_id: int) -> None:
        with self._db.write(f"the removal of highlight {highlight_id}") as conn:
            cur = conn.execute("DELETE FROM highlights WHERE id = ?", (int(highlight_id),))
            if cur.rowcount == 0:
                raise LibraryError(f"no highlight with id {highlight_id}")

    # -- saved searches and key/value state ------------------------------------------------
    def saved_searches(self) -> list[SavedSearch]:
        rows = self._fetch(
            "SELECT name, query FROM saved_searches ORDER BY name COLLATE NOCASE", ()
        )
        return [SavedSearch(r["name"], r["query"]) for r in rows]

    def save_search(self, name: str, query: str) -> SavedSearch:
        """Refuses a malformed query now rather than every time the search is opened."""
        name = name.strip()
        if not name:
            raise LibraryError("a saved search needs a name")
        compile_query(query)
        with self._db.write(f"the saved search {name!r}") as conn:
            conn.execute(
                "INSERT INTO saved_searches (name, query) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET query = excluded.query",
                (name, query),
            )
        return SavedSearch(name, query)

    def rename_saved_search(self, old: str, new: str) -> SavedSearch:
        """Give a saved search a new name, in one transaction: ``LibraryError`` when ``old``
        does not exist or another saved search already has the name ``new`` (a rename never
        replaces another search; changing only the case of the name is allowed)."""
        new = new.strip()
        if not new:
            raise LibraryError("a saved search needs a name")
        with self._db.write(f"the renaming of the saved search {old!r}") as conn:
            query = value(conn, "SELECT query FROM saved_searches WHERE name = ?", (old,))
            if query is None:
                raise LibraryError(f"no saved search named {old!r}")
            if new != old:
                taken = value(
                    conn,
                    "SELECT 1 FROM saved_searches WHERE name = ? COLLATE NOCASE AND name != ?",
                    (new, old),
                )
                if taken is not None:
                    raise LibraryError(f"there is already a saved search named {new!r}")
                conn.execute("UPDATE saved_searches SET name = ? WHERE name = ?", (new, old))
        return SavedSearch(new, str(query))

    def delete_saved_search(self, name: str) -> None:
        with self._db.write(f"the removal of the saved search {name!r}") as conn:
            cur = conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,))
            if cur.rowcount == 0:
                raise LibraryError(f"no saved search named {name!r}")

    def get_state(self, key: str, default: str | None = None) -> str | None:
        found = self._fetch("SELECT value FROM ui_state WHERE key = ?", (key,))
        return found[0]["value"] if found else default

    def set_state(self, key: str, value: str) -> None:
        with self._db.write(f"the app setting {key!r}") as conn:
            conn.execute(
                "INSERT INTO ui_state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, str(value)),
            )

    def _get_meta(self, key: str) -> str | None:
        found = self._fetch("SELECT value FROM meta WHERE key = ?", (key,))
        return found[0]["value"] if found else None

    def _set_meta(self, key: str, value: str) -> None:
        with self._db.write(f"the library's {key.replace('_', ' ')}") as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @staticmethod
    def _digest_key(query: str | None) -> str:
        """The bookmarks' mark, or one per query (``reader digest --query Q --since last``),
        keyed by the query's words so spacing does not make a new mark."""
        if not query or not query.strip():
            return _LAST_DIGEST_META
        return f"{_LAST_DIGEST_META}:query:{' '.join(query.split())}"

    def last_digest_at(self, query: str | None = None) -> datetime | None:
        found = self._get_meta(self._digest_key(query))
        return from_iso(found) if found else None

    def set_last_digest_at(self, moment: datetime, query: str | None = None) -> None:
        self._set_meta(self._digest_key(query), to_iso(moment))

    # -- export / restore ------------------------------------------------------------------
    def export_state(self) -> dict[str, Any]:
        with self._db.read() as conn:
            return state.export_state(conn)

    def restore_state(self, data: dict[str, Any]) -> RestoreReport:
        """Apply an export. A library restored into is the user's own: samples are not offered.

        The whole export is checked before anything is written (``StateFileError`` lists every
        problem with its path in the file)."""
        state.check_state(data)
        with self._db.write("the restored state") as conn:
            report = state.restore_state(conn, data)
        if self._get_meta(_SAMPLES_META) is None:
            self._set_meta(_SAMPLES_META, to_iso(utcnow()))
        return report


class _SideTables:
    """User state for a set of articles, fetched in a handful of queries instead of per row."""

    def __init__(self) -> None:
        self.tags: dict[str, list[str]] = {}
        self.bookmarks: dict[str, Bookmark] = {}
        self.reads: dict[str, datetime] = {}
        self.highlights: dict[str, list[Highlight]] = {}
        self.unplaced: dict[str, list[UnplacedHighlight]] = {}
        self.paths: dict[str, str] = {}

    @classmethod
    def load(cls, conn: sqlite3.Connection, ids: list[str]) -> _SideTables:
        side = cls()
        if not ids:
            return side
        wanted = set(ids)

        def fetch(sql: str, order: str) -> Iterable[sqlite3.Row]:
            if len(ids) > _BULK_THRESHOLD:
                cur = conn.cursor()
                cur.row_factory = sqlite3.Row  # read by name, row by row: the whole table
                return (r for r in cur.execute(f"{sql} {order}") if r["article_id"] in wanted)
            marks = ",".join("?" * len(ids))
            return named(conn, f"{sql} WHERE article_id IN ({marks}) {order}", ids)

        for r in fetch("SELECT article_id, tag FROM user_tags", "ORDER BY created_at, tag"):
            side.tags.setdefault(r["article_id"], []).append(r["tag"])
        for r in fetch("SELECT article_id, created_at, note FROM bookmarks", ""):
            side.bookmarks[r["article_id"]] = Bookmark(from_iso(r["created_at"]), r["note"])
        for r in fetch("SELECT article_id, read_at FROM reads", ""):
            side.reads[r["article_id"]] = from_iso(r["read_at"])
        for r in fetch(
            'SELECT article_id, id, start, "end", text, created_at, note FROM highlights',
            "ORDER BY start, id",
        ):
            side.highlights.setdefault(r["article_id"], []).append(
                Highlight(
                    id=r["id"],
                    start=r["start"],
                    end=r["end"],
                    text=r["text"],
                    created_at=from_iso(r["created_at"]),
                    note=r["note"],
                )
            )
        for r in fetch(
            "SELECT article_id, id, text, note, created_at FROM unplaced_highlights",
            "ORDER BY created_at, id",
        ):
            side.unplaced.setdefault(r["article_id"], []).append(
                UnplacedHighlight(
                    id=r["id"], text=r["text"], note=r["note"], created_at=from_iso(r["created_at"])
                )
            )
        for r in fetch("SELECT article_id, path FROM sources", "ORDER BY missing DESC, path DESC"):
            # The last one wins: present before missing, then the first path.
            side.paths[r["article_id"]] = r["path"]
        return side
