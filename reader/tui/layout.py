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

Within the list (``list_columns``) the title, section and date columns give way in order as it
narrows: the section column first (narrowed, then gone), then the title, the date last.
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


# -- the article list's columns ------------------------------------------------------------
#: Cells before a title (a space, the bookmark and unread marks, a space) and the gap after it.
LIST_MARKS = 4
LIST_GAP = 2
#: Cells of the date column ("7 Mar" this year, "Mar 2023" before).
DATE_WIDTH = 8
#: The section column's widest (its trailing gap included): it grows with the list, so that
#: longer sections ("Environment", "Local news") are whole.
SECTION_WIDEST = 16
#: A title keeps this much before the section column gives up any of its room ...
TITLE_KEEPS = 22
#: ... and the section column shrinks (cut with an ellipsis) to this, then goes.
SECTION_MIN = 7
#: The date goes only when the title would keep fewer cells than this with it.
TITLE_MIN = 12


@dataclass(frozen=True, slots=True)
class ListColumns:
    """Cells of the article list's columns on a row (0: not shown); the marks and the gap
    after the title take the rest (``LIST_MARKS + LIST_GAP``)."""

    title: int
    section: int
    """With the gap after it."""
    date: int


def list_columns(width: int) -> ListColumns:
    """The article list's columns on a list ``width`` cells wide. They give way in order: the
    title keeps the most, then the date, then the section: as the list narrows the section
    column narrows (its text cut with an ellipsis) until the title would fall below
    ``TITLE_KEEPS``, then goes; the title narrows next; the date goes last."""
    room = max(width - LIST_MARKS - LIST_GAP, 1)
    date = DATE_WIDTH if room - DATE_WIDTH >= TITLE_MIN else 0
    # 11 cells, 13 from 75 and 16 from 90, grown a cell per column of list so that the title
    # never narrows as the list widens (but where the section column first appears).
    wanted = max(11, min(13, width - 62), min(SECTION_WIDEST, width - 74))
    section = min(wanted, room - date - TITLE_KEEPS)
    if section < SECTION_MIN:
        section = 0
    return ListColumns(room - date - section, section, date)


__all__ = [
    "ARTICLE_MAX",
    "ARTICLE_MIN",
    "ARTICLE_READING",
    "DATE_WIDTH",
    "LIST_GAP",
    "LIST_MARKS",
    "LIST_MIN",
    "LIST_WANTS",
    "NARROW_WIDTH",
    "SECTION_MIN",
    "THREE_PANES_WIDTH",
    "TITLE_KEEPS",
    "TITLE_MIN",
    "ListColumns",
    "PaneWidths",
    "list_columns",
    "pane_widths",
]
