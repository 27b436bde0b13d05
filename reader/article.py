"""The Article value: what every layer (store, TUI, CLI, digest) passes around.

It is a frozen, plain value so that it can cross threads (TUI workers) and processes
(cron digests) without anyone worrying about who else holds it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date as Date
from types import MappingProxyType

#: Words a minute used for reading-time estimates (a common figure for news prose).
WORDS_PER_MINUTE = 230


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
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.body)

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
