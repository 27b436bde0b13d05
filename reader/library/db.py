"""Opening the SQLite file: pragmas, migrations, and errors a user can act on."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from reader.library.models import LibraryError
from reader.library.schema import migrate

BUSY_TIMEOUT_MS = 5000


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_iso(moment: datetime) -> str:
    """Store instants as UTC ISO text; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def from_iso(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def connect(db_path: Path) -> sqlite3.Connection:
    """Open and migrate the database, turning SQLite's terse failures into advice."""
    try:
        conn = sqlite3.connect(
            db_path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error as exc:
        raise LibraryError(f"cannot open the library database {db_path}: {exc}") from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, str(db_path))
        conn.execute("SELECT count(*) FROM articles").fetchone()
    except LibraryError:
        conn.close()
        raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        message = str(exc)
        if "not a database" in message or "malformed" in message or "corrupt" in message:
            raise LibraryError(
                f"{db_path} is damaged or not a reader library ({message}): move it aside "
                f"(e.g. rename it to {db_path.name}.broken) so a new library is created, then "
                "re-import your articles and restore your tags and bookmarks from a state export"
            ) from exc
        raise LibraryError(f"cannot use the library database {db_path}: {message}") from exc
    return conn


class Connection:
    """The library's connections: one for writes, shared by threads under a re-entrant lock,
    plus a small pool of read-only connections so reads never queue behind each other.

    Every write runs in ``BEGIN IMMEDIATE`` so it takes the write lock up front (waiting up to
    the busy timeout for another process) instead of failing midway on a lock upgrade. Reads
    get their own connection because WAL lets readers run beside the writer: a slow search in
    one TUI worker must not hold up opening an article in another.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.raw = conn
        self.lock = threading.RLock()
        self.path = path
        self._local = threading.local()
        self._pool: list[sqlite3.Connection] = []
        self._pool_lock = threading.Lock()
        self._closed = False

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            if self.raw.in_transaction:
                yield self.raw
                return
            self.raw.execute("BEGIN IMMEDIATE")
            self._local.writing = True
            try:
                yield self.raw
            except BaseException:
                self.raw.execute("ROLLBACK")
                raise
            finally:
                self._local.writing = False
            self.raw.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot across several SELECTs (rows plus their tags, say)."""
        if self.path is None or getattr(self._local, "writing", False):
            # inside a write (or no file to reopen): read through the writer, which sees
            # its own uncommitted changes
            with self.lock:
                if self.raw.in_transaction:
                    yield self.raw
                    return
                self.raw.execute("BEGIN")
                try:
                    yield self.raw
                finally:
                    self.raw.execute("COMMIT")
            return
        conn = self._reader()
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            try:
                conn.execute("COMMIT")
            finally:
                self._release(conn)

    def _reader(self) -> sqlite3.Connection:
        with self._pool_lock:
            if self._closed:
                raise LibraryError("the library is closed")
            if self._pool:
                return self._pool.pop()
        assert self.path is not None
        try:
            conn = sqlite3.connect(
                self.path,
                isolation_level=None,
                check_same_thread=False,
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.Error as exc:
            raise LibraryError(f"cannot read the library database {self.path}: {exc}") from exc
        return conn

    def _release(self, conn: sqlite3.Connection) -> None:
        with self._pool_lock:
            if not self._closed and not conn.in_transaction:
                self._pool.append(conn)
                return
        conn.close()

    def close(self) -> None:
        with self._pool_lock:
            self._closed = True
            readers, self._pool = self._pool, []
        for conn in readers:
            conn.close()
        with self.lock:
            self.raw.close()
