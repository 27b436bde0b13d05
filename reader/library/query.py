"""The one query language of the CLI and the TUI, compiled to SQL plus an FTS5 MATCH.

``tag:ai -is:read "open source" -crypto`` becomes bound SQL conditions for the qualifiers and
FTS5 string literals for the words, so nothing a user types is ever spliced into SQL or FTS5
syntax. Every error names the offending term and its position, for the search box and the CLI.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from reader.library.models import QueryError
from reader.parsing.dates import day_before, parse_span

MIN_PREFIX = 3
#: What one query may hold. Each word is an FTS5 term and each qualifier an SQL condition:
#: 600 words took 20 s and 2,000 ``is:read`` hit SQLite's "Expression tree is too large".
MAX_QUERY_CHARS = 1_000
MAX_QUERY_TERMS = 40
QUALIFIERS = ("tag", "author", "section", "title", "feed", "is", "after", "before", "since")
IS_VALUES = ("bookmarked", "unread", "read", "highlighted", "missing")

_QUAL_RE = re.compile(r"([A-Za-z]+):")
_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class Term:
    """One piece of a query, with where it starts so errors can point at it."""

    kind: str
    """``"word"``, ``"phrase"`` or ``"qualifier"``."""
    value: str
    pos: int
    negated: bool = False
    name: str = ""
    """The qualifier's name (``tag``...), empty for words and phrases."""
    prefix: bool = False
    """A bare last word still being typed: matched as a prefix (``word*``)."""


@dataclass
class CompiledQuery:
    """SQL conditions over ``articles a`` plus the FTS5 expression of the positive words."""

    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)
    match: str | None = None
    """FTS5 expression for the words that must match (None when the query has no words)."""
    terms: list[str] = field(default_factory=list)
    """The positive free words and phrases, for highlighting matches in the text."""
    prefixes: list[bool] = field(default_factory=list)
    """Per entry of ``terms``: whether it matches as a prefix (the word still being typed)."""

    @property
    def has_words(self) -> bool:
        return self.match is not None


_BARE_VALUE = re.compile(r"^[^\s\"'():-][^\s\"'()]*$")


def quote_term(value: str) -> str:
    """A qualifier's value written so that the query language reads it back as it is: bare
    when safe, else in double quotes (``tag:ai``, ``tag:"open source"``). The language has
    no escape for a double quote, so a value holding one raises QueryError."""
    if '"' in value:
        raise QueryError(f'{value!r} cannot be searched for: it contains a double quote (")')
    return value if _BARE_VALUE.match(value) else f'"{value}"'


def fts_literal(text: str) -> str:
    """An FTS5 string literal: user text can never become FTS5 operators or column filters."""
    return '"' + text.replace('"', '""') + '"'


def _error(query: str, pos: int, message: str) -> QueryError:
    return QueryError(f"{message} (at column {pos + 1} of {query!r})")


def tokenize(query: str) -> list[Term]:
    """Split a query into terms; raises QueryError for an unclosed quote, an empty value or a
    query longer than ``MAX_QUERY_CHARS`` characters or ``MAX_QUERY_TERMS`` terms."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is too long: {len(query):,} characters (at most {MAX_QUERY_CHARS:,})"
        )
    # Control characters (NUL above all) end an FTS5 string early inside SQLite; a space each
    # keeps the column numbers of error messages true.
    query = "".join(" " if ord(ch) < 32 or ord(ch) == 127 else ch for ch in query)
    terms: list[Term] = []
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
            continue
        start = i
        negated = False
        if query[i] == "-":
            if i + 1 >= n or query[i + 1].isspace():
                raise _error(query, i, "'-' must be followed by a word or qualifier to exclude")
            negated = True
            i += 1
        if query[i] == '"':
            value, i = _read_quoted(query, i)
            terms.append(Term("phrase", value, start, negated))
            continue
        qual = _QUAL_RE.match(query, i)
        if qual:
            name = qual.group(1).lower()
            if name not in QUALIFIERS:
                raise _error(
                    query,
                    i,
                    f"unknown qualifier {qual.group(1)}: (known: "
                    + ", ".join(q + ":" for q in QUALIFIERS)
                    + ")",
                )
            i = qual.end()
            if i < n and query[i] == '"':
                value, i = _read_quoted(query, i)
            else:
                end = i
                while end < n and not query[end].isspace():
                    end += 1
                value, i = query[i:end], end
            if not value.strip():
                raise _error(query, start, f"{name}: needs a value, e.g. {name}:{_example(name)}")
            terms.append(Term("qualifier", value.strip(), start, negated, name))
            continue
        end = i
        while end < n and not query[end].isspace() and query[end] != '"':
            end += 1
        # The word being typed matches as a prefix once it has MIN_PREFIX characters: a one- or
        # two-letter prefix matches most of the vocabulary and makes FTS5 merge it all.
        prefix = end == n and end - i >= MIN_PREFIX
        terms.append(Term("word", query[i:end], start, negated, prefix=prefix))
        i = end
    if len(terms) > MAX_QUERY_TERMS:
        raise QueryError(f"too many terms: {len(terms)} (a query holds at most {MAX_QUERY_TERMS})")
    # Only the very last bare word is still being typed; an earlier one is complete.
    for index, term in enumerate(terms):
        if term.prefix and index != len(terms) - 1:
            terms[index] = Term(term.kind, term.value, term.pos, term.negated)
    return terms


def _read_quoted(query: str, i: int) -> tuple[str, int]:
    close = query.find('"', i + 1)
    if close < 0:
        raise _error(query, i, 'unclosed quote: add a closing "')
    return query[i + 1 : close], close + 1


def _example(name: str) -> str:
    return {
        "is": "unread",
        "after": "2024-03-01",
        "before": "2024-03-01",
        "since": "7d",
        "tag": "ai",
        "author": "natarajan",
        "section": '"Local news"',
        "title": "ferry",
        "feed": '"Local news"',
    }.get(name, "x")


def _has_token(text: str) -> bool:
    """FTS5 drops punctuation; a term with no letters or digits would match nothing at all."""
    return any(ch.isalnum() for ch in text)


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def parse_date(value: str, *, end: bool = False) -> date:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; a month or year means its first day (or its
    last, with ``end``), so ``after:2024-03`` starts in April and ``before:2024`` ends in 2023."""
    m = _DATE_RE.fullmatch(value)
    if not m:
        raise ValueError(value)
    year = int(m.group(1))
    if m.group(2) is None:
        return date(year, 12, 31) if end else date(year, 1, 1)
    month = int(m.group(2))
    if m.group(3) is not None:
        return date(year, month, int(m.group(3)))
    if not 1 <= month <= 12:
        raise ValueError(value)
    return date(year, month, calendar.monthrange(year, month)[1] if end else 1)


def _relative(value: str, today: date) -> date | None:
    span = parse_span(value)
    if span is None or span[1] == "h":
        return None
    return day_before(today, *span)


def _qualifier_sql(query: str, term: Term, today: date) -> tuple[str, list[object]]:
    name, value = term.name, term.value
    if name == "tag":
        norm = value.casefold()
        return (
            "(EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag_norm = ?)"
            " OR EXISTS (SELECT 1 FROM user_tags u WHERE u.article_id = a.id AND u.tag_norm = ?))",
            [norm, norm],
        )
    if name == "author":
        return (
            "EXISTS (SELECT 1 FROM json_each(a.authors) j WHERE j.value LIKE ? ESCAPE '\\')",
            [_like(value)],
        )
    if name == "section":
        return "a.section = ? COLLATE NOCASE", [value]
    if name == "title":
        return "a.title LIKE ? ESCAPE '\\'", [_like(value)]
    if name == "feed":  # a feed's title (yours or its own), its URL or its number
        return (
            "EXISTS (SELECT 1 FROM feed_entries fe JOIN feeds f ON f.id = fe.feed_id"
            " WHERE fe.article_id = a.id AND (f.custom_title = ? COLLATE NOCASE"
            " OR f.feed_title = ? COLLATE NOCASE OR f.url = ? OR CAST(f.id AS TEXT) = ?))",
            [value, value, value, value],
        )
    if name == "is":
        state = value.lower()
        sql = {
            "bookmarked": "EXISTS (SELECT 1 FROM bookmarks b WHERE b.article_id = a.id)",
            "read": "EXISTS (SELECT 1 FROM reads r WHERE r.article_id = a.id)",
            "unread": "NOT EXISTS (SELECT 1 FROM reads r WHERE r.article_id = a.id)",
            "highlighted": "EXISTS (SELECT 1 FROM highlights h WHERE h.article_id = a.id)",
            "missing": "a.missing = 1",
        }.get(state)
        if sql is None:
            raise _error(
                query, term.pos, f"is:{value} is not a state (use one of: {', '.join(IS_VALUES)})"
            )
        return sql, []
    # after: / before: / since:
    try:
        if name == "since":
            rel = _relative(value, today)
            day = rel if rel is not None else parse_date(value)
            return "a.date >= ?", [day.isoformat()]
        if name == "after":
            return "a.date > ?", [parse_date(value, end=True).isoformat()]
        return "a.date < ?", [parse_date(value).isoformat()]
    except (ValueError, OverflowError):
        hint = "YYYY-MM-DD, YYYY-MM, YYYY" + (" or 7d/2w/3m/1y" if name == "since" else "")
        raise _error(query, term.pos, f"{name}:{value} is not a date (use {hint})") from None


def compile_query(query: str, *, today: date | None = None) -> CompiledQuery:
    """Turn a query into SQL conditions and an FTS5 expression; raise QueryError if malformed."""
    terms = tokenize(query)
    today = today or date.today()
    out = CompiledQuery()
    positive: list[str] = []
    if terms and all(t.negated and t.kind != "qualifier" for t in terms):
        raise _error(
            query,
            terms[0].pos,
            "only excluded words: add a word or a qualifier to search for (e.g. tag:ai -crypto)",
        )
    for term in terms:
        if term.kind == "qualifier":
            sql, params = _qualifier_sql(query, term, today)
            out.where.append(f"NOT coalesce(({sql}), 0)" if term.negated else sql)
            out.params.extend(params)
            continue
        if not _has_token(term.value):
            continue
        literal = fts_literal(term.value) + ("*" if term.prefix else "")
        if term.negated:
            out.where.append("a.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
            out.params.append(literal)
        else:
            positive.append(literal)
            out.terms.append(term.value)
            out.prefixes.append(term.prefix)
    if positive:
        out.match = " ".join(positive)
    return out


def match_terms(query: str) -> list[str]:
    """The words and phrases a matching article contains, for highlighting; [] if malformed."""
    try:
        terms = tokenize(query)
    except QueryError:
        return []
    return [
        t.value for t in terms if t.kind != "qualifier" and not t.negated and _has_token(t.value)
    ]
