"""The feed operations every face calls: subscribe, fetch, save a page, import and export OPML.

Each is one typed function over a ``Library`` and a ``Fetcher``, raising ``FeedError`` (a
``LibraryError``, so the CLI's one error boundary turns it into a line and exit code 1).
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from reader.article import Article
from reader.feeds.discover import feed_links, looks_like_html
from reader.feeds.http import Fetcher, Response, Validators, one_line
from reader.feeds.parse import Entry, FeedParseError, ParsedFeed, parse_feed
from reader.feeds.schedule import REDIRECT_GRACE, next_fetch
from reader.library import Library, LibraryError
from reader.library.feeds import EntryReport, Feed, FetchRecord
from reader.parsing import page as fulltext


class FeedError(LibraryError):
    """A feed could not be added or read; ``str()`` is one line naming the URL."""


@dataclass
class FeedResult:
    """What fetching one feed came to, for the closing summary and the app."""

    feed: Feed
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    not_modified: bool = False
    error: str = ""
    status: str = "ok"
    moved_to: str = ""
    full_text: int = 0
    """Entries whose article text came from their page."""
    warning: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error)


@dataclass
class FetchReport:
    results: list[FeedResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FeedResult]:
        return [r for r in self.results if r.failed]

    @property
    def new(self) -> int:
        return sum(r.new for r in self.results)


def normalize_url(url: str) -> str:
    """Trim, add ``https://`` to a bare host, lower-case scheme and host; refuse non-web URLs."""
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FeedError(f"not a web address: {one_line(url)}")
    netloc = parts.netloc.rsplit("@", 1)[-1]
    host, _, port = netloc.partition(":") if not netloc.startswith("[") else (netloc, "", "")
    netloc = host.lower() + (f":{port}" if port else "")
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


# -- subscribing -------------------------------------------------------------------------


def add_feed(
    library: Library,
    fetcher: Fetcher,
    url: str,
    *,
    title: str = "",
    tags: Iterable[str] = (),
    full_text: str = "auto",
    now: datetime | None = None,
) -> FeedResult:
    """Subscribe to a feed, or to the feed a web page names; its entries are stored at once."""
    url = normalize_url(url)
    resp = _must_get(fetcher, url)
    if looks_like_html(resp.content, resp.headers.get("content-type", "")):
        links = feed_links(resp.content, resp.final_url)
        if not links:
            raise FeedError(f"{url} is a web page that names no feed (no <link rel=alternate>)")
        url = links[0]
        resp = _must_get(fetcher, url)
    try:
        parsed = parse_feed(resp.content, resp.final_url, resp.headers)
    except FeedParseError as exc:
        raise FeedError(f"{url}: {exc}") from exc
    permanent = _permanent_target(resp)
    feed = library.feeds.add(
        permanent or url,
        title=title,
        tags=tags,
        full_text=full_text,
        feed_title=parsed.title,
        site_url=parsed.link,
    )
    return _apply(library, fetcher, feed, resp, now or datetime.now(UTC), parsed)


def _must_get(fetcher: Fetcher, url: str) -> Response:
    resp = fetcher.get(url)
    if resp.error:
        raise FeedError(f"{url}: {resp.error}")
    if not resp.ok:
        raise FeedError(f"{url}: the server answered {resp.status} {_reason(resp.status)}")
    return resp


# -- fetching ------------------------------------------------------------------------------


def fetch_feeds(
    library: Library,
    fetcher: Fetcher,
    *,
    feeds: Sequence[str] = (),
    tags: Sequence[str] = (),
    force: bool = False,
    now: datetime | None = None,
    started: Callable[[list[Feed]], None] | None = None,
    progress: Callable[[FeedResult], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> FetchReport:
    """Fetch the feeds that are due (or all of them with ``force``), narrowed by ``feeds``
    (numbers, URLs or titles) and ``tags``; never one that is gone.

    Hosts are fetched side by side, one request at a time each; feeds are parsed and stored
    one at a time as their responses arrive, so memory stays bounded.
    """
    moment = now or datetime.now(UTC)
    ids = [library.feeds.get(key).id for key in feeds] if feeds else None
    due = library.feeds.due(moment, feed_ids=ids, tags=tags, force=force)
    if started is not None:
        started(due)
    report = FetchReport()
    by_url: dict[str, list[Feed]] = {}
    for feed in due:
        by_url.setdefault(feed.url, []).append(feed)
    jobs = [(feed.url, Validators(feed.etag, feed.last_modified)) for feed in due]
    for resp in fetcher.get_many(jobs, cancel=cancel):
        feed = by_url[resp.url].pop(0)
        try:
            result = _apply(library, fetcher, feed, resp, moment)
        except LibraryError:
            raise
        except Exception as exc:  # one broken feed never stops the others
            result = _failed(library, feed, moment, f"could not be read: {type(exc).__name__}")
        report.results.append(result)
        if progress is not None:
            progress(result)
    return report


def _apply(
    library: Library,
    fetcher: Fetcher,
    feed: Feed,
    resp: Response,
    now: datetime,
    parsed: ParsedFeed | None = None,
) -> FeedResult:
    status = resp.status
    if resp.error:
        return _failed(library, feed, now, resp.error)
    if status == 410:
        location = resp.headers.get("location", "")
        if location:  # gone from here, but it says where it went: take that at once
            target = normalize_url(location)
            return _record_only(
                library, feed, now, FeedResult(feed, status="ok", moved_to=target), url=target
            )
        library.feeds.record(
            feed.id,
            FetchRecord(
                status="gone",
                next_fetch_at=now + timedelta(days=3650),
                fetched_at=now,
                error="410 Gone: the publisher has withdrawn this feed",
            ),
        )
        return FeedResult(feed, status="gone", error="410 Gone: the publisher withdrew it")
    if status in (429, 503):
        wait = next_fetch(status, resp.headers, now, errors=feed.error_count + 1)
        error = f"{status} {_reason(status)}: asked to wait until {wait:%Y-%m-%d %H:%M} UTC"
        library.feeds.record(
            feed.id, FetchRecord(status="failing", next_fetch_at=wait, fetched_at=now, error=error)
        )
        return FeedResult(feed, status="failing", error=error)
    if status != 304 and not resp.ok:
        return _failed(library, feed, now, f"the server answered {status} {_reason(status)}")
    result = FeedResult(feed, not_modified=status == 304)
    feed_title = site_url = None
    if status != 304:
        if parsed is None:
            try:
                parsed = parse_feed(resp.content, resp.final_url, resp.headers)
            except FeedParseError as exc:
                return _failed(library, feed, now, str(exc))
        result.warning = parsed.warning or ""
        feed_title, site_url = parsed.title, parsed.link
        _store(library, fetcher, feed, parsed, result)
    validators = resp.validators if status != 304 else None
    url, redirect_url, since, moved = _redirect(feed, resp, now)
    result.moved_to = url or ""
    result.status = "moved" if redirect_url else "ok"
    library.feeds.record(
        feed.id,
        FetchRecord(
            status=result.status,
            next_fetch_at=next_fetch(status, resp.headers, now),
            fetched_at=now,
            success=True,
            etag=(validators.etag or "") if validators else None,
            last_modified=(validators.last_modified or "") if validators else None,
            url=url,
            feed_title=feed_title,
            site_url=site_url,
            redirect_url=redirect_url,
            redirect_since=since,
            error=f"moved permanently to {redirect_url}" if moved else "",
        ),
    )
    return result


def _record_only(
    library: Library, feed: Feed, now: datetime, result: FeedResult, *, url: str
) -> FeedResult:
    library.feeds.record(
        feed.id, FetchRecord(status="new", next_fetch_at=now, fetched_at=now, url=url)
    )
    return result


def _failed(library: Library, feed: Feed, now: datetime, error: str) -> FeedResult:
    errors = feed.error_count + 1
    library.feeds.record(
        feed.id,
        FetchRecord(
            status="failing",
            next_fetch_at=next_fetch(0, {}, now, errors=errors),
            fetched_at=now,
            error=one_line(error),
        ),
    )
    return FeedResult(feed, status="failing", error=one_line(error))


def _permanent_target(resp: Response) -> str | None:
    """Where the leading run of permanent redirects (301, 308) ends, if there is one."""
    target = None
    for hop in resp.redirects:
        if hop.status not in (301, 308):
            break
        target = hop.target
    return target


def _redirect(
    feed: Feed, resp: Response, now: datetime
) -> tuple[str | None, str, datetime | None, bool]:
    """(new URL to take now or None, redirect being watched, since when, watching).

    http -> https of the same address is taken at once; any other permanent redirect only
    after it has pointed at the same place for seven days, so a publisher's mistake for an
    afternoon does not lose the subscription.
    """
    target = _permanent_target(resp)
    if target is None or target == feed.url:
        return None, "", None, False
    old, new = urlsplit(feed.url), urlsplit(target)
    if (
        old.scheme == "http"
        and new.scheme == "https"
        and (old.hostname, old.path, old.query) == (new.hostname, new.path, new.query)
    ):
        return target, "", None, False
    since = feed.redirect_since if feed.redirect_url == target and feed.redirect_since else now
    if now - since >= REDIRECT_GRACE:
        return target, "", None, False
    return None, target, since, True


# -- entries to articles -------------------------------------------------------------------


def entry_hash(entry: Entry) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in (entry.title, entry.link, "|".join(entry.authors), "\x1e".join(entry.paragraphs)):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    for moment in (entry.published, entry.updated):
        h.update((moment.isoformat() if moment else "").encode("ascii"))
    return h.hexdigest()


def entry_article(entry: Entry, feed: Feed, extracted: fulltext.Extracted | None = None) -> Article:
    paragraphs = entry.paragraphs
    authors = entry.authors
    published = entry.published or entry.updated
    if extracted is not None:
        paragraphs = extracted.paragraphs
        authors = authors or extracted.authors
        published = published or extracted.published
    tags = tuple(dict.fromkeys([*entry.tags, *feed.tags]))
    return Article(
        title=entry.title,
        body=paragraphs,
        date=published.date() if published else None,
        date_text=published.isoformat() if published else "",
        authors=authors,
        tags=tuple(t for t in tags if t),
        url=entry.link,
    )


def _wants_page(feed: Feed, entry: Entry) -> bool:
    if not entry.link or feed.full_text == "never":
        return False
    return feed.full_text == "always" or entry.is_summary


def _store(
    library: Library, fetcher: Fetcher, feed: Feed, parsed: ParsedFeed, result: FeedResult
) -> None:
    known = library.feeds.entry_hashes(feed.id)
    fresh: list[tuple[Entry, str]] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        if entry.key in seen:
            continue
        seen.add(entry.key)
        digest = entry_hash(entry)
        if known.get(entry.key) == digest:
            result.unchanged += 1
        else:
            fresh.append((entry, digest))
    pages = [entry.link for entry, _ in fresh if _wants_page(feed, entry)]
    extracted: dict[str, fulltext.Extracted] = {}
    if pages:
        for resp in fetcher.get_many([(u, None) for u in dict.fromkeys(pages)], feed=False):
            if resp.ok and looks_like_html(resp.content, resp.headers.get("content-type", "")):
                found = fulltext.extract(resp.content, resp.final_url)
                if found is not None:
                    extracted[resp.url] = found
    rows: list[tuple[str, str, Article]] = []
    for entry, digest in fresh:
        page = extracted.get(entry.link)
        feed_words = sum(len(p.split()) for p in entry.paragraphs)
        if page is not None and (
            fulltext.is_better(page, feed_words)
            or (feed.full_text == "always" and page.word_count >= fulltext.MIN_WORDS)
        ):
            result.full_text += 1
        else:
            page = None
        rows.append((entry.key, digest, entry_article(entry, feed, page)))
    stored: EntryReport = library.feeds.store_entries(feed.id, rows)
    result.new += len(stored.new)
    result.updated += len(stored.updated)
    result.unchanged += len(stored.unchanged)


# -- saving one page -----------------------------------------------------------------------


def save_page(
    library: Library, fetcher: Fetcher, url: str, *, tags: Iterable[str] = ()
) -> tuple[str, bool]:
    """Add one web page as an article (its extracted text); returns (article id, new)."""
    url = normalize_url(url)
    resp = fetcher.get(url, feed=False, accept="text/html, application/xhtml+xml;q=0.9, */*;q=0.5")
    if resp.error:
        raise FeedError(f"{url}: {resp.error}")
    if not resp.ok:
        raise FeedError(f"{url}: the server answered {resp.status} {_reason(resp.status)}")
    article = fulltext.page_article(resp.content, resp.final_url, tags=tags)
    if article is None:
        raise FeedError(f"{url}: no article text found on the page")
    return library.feeds.save_article(article)


# -- OPML ----------------------------------------------------------------------------------


@dataclass
class OpmlReport:
    added: list[Feed] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def import_opml(library: Library, path: Path) -> OpmlReport:
    """Subscribe to every feed of an OPML file (categories become tags); nothing is fetched
    until the next ``reader fetch``."""
    import listparser

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FeedError(f"{path}: {exc.strerror or exc}") from exc
    parsed = listparser.parse(data)
    if not parsed.get("feeds") and parsed.get("bozo"):
        raise FeedError(f"{path}: not an OPML subscription list ({parsed.get('bozo_exception')})")
    report = OpmlReport()
    existing = {f.url for f in library.feeds.all()}
    for item in parsed.get("feeds", []):
        try:
            url = normalize_url(str(item.get("url") or ""))
        except FeedError as exc:
            report.skipped.append((str(item.get("url") or ""), str(exc)))
            continue
        if url in existing:
            report.known.append(url)
            continue
        tags = [t for t in item.get("tags", []) if t]
        for category in item.get("categories", []):
            tags.extend(c for c in category if c)
        title = " ".join(str(item.get("title") or "").split())
        report.added.append(library.feeds.add(url, title=title, tags=tags))
        existing.add(url)
    return report


def export_opml(library: Library) -> str:
    """The subscriptions as OPML 2.0, tags as ``category`` (comma-separated)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head><title>reader subscriptions</title></head>",
        "  <body>",
    ]
    for feed in library.feeds.all():
        attrs = {
            "type": "rss",
            "text": feed.title,
            "title": feed.title,
            "xmlUrl": feed.url,
        }
        if feed.site_url:
            attrs["htmlUrl"] = feed.site_url
        if feed.tags:
            attrs["category"] = ",".join(t.replace(",", " ") for t in feed.tags)
        rendered = " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
        lines.append(f"    <outline {rendered}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
