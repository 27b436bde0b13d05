"""Writing the bookmark note of one article.

As in the tag editor, every change goes to the store at once: what is typed is saved as the
user types (a moment after the last key) and when the dialog closes, by enter or escape alike,
so closing never loses a word. The first save bookmarks an article that was not bookmarked;
an empty note clears the note and keeps the bookmark. The dialog works on plain values and
reports each save through the callback it is given (the screen writes it through the session).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from reader.tui.text import safe_line

#: Seconds after the last key before what is typed is saved.
SAVE_AFTER = 0.4


class BookmarkNote(ModalScreen[None]):
    """One line of note; saved as it is typed, and on enter or escape (both close)."""

    CSS_PATH = "bookmark_note.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", key_display="esc"),
        Binding("ctrl+s", "close", "Close", key_display="^s", show=False, priority=True),
    ]

    def __init__(
        self,
        title: str,
        note: str,
        bookmarked: bool,
        on_save: Callable[[str], object],
    ) -> None:
        super().__init__()
        self.article_title = title
        self.bookmarked = bookmarked
        self._on_save = on_save
        self.saved = safe_line(note)
        """The note as the store has it (as shown: on one line)."""
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            heading = Text("Bookmark note  ", style="bold")
            heading.append(safe_line(self.article_title), style="italic")
            yield Static(heading, id="note-title")
            yield Static(self._status(), id="note-status")
            yield Input(
                value=self.saved,
                placeholder="A note for yourself and the briefing",
                id="note-input",
            )
            yield Static(
                Text("saved as you type · enter or esc closes · empty clears it"),
                id="note-hint",
            )
        yield Footer()

    def _status(self) -> Text:
        if self.bookmarked:
            return Text("★ Bookmarked", style="bold")
        return Text("Not bookmarked yet: the note bookmarks it")

    def on_mount(self) -> None:
        note = self.query_one("#note-input", Input)
        note.focus()
        note.cursor_position = len(note.value)  # go on writing; nothing selected to lose

    @on(Input.Changed, "#note-input")
    def _typed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_AFTER, self.save)

    def save_now(self) -> None:
        """The app is quitting: what is typed is saved now, not a moment after the last key."""
        if self.is_mounted:
            self.save()

    def save(self) -> None:
        """Write the note if it differs from what the store has."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        note = self.query_one("#note-input", Input).value.strip()
        if note == self.saved:
            return
        self._on_save(note)
        self.saved = note
        if not self.bookmarked:
            self.bookmarked = True
            self.query_one("#note-status", Static).update(self._status())

    @on(Input.Submitted, "#note-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_close()

    def action_close(self) -> None:
        """Save what is typed, then close."""
        self.save()
        self.dismiss(None)
