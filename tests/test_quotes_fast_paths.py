"""The extractor's shortcuts for speed give the answers of the plain ways they replace: the
verb trie matches what a flat list of the verbs matches, the person table's role index finds
whom a walk over everyone finds, and the index of capitalised words answers 'does this name
report something?' as a search of the whole text does. All the sentences here are written for
these tests."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from collections.abc import Callable
from types import FrameType

import pytest

from digest.quotes import (
    _SCARE_LEAD,
    _SPACES,
    _VERB_AT_END_REVERSED,
    _clean,
    _labels,
    extract_quotes,
)
from digest.quotes.attribution import (
    _BEFORE,
    _NAME_ENDS,
    _REPORTS_AFTER,
    _REPORTS_BEFORE,
    _SUBORDINATE_BEFORE,
    _VERB_BEFORE,
    _introduces,
    _Resolver,
)
from digest.quotes.candidates import _HE_SHE, _HE_SHE_QUICK
from digest.quotes.lexicon import _ABBREV_DOT, NAME_RE, VERB_AT_END, VERBS, alternation
from digest.quotes.people import _People, _Person
from digest.quotes.text import _known_abbreviation, _mask_abbreviations


@pytest.mark.parametrize(
    "words",
    [
        ["said", "say", "says", "saying"],
        ["add", "added", "adds", "adding", "admit", "admits"],
        ["a", "an", "and", "ant"],
        sorted(VERBS),
    ],
)
def test_trie_matches_like_the_longest_first_list(words: list[str]) -> None:
    flat = re.compile(r"\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b")
    trie = re.compile(rf"\b{alternation(words)}\b")
    probes = [*words, *(w + "x" for w in words), *(w[:-1] for w in words if len(w) > 1)]
    text = " ".join(probes) + ", and she said: 'adds, admits; saying.' ands sayings"
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
    for probe in probes:
        assert bool(trie.fullmatch(probe)) == (probe in words)


def test_trie_escapes_and_is_case_blind_when_asked() -> None:
    pattern = re.compile(alternation(["u.s.", "mr"]) + r"$", re.IGNORECASE)
    assert pattern.match("U.S.") and pattern.match("Mr")
    assert not pattern.match("uxsx")


_ARTICLE = """The harbour board met on Monday to settle the ferry fares.

Its chair, Marta Quinn, said the board had no choice. The chief executive of Northway Ferries, \
Dev Patel, disagreed. "We will carry on," the chief executive said.

A spokesman for the council said the fares were fair. Councillor Ann Rowe, the finance chair, \
was less sure. The company said it would publish its accounts.

Later the harbour master, Tom Reid, spoke. The judge in the fares case, Judge Lena Ortiz, \
ruled on Friday. "It is settled," the judge said. The chair agreed, and the master nodded.

Northway Group runs the boats. The company spokesman, Jo Hart, said little. Northway Group
later said more, and the Harbour Board said nothing.
"""


def test_role_index_finds_whom_the_walk_over_everyone_finds() -> None:
    people = _People(_ARTICLE)
    roles = [
        "chair",
        "chief executive",
        "executive",
        "finance chair",
        "judge",
        "spokesman",
        "company",
        "group",
        "company spokesman",
        "board",
        "master",
        "harbour master",
        "council",
        "nobody here",
    ]
    checked = 0
    for role in roles:
        for pos in range(0, len(_ARTICLE), 7):
            for forward in (True, False):
                indexed = people.by_role(role, pos, forward)
                index, people._role_holders = people._role_holders, None  # the plain walk
                try:
                    plain = people.by_role(role, pos, forward)
                finally:
                    people._role_holders = index
                assert indexed is plain, (role, pos, forward)
                checked += indexed is not None
    assert checked > 100  # the roles do resolve, so the comparison means something


def test_prefix_of_a_name_finds_its_owner() -> None:
    people = _People(
        "Ms Nurul Ain Abdul Rahman opened the school. Later Ms Nurul Ain said it was ready."
    )
    person = people.lookup("Ms Nurul Ain")
    assert person is not None and person.full == "Ms Nurul Ain Abdul Rahman"


def _speaks_plainly(text: str, surname: str) -> bool:
    """The plain way: every occurrence of the word in the text, and the words around it."""
    pos = text.find(surname)
    while pos != -1:
        end = pos + len(surname)
        after = re.match(r"\s+(?:\w+ly\s+)?(\w+)(?:\s+(\w+))?", text[end:])
        before = re.search(r"(\w+)\s+$", text[max(0, pos - 20) : pos])
        if after and (after[1].lower() in VERBS or f"{after[1]} {after[2]}".lower() in VERBS):
            return True
        if before and before[1].lower() in VERBS:
            return True
        pos = text.find(surname, end)
    return False


def test_speaks_index_answers_like_a_search_of_the_whole_text() -> None:
    text = (
        "Dover Council met in Dover on Monday. Councillor Ann Rowe quickly added that the "
        "budget was short, and Rowe said so again. The mayor, Tom Reid, spoke to Rossi, who "
        "shot back. Said Patel: nothing. In Kelston, Kelston Road was closed; told Kelly "
        "the news, Kelly wrote back. Ortega went on, Ortega's aide said (Quinn said it)."
    )
    people = _People(text)
    words = set(re.findall(r"[A-Z][\w'’]*", text)) | {"Ross", "Kel", "Orteg"}
    answers = {word: people._speaks(text, word) for word in sorted(words)}
    assert answers == {word: _speaks_plainly(text, word) for word in sorted(words)}
    assert answers["Rowe"] and answers["Patel"] and answers["Kelly"] and answers["Ortega"]
    assert answers["Quinn"] and not answers["Dover"] and not answers["Monday"]


def _roles_plainly(text: str, start: int, end: int) -> list[str]:
    """The plain way: the description patterns searched over the whole window around a name."""
    roles: list[str] = []
    m = re.match(
        r",\s+(?:\d+,\s+)?((?:the|a|an|its|his|her|their|[A-Z][\w\-]*(?:'s|’s))\s"
        r"[^,.;\"“”]{2,90}?)(?:,|\.|;| who| said)",
        text[end : end + 120],
        re.I,
    )
    if m:
        roles.append(m.group(1).lower())
    before = text[max(0, start - 110) : start]
    if not before.rstrip().endswith(","):
        return roles
    m = re.search(r"((?:the|a|an|its|his|her|their)\s[^,.;\"“”]{2,90}),\s*$", before, re.I)
    if m:
        roles.append(m.group(1).lower())
    m = re.search(r"(?:^|\s)(\w[\w\-]*)(?:'s|’s)\s+([^,.;\"“”]{2,50}),\s*$", before)
    if m and not m.group(2)[:1].isupper():
        roles.append(m.group(2).lower())
    return roles


def test_descriptions_around_a_name_are_found_as_by_the_whole_window() -> None:
    text = (
        "The board met. Its chair, Marta Quinn, said so. Ireland's health minister, Dev Patel, "
        "agreed; Wexcombe's new harbour master, Tom Reid, 61, the man who runs the port, "
        'nodded. "Fine," said the chief executive of the ferry company, Jo Hart. Ann Rowe, '
        "Bo Lund, Cy Marr, Di Nash and Ed Ford, a panel of local traders who meet each month, "
        "an executive, Al Pike, the last of them, Ivy Lee, a nurse; said Uma Roy, 40, an "
        "analyst at Harrow. Anna, Obama, Kaya, the retired teacher in the village, Lena Ortiz"
        ", her daughter's school friend's uncle, Sam Ortiz, and Zed Ray,"
    )
    people = _People(text)
    checked = 0
    for m in re.finditer(r"[A-Z][a-z]+ [A-Z][a-z]+", text):
        for start, end in ((m.start(), m.end()), (m.start(), m.start())):
            person = _Person(full="x", short="x", gender=None)
            people._note_roles(text, start, end, person)
            plain = _roles_plainly(text, start, end)
            assert person.roles == plain, (m.group(), start, end)
            checked += bool(plain)
    assert checked > 8  # the descriptions are found, so the comparison means something


def test_the_clause_before_a_quote_is_read_backwards_as_the_search_reads_it() -> None:
    sentences = [
        "In a long interview on Tuesday, the former governor of the state argued that the plan",
        "According to a spokeswoman for the Harbour Board, the fares would",
        "Speaking after the vote, Ann Rowe said: ",
        'The mayor, who had "no comment" earlier, wrote in a statement:\n ',
        "The board SAID the plan was, in its words, ",
        "Critics called it a mess; Tom Reid told   the Chronicle ,",
        "It was addressed to the statesman in an interview  :  ",
        "according to" + " x" * 60 + ", so",
        "Tom Reid said that the harbour board would have to raise the fares on every ferry in the "
        "spring, and also in the autumn, and that nobody had asked the town about it first",
        "She shot back at him, and then went on to call the sale, in her words,, ",
    ]
    checked = 0
    for sentence in sentences:
        for end in range(len(sentence) + 1):
            for tail in ("", ":", ",", " ", ': "', "\n"):
                head = sentence[:end] + tail
                expected = _BEFORE.search(head) is not None
                assert _introduces(head) == expected, repr(head)
                checked += expected
    assert checked > 300  # both answers are met often, so the comparison means something


def test_the_words_that_label_a_quote_are_read_backwards_as_the_search_reads_them() -> None:
    sentences = [
        "The plan, known locally as the",
        "What critics have for years referred to, somewhat unkindly, as a",
        "The ferry, which is often described as the town's",
        "It was widely marketed as an",
        "The so-called",
        "A bakery, nicknamed by regulars",
        "The report, titled simply",
        "Their new album, billed as their most personal work yet and",
        "She is not named in the papers but was dubbed, in the local press, the",
        "The club said the tickets had been sold out well before anyone had been told, and "
        "what the harbour board, in a long and careful statement issued after its meeting on "
        "Monday evening, referred to as the",
        "The harbour plan, known as the scheme that nobody in this small town had ever asked for",
        *(
            f"a tax they referred to{' x' * (gap // 2)}{' ' * (gap % 2)} as the"
            for gap in range(34, 46)
        ),
    ]
    checked = 0
    for sentence in sentences:
        for end in range(len(sentence) + 1):
            for tail in ("", " ", " a ", "\n", ". ", ": "):
                head = sentence[:end] + tail
                expected = _SCARE_LEAD.search(head, max(0, len(head) - 200)) is not None
                assert _labels(head) == expected, repr(head)
                checked += expected
                lead = head.rstrip()
                at_end = VERB_AT_END.search(lead) is not None
                assert (_VERB_AT_END_REVERSED.match(lead[::-1]) is not None) == at_end, lead
                checked += at_end
    assert checked > 150  # both answers are met often, so the comparison means something


def _reporters_plainly(resolver: _Resolver, start: int, end: int) -> list[_Person]:
    """The plain way: every name between ``start`` and ``end`` read with the patterns, in the
    sentence cut at those bounds."""
    text = resolver.text
    found: list[_Person] = []
    for mention in resolver.people.mentions:
        person = mention.person
        if not start <= mention.pos < end or person.org or person in found:
            continue
        name = NAME_RE.match(text, mention.pos)
        after = name.end() if name is not None else mention.pos
        if text[after - 2 : after] in ("'s", "’s"):
            continue
        before = text[max(start, mention.pos - 40) : mention.pos]
        if _SUBORDINATE_BEFORE.search(before):
            continue
        if (_REPORTS_AFTER.match(text, after, end) and not _VERB_BEFORE.search(before)) or (
            _REPORTS_BEFORE.search(text, max(start, mention.pos - 40), mention.pos)
            and _NAME_ENDS.match(text, after, end)
        ):
            found.append(person)
    return found


def test_who_reports_in_a_sentence_is_found_as_by_reading_the_sentence_alone() -> None:
    # each name's reading is remembered for the whole article, whatever bounds are asked
    # about: bounds that cut a word ('sai|d', 'say|ing') must give the plain answer too
    text = (
        "Tom Reid said the ferry was late. The fares rose, Ann Rowe says, and Reid's aide agreed. "
        "When Ann Rowe asked, Tom Reid, the harbour master, replied that it would not happen "
        "again, said Rowe. Reid saying so did not help; Rowe, a nurse, told the Chronicle.\n\n"
        "Mayor Ann Rowe insisted. Reid sai"
    )
    resolver = _Resolver(text)
    assert resolver.people.mentions
    bounds = sorted({0, len(text), *(m.pos for m in resolver.people.mentions)})
    checked = 0
    for start in bounds:
        for end in range(start + 1, len(text) + 1):
            expected = _reporters_plainly(resolver, start, end)
            assert resolver.reporters(start, end) == expected, (start, end)
            checked += bool(expected)
    fresh = _Resolver(text)  # (and in the other order, so no answer is only the first one's)
    for end in range(len(text), 0, -1):
        for start in reversed(bounds):
            if start < end:
                assert fresh.reporters(start, end) == _reporters_plainly(fresh, start, end)
    assert checked > 500  # both answers are met often, so the comparison means something


def test_he_or_she_is_found_where_the_word_boundary_search_finds_it() -> None:
    # the quick pattern tests the boundary before the word by looking back after its first
    # letter; it must find the same 'he'/'she' as the plain one, wherever the search starts
    rng = random.Random(8)
    letters = "hHsSeE _xt.,'\n1\u017f\u212a\u0131é"  # (ſ, the Kelvin sign, dotless i, é)
    texts = ["She said he would; the shepherd, he-goat and Ashes: she.", "he", "she", "sHe ashe"]
    texts += ["".join(rng.choice(letters) for _ in range(rng.randint(0, 14))) for _ in range(6000)]
    found = 0
    for text in texts:
        for pos in range(len(text) + 1):
            plain = _HE_SHE.search(text, pos)
            quick = _HE_SHE_QUICK.search(text, pos)
            assert (quick and quick.span()) == (plain and plain.span()), (text, pos)
            found += plain is not None
    assert found > 150  # both answers are met often, so the comparison means something


def test_a_quotation_is_cleaned_as_by_the_whitespace_pattern() -> None:
    # str.split() and the pattern's \\s must agree on every character, or a quotation's words
    # come out joined differently
    spaces = [chr(c) for c in range(0x110000) if _SPACES.fullmatch(chr(c))]
    assert spaces == [chr(c) for c in range(0x110000) if chr(c).isspace()]
    rng = random.Random(3)
    pieces = [*spaces, "a", "b", ",", ", ", "é", "’"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert _clean(text) == _SPACES.sub(" ", text).strip().strip(",").strip(), repr(text)


def _mask_plainly(text: str) -> str:
    """The plain way: each full stop's word found by stepping back a character at a time."""
    chars = list(text)
    for pos, char in enumerate(text):
        if char != ".":
            continue
        start = pos
        while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
            start -= 1
        word, after = text[start:pos], text[pos + 1 : pos + 3]
        dotted = "." in word or (
            len(word) == 1 and len(after) == 2 and after[0].isalpha() and after[1] == "."
        )
        initial = len(word) == 1 and word.isupper() and after[:1].isspace() and after[1:2].isupper()
        known = _known_abbreviation(word) and after[:1].isspace()
        if (dotted or initial or known) and not (start > 0 and text[start - 1].isalnum()):
            chars[pos] = _ABBREV_DOT
    return "".join(chars)


def test_abbreviations_are_masked_as_by_stepping_back_a_character_at_a_time() -> None:
    pieces = [
        "Sen. ", "U.S. ", "J. K. ", "Dr. ", "No. 10 ", "$3.5m. ", "B2B. ", "snake_case. ",
        "x². ", "Ⅷ. ", "Ó. ", "Inc. The ", "e.g. ", "... ", ".", "etc.", "vs. ", "a.m. ",
        "Ph.D. ", "2016. ", "Gov.", "word.", "\n", " ", "Messrs. ", "harbour. ", "Ashdown.",
        "approx. ", "al. ", "xal. ", "étété. ", "Harbour. ", "harbours. ", "é. ", "ab_. ",
    ]  # fmt: skip
    rng = random.Random(8)
    masked = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12)))
        assert _mask_abbreviations(text) == _mask_plainly(text), repr(text)
        masked += _ABBREV_DOT in _mask_plainly(text)
    assert masked > 1000  # stops are masked often, so the comparison means something


_GIVEN = "Ann Tom Marta Dev Jo Lena Sam Uma Ivy Bo Cy Di Ed Al Zed Ida Max Eva Roy Kit".split()
_FAMILY = "Rowe Reid Quinn Patel Hart Ortiz Lund Marr Nash Ford Pike Lee Ray Bell Cole Dunn".split()


def _story(blocks: int, paragraphs: bool = True) -> str:
    """A made-up article of ``blocks`` alike sections, each with new people and five quotes."""
    parts = []
    for i in range(blocks):
        chair = f"{_GIVEN[i % 20]} {_FAMILY[(i * 7) % 16]}"
        critic = f"{_GIVEN[(i + 3) % 20]} {_FAMILY[(i * 3 + 1) % 16]}"
        trust = f"{_FAMILY[(i * 11 + 5) % 16]} Harbour Trust"
        parts.append(
            f"The {trust} met on Monday to settle the ferry fares for the winter.\n\n"
            f'Its chair, {chair}, said the board had no choice. "We will carry on," '
            f'{chair.split()[1]} said. "The boats must run, whatever it costs us."\n\n'
            f"{critic}, a councillor who has long opposed the rise, was less sure. She told "
            f'reporters outside the hall: "Nobody asked the town." The trust said it would '
            f'publish its accounts, which critics have called "a fig leaf".\n\n'
            f'"It is settled," the chair said later, and {critic.split()[1]} shook her head.\n\n'
        )
    text = "".join(parts)
    return text if paragraphs else text.replace("\n\n", " ")


def _calls(text: str) -> int:
    """How many Python and built-in calls one extraction makes (a count, not a time)."""
    extract_quotes(text)  # (the first call loads the weights and compiles the patterns)
    calls = 0

    def count(_frame: object, event: str, _arg: object) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    sys.setprofile(count)
    try:
        extract_quotes(text)
    finally:
        sys.setprofile(None)
    return calls


@pytest.mark.parametrize("paragraphs", [True, False])
def test_the_work_grows_in_proportion_to_the_article(paragraphs: bool) -> None:
    """An article four times as long (four times the people, the quotes and the sentences)
    costs about four times the calls (4.2 today): a step that walks every mention, sentence or
    person for each quotation would make it many times more."""
    short, long = _story(10, paragraphs), _story(40, paragraphs)
    assert len(extract_quotes(long)) == 4 * len(extract_quotes(short)) == 200
    assert _calls(long) <= 4.5 * _calls(short)


def _interview(rounds: int) -> str:
    """A made-up article in which two people answer each other, three quotes a round."""
    parts = ["The harbour board met on Monday. Its chair, Ann Rowe, spoke first, and the "
             "councillor Tom Reid replied.\n\n"]  # fmt: skip
    for i in range(rounds):
        parts.append(
            f'"We will carry on with item {i}," Rowe said. "The boats must run."\n\n'
            f'Reid was not convinced. "Nobody asked the town about item {i}," he said.\n\n'
            f'Rowe shook her head. "That is not true," she said.\n\n'
        )
    return "".join(parts)


def test_an_article_that_names_two_people_costs_in_proportion_too() -> None:
    """The people named most recently before each quote were found by walking back over the
    mentions until four people had been met: with two, every quote walked back to the
    article's start, and four times the article cost 5.2 times the calls (sixteen times,
    forty). The same four are found as before (the extractor's output on PolNeAR is
    unchanged), and the cost is in proportion again."""
    short, long = _interview(25), _interview(100)
    quotes = extract_quotes(long)
    assert len(quotes) == 4 * len(extract_quotes(short)) == 400
    assert {q.speaker for q in quotes} == {"Ann Rowe", "Tom Reid"}
    assert _calls(long) <= 4.5 * _calls(short)


def _steps(text: str) -> int:
    """How many bytecode steps one extraction takes (a count, not a time: it sees the loops
    that make no call)."""
    extract_quotes(text)
    steps = 0

    def trace(frame: FrameType, _event: str, _arg: object) -> object:
        frame.f_trace_opcodes = True

        def step(_frame: FrameType, event: str, _arg: object) -> object:
            nonlocal steps
            steps += event == "opcode"
            return step

        return step

    sys.settrace(trace)
    try:
        extract_quotes(text)
    finally:
        sys.settrace(None)
    return steps


def _judges(cases: int) -> str:
    """Many people who share a role ('the judge'), each quoted by it."""
    return "".join(
        f'Judge Lena Ortiz{i} heard the case of pier {i}. "It is settled," the judge said. '
        f'The harbour master, Tom Reid{i}, nodded. "Fine," the harbour master said.\n\n'
        for i in range(cases)
    )


def _men_and_a_she(rounds: int) -> str:
    """A woman named once at the top, then only men, and quotes that 'she' said."""
    return "Ann Rowe chairs the board.\n\n" + "".join(
        f"Tom Reid{i} and Bob Hale{i} spoke about pier {i}. Reid{i} said he was sure. Mr. "
        f'Hale{i} agreed.\n\n"We will not wait for pier {i}," she said.\n\n'
        for i in range(rounds)
    )


def _statements(count: int) -> str:
    """An organisation quoted as 'it' and as 'the statement', over and over."""
    return "".join(
        f'The Harbour Trust published its plan for pier {i}. "We will rebuild pier {i} by '
        f'spring," it said. The statement added: "Costs are rising."\n\n'
        for i in range(count)
    )


@pytest.mark.parametrize(
    ("story", "count", "size"),
    [(_judges, _calls, 25), (_men_and_a_she, _calls, 25), (_statements, _steps, 50)],
    ids=["many-judges", "a-she-among-men", "it-and-the-statement"],
)
def test_other_long_articles_cost_in_proportion(
    story: Callable[[int], str], count: Callable[[str], int], size: int
) -> None:
    """Three more shapes that made each quotation look at everyone before it: 'the judge
    said' ranked every judge the article names (4x the article: 6.1x the calls); a 'she' in
    an article that names only men walked back over all of them (5.8x); 'it said' looked for
    the last organisation from the article's end (4.6x the steps)."""
    short, long = story(size), story(4 * size)
    assert len(extract_quotes(long)) == 4 * len(extract_quotes(short)) > 0
    assert count(long) <= 4.5 * count(short)


def test_the_first_quotation_loads_the_weights_without_the_resource_readers() -> None:
    """The process's first call reads the shipped weights through the package's loader:
    importlib.resources.files() would import its readers and zipfile first (3 ms of it)."""
    code = (
        "import sys\n"
        "from digest.quotes import extract_quotes\n"
        "found = extract_quotes('\"We open in May,\" Dr Jane Moss, the chief executive, said.')\n"
        "print(found[0].speaker, 'zipfile' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["Dr", "Jane", "Moss", "False"]
