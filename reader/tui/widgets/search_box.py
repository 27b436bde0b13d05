"""The search box: the query language, typed live, with errors shown inline.

The box only reports what the user typed; the screen runs the query in a worker and tells the
box whether it parsed (``show_error``), so a malformed query is a message, never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from reader.tui import keys
from reader.tui.text import safe_line


class SearchBox(Vertical):
    """An ``Input`` for the query plus a one-line error under it when the query is malformed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        b
        for b in keys.bindings("search")
        if not (isinstance(b, Binding) and b.action == "submit_search")
    ]

    DEFAULT_CSS = """
    SearchBox { height: auto; }
    SearchBox #search-error { display: none; color: $error; padding: 0 1; }
    SearchBox.-error #search-error { display: block; }
    SearchBox.-error Input { border: tall $error; }
    """

    @dataclass
    class Changed(Message):
        """The query text changed (live search)."""

        text: str

    @dataclass
    class Done(Message):
        """Enter: keep the query and go to the list."""

        text: str

    @dataclass
    class Cleared(Message):
        """Escape: drop the query."""

    @dataclass
    class SaveRequested(Message):
        text: str

    def compose(self) -> ComposeResult:
        yield Input(placeholder='/ search: words "a phrase" tag:x is:unread -is:read', id="search")
        yield Static("", id="search-error")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def value(self) -> str:
        return self.input.value

    def set_value(self, text: str) -> None:
        """Set the text without announcing it as a change (restoring state)."""
        with self.input.prevent(Input.Changed):
            self.input.value = text

    def show_error(self, message: str | None) -> None:
        self.set_class(message is not None, "-error")
        self.query_one("#search-error", Static).update(Text(safe_line(message or "")))

    @property
    def error(self) -> str | None:
        if not self.has_class("-error"):
            return None
        return str(self.query_one("#search-error", Static).content)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done(event.value))

    def action_clear_search(self) -> None:
        self.set_value("")
        self.show_error(None)
        self.post_message(self.Cleared())

    def action_save_search(self) -> None:
        if self.value.strip():
            self.post_message(self.SaveRequested(self.value.strip()))
