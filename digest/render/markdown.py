"""The briefing as CommonMark: readable as raw text, and safe to feed to any renderer.

Article text must never become Markdown syntax: a title like ``[win](javascript:alert(1))``
or a note starting with ``# `` has to come out as those characters, not as a link or a
heading. ``escape`` backslash-escapes every character that can open inline syntax (CommonMark
lets any ASCII punctuation be escaped) and the few that only matter at the start of a line.
Links are only made from http(s) URLs, percent-encoded so they cannot close the link early.
"""

from __future__ import annotations

import re
from urllib.parse import quote

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

#: Characters that can open or close inline syntax anywhere in a line (emphasis, code spans,
#: links, images, autolinks and raw HTML, entities, GFM tables/strikethrough).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~!#])")
#: What only matters at the start of a line: list markers, block quotes, thematic breaks,
#: setext underlines, ordered-list numbers ("2024. was a year" would start a list).
_LINE_START = re.compile(r"^([-+=>])|^(\d{1,9})([.)])")
#: Characters a link destination may contain as they are; everything else is %-encoded.
_URL_SAFE = "/:?#[]@!$&'*+,;=%-._~"


def escape(text: str) -> str:
    """Article text as literal Markdown inline content, on one line."""
    line = _INLINE_SPECIAL.sub(r"\\\1", clean_inline(text))
    return _LINE_START.sub(_escape_line_start, line)


def _escape_line_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


def link(text: str, url: str) -> str:
    """``[text](url)`` for a safe URL, otherwise just the escaped text."""
    label = escape(text)
    target = safe_url(url)
    if not target:
        return label
    return f"[{label}]({quote(target, safe=_URL_SAFE)})"


def render_markdown(briefing: Briefing) -> str:
    lines: list[str] = [f"# {escape(briefing.heading)}", "", escape(briefing.overview), ""]
    if briefing.count:
        lines += _contents(briefing)
    number = 0
    for group in briefing.groups:
        if group.name:
            lines += [f"## {escape(group.name)}", ""]
        for item in group.items:
            number += 1
            lines += _item(number, item, heading="###" if group.name else "##")
    return "\n".join(lines).rstrip("\n") + "\n"


def _contents(briefing: Briefing) -> list[str]:
    lines = ["## Contents", ""]
    number = 0
    for group in briefing.groups:
        if group.name:
            lines.append(f"- {escape(group.name)}")
        for item in group.items:
            number += 1
            indent = "  " if group.name else ""
            lines.append(f"{indent}- {number}\\. {escape(item_title(item))}")
    lines.append("")
    return lines


def _item(number: int, item: BriefingItem, *, heading: str) -> list[str]:
    lines = [f"{heading} {number}\\. {link(item_title(item), item.url)}", ""]
    meta = meta_parts(item)
    if meta:
        lines += ["*" + " · ".join(escape(part) for part in meta) + "*", ""]
    if item.summary:
        lines += [escape(item.summary), ""]
    for key_quote in item.quotes:
        text = escape(quoted(key_quote.text))
        who = speaker_label(key_quote)
        lines += [f"> {text}" + (f" — {escape(who)}" if who else ""), ""]
    note = clean_block(item.note)
    if note:
        lines.append(f"**Your note:** {escape(note[0])}")
        for paragraph in note[1:]:
            lines += ["", escape(paragraph)]
        lines.append("")
    return lines
