"""Incremental, crash-safe import of article files and folders.

Three rules keep re-imports cheap and user state safe:

* a file whose size and mtime_ns are unchanged is not even opened;
* a file whose bytes (or parsed content) are unchanged only has its stat refreshed;
* a path that was imported before keeps its article id forever, whatever its content or URL
  becomes, so tags, bookmarks, reads and highlights follow the file.

Writes go in batches, each one transaction, so a killed import loses at most one batch and a
re-run (idempotent) finishes the job. Nothing is ever deleted: a vanished file is marked missing.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.article import Article
from reader.library import state
from reader.library.db import Connection, to_iso, utcnow
from reader.library.models import ImportReport, LibraryFull
from reader.urls import normalize_url

SUFFIXES = (".txt", ".md", ".html", ".htm")
#: Files per transaction: a kill loses at most this many, and commits stay cheap.
BATCH_SIZE = 500
#: Bytes of article files per transaction, whatever their number: a batch of large files holds
#: the write lock for a fraction of a second, so the app's and cron's writes get their turn.
BATCH_BYTES = 2_000_000


def samples_dir() -> Path | None:
    """The bundled samples: ``reader/_samples`` in a wheel, ``sample_articles/`` in a checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_samples", package.parent / "sample_articles"):
        if candidate.is_dir():
            return candidate
    return None


def identity(article: Article) -> str:
    """The full digest behind ``Article.stable_id``: equal means "the same article"."""
    url = article.url.strip()
    key = ("url:" + url) if url else ("text:" + article.title.strip() + "\n" + article.text)
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def file_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


@dataclass(slots=True)
class _Known:
    size: int
    mtime_ns: int
    hash: str
    article_id: str
    missing: bool


@dataclass(slots=True)
class _Parsed:
    path: str
    size: int
    mtime_ns: int
    hash: str
    article: Article


@dataclass
class _Walk:
    files: list[tuple[str, os.stat_result]]
    roots: list[str]
    blocked: list[str]
    """Folders that could not be listed: files under them are not "missing", just unseen."""


def _walk(paths: list[Path], report: ImportReport) -> _Walk:
    walk = _Walk([], [], [])
    seen: set[str] = set()

    def add(path: str, st: os.stat_result) -> None:
        if path not in seen:
            seen.add(path)
            walk.files.append((path, st))

    for given in paths:
        path = os.path.abspath(os.fspath(given))
        try:
            st = os.stat(path)
        except FileNotFoundError:
            report.skipped.append((path, "no such file or folder"))
            continue
        except OSError as exc:
            report.skipped.append((path, f"cannot read: {_reason(exc)}"))
            continue
        if stat.S_ISDIR(st.st_mode):
            walk.roots.append(path)
            for file_path, file_st in _scan(path, report, walk.blocked):
                add(file_path, file_st)
        elif stat.S_ISFIFO(st.st_mode):
            report.skipped.append((path, "a named pipe (FIFO): not read"))
        elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
            report.skipped.append((path, "a device: not read"))
        elif not stat.S_ISREG(st.st_mode):
            report.skipped.append((path, "not a regular file"))
        elif not path.lower().endswith(SUFFIXES):
            report.skipped.append((path, "not a .txt, .md or .html file"))
        else:
            add(path, st)
    return walk


def _scan(
    root: str, report: ImportReport, blocked: list[str]
) -> Iterator[tuple[str, os.stat_result]]:
    """Depth-first, sorted, skipping hidden entries and never following directory symlinks."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            report.skipped.append((folder, f"cannot list folder: {_reason(exc)}"))
            blocked.append(folder)
            continue
        subfolders: list[str] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(entry.path)
                elif entry.name.lower().endswith(SUFFIXES) and entry.is_file():
                    yield entry.path, entry.stat()
                elif (odd := _special_kind(entry)) is not None:
                    report.skipped.append((entry.path, odd))
            except OSError as exc:
                report.skipped.append((entry.path, f"cannot read: {_reason(exc)}"))
        stack.extend(reversed(subfolders))


def _special_kind(entry: os.DirEntry[str]) -> str | None:
    """Why a folder entry that is neither a folder nor a regular file is not read, or None.

    Dangling symlinks, FIFOs, devices and sockets are named in the report, never skipped in
    silence, and never opened (opening a FIFO would wait for a writer forever)."""
    if entry.is_symlink() and not os.path.exists(entry.path):
        return f"a symlink to nothing ({os.readlink(entry.path)!r} does not exist)"
    try:
        mode = entry.stat().st_mode
    except OSError:
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO): not read"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device: not read"
    if stat.S_ISSOCK(mode):
        return "a socket: not read"
    return None


def _read(path: str, limit: int) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(limit + 1)


class _Writer:
    """Applies parsed files to the database, one batch per transaction."""

    def __init__(
        self, db: Connection, report: ImportReport, preferred_ids: dict[str, str] | None = None
    ) -> None:
        self.db = db
        self.report = report
        self.preferred_ids = preferred_ids or {}
        """path -> the id its article should get if free (``reader doctor``'s rebuild)."""
        self.parsed: list[_Parsed] = []
        self.touched: list[tuple[int, int, str]] = []
        self.reappeared: list[str] = []
        self.pending_bytes = 0
        """Size of the parsed files waiting in this batch."""
        self.saved = 0
        """Files written by the batches committed so far."""

    def pending(self) -> int:
        return len(self.parsed) + len(self.touched) + len(self.reappeared)

    def add(self, item: _Parsed) -> None:
        self.parsed.append(item)
        self.pending_bytes += item.size

    def flush(self) -> None:
        count = self.pending()
        if not count:
            return
        what = f"the import of {count} file{'s' if count != 1 else ''}" + (
            f" (the first: {self.parsed[0].path})" if self.parsed else ""
        )
        try:
            self._write(what)
        except LibraryFull as exc:
            raise LibraryFull(
                f"{exc}; the {self.saved} files imported before them are saved: import again "
                "when there is room"
            ) from exc
        self.saved += count
        self.pending_bytes = 0

    def _write(self, what: str) -> None:
        with self.db.decoding(), self.db.write(what) as conn:
            affected: set[str] = set()
            # Keyed by rowid: two changed paths of one article in a batch give one FTS row.
            fts_rows: dict[int, tuple[int, str, str, str, str]] = {}
            fts_deletes: list[tuple[int]] = []
            for item in self.parsed:
                self._apply(conn, item, affected, fts_rows, fts_deletes)
            conn.executemany("DELETE FROM fts WHERE rowid = ?", fts_deletes)
            conn.executemany(
                "INSERT INTO fts (rowid, title, authors, tags, body) VALUES (?, ?, ?, ?, ?)",
                fts_rows.values(),
            )
            if self.touched:
                conn.executemany(
                    "UPDATE sources SET size = ?, mtime_ns = ?, missing = 0 WHERE path = ?",
                    self.touched,
                )
                affected.update(_article_ids(conn, [p for _, _, p in self.touched]))
            if self.reappeared:
                conn.executemany(
                    "UPDATE sources SET missing = 0 WHERE path = ?",
                    [(p,) for p in self.reappeared],
                )
                affected.update(_article_ids(conn, self.reappeared))
            update_missing(conn, affected)
        self.parsed.clear()
        self.touched.clear()
        self.reappeared.clear()

    def _apply(
        self,
        conn: sqlite3.Connection,
        item: _Parsed,
        affected: set[str],
        fts_rows: dict[int, tuple[int, str, str, str, str]],
        fts_deletes: list[tuple[int]],
    ) -> None:
        article = item.article
        now = to_iso(utcnow())
        ident = identity(article)
        known = conn.execute(
            "SELECT article_id FROM sources WHERE path = ?", (item.path,)
        ).fetchone()
        source_row = (item.size, item.mtime_ns, item.hash, item.path)
        if known is not None:
            aid = known[0]
            rowid, old_hash = conn.execute(
                "SELECT rowid, content_hash FROM articles WHERE id = ?", (aid,)
            ).fetchone()
            chash = article.content_hash
            conn.execute(
                "UPDATE sources SET size = ?, mtime_ns = ?, hash = ?, missing = 0 WHERE path = ?",
                source_row,
            )
            affected.add(aid)
            if (old_hash or _stored_content_hash(conn, aid)) == chash:
                self.report.unchanged.append(item.path)
                return
            conn.execute(
                "UPDATE articles SET identity = ?, title = ?, date = ?, date_text = ?,"
                " authors = ?, section = ?, tags = ?, url = ?, extra = ?, body = ?,"
                " word_count = ?, content_hash = ?, url_norm = ?, updated_at = ? WHERE id = ?",
                (ident, *_article_values(article), chash, normalize_url(article.url), now, aid),
            )
            conn.execute("DELETE FROM article_tags WHERE article_id = ?", (aid,))
            self._tags(conn, aid, article)
            fts_deletes.append((rowid,))
            fts_rows[rowid] = _fts_row(conn, rowid, aid, article)
            self.report.updated.append(item.path)
            return
        same = conn.execute(
            "SELECT id FROM articles WHERE identity = ? ORDER BY rowid LIMIT 1", (ident,)
        ).fetchone()
        if same is not None:
            aid = same[0]
            conn.execute(
                "INSERT INTO sources (size, mtime_ns, hash, path, article_id) VALUES (?,?,?,?,?)",
                (*source_row, aid),
            )
            affected.add(aid)
            self.report.unchanged.append(item.path)
            self.report.warnings.append((item.path, f"the same article as {aid}, kept as one"))
            return
        aid = self._new_id(conn, item.path, article.stable_id, ident)
        cur = conn.execute(
            "INSERT INTO articles (id, identity, title, date, date_text, authors, section, tags,"
            " url, extra, body, word_count, content_hash, url_norm, imported_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (aid, ident, *_article_values(article), "", normalize_url(article.url), now, now),
        )
        rowid = int(cur.lastrowid or 0)
        conn.execute(
            "INSERT INTO sources (size, mtime_ns, hash, path, article_id) VALUES (?,?,?,?,?)",
            (*source_row, aid),
        )
        self._tags(conn, aid, article)
        state.apply_pending(conn, aid)  # before the FTS row is built, so restored tags are in it
        fts_rows[rowid] = _fts_row(conn, rowid, aid, article)
        self.report.new.append(item.path)

    def _new_id(self, conn: sqlite3.Connection, path: str, short: str, ident: str) -> str:
        wanted = self.preferred_ids.get(path)
        if (
            wanted
            and conn.execute("SELECT 1 FROM articles WHERE id = ?", (wanted,)).fetchone() is None
        ):
            return wanted
        return _free_id(conn, short, ident)

    @staticmethod
    def _tags(conn: sqlite3.Connection, aid: str, article: Article) -> None:
        conn.executemany(
            "INSERT OR IGNORE INTO article_tags (article_id, position, tag, tag_norm)"
            " VALUES (?, ?, ?, ?)",
            [(aid, i, t, t.casefold()) for i, t in enumerate(article.tags)],
        )


def _stored_content_hash(conn: sqlite3.Connection, aid: str) -> str:
    """The content hash of the stored article, computed only when a changed file needs it.

    New articles store '' instead of hashing every article up front: on a first import of
    10,000 files that hash would cost more than a third of a second and is rarely needed.
    """
    from reader.library.store import Library

    return Library.article_from_row(
        conn.execute(
            "SELECT title, body, date, date_text, authors, section, tags, url, extra"
            " FROM articles WHERE id = ?",
            (aid,),
        ).fetchone()
    ).content_hash


def _article_values(article: Article) -> tuple[object, ...]:
    return (
        article.title,
        article.date.isoformat() if article.date else None,
        article.date_text,
        json.dumps(list(article.authors), ensure_ascii=False),
        article.section,
        json.dumps(list(article.tags), ensure_ascii=False),
        article.url,
        json.dumps(dict(article.extra), ensure_ascii=False),
        json.dumps(list(article.body), ensure_ascii=False),
        article.word_count,
    )


def _fts_row(
    conn: sqlite3.Connection, rowid: int, aid: str, article: Article
) -> tuple[int, str, str, str, str]:
    user = [r[0] for r in conn.execute("SELECT tag FROM user_tags WHERE article_id = ?", (aid,))]
    return (
        rowid,
        article.title,
        ", ".join(article.authors),
        "\n".join([*article.tags, *user]),
        article.text,
    )


def _free_id(conn: sqlite3.Connection, short: str, ident: str) -> str:
    """The stable id, lengthened one character at a time if a different article holds it."""
    candidate = short
    for extra in range(len(ident) + 1):
        candidate = short + ident[8 : 8 + extra] if extra else short
        taken = conn.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone()
        if taken is None:
            return candidate
    return f"{short}{ident}"  # 60 characters of sha256: a collision here is not a concern


def _article_ids(conn: sqlite3.Connection, paths: list[str]) -> set[str]:
    out: set[str] = set()
    for start in range(0, len(paths), 500):
        chunk = paths[start : start + 500]
        marks = ",".join("?" * len(chunk))
        out.update(
            r[0]
            for r in conn.execute(f"SELECT article_id FROM sources WHERE path IN ({marks})", chunk)
        )
    return out


def update_missing(conn: sqlite3.Connection, article_ids: set[str]) -> None:
    """An article is missing when every file it came from is missing, unless it also came from
    somewhere else (a feed, a read-later export: it has an identity key)."""
    conn.executemany(
        "UPDATE articles SET missing = NOT EXISTS (SELECT 1 FROM sources s"
        " WHERE s.article_id = articles.id AND s.missing = 0) AND NOT EXISTS"
        " (SELECT 1 FROM article_keys k WHERE k.article_id = articles.id) WHERE id = ?",
        [(a,) for a in article_ids],
    )


def import_paths(
    db: Connection,
    paths: list[Path],
    *,
    progress: Callable[[int, int, str], None] | None = None,
    mark_missing: bool = True,
    batch_size: int = BATCH_SIZE,
    batch_bytes: int = BATCH_BYTES,
    preferred_ids: dict[str, str] | None = None,
) -> ImportReport:
    from reader.article import MAX_ARTICLE_BYTES, ArticleParseError, parse_bytes

    report = ImportReport()
    walk = _walk(paths, report)
    with db.read() as conn:
        known = {
            row[0]: _Known(row[1], row[2], row[3], row[4], bool(row[5]))
            for row in conn.execute(
                "SELECT path, size, mtime_ns, hash, article_id, missing FROM sources"
            )
        }
    writer = _Writer(db, report, preferred_ids)
    total = len(walk.files)
    for done, (path, st) in enumerate(walk.files, 1):
        old = known.get(path)
        if old is not None and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
            if old.missing:
                writer.reappeared.append(path)
            report.unchanged.append(path)
        else:
            _one_file(
                path, st, old, writer, report, MAX_ARTICLE_BYTES, ArticleParseError, parse_bytes
            )
        if writer.pending() >= batch_size or writer.pending_bytes >= batch_bytes:
            writer.flush()
        if progress is not None:
            progress(done, total, path)
    writer.flush()
    if mark_missing and walk.roots:
        _mark_missing(db, walk, known, report)
    return report


def _one_file(
    path: str,
    st: os.stat_result,
    old: _Known | None,
    writer: _Writer,
    report: ImportReport,
    max_bytes: int,
    parse_error: type[Exception],
    parse_bytes: Callable[[bytes, str | None], Article],
) -> None:
    if st.st_size > max_bytes:
        report.skipped.append(
            (path, f"too big: {st.st_size:,} bytes (articles are limited to {max_bytes:,})")
        )
        return
    try:
        data = _read(path, max_bytes)
    except OSError as exc:
        report.skipped.append((path, f"cannot read: {_reason(exc)}"))
        return
    if len(data) > max_bytes:
        report.skipped.append((path, f"too big: over {max_bytes:,} bytes"))
        return
    digest = file_hash(data)
    if old is not None and old.hash == digest:
        writer.touched.append((st.st_size, st.st_mtime_ns, path))
        report.unchanged.append(path)
        return
    if path.lower().endswith((".html", ".htm")):  # a saved web page
        from reader.parsing.page import parse_page_bytes

        parse_bytes = parse_page_bytes
    try:
        article = parse_bytes(data, path)
    except parse_error as exc:
        report.skipped.append((path, _one_line(getattr(exc, "reason", None) or str(exc))))
        return
    except Exception as exc:  # a hostile file must never stop a folder import
        report.skipped.append((path, _one_line(f"could not parse: {type(exc).__name__}: {exc}")))
        return
    for warning in article.warnings:
        report.warnings.append((path, _one_line(warning)))
    writer.add(_Parsed(path, st.st_size, st.st_mtime_ns, digest, article))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:300]


def _mark_missing(
    db: Connection, walk: _Walk, known: dict[str, _Known], report: ImportReport
) -> None:
    present = {p for p, _ in walk.files}
    prefixes = tuple(root.rstrip(os.sep) + os.sep for root in walk.roots)
    blocked = tuple(b.rstrip(os.sep) + os.sep for b in walk.blocked)
    gone = [
        path
        for path, info in known.items()
        if not info.missing
        and path.startswith(prefixes)
        and path not in present
        and not (blocked and path.startswith(blocked))
    ]
    if not gone:
        return
    with db.write(f"the {len(gone)} vanished files marked missing") as conn:
        conn.executemany("UPDATE sources SET missing = 1 WHERE path = ?", [(p,) for p in gone])
        update_missing(conn, _article_ids(conn, gone))
    report.missing.extend(sorted(gone))


# Shared with upsert.py (articles from no file), which stores articles the same way.
article_values = _article_values
fts_row = _fts_row
free_id = _free_id


def insert_article_tags(conn: sqlite3.Connection, aid: str, article: Article) -> None:
    _Writer._tags(conn, aid, article)
