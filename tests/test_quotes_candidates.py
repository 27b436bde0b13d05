"""The speaker half as candidates and evidence (digest/quotes/candidates.py): who is weighed
for each quotation, on what evidence, with learned weights and calibrated confidence. All the
sentences here are written for these tests."""

from __future__ import annotations

import json

import pytest

from benchmarks.train_speakers import calibrate, cross_validate, fit
from digest.quotes import extract_quotes, extract_quotes_traced
from digest.quotes.attribution import _Resolver
from digest.quotes.candidates import Model, load_model
from digest.select import SPEAKER_CONFIDENCE


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # a place inside the speaker's description is not the speaker
            '"The ovens have been on since four in the morning," said Jan Novak, who runs a '
            "bakery in Riverside Park.",
            "Jan Novak",
        ),
        (  # nor the team of a coach named before the verb
            '"We played with heart tonight and deserved the win," coach Sam Ortiz of the '
            "Harbour City Sharks said.",
            "Sam Ortiz",
        ),
        (  # an office before the name ('MP') does not make the person an organisation
            "Local MP Sarah Clegg visited the ward on Friday. She told reporters outside the "
            'hospital: "The staff here have been let down for years."',
            "Sarah Clegg",
        ),
        (
            "A midwife at the hospital, Ruth Ames, has worked there for twenty years. "
            '"We are running on goodwill and nothing else," she said.',
            "Ruth Ames",
        ),
        (  # a state named like a person is a place
            "Speaking at a rally in Dover, New Hampshire, Senator Ruth Kell attacked her rival. "
            '"He has no plan for the economy at all," she said.',
            "Senator Ruth Kell",
        ),
    ],
)
def test_the_speaker_is_the_person_not_a_place_or_organisation(text: str, speaker: str) -> None:
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        'The Guild College of Midwifery said: "Every ward we visited was short of staff."',
        '"Every ward we visited was short of staff," the Guild College of Midwifery said.',
        "The Guild College of Midwifery (GCM) surveyed its members in March. "
        '"Every ward we visited was short of staff," the college said.',
    ],
)
def test_an_organisation_named_with_of_keeps_its_whole_name(text: str) -> None:
    # not 'Midwifery', the words after 'of', as if they were a person who spoke
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["Guild College of Midwifery"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Mayor Ida Brandt had promised a new ferry. The paper saw the draft budget. "
            '"There is no money for a ferry in the plan at all," the Harbour Gazette reported.',
            "Harbour Gazette",
        ),
        (
            "Mayor Ida Brandt had promised a new ferry. "
            '"The ferry has been dropped from the spending plan for next year." Valley News '
            "reported on Monday.",
            None,  # a new sentence after the quotation is not its reporting clause
        ),
        (
            "Mayor Ida Brandt had promised a new ferry. "
            '"The ferry has been dropped from the spending plan for next year," Valley News '
            "reported on Monday.",
            "Valley News",
        ),
    ],
)
def test_an_outlet_that_reports_a_quotation_is_its_source(text: str, speaker: str | None) -> None:
    # not the mayor the article is about: the reporting clause names a newspaper
    quotes = extract_quotes(text)
    assert len(quotes) == 1
    if speaker is None:
        assert quotes[0].speaker != "Valley News"
    else:
        assert quotes[0].speaker == speaker


def test_a_person_of_an_organisation_is_still_the_person() -> None:
    text = '"Every ward we visited was short of staff," said Nora Quill of the Guild College.'
    assert [q.speaker for q in extract_quotes(text)] == ["Nora Quill"]


def test_candidates_carry_their_evidence() -> None:
    text = (
        "Mayor Hannah Ruiz met the harbour master, Tom Okafor, on Monday. "
        '"We will reopen the east pier by June," she said.'
    )
    ((quote, candidates),) = extract_quotes_traced(text)
    by_name = {c.full: c.features for c in candidates}
    assert set(by_name) >= {"Hannah Ruiz", "Tom Okafor"}
    assert by_name["Hannah Ruiz"].get("sex_agrees") == 1.0
    assert by_name["Tom Okafor"].get("sex_conflict") == 1.0
    assert by_name["Hannah Ruiz"].get("prev_subject_1") == 1.0
    assert quote.speaker == "Hannah Ruiz"


def test_a_quote_with_no_reporting_clause_still_weighs_the_sentence_subject() -> None:
    text = (
        "Governor Alma Pike is defending the budget against what she called "
        '"a campaign of half-truths and invented numbers" from the opposition.'
    )
    quotes = [q for q in extract_quotes(text) if q.kind != "scare"]
    assert [q.speaker for q in quotes] == ["Governor Alma Pike"]


def test_confidence_is_a_calibrated_probability() -> None:
    model = load_model()
    assert model.weights, "the shipped weights are missing"
    uppers = [upper for upper, _right in model.calibration]
    rights = [right for _upper, right in model.calibration]
    assert uppers == sorted(uppers) and uppers[-1] == 1.0
    assert rights == sorted(rights)  # more sure means more often right
    for quote in extract_quotes('"The bridge will reopen in May," said engineer Priya Nair.'):
        assert 0.0 <= quote.confidence <= 1.0


def test_without_weights_the_rules_decide() -> None:
    text = '"The bridge will reopen in May," said engineer Priya Nair.'
    ((quote, _candidates),) = extract_quotes_traced(text, Model({}, ()))
    assert quote.speaker == "Priya Nair"


def test_training_is_reproducible_and_learns_the_evidence() -> None:
    # each quotation: three candidates; the right one has 'rule', a decoy is the nearest name
    groups = [
        (
            [{"rule": 1.0, "nearest": float(i % 3 == 0)}, {"nearest": 1.0}, {"recent_0": 1.0}],
            [True, False, False],
        )
        for i in range(60)
    ]
    first = fit(groups)
    assert first == fit(groups)
    assert first["rule"] > 0 > first.get("recent_0", 0.0) - first["rule"]
    table = calibrate([(0.5 + i / 200, i % 4 != 0) for i in range(100)])
    assert table[-1][0] == 1.0
    assert [r for _u, r in table] == sorted(r for _u, r in table)
    json.dumps({"weights": first, "calibration": table})  # what the shipped file holds


@pytest.mark.parametrize(
    ("sentence", "reporters"),
    [
        ("The ferry will run again in May, Jo Marsh said.", ["Jo Marsh"]),
        ("The ferry will run again in May, said Jo Marsh, a harbour official.", ["Jo Marsh"]),
        ("Jo Marsh, who runs the harbour, said the ferry would run again.", ["Jo Marsh"]),
        # the verb's object, not its subject: 'said [that] Lee ...'
        ("He said Tom Lee was wrong about the ferry.", []),
        # a possessive and a participle report nothing
        ("Jo Marsh's continued silence worried the town.", []),
        ("The vote ended with Tom Lee claiming the seat.", []),
    ],
)
def test_who_a_sentence_reports(sentence: str, reporters: list[str]) -> None:
    from digest.quotes.attribution import _Resolver

    text = f"Jo Marsh and Tom Lee spoke. {sentence}"
    resolver = _Resolver(text)
    start = text.index(sentence)
    assert [p.full for p in resolver.reporters(start, len(text))] == reporters


def test_the_reporter_of_the_sentence_before_is_evidence_for_he_said() -> None:
    text = (
        "Rob Asher organised three of the town meetings last spring. Mayor Colin Drew "
        "promised a new bridge at every one of them.\n\n"
        "Drew won the crowds over with that promise, Asher said.\n\n"
        '"People wanted to believe him, and for a while so did I," he said.'
    )
    ((_quote, candidates),) = extract_quotes_traced(text)
    by_name = {c.full: c.features for c in candidates}
    assert by_name["Rob Asher"].get("prev_reporter_1") == 1.0
    assert "prev_reporter_1" not in by_name["Colin Drew"]  # its subject, not its reporter


def test_a_sentence_opening_with_he_has_no_named_subject() -> None:
    text = (
        "Rob Asher ran the meetings. He said Colin Drew had promised a bridge.\n\n"
        '"People wanted to believe it," he said.'
    )
    ((_quote, candidates),) = extract_quotes_traced(text)
    by_name = {c.full: c.features for c in candidates}
    assert by_name["Colin Drew"].get("prev_named_1") == 1.0
    assert "prev_first_1" not in by_name["Colin Drew"]  # 'He said Drew ...': about him


def test_she_is_not_someone_whose_sex_nothing_tells() -> None:
    # the sentence before names a newcomer with no title or known given name: 'she' is still
    # the woman the paragraph is about
    text = (
        'Ann Brennan has backed the plan since the spring. "It will pay for itself," Brennan '
        "said. It is not as if she is new to this: she was a keen supporter of party leader "
        "Zorvath Keel in 2019.\n\n"
        '"I have never seen a town this angry," she said.'
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Ann Brennan", "Ann Brennan"]


@pytest.mark.parametrize(
    "clause",
    [
        "She later issued a statement on the vote, saying,",
        "Later that day, she released a statement saying,",
        "That evening, she released a statement saying,",
    ],
)
def test_a_statement_she_issued_saying_is_hers(clause: str) -> None:
    # the reporting clause proposes the woman 'she' is, not 'a statement' or the whole clause
    text = (
        "Mayor Hannah Ruiz left the council meeting early on Tuesday.\n\n"
        f'{clause} "The pier will be rebuilt by June."'
    )
    ((quote, candidates),) = extract_quotes_traced(text)
    proposed = [c.full for c in candidates if c.features.get("rule")]
    assert proposed == ["Hannah Ruiz"]
    assert quote.speaker == "Hannah Ruiz"


def test_cross_validation_holds_each_article_out_of_its_own_fit() -> None:
    # in articles a*, the right candidate has 'rule'; in b*, it has 'recent_0' and a decoy
    # has 'rule': a model fitted without an article's kind cannot get that article right
    def group(right_feature: str, wrong_feature: str) -> tuple[list[dict[str, float]], list[bool]]:
        return ([{right_feature: 1.0}, {wrong_feature: 1.0}], [True, False])

    groups = [group("rule", "recent_0") for _ in range(40)] + [group("recent_0", "rule")]
    origins = [(f"a{i}", True) for i in range(40)] + [("b0", False)]
    named, pronoun = cross_validate(groups, origins, 5)
    assert named == 1.0
    assert pronoun == 0.0  # b0's only quote is never in its own training folds


def test_a_quotation_signed_with_a_dash_is_the_signers() -> None:
    # a list of readers' comments, each signed at its line's end (the parser may join the
    # lines of one paragraph with spaces): each goes to its own signer, not the one before
    text = (
        "We asked readers what the new timetable means for them.\n\n"
        "\u201cThe last bus now leaves before six, so I cannot get home from work.\u201d "
        "\u2015 Ada Morrow\n"
        "\u201cI take two taxis to reach the clinic, and nobody asked us first.\u201d\u2015 "
        "Bram Keel, a retired postman\n"
        "\u201cWe were promised a better service and got a worse one.\u201d \u2014 Cleo Varga.\n\n"
        "\u201cThe council has forgotten everyone who lives outside the town.\u201d\n\n"
        "- Dev Anand."
    )
    quotes = extract_quotes(text)
    assert [q.speaker for q in quotes] == ["Ada Morrow", "Bram Keel", "Cleo Varga", "Dev Anand"]


def test_a_dash_after_a_quotation_is_not_always_a_signature() -> None:
    # a name that goes on into a sentence of its own signs nothing
    text = (
        "\u201cThe ferry is coming back to the harbour at last\u201d \u2014 Ben Ortiz doubted "
        "it, and said so at the meeting."
    )
    resolver = _Resolver(text)
    assert resolver.signed(text.index("\u201d") + 1) is None
    signed = text.replace(" doubted it, and said so at the meeting.", ", a ferryman.")
    assert _Resolver(signed).signed(signed.index("\u201d") + 1)[:2] == ("Ben Ortiz", "Ortiz")


@pytest.mark.parametrize("surname", ["King", "Bishop", "Judge"])
def test_a_surname_that_is_also_a_title_is_a_name(surname: str) -> None:
    # 'Mr. King' is a man named King: the title word is his name, not a second title
    text = (
        f"Mr. {surname} and Ms. Ferro run the tenants' association together. "
        f'"We have asked for the lifts to be fixed since the spring," Mr. {surname} added.'
    )
    assert [q.speaker for q in extract_quotes(text)] == [f"Mr. {surname}"]


def test_an_office_after_an_honorific_is_no_name() -> None:
    text = 'Ms. Ferro spoke first. "Thank you, Mr. President," she said.'
    assert [q.speaker for q in extract_quotes(text)] == ["Ms. Ferro"]


def test_a_party_tag_in_commas_does_not_hide_the_name_before_it() -> None:
    # the Associated Press's style: 'Sen. Ann Lee, D-Ore., said'
    text = (
        "Governor Tom Reyes vetoed the water bill on Friday. "
        '"We have the votes to override this veto next week," Senate Majority Leader Ann Lee, '
        "D-Ore., said Monday."
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Ann Lee"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Mayor Ida Brandt welcomed the court's decision on Tuesday. "
            '"We are extremely pleased" about the ruling, said Nora Quill, who chairs the '
            "tenants' association, a group of 300 households.",
            "Nora Quill",
        ),
        (
            "Mayor Ida Brandt promised more police on the streets. "
            '"More officers on every corner" would not be enough, council leader Tom Reyes '
            "said on Monday.",
            "Tom Reyes",
        ),
    ],
)
def test_a_reporting_clause_that_ends_the_sentence_names_the_speaker(
    text: str, speaker: str
) -> None:
    # the quotation opens the sentence, a few words follow it, then ', said X' or ', X said'
    quotes = [q for q in extract_quotes(text) if q.kind != "scare"]
    assert [q.speaker for q in quotes] == [speaker]


def test_a_clause_of_the_next_sentence_is_not_the_quotations() -> None:
    text = (
        'Ida Brandt wrote: "The repairs will take a year." In her report, Tom Reyes noted the cost.'
    )
    resolver = _Resolver(text)
    end = text.index('." ') + 2
    assert resolver.closing_clause(end, len(text)) is None
    partial = 'Ida Brandt said "the repairs" would take a year, Tom Reyes noted.'
    end = partial.index('" ') + 1
    assert _Resolver(partial).closing_clause(end, len(partial))[:2] == ("Tom Reyes", "Reyes")
    before_it = 'Ida Brandt said "the repairs" would take a year, she said, Tom Reyes noted.'
    end = before_it.index('" ') + 1
    assert _Resolver(before_it).closing_clause(end, len(before_it)) is None


def test_what_a_notice_reads_is_not_the_last_speakers() -> None:
    # 'read' reports a written text: the sign is proposed, and the captain quoted before it is
    # at most a guess (below the briefing's floor), not sure
    text = (
        '"We will sail at noon whatever the weather," said Captain Lars Obi, the ferry master.'
        "\n\nA sign on the ferry gate read: \u201cNo passengers beyond this point.\u201d"
    )
    (first, _), (second, candidates) = extract_quotes_traced(text)
    assert first.speaker == "Captain Lars Obi"
    proposed = [c.full for c in candidates if c.features.get("rule")]
    assert proposed == ["A sign on the ferry gate"]
    assert second.speaker == "A sign on the ferry gate" or second.confidence < SPEAKER_CONFIDENCE


@pytest.mark.parametrize("verb", ["said the claim was", "called the claim"])
def test_a_sentence_opening_with_someones_role_is_about_the_one_named(verb: str) -> None:
    # "Drew's lawyer, Tom Asher, said ...": the sentence is about Asher, not Drew
    text = (
        "Mayor Colin Drew was sued by a former aide in May. Drew's lawyer, Tom Asher, "
        f'{verb} baseless.\n\n"It will not survive a day in court," he said.'
    )
    ((quote, candidates),) = extract_quotes_traced(text)
    assert [c.full for c in candidates if c.features.get("rule")] == ["Tom Asher"]
    assert quote.speaker == "Tom Asher"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # a paper the words were reported in, after the speaker's own clause
            "Mayor Colin Drew spoke to the crowd. "
            '"We will rebuild the pier by spring," Drew said, according to the Harbour Gazette.',
            "the Harbour Gazette",
        ),
        (  # a record of what was said, with a name in it
            "The minister met the union on Tuesday. "
            '"Nobody is leaving this room without a deal," she told them, according to a '
            "Treasury summary of the talks.",
            "a Treasury summary of the talks",
        ),
        (  # no reporting clause: the work cited is all there is
            'Ida Brandt warned that the bridge was "closer to failure than anyone admits" '
            "according to the Valley Courier.",
            "the Valley Courier",
        ),
        (  # a person the article names, cited as the source
            "Tom Reyes sat on the board with Ida Brandt for a decade. "
            '"I will not sign it," Brandt told the board, according to Reyes.',
            "Tom Reyes",
        ),
    ],
)
def test_a_quotation_cited_according_to_a_source_is_that_sources(text: str, speaker: str) -> None:
    # "'...,' X said, according to Y": the reporter has the quotation from Y, and the source
    # the annotators of real news give it is Y (a paper, a transcript, a person)
    quotes = [q for q in extract_quotes(text) if q.kind != "scare"]
    assert [q.speaker for q in quotes] == [speaker]


@pytest.mark.parametrize(
    "after",
    [
        ". According to the Harbour Gazette, the pier will cost more.",  # a new sentence
        " on Monday, according to officials.",  # no name: nobody to credit
    ],
)
def test_according_to_in_what_follows_is_not_always_the_quotations_source(after: str) -> None:
    text = '"We will rebuild the pier by spring," said Mayor Colin Drew' + after
    quotes = [q for q in extract_quotes(text) if q.kind != "scare"]
    assert [q.speaker for q in quotes] == ["Colin Drew"]


@pytest.mark.parametrize(
    "text",
    [
        'Tom Reyes left early but stayed calm, Ann Lee said, adding, "We saw it coming from a '
        'mile off."',
        "Tom Reyes and his cuts are cruel, Ann Lee said on Tuesday in Dover, noting the minister "
        '"has never once set foot in a public hospital."',
        'Tom Reyes and his cuts are cruel, said Ann Lee, noting the minister "has never once set '
        'foot in a public hospital."',
    ],
)
def test_a_participle_after_a_reporting_clause_shares_its_subject(text: str) -> None:
    # '..., Lee said, adding, "..."': the one adding is the one who said, not the person the
    # sentence opens with
    ((quote, candidates),) = [(q, c) for q, c in extract_quotes_traced(text) if q.kind != "scare"]
    assert [c.full for c in candidates if c.features.get("rule")] == ["Ann Lee"]
    assert quote.speaker == "Ann Lee"


def test_a_participle_after_the_main_clause_is_still_the_subjects() -> None:
    # no reporting clause between: 'Reyes said ..., noting' is Reyes's
    text = (
        "Tom Reyes said the cuts were cruel, noting the minister "
        '"has never once set foot in a public hospital."'
    )
    assert [q.speaker for q in extract_quotes(text) if q.kind != "scare"] == ["Tom Reyes"]


def test_a_plural_possessive_is_not_a_speaker() -> None:
    # "Reyes' comments": Reyes owns the comments; the one telling reporters is Lee
    text = (
        "Tom Reyes spoke on Monday. Ann Lee was unimpressed with Reyes\u2019 comments on "
        'Tuesday, telling reporters, "We have heard all of this before."'
    )
    ((quote, candidates),) = extract_quotes_traced(text)
    assert all("\u2019" not in c.full for c in candidates)
    assert quote.speaker == "Ann Lee"


def test_like_before_a_name_opens_a_comparison_not_a_name() -> None:
    text = (
        "Like Tom Reyes, Ann Lee also rejected the plan, arguing that there is "
        '"no room for it in the budget this year."'
    )
    assert [q.speaker for q in extract_quotes(text) if q.kind != "scare"] == ["Ann Lee"]


@pytest.mark.parametrize(
    "lead",
    [
        "The Harbour Gazette reports:",
        "The Harbour Gazette confirmed that account, reporting:",
    ],
)
def test_a_paper_that_introduces_a_quotation_with_a_colon_is_its_source(lead: str) -> None:
    # a paper is in no person table, but as the subject of the paragraph that ends in a colon
    # it is where the quotation below comes from, not the councillor quoted before
    text = (
        'Ann Lee spoke for the council on Monday. "We will not pay," she said.\n\n'
        f'{lead}\n\n"The council has spent its reserve twice over in three years."'
    )
    (_first, _), (second, candidates) = extract_quotes_traced(text)
    assert [c.full for c in candidates if c.features.get("rule")] == ["Harbour Gazette"]
    assert second.speaker == "Harbour Gazette"


def test_a_paragraph_about_a_paper_without_a_colon_introduces_nobody() -> None:
    text = (
        'Ann Lee spoke for the council on Monday. "We will not pay," she said.\n\n'
        "The Harbour Gazette reported on the meeting.\n\n"
        '"The council has spent its reserve twice over in three years."'
    )
    (_first, _), (_second, candidates) = extract_quotes_traced(text)
    assert "Harbour Gazette" not in [c.full for c in candidates if c.features.get("rule")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (  # 'telling her': she is the one told
            "In June, after Ann Lee fell ill, Tom Reyes wrote her a note, addressing her as "
            '"Annie" and telling her, "Take all the time you need, we will hold the fort."',
            "Tom Reyes",
        ),
        (  # 'responded to Reyes ... by writing': Reyes is the one answered
            "Tom Reyes spoke first on the radio. Ann Lee responded to Reyes on the radio by "
            'writing, "They have not read his record at all."',
            "Ann Lee",
        ),
        (  # 'claim to find Reyes ...': an infinitive, not someone reporting
            "Tom Reyes spoke first. As for critics who claim to find Tom Reyes more honest than "
            'her, Ann Lee said, "They have not read his record at all."',
            "Ann Lee",
        ),
    ],
)
def test_the_one_spoken_to_is_not_the_speaker(text: str, speaker: str) -> None:
    # after the verb, 'to X' is the one spoken to (or an infinitive), and 'telling her' the
    # one told: none of them says the quotation
    ((quote, candidates),) = [(q, c) for q, c in extract_quotes_traced(text) if q.kind != "scare"]
    assert [c.full for c in candidates if c.features.get("rule")] == [speaker]
    assert quote.speaker == speaker


def test_a_name_right_before_its_verb_wins_over_the_places_before_it() -> None:
    # '..., in Dover, OH, after ..., Gov. Ann Lee (R-OH), said': not 'OH'
    text = (
        "Tuesday at a school in Dover, OH, after winning the state, Gov. Ann Lee (R-OH), "
        'said, "We are going all the way to the convention."'
    )
    ((quote, candidates),) = extract_quotes_traced(text)
    assert [c.full for c in candidates if c.features.get("rule")] == ["Gov\u2024 Ann Lee"]
    assert quote.speaker == "Gov. Ann Lee"


def test_a_dateline_with_a_date_and_an_agency_is_no_speaker() -> None:
    text = (
        "DOVER, Dec. 8 (UPI) \u2014 After the vote, Ann Lee\u2019s chief of staff spoke "
        'to volunteers, saying: "Every door we knock on still counts."'
    )
    ((quote, candidates),) = extract_quotes_traced(text)
    assert [c.full for c in candidates if c.features.get("rule")] == ["Ann Lee"]
    assert quote.speaker == "Ann Lee"


def test_who_the_quotations_own_sentence_has_reporting_is_evidence() -> None:
    # 'Lee complained that Reyes was "...': both are named in the sentence, but only Lee
    # reports something in it
    text = (
        "Tom Reyes chairs the board. Ann Lee complained on Monday that Reyes was "
        '"too stubborn to ever change his mind on anything at all."'
    )
    ((quote, candidates),) = extract_quotes_traced(text)
    reporting = {c.full: bool(c.features.get("reporter_in_sentence")) for c in candidates}
    assert reporting == {"Ann Lee": True, "Tom Reyes": False}
    assert quote.speaker == "Ann Lee"
    assert load_model().weights.get("reporter_in_sentence", 0.0) > 0
