"""``reader doctor``: check a library, and rebuild a damaged one from what can still be read.

The user's own state is the one thing that cannot be re-imported, so it is salvaged first and
written to a state export beside the damaged file before anything else happens; then the
articles come back from their files (with the ids they had, so that state finds them again),
and articles whose files are gone from the rows that can still be read. The damaged file is
never deleted: it is renamed aside, and the report names it.

Rows are read one b-tree seek at a time when a plain scan fails, so a damaged page costs
the rows on it, not the rest of the table. Every salvaged row is a dict keyed by the names its
SELECT gives the columns, and is written back with named parameters: no field is ever taken
from where a column happens to stand.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.library import ftsindex, importer, state
from reader.library.db import column, quick_check, to_iso, utcnow, value
from reader.library.models import LibraryBusy, LibraryError
from reader.library.paths import DB_NAME
from reader.urls import normalize_url

#: The user's tables, salvaged first, and what is read from each.
_STATE_TABLES = {
    "user_tags": "article_id, tag, created_at",
    "bookmarks": "article_id, created_at, note",
    "reads": "article_id, read_at",
    "highlights": 'article_id, start, "end", text, created_at, note',
    "unplaced_highlights": "article_id, text, note, created_at",
    "pending_state": "article_id, data",
    "saved_searches": "name, query",
    "ui_state": "key, value",
    "meta": "key, value",
}
#: What else the schema holds that cannot be re-imported from a file: feeds with their fetch
#: state, which article each feed entry became, and the identity keys (``url:...``, a feed
#: entry's) that articles from no file are known by. Copied as they were.
_CARRIED_TABLES = {
    "feeds": (
        "id, url, custom_title, feed_title, site_url, tags, full_text, status, last_error,"
        " error_count, etag, last_modified, added_at, last_fetched_at, last_success_at,"
        " next_fetch_at, redirect_url, redirect_since"
    ),
    "feed_entries": "feed_id, entry_key, article_id, content_hash, first_seen, last_seen",
    "article_keys": "key, article_id, origin, added_at",
    "missing_text": "article_id, errors, last_error, last_tried_at, next_try_at",
}
#: Columns added by later migrations: read as their default from a library older than them.
_LATER_COLUMNS = {("highlights", "note"): "''", ("unplaced_highlights", "note"): "''"}
_ARTICLE_COLUMNS = (
    "id, identity, title, date, date_text, authors, section, tags, url, extra, body,"
    " word_count, content_hash, imported_at, updated_at"
)
#: The stored JSON fields of an article: a row whose JSON cannot be read is lost, not adopted.
_ARTICLE_JSON = ("authors", "tags", "extra", "body")
_SOURCE_COLUMNS = "path, size, mtime_ns, hash, article_id, missing"

#: A salvaged row: column name -> value.
Row = dict[str, Any]
#: Seeks past a damaged stretch one rowid at a time this often, then in growing jumps.
_LINEAR_SKIPS = 1000


@dataclass
class DoctorReport:
    """What ``reader doctor`` found and did."""

    db_path: Path
    problem: str | None = None
    """None: the library is sound."""
    articles: int = 0
    """Articles in the library (a sound one) or readable in the damaged one."""
    rebuilt: bool = False
    kept_as: Path | None = None
    """Where the damaged file was moved (its -wal beside it, if it had one)."""
    state_file: Path | None = None
    """The salvaged state, as a ``reader restore`` file."""
    state_articles: int = 0
    saved_searches: int = 0
    reimported: int = 0
    """Articles imported again from their files."""
    from_rows: int = 0
    """Articles whose files are gone, kept from the damaged file's rows."""
    waiting: int = 0
    """Articles whose state was salvaged but not the article: it waits for their files."""
    unreadable: dict[str, int] = field(default_factory=dict)
    """Per table, rows (or stretches of rows) that could not be read."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    nothing_readable: bool = False
    """Not even the list of tables could be read: the new library starts empty."""
    index_only: bool = False
    """Only the search index is damaged (or missing): it is rebuilt in place from the
    articles, and nothing else is touched (no file kept aside, no state file)."""


def check(directory: Path) -> DoctorReport:
    """``PRAGMA quick_check`` and a read of every row: is the library sound?"""
    db_path = directory / DB_NAME
    if not db_path.is_file():
        raise LibraryError(f"there is no library at {db_path}")
    report = DoctorReport(db_path)
    problem = quick_check(db_path, limit=3)
    try:
        salvage = _salvage(db_path)
    except sqlite3.Error as exc:
        report.problem = problem or str(exc)
        return report
    report.articles = len(salvage.articles)
    lost = {table: n for table, n in salvage.lost.items() if n}
    if problem is None and lost:
        problem = "rows that cannot be read in " + ", ".join(sorted(lost))
    if problem is None:
        problem = _index_problem(db_path)
        report.index_only = problem is not None
    report.problem = problem
    report.unreadable = lost
    return report


def _index_problem(db_path: Path) -> str | None:
    """FTS5's own check of the search index against the articles, rolled back (it changes
    nothing); None when it is sound or cannot be checked now (the library busy, read-only)."""
    try:
        conn = sqlite3.connect(db_path, timeout=2, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        conn.execute("BEGIN")
        return ftsindex.problem(conn)
    except sqlite3.Error:
        return None
    finally:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        conn.close()


def rebuild(directory: Path) -> DoctorReport:
    """Salvage what can be read, move the damaged file aside, build a new library."""
    from reader.library.store import open_library

    db_path = directory / DB_NAME
    report = check(directory)
    if report.problem is None:
        return report
    _refuse_if_in_use(db_path)
    if report.index_only:
        with open_library(directory) as library, library._db.write("the search index") as conn:
            ftsindex.recreate(conn)
            report.articles = int(value(conn, "SELECT count(*) FROM articles"))
        report.rebuilt = True
        return report
    try:
        salvage = _salvage(db_path)
    except sqlite3.Error:
        salvage = _Salvage()  # not even the schema can be read: nothing to carry over
        report.nothing_readable = True
    report.unreadable = {table: n for table, n in salvage.lost.items() if n}
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    aside = directory / f"{DB_NAME}.damaged-{stamp}"
    export = salvage.export()
    report.state_articles = len(export["articles"])
    report.saved_searches = len(export["saved_searches"])
    report.state_file = directory / f"{aside.name}.state.json"
    _write_json(report.state_file, export)
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{db_path}{suffix}")
        if source.exists():
            source.rename(Path(f"{aside}{suffix}"))
    report.kept_as = aside
    with open_library(directory) as library:
        conn_db = library._db
        with conn_db.write("the salvaged settings") as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (:key, :value)", salvage.meta
            )
            conn.executemany(
                "INSERT OR REPLACE INTO ui_state (key, value) VALUES (:key, :value)",
                salvage.ui_state,
            )
        library.restore_state(export)
        with conn_db.write("the salvaged feeds") as conn:
            conn.executemany(
                _insert("OR IGNORE INTO feeds", _CARRIED_TABLES["feeds"]),
                salvage.tables.get("feeds", []),
            )
        preferred = {path: aid for path, aid in salvage.source_ids.items()}
        present = [path for path in preferred if os.path.isfile(path)]
        imported = importer.import_paths(
            conn_db, [Path(p) for p in present], mark_missing=False, preferred_ids=preferred
        )
        report.skipped = imported.skipped
        report.reimported = len(imported.new)
        with conn_db.write("the articles kept from the damaged file") as conn:
            have = {str(aid) for aid in column(conn, "SELECT id FROM articles")}
            for row in salvage.articles:
                aid = row["id"]
                if aid not in have and _adopt(conn, row, salvage.sources.get(aid, [])):
                    report.from_rows += 1
                    have.add(aid)
            _carry_links(conn, salvage, have)
        with conn_db.read() as conn:
            report.waiting = int(value(conn, "SELECT count(*) FROM pending_state"))
            report.articles = int(value(conn, "SELECT count(*) FROM articles"))
    report.rebuilt = True
    return report


def _insert(into: str, columns: str) -> str:
    """``INSERT {into} (columns) VALUES (:column, ...)``: a salvaged row's values go in by
    name."""
    names = [c.strip() for c in columns.split(",")]
    marks = ", ".join(":" + n.strip('"') for n in names)
    return f"INSERT {into} ({', '.join(names)}) VALUES ({marks})"


def _carry_links(conn: sqlite3.Connection, salvage: _Salvage, have: set[str]) -> None:
    """Feed entries and identity keys of the articles the new library has: without them the
    next fetch or read-later import would add those articles a second time."""
    feeds = set(column(conn, "SELECT id FROM feeds"))
    conn.executemany(
        _insert("OR IGNORE INTO feed_entries", _CARRIED_TABLES["feed_entries"]),
        [
            r
            for r in salvage.tables.get("feed_entries", [])
            if r["feed_id"] in feeds and r["article_id"] in have
        ],
    )
    keys = [r for r in salvage.tables.get("article_keys", []) if r["article_id"] in have]
    conn.executemany(_insert("OR IGNORE INTO article_keys", _CARRIED_TABLES["article_keys"]), keys)
    # the back-off of pages that could not be fetched: not hammered again after a rebuild
    conn.executemany(
        _insert("OR IGNORE INTO missing_text", _CARRIED_TABLES["missing_text"]),
        [r for r in salvage.tables.get("missing_text", []) if r["article_id"] in have],
    )
    # an article with a key is never "missing" (that is for files that vanished)
    conn.executemany(
        "UPDATE articles SET missing = 0 WHERE id = ? AND missing != 0",
        [(aid,) for aid in {r["article_id"] for r in keys}],
    )


def _refuse_if_in_use(db_path: Path) -> None:
    """Another reader (the app, an import) writing to it: rebuilding under it would lose
    that process's work, so ask for it to be closed first."""
    try:
        conn = sqlite3.connect(db_path, timeout=2, isolation_level=None)
    except sqlite3.Error:
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in (5, 6):
            raise LibraryBusy(
                f"the library {db_path} is in use by another program (the app, an import): "
                "close it, then run `reader doctor` again"
            ) from exc
    finally:
        conn.close()


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    os.replace(tmp, path)


@dataclass
class _Salvage:
    articles: list[Row] = field(default_factory=list)
    sources: dict[str, list[Row]] = field(default_factory=dict)
    """article id -> its ``sources`` rows."""
    source_ids: dict[str, str] = field(default_factory=dict)
    """path -> the id its article had."""
    tables: dict[str, list[Row]] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)

    @property
    def meta(self) -> list[Row]:
        return self.tables.get("meta", [])

    @property
    def ui_state(self) -> list[Row]:
        return self.tables.get("ui_state", [])

    def export(self) -> dict[str, Any]:
        """The salvaged state as a ``reader export`` document; unreadable entries dropped."""
        raw: dict[str, dict[str, Any]] = {}

        def entry(aid: Any) -> dict[str, Any]:
            return raw.setdefault(
                str(aid),
                {"user_tags": [], "bookmark": None, "read": False, "highlights": []},
            )

        for row in self.tables.get("pending_state", []):
            try:
                raw[str(row["article_id"])] = json.loads(row["data"])
            except (TypeError, ValueError):
                self.lost["pending_state"] = self.lost.get("pending_state", 0) + 1
        for row in self.tables.get("user_tags", []):
            entry(row["article_id"])["user_tags"].append(row["tag"])
        for row in self.tables.get("bookmarks", []):
            entry(row["article_id"])["bookmark"] = {
                "created_at": row["created_at"],
                "note": row["note"],
            }
        for row in self.tables.get("reads", []):
            entry(row["article_id"]).update(read=True, read_at=row["read_at"])
        for row in self.tables.get("highlights", []):
            placed = {
                "start": row["start"],
                "end": row["end"],
                "text": row["text"],
                "created_at": row["created_at"],
            }
            if row["note"]:  # as ``reader export`` writes it: only when there is one
                placed["note"] = row["note"]
            entry(row["article_id"])["highlights"].append(placed)
        for row in self.tables.get("unplaced_highlights", []):
            entry(row["article_id"]).setdefault("unplaced", []).append(
                {"text": row["text"], "note": row["note"], "created_at": row["created_at"]}
            )
        articles: dict[str, Any] = {}
        for aid, entry_value in sorted(raw.items()):
            try:
                articles[aid] = state._clean_entry(aid, entry_value)
            except LibraryError:
                self.lost["state"] = self.lost.get("state", 0) + 1
        searches = {
            row["name"]: row["query"]
            for row in self.tables.get("saved_searches", [])
            if isinstance(row["name"], str) and isinstance(row["query"], str)
        }
        return {
            "version": state.EXPORT_VERSION,
            "exported_at": to_iso(utcnow()),
            "articles": articles,
            "saved_searches": searches,
        }


def _salvage(db_path: Path) -> _Salvage:
    """Everything readable from the file, the user's state first."""
    uri = "file:" + db_path.absolute().as_posix() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        found = _Salvage()
        names = set(column(conn, "SELECT name FROM sqlite_master WHERE type = 'table'"))
        for table, columns in {**_STATE_TABLES, **_CARRIED_TABLES}.items():
            if table in names:
                columns = _readable_columns(conn, table, columns)
                found.tables[table] = _rows(conn, table, columns, found.lost)
        if "sources" in names:
            for source in _rows(conn, "sources", _SOURCE_COLUMNS, found.lost):
                found.sources.setdefault(source["article_id"], []).append(source)
                found.source_ids[source["path"]] = source["article_id"]
        if "articles" in names:
            for row in _rows(conn, "articles", _ARTICLE_COLUMNS, found.lost):
                try:
                    for name in _ARTICLE_JSON:
                        json.loads(row[name])
                except (TypeError, ValueError):
                    found.lost["articles"] = found.lost.get("articles", 0) + 1
                    continue
                found.articles.append(row)
        return found
    finally:
        conn.close()


def _readable_columns(conn: sqlite3.Connection, table: str, columns: str) -> str:
    """``columns``, with those a library older than their migration lacks read as defaults
    (under their own names)."""
    try:
        have = {
            str(name) for name in column(conn, "SELECT name FROM pragma_table_info(?)", (table,))
        }
    except sqlite3.Error:
        return columns
    out = []
    for name in (c.strip() for c in columns.split(",")):
        default = _LATER_COLUMNS.get((table, name.strip('"')))
        missing = default is not None and name.strip('"') not in have
        out.append(f"{default} AS {name}" if missing else name)
    return ", ".join(out)


def _named(cursor: sqlite3.Cursor) -> Iterator[Row]:
    """The cursor's rows as dicts keyed by the names its SELECT gives the columns."""
    names = [d[0] for d in cursor.description or ()]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


#: The name the row's rowid is read under (no table has a column of that name).
_ROWID = "_salvaged_rowid"


def _rows(conn: sqlite3.Connection, table: str, columns: str, lost: dict[str, int]) -> list[Row]:
    """Every readable row of ``table`` in rowid order; unreadable ones counted in ``lost``."""
    out: list[Row] = []
    last = 0
    try:
        sql = f"SELECT {columns}, rowid AS {_ROWID} FROM {table} ORDER BY rowid"
        for row in _named(conn.execute(sql)):
            last = row.pop(_ROWID)
            out.append(row)
        return out
    except sqlite3.Error:
        pass  # damaged somewhere after ``last``: go on seek by seek
    for row in _seek_rows(conn, table, columns, last, lost):
        out.append(row)
    return out


def _seek_rows(
    conn: sqlite3.Connection, table: str, columns: str, last: int, lost: dict[str, int]
) -> Iterator[Row]:
    failures = 0
    while last < 1 << 62:
        try:
            found = value(
                conn, f"SELECT rowid FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT 1", (last,)
            )
        except sqlite3.Error:
            if failures == 0:
                lost[table] = lost.get(table, 0) + 1  # a stretch of rows cannot be reached
            failures += 1
            step = 1 if failures <= _LINEAR_SKIPS else 1 << min(failures - _LINEAR_SKIPS, 62)
            last += step
            continue
        if found is None:
            return
        failures = 0
        last = int(found)
        try:
            rows = list(
                _named(conn.execute(f"SELECT {columns} FROM {table} WHERE rowid = ?", (last,)))
            )
        except sqlite3.Error:
            lost[table] = lost.get(table, 0) + 1
            continue
        yield from rows


def _adopt(conn: sqlite3.Connection, row: Row, sources: list[Row]) -> bool:
    """Put a salvaged article into the new library: marked missing when it came from files
    that are gone, never when it came from no file (a feed, a read-later export, a page)."""
    aid = row["id"]
    adopted = {
        **row,
        "missing": 1 if sources else 0,
        "url_norm": normalize_url(str(row["url"])),
    }
    try:
        cur = conn.execute(
            _insert("INTO articles", f"{_ARTICLE_COLUMNS}, missing, url_norm"), adopted
        )
    except sqlite3.IntegrityError:
        return False  # its id or content came back with another file
    rowid = int(cur.lastrowid or 0)
    conn.executemany(
        "INSERT OR IGNORE INTO sources (path, size, mtime_ns, hash, article_id, missing)"
        " VALUES (:path, :size, :mtime_ns, :hash, :article_id, 1)",
        [{**source, "article_id": aid} for source in sources],
    )
    tags = [str(t) for t in json.loads(row["tags"])]
    conn.executemany(
        "INSERT OR IGNORE INTO article_tags (article_id, position, tag, tag_norm)"
        " VALUES (?, ?, ?, ?)",
        [(aid, i, t, t.casefold()) for i, t in enumerate(tags)],
    )
    state.apply_pending(conn, aid)  # adds the user's tags the index holds too
    ftsindex.add(conn, [rowid])  # from the row as adopted
    return True
