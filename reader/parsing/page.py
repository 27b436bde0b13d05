"""A whole web page (saved to disk, or fetched for a feed entry) to an article, with
trafilatura: the main text (comments, navigation and boilerplate left out), the byline, the
date and the page's canonical URL.

The feed's own text stays when extraction fails or finds less than the feed gave: a page
behind a paywall or a cookie wall is not the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from reader.parsing.errors import MAX_ARTICLE_BYTES, ArticleParseError
from reader.parsing.words import count_words

if TYPE_CHECKING:
    from reader.article import Article

#: Extracted text shorter than this many words is not taken for the article.
MIN_WORDS = 40
PAGE_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True, slots=True)
class Extracted:
    paragraphs: tuple[str, ...]
    title: str = ""
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    url: str = ""
    """The page's canonical URL when it names one."""

    @property
    def word_count(self) -> int:
        return sum(count_words(p) for p in self.paragraphs)


def extract(page: bytes | str, url: str = "") -> Extracted | None:
    """The main text, byline and date of an HTML page; None when there is no article in it."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            page,
            url=url or None,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            favor_precision=True,
        )
    except Exception:  # a hostile page must not stop a fetch or an import
        return None
    if doc is None:
        return None
    values = doc if isinstance(doc, dict) else doc.as_dict()
    title = " ".join(str(values.get("title") or "").split())
    found = _paragraphs(str(values.get("text") or ""))
    if found and title and found[0].casefold() == title.casefold():
        found = found[1:]  # the headline, already the title
    paragraphs = tuple(found)
    if not paragraphs:
        return None
    author = str(values.get("author") or "")
    authors = tuple(a.strip() for a in re.split(r";|\band\b", author) if a.strip())
    found_url = str(values.get("url") or "")
    return Extracted(
        paragraphs=paragraphs,
        title=title,
        authors=authors,
        published=_date(values.get("date")),
        url=found_url if found_url.startswith(("http://", "https://")) else "",
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _paragraphs(text: str) -> list[str]:
    # trafilatura puts one paragraph per line
    out = []
    for line in text.splitlines():
        clean = " ".join(_CONTROL.sub("", line).split())
        if clean:
            out.append(clean)
    return out


def _date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def is_better(extracted: Extracted | None, feed_words: int) -> bool:
    """Whether the page's text should replace the feed's."""
    return (
        extracted is not None
        and extracted.word_count >= MIN_WORDS
        and extracted.word_count > feed_words
    )


def page_article(
    page: bytes | str,
    url: str = "",
    *,
    tags: Iterable[str] = (),
    fallback_title: str = "",
    source_path: str | None = None,
) -> Article | None:
    """An Article from a whole HTML page (a saved page or a fetched one), or None."""
    from reader.article import Article

    found = extract(page, url)
    if found is None:
        return None
    day = found.published.date() if found.published else None
    return Article(
        title=found.title or fallback_title or url or "(untitled)",
        body=found.paragraphs,
        date=day,
        date_text=day.isoformat() if day else "",
        authors=found.authors,
        tags=tuple(dict.fromkeys(t.strip() for t in tags if t.strip())),
        url=found.url or url,
        source_path=source_path,
    )


def parse_page_bytes(data: bytes, path: str | None = None) -> Article:
    """A saved web page (``.html``, ``.htm``) as an article, for ``reader import``."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleParseError(path, f"too big: {len(data):,} bytes")
    name = (path or "").rsplit("/", 1)[-1]
    article = page_article(data, fallback_title=name, source_path=path)
    if article is None:
        raise ArticleParseError(path, "no article text found in the page")
    return article
