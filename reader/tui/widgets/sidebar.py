"""The sidebar: library views, feeds, saved searches, tags and sections, each a query string.

Selecting an entry posts ``ViewSelected(query, label)``; the sidebar never touches the store, it
is given plain counts by the screen (which fetched them in a worker).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.app import QueryError, quote_term
from reader.tui import keys
from reader.tui.messages import ViewSelected
from reader.tui.text import component_style, safe_line

#: The fixed library views: (label, query, key into Library.view_counts()).
LIBRARY_VIEWS: tuple[tuple[str, str, str], ...] = (
    ("All", "", "all"),
    ("Unread", "is:unread", "unread"),
    ("Bookmarked", "is:bookmarked", "bookmarked"),
    ("Highlighted", "is:highlighted", "highlighted"),
)

#: Tags shown per group before the rest collapse into a "… N more" entry.
COLLAPSED_TAGS = 8
MORE = "more:"


def quote_value(value: str) -> str:
    """``quote_term``; a tag or section holding a double quote (which no query can name) is
    offered without it."""
    try:
        return quote_term(value)
    except QueryError:
        return quote_term(" ".join(value.replace('"', " ").split()))


@dataclass
class SidebarData:
    """Everything the sidebar shows, fetched by the screen in one worker round trip."""

    views: dict[str, int] = field(default_factory=dict)
    saved: list[tuple[str, str]] = field(default_factory=list)
    """(name, query)"""
    tags: list[tuple[str, int, str]] = field(default_factory=list)
    """(name, count, kind) with kind "user" or "article"."""
    sections: list[tuple[str, int]] = field(default_factory=list)
    feeds: list[tuple[str, int, str, str]] = field(default_factory=list)
    """(title, unread, query, last error): a feed with an error is marked failing."""


class Sidebar(OptionList):
    """Library views, saved searches, tags and sections with counts."""

    DEFAULT_CSS = """
    Sidebar { width: 26; scrollbar-gutter: stable; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"sidebar--heading", "sidebar--count"}
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("sidebar")

    @dataclass
    class SavedSearchAction(Message):
        """Rename or delete the saved search under the cursor (the screen asks, then writes)."""

        action: str
        """``rename`` or ``delete``."""
        name: str

    BORDER_TITLE = "Library"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, classes=classes)
        self.data = SidebarData()
        self._count_style = Style()
        self.expanded: set[str] = set()
        """Tag groups the user has opened in full (the long tail is collapsed at first)."""
        self._entries: dict[str, tuple[str, str]] = {}
        self._saved: dict[str, str] = {}
        """Option id -> name of each saved search entry."""

    def set_data(
        self,
        data: SidebarData,
        current_query: str | None = None,
        keep_saved: str | None = None,
    ) -> None:
        """Rebuild the entries, keeping the highlighted one when it still exists: the saved
        search ``keep_saved`` (or the one under the cursor while the sidebar has the focus) by
        its name, else the entry of ``current_query``."""
        if keep_saved is None and self.has_focus:
            keep_saved = self.highlighted_saved_search()
        self.data = data
        self._rebuild(current_query, keep_saved)

    def on_resize(self) -> None:
        self._rebuild(self._highlighted_query(), self.highlighted_saved_search())

    def highlighted_saved_search(self) -> str | None:
        """The name of the saved search under the cursor, if the cursor is on one."""
        index = self.highlighted
        if index is None or index >= self.option_count:
            return None
        return self._saved.get(self.get_option_at_index(index).id or "")

    def select_saved_search(self, name: str) -> bool:
        """Put the cursor on the saved search ``name`` (False when there is none)."""
        found = next((oid for oid, n in self._saved.items() if n == name), None)
        if found is None:
            return False
        self.highlighted = int(found)
        return True

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()  # rename / delete show in the footer on a saved search only

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rename_saved", "delete_saved"):
            return self.highlighted_saved_search() is not None
        return True

    def action_rename_saved(self) -> None:
        if (name := self.highlighted_saved_search()) is not None:
            self.post_message(self.SavedSearchAction("rename", name))

    def action_delete_saved(self) -> None:
        if (name := self.highlighted_saved_search()) is not None:
            self.post_message(self.SavedSearchAction("delete", name))

    def _highlighted_query(self) -> str | None:
        index = self.highlighted
        if index is None:
            return None
        option = self.get_option_at_index(index)
        entry = self._entries.get(option.id or "")
        return entry[0] if entry else None

    def _line(self, label: str, count: int | None) -> Table:
        """A label and its count, laid out when drawn: the count stays at the right edge
        whatever the width turns out to be (a scrollbar appearing after the sidebar was built
        used to push every count out of sight)."""
        line = Table.grid(expand=True, padding=(0, 0, 0, 1))
        line.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        line.add_column(justify="right", no_wrap=True)
        name = Text("  " + safe_line(label), no_wrap=True, overflow="ellipsis")
        line.add_row(name, Text("" if count is None else str(count), style=self._count_style))
        return line

    def _rebuild(self, keep: str | None, keep_saved: str | None = None) -> None:
        options: list[Option] = []
        self._entries.clear()
        self._saved.clear()
        heading_style = component_style(self, "sidebar--heading")
        self._count_style = component_style(self, "sidebar--count")

        def heading(title: str) -> None:
            options.append(Option(Text(title, style=heading_style), disabled=True))

        def entry(label: str, query: str, count: int | None) -> None:
            option_id = f"{len(options)}"
            self._entries[option_id] = (query, label)
            options.append(Option(self._line(label, count), id=option_id))

        heading("LIBRARY")
        for label, query, key in LIBRARY_VIEWS:
            entry(label, query, self.data.views.get(key))
        if self.data.feeds:
            heading("FEEDS")
            for title, unread, query, error in self.data.feeds:
                entry(f"! {title}" if error else title, query, unread)
        if self.data.saved:
            heading("SAVED")
            for name, query in self.data.saved:
                self._saved[f"{len(options)}"] = name
                entry(name, query, None)
        if self.data.sections:
            heading("SECTIONS")
            for name, count in self.data.sections:
                entry(name, f"section:{quote_value(name)}", count)
        user = [t for t in self.data.tags if t[2] == "user"]
        article = [t for t in self.data.tags if t[2] != "user"]
        for title, tags in (("MY TAGS", user), ("TAGS", article)):
            if not tags:
                continue
            heading(title)
            shown = tags if title in self.expanded else tags[:COLLAPSED_TAGS]
            for name, count, _kind in shown:
                entry(name, f"tag:{quote_value(name)}", count)
            hidden = len(tags) - len(shown)
            if hidden > 0:
                option_id = f"{MORE}{title}"
                options.append(Option(self._line(f"… {hidden} more", None), id=option_id))

        self.set_options(options)
        target = None
        if keep_saved is not None:  # a saved search is kept by its name (two may share a query)
            target = next((oid for oid, n in self._saved.items() if n == keep_saved), None)
        if target is None:
            target = next((oid for oid, (q, _l) in self._entries.items() if q == keep), None)
        if target is None:
            target = next(iter(self._entries))
        self.highlighted = int(target)
        self.refresh_bindings()

    def entries(self) -> list[tuple[str, str]]:
        """(label, query) of every selectable entry, in order (for the palette and tests)."""
        return [(label, query) for query, label in self._entries.values()]

    def first_tag_index(self) -> int | None:
        for option_id, (query, _label) in self._entries.items():
            if query.startswith("tag:"):
                return int(option_id)
        return None

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id.startswith(MORE):
            self.expanded.add(option_id.removeprefix(MORE))
            index = self.highlighted
            self._rebuild(None)
            self.highlighted = index  # the first of the tags that were hidden
            return
        entry = self._entries.get(option_id)
        if entry is not None:
            self.post_message(ViewSelected(*entry))


def tag_names(tags: Sequence[tuple[str, int, str]]) -> list[str]:
    """Distinct tag names, case-insensitively, in sidebar order (for completion)."""
    seen: set[str] = set()
    names: list[str] = []
    for name, _count, _kind in tags:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names
