"""The project's one sentence splitter (reader/parsing/sentences.py), shared by the quote
extractor, the briefing's summary and highlight mode."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.parsing.sentences import sentence_at, sentence_spans, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sen. Harlan Boyd said the U.S. plan costs $3.5m.",
            ["Sen. Harlan Boyd said the U.S. plan costs $3.5m."],
        ),
        (
            "Gov. Rita Ames met Dr. Ng and Prof. Ola Berg. They talked.",
            ["Gov. Rita Ames met Dr. Ng and Prof. Ola Berg.", "They talked."],
        ),
        (
            "J. K. Rowling wrote it. Franklin D. Roosevelt read it.",
            ["J. K. Rowling wrote it.", "Franklin D. Roosevelt read it."],
        ),
        (
            "She moved to the U.S. The move was hard.",
            ["She moved to the U.S.", "The move was hard."],
        ),
        (
            "Acme Inc. Chief Lu Pei spoke in Tucson, Ariz. on Monday. It rained.",
            ["Acme Inc. Chief Lu Pei spoke in Tucson, Ariz. on Monday.", "It rained."],
        ),
        (
            "He lives at No. 10 now. Growth was 3.5 per cent. Prices rose 2.7%.",
            ["He lives at No. 10 now.", "Growth was 3.5 per cent.", "Prices rose 2.7%."],
        ),
        (
            '"We are done." The mayor left. "Why?" she asked. "Go!" He went… Then silence.',
            [
                '"We are done."',
                "The mayor left.",
                '"Why?" she asked.',
                '"Go!"',
                "He went…",
                "Then silence.",
            ],
        ),
        (
            "A heading with no stop\n\nThe first line\nwraps here. Next one.",
            ["A heading with no stop", "The first line wraps here.", "Next one."],
        ),
        (  # Japanese: no space after 。, and a quotation in 「」 stays in its sentence
            "船が戻ってきた。「本当に！また来てね。」と話した。県は支援する。",
            ["船が戻ってきた。", "「本当に！また来てね。」と話した。", "県は支援する。"],
        ),
        (  # Chinese, with a space after one stop and curly quotes closing another
            "渡轮重新开航。 居民来到码头。他说：“我们会回来的。”然后离开。",
            ["渡轮重新开航。", "居民来到码头。", "他说：“我们会回来的。”", "然后离开。"],
        ),
        (
            "Mixed: the port of 大島南。 Then English.",
            ["Mixed: the port of 大島南。", "Then English."],
        ),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_spans_index_the_text_and_find_the_sentence_around_an_offset() -> None:
    text = "  Sen. Ola Berg spoke.  Then Dr. Vik Rao answered.\n\nLast one."
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Sen. Ola Berg spoke.",
        "Then Dr. Vik Rao answered.",
        "Last one.",
    ]
    assert sentence_at(text, text.index("Rao")) == spans[1]
    assert sentence_at(text, text.index("Berg")) == spans[0]
    assert sentence_at(text, len(text) - 1) == spans[2]


def test_nothing_to_split() -> None:
    assert split_sentences("") == []
    assert sentence_spans("   \n\n  ") == []


@given(
    st.lists(
        st.sampled_from(
            [
                *["Sen.", "U.S.", "3.5", "said", "Boyd", "“Yes.”", "the", "J.", "\n\n", "Why?"],
                *["It", "。", "「", "」", "渡し船", "！」", "来た。"],
            ]
        ),
        max_size=30,
    )
)
def test_every_word_is_kept_in_order(tokens: list[str]) -> None:
    text = " ".join(tokens)
    assert " ".join(split_sentences(text)).split() == text.split()
    spans = sentence_spans(text)
    assert all(a < b for a, b in spans)
    assert all(b1 <= a2 for (_a1, b1), (a2, _b2) in pairwise(spans))


def test_highlight_mode_and_the_summary_use_the_shared_splitter() -> None:
    from digest import summary
    from reader.tui.widgets import article_view

    text = "Sen. Harlan Boyd said the U.S. plan costs $3.5m. Critics disagreed."
    assert article_view.sentence_spans(text) == sentence_spans(text)
    assert len(article_view.sentence_spans(text)) == 2  # was five pieces in highlight mode
    assert summary.split_sentences(text) == split_sentences(text)
