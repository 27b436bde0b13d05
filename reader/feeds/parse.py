"""Feed documents (RSS 0.9x/1.0/2.0, Atom 0.3/1.0 via feedparser; JSON Feed 1.0/1.1 read here)
to plain :class:`ParsedFeed` values.

feedparser only ever sees bytes the fetcher downloaded (never a URL: it has no timeout), with
the response's headers so a declared charset is weighed against the document's own, and its
HTML sanitiser stays on.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from reader.parsing.html import html_to_paragraphs

#: Under this many words an entry's text is taken for a summary (its page holds the article).
SUMMARY_WORDS = 150
_MORE_MARKERS = ("…", "...", "[…]", "[...]", "read more", "continue reading")


#: What feedparser flags but a reader need not worry about (a missing or wrong content type).
_HARMLESS = (
    feedparser.exceptions.NonXMLContentType,
    feedparser.exceptions.CharacterEncodingOverride,
)


class FeedParseError(Exception):
    """The bytes are no feed at all; ``str()`` is one line."""


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    """What identifies the entry within its feed: ``id:`` its id, else ``link:`` its link,
    else ``hash:`` a digest of its title and content."""
    title: str
    link: str
    authors: tuple[str, ...]
    published: datetime | None
    updated: datetime | None
    paragraphs: tuple[str, ...]
    """The best text the feed gives: full content when present, else the summary."""
    has_full_content: bool
    """False when the feed only gives a summary (or content too short to be the article)."""
    tags: tuple[str, ...] = ()

    @property
    def is_summary(self) -> bool:
        return not self.has_full_content


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    link: str
    """The site the feed belongs to."""
    version: str
    """``rss20``, ``atom10``, ``json11`` ...: what the document turned out to be."""
    entries: tuple[Entry, ...]
    warning: str | None = None
    """Set when the document was ill-formed but still read (feedparser's "bozo")."""


def parse_feed(data: bytes, url: str = "", headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Parse a downloaded feed; raises FeedParseError when it is no feed at all."""
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    ctype = headers.get("content-type", "").lower()
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if "json" in ctype or stripped.startswith(b"{"):
        return parse_json_feed(data, url)
    return _parse_xml(data, url, headers)


def _parse_xml(data: bytes, url: str, headers: dict[str, str]) -> ParsedFeed:
    # No content-location: feedparser would resolve ids against it, and an entry's id must not
    # change when its feed moves. Links are resolved here instead.
    wanted = {k: v for k, v in headers.items() if k == "content-type"}
    parsed = feedparser.parse(data, response_headers=wanted, sanitize_html=True)
    version = str(parsed.get("version") or "")
    entries = parsed.get("entries") or []
    feed = parsed.get("feed") or {}
    if not version and not entries and not feed.get("title"):
        reason = parsed.get("bozo_exception")
        detail = f": {_one_line(str(reason))}" if reason else ""
        raise FeedParseError(f"not a feed (no RSS, Atom or JSON Feed found){detail}")
    warning = None
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(exc, _HARMLESS):
        warning = "ill-formed feed: " + _one_line(str(exc) if exc else "(no detail)")
    base = url or str(feed.get("link") or "")
    out = [_xml_entry(e, base) for e in entries]
    return ParsedFeed(
        title=_clean(feed.get("title", "")),
        link=urljoin(url, str(feed.get("link") or "")) if feed.get("link") else "",
        version=version or "unknown",
        entries=tuple(out),
        warning=warning,
    )


def _xml_entry(e: Any, base: str) -> Entry:
    content_html = ""
    for item in e.get("content") or []:
        value = item.get("value") or ""
        if len(value) > len(content_html):
            content_html = value
    summary_html = e.get("summary") or ""
    has_content = bool(content_html.strip())
    text = content_html if has_content else summary_html
    paragraphs = tuple(html_to_paragraphs(text))
    link = urljoin(base, str(e.get("link") or "")) if e.get("link") else ""
    title = _clean(e.get("title", "")) or _first_words(paragraphs) or link or "(untitled)"
    authors: list[str] = []
    for a in e.get("authors") or []:
        name = _clean(a.get("name") or a.get("email") or "")
        if name and name not in authors:
            authors.append(name)
    if not authors and e.get("author"):
        authors.append(_clean(e.get("author")))
    tags = tuple(
        dict.fromkeys(_clean(t.get("term") or t.get("label") or "") for t in e.get("tags") or [])
    )
    return Entry(
        key=_key(str(e.get("id") or ""), link, title, paragraphs),
        title=title,
        link=link,
        authors=tuple(authors),
        published=_struct_time(dict.get(e, "published_parsed")),
        updated=_struct_time(dict.get(e, "updated_parsed")),
        paragraphs=paragraphs,
        has_full_content=_is_full(paragraphs, has_content),
        tags=tuple(t for t in tags if t),
    )


def parse_json_feed(data: bytes, url: str = "") -> ParsedFeed:
    """JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise FeedParseError(f"not a JSON Feed: {_one_line(str(exc))}") from exc
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise FeedParseError("not a JSON Feed (no jsonfeed.org version)")
    version = "json11" if str(doc["version"]).endswith("1.1") else "json10"
    base = _str(doc.get("home_page_url")) or url
    feed_authors = _json_authors(doc)
    entries: list[Entry] = []
    items = doc.get("items")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        content_html = _str(item.get("content_html"))
        content_text = _str(item.get("content_text"))
        summary = _str(item.get("summary"))
        if content_html:
            paragraphs = tuple(html_to_paragraphs(content_html))
        elif content_text:
            paragraphs = tuple(html_to_paragraphs(_plain_to_html(content_text)))
        else:
            paragraphs = tuple(html_to_paragraphs(_plain_to_html(summary)))
        has_content = bool(content_html or content_text)
        link = _str(item.get("url")) or _str(item.get("external_url"))
        link = urljoin(base, link) if link else ""
        title = _clean(_str(item.get("title"))) or _first_words(paragraphs) or link or "(untitled)"
        raw_id = item.get("id")
        entry_id = str(raw_id) if isinstance(raw_id, (str, int, float)) else ""
        tags = item.get("tags")
        entries.append(
            Entry(
                key=_key(entry_id, link, title, paragraphs),
                title=title,
                link=link,
                authors=_json_authors(item) or feed_authors,
                published=_iso(_str(item.get("date_published"))),
                updated=_iso(_str(item.get("date_modified"))),
                paragraphs=paragraphs,
                has_full_content=_is_full(paragraphs, has_content),
                tags=tuple(
                    dict.fromkeys(_clean(t) for t in tags if isinstance(t, str) and t.strip())
                )
                if isinstance(tags, list)
                else (),
            )
        )
    return ParsedFeed(_clean(_str(doc.get("title"))), base, version, tuple(entries))


def _json_authors(obj: dict[str, Any]) -> tuple[str, ...]:
    found: list[str] = []
    authors = obj.get("authors")
    if not isinstance(authors, list):
        authors = [obj["author"]] if isinstance(obj.get("author"), dict) else []
    for a in authors:
        if isinstance(a, dict):
            name = _clean(_str(a.get("name")))
            if name and name not in found:
                found.append(name)
    return tuple(found)


def _plain_to_html(text: str) -> str:
    import html

    return "".join(f"<p>{html.escape(block)}</p>" for block in text.split("\n\n"))


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _is_full(paragraphs: tuple[str, ...], has_content: bool) -> bool:
    words = sum(len(p.split()) for p in paragraphs)
    if words >= SUMMARY_WORDS and has_content:
        return True
    if not paragraphs:
        return False
    tail = paragraphs[-1].rstrip().lower()
    if tail.endswith(_MORE_MARKERS):
        return False
    return has_content and words >= SUMMARY_WORDS // 3


def _key(entry_id: str, link: str, title: str, paragraphs: tuple[str, ...]) -> str:
    entry_id = entry_id.strip()
    if entry_id:
        return "id:" + entry_id
    if link:
        return "link:" + link
    digest = hashlib.sha256("\n".join((title, *paragraphs)).encode("utf-8", "replace"))
    return "hash:" + digest.hexdigest()[:32]


def _struct_time(value: time.struct_time | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _iso(text: str) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _clean(text: object) -> str:
    return " ".join(str(text or "").split())


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


def _first_words(paragraphs: tuple[str, ...]) -> str:
    if not paragraphs:
        return ""
    words = paragraphs[0].split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
