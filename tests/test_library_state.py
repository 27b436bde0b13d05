"""export_state()/restore_state(): a lossless round trip, merging, and clear refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from library_helpers import article_file

from reader.library import LibraryError, open_library


def _folder(tmp_path: Path) -> Path:
    arts = tmp_path / "arts"
    article_file(arts, "a.txt", "Alpha", "Alpha words and more words.", url="https://e.org/a")
    article_file(arts, "b.txt", "Beta", "Beta words here.")
    article_file(arts, "c.txt", "Gamma", "Gamma has no state.")
    return arts


def test_round_trip_is_lossless(tmp_path: Path) -> None:
    arts = _folder(tmp_path)
    with open_library(tmp_path / "one") as lib:
        lib.import_paths([arts])
        a, b = lib.ids("title:alpha")[0], lib.ids("title:beta")[0]
        lib.add_tags(a, ["zeta", "Alpha tag"])
        lib.set_bookmark(a, "note ✓")
        lib.set_read(b)
        lib.add_highlight(b, 0, 4)
        lib.add_highlight(a, 6, 11)
        lib.save_search("mine", "tag:zeta -is:read")
        first = lib.export_state()
    assert set(first["articles"]) == {a, b}
    with open_library(tmp_path / "two") as lib:
        lib.import_paths([arts])
        report = lib.restore_state(first)
        assert sorted(report.applied) == sorted([a, b]) and report.saved_searches == 1
        second = lib.export_state()
        assert lib.count("tag:zeta") == 1 and lib.search("zeta")[0].id == a
        # The user's tags in the order they were added, not by name.
        assert first["articles"][a]["user_tags"] == ["zeta", "Alpha tag"]
        assert lib.get(a).user_tags == ("zeta", "Alpha tag")
        lib.restore_state(first)  # merging twice changes nothing
        third = lib.export_state()
    for data in (first, second, third):
        data.pop("exported_at")
    assert first == second == third


def test_restore_merges_without_dropping(tmp_path: Path) -> None:
    arts = _folder(tmp_path)
    with open_library(tmp_path / "lib") as lib:
        lib.import_paths([arts])
        a = lib.ids("title:alpha")[0]
        lib.add_tags(a, ["local"])
        mine = lib.set_bookmark(a, "mine")
        lib.restore_state(
            {
                "version": 1,
                "articles": {
                    a: {
                        "user_tags": ["remote"],
                        "bookmark": {"created_at": "2020-01-01T00:00:00+00:00", "note": "theirs"},
                    }
                },
            }
        )
        record = lib.get(a)
        assert set(record.user_tags) == {"local", "remote"} and record.bookmark == mine


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"version": 1},
        {"version": 99, "articles": {}},
        {"version": 1, "articles": []},
        {"version": 1, "articles": {"x": {"bookmark": {"note": "no date"}}}},
        {"version": 1, "articles": {"x": {"highlights": [{"start": "a"}]}}},
    ],
)
def test_malformed_exports_are_refused(tmp_path: Path, data: object) -> None:
    with open_library(tmp_path / "lib") as lib:
        with pytest.raises(LibraryError):
            lib.restore_state(data)  # type: ignore[arg-type]
        assert lib.export_state()["articles"] == {}
