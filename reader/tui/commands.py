"""The command palette provider: every action of the main screen, plus one filter per view.

Commands are offered only when the screen's ``check_action`` allows them, so the palette never
shows something a key press would refuse (no bookmarking when no article is selected).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.tui.text import safe_line

if TYPE_CHECKING:
    from reader.tui.screens.main import MainScreen

#: (command name, help text, screen action) offered in the palette.
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Open article", "Open the highlighted article", "open"),
    ("Toggle bookmark", "Bookmark or un-bookmark the article", "toggle_bookmark"),
    ("Edit tags", "Add or remove your tags on the article", "edit_tags"),
    ("Bookmark note", "Write or edit the bookmark note (bookmarks the article)", "bookmark_note"),
    ("Toggle read", "Mark the article read or unread", "toggle_read"),
    ("Open URL in browser", "Open the article's web page", "open_url"),
    ("Highlight mode", "Walk the sentences and mark highlights", "highlight_mode"),
    ("Quotes", "The article's quotations and who said them; enter goes to one", "quote_list"),
    ("Search", "Search with the query language", "search"),
    ("Filter by tag", "Pick a tag to filter the list", "filter_tag"),
    ("Cycle sort", "Sort by date, title (or relevance while searching)", "cycle_sort"),
    ("Toggle sidebar", "Show or hide the library views", "toggle_sidebar"),
    ("Focus mode", "Show the article alone", "reading_mode"),
    ("Next article", "Move to the next article", "next_article"),
    ("Next unread", "Move to the next unread article in the list", "next_unread"),
    ("Mark all in view read", "Mark every article of the current view read", "mark_all_read"),
    ("Undo mark all read", "Mark unread again what the last mark-all marked", "undo_mark_all"),
    ("Save search", "Save the current search in the sidebar", "save_search"),
    ("Previous article", "Move to the previous article", "previous_article"),
    ("Remove article", "Remove the article from the library (asks first)", "remove_article"),
    (
        "Remove all in view",
        "Remove every article the current search or view shows (asks first)",
        "remove_view",
    ),
    ("Remove sample articles", "Clear the bundled sample articles (asks first)", "remove_samples"),
    ("Digest preview", "Preview the briefing of your bookmarks", "digest"),
    ("Fetch feeds", "Fetch your feeds now, in the background", "fetch_feeds"),
    ("Export state", "Write your tags, bookmarks and highlights to a JSON file", "export_state"),
    ("Help", "Every key, grouped", "help"),
)


def literal(text: str) -> str:
    """``text`` for a place where Textual reads markup (the palette's help line): every ``[``
    escaped, so a tag or a saved search named ``[/`` or ``[link=…]`` shows as written
    (``textual.markup.escape`` leaves ``[/`` alone, and the palette then fails on it)."""
    return text.replace("[", "\\[")


class ReaderCommands(Provider):
    """Actions and view filters of the main screen."""

    def _main_screen(self) -> MainScreen | None:
        from reader.tui.screens.main import MainScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        screen = self._main_screen()
        if screen is None:
            return
        for name, help_text, action in ACTIONS:
            if screen.check_action(action, ()) is True:
                yield name, help_text, partial(screen.run_action, action)
        if screen.check_action("select_view", ()) is True:
            for name in screen.saved_search_names():
                shown = safe_line(name)
                yield (
                    f"Rename saved search: {shown}",
                    "Give the saved search a new name",
                    partial(screen.rename_saved_search, name),
                )
                yield (
                    f"Delete saved search: {shown}",
                    "Delete the saved search (asks first; its articles stay)",
                    partial(screen.delete_saved_search, name),
                )
            for label, query in screen.palette_filters():
                kind = query.split(":", 1)[0] if ":" in query else "view"
                yield (
                    f"Filter: {safe_line(label)}",
                    literal(f"Show {kind} {safe_line(label)!r} ({query or 'everything'})"),
                    partial(screen.select_view, query, label),
                )

    async def discover(self) -> Hits:
        for name, help_text, command in self._commands():
            if not name.startswith("Filter: "):
                # A Content, not a str: a str would be read as markup (a saved search's name).
                yield DiscoveryHit(Content(name), command, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help_text)
