"""Every key binding of the main app, defined once.

The footer (through each widget's ``BINDINGS``) and the help screen both read this table, so a
key cannot be documented in one place and bound differently in another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.binding import Binding, BindingType

#: Help-screen groups, in the order they are shown (the sketch's five, and the sidebar's keys
#: under a heading of their own, so no key is listed twice under one heading).
GROUPS: tuple[str, ...] = ("Move", "Sidebar", "Read", "Organise", "Search", "App")


@dataclass(frozen=True, slots=True)
class KeySpec:
    """One binding plus where it lives and how the help screen names it."""

    keys: str
    """Textual key names, comma separated (``"j,down"``)."""
    action: str
    description: str
    group: str
    scope: str
    """Which widget binds it: screen, list, article, highlight, search or app."""
    show: bool = True
    """Shown in the footer (everything is shown in help)."""
    key_display: str | None = None
    """Footer / help label when the raw key names would read badly."""
    priority: bool = False
    help: str | None = None
    """The help screen's longer description, when the footer's word says too little."""


KEYS: tuple[KeySpec, ...] = (
    # Move
    KeySpec("j,down", "cursor_down", "Next", "Move", "list", show=False, key_display="j/↓"),
    KeySpec("k,up", "cursor_up", "Previous", "Move", "list", show=False, key_display="k/↑"),
    KeySpec("pagedown", "page_down", "Page down", "Move", "list", show=False),
    KeySpec("pageup", "page_up", "Page up", "Move", "list", show=False),
    KeySpec("g,home", "first", "First article", "Move", "list", show=False, key_display="g/home"),
    KeySpec("G,end", "last", "Last article", "Move", "list", show=False, key_display="G/end"),
    KeySpec("N", "next_unread", "Next unread", "Move", "screen", show=False),
    KeySpec("enter", "open", "Open", "Move", "list", show=False),
    KeySpec("n", "next_article", "Next article", "Move", "screen", show=False),
    KeySpec("p", "previous_article", "Previous article", "Move", "screen", show=False),
    KeySpec(
        "escape",
        "back",
        "Back; clear search / tag filter",
        "Move",
        "screen",
        show=False,
        key_display="esc",
    ),
    KeySpec("z", "reading_mode", "Focus", "Move", "screen", show=False),
    # Sidebar
    KeySpec("v", "toggle_sidebar", "Views", "Sidebar", "screen", help="Show / hide the sidebar"),
    KeySpec(
        "j,down", "cursor_down", "Next view", "Sidebar", "sidebar", show=False, key_display="j/↓"
    ),
    KeySpec(
        "k,up", "cursor_up", "Previous view", "Sidebar", "sidebar", show=False, key_display="k/↑"
    ),
    KeySpec("enter", "select", "Show the view", "Sidebar", "sidebar", show=False),
    KeySpec("R", "rename_saved", "Rename saved search", "Sidebar", "sidebar"),
    KeySpec(
        "delete,x", "delete_saved", "Delete saved search", "Sidebar", "sidebar", key_display="del/x"
    ),
    # Read (article pane)
    KeySpec(
        "j,down",
        "scroll_article(1)",
        "Scroll down",
        "Read",
        "article",
        show=False,
        key_display="j/↓",
    ),
    KeySpec(
        "k,up", "scroll_article(-1)", "Scroll up", "Read", "article", show=False, key_display="k/↑"
    ),
    # The way out of an open article, in the footer while reading (the screen's escape, which
    # the help lists under Move already: same words, so listed once).
    KeySpec(
        "escape",
        "back",
        "Back",
        "Move",
        "article",
        key_display="esc",
        help="Back; clear search / tag filter",
    ),
    # The article pane's own Home/End (Textual's scroll keys, made to reach the real start and
    # end of a long article), with g/G as in the list.
    KeySpec(
        "g,home",
        "scroll_home",
        "Start of the article",
        "Read",
        "article",
        show=False,
        key_display="g/home",
    ),
    KeySpec(
        "G,end",
        "scroll_end",
        "End of the article",
        "Read",
        "article",
        show=False,
        key_display="G/end",
    ),
    KeySpec("u", "toggle_read", "Read/unread", "Read", "screen", show=False),
    KeySpec("A", "mark_all_read", "Mark all in view read", "Read", "screen", show=False),
    KeySpec("U", "undo_mark_all", "Undo mark all read", "Read", "screen", show=False),
    KeySpec("Q", "quote_list", "Quotes and speakers", "Read", "screen", show=False),
    KeySpec("o", "open_url", "Open URL", "Read", "screen"),
    KeySpec("s", "cycle_sort", "Sort", "Read", "screen", show=False),
    # Organise
    KeySpec("b", "toggle_bookmark", "Bookmark", "Organise", "screen"),
    KeySpec("t", "edit_tags", "Tags", "Organise", "screen"),
    KeySpec("h", "highlight_mode", "Highlight", "Organise", "screen"),
    KeySpec("B", "bookmark_note", "Bookmark note", "Organise", "screen", show=False),
    KeySpec("D", "remove_article", "Remove article", "Organise", "screen", show=False),
    # Short footer words (the footer holds these, esc, ? and q at 80 columns); help says more.
    KeySpec(
        "j,down",
        "sentence(1)",
        "Next",
        "Organise",
        "highlight",
        key_display="j/↓",
        help="Next sentence",
    ),
    KeySpec(
        "k,up",
        "sentence(-1)",
        "Previous",
        "Organise",
        "highlight",
        key_display="k/↑",
        help="Previous sentence",
    ),
    KeySpec(
        "space,enter",
        "toggle_highlight",
        "Mark",
        "Organise",
        "highlight",
        key_display="space",
        help="Mark / unmark",
    ),
    KeySpec("escape", "leave_highlight", "Done", "Organise", "highlight", key_display="esc"),
    # Search
    # A priority binding: handled as the key arrives, so keys typed after it while the app is
    # busy reach the search box instead of running as commands on the article.
    KeySpec("slash", "search", "Search", "Search", "screen", key_display="/", priority=True),
    KeySpec("f", "filter_tag", "Filter by tag", "Search", "screen", show=False),
    KeySpec("ctrl+s", "save_search", "Save search", "Search", "search", key_display="^s"),
    KeySpec(
        "ctrl+s", "save_search", "Save search", "Search", "screen", show=False, key_display="^s"
    ),
    KeySpec("escape", "clear_search", "Clear", "Search", "search", key_display="esc"),
    KeySpec("enter", "submit_search", "To list", "Search", "search", show=False),
    # App
    KeySpec("d", "digest", "Digest", "App", "screen"),
    KeySpec("r", "fetch_feeds", "Fetch feeds", "App", "screen", show=False),
    KeySpec("question_mark", "help", "Help", "App", "screen", key_display="?"),
    KeySpec("q", "quit", "Quit", "App", "app"),
    KeySpec("ctrl+p", "command_palette", "Commands", "App", "app", show=False, key_display="^p"),
)


def bindings(scope: str) -> list[BindingType]:
    """The ``BINDINGS`` list for the widget that owns ``scope``."""
    return [
        Binding(
            spec.keys,
            spec.action,
            spec.description,
            show=spec.show,
            key_display=spec.key_display,
            priority=spec.priority,
            tooltip=f"{spec.group}: {spec.description}",
        )
        for spec in KEYS
        if spec.scope == scope
    ]


def _label(spec: KeySpec) -> str:
    if spec.key_display:
        return spec.key_display
    return " / ".join(key.strip() for key in spec.keys.split(","))


def help_groups(specs: Sequence[KeySpec] = KEYS) -> list[tuple[str, list[tuple[str, str]]]]:
    """Bindings grouped for HelpScreen: ``[(group, [(keys, description), ...]), ...]``."""
    grouped: dict[str, list[tuple[str, str]]] = {group: [] for group in GROUPS}
    for spec in specs:
        entry = (_label(spec), spec.help or spec.description)
        if entry not in grouped[spec.group]:
            grouped[spec.group].append(entry)
    return [(group, entries) for group, entries in grouped.items() if entries]
