"""``reader feed ...``, ``reader fetch`` and ``reader save`` as a user (and cron) runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import feed_fixtures as fx
import pytest
from feed_server import FeedServer, serve
from typer.testing import Result

from reader.feeds.lock import fetch_lock

Cli = Callable[..., Result]


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    yield from serve()


def test_add_list_fetch(cli: Cli, feed_server: FeedServer) -> None:
    url = feed_server.add("/feed.xml", fx.RSS20, headers={"ETag": '"e"'})
    added = cli("feed", "add", url, "--tag", "coast", "--full-text", "never")
    assert added.exit_code == 0, added.output
    assert "Coastal Daily" in added.stdout and "feed 1: 2 articles." in added.stdout
    listed = json.loads(cli("feed", "list", "--json").stdout)
    assert [(f["title"], f["url"], f["articles"], f["unread"], f["status"]) for f in listed] == [
        ("Coastal Daily", url, 2, 2, "ok")
    ]
    assert listed[0]["tags"] == ["coast"]
    table = cli("feed", "list").stdout
    assert "Coastal Daily" in table and url in table
    fetched = cli("fetch", "--force")
    assert fetched.exit_code == 0, fetched.output
    assert "Coastal Daily: 0 new, 0 updated" in fetched.stdout
    assert "Fetched 1 feed: 0 new articles." in fetched.stdout
    assert feed_server.asked("/feed.xml")[-1].headers["if-none-match"] == '"e"'
    assert cli("fetch").stdout.strip() == "No feed is due."


def test_fetch_exits_4_when_some_feeds_fail(cli: Cli, feed_server: FeedServer) -> None:
    good = feed_server.add("/good.xml", fx.RSS20)
    bad = feed_server.add("/bad.xml", fx.ATOM10)
    assert cli("feed", "add", good, "--full-text", "never").exit_code == 0
    assert cli("feed", "add", bad, "--full-text", "never").exit_code == 0
    feed_server.add("/bad.xml", status=404)
    done = cli("fetch", "--force")
    assert done.exit_code == 4
    assert done.stderr.count("\n") == 1
    assert "River Courier: the server answered 404 Not Found" in done.stderr
    assert "1 failed" in done.stdout
    quiet = cli("fetch", "--force", "-q")
    assert quiet.exit_code == 4 and quiet.stdout == ""
    status = cli("feed", "status")
    assert "failing" in status.stdout and "404 Not Found" in status.stdout
    assert "Coastal Daily" not in status.stdout


def test_fetch_narrowed_by_feed_and_tag(cli: Cli, feed_server: FeedServer) -> None:
    a = feed_server.add("/a.xml", fx.RSS20)
    b = feed_server.add("/b.xml", fx.ATOM10)
    cli("feed", "add", a, "--tag", "sea", "--full-text", "never")
    cli("feed", "add", b, "--full-text", "never")
    before = len(feed_server.requests)
    assert "Fetched 1 feed" in cli("fetch", "--force", "--tag", "sea").stdout
    assert [r.path for r in feed_server.requests[before:]] == ["/a.xml"]
    assert "River Courier" in cli("fetch", "--force", "--feed", "River Courier").stdout
    assert cli("fetch", "--feed", "nope").exit_code == 1


def test_a_second_fetch_gives_up_at_once(cli: Cli, library_dir: Path) -> None:
    with fetch_lock(library_dir):
        done = cli("fetch")
    assert done.exit_code == 1
    assert done.stderr.startswith("reader: error: another fetch is running")
    assert done.stderr.count("\n") == 1


def test_bad_urls_are_one_line_errors(cli: Cli, feed_server: FeedServer) -> None:
    done = cli("feed", "add", "ftp://example.test/feed")
    assert done.exit_code == 2 and "not a web address" in done.stderr
    missing = cli("feed", "add", feed_server.url("/nothing"))
    assert missing.exit_code == 1 and "404" in missing.stderr
    dup = feed_server.add("/d.xml", fx.RSS20)
    cli("feed", "add", dup, "--full-text", "never")
    again = cli("feed", "add", dup)
    assert again.exit_code == 1 and "already subscribed" in again.stderr


def test_edit_and_remove(cli: Cli, feed_server: FeedServer) -> None:
    url = feed_server.add("/e.xml", fx.RSS20)
    cli("feed", "add", url, "--full-text", "never")
    edited = cli("feed", "edit", "1", "--title", "My Coast", "--tag", "a", "--tag", "b")
    assert edited.exit_code == 0, edited.output
    feed = json.loads(cli("feed", "list", "--json").stdout)[0]
    assert (feed["title"], feed["tags"]) == ("My Coast", ["a", "b"])
    removed = cli("feed", "remove", "My Coast")
    assert removed.exit_code == 0 and "its articles kept" in removed.stdout
    assert json.loads(cli("feed", "list", "--json").stdout) == []
    assert len(json.loads(cli("list", "--json").stdout)) == 2


def test_opml_import_and_export(cli: Cli, feed_server: FeedServer, tmp_path: Path) -> None:
    a = feed_server.url("/a.xml")
    b = feed_server.url("/b.xml")
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>'
        f'<outline text="Local"><outline type="rss" text="Alpha &amp; Co" xmlUrl="{a}"/></outline>'
        f'<outline type="rss" text="Beta" xmlUrl="{b}" category="/science,tech"/>'
        '<outline type="rss" text="Broken" xmlUrl="gopher://old.test/feed"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    done = cli("feed", "import", str(opml))
    assert done.exit_code == 0, done.output
    assert "2 feeds added" in done.stdout and "1 skipped" in done.stdout
    feeds = {f["url"]: f for f in json.loads(cli("feed", "list", "--json").stdout)}
    assert feeds[a]["title"] == "Alpha & Co" and feeds[a]["tags"] == ["Local"]
    assert set(feeds[b]["tags"]) == {"science", "tech"}
    assert "2 already subscribed" in cli("feed", "import", str(opml)).stdout
    out = tmp_path / "out.opml"
    assert cli("feed", "export", "-o", str(out)).exit_code == 0
    text = out.read_text("utf-8")
    assert f'xmlUrl="{a}"' in text and 'text="Alpha &amp; Co"' in text
    again = tmp_path / "again"
    env = {"READER_LIBRARY": str(again)}
    assert cli("feed", "import", str(out), env=env).exit_code == 0
    urls = {f["url"] for f in json.loads(cli("feed", "list", "--json", env=env).stdout)}
    assert urls == {a, b}


def test_hostile_titles_never_reach_the_terminal(cli: Cli, feed_server: FeedServer) -> None:
    doc = fx.rss20(
        [{"title": "[bold]x[/bold] \x1b]8;;evil\x1b\\", "guid": "h1", "description": "t"}],
        title="[red]Evil\x1b[2J Feed",
    )
    url = feed_server.add("/evil.xml", doc)
    done = cli("feed", "add", url, "--full-text", "never")
    assert done.exit_code == 0, done.output
    assert "\x1b" not in done.stdout and "[red]Evil" in done.stdout
    assert "\x1b" not in cli("feed", "list").stdout


SCRIPT = Path(sys.executable).parent / "reader"


@pytest.mark.slow
@pytest.mark.skipif(not SCRIPT.exists(), reason="no installed 'reader' script")
def test_installed_fetch_is_quiet_under_cron(feed_server: FeedServer, tmp_path: Path) -> None:
    url = feed_server.add("/cron.xml", fx.RSS20)
    lib = str(tmp_path / "lib")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SCRIPT), "--library", lib, *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=120,
            env=dict(os.environ),
        )

    assert run("feed", "add", url, "--full-text", "never").returncode == 0
    done = run("fetch", "--force", "-q")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    summary = run("fetch", "--force")
    assert summary.returncode == 0 and "\r" not in summary.stderr + summary.stdout
    assert "Coastal Daily" in summary.stdout


def test_show_json_gives_the_whole_article(cli: Cli, feed_server: FeedServer) -> None:
    url = feed_server.add("/s.xml", fx.RSS20)
    cli("feed", "add", url, "--full-text", "never", "--title", "Local news")
    listed = {r["title"]: r for r in json.loads(cli("list", "--json").stdout)}
    row = listed["Pier to be rebuilt in stone"]
    shown = cli("show", row["id"], "--json")
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert {k: data[k] for k in row} == row
    assert data["text"] == "\n\n".join(fx.LONG_PARAGRAPHS)
    assert data["feed"] == {"id": 1, "title": "Local news", "url": url}
    found = json.loads(cli("search", 'feed:"Local news" harbour', "--json").stdout)
    assert [r["id"] for r in found] == [row["id"]]


def test_show_json_of_a_file_article_has_no_feed(
    cli: Cli, write_article: Callable[..., Path]
) -> None:
    path = write_article("a.txt", title="From a file", body=["One paragraph.", "Two."])
    cli("import", str(path))
    aid = json.loads(cli("list", "--json").stdout)[0]["id"]
    data = json.loads(cli("show", aid, "--json").stdout)
    assert (data["feed"], data["text"], data["title"]) == (
        None,
        "One paragraph.\n\nTwo.",
        "From a file",
    )


def test_counts_of_one_are_singular(cli: Cli, feed_server: FeedServer, tmp_path: Path) -> None:
    one = fx.rss20([{"title": "Only one", "link": "http://example.test/one", "guid": "one-1"}])
    url = feed_server.add("/one.xml", one)
    added = cli("feed", "add", url, "--full-text", "never")
    assert added.exit_code == 0, added.output
    assert "feed 1: 1 article." in added.stdout
    assert "Fetched 1 feed: 0 new articles." in cli("fetch", "--force").stdout
    removed = cli("feed", "remove", "1", "--with-articles", "--yes")
    assert removed.exit_code == 0, removed.output
    assert "1 article deleted" in removed.stdout
    opml = tmp_path / "one.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline type="rss" text="Only" xmlUrl="{url}"/></body></opml>',
        encoding="utf-8",
    )
    imported = cli("feed", "import", str(opml))
    assert imported.exit_code == 0, imported.output
    assert "OPML: 1 feed added, 0 already subscribed, 0 skipped." in imported.stdout


def test_remove_with_articles_asks_first_on_a_terminal(
    cli: Cli, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`feed remove --with-articles` deleted the articles without a word: on a terminal it
    says what goes and asks; "no" changes nothing (exit 1), "yes" deletes them."""
    import reader.cli_support

    assert cli("config", "set", "library.auto_samples", "false").exit_code == 0
    url = feed_server.add("/a.xml", fx.RSS20)
    assert cli("feed", "add", url, "--full-text", "never").exit_code == 0
    count = len(json.loads(cli("list", "--json").stdout))
    assert count > 0
    monkeypatch.setattr(reader.cli_support, "stdin_is_terminal", lambda: True)
    refused = cli("feed", "remove", "1", "--with-articles", stdin="n\n")
    assert refused.exit_code == 1, refused.output
    assert f"and its {count} article" in refused.stdout and "Nothing removed." in refused.stdout
    assert len(json.loads(cli("feed", "list", "--json").stdout)) == 1
    assert len(json.loads(cli("list", "--json").stdout)) == count
    accepted = cli("feed", "remove", "1", "--with-articles", stdin="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert f"{count} article" in accepted.stdout and "deleted" in accepted.stdout
    assert json.loads(cli("feed", "list", "--json").stdout) == []
    assert json.loads(cli("list", "--json").stdout) == []


def test_remove_with_articles_off_a_terminal_needs_yes(cli: Cli, feed_server: FeedServer) -> None:
    assert cli("config", "set", "library.auto_samples", "false").exit_code == 0
    url = feed_server.add("/a.xml", fx.RSS20)
    assert cli("feed", "add", url, "--full-text", "never").exit_code == 0
    count = len(json.loads(cli("list", "--json").stdout))
    refused = cli("feed", "remove", "1", "--with-articles")
    assert refused.exit_code == 2, refused.output
    [line] = refused.stderr.splitlines()
    assert "stdin is not a terminal" in line and "--yes" in line
    assert len(json.loads(cli("feed", "list", "--json").stdout)) == 1
    assert len(json.loads(cli("list", "--json").stdout)) == count
    done = cli("feed", "remove", "1", "--with-articles", "--yes")
    assert done.exit_code == 0, done.output
    assert json.loads(cli("list", "--json").stdout) == []
    # without --with-articles nothing is asked and the articles stay
    assert cli("feed", "add", url, "--full-text", "never").exit_code == 0
    kept = cli("feed", "remove", url)
    assert kept.exit_code == 0 and "its articles kept" in kept.stdout
