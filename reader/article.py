"""The Article value: what every layer (store, TUI, CLI, digest) passes around.

It is a frozen, plain value so that it can cross threads (TUI workers) and processes
(cron digests) without anyone worrying about who else holds it.
"""

from __future__ import annotations

import hashlib
import math
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from types import MappingProxyType

from reader.parsing.decode import check_not_binary, decode
from reader.parsing.draft import Draft
from reader.parsing.errors import MAX_ARTICLE_BYTES, ArticleParseError
from reader.parsing.export_format import format_export, read_layout
from reader.parsing.front_matter import read_front_matter, split_front_matter
from reader.parsing.words import count_words

__all__ = [
    "MAX_ARTICLE_BYTES",
    "WORDS_PER_MINUTE",
    "Article",
    "ArticleParseError",
    "format_article",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "stable_id_for",
]

#: Words a minute used for reading-time estimates (a common figure for news prose).
WORDS_PER_MINUTE = 230


#: Header fields (case ignored) that hold the article's standfirst: see ``Article.description``.
_DESCRIPTION_KEYS = ("description", "standfirst", "summary")


def _frozen_mapping(data: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True, slots=True)
class Article:
    """One article, as parsed from a file (or later a feed)."""

    title: str
    body: tuple[str, ...] = ()
    """Paragraphs, already re-joined across page breaks; text kept exactly as written."""
    date: Date | None = None
    date_text: str = ""
    """The date as written in the file; kept when it could not be parsed."""
    authors: tuple[str, ...] = ()
    section: str = ""
    tags: tuple[str, ...] = ()
    """The article's own tags (not the user's), trimmed and de-duplicated."""
    url: str = ""
    extra: Mapping[str, str] = field(default_factory=_frozen_mapping)
    """Unknown header fields, kept so nothing in the user's file is thrown away."""
    source_path: str | None = field(default=None, compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)
    """Non-fatal problems met while parsing (cp1252 fallback, unparseable date...)."""

    def __post_init__(self) -> None:
        if not isinstance(self.extra, MappingProxyType):
            object.__setattr__(self, "extra", _frozen_mapping(self.extra))

    @property
    def text(self) -> str:
        """The body as one string; character offsets (highlights, quotes) index into this."""
        return "\n\n".join(self.body)

    @property
    def description(self) -> str:
        """The article's standfirst, when its source gave one: a read-later service's
        description or excerpt, a Markdown file's ``description`` / ``summary`` header field.
        Kept among the header fields (``extra``); empty when there is none."""
        for key, found in self.extra.items():
            if key.casefold() in _DESCRIPTION_KEYS and found.strip():
                return " ".join(found.split())
        return ""

    @property
    def word_count(self) -> int:
        return sum(count_words(p) for p in self.body)

    @property
    def reading_minutes(self) -> int:
        """Whole minutes, at least 1 for any non-empty article."""
        words = self.word_count
        return max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0

    @property
    def content_hash(self) -> str:
        """Hash of what the user reads: changes when the article changes, not the file's bytes."""
        h = hashlib.blake2b(digest_size=16)
        for part in (self.title, self.date_text, "|".join(self.authors), self.section, self.url):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x1f")
        h.update("|".join(self.tags).encode("utf-8", "surrogatepass"))
        h.update(b"\x1e")
        h.update(self.text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    @property
    def stable_id(self) -> str:
        """Short id that survives re-import: from the URL when there is one, else the content.

        Eight base-32 characters (40 bits): collisions within one person's library are
        vanishingly rare, and the store lengthens an id if one ever happens.
        """
        return stable_id_for(self.url, self.title, self.text)


def stable_id_for(url: str, title: str, text: str) -> str:
    import base64

    key = ("url:" + url.strip()) if url.strip() else ("text:" + title.strip() + "\n" + text)
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:8]


def parse_file(path: Path | str) -> Article:
    """Read one article file, refusing (without reading) anything too big to be one.

    The size is checked with ``stat`` first so a multi-gigabyte file in an imported folder
    costs nothing; a FIFO or device is refused because reading it could block forever.
    """
    name = str(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise ArticleParseError(name, "is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise ArticleParseError(name, "not a regular file")
        if info.st_size > MAX_ARTICLE_BYTES:
            raise ArticleParseError(name, _too_big(info.st_size))
        with open(path, "rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)  # +1: the file may have grown since stat
    except OSError as exc:
        raise ArticleParseError(name, f"cannot read: {exc.strerror or exc}") from None
    return parse_bytes(data, name)


def parse_bytes(data: bytes, path: str | None = None) -> Article:
    """Decode (BOM, UTF-8, UTF-16, cp1252 fallback with a warning) and parse."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleParseError(path, _too_big(len(data)))
    text, warnings = decode(data, path)
    return _parse(text, path, warnings)


def parse_text(text: str, path: str | None = None) -> Article:
    """Parse the export layout, or Markdown with YAML/TOML front matter.

    Text is kept as written (escapes and markup included: displays sanitise); only NUL
    makes it unreadable, as binary.
    """
    check_not_binary(text, path)
    return _parse(text, path, [])


def format_article(article: Article) -> str:
    """The article in the export layout; ``parse_text(format_article(a)) == a``.

    That holds for every article parsing can produce (the normal form described in
    :mod:`reader.parsing.export_format`), so articles can be written out and re-imported.
    """
    return format_export(
        title=article.title,
        body=article.body,
        date_value=article.date,
        date_text=article.date_text,
        authors=article.authors,
        section=article.section,
        tags=article.tags,
        url=article.url,
        extra=article.extra,
    )


def _parse(text: str, path: str | None, warnings: list[str]) -> Article:
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ArticleParseError(path, "empty file")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    draft = Draft(warnings=warnings)
    front = split_front_matter(lines)
    if front is None:
        read_layout(lines, draft)
    else:
        kind, front_lines, body_start = front
        read_front_matter(kind, front_lines, draft)
        read_layout(lines[body_start:], draft, headers=False)
    title = draft.title
    if title is None:
        title = os.path.splitext(os.path.basename(path))[0] if path else ""
    return Article(
        title=title,
        body=tuple(draft.body),
        date=draft.date,
        date_text=draft.date_text,
        authors=tuple(draft.authors),
        section=draft.section,
        tags=tuple(draft.tags),
        url=draft.url,
        extra=draft.extra,
        source_path=path,
        warnings=tuple(draft.warnings),
    )


def _too_big(size: int) -> str:
    limit = MAX_ARTICLE_BYTES / 2**20
    shown = f"{size / 2**20:.1f} MB"
    if round(size / 2**20, 1) <= limit:  # "8.0 MB; the limit is 8 MB" would read as a bug
        shown = f"{size:,} bytes"
    return f"file is {shown}; the limit is {limit:g} MB"
