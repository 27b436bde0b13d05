"""Filling in link-only articles: the application-layer operation behind
``reader fetch --missing-text``.

Each link-only article's page is fetched with the feeds' polite fetcher (one request at a time
per host, timeouts, a size cap, the User-Agent naming reader) under the fetch lock, and its
text, byline and date are extracted as for any saved page (trafilatura, no comments). Each
article is stored as its page arrives, so an interrupted run keeps what it did and the next run
fetches only what is still missing. A page that fails is recorded with its error and tried
again after a back-off (15 minutes, doubling, at most a day; longer when the server asks with
``Retry-After``), never hammered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus

from reader.feeds.discover import looks_like_html
from reader.feeds.http import Fetcher, Response, one_line
from reader.feeds.lock import fetch_lock
from reader.feeds.schedule import next_fetch
from reader.library import Library
from reader.library.missing import MissingPage
from reader.parsing import page as fulltext

#: What the fetcher asks for: a web page.
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True, slots=True)
class PageResult:
    """What fetching one link-only article's page came to."""

    page: MissingPage
    error: str = ""
    """Empty when the article got its text."""
    words: int = 0
    next_try_at: datetime | None = None
    """After a failure: when it will be tried again."""

    @property
    def failed(self) -> bool:
        return bool(self.error)


@dataclass
class MissingTextReport:
    """What ``fetch_missing_text`` did: one result per page fetched, and the pages left
    waiting for their back-off to end."""

    results: list[PageResult] = field(default_factory=list)
    waiting: list[MissingPage] = field(default_factory=list)

    @property
    def filled(self) -> list[PageResult]:
        return [r for r in self.results if not r.failed]

    @property
    def failed(self) -> list[PageResult]:
        return [r for r in self.results if r.failed]


def fetch_missing_text(
    library: Library,
    fetcher: Fetcher,
    *,
    force: bool = False,
    now: datetime | None = None,
    started: Callable[[list[MissingPage]], None] | None = None,
    progress: Callable[[PageResult], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> MissingTextReport:
    """Fetch the page of every link-only article that is due (``force``: also those backing
    off after a failure) and fill the article in place, keeping all user state.

    Holds the library's fetch lock (``FetchLocked`` if another fetch runs).
    """
    moment = now or datetime.now(UTC)
    with fetch_lock(library.path):
        every = library.missing_text_pages()
        due = [p for p in every if force or p.due(moment)]
        report = MissingTextReport(waiting=[p for p in every if not (force or p.due(moment))])
        if started is not None:
            started(due)
        by_url: dict[str, list[MissingPage]] = {}
        for page in due:
            by_url.setdefault(page.url, []).append(page)
        jobs = [(url, None) for url in by_url]
        for resp in fetcher.get_many(jobs, feed=False, cancel=cancel, accept=PAGE_ACCEPT):
            for page in by_url.pop(resp.url, []):
                result = _apply(library, page, resp, moment)
                report.results.append(result)
                if progress is not None:
                    progress(result)
        return report


def _apply(library: Library, page: MissingPage, resp: Response, now: datetime) -> PageResult:
    if resp.error == "cancelled":
        return PageResult(page, error="cancelled: still missing")
    error = _problem(resp)
    found = None
    if not error:
        found = fulltext.page_article(resp.content, resp.final_url)
        if found is None:
            error = "no article text found on the page"
        elif found.word_count < fulltext.MIN_WORDS:  # a cookie wall, a script-only page
            error = f"no article text found on the page (only {found.word_count} words)"
    if found is None or error:
        errors = page.errors + 1
        wait = next_fetch(resp.status, resp.headers, now, errors=errors)
        error = one_line(error)
        library.record_missing_text_failure(page.id, error, now, wait)
        return PageResult(page, error=error, next_try_at=wait)
    library.fill_missing_text(page.id, found)
    return PageResult(page, words=found.word_count)


def _problem(resp: Response) -> str:
    if resp.error:
        return resp.error
    if not resp.ok:
        try:
            reason = HTTPStatus(resp.status).phrase
        except ValueError:
            reason = ""
        return f"the server answered {resp.status} {reason}".rstrip()
    if not looks_like_html(resp.content, resp.headers.get("content-type", "")):
        kind = resp.headers.get("content-type", "").split(";")[0].strip() or "unknown"
        return f"not a web page ({one_line(kind, 60)})"
    return ""
