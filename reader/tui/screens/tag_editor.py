"""Editing the user's tags on one article.

The editor works on plain data and answers with the new list (or ``None`` for "no change"); the
caller diffs old and new and writes through the library, so this screen never touches the
database and a cancelled edit cannot half-save.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, HorizontalScroll, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, Static

from reader.library.store import normalize_tags
from reader.tui.text import safe_line
from reader.tui.widgets.chip import Chip


class TagEditor(ModalScreen[list[str] | None]):
    """Add tags by typing (with completion from the library's tags), remove them as chips."""

    CSS_PATH = "tag_editor.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Done", key_display="^s", priority=True),
        Binding("escape", "cancel", "Cancel", key_display="esc"),
    ]

    def __init__(
        self,
        title: str,
        article_tags: Sequence[str],
        user_tags: Sequence[str],
        known_tags: Sequence[str],
    ) -> None:
        super().__init__()
        self.article_title = title
        self.article_tags = normalize_tags(article_tags)
        self.tags: list[str] = normalize_tags(user_tags)
        self.known_tags = normalize_tags(known_tags)

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-dialog"):
            heading = Text("Tags  ", style="bold")
            heading.append(safe_line(self.article_title), style="italic")
            yield Static(heading, id="tag-title")
            with Horizontal(classes="tag-row"):
                yield Label("Article", classes="tag-label")
                with HorizontalScroll(id="article-chips", classes="chips"):
                    for tag in self.article_tags:
                        yield Chip(tag, removable=False)
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
                Text("enter adds (→ completes) · tab to a chip, del removes · ^s saves"),
                id="tag-hint",
            )
            with Horizontal(id="tag-buttons"):
                yield Button("Done", variant="primary", id="tag-done")
                yield Button("Cancel", id="tag-cancel")
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
            self.action_save()
            return
        event.input.clear()
        known = {t.casefold(): t for t in self.known_tags}
        tag = known.get(tag.casefold(), tag)  # reuse the library's spelling of a known tag
        if tag.casefold() in {t.casefold() for t in self.tags}:
            self.notify(f"Already tagged “{safe_line(tag)}”", timeout=1.5)
            return
        self.tags.append(tag)
        chips = self.query_one("#user-chips", HorizontalScroll)
        chip = Chip(tag)
        chips.mount(chip, before=self.query_one("#user-none"))
        chips.call_after_refresh(chips.scroll_end, animate=False)
        self._show_none()

    @on(Chip.Removed)
    def _remove(self, event: Chip.Removed) -> None:
        event.stop()
        self.tags = [t for t in self.tags if t != event.tag]
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
    def action_save(self) -> None:
        pending = " ".join(self.query_one("#tag-input", Input).value.split())
        if pending and pending.casefold() not in {t.casefold() for t in self.tags}:
            self.tags.append(pending)  # typed but not yet entered: the user meant it
        self.dismiss(list(self.tags))

    @on(Button.Pressed, "#tag-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
