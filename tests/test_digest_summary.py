"""The extractive summary: sentence splitting traps and the lede-first choice."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest.summary import is_summary_worthy, quoted_share, split_sentences, summarize
from reader.article import Article, parse_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Smith arrived. Mr. Jones left.",
            ["Dr. Smith arrived.", "Mr. Jones left."],
        ),
        (
            "The U.S. Navy said so. Then it rained.",
            ["The U.S. Navy said so.", "Then it rained."],
        ),
        (
            "Prices rose 3.5% in Jan. last year. Nobody was surprised.",
            ["Prices rose 3.5% in Jan. last year.", "Nobody was surprised."],
        ),
        (
            "J. K. Rowling spoke. She was brief.",
            ["J. K. Rowling spoke.", "She was brief."],
        ),
        (
            'He said: "It is over." The crowd cheered.',
            ['He said: "It is over."', "The crowd cheered."],
        ),
        (
            '"Stop!" she said. Nobody stopped.',
            ['"Stop!" she said.', "Nobody stopped."],
        ),
        (
            "It costs £3.5m. Next year it will cost more.",
            ["It costs £3.5m.", "Next year it will cost more."],
        ),
        ("Is it safe? Engineers say yes.", ["Is it safe?", "Engineers say yes."]),
        (
            "e.g. this one continues. Then a new one.",
            ["e.g. this one continues.", "Then a new one."],
        ),
        (
            "First paragraph ends here\n\nsecond starts lower",
            ["First paragraph ends here", "second starts lower"],
        ),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@given(
    st.lists(
        st.sampled_from(["Dr.", "U.S.", "3.5", "said", "Okafor", "“Yes.”", "the"]), max_size=30
    )
)
def test_split_sentences_keeps_every_word(tokens: list[str]) -> None:
    text = " ".join(tokens)
    assert " ".join(split_sentences(text)).split() == text.split()


def test_quoted_share() -> None:
    assert quoted_share('"We heard from nurses and bakers and students," said Okafor.') > 0.5
    assert quoted_share("The council voted on Thursday.") == 0
    # An unclosed quote runs to the end of the sentence.
    assert quoted_share('She said: "This goes on and on and on') > 0.5


def test_worthy_sentences() -> None:
    assert is_summary_worthy("The council voted on Thursday to keep the ferry.")
    assert not is_summary_worthy("Is the ferry safe for another decade?")
    assert not is_summary_worthy("LONDON, March 7.")
    assert not is_summary_worthy('"We heard from nurses, bakers and students," said Tom Okafor.')


FERRY = Article(
    title="Harbour council votes to keep the night ferry running",
    body=(
        "The harbour council voted on Thursday to keep the night ferry running until at "
        'least 2026. "We heard from nurses, bakers and students who have no other way home," '
        'said the council leader, Tom Okafor. Opponents called the vote "a promise nobody has '
        'costed". Maria Lindqvist, who chairs the finance committee, said the budget had a hole.',
    ),
)


def test_summary_is_the_lede_without_quotation() -> None:
    summary = summarize(FERRY, sentences=2)
    assert summary.startswith("The harbour council voted on Thursday")
    assert "We heard from nurses" not in summary  # the mostly-quoted sentence is skipped
    assert summary.endswith('"a promise nobody has costed".')


def test_summary_respects_the_sentence_count() -> None:
    assert summarize(FERRY, sentences=1) == (
        "The harbour council voted on Thursday to keep the night ferry running until at least 2026."
    )
    assert summarize(FERRY, sentences=0) == ""


def test_summary_skips_a_dateline_and_a_quote_lede() -> None:
    article = Article(
        title="t",
        body=(
            "LONDON.",
            '"It was the worst storm in living memory and we were not ready," said the mayor.',
            "Floods closed three bridges and cut power to 40,000 homes across the region.",
        ),
    )
    assert summarize(article, 1) == (
        "Floods closed three bridges and cut power to 40,000 homes across the region."
    )


def test_single_mark_quotations_are_quotations_to_the_summary_too() -> None:
    """An article quoting in single marks ('...,' she said) gets the same summary as the same
    article in double marks: a mostly-quoted sentence is skipped, and so is one holding a key
    quote printed below. (Read as written, the quotation's first word carried the mark,
    'it, and the sentence neither looked quoted nor matched the key quote.)"""
    single = Article(
        title="t",
        body=(
            "'It was the worst storm in living memory and we were not ready,' said the mayor.",
            "Floods closed three bridges and cut power to 40,000 homes across the region.",
            "'The pumps ran all night and the water still came in,' said Jo Brady, a shopkeeper, "
            "who lost her stock.",
            "Insurers expect claims to pass last winter's total by the end of the month.",
        ),
    )
    double = Article(
        title="t",
        body=tuple(
            p.replace("'It", '"It')
            .replace("ready,'", 'ready,"')
            .replace("'The", '"The')
            .replace("in,'", 'in,"')
            for p in single.body
        ),
    )
    assert (
        summarize(single, 1)
        == summarize(double, 1)
        == ("Floods closed three bridges and cut power to 40,000 homes across the region.")
    )
    key = ["The pumps ran all night and the water still came in"]
    assert (
        summarize(single, 2, avoid=key)
        == summarize(double, 2, avoid=key)
        == (
            "Floods closed three bridges and cut power to 40,000 homes across the region. "
            "Insurers expect claims to pass last winter's total by the end of the month."
        )
    )


def test_summary_falls_back_to_centrality_when_the_top_is_unusable() -> None:
    quotes = tuple(
        f'"Quote number {i} goes on for a while here," said Someone {i}.' for i in range(6)
    )
    central = (
        "Ferry budget talks between the council and the ferry operator collapsed on Friday.",
        "The council will meet the ferry operator again about the budget next week.",
    )
    stray = "A cat sat on a wall near the water for most of a long afternoon."
    body = (*quotes, stray, *central)
    summary = summarize(Article(title="t", body=body), 1)
    assert summary in central  # shares the most words with the rest; not the stray, no quote


def test_summary_of_odd_articles() -> None:
    assert summarize(Article(title="empty")) == ""
    assert summarize(Article(title="t", body=("Short.",))) == "Short."
    long_sentence = " ".join(["word"] * 200) + "."
    assert summarize(Article(title="t", body=(long_sentence,))) == long_sentence


def test_a_japanese_article_is_summarised_in_sentences() -> None:
    # Written for this test: five short sentences with no spaces, as Japanese news is set.
    body = (
        "渡し船が十年ぶりに島へ戻ってきた。島の住民の多くが港に集まり、船を迎えた。"
        "組合の会長は、夏の予約がすでに予想を上回っていると話した。"
        "県は三年間この航路を支援すると発表した。子どもたちが船の名前を選んだ。"
    )
    article = parse_text(f"## 渡し船\n\n{body}")
    assert summarize(article) == (
        "渡し船が十年ぶりに島へ戻ってきた。島の住民の多くが港に集まり、船を迎えた。"
    )
