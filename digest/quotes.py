"""Direct quotations in news text, and who said them.

Rules for the language of news, standard library only (no parser, no model): pair the quote
marks without ever giving up on an odd count, then find the reporting clause next to each
quote, then resolve the speaker it names (a name, a surname, a pronoun or a role) against a
table of the people the article has introduced so far. Finding the quoted text is the easy
half; the person table is what keeps "she said" and "the engineer wrote" from going to the
nearest capitalised word.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from digest import first_names

if TYPE_CHECKING:
    from reader.article import Article

__all__ = ["Quote", "extract_quotes"]


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation; offsets index into ``Article.text`` and cover the quote marks."""

    text: str
    speaker: str | None
    speaker_short: str | None
    start: int
    end: int
    kind: str
    """``full`` (speech), ``partial`` (a fragment of speech inside a sentence) or ``scare``."""
    confidence: float


# --- vocabulary -------------------------------------------------------------------------

_VERB_STEMS = (
    "said say says saying told tell tells telling added add adds adding warned warn warns "
    "warning insisted insist insists argued argue argues arguing wrote write writes writing "
    "asked ask asks explained explain explains noted note notes claimed claim claims "
    "admitted admit admits conceded concede concedes acknowledged acknowledge acknowledges "
    "stated state states declared declare declares replied reply replies responded respond "
    "responds recalled recall recalls suggested suggest suggests continued continue "
    "continues cautioned caution cautions urged urge urges predicted predict predicts "
    "promised promise promises announced announce announces agreed agree agrees complained "
    "complain complains confirmed confirm confirms joked joke jokes observed observe "
    "observes pointed remarked remark remarks reckoned reckons maintained maintains "
    "countered counters conceded boasted boasts stressed stresses emphasised emphasized "
    "emphasises emphasizes told posted tweeted wondered wonders mused muses shouted shouts "
    "whispered whispers added concluded concludes described describes called calls accused "
    "accuses described".split()
)
VERBS = frozenset(_VERB_STEMS)
_VERB_RE = "(?:" + "|".join(sorted(VERBS, key=len, reverse=True)) + ")"

_TITLES = {
    "mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f", "dame": "f",
    "lady": "f", "dr": None, "prof": None, "professor": None, "rev": None, "cllr": None,
    "judge": None, "captain": None, "gen": None, "sen": None, "senator": None, "rep": None,
    "president": None, "inspector": None, "detective": None, "baroness": "f", "baron": "m",
    "gov": None, "governor": None, "lt": None, "sgt": None, "capt": None, "det": None,
    "insp": None, "supt": None, "col": None, "maj": None, "adm": None, "cmdr": None,
    "father": "m", "sister": "f", "brother": "m", "king": "m", "queen": "f", "prince": "m",
    "princess": "f", "duke": "m", "duchess": "f", "justice": None, "rabbi": None,
    "imam": None, "pastor": None, "bishop": None,
}  # fmt: skip
#: Capitalised job titles written before a name ("Mayor Loretta Gaines", "Cade County
#: Sheriff Wade Holloway"): they tell the person's role and are not part of the name.
_ROLE_TITLES = frozenset(
    "mayor sheriff coach quarterback chairman chairwoman chair chancellor minister secretary "
    "commissioner director superintendent attorney councilman councilwoman alderman "
    "congressman congresswoman assemblyman assemblywoman premier speaker trooper deputy "
    "officer constable sergeant chief ambassador dean principal manager striker midfielder "
    "goalkeeper defender forward guard pitcher spokesman spokeswoman spokesperson leader "
    "president vice prime general district county state federal city board police fire "
    "u.s. us uk executive founder editor republican democrat democratic labour conservative "
    "tory liberal ceo cfo coo cto".split()
)
_ANY_TITLE = _ROLE_TITLES | _TITLES.keys()
#: After a name, not part of it: "Daniel Kemble KC", "Martin Luther King Jr".
_NAME_SUFFIXES = frozenset("kc qc mp msp mep mla td jr sr ii iii iv obe mbe cbe phd md".split())
_ABBREV_DOT = "\u2024"  # stands in for the full stop of "Sen." or "U.S." (same length)
_TITLE_RE = r"(?:(?:" + "|".join(t.capitalize() for t in _TITLES) + rf")[.{_ABBREV_DOT}]?\s+)"
#: Capital letters, accented ones too ('Ó Súilleabháin', 'Ōpōtiki', 'Ángel').
_UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_CAP = rf"[{_UPPER}][\w'’\-{_ABBREV_DOT}]*"
_PARTICLES = frozenset("de van von da di del der den le la bin al ter du dos das ben ibn".split())
_PARTICLE = r"(?:(?:" + "|".join(_PARTICLES) + r")\s+)"
NAME_RE = re.compile(rf"{_TITLE_RE}?{_CAP}(?:\s+{_PARTICLE}{{0,2}}{_CAP}){{0,5}}")
_CAPITAL = re.compile(f"[{_UPPER}]")


def _names(text: str, pattern: re.Pattern[str] = NAME_RE) -> list[re.Match[str]]:
    """``pattern.finditer`` over a whole article for a pattern that starts with a capital
    letter, about five times faster.

    The optional title in front of NAME_RE stops the regex engine from skipping ahead to a
    capital letter, so it tries every character; here a plain ``[A-Z]`` scan (which the
    engine does skip ahead on) finds the candidates.
    """
    found: list[re.Match[str]] = []
    pos = 0
    while (capital := _CAPITAL.search(text, pos)) is not None:
        name = pattern.match(text, capital.start())
        if name is None:
            pos = capital.start() + 1
        else:
            found.append(name)
            pos = name.end()
    return found


_FEMALE = first_names.FEMALE
_MALE = first_names.MALE

_ORG_WORDS = frozenset(
    "institute university council ministry department company ltd plc inc group party "
    "committee agency centre center bank court street road hospital school college trust "
    "association union commission office board society foundation museum festival league "
    "club harbour city county authority service services news times post courier herald "
    "gazette review journal press daily weekly airport station observatory consultancy "
    "alliance cooperative prefecture theatre playhouse assembly laboratory programme "
    "project institution stadium infirmary clinic church cathedral parliament senate congress "
    "government administration corporation llc corp co systems technologies holdings partners "
    "capital ventures labs networks network media airways airlines motors pharmaceuticals "
    "fund federation coalition forum academy tribunal prison police constabulary brigade "
    "regiment navy army bureau unit division directorate treasury cabinet parish borough "
    "region province republic kingdom nations state district northern southern eastern "
    "western central midlands mountain valley arena avenue commons island islands".split()
)
#: What a reporter calls an organisation afterwards ('the company said'), by a word in its
#: name; an organisation is also called by any role word of its own name ('the trust').
_ORG_KINDS = {
    "company": "company firm business group", "firm": "company firm", "inc": "company firm",
    "ltd": "company firm", "plc": "company firm", "llc": "company firm",
    "corp": "company firm", "corporation": "company firm", "systems": "company firm",
    "technologies": "company firm", "holdings": "company firm", "airways": "company airline",
    "airlines": "company airline", "motors": "company firm", "labs": "company firm",
    "pharmaceuticals": "company firm", "bank": "bank company", "union": "union",
    "alliance": "union group", "federation": "union group", "association": "group",
    "society": "group charity", "coalition": "group", "foundation": "charity group",
    "trust": "trust", "department": "department government", "ministry": "ministry government",
    "office": "office government", "agency": "agency", "commission": "commission agency",
    "authority": "authority agency", "council": "council", "board": "board",
    "police": "police force", "constabulary": "police force", "university": "university",
    "hospital": "hospital", "infirmary": "hospital", "court": "court",
}  # fmt: skip
_AFTER_PREPOSITION = re.compile(r"\b(?:of|for|at|in|from)(?:\s+the)?\s+$", re.I)
#: Subjects of 'called' that name no speaker.
_NON_SPEAKERS = frozenset("it this that these those which who what there here".split())
_GIVEN_NAME_TITLES = frozenset({"dame", "sir", "lady", "lord"})
_PRONOUNS = {"he": "m", "she": "f", "they": None, "him": "m", "her": "f"}
_NOT_NAME_START = frozenset(
    "later earlier now today yesterday tomorrow still also even only last next first asked "
    "speaking writing according despite although though because".split()
) | frozenset(
    "the a an in on at but and or when if it this that these those there here as for with "
    "by from to of after before while since however meanwhile yet so then its his her their "
    "our we i you he she they opponents critics officials engineers residents experts "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december is are was were will would "
    "what who why how not no one some many most".split()
)
_ROLE_RE = re.compile(
    r"\b(?:the|a|an|its|their|his|her)\s+((?:[\w'’\-]+\s+){0,4}?"
    r"(?:[a-z][\w\-]*(?:er|or|ist|ian|ant|ent|man|woman|person|spokesperson|spokesman|"
    r"spokeswoman|leader|chief|head|director|minister|secretary|officer|chair|chairman|"
    r"chairwoman|executive|founder|owner|professor|mayor|councillor|captain|coach|manager|"
    r"president|governor|senator|judge|doctor|nurse|teacher|scientist|engineer|author|"
    r"analyst|economist|campaigner|resident|expert|official|source|statement|company|"
    r"ministry|department|agency|council|union|group|firm|operator|police|army|board)))\b"
)


@dataclass(slots=True)
class _Person:
    full: str
    short: str
    gender: str | None
    roles: list[str] = field(default_factory=list)
    org: bool = False
    """An organisation ('the company said'): a speaker, never 'he' or 'she'."""


@dataclass(slots=True)
class _Mention:
    pos: int
    person: _Person


# --- quote marks --------------------------------------------------------------------------

_OPEN_CURLY, _CLOSE_CURLY = "“", "”"


def _is_opening(text: str, i: int) -> bool:
    """Directional marks decide; a straight mark opens after space/start and before a word."""
    ch = text[i]
    if ch == _OPEN_CURLY:
        return True
    if ch == _CLOSE_CURLY:
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{—–-/:":
        return not after.isspace()
    return False


@dataclass(slots=True)
class _Span:
    start: int  # the opening mark
    end: int  # just after the closing mark (or the text's end when never closed)
    parts: list[tuple[int, int]]  # inner text segments
    closed: bool
    run_on: bool = False
    cut: bool = False
    """Never closed: the next opening mark ended it (a flattened export's lost paragraph break:
    the next quotation usually continues this one)."""


def _pair_marks(text: str) -> list[_Span]:
    """Pair quote marks, recovering from flattened exports and run-on paragraphs."""
    marks = [m.start() for m in re.finditer('["“”]', text)]
    spans: list[_Span] = []
    current: _Span | None = None
    seg_start = 0
    for i in marks:
        opening = _is_opening(text, i)
        if current is None:
            if opening:
                current = _Span(i, i + 1, [], False)
                seg_start = i + 1
            continue
        if not opening:
            current.parts.append((seg_start, i))
            current.end = i + 1
            current.closed = True
            spans.append(current)
            current = None
            continue
        # An opening mark while a quote is open.
        para_break = text.rfind("\n\n", seg_start, i)
        if para_break != -1 and text[para_break + 2 : i].strip() == "":
            # A paragraph that opens with a quote mark continues the unclosed quote.
            current.parts.append((seg_start, para_break))
            current.run_on = True
            seg_start = i + 1
            continue
        # Flattened export: the old quote ended where its paragraph (or sentence) ended.
        cut = para_break if para_break != -1 else i
        end = cut
        while end > seg_start and text[end - 1].isspace():
            end -= 1
        current.parts.append((seg_start, end))
        current.end = end
        current.cut = para_break == -1
        spans.append(current)
        current = _Span(i, i + 1, [], False)
        seg_start = i + 1
    if current is not None:
        para_end = text.find("\n\n", seg_start)
        end = para_end if para_end != -1 else len(text)
        current.parts.append((seg_start, end))
        current.end = end
        spans.append(current)
    return [s for s in spans if any(text[a:b].strip() for a, b in s.parts)]


# --- people -------------------------------------------------------------------------------


def _quoted_ranges(text: str, spans: list[_Span] | None = None) -> list[tuple[int, int]]:
    """Where the quotations are: a title of a work or a name said by someone is not a speaker."""
    return [(a, b) for span in (spans or _pair_marks(text)) for a, b in span.parts]


def _gender_of(name: str) -> str | None:
    tokens = name.replace(".", "").split()
    if not tokens:
        return None
    title = tokens[0].lower()
    if title in _TITLES:
        if _TITLES[title]:
            return _TITLES[title]
        tokens = tokens[1:]
    if tokens:
        first = tokens[0].lower()
        # 'Marie-Claude' by its first part, not 'Wei-Ling' (a short first part may be either)
        for given in (first, first.split("-")[0] if first.find("-") >= 4 else first):
            if given in _FEMALE:
                return "f"
            if given in _MALE:
                return "m"
    return None


def _trim_name(name: str) -> str:
    """Drop sentence-initial words that a capital letter made look like a name ("Later Rao")."""
    tokens = name.split()
    while tokens and tokens[0].rstrip(".").lower() in _NOT_NAME_START:
        tokens = tokens[1:]
    return " ".join(tokens)


def _strip_title(name: str) -> list[str]:
    tokens = name.split()
    while tokens and tokens[0].rstrip(".").lower() in _TITLES:
        tokens = tokens[1:]
    return tokens


class _People:
    """The article's person table: full names, short forms, gender, roles and mentions."""

    def __init__(self, text: str, spans: list[_Span] | None = None) -> None:
        self.people: list[_Person] = []
        self.mentions: list[_Mention] = []
        self._by_key: dict[str, _Person] = {}
        self._by_first: dict[str, _Person] = {}
        quoted = sorted(_quoted_ranges(text, spans))
        starts = [a for a, _b in quoted]
        self.org_mentions: list[_Mention] = []
        org_inner = self._find_organisations(text, quoted, starts)
        for m in _names(text):
            inside = bisect.bisect_right(starts, m.start()) - 1
            if inside >= 0 and m.start() < quoted[inside][1]:
                continue
            raw = _trim_name(m.group(0))
            if not raw:
                continue
            offset = m.start() + m.group(0).rfind(raw)
            if _inside(org_inner, offset):
                continue  # 'Information Technology' in 'the Minister of State for ... and ...'
            if text[max(0, offset - 4) : offset] == "the " and not _TITLE_START.match(raw):
                continue  # 'the Horseshoe Bay terminal': a name used as a modifier
            name, title_roles = _split_titles(raw)
            tokens = name.split()
            if not tokens:
                continue
            if any(_is_org_token(t) for t in tokens):
                continue
            if not title_roles and _AFTER_PREPOSITION.search(text, max(0, offset - 12), offset):
                continue
            if len(tokens) < 2 and not title_roles:
                person = self.lookup(name)
                if person is not None:
                    self.mentions.append(_Mention(offset, person))
                continue
            if len(_strip_title(name)) < 1:
                continue
            person = self.lookup(name) or self._add(name)
            person.roles.extend(title_roles)
            person.roles.extend(_role_before(text, offset))
            self._note_roles(text, offset, m.end(), person)
            self.mentions.append(_Mention(offset, person))
        self._infer_genders(text)

    def _find_organisations(
        self, text: str, quoted: list[tuple[int, int]], starts: list[int]
    ) -> list[tuple[int, int]]:
        """Organisations by name ('Lumora Systems', 'the Society of Emergency Nurses', or
        'PaySetu, the payments platform'), so that 'the company said' and 'the society said'
        can name them. Returns the parts of their names after an 'of' or 'for', where no
        person's name starts ('the Minister of State for Information Technology')."""
        orgs: dict[str, _Person] = {}
        inner: list[tuple[int, int]] = []
        for m in _names(text, _ORG_NAME):
            inside = bisect.bisect_right(starts, m.start()) - 1
            if inside >= 0 and m.start() < quoted[inside][1]:
                continue
            chain = m.group().strip()
            connector = re.search(r"\s(?:of|for)\s", chain)
            name = chain
            if connector is not None:
                inner.append((m.start() + connector.end(), m.end()))
                owner = chain[: connector.start()]
                if not any(_ORG_KINDS.get(t.strip("'’").lower()) for t in owner.split()):
                    # 'Gordon Pike of the Kessick Institute': the organisation is the end
                    name = chain[connector.end() :]
            name = re.sub(r"^(?:The|A|An|the)\s+", "", name)
            tokens = [t.strip("'’").lower() for t in name.split()]
            if not tokens:
                continue
            kinds = [k for t in tokens if (k := _ORG_KINDS.get(t))]
            if len(tokens) == 1 and tokens[0] not in _NOT_NAME_START:
                described = _ORG_APPOSITION.match(text, m.end())
                if described is not None:
                    kinds = ["company firm", described.group(1).lower()]
            if not kinds or tokens[0] in _NOT_NAME_START:
                continue
            org = orgs.get(name.lower())
            if org is None:
                roles = [" ".join(kinds), " ".join(t for t in tokens if t in _ROLE_NOUNS)]
                org = _Person(full=name, short=name, gender=None, roles=roles, org=True)
                orgs[name.lower()] = org
            self._note_roles(text, m.start(), m.end(), org)
            self.org_mentions.append(_Mention(m.start(), org))
        return inner

    def _infer_genders(self, text: str) -> None:
        """A person no title or first name sexes is usually 'he' or 'she' in the very next
        words about them: 'Ramona Quiñones, 67, ... said she called once'."""
        for index, mention in enumerate(self.mentions):
            person = mention.person
            if person.gender is not None:
                continue
            stop = self.mentions[index + 1].pos if index + 1 < len(self.mentions) else len(text)
            window = text[mention.pos : min(stop, _sentence_end(text, mention.pos + 1) + 1)]
            found = next(
                (
                    p
                    for p in _GENDERED_PRONOUN.finditer(window)
                    # not 'Alex Brandt, her neighbour': that 'her' is someone else
                    if not re.fullmatch(r"[^,]*,\s*", window[: p.start()])
                ),
                None,
            )
            if found is not None and not _QUOTE_MARK.search(window, 0, found.start()):
                person.gender = "f" if found.group().lower() in ("she", "her", "hers") else "m"

    def note_unnamed_speakers(self, text: str) -> None:
        """'A council spokesman said ...' makes the spokesman the nearest 'he' after it."""
        for m in _UNNAMED_SPEAKER.finditer(text):
            if not _opens_sentence(text, m.start()):
                continue
            phrase = m.group("who")
            role = phrase.split(" ", 1)[1].lower() if " " in phrase else phrase.lower()
            person = self.by_role(role, m.start())
            if person is None:
                person = _Person(full=phrase, short=phrase, gender=None)
                self._register(person)
            self.mentions.append(_Mention(m.start("who"), person))
        self.mentions.sort(key=lambda mention: mention.pos)

    def _add(self, name: str) -> _Person:
        bare = _strip_title(name)
        surname = bare[-1:] if bare else [name]
        for index, token in enumerate(bare[1:], start=1):  # 'Pieter van der Berg'
            if token.lower() in _PARTICLES:
                surname = bare[index:]
                break
        person = _Person(full=name, short=" ".join(surname), gender=_gender_of(name))
        self._register(person)
        return person

    def _register(self, person: _Person) -> None:
        """Index a person by bare full name and short form; the first introduced wins. The
        first word is a key of last resort: 'Wang said' after 'Wang Lixin' (family name
        first)."""
        self.people.append(person)
        bare = _strip_title(person.full)
        self._by_key.setdefault(" ".join(bare).lower(), person)
        self._by_key.setdefault(person.short.lower(), person)
        if len(bare) > 1:
            self._by_first.setdefault(bare[0].lower(), person)

    def lookup(self, name: str) -> _Person | None:
        """A full name, a surname or a title and surname, as introduced earlier."""
        name, _roles = _split_titles(name)
        bare = _strip_title(name)
        if not bare:
            return None
        key = " ".join(bare).lower()
        found = self._by_key.get(key) or self._by_key.get(bare[-1].lower())
        if found is None and len(bare) == 1:
            found = self._by_first.get(key)
        if found is not None:
            return found
        title = name.split()[0].rstrip("." + _ABBREV_DOT).lower()
        if title in _GIVEN_NAME_TITLES and len(bare) == 1:
            # British honours go with the given name: 'Dame Celia' after 'Dame Celia Ashdown'
            for person in self.people:
                given = _strip_title(person.full)
                if len(given) > 1 and given[0].lower() == key:
                    return person
        return None

    def _note_roles(self, text: str, start: int, end: int, person: _Person) -> None:
        after = text[end : end + 120]
        m = re.match(
            r",\s+(?:\d+,\s+)?((?:the|a|an)\s[^,.;\"“”]{2,90}?)(?:,|\.|;| who| said)",
            after,
            re.I,
        )
        if m:
            person.roles.append(m.group(1).lower())
        before = text[max(0, start - 110) : start]
        if not before.rstrip().endswith(","):
            return  # no apposition ends right before the name
        m = re.search(
            r"((?:the|a|an|its|his|her|their)\s[^,.;\"“”]{2,90}),\s*$", before, re.IGNORECASE
        )
        if m:
            person.roles.append(m.group(1).lower())
        m = re.search(r"(?:^|\s)(\w[\w\-]*)(?:'s|’s)\s+([^,.;\"“”]{2,50}),\s*$", before)
        if m and not m.group(2)[:1].isupper():  # "Ireland's health minister, Seán Ó Briain"
            person.roles.append(m.group(2).lower())

    def recent_org(self, pos: int, within: int = 400) -> _Person | None:
        """The organisation named last before ``pos``, if it was named close by."""
        for mention in reversed(self.org_mentions):
            if mention.pos < pos:
                return mention.person if pos - mention.pos <= within else None
        return None

    def before(self, pos: int) -> list[_Person]:
        seen: list[_Person] = []
        for mention in reversed(self.mentions):
            if mention.pos < pos and mention.person not in seen:
                seen.append(mention.person)
        return seen

    def by_role(self, role: str, pos: int) -> _Person | None:
        """The person last named before ``pos`` with this role ('the judge'), else the first
        named after it ('a judge said ... Judge Caroline Penhaligon')."""
        heads = _role_heads(role)
        if not heads:
            return None
        for person in self.before(pos):
            if any(heads & _role_heads(known) for known in person.roles):
                return person
        for mention in reversed(self.org_mentions):
            if mention.pos < pos and any(heads & _role_heads(k) for k in mention.person.roles):
                return mention.person
        for mention in self.mentions:
            if mention.pos > pos and any(heads & _role_heads(k) for k in mention.person.roles):
                return mention.person
        return None


_ROLE_CUT = re.compile(
    r"\s(?:of|for|at|with|in|from|on|to|who|which|whose|that|and|since|,)\s.*$|,.*$"
)
#: Nouns that name what a person does, for 'the coach said' and 'quarterback Tavon Reese'.
_ROLE_NOUNS = frozenset(
    "coach quarterback kicker receiver player captain striker director manager executive chief "
    "founder spokesman spokeswoman spokesperson lawyer attorney judge justice minister "
    "secretary mayor governor senator councillor councilor official officer sheriff deputy "
    "detective inspector professor researcher scientist economist analyst engineer doctor "
    "nurse surgeon physician teacher headteacher headmaster principal student resident owner "
    "farmer campaigner activist chairman chairwoman chair president leader head editor author "
    "writer novelist producer actor actress singer musician artist curator historian "
    "meteorologist forecaster epidemiologist biologist ecologist geologist astronomer "
    "physicist chemist adviser advisor consultant contractor developer designer pilot driver "
    "worker employee volunteer organiser organizer coordinator commissioner superintendent "
    "trustee chancellor vice-chancellor dean rector bishop priest vicar pastor rabbi imam "
    "prosecutor barrister solicitor plaintiff defendant witness survivor landlord tenant "
    "shopkeeper chef fisherman paramedic firefighter soldier veteran diplomat ambassador "
    "negotiator regulator auditor accountant banker trader investor strategist pollster "
    "candidate lawmaker legislator representative congressman congresswoman mp spokesman "
    "lieutenant sergeant captain midfielder goalkeeper defender forward guard pitcher "
    "skipper trainer referee "
    "umpire commentator presenter broadcaster journalist reporter columnist critic "
    "director-general ceo cfo coo chairperson convener convenor union company firm council "
    "agency department ministry government commission authority board police army court "
    "lawsuit statement report ruling operator group charity hospital school university "
    "airline club team party committee regulator watchdog".split()
)


_ROLE_ALIASES = {"sen.": "senator", "sen": "senator", "gov.": "governor", "gov": "governor",
                 "rep.": "representative", "rep": "representative", "cllr": "councillor",
                 "prof": "professor", "prof.": "professor", "det.": "detective",
                 "insp.": "inspector", "supt.": "superintendent", "lt.": "lieutenant",
                 "sgt.": "sergeant", "capt.": "captain", "spokeswoman": "spokesperson",
                 "spokesman": "spokesperson", "councilor": "councillor"}  # fmt: skip


@lru_cache(maxsize=8192)
def _role_heads(phrase: str) -> frozenset[str]:
    """The role words of a description: 'the former chief executive of Fernleigh Money' ->
    {'chief', 'executive'}; 'a meteorologist with the weather service' -> {'meteorologist'}."""
    cut = _ROLE_CUT.sub("", " " + phrase.lower().replace(_ABBREV_DOT, ".")).split()
    cut = [_ROLE_ALIASES.get(w, w).strip("'’") for w in cut]
    heads = {w for w in cut if w in _ROLE_NOUNS}
    if not heads and cut:
        last = cut[-1].strip("'’")
        if last.endswith(("er", "or", "ist", "ian")) and len(last) > 4:
            heads.add(last)
    return frozenset(heads)


def _role_before(text: str, start: int) -> list[str]:
    """'coach Terry Vandermolen', 'athletic director Marisol Ventura': the lower-case role
    written straight before a name."""
    m = re.search(r"(?:^|[\s(])((?:[a-z][\w\-]*\s+){1,3})$", text[max(0, start - 50) : start])
    if m is None:
        return []
    words = m.group(1).split()
    while words and words[-1] not in _ROLE_NOUNS:
        return []
    return [" ".join(words)]


@lru_cache(maxsize=8192)
def _split_titles(name: str) -> tuple[str, tuple[str, ...]]:
    """Job titles written before a name are a role, not the name: 'Cade County Sheriff Wade
    Holloway' -> ('Wade Holloway', ('cade county sheriff',)); an honorific stays ('Sen.
    Harlan Boyd', 'Dr Ana Ruiz'); 'KC' or 'Jr' after the name goes."""
    tokens = name.split()
    while len(tokens) > 1 and _bare(tokens[-1]) in _NAME_SUFFIXES:
        tokens.pop()
    owners = [i for i, t in enumerate(tokens[:-1]) if t.endswith(("'s", "’s"))]
    if owners:  # "B.C.'s Minister ...": the owner is not part of the name
        tokens = tokens[owners[-1] + 1 :]
    titles = [i for i, t in enumerate(tokens[:-1]) if _bare(t) in _ANY_TITLE]
    if not titles:
        return " ".join(tokens), ()
    cut = titles[-1]
    keep_from = cut if _bare(tokens[cut]) in _TITLES else cut + 1
    role = " ".join(_bare(t) for t in tokens[: cut + 1])
    return " ".join(tokens[keep_from:]), (role,)


def _bare(token: str) -> str:
    return token.rstrip("." + _ABBREV_DOT).replace(_ABBREV_DOT, ".").lower()


def _is_org_token(token: str) -> bool:
    bare = token.strip("'’")
    return bare.lower() in _ORG_WORDS or (bare.isupper() and len(bare) > 1 and "\u2024" not in bare)


#: 'PaySetu, the Bengaluru-based payments platform': a one-word name that is a business.
_ORG_APPOSITION = re.compile(
    r",\s+(?:the|a|an)\s+(?:[\w\-’']+\s+){0,5}?(company|firm|platform|startup|start-up|app|"
    r"retailer|maker|manufacturer|operator|provider|brand|chain|developer|publisher|"
    r"broadcaster|airline|carrier|lender|insurer|bank|group|giant|supermarket|studio)\b"
)
_TITLE_START = re.compile(r"(?:" + "|".join(t.capitalize() for t in _TITLES) + r")\b")


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in ranges)


_ORG_NAME = re.compile(
    rf"(?:(?:The|A|An)\s+)?[{_UPPER}][\w'’&\-]*"
    rf"(?:\s+(?:(?:of|for|the|on)\s+)*[{_UPPER}][\w'’&\-]*)*"
)
#: Subject pronouns only: 'Alex Brandt, her neighbour' says nothing of Alex.
_GENDERED_PRONOUN = re.compile(r"\b(?:[Hh]e|[Hh]im|[Hh]is|[Ss]he|[Hh]er|[Hh]ers)\b")
_QUOTE_MARK = re.compile('["“”]')


# --- attribution --------------------------------------------------------------------------

_SUBJECT = (
    r"(?P<subj>(?:he|she|they|He|She|They)\b|(?:the|a|an|its|his|her|their|The|A|An|Its|His|Her|Their)\s+(?:[\w'’\-]+\s+){0,4}?[\w'’\-]+"
    rf"|{_TITLE_RE}?{_CAP}(?:\s+{_PARTICLE}?{_CAP}){{0,3}})"
)
_SUBJECT_VERB = re.compile(
    rf"\s*{_SUBJECT}(?:,(?P<appos>[^,]{{2,90}}),)?"
    r"(?:\s+(?:of|from|at|for)\s+(?:the\s+)?[^,;:\"“”.]{2,60}?)?"
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
    r"(?P<subj>\b(?:[Hh]e|[Ss]he|[Tt]hey)\b|\b(?:[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+"
    r"(?:[\w'’\-]+\s+){0,3}?[\w'’\-]+"
    rf"|[{_UPPER}][\w'’\-]+(?:\s+[{_UPPER}][\w'’\-]+){{0,2}})"
    r"\s+(?:has\s+|had\s+|have\s+)?(?<!-)(?:called|described|branded|dubbed|labelled|labeled)"
    r"\s+(?:[^\"“”.;:]{0,80}?\s+)?(?:as\s+)?$"
)
_AFTER_VERB_FIRST = re.compile(
    rf"^[,.!?]?\s*[,—–-]?\s*{_VERB_RE}\s+(?P<who>[^.;!?\"“”\n]{{2,120}})", re.UNICODE
)
#: An attribution after a quotation that ends its sentence: '"...?" Pike asked.', '"...!"
#: said Dr Ruiz, the ...' (the words after the verb run to a stop or comma, and are few).
_SHORT_ATTRIBUTION = re.compile(
    r"^\s*(?:[^.;!?\"“”\n]{0,60}?\s)?" + _VERB_RE + r"\b[^.;!?\"“”\n,]{0,50}(?:[.,;!?]|$)"
)
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
    rf"(?:\s+[^\"“”:]{{0,60}}?)?\s*[:,]?\s*$",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .,'’\-]{2,40}\s*[—–-]+\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]?\s+(?=[\"“A-Z0-9])|\n\n")


def _sentence_start(text: str, pos: int) -> int:
    start = 0
    for m in _SENTENCE_END.finditer(text, max(0, pos - 600), min(len(text), pos + 1)):
        if m.end() > pos:
            break
        start = m.end()
    return start


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos)
    return m.start() + 1 if m else len(text)


#: Matched anywhere, then kept only where it opens a sentence (see ``_opens_sentence``): a
#: leading look-behind would stop the regex engine from skipping ahead to the A/An/The.
_UNNAMED_SPEAKER = re.compile(
    r"(?P<who>(?:A|An|The)\s+(?:[\w'’\-]+\s+){0,3}?"
    r"(?:spokesman|spokeswoman|spokesperson|official|source|officer|aide|adviser|insider))"
    rf"\s+(?:\w+ly\s+)?{_VERB_RE}\b"
)


def _opens_sentence(text: str, pos: int) -> bool:
    if pos == 0 or text[pos - 1] == "\n":
        return True
    return pos >= 2 and text[pos - 1].isspace() and text[pos - 2] in ".!?"


class _Resolver:
    def __init__(self, text: str, spans: list[_Span] | None = None) -> None:
        self.text = text
        self.people = _People(text, spans)
        self.people.note_unnamed_speakers(text)
        self._mention_at = {m.pos: m.person for m in self.people.mentions}
        self.last_speaker: _Person | None = None
        """Who the previous quote was attributed to (the reader's 'she' is usually them)."""

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
            person = self._opening_person(start, cursor)
            if fits(person):
                return person
            # 'Canada's delegation was led by Senator Marie-Claude Thibodeau, who ...': someone
            # named later in the sentence, when their sex is known to fit
            for mention in reversed(self.people.mentions):
                named = mention.person
                if start <= mention.pos < cursor and gender is not None and named.gender == gender:
                    return named
            cursor = start
        if fits(self.last_speaker):
            return self.last_speaker
        for person in self.people.before(pos):
            if fits(person):
                return person
        return None

    def _opening_person(self, start: int, end: int) -> _Person | None:
        """The named person a sentence opens with ('Gallagher said ...', 'Its chief nurse,
        Bernadette Quayle, said ...'), if any."""
        lead = len(self.text[start:end]) - len(self.text[start:end].lstrip())
        unnamed = self._mention_at.get(start + lead)  # 'A council spokesman said ...'
        if unnamed is not None:
            return unnamed
        sentence = _LEADING_ADVERBIAL.sub("", _DATELINE.sub("", self.text[start:end]))
        m = re.match(
            r"\s*(?i:(?:the|a|an|its|his|her|their)\s[^,\"“”]{2,60},\s*)?"
            rf"(?P<name>{NAME_RE.pattern})",
            sentence,
        )
        if m is not None:
            person = self.people.lookup(_trim_name(m.group("name")))
            if person is not None and not person.org:
                return person
        # 'The trust's medical director acknowledged ...', 'The judge rejected ...'
        role = re.match(r"\s*(?:the|its|his|her|their)\s+((?:[\w'’\-]+\s+){0,5})", sentence, re.I)
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
            return (org.full, org.short, 0.6) if org is not None else (None, None, 0.0)
        if lowered in _PRONOUNS:
            found = self._pronoun(_PRONOUNS[lowered], pos)
            if found is not None:
                return found.full, found.short, 0.75
            return None, None, 0.2
        if lowered.startswith(("his ", "her ", "their ", "its ")):
            phrase = "the " + phrase.split(" ", 1)[1]
            lowered = phrase.lower()
        names = []
        for m in NAME_RE.finditer(phrase):
            name = _split_titles(_trim_name(m.group(0)))[0]
            owner = phrase[m.end() : m.end() + 2] in ("'s", "’s") or name.endswith(("'s", "’s"))
            if name and not owner and not any(_is_org_token(t) for t in name.split()):
                names.append(name)  # ('Hendry Leisure's chairman' is not Hendry Leisure)
        if head_last:
            names.reverse()
        for name in names:  # someone the article has introduced, wherever in the phrase
            person = self.people.lookup(name)
            if person is not None:
                return person.full, person.short, 0.9
        for name in names:
            if len(_strip_title(name)) >= 2:
                bare = _strip_title(name)
                return name, bare[-1], 0.8
        if re.fullmatch(r"(?:the|a|an|its|their)\s+(?:written\s+)?(?:statement|release)", lowered):
            org = self.people.recent_org(pos, within=2000)  # 'the statement said'
            if org is not None:
                return org.full, org.short, 0.6
        role_match = _ROLE_RE.match(lowered) or _ROLE_RE.search(lowered)
        if role_match is not None or lowered.startswith(("the ", "a ", "an ", "one ", "another ")):
            role = role_match.group(1) if role_match else lowered.split(" ", 1)[1]
            person = self.people.by_role(role, pos)
            if person is not None:
                return person.full, person.short, 0.7
            descriptor = re.match(r"the\s+(?:[A-Z][a-z]+|\d+-year-old)$", phrase.strip())
            recent = self.people.before(pos)
            if descriptor and recent:
                return recent[0].full, recent[0].short, 0.6
            # an unnamed speaker: the phrase itself, whole when it ends in the role
            ends_in_role = bool(_role_heads(phrase.split()[-1]))
            words = phrase.strip() if ends_in_role else phrase.split(",")[0].strip()
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

    def after(self, end: int) -> tuple[str | None, str | None, float] | None:
        tail = self.text[end : end + 160].split("\n\n", 1)[0]
        inner_end = self.text[max(0, end - 3) : end - 1].rstrip()
        # '"... plan." The minister said' starts a new sentence: not an attribution.
        if (inner_end.endswith(".") or tail.startswith(".")) and not re.match(
            rf"^\.?\s*{_VERB_RE}\b|^\s+(?:he|she|they)\s", tail
        ):
            return None
        if not re.search(r"[,!?…—–\-][’']?$", inner_end) and not re.match(r"\s*[,—–\-]", tail):
            # '"no legal alternative" after its chief finance officer concluded': the
            # reporter's sentence goes on; an attribution is set off by punctuation
            return None
        if re.search(r"[.!?…][’']?$", inner_end) and not _SHORT_ATTRIBUTION.match(tail):
            # '"... Who will pay me for that?" The Minister said the government had ...' is a
            # new sentence with its own content, not this quotation's attribution
            return None
        m = _AFTER_SUBJ_FIRST.match(tail)
        if m:
            return self.resolve(m.group("subj"), end, head_last=True)
        m = _AFTER_VERB_FIRST.match(tail)
        if m:
            who = re.split(r"\s+(?:who|which|adding|as|in|at|on|after|before|when)\s", m["who"])
            return self.resolve(who[0], end)
        m = _AFTER_ANY_SUBJECT.match(tail)  # '"...," Dunmore State coach Terry Vandermolen said'
        if m:
            full, short, conf = self.resolve(m.group("subj"), end, head_last=True)
            if full:
                return full, short, min(conf, 0.8)
        return None

    def before(self, start: int) -> tuple[str | None, str | None, float] | None:
        sent = _sentence_start(self.text, start)
        head = self.text[sent:start]
        if not _BEFORE.search(head):
            return None
        acc = re.search(r"according to ([^,]{2,80})", head, re.IGNORECASE)
        if acc:
            return self.resolve(acc.group(1), start)
        head = _LEADING_ADVERBIAL.sub("", _DATELINE.sub("", head))
        m = _SUBJECT_VERB.match(head)
        if m and not re.match(rf"\s*{_VERB_RE}\b", head):
            return self._subject_of(m, start)
        m = re.search(rf"{_VERB_RE}\s+(?P<who>[^.;:\"“”]{{2,100}}?)\s*[:,]\s*$", head)
        if m:  # 'said the council leader, Tom Okafor: "...' (not 'said outside court:')
            full, short, conf = self.resolve(m.group("who"), start)
            if full:
                return full, short, conf
        # 'A farmer whose field flooded said the animals were "...': the words before the verb
        verbs = list(re.finditer(rf"(?<!-)\b{_VERB_RE}\b", head))  # not 'so-called'

        if verbs:
            verb = verbs[-1]
            subject = head[: verb.start()].strip()
            # (commas too when it ends in a role: 'A Department for Science, Innovation and
            # Technology spokesperson said')
            plain = "," not in subject or _role_heads(subject.split()[-1] if subject else "")
            whole = None
            if subject and plain and len(subject.split()) <= 12:
                whole = self.resolve(subject, start, head_last=True)
                if whole[0] and whole[2] >= 0.8:  # a person the article names
                    return whole[0], whole[1], min(whole[2], 0.6)
            # '... jailed after a judge said he had treated it "...': the noun phrase right
            # before the verb, after the last conjunction or clause word
            nearest = re.split(_CLAUSE_WORDS, subject)[-1].strip()
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
                clauses = [c.strip() for c in subject.split(",")[:3] if c.strip()]
                found = [self.resolve(c, start) for c in clauses if len(c.split()) <= 10]
                for full, short, conf in sorted(found, key=lambda f: f[2] < 0.8):
                    if full and conf >= 0.7:  # a person or a role, not just any words
                        return full, short, min(conf, 0.75)
        return None

    def called(self, start: int) -> tuple[str | None, str | None, float] | None:
        """'Critics called the vote "a promise nobody has costed"': the subject of called."""
        sent = _sentence_start(self.text, start)
        m = _CALLED.search(self.text, max(sent, start - 160), start)
        if m is None:
            return None
        subject = m.group("subj")
        # 'a decision his manager called': the last noun phrase is the one that called it
        parts = re.split(r"\b(?=(?:his|her|their|its|the|a|an)\s)", subject, flags=re.I)
        subject = parts[-1].strip() or subject
        full, short, conf = self.resolve(subject, start, head_last=True)
        if full:
            return full, short, min(conf, 0.6)
        if subject.split()[0].lower() in _NON_SPEAKERS:
            return None  # 'it called', 'this called': no one to quote
        return subject, subject, 0.5

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
        return None

    def subject(self, start: int) -> tuple[str | None, str | None, float] | None:
        sent = _sentence_start(self.text, start)
        head = _DATELINE.sub("", self.text[sent:start])
        m = _SUBJECT_VERB.match(head)
        if m:
            full, short, conf = self._subject_of(m, start)
            if full:
                return full, short, conf
        return None


#: Abbreviations whose full stop ends no sentence ("Sen. Harlan Boyd", "TUCSON, Ariz. —").
_ABBREVIATIONS = (
    "Mr Mrs Ms Dr St Sen Rep Gov Lt Sgt Capt Det Gen Col Maj Prof Rev Insp Supt Jr Sr No Cllr "
    "Mt Ft Adm Cmdr Cpl Pvt Atty Hon Gov Sec Co Inc Ltd Corp Bros Dept Univ Ave Blvd Jan Feb "
    "Aug Sept Sep Oct Nov Dec Ariz Calif Colo Conn Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn "
    "Miss Mo Mont Neb Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo Ala Ark Del vs etc approx"
).split()
_ABBREVIATION_SET = frozenset(_ABBREVIATIONS)
#: The word (or dotted letters) right before a full stop.
_WORD_BEFORE_DOT = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]+\.")


def _mask_abbreviations(text: str) -> str:
    """The same text with the full stops of abbreviations replaced by a look-alike, so
    sentence splitting and the 'no full stop inside a name' rules see 'Sen. Harlan Boyd' as
    one name; offsets are unchanged and speakers are written back with real full stops.

    Walks the full stops (a fast literal search) rather than one big alternation, which the
    regex engine would try at every word of the article."""
    chars: list[str] | None = None
    pos = text.find(".")
    while pos != -1:
        word_start = pos
        while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
            word_start -= 1
        word = text[word_start:pos]
        after = text[pos + 1 : pos + 3]
        dotted = "." in word or (
            len(word) == 1 and len(after) == 2 and after[0].isalpha() and after[1] == "."
        )
        initial = len(word) == 1 and word.isupper() and after[:1].isspace() and after[1:2].isupper()
        known = word in _ABBREVIATION_SET and after[:1].isspace()
        if (dotted or initial or known) and not (word_start > 0 and text[word_start - 1].isalnum()):
            if chars is None:
                chars = list(text)
            chars[pos] = _ABBREV_DOT
        pos = text.find(".", pos + 1)
    return text if chars is None else "".join(chars)


def _unmask(name: str | None) -> str | None:
    return name.replace(_ABBREV_DOT, ".") if name else name


#: Words that put the next quotation in scare quotes or make it a name, not speech.
_SCARE_LEAD = re.compile(
    r"(?:so-called|dubbed|nicknamed|known(?:\s+\w+ly)?\s+as|billed\s+as|branded|titled|"
    r"entitled|named)(?:\s+[^\"“”.,;:]{0,40}?)?(?:\s+(?:the|a|an))?\s*$",
    re.IGNORECASE,
)


_MINOR_WORDS = frozenset("a an the of for and or in on at to by with from as vs nor but".split())


def _looks_like_title(words: str) -> bool:
    """'Rivers At Risk', 'Running on Empty', 'Emergency Care: The Case for Consolidation':
    every word but the small ones capitalised, and no sentence inside."""
    tokens = re.findall(r"[\w'’\-]+", words)
    if not tokens or len(tokens) > 9 or re.search(r"[.!?]\s+[A-Z]", words):
        return False
    return tokens[0][:1].isupper() and all(
        t[:1].isupper() or t[:1].isdigit() or t.lower() in _MINOR_WORDS for t in tokens
    )


def _joined(quote: Quote, words: str, end: int) -> Quote:
    return Quote(
        text=f"{quote.text} {words}",
        speaker=quote.speaker,
        speaker_short=quote.speaker_short,
        start=quote.start,
        end=end,
        kind=quote.kind,
        confidence=min(quote.confidence, 0.8),
    )


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(",").strip()


def extract_quotes(article_or_text: Article | str) -> list[Quote]:
    """Every direct quotation, in order, with its speaker where the text names one."""
    text = article_or_text if isinstance(article_or_text, str) else article_or_text.text
    spans = _pair_marks(text)
    if not spans:
        return []
    quoted_text = text
    text = _mask_abbreviations(text)
    resolver = _Resolver(text, spans)
    quotes: list[Quote] = []
    last: tuple[str | None, str | None] = (None, None)
    previous_end = 0
    previous_span: _Span | None = None
    for span in spans:
        inner = " ".join(quoted_text[a:b] for a, b in span.parts).strip()
        words = _clean(inner)
        if not words:
            continue
        sent_start = _sentence_start(text, span.start)
        head = text[sent_start : span.start]
        at_start = head.strip() == "" or head.rstrip().endswith(":")
        tail = text[span.end : _sentence_end(text, span.end)]
        n_words = len(words.split())
        between = text[previous_end : span.start] if previous_end else ""
        continues = (
            previous_end
            and len(between) < 80
            and "\n\n" not in between
            and between.rstrip().endswith(",")
            and re.search(rf"\b{_VERB_RE}\b", between)
        )
        labelled = _SCARE_LEAD.search(head) or (
            _looks_like_title(words)
            and (re.search(r"\bcalled\s*$", head) or not re.search(r"[.!?,…—–-]$", inner))
        )  # the work 'which Calloway called "The Lantern Coast"' is a title, not her words
        found = None if labelled else resolver.after(span.end) or resolver.before(span.start)
        if continues and last[0] and not (found and found[0]):
            found = (last[0], last[1], 0.8)  # '"A," she said, "B."': B is hers too
        same_sentence = bool(quotes) and quotes[-1].start >= sent_start and quotes[-1].speaker
        if same_sentence and not (found and found[0]) and not labelled:
            # 'X said the sale was "conditional on consent" and that a refusal would "leave
            # a hole"': the second quotation is the same speaker's
            found = (quotes[-1].speaker, quotes[-1].speaker_short, 0.7)
        follows_cut = previous_span is not None and previous_span.cut and quotes
        previous_span = span
        if follows_cut and (not (found and found[0]) or found[0] == quotes[-1].speaker):
            # A flattened export lost the paragraph break inside one quotation: '... dream
            # of. "When the money ran out, ...': the same quotation goes on.
            quotes[-1] = _joined(quotes[-1], words, span.end)
            previous_end = span.end
            continue
        kind = "full"
        confidence = 0.9
        speaker: tuple[str | None, str | None] = (None, None)
        if found and found[0]:
            speaker = (found[0], found[1])
            confidence = found[2]
            lead = head.rstrip()
            introduced = lead.endswith((":", ",")) or re.search(rf"\b{_VERB_RE}$", lead)
            if not at_start and not introduced:
                kind = "partial"
        elif at_start and (n_words >= 3 or words.endswith((".", "!", "?", "…"))):
            # A floating quote continues the last speaker, unless the paragraph before it
            # introduced someone else ('Dr Adeyemi described the mechanism.').
            introduced_by = resolver.opening_of_previous(span.start) if not head.strip() else None
            if introduced_by is not None:
                speaker = (introduced_by.full, introduced_by.short)
                confidence = 0.6
            else:
                speaker = last
                confidence = 0.55 if last[0] else 0.2
        else:
            reporting = re.search(rf"\b{_VERB_RE}\b|\bcalled\b|\bdescribed\b", head + tail)
            subject = resolver.called(span.start) if reporting else None
            subject = subject or (resolver.subject(span.start) if reporting else None)
            short_title = _looks_like_title(words)
            # ("Low Tide at Ōpōtiki", the council's "Wexcombe Conservation Area Appraisal")
            if subject and n_words >= 2 and not short_title and not labelled:
                speaker = (subject[0], subject[1])
                kind = "partial"
                confidence = min(subject[2], 0.6)
            elif n_words <= 4 or short_title or labelled:
                kind = "scare"
                confidence = 0.7
            else:
                kind = "partial" if not at_start else "full"
                speaker = last if at_start else (None, None)
                confidence = 0.3
        if span.run_on or not span.closed:
            confidence = min(confidence, 0.8)
        if kind != "scare" and speaker[0]:
            last = speaker
            resolver.last_speaker = resolver.people.lookup(speaker[0])
        previous_end = span.end
        quotes.append(
            Quote(
                text=words,
                speaker=_unmask(speaker[0]) if kind != "scare" else None,
                speaker_short=_unmask(speaker[1]) if kind != "scare" else None,
                start=span.start,
                end=span.end,
                kind=kind,
                confidence=round(confidence, 2),
            )
        )
    return quotes
