"""What every read-later export becomes: plain values, whatever service wrote the file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SavedHighlight:
    quote: str
    note: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SavedItem:
    """One saved page, with everything the service knew about it."""

    url: str
    title: str = ""
    tags: tuple[str, ...] = ()
    """The user's labels, folders and tags: they become the user's tags."""
    saved_at: datetime | None = None
    published: str = ""
    """The publication date as the service wrote it (kept as text when it cannot be read)."""
    authors: tuple[str, ...] = ()
    description: str = ""
    body: tuple[str, ...] = ()
    """The article's text when the export carries it (HTML already turned into paragraphs)."""
    favourite: bool = False
    archived: bool = False
    note: str = ""
    """A note on the whole item: the bookmark's note."""
    highlights: tuple[SavedHighlight, ...] = ()
    where: str = ""
    """Where in the export it came from ("part_000001.csv line 12"), for messages."""


@dataclass
class ParsedExport:
    """A whole export: its items, the rows that could not be read, the fields not carried."""

    format: str
    """A display name: "Pocket", "Instapaper", ..."""
    items: list[SavedItem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """One line each, naming the file and line: the rest of the export is still imported."""
    unmapped: set[str] = field(default_factory=set)
    """Field names the export has and the library has no place for."""
    became: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    """What each value of a state field became, counted: ``("Location", "shortlist",
    "bookmark")``: 3. Listed by ``--dry-run`` so the user sees how their lists were mapped."""


class NotAnExport(ValueError):
    """The file is none of the read-later formats (or is damaged beyond reading)."""
