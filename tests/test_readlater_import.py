"""Read-later exports: every format, written for these tests, imported and checked in the store."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import Result

from reader.app.readlater import import_export
from reader.library import ArticleRecord, Library, open_library
from reader.parsing.readlater import detect, read_export


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = open_library(tmp_path / "lib")
    yield library
    library.close()


def _by_url(lib: Library, url: str) -> ArticleRecord:
    found = lib.find_by_url(url)
    assert found is not None, url
    return lib.get(found)


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


POCKET_NEW = (
    "title,url,time_added,cursor,tags,status\n"
    '"Ferries, buses and trains",https://news.example/ferries?utm_source=pocket,1700000000,'
    "abc,transport|local,unread\n"
    "A long read,https://news.example/long,1700000100,abd,,archive\n"
)
POCKET_OLD = (
    "\ufefftitle,url,time_added,tags,status\n"
    "Harbour budget,https://news.example/budget,1690000000,money,archive\n"
    "broken row,https://news.example/x,1690000001,a,unread,extra,fields\n"
    ",https://news.example/untitled,,,unread\n"
)


def _pocket_zip(tmp_path: Path) -> Path:
    path = tmp_path / "pocket.zip"
    annotations = [
        {
            "url": "https://news.example/long",
            "title": "A long read",
            "highlights": [{"quote": "the ferry runs at night", "created_at": 1700000500}],
        }
    ]
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("part_000000.csv", POCKET_NEW)
        zf.writestr("part_000001.csv", POCKET_OLD)
        zf.writestr("annotations/part_000000.json", json.dumps(annotations))
    return path


def test_pocket_zip_with_two_headers_and_annotations(lib: Library, tmp_path: Path) -> None:
    path = _pocket_zip(tmp_path)
    assert detect(path) == "Pocket"
    report = import_export(lib, path)
    assert (report.items, report.new, report.unplaced) == (4, 4, 1)
    assert report.unmapped == ["cursor"]
    assert report.errors == ["pocket.zip:part_000001.csv line 3: 7 fields where the header has 5"]
    ferries = _by_url(lib, "https://news.example/ferries")
    assert ferries.article.title == "Ferries, buses and trains"
    assert ferries.user_tags == ("local", "transport") or set(ferries.user_tags) == {
        "transport",
        "local",
    }
    assert not ferries.read and ferries.article.body == () and not ferries.missing
    long = _by_url(lib, "https://news.example/long")
    assert long.read and long.read_at == _utc(2023, 11, 14, 22, 15)
    assert [u.text for u in long.unplaced] == ["the ferry runs at night"]
    assert long.unplaced[0].created_at == datetime.fromtimestamp(1700000500, UTC)
    assert _by_url(lib, "https://news.example/budget").read
    assert _by_url(lib, "https://news.example/untitled").article.title == (
        "https://news.example/untitled"
    )
    again = import_export(lib, path)
    assert (again.new, again.merged, again.already) == (0, 0, 4)


def test_pocket_legacy_html(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "ril_export.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Pocket Export</title></head><body>"
        "<h1>Unread</h1><ul>"
        '<li><a href="https://news.example/a" time_added="1600000000" tags="x,y">Fish &amp; '
        "chips</a></li></ul><h1>Read Archive</h1><ul>"
        '<li><a href="https://news.example/b" time_added="1600000001" tags="">Old one</a></li>'
        "</ul></body></html>",
        encoding="utf-8",
    )
    assert detect(path) == "Pocket (legacy)"
    import_export(lib, path)
    a = _by_url(lib, "https://news.example/a")
    assert a.article.title == "Fish & chips" and set(a.user_tags) == {"x", "y"} and not a.read
    b = _by_url(lib, "https://news.example/b")
    assert b.read and b.read_at == datetime.fromtimestamp(1600000001, UTC)


def test_instapaper_csv_with_quoted_newlines(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "instapaper-export.csv"
    path.write_text(
        "URL,Title,Selection,Folder,Timestamp,Tags\n"
        'https://news.example/i1,"Rates, again",,Starred,1700000000,"[""econ""]"\n'
        'https://news.example/i2,Two lines,"a chosen\nsentence",Archive,1700000001,[]\n'
        "https://news.example/i3,In a folder,,Cooking,1700000002,\n",
        encoding="utf-8",
    )
    assert detect(path) == "Instapaper"
    report = import_export(lib, path)
    assert report.new == 3 and report.errors == []
    i1 = _by_url(lib, "https://news.example/i1")
    assert i1.bookmark is not None and i1.bookmark.created_at == datetime.fromtimestamp(
        1700000000, UTC
    )
    assert i1.user_tags == ("econ",) and not i1.read
    i2 = _by_url(lib, "https://news.example/i2")
    assert i2.read and [u.text for u in i2.unplaced] == ["a chosen\nsentence"]
    assert _by_url(lib, "https://news.example/i3").user_tags == ("Cooking",)
    assert report.became == [
        ("Folder", "Archive", "read", 1),
        ("Folder", "Cooking", "your tag", 1),
        ("Folder", "Starred", "bookmark", 1),
    ]


def test_wallabag_json_with_content_and_annotations(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "wallabag.json"
    entries = [
        {
            "id": 7,
            "url": "https://news.example/w1",
            "title": "Harbour &amp; town",
            "content": "<p>The council met.</p><p>It said &ldquo;keep the  ferry&rdquo;.</p>",
            "tags": ["harbour", {"label": "Council"}],
            "is_starred": True,
            "is_archived": 1,
            "created_at": "2024-02-03T10:00:00+0100",
            "published_at": "2024-02-01",
            "published_by": ["Dana Reyes"],
            "reading_time": 1,
            "annotations": [
                {"quote": '"keep the ferry"', "text": "key line", "created_at": "2024-02-04"},
                {"quote": "not in the text", "text": ""},
            ],
        },
        {"title": "no url"},
    ]
    path.write_text(json.dumps(entries), encoding="utf-8")
    assert detect(path) == "Wallabag"
    report = import_export(lib, path)
    assert (report.new, report.placed, report.unplaced) == (1, 1, 1)
    assert report.errors == ["wallabag.json item 2: no url"] and "reading_time" in report.unmapped
    w1 = _by_url(lib, "https://news.example/w1")
    assert w1.article.body == ("The council met.", "It said “keep the ferry”.")
    assert w1.article.authors == ("Dana Reyes",) and str(w1.article.date) == "2024-02-01"
    assert set(w1.user_tags) == {"harbour", "Council"} and w1.read and w1.bookmark is not None
    (placed,) = w1.highlights
    assert w1.article.text[placed.start : placed.end] == "“keep the ferry”"
    assert placed.note == "key line"
    assert [u.text for u in w1.unplaced] == ["not in the text"]


def test_omnivore_zip(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "omnivore.zip"
    meta = [
        {
            "id": "1",
            "slug": "night-ferry",
            "title": "Night ferry",
            "author": "Sam Park",
            "description": "A short one",
            "url": "https://news.example/o1",
            "state": "Archived",
            "labels": ["boats"],
            "savedAt": "2024-01-01T08:00:00.000Z",
            "publishedAt": "2023-12-31T00:00:00.000Z",
        }
    ]
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("metadata_0_to_1.json", json.dumps(meta))
        zf.writestr("content/night-ferry.html", "<article><p>The boat left at ten.</p></article>")
        zf.writestr(
            "highlights/night-ferry.md",
            "> The boat left [⤴️](https://omnivore.app/me/night-ferry#a)\n#travel\n\nmy note\n",
        )
    report = import_export(lib, path)
    assert (report.format, report.new, report.placed) == ("Omnivore", 1, 1)
    o1 = _by_url(lib, "https://news.example/o1")
    assert o1.article.text == "The boat left at ten." and o1.read and o1.user_tags == ("boats",)
    assert report.became == [("state", "Archived", "read", 1)]
    assert o1.article.authors == ("Sam Park",) and o1.article.extra["Description"] == "A short one"
    (h,) = o1.highlights
    assert o1.article.text[h.start : h.end] == "The boat left" and h.note == "my note #travel"


def test_raindrop_and_readwise_csv(lib: Library, tmp_path: Path) -> None:
    rain = tmp_path / "raindrop.csv"
    rain.write_text(
        "id,title,note,excerpt,url,folder,tags,created,cover,highlights,favorite\n"
        '1,Rain,my note,An excerpt,https://news.example/r1,Reading,"a, b",'
        '2024-03-01T10:00:00Z,,"Highlight:rain falls\nNote:wet",true\n',
        encoding="utf-8",
    )
    wise = tmp_path / "readwise.csv"
    wise.write_text(
        "Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen\n"
        "Wise,https://news.example/rw1,9,\"['x', 'y']\",2024-03-02 10:00:00+00:00,0.5,archive,"
        "true\n",
        encoding="utf-8",
    )
    assert (detect(rain), detect(wise)) == ("Raindrop", "Readwise Reader")
    import_export(lib, rain)
    import_export(lib, wise)
    r1 = _by_url(lib, "https://news.example/r1")
    assert r1.bookmark is not None and r1.bookmark.note == "my note"
    assert set(r1.user_tags) == {"a", "b", "Reading"}
    assert [(u.text, u.note) for u in r1.unplaced] == [("rain falls", "wet")]
    rw1 = _by_url(lib, "https://news.example/rw1")
    assert rw1.read and set(rw1.user_tags) == {"x", "y"}
    assert rw1.read_at == _utc(2024, 3, 2, 10, 0)


def test_matter_archive_zip(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "Archive.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "_matter_history.csv",
            "Title,Author,URL,Tags,Favorited,Read\n"
            'Matter one,Lee Wong,https://news.example/m1,"p, q",True,False\n',
        )
        zf.writestr("_matter_highlights.csv", "Title,Text,Note\nMatter one,a quote,a thought\n")
    import_export(lib, path)
    m1 = _by_url(lib, "https://news.example/m1")
    assert m1.bookmark is not None and not m1.read and set(m1.user_tags) == {"p", "q"}
    assert [(u.text, u.note) for u in m1.unplaced] == [("a quote", "a thought")]


def test_same_url_merges_keeping_user_state(lib: Library, tmp_path: Path) -> None:
    existing = lib.add_link("https://news.example/ferries", "Ferries").id
    lib.add_tags(existing, ["mine"])
    lib.set_bookmark(existing, note="my own note")
    report = import_export(lib, _pocket_zip(tmp_path))
    assert (report.new, report.merged) == (3, 1)
    record = lib.get(existing)
    assert set(record.user_tags) == {"mine", "transport", "local"}
    assert record.bookmark is not None and record.bookmark.note == "my own note"


def test_dry_run_changes_nothing_and_says_what_would_happen(lib: Library, tmp_path: Path) -> None:
    path = _pocket_zip(tmp_path)
    dry = import_export(lib, path, dry_run=True)
    assert (dry.new, dry.already, dry.merged) == (4, 0, 0) and lib.count() == 0


def test_not_an_export_is_left_to_the_file_import(tmp_path: Path) -> None:
    plain = tmp_path / "notes.csv"
    plain.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<h1>Unread</h1><p>a page about unread books</p>", encoding="utf-8")
    assert detect(plain) is None and detect(page) is None
    assert detect(tmp_path / "absent.zip") is None
    assert read_export(_pocket_zip(tmp_path)).format == "Pocket"


def test_cli_import_dry_run_then_import(cli: Callable[..., Result], tmp_path: Path) -> None:
    path = _pocket_zip(tmp_path)
    result = cli("import", "--dry-run", str(path))
    assert result.exit_code == 0, result.output
    assert "would import 4 items: 4 new, 0 already there, 0 merged" in result.stdout
    assert "status: archive → read (2), unread → unread (2)" in result.stdout
    assert "not carried over: cursor" in result.stdout
    assert "part_000001.csv line 3" in result.stdout
    before = len(json.loads(cli("list", "--json").stdout))  # the samples, offered once
    assert not any("news.example" in a["url"] for a in json.loads(cli("list", "--json").stdout))
    result = cli("import", str(path))
    assert "imported 4 items: 4 new" in result.stdout
    assert len(json.loads(cli("list", "--json").stdout)) == before + 4
    result = cli("import", str(path))
    assert "imported 4 items: 0 new, 4 already there, 0 merged" in result.stdout


def test_unplaced_highlights_and_notes_are_shown_exported_and_restored(
    cli: Callable[..., Result], tmp_path: Path, library_dir: Path
) -> None:
    path = tmp_path / "wallabag.json"
    entry = {
        "url": "https://news.example/w9",
        "title": "Shown",
        "content": "<p>Words that are here.</p>",
        "is_starred": False,
        "is_archived": False,
        "annotations": [
            {"quote": "that are here", "text": "placed note"},
            {"quote": "words from elsewhere", "text": "waiting note"},
        ],
    }
    path.write_text(json.dumps([entry]), encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    with open_library(library_dir) as lib:
        aid = lib.find_by_url("https://news.example/w9")
    assert aid is not None
    shown = cli("show", aid, "--plain").stdout
    assert '"that are here" (placed note)' in shown
    assert "Highlights not in the text (yet):" in shown
    assert '"words from elsewhere" (waiting note)' in shown
    exported = tmp_path / "state.json"
    assert cli("export", "--format", "json", "-o", str(exported)).exit_code == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    state = data["articles"][aid]
    assert state["highlights"][0]["note"] == "placed note"
    assert [u["text"] for u in state["unplaced"]] == ["words from elsewhere"]
    other = tmp_path / "other"
    with open_library(other) as lib:
        lib.add_link("https://news.example/w9", "Shown")
        assert lib.find_by_url("https://news.example/w9") == aid
        lib.restore_state(data)
        record = lib.get(aid)
        assert [(u.text, u.note) for u in record.unplaced] == [
            ("words from elsewhere", "waiting note")
        ]
        assert [(h.text, h.note) for h in record.highlights] == [("that are here", "placed note")]


def _omnivore_link_only(tmp_path: Path) -> Path:
    """An Omnivore item whose page never made it into the export: only its description."""
    path = tmp_path / "omnivore-links.zip"
    meta = [
        {
            "id": "2",
            "slug": "harbour-plan",
            "title": "Harbour plan",
            "description": "The council wants a second pier  before the summer.",
            "url": "https://news.example/o2",
            "state": "Inbox",
            "labels": [{"name": "harbour"}],
            "savedAt": "2024-02-01T08:00:00.000Z",
        }
    ]
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("metadata_0_to_1.json", json.dumps(meta))
    return path


def test_omnivore_description_is_shown_as_the_standfirst(
    lib: Library, tmp_path: Path, cli: Callable[..., Result], library_dir: Path
) -> None:
    from digest.briefing import build_item

    report = import_export(lib, _omnivore_link_only(tmp_path))
    assert report.new == 1 and "description" not in report.unmapped
    o2 = _by_url(lib, "https://news.example/o2")
    # Still link-only (fetch --missing-text fills it in), but its description is kept ...
    assert o2.article.body == () and lib.link_only_ids() == [o2.id]
    assert o2.article.extra["Description"] == "The council wants a second pier before the summer."
    assert o2.article.description == "The council wants a second pier before the summer."
    # ... and it is what the briefing says about the article while there is no text.
    item = build_item(o2, extract=lambda _article: [])
    assert item.summary == "The council wants a second pier before the summer."
    # reader show lists it with the article's details.
    with open_library(library_dir) as other:
        import_export(other, _omnivore_link_only(tmp_path))
    result = cli("show", o2.id, "--plain")
    assert result.exit_code == 0, result.output
    assert "Description: The council wants a second pier before the summer." in result.stdout


def test_readwise_locations_are_mapped_and_listed(
    lib: Library, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    wise = tmp_path / "readwise.csv"
    rows = [
        ("Starred one", "shortlist"),
        ("Starred two", "shortlist"),
        ("Done with", "archive"),
        ("For later", "later"),
        ("Inbox", "new"),
        ("From a feed", "feed"),
    ]
    wise.write_text(
        "Title,URL,ID,Document tags,Saved date,Reading progress,Location,Seen\n"
        + "".join(
            f"{title},https://news.example/{i},{i},[],2024-03-02 10:00:00+00:00,0,{where},true\n"
            for i, (title, where) in enumerate(rows)
        ),
        encoding="utf-8",
    )
    report = import_export(lib, wise)
    assert report.became == [
        ("Location", "archive", "read", 1),
        ("Location", "feed", "unread", 1),
        ("Location", "later", "unread", 1),
        ("Location", "new", "unread", 1),
        ("Location", "shortlist", "bookmark", 2),
    ]
    assert report.unmapped == ["id", "reading progress", "seen"]
    stored = {r.article.title: r for r in lib.records()}
    starred = {t for t, r in stored.items() if r.bookmark is not None}
    assert starred == {"Starred one", "Starred two"}
    assert stored["Starred one"].bookmark is not None
    assert stored["Starred one"].bookmark.created_at == _utc(2024, 3, 2, 10, 0)
    assert {t for t, r in stored.items() if r.read} == {"Done with"}
    result = cli("import", "--dry-run", str(wise))
    assert result.exit_code == 0, result.output
    assert (
        "Location: archive → read (1), feed → unread (1), later → unread (1), new → unread (1), "
        "shortlist → bookmark (2)" in result.stdout
    )
    assert "not carried over: id, reading progress, seen" in result.stdout


def test_the_saved_date_is_kept_for_every_item(
    lib: Library, tmp_path: Path, cli: Callable[..., Result], library_dir: Path
) -> None:
    import_export(lib, _pocket_zip(tmp_path))
    ferries = _by_url(lib, "https://news.example/ferries")
    # Neither a bookmark nor read: the saved date had nowhere to go; now it is kept.
    assert ferries.bookmark is None and not ferries.read
    assert ferries.article.extra["Saved"] == "2023-11-14T22:13:20+00:00"  # time_added
    assert _by_url(lib, "https://news.example/untitled").article.extra.get("Saved") is None
    with open_library(library_dir) as other:
        import_export(other, _pocket_zip(tmp_path))
    result = cli("show", ferries.id, "--plain")
    assert result.exit_code == 0, result.output
    assert "Saved: 2023-11-14" in result.stdout


def test_matter_spelled_favourited(lib: Library, tmp_path: Path) -> None:
    path = tmp_path / "Archive.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "_matter_history.csv",
            "Title,Author,URL,Tags,Favourited,Read\n"
            "Loved,Ann Lee,https://news.example/m2,,Yes,No\n"
            "Not loved,Ann Lee,https://news.example/m3,,No,Yes\n",
        )
    report = import_export(lib, path)
    assert report.new == 2 and "favourited" not in report.unmapped
    assert _by_url(lib, "https://news.example/m2").bookmark is not None
    m3 = _by_url(lib, "https://news.example/m3")
    assert m3.bookmark is None and m3.read


def test_a_feed_article_and_the_same_page_saved_elsewhere_are_one(
    lib: Library, tmp_path: Path
) -> None:
    import feed_fixtures as fx
    from feed_server import serve

    from reader.feeds import service
    from reader.feeds.http import Fetcher, FetchSettings

    fetcher = Fetcher(FetchSettings(connect_timeout=2, read_timeout=2))
    for server in serve():
        item = {
            "title": "Pier reopens",
            "link": "http://example.test/coast/pier",
            "guid": "pier-1",
            "content": "<p>The pier reopens in May, the harbour master said.</p>",
        }
        url = server.add("/coast.xml", fx.rss20([item]))
        assert service.add_feed(lib, fetcher, url, full_text="never").new == 1
    pocket = tmp_path / "pocket.zip"
    with zipfile.ZipFile(pocket, "w") as zf:
        zf.writestr(
            "part_000000.csv",
            "title,url,time_added,tags,status\n"
            "Pier,http://example.test/coast/pier?utm_source=pocket,1700000000,coast,archive\n",
        )
    report = import_export(lib, pocket)
    assert (report.new, report.merged) == (0, 1) and lib.count() == 1
    (record,) = lib.records()
    assert record.article.body == ("The pier reopens in May, the harbour master said.",)
    assert record.read and record.user_tags == ("coast",)


def test_a_merged_item_keeps_the_earliest_saved_date(lib: Library, tmp_path: Path) -> None:
    """Saved in Pocket in 2023, saved again in Instapaper in 2024: it was saved in 2023, in
    whichever order the exports come in."""
    pocket = tmp_path / "pocket.csv"
    pocket.write_text(
        "title,url,time_added,cursor,tags,status\n"
        "Ferries,https://news.example/ferries,1700000000,abc,,unread\n",  # 2023-11-14
        encoding="utf-8",
    )
    instapaper = tmp_path / "instapaper.csv"
    instapaper.write_text(
        "URL,Title,Selection,Folder,Timestamp,Tags\n"
        "https://news.example/ferries?utm_source=x,Ferries,,Unread,1710000000,[]\n",  # 2024-03-09
        encoding="utf-8",
    )
    ferries = "https://news.example/ferries"
    import_export(lib, pocket)
    import_export(lib, instapaper)
    assert _by_url(lib, ferries).article.extra["Saved"][:10] == "2023-11-14"
    with open_library(tmp_path / "other") as other:
        import_export(other, instapaper)
        assert _by_url(other, ferries).article.extra["Saved"][:10] == "2024-03-09"
        import_export(other, pocket)  # the earlier one second: it wins
        assert _by_url(other, ferries).article.extra["Saved"][:10] == "2023-11-14"


def test_a_row_whose_url_is_not_a_web_address_is_named_and_skipped(
    lib: Library, tmp_path: Path
) -> None:
    path = tmp_path / "instapaper.csv"
    path.write_text(
        "URL,Title,Selection,Folder,Timestamp,Tags\n"
        "https://news.example/a,First story,,Unread,1700000000,[]\n"
        "broken\n"
        "First story,https://news.example/b,,Unread,1700000000,[]\n"
        "https://news.example/c,Third story,,Unread,1700000000,[]\n",
        encoding="utf-8",
    )
    report = import_export(lib, path)
    assert report.new == 2
    assert report.errors == [
        "instapaper.csv line 3: 'broken' is not a web address",
        "instapaper.csv line 4: 'First story' is not a web address",
    ]
    assert lib.find_by_url("broken") is None
    assert _by_url(lib, "https://news.example/c").article.title == "Third story"
