"""An article's full text from its web page, with trafilatura (comments left out).

The feed's own text stays when extraction fails or finds less than the feed gave: a page
behind a paywall or a cookie wall is not the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from reader.feeds.text import plain_paragraphs

#: Extracted text shorter than this many words is not taken for the article.
MIN_WORDS = 40


@dataclass(frozen=True, slots=True)
class Extracted:
    paragraphs: tuple[str, ...]
    title: str = ""
    authors: tuple[str, ...] = ()
    published: datetime | None = None

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


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
    except Exception:  # a hostile page must not stop a fetch; the feed's text stays
        return None
    if doc is None:
        return None
    values = doc if isinstance(doc, dict) else doc.as_dict()
    paragraphs = tuple(plain_paragraphs(_paragraph_breaks(str(values.get("text") or ""))))
    if not paragraphs:
        return None
    author = str(values.get("author") or "")
    authors = tuple(a.strip() for a in re.split(r";|\band\b", author) if a.strip())
    return Extracted(
        paragraphs=paragraphs,
        title=" ".join(str(values.get("title") or "").split()),
        authors=authors,
        published=_date(values.get("date")),
    )


def _paragraph_breaks(text: str) -> str:
    # trafilatura puts one paragraph per line
    return "\n\n".join(line for line in text.splitlines() if line.strip())


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
