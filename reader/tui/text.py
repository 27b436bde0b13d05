"""Turning untrusted article text into safe, well-behaved Rich ``Text``.

Everything shown from an article passes through here: control characters never reach the
terminal and Rich markup is never interpreted, because we only ever build ``Text`` objects.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from reader.app import find_terms, split_snippet
from reader.sanitize import sanitize_line

if TYPE_CHECKING:
    from textual.widget import Widget

#: What ``mask_controls`` replaces: C0 and C1 controls but the newline (tab included: it becomes
#: a space), lone surrogates, and the bidi overrides and isolates (they can make a line render
#: in a misleading order).
_TO_MASK = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _mask(match: re.Match[str]) -> str:
    return " " if match.group() == "\t" else "\ufffd"


def mask_controls(text: str) -> str:
    """Neutralise control characters WITHOUT changing the length of ``text``.

    Highlights and search offsets index into the article text, so the body cannot simply have
    characters removed; each control character becomes a visible replacement character (tabs
    become spaces, newlines are kept). One regex pass: a chunk of an article (which always
    holds newlines, so is never ``isprintable``) went through a Python call per character.
    """
    if text.isprintable():
        return text
    return _TO_MASK.sub(_mask, text)


def safe_line(text: str) -> str:
    """One display line: sanitised and with every kind of line break flattened to a space."""
    return sanitize_line(text)


def highlight_terms(text: Text, terms: list[str], style: Style | str) -> Text:
    """Style every occurrence of each term (the search's free words), found as search finds
    them: case and accents ignored, offsets those of the text."""
    for start, end in find_terms(text.plain, terms):
        text.stylize(style, start, end)
    return text


def snippet_text(snippet: str, match_style: Style | str) -> Text:
    """Render a store snippet, its matches (marked by the store) in ``match_style``."""
    out = Text()
    for part, inside in split_snippet(snippet):
        out.append(safe_line(part), match_style if inside else "")
    return out


def component_style(widget: Widget, name: str) -> Style:
    """A component class's own colours, with any alpha already blended, as a Rich ``Style``.

    Textual's ``partial=True`` style drops the alpha of a colour (``$success 20%`` becomes
    solid green, text and all), and the full style also sets every colour it inherits. This
    keeps only what the rule sets, resolved against the widget's background, so a highlight
    tints the text behind it instead of painting over it.
    """
    styles = widget.get_component_styles(name)
    full = widget.get_component_rich_style(name)
    style = Style(
        color=full.color if styles.has_rule("color") else None,
        bgcolor=full.bgcolor if styles.has_rule("background") else None,
    )
    return style + styles.text_style
