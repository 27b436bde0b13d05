"""Who said it: the candidates for a quotation's speaker and the evidence for each.

The reporting-clause rules (``attribution``) propose one speaker with the pattern that linked
it to the quote (``"...," X said``, ``X said: "...``, a continued quote, a floating paragraph).
That proposal is one piece of evidence among several: every person the article names in the
quotation's sentence and the three sentences before it, the subject each of those sentences
opens with, the last person quoted and the people named most recently are candidates too,
each described by features (the linking pattern, distance, who the sentences before report,
whether a 'he'/'she' in the reporting clause agrees with their sex, how often and how recently
they were named, whether the quote opens its paragraph). A linear model scores the candidates
and the best one is the speaker; its softmax probability, mapped through a calibration table
measured on ``polnear-train``, is the quote's confidence.

The weights and the calibration table are learned by ``benchmarks/train_speakers.py`` from a
corpus folder and shipped in ``speaker_weights.json`` beside this module (one command rebuilds
them; see that script).
"""

from __future__ import annotations

import json
import math
import pkgutil
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from operator import itemgetter, mul
from typing import TYPE_CHECKING, TypeAlias

from digest.quotes.lexicon import _QUOTE_MARK, _VERB_RE, NAME_RE
from digest.quotes.people import _role_heads
from digest.quotes.text import _sentence_start

if TYPE_CHECKING:
    from digest.quotes.attribution import _Resolver
    from digest.quotes.people import _Person

#: The branches of the rules that can propose a speaker (the pattern that linked it).
BRANCHES = (
    "after",  # '"...," X said' / '"...," said X'
    "before",  # 'X said: "...' / 'X said the plan was "..."'
    "continues",  # '"A," she said, "B."'
    "same_sentence",  # a second quotation in the sentence of the first
    "introduced",  # a floating quote after the sentence that introduced someone
    "floating",  # a floating quote continues the last speaker
    "subject",  # the subject of a sentence around a partial quote
    "cut",  # a flattened export's quote goes on
    "according",  # '"...," X said, according to the Gazette': the work it is cited from
)

#: A sentence that opens with 'he' or 'she' (after a conjunction).
_SAME_PRONOUN = re.compile(r"\s*(?:(?:But|And|Yet|So|Still|Then|Now)\s+)?(?:[Hh]e|[Ss]he)\s")
_OPENING_PRONOUN = re.compile(r"\s*(?:[\w’', ]{0,60},\s+)?([Hh]e|[Ss]he)\s")
_HE_SHE = re.compile(r"\b([Hh]e|[Ss]he)\b")
#: ``_HE_SHE`` found the same (a test holds them to it) but about twice as fast: a pattern that
#: opens with ``\b`` is tried at every position of the text, one that opens with a set of
#: letters only where one of them is (the word boundary is tested after it, looking back).
_HE_SHE_QUICK = re.compile(r"[HhSs](?:(?<=[Hh])(?<!\w[Hh])|(?<=[Ss])h(?<!\w[Ss]h))e\b")
_REPORTING_PRONOUN = re.compile(
    rf"(?:\b([Hh]e|[Ss]he)\s+(?:\w+ly\s+)?(?:has\s+|had\s+|was\s+)?{_VERB_RE}\b"
    rf"|\b{_VERB_RE}\s+([Hh]e|[Ss]he)\b)"
)


@dataclass(slots=True)
class Candidate:
    """One possible speaker and the evidence for it."""

    full: str
    short: str
    person: _Person | None
    features: dict[str, float] = field(default_factory=dict)
    context: str = ""
    """How the reporting clause names the speaker ('named', 'pronoun_agrees', 'none', ...):
    the same evidence weighs differently in each (see ``in_context``)."""


def in_context(features: dict[str, float], context: str) -> dict[str, float]:
    """The features as the model sees them: each also counted in its context."""
    expanded = dict(features)
    for name, value in features.items():
        expanded[f"{name}|{context}"] = value
    return expanded


@dataclass(frozen=True, slots=True)
class Proposal:
    """What the reporting-clause rules proposed for a quotation."""

    full: str | None
    short: str | None
    confidence: float
    branch: str


@dataclass(frozen=True, slots=True)
class Model:
    weights: dict[str, float]
    calibration: tuple[tuple[float, float], ...]
    """(upper bound of the model's probability, share of right speakers on train) pairs."""
    _by_context: dict[str, dict[str, float]] = field(default_factory=dict, compare=False)

    def score(self, features: dict[str, float], context: str = "") -> float:
        """The candidate's score: ``in_context(features, context)`` weighed, without building
        it (a feature's weight and its weight in the context are added once per context)."""
        weights = self._by_context.get(context)
        if weights is None:
            weights = {
                name.partition("|")[0]: 0.0 for name in self.weights if name.partition("|")[0]
            }
            for name in weights:
                weights[name] = self.weights.get(name, 0.0) + (
                    self.weights.get(f"{name}|{context}", 0.0) if context else 0.0
                )
            self._by_context[context] = weights
        # (the sum of weight times value over the features, in their order, by the builtins:
        # no Python step per feature)
        total: float = sum(map(mul, map(weights.get, features, repeat(0.0)), features.values()))
        return total

    def calibrated(self, probability: float) -> float:
        for upper, right in self.calibration:
            if probability <= upper:
                return right
        return self.calibration[-1][1] if self.calibration else probability


@lru_cache(maxsize=1)
def load_model() -> Model:
    """The shipped weights (``speaker_weights.json``); no weights means the rules alone."""
    # (pkgutil asks the package's loader for the file: importlib.resources.files() would first
    # import its readers and zipfile, a few milliseconds of the process's first quotation)
    try:
        raw = pkgutil.get_data("digest.quotes", "speaker_weights.json")
    except FileNotFoundError:
        return Model({}, ())
    if raw is None:
        return Model({}, ())
    data = json.loads(raw.decode("utf-8"))
    return Model(
        weights={str(k): float(v) for k, v in data.get("weights", {}).items()},
        calibration=tuple((float(a), float(b)) for a, b in data.get("calibration", [])),
    )


#: A name that owns what follows it, and the word after the possessive.
_OWNER = re.compile(rf"{NAME_RE.pattern}?(?:'s|’s)\s+(?P<owned>[\w\-]+)")


def _owns_a_role(text: str, pos: int) -> bool:
    """Whether the name at ``pos`` owns a person's role ('Drew's lawyer', 'Lee's spokesman'):
    the one who holds the role is then the subject, not the owner."""
    m = _OWNER.match(text, pos)
    return m is not None and bool(_role_heads(m.group("owned")))


def _key(full: str, person: _Person | None) -> object:
    return id(person) if person is not None else full.lower()


#: The features of the sentences before a quotation, by how far back the sentence is.
_PREV_SUBJECT = ("", "prev_subject_1", "prev_subject_2", "prev_subject_3")
_PREV_REPORTER = ("", "prev_reporter_1", "prev_reporter_2", "prev_reporter_3")
_PREV_NAMED = ("", "prev_named_1", "prev_named_2", "prev_named_3")
_PREV_FIRST = ("", "prev_first_1", "prev_first_2", "prev_first_3")
_RECENT = ("recent_0", "recent_1", "recent_2")

#: What ``gather`` reads in the sentence before a position (see ``_sentence_before``).
SentenceFacts: TypeAlias = (
    "tuple[int, _Person | None, bool, list[_Person], list[_Person], _Person | None]"
)


def _sentence_before(resolver: _Resolver, cursor: int) -> SentenceFacts:
    """The sentence that ends before ``cursor``: where it starts, who it opens with, whether it
    holds no quote mark, whom it has reporting something, everyone it names (in order), and the
    first of them when it does not open with 'he'/'she'. The same for every quotation that
    looks back at it, so each article works it out once per sentence."""
    text = resolver.text
    previous = _sentence_start(text, max(0, cursor - 2))
    if previous >= cursor:
        return previous, None, False, [], [], None
    person = resolver.opener(previous, cursor)
    # 'The minister was asked again. "...," she said.': a plain sentence about someone
    plain = person is not None and not _QUOTE_MARK.search(text, previous, cursor)
    # 'The mayor won the crowd over, Tarrant said.': who the sentence reports
    reporters = resolver.reporters(previous, cursor)
    positions = resolver.mention_positions
    a = bisect_left(positions, previous)
    b = bisect_left(positions, cursor)
    if a == b:
        return previous, person, plain, reporters, [], None
    mentions = resolver.people.mentions
    named = [mention.person for mention in mentions[a:b]]
    # (not when it opens with 'he'/'she': 'He said Lee was wrong' is about him, not Lee)
    # (nor when the first named owns a role: in 'Drew's lawyer, Tom Asher, said', Asher is
    # the subject; but in 'Drew's remarks came on Sunday', Drew)
    first = (
        named[0]
        if _SAME_PRONOUN.match(text, previous, cursor) is None
        and not _owns_a_role(text, mentions[a].pos)
        else None
    )
    return previous, person, plain, reporters, named, first


#: How many mentions back ``gather`` looks for the last four people named before it asks each
#: person instead (``_last_named``).
_WALK_BACK = 32


def _last_named(resolver: _Resolver, upto: int) -> dict[int, tuple[int, _Person]]:
    """The last four people the first ``upto`` mentions name (by ``id``, the most recently
    named first, with where each was last named): what a walk back over the mentions finds,
    found by asking each person where they were last named. A walk goes back to the start of
    an article that names fewer than four people (an interview with two: the walk was made
    for every quotation, and the time grew with the square of the length)."""
    by_person = resolver.mentions_by_person
    if by_person is None:
        by_person = {}
        for index, mention in enumerate(resolver.people.mentions):
            by_person.setdefault(id(mention.person), (mention.person, []))[1].append(index)
        resolver.mentions_by_person = by_person
    ranked: list[tuple[int, _Person]] = []
    for person, indexes in by_person.values():
        before = bisect_left(indexes, upto)
        if before:
            ranked.append((indexes[before - 1], person))
    ranked.sort(key=lambda item: -item[0])
    mentions = resolver.people.mentions
    return {id(person): (mentions[index].pos, person) for index, person in ranked[:4]}


def gather(
    resolver: _Resolver,
    start: int,
    end: int,
    sentence_start: int,
    sentence_end: int,
    proposal: Proposal,
) -> list[Candidate]:
    """The candidates for the quotation at ``start:end`` and their features."""
    text = resolver.text
    people = resolver.people
    # the candidates by person (``id``), each made when first given a feature: the features
    # are all of value 1.0, the most any has, so setting one is taking the max (inline rather
    # than through a method: this runs a dozen times for every quotation)
    by_key: dict[object, Candidate] = {}
    by_key_get = by_key.get
    if proposal.full:
        person = people.lookup(proposal.full)
        if person is not None and person.full != proposal.full and person.short != proposal.short:
            person = None
        conf = proposal.confidence
        by_key[_key(proposal.full, person)] = Candidate(
            proposal.full,
            proposal.short or proposal.full,
            person,
            {"rule": 1.0, f"rule_{proposal.branch}": 1.0, "rule_conf": conf if conf > 0.0 else 0.0},
        )
    no_rule = not proposal.full

    def of(p: _Person) -> dict[str, float]:
        found = by_key_get(id(p))
        if found is None:
            found = by_key[id(p)] = Candidate(p.full, p.short, p)
        return found.features

    mentions = people.mentions
    positions = resolver.mention_positions
    # the sentence: mentions before and after the quote (outside it; the positions are in
    # order, so those are two runs of them)
    lo = bisect_left(positions, sentence_start)
    hi = bisect_left(positions, sentence_end)
    before = mentions[lo : bisect_left(positions, start, lo, hi)]
    after = mentions[bisect_left(positions, end, lo, hi) : hi]
    for rank, mention in enumerate(reversed(before)):
        found = of(mention.person)
        found["in_sentence_before"] = 1.0
        if rank == 0:
            found["nearest_before"] = 1.0
        elif "nearest_before" not in found:
            found["nearest_before"] = 0.0
        if no_rule:
            found["in_sentence_norule"] = 1.0
    short_lead = False
    if before:
        first = before[0].person
        found = of(first)
        found["first_in_sentence"] = 1.0
        lead = text[sentence_start : before[0].pos]
        short_lead = len(lead.split()) <= 4
        if short_lead and '"' not in lead and "“" not in lead:
            found["sentence_subject"] = 1.0
            if no_rule:
                found["sentence_subject_norule"] = 1.0
    for mention in after[:2]:
        of(mention.person)["in_sentence_after"] = 1.0
    if before or after:
        for p in resolver.reporters(sentence_start, sentence_end):
            # 'Lee complained that Reyes was "...': who the quotation's own sentence has
            # reporting something, not only whom it names
            of(p)["reporter_in_sentence"] = 1.0
    subject_pronoun = _OPENING_PRONOUN.match(text, sentence_start, start)
    if subject_pronoun is not None:  # 'She told reporters outside the hospital: "...'
        resolved = resolver._pronoun("f" if subject_pronoun[1] in ("She", "she") else "m", start)
        if resolved is not None:
            of(resolved)["pronoun_subject"] = 1.0
    opened: list[tuple[int, _Person]] = []  # who each sentence opens with, and where
    # who the sentence opens with: its first name when that comes within four words, else
    # (for 'The judge said', 'A council spokesman said') the person table's reading of it
    opener = None
    if short_lead:
        opener = before[0].person
    elif not before:
        opener = resolver.opener(sentence_start, start)
    if opener is not None:
        of(opener)["opens_sentence"] = 1.0
        opened.append((sentence_start, opener))
    # the sentences before: who they open with, who they name
    cursor = sentence_start
    before_sentences = resolver.before_sentences
    for back in (1, 2, 3):
        if cursor <= 0:
            break
        facts = before_sentences.get(cursor)
        if facts is None:
            facts = before_sentences[cursor] = _sentence_before(resolver, cursor)
        previous, subject, plain, reporters, named, first_named = facts
        if previous >= cursor:
            break
        if subject is not None:
            opened.append((previous, subject))
            found = of(subject)
            found[_PREV_SUBJECT[back]] = 1.0
            if back == 1 and plain:
                found["prev_subject_plain"] = 1.0
        if reporters:
            feature = _PREV_REPORTER[back]
            for reporter in reporters:
                of(reporter)[feature] = 1.0
        if named:
            feature = _PREV_NAMED[back]
            for p in named:
                of(p)[feature] = 1.0
            if named[0] is first_named:  # the first named in it, usually its subject
                of(first_named)[_PREV_FIRST[back]] = 1.0
        cursor = previous
    last = resolver.last_speaker
    if last is not None:
        paragraph_opening = not text[text.rfind("\n\n", 0, start) + 1 : start].strip()
        found = of(last)
        found["last_speaker"] = 1.0
        if paragraph_opening:
            found["last_speaker_paragraph"] = 1.0
    # salience: the people named (or called by their role) most recently before the quote,
    # and how often
    upto = bisect_left(positions, start)
    seen: dict[int, tuple[int, _Person]] = {}
    stop = max(-1, upto - 1 - _WALK_BACK)
    for index in range(upto - 1, stop, -1):
        mention = mentions[index]
        p = mention.person
        if id(p) not in seen:
            seen[id(p)] = (mention.pos, p)
            if len(seen) == 4:
                break
    else:
        if stop >= 0:  # fewer than four people in the last mentions: ask each person
            seen = _last_named(resolver, upto)
    for pos, p in opened:
        if pos > seen.get(id(p), (-1, p))[0]:
            seen[id(p)] = (pos, p)
    recent = sorted(seen.values(), key=itemgetter(0), reverse=True)[:3]
    for rank, (_pos, p) in enumerate(recent):
        of(p)[_RECENT[rank]] = 1.0
    # the sex a 'he'/'she' in the reporting clause gives, against each candidate's
    head = text[sentence_start:start]
    tail = text[end:sentence_end]
    # (every match of ``_REPORTING_PRONOUN`` holds a 'he' or 'she': without one, no search)
    near = tail[:80]
    cue = _REPORTING_PRONOUN.search(near) if _HE_SHE_QUICK.search(near) else None
    loose = _HE_SHE_QUICK.search(head)
    if cue is None and loose is not None:
        cue = _REPORTING_PRONOUN.search(head)
    pronoun = None
    if cue is not None:
        pronoun = (cue.group(1) or cue.group(2)).lower()
    elif not proposal.full:
        pronoun = loose.group().lower() if loose else None
    sex = {"he": "m", "she": "f"}.get(pronoun or "")
    candidates = list(by_key.values())
    named_at = resolver.positions_by_person
    # the same evidence weighs differently when the reporting clause names someone, says
    # 'he'/'she', or was not found: each feature also counts in its context (and, with a
    # 'he'/'she', in whether the candidate's sex agrees with it)
    context = "pronoun" if pronoun is not None else ("named" if proposal.full else "none")
    log1p = math.log1p
    for candidate in candidates:
        who = candidate.person
        f = candidate.features
        if who is not None:
            f["salience"] = log1p(bisect_left(named_at.get(id(who), []), start)) / 3.0
            f["org"] = float(who.org)
            if sex is not None:
                if who.org:
                    f["sex_conflict"] = 1.0
                elif who.gender == sex:
                    f["sex_agrees"] = 1.0
                elif who.gender is not None:
                    f["sex_conflict"] = 1.0
        else:
            f["unnamed"] = 1.0
        if pronoun is not None and f.get("rule"):
            f["rule_pronoun"] = 1.0
            if f.get("prev_subject_plain"):
                f["rule_pronoun_plain_subject"] = 1.0  # both say the sentence before is theirs
        if sex is None:
            candidate.context = context
        elif f.get("sex_agrees"):
            candidate.context = f"{context}_agrees"
        elif f.get("sex_conflict"):
            candidate.context = f"{context}_conflicts"
        else:
            candidate.context = f"{context}_unknown"
    return candidates


#: The most a speaker no rule proposed can be trusted. The model's probability is relative to
#: the other candidates, so a lone candidate (the last speaker, for a quotation with no
#: reporting clause) came out at 1.0 and was calibrated to 0.98, "sure". Measured on PolNeAR
#: train (2026-12-01): such quotations given 0.97 or more had the right named speaker 0.92 of
#: the time (12 of 13), against 0.98 for those a rule proposed; on dev there were none. Below
#: the briefing's floor (digest.select.SPEAKER_CONFIDENCE), they are shown as a guess.
NO_RULE_CEILING = 0.9


def choose(
    candidates: list[Candidate], model: Model
) -> tuple[Candidate | None, float, list[float]]:
    """The best candidate, its calibrated confidence, and every candidate's probability."""
    if not candidates:
        return None, 0.0, []
    if not model.weights:  # no weights shipped: the rules decide
        for candidate in candidates:
            if candidate.features.get("rule"):
                return candidate, candidate.features.get("rule_conf", 0.5), []
        return None, 0.0, []
    scores = [model.score(c.features, c.context) for c in candidates]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    probabilities = [e / total for e in exps]
    index = scores.index(top)
    confidence = model.calibrated(probabilities[index])
    if not any(candidate.features.get("rule") for candidate in candidates):
        confidence = min(confidence, NO_RULE_CEILING)
    return candidates[index], confidence, probabilities
