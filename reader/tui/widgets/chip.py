"""A tag shown as a chip: focusable and removable with the keyboard or a click on its ✕.

Tag names come from article files and from the user, so they are rendered as plain ``Text``
after sanitising; a tag called ``[bold]x`` shows exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

from reader.tui.text import safe_line

_REMOVE = " ✕"


class Chip(Widget):
    """One tag. Read-only chips (the article's own tags) have no ✕ and take no focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,backspace,x", "remove", "Remove tag", key_display="del"),
    ]

    DEFAULT_CSS = """
    Chip {
        width: auto;
        height: 1;
        padding: 0 1;
        margin: 0 1 0 0;
        background: $primary 30%;
        color: $text;
    }
    Chip.-readonly { background: $panel; color: $text-muted; }
    Chip:focus { background: $accent; color: $text; text-style: bold; }
    Chip:hover { background: $primary 50%; }
    """

    @dataclass
    class Removed(Message):
        """The user asked to remove this chip's tag."""

        chip: Chip
        tag: str

    def __init__(self, tag: str, *, removable: bool = True) -> None:
        super().__init__(classes="" if removable else "-readonly")
        self.tag = tag
        self.removable = removable
        self.can_focus = removable
        self.tooltip = f"Remove “{safe_line(tag)}”" if removable else "The article's own tag"

    def render(self) -> Text:
        text = Text(safe_line(self.tag), no_wrap=True, end="")
        if self.removable:
            text.append(_REMOVE, style="bold")
        return text

    def action_remove(self) -> None:
        if self.removable:
            self.post_message(self.Removed(self, self.tag))

    def on_click(self, event: events.Click) -> None:
        # The ✕ is the last cell of the content; a click elsewhere just focuses the chip.
        if not self.removable:
            return
        offset = event.get_content_offset(self)
        if offset is not None and offset.x >= self.content_size.width - len(_REMOVE):
            event.stop()
            self.action_remove()
