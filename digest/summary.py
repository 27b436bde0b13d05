"""A short extractive summary: the article's own opening sentences, chosen with care.

Why the lede and not TextRank: news is written as an inverted pyramid, so the first one or
two sentences are the journalist's own summary; centrality-based picks (TextRank) tend to
choose a long middle sentence full of names that makes no sense out of context. The lede is
not always usable, though, so candidates are filtered: a sentence that is mostly quotation
("We heard from nurses...," said X) or too short to say anything ("Is it safe?", a dateline)
is skipped. Only when no sentence near the top qualifies does a light centrality score (shared
content words with the rest of the article, TextRank's first iteration) pick from the rest.

Sentences come from the project's one splitter (reader/parsing/sentences.py), which knows the
usual traps of English news: titles (Dr., Mr., Prof.), initials (J. K. Rowling), dotted
abbreviations (U.S., e.g.), decimals (3.5) and closing quote marks after the full stop.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from digest.quotes.single import as_double_marks
from reader.article import Article
from reader.parsing.sentences import split_sentences
from reader.parsing.words import unspaced_words

__all__ = ["is_summary_worthy", "quoted_share", "split_sentences", "summarize", "words"]

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9']+")
_FULL_WIDTH_ENDS = frozenset("。！？」』）")
_QUOTED = re.compile(r"[\"“”]([^\"“”]*)[\"“”]")

#: Fewer words than this is a fragment (a dateline, a flattened sub-heading).
MIN_SUMMARY_WORDS = 6
#: Sentences longer than this run on (often a whole paragraph the splitter could not cut).
MAX_SENTENCE_WORDS = 80
#: A second sentence is only added while the summary stays readable at a glance.
MAX_SUMMARY_WORDS = 75
#: How far down the article the lede may be looked for before falling back to centrality.
LEDE_WINDOW = 5
#: A quote shorter than this (in words) is too slight to keep a sentence out of the summary.
MIN_REPEAT_WORDS = 4
#: Above this share of quoted characters, a sentence is "mostly quotation".
MAX_QUOTED_SHARE = 0.5

_STOPWORD_LIST = """
    a an the and or but if of at by for with about against between into through during before
    after above below to from up down in out on off over under again further then once here there
    when where why how all any both each few more most other some such no nor not only own same so
    than too very can will just should now is are was were be been being have has had having do
    does did doing he she it they them his her its their we us our you your i me my who whom which
    what this that these those said says say would could also one two
"""
_STOPWORDS = frozenset(_STOPWORD_LIST.split())


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def _size(sentence: str) -> int:
    """A sentence's length in words, Chinese and Japanese counted as ``count_words`` does (the
    word pattern finds none in them, so every such sentence was a fragment)."""
    return len(words(sentence)) + unspaced_words(sentence)


def quoted_share(sentence: str) -> float:
    """The share of a sentence's characters that sit inside double quotation marks.

    An opening quote that is never closed (a quote running on to the next sentence) counts
    to the end of the sentence, which is what a reader sees.
    """
    if not sentence:
        return 0.0
    inside = sum(len(m.group(1)) for m in _QUOTED.finditer(sentence))
    remainder = _QUOTED.sub("", sentence)
    if re.search(r"[\"“]", remainder):
        tail = re.split(r"[\"“]", remainder, maxsplit=1)[1]
        inside += len(tail)
    return inside / len(sentence)


def is_summary_worthy(sentence: str) -> bool:
    """A sentence that can stand alone at the top of a briefing item."""
    count = _size(sentence)
    if count < MIN_SUMMARY_WORDS or count > MAX_SENTENCE_WORDS:
        return False
    if sentence.rstrip().endswith("?"):
        return False  # flattened explainer sub-headings ("Is the ferry safe?")
    return quoted_share(sentence) <= MAX_QUOTED_SHARE


def summarize(article: Article, sentences: int = 2, avoid: Sequence[str] = ()) -> str:
    """One to ``sentences`` sentences from the article, in their original order.

    ``avoid`` holds what the briefing prints below the summary (key quotes, highlights): a
    sentence that contains one of them, or lies inside one, is never picked, so the summary
    does not say again what the reader is about to read.
    """
    if sentences < 1:
        return ""
    all_sentences = split_sentences(article.text)
    if not all_sentences:
        return ""
    # chosen on the sentences as the quote reader sees them, printed as written
    read = _as_quoted(all_sentences, article.text)
    shown = [_token_text(text) for text in avoid]
    shown = [text for text in shown if text.count(" ") + 1 >= MIN_REPEAT_WORDS]
    skip = _Repeats(read, shown)
    lede = [i for i, s in enumerate(read[:LEDE_WINDOW]) if i not in skip and is_summary_worthy(s)]
    if lede:
        chosen = _extend_from(lede[0], read, sentences, skip)
    else:
        chosen = _by_centrality(read, sentences, skip)
    if not chosen:
        # Nothing qualifies (a one-line article, all quotation): its first sentence is
        # still better than an empty summary, unless it is printed below anyway.
        chosen = [i for i in range(len(all_sentences)) if i not in skip][:1]
    return _join([all_sentences[i] for i in chosen])


def _as_quoted(sentences: list[str], text: str) -> list[str]:
    """``sentences`` with their quotations in double marks when the article quotes in single
    ones ('...,' she said: ``digest.quotes.single``), so that "mostly quotation" and "repeats
    a key quote" see them as the quote reader does; else ``sentences`` as they are. (In single
    marks the quotation's first word carried the mark, 'this, and matched no key quote.)"""
    rewritten = as_double_marks(text)
    if rewritten is None:
        return sentences
    read: list[str] = []
    cursor = 0
    for sentence in sentences:
        at = text.find(sentence, cursor)
        if at < 0:  # (the splitter gave back something not in the text: read as written)
            return sentences
        cursor = at + len(sentence)
        read.append(rewritten[at:cursor])
    return read


def _join(parts: list[str]) -> str:
    """Sentences joined by a space, except after a full-width end (``。``), where Chinese and
    Japanese put none."""
    joined = ""
    for part in parts:
        joined += part if not joined or joined[-1] in _FULL_WIDTH_ENDS else f" {part}"
    return joined


class _Repeats:
    """``i in skip``: whether sentence ``i`` repeats what is shown below the summary.

    Decided on demand, as the lede search reaches a sentence, so a briefing of a thousand
    long articles does not tokenise every sentence of each.
    """

    def __init__(self, sentences: list[str], shown: list[str]) -> None:
        self._sentences = sentences
        self._shown = shown
        self._known: dict[int, bool] = {}

    def __contains__(self, index: object) -> bool:
        if not self._shown or not isinstance(index, int):
            return False
        found = self._known.get(index)
        if found is None:
            found = _repeats(_token_text(self._sentences[index]), self._shown)
            self._known[index] = found
        return found


def _token_text(text: str) -> str:
    """Lower-case words joined by single spaces: quote marks and punctuation do not count."""
    return " ".join(word.lower() for word in words(text))


def _repeats(sentence: str, shown: list[str]) -> bool:
    return bool(sentence) and any(
        f" {text} " in f" {sentence} " or f" {sentence} " in f" {text} " for text in shown
    )


def _extend_from(first: int, sentences: list[str], limit: int, skip: _Repeats) -> list[int]:
    """The first worthy sentence plus the next worthy ones while the summary stays short."""
    chosen = [first]
    total = _size(sentences[first])
    for index in range(first + 1, min(len(sentences), first + LEDE_WINDOW)):
        if len(chosen) >= limit:
            break
        candidate = sentences[index]
        if index in skip or not is_summary_worthy(candidate):
            continue
        size = _size(candidate)
        if total + size > MAX_SUMMARY_WORDS:
            break
        chosen.append(index)
        total += size
    return chosen


def _content_words(sentence: str) -> set[str]:
    return {w.lower() for w in words(sentence) if w.lower() not in _STOPWORDS and len(w) > 2}


def _by_centrality(sentences: list[str], limit: int, skip: _Repeats) -> list[int]:
    """Worthy sentences that share the most content words with the whole article."""
    document = Counter(w for s in sentences for w in _content_words(s))
    scored: list[tuple[float, int]] = []
    for index, sentence in enumerate(sentences):
        if index in skip or not is_summary_worthy(sentence):
            continue
        own = _content_words(sentence)
        if not own:
            continue
        # Words the sentence shares with others, normalised so long sentences do not win.
        shared = sum(document[w] - 1 for w in own)
        scored.append((shared / (len(own) ** 0.5), index))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    picked: list[int] = []
    total = 0
    for _score, index in scored:
        size = _size(sentences[index])
        if picked and total + size > MAX_SUMMARY_WORDS:
            continue
        picked.append(index)
        total += size
        if len(picked) >= limit:
            break
    return sorted(picked)
