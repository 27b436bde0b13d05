"""The words of news attribution: reporting verbs, titles, roles, organisations, names.

Plain data and the regular expressions built from it; the rules that use them live in
``people.py`` (who is who) and ``attribution.py`` (who said it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from digest.quotes import first_names

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
    "accuses described urging urged vowed vow vows vowing pledged pledges demanded demands "
    "demanding pleaded pleads pleading begged quipped quips retorted retorts reiterated "
    "reiterates recounted recounts testified testifies alleged alleges contended contends "
    "assured assures lamented laments hinted hints signalled signaled texted emailed "
    "insisting claiming admitting promising asking noting explaining accusing declaring "
    "announcing predicting warning acknowledging recalling conceding describing "
    # (more of the reporting verbs of news English: 'shot back', 'went on', 'cites')
    "asserted asserts answered answers commented comments exclaimed "
    "bragged brags interjected proclaimed proclaims snapped scoffed cited cites "
    "explained barked barks yelled yells screamed cried chuckled laughed sighed gushed "
    "raved fumed griped mocked mocks teased sneered muttered murmured boomed thundered "
    "roared reasoned ventured remembered related reported reports messaged scolded lectured "
    "protested objected disagreed cheered bristled blasted blasts slammed slams railed "
    "deadpanned intoned implored repeated repeats "
    # (an interviewer's and a columnist's verbs: 'the host pressed', 'the paper opined')
    "pressed opined retaliated "
    # (what a written text says: 'the sign read', 'the letter reads')
    "read reads".split()
)


VERBS = frozenset(_VERB_STEMS) | {"shot back", "fired back", "went on", "chimed in"}


def alternation(words: Iterable[str]) -> str:
    """A regular expression for any of ``words``, longest first, written as a trie
    ('sa(?:ying|id|ys?)'): Python's engine tries a flat alternation's branches one by one at
    every position of the text, a trie only the branches that share the letter it reads, so a
    search for any of two hundred verbs costs about what a search for one does."""
    tree: dict[str, dict[str, object]] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})  # type: ignore[assignment]
        node[""] = {}

    def pattern(node: dict[str, dict[str, object]]) -> str:
        ends = "" in node
        branches = [
            re.escape(char) + pattern(child)  # type: ignore[arg-type]
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:  # a word ends here and longer ones go on: the longer are tried first
            return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
        return body

    return "(?:" + pattern(tree) + ")"


_VERB_RE = alternation(VERBS)

#: A reporting verb as a word ('said', not 'saidx'), and one at the end of a text.
VERB_WORD = re.compile(rf"\b{_VERB_RE}\b")
VERB_AT_END = re.compile(rf"\b{_VERB_RE}$")
#: ``VERB_WORD`` from the character before the verb, one that is no word's (or no word's and
#: no hyphen: 'so-called'). A pattern that opens with ``\b`` is tried at every position of the
#: text; one that opens with a set of characters only where one of them is, and these are
#: about a fifth of a text's characters. (The verbs' first letters would not do, as they do
#: for 'he' and 'she': the verbs open with nearly every letter.) See ``verb_word_at``.
_VERB_AFTER_NON_WORD = re.compile(rf"\W{_VERB_RE}\b")
_VERB_AFTER_NON_HYPHEN = re.compile(rf"[^\w\-]{_VERB_RE}\b")


def verb_word_at(text: str, pos: int = 0, endpos: int | None = None) -> int:
    """Where ``VERB_WORD.search(text, pos, endpos)`` finds a reporting verb, or -1: at ``pos``
    itself, or one character after a character that is no word's (a test holds the two to
    the same answers)."""
    end = len(text) if endpos is None else endpos
    if VERB_WORD.match(text, pos, end) is not None:
        return pos
    m = _VERB_AFTER_NON_WORD.search(text, pos, end)
    return -1 if m is None else m.start() + 1


_TITLES = {
    "mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f", "dame": "f",
    "lady": "f", "dr": None, "prof": None, "professor": None, "rev": None, "cllr": None,
    "judge": None, "captain": None, "gen": None, "sen": None, "senator": None, "rep": None,
    "president": None, "inspector": None, "detective": None, "baroness": "f", "baron": "m",
    "gov": None, "governor": None, "lt": None, "sgt": None, "capt": None, "det": None,
    "insp": None, "supt": None, "col": None, "maj": None, "adm": None, "cmdr": None,
    "father": "m", "sister": "f", "brother": "m", "king": "m", "queen": "f", "prince": "m",
    "princess": "f", "duke": "m", "duchess": "f", "justice": None, "rabbi": None,
    "imam": None, "pastor": None, "bishop": None, "alhaji": "m", "alhaja": "f", "hon": None,
    "engr": None, "eng": None, "mx": None,
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
    "tory liberal ceo cfo coo cto treasurer engineer auditor comptroller registrar magistrate "
    "coroner commander marshal warden rector vicar canon archbishop cardinal associate "
    "assistant acting interim retired former second".split()
)


#: Words for a party, a nation or a faith, written before a name ('Russian Vladimir Putin',
#: 'Democrat Ann Lee') or alone ('the Republican'): a description, never a person's name
#: (general knowledge: the usual parties and the demonyms most often in English news).
DESCRIPTIONS = frozenset(
    """
    republican republicans democrat democrats democratic gop libertarian independent
    american americans british english scottish welsh irish french german italian spanish
    portuguese dutch belgian swiss austrian swedish norwegian danish finnish polish russian
    ukrainian greek turkish israeli palestinian arab iranian iraqi syrian saudi egyptian
    libyan afghan pakistani indian chinese japanese korean vietnamese mexican canadian cuban
    venezuelan brazilian argentine colombian australian european african asian hispanic
    latino latina muslim christian jewish catholic evangelical islamic sunni shiite
    """.split()
)


_ANY_TITLE = _ROLE_TITLES | _TITLES.keys() | DESCRIPTIONS


#: After a name, not part of it: "Daniel Kemble KC", "Martin Luther King Jr".
_NAME_SUFFIXES = frozenset("kc qc mp msp mep mla td jr sr ii iii iv obe mbe cbe phd md".split())


_ABBREV_DOT = "\u2024"  # stands in for the full stop of "Sen." or "U.S." (same length)


_TITLE_RE = r"(?:" + alternation(t.capitalize() for t in _TITLES) + rf"[.{_ABBREV_DOT}]?\s+)"
#: ``_TITLE_RE`` read backwards, for patterns matched against a reversed text.
_TITLE_REVERSED_RE = (
    rf"(?:\s+[.{_ABBREV_DOT}]?" + alternation(t.capitalize()[::-1] for t in _TITLES) + ")"
)


#: Capital letters, accented ones too ('Ó Súilleabháin', 'Ōpōtiki', 'Ángel').
_UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())


_CAP = rf"[{_UPPER}][\w'’\-{_ABBREV_DOT}]*"


_PARTICLES = frozenset("de van von da di del der den le la bin al ter du dos das ben ibn".split())


_PARTICLE = r"(?:(?:" + "|".join(_PARTICLES) + r")\s+)"


NAME_RE = re.compile(rf"{_TITLE_RE}?{_CAP}(?:\s+{_PARTICLE}{{0,2}}{_CAP}){{0,5}}")


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
    "western central midlands mountain valley arena avenue commons island islands chronicle "
    "magazine tribune telegraph radio television broadcasting newspaper".split()
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
    "hospital": "hospital", "infirmary": "hospital", "court": "court", "party": "party",
    "tribunal": "tribunal court", "committee": "committee", "institute": "institute",
    "network": "network group", "forum": "forum group", "group": "group company",
    "banking": "bank company", "water": "company utility", "energy": "company utility",
    "college": "college", "school": "school", "academy": "academy",
}  # fmt: skip


_AFTER_PREPOSITION = re.compile(r"\b(?:of|for|at|in|from)(?:\s+the)?\s+$", re.I)


#: Subjects of 'called' that name no speaker.
_NON_SPEAKERS = frozenset("it this that these those which who what there here".split())


_GIVEN_NAME_TITLES = frozenset({"dame", "sir", "lady", "lord"})


_PRONOUNS = {"he": "m", "she": "f", "they": None, "him": "m", "her": "f"}


_NOT_NAME_START = frozenset(
    "later earlier now today yesterday tomorrow still also even only last next first asked "
    "speaking writing according despite although though because late early mid".split()
) | frozenset(
    "the a an in on at but and or when if it this that these those there here as for with "
    "by from to of after before while since however meanwhile yet so then its his her their "
    "our we i you he she they opponents critics officials engineers residents experts "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december is are was were will would "
    "what who why how not no one some many most".split()
)
# (and subordinating conjunctions, from any English grammar's list, that open a sentence before
# a name: 'Whenever Norland is attacked, ...' names Norland, not 'Whenever Norland')
_NOT_NAME_START |= frozenset("whenever wherever whereas unless until whether once".split())
# (and the prepositions of comparison that open a sentence before a name: 'Like Reyes, Lee voted
# no' is about Lee; general English usage)
_NOT_NAME_START |= frozenset("like unlike".split())


_ROLE_RE = re.compile(
    r"\b(?:the|a|an|its|their|his|her)\s+((?:[\w'’\-]+\s+){0,4}?"
    r"(?:[a-z][\w\-]*(?:er|or|ist|ian|ant|ent|man|woman|person|spokesperson|spokesman|"
    r"spokeswoman|leader|chief|head|director|minister|secretary|officer|chair|chairman|"
    r"chairwoman|executive|founder|owner|professor|mayor|councillor|captain|coach|manager|"
    r"president|governor|senator|judge|doctor|nurse|teacher|scientist|engineer|author|"
    r"analyst|economist|campaigner|resident|expert|official|source|statement|company|"
    r"ministry|department|agency|council|union|group|firm|operator|police|army|board)))\b"
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


#: 'PaySetu, the Bengaluru-based payments platform': a one-word name that is a business.
_ORG_APPOSITION = re.compile(
    r",\s+(?:the|a|an)\s+(?:[\w\-’']+\s+){0,5}?(company|firm|platform|startup|start-up|app|"
    r"retailer|maker|manufacturer|operator|provider|brand|chain|developer|publisher|"
    r"broadcaster|airline|carrier|lender|insurer|bank|group|giant|supermarket|studio)\b"
)


_TITLE_START = re.compile(alternation(t.capitalize() for t in _TITLES) + r"\b")


_ORG_NAME = re.compile(
    rf"(?:(?:The|A|An)\s+)?[{_UPPER}][\w'’&\-]*"
    rf"(?:\s+(?:(?:of|for|the|on)\s+)*[{_UPPER}][\w'’&\-]*)*"
)


#: Subject pronouns only: 'Alex Brandt, her neighbour' says nothing of Alex.
_GENDERED_PRONOUN = re.compile(r"\b(?:[Hh]e|[Hh]im|[Hh]is|[Ss]he|[Hh]er|[Hh]ers)\b")


_QUOTE_MARK = re.compile('["“”]')


#: Matched anywhere, then kept only where it opens a sentence (see ``_opens_sentence``): a
#: leading look-behind would stop the regex engine from skipping ahead to the A/An/The.
_UNNAMED_SPEAKER = re.compile(
    r"(?P<who>(?:A|An|The)\s+(?:[\w'’\-]+\s+){0,3}?"
    r"(?:spokesman|spokeswoman|spokesperson|official|source|officer|aide|adviser|insider)"
    r"(?:\s+(?:for|at|from|of|with)\s+(?:the\s+)?[^,.;:\"“”]{2,60}?)?)"  # 'for the Department'
    rf"\s+(?:\w+ly\s+)?{_VERB_RE}\b"
)


_ROLE_ALIASES = {"sen.": "senator", "sen": "senator", "gov.": "governor", "gov": "governor",
                 "rep.": "representative", "rep": "representative", "cllr": "councillor",
                 "prof": "professor", "prof.": "professor", "det.": "detective",
                 "insp.": "inspector", "supt.": "superintendent", "lt.": "lieutenant",
                 "sgt.": "sergeant", "capt.": "captain", "spokeswoman": "spokesperson",
                 "det": "detective", "sgt": "sergeant", "insp": "inspector",
                 "supt": "superintendent", "lt": "lieutenant", "capt": "captain",
                 "spokesman": "spokesperson", "councilor": "councillor"}  # fmt: skip

#: Roles that say 'she' or 'he'.
_ROLE_SEX = {
    "mother": "f", "wife": "f", "daughter": "f", "sister": "f", "widow": "f", "aunt": "f",
    "grandmother": "f", "niece": "f", "girlfriend": "f", "actress": "f", "chairwoman": "f",
    "spokeswoman": "f", "businesswoman": "f", "congresswoman": "f", "councilwoman": "f",
    "father": "m", "husband": "m", "son": "m", "brother": "m", "widower": "m", "uncle": "m",
    "grandfather": "m", "nephew": "m", "boyfriend": "m", "spokesman": "m", "businessman": "m",
    "congressman": "m", "councilman": "m", "chairman": "m",
}  # fmt: skip

#: A name that starts with one of these is a place ('East Antarctica', 'South Yorkshire');
#: a surname like West or North comes after a given name.
_COMPASS = frozenset("east west north south northern southern eastern western central".split())

#: Places named like people ('Salem, New Hampshire'), which are never speakers: the US states,
#: Canada's provinces, the countries and regions most often in English-language news, and the
#: continents (general knowledge; 'Washington', 'Georgia' and 'Jordan' are also people's
#: names, so they are left out).
_PLACES = frozenset(
    """
    alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii
    idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
    pennsylvania tennessee texas utah vermont virginia wisconsin wyoming
    ontario quebec alberta manitoba saskatchewan nova|scotia british|columbia
    new|hampshire new|jersey new|mexico new|york north|carolina south|carolina north|dakota
    south|dakota west|virginia rhode|island
    america united|states britain great|britain england scotland wales ireland northern|ireland
    france germany italy spain portugal russia ukraine china japan india pakistan iran iraq
    syria israel egypt mexico canada australia brazil argentina cuba venezuela afghanistan
    libya turkey greece poland korea north|korea south|korea vietnam saudi|arabia
    africa europe asia antarctica latin|america middle|east wall|street capitol|hill
    silicon|valley new|zealand south|africa hong|kong beijing moscow london paris berlin
    tokyo baghdad tehran damascus kabul brussels ottawa chicago boston philadelphia
    manhattan brooklyn miami atlanta houston dallas detroit cleveland denver seattle
    los|angeles san|francisco las|vegas new|orleans
    """.split()
)
_PLACES = frozenset(place.replace("|", " ") for place in _PLACES)
