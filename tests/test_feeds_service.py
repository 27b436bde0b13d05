"""Subscribing and fetching into a real library from a local server: what is stored, what
the server is asked, and how failures, moves and politeness show in the feed's row."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feed_fixtures as fx
import pytest
from feed_server import FeedServer, Route, overlapping, serve

from reader.feeds import service
from reader.feeds.http import Fetcher, FetchSettings
from reader.library import Library, open_library

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    yield from serve()


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with open_library(tmp_path / "lib") as lib:
        yield lib


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher(FetchSettings(connect_timeout=2, read_timeout=2))


def entry(n: int, text: str = "", **extra: str) -> dict[str, str]:
    item = {
        "title": f"Story number {n}",
        "link": f"http://example.test/story/{n}",
        "guid": f"story-{n}",
        "content": text or fx.long_html(),
    }
    item.update(extra)
    return item


def test_add_stores_entries_and_links_articles_to_the_feed(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    url = feed_server.add("/feed.xml", fx.RSS20, headers={"ETag": '"a1"'})
    result = service.add_feed(library, fetcher, url, tags=["coast"], full_text="never", now=NOW)
    feed = library.feeds.get(url)
    assert result.new == 2 and feed.title == "Coastal Daily" and feed.tags == ("coast",)
    assert feed.etag == '"a1"' and feed.status == "ok"
    assert feed.articles == 2 and feed.unread == 2
    record = library.records("title:pier")[0]
    assert record.article.url == "http://example.test/coast/pier"
    assert record.article.authors == ("Marta Lindqvist",)
    assert set(record.article.tags) == {"Harbour", "coast"}
    assert list(record.article.body) == fx.LONG_PARAGRAPHS
    found = library.feeds.feed_of(record.id)
    assert found is not None and found.id == feed.id


def test_a_page_naming_its_feed_subscribes_to_the_feed(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    feed_url = feed_server.add("/atom.xml", fx.ATOM10)
    page = (
        "<!doctype html><html><head><title>River</title>"
        '<link rel="alternate" type="application/atom+xml" href="/atom.xml">'
        "</head><body>hello</body></html>"
    )
    page_url = feed_server.add("/", page, headers={"Content-Type": "text/html"})
    result = service.add_feed(library, fetcher, page_url, full_text="never")
    assert result.feed.url == feed_url
    assert library.feeds.get(feed_url).feed_title == "River Courier"


def test_a_page_without_a_feed_is_a_one_line_error(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    url = feed_server.add("/plain", fx.NOT_A_FEED, headers={"Content-Type": "text/html"})
    with pytest.raises(service.FeedError, match="names no feed"):
        service.add_feed(library, fetcher, url)
    assert library.feeds.all() == []


def test_second_fetch_is_conditional_and_304_changes_nothing(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    def respond(headers: dict[str, str]) -> Route:
        if headers.get("if-none-match") == '"v1"':
            return Route(304)
        return Route(
            200, fx.RSS20, {"ETag": '"v1"', "Last-Modified": "Tue, 01 Dec 2026 08:00:00 GMT"}
        )

    url = feed_server.add("/c.xml", respond=respond)
    service.add_feed(library, fetcher, url, full_text="never", now=NOW)
    report = service.fetch_feeds(library, fetcher, now=NOW + timedelta(hours=2))
    assert [r.not_modified for r in report.results] == [True]
    last = feed_server.asked("/c.xml")[-1].headers
    assert last["if-none-match"] == '"v1"'
    assert last["if-modified-since"] == "Tue, 01 Dec 2026 08:00:00 GMT"
    assert library.count() == 2


def test_only_due_feeds_are_fetched(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    url = feed_server.add("/d.xml", fx.RSS20, headers={"Cache-Control": "max-age=7200"})
    service.add_feed(library, fetcher, url, full_text="never", now=NOW)
    assert service.fetch_feeds(library, fetcher, now=NOW + timedelta(hours=1)).results == []
    assert len(feed_server.asked("/d.xml")) == 1
    assert len(service.fetch_feeds(library, fetcher, now=NOW + timedelta(hours=2)).results) == 1
    forced = service.fetch_feeds(library, fetcher, now=NOW + timedelta(hours=2), force=True)
    assert len(forced.results) == 1


def test_changed_entry_updates_its_article_and_keeps_user_state(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    first = fx.rss20([entry(1, "<p>" + "Early words about the tide. " * 20 + "</p>"), entry(2)])
    url = feed_server.add("/u.xml", first)
    service.add_feed(library, fetcher, url, full_text="never", now=NOW)
    aid = library.records("title:number title:1")[0].id
    library.add_tags(aid, ["keep"])
    library.set_bookmark(aid, "for Monday")
    library.set_read(aid)
    library.add_highlight(aid, 0, 5)
    corrected = "<p>" + "Corrected words about the tide. " * 20 + "</p>"
    feed_server.add("/u.xml", fx.rss20([entry(1, corrected)]))  # entry 2 dropped out
    report = service.fetch_feeds(library, fetcher, now=NOW + timedelta(days=1))
    assert (report.results[0].new, report.results[0].updated) == (0, 1)
    record = library.get(aid)
    assert record.article.body[0].startswith("Corrected words")
    assert record.user_tags == ("keep",) and record.bookmark is not None
    assert record.bookmark.note == "for Monday" and record.read and len(record.highlights) == 1
    assert library.count() == 2  # the entry that dropped out keeps its article
    assert library.count("corrected") == 1


def test_entries_without_ids_are_not_duplicated(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    url = feed_server.add("/n.xml", fx.NO_IDS)
    service.add_feed(library, fetcher, url, full_text="never", now=NOW)
    service.fetch_feeds(library, fetcher, now=NOW + timedelta(days=1), force=True)
    assert library.count() == 2


def test_gone_feed_is_marked_and_not_fetched_again_until_edited(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    url = feed_server.add("/g.xml", fx.RSS20)
    service.add_feed(library, fetcher, url, full_text="never", now=NOW)
    feed_server.add("/g.xml", status=410)
    report = service.fetch_feeds(library, fetcher, now=NOW + timedelta(days=1))
    assert report.results[0].status == "gone" and report.failed
    feed = library.feeds.get(url)
    assert feed.status == "gone" and "410" in feed.last_error
    later = service.fetch_feeds(library, fetcher, now=NOW + timedelta(days=400), force=True)
    assert later.results == [] and len(feed_server.asked("/g.xml")) == 2
    library.feeds.edit(feed.id, title="Coast")
    assert [f.id for f in library.feeds.due(NOW + timedelta(days=2))] == [feed.id]
    assert library.count() == 2  # its articles stay


def test_429_honours_retry_after(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    url = feed_server.add("/r.xml", fx.RSS20)
    service.add_feed(library, fetcher, url, full_text="never", now=NOW)
    feed_server.add("/r.xml", status=429, headers={"Retry-After": "10800"})
    at = NOW + timedelta(hours=2)
    report = service.fetch_feeds(library, fetcher, now=at)
    assert report.failed and "429" in report.results[0].error
    feed = library.feeds.get(url)
    assert feed.status == "failing" and feed.next_fetch_at == at + timedelta(hours=3)
    assert service.fetch_feeds(library, fetcher, now=at + timedelta(hours=2)).results == []


def test_errors_back_off_and_a_success_resets(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    url = feed_server.add("/e.xml", fx.RSS20)
    service.add_feed(library, fetcher, url, full_text="never", now=NOW)
    feed_server.add("/e.xml", "<html>oops", status=500)
    waits = []
    at = NOW + timedelta(hours=1)
    for _ in range(3):
        service.fetch_feeds(library, fetcher, now=at)
        feed = library.feeds.get(url)
        assert feed.next_fetch_at is not None
        waits.append(feed.next_fetch_at - at)
        at = feed.next_fetch_at
    assert waits == [timedelta(minutes=15), timedelta(minutes=30), timedelta(hours=1)]
    assert feed.error_count == 3 and "500" in feed.last_error
    feed_server.add("/e.xml", fx.RSS20)
    service.fetch_feeds(library, fetcher, now=at)
    feed = library.feeds.get(url)
    assert (feed.status, feed.error_count, feed.last_error) == ("ok", 0, "")


def test_ill_formed_and_broken_feeds(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    url = feed_server.add("/ill.xml", fx.ILL_FORMED)
    result = service.add_feed(library, fetcher, url, full_text="never", now=NOW)
    assert result.new == 1 and result.warning.startswith("ill-formed")
    feed_server.add("/ill.xml", b"\x00\x01 binary junk", headers={"Content-Type": "text/plain"})
    report = service.fetch_feeds(library, fetcher, now=NOW + timedelta(days=1))
    assert report.failed and "not a feed" in report.results[0].error


def test_huge_and_slow_feeds_fail_alone(library: Library, feed_server: FeedServer) -> None:
    fetcher = Fetcher(FetchSettings(read_timeout=0.3, max_bytes=50_000))
    good = feed_server.add("/ok.xml", fx.RSS20)
    huge = feed_server.add("/huge.xml", fx.RSS20)
    slow = feed_server.add("/slow.xml", fx.RSS20)
    for url in (good, huge, slow):
        service.add_feed(library, fetcher, url, full_text="never", now=NOW)
    feed_server.add("/huge.xml", b"<rss>" + b"x" * 200_000)
    feed_server.add("/slow.xml", fx.RSS20, delay=1.0)
    report = service.fetch_feeds(library, fetcher, now=NOW + timedelta(days=1))
    errors = {r.feed.url: r.error for r in report.results}
    assert errors[good] == ""
    assert "too big" in errors[huge]
    assert "no answer within" in errors[slow]


def test_http_to_https_or_permanent_redirects(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    url = feed_server.add("/old.xml", fx.RSS20)
    service.add_feed(library, fetcher, url, full_text="never", now=NOW)
    new = feed_server.add("/new.xml", fx.RSS20)
    feed_server.add("/old.xml", status=301, headers={"Location": "/new.xml"})
    at = NOW + timedelta(days=1)
    service.fetch_feeds(library, fetcher, now=at)
    feed = library.feeds.get(url)
    assert (feed.url, feed.status, feed.redirect_url) == (url, "moved", new)
    service.fetch_feeds(library, fetcher, now=at + timedelta(days=3))
    assert library.feeds.get(url).redirect_since == at
    service.fetch_feeds(library, fetcher, now=at + timedelta(days=7))
    moved = library.feeds.get(str(feed.id))
    assert (moved.url, moved.status, moved.redirect_url) == (new, "ok", "")


def test_a_temporary_redirect_never_changes_the_url(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    url = feed_server.add("/t.xml", fx.RSS20)
    service.add_feed(library, fetcher, url, full_text="never", now=NOW)
    feed_server.add("/tmp.xml", fx.RSS20)
    feed_server.add("/t.xml", status=302, headers={"Location": "/tmp.xml"})
    for days in (1, 5, 9, 20):
        service.fetch_feeds(library, fetcher, now=NOW + timedelta(days=days))
    feed = library.feeds.get(url)
    assert (feed.url, feed.status) == (url, "ok")


def test_redirect_rules_for_https_and_a_308() -> None:
    from reader.feeds.http import Hop, Response
    from reader.library.feeds import Feed

    def feed(url: str) -> Feed:
        return Feed(
            1,
            url,
            "t",
            "t",
            "",
            "",
            (),
            "auto",
            "ok",
            "",
            0,
            None,
            None,
            NOW,
            None,
            None,
            None,
            "",
            None,
        )

    def resp(url: str, target: str, status: int = 301) -> Response:
        return Response(url, target, 200, b"", {}, (Hop(status, url, target),))

    old = "http://example.test/feed"
    assert service._redirect(feed(old), resp(old, "https://example.test/feed"), NOW)[0] == (
        "https://example.test/feed"
    )
    taken, watched, since, _ = service._redirect(
        feed(old), resp(old, "https://other.test/f", 308), NOW
    )
    assert (taken, watched, since) == (None, "https://other.test/f", NOW)


def test_410_with_a_location_moves_at_once(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    url = feed_server.add("/was.xml", fx.RSS20)
    service.add_feed(library, fetcher, url, full_text="never", now=NOW)
    new = feed_server.add("/is.xml", fx.RSS20)
    feed_server.add("/was.xml", status=410, headers={"Location": new})
    service.fetch_feeds(library, fetcher, now=NOW + timedelta(days=1))
    feed = library.feeds.get(new)
    assert feed.status == "new" and feed.url == new


def test_several_feeds_one_host_never_overlap(library: Library, feed_server: FeedServer) -> None:
    fetcher = Fetcher(FetchSettings(workers=4))
    urls = [
        feed_server.add(f"/h{i}.xml", fx.rss20([entry(i)], title=f"Feed {i}")) for i in range(5)
    ]
    for url in urls:
        service.add_feed(library, fetcher, url, full_text="never", now=NOW)
    for i in range(5):
        feed_server.routes[f"/h{i}.xml"].delay = 0.05
    feed_server.requests.clear()
    report = service.fetch_feeds(library, fetcher, now=NOW + timedelta(days=1))
    assert len(report.results) == 5 and not report.failed
    assert len(feed_server.requests) == 5 and not overlapping(feed_server.requests)


def test_remove_keeps_articles_unless_asked(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    a = service.add_feed(library, fetcher, feed_server.add("/a.xml", fx.RSS20), full_text="never")
    b = service.add_feed(library, fetcher, feed_server.add("/b.xml", fx.ATOM10), full_text="never")
    aid = library.records("title:pier")[0].id
    library.set_bookmark(aid, "kept")
    library.feeds.remove(a.feed.id)
    assert library.get(aid).bookmark is not None and library.count() == 3
    assert library.feeds.remove(b.feed.id, with_articles=True) == 1
    assert library.count() == 2


def test_feed_qualifier(library: Library, fetcher: Fetcher, feed_server: FeedServer) -> None:
    coast = feed_server.add("/coast.xml", fx.RSS20)
    river = feed_server.add("/river.xml", fx.ATOM10)
    service.add_feed(library, fetcher, coast, full_text="never", title="Local news")
    service.add_feed(library, fetcher, river, full_text="never")
    assert {r.title for r in library.rows('feed:"local NEWS"')} == {
        "Pier to be rebuilt in stone",
        "Lighthouse keeper retires",
    }
    assert {r.title for r in library.rows("feed:Coastal")} == set()
    assert {r.title for r in library.rows('feed:"Coastal Daily"')} == {
        "Pier to be rebuilt in stone",
        "Lighthouse keeper retires",
    }
    assert [r.title for r in library.rows(f"feed:{river}")] == ["Weir repairs finished"]
    assert [r.title for r in library.rows('-feed:"Local news" harbour')] == [
        "Weir repairs finished"
    ]
    assert library.count("feed:2") == 1


@pytest.mark.parametrize(
    ("doc", "ctype", "title"),
    [
        (fx.RSS091, "application/rss+xml", "Pier to be rebuilt"),
        (fx.RSS10, "application/rdf+xml", "Orchard harvest comes early"),
        (fx.ATOM03, "application/atom+xml", "Peat fires under control"),
        (fx.JSONFEED10, "application/feed+json", "New stalls for the Saturday market"),
        (fx.JSONFEED11, "application/feed+json", "Bus route returns"),
        (fx.WRONG_CHARSET, "text/xml; charset=iso-8859-1", "Crème brûlée wins the fête"),
    ],
    ids=["rss091", "rss10", "atom03", "json10", "json11", "wrong-charset"],
)
def test_every_format_is_stored(
    library: Library, fetcher: Fetcher, feed_server: FeedServer, doc: str, ctype: str, title: str
) -> None:
    url = feed_server.add("/any", doc, headers={"Content-Type": ctype}, gzip=True)
    result = service.add_feed(library, fetcher, url, full_text="never")
    assert result.new == 1 and not result.error
    assert [r.title for r in library.rows()] == [title]


def test_digest_marks_are_kept_per_query(library: Library) -> None:
    bookmarks, local = NOW, NOW + timedelta(hours=1)
    library.set_last_digest_at(bookmarks)
    library.set_last_digest_at(local, 'feed:"Local  news"')
    assert library.last_digest_at() == bookmarks
    assert library.last_digest_at('feed:"Local news"') == local
    assert library.last_digest_at("tag:other") is None
