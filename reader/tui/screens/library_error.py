"""What the user sees when the library cannot be opened: the fault, where, and the way out.

A crash with a traceback would leave the user guessing whether their tags and bookmarks are
gone; this screen names the file and the safe ways forward, and touches nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.tui.text import safe_line


class LibraryErrorScreen(Screen[None]):
    """Full screen, because without a library there is nothing else to show."""

    CSS_PATH = "library_error.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "quit", "Quit", key_display="q"),
    ]

    def __init__(self, message: str, library_dir: Path | None, *, damaged: bool = False) -> None:
        super().__init__()
        self.message = message
        self.library_dir = library_dir
        self.damaged = damaged

    def compose(self) -> ComposeResult:
        title = "The library is damaged" if self.damaged else "The library could not be opened"
        with Vertical(id="error-box"):
            yield Static(Text(title, style="bold"), id="error-title")
            yield Static(Text(safe_line(self.message)), id="error-message")
            yield Static(self._advice(), id="error-advice")
        yield Footer()

    def _advice(self) -> Text:
        where = safe_line(str(self.library_dir)) if self.library_dir else "the library folder"
        text = Text()
        text.append("Library: ", style="bold")
        text.append(f"{where}\n\n")
        text.append("Nothing has been changed. To go on:\n", style="bold")
        text.append(
            "  • If it is damaged, quit and run reader doctor: it checks the library\n"
            "    and rebuilds it from what can be read (your tags, bookmarks and\n"
            "    highlights first, then the articles from their files), keeping the\n"
            "    damaged file aside.\n"
            "  • Bring back your tags, bookmarks and highlights from an export with\n"
            "    reader restore FILE.json (made by reader export or from the palette).\n"
            "  • Or use another library for now: reader --library DIR\n"
            "    (or set READER_LIBRARY=DIR)."
        )
        return text

    def action_quit(self) -> None:
        self.app.exit(return_code=1)
