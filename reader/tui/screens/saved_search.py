"""Renaming and deleting a saved search: a name prompt and a confirmation.

Both work on plain values and answer through ``dismiss``; the main screen writes the change
through the session, so neither touches the store.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from reader.tui.text import safe_line


class RenameSearch(ModalScreen[str | None]):
    """The new name of a saved search: enter renames, escape keeps the old name."""

    CSS_PATH = "saved_search.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Keep the name", key_display="esc"),
    ]

    def __init__(self, name: str, query: str) -> None:
        super().__init__()
        self.old_name = name
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical(id="saved-dialog", classes="saved-rename"):
            heading = Text("Rename saved search  ", style="bold")
            heading.append(safe_line(self.old_name), style="italic")
            yield Static(heading, id="saved-title")
            yield Static(Text(safe_line(self.query_text) or "(everything)"), id="saved-query")
            yield Input(value=self.old_name, id="saved-name")
            yield Static(Text("enter renames · esc keeps the name"), id="saved-hint")
        yield Footer()

    def on_mount(self) -> None:
        name = self.query_one("#saved-name", Input)
        name.focus()
        name.select_all()  # typing replaces the old name; an arrow key edits it

    @on(Input.Submitted, "#saved-name")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = " ".join(event.value.split())
        self.dismiss(name if name and name != self.old_name else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DeleteSearch(ModalScreen[bool]):
    """``y`` / enter on Delete deletes, ``n`` / escape keeps; only the search goes, never the
    articles it finds."""

    CSS_PATH = "saved_search.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Delete"),
        Binding("n,escape", "answer(False)", "Keep", key_display="n/esc"),
    ]

    def __init__(self, name: str, query: str) -> None:
        super().__init__()
        self.search_name = name
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical(id="saved-dialog", classes="saved-delete"):
            heading = Text("Delete saved search  ", style="bold")
            heading.append(safe_line(self.search_name), style="italic")
            yield Static(heading, id="saved-title")
            yield Static(Text(safe_line(self.query_text) or "(everything)"), id="saved-query")
            yield Static(
                Text("The articles it finds stay in the library.", style="dim"), id="saved-hint"
            )
            with Horizontal(id="saved-buttons"):
                yield Button("Delete", variant="error", id="saved-yes")
                yield Button("Keep", id="saved-no")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#saved-no", Button).focus()

    @on(Button.Pressed, "#saved-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#saved-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, delete: bool) -> None:
        self.dismiss(delete)
