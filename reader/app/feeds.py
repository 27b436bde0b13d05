"""Feed operations for the faces (the CLI's ``feed``/``fetch``/``save`` and the app's ``r``):
subscribe, fetch what is due, save one page, OPML in and out. The work and every rule of
politeness live in ``reader.feeds``; the faces import them from here only."""

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
from reader.library.feeds import Feed, FeedExists, UnknownFeed

__all__ = [
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
    "export_opml",
    "fetch_feeds",
    "fetch_lock",
    "fetcher_from_env",
    "import_opml",
    "normalize_url",
    "save_page",
]
