"""One ``reader fetch`` at a time per library: a second run gives up at once."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

from reader.fileio import run_lock

LOCK_FILE_NAME = "fetch.lock"


class FetchLocked(Exception):
    """Another process is fetching feeds into this library."""


def fetch_lock(library_dir: Path) -> AbstractContextManager[Path]:
    """Hold the library's fetch lock (an ``flock``, dropped by the kernel if we die)."""
    return run_lock(
        library_dir,
        LOCK_FILE_NAME,
        lambda path: FetchLocked(f"another fetch is running (lock: {path})"),
    )
