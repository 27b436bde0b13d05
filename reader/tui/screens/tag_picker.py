"""Jump to a tag by typing part of its name: faster than scrolling the sidebar's tag list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList
from textual.widgets.option_list import Option

from reader.tui.text import safe_line


class TagPicker(ModalScreen[str | None]):
    """Type to filter, arrows to move, enter to pick; answers with the tag name or ``None``."""

    CSS_PATH = "tag_picker.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", key_display="esc"),
        Binding("down", "move(1)", "Next", show=False, priority=True),
        Binding("up", "move(-1)", "Previous", show=False, priority=True),
    ]

    def __init__(self, tags: Sequence[tuple[str, int]]) -> None:
        super().__init__()
        self.tags = sorted(tags, key=lambda item: (-item[1], item[0].casefold()))
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog"):
            yield Input(placeholder="Filter tags", id="picker-input")
            yield OptionList(id="picker-options")
        yield Footer()

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#picker-input", Input).focus()

    def _fill(self, text: str) -> None:
        needle = text.strip().casefold()
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        self.shown = [name for name, _ in self.tags if needle in name.casefold()]
        counts = dict(self.tags)
        prefix_first = sorted(self.shown, key=lambda n: not n.casefold().startswith(needle))
        self.shown = prefix_first
        options.add_options(
            Option(Text.assemble(safe_line(name), (f"  {counts[name]}", "dim")))
            for name in self.shown
        )
        if self.shown:
            options.highlighted = 0

    @on(Input.Changed, "#picker-input")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-input")
    def _submit(self) -> None:
        index = self.query_one("#picker-options", OptionList).highlighted
        if index is not None and index < len(self.shown):
            self.dismiss(self.shown[index])

    @on(OptionList.OptionSelected, "#picker-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index])

    def action_move(self, step: int) -> None:
        options = self.query_one("#picker-options", OptionList)
        if not self.shown:
            return
        current = options.highlighted or 0
        options.highlighted = max(0, min(len(self.shown) - 1, current + step))

    def action_cancel(self) -> None:
        self.dismiss(None)
