"""Hypothesis properties of the parser: it never crashes, and writing is lossless.

The round trip is checked over the *normal form* (see ``reader/parsing/export_format.py``):
the articles parsing can produce. The strategies below state that form independently of
the parser's code, so a parser change that loses or invents text shows up here.
"""

from __future__ import annotations

import itertools
import re
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.article import (
    Article,
    ArticleParseError,
    format_article,
    parse_bytes,
    parse_text,
)
from reader.parsing.export_format import KNOWN_HEADERS
from reader.parsing.words import count_words

# --- the normal form, stated independently -----------------------------------------------

_LAYOUT = re.compile(r"[ \t\n\r\x0b\x0c]+")


def squashed(text: str) -> str:
    """Layout whitespace (ASCII only) trimmed, and runs of it made one space."""
    return " ".join(word for word in _LAYOUT.split(text) if word)


def ends_sentence(paragraph: str) -> bool:
    end = paragraph.rstrip("\"'”’»›)]}")
    return bool(end) and end[-1] in ".!?:;…"


def no_page_break_pairs(body: list[str]) -> bool:
    """Parsing joins an unfinished paragraph to a following lower-case one."""
    return all(ends_sentence(p) or not q[0].islower() for p, q in itertools.pairwise(body))


def plain_author(name: str) -> bool:
    return (
        re.search(r", | and ", name) is None
        and name != "and"
        and not name.startswith("and ")
        and not name.endswith((",", " and"))
        and re.search(r"(?:^| )section:(?: |$)", name, re.I) is None
    )


MONTHS = "January February March April May June July August September October November December"


def written_dates(day: date) -> st.SearchStrategy[tuple[date | None, str]]:
    month = MONTHS.split()[day.month - 1]
    forms = [
        day.isoformat(),
        f"{day.isoformat()}T08:15:00Z",
        f"{day.day} {month} {day.year}",
        f"{month} {day.day}, {day.year}",
        f"{day.day} {month[:3]} {day.year}",
        f"{day:%A} {day.day} {month} {day.year}",
    ]
    return st.sampled_from(forms).map(lambda text: (day, text))


def any_text(*, controls: bool) -> st.SearchStrategy[str]:
    excluded = ("Cs", "Cc") if not controls else ("Cs",)
    return st.text(
        st.characters(exclude_categories=excluded, exclude_characters="\x00"), max_size=30
    ).map(squashed)


def articles(*, controls: bool = True) -> st.SearchStrategy[Article]:
    """Articles in normal form (``controls=False``: also encodable and not binary-looking)."""
    line = any_text(controls=controls)
    word = line.filter(bool)
    dates = st.one_of(
        st.just((None, "")),
        st.dates(min_value=date(1000, 1, 1)).flatmap(written_dates),
        word.filter(lambda t: not any(c.isdigit() for c in t)).map(lambda t: (None, t)),
    )
    extra_keys = st.from_regex(r"[A-Z][\w'-]{0,6}(?: [\w'-]{1,6}){0,3}", fullmatch=True).filter(
        lambda key: key.lower() not in KNOWN_HEADERS
    )
    return st.builds(
        lambda title, body, when, authors, section, tags, url, extra: Article(
            title=title,
            body=tuple(body),
            date=when[0],
            date_text=when[1],
            authors=tuple(authors),
            section=section,
            tags=tuple(tags),
            url=url,
            extra=extra,
        ),
        title=line,
        body=st.lists(word, max_size=5).filter(no_page_break_pairs),
        when=dates,
        authors=st.lists(word.filter(plain_author), max_size=4),
        section=line,
        tags=st.lists(word.filter(lambda t: "," not in t), max_size=5, unique_by=str.casefold),
        url=line.filter(lambda u: re.search("href", u, re.I) is None),
        extra=st.dictionaries(extra_keys, line, max_size=3),
    )


# --- never anything but an Article or ArticleParseError -----------------------------------

FRAGMENTS = [
    "## Title",
    "##",
    "# H",
    "---",
    "+++",
    "...",
    "",
    "",
    "Publication Date: 7 March 2024",
    "Publication Date: 2024-02-30",
    "Author: A, B and C Section: S",
    "Author: Section:",
    "Tags: a, A, (b),",
    'Article URL: <a href="x">y</a>',
    "Article URL: [t](u)",
    "Word Count: 3",
    "title: x",
    'tags: [a, "b',
    "authors:",
    "  - x",
    "summary: |",
    'title = "t"',
    "date = 2024-03-07",
    "[params]",
    "\x1b[31m[bold]x[/]",
    "lower case start",
    "unfinished sentence",
    "\ufeff",
    "\r",
]
jumbled = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=25).map(
    "\n".join
)


@given(st.binary(max_size=2000))
@example(b"\xff\xfe" + "## T\n\nx".encode("utf-16-le"))
@example(b"\xff\xfe\x00")
@example(b"\xef\xbb\xbf\x93")
def test_any_bytes_give_an_article_or_a_parse_error(data: bytes) -> None:
    try:
        parse_bytes(data, "f.txt")
    except ArticleParseError as error:
        assert "\n" not in str(error)


@given(st.one_of(st.text(max_size=2000), jumbled))
@example("---\na: " + " " * 5000 + "\n---\n")
@example("+++\nx = [" + "[" * 2000 + "\n+++\n")
@example("+++\nx = " + "9" * 5000 + "\n+++\n")
def test_any_text_gives_an_article_or_a_parse_error(text: str) -> None:
    try:
        article = parse_text(text)
    except ArticleParseError as error:
        assert "\n" not in str(error)
        return
    assert all(paragraph and "\n" not in paragraph for paragraph in article.body)
    assert "\n" not in article.title


# --- writing and reading back --------------------------------------------------------------


@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(articles())
def test_format_then_parse_is_lossless(article: Article) -> None:
    written = format_article(article)
    again = parse_text(written)
    assert again == article
    assert format_article(again) == written


@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(articles(controls=False), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_written_files_read_back_in_any_encoding(article: Article, encoding: str) -> None:
    data = format_article(article).replace("\n", "\r\n").encode(encoding)
    assert parse_bytes(data) == article


@given(jumbled)
def test_whatever_parsing_produces_round_trips(text: str) -> None:
    """Every article parsing yields is in normal form: writing it out loses nothing."""
    try:
        article = parse_text(text)
    except ArticleParseError:
        return
    assert parse_text(format_article(article)) == article


# --- the Article value's own properties ----------------------------------------------------


@given(articles())
def test_text_offsets_and_counts_agree_with_the_body(article: Article) -> None:
    assert article.text.split("\n\n") == list(article.body) or not article.body
    assert article.word_count == count_words(article.text)
    assert (article.reading_minutes == 0) == (article.word_count == 0)
    assert article.content_hash == parse_text(format_article(article)).content_hash
