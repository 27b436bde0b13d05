"""The per-quotation patterns rewritten for speed find what the plain patterns they replace
find, on random text and from every position a search may start at: a reporting verb as a
word (from the character before it), 'he'/'she' (from its letter), the words before a name
(read backwards), and 'called' (after a quick test that one of its verbs is there). The text
is made of pieces written for these tests, with the characters that trip word boundaries and
case-blind matching (ſ, the Kelvin sign, the dotless i, é, a hyphen, an underscore)."""

from __future__ import annotations

import random
import re

from digest.quotes.attribution import (
    _CALLED,
    _PRONOUN_OF,
    _PRONOUN_OF_QUICK,
    _SUBORDINATE_BEFORE,
    _SUBORDINATE_BEFORE_REVERSED,
    _VERB_BEFORE,
    _VERB_BEFORE_REVERSED,
    _VERB_NOT_HYPHENATED,
    _VERB_THEN_WHO,
    _search_called,
    _search_verb_then_who,
    _verbs_not_hyphenated,
)
from digest.quotes.lexicon import _VERB_RE, VERB_WORD, VERBS, verb_word_at

_ODD = ["\u017f", "\u212a", "\u0131", "é", "_", "-", "1"]  # ſ, the Kelvin sign, dotless i


def _texts(pieces: list[str], seed: int, count: int, most: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, most))) for _ in range(count)]


_VERB_PIECES = [
    "said", "says", "say", "saidx", "xsaid", "told", "shot back", "went on", "called",
    "described", "adding", "so-", "Said", "SAID", " ", " ", "  ", ",", ".", '"', "“", "\n",
    "the", "mayor", "a", "s", "d", *_ODD,
]  # fmt: skip


def test_a_verb_word_is_found_where_the_word_boundary_search_finds_it() -> None:
    found = 0
    for text in _texts(_VERB_PIECES, 11, 2500, 9):
        for pos in range(len(text) + 1):
            for endpos in {len(text), max(pos, len(text) - 1), max(pos, len(text) - 3)}:
                plain = VERB_WORD.search(text, pos, endpos)
                assert verb_word_at(text, pos, endpos) == (plain.start() if plain else -1), (
                    text,
                    pos,
                    endpos,
                )
                found += plain is not None
    assert found > 5000  # both answers are met often, so the comparison means something


def test_a_reporting_word_is_a_verb_word() -> None:
    # the quotation loop's test for 'a reporting verb, or called or described' is the verb
    # test: both words are reporting verbs
    assert {"called", "described"} <= VERBS
    reporting = re.compile(rf"\b{_VERB_RE}\b|\bcalled\b|\bdescribed\b")
    for text in _texts(_VERB_PIECES, 12, 3000, 9):
        assert (verb_word_at(text) >= 0) == (reporting.search(text) is not None), text


def test_the_verbs_not_hyphenated_are_those_the_plain_pattern_finds() -> None:
    found = 0
    for text in _texts(_VERB_PIECES, 13, 4000, 12):
        plain = [m.span() for m in _VERB_NOT_HYPHENATED.finditer(text)]
        assert _verbs_not_hyphenated(text) == plain, text
        found += len(plain)
    assert found > 500


def test_he_or_she_of_a_sex_is_found_where_the_word_boundary_search_finds_it() -> None:
    pieces = ["he", "she", "He", "She", "HE", "sHe", "h", "s", "e", "t", " ", ",", "'", "\n"]
    found = 0
    for text in _texts([*pieces, *_ODD], 14, 3000, 10):
        for pos in range(len(text) + 1):
            for sex in ("m", "f"):
                plain = _PRONOUN_OF[sex].search(text, pos)
                quick = _PRONOUN_OF_QUICK[sex].search(text, pos)
                assert (quick and quick.span()) == (plain and plain.span()), (text, pos, sex)
                found += plain is not None
    assert found > 1000


def _shaped(seed: int, count: int, shape: list[list[str]]) -> list[str]:
    """Texts of one piece from each list in ``shape`` (the lists hold an empty piece where
    the part may be left out), with random pieces of ``_NOISE`` before and between."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [rng.choice(_NOISE) for _ in range(rng.randint(0, 2))]
        for choices in shape:
            parts.append(rng.choice(choices))
            if rng.random() < 0.1:
                parts.append(rng.choice(_NOISE))
        texts.append("".join(parts))
    return texts


_NOISE = ["x", "the", "a", " ", ",", ".", '"', "\n", *_ODD]
_SPACE = [" ", " ", "  ", "\n", " \n", ""]


def test_the_words_before_a_name_read_backwards_answer_as_read_forwards() -> None:
    shape = [
        ["when", "When", "WHEN", "as", "As", "whether", "although", "though", "if", "since",
         "said", "says", "told", "shot back", "went on", "x", "saidx", "xwhen"],
        [" ", "  ", "\n", ""],
        ["that", "", "", "That"],
        _SPACE,
        ["Mr", "Mrs", "mr", "Dr", "Sen", "Gov", "", "", "Ann"],
        [".", "\u2024", "", ""],
        _SPACE,
    ]  # fmt: skip
    counts = {"subordinate": 0, "verb": 0}
    for text in _shaped(15, 4000, shape):
        for lower in range(len(text) + 1):  # (each start the words before a name may have)
            words = text[lower:]
            plain = _SUBORDINATE_BEFORE.search(words) is not None
            assert (_SUBORDINATE_BEFORE_REVERSED.match(words[::-1]) is not None) == plain, words
            counts["subordinate"] += plain
            plain = _VERB_BEFORE.search(words) is not None
            assert (_VERB_BEFORE_REVERSED.match(words[::-1]) is not None) == plain, words
            counts["verb"] += plain
    assert min(counts.values()) > 200  # both answers are met often


def test_called_is_searched_for_only_where_it_can_be() -> None:
    shape = [
        ["Critics", "It", "what Ann Lee", "he", "They", "his manager", "a decision the board"],
        ["", "", ", an analyst at Lee & Co,", ", x."],
        [" ", "  ", "\n", ""],
        ["", "", "has ", "quickly ", "so-"],
        ["called", "described", "branded", "dubbed", "hailed", "said", "calledx"],
        [" ", " ", "", ";", "\n"],
        ["", "it", "the plan", "the plan, once,", "them."],
        ["", " ", " as", " as "],
        ["", " ", "\n"],
    ]  # fmt: skip
    found = 0
    for text in _shaped(16, 2500, shape):
        for pos in range(0, len(text) + 1, 2):
            for endpos in {len(text), max(pos, len(text) - 1), max(pos, len(text) - 4)}:
                plain = _CALLED.search(text, pos, endpos)
                quick = _search_called(text, pos, endpos)
                assert (quick and quick.span()) == (plain and plain.span()), (text, pos, endpos)
                found += plain is not None
    assert found > 1000


def test_the_words_after_a_verb_up_to_a_colon_are_found_where_the_plain_search_finds_them() -> None:
    shape = [
        ["said", "told", "unsaid", "added", "shot back", "x", "the mayor said."],
        [" ", "  ", "\n", ""],
        ["the council leader", "Tom Reid", "to Ann", "x", "a", "the chair; Tom", 'a "b"', ""],
        ["", ", a nurse", " in 2019", ".", " said Ann Lee"],
        ["", " ", "\n"],
        [":", ",", "", ";", ".", ": ", ",\n"],
        ["", " ", "\n", ' "', "x"],
    ]  # fmt: skip
    found = 0
    for text in _shaped(17, 6000, shape):
        plain = _VERB_THEN_WHO.search(text)
        quick = _search_verb_then_who(text)
        assert (quick and (quick.span(), quick["who"])) == (plain and (plain.span(), plain["who"]))
        found += plain is not None
    assert found > 400  # both answers are met often
