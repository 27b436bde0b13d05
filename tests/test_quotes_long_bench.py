"""The long-article speed benchmark: its invented article is the same every time, as long as
asked, full of quotations with speakers, and the script prints one line per size."""

from __future__ import annotations

import pytest

from benchmarks.quotes_long import main, make_article
from digest.quotes import extract_quotes


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
