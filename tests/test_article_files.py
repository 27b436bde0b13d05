"""Leave any time: `reader export --articles DIR` writes the library as plain Markdown files,
and `reader import DIR` into an empty library gives back the same library, state included."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import feed_fixtures as fx
import pytest
from feed_server import FeedServer, serve
from typer.testing import Result

from benchmarks.generate import write_articles
from reader.app import Session, open_session
from reader.app.article_files import exported_state, slug
from reader.library import ArticleRecord, open_library
from reader.library.upsert import Origin

Cli = Callable[..., Result]


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    yield from serve()


def _session(folder: Path) -> Session:
    return open_session(folder, samples=False)


def _article_fields(record: ArticleRecord, origin: Origin | None = None) -> dict[str, Any]:
    a = record.article
    return {
        # Where it came from: a file, or no file (a read-later item, a feed entry) known by
        # its keys; the keys' own dates are when they were first seen, kept too.
        "from_file": a.source_path is not None,
        "keys": {(k, where) for k, where, _ in origin.keys} if origin else set(),
        "keys_added": sorted(added for _, _, added in origin.keys) if origin else [],
        "title": a.title,
        "authors": a.authors,
        "date": a.date,
        "date_text": a.date_text,
        "url": a.url,
        "section": a.section,
        "tags": a.tags,
        "extra": dict(a.extra),
        "body": a.body,
    }


def _state(record: ArticleRecord) -> dict[str, Any]:
    bookmark = record.bookmark
    return {
        # The order of the user's tags is the order they were added in, and it comes back.
        "user_tags": record.user_tags,
        "bookmark": None if bookmark is None else (bookmark.created_at, bookmark.note),
        "read": record.read,
        "read_at": record.read_at,
        "highlights": sorted(
            (h.start, h.end, h.text, h.note, h.created_at) for h in record.highlights
        ),
        "unplaced": sorted((u.text, u.note, u.created_at) for u in record.unplaced),
    }


def _library(session: Session) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    origins = session.library.origins()
    return {
        r.id: (_article_fields(r, origins.get(r.id)), _state(r)) for r in session.library.records()
    }


def _add_state(session: Session, ids: list[str]) -> None:
    """Every kind of state, on several articles (and none on the rest)."""
    first, second, third, fourth = ids[:4]
    session.tag(first, ["to-brief", "Housing"])
    session.bookmark(first, 'for Monday: ask about "the vote"\nsecond line')
    session.set_read(first)
    session.bookmark(second)
    session.tag(second, ["later"])
    session.set_read(third)
    text = session.get(third).article.text
    placed = session.add_highlight(third, 0, min(40, len(text)))
    with session.library._db.write() as conn:  # a note on a placed highlight
        conn.execute("UPDATE highlights SET note = ? WHERE id = ?", ("my note", placed.id))
    words = session.get(fourth).article.text.split("\n\n")[-1][:30]
    assert session.library.add_quote_highlight(fourth, words, "a second note") == "placed"
    assert (
        session.library.add_quote_highlight(fourth, "Words this article never says.", "gone")
        == "unplaced"
    )


def _round_trip(tmp_path: Path, source: Session) -> Session:
    out = tmp_path / "exported"
    done = source.export_articles(out)
    assert done.articles == len(source.library.records())
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in done.files)
    target = _session(tmp_path / "empty-library")
    assert target.library.is_empty()
    report = target.import_paths([out])
    assert len(report.new) == done.articles and not report.skipped and not report.warnings
    return target


def test_samples_with_state_round_trip(tmp_path: Path) -> None:
    source = _session(tmp_path / "lib")
    source.library.import_samples()
    ids = sorted(r.id for r in source.library.records())
    assert len(ids) > 20
    _add_state(source, ids)
    before = _library(source)
    assert sum(1 for _, state in before.values() if state["highlights"]) == 2
    assert sum(1 for _, state in before.values() if state["unplaced"]) == 1

    target = _round_trip(tmp_path, source)
    after = _library(target)
    assert after.keys() == before.keys()
    for aid in before:
        assert after[aid][0] == before[aid][0], aid
        assert after[aid][1] == before[aid][1], aid
    # Nothing of the state leaked into the articles as header fields.
    leaked = {"reader_export", "id", "user_tags", "bookmark", "read", "highlights", "unplaced"}
    for fields, _ in after.values():
        assert not {key.casefold() for key in fields["extra"]} & leaked


def test_generated_library_round_trip(tmp_path: Path) -> None:
    write_articles(tmp_path / "generated", 50, seed=7)
    source = _session(tmp_path / "lib")
    report = source.import_paths([tmp_path / "generated"])
    assert len(report.new) == 50
    ids = sorted(r.id for r in source.library.records())
    _add_state(source, ids)
    for aid in ids[10:20]:
        source.tag(aid, [f"batch {aid[:2]}"])
        source.set_read(aid)
    before = _library(source)
    after = _library(_round_trip(tmp_path, source))
    assert after == before


def test_reimport_never_duplicates_state(tmp_path: Path) -> None:
    source = _session(tmp_path / "lib")
    source.library.import_samples()
    ids = sorted(r.id for r in source.library.records())
    _add_state(source, ids)
    target = _round_trip(tmp_path, source)
    once = _library(target)
    out = tmp_path / "exported"
    for path in out.iterdir():  # changed files are read again, state and all
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    report = target.import_paths([out])
    assert len(report.updated) + len(report.unchanged) == len(ids)
    assert _library(target) == once
    # A tag the user removes after importing stays removed when nothing in the file changed.
    target.untag(ids[0], ["later"] if "later" in once[ids[0]][1]["user_tags"] else ["to-brief"])
    target.import_paths([out])
    assert len(target.get(ids[0]).user_tags) == len(once[ids[0]][1]["user_tags"]) - 1


def test_ordinary_markdown_is_untouched(tmp_path: Path) -> None:
    """Only files with the export's marker get state; the same keys elsewhere are fields."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "plain.md").write_text(
        '+++\ntitle = "A plain note"\nuser_tags = ["x"]\nread = true\n+++\n\nJust a note.\n',
        encoding="utf-8",
    )
    session = _session(tmp_path / "lib")
    report = session.import_paths([folder])
    assert len(report.new) == 1
    (record,) = session.library.records()
    assert record.user_tags == () and not record.read
    assert dict(record.article.extra) == {"User_tags": "x", "Read": "true"}
    assert exported_state(folder / "plain.md") is None


def test_names_by_date_and_title_collision_safe(tmp_path: Path, write_article: Any) -> None:
    src = tmp_path / "src"
    for name in ("a.txt", "b.txt"):  # same date and title, different text: two articles
        write_article(
            name, title="Café: the Rent!", date="2024-03-01", body=[f"Text of {name}."], folder=src
        )
    write_article("c.txt", title="No date here", date="sometime", folder=src)
    session = _session(tmp_path / "lib")
    session.import_paths([src])
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "2024-03-01-cafe-the-rent.md"
    mine.write_text("the user's own file\n", encoding="utf-8")
    done = session.export_articles(out)
    names = sorted(p.name for p in done.files)
    assert names == [
        "2024-03-01-cafe-the-rent-2.md",
        "2024-03-01-cafe-the-rent-3.md",
        "undated-no-date-here.md",
    ]
    assert mine.read_text(encoding="utf-8") == "the user's own file\n"
    # Exporting again replaces its own files, under the same names.
    again = session.export_articles(out)
    assert sorted(p.name for p in again.files) == names
    assert len(list(out.iterdir())) == 4
    assert slug("Ünïcode — and [brackets] / slashes") == "unicode-and-brackets-slashes"


def test_a_bad_state_in_one_file_is_named_and_the_rest_imported(tmp_path: Path) -> None:
    source = _session(tmp_path / "lib")
    source.library.import_samples()
    ids = sorted(r.id for r in source.library.records())
    _add_state(source, ids)
    out = tmp_path / "exported"
    done = source.export_articles(out)
    broken = next(p for p in done.files if "[[highlights]]" in p.read_text(encoding="utf-8"))
    text = broken.read_text(encoding="utf-8").replace("\nstart = ", "\nstart = 9999999999", 1)
    broken.write_text(text, encoding="utf-8")
    unreadable = next(p for p in done.files if "\nuser_tags = [" in p.read_text(encoding="utf-8"))
    text = unreadable.read_text(encoding="utf-8").replace("\nuser_tags = [", "\nuser_tags = [[", 1)
    unreadable.write_text(text, encoding="utf-8")
    target = _session(tmp_path / "empty")
    report = target.import_paths([out])
    assert len(report.new) == len(ids)
    named = {path: message for path, message in report.warnings}
    assert "out of range" in named[str(broken)] and "not applied" in named[str(broken)]
    assert "front matter cannot be read" in named[str(unreadable)]

    # Every other file's state is applied; only the two broken ones lose theirs (the
    # unreadable one comes in without its title, so under another id).
    def id_in(path: Path) -> str:
        found = re.search(r'\nid = "(\w+)"', path.read_text(encoding="utf-8"))
        assert found is not None
        return found[1]

    bad = {id_in(broken), id_in(unreadable)}
    before, after = _library(source), _library(target)
    nothing = _state(next(r for r in target.library.records() if r.id not in ids[:4]))
    assert after[id_in(broken)][1] == nothing
    for aid in set(ids) - bad:
        assert after[aid][1] == before[aid][1], aid


def test_cli_export_articles_and_import(tmp_path: Path, cli: Cli) -> None:
    library = tmp_path / "lib"
    with open_library(library) as lib:
        lib.import_samples()
        aid = sorted(r.id for r in lib.records())[0]
    assert cli("--library", str(library), "tag", aid, "kept").exit_code == 0
    assert cli("--library", str(library), "bookmark", aid, "--note", "a [bold]note").exit_code == 0
    out = tmp_path / "plain files"
    result = cli("--library", str(library), "export", "--articles", str(out))
    assert result.exit_code == 0, result.output
    assert "Exported 33 articles to" in result.stdout
    assert len(list(out.glob("*.md"))) == 33
    empty = tmp_path / "empty"
    result = cli("--library", str(empty), "import", str(out))
    assert result.exit_code == 0, result.output
    assert "33 new" in result.stdout
    shown = json.loads(cli("--library", str(empty), "show", aid, "--json").stdout)
    assert shown["user_tags"] == ["kept"]
    assert shown["bookmark_note"] == "a [bold]note"


def _pocket_export(folder: Path) -> Path:
    """A Pocket export of link-only items: tags in the user's order, one read, highlights
    with no text to place them in yet."""
    path = folder / "pocket.zip"
    rows = "".join(
        f"Saved page {n},https://news.example/saved/{n}?utm_source=pocket,{1700000000 + n},"
        f"{'zeta|alpha|Mid' if n % 2 else 'only'},{'archive' if n == 3 else 'unread'}\n"
        for n in range(1, 7)
    )
    notes = [
        {
            "url": "https://news.example/saved/2",
            "highlights": [{"quote": "words from the page", "created_at": 1700000500}],
        }
    ]
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("part_000000.csv", "title,url,time_added,tags,status\n" + rows)
        zf.writestr("annotations/part_000000.json", json.dumps(notes))
    return path


def _wallabag_export(folder: Path) -> Path:
    path = folder / "wallabag.json"
    entries = [
        {
            "url": "https://news.example/kept/1",
            "title": "A kept page",
            "content": "<p>The pier reopens in May.</p><p>Boats return “at last”.</p>",
            "tags": [{"label": "pier"}, {"label": "boats"}],
            "is_starred": 1,
            "is_archived": 0,
            "created_at": "2024-02-01T10:00:00+00:00",
            "annotations": [{"quote": "Boats return", "text": "good news"}],
        }
    ]
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def _feed(feed_server: FeedServer) -> str:
    items = [
        {
            "title": f"Coast story {n}",
            "link": f"http://example.test/coast/{n}",
            "guid": f"coast-{n}",
            "content": f"<p>The coast story number {n} is told here in a few words.</p>",
        }
        for n in range(1, 4)
    ]
    items.append(  # an entry with no link: known by its id, kept by its text
        {
            "title": "A notice",
            "guid": "notice-1",
            "content": "<p>The ferry office is closed on Monday.</p>",
        }
    )
    return feed_server.add("/coast.xml", fx.rss20(items))


def test_link_only_and_feed_articles_round_trip_and_nothing_duplicates(
    tmp_path: Path, feed_server: FeedServer
) -> None:
    from reader.feeds import service
    from reader.feeds.http import Fetcher, FetchSettings

    fetcher = Fetcher(FetchSettings(connect_timeout=2, read_timeout=2))
    write_articles(tmp_path / "generated", 12, seed=11)
    source = _session(tmp_path / "lib")
    source.import_paths([tmp_path / "generated"])
    pocket, wallabag = _pocket_export(tmp_path), _wallabag_export(tmp_path)
    assert source.import_export(pocket).new == 6
    assert source.import_export(wallabag).new == 1
    feed_url = _feed(feed_server)
    assert service.add_feed(source.library, fetcher, feed_url, full_text="never").new == 4
    records = source.library.records()
    files = sorted(r.id for r in records if r.article.source_path is not None)
    _add_state(source, files)
    from_feed = [r.id for r in records if r.article.url.startswith("http://example.test/")]
    notice = next(r.id for r in records if r.article.title == "A notice")
    for aid in (from_feed[0], notice):
        source.tag(aid, ["zz-last", "aa-first"])
        source.bookmark(aid, "a note on a feed item")
        text = source.get(aid).article.text
        source.add_highlight(aid, 0, 9)
        assert text
    # A file's article that a read-later service also had: the file's, with the key too.
    shared = next(r for r in records if r.article.source_path is not None and r.article.url)
    assert source.library.add_link(shared.article.url, origin="import:Instapaper").id == shared.id
    linked = source.library.find_by_url("https://news.example/saved/5")
    assert linked is not None
    source.set_read(linked)
    source.tag(linked, ["added later"])
    before = _library(source)
    # What is compared holds what matters here: articles from no file, with their keys.
    kinds = {fields["from_file"] for fields, _ in before.values()}
    assert kinds == {True, False}
    saved = before[linked][0]
    assert saved["keys"] == {("url:https://news.example/saved/5", "import:Pocket")}
    assert before[linked][1]["user_tags"] == ("zeta", "alpha", "Mid", "added later")
    assert sum(1 for _, state in before.values() if state["unplaced"]) == 2
    assert before[shared.id][0]["from_file"] and before[shared.id][0]["keys"]

    target = _round_trip(tmp_path, source)
    after = _library(target)
    assert after == before
    assert sorted(target.library.link_only_ids()) == sorted(source.library.link_only_ids())
    assert len(target.library.link_only_ids()) == 6

    # The original exports again: everything is already there, nothing changes.
    for export in (pocket, wallabag):
        again = target.import_export(export)
        assert (again.new, again.merged, again.already) == (0, 0, again.items)
    # The feed, subscribed to again: its entries are the articles already there.
    assert service.add_feed(target.library, fetcher, feed_url, full_text="never").new == 0
    assert _library(target) == before
    feed = target.library.feeds.get(feed_url)
    assert feed.articles == 4
    for aid in (*from_feed, notice):
        found = target.library.feeds.feed_of(aid)
        assert found is not None and found.url == feed_url
    # And the folder again: nothing new, nothing doubled.
    again = target.import_paths([tmp_path / "exported"])
    assert not again.new and _library(target) == before

    # Subscriptions moved first (OPML), then the files: each entry is its article again.
    opml = tmp_path / "feeds.opml"
    opml.write_text(service.export_opml(source.library), encoding="utf-8")
    third = _session(tmp_path / "third")
    assert len(service.import_opml(third.library, opml).added) == 1
    assert len(third.import_paths([tmp_path / "exported"]).new) == len(before)
    for aid in (*from_feed, notice):
        found = third.library.feeds.feed_of(aid)
        assert found is not None and found.url == feed_url
    moved = third.library.feeds.get(feed_url)
    third.library.feeds.edit(moved.id, full_text="never")  # no page fetched: 127.0.0.1 only
    fetched = service.fetch_feeds(third.library, fetcher)
    assert len(fetched.results) == 1 and not fetched.failed
    assert fetched.new == 0 and _library(third) == before


def test_articles_from_no_file_with_damaged_front_matter(tmp_path: Path) -> None:
    """Keys, feed entries and ids only help to find an article again: damaged ones are left
    out and the article still comes in; a front matter that cannot be read at all is left to
    the file import, which names the file, and the rest carries on."""
    folder = tmp_path / "files"
    folder.mkdir()
    head = '+++\nreader_export = 1\nid = "{id}"\ntitle = "{title}"\nfrom_file = false\n'
    (folder / "odd.md").write_text(
        head.format(id="../../etc", title="Odd keys")
        + 'url = "https://news.example/odd"\nkeys = "not a list"\nfeeds = [1, "x"]\n'
        'user_tags = ["kept"]\n+++\n\nThe odd one.\n',
        encoding="utf-8",
    )
    (folder / "half.md").write_text(
        head.format(id="abcdefgh", title="Half keys") + 'url = "https://news.example/half"\n'
        '[[keys]]\nkey = "url:https://news.example/half"\norigin = "import:Pocket"\n'
        'added_at = "not a date"\n[[keys]]\norigin = "no key at all"\n+++\n',
        encoding="utf-8",
    )
    (folder / "broken.md").write_text(
        head.format(id="brokenid", title="Broken") + "keys = [[\n+++\n\nText.\n",
        encoding="utf-8",
    )
    session = _session(tmp_path / "lib")
    report = session.import_paths([folder])
    assert sorted(Path(p).name for p in report.new) == ["broken.md", "half.md", "odd.md"]
    warned = {Path(p).name: why for p, why in report.warnings}
    assert "front matter cannot be read" in warned["broken.md"]
    odd = session.get(session.library.find_by_url("https://news.example/odd") or "")
    assert odd.id != "../../etc" and odd.user_tags == ("kept",)
    assert odd.article.source_path is None and odd.article.body == ("The odd one.",)
    half_id = session.library.find_by_key("url:https://news.example/half")
    assert half_id == "abcdefgh"
    (key,) = session.library.origins()[half_id].keys
    assert key[:2] == ("url:https://news.example/half", "import:Pocket")
    # The unreadable one came in as a file (as any Markdown file would), not as a lost one.
    broken = [r for r in session.library.records() if r.article.source_path is not None]
    assert [Path(r.article.source_path or "").name for r in broken] == ["broken.md"]
