"""Finding the feed of a web page: its ``<link rel="alternate">`` naming a feed type."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.base = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and values.get("href") and not self.base:
            self.base = values["href"]
        if tag != "link":
            return
        rel = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        href = values.get("href", "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            self.found.append((FEED_TYPES.index(kind), href))


def looks_like_html(data: bytes, content_type: str = "") -> bool:
    head = data[:2048].lstrip().lower()
    return "html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


def feed_links(page: bytes, url: str) -> list[str]:
    """The feeds a page names, best first (RSS, Atom, JSON Feed before generic XML)."""
    parser = _Links()
    try:
        parser.feed(page[:1_000_000].decode("utf-8", "replace"))
        parser.close()
    except (AssertionError, ValueError):
        pass
    base = urljoin(url, parser.base) if parser.base else url
    ordered = sorted(enumerate(parser.found), key=lambda item: (item[1][0], item[0]))
    return list(dict.fromkeys(urljoin(base, href) for _, (_, href) in ordered))
