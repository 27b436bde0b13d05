"""The article pane: header, tag chips and a body laid out at a readable measure.

The body is laid out by hand (``ArticleBody``) rather than left to Rich's wrapping, because
highlights need a bar in the margin of exactly the lines they cover and highlight mode needs to
know which line a sentence is on to keep it in view.
"""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from rich._wrap import divide_line
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget
from textual.widgets import Static

from reader.app import find_terms
from reader.article import WORDS_PER_MINUTE
from reader.parsing.sentences import sentence_spans as sentence_spans  # the shared splitter
from reader.tui import keys
from reader.tui.text import component_style, highlight_terms, mask_controls, safe_line
from reader.tui.widgets.flow import Flow

if TYPE_CHECKING:
    from reader.app import ArticleRecord

#: Longest body line, in cells: a comfortable reading measure.
MEASURE = 72
BAR = "▌ "
NO_BAR = "  "
_QUOTE = re.compile(r"“[^”]*”|\"[^\"\n]*\"")


def format_long_date(record: ArticleRecord) -> str:
    article = record.article
    if article.date is not None:
        return f"{article.date.day} {article.date.strftime('%b %Y')}"
    return safe_line(article.date_text)


def metadata_parts(record: ArticleRecord) -> list[str]:
    """Authors, date, section, reading time, URL domain (whatever is known), in order."""
    article = record.article
    # The word count stored at import: splitting an 8 MB body on every refresh took 0.2 s.
    words = record.word_count or article.word_count
    minutes = max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0
    parts = [
        ", ".join(safe_line(a) for a in article.authors),
        format_long_date(record),
        safe_line(article.section),
        f"{minutes} min" if minutes else "",
        safe_line(urlsplit(article.url).hostname or "") if article.url else "",
    ]
    if record.missing:
        parts.append("file missing")
    elif not article.body and article.url:
        parts.append("link only: no text yet (reader fetch --missing-text)")
    elif not article.body:  # a file with only a title: no page to fetch the text from
        parts.append("no text")
    return [part for part in parts if part]


#: Characters of the body laid out at a time: the chunks around what is on screen are laid
#: out, more as the reader scrolls near either end of them. An 8 MB article then costs what a
#: long one does, whatever its size (laying it all out took 30 s and 1.4 GB).
CHUNK = 16_000


def _chunk_end(text: str, start: int) -> tuple[int, int]:
    """Where the chunk of ``text`` from ``start`` ends, and where the next one starts.

    A chunk ends at a line break when there is one within reach (lines wrap on their own, so
    a chunk laid out alone looks as it would in the whole), else after a space."""
    if len(text) - start <= CHUNK:
        return len(text), len(text)
    newline = text.find("\n", start + CHUNK, start + 2 * CHUNK)
    if newline >= 0:
        return newline, newline + 1
    space = text.rfind(" ", start + CHUNK // 2, start + CHUNK)
    if space >= 0:
        return space, space + 1
    return start + CHUNK, start + CHUNK


def chunk_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of every chunk of ``text``, in order (a few hundred for 8 MB: cheap)."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while True:
        end, following = _chunk_end(text, start)
        bounds.append((start, end))
        if following >= len(text):
            return bounds
        start = following


class QuoteSpans:
    """The quotations of a whole text, found as ``_QUOTE.finditer(text)`` finds them, but only
    as far into the text as has been asked: a quotation is styled by its offsets in the whole
    text, so one that crosses a chunk's edge is tinted on both sides of it."""

    def __init__(self, text: str) -> None:
        last_close = text.rfind("”")
        if text.find("“", last_close + 1) >= 0:
            # An opening quote after the last closing one never closes; left as it is, each
            # would make the pattern scan to the end of the text (quadratic on 8 MB). As any
            # other character it changes no match, and keeps every offset.
            text = text[: last_close + 1] + text[last_close + 1 :].replace("“", "\0")
        self._length = len(text)
        self._matches = _QUOTE.finditer(text)
        self._starts: array[int] = array("q")
        self._ends: array[int] = array("q")
        self._scanned = 0
        """Every quotation starting before this offset is in ``_starts``/``_ends``."""

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """(start, end) of the quotations that overlap ``[start, end)``, in text offsets."""
        while self._scanned < end:
            match = next(self._matches, None)
            if match is None:
                self._scanned = self._length
                break
            self._starts.append(match.start())
            self._ends.append(match.end())
            self._scanned = match.end()
        spans = []
        index = bisect_right(self._ends, start)
        while index < len(self._starts) and self._starts[index] < end:
            spans.append((self._starts[index], self._ends[index]))
            index += 1
        return spans


def _clipped(span_start: int, span_end: int, start: int, end: int) -> tuple[int, int] | None:
    """A span in text offsets as offsets into the chunk ``[start, end)``, None if outside."""
    if span_start >= end or span_end <= start:
        return None
    return max(span_start, start) - start, min(span_end, end) - start


def _touched(spans: Iterable[tuple[int, int]], bounds: list[tuple[int, int]]) -> set[int]:
    """The indexes of the chunks that any of ``spans`` overlaps."""
    starts = [start for start, _end in bounds]
    touched: set[int] = set()
    for span_start, span_end in spans:
        first = max(bisect_right(starts, span_start) - 1, 0)
        last = max(bisect_right(starts, max(span_end - 1, span_start)) - 1, 0)
        touched.update(range(first, last + 1))
    return touched


class ArticleBody(Widget):
    """The body text: paragraphs wrapped to ``MEASURE`` with a margin bar for highlights.

    Laid out in chunks of about ``CHUNK`` characters: a window of consecutive chunks, from the
    start when an article opens, that grows at either end as the reader scrolls towards it
    (``extend``, ``extend_back``), and moves to the last chunk for End (``show_end``) without
    laying out what lies between. Styles (quotations, highlights, search matches, the cursor)
    are found by their offsets in the whole text, so each chunk looks as it does in the whole."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-body--quote",
        "article-body--match",
        "article-body--highlight",
        "article-body--cursor",
        "article-body--bar",
    }

    DEFAULT_CSS = """
    ArticleBody { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.text = ""
        self.highlights: tuple[tuple[int, int], ...] = ()
        self.terms: tuple[str, ...] = ()
        self.cursor: tuple[int, int] | None = None
        self._version = 0
        self._bounds: list[tuple[int, int]] = [(0, 0)]
        """(start, end) in ``text`` of every chunk, in order."""
        self._first = 0
        self._last = 0
        """The window laid out: chunks ``_first`` to ``_last`` (excluded); empty until set."""
        self._quotes = QuoteSpans("")
        self._layouts: dict[tuple[int, int, str], dict[int, tuple[list[Text], list[int]]]] = {}
        """Per (width, version, theme), each chunk's display lines and their text offsets."""
        self._joined: tuple[tuple[int, int, str, int, int], list[Text], list[int]] | None = None
        self.prepended: Callable[[int], None] | None = None
        """Told how many display lines ``line_of`` put above the window (the view keeps its
        place by scrolling down as many)."""

    def set_content(
        self,
        text: str,
        highlights: tuple[tuple[int, int], ...],
        terms: tuple[str, ...],
        cursor: tuple[int, int] | None,
    ) -> None:
        if (text, highlights, terms, cursor) == (
            self.text,
            self.highlights,
            self.terms,
            self.cursor,
        ) and self._last:
            return  # the same again (the list refreshed): keep the layout already made
        if text != self.text or not self._last:
            self.text = text
            self._bounds = chunk_bounds(text)
            self._first, self._last = 0, 1
            self._quotes = QuoteSpans(text)
            self._version += 1
        elif terms != self.terms:
            self._version += 1
        else:
            # Only the cursor or the highlights moved: lay out again just the chunks they touch
            # (a sentence at a time in highlight mode, deep in a long article, stays quick).
            changed = set(highlights).symmetric_difference(self.highlights)
            changed.update(span for span in (cursor, self.cursor) if span is not None)
            stale = _touched(changed, self._bounds)
            for per_chunk in self._layouts.values():
                for index in stale:
                    per_chunk.pop(index, None)
            self._joined = None
        self.highlights = highlights
        self.terms = terms
        self.cursor = cursor
        self.refresh(layout=True)

    @property
    def complete(self) -> bool:
        """Whether the whole body is laid out."""
        return self._first == 0 and self._last >= len(self._bounds)

    @property
    def laid_out_from(self) -> int:
        """The text offset from which the body is laid out."""
        return self._bounds[self._first][0] if self._last else 0

    @property
    def laid_out_to(self) -> int:
        """The text offset up to which the body is laid out."""
        return self._bounds[self._last - 1][1] if self._last else 0

    @property
    def at_start(self) -> bool:
        """Whether the laid-out window begins at the start of the text."""
        return self._first == 0

    @property
    def at_end(self) -> bool:
        """Whether the laid-out window reaches the end of the text."""
        return self._last >= len(self._bounds)

    def _chunk_of(self, offset: int) -> int:
        starts = [start for start, _end in self._bounds]
        return max(bisect_right(starts, offset) - 1, 0)

    def extend(self, until: int = 0) -> bool:
        """Lay out one more chunk after the window (or as many as reach text offset ``until``);
        False if the window already reaches the end."""
        if self.at_end:
            return False
        self._last = max(self._last + 1, min(self._chunk_of(until) + 1, len(self._bounds)))
        self.refresh(layout=True)
        return True

    def extend_back(self, width: int, until: int | None = None) -> int:
        """Lay out the chunk before the window (or as many as reach text offset ``until``);
        the number of display lines (at ``width``) this put above what was there."""
        if self.at_start:
            return 0
        before = len(self.layout_lines(width)[0])
        target = self._first - 1 if until is None else min(self._chunk_of(until), self._first - 1)
        self._first = max(target, 0)
        self.refresh(layout=True)
        return len(self.layout_lines(width)[0]) - before

    def show_start(self) -> None:
        """Lay out from the start of the text again (Home)."""
        if not self.at_start:
            self._first, self._last = 0, 1
            self.refresh(layout=True)

    def show_end(self) -> None:
        """Lay out the last chunk (End): the end is reached without laying out the rest."""
        if not self.at_end:
            self._first, self._last = len(self._bounds) - 1, len(self._bounds)
            self.refresh(layout=True)

    def _styled(self, start: int, end: int) -> Text:
        def style(name: str) -> Style:
            return component_style(self, name)

        text = Text(mask_controls(self.text[start:end]))
        quote = style("article-body--quote")
        for q_start, q_end in self._quotes.overlapping(start, end):
            clipped = _clipped(q_start, q_end, start, end)
            if clipped is not None:
                text.stylize(quote, *clipped)
        highlight = style("article-body--highlight")
        for h_start, h_end in self.highlights:
            clipped = _clipped(h_start, h_end, start, end)
            if clipped is not None:
                text.stylize(highlight, *clipped)
        if self.terms:
            # A match (a phrase, or a word a chunk cut) may cross the chunk's edge: look a
            # term's length beyond it either side, and style what falls inside.
            reach = max(len(term) for term in self.terms)
            around = max(start - reach, 0)
            match = style("article-body--match")
            for m_start, m_end in find_terms(self.text[around : end + reach], list(self.terms)):
                clipped = _clipped(around + m_start, around + m_end, start, end)
                if clipped is not None:
                    text.stylize(match, *clipped)
        if self.cursor is not None:
            clipped = _clipped(*self.cursor, start, end)
            if clipped is not None:
                text.stylize(style("article-body--cursor"), *clipped)
        return text

    def layout_lines(self, width: int) -> tuple[list[Text], list[int]]:
        """The display lines of the window for ``width`` cells and the text offset each line
        starts at."""
        key = (width, self._version, self.app.theme)
        if self._joined is not None and self._joined[0] == (*key, self._first, self._last):
            return self._joined[1], self._joined[2]
        per_chunk = self._layouts.get(key)
        if per_chunk is None:
            if len(self._layouts) > 8:
                self._layouts.clear()
            per_chunk = self._layouts[key] = {}
        lines: list[Text] = []
        starts: list[int] = []
        for index in range(self._first, self._last):
            if index not in per_chunk:
                per_chunk[index] = self._layout(width, *self._bounds[index])
            chunk_lines, chunk_starts = per_chunk[index]
            lines += chunk_lines
            starts += chunk_starts
        self._joined = ((*key, self._first, self._last), lines, starts)
        return lines, starts

    def _layout(self, width: int, chunk_start: int, chunk_end: int) -> tuple[list[Text], list[int]]:
        measure = max(min(MEASURE, width - len(BAR)), 8)
        styled = self._styled(chunk_start, chunk_end)
        bar_style = component_style(self, "article-body--bar")
        lines: list[Text] = []
        starts: list[int] = []
        local = 0
        for raw in styled.plain.split("\n"):
            end_of_raw = local + len(raw)
            offset = chunk_start + local
            if not raw.strip():
                lines.append(Text(""))
                starts.append(offset)
            else:
                breaks = divide_line(raw, measure, fold=True)
                pieces = styled[local:end_of_raw].divide(breaks)
                bounds = [0, *breaks, len(raw)]
                for index, piece in enumerate(pieces):
                    start, stop = bounds[index], bounds[index + 1]
                    g_start, g_end = offset + start, offset + stop
                    marked = any(h0 < g_end and h1 > g_start for h0, h1 in self.highlights)
                    line = Text()  # the bar's colour is its own, never the line's base
                    line.append(BAR if marked else NO_BAR, bar_style if marked else "")
                    piece.rstrip()
                    line.append_text(piece)
                    lines.append(line)
                    starts.append(g_start)
            local = end_of_raw + 1
        return lines, starts

    def line_of(self, offset: int) -> int:
        """The display line (at the current width) holding text offset ``offset``; the window
        is laid out far enough, either way, to hold it (``prepended`` told of lines put above)."""
        width = self.size.width or MEASURE
        if offset >= self.laid_out_to:
            self.extend(offset)
        elif offset < self.laid_out_from:
            added = self.extend_back(width, offset)
            if self.prepended is not None:
                self.prepended(added)
        _lines, starts = self.layout_lines(width)
        return max(0, bisect_right(starts, offset) - 1)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return min(container.width, MEASURE + len(BAR))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.layout_lines(width)[0])

    def render(self) -> Text:
        """All the laid-out lines as one Text (for tests; the screen draws ``render_line``)."""
        lines, _starts = self.layout_lines(self.size.width)
        return Text("\n", no_wrap=True, overflow="crop").join(lines)

    def render_line(self, y: int) -> Strip:
        """Only the lines on screen are drawn: a refresh never renders the whole body."""
        width = self.size.width
        lines, _starts = self.layout_lines(width)
        if y >= len(lines):
            return Strip.blank(width, self.visual_style.rich_style)
        line = lines[y].copy()
        line.no_wrap, line.overflow = True, "crop"
        strips = Visual.to_strips(self, visualize(self, line), width, 1, self.visual_style)
        return strips[0] if strips else Strip.blank(width, self.visual_style.rich_style)


class ArticleView(VerticalScroll, can_focus=True):
    """The open article; in highlight mode a sentence cursor walks through the body."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("article") + keys.bindings("highlight")

    @dataclass
    class HighlightToggled(Message):
        """Mark (``highlight_id`` None) or unmark the sentence under the cursor."""

        article_id: str
        start: int
        end: int
        highlight_id: int | None

    @dataclass
    class HighlightModeChanged(Message):
        active: bool

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, classes=classes)
        self.record: ArticleRecord | None = None
        self.terms: tuple[str, ...] = ()
        self.highlight_mode = False
        self.sentences: list[tuple[int, int]] = []
        self.sentence_index = 0
        self.marked: tuple[int, int] | None = None
        """A quotation chosen in the quote list (``Q``), shown as the sentence cursor is."""

    def compose(self) -> ComposeResult:
        yield Static(Text("No article selected", style="dim"), id="article-title")
        yield Flow(id="article-meta")
        yield Static(id="article-standfirst", markup=False)
        tags = Flow(id="article-tags")
        tags.max_lines = 3  # 200 tags filled screens before the text; all are in the editor
        yield tags
        yield Static(id="article-note", markup=False)
        body = ArticleBody(id="article-body")
        body.prepended = self._keep_place
        yield body

    @property
    def article_id(self) -> str | None:
        return self.record.id if self.record is not None else None

    @property
    def body(self) -> ArticleBody:
        return self.query_one(ArticleBody)

    def show(self, record: ArticleRecord | None, terms: tuple[str, ...] = ()) -> None:
        """Display ``record`` (None clears); keeps the scroll position for the same article."""
        same = record is not None and self.record is not None and record.id == self.record.id
        self.record = record
        self.terms = terms
        if record is None:
            self.highlight_mode = False
            self.query_one("#article-title", Static).update(
                Text("No article selected", style="dim")
            )
            self.query_one("#article-meta", Flow).set_pieces([])
            self._set_standfirst("")
            self.query_one("#article-tags", Flow).set_pieces([])
            self._set_note("")
            self.body.set_content("", (), (), None)
            return
        article = record.article
        title = Text(safe_line(article.title) or "(untitled)", style="bold")
        highlight_terms(title, list(terms), "reverse")
        self.query_one("#article-title", Static).update(title)
        meta = [Text(part, style="dim") for part in metadata_parts(record)]
        self.query_one("#article-meta", Flow).set_pieces(meta, Text(" · ", style="dim"))
        self._set_standfirst(article.description)
        self.query_one("#article-tags", Flow).set_pieces(self._chips(record))
        self._set_note(record.bookmark.note if record.bookmark is not None else "")
        if not same:
            self.marked = None
            self.sentences = sentence_spans(article.text)
            self.sentence_index = 0
            if self.highlight_mode:
                self.set_highlight_mode(False)
            self.scroll_home(animate=False)
        self._refresh_body()

    def _set_standfirst(self, description: str) -> None:
        """The description a read-later service gave (its standfirst), under the byline;
        hidden when there is none, so other articles look as they always did."""
        standfirst = self.query_one("#article-standfirst", Static)
        standfirst.update(Text(safe_line(description), style="italic"))
        standfirst.display = bool(description)

    def _set_note(self, note: str) -> None:
        """The bookmark note (``B`` writes it), under the tags; hidden when there is none."""
        shown = self.query_one("#article-note", Static)
        text = Text("✎ ", style="bold")
        text.append(safe_line(note), style="italic")
        shown.update(text)
        shown.display = bool(note.strip())

    def _chips(self, record: ArticleRecord) -> list[Text]:
        """One chip per tag (yours in bold); each stays whole on one line."""
        user = {t.casefold() for t in record.user_tags}
        return [
            Text(
                f" {safe_line(tag)} ",
                "bold reverse" if tag.casefold() in user else "reverse",
            )
            for tag in record.all_tags
        ]

    def _refresh_body(self) -> None:
        if self.record is None:
            return
        spans = tuple((h.start, h.end) for h in self.record.highlights)
        cursor = self.marked
        if self.highlight_mode and self.sentences:
            cursor = self.sentences[self.sentence_index]
        self.body.set_content(self.record.article.text, spans, self.terms, cursor)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._extend_near_edges()

    def _extend_near_edges(self) -> None:
        """Lay out the next chunk of a long body once the reader is within two screens of the
        end of what is laid out, and the chunk before once within two screens of its start
        (after End), keeping the text on screen in place (see ``ArticleBody``)."""
        body = self.body
        reach = 2 * self.size.height
        if not body.at_end and self.scroll_y + reach >= self.max_scroll_y:
            body.extend()
        top = body.virtual_region.y
        if not body.at_start and self.scroll_y - top < reach:
            self._keep_place(body.extend_back(body.size.width or MEASURE))

    def _keep_place(self, lines: int) -> None:
        """``lines`` display lines were put above the body's window: scroll down as many, now,
        so the text on screen stays where it is (the new height is known before the next
        layout pass measures it)."""
        if lines <= 0:
            return
        size = self.virtual_size
        self.set_reactive(ArticleView.virtual_size, Size(size.width, size.height + lines))
        self.scroll_to(y=self.scroll_y + lines, animate=False, immediate=True)

    # Page keys jump at once, as j/k do: an animated page (Textual's 50 lines a second) took
    # 0.8 s to land, whatever the article's size. Home and End reach the real start and end
    # of the article, laying out only the chunk there.
    def action_page_down(self) -> None:
        self.scroll_relative(y=self.scrollable_content_region.height, animate=False)
        self._cursor_follows()

    def action_page_up(self) -> None:
        self.scroll_relative(y=-self.scrollable_content_region.height, animate=False)
        self._cursor_follows()

    def action_scroll_home(self) -> None:
        self.body.show_start()
        self.scroll_home(animate=False)
        self._cursor_follows()

    def action_scroll_end(self) -> None:
        self.body.show_end()
        self.scroll_end(animate=False)
        self._cursor_follows()

    def _cursor_follows(self) -> None:
        """In highlight mode the sentence cursor comes to the text a page key, Home or End
        moved to: left behind, the next ``j`` would scroll back to it (after End, laying out
        everything between)."""
        if self.highlight_mode:
            self.call_after_refresh(self._cursor_to_view)

    def _cursor_to_view(self) -> None:
        if self.highlight_mode:
            self.sentence_index = self._sentence_in_view()
            self._refresh_body()

    def show_quote(self, start: int, end: int) -> None:
        """Mark the text from ``start`` to ``end`` (a quotation) and scroll it into view, a
        few lines below the top; laid out as far as it reaches, however long the article."""
        if self.record is None:
            return
        self.marked = (start, end)
        self._refresh_body()
        self.body.line_of(end)  # lay out the body down to the quotation
        self.call_after_refresh(self._scroll_to_mark)

    def _scroll_to_mark(self, attempts: int = 0) -> None:
        """Scroll the marked quotation to a few lines below the top, once the layout that
        holds it has reached the screen (a pane just shown, or the body just laid out
        further, is measured a refresh later: until then the scroll would stop short)."""
        if self.marked is None:
            return
        body = self.body
        line = body.line_of(self.marked[0])
        target = max(body.virtual_region.y + line - 3, 0)
        if target > self.max_scroll_y and attempts < 10:
            self.refresh(layout=True)
            self.call_after_refresh(self._scroll_to_mark, attempts + 1)
            return
        self.scroll_to(y=target, animate=False, immediate=True)

    # ------------------------------------------------------------ highlight mode
    def set_highlight_mode(self, active: bool) -> None:
        if active and (self.record is None or not self.sentences):
            return
        if active and not self.highlight_mode:
            self.sentence_index = self._sentence_in_view()
        self.highlight_mode = active
        self.set_class(active, "-highlight-mode")
        self._refresh_body()
        self.refresh_bindings()
        if active:
            self.call_after_refresh(self._keep_cursor_visible)
        self.post_message(self.HighlightModeChanged(active))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("sentence", "toggle_highlight", "leave_highlight"):
            return self.highlight_mode
        if action in ("scroll_article", "back"):
            return not self.highlight_mode
        return True

    async def action_back(self) -> None:
        """escape while reading: the screen's back (shown in the footer as the way out)."""
        await self.screen.run_action("back")

    def action_scroll_article(self, lines: int) -> None:
        self.scroll_relative(y=lines, animate=False)

    def action_sentence(self, step: int) -> None:
        if not self.sentences:
            return
        self.sentence_index = max(0, min(self.sentence_index + step, len(self.sentences) - 1))
        self._refresh_body()
        self.call_after_refresh(self._keep_cursor_visible)

    def _sentence_in_view(self) -> int:
        """Where highlight mode starts: the last sentence used if it is on screen, else the
        first sentence that starts on screen (else the one running through the top line)."""
        if not self.sentences:
            return 0
        body = self.body
        top = self.scroll_offset.y - body.virtual_region.y
        bottom = top + max(self.scrollable_content_region.height, 1)
        current = min(self.sentence_index, len(self.sentences) - 1)
        # What is on screen is laid out: never lay out more here.
        laid_from, laid_to = body.laid_out_from, body.laid_out_to
        start = self.sentences[current][0]
        if laid_from <= start < laid_to and top <= body.line_of(start) < bottom:
            return current
        # Sentences are in text order, so their lines are too: bisect on the line, among the
        # sentences that start in the laid-out window.
        first = bisect_right(self.sentences, (laid_from, -1))
        low, high = first, bisect_right(self.sentences, (laid_to, -1))
        if low == high:
            return min(first, len(self.sentences) - 1)
        while low < high:
            middle = (low + high) // 2
            if body.line_of(self.sentences[middle][0]) < top:
                low = middle + 1
            else:
                high = middle
        end = bisect_right(self.sentences, (laid_to, -1))
        if low < end and body.line_of(self.sentences[low][0]) < bottom:
            return low
        return max(low - 1, first)

    def _keep_cursor_visible(self) -> None:
        if not self.sentences:
            return
        body = self.body
        line = body.line_of(self.sentences[self.sentence_index][0])
        region = Region(0, body.virtual_region.y + line, 1, 1)
        self.scroll_to_region(region, animate=False, immediate=True)

    def current_sentence(self) -> tuple[int, int] | None:
        if not self.highlight_mode or not self.sentences:
            return None
        return self.sentences[self.sentence_index]

    def action_toggle_highlight(self) -> None:
        sentence = self.current_sentence()
        if sentence is None or self.record is None:
            return
        start, end = sentence
        existing = next(
            (h.id for h in self.record.highlights if h.start < end and h.end > start), None
        )
        self.post_message(self.HighlightToggled(self.record.id, start, end, existing))

    def action_leave_highlight(self) -> None:
        self.set_highlight_mode(False)
