"""Writing files so that a crash or a full disk never leaves half of one behind.

Every file reader writes for the user (config, state exports, briefings, saved e-mails) goes
through here. A regular file (or a new one) is replaced atomically: a temporary file in the
same directory (``os.replace`` is only atomic within one file system), flushed to disk, then
renamed over the target. A symlink is followed, so its target is replaced and the link stays.
What cannot be replaced is written directly: ``-`` and ``/dev/stdout`` (standard output),
FIFOs and devices (``/dev/null``; ``/dev/full`` gives "No space left on device").

Errors name the file the user asked for, never the temporary file. A temporary file left by
a writer that was killed between writing and renaming is removed by the next write to the
same target (each writer holds a lock on its own temporary file while it lives, so a live
one is never taken for a stale one).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = ["atomic_write_bytes", "atomic_write_text", "is_stdout", "run_lock"]

#: Names that mean standard output or error, written to the open descriptor directly.
_STREAMS = {"-": 1, "/dev/stdout": 1, "/dev/stderr": 2}
_FD_PATH = re.compile(r"/(?:dev|proc/self)/fd/(\d+)")


def _error(exc: OSError, target: Path | str) -> OSError:
    """The same error, naming ``target`` (what the user asked for)."""
    code = exc.errno if exc.errno is not None else errno.EIO
    return OSError(code, exc.strerror or os.strerror(code), str(target))


def _stream_fd(path: Path) -> int | None:
    name = os.fspath(path)
    if name in _STREAMS:
        return _STREAMS[name]
    found = _FD_PATH.fullmatch(name)
    return int(found.group(1)) if found else None


def is_stdout(path: Path | str) -> bool:
    """Whether writing to ``path`` writes to standard output (``-``, ``/dev/stdout``...)."""
    return _stream_fd(Path(path)) == 1 or os.fspath(path) == "-"


def _write_fd(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _write_directly(path: Path, data: bytes, shown: Path) -> None:
    """A FIFO or a device: opened and written as it is (it cannot be replaced)."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        try:
            _write_fd(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        raise _error(exc, shown) from exc


def _remove_stale_temporaries(folder: Path, name: str) -> None:
    """Remove ``.NAME.XXXXXXXX.tmp`` files of ours that no living writer holds."""
    if fcntl is None:
        return
    pattern = re.compile(r"\." + re.escape(name) + r"\.[a-z0-9_]{8}\.tmp")
    try:
        entries = [entry for entry in os.scandir(folder) if pattern.fullmatch(entry.name)]
    except OSError:
        return
    for entry in entries:
        try:
            fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a writer is still at work on it
        else:
            Path(entry.path).unlink(missing_ok=True)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, private: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step (see the module's docstring for the cases).

    An existing file keeps its permissions. A new one gets 0o600 when ``private`` (exports of
    the user's state, config) and the usual 0o644 less the umask otherwise (a briefing is
    meant to be read). Raises ``OSError`` whose ``filename`` is ``path``.
    """
    path = Path(path)
    shown = path
    stream = _stream_fd(path)
    if stream is not None:
        for handle in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a closed stream
                handle.flush()
        try:
            _write_fd(stream, data)
        except OSError as exc:
            raise _error(exc, shown) from exc
        return
    try:
        if path.is_symlink():
            path = Path(os.path.realpath(path))  # the target is replaced; the link stays
        try:
            st = path.stat()
        except FileNotFoundError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(shown))
        if st is not None and not stat.S_ISREG(st.st_mode):
            _write_directly(path, data, shown)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path.parent, path.name)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _error(exc, shown) from exc
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)  # ours while it lives: never taken for stale
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            if st is not None:
                mode = st.st_mode & 0o777
            elif private:
                mode = 0o600
            else:
                mode = 0o644 & ~_process_umask(path.parent)
            os.chmod(tmp_name, mode)
            os.replace(tmp_name, path)  # still locked: a cleaner never sees it unlocked
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _error(exc, shown) from exc
        raise


def atomic_write_text(path: Path, text: str, *, private: bool = False) -> None:
    """``atomic_write_bytes`` for text: UTF-8, ``\\n`` line endings whatever the platform."""
    atomic_write_bytes(path, text.encode("utf-8"), private=private)


def _process_umask(folder: Path) -> int:
    """The process's umask, read without changing it.

    ``os.umask`` can only be read by setting it, and the app writes files from worker threads:
    for an instant every other thread would create files with a umask of 0. Linux shows it in
    /proc/self/status; elsewhere a probe file created with mode 0o666 in ``folder`` carries
    ``0o666 & ~umask``.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    fd, probe = tempfile.mkstemp(prefix=".umask-probe.", dir=folder)
    os.close(fd)
    try:
        os.unlink(probe)
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        os.close(fd)
        return 0o666 & ~os.stat(probe).st_mode & 0o777
    finally:
        Path(probe).unlink(missing_ok=True)


@contextmanager
def run_lock(directory: Path, file_name: str, busy: Callable[[Path], Exception]) -> Iterator[Path]:
    """Hold an exclusive ``flock`` on ``directory/file_name``; raise ``busy(path)`` if taken.

    One run at a time for cron jobs (a digest, a fetch): a second run gives up at once instead
    of queueing behind a stuck one, and the kernel drops the lock when the holder dies, so a
    killed run never blocks the next. The file stays (deleting it would race with a process
    opening it); it holds the holder's pid for a human looking at a stuck run.
    """
    if fcntl is None:  # pragma: no cover - not on POSIX
        raise OSError(errno.ENOSYS, "run locks need POSIX flock")
    directory.mkdir(parents=True, exist_ok=True)
    lock_path = directory / file_name
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy(lock_path) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        try:
            yield lock_path
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
