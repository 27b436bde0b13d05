"""The app's quote list reads an article's quotations a section at a time (reader/app/quotes.py):
the same quotations as one search on a short text, offsets into the whole text on a long one."""

from __future__ import annotations

from digest.select import SPEAKER_CONFIDENCE as BRIEFING_FLOOR
from reader.app.quotes import SPEAKER_CONFIDENCE, certainty, quote_parts, sections

SPEECH = (
    "The council met on Tuesday. “We will keep the night ferry for the nurses,” said Mara "
    "Quist, the harbour master. Others doubted the fuel budget."
)


def test_sections_cover_the_text_at_their_offsets() -> None:
    body = (*(f"{SPEECH} Paragraph {i}." for i in range(300)), "x " * 30_000)
    text = "\n\n".join(body)
    found = list(sections(body, size=5_000))
    assert len(found) > 10
    for offset, section in found:
        assert text[offset : offset + len(section)] == section
        assert len(section) <= 5_000 + len(body[0])
    last_offset, last = found[-1]
    assert last_offset + len(last) == len(text), "nothing is left out at the end"


def test_a_short_text_is_searched_whole() -> None:
    from digest.quotes import extract_quotes

    body = (SPEECH, SPEECH.replace("Mara Quist", "Tom Weller"))
    parts = list(quote_parts(body))
    assert len(parts) == 1 and parts[0].done == parts[0].total
    assert parts[0].quotes == tuple(extract_quotes("\n\n".join(body)))


def test_a_long_text_comes_in_parts_with_offsets_into_the_whole() -> None:
    names = [f"{a} {b}" for a in ("Mara", "Tom", "Ana", "Ivo") for b in ("Quist", "Weller", "Holm")]
    body = tuple(SPEECH.replace("Mara Quist", names[i % len(names)]) for i in range(400))
    text = "\n\n".join(body)
    parts = list(quote_parts(body, size=4_000))
    assert len(parts) > 5
    assert [p.done for p in parts] == sorted(p.done for p in parts)
    assert parts[-1].done == parts[-1].total == len(text)
    quotes = [q for p in parts for q in p.quotes]
    assert len(quotes) == 400
    for i, quote in enumerate(quotes):
        assert "keep the night ferry" in text[quote.start : quote.end]
        assert quote.speaker == names[i % len(names)]


def test_a_cancelled_search_stops() -> None:
    body = tuple(SPEECH for _ in range(400))
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2

    assert len(list(quote_parts(body, size=4_000, cancelled=cancelled))) == 2


def test_certainty_uses_the_briefings_floor() -> None:
    """The faces call a speaker sure exactly where a briefing would name them."""
    assert SPEAKER_CONFIDENCE == BRIEFING_FLOOR
    assert certainty("Mara Quist", SPEAKER_CONFIDENCE) == "sure"
    assert certainty("Mara Quist", 1.0) == "sure"
    assert certainty("Mara Quist", SPEAKER_CONFIDENCE - 0.01) == "guess"
    assert certainty("Mara Quist", 0.0) == "guess"
    assert certainty(None, 1.0) == "unknown"
    assert certainty("", 1.0) == "unknown"
    assert certainty("Mara Quist", 0.5, sure=0.5) == "sure"
