"""Writing files so that a crash or a full disk never leaves half of one behind.

Every file reader writes for the user (config, state exports, briefings, saved e-mails) goes
through here: a temporary file in the same directory (``os.replace`` is only atomic within one
file system), flushed to disk, then renamed over the target.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes, *, private: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step.

    An existing file keeps its permissions. A new one gets 0o600 when ``private`` (exports of
    the user's state, config) and the usual 0o644 less the umask otherwise (a briefing is
    meant to be read).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            mode = path.stat().st_mode & 0o777
        elif private:
            mode = 0o600
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o644 & ~umask
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str, *, private: bool = False) -> None:
    """``atomic_write_bytes`` for text: UTF-8, ``\\n`` line endings whatever the platform."""
    atomic_write_bytes(path, text.encode("utf-8"), private=private)
