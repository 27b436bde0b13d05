"""Feed documents of every format, and broken ones, to entries."""

from __future__ import annotations

from datetime import UTC, datetime

import feed_fixtures as fx
import pytest

from reader.feeds.parse import FeedParseError, parse_feed


@pytest.mark.parametrize(
    ("doc", "version", "title", "entry_title", "link"),
    [
        (
            fx.RSS091,
            "rss091u",
            "Harbour Notes",
            "Pier to be rebuilt",
            "http://example.test/harbour/pier",
        ),
        (
            fx.RSS10,
            "rss10",
            "Valley Post",
            "Orchard harvest comes early",
            "http://example.test/valley/orchard",
        ),
        (
            fx.RSS20,
            "rss20",
            "Coastal Daily",
            "Pier to be rebuilt in stone",
            "http://example.test/coast/pier",
        ),
        (
            fx.ATOM03,
            "atom03",
            "Moorland Weekly",
            "Peat fires under control",
            "http://example.test/moor/fires",
        ),
        (
            fx.ATOM10,
            "atom10",
            "River Courier",
            "Weir repairs finished",
            "http://example.test/river/weir",
        ),
        (
            fx.JSONFEED10,
            "json10",
            "Market Square",
            "New stalls for the Saturday market",
            "http://example.test/market/stalls",
        ),
        (
            fx.JSONFEED11,
            "json11",
            "Hill Town Herald",
            "Bus route returns",
            "http://example.test/hill/bus",
        ),
    ],
    ids=["rss091", "rss10", "rss20", "atom03", "atom10", "json10", "json11"],
)
def test_every_format(doc: str, version: str, title: str, entry_title: str, link: str) -> None:
    feed = parse_feed(doc.encode("utf-8"), "http://example.test/feed")
    assert (feed.version, feed.title) == (version, title)
    assert feed.warning is None
    first = feed.entries[0]
    assert (first.title, first.link) == (entry_title, link)
    assert first.paragraphs and all("<" not in p for p in first.paragraphs)


def test_fields_of_an_rss_entry() -> None:
    feed = parse_feed(fx.RSS20.encode(), "http://example.test/coast/feed")
    full, summary = feed.entries
    assert full.key == "id:coast-1001"
    assert full.authors == ("Marta Lindqvist",)
    assert full.tags == ("Harbour",)
    assert full.published == datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
    assert list(full.paragraphs) == fx.LONG_PARAGRAPHS
    assert full.has_full_content
    assert not summary.has_full_content  # a teaser ending "Read more..."


def test_json_feed_fields() -> None:
    feed = parse_feed(fx.JSONFEED11.encode(), "http://example.test/hill/feed.json")
    entry = feed.entries[0]
    assert entry.key == "id:42"
    assert entry.authors == ("Nadia Ferreira",)
    assert entry.published == datetime(2026, 11, 29, 15, 45, tzinfo=UTC)
    assert entry.tags == ("Transport",)
    assert entry.has_full_content
    plain = parse_feed(fx.JSONFEED10.encode()).entries[0]
    assert plain.paragraphs == (
        "Twelve new stalls open on Saturday.",
        "Traders drew lots for places.",
    )
    assert plain.authors == ("The Square Desk",)  # the feed's author stands in


def test_ill_formed_xml_is_read_with_a_warning() -> None:
    feed = parse_feed(fx.ILL_FORMED.encode())
    assert feed.warning is not None and feed.warning.startswith("ill-formed feed")
    assert feed.entries[0].title == "Band plays on & on"


def test_a_wrong_declared_charset_does_not_garble_text() -> None:
    feed = parse_feed(
        fx.WRONG_CHARSET.encode("utf-8"), headers={"Content-Type": "text/xml; charset=iso-8859-1"}
    )
    assert feed.title == "Café Chronicle"
    assert feed.entries[0].title == "Crème brûlée wins the fête"


def test_entries_without_ids_are_keyed_by_link_then_content() -> None:
    linked, bare = parse_feed(fx.NO_IDS.encode()).entries
    assert linked.key == "link:http://example.test/coast/linked"
    assert bare.key.startswith("hash:")
    again = parse_feed(fx.NO_IDS.encode()).entries[1]
    assert again.key == bare.key


def test_ids_do_not_depend_on_where_the_feed_was_found() -> None:
    a = parse_feed(fx.RSS20.encode(), "http://example.test/old/feed")
    b = parse_feed(fx.RSS20.encode(), "https://elsewhere.test/new/feed")
    assert [e.key for e in a.entries] == [e.key for e in b.entries]


def test_not_a_feed() -> None:
    with pytest.raises(FeedParseError, match="not a feed"):
        parse_feed(fx.NOT_A_FEED.encode())
    with pytest.raises(FeedParseError):
        parse_feed(b'{"version": "nope"}')


def test_sanitiser_drops_scripts_and_keeps_link_text() -> None:
    doc = fx.rss20(
        [
            {
                "title": "Scripted",
                "guid": "s1",
                "content": '<p>Hello <a href="http://example.test/x">the council</a> said.</p>'
                "<script>alert(1)</script><p>Second\x1b[31m part.</p>",
            }
        ]
    )
    entry = parse_feed(doc.encode()).entries[0]
    assert entry.paragraphs == ("Hello the council said.", "Second[31m part.")
