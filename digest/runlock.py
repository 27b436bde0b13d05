"""The two things that make a digest safe under cron: one run at a time, and no half files.

A digest started by cron while another is still mailing (a slow server, a long library) must
not send the same briefing twice or move the "last digest" mark under the other's feet, so a
run holds an exclusive ``flock`` on a file in the library directory. A second run does NOT
wait: it gives up at once with ``DigestLocked`` (the CLI turns that into exit code 1 and
"another digest is running"), because a cron job that queues behind a stuck one only piles up.
The kernel drops the lock when the process dies, so a killed run never blocks the next.

Every file the digest writes is written to a temporary file in the same directory and renamed
over the target, so a reader of the file (a mail filter, a web server) sees the old content or
the new, never a truncated one.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE_NAME = "digest.lock"


class DigestLocked(Exception):
    """Another process holds the digest lock of this library."""


@contextmanager
def digest_lock(library_dir: Path) -> Iterator[Path]:
    """Hold the library's digest lock for the ``with`` block; raise ``DigestLocked`` if taken.

    The lock file is left in place (deleting it would race with a process opening it); its
    content is the holder's pid, which only helps a human looking at a stuck run.
    """
    library_dir.mkdir(parents=True, exist_ok=True)
    lock_path = library_dir / LOCK_FILE_NAME
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DigestLocked(f"another digest is running (lock: {lock_path})") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        try:
            yield lock_path
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same directory and a rename.

    The same directory matters: ``os.replace`` is only atomic within one file system. An
    existing file's permissions are kept; a new file gets the usual 0o644 (less the umask)
    rather than ``mkstemp``'s private 0o600, since a briefing is meant to be read.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            mode = path.stat().st_mode & 0o777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o644 & ~umask
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """``atomic_write_bytes`` for text: UTF-8, ``\\n`` line endings whatever the platform."""
    atomic_write_bytes(path, text.encode("utf-8"))
