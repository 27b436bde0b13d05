"""Quotations written in single quote marks ('...,' she said), as much of the British and
Commonwealth press writes them, read by the same rules as double ones.

The rest of the extractor pairs only double marks, so an article in this style had no
quotations at all. Rather than a second set of rules, ``as_double_marks`` rewrites such an
article's text with its quotation marks as double ones and its inner double marks (a quote
within a quote) as single ones, character for character, so every offset stays the same and
the quotation's words can be read from the original text.

The hard part is the apostrophe, which is the same character as the closing mark: "don't",
"the workers' union", "'90s". A mark opens a quotation after a space (or the start of a
paragraph, or an opening bracket or dash) and before a word that is not an elision; it closes
one after a word and before a space or punctuation. A closing mark after punctuation
('...,' / '...?') or before it ('... a disaster'.) is sure; one between a word and a space
("the councillors' vote") is taken only when no sure one follows in the paragraph before the
next quotation opens.

The style is decided for the whole article, and only when its quotations are plainly in
single marks: a paired single-mark quotation of two words or more (a short news item may
quote one person once), and more than twice as many of them as double-mark quotations outside
them. An article quoted in double marks is left exactly as it was.
"""

from __future__ import annotations

import re

#: Words written with a leading apostrophe for the letters left out (general English:
#: 'em, 'til, 'cause, 'tis, 'twas, 'n', 'bout, 'cos, 'round, 'neath), never a quotation's
#: first word.
_ELISIONS = frozenset("em til tis twas cause cos bout round neath nother n s".split())
_WORD_AFTER = re.compile(r"[A-Za-z]+")
#: Where a quotation's opening mark may stand: after these (or a space, or the start).
_OPEN_AFTER = '([{—–-/:"“”'
#: Punctuation that makes a closing mark sure when it stands just before or just after it.
_SURE_BEFORE = ",.!?…—–-;:"
_SURE_AFTER = ",.;:!?)]—–-…"
_DOUBLE_TO_SINGLE = str.maketrans({'"': "'", "“": "‘", "”": "’"})
#: (two straight single marks side by side stand for a double one, as in some newspaper
#: archives' text: ''...,'' he said)
_SINGLE_MARKS = re.compile("(?<!')['‘’](?!')")
#: An article is read as written in single marks when its single-mark quotations are more than
#: ``_MAJORITY`` times as many as its double-mark ones, and at least ``_FEWEST``.
_MAJORITY = 2
_FEWEST = 1


def _opens(text: str, i: int) -> bool:
    """Whether the mark at ``i`` can open a quotation."""
    ch = text[i]
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isspace() or after in "'’":
        return False
    if ch == "’":
        return False
    if ch == "'":
        before = text[i - 1] if i > 0 else " "
        if not (before.isspace() or before in _OPEN_AFTER):
            return False
    if after.isdigit():  # '90s
        return False
    word = _WORD_AFTER.match(text, i + 1)
    if word is not None and word.group().lower() in _ELISIONS:
        end = word.end()
        # ('Em ...' is an elision only when the word ends there: 'Emma ...' is a quotation)
        if end >= len(text) or not text[end].isalnum():
            return False
    return True


def _closing(text: str, i: int) -> int:
    """How surely the mark at ``i`` closes a quotation: 2 sure, 1 possible, 0 not at all."""
    if text[i] == "‘":
        return 0
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else "\n"
    if before.isspace() or after.isalnum():  # "don't", "O'Brien", a mark that opens
        return 0
    if before in _SURE_BEFORE or after in _SURE_AFTER or after == "\n":
        return 2
    return 1 if after.isspace() else 0


def _paragraph_pairs(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[int]]:
    """The single-mark quotations of one paragraph: (opening, closing) pairs, and the
    openings never closed in it (a quotation going on into the next paragraph)."""
    marks = [m.start() for m in _SINGLE_MARKS.finditer(text, start, end)]
    pairs: list[tuple[int, int]] = []
    unclosed: list[int] = []
    k = 0
    while k < len(marks):
        i = marks[k]
        if not _opens(text, i):
            k += 1
            continue
        close = -1
        maybe = -1
        for j in range(k + 1, len(marks)):
            sure = _closing(text, marks[j])
            if sure == 2:
                close = j
                break
            if sure == 1 and maybe == -1:
                maybe = j
            elif maybe != -1 and _opens(text, marks[j]):
                # ('to ‘go and vote’ and then ‘stay there.’': a quotation opening after a
                # possible close means that close was one)
                break
        if close == -1:
            close = maybe
        if close == -1:
            unclosed.append(i)
            break
        pairs.append((i, marks[close]))
        k = close + 1
    return pairs, unclosed


def _count_doubles(text: str, start: int, end: int) -> int:
    """Double marks between ``start`` and ``end`` (two single marks side by side count as one)."""
    return (
        text.count('"', start, end)
        + text.count("“", start, end)
        + text.count("”", start, end)
        + text.count("''", start, end)
    )


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in re.finditer(r"\n\s*\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def as_double_marks(text: str) -> str | None:
    """``text`` with its single-mark quotations in double marks and its double marks in
    single ones (same length, same offsets) when the article quotes in single marks; None
    when it does not (it is then read as it is)."""
    # the quick test, made on every article: openings after a space or at a paragraph's
    # start (where nearly all are) counted with str.count, not a regex over the text
    openings = (
        text.count("‘")
        + text.count(" '")
        - text.count(" ''")
        + text.count("\n'")
        - text.count("\n''")
        + text.startswith("'")
    )
    if openings < _FEWEST:
        return None
    marks = _count_doubles(text, 0, len(text))
    if openings <= marks // 4:  # (fewer than half as many as double-mark quotations)
        return None
    pairs: list[tuple[int, int]] = []
    unclosed: list[int] = []
    for start, end in _paragraphs(text):
        found, left_open = _paragraph_pairs(text, start, end)
        pairs.extend(found)
        unclosed.extend(left_open)
    quoted = [(a, b) for a, b in pairs if len(text[a + 1 : b].split()) >= 2]
    if len(quoted) < _FEWEST:
        return None
    # double marks outside the single-mark quotations (those inside quote someone quoting)
    inside = sum(_count_doubles(text, a, b) for a, b in pairs)
    if len(quoted) <= _MAJORITY * ((marks - inside) // 2):
        return None
    chars = list(text.translate(_DOUBLE_TO_SINGLE))
    for a, b in pairs:
        chars[a] = "“"
        chars[b] = "”"
    for a in unclosed:
        chars[a] = "“"
    return "".join(chars)
