"""The briefing as plain text for any mail client: 72 columns, no markup of any kind.

72 columns is the traditional width that survives quoting in a reply (``> `` added on each
line) without re-wrapping; columns as a monospaced font shows them (a CJK character or an
emoji takes two, a combining mark none: ``unicodedata``, no dependency). Headings
are in capitals rather than marked up, links are written out in full on their own line (never
broken, so they stay clickable), and quotes are indented.
"""

from __future__ import annotations

import re
import unicodedata

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

_ZERO_WIDTH = frozenset({"Mn", "Me", "Cf"})
_WIDE = frozenset({"W", "F"})
#: textwrap's whitespace: the no-break space is not in it, so bound units stay whole.
_SPACES = re.compile(r"[\t\n\x0b\x0c\r ]+")
_ZWJ = "\u200d"


def columns(text: str) -> int:
    """Display columns of ``text`` in a terminal or a monospaced mail: wide and full-width
    characters (CJK, most emoji) take two, combining marks and format characters none."""
    return sum(_char_columns(char) for char in text)


def _char_columns(char: str) -> int:
    if unicodedata.category(char) in _ZERO_WIDTH:
        return 0
    return 2 if unicodedata.east_asian_width(char) in _WIDE else 1


def _may_break(before: str, after: str) -> bool:
    """Whether a line may break between two characters of one word: next to a wide character
    (CJK text has no spaces), but never before a mark or a closing punctuation mark, nor after
    an opening one or a zero-width joiner, nor next to a no-break space."""
    if _char_columns(after) == 0 or before == _ZWJ or _NBSP in (before, after):
        return False
    if unicodedata.category(after) in ("Pe", "Pf", "Po") or unicodedata.category(before) in (
        "Ps",
        "Pi",
    ):
        return False
    return _char_columns(before) == 2 or _char_columns(after) == 2


def _pieces(word: str) -> list[str]:
    """``word`` cut where a line may break inside it."""
    pieces: list[str] = []
    for char in word:
        if pieces and not _may_break(pieces[-1][-1], char):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def _keep_together(text: str) -> str:
    """``text`` with the renderer's own units bound by no-break spaces."""
    for pattern in _UNITS:
        text = pattern.sub(lambda m: m.group(0).replace(" ", _NBSP), text)
    return text


def _attribution(who: str) -> str:
    """ "— Gwen Ellery", never broken after the dash (nor inside a short name)."""
    if columns(who) <= _MAX_BOUND_SPEAKER:
        return "—" + _NBSP + who.replace(" ", _NBSP)
    first, _, rest = who.partition(" ")
    return "—" + _NBSP + first + (" " + rest if rest else "")


def _wrap(text: str, width: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` display columns (textwrap counts characters, so
    a line of CJK or emoji came out up to twice as wide). As textwrap does, words break at
    spaces, and a word longer than a whole line fills the line and goes on on the next; CJK
    text breaks between its characters too."""
    later = indent if subsequent is None else subsequent
    lines: list[str] = []
    margin = indent
    line, used, empty = indent, columns(indent), True
    for word in (w for w in _SPACES.split(text) if w):
        for number, piece in enumerate(_pieces(word)):
            sep = " " if number == 0 and not empty else ""
            size = columns(piece)
            while used + len(sep) + size > width and size <= width - columns(margin):
                lines.append(line)  # a piece that fits a line of its own starts one
                margin, sep = later, ""
                line, used, empty = later, columns(later), True
            if used + len(sep) + size <= width:
                line, used, empty = line + sep + piece, used + len(sep) + size, False
                continue
            # longer than a whole line: fill this one, then the next, character by character
            if used + len(sep) + 1 <= width:
                line, used = line + sep, used + len(sep)
            elif not empty:
                lines.append(line)
                margin, line, used = later, later, columns(later)
            for char in piece:
                wide = _char_columns(char)
                if used + wide > width and line != margin:
                    lines.append(line)
                    margin, line, used = later, later, columns(later)
                line, used, empty = line + char, used + wide, False
    lines.append(line)
    if empty and len(lines) == 1:
        return [indent.rstrip()]
    return [ln.replace(_NBSP, " ") for ln in lines]


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
