"""Publication dates as news exports write them.

ISO dates and date-times, and written dates in British or American order with optional
weekday, ordinal suffix and a trailing time ("Thu 7 Mar 2024 10.30 GMT"). The date is taken
as written: a date-time's offset is not converted, because the reader wants the day the
paper printed, not the day it was in UTC.
"""

from __future__ import annotations

import re
from datetime import date, datetime

__all__ = ["parse_date"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"(?P<month>[a-z]{3,9})\.?"
_YEAR = r"(?P<year>\d{4})"
_REST = r"(?:(?:\s|,|T|\s+at\s).*)?"  # a time, a zone, "at 10:30"...

_ISO = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})" + _REST, re.I)
_DAY_FIRST = re.compile(
    _WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + _REST, re.I
)
_MONTH_FIRST = re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _REST, re.I)


def parse_date(text: str) -> date | None:
    """The date ``text`` names, or None when it names no real day."""
    text = text.strip()
    if not text or len(text) > 200:
        return None
    match = _ISO.fullmatch(text)
    if match is not None:
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            month: int | None = int(match["month"])
    else:
        match = _DAY_FIRST.fullmatch(text) or _MONTH_FIRST.fullmatch(text)
        if match is None:
            return None
        month = _MONTHS.get(match["month"].lower())
    if month is None:
        return None
    try:
        return date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        return None
