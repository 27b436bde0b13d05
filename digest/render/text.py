"""The briefing as plain text for any mail client: 72 columns, no markup of any kind.

72 columns is the traditional width that survives quoting in a reply (``> `` added on each
line) without re-wrapping. Headings are in capitals rather than marked up, links are written
out in full on their own line (never broken, so they stay clickable), and quotes are indented.
"""

from __future__ import annotations

import re
import textwrap

from digest.briefing import Briefing, BriefingItem
from digest.render import (
    clean_block,
    clean_inline,
    item_title,
    meta_parts,
    quoted,
    safe_url,
    speaker_label,
)

DEFAULT_WIDTH = 72
_INDENT = "   "
_QUOTE_INDENT = "     "


#: Joins words a line must not break between (textwrap only breaks at ASCII whitespace);
#: turned back into a plain space once the text is wrapped.
_NBSP = "\xa0"
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
#: Units the renderer writes: "1 min read", "2 minutes", "7 March 2024", "24 Nov", "(3)",
#: "and 103 more".
_UNITS = (
    re.compile(r"\band (\d+) more\b"),
    re.compile(r"\b(\d+) (min read|minutes?)\b"),
    re.compile(rf"\b(\d{{1,2}}) ({_MONTHS})( \d{{4}})?\b"),
    re.compile(r"(\S) (\(\d+\))"),
    re.compile(r"\b(By) (\S)"),
)
#: The longest "— speaker" kept whole on a line; a longer one only keeps its first word.
_MAX_BOUND_SPEAKER = 36


def _keep_together(text: str) -> str:
    """``text`` with the renderer's own units bound by no-break spaces."""
    for pattern in _UNITS:
        text = pattern.sub(lambda m: m.group(0).replace(" ", _NBSP), text)
    return text


def _attribution(who: str) -> str:
    """ "— Gwen Ellery", never broken after the dash (nor inside a short name)."""
    if len(who) <= _MAX_BOUND_SPEAKER:
        return "—" + _NBSP + who.replace(" ", _NBSP)
    first, _, rest = who.partition(" ")
    return "—" + _NBSP + first + (" " + rest if rest else "")


def _wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    lines = textwrap.wrap(
        text,
        width=width,
        initial_indent=indent,
        subsequent_indent=indent if subsequent is None else subsequent,
        break_on_hyphens=False,
    ) or [indent.rstrip()]
    return [line.replace(_NBSP, " ") for line in lines]


def _heading(text: str, width: int) -> list[str]:
    """Headings are capitals, not underlines: a line of ``===`` would be Markdown again."""
    return _wrap(text.upper(), width)


def render_text(briefing: Briefing, width: int = DEFAULT_WIDTH) -> str:
    width = max(width, 20)
    lines: list[str] = [*_heading(clean_inline(briefing.heading), width), ""]
    lines += [*_wrap(_keep_together(clean_inline(briefing.overview)), width), ""]
    if briefing.count:
        lines += _contents(briefing, width)
    number = 0
    for group in briefing.groups:
        if group.name:
            lines += ["", *_heading(clean_inline(group.name), width), ""]
        for item in group.items:
            number += 1
            lines += _item(number, item, width)
    return "\n".join(lines).rstrip("\n") + "\n"


def _contents(briefing: Briefing, width: int) -> list[str]:
    lines = _heading("Contents", width)
    number = 0
    for group in briefing.groups:
        if group.name:
            lines += _wrap(clean_inline(group.name), width)
        for item in group.items:
            number += 1
            label = f"{number:>3}. "
            indent = "  " if group.name else ""
            lines += _wrap(item_title(item), width, indent + label, indent + " " * len(label))
    lines.append("")
    return lines


def _item(number: int, item: BriefingItem, width: int) -> list[str]:
    label = f"{number}. "
    lines = [*_wrap(item_title(item), width, label, " " * len(label))]
    meta = meta_parts(item)
    if meta:
        lines += _wrap(" | ".join(_keep_together(part) for part in meta), width, _INDENT)
    url = safe_url(item.url)
    if url:
        lines.append(_INDENT + url)  # never wrapped: a broken URL is a dead link
    if item.summary:
        lines += ["", *_wrap(clean_inline(item.summary), width, _INDENT)]
    for key_quote in item.quotes:
        who = speaker_label(key_quote)
        text = quoted(key_quote.text) + (f" {_attribution(who)}" if who else "")
        lines += ["", *_wrap(text, width, _QUOTE_INDENT)]
    note = clean_block(item.note)
    if note:
        lines += ["", *_wrap(f"Your note: {note[0]}", width, _INDENT)]
        for paragraph in note[1:]:
            lines += ["", *_wrap(paragraph, width, _INDENT)]
    lines.append("")
    return lines
