"""Reading news text: sentence bounds, abbreviations that end no sentence, name candidates."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from digest.quotes.lexicon import _ABBREV_DOT, _CAP, _PARTICLE, _TITLES, _UPPER, alternation
from reader.parsing.sentences import ABBREVIATIONS, TITLES, sentence_spans


def _first_letter_read(words: list[str]) -> str:
    """``alternation(words)`` for a regex that has already read the words' first letter:
    each first letter's branch behind a look-behind for it ('(?<=S)(?:en(?:ator)?)')."""
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(word[1:])
    branches = (f"(?<={re.escape(first)}){alternation(rest)}" for first, rest in rests.items())
    return "(?:" + "|".join(sorted(branches)) + ")"


#: ``NAME_RE`` written to start with the capital letter it always starts with, so that
#: ``finditer`` skips ahead to the capitals (the optional title in front of ``NAME_RE`` makes
#: the regex engine try every character): the first capital is read, then either the rest of
#: a title and a name, or the rest of the name's first word. The same matches, tried in the
#: same order (a test holds it to ``NAME_RE`` tried at each capital).
NAME_SCAN = re.compile(
    rf"[{_UPPER}](?:{_first_letter_read([t.capitalize() for t in _TITLES])}"
    rf"[.{_ABBREV_DOT}]?\s+{_CAP}|[\w'’\-{_ABBREV_DOT}]*)"
    rf"(?:\s+{_PARTICLE}{{0,2}}{_CAP}){{0,5}}"
)
#: ``_ORG_NAME`` written the same way ('The', 'A' or 'An' read after their capital).
ORG_SCAN = re.compile(
    rf"[{_UPPER}](?:(?:(?<=T)he|(?<=A)n?)\s+[{_UPPER}])?[\w'’&\-]*"
    rf"(?:\s+(?:(?:of|for|the|on)\s+)*[{_UPPER}][\w'’&\-]*)*"
)


_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .,'’\-]{2,40}"
    r"(?:,?\s*[A-Z][a-z]{2,8}[.\u2024]?\s+\d{1,2})?(?:\s*\([A-Z]{2,10}\))?"  # ', Dec. 8 (UPI)'
    r"\s*[—–-]+\s*"
)


@lru_cache(maxsize=8)
def _sentences(text: str) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...]]:
    """The shared splitter's sentences of a (masked) article: the masked full stops are
    written back first, so the splitter decides about 'U.S.' the same way everywhere."""
    spans = tuple(sentence_spans(text.replace(_ABBREV_DOT, ".")))
    return tuple(a for a, _b in spans), spans


#: The farthest from ``pos`` a sentence is taken to reach, either side. A sentence of news is
#: far shorter; a "sentence" of a hundred thousand characters (hostile text with no full stop
#: and thousands of quotations) made every quotation in it read all of it, so the time grew
#: with the square of its length (108 KB: 30 s; bounded, 0.75 s).
SENTENCE_REACH = 1000


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence that holds ``pos`` starts (the project's one splitter), or
    ``SENTENCE_REACH`` before ``pos`` when it starts farther back."""
    starts, _spans = _sentences(text)
    index = bisect_right(starts, pos) - 1
    return max(starts[index] if index >= 0 else 0, pos - SENTENCE_REACH)


def _sentence_end(text: str, pos: int) -> int:
    """Where the sentence that holds ``pos`` ends (from the end of one sentence, the
    next's), or ``SENTENCE_REACH`` after ``pos`` when it ends farther on."""
    starts, spans = _sentences(text)
    index = max(0, bisect_right(starts, pos) - 1)
    while index < len(spans) and spans[index][1] <= pos:
        index += 1
    return min(spans[index][1] if index < len(spans) else len(text), pos + SENTENCE_REACH)


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence: after a stop, also one inside a closing quote
    ('... short." A spokesperson for the Foreign Office said')."""
    if pos == 0 or text[pos - 1] == "\n":
        return True
    if pos < 2 or not text[pos - 1].isspace():
        return False
    before = text[max(0, pos - 4) : pos - 1].rstrip("\"”’')")
    return before.endswith((".", "!", "?", "…"))


#: Abbreviations whose full stop ends no name ("Sen. Harlan Boyd", "TUCSON, Ariz. —"): the
#: shared splitter's titles and abbreviations, capitalised, and the few written in lower case.
_LOWER_ABBREVIATIONS = frozenset("vs etc approx al".split())


def _known_abbreviation(word: str) -> bool:
    lowered = word.lower()
    if word[:1].isupper():
        return lowered in TITLES or lowered in ABBREVIATIONS or word == "No"
    return word in _LOWER_ABBREVIATIONS


#: The longest word ``_known_abbreviation`` knows: a longer one is none.
_LONGEST_ABBREVIATION = max(map(len, TITLES | ABBREVIATIONS | _LOWER_ABBREVIATIONS | {"No"}))

#: A full stop in the reversed text, and the run of word characters and full stops after it
#: (the run that ends at the stop, read backwards: 'S.U' for the second stop of 'U.S.'), unless
#: that run is plainly no abbreviation's: only ASCII letters, and more of them than any
#: abbreviation has, or two or more in lower case and no lower-case abbreviation
#: (``_mask_abbreviations`` passes over those itself: most stops end such a word).
_STOP_TO_READ = re.compile(
    r"\.(?!"
    rf"[A-Za-z]{{{_LONGEST_ABBREVIATION + 1},}}(?![\w.])|"
    rf"(?!(?:{'|'.join(sorted(w[::-1] for w in _LOWER_ABBREVIATIONS))})(?![\w.]))"
    r"[a-z]{2,}(?![\w.])"
    r")(?=([\w.]*))"
)


def _mask_abbreviations(text: str) -> str:
    """The same text with the full stops of abbreviations replaced by a look-alike, so
    sentence splitting and the 'no full stop inside a name' rules see 'Sen. Harlan Boyd' as
    one name; offsets are unchanged and speakers are written back with real full stops.

    Walks the full stops in the reversed text (a search that skips ahead to them) rather
    than one big alternation, which the regex engine would try at every word of the
    article; the word before each is read backwards in the same match, and the stops after
    a plain word (most of them) are passed over by the regex engine itself."""
    if "." not in text:
        return text
    chars: list[str] | None = None
    last = len(text) - 1
    for stop in _STOP_TO_READ.finditer(text[::-1]):
        # the letters and full stops right before it ('U.S', 'Sen'): the word characters and
        # stops before it, read backwards, when they are all letters and stops (nearly always)
        pos = last - stop.start()
        word_start = pos - len(stop.group(1))
        word = text[word_start:pos]
        if word.isalpha() and (
            len(word) > _LONGEST_ABBREVIATION
            or (word.islower() and len(word) > 1 and word not in _LOWER_ABBREVIATIONS)
        ):
            # a word longer than any abbreviation, or a lower-case word of two letters or
            # more that is no abbreviation, all letters: no full stop of an abbreviation, an
            # initial or a dotted word (``_STOP_TO_READ`` leaves those not all ASCII)
            continue
        if not word.replace(".", "").isalpha() and word.strip("."):
            # a digit or '_' among them ('3.5m', 'B2B'): only what follows the last one counts
            word_start = pos
            while word_start > 0 and (
                text[word_start - 1].isalpha() or text[word_start - 1] == "."
            ):
                word_start -= 1
            word = text[word_start:pos]
        after = text[pos + 1 : pos + 3]
        dotted = "." in word or (
            len(word) == 1 and len(after) == 2 and after[0].isalpha() and after[1] == "."
        )
        initial = len(word) == 1 and word.isupper() and after[:1].isspace() and after[1:2].isupper()
        known = _known_abbreviation(word) and after[:1].isspace()
        if (dotted or initial or known) and not (word_start > 0 and text[word_start - 1].isalnum()):
            if chars is None:
                chars = list(text)
            chars[pos] = _ABBREV_DOT
    return text if chars is None else "".join(chars)


#: A US politician's party and state after the name: 'Sen. Tim Kaine (D-Va.)', '(R-WI)'.
_PARTY_TAG = re.compile(r" ?\((?:[RDI]|Rep|Dem|Ind)[-–,] ?[A-Z][A-Za-z.\u2024 ]{1,14}\)")
#: ... and in commas, as the Associated Press writes it: 'Mitch McConnell, R-Ky., said'.
_PARTY_TAG_COMMAS = re.compile(r", ?[RDI][-–][A-Z][A-Za-z.\u2024]{1,14},(?= )")


#: ``_PARTY_TAG`` from its bracket on (the space it may start with is blanked into a space):
#: a pattern that starts with a literal character is searched for by skipping ahead to it,
#: where the optional space has the regex engine try every character of the article.
_PARTY_TAG_BRACKET = re.compile(_PARTY_TAG.pattern.removeprefix(" ?"))


def _mask_party_tags(text: str) -> str:
    """The same text with the party-and-state tags after names blanked out (offsets kept), so
    that 'Rep. Paul Ryan (R-WI) said' and 'Ann Lee, D-Ore., said' read as the name and its
    verb."""
    if "(" in text:
        text = _PARTY_TAG_BRACKET.sub(lambda m: " " * len(m.group()), text)
    if "-" in text:
        text = _PARTY_TAG_COMMAS.sub(lambda m: " " * len(m.group()), text)
    return text


def _unmask(name: str | None) -> str | None:
    return name.replace(_ABBREV_DOT, ".") if name else name
