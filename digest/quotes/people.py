"""The article's table of people and organisations: who is named, how they are called later.

Every person introduced (``Dame Wendy Hall, regius professor ...``), their short form
(``Hall``), their sex where a title, a given name or the first 'he'/'she' after them tells,
and their roles (``the engineer``, ``Cade County Sheriff``), so that 'she said' and 'the
sheriff said' resolve to the right entry instead of the nearest capitalised word.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from digest.quotes.lexicon import (
    _ABBREV_DOT,
    _AFTER_PREPOSITION,
    _ANY_TITLE,
    _COMPASS,
    _FEMALE,
    _GENDERED_PRONOUN,
    _GIVEN_NAME_TITLES,
    _MALE,
    _NAME_SUFFIXES,
    _NOT_NAME_START,
    _ORG_APPOSITION,
    _ORG_KINDS,
    _ORG_WORDS,
    _PARTICLES,
    _PLACES,
    _QUOTE_MARK,
    _ROLE_ALIASES,
    _ROLE_NOUNS,
    _ROLE_SEX,
    _TITLE_START,
    _TITLES,
    _UNNAMED_SPEAKER,
    _UPPER,
    DESCRIPTIONS,
    VERBS,
)
from digest.quotes.marks import _quoted_ranges, _Span
from digest.quotes.text import NAME_SCAN, ORG_SCAN, _opens_sentence, _sentence_end


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


@lru_cache(maxsize=8192)
def _gender_of(name: str) -> str | None:
    tokens = name.split()
    if not tokens:
        return None
    title = _bare(tokens[0])
    if title in _TITLES:
        if _TITLES[title]:
            return _TITLES[title]
        tokens = tokens[1:]
    if not tokens:
        return None
    first = tokens[0].lower()
    given = [first]
    if first.find("-") >= 4:  # 'Marie-Claude' by its first part, not 'Wei-Ling' (either)
        given.append(first.split("-")[0])
    for name in given:
        if name in _FEMALE:
            return "f"
        if name in _MALE:
            return "m"
    return None


@lru_cache(maxsize=8192)
def _trim_name(name: str) -> str:
    """Drop sentence-initial words that a capital letter made look like a name ("Later Rao")."""
    tokens = name.split()
    while tokens and _bare(tokens[0]) in _NOT_NAME_START:
        tokens = tokens[1:]
    return " ".join(tokens)


def _strip_title(name: str) -> list[str]:
    return list(_untitled(name))


@lru_cache(maxsize=8192)
def _untitled(name: str) -> tuple[str, ...]:
    tokens = name.split()
    while tokens and _bare(tokens[0]) in _TITLES:  # 'Sen. Boyd', masked dot or not
        if (
            len(tokens) == 2
            and _bare(tokens[0]) in _HONORIFICS
            and _bare(tokens[1]) not in _ADDRESSED
        ):
            return (tokens[1],)  # 'Mr. King', 'Ms. Bishop': a surname that is also a title
        tokens = tokens[1:]
    return tuple(tokens)


#: Honorifics that come before a surname only ('Mr. King' is a man named King).
_HONORIFICS = frozenset("mr mrs ms miss mx dr".split())
#: ... except an office, in the form of address 'Mr. President' (general English usage).
_ADDRESSED = frozenset("president speaker chairman".split())


#: A description after a name: 'Mei Tanaka, the chief executive, said'.
_ROLE_AFTER = re.compile(
    r",\s+(?:\d+,\s+)?((?:the|a|an|its|his|her|their|[A-Z][\w\-]*(?:'s|’s))\s"
    r"[^,.;\"“”]{2,90}?)(?:,|\.|;| who| said)",
    re.I,
)
#: A description before a name: 'the chief executive, Mei Tanaka'.
_ROLE_BEFORE_NAME = re.compile(
    r"((?:the|a|an|its|his|her|their)\s[^,.;\"“”]{2,90}),\s*$", re.IGNORECASE
)
#: "Ireland's health minister, Seán Ó Briain".
_OWNER_ROLE_BEFORE_NAME = re.compile(r"(?:^|\s)(\w[\w\-]*)(?:'s|’s)\s+([^,.;\"“”]{2,50}),\s*$")
#: Capitals that may be initials ('the NHA').
_INITIALS = re.compile(r"\b[A-Z]{2,6}\b")
#: 'Alex Brandt, ': the words after a name are an apposition so far.
_APPOSITION_SO_FAR = re.compile(r"[^,]*,\s*")
#: Up to the last of what the descriptions before a name never hold.
_LAST_ROLE_STOP = re.compile(r'.*[,.;"“”]', re.DOTALL)


class _People:
    """The article's person table: full names, short forms, gender, roles and mentions."""

    def __init__(self, text: str, spans: list[_Span] | None = None) -> None:
        self.people: list[_Person] = []
        self._role_cache: dict[int, tuple[int, list[frozenset[str]]]] = {}
        self._lone_checked: dict[str, bool] = {}
        self.mentions: list[_Mention] = []
        self._by_key: dict[str, _Person] = {}
        self._by_first: dict[str, _Person] = {}
        self._by_surname: dict[str, list[_Person]] = {}
        self._by_prefix: dict[tuple[str, ...], _Person] = {}
        """Everyone by the first words of their name after any title ('Ms Nurul Ain' finds
        'Ms Nurul Ain Abdul Rahman'); the first introduced wins."""
        self._speaks_cache: dict[str, bool] = {}
        self._capitalised: tuple[list[str], dict[str, list[int]]] | None = None
        """The article's capitalised words, sorted, and where each is (for ``_speaks``)."""
        self._fit_cache: dict[tuple[int, int, frozenset[str]], int] = {}
        self._sorted_at = -1
        """How many mentions ``_positions`` was made from."""
        self._positions: list[int] = []
        self._in_order = True
        """Whether those mentions are in the order of the text (``_positions`` sorted)."""
        self._role_holders: dict[str, dict[int, _Person]] | None = None
        self._holders_named: dict[frozenset[str], tuple[_Named, _Named]] = {}
        """Where the holders of some role words are named, in order, and who they are (as
        people, and as organisations)."""
        """Who holds each role word; made once the table is complete (``_index_roles``)."""
        self._lookups: dict[str, _Person | None] = {}
        """``lookup``'s answers, forgotten whenever someone joins the table or a sex is
        learned (the answers depend on both)."""
        self._orgs: list[tuple[_Person, str, str]] | None = None
        self._org_positions: list[int] | None = None
        quoted = sorted(_quoted_ranges(text, spans))
        starts = [a for a, _b in quoted]
        self.org_mentions: list[_Mention] = []
        org_inner = self._find_organisations(text, quoted, starts)
        inner_starts = [a for a, _b in org_inner]
        ends = [b for _a, b in quoted]
        bisect_right = bisect.bisect_right
        for m in NAME_SCAN.finditer(text):  # (``NAME_RE``'s matches)
            facts = _name_facts(m.group())
            if facts is None:
                continue
            shift, titled, parts = facts
            if parts is None:
                continue  # (no place makes it a person: the tests below are all filters)
            at = m.start()
            inside = bisect_right(starts, at) - 1
            if inside >= 0 and at < ends[inside]:
                continue  # (``_in_quotes``, written out: it is asked for every name)
            offset = at + shift
            if inner_starts and _inside(org_inner, inner_starts, offset):
                continue  # 'Information Technology' in 'the Minister of State for ... and ...'
            if not titled and text[max(0, offset - 4) : offset] == "the ":
                continue  # 'the Horseshoe Bay terminal': a name used as a modifier
            end = m.end()
            if text[end : end + 1].isspace() and _modifies_role(text, end) is not None:
                continue  # 'Hale spokesman Bill Ortega': the person is Ortega
            name, title_roles, shift, tokens, bare = parts
            offset += shift
            if (
                not title_roles
                and _AFTER_PREPOSITION.search(text, max(0, offset - 12), offset)
                and not self._speaks(text, tokens[-1])
            ):
                continue  # 'in Kelston Bridge' is a place; 'For Shona McAllister' is not

            if len(tokens) < 2 and not title_roles:
                person = self.lookup(name)
                if person is None and self._lone_speaker(text, name):
                    # 'said Richards' in an article that never gives her first name: a
                    # person known by one name, when that name reports something
                    person = self._add(name)
                if person is not None:
                    self.mentions.append(_Mention(offset, person))
                continue
            if not bare:
                continue
            person = self.lookup(name) or self._add(name)
            person.roles.extend(title_roles)
            person.roles.extend(_role_before(text, offset))
            self._note_roles(text, offset, end, person)
            self.mentions.append(_Mention(offset, person))
        self._infer_genders(text)
        self._lookups.clear()
        self._note_unnamed_speakers(text)
        self._first_seen: dict[int, int] = {}
        for mention in self.mentions:
            self._first_seen.setdefault(id(mention.person), mention.pos)
        self._index_roles()

    def _index_roles(self) -> None:
        """Once the table is built: who holds each role word, and where each is named, so
        that ``by_role`` weighs only the people the role fits, not everyone."""
        self._named_at: dict[int, list[int]] = {}
        for mention in self.mentions:
            self._named_at.setdefault(id(mention.person), []).append(mention.pos)
        self._org_named_at: dict[int, list[int]] = {}
        for mention in self.org_mentions:
            self._org_named_at.setdefault(id(mention.person), []).append(mention.pos)
        holders: dict[str, dict[int, _Person]] = {}
        everyone = [*self.people, *(mention.person for mention in self.org_mentions)]
        for person in everyone:
            for known in self._known_roles(person):
                for word in known:
                    holders.setdefault(word, {})[id(person)] = person
        self._role_holders = holders

    def _find_organisations(
        self,
        text: str,
        quoted: list[tuple[int, int]],
        starts: list[int],
    ) -> list[tuple[int, int]]:
        """Organisations by name ('Lumora Systems', 'the Society of Emergency Nurses', or
        'PaySetu, the payments platform'), so that 'the company said' and 'the society said'
        can name them. Returns the parts of their names after an 'of' or 'for', where no
        person's name starts ('the Minister of State for Information Technology')."""
        orgs: dict[str, _Person] = {}
        inner: list[tuple[int, int]] = []
        ends = [b for _a, b in quoted]
        for m in ORG_SCAN.finditer(text):  # (``_ORG_NAME``'s matches)
            facts = _org_candidate(m.group())
            if facts is None:
                continue  # (no organisation's word, and not one word: no organisation)
            name, connected, tokens, kinds = facts
            if len(tokens) == 1 and text.startswith(",", m.end()):
                described = _ORG_APPOSITION.match(text, m.end())
                if described is not None:
                    kinds = ("company firm", described.group(1).lower())
            if not kinds:
                continue
            at = m.start()
            inside = bisect.bisect_right(starts, at) - 1
            if inside >= 0 and at < ends[inside]:
                continue  # (``_in_quotes``, written out)
            if connected is not None:
                inner.append((m.start() + connected, m.end()))
            org = orgs.get(name.lower())
            if org is None:
                roles = [" ".join(kinds), " ".join(t for t in tokens if t in _ROLE_NOUNS)]
                roles.append(name.lower())  # 'the alliance' for 'Water Consumers Alliance of Kenya'
                org = _Person(full=name, short=name, gender=None, roles=roles, org=True)
                orgs[name.lower()] = org
            self._note_roles(text, m.start(), m.end(), org)
            self.org_mentions.append(_Mention(m.start(), org))
        # 'the NHA said' after 'the National Housing Authority (NHA)': initials mention it too
        by_initials = {
            "".join(w[0] for w in o.full.split() if w[:1].isupper()): o for o in orgs.values()
        }
        self.org_mentions.extend(_initials_named(text, by_initials, quoted, starts))
        self.org_mentions.sort(key=lambda mention: mention.pos)
        return inner

    def _infer_genders(self, text: str) -> None:
        for person in self.people:  # 'his mother, Folasade Adebayo'
            if person.gender is None:
                sexes = {_ROLE_SEX.get(w) for r in person.roles for w in r.split()} - {None}
                if len(sexes) == 1:
                    person.gender = sexes.pop()
        self._infer_genders_from_pronouns(text)

    def _infer_genders_from_pronouns(self, text: str) -> None:
        """A person no title or first name sexes is usually 'he' or 'she' in the very next
        words about them: 'Ramona Quiñones, 67, ... said she called once'."""
        for index, mention in enumerate(self.mentions):
            person = mention.person
            if person.gender is not None or _OBJECT_BEFORE.search(
                text[max(0, mention.pos - 12) : mention.pos]
            ):
                continue  # ('subscriptions to Kestrel Pilot, ... which she called': not hers)
            stop = self.mentions[index + 1].pos if index + 1 < len(self.mentions) else len(text)
            window = text[mention.pos : min(stop, _sentence_end(text, mention.pos + 1) + 1)]
            found = next(
                (
                    p
                    for p in _GENDERED_PRONOUN.finditer(window)
                    # not 'Alex Brandt, her neighbour' nor 'was with her': someone else
                    if not _APPOSITION_SO_FAR.fullmatch(window, 0, p.start())
                    and not (
                        p.group().lower() in ("her", "him")
                        and _OBJECT_BEFORE.search(window[max(0, p.start() - 8) : p.start()])
                    )
                ),
                None,
            )
            if found is not None and not _QUOTE_MARK.search(window, 0, found.start()):
                person.gender = "f" if found.group().lower() in ("she", "her", "hers") else "m"

    def _note_unnamed_speakers(self, text: str) -> None:
        """'A council spokesman said ...' makes the spokesman the nearest 'he' after it."""
        for m in _UNNAMED_SPEAKER.finditer(text):
            if not _opens_sentence(text, m.start()):
                continue
            phrase = m.group("who")
            role = phrase.split(" ", 1)[1].lower() if " " in phrase else phrase.lower()
            if re.search(r"\s(?:for|at|from|of|with)\s", phrase):
                # 'A spokesperson for the Department ...' is not the spokesperson for the
                # federation quoted before: only the same words are the same person
                person = next((p for p in self.people if p.full.lower() == phrase.lower()), None)
            else:
                person = self.by_role(role, m.start())
            if person is None:
                person = _Person(full=phrase, short=phrase, gender=None, roles=[phrase.lower()])
                self._register(person)
            self.mentions.append(_Mention(m.start("who"), person))
        self.mentions.sort(key=lambda mention: mention.pos)
        self._sorted_at, self._positions, self._in_order = -1, [], True  # (``before`` anew)

    def _lone_speaker(self, text: str, name: str) -> bool:
        """Whether a one-word name is a person: it reports something in the article, and it is
        no place, weekday, organisation word or sentence opener."""
        key = _bare(name).lower()
        if key not in self._lone_checked:
            self._lone_checked[key] = (
                len(key) > 2
                and name[:1].isupper()
                and not name.isupper()
                and key not in _NOT_NAME_START
                and key not in _PLACES
                and key not in _TITLES
                and key not in _ROLE_NOUNS
                and not _is_org_token(name)
                and self._speaks(text, name)
            )
        return self._lone_checked[key]

    def _speaks(self, text: str, surname: str) -> bool:
        """``_speaks``, remembered per word; the capitalised words of the article are listed
        once, so each word costs its own occurrences, not a pass over the whole text."""
        found = self._speaks_cache.get(surname)
        if found is None:
            if self._capitalised is None:
                where: dict[str, list[int]] = {}
                for word in _WORD.finditer(text):
                    where.setdefault(word.group(), []).append(word.start())
                self._capitalised = (sorted(where), where)
            words, where = self._capitalised
            found = self._speaks_cache[surname] = _speaks(text, surname, words, where)
        return found

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
        first). Everyone with a surname is kept under it, for 'Mrs Adebayo' after 'Samuel
        Adebayo' and 'his mother, Folasade Adebayo'."""
        self.people.append(person)
        self._lookups.clear()
        bare = _strip_title(person.full)
        self._by_key.setdefault(" ".join(bare).lower(), person)
        self._by_key.setdefault(person.short.lower(), person)
        self._by_surname.setdefault(person.short.lower(), []).append(person)
        if len(bare) > 1:
            self._by_first.setdefault(bare[0].lower(), person)
        for length in range(1, len(bare) + 1):
            self._by_prefix.setdefault(tuple(bare[:length]), person)

    def lookup(self, name: str) -> _Person | None:
        """A full name, a surname or a title and surname, as introduced earlier (each answer
        is remembered until the table changes)."""
        if name not in self._lookups:
            self._lookups[name] = self._lookup(name)
        return self._lookups[name]

    def _lookup(self, name: str) -> _Person | None:
        name, _roles = _split_titles(name)
        bare = _strip_title(name)
        if not bare:
            return None
        key = " ".join(bare).lower()
        found = self._by_key.get(key) if len(bare) > 1 else None
        if found is None and len(bare) > 1:
            # 'Folasade Adebayo' is not 'Samuel Adebayo': a full name finds by surname only
            # someone who was never given a different first name
            same = self._by_key.get(bare[-1].lower())
            known_first = same is not None and len(_strip_title(same.full)) > 1
            found = same if same is not None and not known_first else None
            if found is None:  # 'Ms Nurul Ain' after 'Ms Nurul Ain Abdul Rahman'
                found = self._by_prefix.get(tuple(bare))
        if found is None and len(bare) == 1:
            namesakes = self._by_surname.get(key, [])
            sex = _gender_of(name)
            fitting = [p for p in namesakes if sex is None or p.gender in (sex, None)]
            found = next(iter(fitting or namesakes), None)  # 'Mrs Adebayo': the woman of them
            found = found or self._by_key.get(key) or self._by_first.get(key)
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
        if text.startswith(",", end):  # (the quick answer for most names: no comma after)
            m = _ROLE_AFTER.match(text, end, end + 120)
            if m:
                person.roles.append(m.group(1).lower())
        before = text[max(0, start - 110) : start]
        clause = before.rstrip()
        if not clause.endswith(","):
            return  # no apposition ends right before the name
        # Neither pattern crosses a comma, full stop, semicolon or quote mark before the one
        # that ends the apposition: the search starts after the last of them (where the
        # regex engine would otherwise try, and backtrack over, every word of the window).
        stop = _LAST_ROLE_STOP.match(clause, 0, len(clause) - 1)
        since = stop.end() if stop is not None else 0
        m = _ROLE_BEFORE_NAME.search(before, since)
        if m:
            person.roles.append(m.group(1).lower())
        m = _OWNER_ROLE_BEFORE_NAME.search(before, since)
        if m and not m.group(2)[:1].isupper():  # "Ireland's health minister, Seán Ó Briain"
            person.roles.append(m.group(2).lower())

    def _orgs_in_order(self) -> list[tuple[_Person, str, str]]:
        """Each organisation once, by its first mention, with its name in lower case and its
        initials (made once the table is complete)."""
        if self._orgs is not None:
            return self._orgs
        orgs: dict[int, tuple[_Person, str, str]] = {}
        for mention in self.org_mentions:
            org = mention.person
            if id(org) not in orgs:
                initials = "".join(w[0] for w in org.full.split() if w[:1].isupper())
                orgs[id(org)] = (org, org.full.lower(), initials)
        found = list(orgs.values())
        if self._role_holders is not None:
            self._orgs = found
        return found

    def org_named_in(self, phrase: str) -> _Person | None:
        """The organisation whose name the phrase holds ('Marlshire Police said'), or whose
        initials it uses ('the DRP' for the Democratic Renewal Party)."""
        lowered = phrase.lower()
        acronyms = set(_INITIALS.findall(phrase))
        words = phrase.split()
        for org, full, initials in self._orgs_in_order():
            if full in lowered or initials in acronyms:
                return org
        if len(words) != 1:
            return None
        for mention in reversed(self.org_mentions):  # 'Kestrel said' for 'Kestrel Banking Group'
            first = mention.person.full.split()[0]
            generic = first.lower() in _ORG_WORDS or first.lower() in _NOT_NAME_START
            if len(words) == 1 and words[0] == first and len(first) > 3 and not generic:
                return mention.person
        return None

    def org_beginning(self, name: str) -> _Person | None:
        """The organisation whose name begins with ``name`` ('Guild College' of 'the Guild
        College of Midwifery'), if any."""
        lowered = name.lower()
        for org, full, _initials in self._orgs_in_order():
            if full.startswith(lowered):
                return org
        return None

    def first_mention(self, person: _Person) -> int:
        return self._first_seen[id(person)]

    def recent_org(self, pos: int, within: int = 400) -> _Person | None:
        """The organisation named last before ``pos``, if it was named close by."""
        if self._org_positions is None or len(self._org_positions) != len(self.org_mentions):
            self._org_positions = [mention.pos for mention in self.org_mentions]
        index = bisect.bisect_left(self._org_positions, pos)  # (they are in order)
        if index:
            mention = self.org_mentions[index - 1]
            return mention.person if pos - mention.pos <= within else None
        return None

    def before(self, pos: int) -> Iterator[_Person]:
        """Everyone named before ``pos``, the most recently named first (lazily: the callers
        want the first who fits, and a long article names hundreds)."""
        ids: set[int] = set()
        if self._sorted_at != len(self.mentions):
            # mentions are only added at the end until they are sorted (which starts this
            # over): the positions are extended, not made again for every new mention
            positions = self._positions
            for mention in self.mentions[len(positions) :]:
                if positions and mention.pos < positions[-1]:
                    self._in_order = False  # (while the table is built, not yet in order)
                positions.append(mention.pos)
            self._sorted_at = len(self.mentions)
        upto = bisect.bisect_left(self._positions, pos) if self._in_order else len(self.mentions)
        for index in range(upto - 1, -1, -1):
            mention = self.mentions[index]
            if mention.pos < pos and id(mention.person) not in ids:
                ids.add(id(mention.person))
                yield mention.person

    def _known_roles(self, person: _Person) -> list[frozenset[str]]:
        """The role words of each of a person's roles (remembered until a role is added)."""
        cached = self._role_cache.get(id(person))
        if cached is not None and cached[0] == len(person.roles):
            return cached[1]
        known = [
            _role_heads(k) | (_last_word(k) if person.org else frozenset()) for k in person.roles
        ]
        self._role_cache[id(person)] = (len(person.roles), known)
        return known

    def by_role(self, role: str, pos: int, forward: bool = True) -> _Person | None:
        """The person last named before ``pos`` with this role ('the judge'), else (with
        ``forward``) the first named after it ('a judge said ... Judge Caroline Penhaligon').
        A role that matches in full ('chief executive') beats one that shares a word with
        it ('finance chief')."""
        heads = _role_heads(role) or _last_word(role)
        if not heads:
            return None
        if self._role_holders is not None:
            return self._by_role_indexed(heads, pos, forward)

        def fit(person: _Person) -> int:
            key = (id(person), len(person.roles), heads)
            found = self._fit_cache.get(key)
            if found is None:
                known = self._known_roles(person)
                found = 2 if any(heads <= k for k in known) else int(any(heads & k for k in known))
                self._fit_cache[key] = found
            return found

        for wanted in (2, 1):
            for person in self.before(pos):
                if fit(person) >= wanted:
                    return person
            for mention in reversed(self.org_mentions):
                if mention.pos < pos and fit(mention.person) >= wanted:
                    return mention.person
            if forward:
                for mention in self.mentions:
                    if mention.pos > pos and fit(mention.person) >= wanted:
                        return mention.person
        return None

    def _by_role_indexed(self, heads: frozenset[str], pos: int, forward: bool) -> _Person | None:
        """``by_role`` on the finished table: the same choice, from the role's holders only
        (the people named before ``pos``, most recent first; then the organisations; then,
        with ``forward``, the people named after it, nearest first)."""
        assert self._role_holders is not None
        latest = self._holders_named.get(heads)
        if latest is None:
            everyone: dict[int, _Person] = {}
            for word in heads:
                everyone.update(self._role_holders.get(word, {}))
            latest = self._holders_named[heads] = (
                _where_named(everyone, self._named_at),
                _where_named(everyone, self._org_named_at),
            )
        (positions, persons), (org_positions, orgs) = latest
        index = bisect.bisect_left(positions, pos)
        if not index:  # no holder is a person named before it: the organisations come first
            positions, persons = org_positions, orgs
            index = bisect.bisect_left(positions, pos)
        if index and (index == 1 or positions[index - 2] != positions[index - 1]):
            # the holder named last before ``pos`` comes first in the ranking below: when the
            # role fits them whole, that is the answer, without ranking every holder (which
            # is everyone, in an article of many judges or many companies)
            person = persons[index - 1]
            if any(heads <= known for known in self._known_roles(person)):
                return person
        holders: dict[int, _Person] = {}
        for word in heads:
            holders.update(self._role_holders.get(word, {}))
        if not holders:
            return None
        ranked: list[tuple[int, int, _Person]] = []
        for key, person in holders.items():
            named = self._named_at.get(key)
            if named:
                index = bisect.bisect_left(named, pos)
                if index > 0:
                    ranked.append((0, -named[index - 1], person))
                if forward:
                    after = bisect.bisect_right(named, pos)
                    if after < len(named):
                        ranked.append((2, named[after], person))
            at = self._org_named_at.get(key)
            if at:
                index = bisect.bisect_left(at, pos)
                if index > 0:
                    ranked.append((1, -at[index - 1], person))
        ranked.sort(key=lambda item: (item[0], item[1]))
        partial: _Person | None = None
        for _group, _where, person in ranked:
            known = self._known_roles(person)
            if any(heads <= k for k in known):
                return person
            if partial is None and any(heads & k for k in known):
                partial = person
        return partial


#: Where some people are named, in order, and who is named there.
_Named = tuple[list[int], list[_Person]]


def _where_named(people: dict[int, _Person], named_at: dict[int, list[int]]) -> _Named:
    """Every place ``named_at`` has one of ``people`` named (by ``id``), in order."""
    found = sorted(
        ((at, person) for key, person in people.items() for at in named_at.get(key, ())),
        key=lambda item: item[0],
    )
    return [at for at, _person in found], [person for _at, person in found]


@lru_cache(maxsize=8192)
def _org_parts(chain: str) -> tuple[str, int | None, tuple[str, ...], tuple[str, ...]]:
    """An organisation's name in a run of capitalised words, where the part after an 'of' or
    'for' starts (if there is one), its words in lower case, and the kinds its words say."""
    connector = re.search(r"\s(?:of|for)\s", chain)
    name = chain
    if connector is not None:
        owner = chain[: connector.start()]
        if not any(_is_org_word(t) for t in owner.split()):
            # 'Gordon Pike of the Kessick Institute': the organisation is the end
            # ('the Royal College of Nursing' is one name: its owner is an organisation's)
            name = chain[connector.end() :]
    name = re.sub(r"^(?:The|A|An|the)\s+", "", name)
    tokens = tuple(t.strip("'’").lower() for t in name.split())
    kinds = tuple(k for t in tokens if (k := _ORG_KINDS.get(t)))
    return name, connector.end() if connector is not None else None, tokens, kinds


@lru_cache(maxsize=8192)
def _org_candidate(chain: str) -> tuple[str, int | None, tuple[str, ...], tuple[str, ...]] | None:
    """``_org_parts`` of a run of capitalised words that may name an organisation: None when
    it cannot, whatever follows it (it starts with a sentence-initial word, or it has more
    than one word and none that names a kind of organisation)."""
    name, connected, tokens, kinds = _org_parts(chain.strip())
    if not tokens or tokens[0] in _NOT_NAME_START or (not kinds and len(tokens) != 1):
        return None
    return name, connected, tokens, kinds


def _is_org_word(token: str) -> bool:
    """A word that makes a name an organisation's ('College', 'Institute', 'Bank')."""
    bare = token.strip("'’").lower()
    return bare in _ORG_KINDS or bare in _ORG_WORDS


@lru_cache(maxsize=8192)
def _name_parts(raw: str) -> tuple[str, tuple[str, ...], int] | None:
    """A name found in the text as a person's name, their roles written before it, and how
    far into ``raw`` it starts; None when it is no person ('New Hampshire', 'the Ministry')."""
    offset = 0
    name, title_roles = _split_titles(raw)
    tokens = name.split()
    if not tokens:
        return None
    if len(tokens) > 3 and not title_roles:
        # 'National Development Lim Choon Hwee': a name is at most three words unless
        # a title vouches for more ('Ms Nurul Ain Abdul Rahman')
        offset += len(raw) - len(" ".join(tokens[-3:]))
        tokens = tokens[-3:]
        name = " ".join(tokens)
    org_at = [i for i, t in enumerate(tokens) if _is_org_token(t)]
    if org_at and len(tokens) - org_at[-1] - 1 >= 2:
        # 'Local MP Sarah Clegg', 'NRA lobbyist Chris Cox', 'Harbour City Sharks Sam
        # Ortiz': the person is the name after the organisation or the office
        kept = tokens[org_at[-1] + 1 :]
        offset += len(name) - len(" ".join(kept))
        title_roles = (*title_roles, " ".join(tokens[: org_at[-1] + 1]).lower())
        tokens = kept
        name = " ".join(kept)
    if any(_is_org_token(t) for t in tokens) or tokens[0].lower() in _COMPASS:
        return None
    if len(tokens) == 1 and _bare(tokens[0]) in DESCRIPTIONS:
        return None  # 'Republican', 'Mexican': a description, not a name
    if name.lower() in _PLACES or (len(tokens) > 1 and tokens[-1].lower() in _PLACES):
        return None  # 'New Hampshire', 'Salem Iowa': a place, never a speaker
    return name, title_roles, offset


#: What ``_name_facts`` tells of a name found in the text.
_NameFacts = tuple[int, bool, "tuple[str, tuple[str, ...], int, tuple[str, ...], bool] | None"]


@lru_cache(maxsize=8192)
def _name_facts(found: str) -> _NameFacts | None:
    """What the person table reads from a name as the text spells it, whatever its place
    (asked once per spelling, not once per mention): where the name starts in ``found``
    without the sentence-initial words before it (None if nothing is left), whether it starts
    with a title, and ``_name_parts`` with the name's words and whether any are left without
    the titles (None when it is no person)."""
    raw = _trim_name(found)
    if not raw:
        return None
    parts = _name_parts(raw)
    facts = None
    if parts is not None:
        name, title_roles, shift = parts
        facts = (name, title_roles, shift, tuple(name.split()), len(_strip_title(name)) >= 1)
    return found.rfind(raw), bool(_TITLE_START.match(raw)), facts


#: Lower-case role words and then a capitalised name: what a name before them describes
#: ('Clinton campaign manager Robby Mook', 'Republican presidential candidate Jo Ray').
_ROLE_THEN_NAME = re.compile(r"((?:\s+[a-z][\w\-]*){1,4})\s+[A-Z]")

#: People's roles written before their names, beyond ``_ROLE_NOUNS``.
_MORE_ROLES = frozenset("aide strategist surrogate nominee hopeful operative staffer".split())


def _modifies_role(text: str, end: int) -> int | None:
    """Where the name is that the name ending at ``end`` only describes the role of ('Trump
    adviser Jason Miller', 'Democratic strategist Paul Begala'), or None: the words between
    end in a role and none is a verb ('Trump told reporter Katy Tur' stays Trump's)."""
    if not text[end : end + 1].isspace():
        return None  # (the quick answer for most names: no space after them)
    m = _ROLE_THEN_NAME.match(text, end)
    if m is None:
        return None
    words = m.group(1).split()
    if words[-1] not in _ROLE_NOUNS and words[-1] not in _MORE_ROLES:
        return None
    if any(w in VERBS or w.endswith("ed") for w in words):
        return None
    return m.end() - 1


_ROLE_CUT = re.compile(
    r"\s(?:of|for|at|with|in|from|on|to|who|which|whose|that|and|since|,)\s.*$|,.*$"
)


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


def _last_word(phrase: str) -> frozenset[str]:
    """'the alliance' -> {'alliance'}: how an organisation is called back by its own word."""
    cut = _ROLE_CUT.sub("", " " + phrase.lower()).split()
    return frozenset(cut[-1:])


_ROLE_WORDS_BEFORE = re.compile(r"(?:^|[\s(])((?:[a-z][\w\-]*\s+){1,3})$")


def _role_before(text: str, start: int) -> list[str]:
    """'coach Terry Vandermolen', 'athletic director Marisol Ventura': the lower-case role
    written straight before a name."""
    window = text[max(0, start - 50) : start]
    last = window.rsplit(None, 1)[-1:]
    if not last or last[0] not in _ROLE_NOUNS or not window[-1:].isspace():
        return []  # (the quick answer for most names: no role word right before)
    m = _ROLE_WORDS_BEFORE.search(window)
    if m is None:
        return []
    words = m.group(1).split()
    return [" ".join(words)] if words[-1] in _ROLE_NOUNS else []


@lru_cache(maxsize=8192)
def _split_titles(name: str) -> tuple[str, tuple[str, ...]]:
    """Job titles written before a name are a role, not the name: 'Cade County Sheriff Wade
    Holloway' -> ('Wade Holloway', ('cade county sheriff',)); an honorific stays ('Sen.
    Harlan Boyd', 'Dr Ana Ruiz'); 'KC' or 'Jr' after the name goes."""
    tokens = name.split()
    if tokens and tokens[-1].endswith(("'s", "’s")):  # "Kwame Asante-Boateng's opener"
        tokens[-1] = tokens[-1][:-2]
    elif tokens and tokens[-1].endswith(("s'", "s’")) and len(tokens[-1]) > 3:
        tokens[-1] = tokens[-1][:-1]  # "Reyes’ comments": the plural form of the possessive
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


#: A name right after these is an object, not the subject a following 'she' is about.
_OBJECT_BEFORE = re.compile(r"\b(?:to|of|for|with|by|from|at|in|on|the|about)\s+$", re.I)


def _speaks(text: str, surname: str, words: list[str], where: dict[str, list[int]]) -> bool:
    """Whether the article has ``surname`` report something ('McAllister said', 'said
    McAllister'): what tells a person from a place named after a preposition. ``words`` are
    the article's capitalised words, sorted, and ``where`` the offsets of each: the words
    that start with ``surname`` are where it occurs."""
    index = bisect.bisect_left(words, surname)
    while index < len(words) and words[index].startswith(surname):
        for pos in where[words[index]]:
            end = pos + len(surname)
            after = _WORD_AFTER.match(text, end)
            before = _WORD_BEFORE_REVERSED.match(text[max(0, pos - 20) : pos][::-1])
            if after is not None and (
                after.group(1).lower() in VERBS or f"{after[1]} {after[2]}".lower() in VERBS
            ):
                return True  # 'Hale said', 'Hale shot back'
            if before is not None and before.group(1)[::-1].lower() in VERBS:
                return True
        index += 1
    return False


#: A capitalised word as it stands in the text (up to the next space).
_WORD = re.compile(rf"[{_UPPER}]\S*")
_WORD_AFTER = re.compile(r"\s+(?:\w+ly\s+)?(\w+)(?:\s+(\w+))?")
#: The word before a position, read backwards: ``(\w+)\s+$`` searched for in the twenty
#: characters before it (which the regex engine would try at each of the twenty), matched once.
_WORD_BEFORE_REVERSED = re.compile(r"\s+(\w+)")


@lru_cache(maxsize=8192)
def _bare(token: str) -> str:
    return token.rstrip("." + _ABBREV_DOT).replace(_ABBREV_DOT, ".").lower()


def _is_org_token(token: str) -> bool:
    bare = token.strip("'’")
    acronym = bare.isupper() and len(bare) > 1 and _ABBREV_DOT not in bare
    return bare.lower() in _ORG_WORDS or acronym


def _initials_named(
    text: str, by_initials: dict[str, _Person], quoted: list[tuple[int, int]], starts: list[int]
) -> list[_Mention]:
    """Where an organisation is named by its initials outside quotations, in order: the words
    ``_INITIALS`` finds that are one of ``by_initials``. A few are looked for by a literal
    search each; more, by one pass of ``_CAPITALS_RUN`` (``_INITIALS`` less its leading
    ``\\b``, which stops the regex engine from skipping ahead to a capital letter)."""
    wanted = {key: org for key, org in by_initials.items() if _INITIALS.fullmatch(key)}
    found: list[tuple[int, _Person]] = []
    if len(wanted) > _FEW_INITIALS:
        for m in _CAPITALS_RUN.finditer(text):
            at = m.start()
            org = wanted.get(m.group())
            if org is not None and not (at and _is_word_char(text[at - 1])):
                found.append((at, org))
    else:
        for key, org in wanted.items():
            at = text.find(key)
            while at != -1:
                end = at + len(key)
                if not (at and _is_word_char(text[at - 1])) and not (
                    end < len(text) and _is_word_char(text[end])
                ):
                    found.append((at, org))
                at = text.find(key, at + 1)
        found.sort(key=lambda item: item[0])
    return [_Mention(at, org) for at, org in found if not _in_quotes(quoted, starts, at)]


#: Up to this many initials are looked for one by one (each a pass over the text).
_FEW_INITIALS = 5
#: ``_INITIALS`` without the word boundary before it (checked by hand).
_CAPITALS_RUN = re.compile(r"[A-Z][A-Z]{1,5}\b")


def _is_word_char(char: str) -> bool:
    """What ``\\w`` matches."""
    return char.isalnum() or char == "_"


def _inside(ranges: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Whether ``pos`` lies in one of ``ranges`` (in order, not overlapping; ``starts`` theirs)."""
    index = bisect.bisect_right(starts, pos) - 1
    return index >= 0 and pos < ranges[index][1]


def _in_quotes(quoted: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation (``quoted`` sorted, ``starts`` its starts): a
    name said by someone, or a title of a work, is not a person of the article."""
    inside = bisect.bisect_right(starts, pos) - 1
    return inside >= 0 and pos < quoted[inside][1]
