"""The key reference, built from the same table as the bindings so it cannot drift from them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

Groups = Sequence[tuple[str, Sequence[tuple[str, str]]]]

_INTRO = (
    'Search with words, "a phrase", tag:x, author:x, section:x, is:unread, is:bookmarked, '
    "is:highlighted, after:2024-03-01, before:…; put - before a term to exclude it."
)
_SAMPLES = (
    "The sample articles of a new library are cleared in one step: the palette's "
    "“Remove sample articles” (ctrl+p), or reader remove --samples."
)


class HelpScreen(ModalScreen[None]):
    """Every key of the app, grouped the way the user thinks of them."""

    CSS_PATH = "help.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", key_display="esc"),
        Binding("j,down", "scroll(1)", "Scroll", show=False),
        Binding("k,up", "scroll(-1)", "Scroll", show=False),
    ]

    def __init__(self, groups: Groups) -> None:
        super().__init__()
        self.groups = [(name, list(entries)) for name, entries in groups]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            with VerticalScroll(id="help-body"):
                for name, entries in self.groups:
                    yield Static(self._group_table(name, entries), classes="help-group")
                yield Static(Text(_INTRO), id="help-query")
                yield Static(Text(_SAMPLES), id="help-samples")
        yield Footer()

    @staticmethod
    def _group_table(name: str, entries: Sequence[tuple[str, str]]) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(min_width=12, style="bold")
        table.add_column()
        table.title = name
        table.title_justify = "left"
        table.title_style = "bold underline"
        for keys, description in entries:
            table.add_row(Text(keys), Text(description))
        return table

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
