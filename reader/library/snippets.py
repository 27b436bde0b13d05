"""Search snippets for a page of the list, found in Python in the rows' own text.

FTS5's ``snippet()`` needs the position of every occurrence of every term. For the word still
being typed, a prefix (``"harbo"*``), FTS5 merges the position lists of every term the prefix
matches across the whole library first: 0.2 s for a common word, over 2 s for ``ha*`` in
100,000 articles, on every page the list fetches. The page holds a few dozen rows whose text
we read anyway, and the words are known, so finding them here takes a few milliseconds.

The marks are FTS5's: a match is wrapped in ``\\x02`` ... ``\\x03``, a cut end shows ``…``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

#: Words shown around the first match: a few before it, the rest after (FTS5's 16 in all).
WORDS_BEFORE = 5
WORDS_IN_ALL = 16
_WORD = re.compile(r"\w+")
MATCH_START, MATCH_END = "\x02", "\x03"


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """Lower case without accents, one character for one, so offsets stay those of the text."""
    base = unicodedata.normalize("NFD", char)[0].casefold()
    return base if len(base) == 1 else char


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_match(match: re.Match[str]) -> str:
    return _fold_char(match.group())


def fold(text: str) -> str:
    """What FTS5's ``unicode61 remove_diacritics 2`` compares: case and accents ignored."""
    lowered = text.lower()
    if text.isascii():
        return lowered
    if len(lowered) != len(text):  # a rare letter whose lower case is two characters
        return "".join(_fold_char(char) for char in text)
    return _NON_ASCII.sub(_fold_match, lowered)


#: Per pattern, the first word of each of its terms: a scan window holding none of them (a
#: plain substring test, far faster than the regex's ``\b``) cannot hold a match.
_FIRST_WORDS: dict[str, tuple[str, ...]] = {}


def find_terms(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """``[start, end)`` of every occurrence of the search's words and phrases in ``text``,
    compared as search compares them (case and accents ignored), in the text's own offsets:
    the folding keeps one character for one, so in "Straße zur Brücke" ``brücke`` marks
    "Brücke" (``str.casefold`` makes "ß" two characters and shifted every offset after it)."""
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        needle = fold(term.strip())
        if needle:
            spans.extend(m.span() for m in re.finditer(re.escape(needle), folded))
    return spans


def split_snippet(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet into (text, is_match) pieces at its MATCH_START ... MATCH_END marks:
    the one reader of the marks this module writes (the CLI's and the TUI's snippets).

    Stray or unbalanced marks are tolerated: everything after a start mark up to the next end
    mark (or the end) counts as matched.
    """
    pieces: list[tuple[str, bool]] = []
    matched = False
    current: list[str] = []
    for char in snippet:
        if char in (MATCH_START, MATCH_END):
            if current:
                pieces.append(("".join(current), matched))
                current = []
            matched = char == MATCH_START
        else:
            current.append(char)
    if current:
        pieces.append(("".join(current), matched))
    return pieces


def terms_pattern(terms: Sequence[tuple[str, bool]]) -> re.Pattern[str] | None:
    """One regex for the query's words and phrases; ``(text, is_prefix)`` pairs."""
    parts = []
    firsts = []
    for text, prefix in terms:
        tokens = _WORD.findall(fold(text))
        if tokens:
            body = r"\W+".join(re.escape(t) for t in tokens)
            parts.append(r"\b" + body + (r"\w*" if prefix else r"\b"))
            firsts.append(tokens[0])
    if not parts:
        return None
    pattern = re.compile("|".join(parts))
    if len(_FIRST_WORDS) > 256:
        _FIRST_WORDS.clear()
    _FIRST_WORDS[pattern.pattern] = tuple(firsts)
    return pattern


#: The text is searched for the first match in windows of this many characters, each folded
#: on its own: an 8 MB article costs a linear scan, never a fold or a copy of all of it.
SCAN_CHUNK = 65_536
#: Windows overlap by this much, so a match across a window's edge is still found whole.
SCAN_OVERLAP = 1_024
#: Characters of text around the first match that the snippet is cut from.
CONTEXT_BEFORE = 200
CONTEXT_AFTER = 400


def _first_match(text: str, pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """(start, end) in ``text`` of the first match, searched window by window."""
    firsts = _FIRST_WORDS.get(pattern.pattern)
    at = 0
    while at < len(text):
        lo = max(0, at - SCAN_OVERLAP)
        window = fold(text[lo : at + SCAN_CHUNK + SCAN_OVERLAP])
        if firsts is not None and not any(first in window for first in firsts):
            at += SCAN_CHUNK
            continue
        # ``pos`` keeps ``\b`` looking at the character before the window's own start.
        found = pattern.search(window, at - lo)
        if found is not None and found.start() < at - lo + SCAN_CHUNK:
            return lo + found.start(), lo + found.end()
        at += SCAN_CHUNK
    return None


def snippet(text: str, pattern: re.Pattern[str]) -> str:
    """About 16 words of ``text`` around its first match, every match marked; "" if none.

    The work is bounded whatever the article's size: the first match is searched for in
    windows of ``SCAN_CHUNK`` characters, and the snippet is cut from a few hundred
    characters around it. Marker characters already in the text (hostile or broken input)
    become U+FFFD, so an article cannot mark its own words as matches."""
    first_at = _first_match(text, pattern)
    if first_at is None:
        return ""
    lo = max(0, first_at[0] - CONTEXT_BEFORE - SCAN_OVERLAP)
    hi = first_at[1] + CONTEXT_AFTER + SCAN_OVERLAP
    words_before = _WORD.search(text, 0, lo) is not None if lo else False
    words_after = _WORD.search(text, hi) is not None if hi < len(text) else False
    text = text[lo:hi].replace(MATCH_START, "\ufffd").replace(MATCH_END, "\ufffd")
    folded = fold(text)
    first = pattern.search(folded, first_at[0] - lo)
    if first is None:  # pragma: no cover - the window holds the match found above
        return ""
    before = [m.start() for m in _WORD.finditer(folded, max(0, first.start() - 200), first.start())]
    shown_before = before[-WORDS_BEFORE:]
    if len(shown_before) < WORDS_BEFORE and first.start() <= 200 and not words_before:
        start = 0  # the match is near the top: show from the beginning
    else:
        start = shown_before[0] if shown_before else first.start()
    end = first.end()
    after = _WORD.finditer(folded, first.end(), first.end() + 400)
    for _count, word in zip(range(WORDS_IN_ALL - len(shown_before) - 1), after, strict=False):
        end = word.end()
    out = ["…" if words_before or _WORD.search(folded, 0, start) else ""]
    cursor = start
    for match in pattern.finditer(folded, start, end):
        out += [text[cursor : match.start()], MATCH_START, text[match.start() : match.end()]]
        out.append(MATCH_END)
        cursor = match.end()
    out.append(text[cursor:end])
    if words_after or _WORD.search(folded, end):
        out.append("…")
    return " ".join("".join(out).split())


def lede(text: str) -> str:
    """The opening words, for a row that matched in its title, authors or tags only."""
    words = text.split()
    return " ".join(words[:WORDS_IN_ALL]) + ("…" if len(words) > WORDS_IN_ALL else "")
