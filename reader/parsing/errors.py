"""The one error the parser raises, and the size limit it enforces."""

from __future__ import annotations

__all__ = ["MAX_ARTICLE_BYTES", "ArticleParseError"]

#: Larger files are refused without being read: no news article is this long, and a
#: folder import must not be stalled (or run out of memory) by a stray disk image.
MAX_ARTICLE_BYTES = 8 * 1024 * 1024

# Characters that would break "one line" in a message: line breaks and other controls.
_UNPRINTABLE = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_UNPRINTABLE.update({0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x2028: "\\u2028", 0x2029: "\\u2029"})


class ArticleParseError(ValueError):
    """A file that is not an article (binary, empty, too big, unreadable).

    ``str()`` is always one line, ``"<path>: <reason>"``, because import reports and the
    CLI print it as one row; a file name containing a newline is shown escaped.
    """

    def __init__(self, path: str | None, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(self.__str__())

    def __str__(self) -> str:
        reason = self.reason.translate(_UNPRINTABLE)
        if self.path is None:
            return reason
        return f"{self.path.translate(_UNPRINTABLE)}: {reason}"

    def __reduce__(self) -> tuple[type[ArticleParseError], tuple[str | None, str]]:
        # Picklable for process pools: the default would call __init__ with one argument.
        return (type(self), (self.path, self.reason))
