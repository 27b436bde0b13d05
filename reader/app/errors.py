"""The application layer's typed errors, and the one table that turns any expected error into
what a face shows: a one-line message and an exit code (the CLI) or a notification (the app).

One rule for every command (the README's "Exit codes"): 2 when a value the user gave cannot
be used (a bad date, query, number or format, a file argument that does not exist or is not
what the command reads: ``InvalidValue``, ``QueryError``, a bad setting in ``reader config
set``, a ``--config`` file that does not exist); 1 when the command was well formed but what it
names is not there or cannot be done (no such article, feed or tag, nothing to remove, the
library damaged, read-only or busy, the config file malformed); 3 when sending the briefing
failed. Errors raised below this layer (the library's, the config's, the parser's) are listed
in ``USER_ERRORS`` so that a face needs to catch only that tuple.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from reader.article import ArticleParseError
from reader.config import ConfigError, MissingConfigFile, SettingValueError
from reader.library import LibraryError, QueryError, StateFileError

EXIT_OK = 0
EXIT_USER = 1
EXIT_USAGE = 2
EXIT_DELIVERY = 3


class AppError(Exception):
    """Base of the application layer's errors; ``str()`` is one line a user can act on."""

    exit_code: ClassVar[int] = EXIT_USER


class NotFound(AppError):
    """An article, a saved search or a highlight the user named that does not exist."""


class InvalidValue(AppError):
    """A value the user gave cannot be used: a bad date, an unknown format or grouping
    (exit 2, as for a value the command line's own checks refuse)."""

    exit_code: ClassVar[int] = EXIT_USAGE


class NoSuchPath(InvalidValue, NotFound):
    """A file or folder given as an argument does not exist (exit 2: a bad value, like a bad
    date; a ``NotFound`` too, for a caller that only asks whether something is missing)."""


class NotTagged(AppError):
    """``untag`` of a tag the article does not carry (nothing was changed)."""


class Busy(AppError):
    """Another process holds this library's digest lock or fetch lock."""


class NoSuchTag(AppError):
    """A briefing asked for a tag that no bookmarked piece has."""


class NothingMatches(AppError):
    """A briefing of a query that matches no article at all (whatever the window): the query
    names a feed, tag or word that nothing has, not "nothing new"."""


class MailSetupError(AppError):
    """The mail settings are incomplete (no sender, no recipient, no password)."""

    def __init__(self, message: str, kept: Path | None = None) -> None:
        super().__init__(message)
        self.kept = kept
        """Where the briefing was saved before the failure, if it got that far."""


class DeliveryFailed(AppError):
    """Sending the briefing failed; it is kept on disk at ``kept``."""

    exit_code: ClassVar[int] = EXIT_DELIVERY

    def __init__(self, message: str, kept: Path | None = None) -> None:
        super().__init__(message)
        self.kept = kept


#: Everything a face catches at its boundary: each is a one-line, user-facing message.
USER_ERRORS: tuple[type[Exception], ...] = (
    AppError,
    LibraryError,
    ConfigError,
    ArticleParseError,
)


def exit_code_for(error: BaseException) -> int:
    """The process exit code for an error in ``USER_ERRORS``."""
    if isinstance(error, AppError):
        return error.exit_code
    if isinstance(error, QueryError | SettingValueError | StateFileError | MissingConfigFile):
        return EXIT_USAGE  # a query, a setting's value or a file as the user gave it
    return EXIT_USER
