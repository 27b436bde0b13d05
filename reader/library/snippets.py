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


def terms_pattern(terms: Sequence[tuple[str, bool]]) -> re.Pattern[str] | None:
    """One regex for the query's words and phrases; ``(text, is_prefix)`` pairs."""
    parts = []
    for text, prefix in terms:
        tokens = _WORD.findall(fold(text))
        if tokens:
            body = r"\W+".join(re.escape(t) for t in tokens)
            parts.append(r"\b" + body + (r"\w*" if prefix else r"\b"))
    return re.compile("|".join(parts)) if parts else None


def snippet(text: str, pattern: re.Pattern[str]) -> str:
    """About 16 words of ``text`` around its first match, every match marked; "" if none.

    Marker characters already in the text (hostile or broken input) become U+FFFD, so an
    article cannot mark its own words as matches."""
    text = text.replace(MATCH_START, "\ufffd").replace(MATCH_END, "\ufffd")
    folded = fold(text)
    first = pattern.search(folded)
    if first is None:
        return ""
    before = [m.start() for m in _WORD.finditer(folded, max(0, first.start() - 200), first.start())]
    shown_before = before[-WORDS_BEFORE:]
    if len(shown_before) < WORDS_BEFORE and first.start() <= 200:
        start = 0  # the match is near the top: show from the beginning
    else:
        start = shown_before[0] if shown_before else first.start()
    end = first.end()
    after = _WORD.finditer(folded, first.end(), first.end() + 400)
    for _count, word in zip(range(WORDS_IN_ALL - len(shown_before) - 1), after, strict=False):
        end = word.end()
    out = ["…" if _WORD.search(folded, 0, start) else ""]
    cursor = start
    for match in pattern.finditer(folded, start, end):
        out += [text[cursor : match.start()], MATCH_START, text[match.start() : match.end()]]
        out.append(MATCH_END)
        cursor = match.end()
    out.append(text[cursor:end])
    if _WORD.search(folded, end):
        out.append("…")
    return " ".join("".join(out).split())


def lede(text: str) -> str:
    """The opening words, for a row that matched in its title, authors or tags only."""
    words = text.split()
    return " ".join(words[:WORDS_IN_ALL]) + ("…" if len(words) > WORDS_IN_ALL else "")
