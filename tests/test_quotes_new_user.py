"""Short news passages a new user might write, each with a known speaker.

The issue's complaint: the rules pick a place or an organisation inside the speaker's
description ('coach Sam Ortiz of the Harbour City Sharks said' -> the team) where a parse
sees the subject of the reporting verb, and the subject of a participle clause (', saying,')
is taken from its object. Every passage here was written for this file.
"""

from __future__ import annotations

import pytest

from digest.quotes import extract_quotes

# (passage, the quotation's first words, the speaker's surname)
PASSAGES: list[tuple[str, str, str]] = [
    (
        'The Harbour City Sharks lost again on Sunday. "We will be back next week," coach Sam '
        "Ortiz of the Harbour City Sharks said.",
        "We will be back",
        "Ortiz",
    ),
    (
        '"We will be back next week," coach Sam Ortiz of the Harbour City Sharks said.',
        "We will be back",
        "Ortiz",
    ),
    (
        'Mayor Ann Lee urged voters to back Tom Rhys, saying, "He will fix the roads this year."',
        "He will fix",
        "Lee",
    ),
    (
        "The Northgate Rovers announced a new stadium on Friday. Chairman Peter Walsh of the "
        'Northgate Rovers said: "This is the biggest day in the history of the club."',
        "This is the biggest",
        "Walsh",
    ),
    (
        'Bread prices rose again this month. "Flour costs twice what it did," said Jan Novak, '
        "who runs a bakery in Riverside Park.",
        "Flour costs twice",
        "Novak",
    ),
    (
        "Riverside Park has lost three shops this year. "
        '"People are scared to open anything here," said Maria Costa, who owns a cafe in '
        "Riverside Park.",
        "People are scared",
        "Costa",
    ),
    (
        "Greenfield Water cut supplies to four streets on Monday. Laura Finch, a spokesperson "
        'for Greenfield Water, said: "We expect the supply to be back by the weekend."',
        "We expect the supply",
        "Finch",
    ),
    (
        "Harbour Rail cancelled six trains. "
        '"We are sorry for the disruption," said Owen Price, a spokesman for Harbour Rail.',
        "We are sorry",
        "Price",
    ),
    (
        "Councillor Ravi Patel criticised the budget on Tuesday, saying, "
        '"This plan leaves the libraries with nothing at all."',
        "This plan leaves",
        "Patel",
    ),
    (
        "Senator Grace Hill praised the work of Judge Alan Burke, saying, "
        '"He has served this state with great care for many years."',
        "He has served",
        "Hill",
    ),
    (
        "St Mary's Hospital will close its maternity ward next month. Local MP Sarah Clegg "
        "visited the ward on Friday. She told reporters outside the hospital: "
        '"Mothers deserve better than a forty-mile drive."',
        "Mothers deserve better",
        "Clegg",
    ),
    (
        "The Westfield Nurses Union said in a statement that its members would strike. "
        '"Our members have run out of patience with the trust," the union said.',
        "Our members have run out",
        "Union",
    ),
    (
        "Midwife Helen Ward has worked at the hospital for twenty years. "
        '"We are stretched to breaking point every single night," she said.',
        "We are stretched",
        "Ward",
    ),
    (
        "Mark Evans met Julia Stone at the town hall on Thursday. Stone has led the campaign "
        'since March. "We will not give up on this building," she said.',
        "We will not give up",
        "Stone",
    ),
    (
        "Mark Evans met Julia Stone at the town hall on Thursday. Evans has run the council "
        'for two years. "The money simply is not there," he said.',
        "The money simply",
        "Evans",
    ),
    (
        "Head teacher Claire Moss of Hillview Primary School said: "
        '"Our pupils have been learning in portable cabins for three winters."',
        "Our pupils have been",
        "Moss",
    ),
    (
        '"Nobody told us the road would close," said David Chen, who manages a garage in '
        "Elm Street.",
        "Nobody told us",
        "Chen",
    ),
    (
        "Dr Priya Nair, a consultant at Westfield General Hospital, said: "
        '"The waiting lists are the longest I have seen in my career."',
        "The waiting lists",
        "Nair",
    ),
    (
        "Westfield General Hospital opened a new wing. "
        '"The waiting lists are the longest I have seen," Dr Priya Nair, a consultant at '
        "Westfield General Hospital, said.",
        "The waiting lists",
        "Nair",
    ),
    (
        "Fire chief Tom Baker of the Eastvale Fire Service warned residents to stay indoors, "
        'saying, "The smoke will stay over the town until the evening."',
        "The smoke will stay",
        "Baker",
    ),
    (
        "The Eastvale Fire Service sent ten crews to the blaze. "
        '"It spread faster than anything we have seen," station manager Lucy Grant of the '
        "Eastvale Fire Service said.",
        "It spread faster",
        "Grant",
    ),
    (
        "Riverside Park will get a new fountain. The council approved the plan on Monday. "
        '"It is about time," said Jan Novak, who runs a bakery in Riverside Park.',
        "It is about time",
        "Novak",
    ),
    (
        "The Metro Transit Workers Union rejected the offer. "
        '"This offer insults every driver in the city," the union said in a statement.',
        "This offer insults",
        "Union",
    ),
    (
        'Tom Hardy and Lisa Marsh met on Monday. "We agreed on nothing at all," she said.',
        "We agreed on nothing",
        "Marsh",
    ),
    (
        'Tom Hardy and Lisa Marsh met on Monday. "We agreed on nothing at all," he said.',
        "We agreed on nothing",
        "Hardy",
    ),
    (
        'Lisa Marsh thanked Tom Hardy for his help. "She did all of the hard work," he said.',
        "She did all",
        "Hardy",
    ),
    (
        "The Harbour City Sharks lost again on Sunday. Coach Sam Ortiz of the Harbour City "
        'Sharks said: "We will be back next week."',
        "We will be back",
        "Ortiz",
    ),
    (
        'The Harbour City Sharks lost again on Sunday. "We will be back next week," said coach '
        "Sam Ortiz of the Harbour City Sharks.",
        "We will be back",
        "Ortiz",
    ),
    (
        "Governor Ruth King signed the bill after meeting Senator Paul Dunn, telling "
        'reporters: "This is a good day for the whole state."',
        "This is a good day",
        "King",
    ),
    (
        'Police chief Amy Byrne thanked Officer Dan Webb, adding: "He saved two lives that night."',
        "He saved two lives",
        "Byrne",
    ),
    (
        "Eastvale Council said the bridge would reopen in June. "
        '"We know how hard this has been," council leader Rob Hart said.',
        "We know how hard",
        "Hart",
    ),
]


@pytest.mark.parametrize(("passage", "opening", "surname"), PASSAGES)
def test_new_user_passage_speaker(passage: str, opening: str, surname: str) -> None:
    quotes = [q for q in extract_quotes(passage) if opening in q.text]
    assert len(quotes) == 1, [q.text for q in extract_quotes(passage)]
    assert quotes[0].speaker is not None
    assert surname in quotes[0].speaker, (quotes[0].speaker, passage)


def test_the_one_who_called_it_is_the_noun_phrase_before_the_verb() -> None:
    """A subject that runs through a clause ('closed for what the council called') names the
    noun phrase its role heads, not every word before the verb."""
    passage = (
        "The hall beside the old market closed for what the council called a “short pause” and "
        "has not reopened."
    )
    (quote,) = extract_quotes(passage)
    assert quote.text == "short pause"
    assert quote.speaker == "the council"


def test_a_speaker_no_rule_proposed_is_never_sure() -> None:
    """A quotation with no reporting clause of its own ('a planning officer wrote, and "..."')
    has only the last speaker as a candidate: it may go to her, but not as sure as a
    quotation its sentence attributes (the briefing names only sure speakers)."""
    from digest.select import SPEAKER_CONFIDENCE

    passage = (
        "Ana Holm runs the fish stall on the quay. “Busy every day, rain or shine,” she said. "
        "The council report was blunter. The roof needed repairs, a planning officer wrote, and "
        "“no money is set aside for the market roof this year”."
    )
    said, wrote = extract_quotes(passage)
    assert said.speaker == "Ana Holm" and said.confidence >= SPEAKER_CONFIDENCE
    assert wrote.text.startswith("no money")
    assert wrote.confidence < SPEAKER_CONFIDENCE


@pytest.mark.parametrize("opener", ["Whenever", "Unless", "Until", "Once", "Wherever"])
def test_a_conjunction_that_opens_the_sentence_is_not_part_of_a_name(opener: str) -> None:
    # 'Whenever Norland is attacked' names Norland, not a person called 'Whenever Norland'
    text = (
        "The minister spoke at the port on Friday. "
        f'{opener} Norland is attacked, "we will answer in kind," the minister said.'
    )
    assert [q.speaker for q in extract_quotes(text)] == ["the minister"]
