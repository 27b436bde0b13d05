"""Opening the SQLite file: pragmas, migrations, and errors a user can act on.

Every SQLite failure leaves this module as one of the store's typed errors, with one line that
says what happened and the way out: a busy library (another process holds the write lock
longer than a writer waits), a damaged file (``reader doctor``), a read-only library, a full
disk. The faces show these; none of them looks at SQLite's own exceptions.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from reader.library.models import (
    LibraryBusy,
    LibraryDamaged,
    LibraryError,
    LibraryFull,
    LibraryReadOnly,
)
from reader.library.schema import migrate

#: How long one attempt at a lock waits inside SQLite before it reports "busy".
BUSY_TIMEOUT_MS = 5000
#: A write's attempts at the lock are this long each, so it can say within a second that it
#: waits (and keeps trying until ``write_patience()``).
WRITE_ATTEMPT_MS = 1000
#: How long a write waits in all for another process's write lock before it gives up with
#: LibraryBusy; ``READER_WRITE_WAIT`` (seconds) overrides it.
WRITE_PATIENCE = 120.0
#: Below this many free bytes on the library's device, a disk I/O error means "disk full".
_LOW_SPACE = 1 << 20

# SQLite's primary result codes (the low byte of ``sqlite_errorcode``).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26

#: How a library was opened: "rw" as usual (WAL, shared with other processes); "exclusive"
#: when the WAL's shared-memory index cannot be made (a full disk): one connection holds the
#: file alone, so reads still work; "ro" when the file, folder or file system is read-only.
OpenMode = str


def named(conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
    """Every row of ``sql``, each read by the name its SELECT gives a column (sqlite3.Row),
    never by where the column stands: reordering a SELECT cannot swap two fields."""
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur.execute(sql, params).fetchall()


def named_one(
    conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()
) -> sqlite3.Row | None:
    """The first row of ``sql`` read by name (see ``named``), or None."""
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    found: sqlite3.Row | None = cur.execute(sql, params).fetchone()
    return found


def rows_and_names(
    conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()
) -> tuple[list[tuple[Any, ...]], tuple[str, ...]]:
    """Plain rows and the names their SELECT gives the columns, for the hot paths that read
    thousands of rows: ``picker`` finds the columns by name once per query, not once per row
    and field as sqlite3.Row does (a tenth of the cost of a 10,000-row list)."""
    cur = conn.execute(sql, params)
    names = tuple(d[0] for d in cur.description or ())
    return cur.fetchall(), names


def picker(
    names: Sequence[str], wanted: Sequence[str]
) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function that takes a row of columns ``names`` and returns its columns ``wanted``,
    in the order of ``wanted``: the columns are found by name, so the SELECT's order is free.
    A wanted column the query does not have is an error (ValueError), not a silent None."""
    where = {name: at for at, name in enumerate(names)}
    missing = [w for w in wanted if w not in where]
    if missing or not wanted:
        raise ValueError(f"the query has no column {', '.join(missing) or '(none wanted)'}")
    at = [where[w] for w in wanted]
    if len(at) == 1:
        only = at[0]
        return lambda row: (row[only],)
    get: Callable[[Sequence[Any]], tuple[Any, ...]] = itemgetter(*at)
    return get


def column(conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()) -> list[Any]:
    """The values of a one-column query. A query of more columns is refused (ValueError):
    rows of several columns are read by name (``named``), never by position."""
    cur = conn.execute(sql, params)
    if cur.description is None or len(cur.description) != 1:
        raise ValueError(f"column() needs a one-column SELECT, not: {sql}")
    return [r[0] for r in cur]


def value(conn: sqlite3.Connection, sql: str, params: Sequence[object] = ()) -> Any:
    """The first value of a one-column query, or None when it finds no row."""
    cur = conn.execute(sql, params)
    if cur.description is None or len(cur.description) != 1:
        raise ValueError(f"value() needs a one-column SELECT, not: {sql}")
    found = cur.fetchone()
    return None if found is None else found[0]


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


def write_patience() -> float:
    """Seconds a write waits for the lock in all (``READER_WRITE_WAIT``, else 120)."""
    raw = os.environ.get("READER_WRITE_WAIT", "").strip()
    try:
        value = float(raw) if raw else WRITE_PATIENCE
    except ValueError:
        return WRITE_PATIENCE
    return value if value >= 0 else WRITE_PATIENCE


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _low_on_space(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        return shutil.disk_usage(path.parent).free < _LOW_SPACE
    except OSError:
        return False


def quick_check(db_path: Path, limit: int = 1) -> str | None:
    """None when ``PRAGMA quick_check`` finds the file sound, else its first problems."""
    try:
        conn = sqlite3.connect(_uri(db_path, "ro"), uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = conn.execute(f"PRAGMA quick_check({int(limit)})").fetchall()
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.close()
    problems = [str(r[0]).replace("*** in database main ***", "") for r in rows]
    if problems == ["ok"]:
        return None
    return " ".join("; ".join(problems).split())[:200]


def _looks_damaged(exc: sqlite3.Error) -> bool:
    message = str(exc)
    if _code(exc) in (_CORRUPT, _NOTADB):
        return True
    if "Could not decode" in message:  # garbage in a text column (Python's decoder says so)
        return True
    # FTS5's "malformed MATCH expression" is a bad query, not a bad file
    return "not a database" in message or ("malformed" in message and "MATCH" not in message)


def translate(exc: sqlite3.Error, db_path: Path | None, what: str | None) -> LibraryError | None:
    """The store's typed error for a SQLite failure, or None when it is not a library fault
    (a bad query, an interrupted one): the caller then raises the original.

    ``what`` names the write that failed ("the bookmark on 3kq7x2ab"); None for a read."""
    code = _code(exc)
    where = str(db_path) if db_path is not None else "the library"
    doing = f"could not save {what}" if what else "could not read it"
    message = " ".join(str(exc).split())
    if code in (_BUSY, _LOCKED):
        return LibraryBusy(
            f"the library {where} is busy (another program holds its lock): {doing}; "
            "try again when that program is done"
        )
    if _looks_damaged(exc):
        if "Could not decode" in message:
            message = "a stored text is not valid UTF-8"
        problem = quick_check(db_path) if db_path is not None else None
        if problem is None and code not in (_CORRUPT, _NOTADB) and "UTF-8" not in message:
            return None
        return damaged(db_path, message, problem)
    if code == _READONLY:
        return LibraryReadOnly(f"the library {where} is read-only: {doing}")
    if code == _FULL or (code == _IOERR and _low_on_space(db_path)):
        return LibraryFull(
            f"no space left on the device holding {where}: {doing}; everything saved before is kept"
        )
    if code == _IOERR:
        return LibraryError(f"the library {where}: {doing}: disk or file system error ({message})")
    if code == _CANTOPEN:
        return LibraryError(f"cannot open the library database {where}: {message}")
    return None


def damaged(db_path: Path | None, message: str, problem: str | None = None) -> LibraryDamaged:
    """The one-line damage report, with the way out."""
    where = str(db_path) if db_path is not None else "the library"
    detail = message if problem in (None, message) else f"{message}; quick_check: {problem}"
    return LibraryDamaged(
        f"the library {where} is damaged ({detail}): run `reader doctor` to rebuild it "
        "from what can be read (the damaged file is kept aside)"
    )


def _uri(db_path: Path, mode: str) -> str:
    query = {"ro": "?mode=ro", "immutable": "?mode=ro&immutable=1"}.get(mode, "")
    return "file:" + urllib.parse.quote(str(db_path.absolute())) + query


#: Bytes the write-ahead log is cut back to once a checkpoint has emptied it. An import lets the
#: log grow to hundreds of megabytes (it checkpoints once, at its end); without a limit SQLite
#: keeps the file that size on disk for good, reusing it rather than giving the space back.
WAL_SIZE_LIMIT = 32 * 1024 * 1024


#: The page size of a new library (an existing one keeps the size it was made with). With
#: SQLite's default of 4 KiB, an article's body (JSON, and again in the FTS index's copy) runs
#: over two or three overflow pages, and an import wrote and re-read its data 4 KiB at a time:
#: ~330,000 pwrite/pread calls for 10,000 articles, a third of the importing process's CPU
#: time. 16 KiB pages cut them to ~95,000 and the process's CPU time by a quarter; listing
#: and search read no slower.
PAGE_SIZE = 16384


def _open(db_path: Path, mode: OpenMode) -> sqlite3.Connection:
    new = mode == "rw" and not (db_path.exists() and db_path.stat().st_size > 0)
    conn = sqlite3.connect(
        _uri(db_path, mode),
        uri=True,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if mode == "exclusive":
            # no shared-memory index (it cannot be allocated): the WAL index lives in this
            # connection's memory, which SQLite allows only while it holds the file alone
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        if new:  # before anything is written: the size is fixed once the file has a page
            conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        if mode in ("rw", "exclusive"):
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
            conn.execute("PRAGMA foreign_keys = ON")
        else:
            conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _writable(db_path: Path) -> bool:
    """Whether this process may write the library (os.access knows about read-only mounts
    even for root); a file that does not exist yet needs a writable folder."""
    if not os.access(db_path.parent, os.W_OK):
        return False
    return not db_path.exists() or os.access(db_path, os.W_OK)


def open_connection(db_path: Path) -> tuple[sqlite3.Connection, OpenMode]:
    """Open and migrate the database, falling back to a read-only or exclusive connection
    when the usual one cannot be had (a read-only library; a full disk)."""
    modes: list[OpenMode]
    if _writable(db_path):
        modes = ["rw", "exclusive"]
    elif db_path.exists():
        modes = ["ro", "immutable"]
    else:
        raise LibraryReadOnly(
            f"cannot create the library {db_path}: its folder {db_path.parent} is read-only"
        )
    first: sqlite3.Error | None = None
    for mode in modes:
        try:
            conn = _open(db_path, mode)
        except sqlite3.Error as exc:
            first = first or exc
            if _code(exc) in (_IOERR, _CANTOPEN, _FULL, _READONLY, _BUSY):
                continue  # try the next way in; the first failure is the one reported
            raise _as_library_error(exc, db_path, None) from exc
        try:
            if mode in ("ro", "immutable"):
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                from reader.library.schema import SCHEMA_VERSION

                if version < SCHEMA_VERSION:
                    raise LibraryReadOnly(
                        f"the library {db_path} is read-only and was written by an older "
                        f"reader (schema {version}, this reader needs {SCHEMA_VERSION}): make it "
                        "writable once so it can be upgraded"
                    )
            migrate(conn, str(db_path))
            conn.execute("SELECT count(*) FROM articles").fetchone()
        except LibraryError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            raise _as_library_error(exc, db_path, "the library's upgrade") from exc
        return conn, mode
    assert first is not None
    raise _as_library_error(first, db_path, None) from first


def _as_library_error(exc: sqlite3.Error, db_path: Path, what: str | None) -> LibraryError:
    found = translate(exc, db_path, what)
    if found is not None:
        return found
    return LibraryError(f"cannot use the library database {db_path}: {exc}")


def connect(db_path: Path) -> sqlite3.Connection:
    """Open and migrate the database (see ``open_connection``), the connection alone."""
    return open_connection(db_path)[0]


class Connection:
    """The library's connections: one for writes, shared by threads under a re-entrant lock,
    plus a small pool of read-only connections so reads never queue behind each other.

    Every write runs in ``BEGIN IMMEDIATE`` so it takes the write lock up front (waiting up to
    the busy timeout for another process) instead of failing midway on a lock upgrade; while
    another process keeps the lock, it tries again until ``write_patience()`` has passed,
    telling ``on_busy`` once that it waits. Reads get their own connection because WAL lets
    readers run beside the writer: a slow search in one TUI worker must not hold up opening an
    article in another. A library opened read-only or exclusive reads through the one
    connection instead.
    """

    def __init__(
        self, conn: sqlite3.Connection, path: Path | None = None, mode: OpenMode = "rw"
    ) -> None:
        self.raw = conn
        conn.execute(f"PRAGMA busy_timeout = {WRITE_ATTEMPT_MS}")
        self.lock = threading.RLock()
        self.path = path
        self.mode = mode
        self.on_busy: Callable[[str], None] | None = None
        """Called (from the waiting thread) once per write that has to wait for the lock."""
        self._local = threading.local()
        self._pool: list[sqlite3.Connection] = []
        self._pool_lock = threading.Lock()
        self._closed = False

    @property
    def read_only(self) -> bool:
        return self.mode in ("ro", "immutable")

    @contextmanager
    def guard(self, what: str | None = None) -> Iterator[None]:
        """Turn SQLite failures in the block into the store's typed errors."""
        try:
            yield
        except sqlite3.Error as exc:
            found = translate(exc, self.path, what)
            if found is None:
                raise
            raise found from exc

    @contextmanager
    def decoding(self) -> Iterator[None]:
        """Rows turned into values in the block: stored JSON or text that cannot be decoded
        means the file is damaged (garbage inside a record that SQLite itself cannot see)."""
        try:
            yield
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise damaged(
                self.path, f"a stored article cannot be decoded: {type(exc).__name__}"
            ) from exc

    @contextmanager
    def write(self, what: str = "the change") -> Iterator[sqlite3.Connection]:
        """One transaction; ``what`` names it in errors ("could not save the bookmark on X")."""
        if self.read_only:
            raise LibraryReadOnly(
                f"the library {self.path} is read-only (its file, folder or disk cannot be "
                f"written): could not save {what}"
            )
        with self.lock:
            if self.raw.in_transaction:
                yield self.raw
                return
            with self.guard(what):
                self._begin(what)
            self._local.writing = True
            try:
                with self.guard(what):
                    yield self.raw
                    self.raw.execute("COMMIT")
            except BaseException:
                # SQLite may have rolled back already (a full disk does): ROLLBACK then would
                # fail with "no transaction is active" and hide the real error
                if self.raw.in_transaction:
                    with suppress(sqlite3.Error):
                        self.raw.execute("ROLLBACK")
                raise
            finally:
                self._local.writing = False

    def _begin(self, what: str) -> None:
        deadline = time.monotonic() + write_patience()
        told = False
        while True:
            try:
                self.raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if _code(exc) not in (_BUSY, _LOCKED):
                    raise
                if time.monotonic() >= deadline:
                    raise LibraryBusy(
                        f"the library {self.path} is busy: another program has held its write "
                        f"lock for over {write_patience():.0f} s, so {what} was not saved; try "
                        "again when it is done (READER_WRITE_WAIT sets how long to wait)"
                    ) from exc
                if not told and self.on_busy is not None:
                    told = True
                    self.on_busy(
                        "the library is busy (another program is writing to it): "
                        f"waiting to save {what}"
                    )
                time.sleep(0.05)

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot across several SELECTs (rows plus their tags, say)."""
        if self.path is None or self.mode != "rw" or getattr(self._local, "writing", False):
            # inside a write (or no second connection to be had): read through the writer,
            # which sees its own uncommitted changes
            with self.lock, self.guard():
                if self.raw.in_transaction:
                    yield self.raw
                    return
                self.raw.execute("BEGIN")
                try:
                    yield self.raw
                finally:
                    if self.raw.in_transaction:
                        self.raw.execute("COMMIT")
            return
        conn = self._reader()
        try:
            with self.guard():
                conn.execute("BEGIN")
                try:
                    yield conn
                finally:
                    if conn.in_transaction:
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
            raise _as_library_error(exc, self.path, None) from exc
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
