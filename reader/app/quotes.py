"""An open article's quotations for the faces, found a section at a time.

Finding quotations takes about a second per megabyte of dense speech (measured on 2026-12-01:
1 MB, 5,310 quotations, 1.0 s), so the 8 MB an article may hold would keep the app's quote
list empty for several seconds. A long article is therefore searched in sections of whole
paragraphs, and each section's quotations are handed over as soon as they are found: the list
opens at once and fills while the user reads it. A speaker named only in an earlier section (a
"she said" at the start of one) may then be left unknown; an article of up to twice
``SECTION`` (every ordinary one) is searched whole, exactly as ``reader quotes`` does.

How sure a speaker is: the faces name a speaker plainly only from ``SPEAKER_CONFIDENCE`` (the
floor a briefing names speakers from, measured on real news: see ``digest.select``); below it
the name is shown as a guess, and a quotation with no speaker as unknown (``certainty``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from digest.select import SPEAKER_CONFIDENCE

if TYPE_CHECKING:
    from digest.quotes import Quote

#: How sure the speaker of a quotation is: named with at least ``SPEAKER_CONFIDENCE``
#: ("sure"), named with less ("guess"), or not named ("unknown").
Certainty = Literal["sure", "guess", "unknown"]

#: Characters of text searched for quotations at a time (whole paragraphs, so about this):
#: about 0.2 s of work each.
SECTION = 200_000


def certainty(
    speaker: str | None, confidence: float, sure: float = SPEAKER_CONFIDENCE
) -> Certainty:
    """How a face shows a quotation's speaker: plainly only from ``sure`` (the briefing's
    floor by default), as a guess below it, and as unknown when the text names nobody."""
    if not speaker:
        return "unknown"
    return "sure" if confidence >= sure else "guess"


@dataclass(frozen=True, slots=True)
class QuotePart:
    """The quotations found in one section of an article's text, offsets into the whole text."""

    quotes: tuple[Quote, ...]
    done: int
    """Characters of the text searched so far (this section included)."""
    total: int
    """Characters of the whole text."""


def sections(body: tuple[str, ...], size: int = SECTION) -> Iterator[tuple[int, str]]:
    """(offset into ``"\\n\\n".join(body)``, text) of consecutive sections of whole paragraphs,
    each about ``size`` characters; a paragraph longer than ``size`` is cut after a sentence
    (or a space) so that no section grows without bound."""
    start = 0
    pieces: list[str] = []
    length = 0
    offset = 0
    for paragraph in body:
        while len(paragraph) > size:
            cut = paragraph.rfind(". ", size // 2, size)
            cut = cut + 2 if cut >= 0 else paragraph.rfind(" ", size // 2, size) + 1
            if cut <= 0:
                cut = size
            if pieces:
                yield start, "\n\n".join(pieces)
                start, pieces, length = offset, [], 0
            yield offset, paragraph[:cut]
            offset += cut
            paragraph = paragraph[cut:]
            start = offset
        if pieces and length + len(paragraph) > size:
            yield start, "\n\n".join(pieces)
            start, pieces, length = offset, [], 0
        pieces.append(paragraph)
        length += len(paragraph) + 2
        offset += len(paragraph) + 2
    if pieces:
        yield start, "\n\n".join(pieces)


def quote_parts(
    body: tuple[str, ...],
    min_confidence: float = 0.0,
    size: int = SECTION,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[QuotePart]:
    """The quotations of the text ``body`` makes, a section at a time (one part when the text
    is at most twice ``size``), in order; stops early once ``cancelled()`` says so."""
    from digest.quotes import extract_quotes

    total = sum(map(len, body)) + 2 * max(len(body) - 1, 0)
    if total <= 2 * size:
        found = extract_quotes("\n\n".join(body), min_confidence)
        yield QuotePart(tuple(found), total, total)
        return
    for offset, text in sections(body, size):
        if cancelled():
            return
        found = extract_quotes(text, min_confidence)
        shifted = tuple(replace(q, start=q.start + offset, end=q.end + offset) for q in found)
        yield QuotePart(shifted, min(offset + len(text), total), total)
