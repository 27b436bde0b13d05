"""Messages that cross widget boundaries (widget-local ones are nested in their widgets)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from reader.app import LibraryError


@dataclass
class LibraryOpened(Message):
    """The library is open (and samples imported if needed): screens may start loading."""


@dataclass
class StoreChanged(Message):
    """Another process committed to the store: counts and visible rows are stale."""


@dataclass
class ViewSelected(Message):
    """A sidebar entry was chosen; every entry is just a query of the query language."""

    query: str
    label: str


@dataclass
class LibraryFault(Message):
    """A library call failed: the app shows the damaged-library screen for damage, else a
    notification (posted from worker threads; it bubbles up to the app)."""

    error: LibraryError
