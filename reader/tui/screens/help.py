"""The key reference, built from the same table as the bindings so it cannot drift from them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

Groups = Sequence[tuple[str, Sequence[tuple[str, str]]]]
#: From this width the groups are shown in two columns.
WIDE = 110

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
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            with VerticalScroll(id="help-body"):
                # Two columns when the screen is wide enough (everything in view at 120x40),
                # one under the other when it is not.
                with Horizontal(id="help-columns"):
                    for column in self._columns():
                        with Vertical(classes="help-column"):
                            for name, entries in column:
                                table = self._group_table(name, entries)
                                yield Static(table, classes="help-group")
                yield Static(Text(_INTRO), id="help-query")
                yield Static(Text(_SAMPLES), id="help-samples")
        yield Footer()

    def _columns(self) -> list[list[tuple[str, list[tuple[str, str]]]]]:
        """The groups in order, split in two columns of about the same height."""
        lines = [len(entries) + 2 for _name, entries in self.groups]
        total, running = sum(lines), 0
        for index, count in enumerate(lines):
            if running + count / 2 > total / 2:
                return [self.groups[:index], self.groups[index:]]
            running += count
        return [self.groups, []]

    @staticmethod
    def _group_table(name: str, entries: Sequence[tuple[str, str]]) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(min_width=10, style="bold", no_wrap=True)
        table.add_column()
        # The heading underlined as far as its words go, not across the table's width.
        table.title = Text.assemble((name, "bold underline"))
        table.title_justify = "left"
        for keys, description in entries:
            table.add_row(Text(keys), Text(description))
        return table

    def on_resize(self) -> None:
        self.set_class(self.size.width >= WIDE, "-wide")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
