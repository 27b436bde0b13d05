"""The main screen: sidebar, virtual article list and article pane, and every action on them.

This screen is the only place in the TUI that talks to the library, and it does so only from
thread workers; widgets get plain rows/records back through ``call_from_thread``. What the user
changes goes through the application layer (``reader.app.Session``): one typed call each.
"""

from __future__ import annotations

import threading
import time
import webbrowser
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from reader.tui import keys
from reader.tui.layout import NARROW_WIDTH, THREE_PANES_WIDTH, pane_widths
from reader.tui.messages import LibraryFault, LibraryOpened, StoreChanged, ViewSelected
from reader.tui.text import safe_line
from reader.tui.widgets.article_list import PAGE_SIZE, ArticleList, ListView, Page, first_page
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.footer import ReaderFooter
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.sidebar import LIBRARY_VIEWS, Sidebar, SidebarData, tag_names

if TYPE_CHECKING:
    from reader.app import ArticleRecord, ArticleRow, Library, Session
    from reader.app.feeds import Feed, FetchReport
    from reader.tui.app import ReaderApp
    from reader.tui.screens.quote_list import QuoteList

#: A user's change: one call on the session, returning the message to show (None: quiet).
Change = Callable[["Session"], "str | None"]

#: Feed states marked in the sidebar (with their last error shown when fetched).
_TROUBLED = ("failing", "gone")
#: Rows fetched with a ranked search's best page, enough to fill a tall terminal.
SCREENFUL = 60
#: Sorts the ``s`` key cycles through ("rank" only while the query has words).
SORTS = ("date", "title")
#: Seconds between cursor moves below which the user is scrolling, not reading: the article
#: pane waits for the cursor to settle instead of fetching every article passed over.
LOAD_SETTLE = 0.05
#: Keys of the UI state kept in the store between runs.
STATE_KEYS = ("tui.view", "tui.view_label", "tui.search", "tui.sort", "tui.selected")
#: Actions that need an article under the cursor or open.
ARTICLE_ACTIONS = frozenset(
    {
        "toggle_bookmark",
        "bookmark_note",
        "edit_tags",
        "toggle_read",
        "open_url",
        "highlight_mode",
        "remove_article",
        "quote_list",
    }
)


class MainScreen(Screen[None]):
    """Three panes from 120 columns, two from 100, one pane at a time below (``layout``)."""

    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("screen")

    def __init__(self) -> None:
        super().__init__()
        self.view_query = ""
        self.view_label = "All articles"
        self.search_text = ""
        self.sort = "date"
        self._sort_before_search = "date"
        self.terms: tuple[str, ...] = ()
        self.total = 0
        self.total_known = True
        self.narrow = False
        self.medium = False
        self.sidebar_wide = True
        self.sidebar_medium = False
        self.sidebar_narrow = False
        self.article_open = False
        self.reading = False
        self.ready = False
        self._data_version: int | None = None
        self._mark_timer: Timer | None = None
        self._mark_target: str | None = None
        self.opened_id: str | None = None
        self._undo_read: list[str] = []
        """What the last ``A`` marked read (``U`` marks it unread again)."""
        self._changes: deque[tuple[str, Change]] = deque()
        self._changes_lock = threading.Lock()
        self._state_pending: dict[str, str] = {}
        """UI state not yet written (the latest value of each key)."""
        self._state_lock = threading.Lock()
        """Held by the one state writer at a time (see ``_write_state``)."""
        self._state_pending_lock = threading.Lock()
        """Guards ``_state_pending`` (added to on the loop, taken by the writer)."""
        """The article the user opened (enter, n/p while reading, z, h): the only one that
        becomes read, once it has stayed open for the configured delay. The cursor resting on
        or passing over a row (start-up, scrolling, a search landing) never marks anything."""
        self._load_timer: Timer | None = None
        self._last_move = 0.0
        self._restored_selection: str | None = None
        self._pending_quote: tuple[str, int, int] | None = None
        """A quotation to go to once its article is shown (chosen in the quote list)."""
        self._sidebar_pending = False
        """The sidebar's first load waits for the first list (see ``_apply_state``)."""

    # ---------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Static("", id="title-bar")
        with Horizontal(id="panes"):
            yield Sidebar(id="sidebar")
            with Vertical(id="list-pane"):
                yield SearchBox(id="search-box")
                yield Static(id="list-empty", markup=False)
                yield ArticleList(id="articles")
            yield ArticleView(id="article")
        yield ReaderFooter()

    @property
    def reader_app(self) -> ReaderApp:
        return self.app  # type: ignore[return-value]

    @property
    def library(self) -> Library | None:
        return self.reader_app.library

    @property
    def session(self) -> Session | None:
        return self.reader_app.session

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def sidebar(self) -> Sidebar:
        return self.query_one(Sidebar)

    @property
    def search_box(self) -> SearchBox:
        return self.query_one(SearchBox)

    @property
    def query_text(self) -> str:
        """The list's query: the sidebar view AND the search box."""
        return " ".join(part for part in (self.view_query, self.search_text.strip()) if part)

    def on_mount(self) -> None:
        self._apply_layout()
        self.article_list.focus()
        self._update_title()
        if self.library is not None:
            self._start()

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW_WIDTH
        medium = not narrow and self.size.width < THREE_PANES_WIDTH
        if (narrow, medium) != (self.narrow, self.medium):
            if narrow and not self.narrow and self.article_view.has_focus:
                self.article_open = True  # one pane at a time: the one being read
            self.narrow, self.medium = narrow, medium
            focused = self.app.focused
            self._apply_layout()
            if focused is not None and focused.screen is self:
                self.call_after_refresh(self._focus_shown_pane, focused)
        elif self.reading_room:
            self._apply_layout()  # whether the sidebar steps aside depends on the width
        else:
            self._size_panes()

    def _focus_shown_pane(self, focused: Widget) -> None:
        """After the layout changed with the width: focus that was in a pane no longer shown
        (the sidebar of 80 columns at 110) goes to the list, or to the article when the list
        is hidden (Textual moves it to the next pane, and j scrolled an article instead)."""
        if all(node.display for node in focused.ancestors_with_self if isinstance(node, Widget)):
            return
        if self.query_one("#list-pane").display:
            self.article_list.focus()
        else:
            self.article_view.focus()

    @property
    def sidebar_shown(self) -> bool:
        if self.narrow:
            return self.sidebar_narrow
        return self.sidebar_medium if self.medium else self.sidebar_wide

    @property
    def reading_room(self) -> bool:
        """Side by side with an article open for reading: the article may take the room it
        needs for a readable measure (layout.pane_widths)."""
        return not self.narrow and not self.reading and self.opened_id is not None

    def _apply_layout(self) -> None:
        sidebar = self.sidebar_shown
        if sidebar and not self.narrow and self.size.width:
            panes = pane_widths(self.size.width, sidebar, self.reading_room)
            sidebar = bool(panes.sidebar)
        # One batch: each class set alone restyled the whole screen (five times at start).
        self.update_classes(
            {
                "-narrow": self.narrow,
                "-medium": self.medium,
                "-show-sidebar": sidebar,
                "-article-open": self.article_open,
                "-reading": self.reading,
            }
        )
        self._size_panes()
        footer = self.query_one(ReaderFooter)
        footer.compact = self.narrow  # so every key fits in 80 columns; ^p is listed in help
        footer.show_command_palette = not self.narrow
        self.refresh_bindings()

    def _size_panes(self) -> None:
        """Side by side, the panes get the widths ``pane_widths`` gives; one pane at a time
        (narrow, reading mode) the stylesheet's full width applies."""
        sidebar, article = self.sidebar.styles, self.article_view.styles
        if not self.size.width:
            return  # not laid out yet: on_resize comes with the size
        if self.narrow or self.reading:
            sidebar.width = article.width = None
            return
        widths = pane_widths(self.size.width, self.sidebar_shown, self.reading_room)
        sidebar.width = widths.sidebar or None
        article.width = widths.article

    def _update_title(self) -> None:
        title = Text(" reader  ", style="bold")
        title.append(safe_line(self.view_label))
        title.append(f" · {self.total}{'' if self.total_known else '+'}", style="dim")
        title.append(f"   sort: {self.effective_sort}", style="dim")
        if self.search_text.strip():
            title.append("   ⌕ ", style="dim")
            title.append(safe_line(self.search_text))
        title.truncate(max(self.size.width, 20), overflow="ellipsis")
        self.query_one("#title-bar", Static).update(title)

    @property
    def effective_sort(self) -> str:
        return self.sort if (self.sort != "rank" or self.terms) else "date"

    # ---------------------------------------------------------------- start up
    @on(LibraryOpened)
    def _library_opened(self) -> None:
        if not self.ready:
            self._start()

    def _start(self) -> None:
        self.ready = True
        self.refresh_bindings()
        self._restore_state()
        self.set_interval(1.0, self._poll_store, name="poll-store")

    @work(thread=True, exclusive=True, group="state")
    def _restore_state(self) -> None:
        library = self.library
        assert library is not None
        self._data_version = library.data_version()  # baseline for spotting others' writes
        state = {key: library.get_state(key) for key in STATE_KEYS}
        self.app.call_from_thread(self._apply_state, state)

    def _apply_state(self, state: dict[str, str | None]) -> None:
        self.view_query = state["tui.view"] or ""
        self.view_label = state["tui.view_label"] or "All articles"
        self.search_text = state["tui.search"] or ""
        sort = state["tui.sort"] or "date"
        self.sort = sort if sort in (*SORTS, "rank") else "date"
        self._sort_before_search = self.sort if self.sort in SORTS else "date"
        self.search_box.set_value(self.search_text)
        self._restored_selection = state["tui.selected"]
        self.reload(keep=self._restored_selection)
        # The sidebar's counts are read once the list is shown: read beside it, they slowed
        # the first list of 100,000 articles by a third (first paint is the list).
        self._sidebar_pending = True

    def _save_state(self, **values: str) -> None:
        """Persist UI state in a worker (each set_state commits). The values join the pending
        ones (the latest value of a key wins) and a writer is started for them."""
        with self._state_pending_lock:
            self._state_pending.update(values)
        self._write_state()

    @work(thread=True, group="change")
    def _write_state(self) -> None:
        """Write the pending UI state. One writer at a time, each taking what is pending when
        its turn comes: a worker per keystroke, each writing its own value, finished in any
        order, and a search typed quickly came back as one of its prefixes ("ta" for
        "tag:..."). In the "change" group, so quitting waits for it too."""
        library = self.library
        if library is None:
            return
        from reader.app import LibraryError

        with self._state_lock:
            with self._state_pending_lock:
                values, self._state_pending = self._state_pending, {}
            try:
                for key, value in values.items():
                    library.set_state(key, value)
            except LibraryError as error:
                self.post_message(LibraryFault(error))

    # ---------------------------------------------------------------- loading
    def reload(self, keep: str | None = None, fresh: bool = False, top: bool = False) -> None:
        """Re-run the list query (in a worker) keeping the selection on ``keep`` if possible;
        ``top``: land on the first row (a new search shows its best result, in view)."""
        if self.library is None:
            return
        near = None if top else keep if keep is not None else self.article_list.current_id
        self._load_ids(self.library, self.query_text, self.sort, keep, near, fresh, top)

    @work(thread=True, exclusive=True, group="list")
    def _load_ids(
        self,
        library: Library,
        query: str,
        sort: str,
        keep: str | None,
        near: str | None,
        fresh: bool,
        top: bool = False,
    ) -> None:
        """The ids in list order plus the page the cursor will land on (``near``'s), so
        the list paints complete. A newer query (the next keystroke) cancels this worker and
        SQLite abandons its query midway.

        A ranked search of many matches shows its best page first, as soon as FTS5 has
        ranked them, and then the whole list in the same order."""
        from reader.app import LibraryError, QueryCancelled, QueryError

        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled

        try:
            terms = tuple(library.match_terms(query)) if query else ()
            effective = sort if (sort != "rank" or terms) else "date"
            view = ListView(query=query, sort=effective, terms=terms)
            page: Page | None = None
            if view.ranked and (near is None or keep is None):
                head = library.first_ids(
                    query, PAGE_SIZE, descending=view.descending, cancel=cancelled
                )
                if head is not None and len(head) == PAGE_SIZE:
                    rows = library.rows_for_ids(head[:SCREENFUL], view.snippet_query)
                    page = Page(0, head, rows, complete=False)
                    self.app.call_from_thread(
                        self._ids_loaded, view, head, keep, fresh, page, True, top
                    )
                    keep, fresh, top = None, False, False  # the cursor is where the user put it
            ids = library.ids(query, sort=effective, descending=view.descending, cancel=cancelled)
            if page is None:
                page = first_page(ids, near)
                if page is not None:
                    rows = library.rows_for_ids(page.ids, view.snippet_query)
                    page = replace(page, rows=rows)
        except QueryCancelled:
            return
        except QueryError as error:
            self.app.call_from_thread(self._query_failed, str(error))
            return
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._ids_loaded, view, ids, keep, fresh, page, False, top)

    def _query_failed(self, message: str) -> None:
        self.search_box.show_error(message)
        self._load_pending_sidebar()

    def _load_pending_sidebar(self) -> None:
        if self._sidebar_pending:
            self._sidebar_pending = False
            self.refresh_sidebar()

    def _ids_loaded(
        self,
        view: ListView,
        ids: list[str],
        keep: str | None,
        fresh: bool,
        page: Page | None,
        partial: bool = False,
        top: bool = False,
    ) -> None:
        """Show the list; ``partial``: only its best page so far, the rest is on its way."""
        self.search_box.show_error(None)
        self.terms = view.terms
        self.total = len(ids)
        self.total_known = not partial
        article_list = self.article_list
        if fresh:
            article_list.invalidate()
        article_list.set_ids(self.library, view, ids, keep=keep, page=page, top=top)  # type: ignore[arg-type]
        self._update_title()
        self.refresh_bindings()
        if not ids:
            self.article_view.show(None)
        self._show_empty(not ids and not partial)
        self._load_pending_sidebar()

    def _show_empty(self, empty: bool) -> None:
        """An empty list says why and what to do (it was a blank pane: an empty library, a
        search matching nothing and an empty view all looked alike)."""
        note = self.query_one("#list-empty", Static)
        note.display = empty
        if not empty:
            return
        search = safe_line(self.search_text.strip())
        if search:
            text = f"Nothing matches “{search}”. escape clears the search."
        elif self.view_query:
            text = f"Nothing in “{safe_line(self.view_label)}” yet. v shows the other views."
        else:
            text = (
                "The library is empty. Add articles from a shell: reader import ~/news "
                "(files or folders), or reader feed add URL."
            )
        note.update(Text(text))

    def refresh_sidebar(self, keep_saved: str | None = None) -> None:
        """Reload the sidebar's entries and counts; ``keep_saved``: the saved search to put
        the cursor on (one just renamed)."""
        if self.library is not None:
            self._load_sidebar(self.library, keep_saved)

    @work(thread=True, exclusive=True, group="sidebar")
    def _load_sidebar(self, library: Library, keep_saved: str | None = None) -> None:
        from reader.app import LibraryError

        try:
            data = SidebarData(
                views=library.view_counts(),
                saved=[(s.name, s.query) for s in library.saved_searches()],
                tags=[(t.name, t.count, t.kind) for t in library.tag_counts()],
                sections=list(library.section_counts()),
                feeds=[
                    (
                        f.title,
                        f.unread,
                        f"feed:{f.id}",
                        f.last_error if f.status in _TROUBLED else "",
                    )
                    for f in library.feeds.all()
                ],
            )
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        self.app.call_from_thread(self.sidebar.set_data, data, self.view_query, keep_saved)

    def _poll_store(self) -> None:
        if self.library is not None:
            self._check_version(self.library)

    @work(thread=True, exclusive=True, group="poll")
    def _check_version(self, library: Library) -> None:
        from reader.app import LibraryError

        try:
            version = library.data_version()
        except LibraryError:
            return
        if self._data_version is None:
            self._data_version = version
        elif version != self._data_version:
            self._data_version = version
            self.post_message(StoreChanged())

    @on(StoreChanged)
    def _store_changed(self) -> None:
        """Another process wrote: reload counts, the id list, visible rows and the open record."""
        self.reload(keep=self.article_list.current_id, fresh=True)
        self.refresh_sidebar()
        if self.article_view.article_id is not None:
            self._load_record(self.article_view.article_id, start_timer=False)

    # --------------------------------------------------------------- article
    @on(ArticleList.Highlighted)
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        article_id = event.article_id
        if article_id != self.opened_id:
            self._cancel_mark_read()
            self.opened_id = None
        if self._load_timer is not None:
            self._load_timer.stop()
        if article_id is None:
            self.article_view.show(None)
            return
        # The first move opens at once; while a key is held down (moves closer together than
        # LOAD_SETTLE) only the article the cursor settles on is fetched, and saved as the
        # selection to come back to.
        now = time.monotonic()
        quiet = now - self._last_move >= LOAD_SETTLE
        self._last_move = now
        if quiet:
            self._open_selected(article_id)
        else:
            self._load_timer = self.set_timer(LOAD_SETTLE, partial(self._open_selected, article_id))

    def _open_selected(self, article_id: str) -> None:
        self._load_timer = None
        self._load_record(article_id)
        self._save_state(**{"tui.selected": article_id})

    def _load_record(self, article_id: str, start_timer: bool = True) -> None:
        if self.library is not None:
            self._fetch_record(self.library, article_id, start_timer)

    @work(thread=True, exclusive=True, group="record")
    def _fetch_record(self, library: Library, article_id: str, start_timer: bool) -> None:
        from reader.app import LibraryError

        try:
            record = library.get(article_id)
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        self.app.call_from_thread(self._show_record, record, start_timer)

    def _show_record(self, record: ArticleRecord, start_timer: bool = True) -> None:
        if record.id != self.article_list.current_id and record.id != self.article_view.article_id:
            return  # the user has moved on
        self.article_view.show(record, self.terms)
        pending, self._pending_quote = self._pending_quote, None
        if pending is not None and pending[0] == record.id:
            self.article_view.show_quote(pending[1], pending[2])
        self.refresh_bindings()
        if start_timer and not record.read and record.id == self.opened_id:
            self._start_mark_read(record.id)

    def _start_mark_read(self, article_id: str) -> None:
        self._cancel_mark_read()
        if not self.is_active:
            # A dialog is open (the record arrived, or was shown again, behind it): the
            # countdown starts when the dialog closes (on_screen_resume), not under it.
            self._mark_target = article_id
            return
        delay = self.reader_app.mark_read_delay
        self._mark_timer = self.set_timer(delay, partial(self._mark_read_now, article_id))
        self._mark_target = article_id

    def on_screen_suspend(self) -> None:
        # A dialog over the article (help, tags, the digest) is not reading it: the
        # mark-read countdown stops and starts again when the dialog closes.
        pending = self._mark_target if self._mark_timer is not None else None
        self._cancel_mark_read()
        self._mark_target = pending

    def on_screen_resume(self) -> None:
        pending, self._mark_target = self._mark_target, None
        if pending is not None and pending == self.article_view.article_id == self.opened_id:
            self._start_mark_read(pending)

    def _cancel_mark_read(self) -> None:
        if self._mark_timer is not None:
            self._mark_timer.stop()
            self._mark_timer = None

    def _mark_read_now(self, article_id: str) -> None:
        self._mark_timer = None
        if article_id == self.article_view.article_id == self.opened_id:
            self._change(article_id, lambda session: session.set_read(article_id))

    # -------------------------------------------------------------- changes
    def _change(self, article_id: str, change: Change) -> None:
        """Queue one user change; they reach the store in the order they were made."""
        if self.session is not None:
            self._changes.append((article_id, change))
            self._write_changes(self.session)

    async def changes_written(self) -> None:
        """Wait until the writer has put every queued change in the store (before quitting)."""
        writers = [w for w in self.workers if w.group == "change" and w.node is self]
        if writers:  # an empty list would mean "wait for every worker" to Textual
            await self.workers.wait_for_complete(writers)

    @work(thread=True, group="change")
    def _write_changes(self, session: Session) -> None:
        """Drain the change queue. Each worker takes the lock before popping, so two quick
        changes (a tag added, then removed) are written in order whichever thread runs first."""
        with self._changes_lock:
            while self._changes:
                article_id, change = self._changes.popleft()
                self._apply_change(session, article_id, change)

    def _apply_change(self, session: Session, article_id: str, change: Change) -> None:
        """One user change, committed by the session's call, then the screen is brought up
        to date."""
        from reader.app import USER_ERRORS, LibraryError

        try:
            message = change(session) or ""
            row = session.row(article_id)
            record = session.get(article_id)
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        except USER_ERRORS as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self._changed, record, row, message)

    def _changed(self, record: ArticleRecord, row: ArticleRow, message: str) -> None:
        self.article_list.update_row(row)
        if self.article_view.article_id == record.id:
            self.article_view.show(record, self.terms)
        self.refresh_sidebar()
        self.refresh_bindings()
        if message:
            self.notify(message, timeout=2)

    def target_id(self) -> str | None:
        """The article an action applies to: the open one when reading, else the highlighted."""
        view = self.article_view
        if view.article_id is not None and (view.has_focus or self.article_open or self.reading):
            return view.article_id
        return self.article_list.current_id

    # --------------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("help", "quit"):
            return True
        if not self.ready:
            return None
        if action in ARTICLE_ACTIONS:
            if self.narrow and self.sidebar_narrow:
                return False  # the sidebar fills the screen: no article in sight to act on
            return self.target_id() is not None or None
        if action in ("next_article", "previous_article"):
            return bool(self.article_list.ids) or None
        if action == "undo_mark_all":
            return bool(self._undo_read) or None
        # `/` typed in the search box is part of the query (the binding has priority).
        return not (action == "search" and self.search_box.input.has_focus)

    def action_next_article(self) -> None:
        self._step(1)

    def action_previous_article(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        """n/p: from an open article the next one opens (and counts as read in time); from
        the list they only move the cursor."""
        was_open = self.article_is_open
        self.article_list.move_to(self.article_list.cursor + step)
        current = self.article_list.current_id
        if was_open and current is not None:
            self._open_article(current)

    @property
    def article_is_open(self) -> bool:
        """The user is reading the article pane (not just previewing it beside the list)."""
        return self.reading or (self.narrow and self.article_open) or self.article_view.has_focus

    def action_open(self) -> None:
        current = self.article_list.current_id
        if current is not None:
            self._open_article(current)

    @on(ArticleList.Opened)
    def _opened(self, event: ArticleList.Opened) -> None:
        self._open_article(event.article_id)

    def _open_article(self, article_id: str) -> None:
        if self.narrow:
            self.article_open = True
            self.sidebar_narrow = False
        self._mark_opened(article_id)
        self._apply_layout()  # one pane: the article; side by side: room to read it
        self.article_view.focus()

    def _mark_opened(self, article_id: str) -> None:
        """``article_id`` is open for reading: its mark-read countdown starts once it is shown."""
        if self.opened_id == article_id and self._mark_timer is not None:
            return
        self._cancel_mark_read()
        self.opened_id = article_id
        record = self.article_view.record
        if record is None or record.id != article_id:
            self._load_record(article_id)
        elif not record.read:
            self._start_mark_read(article_id)

    def _close_article(self) -> None:
        self._cancel_mark_read()
        self.opened_id = None

    def action_back(self) -> None:
        if self.reading:
            self.reading = False
        elif self.narrow and self.article_open:
            self.article_open = False
        elif self.narrow and self.sidebar_narrow:
            self.sidebar_narrow = False
        elif self.article_view.has_focus:
            pass  # back to the list beside it
        elif self.search_text:
            self.search_box.action_clear_search()
        elif self.view_query.startswith("tag:"):
            self.select_view("", "All")  # escape clears a tag filter
        self._close_article()
        self._apply_layout()
        self.article_list.focus()

    def action_toggle_sidebar(self) -> None:
        if self.narrow:
            self.sidebar_narrow = not self.sidebar_narrow
            self.article_open = False
            self.reading = False
        elif self.medium:
            self.sidebar_medium = not self.sidebar_medium
        else:
            self.sidebar_wide = not self.sidebar_wide
        self._apply_layout()
        (self.sidebar if self.sidebar_narrow and self.narrow else self.article_list).focus()

    def action_reading_mode(self) -> None:
        self.reading = not self.reading
        if self.reading:
            current = self.article_list.current_id
            if current is not None:
                self._mark_opened(current)
        else:
            self._close_article()  # before the layout: a closed article takes no reading room
        self._apply_layout()
        if self.reading:
            self.article_view.focus()
        else:
            self.article_list.focus()

    def action_toggle_bookmark(self) -> None:
        if (target := self.target_id()) is not None:
            self._change(target, lambda session: session.toggle_bookmark(target).message)

    def action_next_unread(self) -> None:
        if self.library is not None and self.article_list.ids:
            ids = list(self.article_list.ids)
            self._find_unread(self.library, self.query_text, ids, self.article_list.cursor)

    @work(thread=True, exclusive=True, group="next-unread")
    def _find_unread(self, library: Library, query: str, ids: list[str], cursor: int) -> None:
        from reader.app import LibraryError

        try:
            unread = set(library.ids(" ".join(p for p in (query, "is:unread") if p)))
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        after = next((i for i in range(cursor + 1, len(ids)) if ids[i] in unread), None)
        self.app.call_from_thread(self._go_to_unread, after)

    def _go_to_unread(self, index: int | None) -> None:
        if index is None:
            self.notify("No unread article below this one", timeout=2)
            return
        self.article_list.move_to(index)

    def action_mark_all_read(self) -> None:
        if self.session is not None:
            self._mark_all_read(self.session, self.query_text)

    @work(thread=True, exclusive=True, group="mark-all")
    def _mark_all_read(self, session: Session, query: str) -> None:
        from reader.app import USER_ERRORS, LibraryError

        try:
            ids = session.mark_query_read(query)
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        except USER_ERRORS as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self._marked_all, ids, True)

    def action_undo_mark_all(self) -> None:
        ids, self._undo_read = self._undo_read, []
        if ids and self.session is not None:
            self._unmark_all(self.session, ids)

    @work(thread=True, exclusive=True, group="mark-all")
    def _unmark_all(self, session: Session, ids: list[str]) -> None:
        from reader.app import LibraryError

        try:
            session.set_read_many(ids, False)
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        self.app.call_from_thread(self._marked_all, ids, False)

    def _marked_all(self, ids: list[str], read: bool) -> None:
        self._undo_read = ids if read else []
        if read:
            self.notify(f"Marked {len(ids)} read · U undoes", timeout=4)
        else:
            self.notify(f"Marked {len(ids)} unread again", timeout=2)
        self.reload(fresh=True)
        self.refresh_sidebar()
        self.refresh_bindings()

    def action_save_search(self) -> None:
        """ctrl+s from anywhere: save the search in the box under its own text."""
        text = self.search_text.strip()
        if not text:
            self.notify("Type a search first (/)", severity="warning", timeout=2)
            return
        if self.session is not None:
            self._store_search(self.session, text, self.query_text)

    def action_toggle_read(self) -> None:
        if (target := self.target_id()) is not None:
            self._cancel_mark_read()
            self._change(target, lambda session: session.toggle_read(target).message)

    def action_open_url(self) -> None:
        record = self.article_view.record
        if record is None or record.id != self.target_id():
            self.notify("Open the article first", severity="warning")
            return
        if not record.article.url:
            self.notify("This article has no URL", severity="warning")
            return
        from reader.app import openable_url

        url = openable_url(record.article.url)
        if not url:
            shown = safe_line(record.article.url)
            shown = shown if len(shown) <= 60 else shown[:59] + "…"
            self.notify(
                f"Not opened: only http and https links are opened ({shown})",
                severity="warning",
                markup=False,
            )
            return
        self._open_browser(url)

    @work(thread=True, group="browser")
    def _open_browser(self, url: str) -> None:
        try:
            opened = webbrowser.open(url)
        except Exception as error:  # webbrowser can fail in many platform-specific ways
            self.app.call_from_thread(
                self.notify, f"Could not open {url}: {error}", severity="error", markup=False
            )
            return
        if not opened:
            self.app.call_from_thread(
                self.notify, f"No browser to open {url}", severity="warning", markup=False
            )

    def action_cycle_sort(self) -> None:
        sorts = (*SORTS, "rank") if self.terms else SORTS
        current = self.effective_sort
        self.sort = sorts[(sorts.index(current) + 1) % len(sorts)] if current in sorts else "date"
        if self.sort in SORTS:
            self._sort_before_search = self.sort
        self._save_state(**{"tui.sort": self.sort})
        self.reload(keep=self.article_list.current_id)
        self.notify(f"Sorted by {self.sort}", timeout=1.5)

    def action_search(self) -> None:
        if self.narrow:
            self.article_open = False
            self.sidebar_narrow = False
        self.reading = False
        self._apply_layout()
        # At once, not after a refresh: keys already queued behind `/` must reach the box.
        self.set_focus(self.search_box.input)

    def action_filter_tag(self) -> None:
        tags = [(name, count) for name, count, _kind in self.sidebar.data.tags]
        try:
            from reader.tui.screens.tag_picker import TagPicker
        except ImportError:
            self._focus_sidebar_tags()
            return
        if not tags:
            self.notify("No tags yet", severity="warning")
            return

        def picked(tag: str | None) -> None:
            if tag:
                from reader.tui.widgets.sidebar import quote_value

                self.select_view(f"tag:{quote_value(tag)}", tag)

        self.app.push_screen(TagPicker(tags), picked)

    def _focus_sidebar_tags(self) -> None:
        if self.narrow:
            self.sidebar_narrow = True
            self.article_open = False
        elif self.medium:
            self.sidebar_medium = True
        else:
            self.sidebar_wide = True
        self._apply_layout()
        index = self.sidebar.first_tag_index()
        if index is not None:
            self.sidebar.highlighted = index
        self.sidebar.focus()

    def action_edit_tags(self) -> None:
        target, library = self.target_id(), self.library
        if target is None or library is None:
            return

        def load() -> Callable[[], None]:
            record = library.get(target)
            known = tag_names([(t.name, t.count, t.kind) for t in library.tag_counts()])
            return partial(self._push_tag_editor, record, known)

        self._open_dialog(load)

    @work(thread=True, group="dialog")
    def _open_dialog(self, load: Callable[[], Callable[[], None]]) -> None:
        """Read what a dialog needs off the event loop (``load`` runs in this thread and
        answers how to open it, which runs on the loop); a library fault shows the library's
        error screen instead of a dialog."""
        from reader.app import LibraryError

        try:
            push = load()
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        self.app.call_from_thread(push)

    def _push_tag_editor(self, record: ArticleRecord, known: list[str]) -> None:
        from reader.tui.screens.tag_editor import TagEditor

        editor = TagEditor(
            safe_line(record.article.title),
            record.article.tags,
            record.user_tags,
            known,
            on_add=partial(self._tag_change, record.id, add=True),
            on_remove=partial(self._tag_change, record.id, add=False),
        )
        self.app.push_screen(editor)

    def _tag_change(self, article_id: str, tag: str, *, add: bool) -> None:
        """The tag editor writes each tag as it is added or removed."""

        def change(session: Session) -> str:
            if add:
                session.tag(article_id, [tag])
            else:
                session.untag(article_id, [tag])
            return ""  # the chip appearing or going is the feedback (no toast over the dialog)

        self._change(article_id, change)

    def action_bookmark_note(self) -> None:
        """``B``: write or edit the bookmark note of the selected (or open) article."""
        target, library = self.target_id(), self.library
        if target is not None and library is not None:
            self._open_dialog(lambda: partial(self._push_note, library.get(target)))

    def _push_note(self, record: ArticleRecord) -> None:
        from reader.tui.screens.bookmark_note import BookmarkNote

        bookmark = record.bookmark
        self.app.push_screen(
            BookmarkNote(
                record.article.title,
                bookmark.note if bookmark is not None else "",
                bookmark is not None,
                on_save=partial(self._note_change, record.id),
            )
        )

    def _note_change(self, article_id: str, note: str) -> None:
        """The note dialog writes each save: bookmarks the article, the note replaces the
        old one (an empty note clears it and keeps the bookmark)."""

        def change(session: Session) -> str:
            session.bookmark(article_id, note)
            return ""  # the dialog's own line says it is bookmarked

        self._change(article_id, change)

    def action_quote_list(self) -> None:
        """``Q``: the article's quotations and their speakers; enter jumps to one."""
        target = self.target_id()
        if target is None or self.session is None:
            return
        from reader.tui.screens.quote_list import QuoteItem, QuoteList

        record = self.article_view.record
        title = record.article.title if record is not None and record.id == target else ""
        dialog = QuoteList(title)

        def chosen(item: QuoteItem | None) -> None:
            self.workers.cancel_group(self, "quotes")
            if item is not None:
                self._go_to_quote(target, item.start, item.end)

        self.app.push_screen(dialog, chosen)
        self._find_quotes(self.session, target, dialog)

    @work(thread=True, exclusive=True, group="quotes")
    def _find_quotes(self, session: Session, article_id: str, dialog: QuoteList) -> None:
        """The quotations section by section (a long article's list fills as it is read);
        scare quotes (a title, a so-called name) are not speech and are left out."""
        from reader.app import USER_ERRORS, LibraryError
        from reader.tui.screens.quote_list import QuoteItem

        worker = get_current_worker()
        try:
            if not dialog.article_title:
                title = session.get(article_id).article.title
                self.app.call_from_thread(dialog.set_title, title)
            for part in session.quote_parts(article_id, cancelled=lambda: worker.is_cancelled):
                items = [
                    QuoteItem(q.text, q.speaker, q.start, q.end, q.confidence)
                    for q in part.quotes
                    if q.kind != "scare"
                ]
                if worker.is_cancelled:
                    return
                self.app.call_from_thread(dialog.add_quotes, items, part.done, part.total)
        except LibraryError as error:
            self.post_message(LibraryFault(error))
        except USER_ERRORS as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")

    def _go_to_quote(self, article_id: str, start: int, end: int) -> None:
        """Open the article (as enter does: one pane, or room to read it beside the list) and
        scroll the quotation into view, marked."""
        self._open_article(article_id)
        if self.article_view.article_id == article_id:
            self.article_view.show_quote(start, end)
        else:
            self._pending_quote = (article_id, start, end)

    def action_highlight_mode(self) -> None:
        target = self.target_id()
        if target is None:
            return
        if self.narrow and not self.article_open:
            self.article_open = True
            self._apply_layout()
        view = self.article_view
        self._mark_opened(target)  # highlighting is reading
        if view.article_id != target:
            self.notify("Loading the article…", timeout=1)
            return
        view.focus()
        view.set_highlight_mode(True)

    @on(ArticleView.HighlightToggled)
    def _highlight_toggled(self, event: ArticleView.HighlightToggled) -> None:
        article_id, start, end = event.article_id, event.start, event.end
        highlight_id = event.highlight_id

        def add(session: Session) -> str:
            session.add_highlight(article_id, start, end)
            return "Highlighted"

        def remove(session: Session, highlight_id: int) -> str:
            session.remove_highlight(highlight_id)
            return "Highlight removed"

        if highlight_id is None:
            self._change(article_id, add)
        else:
            self._change(article_id, partial(remove, highlight_id=highlight_id))

    @on(ArticleView.HighlightModeChanged)
    def _highlight_mode_changed(self) -> None:
        self.refresh_bindings()

    def action_fetch_feeds(self) -> None:
        """``r``: fetch every feed now in a worker (reading the feed list too: no SQLite on
        the event loop); the list keeps showing what is stored."""
        if self.session is not None:
            self._fetch_feeds(self.session)

    @work(thread=True, exclusive=True, group="fetch")
    def _fetch_feeds(self, session: Session) -> None:
        """Through the application layer's fetch, so under the library's fetch lock: never
        at the same time as a ``reader fetch`` (from cron) on the same library."""
        from reader.app import USER_ERRORS
        from reader.app import feeds as service

        library = session.library

        worker = get_current_worker()
        counts = [0, 0]

        def started(due: list[Feed]) -> None:
            counts[1] = len(due)
            self.app.call_from_thread(self._show_fetch_progress, 0, counts[1], "")

        def progress(result: service.FeedResult) -> None:
            counts[0] += 1
            self.app.call_from_thread(
                self._show_fetch_progress, counts[0], counts[1], result.feed.title
            )

        try:
            if not library.feeds.all():
                self.app.call_from_thread(
                    self.notify, "No feeds yet: reader feed add URL", severity="warning"
                )
                return
            self.app.call_from_thread(self.notify, "Fetching feeds…", timeout=2)
            report = service.fetch(
                session,
                force=True,
                started=started,
                progress=progress,
                cancel=lambda: worker.is_cancelled,
            )
        except USER_ERRORS as error:
            self.app.call_from_thread(self._show_fetch_progress, 0, 0, "")
            self.app.call_from_thread(self.notify, safe_line(str(error)), severity="error")
            return
        self.app.call_from_thread(self._fetch_finished, report)

    def _show_fetch_progress(self, done: int, total: int, title: str) -> None:
        self.sidebar.border_subtitle = (
            f"fetching {done}/{total} {safe_line(title)[:20]}".rstrip() if total else ""
        )

    def _fetch_finished(self, report: FetchReport) -> None:
        self.sidebar.border_subtitle = ""
        failed = report.failed
        summary = f"{len(report.results)} feeds fetched, {report.new} new articles"
        self.notify(summary + (f", {len(failed)} failed" if failed else ""), timeout=4)
        for result in failed:
            self.notify(
                safe_line(f"{result.feed.title}: {result.error}"), severity="error", timeout=10
            )
        if self.library is not None:
            self._load_sidebar(self.library)

    def action_digest(self) -> None:
        """Preview the briefing of the bookmarks through the one briefing pipeline (config
        defaults for title, grouping and quotes), as Markdown; ``s`` keeps it in
        ``<library>/briefings/``. Previewing never moves the last-digest mark."""
        session = self.session
        if session is None:
            return
        from reader.app.briefing import BriefingRequest, briefing_path, preview
        from reader.tui.screens.digest_preview import DigestPreview

        def build_markdown() -> str:
            outcome = preview(session, BriefingRequest(format="markdown"))
            return outcome.body if outcome.count else "*No bookmarked articles yet.*\n"

        path = briefing_path(session.library_dir, "markdown", datetime.now(UTC))
        self.app.push_screen(DigestPreview(build_markdown, path))

    def action_help(self) -> None:
        from reader.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(keys.help_groups()))

    # --------------------------------------------------------------- removing
    def action_remove_article(self) -> None:
        """``D``: remove the selected (or open) article, after a confirmation."""
        if (target := self.target_id()) is not None and self.session is not None:
            self._prepare_remove(self.session, "article", target)

    def action_remove_view(self) -> None:
        """Palette: remove everything the current search or view matches, confirmed."""
        if self.session is not None:
            self._prepare_remove(self.session, "view", self.query_text)

    def action_remove_samples(self) -> None:
        """Palette: clear the bundled sample articles, confirmed."""
        if self.session is not None:
            self._prepare_remove(self.session, "samples", "")

    @work(thread=True, exclusive=True, group="remove")
    def _prepare_remove(self, session: Session, kind: str, target: str) -> None:
        """Find what would go (in a worker), then ask on the UI thread."""
        from reader.app import USER_ERRORS, LibraryError

        try:
            if kind == "article":
                ids, what = [target], ""
            elif kind == "samples":
                ids, what = session.sample_ids(), "the sample articles"
            else:
                ids, what = session.matching(target), target
            titles = [title for _, title in session.titles(ids[:5])]
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        except USER_ERRORS as error:
            message = (
                "Search or pick a view first: the whole library is not removed at once"
                if kind == "view"
                else str(error)
            )
            self.app.call_from_thread(self.notify, message, severity="warning", timeout=3)
            return
        if not ids:
            self.app.call_from_thread(self.notify, "Nothing to remove", timeout=2)
            return
        self.app.call_from_thread(self._ask_remove, session, ids, titles, what)

    def _ask_remove(self, session: Session, ids: list[str], titles: list[str], what: str) -> None:
        from reader.tui.screens.confirm_remove import ConfirmRemove

        def answered(remove: bool | None) -> None:
            if remove:
                self._remove(session, ids)

        self.app.push_screen(ConfirmRemove(len(ids), titles, what), answered)

    @work(thread=True, exclusive=True, group="remove")
    def _remove(self, session: Session, ids: list[str]) -> None:
        from reader.app import USER_ERRORS, LibraryError

        try:
            removed = session.remove(ids)
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        except USER_ERRORS as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self._removed, removed.ids)

    def _removed(self, ids: list[str]) -> None:
        if self.article_view.article_id in ids:
            self._close_article()
            self.article_open = False
            self.article_view.show(None)
            self._apply_layout()
        count = len(ids)
        self.notify(f"Removed {count} article{'' if count == 1 else 's'}", timeout=3)
        self.reload(fresh=True)
        self.refresh_sidebar()
        self.refresh_bindings()

    def action_export_state(self) -> None:
        if self.session is not None:
            self._export_state(self.session)

    @work(thread=True, group="export")
    def _export_state(self, session: Session) -> None:
        """The one exporter (as ``reader export``), into ``<library>/exports/``."""
        from reader.app import USER_ERRORS, LibraryError, StateFormat

        try:
            result = session.export_state_to(fmt=StateFormat.json)
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        except USER_ERRORS as error:
            self.app.call_from_thread(self.notify, f"Export failed: {error}", severity="error")
            return
        except OSError as error:
            self.app.call_from_thread(self.notify, f"Export failed: {error}", severity="error")
            return
        self.app.call_from_thread(self.notify, f"State exported to {result.path}")

    # ---------------------------------------------------------------- views
    @on(ViewSelected)
    def _view_selected(self, event: ViewSelected) -> None:
        self.select_view(event.query, event.label)
        if self.narrow:
            self.sidebar_narrow = False
            self._apply_layout()
        self.article_list.focus()

    def select_view(self, query: str, label: str) -> None:
        """Show a sidebar view (a query); the palette's filters come through here too."""
        self.view_query = query
        self.view_label = next((n for n, q, _k in LIBRARY_VIEWS if q == query), label)
        if self.view_label == "All":
            self.view_label = "All articles"
        self._save_state(**{"tui.view": query, "tui.view_label": self.view_label})
        self.reload()

    # ---------------------------------------------------------------- search
    @on(SearchBox.Changed)
    def _search_changed(self, event: SearchBox.Changed) -> None:
        had_search = bool(self.search_text.strip())
        self.search_text = event.text
        has_search = bool(event.text.strip())
        if has_search and not had_search:
            self._sort_before_search = self.sort if self.sort in SORTS else "date"
            self.sort = "rank"
        elif had_search and not has_search:
            self.sort = self._sort_before_search
        self._save_state(**{"tui.search": event.text, "tui.sort": self.sort})
        self.reload(top=has_search)

    @on(SearchBox.Done)
    def _search_done(self) -> None:
        self.article_list.focus()

    @on(SearchBox.Cleared)
    def _search_cleared(self) -> None:
        if self.search_text:
            self.search_text = ""
            self.sort = self._sort_before_search
            self._save_state(**{"tui.search": "", "tui.sort": self.sort})
            self.reload()
        self.article_list.focus()

    @on(SearchBox.SaveRequested)
    def _save_search(self, event: SearchBox.SaveRequested) -> None:
        if self.session is not None:
            self._store_search(self.session, event.text, self.query_text)

    @work(thread=True, group="saved-search")
    def _store_search(self, session: Session, name: str, query: str) -> None:
        from reader.app import USER_ERRORS, LibraryError

        try:
            session.save_search(name, query)  # a malformed query is refused
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        except USER_ERRORS as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Saved search “{safe_line(name)}”")
        self.app.call_from_thread(self.refresh_sidebar)

    # ---------------------------------------------------------- saved searches
    @on(Sidebar.SavedSearchAction)
    def _saved_search_action(self, event: Sidebar.SavedSearchAction) -> None:
        if event.action == "rename":
            self.rename_saved_search(event.name)
        else:
            self.delete_saved_search(event.name)

    def saved_search_names(self) -> list[str]:
        """The saved searches' names (for the palette's rename and delete commands)."""
        return [name for name, _query in self.sidebar.data.saved]

    def _saved_query(self, name: str) -> str | None:
        return next((q for n, q in self.sidebar.data.saved if n == name), None)

    def rename_saved_search(self, name: str) -> None:
        """Ask for a new name (sidebar ``R``, or the palette), then rename."""
        from reader.tui.screens.saved_search import RenameSearch

        query = self._saved_query(name)
        if query is None or self.session is None:
            return
        session = self.session

        def answered(new: str | None) -> None:
            if new:
                self._rename_search(session, name, new, query)

        self.app.push_screen(RenameSearch(name, query), answered)

    @work(thread=True, group="saved-search")
    def _rename_search(self, session: Session, old: str, new: str, query: str) -> None:
        from reader.app import USER_ERRORS, LibraryError

        try:
            saved = session.rename_search(old, new)
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        except USER_ERRORS as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self._renamed_search, old, saved.name, query)

    def _renamed_search(self, old: str, new: str, query: str) -> None:
        if self.view_label == old and self.view_query == query:
            self.view_label = new
            self._save_state(**{"tui.view_label": new})
            self._update_title()
        self.notify(f"Renamed “{safe_line(old)}” to “{safe_line(new)}”", timeout=3)
        self.refresh_sidebar(keep_saved=new)

    def delete_saved_search(self, name: str) -> None:
        """Ask (Keep focused), then delete the saved search (never the articles it finds)."""
        from reader.tui.screens.saved_search import DeleteSearch

        query = self._saved_query(name)
        if query is None or self.session is None:
            return
        session = self.session

        def answered(delete: bool | None) -> None:
            if delete:
                self._delete_search(session, name)

        self.app.push_screen(DeleteSearch(name, query), answered)

    @work(thread=True, group="saved-search")
    def _delete_search(self, session: Session, name: str) -> None:
        from reader.app import USER_ERRORS, LibraryError

        try:
            session.delete_search(name)
        except LibraryError as error:
            self.post_message(LibraryFault(error))
            return
        except USER_ERRORS as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Deleted the saved search “{safe_line(name)}”")
        self.app.call_from_thread(self.refresh_sidebar)

    def palette_filters(self) -> list[tuple[str, str]]:
        """(label, query) of every sidebar entry, offered by the command palette."""
        return self.sidebar.entries()
