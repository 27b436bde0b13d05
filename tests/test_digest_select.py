"""Key-quote choice: highlights first, named people, distinct speakers, no scare or repeats."""

from __future__ import annotations

from datetime import UTC, datetime

from digest.select import choose_key_quotes, is_near_duplicate, is_role_speaker
from reader.library import Highlight
from tests.digest_helpers import StubQuote, quote_in

TEXT = (
    'The council voted to keep the ferry. "We heard from nurses, bakers and students who have '
    'no other way home," said the council leader, Tom Okafor. "Cutting the service would have '
    'saved money on paper and cost it everywhere else," he added. Opponents called the vote "a '
    'promise". Maria Lindqvist said it was "a hole in the budget that nobody has explained to '
    'me at all". "We will have to find the money from somewhere, and soon," she said. A '
    'spokesperson said: "The operator remains committed to every single night crossing."'
)

Q_OKAFOR_1 = quote_in(
    TEXT, "We heard from nurses, bakers and students who have no other way home,", "Tom Okafor"
)
Q_OKAFOR_2 = quote_in(
    TEXT,
    "Cutting the service would have saved money on paper and cost it everywhere else,",
    "Tom Okafor",
)
Q_SCARE = quote_in(TEXT, "a promise", None, kind="scare")
Q_LINDQVIST_PARTIAL = quote_in(
    TEXT,
    "a hole in the budget that nobody has explained to me at all",
    "Maria Lindqvist",
    kind="partial",
)
Q_LINDQVIST_FULL = quote_in(
    TEXT, "We will have to find the money from somewhere, and soon,", "Maria Lindqvist"
)
Q_ROLE = quote_in(
    TEXT, "The operator remains committed to every single night crossing.", "a spokesperson"
)
ALL = [Q_OKAFOR_1, Q_OKAFOR_2, Q_SCARE, Q_LINDQVIST_PARTIAL, Q_LINDQVIST_FULL, Q_ROLE]


def _highlight(words: str) -> Highlight:
    start = TEXT.index(words)
    return Highlight(1, start, start + len(words), words, datetime(2024, 3, 8, tzinfo=UTC))


def test_distinct_named_speakers_full_quotes_in_article_order() -> None:
    chosen = choose_key_quotes(ALL, (), limit=3)
    assert [k.speaker for k in chosen] == ["Tom Okafor", "Maria Lindqvist", "a spokesperson"]
    assert chosen[1].text.startswith("We will have to find")  # full preferred to partial
    assert [k.start for k in chosen] == sorted(k.start for k in chosen)
    assert not any(k.highlighted for k in chosen)


def test_named_people_before_roles() -> None:
    chosen = choose_key_quotes(ALL, (), limit=2)
    assert [k.speaker for k in chosen] == ["Tom Okafor", "Maria Lindqvist"]


def test_scare_unattributed_and_short_quotes_never_chosen() -> None:
    short = StubQuote("Yes, absolutely", "Tom Okafor", "Okafor", 0, 10)
    unattributed = StubQuote("a long enough quote with nobody who said it", None, None, 20, 60)
    chosen = choose_key_quotes([Q_SCARE, short, unattributed], (), limit=3)
    assert chosen == []


def test_highlights_come_first_and_take_the_overlapping_speaker() -> None:
    mark = _highlight("saved money on paper and cost it everywhere else")
    chosen = choose_key_quotes(ALL, [mark], limit=3)
    assert chosen[0].highlighted
    assert chosen[0].text == "saved money on paper and cost it everywhere else"
    assert chosen[0].speaker == "Tom Okafor"
    # Okafor is taken by the highlight, so his other quote does not come back.
    assert [k.speaker for k in chosen[1:]] == ["Maria Lindqvist", "a spokesperson"]


def test_highlight_outside_any_quote_has_no_speaker_and_is_kept_even_if_short() -> None:
    mark = _highlight("The council voted")
    chosen = choose_key_quotes(ALL, [mark], limit=1)
    assert len(chosen) == 1
    assert chosen[0].highlighted and chosen[0].speaker is None


def test_limit_counts_highlights_and_zero_means_none() -> None:
    marks = [_highlight("The council voted"), _highlight("Opponents called the vote")]
    assert len(choose_key_quotes(ALL, marks, limit=1)) == 1
    assert choose_key_quotes(ALL, marks, limit=0) == []


def test_near_duplicates_dropped() -> None:
    echo = StubQuote(
        "We heard from nurses, bakers and students who have no other way home",
        "Anna Berg",
        "Berg",
        5000,
        5080,
    )
    chosen = choose_key_quotes([Q_OKAFOR_1, echo], (), limit=3)
    assert [k.speaker for k in chosen] == ["Tom Okafor"]
    assert is_near_duplicate("the ferry will run", "The ferry will run, said the leader")
    assert not is_near_duplicate("the ferry will run", "budgets are tight this winter")


def test_role_speakers() -> None:
    assert is_role_speaker("the council leader")
    assert is_role_speaker("a spokesperson")
    assert not is_role_speaker("Dame Wendy Hall")
    assert not is_role_speaker("Tom Okafor")


def test_a_chinese_or_japanese_quote_is_long_enough_by_its_characters() -> None:
    # No spaces between words: counted as one "word" it was always too short to be chosen.
    text = (
        "「渡し船がまた来てくれて、本当にうれしいです」と島の住民は話した。「よかった」と言った。"
    )
    whole = quote_in(text, "渡し船がまた来てくれて、本当にうれしいです", "Aiko Sato")
    (chosen,) = choose_key_quotes([whole], (), limit=3)
    assert (chosen.speaker, chosen.text) == ("Aiko Sato", whole.text)
    # four characters, two words: a fragment, as "So glad" would be
    short = quote_in(text, "よかった", "Ken Mori")
    assert choose_key_quotes([short], (), limit=3) == []
