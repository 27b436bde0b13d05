"""Word counts in scripts written with and without spaces (reading time, key-quote length)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.article import parse_text
from reader.parsing.words import _UNSPACED, count_words, has_unspaced, may_have_cjk


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("The ferry runs again.", 4),
        ("  spaced   out\n\ntext  ", 3),
        ("Ünïcödé ‘quotes’ — dash", 4),  # a lone dash is a piece between spaces, as split says
        ("渡し船", 2),  # three characters: two words, rounded up
        ("渡し船がまた来た", 4),
        ("“我们会回来的，” said Li Wei.", 6),  # 6 characters = 3; the marks around them are no word
        ("한국어 문장 입니다", 3),  # Korean is written with spaces
        ("The port of 大島南 reopened", 6),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


def test_has_unspaced() -> None:
    assert has_unspaced("大島南") and has_unspaced("かな") and has_unspaced("カナ")
    assert not has_unspaced("plain ascii") and not has_unspaced("Ünïcödé — “quotes”")
    assert not has_unspaced("한국어") and not has_unspaced("、。「」")


def test_a_japanese_article_reads_in_minutes_not_one() -> None:
    # 1,530 characters of Japanese: 765 words, 4 minutes at 230 words a minute, not "1 min".
    body = "島の渡し船が十年ぶりに戻ってきた。" * 90
    article = parse_text(f"## 渡し船\n\n{body}")
    assert article.word_count == count_words(body) > 700
    assert article.reading_minutes == 4


_AWKWARD = "渡し船ｶ丽\U00020001é“—\ud800。！？\ue000가"


@given(st.text(st.one_of(st.characters(), st.sampled_from(_AWKWARD))))
def test_the_quick_test_answers_as_the_search(text: str) -> None:
    # has_unspaced deletes bytes before it searches: it must never miss what the search finds
    assert has_unspaced(text) == (_UNSPACED.search(text) is not None)
    if not may_have_cjk(text):  # the sentence splitter's quick test for '。！？' too
        assert not any("\u3000" <= ch <= "\u9fff" or "\uf900" <= ch < "\U00040000" for ch in text)
