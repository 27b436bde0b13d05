"""The long-article speed benchmark: its invented article is the same every time, as long as
asked, full of quotations with speakers, and the script prints one line per size."""

from __future__ import annotations

import pytest

from benchmarks.quotes_long import main, make_article, make_unstopped
from digest.quotes import extract_quotes
from digest.quotes.text import SENTENCE_REACH, _sentence_end, _sentence_start


def test_the_article_is_as_long_as_asked_and_always_the_same() -> None:
    article = make_article(6000)
    assert 6000 <= len(article) < 6000 + 400
    assert make_article(6000) == article
    assert make_article(6000, seed=9) != article


def test_the_article_is_quoted_throughout_and_most_quotes_have_a_speaker() -> None:
    article = make_article(12000)
    quotes = extract_quotes(article)
    assert len(quotes) > 40
    assert quotes[-1].start > len(article) * 0.9  # quoted to the end, not only at the top
    spoken = [q for q in quotes if q.kind == "full"]
    assert sum(q.speaker is not None for q in spoken) > 0.9 * len(spoken)


def test_prints_a_line_per_size(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--sizes", "2", "4", "--repeat", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["2", "4"]
    assert all("ms per KB" in line for line in lines)


def test_a_text_without_a_full_stop_is_read_a_bounded_stretch_at_a_time() -> None:
    """One 'sentence' of 30,000 characters, quotation after quotation: each quotation reads at
    most ``SENTENCE_REACH`` either side of it as its sentence (it read the whole text, and
    the time grew with the square of its length), and every quotation still has its speaker."""
    text = make_unstopped(30_000)
    assert "." not in text
    middle = len(text) // 2
    assert _sentence_start(text, middle) == middle - SENTENCE_REACH
    assert _sentence_end(text, middle) == middle + SENTENCE_REACH
    quotes = extract_quotes(text)
    assert len(quotes) > 400
    assert all(q.speaker for q in quotes)


def test_a_sentence_within_reach_is_read_whole() -> None:
    text = "The ferry was late. " + "It rained and it rained and " * 20 + "then it stopped."
    inside = text.index("then")
    assert _sentence_start(text, inside) == len("The ferry was late. ")
    assert _sentence_end(text, inside) == len(text)


def test_prints_a_line_per_size_of_a_text_without_stops(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-stops", "--sizes", "2", "--repeat", "1"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert line.split()[0] == "2" and "quotations" in line
