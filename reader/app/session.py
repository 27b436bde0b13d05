"""``Session``: the operations a user performs, each one typed call over the library.

The CLI's commands and the TUI's actions are thin clients of a ``Session``: they gather
arguments, call one method, and show the result or the error (``reader.app.errors``). No face
holds business logic or SQL; what a user does (tag, bookmark, mark read, highlight, save a
search, export or restore, brief) is written once, here, and tested once, here.

A session owns an open ``Library`` and the ``Config`` in force. It is safe to use from worker
threads (the library serialises its own access).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from reader.app.errors import InvalidValue, NoSuchPath, NotFound, NotTagged
from reader.app.state_files import StateFormat, dump_state, format_for, load_state
from reader.config import Config, load_config
from reader.fileio import atomic_write_text
from reader.library import (
    ArticleRecord,
    ArticleRow,
    Bookmark,
    Highlight,
    ImportReport,
    Library,
    RestoreReport,
    SavedSearch,
    UnknownArticle,
    open_library,
    resolve_library_dir,
)
from reader.library.store import normalize_tags

if TYPE_CHECKING:
    # Loaded by the operations that need them, not by every command (start-up time).
    from digest.quotes import Quote
    from reader.app.article_files import ArticlesExport
    from reader.app.quotes import QuotePart
    from reader.app.readlater import ExportImport

#: Sub-folders of the library directory for files the reader writes for the user.
BRIEFINGS_DIR = "briefings"
EXPORTS_DIR = "exports"


@dataclass(frozen=True, slots=True)
class TagChange:
    """What a tag operation did: the tags added and removed, and the user's tags now."""

    article_id: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    tags: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


@dataclass(frozen=True, slots=True)
class QuoteList:
    """An article and the quotations found in it (``digest.quotes.Quote``), in order."""

    record: ArticleRecord
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class Toggled:
    """The state a toggle left an article in, with a one-line message for the user."""

    article_id: str
    on: bool
    message: str


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    articles: int


@dataclass(frozen=True, slots=True)
class Removed:
    """Articles a remove deleted: (id, title) of each, in the order asked."""

    articles: tuple[tuple[str, str], ...]

    @property
    def ids(self) -> list[str]:
        return [aid for aid, _ in self.articles]

    def __len__(self) -> int:
        return len(self.articles)


def openable_url(url: str) -> str:
    """The URL if it may be handed to the browser, else "": only absolute http(s) URLs,
    checked as briefings check their links (never javascript:, data: or file:), and never a
    value the browser would take as an option (a leading "-")."""
    from digest.render import safe_url

    found = safe_url(url)
    return "" if found.startswith("-") else found


def check_import_paths(paths: Sequence[Path]) -> None:
    """NoSuchPath naming every path that does not exist (call it before opening anything, so
    a typo creates no library)."""
    absent = [str(p) for p in paths if not Path(p).exists()]
    if absent:
        raise NoSuchPath(f"no such file or folder: {', '.join(absent)}")


class Session:
    """An open library plus the settings in force; every user operation is a method."""

    def __init__(self, library: Library, config: Config, *, owns_library: bool = True) -> None:
        self.library = library
        self.config = config
        self._owns_library = owns_library

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        if self._owns_library:
            self.library.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def library_dir(self) -> Path:
        return self.library.path

    def ensure_samples(self) -> ImportReport | None:
        """The bundled samples for a brand-new empty library, if ``library.auto_samples``."""
        return self.library.ensure_samples(self.config)

    # -- reading ---------------------------------------------------------------------------
    def get(self, article_id: str) -> ArticleRecord:
        """The record for an id or a unique prefix (``UnknownArticle`` otherwise)."""
        return self.library.get(article_id.strip())

    def quotes(self, article_id: str, min_confidence: float = 0.0) -> QuoteList:
        """An article's quotations and their speakers, only those whose confidence (the
        calibrated chance that the speaker is right) is at least ``min_confidence``."""
        if not 0.0 <= min_confidence <= 1.0:
            raise InvalidValue(f"a confidence is between 0 and 1 (got {min_confidence})")
        from digest.quotes import extract_quotes

        record = self.get(article_id)
        return QuoteList(record, tuple(extract_quotes(record.article, min_confidence)))

    def quote_parts(
        self,
        article_id: str,
        min_confidence: float = 0.0,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Iterator[QuotePart]:
        """An article's quotations a section at a time, for a face that shows them as they
        are found (a long article is searched in sections: see ``reader.app.quotes``)."""
        if not 0.0 <= min_confidence <= 1.0:
            raise InvalidValue(f"a confidence is between 0 and 1 (got {min_confidence})")
        from reader.app.quotes import quote_parts

        record = self.get(article_id)
        return quote_parts(record.article.body, min_confidence, cancelled=cancelled)

    def row(self, article_id: str) -> ArticleRow:
        return self.library.row_for(article_id.strip())

    # -- import ----------------------------------------------------------------------------
    def import_paths(
        self,
        paths: Sequence[Path],
        *,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> ImportReport:
        """Import files or folders (recursive, incremental); an absent path is refused first."""
        check_import_paths(paths)
        from reader.app.article_files import Unfiled, apply_exported_state, restore_unfiled

        unfiled = Unfiled()
        report = self.library.import_paths(paths, progress=progress, claim=unfiled)
        apply_exported_state(self.library, report)
        restore_unfiled(self.library, unfiled, report)
        return report

    def import_export(
        self,
        path: Path,
        *,
        dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> ExportImport:
        """Import a read-later export (Pocket, Instapaper, Omnivore, Wallabag, Raindrop,
        Readwise Reader, Matter); ``dry_run`` says what it would do and changes nothing."""
        from reader.app.readlater import import_export

        return import_export(self.library, path, dry_run=dry_run, progress=progress)

    # -- tags ------------------------------------------------------------------------------
    def tag(self, article_id: str, tags: Iterable[str]) -> TagChange:
        """Add the user's tags (already present ones are left as they are)."""
        record = self.get(article_id)
        have = {t.casefold() for t in record.user_tags}
        wanted = normalize_tags(list(tags))
        if not wanted:
            raise InvalidValue("no tag given (a tag needs at least one letter or digit)")
        now = self.library.add_tags(record.id, wanted)
        added = tuple(t for t in wanted if t.casefold() not in have)
        return TagChange(record.id, added, (), now)

    def untag(self, article_id: str, tags: Iterable[str]) -> TagChange:
        """Take the user's tags off. A tag the article does not carry (as the user's) is an
        error and then nothing is changed: NotTagged."""
        record = self.get(article_id)
        have = {t.casefold() for t in record.user_tags}
        wanted = normalize_tags(list(tags))
        if not wanted:
            raise InvalidValue("no tag given")
        absent = [t for t in wanted if t.casefold() not in have]
        if absent:
            names = ", ".join(repr(t) for t in absent)
            raise NotTagged(f"{record.id} is not tagged {names} (by you); nothing was changed")
        now = self.library.remove_tags(record.id, wanted)
        return TagChange(record.id, (), tuple(wanted), now)

    def set_tags(self, article_id: str, tags: Iterable[str]) -> TagChange:
        """Make the user's tags exactly ``tags`` (the tag editor's save): adds and removes
        the difference, comparing tags case-insensitively."""
        record = self.get(article_id)
        old = list(record.user_tags)
        new = normalize_tags(list(tags))
        old_keys = {t.casefold() for t in old}
        new_keys = {t.casefold() for t in new}
        added = [t for t in new if t.casefold() not in old_keys]
        removed = [t for t in old if t.casefold() not in new_keys]
        now = record.user_tags
        if added:
            now = self.library.add_tags(record.id, added)
        if removed:
            now = self.library.remove_tags(record.id, removed)
        return TagChange(record.id, tuple(added), tuple(removed), now)

    # -- bookmarks -------------------------------------------------------------------------
    def bookmark(self, article_id: str, note: str | None = None) -> Bookmark:
        """Bookmark (again); a note replaces the old one, no note keeps it."""
        return self.library.set_bookmark(self.library.resolve_id(article_id), note)

    def unbookmark(self, article_id: str) -> None:
        self.library.remove_bookmark(self.library.resolve_id(article_id))

    def toggle_bookmark(self, article_id: str) -> Toggled:
        row = self.row(article_id)
        if row.bookmarked:
            self.library.remove_bookmark(row.id)
            return Toggled(row.id, False, "Bookmark removed")
        self.library.set_bookmark(row.id)
        return Toggled(row.id, True, "Bookmarked")

    # -- read state ------------------------------------------------------------------------
    def set_read(self, article_id: str, read: bool = True) -> None:
        self.library.set_read(self.library.resolve_id(article_id), read)

    def mark_query_read(self, query: str) -> list[str]:
        """Mark every unread article ``query`` matches read; the ids changed, for an undo
        (``set_read_many(ids, False)``) that leaves alone what was read already."""
        ids = self.library.ids(" ".join(part for part in (query, "is:unread") if part))
        self.set_read_many(ids, True)
        return ids

    def set_read_many(self, ids: Sequence[str], read: bool = True) -> None:
        for article_id in ids:
            self.library.set_read(article_id, read)

    def toggle_read(self, article_id: str) -> Toggled:
        row = self.row(article_id)
        self.library.set_read(row.id, not row.read)
        return Toggled(row.id, not row.read, "Marked unread" if row.read else "Marked read")

    # -- removing --------------------------------------------------------------------------
    def resolve_ids(self, article_ids: Iterable[str]) -> list[str]:
        """Full ids for ids or unique prefixes; ``NotFound`` naming every one that is not an
        article (so a typo removes nothing)."""
        found: list[str] = []
        unknown: list[str] = []
        for given in article_ids:
            try:
                found.append(self.library.resolve_id(given))
            except UnknownArticle:
                unknown.append(given)
        if unknown:
            raise NotFound(f"no article {', '.join(repr(u) for u in unknown)}: nothing removed")
        return list(dict.fromkeys(found))

    def remove_targets(self, terms: Sequence[str]) -> list[str]:
        """What ``reader remove TERMS...`` means: when every term is an article's full id,
        those articles; otherwise the terms are one query and the articles it matches."""
        cleaned = [t.strip().lower() for t in terms if t.strip()]
        if cleaned and all(self.library.has_id(t) for t in cleaned):
            return list(dict.fromkeys(cleaned))
        return self.matching(" ".join(t for t in terms if t.strip()))

    def titles(self, article_ids: Sequence[str]) -> list[tuple[str, str]]:
        """(id, title) of each article, for a confirmation."""
        return [(aid, self.library.get(aid).article.title) for aid in article_ids]

    def remove(self, article_ids: Iterable[str]) -> Removed:
        """Delete articles and all user state about them, in one transaction. Their files
        are remembered: importing the folder again leaves them out; importing a file by
        name brings it back. ``NotFound`` (and nothing removed) if an id is not an article."""
        return Removed(tuple(self.library.remove(self.resolve_ids(article_ids))))

    def matching(self, query: str) -> list[str]:
        """Ids of the articles ``query`` matches (what ``remove_query`` would remove)."""
        if not query.strip():
            raise InvalidValue("an empty query matches every article: give a query or ids")
        return self.library.ids(query)

    def remove_query(self, query: str) -> Removed:
        """Remove every article ``query`` matches (an empty query is refused)."""
        return Removed(tuple(self.library.remove(self.matching(query))))

    def sample_ids(self) -> list[str]:
        """The bundled sample articles still in the library."""
        return self.library.sample_ids()

    def remove_samples(self) -> Removed:
        """Clear the bundled sample articles in one step (they are not offered again)."""
        return Removed(tuple(self.library.remove(self.sample_ids())))

    # -- highlights ------------------------------------------------------------------------
    def add_highlight(self, article_id: str, start: int, end: int) -> Highlight:
        """Highlight ``[start, end)`` of the article's text (``LibraryError`` if outside)."""
        return self.library.add_highlight(self.library.resolve_id(article_id), start, end)

    def remove_highlight(self, highlight_id: int) -> None:
        self.library.remove_highlight(highlight_id)

    # -- saved searches --------------------------------------------------------------------
    def saved_searches(self) -> list[SavedSearch]:
        return self.library.saved_searches()

    def save_search(self, name: str, query: str) -> SavedSearch:
        """Save (or replace) a named search; a malformed query is refused (QueryError)."""
        return self.library.save_search(name, query)

    def rename_search(self, old: str, new: str) -> SavedSearch:
        """Rename a saved search (one transaction); NotFound when there is none named
        ``old``, InvalidValue for an empty name or one another saved search has."""
        if old not in {s.name for s in self.library.saved_searches()}:
            raise NotFound(f"no saved search named {old!r}")
        if not new.strip():
            raise InvalidValue("a saved search needs a name")
        taken = {s.name.casefold() for s in self.library.saved_searches() if s.name != old}
        if new.strip().casefold() in taken:
            raise InvalidValue(f"there is already a saved search named {new.strip()!r}")
        return self.library.rename_saved_search(old, new)

    def delete_search(self, name: str) -> None:
        """Delete a saved search; NotFound when there is none named ``name``."""
        if name not in {s.name for s in self.library.saved_searches()}:
            raise NotFound(f"no saved search named {name!r}")
        self.library.delete_saved_search(name)

    # -- export / restore ------------------------------------------------------------------
    def export_state(self, fmt: StateFormat = StateFormat.toml) -> tuple[str, int]:
        """The user's state as text in ``fmt``, and how many articles it covers."""
        data = self.library.export_state()
        return dump_state(data, fmt), len(data.get("articles", {}))

    def export_state_to(
        self, path: Path | None = None, fmt: StateFormat | None = None
    ) -> ExportResult:
        """Write the export atomically (0600: it holds notes and highlights). Without a path,
        into ``<library>/exports/`` with a time-stamped name; the format defaults to the
        path's extension, else TOML."""
        if path is None:
            chosen = fmt or StateFormat.toml
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            path = self.library_dir / EXPORTS_DIR / f"reader-state-{stamp}.{chosen.value}"
        else:
            chosen = fmt or format_for(path) or StateFormat.toml
        text, count = self.export_state(chosen)
        atomic_write_text(path, text, private=True)
        return ExportResult(path, count)

    def export_articles(self, folder: Path) -> ArticlesExport:
        """Every article as a Markdown file with front matter (its fields and your state) in
        ``folder``; ``import_paths([folder])`` into an empty library gives the library back."""
        if folder.exists() and not folder.is_dir():
            raise InvalidValue(f"{folder} is not a folder")
        from reader.app.article_files import export_articles

        return export_articles(self.library, folder)

    def restore_state(self, path: Path) -> RestoreReport:
        """Merge an export file into this library (all of it or none of it)."""
        return self.library.restore_state(load_state(path))

    # -- settings --------------------------------------------------------------------------
    def setting(self, key: str) -> Any:
        return self.config.get(key)


def open_session(
    library_dir: Path | str | None = None,
    config_file: Path | str | None = None,
    *,
    config: Config | None = None,
    samples: bool = True,
) -> Session:
    """Load the settings (a bad file raises ``ConfigError`` before anything is touched), open
    the library and, with ``samples``, give a brand-new one the bundled samples when
    ``library.auto_samples`` allows it."""
    if config is None:
        config = load_config(Path(config_file) if config_file is not None else None)
    library = open_library(resolve_library_dir(library_dir))
    session = Session(library, config)
    if samples:
        try:
            session.ensure_samples()
        except BaseException:
            session.close()
            raise
    return session
