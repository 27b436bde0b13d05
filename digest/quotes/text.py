"""Reading news text: sentence bounds, abbreviations that end no sentence, name candidates."""

from __future__ import annotations

import re

from digest.quotes.lexicon import _ABBREV_DOT, _UPPER, NAME_RE

_CAPITAL = re.compile(f"[{_UPPER}]")


def _names(text: str, pattern: re.Pattern[str] = NAME_RE) -> list[re.Match[str]]:
    """``pattern.finditer`` over a whole article for a pattern that starts with a capital
    letter, about five times faster.

    The optional title in front of NAME_RE stops the regex engine from skipping ahead to a
    capital letter, so it tries every character; here a plain ``[A-Z]`` scan (which the
    engine does skip ahead on) finds the candidates.
    """
    found: list[re.Match[str]] = []
    pos = 0
    while (capital := _CAPITAL.search(text, pos)) is not None:
        name = pattern.match(text, capital.start())
        if name is None:
            pos = capital.start() + 1
        else:
            found.append(name)
            pos = name.end()
    return found


_DATELINE = re.compile(r"^\s*[A-Z][A-Z .,'’\-]{2,40}\s*[—–-]+\s*")


_SENTENCE_END = re.compile(r"[.!?…][\"”’)]?\s+(?=[\"“A-Z0-9])|\n\n")


def _sentence_start(text: str, pos: int) -> int:
    start = 0
    for m in _SENTENCE_END.finditer(text, max(0, pos - 600), min(len(text), pos + 1)):
        if m.end() > pos:
            break
        start = m.end()
    return start


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos)
    return m.start() + 1 if m else len(text)


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence: after a stop, also one inside a closing quote
    ('... short." A spokesperson for the Foreign Office said')."""
    if pos == 0 or text[pos - 1] == "\n":
        return True
    if pos < 2 or not text[pos - 1].isspace():
        return False
    before = text[max(0, pos - 4) : pos - 1].rstrip("\"”’')")
    return before.endswith((".", "!", "?", "…"))


#: Abbreviations whose full stop ends no sentence ("Sen. Harlan Boyd", "TUCSON, Ariz. —").
_ABBREVIATIONS = (
    "Mr Mrs Ms Dr St Sen Rep Gov Lt Sgt Capt Det Gen Col Maj Prof Rev Insp Supt Jr Sr No Cllr "
    "Mt Ft Adm Cmdr Cpl Pvt Atty Hon Gov Sec Co Inc Ltd Corp Bros Dept Univ Ave Blvd Jan Feb "
    "Aug Sept Sep Oct Nov Dec Ariz Calif Colo Conn Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn "
    "Miss Mo Mont Neb Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo Ala Ark Del vs etc approx"
).split()


_ABBREVIATION_SET = frozenset(_ABBREVIATIONS)


def _mask_abbreviations(text: str) -> str:
    """The same text with the full stops of abbreviations replaced by a look-alike, so
    sentence splitting and the 'no full stop inside a name' rules see 'Sen. Harlan Boyd' as
    one name; offsets are unchanged and speakers are written back with real full stops.

    Walks the full stops (a fast literal search) rather than one big alternation, which the
    regex engine would try at every word of the article."""
    chars: list[str] | None = None
    pos = text.find(".")
    while pos != -1:
        word_start = pos
        while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
            word_start -= 1
        word = text[word_start:pos]
        after = text[pos + 1 : pos + 3]
        dotted = "." in word or (
            len(word) == 1 and len(after) == 2 and after[0].isalpha() and after[1] == "."
        )
        initial = len(word) == 1 and word.isupper() and after[:1].isspace() and after[1:2].isupper()
        known = word in _ABBREVIATION_SET and after[:1].isspace()
        if (dotted or initial or known) and not (word_start > 0 and text[word_start - 1].isalnum()):
            if chars is None:
                chars = list(text)
            chars[pos] = _ABBREV_DOT
        pos = text.find(".", pos + 1)
    return text if chars is None else "".join(chars)


def _unmask(name: str | None) -> str | None:
    return name.replace(_ABBREV_DOT, ".") if name else name
