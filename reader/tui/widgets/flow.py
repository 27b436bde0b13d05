"""A line of pieces that wraps only BETWEEN pieces: a byline, a row of tag chips.

Rich wraps at any whitespace, no-break spaces included, so ``· 1 min`` broke as ``· 1`` /
``min`` and a chip ``Literary fiction (debut)`` split across lines. Here each piece is laid out
whole on the first line with room for it; a piece wider than the whole line is cut with an
ellipsis, never wrapped.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget


def flow_lines(pieces: Sequence[Text], separator: Text, width: int) -> list[Text]:
    """Greedy layout of ``pieces`` in ``width`` cells, ``separator`` between pieces on a line."""
    width = max(width, 1)
    lines: list[Text] = []
    line = Text(no_wrap=True, end="")
    used = 0
    gap = cell_len(separator.plain)
    for piece in pieces:
        size = cell_len(piece.plain)
        if used and used + gap + size > width:
            lines.append(line)
            line, used = Text(no_wrap=True, end=""), 0
        if used:
            line.append_text(separator)
            used += gap
        if size > width - used:
            piece = piece.copy()
            piece.truncate(width - used, overflow="ellipsis")
            size = cell_len(piece.plain)
        line.append_text(piece)
        used += size
    if used:
        lines.append(line)
    return lines


def capped_flow_lines(
    pieces: Sequence[Text], separator: Text, width: int, max_lines: int
) -> list[Text]:
    """Like :func:`flow_lines`, but at most ``max_lines`` lines: when the pieces need more, as
    many as fit are shown and the last line ends with how many are left out (``+150 more``)."""
    lines = flow_lines(pieces, separator, width)
    if len(lines) <= max_lines:
        return lines

    def layout(shown: int) -> list[Text]:
        left = Text(f"+{len(pieces) - shown} more", style="dim")
        return flow_lines([*pieces[:shown], left], separator, width)

    low, high = 0, len(pieces) - 1  # the most pieces that fit beside the count: a bisection
    while low < high:
        middle = (low + high + 1) // 2
        if len(layout(middle)) <= max_lines:
            low = middle
        else:
            high = middle - 1
    return layout(low)


class Flow(Widget):
    """Pieces laid out in as many lines as the width needs, each piece kept whole."""

    DEFAULT_CSS = """
    Flow { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, classes=classes)
        self.pieces: list[Text] = []
        self.separator = Text(" ")
        #: At most this many lines, the last ending "+N more" (None: as many as needed).
        self.max_lines: int | None = None

    def set_pieces(self, pieces: Sequence[Text], separator: Text | str = " ") -> None:
        self.pieces = list(pieces)
        self.separator = separator if isinstance(separator, Text) else Text(separator)
        self.refresh(layout=True)

    @property
    def content(self) -> Text:
        """Everything shown, on one line (what tests and screen readers want)."""
        return self.separator.join(self.pieces)

    def lines(self, width: int) -> list[Text]:
        """The lines shown at ``width`` cells."""
        if self.max_lines is None:
            return flow_lines(self.pieces, self.separator, width)
        return capped_flow_lines(self.pieces, self.separator, width, self.max_lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Text:
        return Text("\n", no_wrap=True, overflow="crop").join(self.lines(self.size.width))
