"""Pairing quote marks without ever giving up on an odd count.

Directional marks decide where they can; a straight mark opens after a space and before a
word. A paragraph that opens with a mark continues an unclosed quotation (the convention for
quotes running over paragraphs); in a flattened export a new opening mark while a quotation is
open means the lost paragraph break, and the open one is closed there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN_CURLY, _CLOSE_CURLY = "“", "”"


def _is_opening(text: str, i: int) -> bool:
    """Directional marks decide; a straight mark opens after space/start and before a word."""
    ch = text[i]
    if ch == _OPEN_CURLY:
        return True
    if ch == _CLOSE_CURLY:
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-/:":
        return not after.isspace()
    return False


@dataclass(slots=True)
class _Span:
    start: int  # the opening mark
    end: int  # just after the closing mark (or the text's end when never closed)
    parts: list[tuple[int, int]]  # inner text segments
    closed: bool
    run_on: bool = False
    cut: bool = False
    """Never closed: the next opening mark ended it (a flattened export's lost paragraph break:
    the next quotation usually continues this one)."""


def _pair_marks(text: str) -> list[_Span]:
    """Pair quote marks, recovering from flattened exports and run-on paragraphs."""
    marks = [m.start() for m in re.finditer('["“”]', text)]
    spans: list[_Span] = []
    current: _Span | None = None
    seg_start = 0
    for i in marks:
        opening = _is_opening(text, i)
        if current is None:
            if opening:
                current = _Span(i, i + 1, [], False)
                seg_start = i + 1
            continue
        if not opening:
            current.parts.append((seg_start, i))
            current.end = i + 1
            current.closed = True
            spans.append(current)
            current = None
            continue
        # An opening mark while a quote is open.
        para_break = text.rfind("\n\n", seg_start, i)
        if para_break != -1 and text[para_break + 2 : i].strip() == "":
            # A paragraph that opens with a quote mark continues the unclosed quote.
            current.parts.append((seg_start, para_break))
            current.run_on = True
            seg_start = i + 1
            continue
        # Flattened export: the old quote ended where its paragraph (or sentence) ended.
        cut = para_break if para_break != -1 else i
        end = cut
        while end > seg_start and text[end - 1].isspace():
            end -= 1
        current.parts.append((seg_start, end))
        current.end = end
        current.cut = para_break == -1
        spans.append(current)
        current = _Span(i, i + 1, [], False)
        seg_start = i + 1
    if current is not None:
        para_end = text.find("\n\n", seg_start)
        end = para_end if para_end != -1 else len(text)
        current.parts.append((seg_start, end))
        current.end = end
        spans.append(current)
    return [s for s in spans if any(text[a:b].strip() for a, b in s.parts)]


def _quoted_ranges(text: str, spans: list[_Span] | None = None) -> list[tuple[int, int]]:
    """Where the quotations are: a title of a work or a name said by someone is not a speaker."""
    return [(a, b) for span in (spans or _pair_marks(text)) for a, b in span.parts]
