"""Direct quotations in news text, and who said them.

Rules for the language of news, standard library only (no parser, no model): pair the quote
marks without ever giving up on an odd count, then find the reporting clause next to each
quote, then resolve the speaker it names (a name, a surname, a pronoun or a role) against a
table of the people the article has introduced so far. Finding the quoted text is the easy
half; the person table is what keeps "she said" and "the engineer wrote" from going to the
nearest capitalised word.

``marks`` pairs the quote marks, ``text`` reads sentences and abbreviations, ``lexicon`` holds
the words of attribution, ``people`` the article's table of people and organisations, and
``attribution`` finds each quotation's reporting clause; this module runs them in order and
decides each quotation's kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from digest.quotes.attribution import _Resolver
from digest.quotes.candidates import Candidate, Model, Proposal, choose, gather, load_model
from digest.quotes.lexicon import VERBS, alternation, verb_word_at
from digest.quotes.marks import _pair_marks, _Span
from digest.quotes.single import as_double_marks
from digest.quotes.text import (
    _mask_abbreviations,
    _mask_party_tags,
    _sentence_end,
    _sentence_start,
    _unmask,
)

if TYPE_CHECKING:
    from reader.article import Article

__all__ = ["Quote", "extract_quotes", "extract_quotes_traced"]


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


#: Words that put the next quotation in scare quotes or make it a name, not speech.
_SCARE_LEAD = re.compile(
    r"(?:so-called|dubbed|nicknamed|known(?:\s+\w+ly)?\s+as|billed\s+as|branded|titled|"
    r"entitled|named|(?:is|are|was|were|been|being|often|widely|commonly|sometimes|variously|"
    r"usually)\s+(?:described|referred\s+to|marketed|touted)\s+as|"  # passive: no speaker
    r"referred\s+to\b[^\"“”.;:]{0,40}?\s+as)"
    r"(?:\s+[^\"“”.,;:]{0,40}?)?(?:\s+(?:the|a|an))?\s*$",
    re.IGNORECASE,
)
#: ``_SCARE_LEAD`` read backwards, for ``_labels`` (change the two together: a test holds them
#: to the same answers). Anchored at the end, ``_SCARE_LEAD`` is tried at every one of the 200
#: positions before a quotation; reversed, it is tried once.
_SCARE_LEAD_REVERSED = re.compile(
    r"\s*(?:(?:eht|a|na)\s+)?(?:[^\"“”.,;:]{0,40}?\s+)?"
    r"(?:dellac-os|debbud|demankcin|sa\s+(?:yl\w+\s+)?nwonk|sa\s+dellib|dednarb|deltit|"
    r"deltitne|deman|sa\s+(?:debircsed|ot\s+derrefer|detekram|detuot)\s+(?:si|era|saw|erew|"
    r"neeb|gnieb|netfo|ylediw|ylnommoc|semitemos|ylsuoirav|yllausu)|"
    r"sa\s+[^\"“”.;:]{0,40}?\bot\s+derrefer)",
    re.IGNORECASE,
)


def _labels(head: str) -> bool:
    """Whether the words before a quotation call it something rather than quote anyone
    ('the so-called "..."'): ``bool(_SCARE_LEAD.search(head, max(0, len(head) - 200)))``,
    read from the end."""
    return _SCARE_LEAD_REVERSED.match(head[::-1], 0, min(len(head), 200)) is not None


#: ``VERB_AT_END`` read backwards (a reporting verb ends the text): one anchored match, not a
#: search tried at every position.
_VERB_AT_END_REVERSED = re.compile(rf"{alternation(verb[::-1] for verb in VERBS)}\b")


_MINOR_WORDS = frozenset("a an the of for and or in on at to by with from as vs nor but".split())
_TITLE_TOKEN = re.compile(r"[\w'’\-]+")
_SENTENCE_INSIDE = re.compile(r"[.!?]\s+[A-Z]")
_SPACES = re.compile(r"\s+")


def _looks_like_title(words: str) -> bool:
    """'Rivers At Risk', 'Running on Empty', 'Emergency Care: The Case for Consolidation':
    every word but the small ones capitalised, and no sentence inside."""
    tokens = []
    for token in _TITLE_TOKEN.finditer(words):  # (a tenth word is answer enough)
        tokens.append(token.group())
        if len(tokens) > 9:
            return False
    if not tokens or _SENTENCE_INSIDE.search(words):
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
    """The words of a quotation, one space between each, without a comma at either end
    (``_SPACES.sub(" ", text).strip()``: str.split() splits on what ``\\s`` matches)."""
    return " ".join(text.split()).strip(",").strip()


def extract_quotes(article_or_text: Article | str, min_confidence: float = 0.0) -> list[Quote]:
    """Every direct quotation, in order, with its speaker where the text names one; with
    ``min_confidence``, only those whose confidence (the calibrated chance that the speaker is
    right) is at least that."""
    return [
        quote
        for quote, _candidates in extract_quotes_traced(article_or_text)
        if quote.confidence >= min_confidence
    ]


def extract_quotes_traced(
    article_or_text: Article | str, model: Model | None = None
) -> list[tuple[Quote, list[Candidate]]]:
    """Every quotation with the speaker candidates that were weighed for it (for training
    and for measuring the weights: see benchmarks/train_speakers.py)."""
    text = article_or_text if isinstance(article_or_text, str) else article_or_text.text
    model = model if model is not None else load_model()
    quoted_text = text  # (the quotations' words are read from the text as it is)
    text = as_double_marks(text) or text  # ('...,' she said: marks as if double)
    spans = _pair_marks(text)
    if not spans:
        return []
    text = _mask_party_tags(_mask_abbreviations(text))
    resolver = _Resolver(text, spans)
    quotes: list[Quote] = []
    traced: list[list[Candidate]] = []
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
        sentence_end = _sentence_end(text, span.end)
        tail = text[span.end : sentence_end]
        n_words = len(words.split())
        between = text[previous_end : span.start] if previous_end else ""
        continues = (
            previous_end
            and len(between) < 80
            and "\n\n" not in between
            and between.rstrip().endswith(",")
            and verb_word_at(between) >= 0
        )
        title = None if _labels(head) else _looks_like_title(words)  # (None: not asked)
        labelled = title is None or (
            title and (re.search(r"\bcalled\s*$", head) or not re.search(r"[.!?,…—–-]$", inner))
        )  # the work 'which Calloway called "The Lantern Coast"' is a title, not her words
        branch = "after"
        found = None if labelled else resolver.signed(span.end) or resolver.after(span.end)
        if not labelled and not (found and found[0]):
            branch = "before"
            found = resolver.before(span.start)
        if not labelled and not (found and found[0]):
            closing = resolver.closing_clause(span.end, sentence_end)
            if closing is not None:
                branch, found = "after", closing
        cited = None if labelled else resolver.according(span.end, sentence_end)
        if cited is not None:
            branch, found = "according", cited
        if continues and last[0] and not (found and found[0]):
            branch = "continues"
            found = (last[0], last[1], 0.8)  # '"A," she said, "B."': B is hers too
        same_sentence = bool(quotes) and quotes[-1].start >= sent_start and quotes[-1].speaker
        if same_sentence and not (found and found[0]) and not labelled:
            # 'X said the sale was "conditional on consent" and that a refusal would "leave
            # a hole"': the second quotation is the same speaker's
            branch = "same_sentence"
            found = (quotes[-1].speaker, quotes[-1].speaker_short, 0.7)
        follows_cut = previous_span is not None and previous_span.cut and quotes
        previous_span = span
        if follows_cut and (not (found and found[0]) or _unmask(found[0]) == quotes[-1].speaker):
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
            introduced = lead.endswith((":", ",")) or _VERB_AT_END_REVERSED.match(lead[::-1])
            if not at_start and not introduced:
                kind = "partial" if n_words > 1 else "scare"  # one word: a term, not speech
        elif at_start and (n_words >= 3 or words.endswith((".", "!", "?", "…"))):
            # A floating quote continues the last speaker, unless the paragraph before it
            # introduced someone else ('Dr Adeyemi described the mechanism.').
            introduced_by = resolver.opening_of_previous(span.start) if not head.strip() else None
            if head.rstrip().endswith(":"):  # 'He was more pointed: "..."'
                introduced_by = resolver.colon_subject(sent_start, span.start)
            introduced_by = introduced_by or resolver.newly_introduced(span.start)
            if introduced_by is not None:
                branch = "introduced"
                speaker = (introduced_by.full, introduced_by.short)
                confidence = 0.6
            else:
                branch = "floating"
                speaker = last
                confidence = 0.55 if last[0] else 0.2
        else:
            reporting = verb_word_at(head + tail) >= 0
            subject = resolver.called(span.start) if reporting else None
            subject = subject or (resolver.subject(span.start) if reporting else None)
            short_title = _looks_like_title(words) if title is None else title
            # ("Low Tide at Ōpōtiki", the council's "Wexcombe Conservation Area Appraisal")
            if subject and n_words >= 2 and not short_title and not labelled:
                branch = "subject"
                speaker = (subject[0], subject[1])
                kind = "partial"
                confidence = min(subject[2], 0.6)
            elif n_words <= 4 or short_title or labelled:
                kind = "scare"
                confidence = 0.7
            else:
                kind = "partial" if not at_start else "full"
                branch = "floating"
                speaker = last if at_start else (None, None)
                confidence = 0.3
        if span.run_on or not span.closed:
            confidence = min(confidence, 0.8)
        candidates: list[Candidate] = []
        if kind != "scare":
            proposal = Proposal(speaker[0], speaker[1], confidence, branch)
            sent_end = sentence_end
            candidates = gather(resolver, span.start, span.end, sent_start, sent_end, proposal)
            best, confidence, _probabilities = choose(candidates, model)
            if best is not None:
                speaker = (best.full, best.short)
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
        traced.append(candidates)
    return list(zip(quotes, traced, strict=True))
