"""Plain values that cross the store's boundary.

The TUI, the CLI and the digest only ever see these frozen dataclasses, never a cursor or a
row, so they can be handed between threads and processes without anyone thinking about SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from reader.article import Article


class LibraryError(Exception):
    """Base of every store error; ``str()`` is one line a user can act on."""


class UnknownArticle(LibraryError):
    """No article has that id, or a prefix matches more than one."""


class QueryError(LibraryError):
    """A malformed query; the message says what is wrong and where."""


class StateFileError(LibraryError):
    """A state export that cannot be restored; ``problems`` lists each one with its path in the
    file (``articles.3kq7x2ab.highlights[0].start: ...``). Nothing was applied."""

    #: Problems listed in the message; a count of the rest follows.
    SHOWN = 50

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        lines = [
            f"cannot restore: {count} problem{'s' if count != 1 else ''} in the file"
            " (nothing was changed)",
            *(f"  {problem}" for problem in problems[: self.SHOWN]),
        ]
        if count > self.SHOWN:
            lines.append(f"  ... and {count - self.SHOWN} more")
        super().__init__("\n".join(lines))


class QueryCancelled(LibraryError):
    """The caller's ``cancel`` check said stop, and SQLite abandoned the query midway."""


class LibraryBusy(LibraryError):
    """Another process held the write lock for longer than this writer would wait."""


class LibraryDamaged(LibraryError):
    """The database file is damaged (SQLite says malformed or not a database, and
    ``PRAGMA quick_check`` agrees): ``reader doctor`` rebuilds it from what can be read."""


class LibraryReadOnly(LibraryError):
    """The library's file, folder or file system cannot be written: reading still works."""


class LibraryFull(LibraryError):
    """No space left on the device: the write was rolled back, everything before it is kept."""


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """A light row for long lists: no body, so 10,000 of them are cheap to build."""

    id: str
    title: str
    date: date | None
    section: str
    authors: tuple[str, ...]
    bookmarked: bool
    read: bool
    missing: bool
    word_count: int
    link_only: bool = False
    """A link saved to read later, with no text yet (a file with no text has no link: not one)."""
    snippet: str = ""
    """Only filled by ``search()``; matches are wrapped in ``\\x02`` ... ``\\x03`` markers."""
    rank: float = 0.0


@dataclass(frozen=True, slots=True)
class Bookmark:
    created_at: datetime
    """UTC-aware; kept when the bookmark is set again so "bookmarked on" stays truthful."""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Highlight:
    id: int
    start: int
    """Character offset into ``Article.text``."""
    end: int
    text: str
    """The highlighted words as they were when marked, kept even if the article changes."""
    created_at: datetime
    note: str = ""


@dataclass(frozen=True, slots=True)
class UnplacedHighlight:
    """A highlight whose words are not (yet) in the article's text: one brought from a
    read-later service for a link-only article, say. Placed once the text arrives."""

    id: int
    text: str
    note: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """Everything known about one article: the parsed content plus the user's state."""

    id: str
    article: Article
    user_tags: tuple[str, ...]
    bookmark: Bookmark | None
    read: bool
    read_at: datetime | None
    highlights: tuple[Highlight, ...]
    missing: bool
    imported_at: datetime
    updated_at: datetime
    word_count: int = 0
    """Stored at import (equals ``article.word_count``): splitting 10,000 bodies again to list
    them as JSON would cost more than a second."""
    unplaced: tuple[UnplacedHighlight, ...] = ()
    """Highlights kept while their words are not in the text (see UnplacedHighlight)."""

    @property
    def all_tags(self) -> tuple[str, ...]:
        """Article tags then user tags, de-duplicated case-insensitively (first spelling wins)."""
        seen: set[str] = set()
        out: list[str] = []
        for tag in (*self.article.tags, *self.user_tags):
            key = tag.casefold()
            if key not in seen:
                seen.add(key)
                out.append(tag)
        return tuple(out)

    @property
    def bookmarked(self) -> bool:
        return self.bookmark is not None


@dataclass(frozen=True, slots=True)
class TagCount:
    name: str
    count: int
    kind: str
    """``"user"`` for tags the user added, ``"article"`` for tags that came with the file."""


@dataclass(frozen=True, slots=True)
class SavedSearch:
    name: str
    query: str


@dataclass
class ImportReport:
    """What an import did, file by file, so the CLI and TUI can tell the user exactly."""

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(path, one-line reason): files or folders that could not be imported."""
    warnings: list[tuple[str, str]] = field(default_factory=list)
    """(path, warning): imported, but something is worth knowing (cp1252, duplicate...)."""
    missing: list[str] = field(default_factory=list)
    """Files known before and now gone from a re-imported folder (marked, never deleted)."""
    removed: list[str] = field(default_factory=list)
    """Files of articles the user removed, left out of a folder import (name one to bring
    it back)."""

    @property
    def total(self) -> int:
        return len(self.new) + len(self.updated) + len(self.unchanged)


@dataclass
class RestoreReport:
    """What ``restore_state()`` did; ``pending`` ids are applied when those articles arrive."""

    applied: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    saved_searches: int = 0
