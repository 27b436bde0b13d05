"""How the main screen shares its width between the sidebar, the list and the article.

Plain arithmetic, no widgets, so the rules can be read (and tested) in one place:

- below ``NARROW_WIDTH`` columns one pane at a time (the list, the sidebar or the article);
- from ``NARROW_WIDTH`` the list and the article side by side, the sidebar on ``v``;
- from ``THREE_PANES_WIDTH`` the sidebar too, shown by default (``v`` hides it).

Beside each other, the list is served first, up to ``LIST_WANTS`` columns (titles of about 40
columns, then aligned section and date columns); then the article, up to ``ARTICLE_MAX`` (a
reading measure of 72 columns: more is harder to read, not easier); then the list again.

That suits browsing. Once an article is opened for reading, an article pane narrower than
``ARTICLE_READING`` (text under 60 columns: at 120 columns the three panes leave it about 28)
takes the room instead: the sidebar steps aside and the list keeps ``LIST_MIN`` columns or
more, so the reader sees a readable measure beside the list; escape gives the room back.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Below this width the screen shows one pane at a time.
NARROW_WIDTH = 100
#: From this width the sidebar is shown beside the list and the article (three panes); below
#: it, the list and the article share the width and ``v`` brings the sidebar in.
THREE_PANES_WIDTH = 120
#: The sidebar's width (its border included), and from ``WIDE_SIDEBAR_FROM`` columns a little more.
SIDEBAR = 20
WIDE_SIDEBAR = 24
WIDE_SIDEBAR_FROM = 150
#: What the list needs before the article gets more than its minimum: marks (4), a title of
#: 40 columns, a gap (2), the section column (11), the date (8) and a scrollbar (1).
LIST_WANTS = 66
#: The article pane's narrowest and widest (border, padding, margin bar and scrollbar
#: included: the text itself is 6 columns narrower, 72 at the widest).
ARTICLE_MIN = 34
ARTICLE_MAX = 78
#: The narrowest article pane an opened article is read in (60 columns of text).
ARTICLE_READING = 66
#: What the list keeps while an article takes the room to be read (titles of about 20 columns
#: and the date; the section column goes first).
LIST_MIN = 34


@dataclass(frozen=True, slots=True)
class PaneWidths:
    """Columns of each pane shown side by side (0: not shown)."""

    sidebar: int
    list: int
    article: int


def pane_widths(width: int, sidebar: bool, reading: bool = False) -> PaneWidths:
    """The panes' widths on a screen ``width`` columns wide (from ``NARROW_WIDTH``), with or
    without the sidebar; ``reading``: an article is open for reading (see the module's text)."""
    side = (WIDE_SIDEBAR if width >= WIDE_SIDEBAR_FROM else SIDEBAR) if sidebar else 0
    room = width - side
    article = max(ARTICLE_MIN, min(ARTICLE_MAX, room - LIST_WANTS))
    if reading and article < ARTICLE_READING:
        side, room = 0, width
        article = max(ARTICLE_MIN, min(ARTICLE_MAX, room - LIST_MIN))
    return PaneWidths(side, room - article, article)


__all__ = [
    "ARTICLE_MAX",
    "ARTICLE_MIN",
    "ARTICLE_READING",
    "LIST_MIN",
    "LIST_WANTS",
    "NARROW_WIDTH",
    "THREE_PANES_WIDTH",
    "PaneWidths",
    "pane_widths",
]
