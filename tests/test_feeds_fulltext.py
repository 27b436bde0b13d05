"""Full text: summary-only entries get their page's article text (politely), comments left
out; the feed's own text stays when extraction fails; ``reader save`` and saved pages."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feed_fixtures as fx
import pytest
from feed_server import FeedServer, overlapping, serve
from typer.testing import Result

from reader.feeds import service
from reader.feeds.http import Fetcher, FetchSettings
from reader.library import Library, open_library
from reader.parsing.page import extract

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
COMMENTS = ("What a lovely story about the keeper, thank you.", "Gossip from the comment box.")


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


def summary_feed(server: FeedServer, links: list[str]) -> str:
    items = [
        {
            "title": f"Teaser {i}",
            "link": link,
            "guid": f"t{i}",
            "description": "After forty years the keeper hands over the lamp. Read more...",
        }
        for i, link in enumerate(links)
    ]
    return server.add("/summary.xml", fx.rss20(items, title="Teaser Times"))


def test_summary_entries_get_their_pages_text(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    page = fx.article_page("Lighthouse keeper retires", fx.KEEPER_PARAGRAPHS, comments=COMMENTS)
    links = [
        feed_server.add(f"/story/{i}", page, headers={"Content-Type": "text/html"})
        for i in range(3)
    ]
    url = summary_feed(feed_server, links)
    result = service.add_feed(library, fetcher, url, now=NOW)
    assert (result.new, result.full_text) == (3, 3)
    record = library.records("title:teaser")[0]
    assert list(record.article.body) == fx.KEEPER_PARAGRAPHS
    assert "comment" not in record.article.text.lower() and "Gossip" not in record.article.text
    assert record.article.authors == ("Marta Lindqvist",)
    # the pages were asked one at a time, like the feed, and with a browser-like Accept
    assert not overlapping(feed_server.requests)
    story = feed_server.asked("/story/0")[0].headers
    assert "a-im" not in story and story["user-agent"].startswith("reader/")
    # quotes and search work on the fetched text as on files
    assert library.count('"never asked me for anything"') == 3


def test_unchanged_entries_are_not_fetched_again(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    page = fx.article_page("Lighthouse keeper retires", fx.KEEPER_PARAGRAPHS)
    link = feed_server.add("/story/a", page, headers={"Content-Type": "text/html"})
    url = summary_feed(feed_server, [link])
    service.add_feed(library, fetcher, url, now=NOW)
    service.fetch_feeds(library, fetcher, now=NOW + timedelta(days=1))
    assert len(feed_server.asked("/summary.xml")) == 2
    assert len(feed_server.asked("/story/a")) == 1


def test_the_feeds_text_stays_when_extraction_fails(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    broken = feed_server.add("/story/missing", status=404)
    empty = feed_server.add(
        "/story/empty",
        "<html><body><nav>Home</nav></body></html>",
        headers={"Content-Type": "text/html"},
    )
    url = summary_feed(feed_server, [broken, empty])
    result = service.add_feed(library, fetcher, url, now=NOW)
    assert (result.new, result.full_text) == (2, 0)
    for record in library.records("title:teaser"):
        assert record.article.body == (
            "After forty years the keeper hands over the lamp. Read more...",
        )


def test_never_and_always(library: Library, fetcher: Fetcher, feed_server: FeedServer) -> None:
    page = fx.article_page("Weir repairs finished", fx.KEEPER_PARAGRAPHS)
    feed_server.add("/river/weir", page, headers={"Content-Type": "text/html"})
    doc = fx.ATOM10.replace("http://example.test/river/weir", feed_server.url("/river/weir"))
    url = feed_server.add("/atom.xml", doc)
    result = service.add_feed(library, fetcher, url, full_text="always", now=NOW)
    assert result.full_text == 1
    assert library.records()[0].article.body[0].startswith("For forty years")

    summary = summary_feed(feed_server, [feed_server.url("/river/weir")])
    before = len(feed_server.asked("/river/weir"))
    other = service.add_feed(library, fetcher, summary, full_text="never", now=NOW)
    assert other.full_text == 0 and len(feed_server.asked("/river/weir")) == before


def test_extract_leaves_comments_out() -> None:
    page = fx.article_page("Lighthouse keeper retires", fx.KEEPER_PARAGRAPHS, comments=COMMENTS)
    found = extract(page.encode("utf-8"), "http://example.test/keeper")
    assert found is not None
    assert found.paragraphs == tuple(fx.KEEPER_PARAGRAPHS)
    assert found.title == "Lighthouse keeper retires"
    assert found.published == datetime(2026, 11, 30, tzinfo=UTC)
    assert extract(b"<html><body></body></html>") is None


Cli = Callable[..., Result]


def test_reader_save_adds_one_page(cli: Cli, feed_server: FeedServer) -> None:
    page = fx.article_page("Lighthouse keeper retires", fx.KEEPER_PARAGRAPHS, comments=COMMENTS)
    url = feed_server.add("/keeper", page, headers={"Content-Type": "text/html"})
    done = cli("save", url, "--tag", "sea")
    assert done.exit_code == 0, done.output
    assert done.stdout.startswith("Saved ") and "Lighthouse keeper retires" in done.stdout
    rows = json.loads(cli("list", "--json").stdout)
    assert len(rows) == 1 and rows[0]["title"] == "Lighthouse keeper retires"
    assert "sea" in rows[0]["tags"]
    again = cli("save", url)
    assert again.exit_code == 0 and again.stdout.startswith("Refreshed ")
    assert len(json.loads(cli("list", "--json").stdout)) == 1
    bad = cli("save", feed_server.url("/nothing-here"))
    assert bad.exit_code == 1 and "404" in bad.stderr and bad.stderr.count("\n") == 1


def test_import_reads_saved_pages(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "keeper.html").write_text(
        fx.article_page("Lighthouse keeper retires", fx.KEEPER_PARAGRAPHS, comments=COMMENTS),
        encoding="utf-8",
    )
    (folder / "junk.htm").write_bytes(b"<html><body></body></html>")
    done = cli("import", str(folder))
    assert done.exit_code == 0, done.output
    assert "1 new" in done.stdout and "1 skipped" in done.stdout
    assert "junk.htm: no article text found" in done.stdout
    rows = json.loads(cli("list", "--json").stdout)
    assert [r["title"] for r in rows] == ["Lighthouse keeper retires"]
    assert cli("search", "hundred twelve steps").stdout.count("Lighthouse keeper") == 1
