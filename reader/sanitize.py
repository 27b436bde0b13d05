"""Make hostile article text safe to put on a terminal.

Article files are untrusted: a title can carry an escape sequence that recolours the
terminal, retitles the window, plants a hyperlink or rewrites the clipboard (OSC 52), and
bidi overrides can make text read differently from what it is. The parser keeps text as
written (so nothing in the user's file is lost); everything that *displays* text passes it
through here first. No Rich or Textual import: the CLI, TUI and digest renderers share it.
"""

from __future__ import annotations

import re

__all__ = ["escape_controls_in_data", "escape_name", "sanitize_line", "sanitize_terminal"]

# Whole escape sequences go, not just their ESC, so no "[31m" debris is left behind.
# Each branch stops at the next ESC (or BEL for OSC), so matching stays linear in the
# length of the text however the sequences are mangled.
_ESCAPE_SEQUENCE = re.compile(
    r"""
      \x1b\[ [0-?]* [\ -/]* [@-~]          # CSI: colours, cursor moves, erase...
    | \x1b\] [^\x07\x1b]* (?:\x07|\x1b\\)  # OSC: window title, hyperlinks, clipboard
    | \x1b[PX^_] [^\x1b]* \x1b\\           # DCS, SOS, PM, APC strings ended by ST
    | \x1b [\ -/]* [0-~]                   # every other ESC sequence (charset, keypad...)
    | \x9b [0-?]* [\ -/]* [@-~]            # 8-bit CSI
    | \x9d [^\x07\x1b\x9c]* (?:\x07|\x9c)  # 8-bit OSC
    """,
    re.VERBOSE,
)

_BIDI_CONTROLS = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_C0_EXCEPT_NEWLINE_TAB = [c for c in range(0x20) if c not in (0x09, 0x0A)]
_C1 = list(range(0x80, 0xA0))
# Anything an escape-sequence match did not take (a lone ESC, a stray BEL) is dropped here.
_DROP = dict.fromkeys([*_C0_EXCEPT_NEWLINE_TAB, 0x7F, *_C1, *_BIDI_CONTROLS])
_LINE_BREAKS = {0x0A: " ", 0x09: " ", 0x2028: " ", 0x2029: " "}


def sanitize_terminal(text: str) -> str:
    """Text with every terminal control removed; newlines, tabs and all printable text kept.

    Emoji, CJK, combining marks and Rich-style ``[bold]`` brackets are ordinary text and stay
    (Rich markup is neutralised where it is rendered, by building ``Text`` objects).
    """
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return text.translate(_DROP)


def sanitize_line(text: str) -> str:
    """Like :func:`sanitize_terminal`, for one-line displays (list rows, status lines)."""
    return sanitize_terminal(text).translate(_LINE_BREAKS)


# C1 controls, bidi overrides and the Unicode line/paragraph separators are legal in JSON and
# TOML strings, but printed raw they drive terminals (U+009B is CSI) or reorder what is read.
_DATA_ESCAPES = {c: f"\\u{c:04x}" for c in [*_C1, *_BIDI_CONTROLS, 0x2028, 0x2029]}


def escape_controls_in_data(serialised: str) -> str:
    """JSON or TOML text with C1 controls and bidi overrides written as ``\\uXXXX`` escapes.

    These characters can only occur inside the strings of a serialised document (never in its
    syntax), and ``\\uXXXX`` means the same character in the basic strings of both formats, so
    the document reads back exactly as before."""
    return serialised.translate(_DATA_ESCAPES)


_NAME_ESCAPES = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\udc80-\udcff]")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_name(name: str) -> str:
    """A file name for display: controls, bidi overrides and undecodable bytes as escapes
    (``\\x1b``, ``\\u202e``, ``\\xff``), every other character as it is."""
    return _NAME_ESCAPES.sub(_escape_char, name)
