"""The application layer's typed errors, and the one table that turns any expected error into
what a face shows: a one-line message and an exit code (the CLI) or a notification (the app).

Every ``AppError`` carries its ``exit_code``: 1 for a user error (unknown id, bad date, bad
path, nothing to remove, the digest lock held), 3 when sending the briefing failed. Errors
raised below this layer (the library's, the config's, the parser's) are user errors too and
are listed in ``USER_ERRORS`` so that a face needs to catch only that tuple.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from reader.article import ArticleParseError
from reader.config import ConfigError
from reader.library import LibraryError

EXIT_OK = 0
EXIT_USER = 1
EXIT_USAGE = 2
EXIT_DELIVERY = 3


class AppError(Exception):
    """Base of the application layer's errors; ``str()`` is one line a user can act on."""

    exit_code: ClassVar[int] = EXIT_USER


class NotFound(AppError):
    """A path, a saved search or a highlight that does not exist."""


class InvalidValue(AppError):
    """A value the user gave cannot be used: a bad date, an unknown format or grouping."""


class NotTagged(AppError):
    """``untag`` of a tag the article does not carry (nothing was changed)."""


class Busy(AppError):
    """Another process holds this library's digest lock or fetch lock."""


class NoSuchTag(AppError):
    """A briefing asked for a tag that no bookmarked piece has."""


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
    return EXIT_USER
