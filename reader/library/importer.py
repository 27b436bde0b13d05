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
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from reader.article import Article
from reader.library import ftsindex, state
from reader.library.db import (
    Connection,
    column,
    named,
    picker,
    rows_and_names,
    to_iso,
    utcnow,
    value,
)
from reader.library.models import ImportReport, LibraryError, LibraryFull
from reader.parsing.words import count_words, has_unspaced
from reader.urls import normalize_url

SUFFIXES = (".txt", ".md", ".html", ".htm")
#: Articles per transaction of ``upsert_articles`` (read-later items, restored articles).
BATCH_SIZE = 500
#: Files per import transaction: a kill loses at most this many, and commits stay cheap.
IMPORT_BATCH_FILES = 1000
#: Bytes of article files per import transaction, whatever their number: a batch holds the
#: write lock for about a tenth of a second, so the app's and cron's writes get their turn.
#: Batches of ~4 MB (660 articles of 6 KB) rather than 2 MB cost the import a fifth less of
#: SQLite's time: each commit writes the FTS index's new segment and merges older ones.
BATCH_BYTES = 4_000_000
#: While an import runs, SQLite copies the WAL into the database file (a checkpoint, with its
#: fsyncs) only once the WAL holds this many bytes of pages, not after every batch's commit as
#: usual (at 1,000 pages): the pages a batch shares with the next (index and FTS pages) are
#: then written to the database once, not once per batch, which saved a quarter of an
#: import's time. The import checkpoints at its end. Commits stay per batch.
IMPORT_CHECKPOINT_BYTES = 256 * 1024 * 1024


#: SQLite's page cache while an import runs, in KiB (its usual 2 MiB, 128 pages of 16 KiB,
#: is less than a batch's pages): 10,000 articles then read 210 MB back from the WAL and
#: the database instead of 555 MB, and write 440 MB instead of 540. A bigger cache (64 MiB)
#: saved no more. Set back when the import ends.
IMPORT_CACHE_KIB = 16 * 1024


def import_checkpoint_pages(page_size: int) -> int:
    """``IMPORT_CHECKPOINT_BYTES`` in pages of ``page_size`` bytes (65,536 of 4 KiB)."""
    return IMPORT_CHECKPOINT_BYTES // max(page_size, 512)


def samples_dir() -> Path | None:
    """The bundled samples: ``reader/_samples`` in a wheel, ``sample_articles/`` in a checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_samples", package.parent / "sample_articles"):
        if candidate.is_dir():
            return candidate
    return None


def identity(article: Article) -> str:
    """The full digest behind ``Article.stable_id``: equal means "the same article"."""
    return _identity(article.url, article.title, article.text)


def _identity(url: str, title: str, text: str) -> str:
    url = url.strip()
    key = ("url:" + url) if url else ("text:" + title.strip() + "\n" + text)
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


_B32 = "abcdefghijklmnopqrstuvwxyz234567"
#: Two base32 letters for each 10-bit number.
_B32_PAIRS = [a + b for a in _B32 for b in _B32]


def short_id(ident: str) -> str:
    """``Article.stable_id`` from the identity digest (the same sha256), without hashing again:
    the first 8 letters of its base32 spelling, lower case, which spell its first 40 bits
    (``base64.b32encode`` of the whole digest cost a twentieth of an import's writing)."""
    bits = int(ident[:10], 16)
    pairs = _B32_PAIRS
    return (
        pairs[bits >> 30] + pairs[bits >> 20 & 1023] + pairs[bits >> 10 & 1023] + pairs[bits & 1023]
    )


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
    """A file read and parsed, with the values its rows need (``_prepared``), computed before
    the batch's transaction begins so that the write lock is held for SQL alone. Plain
    values, no ``Article``: a worker process hands them over as a tuple (``_fields``)."""

    path: str
    size: int
    mtime_ns: int
    hash: str
    title: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    content_hash: str
    """``Article.content_hash`` of a file imported before (an update), else '' (unused)."""
    text: str
    """``article.text``, joined once."""
    ident: str
    """The identity digest (``_identity``)."""
    values: tuple[object, ...]
    """``_article_values(article, text)``: the stored columns."""
    url_norm: str

    def fields(self) -> tuple[object, ...]:
        return (
            self.path,
            self.size,
            self.mtime_ns,
            self.hash,
            self.title,
            self.authors,
            self.tags,
            self.content_hash,
            self.text,
            self.ident,
            self.values,
            self.url_norm,
        )


def _prepared(
    path: str, size: int, mtime_ns: int, digest: str, article: Article, *, update: bool
) -> _Parsed:
    text = article.text
    return _Parsed(
        path,
        size,
        mtime_ns,
        digest,
        article.title,
        article.authors,
        article.tags,
        article.content_hash if update else "",
        text,
        _identity(article.url, article.title, text),
        _article_values(article, text),
        normalize_url(article.url) if article.url else "",
    )


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
            # named by the user: a .csv/.json/.zip that is no export reader knows ends here too
            report.skipped.append(
                (path, "not a .txt, .md or .html file, nor a read-later export reader knows")
            )
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
    """The file's bytes, at most ``limit + 1`` (more than ``limit`` means too big). Read into a
    buffer the file's size, not ``limit + 1`` bytes: ``read(limit + 1)`` allocated 8 MB per
    file, which tripled the cost of reading."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        data = fh.read(min(size, limit) + 1)
        if size < len(data) <= limit:  # it grew since: read on, up to the limit
            data += fh.read(limit + 1 - len(data))
        return data


class _Writer:
    """Applies parsed files to the database, one batch per transaction, in the importing
    thread, in order; each batch's report is merged once it is committed.

    Writing on a thread of its own while the next files were parsed made the import slower,
    not faster: each ``sqlite3_step`` releases the GIL and getting it back waited on the
    parsing thread's switch interval (a convoy of ~120k futex calls; 3.7 s against 3.2 s)."""

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
        """Write the pending files in one transaction and merge their report."""
        count = self.pending()
        if not count:
            return
        what = f"the import of {count} file{'s' if count != 1 else ''}" + (
            f" (the first: {self.parsed[0].path})" if self.parsed else ""
        )
        parsed, touched, reappeared = self.parsed, self.touched, self.reappeared
        self.parsed, self.touched, self.reappeared = [], [], []
        self.pending_bytes = 0
        out = ImportReport()
        try:
            self._write(what, parsed, touched, reappeared, out)
        except LibraryFull as exc:
            raise LibraryFull(
                f"{exc}; the {self.saved} files imported before them are saved: import "
                "again when there is room"
            ) from exc
        for name in ("new", "updated", "unchanged", "skipped", "warnings"):
            getattr(self.report, name).extend(getattr(out, name))
        self.saved += count

    def _write(
        self,
        what: str,
        parsed: list[_Parsed],
        touched: list[tuple[int, int, str]],
        reappeared: list[str],
        out: ImportReport,
    ) -> None:
        with self.db.decoding(), self.db.write(what) as conn:
            affected: set[str] = set()
            # New articles' search entries, built here from what was parsed (the hot path)...
            fts_rows: dict[int, tuple[int, str, str, str, str]] = {}
            # ...and the rowids of changed ones (and new ones given parked user tags), whose
            # entries are read back from the rows once they are written (ftsindex.add).
            reindex: set[int] = set()
            known = _source_ids(conn, [item.path for item in parsed])
            fresh: list[_Parsed] = []
            for item in parsed:
                aid = known.get(item.path)
                if aid is None:
                    fresh.append(item)
                else:
                    self._update(conn, item, aid, affected, reindex, out)
            if fresh:
                self._insert(conn, fresh, affected, fts_rows, reindex, out)
            conn.executemany(ftsindex.INSERT_VALUES_SQL, fts_rows.values())
            ftsindex.add(conn, sorted(reindex))
            if touched:
                conn.executemany(
                    "UPDATE sources SET size = ?, mtime_ns = ?, missing = 0 WHERE path = ?",
                    touched,
                )
                affected.update(_article_ids(conn, [p for _, _, p in touched]))
            if reappeared:
                conn.executemany(
                    "UPDATE sources SET missing = 0 WHERE path = ?", [(p,) for p in reappeared]
                )
                affected.update(_article_ids(conn, reappeared))
            update_missing(conn, affected)

    def _update(
        self,
        conn: sqlite3.Connection,
        item: _Parsed,
        aid: str,
        affected: set[str],
        reindex: set[int],
        out: ImportReport,
    ) -> None:
        """A file imported before whose bytes changed: same id, new content (if it differs)."""
        rowid, old_hash = conn.execute(
            "SELECT rowid, content_hash FROM articles WHERE id = ?", (aid,)
        ).fetchone()
        chash = item.content_hash
        conn.execute(
            "UPDATE sources SET size = ?, mtime_ns = ?, hash = ?, missing = 0 WHERE path = ?",
            (item.size, item.mtime_ns, item.hash, item.path),
        )
        affected.add(aid)
        if (old_hash or _stored_content_hash(conn, aid)) == chash:
            out.unchanged.append(item.path)
            return
        # Before the row changes: FTS5 reads it to know which words to remove (a second
        # changed path of the same article in this batch finds the entry gone already).
        ftsindex.forget(conn, [rowid])
        reindex.add(rowid)
        conn.execute(
            "UPDATE articles SET identity = ?, title = ?, date = ?, date_text = ?,"
            " authors = ?, section = ?, tags = ?, url = ?, extra = ?, body = ?,"
            " word_count = ?, content_hash = ?, url_norm = ?, updated_at = ? WHERE id = ?",
            (item.ident, *item.values, chash, item.url_norm, to_iso(utcnow()), aid),
        )
        conn.execute("DELETE FROM article_tags WHERE article_id = ?", (aid,))
        conn.executemany(_TAGS_SQL, _tag_rows(aid, item.tags))
        out.updated.append(item.path)

    def _insert(
        self,
        conn: sqlite3.Connection,
        items: list[_Parsed],
        affected: set[str],
        fts_rows: dict[int, tuple[int, str, str, str, str]],
        reindex: set[int],
        out: ImportReport,
    ) -> None:
        """Files never imported: a handful of statements for the whole batch, not per file
        (looking up identities, ids and parked state per article cost a fifth of an import)."""
        now = to_iso(utcnow())
        first_of = _first_by_identity(conn, {item.ident for item in items})
        wanted = {short_id(item.ident) for item in items}
        wanted.update(p for p in (self.preferred_ids.get(i.path) for i in items) if p)
        taken = _existing_ids(conn, wanted)
        pending = set(column(conn, "SELECT article_id FROM pending_state"))
        rowid = int(value(conn, "SELECT coalesce(max(rowid), 0) FROM articles"))
        articles: list[tuple[object, ...]] = []
        sources: list[tuple[object, ...]] = []
        tags: list[tuple[str, int, str, str]] = []
        parked: list[tuple[int, str]] = []
        for item in items:
            text, ident = item.text, item.ident
            source = (item.size, item.mtime_ns, item.hash, item.path)
            same = first_of.get(ident)
            if same is not None:
                sources.append((*source, same))
                affected.add(same)
                out.unchanged.append(item.path)
                out.warnings.append((item.path, f"the same article as {same}, kept as one"))
                continue
            aid = self._choose_id(conn, item.path, ident, taken)
            taken.add(aid)
            first_of[ident] = aid
            rowid += 1
            articles.append((rowid, aid, ident, *item.values, "", item.url_norm, now, now))
            sources.append((*source, aid))
            tags.extend(_tag_rows(aid, item.tags))
            if aid in pending:
                parked.append((rowid, aid))
            else:
                fts_rows[rowid] = _fts_values(rowid, item.title, item.authors, item.tags, text)
            out.new.append(item.path)
        conn.executemany(
            "INSERT INTO articles (rowid, id, identity, title, date, date_text, authors, section,"
            " tags, url, extra, body, word_count, content_hash, url_norm, imported_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            articles,
        )
        conn.executemany(
            "INSERT INTO sources (size, mtime_ns, hash, path, article_id) VALUES (?,?,?,?,?)",
            sources,
        )
        conn.executemany(_TAGS_SQL, tags)
        for at, aid in parked:  # restored state waiting for these articles (user tags too)
            state.apply_pending(conn, aid)
            reindex.add(at)

    def _choose_id(self, conn: sqlite3.Connection, path: str, ident: str, taken: set[str]) -> str:
        """The id ``reader doctor`` asks for, else the stable id, lengthened one character at
        a time while a different article holds it."""
        wanted = self.preferred_ids.get(path)
        if wanted and wanted not in taken:
            return wanted
        short = short_id(ident)
        if short not in taken:
            return short
        for extra in range(1, len(ident) + 1):
            candidate = short + ident[8 : 8 + extra]
            if candidate in taken:
                continue
            if conn.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone() is None:
                return candidate
        return f"{short}{ident}"  # 60 characters of sha256: a collision here is not a concern


_TAGS_SQL = (
    "INSERT OR IGNORE INTO article_tags (article_id, position, tag, tag_norm) VALUES (?, ?, ?, ?)"
)


def _tag_rows(aid: str, tags: Sequence[str]) -> list[tuple[str, int, str, str]]:
    return [(aid, i, t, t.casefold()) for i, t in enumerate(tags)]


def _stored_content_hash(conn: sqlite3.Connection, aid: str) -> str:
    """The content hash of the stored article, computed only when a changed file needs it.

    New articles store '' instead of hashing every article up front: on a first import of
    10,000 files that hash would cost more than a third of a second and is rarely needed.
    """
    from reader.library.store import ARTICLE_COLUMNS, ARTICLE_NAMES, Library

    rows, names = rows_and_names(
        conn, f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?", (aid,)
    )
    if not rows:
        raise LibraryError(f"no article with id {aid!r}")
    return Library.article_from_row(picker(names, ARTICLE_NAMES)(rows[0])).content_hash


#: One encoder for every row (``json.dumps`` with options builds a new one per call).
_to_json = json.JSONEncoder(ensure_ascii=False).encode


def body_json_and_words(body: Sequence[str], text: str) -> tuple[str, int]:
    """``_to_json(list(body))`` and ``count_words(text)`` (``text`` is the body joined), the
    quick way for the usual body (no Chinese or Japanese: see ``count_words``): paragraphs of
    printable text whose only whitespace is single spaces between words. ``str.isprintable``
    rules out every control character (so JSON escapes only quotes and backslashes) and every
    whitespace character but the space (so the words are the spaces plus one). Any other body
    takes the general way. Together the two cost a third of what the encoder and ``split``
    did: a tenth of an import's reading.
    """
    if has_unspaced(text):
        return _to_json(list(body)), count_words(text)
    words = 0
    for paragraph in body:
        if (
            not paragraph
            or not paragraph.isprintable()
            or "  " in paragraph
            or paragraph[0] == " "
            or paragraph[-1] == " "
        ):
            return _to_json(list(body)), count_words(text)
        words += paragraph.count(" ") + 1
    if not body:
        return "[]", 0
    escaped = [p.replace("\\", "\\\\").replace('"', '\\"') for p in body]
    return '["' + '", "'.join(escaped) + '"]', words


def _article_values(article: Article, text: str | None = None) -> tuple[object, ...]:
    """The stored columns; ``text`` is ``article.text`` if the caller has joined it already."""
    if text is None:
        text = article.text
    body, words = body_json_and_words(article.body, text)
    return (
        article.title,
        article.date.isoformat() if article.date else None,
        article.date_text,
        _to_json(list(article.authors)),
        article.section,
        _to_json(list(article.tags)),
        article.url,
        _to_json(dict(article.extra)),
        body,
        words,  # == article.word_count: joining paragraphs makes no new words
    )


def _fts_values(
    rowid: int, title: str, authors: Sequence[str], tags: Sequence[str], text: str
) -> tuple[int, str, str, str, str]:
    """A new article's search entry (it has no user tags), exactly as the view
    ``fts_source`` gives it from the stored row: ``text`` is the body joined
    (``Article.text``). Only for text from files, which holds no NUL (reader refuses such a
    file): SQLite's JSON functions would end the view's text at one."""
    return (rowid, title, ", ".join(authors), "\n".join(tags), text)


def _free_id(conn: sqlite3.Connection, short: str, ident: str) -> str:
    """The stable id, lengthened one character at a time if a different article holds it."""
    candidate = short
    for extra in range(len(ident) + 1):
        candidate = short + ident[8 : 8 + extra] if extra else short
        taken = conn.execute("SELECT 1 FROM articles WHERE id = ?", (candidate,)).fetchone()
        if taken is None:
            return candidate
    return f"{short}{ident}"  # 60 characters of sha256: a collision here is not a concern


def _in_chunks(conn: sqlite3.Connection, sql: str, values: list[str]) -> Iterator[sqlite3.Row]:
    """``sql`` has one ``{marks}``: run it for 500 values at a time; rows read by name."""
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        yield from named(conn, sql.format(marks=",".join("?" * len(chunk))), chunk)


def _source_ids(conn: sqlite3.Connection, paths: list[str]) -> dict[str, str]:
    """path -> article id, for those of ``paths`` imported before."""
    sql = "SELECT path, article_id FROM sources WHERE path IN ({marks})"
    return {str(r["path"]): str(r["article_id"]) for r in _in_chunks(conn, sql, paths)}


def _first_by_identity(conn: sqlite3.Connection, idents: set[str]) -> dict[str, str]:
    """identity -> the id of the first article (by rowid) that has it."""
    sql = "SELECT identity, id FROM articles WHERE identity IN ({marks}) ORDER BY rowid DESC"
    return {str(r["identity"]): str(r["id"]) for r in _in_chunks(conn, sql, sorted(idents))}


def _existing_ids(conn: sqlite3.Connection, ids: set[str]) -> set[str]:
    sql = "SELECT id FROM articles WHERE id IN ({marks})"
    return {str(r["id"]) for r in _in_chunks(conn, sql, sorted(ids))}


def _article_ids(conn: sqlite3.Connection, paths: list[str]) -> set[str]:
    out: set[str] = set()
    for start in range(0, len(paths), 500):
        chunk = paths[start : start + 500]
        marks = ",".join("?" * len(chunk))
        out.update(column(conn, f"SELECT article_id FROM sources WHERE path IN ({marks})", chunk))
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
    batch_size: int = IMPORT_BATCH_FILES,
    batch_bytes: int = BATCH_BYTES,
    preferred_ids: dict[str, str] | None = None,
    claim: Callable[[str, bytes], bool] | None = None,
) -> ImportReport:
    """``claim(path, data)``: asked about each file never imported before, once it is read;
    True means the caller takes it (reader.app.article_files: articles that came from no
    file come back through the upsert, not as files)."""
    report = ImportReport()
    walk = _walk(paths, report)
    _leave_out_removed(db, paths, walk, report)
    with db.read() as conn:
        known = {
            row["path"]: _Known(
                size=row["size"],
                mtime_ns=row["mtime_ns"],
                hash=row["hash"],
                article_id=row["article_id"],
                missing=bool(row["missing"]),
            )
            for row in named(
                conn, "SELECT path, size, mtime_ns, hash, article_id, missing FROM sources"
            )
        }
    writer = _Writer(db, report, preferred_ids)
    with _checkpoint_at_end(db):
        _import_files(walk, known, writer, report, progress, batch_size, batch_bytes, claim)
    if mark_missing and walk.roots:
        _mark_missing(db, walk, known, report)
    return report


@contextmanager
def _checkpoint_at_end(db: Connection) -> Iterator[None]:
    """Checkpoint the WAL at most every ``IMPORT_CHECKPOINT_BYTES`` in the block, and
    once after it (a passive checkpoint: it never waits for the app's readers); a page cache
    of ``IMPORT_CACHE_KIB`` in the block."""
    if db.read_only:
        yield
        return
    with db.lock:
        before = int(db.raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
        pages = import_checkpoint_pages(int(db.raw.execute("PRAGMA page_size").fetchone()[0]))
        db.raw.execute(f"PRAGMA wal_autocheckpoint = {max(before, pages)}")
        cache = int(db.raw.execute("PRAGMA cache_size").fetchone()[0])
        db.raw.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with db.lock:
            db.raw.execute(f"PRAGMA wal_autocheckpoint = {before}")
            db.raw.execute(f"PRAGMA cache_size = {cache}")
            if not db.raw.in_transaction:
                # a failure here (a full disk) loses nothing: the WAL keeps every commit,
                # and the next commit's automatic checkpoint tries again
                with suppress(sqlite3.Error):
                    db.raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def _import_files(
    walk: _Walk,
    known: dict[str, _Known],
    writer: _Writer,
    report: ImportReport,
    progress: Callable[[int, int, str], None] | None,
    batch_size: int,
    batch_bytes: int,
    claim: Callable[[str, bytes], bool] | None = None,
) -> None:
    jobs: list[_Job] = []
    for path, st in walk.files:
        old = known.get(path)
        if old is None or old.size != st.st_size or old.mtime_ns != st.st_mtime_ns:
            jobs.append((path, st.st_size, st.st_mtime_ns, None if old is None else old.hash))
    marks: tuple[bytes, bytes] | None = getattr(claim, "marks", None)
    workers = _workers(len(jobs), claim is None or marks is not None)
    outcomes: Generator[_Outcome, None, None]
    if workers:
        outcomes = _in_workers(jobs, workers, marks)
    else:
        outcomes = (_examine(job, None if claim is None else _any) for job in jobs)
    total = len(walk.files)
    with closing(outcomes):
        for done, (path, st) in enumerate(walk.files, 1):
            old = known.get(path)
            if old is not None and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
                if old.missing:
                    writer.reappeared.append(path)
                report.unchanged.append(path)
            else:
                _take(next(outcomes), writer, report, claim)
            if writer.pending() >= batch_size or writer.pending_bytes >= batch_bytes:
                writer.flush()
            if progress is not None:
                progress(done, total, path)
    writer.flush()


def _leave_out_removed(
    db: Connection, paths: list[Path], walk: _Walk, report: ImportReport
) -> None:
    """Files of removed articles (``reader remove``) found in a folder stay out; a file named
    on its own is asked for again: it is forgotten as removed and imported."""
    with db.read() as conn:
        removed = {str(r[0]) for r in conn.execute("SELECT path FROM removed_sources")}
    if not removed:
        return
    named = {os.path.abspath(os.fspath(p)) for p in paths} & removed
    if named:
        with db.write("the return of removed files") as conn:
            conn.executemany("DELETE FROM removed_sources WHERE path = ?", [(p,) for p in named])
    left_out = [(p, st) for p, st in walk.files if p in removed and p not in named]
    if left_out:
        walk.files = [(p, st) for p, st in walk.files if p not in removed or p in named]
        report.removed.extend(p for p, _ in left_out)


#: (path, size, mtime_ns, the hash imported before or None): a file to read.
_Job = tuple[str, int, int, str | None]
#: What became of a file: ``_examine``'s answer, plain values a worker process can send.
_SKIPPED, _TOUCHED, _CLAIMABLE, _PARSED = range(4)
_Outcome = tuple[int, str, object, object]
#: Imports with at least this many files to read parse them in worker processes, while this
#: process writes: a worker costs a fresh interpreter (a fifth of a second) to start.
PARALLEL_MIN_FILES = 1000
#: Files a worker reads and parses per task; the first ``_LOCAL_CHUNKS`` tasks are done here
#: while the workers start (a fifth to half a second) and catch up. 400-file tasks and 1,600
#: files here beat 200 and 800 on 10,000 articles (2-core machine, medians of 3: 2.07-2.32 s
#: against 2.20-2.80 s in alternating runs): fewer answers cross the pipe, and the workers
#: are ahead of the writing from its start.
CHUNK_FILES = 400
_LOCAL_CHUNKS = 4


def _any(data: bytes) -> bool:
    return True


def _marked(marks: tuple[bytes, bytes], data: bytes) -> bool:
    return data.startswith(marks[0]) and marks[1] in data


def _examine(job: _Job, may_claim: Callable[[bytes], bool] | None) -> _Outcome:
    """Read and parse one file (in this process or a worker's). ``may_claim(data)``: True
    sends the bytes back for the caller's ``claim`` to decide (before they are parsed)."""
    from reader.article import MAX_ARTICLE_BYTES

    path, size, _, old_hash = job
    if size > MAX_ARTICLE_BYTES:
        why = f"too big: {size:,} bytes (articles are limited to {MAX_ARTICLE_BYTES:,})"
        return (_SKIPPED, path, why, None)
    try:
        data = _read(path, MAX_ARTICLE_BYTES)
    except OSError as exc:
        return (_SKIPPED, path, f"cannot read: {_reason(exc)}", None)
    if len(data) > MAX_ARTICLE_BYTES:
        return (_SKIPPED, path, f"too big: over {MAX_ARTICLE_BYTES:,} bytes", None)
    if old_hash is None and may_claim is not None and may_claim(data):
        return (_CLAIMABLE, path, data, job)
    return _parse_data(job, data)


def _parse_data(job: _Job, data: bytes) -> _Outcome:
    from reader.article import ArticleParseError, parse_bytes

    path, size, mtime_ns, old_hash = job
    digest = file_hash(data)
    if old_hash == digest:
        return (_TOUCHED, path, size, mtime_ns)
    parse: Callable[[bytes, str | None], Article] = parse_bytes
    if path.lower().endswith((".html", ".htm")):  # a saved web page
        from reader.parsing.page import parse_page_bytes

        parse = parse_page_bytes
    try:
        article = parse(data, path)
    except ArticleParseError as exc:
        return (_SKIPPED, path, _one_line(getattr(exc, "reason", None) or str(exc)), None)
    except Exception as exc:  # a hostile file must never stop a folder import
        why = _one_line(f"could not parse: {type(exc).__name__}: {exc}")
        return (_SKIPPED, path, why, None)
    item = _prepared(path, size, mtime_ns, digest, article, update=old_hash is not None)
    warnings = tuple(_one_line(w) for w in article.warnings)
    return (_PARSED, path, item.fields(), warnings)


def _take(
    outcome: _Outcome,
    writer: _Writer,
    report: ImportReport,
    claim: Callable[[str, bytes], bool] | None,
) -> None:
    kind, path, a, b = outcome
    if kind == _SKIPPED:
        report.skipped.append((path, str(a)))
    elif kind == _TOUCHED:
        assert isinstance(a, int) and isinstance(b, int)
        writer.touched.append((a, b, path))
        report.unchanged.append(path)
    elif kind == _CLAIMABLE:
        assert isinstance(a, bytes) and isinstance(b, tuple) and claim is not None
        if not claim(path, a):
            _take(_parse_data(b, a), writer, report, claim)
    else:
        assert isinstance(a, tuple) and isinstance(b, tuple)
        report.warnings.extend((path, w) for w in b)
        writer.add(_Parsed(*a))


def _workers(files: int, claim_known: bool) -> int:
    """Worker processes for an import of ``files`` files to read: none (all in this
    process) below ``PARALLEL_MIN_FILES``, on one core, or with a ``claim`` whose ``marks``
    are not known; else one less than the cores (this process writes), at most four."""
    import sys

    cores = os.cpu_count() or 1
    if files < PARALLEL_MIN_FILES or cores < 2 or not claim_known or not sys.executable:
        return 0
    return min(cores - 1, 4)


def _examine_all(jobs: list[_Job], marks: tuple[bytes, bytes] | None) -> list[_Outcome]:
    may_claim = None if marks is None else partial(_marked, marks)
    return [_examine(job, may_claim) for job in jobs]


class _Worker:
    """A worker process (``python -m reader.library.import_worker``: a fresh interpreter, never
    a fork, as the app imports from a thread) that reads and parses its chunks of files and
    sends back ``_examine_all`` of each, in order, through a pipe. A thread here hands it the
    jobs and collects its answers (blocked in the pipe's read and write, it leaves the GIL to
    the writing). The worker ends when it has answered everything, when this process kills it
    (``stop``), or at its next answer once this process is gone (the pipe is broken)."""

    def __init__(self, chunks: list[list[_Job]], marks: tuple[bytes, bytes] | None) -> None:
        import queue
        import subprocess
        import sys

        here = str(Path(__file__).resolve().parent.parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [here, env.get("PYTHONPATH")]))
        self.answers: queue.Queue[list[_Outcome] | None] = queue.Queue(maxsize=8)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "reader.library.import_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # never onto the app's screen
            env=env,
        )
        self._thread = threading.Thread(
            target=self._talk, args=(chunks, marks), name="reader-import-worker", daemon=True
        )
        self._stopped = False
        self._answered = False
        """True once every chunk is answered: the worker is ending of its own accord."""
        self._thread.start()

    def _talk(self, chunks: list[list[_Job]], marks: tuple[bytes, bytes] | None) -> None:
        import pickle

        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            with self.proc.stdin:
                pickle.dump((chunks, marks), self.proc.stdin, pickle.HIGHEST_PROTOCOL)
            for _ in chunks:
                answer = pickle.load(self.proc.stdout)
                if self._stopped:
                    return
                self.answers.put(answer)
            self._answered = True
        except Exception:  # the worker died: what it has not answered is done here
            pass
        finally:
            self.answers.put(None)

    def next(self) -> list[_Outcome] | None:
        """The answer for the next chunk, or None if the worker died before giving it."""
        return self.answers.get()

    def stop(self) -> None:
        """End the worker (killed unless it has answered everything) and the thread."""
        self._stopped = True
        if not self._answered:
            with suppress(OSError):
                self.proc.kill()
        while self._thread.is_alive():  # a thread waiting for room in the queue gets some
            with suppress(Exception):
                self.answers.get_nowait()
            self._thread.join(0.01)
        self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def _in_workers(
    jobs: list[_Job], workers: int, marks: tuple[bytes, bytes] | None
) -> Generator[_Outcome, None, None]:
    """``_examine`` of every job, in order: the first chunks are read and parsed here while
    the ``workers`` processes start, the rest by them, chunk ``i`` by worker ``i % workers``.
    A worker that dies (killed, out of memory) leaves its chunks to this process; stopping
    early (Ctrl+C, an error) kills the workers, so no process outlives the import."""
    chunks = [jobs[i : i + CHUNK_FILES] for i in range(0, len(jobs), CHUNK_FILES)]
    local, rest = chunks[:_LOCAL_CHUNKS], chunks[_LOCAL_CHUNKS:]
    started: list[_Worker] = []
    try:
        try:
            for k in range(min(workers, len(rest))):
                started.append(_Worker(rest[k::workers], marks))
        except (OSError, ValueError):  # no interpreter to start: this process does it all
            pass
        for chunk in local:
            yield from _examine_all(chunk, marks)
        dead: set[int] = set()
        for i, chunk in enumerate(rest):
            k = i % workers
            answer = None
            if k < len(started) and k not in dead:
                answer = started[k].next()
                if answer is None:
                    dead.add(k)
            yield from answer if answer is not None else _examine_all(chunk, marks)
    finally:
        for worker in started:
            worker.stop()


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
free_id = _free_id


def insert_article_tags(conn: sqlite3.Connection, aid: str, article: Article) -> None:
    conn.executemany(_TAGS_SQL, _tag_rows(aid, article.tags))
