"""Finding the reporting clause next to a quotation and resolving the speaker it names.

After the quote (``"...," said X`` / ``"...," X said``), before it (``X said: "...``), around
a partial quote (``X called it "..."``) or in a floating paragraph; the phrase found is
resolved against the person table: a name, a surname, a pronoun, a role or an organisation.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from digest.quotes.lexicon import (
    _ABBREV_DOT,
    _CAP,
    _NON_SPEAKERS,
    _NOT_NAME_START,
    _PARTICLE,
    _PLACES,
    _PRONOUNS,
    _QUOTE_MARK,
    _ROLE_RE,
    _ROLE_TITLES,
    _TITLE_RE,
    _TITLE_REVERSED_RE,
    _UPPER,
    _VERB_AFTER_NON_HYPHEN,
    _VERB_RE,
    NAME_RE,
    VERBS,
    alternation,
    verb_word_at,
)
from digest.quotes.marks import _Span
from digest.quotes.people import (
    _OBJECT_BEFORE,
    _bare,
    _is_org_token,
    _modifies_role,
    _People,
    _Person,
    _role_heads,
    _split_titles,
    _strip_title,
    _trim_name,
)
from digest.quotes.text import _DATELINE, _sentence_start

if TYPE_CHECKING:
    from digest.quotes.candidates import SentenceFacts

_SUBJECT = (
    r"(?P<subj>(?:he|she|they|He|She|They)\b|(?:the|a|an|its|his|her|their|The|A|An|Its|His|Her|Their)\s+(?:[\w'’\-]+\s+){0,4}?[\w'’\-]+"
    rf"|{_TITLE_RE}?{_CAP}(?:\s+{_PARTICLE}?{_CAP}){{0,3}})"
)


_SUBJECT_VERB = re.compile(
    rf"\s*{_SUBJECT}(?:,(?P<appos>[^,]{{2,90}}),)?"
    r"(?:\s+(?:of|from|at|for)\s+(?:the\s+)?[^,;:\"“”.]{2,60}?)?"
    r"(?:,\s+(?:which|who)\s[^,]{2,80},)?"  # 'a spokesperson for X, which runs Y, said'
    rf"\s+(?:\w+ly\s+)?(?:has\s+|had\s+|was\s+)?{_VERB_RE}\b"
)


#: 'In a statement, ', 'In it, ', 'Speaking on Monday, ': not part of the subject.
_LEADING_ADVERBIAL = re.compile(
    r"^(?:\s*(?:In|On|At|After|Before|During|Speaking|Asked|Later|Earlier|Writing|Outside|"
    r"Afterwards|Meanwhile|However|Separately|Yesterday|Today|Last|This|Next|[A-Z][a-z]+ing)\b"
    r"[^,\"“”]{0,90},"
    r"\s*(?:(?:speaking|asked|writing|standing|talking)\b[^,\"“”]{0,60},\s*)?)+",
    re.IGNORECASE,
)


#: 'Critics called the plan "...', 'a decision his manager called "...'
_CALLED = re.compile(
    r"(?P<subj>\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\b"
    r"|\b(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+"
    r"(?:[\w'’\-]+\s+){0,3}?[\w'’\-]+"
    rf"|[{_UPPER}][\w'’\-]+(?:\s+[{_UPPER}][\w'’\-]+){{0,2}})"
    r"(?:,[^,\"“”]{2,80},)?"  # 'what Oliver Brandt, an analyst at Harrow & Finch, called'
    r"\s+(?:has\s+|had\s+|have\s+)?(?:\w+ly\s+)?(?<!-)"
    r"(?:called|described|branded|dubbed|labelled|labeled|dismissed|hailed|derided|denounced)"
    r"\s+(?:[^\"“”.;:]{0,80}?\s+)?(?:as\s+)?$"
)


#: The verbs of ``_CALLED``: a match of it has one, then a space, and no quotation mark, full
#: stop, semicolon or colon after it (a quick test before the pattern, tried at every position
#: of the 160 characters before a quotation: in most sentences, none of the verbs is there).
_CALLED_VERB = re.compile(
    r"(?:called|described|branded|dubbed|labelled|labeled|dismissed|hailed|derided|denounced)\s"
)
_CALLED_STOPS = '"“”.;:'


def _search_called(text: str, pos: int, endpos: int) -> re.Match[str] | None:
    """``_CALLED.search(text, pos, endpos)``, after the quick test that one of its verbs is
    there (a test holds the two to the same answers)."""
    last_stop = max(text.rfind(stop, pos, endpos) for stop in _CALLED_STOPS)
    if _CALLED_VERB.search(text, max(pos, last_stop + 1), endpos) is None:
        return None
    return _CALLED.search(text, pos, endpos)


_AFTER_VERB_FIRST = re.compile(
    rf"^[,.!?]?\s*[,—–-]?\s*{_VERB_RE}\s+(?P<who>[^.;!?\"“”\n]{{2,120}})", re.UNICODE
)


#: An attribution after a quotation that ends its sentence: '"...?" Pike asked.', '"...!"
#: said Dr Ruiz, the ...' (the words after the verb run to a stop or comma, and are few).
_SHORT_ATTRIBUTION = re.compile(
    r"^\s*(?:[^.;!?\"“”\n]{0,60}?\s)?" + _VERB_RE + r"\b[^.;!?\"“”\n,]{0,50}(?:[.,;!?]|$)"
)


#: 'the Italian teenager', 'the 19-year-old', 'the veteran striker': a person described, not
#: named (a definite article and a noun for a person, not an unnamed official's role).
_EPITHET = re.compile(  # (any case: 'the Oregon Democrat')
    r"the\s+(?:[\w\-’']+\s+){0,3}?(?P<noun>teenager|youngster|veteran|striker|midfielder|"
    r"winger|defender|goalkeeper|forward|manager|coach|captain|player|actor|actress|artist|"
    r"painter|singer|musician|author|writer|novelist|poet|director|star|champion|\d+-year-old|"
    r"mother|father|grandmother|grandfather|woman|man|boy|girl|pensioner|widow|widower|"
    r"scientist|researcher|professor|economist|lawyer|chef|founder|entrepreneur|rookie|"
    r"pitcher|quarterback|senator|governor|mayor|minister|politician|campaigner|analyst|"
    r"critic|historian|expert|investor|doctor|surgeon|nurse|teacher|detective|officer|judge|"
    r"democrat|republican|conservative|tory|liberal|socialist|independent|lawmaker|legislator)",
    re.IGNORECASE,
)
_EPITHET_SEX = {
    "mother": "f", "grandmother": "f", "woman": "f", "girl": "f", "actress": "f", "widow": "f",
    "father": "m", "grandfather": "m", "man": "m", "boy": "m", "widower": "m",
}  # fmt: skip
#: 'Gallagher said', 'Its chief nurse, Bernadette Quayle, said', 'The commission's chair,
#: retired Justice Nomvula Mthembu-Khoza, intervened': the name a sentence opens with.
_OPENING_NAME = re.compile(
    r"\s*(?i:(?:the|a|an|its|his|her|their|[\w\-]+(?:'s|’s))\s[^,\"“”]{2,60},\s*)?"
    rf"(?:[a-z][\w\-]*\s+){{0,2}}(?P<name>{NAME_RE.pattern})"
)
#: The subject of 'He was more pointed:' or 'Smith put it plainly:'.
_COLON_SUBJECT = re.compile(
    r"(?:(?P<pronoun>[Hh]e|[Ss]he|[Hh]is|[Hh]er)\b"
    r"|(?P<name>[^\s,:]+(?:\s+[^\s,:]+){0,3}?)\s+(?:was|is|had|has|put it|added|wrote)\b)"
)
#: The noun phrase a role ends: its last determiner and up to five words after it, none of
#: them a determiner ('... closed for what the council' -> 'the council').
_LAST_DETERMINED = re.compile(
    r"\b(?:the|a|an|its|their|his|her)\s+(?:(?!(?:the|a|an)\b)[\w’'\-]+\s+){0,4}[\w’'\-]+$",
    re.IGNORECASE,
)
#: ... unless what comes before it makes it part of a longer one ('the head of the council').
_ATTACHED_BY = re.compile(r"\b(?:of|for|at|from|in|with|to|on|by|and|or)\s*$", re.IGNORECASE)


def _head_noun_phrase(phrase: str) -> str:
    """The noun phrase headed by the role a subject ends in, without the words of a clause
    before it: in 'The block beside the bus station closed for what the council called', the
    one who called is 'the council', not the whole run of words before the verb. A phrase
    whose last determiner is attached by a preposition or conjunction stays whole."""
    m = _LAST_DETERMINED.search(phrase)
    if m is None or m.start() == 0 or _ATTACHED_BY.search(phrase[: m.start()]):
        return phrase
    return m.group(0)


_CLAUSE_WORDS = re.compile(
    r"[,;:]|\b(?:after|when|because|while|as|and|but|that|which|who|where|although|though|"
    r"since|until|before|if|so)\b",
    re.IGNORECASE,
)


_AFTER_ANY_SUBJECT = re.compile(
    r"^[,.!?]?\s*[,—–-]?\s*(?P<subj>[^.;!?\"“”\n]{2,100}?)"
    rf"\s+(?:\w+ly\s+)?(?:has\s+|had\s+|was\s+)?{_VERB_RE}\b"
)


_AFTER_SUBJ_FIRST = re.compile(
    rf"^[,.!?]?\s*[,—–-]?\s*{_SUBJECT}\s+(?:\w+ly\s+)?(?:has\s+|had\s+|was\s+)?{_VERB_RE}\b"
)


_BEFORE = re.compile(
    rf"(?:{_VERB_RE}|according to [^,]{{2,80}}|in a statement|in an interview)"
    rf"(?:\s+[^\"“”:]{{0,100}}?)?\s*[:,]?\s*$",
    re.IGNORECASE,
)
#: ``_BEFORE`` read backwards, for ``_introduces`` (change the two together: a test holds
#: them to the same answers). Anchored at the end, ``_BEFORE`` is tried at every position of
#: the sentence with up to a hundred characters after each verb; reversed, it is tried once.
_BEFORE_REVERSED = re.compile(
    r"\s*[:,]?\s*(?:[^\"“”:]{0,100}?\s+)?"
    rf"(?:{alternation(verb[::-1] for verb in VERBS)}|[^,]{{2,80}} ot gnidrocca"
    r"|tnemetats a ni|weivretni na ni)",
    re.IGNORECASE,
)
#: ``_BEFORE_REVERSED`` without its 'according to' (tried after each of up to a hundred
#: characters, it reads up to eighty more each time): that one is only tried when the words
#: hold an 'according to'.
_BEFORE_REVERSED_BUT_ACCORDING = re.compile(
    r"\s*[:,]?\s*(?:[^\"“”:]{0,100}?\s+)?"
    rf"(?:{alternation(verb[::-1] for verb in VERBS)}|tnemetats a ni|weivretni na ni)",
    re.IGNORECASE,
)
_ACCORDING_TO_REVERSED = re.compile("ot gnidrocca", re.IGNORECASE)


def _introduces(head: str) -> bool:
    """Whether the words before a quotation end in a clause that introduces it ('X said:',
    'according to X,'): ``bool(_BEFORE.search(head))``, read from the end."""
    backwards = head[::-1]
    if _BEFORE_REVERSED_BUT_ACCORDING.match(backwards) is not None:
        return True
    return (
        _ACCORDING_TO_REVERSED.search(backwards) is not None
        and _BEFORE_REVERSED.match(backwards) is not None
    )


#: 'said' but not 'so-called'; a clause that opens with its verb; 'said the council leader,
#: Tom Okafor:' (the words after the verb, up to a colon or comma that ends the clause).
_VERB_NOT_HYPHENATED = re.compile(rf"(?<!-)\b{_VERB_RE}\b")


def _verbs_not_hyphenated(head: str) -> list[tuple[int, int]]:
    """Where ``_VERB_NOT_HYPHENATED.finditer(head)`` finds its verbs: at the start, and one
    character after each character that is no word's and no hyphen (see ``verb_word_at``)."""
    first = _VERB_NOT_HYPHENATED.match(head)
    spans = [] if first is None else [first.span()]
    for m in _VERB_AFTER_NON_HYPHEN.finditer(head, spans[0][1] if spans else 0):
        spans.append((m.start() + 1, m.end()))
    return spans


_VERB_FIRST = re.compile(rf"\s*{_VERB_RE}\b")
_VERB_THEN_WHO = re.compile(rf"{_VERB_RE}\s+(?P<who>[^.;:\"“”]{{2,100}}?)\s*[:,]\s*$")
_WHO_STOPS = '.;:"“”'


def _search_verb_then_who(head: str) -> re.Match[str] | None:
    """``_VERB_THEN_WHO.search(head)``, tried only where it can match (a test holds the two
    to the same answers): the words must end in a colon or a comma, and none of the verb,
    the words after it and the spaces between holds a stop, a colon or a quotation mark, so
    the search starts after the last of those before that colon or comma."""
    stripped = head.rstrip()  # (str.rstrip strips what ``\s`` matches)
    if not stripped.endswith((":", ",")):
        return None
    last_stop = max(stripped.rfind(stop, 0, len(stripped) - 1) for stop in _WHO_STOPS)
    return _VERB_THEN_WHO.search(head, last_stop + 1)


#: 'he'/'she' anywhere, by the sex they refer to (not 'his'/'her': 'Since launching his
#: campaign, Ann Lee ...' may point forward).
_PRONOUN_OF = {"m": re.compile(r"\b[Hh]e\b"), "f": re.compile(r"\b[Ss]he\b")}
#: ``_PRONOUN_OF`` found the same but faster (a test holds them to it): a pattern that opens
#: with ``\b`` is tried at every position of the text, one that opens with a letter only
#: where it is (the word boundary before it is tested after it, looking back).
_PRONOUN_OF_QUICK = {
    "m": re.compile(r"[Hh](?<!\w[Hh])e\b"),
    "f": re.compile(r"[Ss](?<!\w[Ss])he\b"),
}
#: A sentence that opens with 'he' or 'she' (after a conjunction): it goes on about someone.
_SAME_PRONOUN = re.compile(r"\s*(?:(?:But|And|Yet|So|Still|Then|Now)\s+)?([Hh]e|[Ss]he)\s")

#: A conjunction a sentence may open with before its subject ('But', 'And', 'Yet').
_CONJUNCTION = re.compile(r"^\s*(?:But|And|Yet|Still|So)\s+(?=\S)")

#: The patterns of the methods below, compiled once (they run for every quotation).
_ROLE_OPENING = re.compile(r"\s*(?:the|its|his|her|their)\s+((?:[\w'’\-]+\s+){0,5})", re.I)
_VERB_OR_PRONOUN_NEXT = re.compile(rf"^\.?\s*{_VERB_RE}\b|^\s+(?:he|she|they)\s")
_ENDS_SET_OFF = re.compile(r"[,!?…—–\-][’']?$")
_OPENS_SET_OFF = re.compile(r"\s*[,—–\-]")
_ENDS_STOP = re.compile(r"[.!?…][’']?$")
_WHO_ENDS = re.compile(r"\s+(?:who|which|adding|as|in|at|on|after|before|when)\s")
_ACCORDING_TO = re.compile(r"according to ([^,]{2,80})", re.IGNORECASE)
#: The words after a quotation, to the end of its sentence, that cite where it was found:
#: '"...," the mayor said, according to a recording the council released.', '"..."
#: according to the Harbour Gazette.' (no other quotation between).
_ACCORDING_AFTER = re.compile(
    r"[^\"“”\n]{0,120}?\baccording\s+to\s+(?P<who>[^,;:\"“”\n]{2,80}?)\s*(?:[,.;!?]|$)"
)
_LISTENER_VERB = re.compile(r"(?:told|tells|tell|telling|asked|asks|asking)\b")
_PRONOUN_OPENING = re.compile(r"\s*(?:he|she|they)\b", re.I)
#: A name that owns what follows it ("Drew's lawyer").
_POSSESSIVE_NEXT = re.compile(rf"{NAME_RE.pattern}?(?:'s|’s)\s")
#: A clause whose subject is 'he' or 'she' ('She released a statement'), perhaps after a short
#: opening phrase ('That evening, she released ...'). Here and not in ``_LEADING_ADVERBIAL``:
#: 'That' there would strip that-clauses from every sentence start (one PolNeAR train
#: quotation was lost that way).
_PRONOUN_SUBJECT = re.compile(
    r"(?:[A-Z][a-z]*(?:\s+[a-z]+){0,3},\s*)?([Hh]e|[Ss]he)\s+(?:\w+ly\s+)?[a-z]"
)


#: A clause ending in ', saying,' / ', adding:' (a participle of a reporting verb, and nothing
#: after it but punctuation): it shares the sentence's subject.
_PARTICIPLE_LAST = re.compile(rf",\s*(?:\w+ly\s+)?(?=\w+ing\b){_VERB_RE}\s*[:,]?\s*$")

#: The subject of a reporting verb that a participle follows ('..., Ann Lee said, adding,'):
#: a name or 'he'/'she' right before the verb (after a comma or the sentence's start)...
_NAME_BEFORE_VERB = re.compile(
    rf"(?:^|[,;]\s*)(?P<who>(?:{_TITLE_RE}?{_CAP}(?:\s+{_PARTICLE}{{0,2}}{_CAP}){{0,3}}|[Hh]e|[Ss]he))"
    r"\s+(?:\w+ly\s+)?$"
)
#: ... or a name right after it ('..., said Ann Lee, noting').
_NAME_AFTER_VERB = re.compile(
    rf"\s+(?P<who>{_TITLE_RE}?{_CAP}(?:\s+{_PARTICLE}{{0,2}}{_CAP}){{0,3}})(?=\s*(?:,|$))"
)
#: What may come between that verb and the comma before the participle ('on Tuesday in Dover').
_VERB_TO_PARTICIPLE = re.compile(r"[^,;\"“”]{0,50},\s*(?:\w+ly\s+)?$")


#: A person's name (two words or more) and what 'of'/'for'/'at'/'from' attaches to it.
_NAME_THEN_PLACE = re.compile(
    rf"^(?P<person>.*?(?<![\w'’\-])(?P<name>{_CAP}(?:\s+{_PARTICLE}{{0,2}}{_CAP})+?))"
    r",?\s+(?:a\s+[\w\s\-]{1,40}?\s+)?(?:of|for|at|from|with)\s+(?:the\s+)?[A-Z]"
)


def _described_person(phrase: str) -> str | None:
    """'coach Sam Ortiz of the Harbour City Sharks' -> 'coach Sam Ortiz': the words up to a
    person's name when a preposition attaches an organisation or a place to it (not 'Bank of
    England governor Andrew Bailey': 'Bank' is no person's name)."""
    m = _NAME_THEN_PLACE.match(phrase)
    if m is None:
        return None
    tokens = _strip_title(m.group("name").strip())
    if len(tokens) < 2 or any(_is_org_token(t) for t in tokens):
        return None
    return m.group("person").strip()


#: After a person's name: the reporting verb they are the subject of ('Tarrant said', 'Orme,
#: director of the project, said').
_REPORTS_AFTER = re.compile(
    rf"(?:,[^,\"“”.;]{{2,90}},|,)?\s+(?:\w+ly\s+)?(?:has\s+|had\s+|also\s+)?(?!\w+ing\b)"
    rf"{_VERB_RE}\b"
)  # (not 'results in Voss claiming the title'; 'His lawyer, Tom Asher, said': the comma
# that closes the name's apposition)
#: Right before a name: a subordinating conjunction ('when Orme asked'), or a reporting verb
#: whose reported clause the name opens ('said Hale continued to ...').
_SUBORDINATE_BEFORE = re.compile(
    r"\b(?:when|as|after|before|while|if|because|since|until|though|although|whether)\s+"
    rf"(?:{_TITLE_RE})?$",
    re.IGNORECASE,
)
_VERB_BEFORE = re.compile(rf"\b{_VERB_RE}\s+(?:that\s+)?(?:{_TITLE_RE})?$")
#: ``_SUBORDINATE_BEFORE`` and ``_VERB_BEFORE`` read backwards (change them together: a test
#: holds them to the same answers). Anchored at the end, the patterns are tried at every
#: position of the words before a name; reversed, each is tried once.
_SUBORDINATE_BEFORE_REVERSED = re.compile(
    rf"(?:{_TITLE_REVERSED_RE})?\s+"
    r"(?:nehw|sa|retfa|erofeb|elihw|fi|esuaceb|ecnis|litnu|hguoht|hguohtla|rehtehw)(?!\w)",
    re.IGNORECASE,
)
_VERB_BEFORE_REVERSED = re.compile(
    rf"(?:{_TITLE_REVERSED_RE})?(?:\s+taht)?\s+{alternation(verb[::-1] for verb in VERBS)}(?!\w)"
)
#: ... and what may follow the name when the verb came first: the sentence or the name's
#: description ends ('said Orme.', 'said Orme, a professor'; not 'said Quill was').
_NAME_ENDS = re.compile(r"\s*(?:[,.;!?(]|$)")
_SPACES = re.compile(r"\s+")


def _is_word(char: str) -> bool:
    """Whether ``char`` is one that the regular expressions' ``\\w`` matches."""
    return char.isalnum() or char == "_"


#: Before a person's name: the reporting verb whose subject follows it ('said Ruth Orme',
#: 'says Rep. Ann Lee').
_REPORTS_BEFORE = re.compile(
    rf"(?:^|[,\"”])\s*{_VERB_RE}\s+(?:[{_UPPER}][\w{_ABBREV_DOT}.]*\s+){{0,2}}$"
)
#: A quotation signed with a dash, as under a pull quote or in a list of readers' comments:
#: '"...." ― Ana Ruiz', '"...." -- Ana Ruiz, a nurse' (on its line, or alone on the next).
_DASH_SIGNATURE = re.compile(
    r"[^\S\n]*(?:\n[^\S\n]*(?:\n[^\S\n]*)?)?(?:[―—–]|--?)[^\S\n]*"
    rf"(?P<who>{_TITLE_RE}?{_CAP}(?:[^\S\n]+{_PARTICLE}{{0,2}}{_CAP}){{0,4}})"
    r"[^\S\n]*(?:[.,][^\n\"“”]{0,120}?)?[^\S\n]*(?:\n|$|(?=[“\"]))"
)
"""(It ends its line, or the next quotation follows: a list's lines may come joined.)"""


#: The reporting clause that ends a sentence: ', said Ann Lee, a nurse.', ', Lee said Monday.'
_CLOSING_VERB_FIRST = re.compile(
    rf",\s*{_VERB_RE}\s+(?P<who>{_TITLE_RE}?{_CAP}(?:\s+{_PARTICLE}{{0,2}}{_CAP}){{0,4}})"
    r"(?:,[^.;!?]{2,160})?\s*[.!?]?\s*"
)
_CLOSING_SUBJECT_FIRST = re.compile(
    r",\s*(?P<subj>(?:[\w’'\-․]+\s+){0,5}?[A-Z][\w’'\-․]*)\s+(?:\w+ly\s+)?"
    rf"{_VERB_RE}(?:\s+[\w’'\-․]+){{0,4}}\s*[.!?]?\s*"
)


#: A phrase that is only a capitalised name, perhaps after 'the' ('The Harbour Gazette').
_WHOLE_ORG_NAME = re.compile(rf"(?:[Tt]he\s+)?{_CAP}(?:\s+(?:of\s+(?:the\s+)?)?{_CAP}){{0,5}}")


class _Resolver:
    def __init__(self, text: str, spans: list[_Span] | None = None) -> None:
        self.text = text
        self.people = _People(text, spans)
        self._mention_at = {m.pos: m.person for m in self.people.mentions}
        self.last_speaker: _Person | None = None
        """Who the previous quote was attributed to (the reader's 'she' is usually them)."""
        self.mention_positions = [m.pos for m in self.people.mentions]
        self.positions_by_person: dict[int, list[int]] = {}
        """Where each person (by ``id``) is named, in order."""
        for mention in self.people.mentions:
            self.positions_by_person.setdefault(id(mention.person), []).append(mention.pos)
        self._openers: dict[tuple[int, int], _Person | None] = {}
        self._reporters: dict[tuple[int, int], list[_Person]] = {}
        self._name_facts: list[tuple[int, int] | None] = [None] * len(self.mention_positions)
        """Per mention, what ``reporters`` reads after the name (``_facts_of_name``)."""
        self._before_name: dict[tuple[int, int], tuple[bool, bool]] = {}
        """Per mention and where the words before it start, what ``reporters`` reads there."""
        self.before_sentences: dict[int, SentenceFacts] = {}
        """What the candidates read in the sentence before each position (``gather``)."""
        self._fitting: dict[str | None, tuple[list[int], list[int]]] = {}
        """Where the people each sex may fit are named, and which mentions those are."""
        self.mentions_by_person: dict[int, tuple[_Person, list[int]]] | None = None
        """Which of the mentions name each person, by ``id`` (``candidates._last_named``)."""

    def opener(self, start: int, end: int) -> _Person | None:
        """``_opening_person``, remembered (the candidates ask about the same sentences)."""
        key = (start, end)
        if key not in self._openers:
            self._openers[key] = self._opening_person(start, end)
        return self._openers[key]

    def reporters(self, start: int, end: int) -> list[_Person]:
        """The people the sentence between ``start`` and ``end`` has reporting something
        ('The mayor won the crowd over, Tarrant said.', 'It may be a tactic, said Della
        Marchetti.'): the subject of each reporting verb that a name comes right before or
        after, in order. The next 'he said' is more often theirs than the sentence's subject's.

        The spaces after ``end`` change nothing (no name, verb or word is in them, and a name
        at the end is followed by spaces to either bound), so the sentence asked about up to
        its stop and up to the next one's start is worked out once."""
        text = self.text
        if end < len(text) and text[end].isspace():  # (what ``\s`` matches)
            end = _SPACES.match(text, end).end()  # type: ignore[union-attr]
        key = (start, end)
        found = self._reporters.get(key)
        if found is not None:
            return found
        found = []
        lo = bisect_left(self.mention_positions, start)
        hi = bisect_left(self.mention_positions, end)
        if lo == hi or verb_word_at(text, start, end) < 0:
            # both patterns below need a reporting verb inside the sentence, as a word (after
            # a space, a comma or a quotation mark there, or at the text's start): without
            # one, nobody in it reports (most sentences; this saves a match per name)
            self._reporters[key] = found
            return found
        # whether ``end`` cuts no word in two (see ``_facts_of_name``)
        whole_words = end >= len(text) or not (_is_word(text[end - 1]) and _is_word(text[end]))
        mentions = self.people.mentions
        for index in range(lo, hi):
            mention = mentions[index]
            person = mention.person
            if person.org or person in found:
                continue
            facts = self._name_facts[index]
            if facts is None:
                facts = self._name_facts[index] = self._facts_of_name(mention.pos)
            after, reports_after = facts
            if after < 0:
                continue  # 'Voss's continued appeal': not Voss reporting
            lower = max(start, mention.pos - 40)
            context = self._before_name.get((index, lower))
            if context is None:
                context = self._before_name[(index, lower)] = self._context_of_name(
                    mention.pos, lower
                )
            subordinate, reports_before = context
            if subordinate:
                continue  # 'Hale hedged when Orme asked': the sentence is not Orme's report
            if not whole_words or reports_after > end:
                reports = _REPORTS_AFTER.match(text, after, end) is not None
            else:
                reports = reports_after >= 0
            if (
                (
                    reports
                    # 'said Hale continued to': what Hale did
                    and not _VERB_BEFORE_REVERSED.match(text[lower : mention.pos][::-1])
                )
                or (reports_before and _NAME_ENDS.match(text, after, end))
            ):
                found.append(person)
        self._reporters[key] = found
        return found

    def _facts_of_name(self, pos: int) -> tuple[int, int]:
        """What ``reporters`` reads after the name at ``pos``, the same whatever the bounds
        of the sentence asked about: where the name ends (-1 when it owns what follows:
        'Voss's'), and where the reporting verb it is the subject of ends, matched in the whole
        text (-1 for none). A match in the whole text that ends by a sentence's end is one in
        the sentence; no match in the whole text means none in a sentence whose end cuts no
        word (the verb's word boundary and its '-ing' test then read the same characters);
        otherwise ``reporters`` matches within the sentence."""
        text = self.text
        name = NAME_RE.match(text, pos)
        after = name.end() if name is not None else pos
        if text[after - 2 : after] in ("'s", "’s"):
            return -1, -1
        m = _REPORTS_AFTER.match(text, after)
        return after, (m.end() if m is not None else -1)

    def _context_of_name(self, pos: int, lower: int) -> tuple[bool, bool]:
        """What ``reporters`` reads in the words before the name at ``pos`` (from ``lower``):
        a subordinating conjunction, and a reporting verb the name is the subject of."""
        if _SUBORDINATE_BEFORE_REVERSED.match(self.text[lower:pos][::-1]):
            return True, False
        return False, _REPORTS_BEFORE.search(self.text, lower, pos) is not None

    def _pronoun(self, gender: str | None, pos: int) -> _Person | None:
        """'he said' means the topic of the paragraph: the person a recent sentence of this
        paragraph opens with, else the last person quoted, else the last person named."""

        def fits(person: _Person | None) -> bool:
            return person is not None and (gender is None or person.gender in (gender, None))

        paragraph = self.text.rfind("\n\n", 0, pos) + 1
        cursor = _sentence_start(self.text, pos)
        if not self.text[paragraph:cursor].strip() and paragraph > 1:
            # the quote opens its paragraph: the previous paragraph says who it is about
            paragraph = self.text.rfind("\n\n", 0, paragraph - 1) + 1
        for _ in range(6):
            if cursor <= paragraph:
                break
            start = _sentence_start(self.text, cursor - 2)
            # 'Turnout will be low, Hale said.': the one the sentence has reporting it, before
            # the one it opens with ('Drew won the crowd over, Asher said. "...," he said')
            for reporter in self.reporters(start, cursor):
                if fits(reporter) and (gender is None or reporter.gender):
                    return reporter
            person = self.opener(start, cursor)
            if fits(person):
                return person
            same = _SAME_PRONOUN.match(self.text, start, cursor)
            if same is not None and gender is not None and _PRONOUNS[same[1].lower()] == gender:
                # 'Walz was calmer. She said she would rather see Clinton win. "...," she said':
                # a sentence about the same 'she' is about the one an earlier sentence names,
                # not about a woman it mentions
                cursor = start
                continue
            # 'Canada's delegation was led by Senator Marie-Claude Thibodeau, who ...': someone
            # named later in the sentence, when their sex is known to fit: the first such
            # (a subject comes before its objects: 'Turnout was high, John Archer told Vance')
            if gender is not None:
                lo = bisect_left(self.mention_positions, start)
                hi = bisect_left(self.mention_positions, cursor)
                first = next(
                    (m.pos for m in self.people.mentions[lo:hi] if m.person.gender == gender),
                    cursor,
                )
                if person is None and _PRONOUN_OF_QUICK[gender].search(self.text, start, first):
                    # 'It was the first time she had voted, and she doubts Ann Lee can win':
                    # the 'she' before any woman it names is one named earlier, not Ann Lee
                    cursor = start
                    continue
                for mention in self.people.mentions[lo:hi]:
                    if mention.person.gender == gender:
                        return mention.person
            newcomer = self._introduced_in(start, cursor) if person is None else None
            # ('she was a keen supporter of party leader Zorvath Keel': for 'he' or 'she', not
            # someone whose sex nothing tells)
            if newcomer is not None and fits(newcomer) and (gender is None or newcomer.gender):
                return newcomer  # 'Among those queueing was Lina Osipova, a nurse.'
            cursor = start
        if fits(self.last_speaker):
            return self.last_speaker
        return self._last_fitting(gender, pos)

    def _last_fitting(self, gender: str | None, pos: int) -> _Person | None:
        """The person named last before ``pos`` whose sex may be ``gender`` (anyone, for
        None): the first that fits of ``people.before(pos)``, found by bisection among the
        mentions of those who fit rather than by walking back over everyone named (which, for
        a 'she' in an article that names only men, went back to its start every time)."""
        fitting = self._fitting.get(gender)
        if fitting is None:
            mentions = self.people.mentions
            indexes = [
                index
                for index, mention in enumerate(mentions)
                if gender is None or mention.person.gender in (gender, None)
            ]
            fitting = self._fitting[gender] = ([mentions[i].pos for i in indexes], indexes)
        positions, indexes = fitting
        before = bisect_left(positions, pos)
        return self.people.mentions[indexes[before - 1]].person if before else None

    def _recent_topic(self, pos: int) -> _Person | None:
        """The person the current or the previous sentence opens with, if any."""
        cursor = _sentence_start(self.text, pos)
        for _ in range(2):
            start = _sentence_start(self.text, max(0, cursor - 2))
            person = self.opener(start, cursor)
            if person is not None:
                return person
            if start == 0:
                break
            cursor = start
        return None

    def _opening_person(self, start: int, end: int) -> _Person | None:
        """The named person a sentence opens with ('Gallagher said ...', 'Its chief nurse,
        Bernadette Quayle, said ...'), if any."""
        sentence = self.text[start:end]
        lead = len(sentence) - len(sentence.lstrip())
        unnamed = self._mention_at.get(start + lead)  # 'A council spokesman said ...'
        if unnamed is not None and not _POSSESSIVE_NEXT.match(self.text, start + lead, end):
            return unnamed  # (not "Drew's lawyer, Tom Asher, said": Asher)
        sentence = _LEADING_ADVERBIAL.sub("", _DATELINE.sub("", sentence))
        sentence = _CONJUNCTION.sub("", sentence)  # 'But state Rep. Ann Lee said ...'
        m = _OPENING_NAME.match(sentence)
        described = _modifies_role(sentence, m.end("name")) if m is not None else None
        if described is not None:  # 'Hale spokesman Bill Ortega said': Ortega
            m = _OPENING_NAME.match(sentence, described)
        if m is not None:
            person = self.people.lookup(_trim_name(m.group("name")))
            if person is not None and not person.org:
                return person
        # 'The trust's medical director acknowledged ...', 'The judge rejected ...'
        role = _ROLE_OPENING.match(sentence)
        if role is not None:
            person = self.people.by_role(role.group(1), start)
            if person is not None and not person.org:
                return person
        return None

    def resolve(
        self, phrase: str, pos: int, head_last: bool = False
    ) -> tuple[str | None, str | None, float]:
        """A speaker phrase (name, surname, pronoun, role) to (full, short, confidence).

        ``head_last``: the phrase is a subject before its verb, whose head is its last name
        ('Pacific Crossings president and CEO Gordon Pike called'); after the verb the head
        comes first ('said Dr Ana Ruiz of the Kessick Institute')."""
        phrase = phrase.strip().strip(",").strip()
        if not phrase:
            return None, None, 0.0
        lowered = phrase.lower()
        if lowered == "it":  # 'the company said it ...', '"...," it said'
            org = self.people.recent_org(pos)
            return (org.full, org.short, 0.7) if org is not None else (None, None, 0.0)
        if lowered in _PRONOUNS:
            found = self._pronoun(_PRONOUNS[lowered], pos)
            if found is not None:
                return found.full, found.short, 0.75
            return None, None, 0.2
        if lowered.startswith(("his ", "her ", "their ", "its ")):
            phrase = "the " + phrase.split(" ", 1)[1]
            lowered = phrase.lower()
        described = _described_person(phrase)
        if described is not None:
            # 'coach Sam Ortiz of the Harbour City Sharks', 'Laura Finch, a spokesperson for
            # Greenfield Water': what 'of'/'for'/'at' attaches to a person's name describes
            # them; it is not a second candidate for the subject
            phrase = described
            lowered = phrase.lower()
        names = []
        named_orgs = []  # 'CBS News', 'the Harbour Gazette': names an organisation word makes
        for m in NAME_RE.finditer(phrase):
            name = _split_titles(_trim_name(m.group(0)))[0]
            tokens = name.split()
            org_at = [i for i, t in enumerate(tokens) if _is_org_token(t)]
            if org_at and len(tokens) - org_at[-1] - 1 >= 2:
                # 'Senate Minority Whip Dick Durbin', 'NRA lobbyist Chris Cox': the person is
                # the name after the organisation (as the person table reads it)
                name = _split_titles(" ".join(tokens[org_at[-1] + 1 :]))[0]
            owner = m.group(0).endswith(("'s", "’s", "s'", "s’")) or phrase[
                m.end() : m.end() + 2
            ] in ("'s", "’s")
            titled = _bare(name.split()[-1]) in _ROLE_TITLES if name else False
            if name and not owner and _is_org_token(name.split()[-1]):
                named_orgs.append(name)
            if (
                name
                and not owner
                and not titled
                and not any(_is_org_token(t) for t in name.split())
            ):
                # ('Hendry Leisure's chairman' is not Hendry Leisure; a name never ends in a
                # title: 'the Oregon Democrat' is a description)
                names.append(name)
        if head_last:
            names.reverse()
        for name in names:  # someone the article has introduced, wherever in the phrase
            person = self.people.lookup(name)
            if person is not None:
                return person.full, person.short, 0.9
        for name in names:
            if len(_strip_title(name)) >= 2 and name.lower() not in _PLACES:
                bare = _strip_title(name)
                return name, bare[-1], 0.8
        if not lowered.startswith(("a ", "an ")) and not re.match(
            r"(?:the\s+)?\w+\s+(?:for|of|at)\s", lowered
        ):
            # (not 'a spokesperson for Marlshire Police': that is the spokesperson)
            org = self.people.org_named_in(phrase)
            if org is not None:
                return org.full, org.short, 0.8
        if named_orgs and _WHOLE_ORG_NAME.fullmatch(phrase):
            # 'CBS News reported', 'the Harbour Gazette said': an organisation the person
            # table does not hold (an outlet is not one), named as the whole subject
            org = self.people.org_beginning(named_orgs[0])
            if org is not None:  # 'the Guild College' of 'the Guild College of Midwifery'
                return org.full, org.short, 0.8
            return named_orgs[0], named_orgs[0], 0.7
        if re.fullmatch(r"(?:the|a|an|its|their)\s+(?:written\s+)?(?:statement|release)", lowered):
            org = self.people.recent_org(pos, within=2000)  # 'the statement said'
            if org is not None:
                return org.full, org.short, 0.6
        role_match = _ROLE_RE.match(lowered) or _ROLE_RE.search(lowered)
        if role_match is not None or lowered.startswith(("the ", "a ", "an ", "one ", "another ")):
            role = role_match.group(1) if role_match else lowered.split(" ", 1)[1]
            definite = lowered.startswith("the ")
            epithet = _EPITHET.fullmatch(phrase.strip())
            person = self.people.by_role(role, pos, forward=not definite)
            if person is None and definite and epithet is not None:
                # 'Zhao was not reassured. "...," the analyst said': the one just spoken of,
                # before anyone named later with that role
                person = self._recent_topic(pos)
            if person is None and definite:
                person = self.people.by_role(role, pos)
            if person is not None:
                return person.full, person.short, 0.7
            descriptor = re.match(r"the\s+(?:[A-Z][a-z]+|\d+-year-old)$", phrase.strip())
            recent = next(self.people.before(pos), None)
            if descriptor and recent is not None:
                return recent.full, recent.short, 0.6
            if epithet is not None:
                # 'the Italian teenager said', 'the Polish manager': a person the article has
                # named, described instead of named again, as 'he' or 'she' would be
                found = self._pronoun(_EPITHET_SEX.get(epithet.group("noun").lower()), pos)
                if found is not None:
                    return found.full, found.short, 0.6
            # an unnamed speaker: the phrase itself, whole when it ends in the role
            ends_in_role = bool(_role_heads(phrase.split()[-1]))
            words = phrase.strip() if ends_in_role else phrase.split(",")[0].strip()
            if ends_in_role and head_last:
                words = _head_noun_phrase(words)
            return words, words, 0.7 if _role_heads(words) else 0.6
        return None, None, 0.0

    def _subject_of(self, m: re.Match[str], pos: int) -> tuple[str | None, str | None, float]:
        """'Its chief executive, Mei Tanaka, told ...': the name in the apposition wins."""
        appos = m.group("appos")
        subj = m.group("subj")
        named_subject = NAME_RE.fullmatch(subj) and subj.split()[0].lower() not in _NOT_NAME_START
        if appos and NAME_RE.search(appos) and not named_subject:
            full, short, conf = self.resolve(appos, pos)
            if full:
                return full, short, conf
        return self.resolve(subj, pos, head_last=True)

    def signed(self, end: int) -> tuple[str | None, str | None, float] | None:
        """'"...." ― Ana Ruiz': the name a dash signs the quotation with, at its line's end."""
        m = _DASH_SIGNATURE.match(self.text, end)
        if m is None:
            return None
        full, short, conf = self.resolve(m.group("who"), end)
        return (full, short, conf) if full else None

    def closing_clause(
        self, end: int, sentence_end: int
    ) -> tuple[str | None, str | None, float] | None:
        """'"...." for the victory, Haldane said.': the reporting clause that ends the
        quotation's sentence a few words after it ('"..." about the decision, said Ann Lee,
        a nurse.'), when no other quotation or reporting verb comes between."""
        tail = self.text[end:sentence_end]
        if not tail.lstrip(" ")[:1].islower() or _QUOTE_MARK.search(tail) or len(tail) > 240:
            return None  # (the sentence goes on after the quotation: not a new one)
        for comma in [m.start() for m in re.finditer(",", tail)]:
            if verb_word_at(tail, 0, comma) >= 0:
                return None  # another reporting clause comes first
            piece = tail[comma:]
            m = _CLOSING_VERB_FIRST.fullmatch(piece)
            if m is not None:
                full, short, conf = self.resolve(m["who"], end)
            else:
                m = _CLOSING_SUBJECT_FIRST.fullmatch(piece)
                if m is None:
                    continue
                full, short, conf = self.resolve(m["subj"], end, head_last=True)
            if full and conf >= 0.8:  # a person the article names
                return full, short, 0.7
            return None
        return None

    def according(self, end: int, sentence_end: int) -> tuple[str | None, str | None, float] | None:
        """'"...," Lee said, according to the Harbour Gazette.': the quotation is cited from
        the work named after 'according to' (a paper, a transcript, a report), which is its
        source as the reporter has it; a person named there ('according to Lee') is resolved
        as the person table knows them."""
        m = _ACCORDING_AFTER.match(self.text, end, sentence_end)
        if m is None:
            return None
        inner_end = self.text[max(0, end - 4) : end - 1].rstrip()
        if _ENDS_STOP.search(inner_end) and not _SHORT_ATTRIBUTION.match(
            self.text[end:sentence_end]
        ):
            return None  # '"... came from." Most inmates, according to ...': a new sentence
        who = m.group("who").strip()
        full, short, conf = self.resolve(who, end)
        if full and conf >= 0.8:  # a person or an organisation the article names
            return full, short, 0.7
        if not re.search(rf"[{_UPPER}]", who):
            return None  # ('according to officials', 'according to the report': no name)
        return who, who, 0.6

    def after(self, end: int) -> tuple[str | None, str | None, float] | None:
        tail = self.text[end : end + 160].split("\n\n", 1)[0]
        # (three characters: a quotation inside this one may end it, with a space before
        # the closing mark: "... and the board said 'not this year,' " Okafor recalled)
        inner_end = self.text[max(0, end - 4) : end - 1].rstrip()
        # '"... plan." The minister said' starts a new sentence: not an attribution.
        if (inner_end.endswith(".") or tail.startswith(".")) and not _VERB_OR_PRONOUN_NEXT.match(
            tail
        ):
            return None
        if not _ENDS_SET_OFF.search(inner_end) and not _OPENS_SET_OFF.match(tail):
            # '"no legal alternative" after its chief finance officer concluded': the
            # reporter's sentence goes on; an attribution is set off by punctuation
            return None
        if _ENDS_STOP.search(inner_end) and not _SHORT_ATTRIBUTION.match(tail):
            # '"... Who will pay me for that?" The Minister said the government had ...' is a
            # new sentence with its own content, not this quotation's attribution
            return None
        m = _AFTER_SUBJ_FIRST.match(tail)
        if m:
            return self.resolve(m.group("subj"), end, head_last=True)
        m = _AFTER_VERB_FIRST.match(tail)
        if m:
            who = _WHO_ENDS.split(m["who"])
            return self.resolve(who[0], end)
        m = _AFTER_ANY_SUBJECT.match(tail)  # '"...," Dunmore State coach Terry Vandermolen said'
        if m:
            full, short, conf = self.resolve(m.group("subj"), end, head_last=True)
            if full and conf >= 0.7:  # not '"in due course", a phrase advocates noted'
                return full, short, min(conf, 0.8)
        return None

    def before(self, start: int) -> tuple[str | None, str | None, float] | None:
        sent = _sentence_start(self.text, start)
        head = self.text[sent:start]
        if not _introduces(head):
            return None
        acc = _ACCORDING_TO.search(head)
        if acc:
            return self.resolve(acc.group(1), start)
        head = _LEADING_ADVERBIAL.sub("", _DATELINE.sub("", head))
        m = _SUBJECT_VERB.match(head)
        verbs = _verbs_not_hyphenated(head)  # not 'so-called'
        last_verb = verbs[-1][0] if verbs else 0
        # (only when its verb is the one that introduces the quote: not 'The board has also
        # asked ..., which the spokeswoman said would be "...')
        if m and m.end() >= last_verb and not _VERB_FIRST.match(head):
            return self._subject_of(m, start)
        reporter = self._participle_reporter(head, verbs, start)
        if reporter is not None:
            return reporter
        if _PARTICIPLE_LAST.search(head):
            # 'Mayor Ann Lee urged voters to back Tom Rhys, saying, "...': the participle's
            # subject is the main clause's, not the last name before it
            person = self._opening_person(_sentence_start(self.text, start), start)
            if person is not None:
                return person.full, person.short, 0.7
        m = _search_verb_then_who(head)
        listener = m is not None and (
            _LISTENER_VERB.match(m.group()) or m.group("who").startswith(("to ", "back to "))
        )  # ('replied to Reyes with,': Reyes is the one spoken to)
        if m and not listener:  # 'said the council leader, Tom Okafor: "...' (not 'said
            # outside court:', and not 'told the Chronicle in 2019,': that is who heard it)
            full, short, conf = self.resolve(m.group("who"), start)
            if full:
                return full, short, conf
        # 'A farmer whose field flooded said the animals were "...': the words before the verb
        if verbs:
            verb_start, verb_end = verbs[-1]
            ing = head.endswith("ing", verb_start, verb_end)
            subject = head[:verb_start].strip()
            pronoun = _PRONOUN_SUBJECT.match(subject)
            if pronoun is not None and ing:
                # 'He later put out a statement on the matter, saying, "...': he says it,
                # not the statement
                return self.resolve(pronoun.group(1), start)
            clause = subject.rsplit(",", 1)[-1].strip()
            adverbial = len(clause.split()) <= 4 and not re.search(
                rf"[{_UPPER}]|\b(?:he|she|they|who|which)\b", clause
            )  # ', at one point asking the witness to "...'
            if ing and (re.search(r"(?:\bby|,)\s*$", subject) or ("," in subject and adverbial)):
                # '... opened the session by urging colleagues to "...': the one who opened
                person = self._opening_person(_sentence_start(self.text, start), start)
                if person is not None:
                    return person.full, person.short, 0.7
            # (commas too when it ends in a role: 'A Department for Science, Innovation and
            # Technology spokesperson said')
            plain = "," not in subject or _role_heads(subject.split()[-1] if subject else "")
            whole = None
            other_verb = verb_word_at(subject) >= 0  # 'The chief said ... and'
            if (
                subject
                and plain
                and len(subject.split()) <= 12
                and not _QUOTE_MARK.search(subject)
                and not other_verb
            ):
                whole = self.resolve(subject, start, head_last=True)
                if whole[0] and whole[2] >= 0.8:  # a person the article names
                    return whole[0], whole[1], min(whole[2], 0.6)
            # '... jailed after a judge said he had treated it "...': the noun phrase right
            # before the verb, after the last conjunction or clause word
            nearest = re.split(_CLAUSE_WORDS, subject)[-1].strip()
            if not nearest and re.search(r"\b(?:and|but)\s*$", subject):
                # 'The chief said ... and warned that it would "...': the verbs share the
                # sentence's subject
                person = self._opening_person(_sentence_start(self.text, start), start)
                if person is not None:
                    return person.full, person.short, 0.7
            if nearest and nearest != subject and len(nearest.split()) <= 6:
                full, short, conf = self.resolve(nearest, start, head_last=True)
                determined = re.match(
                    r"(?:the|a|an|one|his|her|its|their)\s|(?:he|she|they)$", nearest, re.I
                )
                if full and (conf >= 0.8 or (determined and conf >= 0.7)):
                    return full, short, min(conf, 0.7)
            if whole is not None and whole[0]:
                return whole[0], whole[1], min(whole[2], 0.6)
            # 'Janet Whitlow, 54, a retired nurse who chairs the group, said: "...': the
            # subject is what comes before its appositions
            # ('Its vicar, the Rev Gareth Pryce-Jones, spoke ..., telling': the named one)
            if subject.endswith(",") and not _QUOTE_MARK.search(subject):
                # ('..., in Berea, Ohio, after the vote, Gov. Ann Lee, said': the one named
                # right before the verb, when the article knows them)
                clause = subject.rstrip(",").rsplit(",", 1)[-1].strip()
                last = self.resolve(clause, start) if NAME_RE.fullmatch(clause) else (None, None, 0)
                if last[0] and last[2] >= 0.9:
                    return last[0], last[1], 0.75
                clauses = [c.strip() for c in subject.split(",")[:3] if c.strip()]
                found = [self.resolve(c, start) for c in clauses if len(c.split()) <= 10]
                for full, short, conf in sorted(found, key=lambda f: f[2] < 0.8):
                    if full and conf >= 0.7:  # a person or a role, not just any words
                        return full, short, min(conf, 0.75)
        return None

    def _participle_reporter(
        self, head: str, verbs: list[tuple[int, int]], start: int
    ) -> tuple[str | None, str | None, float] | None:
        """'Tom Reyes left early, Ann Lee said, adding, "...': a participle that follows a
        reporting clause shares that clause's subject (Lee), not the sentence's (Reyes)."""
        if len(verbs) < 2 or not head.endswith("ing", *verbs[-1]):
            return None
        (said_start, said_end), participle = verbs[-2], verbs[-1][0]
        if head.endswith("ing", said_start, said_end) or not _VERB_TO_PARTICIPLE.fullmatch(
            head, said_end, participle
        ):
            return None
        before = _NAME_BEFORE_VERB.search(head, max(0, said_start - 60), said_start)
        m = before or _NAME_AFTER_VERB.match(head, said_end, participle)
        if m is None:
            return None
        full, short, conf = self.resolve(m.group("who"), start)
        return (full, short, conf) if full else None

    def called(self, start: int) -> tuple[str | None, str | None, float] | None:
        """'Critics called the vote "a promise nobody has costed"': the subject of called."""
        sent = _sentence_start(self.text, start)
        m = _search_called(self.text, max(sent, start - 160), start)
        if m is None:
            return None
        subject = m.group("subj")
        # 'a decision his manager called': the last noun phrase is the one that called it
        parts = re.split(
            r"\b(?=(?:his|her|their|its|the|a|an)\s|(?:he|she|they)$)", subject, flags=re.I
        )  # ('a change he called "..."': he)
        subject = parts[-1].strip() or subject
        full, short, conf = self.resolve(subject, start, head_last=True)
        if full:
            return full, short, min(conf, 0.6)
        if subject.split()[0].lower() in _NON_SPEAKERS:
            return None  # 'it called', 'this called': no one to quote
        if re.match(r"(?:a|an|the|its|his|her|their)\s", subject, re.I) and not _role_heads(
            subject
        ):
            return None  # 'a pattern often described as a "heat dome"': no one speaks
        return subject, subject, 0.5  # 'Critics called the vote "..."'

    def colon_subject(self, sentence: int, start: int) -> _Person | None:
        """'He was more pointed: "..."', 'Her verdict: "..."': whom the clause before the colon
        is about, when it opens with a pronoun or a name (no reporting verb needed)."""
        head = _LEADING_ADVERBIAL.sub("", self.text[sentence:start]).strip()
        m = _COLON_SUBJECT.match(head)
        if m is None:
            return None
        if m.group("pronoun"):
            gender = "m" if m.group("pronoun").lower() in ("he", "his") else "f"
            return self._pronoun(gender, start)
        return self.people.lookup(_trim_name(m.group("name")))

    def opening_of_previous(self, start: int) -> _Person | None:
        """A quote that opens a paragraph, after 'Dr Adeyemi ... described it:' ."""
        previous_end = self.text.rfind("\n\n", 0, start)
        if previous_end <= 0 or self.text[previous_end:start].strip():
            return None  # only for a quote that opens its paragraph
        sent = _sentence_start(self.text, previous_end - 1)
        sentence = _LEADING_ADVERBIAL.sub("", self.text[sent:previous_end])
        m = _SUBJECT_VERB.match(sentence)
        if m is None:
            return None
        appos = m.group("appos")
        phrase = appos if appos and NAME_RE.search(appos) else m.group("subj")
        names = [_trim_name(n.group(0)) for n in NAME_RE.finditer(phrase)]
        for name in names:
            person = self.people.lookup(name)
            if person is not None:
                return person
        if self.text[sent:previous_end].rstrip().endswith(":"):
            # 'The Harbour Gazette reports:' and the quotation below it: a paper, an office or
            # a document that the person table does not hold, named as the subject
            full, short, conf = self.resolve(m.group("subj"), start, head_last=True)
            if full and conf >= 0.7:
                return self.people.lookup(full) or _Person(full, short or full, None, org=True)
        return None

    def newly_introduced(self, start: int) -> _Person | None:
        """'Among those queueing was Lina Osipova, a 29-year-old nurse. "I waited three
        hours ..."': a quotation with no attribution right after the sentence that first
        names someone (and quotes no one) is theirs."""
        sentence_start = _sentence_start(self.text, start)
        if self.text[sentence_start:start].strip():
            return None  # the quote does not open its sentence
        previous = _sentence_start(self.text, max(0, sentence_start - 2))
        if _QUOTE_MARK.search(self.text, previous, sentence_start):
            return None
        newcomer = self._introduced_in(previous, sentence_start)
        if newcomer is None:
            return None
        opener = self._opening_person(previous, sentence_start)
        # (not 'Ferreyra said he would not criticise referee Callum Birnie, who ...': that
        # sentence is about Ferreyra)
        return newcomer if opener in (None, newcomer) else None

    def _introduced_in(self, start: int, end: int) -> _Person | None:
        """The last person the text between ``start`` and ``end`` names for the first time."""
        if _PRONOUN_OPENING.match(self.text, start, end):
            return None  # the sentence is about someone already known
        lo = bisect_left(self.mention_positions, start)
        hi = bisect_left(self.mention_positions, end)
        introduced = [
            m.person
            for m in self.people.mentions[lo:hi]
            if start <= m.pos < end
            and not m.person.org
            and self.people.first_mention(m.person) == m.pos
            # (not an object: 'subscriptions to Kestrel Pilot')
            and not _OBJECT_BEFORE.search(self.text[max(0, m.pos - 12) : m.pos])
        ]
        return introduced[-1] if introduced else None

    def subject(self, start: int) -> tuple[str | None, str | None, float] | None:
        sent = _sentence_start(self.text, start)
        head = _LEADING_ADVERBIAL.sub("", _DATELINE.sub("", self.text[sent:start]))
        m = _SUBJECT_VERB.match(head)
        if m:
            full, short, conf = self._subject_of(m, start)
            if full:
                return full, short, conf
        return None
