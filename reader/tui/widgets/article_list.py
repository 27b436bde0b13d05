"""The article list: a virtual list over article ids.

Only the ids of the current view live in memory (cheap even for 100,000 articles); rows are
fetched from the library a page at a time, in a thread worker, when they scroll into view, and
cached. Nothing here creates a widget per article: ``render_line`` draws each visible line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import work
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.tui import keys
from reader.tui.layout import list_columns
from reader.tui.messages import LibraryFault
from reader.tui.text import component_style, highlight_terms, safe_line, snippet_text

if TYPE_CHECKING:
    from reader.app import ArticleRow, Library

#: Rows fetched per round trip: a few screens' worth, so scrolling rarely waits.
PAGE_SIZE = 200
BOOKMARK_MARK = "★"
UNREAD_MARK = "●"
#: Before the title of a link-only article (no text yet: ``reader fetch --missing-text``).
LINK_ONLY_MARK = "↗ "


@dataclass(frozen=True, slots=True)
class ListView:
    """What the list shows: the query, the sort, and whether the rows come ranked with snippets."""

    query: str = ""
    sort: str = "date"
    terms: tuple[str, ...] = ()
    """The query's free words: when present, rows get a snippet line and matches are styled."""

    @property
    def descending(self) -> bool:
        """Newest first, best match first; titles A to Z."""
        return self.sort in ("date", "rank")

    @property
    def ranked(self) -> bool:
        return self.sort == "rank"

    @property
    def snippet_query(self) -> str:
        """The query rows are fetched with: snippets only where the list shows them."""
        return self.query if self.ranked else ""


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the list (``PAGE_SIZE`` ids from ``number * PAGE_SIZE``) and its rows."""

    number: int
    ids: list[str]
    rows: list[ArticleRow] = field(default_factory=list)
    complete: bool = True
    """False when ``rows`` cover only the top of the page (a screenful, to show it sooner):
    the rest is fetched like any page when it scrolls into view."""


def first_page(ids: Sequence[str], keep: str | None) -> Page | None:
    """The page the cursor will be on once ``ids`` are shown: ``keep``'s, else the top."""
    if not ids:
        return None
    index = 0
    if keep is not None:
        try:
            index = ids.index(keep)
        except ValueError:
            index = 0
    number = index // PAGE_SIZE
    return Page(number, list(ids[number * PAGE_SIZE : (number + 1) * PAGE_SIZE]))


def format_date(value: date | None, today: date | None = None) -> str:
    """Short date that stays one width: ``7 Mar`` this year, ``Mar 2023`` otherwise."""
    if value is None:
        return ""
    today = today or date.today()
    if value.year == today.year:
        return f"{value.day} {value.strftime('%b')}"
    return value.strftime("%b %Y")


class ArticleList(ScrollView, can_focus=True):
    """Virtual, line-rendered list of articles with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("list")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--bookmark",
        "article-list--dim",
        "article-list--match",
        "article-list--snippet",
    }

    DEFAULT_CSS = """
    ArticleList { overflow-x: hidden; }
    """

    @dataclass
    class Highlighted(Message):
        """The cursor moved onto an article (or off all of them: ``article_id`` is None)."""

        article_list: ArticleList
        article_id: str | None

    @dataclass
    class Opened(Message):
        """The user pressed enter on an article."""

        article_list: ArticleList
        article_id: str

    @dataclass
    class _PageLoaded(Message):
        generation: int
        page: int
        rows: list[ArticleRow]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, classes=classes)
        self.library: Library | None = None
        self.view = ListView()
        self.ids: list[str] = []
        self.cursor = 0
        self._rows: dict[str, ArticleRow] = {}
        self._requested: set[int] = set()
        self._generation = 0
        self._last_announced: str | None = "\0"

    # ------------------------------------------------------------------ data
    @property
    def row_height(self) -> int:
        """Two lines per article while searching (title, then the matching snippet)."""
        return 2 if self.view.terms and self.view.ranked else 1

    @property
    def current_id(self) -> str | None:
        if 0 <= self.cursor < len(self.ids):
            return self.ids[self.cursor]
        return None

    def row(self, article_id: str) -> ArticleRow | None:
        """The cached row, if it has been fetched (tests and the screen use this)."""
        return self._rows.get(article_id)

    def set_ids(
        self,
        library: Library,
        view: ListView,
        ids: Sequence[str],
        keep: str | None = None,
        page: Page | None = None,
        top: bool = False,
    ) -> None:
        """Show a new id list; keep the cursor on ``keep`` (or the current id) when possible,
        or put it on the first row (``top``). ``page``, fetched with the ids, is shown at once
        instead of being asked for."""
        wanted = None if top else keep if keep is not None else self.current_id
        same_view = view == self.view
        self.library = library
        self.view = view
        self.ids = list(ids)
        self._generation += 1
        self._requested.clear()
        if not same_view:
            self._rows.clear()
        if page is not None:
            self._rows.update((row.id, row) for row in page.rows)
            if page.complete:
                self._requested.add(page.number)
        index = self._index_of(wanted)
        self.cursor = index if index is not None else min(self.cursor, max(len(self.ids) - 1, 0))
        if top or (not same_view and index is None):
            self.cursor = 0
        self._update_virtual_size()
        self.refresh()
        self._scroll_cursor_visible(center=True)
        self._announce()

    def invalidate(self) -> None:
        """Forget cached rows (another process changed them) and refetch what is visible."""
        self._generation += 1
        self._requested.clear()
        self._rows.clear()
        self.refresh()

    def update_row(self, row: ArticleRow) -> None:
        """Replace one cached row after a change we made ourselves (keeps the snippet)."""
        old = self._rows.get(row.id)
        if old is not None:
            row = replace(row, snippet=old.snippet, rank=old.rank)
        self._rows[row.id] = row
        index = self._index_of(row.id)
        if index is not None:
            self._refresh_index(index)

    def _index_of(self, article_id: str | None) -> int | None:
        if article_id is None:
            return None
        if 0 <= self.cursor < len(self.ids) and self.ids[self.cursor] == article_id:
            return self.cursor
        try:
            return self.ids.index(article_id)
        except ValueError:
            return None

    def _update_virtual_size(self) -> None:
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, len(self.ids) * self.row_height)

    def on_resize(self) -> None:
        self._update_virtual_size()

    # ------------------------------------------------------------ fetching
    def _ensure_page(self, index: int) -> None:
        page = index // PAGE_SIZE
        if page in self._requested or self.library is None:
            return
        self._requested.add(page)
        ids = self.ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        self._fetch_page(self.library, self.view, self._generation, page, ids)

    @work(thread=True, group="article-list-rows")
    def _fetch_page(
        self, library: Library, view: ListView, generation: int, page: int, ids: list[str]
    ) -> None:
        """Rows by key for the ids the list already holds: page 2,000 costs what page 1 does."""
        from reader.app import LibraryError

        try:
            rows = library.rows_for_ids(ids, view.snippet_query)
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        self.post_message(self._PageLoaded(generation, page, rows))

    def on_article_list__page_loaded(self, message: _PageLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        # Ids the page did not return were deleted after the list was read; they show as
        # "…" until the store-change poll reloads the list without them.
        for row in message.rows:
            self._rows[row.id] = row
        self.refresh()
        self._announce()

    # ------------------------------------------------------------- drawing
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        line = self.scroll_offset.y + y
        index, sub = divmod(line, self.row_height)
        if index >= len(self.ids):
            return Strip.blank(width, base)
        article_id = self.ids[index]
        row = self._rows.get(article_id)
        if row is None:
            self._ensure_page(index)
            text = Text("  …", style="dim")
        elif sub == 0:
            text = self._title_line(row, width)
        else:
            text = self._snippet_line(row, width)
        text.truncate(width, overflow="ellipsis", pad=True)
        text.end = ""
        segments: Iterable[Segment] = text.render(self.app.console)
        if index == self.cursor:
            # The bar goes OVER the row's own colours (a base style would sit under them and
            # vanish beneath the widget's background): one colour pair, readable by design.
            cursor = self.get_component_rich_style("article-list--cursor")
            segments = Segment.apply_style(segments, base + cursor, post_style=cursor)
            return Strip(list(segments), width).adjust_cell_length(width, base + cursor)
        strip = Strip(list(segments), width).apply_style(base)
        return strip.adjust_cell_length(width, base)

    def _title_line(self, row: ArticleRow, width: int) -> Text:
        bookmark = self.get_component_rich_style("article-list--bookmark")
        unread = self.get_component_rich_style("article-list--unread")
        dim = self.get_component_rich_style("article-list--dim")
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" ")
        text.append(BOOKMARK_MARK if row.bookmarked else " ", bookmark)
        text.append(UNREAD_MARK if not row.read else " ", unread)
        text.append(" ")
        when = format_date(row.date)
        columns = list_columns(width)  # the section gives way first, then the title
        section_width, title_width = columns.section, columns.title
        title = Text(safe_line(row.title) or "(untitled)", no_wrap=True, overflow="ellipsis")
        if not row.read:
            title.stylize("bold")
        if row.link_only and not row.missing:  # a saved link with no text yet
            title = Text(LINK_ONLY_MARK, style=dim) + title
        if row.missing:
            title.stylize(dim)
        if self.view.terms:
            highlight_terms(
                title,
                list(self.view.terms),
                component_style(self, "article-list--match"),
            )
        title.truncate(title_width, overflow="ellipsis", pad=True)
        text.append_text(title)
        text.append("  ")
        if section_width:
            # Every row's section gets the same column, so sections and dates line up.
            label = Text(safe_line(row.section), style=dim)
            label.truncate(section_width - 1, overflow="ellipsis", pad=True)
            text.append_text(label)
            text.append(" ")
        if columns.date:
            text.append(when.rjust(columns.date), dim)
        return text

    def _snippet_line(self, row: ArticleRow, width: int) -> Text:
        match = component_style(self, "article-list--match")
        text = Text("    ", no_wrap=True, overflow="ellipsis")
        snippet = snippet_text(row.snippet, match) if row.snippet else Text("")
        snippet.stylize(component_style(self, "article-list--snippet"))
        text.append_text(snippet)
        return text

    # --------------------------------------------------------------- cursor
    def _refresh_index(self, index: int) -> None:
        top = index * self.row_height - self.scroll_offset.y
        self.refresh(Region(0, top, self.size.width, self.row_height))

    def move_to(self, index: int) -> None:
        """Put the cursor on ``index`` (clamped), scroll it into view and announce it."""
        if not self.ids:
            return
        index = max(0, min(index, len(self.ids) - 1))
        if index != self.cursor:
            self._refresh_index(self.cursor)
            self.cursor = index
            self._refresh_index(index)
        self._scroll_cursor_visible()
        self._announce()

    def _scroll_cursor_visible(self, center: bool = False) -> None:
        height = self.row_height
        region = Region(0, self.cursor * height, 1, height)
        self.scroll_to_region(region, animate=False, center=center, immediate=True)

    def _announce(self) -> None:
        current = self.current_id
        if current != self._last_announced:
            self._last_announced = current
            self.post_message(self.Highlighted(self, current))

    @property
    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_height - 1)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self._page_rows)

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self._page_rows)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.ids) - 1)

    def action_open(self) -> None:
        current = self.current_id
        if current is not None:
            self.post_message(self.Opened(self, current))

    def on_click(self, event: object) -> None:
        y = getattr(event, "y", None)
        if y is None:
            return
        index = (self.scroll_offset.y + int(y)) // self.row_height
        if index < len(self.ids):
            if index == self.cursor and getattr(event, "chain", 1) >= 2:
                self.action_open()
            self.move_to(index)


__all__ = ["ArticleList", "ListView", "Page", "first_page", "format_date"]
