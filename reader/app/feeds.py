"""Feed operations for the faces (the CLI's ``feed``/``fetch``/``save`` and the app's ``r``):
subscribe, list, edit and remove feeds, fetch what is due, fill in link-only articles, save one
page, OPML in and out. Each is one typed function over a ``Session``; the work and every rule of
politeness live in ``reader.feeds``, and the faces reach them only through this module.

Errors a user can act on are typed: ``Busy`` when another fetch holds the library's fetch
lock, ``InvalidValue`` for a malformed ``READER_FETCH_TIMEOUTS``, and the feeds' own
``FeedError``/``UnknownFeed``/``FeedExists`` (library errors): all in ``USER_ERRORS``.

This module loads HTTP and feed parsing: a face imports it inside the commands that use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.app.errors import Busy, InvalidValue, NoSuchPath
from reader.app.session import Session
from reader.feeds.http import Fetcher, FetchSettings, fetcher_from_env
from reader.feeds.lock import FetchLocked, fetch_lock
from reader.feeds.service import (
    FeedError,
    FeedResult,
    FetchReport,
    OpmlReport,
    add_feed,
    export_opml,
    fetch_feeds,
    import_opml,
    normalize_url,
    save_page,
)
from reader.library import ArticleRecord
from reader.library.feeds import Feed, FeedExists, UnknownFeed

if TYPE_CHECKING:
    from reader.app.missing_text import MissingTextReport, PageResult
    from reader.library.missing import MissingPage

__all__ = [
    "TROUBLED",
    "Feed",
    "FeedError",
    "FeedExists",
    "FeedResult",
    "FetchLocked",
    "FetchReport",
    "FetchSettings",
    "Fetcher",
    "OpmlReport",
    "UnknownFeed",
    "add_feed",
    "edit_feed",
    "export_opml",
    "export_subscriptions",
    "feeds",
    "fetch",
    "fetch_feeds",
    "fetch_lock",
    "fetch_missing_text",
    "fetcher_from_env",
    "import_opml",
    "import_subscriptions",
    "make_fetcher",
    "normalize_url",
    "save",
    "save_page",
    "subscribe",
    "troubled_feeds",
    "unsubscribe",
]

#: The statuses ``reader feed status`` reports: a feed that fails, has moved, or is gone.
TROUBLED = ("failing", "moved", "gone")


def make_fetcher() -> Fetcher:
    """The polite fetcher; ``READER_FETCH_TIMEOUTS="connect,read"`` (seconds) shortens its
    timeouts (tests, very slow links). InvalidValue when that variable is malformed."""
    try:
        return fetcher_from_env()
    except ValueError as exc:
        raise InvalidValue(str(exc)) from exc


def web_address(url: str) -> str:
    """``url`` normalised as a subscription's is; InvalidValue (a bad value, exit 2) when it
    is not an http(s) address with a host."""
    try:
        return normalize_url(url)
    except FeedError as exc:
        raise InvalidValue(str(exc)) from None


def subscribe(
    session: Session,
    url: str,
    *,
    title: str = "",
    tags: Iterable[str] = (),
    full_text: str = "auto",
    fetcher: Fetcher | None = None,
) -> FeedResult:
    """Subscribe to a feed (or the feed a web page names): checked once, entries stored now.
    InvalidValue when ``url`` is not a web address."""
    web_address(url)
    return add_feed(
        session.library,
        fetcher or make_fetcher(),
        url,
        title=title,
        tags=tags,
        full_text=full_text,
    )


def feeds(session: Session) -> list[Feed]:
    """Every feed, by title."""
    return session.library.feeds.all()


def troubled_feeds(session: Session) -> list[Feed]:
    """The feeds that are failing, moved or gone (with their last error), by title."""
    return [f for f in feeds(session) if f.status in TROUBLED]


def feed_and_articles(session: Session, feed: str) -> tuple[Feed, int]:
    """The feed ``feed`` names (number, URL or title; UnknownFeed when none) and how many
    articles in the library came from it: what ``unsubscribe(with_articles=True)`` would
    delete at most (an article another feed or a file also brought stays)."""
    found = session.library.feeds.get(feed)
    return found, session.library.count(f"feed:{found.id}")


def unsubscribe(session: Session, feed: str, *, with_articles: bool = False) -> tuple[Feed, int]:
    """Remove a feed (by number, URL or title): its articles stay unless ``with_articles``.
    Returns the feed as it was and the number of articles deleted."""
    found = session.library.feeds.get(feed)
    return found, session.library.feeds.remove(found.id, with_articles=with_articles)


def edit_feed(
    session: Session,
    feed: str,
    *,
    url: str | None = None,
    title: str | None = None,
    tags: Iterable[str] | None = None,
    full_text: str | None = None,
) -> Feed:
    """Change a feed (``None``: keep that field); a gone or failing feed is tried again at the
    next fetch. A new URL is normalised as a subscription's is."""
    found = session.library.feeds.get(feed)
    return session.library.feeds.edit(
        found.id,
        url=web_address(url) if url is not None else None,
        title=title,
        tags=tags,
        full_text=full_text,
    )


def import_subscriptions(session: Session, path: Path) -> OpmlReport:
    """Subscribe to every feed of an OPML file; its categories become tags. NoSuchPath when
    the file does not exist."""
    if not Path(path).exists():
        raise NoSuchPath(f"no such file: {path}")
    return import_opml(session.library, path)


def export_subscriptions(session: Session) -> str:
    """The subscriptions as OPML 2.0 (tags as categories)."""
    return export_opml(session.library)


def fetch(
    session: Session,
    *,
    feeds: Sequence[str] = (),
    tags: Sequence[str] = (),
    force: bool = False,
    started: Callable[[list[Feed]], None] | None = None,
    progress: Callable[[FeedResult], None] | None = None,
    fetcher: Fetcher | None = None,
    cancel: Callable[[], bool] | None = None,
) -> FetchReport:
    """Fetch the feeds that are due (``force``: all but the gone ones), narrowed by ``feeds``
    and ``tags``, under the library's fetch lock: Busy if another fetch runs (the CLI's or
    the app's). ``cancel`` is asked between feeds (the app's worker, when it is stopped)."""
    chosen = fetcher or make_fetcher()
    try:
        with fetch_lock(session.library.path):
            return fetch_feeds(
                session.library,
                chosen,
                feeds=feeds,
                tags=tags,
                force=force,
                started=started,
                progress=progress,
                cancel=cancel,
            )
    except FetchLocked as exc:
        raise Busy(str(exc)) from exc


def fetch_missing_text(
    session: Session,
    *,
    force: bool = False,
    started: Callable[[list[MissingPage]], None] | None = None,
    progress: Callable[[PageResult], None] | None = None,
    fetcher: Fetcher | None = None,
) -> MissingTextReport:
    """Fetch the pages of link-only articles and fill their text in (see
    ``reader.app.missing_text``); Busy if another fetch runs."""
    from reader.app import missing_text

    chosen = fetcher or make_fetcher()
    try:
        return missing_text.fetch_missing_text(
            session.library, chosen, force=force, started=started, progress=progress
        )
    except FetchLocked as exc:
        raise Busy(str(exc)) from exc


def save(
    session: Session, url: str, *, tags: Iterable[str] = (), fetcher: Fetcher | None = None
) -> tuple[ArticleRecord, bool]:
    """Add one web page as an article (its extracted text); the article, and whether it is
    new (else an earlier copy was refreshed). InvalidValue when ``url`` is not a web address."""
    web_address(url)
    aid, created = save_page(session.library, fetcher or make_fetcher(), url, tags=tags)
    return session.library.get(aid), created
