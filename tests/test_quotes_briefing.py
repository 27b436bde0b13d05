"""The briefing names a speaker only when it is sure (digest.select.SPEAKER_CONFIDENCE)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import cast

from digest.quotes import Quote
from digest.select import SPEAKER_CONFIDENCE, choose_key_quotes
from reader.library import Highlight
from tests.digest_helpers import StubQuote, quote_in


def _quotes(*stubs: StubQuote) -> list[Quote]:
    """Stand-ins with the fields of Quote (selection tested apart from extraction)."""
    return cast("list[Quote]", list(stubs))


TEXT = (
    '"The east pier will reopen before the summer crowds arrive," said Mayor Hannah Ruiz. '
    'Her deputy disagreed. "Nobody has shown me a costed plan for the repairs yet," he said. '
    '"We will publish every figure for the pier next week, line by line," said Tom Okafor.'
)
SURE = replace(
    quote_in(TEXT, "The east pier will reopen before the summer crowds arrive,", "Hannah Ruiz"),
    confidence=SPEAKER_CONFIDENCE,
)
UNSURE = replace(
    quote_in(TEXT, "Nobody has shown me a costed plan for the repairs yet,", "Tom Okafor"),
    confidence=SPEAKER_CONFIDENCE - 0.2,
)
SURER_LATER = replace(
    quote_in(
        TEXT, "We will publish every figure for the pier next week, line by line,", "Tom Okafor"
    ),
    confidence=min(1.0, SPEAKER_CONFIDENCE + 0.01),
)


def test_a_quote_below_the_floor_is_not_chosen() -> None:
    chosen = choose_key_quotes(_quotes(SURE, UNSURE), (), limit=3)
    assert [(k.text, k.speaker) for k in chosen] == [(SURE.text, "Hannah Ruiz")]
    everything = choose_key_quotes(_quotes(SURE, UNSURE), (), limit=3, min_speaker_confidence=0.0)
    assert [k.speaker for k in everything] == ["Hannah Ruiz", "Tom Okafor"]


def test_a_highlight_over_an_unsure_quote_has_no_name() -> None:
    words = "Nobody has shown me a costed plan"
    start = TEXT.index(words)
    mark = Highlight(1, start, start + len(words), words, datetime(2026, 3, 8, tzinfo=UTC))
    (shown,) = choose_key_quotes(_quotes(UNSURE), [mark], limit=1)
    assert shown.highlighted and shown.speaker is None
    (named,) = choose_key_quotes(_quotes(replace(UNSURE, confidence=1.0)), [mark], limit=1)
    assert named.speaker == "Tom Okafor"


def test_the_surer_of_one_speakers_quotes_is_chosen() -> None:
    earlier = replace(SURER_LATER, start=UNSURE.start, end=UNSURE.end, text=UNSURE.text)
    earlier = replace(earlier, confidence=SPEAKER_CONFIDENCE)
    chosen = choose_key_quotes(_quotes(earlier, SURER_LATER), (), limit=3)
    assert [k.text for k in chosen] == [SURER_LATER.text]
