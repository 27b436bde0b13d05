"""Header values: author lists, tags and article URLs in the shapes exports write them."""

from __future__ import annotations

import re

from reader.parsing.text import squash

__all__ = ["AUTHOR_SEPARATOR", "SECTION_ON_AUTHOR_LINE", "split_authors", "split_tags", "url_of"]

#: "A and B", "A, B and C", "A, B, and C". Tried left to right, longest first.
AUTHOR_SEPARATOR = re.compile(r", and |, | and ")
#: Exports put the section on the author's line: "Author: Priya Natarajan Section: Local news".
SECTION_ON_AUTHOR_LINE = re.compile(r"[ \t]+section:(?:[ \t]+|$)", re.I)

_ANCHOR_HREF = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_MARKDOWN_LINK = re.compile(r"""\[[^\]]*\]\(\s*<?([^\s()<>]+)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)""")


_SECTION_IN_NAME = re.compile(r"(?:^| )section:(?: |$)", re.I)


def split_authors(value: str) -> list[str]:
    """Names from a byline; empty pieces (a doubled comma) are dropped."""
    return [name for name in AUTHOR_SEPARATOR.split(squash(value)) if name]


def normal_authors(values: list[str]) -> list[str]:
    """Names split from bylines and cleaned so that :func:`join_authors` reads back the same.

    Separator debris is dropped: a leading "and ", a trailing "," or " and", a lone "and"
    ("A, and and B" is the byline of A and B), and a stray "Section:" and what follows it.
    """
    names: list[str] = []
    for value in values:
        for piece in split_authors(value):
            cut = _SECTION_IN_NAME.search(piece)
            if cut is not None:
                piece = piece[: cut.start()]
            before = None
            while piece != before:
                before = piece
                piece = piece.removeprefix("and ").removesuffix(" and").rstrip(",").strip(" ")
            if piece and piece != "and":
                names.append(piece)
    return names


def join_authors(names: tuple[str, ...] | list[str]) -> str:
    """The byline :func:`split_authors` reads back: "A", "A and B", "A, B and C"."""
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def split_tags(values: list[str]) -> list[str]:
    """Trimmed, non-empty tags, de-duplicated case-insensitively keeping the first spelling."""
    seen: set[str] = set()
    tags: list[str] = []
    for value in values:
        tag = squash(value)
        key = tag.casefold()
        if tag and key not in seen:
            seen.add(key)
            tags.append(tag)
    return tags


def url_of(value: str) -> str:
    """The URL in an HTML anchor, a Markdown link, angle brackets, or the bare value."""
    value = squash(value)
    if value.startswith("<a") and "</a>" in value.lower():
        match = _ANCHOR_HREF.match(value)
        if match is not None:
            import html

            return squash(html.unescape(next(g for g in match.groups() if g is not None)))
    if value.startswith("<") and value.endswith(">"):
        return squash(value[1:-1])
    if value.startswith("["):
        match = _MARKDOWN_LINK.fullmatch(value)
        if match is not None:
            return match[1]
    return value
