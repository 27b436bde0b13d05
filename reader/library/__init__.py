"""The library store: articles, their source files and all user state in one SQLite file.

Everything goes through ``open_library(path) -> Library``; plain dataclasses come back out.
No UI toolkit is imported here, so cron digests and tests use the very same door as the TUI.
"""

from reader.library.models import (
    ArticleRecord,
    ArticleRow,
    Bookmark,
    Highlight,
    ImportReport,
    LibraryBusy,
    LibraryDamaged,
    LibraryError,
    LibraryFull,
    LibraryReadOnly,
    QueryCancelled,
    QueryError,
    RestoreReport,
    SavedSearch,
    StateFileError,
    TagCount,
    UnknownArticle,
    UnplacedHighlight,
)
from reader.library.paths import DB_NAME, resolve_library_dir
from reader.library.schema import SCHEMA_VERSION
from reader.library.store import Library, open_library
from reader.library.upsert import Upserted, url_key
from reader.urls import normalize_url

__all__ = [
    "DB_NAME",
    "SCHEMA_VERSION",
    "ArticleRecord",
    "ArticleRow",
    "Bookmark",
    "Highlight",
    "ImportReport",
    "Library",
    "LibraryBusy",
    "LibraryDamaged",
    "LibraryError",
    "LibraryFull",
    "LibraryReadOnly",
    "QueryCancelled",
    "QueryError",
    "RestoreReport",
    "SavedSearch",
    "StateFileError",
    "TagCount",
    "UnknownArticle",
    "UnplacedHighlight",
    "Upserted",
    "normalize_url",
    "open_library",
    "resolve_library_dir",
    "url_key",
]
