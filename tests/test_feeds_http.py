"""The fetcher against a local server: what it asks, what it keeps, and how it stops."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from feed_fixtures import RSS20
from feed_server import FeedServer, Route, overlapping, serve

from reader.feeds.http import USER_AGENT, Fetcher, FetchSettings, Validators
from reader.feeds.schedule import MAX_DELAY, backoff, freshness, next_fetch, retry_after

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    yield from serve()


def test_identifies_itself_and_asks_for_feed_deltas(feed_server: FeedServer) -> None:
    url = feed_server.add("/feed.xml", RSS20, headers={"Content-Type": "application/rss+xml"})
    got = Fetcher().get(url)
    assert got.ok and got.content == RSS20.encode()
    seen = feed_server.asked("/feed.xml")[0].headers
    assert seen["user-agent"] == USER_AGENT
    assert "reader/" in USER_AGENT and "https://" in USER_AGENT
    assert seen["a-im"] == "feed"
    assert "gzip" in seen["accept-encoding"]
    assert "if-none-match" not in seen and "if-modified-since" not in seen


def test_conditional_get_sends_validators_and_reads_304(feed_server: FeedServer) -> None:
    def respond(headers: dict[str, str]) -> Route:
        if headers.get("if-none-match") == '"v1"':
            return Route(304, headers={"ETag": '"v1"'})
        return Route(200, RSS20, {"ETag": '"v1"', "Last-Modified": "Tue, 01 Dec 2026 08:00:00 GMT"})

    url = feed_server.add("/c.xml", respond=respond)
    fetcher = Fetcher()
    first = fetcher.get(url)
    assert first.status == 200
    assert first.validators == Validators('"v1"', "Tue, 01 Dec 2026 08:00:00 GMT")
    second = fetcher.get(url, first.validators)
    assert second.not_modified and second.content == b""
    asked = feed_server.asked("/c.xml")[1].headers
    assert asked["if-none-match"] == '"v1"'
    assert asked["if-modified-since"] == "Tue, 01 Dec 2026 08:00:00 GMT"


def test_gzip_is_undone(feed_server: FeedServer) -> None:
    url = feed_server.add("/z.xml", RSS20, gzip=True)
    got = Fetcher().get(url)
    assert got.ok and got.content == RSS20.encode()


def test_a_huge_response_is_refused_without_reading_it_all(feed_server: FeedServer) -> None:
    url = feed_server.add("/huge.xml", b"<rss>" + b"x" * 300_000)
    got = Fetcher(FetchSettings(max_bytes=100_000)).get(url)
    assert not got.ok and got.error is not None and "too big" in got.error
    assert got.content == b""


def test_a_gzip_bomb_stops_at_the_cap(feed_server: FeedServer) -> None:
    url = feed_server.add("/bomb.xml", b"<rss>" + b" " * 2_000_000, gzip=True)
    got = Fetcher(FetchSettings(max_bytes=100_000)).get(url)
    assert got.error is not None and "too big" in got.error


def test_a_slow_host_times_out(feed_server: FeedServer) -> None:
    url = feed_server.add("/slow.xml", RSS20, delay=1.0)
    got = Fetcher(FetchSettings(read_timeout=0.2)).get(url)
    assert not got.ok and got.error == "no answer within 0.2 s"


def test_a_closed_port_is_one_line(feed_server: FeedServer) -> None:
    got = Fetcher(FetchSettings(connect_timeout=1)).get("http://127.0.0.1:9/feed")
    assert got.error is not None and "\n" not in got.error


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirects_are_followed_and_recorded(feed_server: FeedServer, status: int) -> None:
    target = feed_server.add("/new.xml", RSS20)
    url = feed_server.add("/old.xml", status=status, headers={"Location": "/new.xml"})
    got = Fetcher().get(url)
    assert got.ok and got.final_url == target
    assert [(h.status, h.source, h.target) for h in got.redirects] == [(status, url, target)]


def test_redirect_loops_end(feed_server: FeedServer) -> None:
    url = feed_server.add("/a", status=302, headers={"Location": "/b"})
    feed_server.add("/b", status=302, headers={"Location": "/a"})
    got = Fetcher().get(url)
    assert got.error == "too many redirects"


def test_gone_and_too_many_requests_keep_status_and_headers(feed_server: FeedServer) -> None:
    gone = feed_server.add("/gone", status=410)
    busy = feed_server.add("/busy", status=429, headers={"Retry-After": "120"})
    fetcher = Fetcher()
    assert fetcher.get(gone).status == 410
    got = fetcher.get(busy)
    assert got.status == 429 and got.headers["retry-after"] == "120"


def test_one_request_at_a_time_per_host_several_hosts_at_once() -> None:
    servers = [FeedServer(), FeedServer()]
    for server in servers:
        server.start()
    try:
        jobs = []
        for server in servers:
            for i in range(4):
                jobs.append((server.add(f"/f{i}.xml", RSS20, delay=0.15), None))
        # interleave hosts, as a user's feed list would
        jobs = jobs[0::2] + jobs[1::2]
        got = list(Fetcher(FetchSettings(workers=4)).get_many(jobs))
        assert sorted(r.url for r in got) == sorted(u for u, _ in jobs)
        assert all(r.ok for r in got)
        for server in servers:
            assert len(server.requests) == 4
            assert not overlapping(server.requests)
        # the two hosts were fetched side by side
        a, b = servers[0].requests, servers[1].requests
        assert min(r.ended for r in a) > min(r.started for r in b)
        assert min(r.ended for r in b) > min(r.started for r in a)
    finally:
        for server in servers:
            server.stop()


def test_the_host_lock_holds_for_parallel_callers(feed_server: FeedServer) -> None:
    urls = [feed_server.add(f"/p{i}", RSS20, delay=0.05) for i in range(5)]
    fetcher = Fetcher()
    threads = [threading.Thread(target=fetcher.get, args=(u,)) for u in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(feed_server.requests) == 5 and not overlapping(feed_server.requests)


# -- the schedule -------------------------------------------------------------------------


def test_retry_after_in_seconds_or_as_a_date_capped_at_a_day() -> None:
    assert retry_after({"retry-after": "120"}, NOW) == timedelta(seconds=120)
    assert retry_after({"retry-after": "Tue, 01 Dec 2026 14:00:00 GMT"}, NOW) == timedelta(hours=2)
    assert retry_after({"retry-after": "9999999"}, NOW) == MAX_DELAY
    assert retry_after({"retry-after": "soon"}, NOW) is None


def test_429_waits_at_least_as_long_as_asked() -> None:
    due = next_fetch(429, {"retry-after": "7200"}, NOW, errors=1)
    assert due == NOW + timedelta(hours=2)
    assert next_fetch(503, {}, NOW, errors=1) == NOW + backoff(1)


def test_cache_control_and_expires_push_the_next_fetch_up_to_a_day() -> None:
    assert freshness({"cache-control": "public, max-age=10800"}, NOW) == timedelta(hours=3)
    assert next_fetch(200, {"cache-control": "max-age=10800"}, NOW) == NOW + timedelta(hours=3)
    assert next_fetch(200, {"cache-control": "max-age=999999"}, NOW) == NOW + MAX_DELAY
    expires = {"expires": "Tue, 01 Dec 2026 18:00:00 GMT"}
    assert next_fetch(304, expires, NOW) == NOW + timedelta(hours=6)
    # a short freshness never makes us fetch more often than the usual interval
    assert next_fetch(200, {"cache-control": "max-age=60"}, NOW) == NOW + timedelta(hours=1)
    assert freshness({"cache-control": "no-cache, max-age=600"}, NOW) is None


def test_errors_back_off_exponentially_up_to_a_day() -> None:
    waits = [backoff(n) for n in range(1, 10)]
    assert waits[:4] == [timedelta(minutes=m) for m in (15, 30, 60, 120)]
    assert waits == sorted(waits) and waits[-1] == MAX_DELAY
    assert next_fetch(500, {}, NOW, errors=3) == NOW + timedelta(hours=1)
