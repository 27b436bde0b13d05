"""The plain-text export layout: a `## ` title, `Name: value` header lines, then paragraphs.

The normal form (what :func:`format_export` writes and what parsing always yields):

* every value is *squashed*: no leading/trailing ASCII whitespace, no runs of it, no line
  breaks or tabs; no value contains NUL (a NUL makes the text binary);
* the title is written as ``## title`` (``##`` alone for an empty title);
* header lines are one blank line apart; three blank lines end the header; paragraphs are
  one blank line apart;
* authors contain no separator (``", "``, ``" and "``), no ``" Section:"``, do not start
  with ``"and "`` or end with ``","``/``" and"``, and are not ``"and"``; tags are non-empty,
  contain no comma and are unique ignoring case;
* extra keys look like header names (a capital, at most four words) and are not one of the
  known names (front-matter keys are made so by :func:`header_name`);
* ``date`` is set only with a ``date_text`` that parses to it; a ``date_text`` without
  ``date`` does not parse;
* paragraphs are non-empty, and no paragraph that ends mid-sentence is followed by one
  starting with a lower-case letter (parsing would have joined them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from reader.parsing.dates import parse_date
from reader.parsing.draft import Draft
from reader.parsing.fields import (
    SECTION_ON_AUTHOR_LINE,
    join_authors,
    split_authors,
    url_of,
)
from reader.parsing.text import LAYOUT_WHITESPACE, is_blank, join_page_breaks, paragraphs, squash

__all__ = ["KNOWN_HEADERS", "MAX_EXTRA_VALUE", "format_export", "read_layout"]

#: Header names (compared ignoring case) and the field each fills.
KNOWN_HEADERS: Mapping[str, str] = {
    "publication date": "date",
    "published": "date",
    "date": "date",
    "author": "author",
    "authors": "author",
    "by": "author",
    "section": "section",
    "tags": "tags",
    "article url": "url",
    "url": "url",
}
#: An unknown `Name: value` line with a longer value is the body's first sentence
#: ("Note: ..."), not metadata - unless the header visibly goes on after it.
MAX_EXTRA_VALUE = 200
#: A first line longer than this is prose, not a title.
_MAX_TITLE = 200
#: This many blank lines in a row end the header (exports put three there).
_HEADER_GAP = 2

_HEADING = re.compile(r"#{1,6}(?:[ \t\f\v]+(.*))?")
#: `Name: value`: a capital, at most four words, a colon and a space (so `At 10:30` is not one).
_NAME = r"[A-Z][\w'-]*(?: [\w'-]+){0,3}"
HEADER_NAME = re.compile(_NAME)
HEADER_LINE = re.compile(f"({_NAME}):(?:[ \t\f\v]+(.*))?")


def read_layout(lines: Sequence[str], draft: Draft, *, headers: bool = True) -> None:
    """Fill ``draft`` from the title line, the header lines (when ``headers``) and the body.

    With ``headers=False`` (a Markdown body after front matter) only a leading heading is
    taken as the title, and only when the front matter gave none; everything else is body.
    """
    count = len(lines)
    i = 0
    while i < count and is_blank(lines[i]):
        i += 1
    if i < count and draft.title is None:
        first = lines[i].strip(LAYOUT_WHITESPACE)
        heading = _HEADING.fullmatch(first)
        if heading is not None:
            draft.title = squash(heading[1] or "") or None
            i += 1
        elif headers and HEADER_LINE.fullmatch(first) is None and _stands_alone(lines, i):
            draft.title = squash(first)
            i += 1
    if headers:
        i = _read_header(lines, i, draft)
    draft.body = join_page_breaks(paragraphs(lines[i:]))


def _stands_alone(lines: Sequence[str], i: int) -> bool:
    """Is line ``i`` a title without a `## ` (one short line that is not a sentence)?"""
    line = lines[i].strip(LAYOUT_WHITESPACE)
    alone = i + 1 == len(lines) or is_blank(lines[i + 1])
    return alone and len(line) <= _MAX_TITLE and not line.endswith(".")


def _read_header(lines: Sequence[str], i: int, draft: Draft) -> int:
    """Apply header lines from ``i``; return the index where the body starts."""
    blank_run = 0
    while i < len(lines):
        line = lines[i]
        if is_blank(line):
            blank_run += 1
            i += 1
            continue
        if blank_run >= _HEADER_GAP:
            break
        match = HEADER_LINE.fullmatch(line.strip(LAYOUT_WHITESPACE))
        if match is None:
            break
        name, value = match[1], match[2] or ""
        kind = KNOWN_HEADERS.get(name.lower())
        if kind is None and len(value) > MAX_EXTRA_VALUE and not _header_continues(lines, i + 1):
            break
        _apply(draft, kind, name, value)
        blank_run = 0
        i += 1
    return i


def _header_continues(lines: Sequence[str], i: int) -> bool:
    """After a long unknown `Name: value` line: does the header go on (so it was metadata)?

    It does if the file ends, the header gap follows, or another header line follows.
    A long "Note: ..." line that is the body's first paragraph is followed by prose.
    """
    blanks = 0
    while i < len(lines) and is_blank(lines[i]):
        blanks += 1
        i += 1
    if i == len(lines) or blanks >= _HEADER_GAP:
        return True
    return HEADER_LINE.fullmatch(lines[i].strip(LAYOUT_WHITESPACE)) is not None


def header_name(key: str) -> str:
    """``key`` as a header name the export layout reads back (for front-matter keys).

    Kept as written when it already is one; else words are kept, the first capitalised,
    words past the fourth hyphen-joined, and ``X-`` prefixed when it would start with
    something other than A-Z or be mistaken for a known header.
    """
    if HEADER_NAME.fullmatch(key) and key.lower() not in KNOWN_HEADERS:
        return key
    words = re.findall(r"[\w'-]+", key) or ["Field"]
    if len(words) > 4:
        words = [*words[:3], "-".join(words[3:])]
    name = " ".join(words)
    if "a" <= name[0] <= "z":
        name = name[0].upper() + name[1:]
    if not "A" <= name[0] <= "Z" or name.lower() in KNOWN_HEADERS:
        name = "X-" + name
    return name


def _apply(draft: Draft, kind: str | None, name: str, value: str) -> None:
    if kind == "date":
        draft.set_date(value)
    elif kind == "author":
        shared = SECTION_ON_AUTHOR_LINE.search(" " + value)
        if shared is not None:
            draft.set_section(value[shared.end() - 1 :])
            value = value[: max(shared.start() - 1, 0)]
        draft.add_authors(split_authors(value))
    elif kind == "section":
        draft.set_section(value)
    elif kind == "tags":
        draft.add_tags(value.split(","))
    elif kind == "url":
        draft.set_url(url_of(value))
    else:
        draft.add_extra(name, value)


def format_export(
    *,
    title: str,
    body: Sequence[str],
    date_value: date | None,
    date_text: str,
    authors: Sequence[str],
    section: str,
    tags: Sequence[str],
    url: str,
    extra: Mapping[str, str],
) -> str:
    """Write the export layout that :func:`read_layout` reads back to the same fields."""
    header: list[str] = []
    written_date = date_text
    if date_value is not None and (not date_text or parse_date(date_text) != date_value):
        written_date = date_value.isoformat()
    if written_date:
        header.append(f"Publication Date: {written_date}")
    if authors:
        line = f"Author: {join_authors(list(authors))}"
        header.append(f"{line} Section: {section}" if section else line)
    elif section:
        header.append(f"Section: {section}")
    if tags:
        header.append("Tags: " + ", ".join(tags))
    if url:
        # `<url>` unless the brackets would make it read as an HTML anchor: then bare.
        header.append(
            f"Article URL: <{url}>" if url_of(f"<{url}>") == url else f"Article URL: {url}"
        )
    header.extend(f"{key}: {value}" if value else f"{key}:" for key, value in extra.items())
    head = f"## {title}" if title else "##"
    parts = [head, *header]
    text = "\n\n".join(parts)
    if body:
        text += "\n\n\n\n" + "\n\n".join(body)
    return text + "\n"
