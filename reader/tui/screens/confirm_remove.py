"""Asks before articles are removed: how many, a few titles, and what goes with them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from reader.tui.text import safe_line

#: Titles listed in the dialog; the rest are counted.
SHOWN = 5


class ConfirmRemove(ModalScreen[bool]):
    """``y`` / enter on Remove removes, ``n`` / escape keeps; answers True to remove."""

    CSS_PATH = "confirm_remove.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Remove"),
        Binding("n,escape", "answer(False)", "Keep", key_display="n/esc"),
    ]

    def __init__(self, count: int, titles: Sequence[str], what: str = "") -> None:
        super().__init__()
        self.count = count
        self.titles = list(titles)
        self.what = what

    def compose(self) -> ComposeResult:
        plural = "" if self.count == 1 else "s"
        heading = Text(f"Remove {self.count} article{plural}", style="bold")
        if self.what:
            heading.append(" · ")
            heading.append(safe_line(self.what))
        lines = Text()
        for title in self.titles[:SHOWN]:
            lines.append("• ")
            lines.append(safe_line(title))
            lines.append("\n")
        if self.count > min(SHOWN, len(self.titles)):
            lines.append(f"… and {self.count - min(SHOWN, len(self.titles))} more\n", style="dim")
        lines.append(
            "Their tags, bookmarks, notes, highlights and read marks go with them; their files "
            "stay out of later imports of the folder.",
            style="dim",
        )
        with Vertical(id="remove-dialog"):
            yield Static(heading, id="remove-title")
            yield Static(lines, id="remove-list")
            with Horizontal(id="remove-buttons"):
                yield Button("Remove", variant="error", id="remove-yes")
                yield Button("Keep", id="remove-no")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#remove-no", Button).focus()

    @on(Button.Pressed, "#remove-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#remove-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, remove: bool) -> None:
        self.dismiss(remove)
