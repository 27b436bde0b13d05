"""Which quotes a briefing shows for an article: the few that carry its voices.

Order of preference:

1. The user's own highlights: they are what the reader chose to remember, so they always come
   first and are never dropped for an extracted quote. A highlight that overlaps a quote the
   extractor attributed is credited to that quote's speaker.
2. Speech by people: whole quoted sentences (``full``) before fragments (``partial``), and
   people named in the article before speakers known only by a role ("the council leader").
   Scare quotes (a word or two held at arm's length) are never key quotes.

Every pick must be long enough to mean something (``MIN_QUOTE_WORDS``), come from a speaker not
already shown, and not repeat what another pick says (token overlap). Highlights are shown
first, in article order; the chosen quotes follow in the order they appear in the article, so
the briefing reads like the story.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.parsing.words import count_words

if TYPE_CHECKING:
    from digest.quotes import Quote
    from reader.library import Highlight

#: A quote names its speaker in a briefing only from this confidence up (chosen on PolNeAR
#: train, where the key quotes shown with a speaker, every article bookmarked, name the right
#: person 0.975 of the time; on dev 0.980, 97 of 99 that can be checked; with no floor about
#: 0.92 on both; measured by benchmarks/quotes_confidence.py). A quote below it is not chosen,
#: and a highlight it covers is shown without a name.
SPEAKER_CONFIDENCE = 0.97
#: Fewer words than this is a fragment, not a voice (Chinese and Japanese: two characters a
#: word, see ``reader.parsing.words``).
MIN_QUOTE_WORDS = 6
#: Two picks sharing this much of the smaller one's words say the same thing.
NEAR_DUPLICATE_OVERLAP = 0.6
#: Speakers that are roles, not names: "the council leader", "a spokesperson".
_ROLE_START = re.compile(r"^(the|a|an|one|another|his|her|their|its)\s", re.IGNORECASE)
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class KeyQuote:
    """One quote as a briefing shows it."""

    text: str
    speaker: str | None
    """Full name (or role) of the speaker; ``None`` for a highlight no quote covers."""
    speaker_short: str | None
    start: int
    """Character offset into ``Article.text``, for ordering and for linking back."""
    end: int
    highlighted: bool = False
    """True when the user highlighted these words."""


def choose_key_quotes(
    quotes: Sequence[Quote],
    highlights: Iterable[Highlight] = (),
    limit: int = 3,
    min_speaker_confidence: float = SPEAKER_CONFIDENCE,
) -> list[KeyQuote]:
    """Up to ``limit`` key quotes: highlights first, then the best extracted quotes whose
    speaker is named with at least ``min_speaker_confidence``."""
    if limit <= 0:
        return []
    quotes = [q for q in quotes if q.confidence >= min_speaker_confidence]
    chosen_highlights: list[KeyQuote] = []
    for highlight in sorted(highlights, key=lambda h: (h.start, h.end)):
        if len(chosen_highlights) >= limit:
            break
        text = " ".join(highlight.text.split())
        if not text:
            continue
        source = _covering_quote(quotes, highlight.start, highlight.end)
        chosen_highlights.append(
            KeyQuote(
                text=text,
                speaker=source.speaker if source else None,
                speaker_short=source.speaker_short if source else None,
                start=highlight.start,
                end=highlight.end,
                highlighted=True,
            )
        )

    speakers = {_speaker_key(k.speaker) for k in chosen_highlights if k.speaker}
    taken: list[KeyQuote] = list(chosen_highlights)
    picked: list[KeyQuote] = []
    for quote in sorted(_candidates(quotes), key=_preference):
        if len(taken) >= limit:
            break
        assert quote.speaker is not None  # _candidates keeps attributed quotes only
        key = _speaker_key(quote.speaker)
        if key in speakers:
            continue
        text = " ".join(quote.text.split())
        if any(_overlaps(quote.start, quote.end, k.start, k.end) for k in taken):
            continue
        if any(is_near_duplicate(text, k.text) for k in taken):
            continue
        pick = KeyQuote(
            text=text,
            speaker=quote.speaker,
            speaker_short=quote.speaker_short,
            start=quote.start,
            end=quote.end,
        )
        speakers.add(key)
        taken.append(pick)
        picked.append(pick)
    picked.sort(key=lambda k: k.start)
    return chosen_highlights + picked


def _candidates(quotes: Iterable[Quote]) -> list[Quote]:
    return [
        q
        for q in quotes
        if q.kind in ("full", "partial") and q.speaker and count_words(q.text) >= MIN_QUOTE_WORDS
    ]


def _preference(quote: Quote) -> tuple[int, int, float, int]:
    """Sort key: named people before roles, full quotes before partial, the surer speaker
    first, then earlier first."""
    assert quote.speaker is not None
    is_role = 1 if is_role_speaker(quote.speaker) else 0
    kind_rank = 0 if quote.kind == "full" else 1
    return (is_role, kind_rank, -quote.confidence, quote.start)


def is_role_speaker(speaker: str) -> bool:
    """ "the council leader" is a role; "Tom Okafor" and "Dame Wendy Hall" are names."""
    return bool(_ROLE_START.match(speaker.strip())) or speaker[:1].islower()


def _speaker_key(speaker: str | None) -> str:
    return " ".join((speaker or "").casefold().split())


def _covering_quote(quotes: Sequence[Quote], start: int, end: int) -> Quote | None:
    """The attributed quote sharing the most characters with ``start:end``, if any."""
    best: Quote | None = None
    best_overlap = 0
    for quote in quotes:
        if not quote.speaker:
            continue
        overlap = min(end, quote.end) - max(start, quote.start)
        if overlap > best_overlap:
            best, best_overlap = quote, overlap
    return best


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return min(a_end, b_end) > max(a_start, b_start)


def _tokens(text: str) -> set[str]:
    return {t.casefold() for t in _TOKEN.findall(text)}


def is_near_duplicate(a: str, b: str) -> bool:
    """Whether two texts share most of the shorter one's words (order ignored)."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    return len(ta & tb) / min(len(ta), len(tb)) >= NEAR_DUPLICATE_OVERLAP
