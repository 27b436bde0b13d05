"""HTML (a feed entry's content or summary) to an article's paragraphs.

No markup survives: scripts, styles and forms are dropped, block elements end a paragraph,
``<br>`` starts a new line, and links are kept as their text. Used until (and beside) the
shared ``reader/parsing/html.py`` for whole pages.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCKS = frozenset(
    "p div section article header footer aside main nav blockquote pre ul ol li dl dt dd"
    " table thead tbody tfoot tr td th h1 h2 h3 h4 h5 h6 figure figcaption hr address"
    " details summary".split()
)
_DROP = frozenset("script style noscript template iframe object embed svg math form select".split())
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._parts: list[str] = []
        self._drop = 0

    def _end(self) -> None:
        text = "".join(self._parts)
        self._parts = []
        lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            self.paragraphs.append(joined)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self._drop += 1
        elif tag == "br":
            self._parts.append("\n")
        elif tag in _BLOCKS:
            self._end()
            if tag == "li":
                self._parts.append("• ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._parts.append("\n")
        elif tag in _BLOCKS:
            self._end()

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self._drop = max(0, self._drop - 1)
        elif tag in _BLOCKS:
            self._end()

    def handle_data(self, data: str) -> None:
        if not self._drop:
            self._parts.append(data.replace("\n", " "))


def html_paragraphs(markup: str) -> list[str]:
    """The paragraphs of an HTML fragment as plain text (control characters removed)."""
    if "<" not in markup and "&" not in markup:
        return plain_paragraphs(markup)
    parser = _Paragraphs()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup
        return plain_paragraphs(html.unescape(re.sub(r"<[^>]*>", " ", markup)))
    parser._end()
    return [_CONTROL.sub("", p) for p in parser.paragraphs if _CONTROL.sub("", p).strip()]


def plain_paragraphs(text: str) -> list[str]:
    """Plain text split at blank lines, whitespace squeezed."""
    text = _CONTROL.sub(lambda m: "\n" if m.group() in "\r" else "", text.replace("\r\n", "\n"))
    out = []
    for block in re.split(r"\n\s*\n", text):
        squeezed = " ".join(block.split())
        if squeezed:
            out.append(squeezed)
    return out
