"""One ``reader fetch`` at a time per library: a second run gives up at once."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE_NAME = "fetch.lock"


class FetchLocked(Exception):
    """Another process is fetching feeds into this library."""


@contextmanager
def fetch_lock(library_dir: Path) -> Iterator[Path]:
    """Hold the library's fetch lock (an ``flock``, dropped by the kernel if we die)."""
    library_dir.mkdir(parents=True, exist_ok=True)
    lock_path = library_dir / LOCK_FILE_NAME
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FetchLocked(f"another fetch is running (lock: {lock_path})") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        try:
            yield lock_path
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
