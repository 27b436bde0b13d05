"""Feeds in the app: the sidebar lists them with unread counts, ``r`` fetches in a worker
(per-feed progress, the stored list shown meanwhile), a failing feed is marked, its error shown."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import feed_fixtures as fx
import pytest
from feed_server import FeedServer, serve
from tui_helpers import ready, settle

from reader.feeds import service
from reader.feeds.http import Fetcher
from reader.feeds.lock import fetch_lock
from reader.library import Library
from reader.library.feeds import Feed, FeedStore
from reader.tui.app import make_app


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    yield from serve()


def story(n: int) -> dict[str, str]:
    return {
        "title": f"Harbour story {n}",
        "link": f"http://example.test/harbour/{n}",
        "guid": f"h{n}",
        "content": fx.long_html(),
    }


async def test_r_fetches_feeds_and_the_sidebar_shows_them(
    library: Library, feed_server: FeedServer
) -> None:
    good = feed_server.add("/good.xml", fx.rss20([story(1)], title="Harbour Desk"))
    bad = feed_server.add("/bad.xml", fx.ATOM10)
    service.add_feed(library, Fetcher(), good, full_text="never")
    service.add_feed(library, Fetcher(), bad, full_text="never")
    feed_server.add("/good.xml", fx.rss20([story(1), story(2)], title="Harbour Desk"))
    feed_server.add("/bad.xml", status=500)
    app = make_app(library.path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        entries = dict(screen.sidebar.entries())
        assert entries["Harbour Desk"] == "feed:1" and entries["River Courier"] == "feed:2"
        await pilot.press("r")
        for _ in range(40):
            await settle(pilot, rounds=1)
            if library.count("feed:1") == 2 and not screen.sidebar.border_subtitle:
                break
        assert library.count("title:harbour") == 2
        await settle(pilot)
        entries = dict(screen.sidebar.entries())
        assert "! River Courier" in entries, entries  # failing, marked
        assert "Harbour Desk" in entries
        messages = [n.message for n in app._notifications]
        assert any("River Courier" in m and "500" in m for m in messages), messages
        assert any("2 feeds fetched, 1 new articles, 1 failed" in m for m in messages), messages
        # the feed is a view like any other
        sidebar = screen.sidebar
        sidebar.focus()
        await settle(pilot)
        index = next(
            i
            for i in range(sidebar.option_count)
            if sidebar._entries.get(sidebar.get_option_at_index(i).id or "", ("",))[0] == "feed:1"
        )
        sidebar.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert screen.view_query == "feed:1"
        assert sorted(screen.article_list.ids) == sorted(r.id for r in library.rows("feed:1"))


async def test_r_reads_the_feed_list_in_the_worker_and_still_fetches(
    library: Library, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`r` read the feed list with SQLite on the event loop before starting its worker: the
    read is in the worker now, like all other I/O; it still fetches (from 127.0.0.1) and
    says so."""
    url = feed_server.add("/good.xml", fx.rss20([story(1)], title="Harbour Desk"))
    service.add_feed(library, Fetcher(), url, full_text="never")
    feed_server.add("/good.xml", fx.rss20([story(1), story(2)], title="Harbour Desk"))
    app = make_app(library.path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        on_loop: list[bool] = []
        read_feeds = FeedStore.all

        def spy(store: FeedStore) -> list[Feed]:
            on_loop.append(threading.current_thread() is threading.main_thread())
            return read_feeds(store)

        monkeypatch.setattr(FeedStore, "all", spy)
        await pilot.press("r")
        for _ in range(60):
            await settle(pilot, rounds=1)
            messages = [n.message for n in app._notifications]
            if any("feeds fetched" in m for m in messages) and not screen.sidebar.border_subtitle:
                break
        assert library.count("feed:1") == 2, "the action still fetches"
        messages = [n.message for n in app._notifications]
        assert "Fetching feeds…" in messages, messages
        assert any("1 feeds fetched, 1 new articles" in m for m in messages), messages
        assert on_loop and not any(on_loop), "the feed list was read on the event loop"


async def test_r_waits_for_no_one_while_another_fetch_runs(
    library: Library, feed_server: FeedServer
) -> None:
    """`r` fetched beside a `reader fetch` (cron) on the same library, both asking the same
    hosts: it goes through the application layer's fetch now, under the same lock, and says
    that another fetch is running instead."""
    url = feed_server.add("/good.xml", fx.rss20([story(1)], title="Harbour Desk"))
    service.add_feed(library, Fetcher(), url, full_text="never")
    asked = len(feed_server.requests)
    app = make_app(library.path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        with fetch_lock(library.path):
            await pilot.press("r")
            for _ in range(40):
                await settle(pilot, rounds=1)
                messages = [n.message for n in app._notifications]
                if any("another fetch is running" in m for m in messages):
                    break
        messages = [n.message for n in app._notifications]
        assert any("another fetch is running" in m for m in messages), messages
        assert len(feed_server.requests) == asked, "no feed was asked while the lock was held"
        assert not screen.sidebar.border_subtitle
