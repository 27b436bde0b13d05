"""Briefing content: grouping, order, overview numbers, summaries, quotes and notes."""

from __future__ import annotations

from datetime import date

import pytest

from digest.briefing import NO_SECTION, build_briefing, format_range
from digest.render.markdown import render_markdown
from reader.article import Article
from reader.library import ArticleRecord
from tests.digest_helpers import NOW, StubQuote, make_article, make_record, quote_in

FERRY_BODY = (
    "The harbour council voted on Thursday to keep the night ferry running until at least "
    ' 2026. "We heard from nurses, bakers and students who have no other way home," said the '
    "council leader, Tom Okafor.",
    'Opponents called the vote "a promise". Maria Lindqvist said the budget had a hole in it.',
)


def ferry_quotes(article: Article) -> list[StubQuote]:
    text = article.text
    if "We heard" not in text:
        return []
    return [
        quote_in(
            text,
            "We heard from nurses, bakers and students who have no other way home,",
            "Tom Okafor",
        ),
        quote_in(text, "a promise", None, kind="scare"),
    ]


def _records():  # type: ignore[no-untyped-def]
    ferry = make_record(
        make_article(body=FERRY_BODY, tags=("Transport", "Ferries")),
        user_tags=("Must read",),
        note="Ask Okafor about the 2026 date",
    )
    storm = make_record(
        make_article(
            "Storm closes bridges",
            body=("Floods closed three bridges and cut power to 40,000 homes on Monday.",) * 3,
            day=date(2024, 3, 4),
            section="Weather",
            tags=("Transport",),
        )
    )
    books = make_record(
        make_article("A new novel", day=date(2024, 2, 28), section="Culture", tags=(), url="")
    )
    return [books, storm, ferry]


def test_group_by_tag_groups_only_shared_tags() -> None:
    briefing = build_briefing(_records(), group_by="tag", now=NOW, extract=ferry_quotes)
    # "Transport" is shared by two pieces; "Must read" and "Ferries" by one only, and the
    # novel has no tag and is alone in its section: it goes under "Other".
    assert [(g.name, [i.title for i in g.items]) for g in briefing.groups] == [
        (
            "Transport",
            ["Harbour council votes to keep the night ferry running", "Storm closes bridges"],
        ),
        (NO_SECTION, ["A new novel"]),
    ]
    assert briefing.groups[0].items[0].tags == ("Must read", "Transport", "Ferries")


def _piece(
    title: str, tags: tuple[str, ...], section: str, user: tuple[str, ...] = ()
) -> ArticleRecord:
    return make_record(
        make_article(title, tags=tags, section=section, body=(f"{title} happened today.",)),
        user_tags=user,
    )


def test_group_by_tag_biggest_shared_tags_first_then_sections_then_other() -> None:
    records = [
        _piece("Rail strike", ("Transport", "Unions"), "Business"),
        _piece("Bus lanes", ("Transport",), "Local news"),
        _piece("Tram fares", ("Transport", "Prices"), "Local news"),
        _piece("Nurses vote", ("Unions", "NHS"), "Health"),
        _piece("Teachers vote", ("Unions", "Schools"), "Education"),
        _piece("Comet seen", ("Astronomy",), "Science"),
        _piece("New moon found", ("Planets",), "Science"),
        _piece("Quiet novel", (), "Culture"),
        _piece("Gallery opens", ("Art",), ""),
    ]
    briefing = build_briefing(records, group_by="tag", now=NOW, extract=lambda a: [])
    groups = {g.name: sorted(i.title for i in g.items) for g in briefing.groups}
    assert [g.name for g in briefing.groups] == ["Transport", "Unions", "Science", NO_SECTION]
    assert groups["Transport"] == ["Bus lanes", "Rail strike", "Tram fares"]
    # the rail strike went to the bigger group; the two votes still share "Unions"
    assert groups["Unions"] == ["Nurses vote", "Teachers vote"]
    assert groups["Science"] == ["Comet seen", "New moon found"]
    assert groups[NO_SECTION] == ["Gallery opens", "Quiet novel"]
    assert briefing.count == len(records)


def test_group_by_tag_ignores_a_tag_every_piece_has_and_prefers_user_tags_on_ties() -> None:
    records = [
        _piece("A", ("Energy",), "Business", user=("to-brief", "Monday")),
        _piece("B", ("Energy",), "Business", user=("to-brief", "Monday")),
        _piece("C", ("Climate",), "Science", user=("to-brief",)),
        _piece("D", ("Climate",), "Science", user=("to-brief",)),
    ]
    briefing = build_briefing(records, group_by="tag", now=NOW, extract=lambda a: [])
    assert [(g.name, sorted(i.title for i in g.items)) for g in briefing.groups] == [
        ("Monday", ["A", "B"]),
        ("Climate", ["C", "D"]),
    ]


def test_group_by_tag_on_the_sample_articles_stays_short(sample_library: object) -> None:
    from reader.library import Library

    assert isinstance(sample_library, Library)
    records = sample_library.records()
    briefing = build_briefing(records, group_by="tag", now=NOW, extract=lambda a: [])
    assert briefing.count == len(records) >= 30
    sizes = [len(g.items) for g in briefing.groups]
    assert len(sizes) <= len(records) // 2
    assert min(sizes) >= 2, [(g.name, len(g.items)) for g in briefing.groups]


def test_group_by_section_and_none() -> None:
    by_section = build_briefing(_records(), group_by="section", now=NOW, extract=ferry_quotes)
    assert [g.name for g in by_section.groups] == ["Culture", "Local news", "Weather"]
    flat = build_briefing(_records(), group_by="none", now=NOW, extract=ferry_quotes)
    assert [g.name for g in flat.groups] == [""]
    # Newest first within a group.
    assert [i.date for i in flat.items] == [date(2024, 3, 7), date(2024, 3, 4), date(2024, 2, 28)]
    with pytest.raises(ValueError):
        build_briefing(_records(), group_by="author")


def test_larger_groups_first() -> None:
    records = _records()
    extra = make_record(
        make_article("Rail strike", tags=("Must read",), section="Culture", body=("A strike.",))
    )
    more = make_record(make_article("Bus fares", tags=("Must read",), body=("Fares rise.",)))
    briefing = build_briefing(
        [*records, extra, more], group_by="tag", now=NOW, extract=ferry_quotes
    )
    # the ferry piece carries both tags: it goes to the bigger group, and "Transport" is left
    # with one piece, which is no group
    assert [g.name for g in briefing.groups] == ["Must read", NO_SECTION]
    assert [len(g.items) for g in briefing.groups] == [3, 2]


def test_overview_numbers_and_period() -> None:
    records = _records()
    briefing = build_briefing(records, now=NOW, extract=ferry_quotes, title="Morning")
    assert briefing.count == 3
    expected_minutes = sum(r.article.reading_minutes for r in records)
    assert briefing.total_minutes == expected_minutes
    # dated by when it is made (NOW), not by the pieces' publication dates
    assert (briefing.start, briefing.end) == (date(2024, 2, 28), date(2024, 3, 7))
    assert briefing.heading == "Morning — 8 March 2024"
    overview = briefing.overview
    # all three were bookmarked at NOW
    assert overview.startswith(f"3 pieces bookmarked 8 Mar 2024, about {expected_minutes} minute")
    assert "Sections: Culture (1), Local news (1), Weather (1)." in overview
    assert "Tags: Transport (2), Ferries (1), Must read (1)." in overview


def test_item_carries_summary_quotes_and_note() -> None:
    briefing = build_briefing(_records(), now=NOW, extract=ferry_quotes)
    ferry = next(i for i in briefing.items if i.title.startswith("Harbour"))
    assert ferry.summary.startswith("The harbour council voted on Thursday")
    assert [q.speaker for q in ferry.quotes] == ["Tom Okafor"]  # the scare quote is left out
    assert ferry.note == "Ask Okafor about the 2026 date"
    assert ferry.url == "https://example.org/local/ferry"
    assert ferry.bookmarked_at == NOW


def test_quote_count_and_highlights() -> None:
    article = make_article(body=FERRY_BODY)
    start = article.text.index("Maria Lindqvist")
    record = make_record(article, highlights=[(start, start + len("Maria Lindqvist said"))])
    one = build_briefing([record], quotes=1, now=NOW, extract=ferry_quotes).items[0]
    assert [q.highlighted for q in one.quotes] == [True]
    none = build_briefing([record], quotes=0, now=NOW, extract=ferry_quotes).items[0]
    assert none.quotes == ()


def test_empty_briefing_and_blank_title() -> None:
    briefing = build_briefing([], title="  ", now=NOW)
    assert briefing.count == 0 and briefing.title == "Your briefing"
    assert briefing.heading == "Your briefing — 8 March 2024" and briefing.covering == ""
    assert briefing.overview.startswith("0 pieces, about 0 minutes")


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (date(2024, 3, 7), date(2024, 3, 7), "7 March 2024"),
        (date(2024, 3, 4), date(2024, 3, 8), "4–8 March 2024"),
        (date(2023, 12, 30), date(2024, 1, 2), "30 December 2023 – 2 January 2024"),
        (None, None, ""),
    ],
)
def test_format_range(start: date | None, end: date | None, text: str) -> None:
    assert format_range(start, end) == text


def test_digest_never_imports_a_ui_toolkit() -> None:
    import subprocess
    import sys

    code = (
        "import sys, digest.briefing, digest.render, digest.mail, digest.runlock, digest.summary;"
        "bad = [m for m in ('textual', 'typer', 'rich') if m in sys.modules];"
        "print(','.join(bad))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == ""


@pytest.mark.slow
def test_briefing_of_1000_articles_holds_every_piece() -> None:
    """The benchmark's workload builds and renders; its speed is measured in benchmarks/."""
    from benchmarks.bench_digest import synthetic_records

    records = synthetic_records(1000)
    briefing = build_briefing(records, group_by="section")
    assert sum(len(group.items) for group in briefing.groups) == 1000
    assert len(render_markdown(briefing)) > 1000


ELLERY_BODY = (
    "Gwen Ellery has run the cafe at the ferry terminal since 2014 and serves the night crew.",
    "“For ten years we have waited for somebody to say the boat will stay,” she said on "
    "Friday. The council will review the timetable again in the spring.",
)


def _ellery(highlight: str) -> tuple[ArticleRecord, list[StubQuote]]:
    article = make_article("Cafe owner welcomes ferry vote", body=ELLERY_BODY)
    text = article.text
    start = text.index(highlight)
    record = make_record(article, highlights=[(start, start + len(highlight))])
    inner = "For ten years we have waited for somebody to say the boat will stay,"
    return record, [quote_in(text, inner, "Gwen Ellery")]


@pytest.mark.parametrize("fmt", ["markdown", "text", "html"])
def test_a_highlight_holding_a_quotation_gets_no_second_pair_of_marks(fmt: str) -> None:
    from digest.render import render

    highlight = "“For ten years we have waited for somebody to say the boat will stay,” she said"
    record, quotes = _ellery(highlight)
    briefing = build_briefing([record], now=NOW, extract=lambda a: quotes)
    [key] = briefing.items[0].quotes
    assert key.highlighted and key.speaker == "Gwen Ellery"
    out = render(briefing, fmt)
    assert "““" not in out and "””" not in out and "”“" not in out
    assert "“For ten years" in out and "stay,” she said" in out


def test_a_highlight_cut_inside_a_quotation_is_balanced() -> None:
    from digest.render import quoted

    assert quoted("For ten years we waited") == "“For ten years we waited”"
    assert quoted("“For ten years we waited, she said") == "“For ten years we waited, she said”"
    assert quoted("we waited,” she said.") == "“we waited,” she said."
    assert quoted('"For ten years," she said') == '"For ten years," she said'
    assert quoted('For ten years," she said') == '"For ten years," she said'


def test_summary_does_not_repeat_a_key_quote_or_highlight_below_it() -> None:
    body = (
        "The harbour council voted on Thursday to keep the night ferry, which its leader "
        "called “the only fair answer to the people who work at night and sleep by day”.",
        "Tickets will cost the same until 2026 and a review is due in the spring.",
        "Engineers will also inspect the older of the two boats before the winter timetable.",
    )
    article = make_article(body=body)
    text = article.text
    called = "the only fair answer to the people who work at night and sleep by day"
    plain = build_item_summary(article, [])
    assert called in plain  # without the quote below it, the lede is the summary

    quoted_below = build_briefing(
        [make_record(article)],
        now=NOW,
        extract=lambda a: [quote_in(text, called, "Tom Okafor", kind="partial")],
    ).items[0]
    assert [q.text for q in quoted_below.quotes] == [called]
    assert called not in quoted_below.summary
    assert quoted_below.summary.startswith("Tickets will cost the same")

    second = body[1]
    start = text.index(second)
    highlighted = build_briefing(
        [make_record(article, highlights=[(start, start + len(second))])],
        now=NOW,
        extract=lambda a: [],
    ).items[0]
    assert highlighted.quotes[0].text == second
    assert second not in highlighted.summary
    assert highlighted.summary.startswith("The harbour council voted")
    assert "Engineers will also inspect" in highlighted.summary


def build_item_summary(article: Article, avoid: list[str]) -> str:
    from digest.summary import summarize

    return summarize(article, 2, avoid=avoid)


def test_briefing_is_dated_when_made_and_says_what_it_covers() -> None:
    from datetime import UTC, datetime

    from digest.briefing import covering_text
    from digest.mail import subject_for

    made = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    early = make_record(
        make_article("Old piece", day=date(2024, 3, 18), body=("It happened long ago, in 2024.",)),
        bookmarked_at=datetime(2026, 11, 24, 12, 0, tzinfo=UTC),
    )
    late = make_record(
        make_article("New piece", day=date(2026, 11, 28), body=("It happened last week, now.",)),
        bookmarked_at=datetime(2026, 11, 30, 12, 0, tzinfo=UTC),
    )
    by_default = build_briefing([early, late], made_at=made, extract=lambda a: [])
    assert by_default.heading == "Your briefing — 1 December 2026"
    assert "2024" not in by_default.heading
    assert by_default.covering == "bookmarked 24–30 Nov 2026"
    assert by_default.overview.startswith("2 pieces bookmarked 24–30 Nov 2026, about")
    assert subject_for(by_default) == by_default.heading

    window = covering_text(datetime(2026, 11, 24, 12, 0, tzinfo=UTC), made)
    assert window == "bookmarked 24 Nov – 1 Dec 2026"
    given = build_briefing([early, late], made_at=made, covering=window, extract=lambda a: [])
    assert given.covering == window and given.made_at == made
    for fmt in ("markdown", "text", "html"):
        from digest.render import render

        out = render(given, fmt)
        assert "YOUR BRIEFING — 1 DECEMBER 2026" in out.upper()
        assert "bookmarked 24 Nov – 1 Dec 2026" in out.replace("\n", " ")
        assert "18 March 2024 –" not in out


@pytest.mark.parametrize(
    ("since", "until", "tags", "text"),
    [
        (None, date(2026, 12, 1), (), "bookmarked up to 1 Dec 2026"),
        (date(2026, 12, 1), date(2026, 12, 1), (), "bookmarked 1 Dec 2026"),
        (date(2026, 11, 3), date(2026, 11, 8), (), "bookmarked 3–8 Nov 2026"),
        (date(2025, 12, 30), date(2026, 1, 2), (), "bookmarked 30 Dec 2025 – 2 Jan 2026"),
        (
            date(2026, 11, 3),
            date(2026, 11, 8),
            ("ai", " energy "),
            "bookmarked 3–8 Nov 2026, tagged ai or energy",
        ),
    ],
)
def test_covering_text(since: date | None, until: date, tags: tuple[str, ...], text: str) -> None:
    from digest.briefing import covering_text

    assert covering_text(since, until, tags=tags) == text


def test_group_by_tag_with_nothing_shared_is_one_list_without_a_heading() -> None:
    records = [
        _piece("Comet seen", ("Astronomy",), "Science"),
        _piece("Quiet novel", ("Books",), "Culture"),
        _piece("Rail strike", ("Unions",), "Business"),
    ]
    briefing = build_briefing(records, group_by="tag", now=NOW, extract=lambda a: [])
    assert [(g.name, len(g.items)) for g in briefing.groups] == [("", 3)]
    out = render_markdown(briefing)
    assert "## Other" not in out and "## 1\\. [Comet seen]" in out
