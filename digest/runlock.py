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
