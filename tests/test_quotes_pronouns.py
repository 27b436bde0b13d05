"""Who 'he' and 'she' are in a reporting clause (digest/quotes/attribution.py ``_pronoun``) and
the evidence the candidates get for it. All the sentences here are written for these tests."""

from __future__ import annotations

import pytest

from digest.quotes import extract_quotes, extract_quotes_traced
from digest.quotes.attribution import _Resolver


def _proposed(text: str) -> list[str]:
    """Who the reporting-clause rules propose for each quotation of ``text``."""
    return [
        next((c.full for c in candidates if c.features.get("rule")), "")
        for _quote, candidates in extract_quotes_traced(text)
    ]


@pytest.mark.parametrize(
    "report",
    [
        "Drew won the crowds over with that promise, Asher said.",
        "Drew, Asher said, won the crowds over with that promise.",
        "Drew's promise won the crowds over, said Rob Asher, who chaired the meetings.",
    ],
)
def test_he_said_is_the_one_the_sentence_before_has_reporting(report: str) -> None:
    # the sentence before opens with one man and has another reporting it: 'he said' goes on
    # with the one reporting, not the one reported on
    text = (
        "Rob Asher organised three of the town meetings last spring. Mayor Colin Drew "
        "promised a new bridge at every one of them.\n\n"
        f"{report}\n\n"
        '"People wanted to believe him, and for a while so did I," he said.'
    )
    assert _proposed(text) == ["Rob Asher"]
    assert [q.speaker for q in extract_quotes(text)] == ["Rob Asher"]


@pytest.mark.parametrize(
    ("sentence", "reporters"),
    [
        # a name in a clause that 'when'/'as' opens is not the sentence's reporter
        ("Jo Marsh would not commit when Tom Lee asked about the ferry.", []),
        ("Jo Marsh hesitated as Tom Lee told the room about the ferry.", []),
        # 'said Lee continued ...': Lee opens what was said; Marsh reports it
        ("Jo Marsh said Tom Lee continued to block the ferry.", ["Jo Marsh"]),
        ("Jo Marsh said that Tom Lee continued to block the ferry.", ["Jo Marsh"]),
    ],
)
def test_who_a_sentence_reports_not_its_clauses(sentence: str, reporters: list[str]) -> None:
    text = f"Jo Marsh and Tom Lee spoke. {sentence}"
    resolver = _Resolver(text)
    start = text.index(sentence)
    assert [p.full for p in resolver.reporters(start, len(text))] == reporters


def test_she_in_a_sentence_before_a_woman_it_names_is_someone_earlier() -> None:
    # 'she' twice, then another woman as the object of her doubt: the quotation's 'she' is the
    # woman named before, not the one the sentence names after its 'she'
    text = (
        "Mira Okonjo, a nurse from the east side, is one of those who say they will stay "
        "home. The campaign was the first time she had knocked on doors, and she doubts "
        "Senator Helen Varga can carry the county.\n\n"
        '"It is a choice between two people I never asked for," she said.'
    )
    assert _proposed(text) == ["Mira Okonjo"]
    assert [q.speaker for q in extract_quotes(text)] == ["Mira Okonjo"]


def test_a_his_before_the_name_may_point_forward() -> None:
    # 'Since launching his campaign, Drew ...': the 'his' is Drew's, so the sentence is still
    # about Drew and 'he said' is Drew
    text = (
        "Colin Drew spoke first at the hall on Monday. Ivo Brandt, a former mayor, spoke "
        "after him.\n\n"
        "Since launching his Harbour Party campaign, Drew has toured every village twice.\n\n"
        '"We will build it, and the county will pay for it," he said.'
    )
    assert _proposed(text) == ["Colin Drew"]


def test_a_clause_he_opens_gives_the_man_he_is_as_evidence() -> None:
    # 'He told reporters ...: "..."': the pronoun subject of the quotation's sentence is
    # evidence for the man it refers to (it was read as neither sex, and missed him)
    text = (
        "Mayor Colin Drew left the council meeting early on Tuesday.\n\n"
        'He told reporters waiting outside: "The bridge will be built by June."'
    )
    ((_quote, candidates),) = extract_quotes_traced(text)
    by_name = {c.full: c.features for c in candidates}
    assert by_name["Colin Drew"].get("pronoun_subject") == 1.0


@pytest.mark.parametrize(
    ("sentence", "first"),
    [
        # the owner of a role is not the sentence's subject: the one holding the role is
        ("Drew's lawyer, Tom Asher, called the claim baseless.", None),
        # ... but the owner of what is not a person is what the sentence is about
        ("Drew's remarks to Tom Asher came late on Sunday.", "Colin Drew"),
    ],
)
def test_the_first_named_in_the_sentence_before(sentence: str, first: str | None) -> None:
    text = f'Mayor Colin Drew was sued in May. {sentence}\n\n"It will not last," he said.'
    ((_quote, candidates),) = extract_quotes_traced(text)
    firsts = [c.full for c in candidates if c.features.get("prev_first_1")]
    assert firsts == ([first] if first else [])
