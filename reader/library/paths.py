"""Where the library lives: one rule shared by the CLI, the TUI and cron digests."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

#: The environment variable that names the library directory (below ``--library``).
LIBRARY_ENV = "READER_LIBRARY"
#: The database file inside the library directory.
DB_NAME = "library.sqlite3"


def resolve_library_dir(explicit: Path | str | None = None) -> Path:
    """``--library DIR`` beats ``$READER_LIBRARY`` beats the platform's user data directory."""
    if explicit is not None and str(explicit) != "":
        return Path(explicit).expanduser()
    env = os.environ.get(LIBRARY_ENV, "")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("reader"))
