"""What a parse has found so far, before it becomes a frozen Article."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reader.parsing.dates import parse_date
from reader.parsing.fields import normal_authors, split_tags
from reader.parsing.text import squash

__all__ = ["Draft"]


@dataclass(slots=True)
class Draft:
    """Mutable fields of an article being parsed; ``reader.article`` freezes it.

    The setters keep the first value of a one-valued field and warn about later ones, so a
    file that repeats a header line loses nothing silently.
    """

    title: str | None = None
    body: list[str] = field(default_factory=list)
    date: dt.date | None = None
    date_text: str = ""
    authors: list[str] = field(default_factory=list)
    section: str = ""
    tags: list[str] = field(default_factory=list)
    url: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set)

    def set_date(self, text: str, parsed: dt.date | None = None) -> None:
        """Keep the date as written; warn (never fail) when it names no day."""
        text = squash(text)
        if self._repeated("date", text):
            return
        self.date_text = text
        self.date = parsed if parsed is not None else parse_date(text)
        if self.date is None and text:
            self.warnings.append(f"unrecognised publication date {text!r}; kept as text")

    def set_section(self, text: str) -> None:
        text = squash(text)
        if not self._repeated("section", text):
            self.section = text

    def set_url(self, url: str) -> None:
        if not self._repeated("url", url):
            self.url = url

    def add_authors(self, names: list[str]) -> None:
        """Add bylines or single names; each is split and cleaned the one way it reads back."""
        self.authors.extend(normal_authors(names))

    def add_tags(self, tags: list[str]) -> None:
        """Add tags; a comma inside one (from a front-matter list) separates tags, as in exports."""
        pieces = [piece for tag in tags for piece in tag.split(",")]
        self.tags = split_tags([*self.tags, *pieces])

    def add_extra(self, key: str, value: str) -> None:
        value = squash(value)
        if key in self.extra:
            self.warnings.append(f"repeated field {key!r}; kept the first value")
        else:
            self.extra[key] = value

    def _repeated(self, name: str, value: str) -> bool:
        """Should this value be ignored? (It is empty, or the field is already set.)"""
        if not value:
            return True
        if name in self._seen:
            self.warnings.append(f"repeated {name} {value!r}; kept the first value")
            return True
        self._seen.add(name)
        return False
