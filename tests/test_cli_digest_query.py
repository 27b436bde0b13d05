"""``reader digest --query QUERY``: a briefing of any query, with its own ``--since last``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import feed_fixtures as fx
import pytest
from feed_server import FeedServer, serve
from typer.testing import Result

Cli = Callable[..., Result]


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


def test_digest_of_a_query_needs_no_bookmarks(cli: Cli, feed_server: FeedServer) -> None:
    url = feed_server.add("/f.xml", fx.RSS20)
    assert cli("feed", "add", url, "--title", "Local news", "--full-text", "never").exit_code == 0
    done = cli("digest", "--query", 'feed:"Local news"', "--format", "text")
    assert done.exit_code == 0, done.output
    assert "Pier to be rebuilt in stone" in done.stdout
    assert "Lighthouse keeper retires" in done.stdout
    only = cli("digest", "--query", "title:lighthouse", "--format", "text")
    assert "Lighthouse keeper retires" in only.stdout and "Pier to be" not in only.stdout
    bad = cli("digest", "--query", "feed:")
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "--query" in bad.stderr


def test_a_query_no_piece_matches_is_exit_1_not_nothing_new(
    cli: Cli, feed_server: FeedServer
) -> None:
    """Like `--tag nosuchtag`: a feed or query nothing matches is named (exit 1); a query that
    matches, with nothing new in the window, is still "nothing new" (exit 0)."""
    url = feed_server.add("/f.xml", fx.RSS20)
    assert cli("feed", "add", url, "--title", "Local news", "--full-text", "never").exit_code == 0
    for query in ('feed:"No such feed"', "title:zeppelin"):
        done = cli("digest", "--query", query)
        assert done.exit_code == 1, (query, done.stderr)
        assert done.stdout == ""
        assert (
            done.stderr
            == f"reader: error: no piece matches the query {query!r} (whatever its date)\n"
        )
    tagged = cli("digest", "--query", 'feed:"Local news"', "--tag", "no-such-tag")
    assert tagged.exit_code == 1 and "has tag 'no-such-tag'" in tagged.stderr
    assert tagged.stderr.count("\n") == 1
    assert cli("digest", "--query", 'feed:"Local news"', "--mark").exit_code == 0
    again = cli("digest", "--query", 'feed:"Local news"', "--since", "last")
    assert again.exit_code == 0 and "nothing new" in again.stderr


def test_since_last_is_kept_per_query(cli: Cli, feed_server: FeedServer, tmp_path: Path) -> None:
    url = feed_server.add("/f.xml", fx.rss20([story(1), story(2)], title="Harbour Desk"))
    cli("feed", "add", url, "--full-text", "never")
    query = 'feed:"Harbour Desk"'
    out = tmp_path / "brief.txt"
    first = cli("digest", "--query", query, "--since", "last", "--format", "text", "-o", str(out))
    assert first.exit_code == 0, first.output
    text = out.read_text("utf-8")
    assert "Harbour story 1" in text and "Harbour story 2" in text
    again = cli("digest", "--query", query, "--since", "last", "--format", "text", "-o", str(out))
    assert again.exit_code == 0 and "nothing new" in again.stderr
    # another query has its own mark
    other = cli("digest", "--query", "harbour", "--since", "last", "--format", "text")
    assert other.exit_code == 0 and "Harbour story 1" in other.stdout
    # a new entry arrives: only it is new for the query
    feed_server.add("/f.xml", fx.rss20([story(1), story(2), story(3)], title="Harbour Desk"))
    assert cli("fetch", "--force").exit_code == 0
    third = cli("digest", "--query", query, "--since", "last", "--format", "text", "-o", str(out))
    assert third.exit_code == 0, third.output
    text = out.read_text("utf-8")
    assert "Harbour story 3" in text and "Harbour story 1" not in text
    overview = " ".join(text.split())
    assert '1 piece matching \u2018feed:"Harbour Desk"\u2019, arrived' in overview
    # the bookmarks' own mark was never moved
    listed = json.loads(cli("list", "--json").stdout)
    cli("bookmark", listed[0]["id"])
    mine = cli("digest", "--since", "last", "--format", "text")
    assert mine.exit_code == 0 and listed[0]["title"] in mine.stdout
