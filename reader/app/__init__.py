"""The application layer: every operation a user performs, written once and typed.

Faces (``reader/cli*.py``, ``reader/tui/``) call ``Session`` methods and the briefing pipeline
(``reader.app.briefing``) and turn ``reader.app.errors.USER_ERRORS`` into a line on stderr
with an exit code, or a notification. Below this layer: ``reader.library`` (the store) and
``digest`` (what a briefing holds and how it looks); neither knows about any face.

The plain value types the faces show, the library's errors and the ``Library`` type are
re-exported here, so that a face never imports ``reader.library`` itself (the TUI may not: an
import-linter contract in pyproject.toml). Changes always go through ``Session`` methods; the
read side of the lists (ids, pages of rows, counts, snippets, polling for others' writes) is the
``Library``'s query methods on ``session.library``, which hold no business logic to duplicate.
"""

from reader.app.errors import (
    EXIT_USAGE,
    EXIT_USER,
    USER_ERRORS,
    AppError,
    Busy,
    DeliveryFailed,
    InvalidValue,
    MailSetupError,
    NoSuchPath,
    NoSuchTag,
    NotFound,
    NothingMatches,
    NotTagged,
    exit_code_for,
)
from reader.app.session import (
    ExportResult,
    Removed,
    Session,
    TagChange,
    Toggled,
    open_session,
    openable_url,
)
from reader.app.state_files import StateFormat
from reader.library import (
    ArticleRecord,
    ArticleRow,
    Bookmark,
    Highlight,
    ImportReport,
    Library,
    LibraryDamaged,
    LibraryError,
    QueryCancelled,
    QueryError,
    RestoreReport,
    SavedSearch,
    StateFileError,
    TagCount,
    UnknownArticle,
    resolve_library_dir,
)
from reader.library.query import quote_term
from reader.library.snippets import find_terms, split_snippet
from reader.library.store import normalize_tags

__all__ = [
    "EXIT_USAGE",
    "EXIT_USER",
    "USER_ERRORS",
    "AppError",
    "ArticleRecord",
    "ArticleRow",
    "Bookmark",
    "Busy",
    "DeliveryFailed",
    "ExportResult",
    "Highlight",
    "ImportReport",
    "InvalidValue",
    "Library",
    "LibraryDamaged",
    "LibraryError",
    "MailSetupError",
    "NoSuchPath",
    "NoSuchTag",
    "NotFound",
    "NotTagged",
    "NothingMatches",
    "QueryCancelled",
    "QueryError",
    "Removed",
    "RestoreReport",
    "SavedSearch",
    "Session",
    "StateFileError",
    "StateFormat",
    "TagChange",
    "TagCount",
    "Toggled",
    "UnknownArticle",
    "exit_code_for",
    "find_terms",
    "normalize_tags",
    "open_session",
    "openable_url",
    "quote_term",
    "resolve_library_dir",
    "split_snippet",
]
