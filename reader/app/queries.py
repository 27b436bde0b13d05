"""Options that the faces turn into query terms, checked where the user typed them.

``reader list --since 7x`` is the user's option, not a query they wrote: its error names the
option (``--since '7x' is not a date ...``), not the ``since:7x`` term it would become.
"""

from __future__ import annotations

from reader.app.errors import InvalidValue
from reader.library import QueryError
from reader.library.query import compile_query, quote_term

__all__ = ["checked_query", "since_term"]


def since_term(value: str) -> str:
    """The query term of ``--since VALUE`` (``since:VALUE``); :class:`InvalidValue` naming the
    option when VALUE is not a date (YYYY-MM-DD, YYYY-MM, YYYY) or a span (7d, 2w, 3m, 1y)."""
    try:
        term = f"since:{quote_term(value.strip())}"
        compile_query(term)
    except QueryError:
        raise InvalidValue(
            f"--since {value!r} is not a date (use YYYY-MM-DD, YYYY-MM, YYYY or 7d/2w/3m/1y)"
        ) from None
    return term


def checked_query(query: str, option: str) -> str:
    """``query`` as given to ``option`` (``--search``, ``--query``), checked now so that a
    malformed one is an :class:`InvalidValue` naming the option (exit 2)."""
    try:
        compile_query(query)
    except QueryError as exc:
        raise InvalidValue(f"{option}: {exc}") from None
    return query
