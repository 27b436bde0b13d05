"""The person table's shortcuts for speed give the answers of the plain ways they replace:
the name scans find what their patterns find tried at every capital letter, and the
organisations' initials are found where the plain search for initials finds them, and the
party tags after names are blanked where the plain pattern blanks them. All the
sentences here are written for these tests."""

from __future__ import annotations

import random
import re

import pytest

from digest.quotes.lexicon import _ORG_NAME, _UPPER, NAME_RE
from digest.quotes.people import _INITIALS, _initials_named, _Person
from digest.quotes.text import (
    _PARTY_TAG,
    _PARTY_TAG_COMMAS,
    NAME_SCAN,
    ORG_SCAN,
    _mask_abbreviations,
    _mask_party_tags,
)

_CAPITAL = re.compile(f"[{_UPPER}]")


def _at_each_capital(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """The plain way: the pattern tried at each capital letter that no match so far covers."""
    found: list[tuple[int, int]] = []
    pos = 0
    for capital in _CAPITAL.finditer(text):
        if capital.start() < pos:
            continue
        m = pattern.match(text, capital.start())
        if m is not None:
            found.append(m.span())
            pos = m.end()
    return found


_STORY = (
    "Sen. Harlan Boyd and Senator Ruth Okafor met Dr Ana Ruiz at The Harbour Trust. "
    "Mr. King, Ms Nurul Ain Abdul Rahman and Pieter van der Berg of the Guild College of "
    "Midwifery spoke. A Spokesman for the Water Consumers Alliance of Kenya said An Lee, "
    "Judge Lena Ortiz-Baez and Capt\u2024 Tom O’Neill were late. The AT&T Board met Ángel "
    "Núñez in Ōpōtiki. THE END. Sen Boyd. Sena Boyd. Senators Met. An\nOak. A  Bank. Theo "
    "Hale, The\tOld Mill. Mrs Dame Celia Ashdown. Rev. Dr. Paul de la Cruz Jr. Ir. Bo and "
    "Xen Ray (no titles, but the ends of 'Dr' and 'Sen')."
)


@pytest.mark.parametrize("text", [_STORY, _mask_abbreviations(_STORY)])
def test_name_scans_find_what_their_patterns_find_at_each_capital(text: str) -> None:
    assert [m.span() for m in NAME_SCAN.finditer(text)] == _at_each_capital(text, NAME_RE)
    assert [m.span() for m in ORG_SCAN.finditer(text)] == _at_each_capital(text, _ORG_NAME)
    assert "Senator Ruth Okafor" in [m.group() for m in NAME_SCAN.finditer(text)]
    assert "The Harbour Trust" in [m.group() for m in ORG_SCAN.finditer(text)]


def test_name_scans_agree_on_made_up_strings_of_names_titles_and_spaces() -> None:
    pieces = ["The ", "A ", "An ", "Sen. ", "Sen\u2024 ", "Senator ", "Dr ", "Mr. ", "Ann ",
              "Lee", " ", "  ", "of ", "the ", "van ", "de ", "X", "É", "\n", ",", "'s", "-",
              "T", "Th", "he", "n", "Mrs", "Dame", "&", "for ", "Rev.", "Jr", "Ir. ",
              "Xen "]  # fmt: skip
    rng = random.Random(8)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        assert [m.span() for m in NAME_SCAN.finditer(text)] == _at_each_capital(text, NAME_RE)
        assert [m.span() for m in ORG_SCAN.finditer(text)] == _at_each_capital(text, _ORG_NAME)


def _org(name: str) -> _Person:
    return _Person(full=name, short=name, gender=None, org=True)


@pytest.mark.parametrize("count", [1, 3, 8])
def test_initials_are_found_where_the_search_for_initials_finds_them(count: int) -> None:
    """A few initials are looked for one by one, more by one pass: both find what the plain
    search finds, outside the quotation, in order."""
    keys = ["NHA", "DRP", "HT", "WCA", "GCM", "AB", "ABCDEF", "XY"][:count]
    by_initials = {key: _org(key.lower()) for key in keys} | {"ABCDEFG": _org("g"), "Q": _org("q")}
    text = (
        "The NHA met the DRP. NHAs and xNHA and NHA_ and NHA2 are not it; (NHA) and NHA, are. "
        '"The DRP will win," she said. HT-WCA. GCM AB ABCDEF ABCDEFG Q XY. ÉAB ABé AB'
    )
    quote = text.index('"'), text.index("said") - 2
    quoted, starts = [quote], [quote[0]]
    plain = [
        (m.start(), by_initials[m.group()])
        for m in _INITIALS.finditer(text)
        if m.group() in by_initials and not quote[0] <= m.start() < quote[1]
    ]
    found = _initials_named(text, by_initials, quoted, starts)
    assert [(m.pos, m.person) for m in found] == plain
    assert len(found) >= count


def test_party_tags_are_blanked_where_the_plain_pattern_blanks_them() -> None:
    """The bracketed tags are found from their bracket on, with the space before them: the
    same text as ``_PARTY_TAG.sub`` over the whole article makes."""
    pieces = [" ", "  ", "(", ")", "(R-WI)", "(D-Ore.)", " (Rep- Ohio)", "(I, Vt)", "x", "Lee",
              ", R-Ky.,", "((D-NY))", "(R-WI)(D-NY)", " (R–Tex)", "(Dem-Mass\u2024)",
              "\n"]  # fmt: skip
    rng = random.Random(5)
    blanked = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        plain = _PARTY_TAG.sub(lambda m: " " * len(m.group()), text)
        plain = _PARTY_TAG_COMMAS.sub(lambda m: " " * len(m.group()), plain)
        assert _mask_party_tags(text) == plain, repr(text)
        blanked += plain != text
    assert blanked > 1000
    said = "Rep. Ann Lee (R-WI) said so, and Bo Ray, D-Ore., agreed (in part)."
    assert _mask_party_tags(said) == said.replace(" (R-WI)", " " * 7).replace(", D-Ore.,", " " * 9)
