"""Editing the user's tags on one article.

Every change is written at once, as in the rest of the app: enter adds the tag to the article
there and then, removing a chip removes it, and escape just closes the dialog. The editor works
on plain data and reports each change through the callbacks it is given (the screen writes it
through the library), so it never touches the database itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, HorizontalScroll, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Static

from reader.app import normalize_tags
from reader.tui.text import safe_line
from reader.tui.widgets.chip import Chip
from reader.tui.widgets.flow import Flow


class TagEditor(ModalScreen[None]):
    """Add tags by typing (with completion from the library's tags), remove them as chips."""

    CSS_PATH = "tag_editor.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", key_display="esc"),
        Binding("ctrl+s", "done", "Done", key_display="^s", priority=True, show=False),
    ]

    def __init__(
        self,
        title: str,
        article_tags: Sequence[str],
        user_tags: Sequence[str],
        known_tags: Sequence[str],
        *,
        on_add: Callable[[str], object] | None = None,
        on_remove: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__()
        self._on_add = on_add
        self._on_remove = on_remove
        self.article_title = title
        self.article_tags = normalize_tags(article_tags)
        self.tags: list[str] = normalize_tags(user_tags)
        self.known_tags = normalize_tags(known_tags)

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-dialog"):
            heading = Text("Tags  ", style="bold")
            heading.append(safe_line(self.article_title), style="italic")
            yield Static(heading, id="tag-title")
            with Horizontal(classes="tag-row article-row"):
                yield Label("Article", classes="tag-label")
                # The article's own tags, read-only: all of them, on as many lines as they
                # need, each chip whole (in a scrolling row the last ones were out of sight,
                # cut at the dialog's edge, and no key could scroll to them).
                chips = Flow(id="article-chips")
                chips.set_pieces(
                    [Text(f" {safe_line(tag)} ", "reverse") for tag in self.article_tags]
                )
                # A few lines at most, scrolling: 200 tags made the dialog taller than the
                # screen, its title and Close button out of sight.
                with VerticalScroll(id="article-chips-box"):
                    yield chips
                if not self.article_tags:
                    yield Label("none", classes="tag-none")
            yield Input(
                placeholder="Add a tag and press enter",
                suggester=SuggestFromList(self.known_tags, case_sensitive=False),
                id="tag-input",
            )
            with Horizontal(classes="tag-row"):
                yield Label("Yours", classes="tag-label")
                with HorizontalScroll(id="user-chips", classes="chips"):
                    for tag in self.tags:
                        yield Chip(tag)
                    yield Label("none yet", id="user-none", classes="tag-none")
            yield Static(
                Text("enter adds (→ completes) · tab, del removes a chip · esc closes"),
                id="tag-hint",
            )
            with Horizontal(id="tag-buttons"):
                yield Button("Close", variant="primary", id="tag-done")
        yield Footer()

    def on_mount(self) -> None:
        for chips in self.query(".chips"):
            chips.can_focus = False  # tab goes from the input straight to the chips
        self._show_none()
        self.query_one("#tag-input", Input).focus()

    def _show_none(self) -> None:
        self.query_one("#user-none").display = not self.tags

    @on(Input.Submitted, "#tag-input")
    def _add(self, event: Input.Submitted) -> None:
        event.stop()
        tag = " ".join(event.value.split())
        if not tag:
            self.dismiss(None)
            return
        event.input.clear()
        self._add_tag(tag)

    def _add_tag(self, tag: str) -> None:
        known = {t.casefold(): t for t in self.known_tags}
        tag = known.get(tag.casefold(), tag)  # reuse the library's spelling of a known tag
        if tag.casefold() in {t.casefold() for t in self.tags}:
            self.notify(f"Already tagged “{safe_line(tag)}”", timeout=1.5)
            return
        self.tags.append(tag)
        if self._on_add is not None:
            self._on_add(tag)
        chips = self.query_one("#user-chips", HorizontalScroll)
        chip = Chip(tag)
        chips.mount(chip, before=self.query_one("#user-none"))
        chips.call_after_refresh(chips.scroll_end, animate=False)
        self._show_none()

    @on(Chip.Removed)
    def _remove(self, event: Chip.Removed) -> None:
        event.stop()
        self.tags = [t for t in self.tags if t != event.tag]
        if self._on_remove is not None:
            self._on_remove(event.tag)
        chips = list(self.query_one("#user-chips").query(Chip))
        index = chips.index(event.chip) if event.chip in chips else -1
        following = [c for c in chips if c is not event.chip]
        event.chip.remove()
        self._show_none()
        if following:
            following[min(max(index, 0), len(following) - 1)].focus()
        else:
            self.query_one("#tag-input", Input).focus()

    @on(Button.Pressed, "#tag-done")
    def action_done(self) -> None:
        """Close; a tag typed but not yet entered is added first (the user meant it)."""
        pending = " ".join(self.query_one("#tag-input", Input).value.split())
        if pending:
            self._add_tag(pending)
        self.dismiss(None)

    def action_close(self) -> None:
        """Just close: everything entered is already in the store."""
        self.dismiss(None)
