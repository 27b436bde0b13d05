"""Quotations in single marks ('...,' she said), as much of the British and Commonwealth press
prints them: found and attributed like double-mark ones, without taking an apostrophe for a
closing mark. All the sentences here are written for these tests."""

from __future__ import annotations

from digest.quotes import Quote, extract_quotes
from digest.quotes.single import as_double_marks

HARBOUR = (
    "The council voted on Tuesday to pay for a second ferry across the estuary.\n\n"
    "'This is the best news the town has had in ten years,' said Councillor Mary Pike, "
    "who chairs the transport committee.\n\n"
    "Residents were less sure. 'We've heard promises like this before and nothing came of "
    "them,' said Tom Hale, 54, a fisherman.\n\n"
    "The harbour master, Ann Rowe, said the timetable would come out in the spring. 'We want "
    "the first crossings running by the summer holidays,' she told the meeting.\n\n"
    "Mr Hale added: 'If it runs, I'll be the first on board.'"
)


def _spoken(text: str) -> list[Quote]:
    return [q for q in extract_quotes(text) if q.kind != "scare"]


def test_single_mark_quotations_are_found_with_their_speakers() -> None:
    quotes = _spoken(HARBOUR)
    assert [q.text for q in quotes] == [
        "This is the best news the town has had in ten years",
        "We've heard promises like this before and nothing came of them",
        "We want the first crossings running by the summer holidays",
        "If it runs, I'll be the first on board.",
    ]
    assert [q.speaker for q in quotes] == [
        "Councillor Mary Pike",
        "Tom Hale",
        "Ann Rowe",
        "Tom Hale",
    ]


def test_offsets_index_the_text_as_written() -> None:
    for quote in _spoken(HARBOUR):
        assert HARBOUR[quote.start] == "'"
        assert HARBOUR[quote.end - 1] == "'"
        assert quote.text.rstrip(".,") in HARBOUR[quote.start : quote.end]


def test_curly_marks_and_apostrophes_inside_and_between_quotations() -> None:
    text = (
        "The union’s members met in the workers’ hall on Monday night.\n\n"
        "‘It’s not about the money, it’s about O’Neill’s promise in the ’90s,’ said Jo Barr, "
        "the branch secretary. ‘We won’t go back to rock ’n’ roll shifts.’"
    )
    quotes = _spoken(text)
    assert [q.text for q in quotes] == [
        "It’s not about the money, it’s about O’Neill’s promise in the ’90s",
        "We won’t go back to rock ’n’ roll shifts.",
    ]
    assert {q.speaker for q in quotes} == {"Jo Barr"}


def test_a_plural_possessive_inside_a_quotation_does_not_close_it() -> None:
    text = (
        "The mayor spoke after the vote.\n\n"
        "'The councillors' decision is a victory for every family on the estate,' said "
        "Mayor Rita Ansell. 'We listened to them.'"
    )
    quotes = _spoken(text)
    assert quotes[0].text == (
        "The councillors' decision is a victory for every family on the estate"
    )
    assert quotes[0].speaker is not None and quotes[0].speaker.endswith("Rita Ansell")


def test_a_fragment_ending_in_a_word_closes_before_the_next_quotation_opens() -> None:
    text = (
        "Dr Priya Nair spoke to the committee on Wednesday.\n\n"
        "Dr Nair called the plan 'a waste of everyone's time' and said the board should "
        "'start again from the beginning.'\n\n"
        "'Nobody asked the nurses,' she said."
    )
    texts = [q.text for q in extract_quotes(text)]
    assert "a waste of everyone's time" in texts
    assert "start again from the beginning." in texts
    assert _spoken(text)[-1].speaker == "Dr Priya Nair"


def test_a_quotation_within_a_quotation_keeps_its_double_marks() -> None:
    text = (
        "The inquiry heard from the ferry's captain on Thursday.\n\n"
        "'He told me \"never again\" and walked off the bridge,' said Captain Lee Dunn. "
        "'I did not see him after that.'"
    )
    quotes = _spoken(text)
    assert quotes[0].text == 'He told me "never again" and walked off the bridge'
    assert [q.speaker for q in quotes] == ["Captain Lee Dunn", "Captain Lee Dunn"]


def test_a_quotation_running_over_paragraphs() -> None:
    text = (
        "The head teacher wrote to parents on Friday.\n\n"
        "'The roof will be fixed over the half-term break,' wrote Helen Marsh, the head "
        "teacher. 'Lessons in the old hall will stop on Monday.\n\n"
        "'The new classrooms will open after Easter.'"
    )
    quotes = _spoken(text)
    assert quotes[-1].speaker == "Helen Marsh"
    assert "The new classrooms will open after Easter." in quotes[-1].text


def test_a_short_item_quoting_one_person_once() -> None:
    text = (
        "The coastal path at Penhallow will stay shut until March after a landslip.\n\n"
        "'It is simply not safe to walk there yet,' said Lin Carew, the ranger."
    )
    [quote] = _spoken(text)
    assert quote.text == "It is simply not safe to walk there yet"
    assert quote.speaker == "Lin Carew"


def test_double_mark_articles_are_read_exactly_as_before() -> None:
    """Single marks in an article quoted in double marks stay what they are: a scare-quoted
    word, a headline's quotation, an apostrophe."""
    text = (
        "'Fix the roads' campaign reaches the town hall.\n\n"
        '"The roads are a disgrace," said Sam Ortiz, who drives the school bus. "Every '
        "winter it's worse.\"\n\n"
        "The council called the plan 'ambitious' and said it would reply in May. "
        '"We will look at it," said a spokeswoman.'
    )
    assert as_double_marks(text) is None
    assert [q.speaker for q in _spoken(text)] == ["Sam Ortiz", "Sam Ortiz", "a spokeswoman"]


def test_one_single_mark_word_or_an_apostrophe_alone_is_no_quotation_style() -> None:
    assert as_double_marks("The '90s were kind to the town's shops.") is None
    assert as_double_marks("It was, she said, the 'best' outcome.") is None
    assert _spoken("Tom's boat and the Smiths' car were both 'fine', the report said.") == []


def test_archive_doubled_single_marks_are_not_read_as_single_quotations() -> None:
    """Some newspaper archives write a double mark as two single ones (''...,'' he said): the
    article is not in single marks, and its nested 'x' stay inside."""
    text = (
        "''The market opened late,'' said Ann Bell, a trader. ''Nobody said 'sorry' to us.''\n\n"
        "''We lost a morning,'' she said."
    )
    assert as_double_marks(text) is None


def test_the_rewrite_keeps_every_offset() -> None:
    rewritten = as_double_marks(HARBOUR)
    assert rewritten is not None
    assert len(rewritten) == len(HARBOUR)
    differs = [i for i, (a, b) in enumerate(zip(HARBOUR, rewritten, strict=True)) if a != b]
    assert all(HARBOUR[i] == "'" and rewritten[i] in "“”" for i in differs)
    assert len(differs) == 8  # the four quotations' marks, no apostrophe
