"""Renderers: the same Briefing as Markdown, plain text or a self-contained HTML page.

Article text is hostile (terminal escapes, HTML, Markdown, Rich markup), so every renderer
passes each piece of it through ``clean_inline``/``clean_block`` (terminal control characters
stripped, whitespace normalised) before applying its own format's escaping. The small
formatting decisions shared by all three (byline, the meta line, which URLs may become links)
live here so the formats agree.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from digest.briefing import Briefing, BriefingItem, format_day
from digest.select import KeyQuote
from reader.sanitize import sanitize_terminal

FORMATS = ("markdown", "text", "html")
EXTENSIONS = {"markdown": "md", "text": "txt", "html": "html"}
SAFE_SCHEMES = ("http", "https")


def clean_inline(text: str) -> str:
    """One line of display text: no control characters, runs of whitespace become a space."""
    return " ".join(sanitize_terminal(text).split())


def clean_block(text: str) -> list[str]:
    """Paragraphs of display text (a note can have several), each cleaned as one line."""
    paragraphs = sanitize_terminal(text).replace("\r\n", "\n").split("\n\n")
    return [line for line in (" ".join(p.split()) for p in paragraphs) if line]


def safe_url(url: str) -> str:
    """The URL if it is an absolute http(s) URL that can be linked safely, else ``""``.

    ``javascript:``, ``data:``, relative and malformed URLs never become links; neither do
    URLs with whitespace or control characters, which would break out of a link's syntax.
    """
    candidate = url.strip()
    if not candidate or candidate != sanitize_terminal(candidate):
        return ""
    if any(ch.isspace() or ch in "<>\"'`\\" for ch in candidate):
        return ""
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return ""
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return ""
    return candidate


def byline(item: BriefingItem) -> str:
    """ "Priya Natarajan", "A and B", "A, B and C"."""
    names = [clean_inline(a) for a in item.authors if clean_inline(a)]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def date_label(item: BriefingItem) -> str:
    if item.date is not None:
        return format_day(item.date)
    return clean_inline(item.date_text)


def meta_parts(item: BriefingItem) -> list[str]:
    """By-line, date, section and reading time, in the order a reader scans them."""
    parts: list[str] = []
    who = byline(item)
    if who:
        parts.append(f"By {who}")
    when = date_label(item)
    if when:
        parts.append(when)
    section = clean_inline(item.section)
    if section:
        parts.append(section)
    if item.reading_minutes:
        parts.append(f"{item.reading_minutes} min read")
    return parts


def speaker_label(quote: KeyQuote) -> str:
    """Who said it; highlights say so, so the reader recognises their own marks."""
    speaker = clean_inline(quote.speaker or "")
    if quote.highlighted:
        return f"{speaker} (your highlight)" if speaker else "your highlight"
    return speaker


#: Double quotation marks that open / close a quotation (straight ones do both).
_OPENING = "“„«"
_CLOSING = "”»"


def quoted(text: str) -> str:
    """A key quote's text between quotation marks, never doubled.

    An extracted quote is the words inside the marks, so it gets a pair. A highlight is the
    reader's own selection and may already hold a quotation (``“For ten years,” she said``):
    it keeps its own marks, balanced if the selection cut one off, and gets no second pair.
    """
    line = clean_inline(text)
    opens = sum(line.count(ch) for ch in _OPENING)
    closes = sum(line.count(ch) for ch in _CLOSING)
    straight = line.count('"')
    if not opens and not closes and not straight:
        return f"“{line}”"
    if straight % 2:
        line = line + '"' if line.startswith('"') else '"' + line
    if opens > closes:
        line += "”" * (opens - closes)
    elif closes > opens:
        line = "“" * (closes - opens) + line
    return line


def item_title(item: BriefingItem) -> str:
    return clean_inline(item.title) or "(untitled)"


def render(briefing: Briefing, fmt: str) -> str:
    """Dispatch by format name (one of ``FORMATS``)."""
    renderers: dict[str, Callable[[Briefing], str]] = _renderers()
    try:
        renderer = renderers[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r} (choose {', '.join(FORMATS)})") from None
    return renderer(briefing)


def _renderers() -> dict[str, Callable[[Briefing], str]]:
    from digest.render.html import render_html
    from digest.render.markdown import render_markdown
    from digest.render.text import render_text

    return {"markdown": render_markdown, "text": render_text, "html": render_html}
