"""``reader doctor``: check a library, and rebuild a damaged one from what can still be read.

The user's own state is the one thing that cannot be re-imported, so it is salvaged first and
written to a state export beside the damaged file before anything else happens; then the
articles come back from their files (with the ids they had, so that state finds them again),
and articles whose files are gone from the rows that can still be read. The damaged file is
never deleted: it is renamed aside, and the report names it.

Rows are read one b-tree seek at a time when a plain scan fails, so a damaged page costs
the rows on it, not the rest of the table.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.library import importer, state
from reader.library.db import quick_check, to_iso, utcnow
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
    report.problem = problem
    report.unreadable = lost
    return report


def rebuild(directory: Path) -> DoctorReport:
    """Salvage what can be read, move the damaged file aside, build a new library."""
    from reader.library.store import open_library

    db_path = directory / DB_NAME
    report = check(directory)
    if report.problem is None:
        return report
    _refuse_if_in_use(db_path)
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
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", salvage.meta)
            conn.executemany(
                "INSERT OR REPLACE INTO ui_state (key, value) VALUES (?, ?)", salvage.ui_state
            )
        library.restore_state(export)
        with conn_db.write("the salvaged feeds") as conn:
            columns = _CARRIED_TABLES["feeds"]
            marks = ", ".join("?" * len(columns.split(",")))
            conn.executemany(
                f"INSERT OR IGNORE INTO feeds ({columns}) VALUES ({marks})",
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
            have = {r[0] for r in conn.execute("SELECT id FROM articles")}
            for row in salvage.articles:
                if row[0] not in have and _adopt(conn, row, salvage.sources.get(row[0], [])):
                    report.from_rows += 1
                    have.add(row[0])
            _carry_links(conn, salvage, have)
        with conn_db.read() as conn:
            report.waiting = conn.execute("SELECT count(*) FROM pending_state").fetchone()[0]
            report.articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    report.rebuilt = True
    return report


def _carry_links(conn: sqlite3.Connection, salvage: _Salvage, have: set[str]) -> None:
    """Feed entries and identity keys of the articles the new library has: without them the
    next fetch or read-later import would add those articles a second time."""
    feeds = {r[0] for r in conn.execute("SELECT id FROM feeds")}
    conn.executemany(
        "INSERT OR IGNORE INTO feed_entries (feed_id, entry_key, article_id, content_hash,"
        " first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)",
        [r for r in salvage.tables.get("feed_entries", []) if r[0] in feeds and r[2] in have],
    )
    keys = [r for r in salvage.tables.get("article_keys", []) if r[1] in have]
    conn.executemany(
        "INSERT OR IGNORE INTO article_keys (key, article_id, origin, added_at)"
        " VALUES (?, ?, ?, ?)",
        keys,
    )
    # the back-off of pages that could not be fetched: not hammered again after a rebuild
    conn.executemany(
        "INSERT OR IGNORE INTO missing_text (article_id, errors, last_error, last_tried_at,"
        " next_try_at) VALUES (?, ?, ?, ?, ?)",
        [r for r in salvage.tables.get("missing_text", []) if r[0] in have],
    )
    # an article with a key is never "missing" (that is for files that vanished)
    conn.executemany(
        "UPDATE articles SET missing = 0 WHERE id = ? AND missing != 0",
        [(aid,) for aid in {r[1] for r in keys}],
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
    articles: list[tuple[Any, ...]] = field(default_factory=list)
    sources: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    """article id -> its (path, size, mtime_ns, hash, missing) rows."""
    source_ids: dict[str, str] = field(default_factory=dict)
    """path -> the id its article had."""
    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)

    @property
    def meta(self) -> list[tuple[Any, ...]]:
        return self.tables.get("meta", [])

    @property
    def ui_state(self) -> list[tuple[Any, ...]]:
        return self.tables.get("ui_state", [])

    def export(self) -> dict[str, Any]:
        """The salvaged state as a ``reader export`` document; unreadable entries dropped."""
        raw: dict[str, dict[str, Any]] = {}

        def entry(aid: Any) -> dict[str, Any]:
            return raw.setdefault(
                str(aid),
                {"user_tags": [], "bookmark": None, "read": False, "highlights": []},
            )

        for aid, data in self.tables.get("pending_state", []):
            try:
                raw[str(aid)] = json.loads(data)
            except (TypeError, ValueError):
                self.lost["pending_state"] = self.lost.get("pending_state", 0) + 1
        for aid, tag, _created in self.tables.get("user_tags", []):
            entry(aid)["user_tags"].append(tag)
        for aid, created, note in self.tables.get("bookmarks", []):
            entry(aid)["bookmark"] = {"created_at": created, "note": note}
        for aid, read_at in self.tables.get("reads", []):
            entry(aid).update(read=True, read_at=read_at)
        for aid, start, end, text, created, note in self.tables.get("highlights", []):
            placed = {"start": start, "end": end, "text": text, "created_at": created}
            if note:  # as ``reader export`` writes it: only when there is one
                placed["note"] = note
            entry(aid)["highlights"].append(placed)
        for aid, text, note, created in self.tables.get("unplaced_highlights", []):
            entry(aid).setdefault("unplaced", []).append(
                {"text": text, "note": note, "created_at": created}
            )
        articles: dict[str, Any] = {}
        for aid, value in sorted(raw.items()):
            try:
                articles[aid] = state._clean_entry(aid, value)
            except LibraryError:
                self.lost["state"] = self.lost.get("state", 0) + 1
        searches = {
            str(name): str(query)
            for name, query in self.tables.get("saved_searches", [])
            if isinstance(name, str) and isinstance(query, str)
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
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table, columns in {**_STATE_TABLES, **_CARRIED_TABLES}.items():
            if table in names:
                columns = _readable_columns(conn, table, columns)
                found.tables[table] = _rows(conn, table, columns, found.lost)
        if "sources" in names:
            for path, size, mtime_ns, digest, aid, missing in _rows(
                conn, "sources", "path, size, mtime_ns, hash, article_id, missing", found.lost
            ):
                found.sources.setdefault(aid, []).append((path, size, mtime_ns, digest, missing))
                found.source_ids[path] = aid
        if "articles" in names:
            for row in _rows(conn, "articles", _ARTICLE_COLUMNS, found.lost):
                try:
                    for column in (5, 7, 9, 10):  # authors, tags, extra, body: JSON
                        json.loads(row[column])
                except (TypeError, ValueError):
                    found.lost["articles"] = found.lost.get("articles", 0) + 1
                    continue
                found.articles.append(row)
        return found
    finally:
        conn.close()


def _readable_columns(conn: sqlite3.Connection, table: str, columns: str) -> str:
    """``columns``, with those a library older than their migration lacks read as defaults."""
    try:
        have = {str(r[1]) for r in conn.execute(f"PRAGMA table_info({table})")}
    except sqlite3.Error:
        return columns
    out = []
    for column in (c.strip() for c in columns.split(",")):
        default = _LATER_COLUMNS.get((table, column.strip('"')))
        out.append(default if default is not None and column.strip('"') not in have else column)
    return ", ".join(out)


def _rows(
    conn: sqlite3.Connection, table: str, columns: str, lost: dict[str, int]
) -> list[tuple[Any, ...]]:
    """Every readable row of ``table`` in rowid order; unreadable ones counted in ``lost``."""
    out: list[tuple[Any, ...]] = []
    last = 0
    try:
        for row in conn.execute(f"SELECT rowid, {columns} FROM {table} ORDER BY rowid"):
            last = row[0]
            out.append(tuple(row[1:]))
        return out
    except sqlite3.Error:
        pass  # damaged somewhere after ``last``: go on seek by seek
    for row in _seek_rows(conn, table, columns, last, lost):
        out.append(row)
    return out


def _seek_rows(
    conn: sqlite3.Connection, table: str, columns: str, last: int, lost: dict[str, int]
) -> Iterator[tuple[Any, ...]]:
    failures = 0
    while last < 1 << 62:
        try:
            found = conn.execute(
                f"SELECT rowid FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT 1", (last,)
            ).fetchone()
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
        last = found[0]
        try:
            values = conn.execute(
                f"SELECT {columns} FROM {table} WHERE rowid = ?", (last,)
            ).fetchone()
        except sqlite3.Error:
            lost[table] = lost.get(table, 0) + 1
            continue
        if values is not None:
            yield tuple(values)


def _adopt(conn: sqlite3.Connection, row: tuple[Any, ...], sources: list[tuple[Any, ...]]) -> bool:
    """Put a salvaged article into the new library: marked missing when it came from files
    that are gone, never when it came from no file (a feed, a read-later export, a page)."""
    aid = row[0]
    try:
        cur = conn.execute(
            "INSERT INTO articles (id, identity, title, date, date_text, authors, section, tags,"
            " url, extra, body, word_count, content_hash, imported_at, updated_at, missing,"
            " url_norm) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*row, 1 if sources else 0, normalize_url(str(row[8]))),
        )
    except sqlite3.IntegrityError:
        return False  # its id or content came back with another file
    rowid = int(cur.lastrowid or 0)
    for path, size, mtime_ns, digest, _missing in sources:
        conn.execute(
            "INSERT OR IGNORE INTO sources (path, size, mtime_ns, hash, article_id, missing)"
            " VALUES (?, ?, ?, ?, ?, 1)",
            (path, size, mtime_ns, digest, aid),
        )
    tags = [str(t) for t in json.loads(row[7])]
    conn.executemany(
        "INSERT OR IGNORE INTO article_tags (article_id, position, tag, tag_norm)"
        " VALUES (?, ?, ?, ?)",
        [(aid, i, t, t.casefold()) for i, t in enumerate(tags)],
    )
    body = "\n\n".join(str(p) for p in json.loads(row[10]))
    authors = ", ".join(str(a) for a in json.loads(row[5]))
    conn.execute(
        "INSERT INTO fts (rowid, title, authors, tags, body) VALUES (?, ?, ?, ?, ?)",
        (rowid, row[2], authors, "\n".join(tags), body),
    )
    state.apply_pending(conn, aid)  # refreshes the FTS tags when it adds user tags
    return True
