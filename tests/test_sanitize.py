"""Terminal sanitising: hostile article text must not reach the terminal as control codes."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reader.sanitize import sanitize_line, sanitize_terminal


@pytest.mark.parametrize(
    ("hostile", "shown"),
    [
        ("\x1b[31mRed\x1b[0m text", "Red text"),
        ("\x1b[38;2;255;0;0mtrue\x1b[m colour", "true colour"),
        ("clear\x1b[2J\x1b[Hscreen", "clearscreen"),
        ("\x1b]0;pwned title\x07Title", "Title"),
        ("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ here", "link here"),
        ("\x1b]52;c;cHduZWQ=\x07clip", "clip"),
        ("\x1bP1$r0m\x1b\\dcs", "dcs"),
        ("\x1b_apc payload\x1b\\apc", "apc"),
        ("\x1b(0charset\x1b(B", "charset"),
        ("\x1b7save\x1b8", "save"),
        ("\x9b31mC1 CSI", "C1 CSI"),
        ("\x9d0;t\x07C1 OSC", "C1 OSC"),
        ("bell\x07 back\x08space del\x7f", "bell backspace del"),
        ("nul\x00 and \x01\x02\x1f", "nul and "),
        ("carriage\r\nreturn", "carriage\nreturn"),
        ("c1 \x80\x85\x9f", "c1 "),
        ("bidi \u202eevil\u202c \u2066iso\u2069", "bidi evil iso"),
        ("lone ESC at end \x1b", "lone ESC at end "),
        ("unterminated \x1b]8;;http://evil and more", "unterminated 8;;http://evil and more"),
    ],
)
def test_control_sequences_are_removed(hostile: str, shown: str) -> None:
    assert sanitize_terminal(hostile) == shown


def test_printable_text_is_kept() -> None:
    text = (
        "Emoji 👩🏽‍💻🇬🇧, CJK 新闻 記事, combining e\u0301 a\u0308, RTL مرحبا עברית, "
        "[bold]Rich markup[/] [link=x]y[/link], tabs\tand\nnewlines, £€ “quotes” – — …"
    )
    assert sanitize_terminal(text) == text


def test_sanitize_line_makes_one_line() -> None:
    assert sanitize_line("a\nb\tc\u2028d\x1b[1me") == "a b c de"


CONTROL_CATEGORIES = {"Cc"}
BIDI = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}


def displayable(text: str, *, allow: str) -> bool:
    return all(
        ch in allow or (unicodedata.category(ch) not in CONTROL_CATEGORIES and ch not in BIDI)
        for ch in text
    )


hostile_text = st.lists(
    st.one_of(
        st.text(max_size=10),
        st.sampled_from(["\x1b", "\x1b[", "\x1b]", "\x07", "\x1b\\", "\x9b", "\x9d", "\u202e"]),
        st.from_regex(r"\x1b\[[0-9;]{0,6}[A-Za-z]", fullmatch=True),
    ),
    max_size=20,
).map("".join)


@given(hostile_text)
@example("\x1b\x1b[31m[m")
def test_output_has_no_controls_and_is_idempotent(text: str) -> None:
    clean = sanitize_terminal(text)
    assert displayable(clean, allow="\n\t")
    assert sanitize_terminal(clean) == clean
    line = sanitize_line(text)
    assert displayable(line, allow="") and "\u2028" not in line
    assert sanitize_line(line) == line


@given(st.text(st.characters(exclude_categories=("Cc", "Cs"))))
def test_text_without_controls_is_unchanged(text: str) -> None:
    expected = "".join(ch for ch in text if ch not in BIDI)
    assert sanitize_terminal(text) == expected
