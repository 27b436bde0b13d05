"""How many words a text has, in scripts written with spaces and in those written without.

Chinese and Japanese put no spaces between words, so counting the pieces between spaces makes
a 3,000-character article "40 words, 1 min read" and a whole quoted sentence one word (too
short to be a key quote). Their characters are counted instead, two to a word: a Chinese word
averages about 1.5-1.7 characters, Japanese runs a little longer, and readers of either take in
roughly 500 characters a minute (the figure Hugo's reading time uses for CJK text), so two
characters a word keeps both "words" and the minutes at ``WORDS_PER_MINUTE`` about right.

Korean is written with spaces between words, so Hangul counts the ordinary way.
"""

from __future__ import annotations

import re

__all__ = ["count_words", "has_unspaced", "may_have_cjk", "unspaced_words"]

#: Characters of scripts written without spaces: kana, bopomofo, CJK ideographs (unified,
#: extension A, compatibility, the supplementary planes) and half-width katakana. CJK
#: punctuation (U+3000-U+303F, "、。「」") is not a word.
_UNSPACED = re.compile(
    "[\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]+"
)
#: Every byte but the UTF-8 lead bytes of what ``_UNSPACED`` matches (U+3000-U+9FFF: E3-E9;
#: U+F900-U+FFFF: EF; the supplementary planes: F0). Deleting them from the encoded text is a
#: tenth of the cost of the search, which took more than half of an import's parsing time
#: when it ran on every article with a curly quote or an accent.
_NOT_A_LEAD_BYTE = bytes(b for b in range(256) if not (0xE3 <= b <= 0xE9 or b in (0xEF, 0xF0)))


def may_have_cjk(text: str) -> bool:
    """False when ``text`` has no character in U+3000-U+9FFF or U+F900-U+3FFFF, so no Chinese
    or Japanese character or punctuation (European text, curly quotes, dashes): the quick
    test to make before a search for them (True may also be an emoji)."""
    return not text.isascii() and bool(
        text.encode("utf-8", "surrogatepass").translate(None, _NOT_A_LEAD_BYTE)
    )


def has_unspaced(text: str) -> bool:
    """True when ``text`` has Chinese or Japanese characters, whose words ``split`` cannot count."""
    return may_have_cjk(text) and _UNSPACED.search(text) is not None


def count_words(text: str) -> int:
    """Words in ``text``: the pieces between whitespace, except that in a piece with Chinese or
    Japanese characters each run of them counts one word per two characters (rounded up), and
    the rest of that piece one more only if it has a letter or digit (so the marks around a
    quotation, "“我们回来了，”", are not a word of their own)."""
    if not has_unspaced(text):
        return len(text.split())
    words = 0
    for piece in text.split():
        runs = _UNSPACED.findall(piece)
        if not runs:
            words += 1
            continue
        words += _words_in_runs(runs)
        if any(ch.isalnum() for ch in _UNSPACED.sub("", piece)):
            words += 1
    return words


def unspaced_words(text: str) -> int:
    """The words ``count_words`` finds in ``text``'s Chinese and Japanese characters alone."""
    return _words_in_runs(_UNSPACED.findall(text)) if has_unspaced(text) else 0


def _words_in_runs(runs: list[str]) -> int:
    return sum((len(run) + 1) // 2 for run in runs)
