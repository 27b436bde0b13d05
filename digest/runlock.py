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

from contextlib import AbstractContextManager
from pathlib import Path

from reader.fileio import run_lock

LOCK_FILE_NAME = "digest.lock"


class DigestLocked(Exception):
    """Another process holds the digest lock of this library."""


def digest_lock(library_dir: Path) -> AbstractContextManager[Path]:
    """Hold the library's digest lock for the ``with`` block; raise ``DigestLocked`` if taken."""
    return run_lock(
        library_dir,
        LOCK_FILE_NAME,
        lambda path: DigestLocked(f"another digest is running (lock: {path})"),
    )
