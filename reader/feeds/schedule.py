"""When to fetch a feed next: the publisher's wishes first, then our own back-off.

Pure functions of a response's status and headers and the clock, so every rule is tested
without a server: Retry-After (429, 503), Cache-Control / Expires (capped at a day) and
exponential back-off on errors (capped at a day).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

#: The usual gap between two fetches of a healthy feed.
DEFAULT_INTERVAL = timedelta(hours=1)
#: No wish of a publisher (nor our own back-off) keeps a feed unfetched for longer than this.
MAX_DELAY = timedelta(days=1)
#: The first wait after an error; it doubles with each error in a row.
FIRST_BACKOFF = timedelta(minutes=15)
#: A non-https redirect is only taken for good after it has been seen this long.
REDIRECT_GRACE = timedelta(days=7)

_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-maxage|max-age)\s*=\s*\"?(\d+)", re.IGNORECASE)


def _http_date(text: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def retry_after(headers: Mapping[str, str], now: datetime) -> timedelta | None:
    """The wait a ``Retry-After`` header asks for (seconds or an HTTP date), capped at a day."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        wait = timedelta(seconds=min(int(value), int(MAX_DELAY.total_seconds())))
    else:
        moment = _http_date(value)
        if moment is None:
            return None
        wait = moment - now
    return max(timedelta(0), min(wait, MAX_DELAY))


def freshness(headers: Mapping[str, str], now: datetime) -> timedelta | None:
    """How long the response says it stays fresh (max-age, else Expires), capped at a day."""
    control = headers.get("cache-control", "")
    if re.search(r"\bno-(?:cache|store)\b", control, re.IGNORECASE):
        return None
    found = _MAX_AGE.search(control)
    if found:
        return min(timedelta(seconds=int(found.group(1))), MAX_DELAY)
    expires = headers.get("expires")
    if expires:
        moment = _http_date(expires)
        if moment is not None:
            return max(timedelta(0), min(moment - now, MAX_DELAY))
    return None


def backoff(errors: int, interval: timedelta = DEFAULT_INTERVAL) -> timedelta:
    """The wait after ``errors`` failures in a row: 15 min, 30 min, 1 h ... never over a day."""
    if errors <= 0:
        return interval
    wait = FIRST_BACKOFF * (1 << min(errors - 1, 16))
    return min(max(wait, FIRST_BACKOFF), MAX_DELAY)


def next_fetch(
    status: int,
    headers: Mapping[str, str],
    now: datetime,
    *,
    errors: int = 0,
    interval: timedelta = DEFAULT_INTERVAL,
) -> datetime:
    """When the feed is next due, given what this fetch came to.

    ``errors`` counts failures in a row including this one (0 after a success).
    """
    if status in (429, 503):
        asked = retry_after(headers, now)
        wait = backoff(max(errors, 1), interval)
        return now + (max(asked, wait) if asked is not None else wait)
    if errors:
        return now + backoff(errors, interval)
    fresh = freshness(headers, now)
    wait = max(interval, fresh) if fresh is not None else interval
    return now + min(wait, MAX_DELAY)
