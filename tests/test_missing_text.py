"""``reader fetch --missing-text``: link-only articles get their page's text, politely, keeping
all user state; failures are reported, recorded and retried later; a second run fetches only
what is still missing. Against a local server on 127.0.0.1 only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feed_fixtures as fx
import pytest
from feed_server import FeedServer, overlapping, serve
from typer.testing import Result

from reader.app.missing_text import fetch_missing_text
from reader.feeds.http import USER_AGENT, Fetcher, FetchSettings
from reader.feeds.lock import FetchLocked, fetch_lock
from reader.library import Library, open_library

Cli = Callable[..., Result]
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

TOWER = [
    "The old water tower above the railway cutting will be taken down in the spring, the town "
    "council decided on Tuesday evening after a long and at times heated debate in the hall.",
    "Engineers told the meeting that the iron frame had rusted through in several places and "
    "that the cost of saving it would be three times the price of a careful demolition.",
    '"We have looked at every way of keeping it standing," said the council engineer, Petra '
    "Novak, who showed photographs of the corroded rivets to the councillors and the public.",
    "A local history group has asked to keep the painted name board, which will go to the "
    "station museum together with the valve wheel and a set of drawings from nineteen twelve.",
]
GARDEN = [
    "Volunteers planted forty fruit trees in the new community orchard behind the primary "
    "school on Saturday, despite a cold wind and a short shower of hail in the afternoon.",
    "The orchard was paid for by a grant from the regional fund and by a bake sale that the "
    "pupils ran every Friday for a whole term, raising more than two thousand euros.",
    "Apples, pears and plums were chosen by the children themselves after a visit to a "
    "nursery in the valley, where the grower explained which varieties suit a windy slope.",
]


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    yield from serve()


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with open_library(tmp_path / "lib") as lib:
        yield lib


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher(FetchSettings(connect_timeout=1, read_timeout=1))


def page(server: FeedServer, path: str, title: str, paragraphs: list[str], **kw: object) -> str:
    return server.add(
        path, fx.article_page(title, paragraphs), headers={"Content-Type": "text/html"}, **kw
    )


def test_link_only_articles_get_their_text_and_keep_user_state(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    url = page(feed_server, "/tower", "Water tower to come down", TOWER)
    aid = library.add_link(url, "Saved: the tower", tags=["town"]).id
    library.add_tags(aid, ["to-brief"])
    library.set_bookmark(aid, note="for Monday")
    library.set_read(aid)
    assert library.add_quote_highlight(aid, "three times the price of a careful demolition") == (
        "unplaced"
    )
    assert library.link_only_ids() == [aid]

    report = fetch_missing_text(library, fetcher, now=NOW)

    assert [r.page.id for r in report.filled] == [aid] and report.failed == []
    record = library.get(aid)
    assert record.article.body == tuple(TOWER)
    assert record.article.title == "Saved: the tower"  # the user's title stays
    assert record.article.url == url and record.article.tags == ("town",)
    assert record.article.authors == ("Marta Lindqvist",)  # the byline, extracted
    assert record.user_tags == ("to-brief",) and record.read
    assert record.bookmark is not None and record.bookmark.note == "for Monday"
    assert record.unplaced == ()
    [placed] = record.highlights
    assert placed.text == "three times the price of a careful demolition"
    assert record.article.text[placed.start : placed.end] == placed.text
    assert library.link_only_ids() == []
    assert library.search("demolition")[0].id == aid  # the text is searchable
    asked = feed_server.asked("/tower")
    assert len(asked) == 1 and asked[0].headers["user-agent"] == USER_AGENT
    assert "text/html" in asked[0].headers["accept"]


def test_a_title_that_is_only_the_url_takes_the_pages_title(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    url = page(feed_server, "/garden", "An orchard for the school", GARDEN)
    aid = library.add_link(url).id
    assert library.get(aid).article.title == url
    fetch_missing_text(library, fetcher, now=NOW)
    assert library.get(aid).article.title == "An orchard for the school"


def test_failed_pages_stay_link_only_are_reported_and_retried_later(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    good = page(feed_server, "/tower", "Water tower", TOWER)
    gone = feed_server.url("/gone")  # 404
    slow = page(feed_server, "/slow", "Slow", GARDEN, delay=2.5)  # over the 1 s read timeout
    ids = {u: library.add_link(u, f"t {i}").id for i, u in enumerate([good, gone, slow])}

    first = fetch_missing_text(library, fetcher, now=NOW)

    assert [r.page.id for r in first.filled] == [ids[good]]
    errors = {r.page.id: r.error for r in first.failed}
    assert set(errors) == {ids[gone], ids[slow]}
    assert "404" in errors[ids[gone]] and "1 s" in errors[ids[slow]]
    assert set(library.link_only_ids()) == {ids[gone], ids[slow]}
    pages = {p.id: p for p in library.missing_text_pages()}
    assert pages[ids[gone]].errors == 1 and "404" in pages[ids[gone]].last_error
    assert pages[ids[gone]].next_try_at == NOW + timedelta(minutes=15)

    # at once again: nothing is due (back-off), nothing is asked of the server
    before = len(feed_server.requests)
    again = fetch_missing_text(library, fetcher, now=NOW + timedelta(minutes=1))
    assert again.results == [] and {p.id for p in again.waiting} == {ids[gone], ids[slow]}
    assert len(feed_server.requests) == before

    # after the back-off: only what is still missing is fetched, and the page now works
    page(feed_server, "/gone", "Orchard", GARDEN)
    feed_server.routes["/slow"].delay = 0
    later = fetch_missing_text(library, fetcher, now=NOW + timedelta(minutes=20))
    assert {r.page.id for r in later.filled} == {ids[gone], ids[slow]}
    assert len(feed_server.asked("/tower")) == 1
    assert library.link_only_ids() == [] and library.missing_text_pages() == []


def test_failures_back_off_doubling(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    aid = library.add_link(feed_server.url("/nothing"), "x").id
    fetch_missing_text(library, fetcher, now=NOW)
    second = NOW + timedelta(minutes=15)
    fetch_missing_text(library, fetcher, now=second)
    [p] = library.missing_text_pages()
    assert (p.id, p.errors, p.next_try_at) == (aid, 2, second + timedelta(minutes=30))
    # --force tries it anyway
    assert len(fetch_missing_text(library, fetcher, now=second, force=True).failed) == 1


def test_a_page_with_no_article_is_a_failure(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    blank = feed_server.add(
        "/blank", "<html><body><nav>Home</nav></body></html>", headers={"Content-Type": "text/html"}
    )
    pdf = feed_server.add("/doc.pdf", b"%PDF-1.4 ...", headers={"Content-Type": "application/pdf"})
    library.add_link(blank, "blank")
    library.add_link(pdf, "pdf")
    report = fetch_missing_text(library, fetcher, now=NOW)
    errors = sorted(r.error for r in report.failed)
    assert errors[0].startswith("no article text found on the page")
    assert errors[1] == "not a web page (application/pdf)"
    assert len(library.link_only_ids()) == 2


def test_one_request_at_a_time_per_host(
    library: Library, fetcher: Fetcher, feed_server: FeedServer
) -> None:
    for i in range(4):
        library.add_link(page(feed_server, f"/p{i}", f"P{i}", TOWER, delay=0.1), f"p{i}")
    report = fetch_missing_text(library, fetcher, now=NOW)
    assert len(report.filled) == 4
    assert not overlapping(list(feed_server.requests))


def test_it_takes_the_fetch_lock(library: Library, fetcher: Fetcher) -> None:
    with fetch_lock(library.path), pytest.raises(FetchLocked):
        fetch_missing_text(library, fetcher, now=NOW)


def test_read_later_import_then_fetch_missing_text_from_the_cli(
    cli: Cli, feed_server: FeedServer, tmp_path: Path
) -> None:
    good = page(feed_server, "/tower", "Water tower", TOWER)
    bad = feed_server.url("/missing-page")
    export = tmp_path / "instapaper-export.csv"
    export.write_text(
        "URL,Title,Selection,Folder,Timestamp,Tags\n"
        f'{good},The tower,"iron frame had rusted through",Starred,1700000000,"[""town""]"\n'
        f"{bad},Lost page,,Archive,1700000001,[]\n",
        encoding="utf-8",
    )
    assert cli("import", str(export)).exit_code == 0

    first = cli("fetch", "--missing-text")
    assert first.exit_code == 4, first.output
    assert "Filled in 1 of 2 link-only articles, 1 failed" in first.stdout
    assert "404" in first.stderr and "/missing-page" in first.stderr
    aid = _id_of(cli, good)
    shown = json.loads(cli("show", "--json", aid).stdout)
    assert "rusted through" in shown["text"] and shown["user_tags"] == ["town"]
    assert shown["bookmarked"] is True and shown["highlights"] == 1
    plain = cli("show", "--plain", aid).stdout
    assert 'Highlights:\n  "iron frame had rusted through"' in plain
    assert "not in the text" not in plain

    second = cli("fetch", "--missing-text")
    assert second.exit_code == 0, second.output
    assert "1 waiting after earlier failures" in second.stdout
    assert len(feed_server.asked("/tower")) == 1 and len(feed_server.asked("/missing-page")) == 1

    usage = cli("fetch", "--missing-text", "--tag", "x")
    assert usage.exit_code == 2


def _id_of(cli: Cli, url: str) -> str:
    rows = json.loads(cli("list", "--json").stdout)
    return next(r["id"] for r in rows if r.get("url") == url)


SCRIPT = Path(sys.executable).parent / "reader"


@pytest.mark.slow
@pytest.mark.skipif(not SCRIPT.exists(), reason="no installed 'reader' script")
def test_installed_command_is_silent_under_cron(feed_server: FeedServer, tmp_path: Path) -> None:
    good = page(feed_server, "/tower", "Water tower", TOWER)
    lib = tmp_path / "lib"
    with open_library(lib) as library:
        library.add_link(good, "tower")
        library.add_link(feed_server.url("/nope"), "nope")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SCRIPT), "--library", str(lib), *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=120,
            env=dict(os.environ),
        )

    done = run("fetch", "--missing-text", "-q")
    assert done.returncode == 4 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "404" in done.stderr and "\r" not in done.stderr
    again = run("fetch", "--missing-text", "--force")
    assert again.returncode == 4 and "Filled in 0 of 1" in again.stdout
