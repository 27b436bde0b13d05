"""Whitespace and paragraph rules shared by the export layout and Markdown bodies.

Only ASCII whitespace is layout. Other spaces (no-break, ideographic, thin) are part of
what was written - French typography and numbers rely on them - so they are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

__all__ = [
    "LAYOUT_WHITESPACE",
    "is_blank",
    "is_closed",
    "join_page_breaks",
    "paragraphs",
    "squash",
]

#: Characters that are layout, not text: runs of them become one space.
LAYOUT_WHITESPACE = " \t\n\r\f\v"
_RUN = re.compile(r"[ \t\n\r\f\v]+")

#: A sentence (or a clause before a quote or list) is over after one of these.
_CLOSING_PUNCTUATION = frozenset(".!?:;…")
#: Quotes and brackets that may follow the closing punctuation: `..." ` or `.)`.
_CLOSERS = "\"'”’»›)]}"


def squash(text: str) -> str:
    """Trim layout whitespace and turn each run of it into a single space."""
    text = text.strip(LAYOUT_WHITESPACE)
    # The common case, nothing to do, checked with substring tests: a regex scan of every
    # paragraph cost a quarter of the parse time.
    if (
        "  " not in text
        and "\n" not in text
        and "\t" not in text
        and "\r" not in text
        and "\f" not in text
        and "\v" not in text
    ):
        return text
    return _RUN.sub(" ", text)


def is_blank(line: str) -> bool:
    return not line.strip(LAYOUT_WHITESPACE)


def is_closed(paragraph: str) -> bool:
    """Does the paragraph end a sentence? (If not, a page break may have cut it.)"""
    end = paragraph.rstrip(_CLOSERS)
    return bool(end) and end[-1] in _CLOSING_PUNCTUATION


def paragraphs(lines: Iterable[str]) -> Iterator[str]:
    """Blank-line separated blocks, each joined into one squashed line."""
    block: list[str] = []
    for line in lines:
        if is_blank(line):
            if block:
                yield squash(" ".join(block))
                block = []
        else:
            block.append(line)
    if block:
        yield squash(" ".join(block))


def join_page_breaks(parts: Iterable[str]) -> list[str]:
    """Re-join paragraphs that a page break cut in two.

    A paragraph that stops mid-sentence and is followed by one starting with a lower-case
    letter is the same paragraph (`...under the harbour's licence` / `terms in the spring.`).
    """
    joined: list[str] = []
    for part in parts:
        if joined and part[0].islower() and not is_closed(joined[-1]):
            joined[-1] = f"{joined[-1]} {part}"
        else:
            joined.append(part)
    return joined
