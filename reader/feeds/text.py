"""HTML (a feed entry's content or summary) to an article's paragraphs.

No markup survives: scripts, styles and forms are dropped, block elements end a paragraph,
``<br>`` starts a new line, and links are kept as their text. Used until (and beside) the
shared ``reader/parsing/html.py`` for whole pages.
"""

from __future__ import annotations

import html
import re

_BLOCKS = frozenset(
    "p div section article header footer aside main nav blockquote pre ul ol li dl dt dd"
    " table thead tbody tfoot tr td th h1 h2 h3 h4 h5 h6 figure figcaption hr address"
    " details summary".split()
)
_DROP = frozenset("script style noscript template iframe object embed svg math form select".split())
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


# A tag cannot hold "<", so each failed match stops at the next "<": linear on any input.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*>|<[!?][^<>]*>")


def html_paragraphs(markup: str) -> list[str]:
    """The paragraphs of an HTML fragment as plain text (control characters removed).

    One linear pass of a regular expression over the tags (no html.parser, which rescans
    unterminated constructs): block elements end a paragraph, ``<br>`` starts a line, text
    inside scripts, styles and the like is dropped, entities are decoded.
    """
    if "<" not in markup and "&" not in markup:
        return plain_paragraphs(markup)
    markup = _without_comments(markup)
    paragraphs: list[str] = []
    parts: list[str] = []
    drop: list[str] = []

    def end() -> None:
        text = html.unescape("".join(parts))
        parts.clear()
        lines = [_SPACE.sub(" ", _CONTROL.sub("", line)).strip() for line in text.split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            paragraphs.append(joined)

    at = 0
    for match in _TAG.finditer(markup):
        if not drop:
            parts.append(markup[at : match.start()].replace("\n", " ").replace("\r", " "))
        at = match.end()
        name = (match.group(2) or "").lower()
        if not name:
            continue
        closing = bool(match.group(1))
        if name in _DROP:
            if closing:
                if name in drop:
                    del drop[drop.index(name) :]
            elif not match.group(0).endswith("/>"):
                drop.append(name)
            continue
        if drop:
            continue
        if name == "br":
            parts.append("\n")
        elif name in _BLOCKS:
            end()
            if name == "li" and not closing:
                parts.append("• ")
    if not drop:
        parts.append(markup[at:].replace("\n", " ").replace("\r", " "))
    end()
    return paragraphs


def _without_comments(markup: str) -> str:
    out: list[str] = []
    at = 0
    while True:
        start = markup.find("<!--", at)
        if start < 0:
            out.append(markup[at:])
            return "".join(out)
        out.append(markup[at:start])
        close = markup.find("-->", start + 4)
        if close < 0:
            return "".join(out)
        at = close + 3


def plain_paragraphs(text: str) -> list[str]:
    """Plain text split at blank lines, whitespace squeezed."""
    text = _CONTROL.sub(lambda m: "\n" if m.group() in "\r" else "", text.replace("\r\n", "\n"))
    out = []
    for block in re.split(r"\n\s*\n", text):
        squeezed = " ".join(block.split())
        if squeezed:
            out.append(squeezed)
    return out
