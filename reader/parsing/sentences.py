"""The project's one sentence splitter, for news text in English.

Used by the quote extractor (digest/quotes), the briefing's summary (digest/summary.py) and the
app's highlight mode (reader/tui), so that a sentence is the same thing everywhere.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quote marks or brackets after
it) when whitespace and then something that can open a sentence follow: a capital letter, a
digit, or an opening quote mark or bracket before one. A paragraph break (a blank line) always
ends a sentence. A full stop ends none when it belongs to:

- a title before a name ("Sen. Harlan Boyd", "Dr. Ng", "Gov. Ruiz");
- an initial ("J. K. Rowling", "Franklin D. Roosevelt");
- an abbreviation or a dotted one ("U.S.", "Ariz.", "Inc.", "Jan.", "e.g."), unless the next
  word is one that opens sentences ("... in the U.S. The plan ...");
- a number ("No. 10"); decimals ("$3.5m", "3.5%") have no space after the dot and never split.

So "Sen. Harlan Boyd said the U.S. plan costs $3.5m." is one sentence.

Chinese and Japanese end a sentence with a full-width ``。``, ``！`` or ``？`` (and any closing
quote marks after it) and put no space before the next one, so there a sentence ends whatever
follows, except inside corner or full-width brackets: ``「本当に！」と話した。`` is one sentence,
as Japanese writes a quotation into the sentence that reports it. Without this a whole
paragraph was one sentence, and the briefing's summary of such an article was its first
paragraph.

The word lists are general knowledge of English news style (AP and Chicago abbreviations, the
AP's state abbreviations, the usual titles), not drawn from any corpus.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from reader.parsing.words import may_have_cjk

__all__ = [
    "ABBREVIATIONS",
    "TITLES",
    "sentence_at",
    "sentence_spans",
    "sentence_starts",
    "split_sentences",
]

#: Titles written before a name (lower case, no dot): their full stop never ends a sentence.
TITLES = frozenset(
    """
    mr mrs ms mx dr prof rev fr msgr st sgt lt col gen capt cpt maj adm cmdr cdr gov sen
    rep reps sens pres supt insp det cllr atty pvt cpl brig hon rt messrs mmes mme mlle
    """.split()
)

#: Abbreviations that usually stand inside a sentence (months, days, corporate words, the AP's
#: state abbreviations, Latin and reference abbreviations): their full stop ends a sentence
#: only before a word that opens sentences.
ABBREVIATIONS = frozenset(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    jr sr inc ltd co corp plc bros dept univ assn est approx fig figs vol vols ed eds al cf ca
    vs etc ave blvd rd mt ft
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo
    mont neb nev okla ore pa tenn tex va vt wash wis wyo
    """.split()
)

#: Words that open sentences: after "U.S." or "Inc." one of these says the sentence ended.
_OPENERS = frozenset(
    """
    the a an he she it they we i you his her its their our my this that these those there
    but and so yet or in on at as after before when while if although though because since
    still however meanwhile then now today yesterday also many most some no not one two
    """.split()
)

_BOUNDARY = re.compile(r"([.!?…]+)([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]*[A-Z0-9\u00c0-\u00de])")
_FULL_WIDTH_END = re.compile(r"[。！？]+[”’\"')\]]*")
#: Full-width ends, and the brackets they do not end a sentence inside.
_FULL_WIDTH_MARK = re.compile(
    r"(?P<open>[「『（〈《【〔])|(?P<close>[」』）〉》】〕])|[。！？]+[”’\"')\]」』）〉》】〕]*"
)
_FULL_WIDTH_CLOSERS = frozenset("」』）〉》】〕")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_TOKEN_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_WORD = re.compile(r"[\"'“‘(\[]*([A-Za-z]+)")


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether the punctuation at ``match`` ends a sentence (it is followed by a capital)."""
    if match.group(1) != "." or match.group(2):
        return True  # '!', '?', '…', '...' and a full stop inside a closing quote end it
    token_match = _TOKEN_BEFORE.search(text, max(0, match.start() - 20), match.start())
    if token_match is None:
        return True  # '$3.5m.' ends with a letter after a digit: handled below; '10.' ends
    token = token_match.group(1)
    start = token_match.start(1)
    if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "$£€"):
        return True  # '$3.5m.', '2pm.', '9a.' are not abbreviations
    bare = token.replace(".", "").lower()
    following = _NEXT_WORD.match(text, match.end())
    next_word = following.group(1) if following else ""
    opens = next_word.lower() in _OPENERS
    if bare in TITLES and "." not in token:
        return False  # 'Sen. Harlan Boyd'
    if len(token) == 1 and token.isupper():
        return False  # an initial: 'J. K. Rowling'
    if bare == "no" and token[0] == "N":
        return not text[match.end() : match.end() + 1].isdigit()  # 'No. 10'
    if bare in ABBREVIATIONS and "." not in token:
        return opens
    if "." in token and all(0 < len(part) <= 3 for part in token.split(".")):
        return opens  # 'U.S.', 'D.C.', 'e.g.', 'Ph.D.'
    return True


@lru_cache(maxsize=16)
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    full_width = may_have_cjk(text) and _FULL_WIDTH_END.search(text) is not None
    for paragraph_start, paragraph_end in _paragraphs(text):
        # (where a sentence ends, where the next one starts)
        ends = [
            (match.end(2), match.end())
            for match in _BOUNDARY.finditer(text, paragraph_start, paragraph_end)
            if _ends_sentence(text, match)
        ]
        if full_width:
            ends = sorted(ends + _full_width_ends(text, paragraph_start, paragraph_end))
        start = paragraph_start
        for end, next_start in ends:
            if end <= start:
                continue  # '。」 ' already ended where an English boundary also matched
            spans.append((start, end))
            start = next_start
        if text[start:paragraph_end].strip():
            spans.append((start, paragraph_end))
    return tuple(spans)


def _full_width_ends(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence ends after ``。！？`` outside brackets in ``text[start:end]``, the next sentence
    starting after any spaces; none at the paragraph's end (the paragraph ends it there)."""
    found: list[tuple[int, int]] = []
    depth = 0
    for match in _FULL_WIDTH_MARK.finditer(text, start, end):
        if match.group("open"):
            depth += 1
            continue
        if match.group("close"):
            depth = max(0, depth - 1)
            continue
        if depth:  # '「本当に！」と話した。': the quotation's end is not the sentence's
            depth = max(0, depth - sum(ch in _FULL_WIDTH_CLOSERS for ch in match.group()))
            continue
        after = match.end()
        while after < end and text[after].isspace():
            after += 1
        if after < end:
            found.append((match.end(), after))
    return found


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph with its surrounding whitespace trimmed."""
    found: list[tuple[int, int]] = []
    start = 0
    for brk in [*_PARAGRAPH.finditer(text), None]:
        end = brk.start() if brk is not None else len(text)
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            found.append((start + lead, start + lead + len(stripped)))
        if brk is not None:
            start = brk.end()
    return found


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in ``text``, in order, without surrounding space."""
    return list(_spans(text))


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, each with its runs of whitespace made single spaces."""
    return [" ".join(text[a:b].split()) for a, b in _spans(text)]


@lru_cache(maxsize=16)
def sentence_starts(text: str) -> tuple[int, ...]:
    """Where each sentence starts, for finding the sentence around an offset by bisection."""
    return tuple(a for a, _b in _spans(text))


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the sentence that holds offset ``pos`` (or the last one before it)."""
    spans = _spans(text)
    if not spans:
        return (0, len(text))
    index = max(0, bisect_right(sentence_starts(text), pos) - 1)
    return spans[index]
