"""The quote list (``Q``): the open article's quotations with their speakers.

Each entry is a quotation, shortened, and who said it with the calibrated chance that the
speaker is right, the way ``reader quotes`` shows it: a speaker named as surely as a briefing
would name them (``reader.app.quotes.SPEAKER_CONFIDENCE``) in bold; a less sure one dimmed, as
"unsure: Name"; "unknown" when the text names nobody. Enter jumps the article to that
quotation, escape closes. The dialog is given plain values: the main screen finds the
quotations through the application layer in a worker and hands them over section by section
(``add_quotes``), so a long article's list opens at once and fills.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader.app.quotes import certainty
from reader.tui.text import safe_line

#: Characters of a quotation shown in the list (the rest is cut at a word, with an ellipsis).
SHORT = 110
#: Quotations listed at most (a list of tens of thousands helps nobody and is slow to draw).
MOST = 1_000


@dataclass(frozen=True, slots=True)
class QuoteItem:
    """One quotation as the list shows it; offsets index into the article's text."""

    text: str
    speaker: str | None
    start: int
    end: int
    confidence: float
    """The calibrated chance that ``speaker`` is right."""


def shorten(text: str, limit: int = SHORT) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters with an ellipsis."""
    line = " ".join(safe_line(text).split())
    if len(line) <= limit:
        return line
    cut = line.rfind(" ", limit // 2, limit)
    return line[: cut if cut > 0 else limit].rstrip(" ,;:.-") + "…"


def _quoted(text: str) -> str:
    inner = text.strip().strip("\"“”'‘’").strip()
    return f"“{shorten(inner)}”"


class QuoteList(ModalScreen[QuoteItem | None]):
    """The quotations of one article; answers the one chosen (None: closed)."""

    CSS_PATH = "quote_list.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Go to quote", priority=True),
        Binding("escape,Q", "close", "Close", key_display="esc"),
        Binding("j", "move(1)", "Next", show=False),
        Binding("k", "move(-1)", "Previous", show=False),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.article_title = title
        self.items: list[QuoteItem] = []
        self.finished = False
        self._more = 0
        """Quotations found beyond ``MOST`` (counted, not listed)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="quote-dialog"):
            heading = Text("Quotes  ", style="bold")
            heading.append(safe_line(self.article_title), style="italic")
            yield Static(heading, id="quote-title", markup=False)
            yield Static(Text("Finding the quotations…"), id="quote-status")
            yield OptionList(id="quote-options")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_resize(self) -> None:
        # The list's max-height (100%) is the dialog's whole height, the title and the status
        # not counted: a long list ran past the dialog's bottom, its last lines out of sight.
        # Measured once laid out: the list gets the dialog's height less theirs.
        self.options.styles.max_height = "100%"
        self.call_after_refresh(self._fit_options)

    def _fit_options(self) -> None:
        box, options = self.query_one("#quote-dialog"), self.options
        over = options.region.bottom - (box.region.bottom - box.styles.gutter.bottom)
        if over > 0:
            options.styles.max_height = max(options.outer_size.height - over, 2)

    def set_title(self, title: str) -> None:
        self.article_title = title
        heading = Text("Quotes  ", style="bold")
        heading.append(safe_line(title), style="italic")
        self.query_one("#quote-title", Static).update(heading)

    @property
    def options(self) -> OptionList:
        return self.query_one("#quote-options", OptionList)

    def add_quotes(self, quotes: Sequence[QuoteItem], done: int, total: int) -> None:
        """Quotations found in the next section of the text (``done`` of ``total`` characters
        searched so far)."""
        if self.app.screen is not self:
            return  # closed while the rest of the article was being read
        room = max(MOST - len(self.items), 0)
        shown, self._more = list(quotes[:room]), self._more + max(len(quotes) - room, 0)
        first = len(self.items)
        self.items.extend(shown)
        options = self.options
        options.add_options(
            [Option(self._prompt(item), id=str(first + i)) for i, item in enumerate(shown)]
        )
        if options.highlighted is None and self.items:
            options.highlighted = 0
        self.finished = done >= total
        self._show_status(done, total)
        self.call_after_refresh(self._fit_options)

    def _prompt(self, item: QuoteItem) -> Text:
        prompt = Text(_quoted(item.text))
        prompt.append("\n  — ")
        how = certainty(item.speaker, item.confidence)
        if how == "unknown":
            prompt.append("unknown", style="dim italic")
            return prompt
        if how == "sure":
            prompt.append(safe_line(item.speaker or ""), style="bold")
        else:  # a guess: never with the weight of a sure name
            prompt.append(f"unsure: {safe_line(item.speaker or '')}", style="dim italic")
        prompt.append(f"  {item.confidence:.2f}", style="dim")
        return prompt

    def _show_status(self, done: int, total: int) -> None:
        count = len(self.items) + self._more
        plural = "" if count == 1 else "s"
        if not self.finished:
            percent = 100 * done // max(total, 1)
            status = f"{count} quotation{plural} so far · reading the article… {percent}%"
        elif count == 0:
            status = "No quotations in this article"
        else:
            status = f"{count} quotation{plural}"
        if self._more:
            status += f" · first {MOST} listed"
        self.query_one("#quote-status", Static).update(Text(status))

    @on(OptionList.OptionSelected, "#quote-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.items[int(event.option.id or 0)])

    def action_choose(self) -> None:
        index = self.options.highlighted
        if index is not None and index < len(self.items):
            self.dismiss(self.items[index])

    def action_move(self, step: int) -> None:
        if step > 0:
            self.options.action_cursor_down()
        else:
            self.options.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
