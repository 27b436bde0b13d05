"""HTML -> an article's paragraphs: the text a reader reads, and nothing else.

The project's one HTML stripper: read-later exports (Wallabag, Omnivore) and feed entries
(RSS/Atom content and summaries, JSON Feed ``content_html``) both come through here. A
small tokenizer of its own (no tree, no dependency) that looks at each character a bounded
number of times: memory stays flat however deep the nesting, hostile input costs linear time,
and malformed markup degrades to text instead of failing.

* ``script``, ``style``, ``template``, ``head``, ``svg``, ``noscript`` and the like are dropped
  with everything inside them; comments, doctypes and processing instructions too;
* links keep their text (the address is dropped); images keep nothing;
* entities are decoded (``&amp;`` -> ``&``, ``&#8217;`` -> ``’``);
* block elements (``p``, ``div``, headings, list items, ``blockquote``, table rows, ``br`` ...)
  end a paragraph; inline ones (``a``, ``em``, ``span`` ...) do not;
* whitespace is normalised (runs of spaces, tabs, newlines and no-break spaces become one
  space) and control characters other than whitespace are removed;
* text with no markup at all (a plain-text feed summary) is split into paragraphs at blank
  lines, and its entities are decoded.
"""

from __future__ import annotations

import html
import re

__all__ = ["MAX_HTML_CHARS", "html_to_paragraphs", "html_to_text"]

#: Input beyond this many characters is not read (8 MiB of text is a book, not an article).
MAX_HTML_CHARS = 8 * 2**20

#: Elements whose content is never text for the reader.
_SKIP = frozenset(
    {
        "script",
        "style",
        "template",
        "head",
        "title",
        "noscript",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "select",
        "button",
        "textarea",
    }
)
#: Elements that start and end a paragraph.
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
#: Void elements never get an end tag, so they must not open a skipped region.
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
#: C0/C1 controls (tab, newline and carriage return are whitespace, handled by ``split``),
#: plus the bidi overrides and isolates, which can disguise what text says.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: The start of anything that is not text: a tag, an end tag, a comment, a doctype or a PI.
_MARKUP = re.compile(r"<(?:[A-Za-z]|/[A-Za-z]|!|\?)")
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
#: Elements whose content is raw text up to their end tag (markup inside is not markup).
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "noscript", "iframe"})
#: A blank line: where plain text (no markup in it) starts a new paragraph.
_BLANK_LINE = re.compile(r"\n\s*\n")


def _unescape(text: str) -> str:
    """Entities decoded, and no control or bidi character smuggled in as one (``&#x202e;``)."""
    return _CONTROLS.sub("", html.unescape(text))


class _Paragraphs:
    """Collects paragraphs from a stream of tags and text."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self._words: list[str] = []
        self._skip: list[str] = []

    def _end_paragraph(self) -> None:
        if self._words:
            text = " ".join("".join(self._words).split())
            if text:
                self.paragraphs.append(text)
            self._words = []

    def start(self, tag: str, self_closing: bool) -> None:
        if tag == "body":  # a <head> left open ends where the body starts
            self._skip.clear()
        if self._skip:
            if tag == self._skip[-1] and not self_closing and tag not in _VOID:
                self._skip.append(tag)
            return
        if tag in _SKIP:
            if not self_closing and tag not in _VOID:
                self._skip.append(tag)
            return
        if tag in _BLOCK:
            self._end_paragraph()
        elif tag in ("td", "th"):
            self._words.append(" ")

    def end(self, tag: str) -> None:
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.pop()
            return
        if tag in _BLOCK:
            self._end_paragraph()

    def data(self, text: str) -> None:
        if not self._skip and text:
            self._words.append(_unescape(text) if "&" in text else text)

    def skipping(self) -> bool:
        return bool(self._skip)

    def close(self) -> None:
        self._end_paragraph()


def _tokenize(markup: str, out: _Paragraphs) -> None:
    """A forgiving HTML tokenizer that looks at each character a bounded number of times.

    (``html.parser`` in Python 3.11 rescans unterminated constructs: 40 KB of ``<!--`` took
    a second there and 300 KB of ``<a `` minutes.) A tag ends at the first ``>``; a comment
    at ``-->`` or the end of the input; a ``<`` that starts no tag is text.
    """
    pos = 0
    size = len(markup)
    while pos < size:
        found = _MARKUP.search(markup, pos)
        if found is None:
            out.data(markup[pos:])
            return
        at = found.start()
        if at > pos:
            out.data(markup[pos:at])
        if markup.startswith("<!--", at):
            end = markup.find("-->", at + 4)
            pos = size if end < 0 else end + 3
            continue
        close = markup.find(">", at + 1)
        if close < 0:  # no tag can end any more: the rest is text
            out.data(markup[at:])
            return
        pos = close + 1
        if markup[at + 1] in "!?":  # doctype, CDATA, processing instruction
            continue
        name_match = _TAG_NAME.match(markup, at)
        if name_match is None:
            out.data(markup[at:pos])
            continue
        tag = name_match.group(1).lower()
        if markup[at + 1] == "/":
            out.end(tag)
            continue
        out.start(tag, markup[close - 1] == "/")
        if tag in _RAW_TEXT and markup[close - 1] != "/":
            ends = re.compile("</" + re.escape(tag), re.IGNORECASE).search(markup, pos)
            end = size if ends is None else ends.start()
            if not out.skipping():
                out.data(markup[pos:end])
            pos = end


def html_to_paragraphs(markup: str) -> list[str]:
    """The paragraphs of ``markup``, as plain one-line strings (see the module docstring)."""
    if len(markup) > MAX_HTML_CHARS:
        markup = markup[:MAX_HTML_CHARS]
    markup = _CONTROLS.sub("", markup)
    if _MARKUP.search(markup) is None:
        return _plain_paragraphs(markup)
    out = _Paragraphs()
    _tokenize(markup, out)
    out.close()
    return out.paragraphs


def _plain_paragraphs(text: str) -> list[str]:
    """Text without markup: blank lines part paragraphs, whitespace runs become one space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for block in _BLANK_LINE.split(text):
        squeezed = " ".join((_unescape(block) if "&" in block else block).split())
        if squeezed:
            out.append(squeezed)
    return out


def html_to_text(markup: str) -> str:
    """The paragraphs joined by blank lines (the form of ``Article.text``)."""
    return "\n\n".join(html_to_paragraphs(markup))
