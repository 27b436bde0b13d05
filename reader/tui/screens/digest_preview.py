"""A preview of the briefing the bookmarks would make, with a key to save it.

Building a briefing reads the store and runs quote extraction over every bookmarked article,
so it happens in a thread worker while a loading indicator shows; the screen is handed a
closure and never opens the library itself.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, LoadingIndicator, Markdown, Static

from reader.fileio import atomic_write_text
from reader.tui.text import safe_line


class DigestPreview(ModalScreen[Path | None]):
    """Shows the rendered Markdown briefing; ``s`` saves it and closes with the saved path."""

    CSS_PATH = "digest_preview.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "save", "Save"),
        Binding("escape,q", "close", "Close", key_display="esc"),
        Binding("j,down", "scroll(1)", "Scroll", show=False),
        Binding("k,up", "scroll(-1)", "Scroll", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
    ]

    def __init__(self, build_markdown: Callable[[], str], default_path: Path) -> None:
        super().__init__()
        self.build_markdown = build_markdown
        self.default_path = Path(default_path)
        self.markdown: str | None = None
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="digest-dialog"):
            title = Text("Briefing preview", style="bold")
            title.append(f"  s saves to {safe_line(str(self.default_path))}", style="dim")
            yield Static(title, id="digest-title")
            yield LoadingIndicator(id="digest-loading")
            with VerticalScroll(id="digest-body"):
                yield Markdown(id="digest-markdown")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#digest-body").display = False
        self._build()

    @work(thread=True, exclusive=True, group="digest-build")
    def _build(self) -> None:
        try:
            markdown = self.build_markdown()
        except Exception as error:  # any failure in the digest is a message, not a crash
            self.app.call_from_thread(self._failed, f"Could not build the briefing: {error}")
            return
        self.app.call_from_thread(self._show, markdown)

    def _show(self, markdown: str) -> None:
        self.markdown = markdown
        self.call_later(self._render_markdown, markdown)

    async def _render_markdown(self, markdown: str) -> None:
        self.query_one("#digest-loading").display = False
        body = self.query_one("#digest-body", VerticalScroll)
        body.display = True
        await self.query_one("#digest-markdown", Markdown).update(markdown)
        body.focus()

    def _failed(self, message: str) -> None:
        self.query_one("#digest-loading").display = False
        self.notify(safe_line(message), severity="error", timeout=8)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#digest-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        body = self.query_one("#digest-body", VerticalScroll)
        if pages > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def action_save(self) -> None:
        if self.markdown is None:
            self.notify("The briefing is still being built", timeout=2)
            return
        if not self._saving:
            self._saving = True
            self._save(self.markdown, self.default_path)

    @work(thread=True, exclusive=True, group="digest-save")
    def _save(self, markdown: str, path: Path) -> None:
        try:
            atomic_write_text(path, markdown)
        except OSError as error:
            self.app.call_from_thread(self._save_failed, f"Briefing not saved: {error}")
            return
        self.app.call_from_thread(self._saved, path)

    def _save_failed(self, message: str) -> None:
        self._saving = False
        self.notify(safe_line(message), severity="error", timeout=8)

    def _saved(self, path: Path) -> None:
        self.app.notify(f"Briefing saved to {safe_line(str(path))}")
        self.dismiss(path)

    def action_close(self) -> None:
        self.dismiss(None)
