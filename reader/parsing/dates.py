"""Publication dates as news exports write them.

ISO dates and date-times, and written dates in British or American order with optional
weekday, ordinal suffix and a trailing time ("Thu 7 Mar 2024 10.30 GMT"). The date is taken
as written: a date-time's offset is not converted, because the reader wants the day the
paper printed, not the day it was in UTC.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

__all__ = [
    "RELATIVE_UNITS",
    "day_before",
    "moment_before",
    "months_back",
    "parse_date",
    "parse_span",
]

#: The one spelling of a relative date, shared by the query's ``since:`` and ``digest --since``:
#: a count and a unit, ``h`` (hours; only where a moment is meant), ``d``, ``w``, ``m``
#: (calendar months), ``y`` (calendar years).
RELATIVE_UNITS = "hdwmy"
_SPAN = re.compile(r"(\d{1,5})\s*([hdwmy])", re.I)

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


def parse_span(text: str) -> tuple[int, str] | None:
    """``"7d"`` -> ``(7, "d")``; None when ``text`` is not a relative span."""
    found = _SPAN.fullmatch(text.strip())
    if found is None:
        return None
    return int(found.group(1)), found.group(2).lower()


def months_back(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, clamped to the month's last day
    (2026-03-31 less one month is 2026-02-28). ValueError before year 1."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    if year < 1:
        raise ValueError(f"{months} months before {day} is before year 1")
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def day_before(day: date, amount: int, unit: str) -> date:
    """``day`` less ``amount`` days, weeks, calendar months or years (``d w m y``).
    ValueError for another unit or a result out of range."""
    unit = unit.lower()
    try:
        if unit == "d":
            return day - timedelta(days=amount)
        if unit == "w":
            return day - timedelta(weeks=amount)
    except OverflowError as exc:
        raise ValueError(str(exc)) from None
    if unit in ("m", "y"):
        return months_back(day, amount * (12 if unit == "y" else 1))
    raise ValueError(f"unknown unit {unit!r} (use d, w, m or y)")


def moment_before(moment: datetime, amount: int, unit: str) -> datetime:
    """``moment`` less ``amount`` hours or (as ``day_before``) days, weeks, months, years,
    at the same time of day."""
    if unit.lower() == "h":
        try:
            return moment - timedelta(hours=amount)
        except OverflowError as exc:
            raise ValueError(str(exc)) from None
    day = day_before(moment.date(), amount, unit)
    return moment.replace(year=day.year, month=day.month, day=day.day)
