"""Restore files from a hostile world: validated whole first, every problem with its path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from reader.library import Library, LibraryError, open_library
from reader.library.state import state_problems
from tests.library_helpers import article_file

Cli = Callable[..., Result]
WHEN = "2024-03-07T10:00:00+00:00"


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    article_file(tmp_path / "news", "a.txt", "Harbour news", "The harbour council met today.")
    library = open_library(tmp_path / "lib")
    library.import_paths([tmp_path / "news"])
    return library


def _export(articles: dict[str, Any], searches: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"version": 1, "articles": articles, "saved_searches": searches or {}}


def _nothing_applied(lib: Library) -> None:
    assert lib.count("is:bookmarked") == 0
    assert lib.export_state()["articles"] == {}
    assert lib.export_state()["saved_searches"] == {}


def test_every_problem_is_reported_with_its_path_and_nothing_is_applied(lib: Library) -> None:
    [aid] = lib.ids()
    good = {"user_tags": ["fine"], "bookmark": {"created_at": WHEN, "note": "ok"}}
    bad = {
        "user_tags": "abc",
        "highlights": [
            {"start": 1e30, "end": 5, "created_at": WHEN},
            {"start": float("inf"), "end": 5, "created_at": WHEN},
            {"start": -4, "end": 5, "created_at": WHEN},
            {"start": 9, "end": 3, "created_at": WHEN},
            {"start": 0, "end": 3, "text": "lone \ud800 surrogate", "created_at": WHEN},
        ],
    }
    odd = {"unplaced": "abc", "highlights": [{"start": 0, "end": 2, "created_at": WHEN, "note": 5}]}
    data = _export(
        {aid: good, "zzzzzzzz": bad, "yyyyyyyy": {"user_tags": ["nul\x00tag"]}, "xxxxxxxx": odd},
        {"broken": 'tag:"open', "fine": "tag:ai"},
    )
    with pytest.raises(LibraryError) as info:
        lib.restore_state(data)
    message = str(info.value)
    for expected in (
        "articles.zzzzzzzz.user_tags: must be a list of tags, not a string",
        "articles.zzzzzzzz.highlights[0].start: must be a whole number, not the number 1e+30",
        "articles.zzzzzzzz.highlights[1].start: must be a whole number, not the number inf",
        "articles.zzzzzzzz.highlights[2].start: -4 is out of range",
        "articles.zzzzzzzz.highlights[3]: start 9 is not before end 3",
        "articles.zzzzzzzz.highlights[4].text: is not valid Unicode (a lone surrogate)",
        "articles.yyyyyyyy.user_tags[0]: holds a NUL character",
        "saved_searches.broken: not a valid query: unclosed quote",
        "articles.xxxxxxxx.unplaced: must be a list, not a string",
        "articles.xxxxxxxx.highlights[0].note: must be a string, not a number",
    ):
        assert expected in message, (expected, message)
    assert "nothing was changed" in message
    _nothing_applied(lib)  # the good article's state was not applied either


def test_unplaced_highlights_are_checked_whatever_the_placed_ones_are() -> None:
    """An entry without placed highlights (or with a broken list of them) still has its
    unplaced ones checked: they are restored too, so they must not slip through."""
    bad_unplaced = [{"text": 5, "created_at": WHEN}, "words"]
    for entry in ({"unplaced": bad_unplaced}, {"highlights": "abc", "unplaced": bad_unplaced}):
        problems = state_problems(_export({"wwwwwwww": entry}))
        assert "articles.wwwwwwww.unplaced[0].text: must be a string, not a number" in problems
        assert "articles.wwwwwwww.unplaced[1]: must be an object, not a string" in problems


def test_a_valid_file_still_restores(lib: Library) -> None:
    [aid] = lib.ids()
    entry = {
        "user_tags": ["to-brief"],
        "bookmark": {"created_at": WHEN, "note": "for Monday"},
        "read": True,
        "read_at": WHEN,
        "highlights": [{"start": 4, "end": 11, "text": "harbour", "created_at": WHEN}],
    }
    assert state_problems(_export({aid: entry}, {"mine": "tag:to-brief"})) == []
    report = lib.restore_state(_export({aid: entry}, {"mine": "tag:to-brief"}))
    assert report.applied == [aid]
    assert lib.get(aid).bookmarked


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"version": 1, "articles": {"a": {"user_tags": "abc"}}}', "articles.a.user_tags"),
        ('{"version": 1, "articles": {}, "x": Infinity}', None),
    ],
)
def test_restore_command_reports_problems_in_one_place(
    cli: Cli, lib: Library, tmp_path: Path, content: str, message: str | None
) -> None:
    path = tmp_path / "state.json"
    path.write_text(content, encoding="utf-8")
    result = cli("restore", str(path))
    if message is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"reader: error: {path}: ")
    assert message in result.stderr


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from([WHEN, "not a date", "tag:ai", 'tag:"x', "is:nope", "\ud800", "a\x00b"])
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_FIELDS = st.sampled_from(
    ["user_tags", "bookmark", "read", "read_at", "highlights", "unplaced", "x"]
)
_HIGHLIGHT = st.fixed_dictionaries(
    {},
    optional={"start": _JSON, "end": _JSON, "text": _JSON, "note": _JSON, "created_at": _JSON},
)
_ENTRY = st.dictionaries(
    _FIELDS, _JSON | st.lists(_HIGHLIGHT, max_size=3) | st.lists(_SCALARS, max_size=3), max_size=5
)
_EXPORT = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 1, 1, 2, "1", None, True])},
    optional={
        "articles": st.dictionaries(st.text(max_size=10), _ENTRY | _JSON, max_size=3) | _JSON,
        "saved_searches": st.dictionaries(st.text(max_size=10), _JSON, max_size=3) | _JSON,
    },
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=_EXPORT | _JSON)
def test_any_restore_input_is_restored_or_refused_never_a_traceback(
    lib: Library, data: Any
) -> None:
    before = json.dumps(lib.export_state()["articles"], sort_keys=True)
    try:
        lib.restore_state(data)
    except LibraryError as exc:
        assert str(exc).strip()
        assert json.dumps(lib.export_state()["articles"], sort_keys=True) == before
