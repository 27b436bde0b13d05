"""Attribution in the style of US political news: party-and-state tags after names, a name
that describes someone else's role ('Hale spokesman Bill Ortega'), party and nationality
words that are no one's name, the reporting verbs of lively copy, and the common given names
that tell 'he' from 'she'. All the sentences here are written for these tests."""

from __future__ import annotations

import pytest

from digest.quotes import extract_quotes
from digest.quotes.people import _gender_of, _People


def _speakers(text: str) -> list[str | None]:
    return [q.speaker for q in extract_quotes(text) if q.kind != "scare"]


def test_party_and_state_tag_does_not_hide_the_verb() -> None:
    text = (
        "Rep. Tom Hale was in the chamber when the bridge bill came back on Tuesday.\n\n"
        '"The bill is dead on arrival," Sen. Ann Keller (D-Ore.) said. "Everyone here knows '
        'it," Rep. Tom Hale (R-Tex.) said.'
    )
    assert _speakers(text) == ["Sen. Ann Keller", "Rep. Tom Hale"]


def test_a_name_before_a_role_and_a_name_is_not_the_subject() -> None:
    text = (
        "Governor Tom Hale was not at the fair this year.\n\n"
        "Hale spokesman Bill Ortega said the schedule had changed at the last minute. "
        '"He will be back on Friday to open the new hall," he said.'
    )
    people = _People(text)
    hale = people.lookup("Hale")
    assert hale is not None
    opener = [m.person for m in people.mentions if m.pos == text.index("Hale spokesman")]
    assert opener == []  # 'Hale' there only says whose spokesman
    assert _speakers(text) == ["Bill Ortega"]


def test_a_verb_between_keeps_the_first_name_as_the_subject() -> None:
    text = (
        "Senator Ruth Kell visited the plant on Monday. Kell told reporter Dan Moss that "
        '"the jobs are staying here, whatever the board says."'
    )
    assert _speakers(text) == ["Senator Ruth Kell"]


@pytest.mark.parametrize("word", ["Republican", "Democratic", "Mexican", "Russian"])
def test_party_and_nationality_words_are_nobodys_name(word: str) -> None:
    text = (
        f"{word} voters were angry about the closure, said {word} organiser Ann Lee. "
        f'"We were promised a vote on the bridge and we never got one," said {word} Ann Lee.'
    )
    people = _People(text)
    assert [p.full for p in people.people if p.full == word] == []
    assert _speakers(text) == ["Ann Lee"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"Go back to your seat," Keller barked at the reporter.', "Keller"),
        ('"That was a bad deal for every family in the county," Hale shot back.', "Hale"),
        ('"It was never about the money," Ortega went on, "it was about the river."', "Ortega"),
    ],
)
def test_reporting_verbs_of_lively_copy(text: str, speaker: str) -> None:
    found = _speakers(text)
    assert found and all(s == speaker for s in found)


@pytest.mark.parametrize(
    ("name", "sex"),
    [("Hillary Stone", "f"), ("Bernie Walsh", "m"), ("Dianne Fox", "f"), ("Lance Ward", "m")],
)
def test_common_us_given_names_tell_the_pronoun(name: str, sex: str) -> None:
    assert _gender_of(name) == sex
