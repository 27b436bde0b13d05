"""Faults the library meets in the wild, each a one-line message with the way out: another
process writing, a damaged file. (Read-only libraries and full disks: test_library_mounts.py.)"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from library_helpers import article_file, damage_middle, many_articles
from typer.testing import Result

from reader.library import DB_NAME, LibraryDamaged, open_library
from reader.library.importer import BATCH_BYTES


def test_an_import_of_large_files_commits_in_short_batches(tmp_path: Path) -> None:
    """Another process sees the import's first articles while it is still running: the
    write lock is taken per batch of at most ~BATCH_BYTES, never for the whole import."""
    arts = tmp_path / "arts"
    size = BATCH_BYTES // 3
    for i in range(12):
        article_file(arts, f"{i:02}.txt", f"Long read {i}", f"Paragraph {i} words. " * (size // 20))
    seen: list[int] = []
    with open_library(tmp_path / "lib") as lib, open_library(tmp_path / "lib") as other:
        lib.import_paths([arts], progress=lambda done, total, path: seen.append(other.count()))
        assert other.count() == 12
    committed_midway = {n for n in seen if 0 < n < 12}
    assert len(committed_midway) >= 2, f"not committed in short batches: {seen}"


@pytest.fixture
def damaged(library_dir: Path, tmp_path: Path) -> Path:
    """The isolated library, 200 articles, bookmarks and tags, with 32 KB of garbage written
    into the middle of its file; returns the articles' folder (the ids in ``ids.txt`` beside
    it, in list order)."""
    arts = tmp_path / "arts"
    many_articles(arts)
    with open_library(library_dir) as lib:
        lib.import_paths([arts])
        ids = lib.ids()
        lib.set_bookmark(ids[0], note="for Monday")
        lib.add_tags(ids[1], ["mine"])
    (tmp_path / "ids.txt").write_text("\n".join(ids), "utf-8")
    damage_middle(library_dir / DB_NAME)
    return arts


def _one_line_damage(result: Result) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "damaged" in lines[0] and "reader doctor" in lines[0], lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--json"],
        ["search", "harbour"],
        ["show", "{id}"],
        ["tag", "{id}", "later"],
        ["bookmark", "{id}"],
        ["read", "{id}"],
    ],
)
def test_a_damaged_library_says_so_in_one_line(
    damaged: Path, cli: Callable[..., Result], args: list[str], tmp_path: Path
) -> None:
    """The article in the middle of the list: its row is in the middle of the table's pages,
    where the garbage is."""
    ids = (tmp_path / "ids.txt").read_text("utf-8").split()
    _one_line_damage(cli(*[a.format(id=ids[len(ids) // 2]) for a in args]))


def test_importing_into_a_damaged_library_says_so_in_one_line(
    damaged: Path, cli: Callable[..., Result]
) -> None:
    for path in damaged.iterdir():  # every article changed: the import rewrites every row
        path.write_text(path.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    _one_line_damage(cli("import", str(damaged)))


def test_a_damaged_file_is_told_apart_from_a_bad_query(damaged: Path, library_dir: Path) -> None:
    """FTS5 says "malformed MATCH expression" about a query: not damage (quick_check decides)."""
    import sqlite3

    from reader.library.db import translate

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    with pytest.raises(sqlite3.OperationalError) as bad_query:
        conn.execute("SELECT * FROM t WHERE t MATCH '\"'").fetchall()
    assert translate(bad_query.value, damaged.parent / "nowhere.sqlite3", None) is None
    with open_library(library_dir) as lib, pytest.raises(LibraryDamaged):
        lib.rows()


# --- reader doctor --------------------------------------------------------------------------


def test_doctor_rebuilds_a_damaged_library_keeping_state_and_the_damaged_file(
    library_dir: Path, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    arts = tmp_path / "arts"
    paths = many_articles(arts)
    with open_library(library_dir) as lib:
        lib.import_paths([arts])
        gone = lib.ids(sort="title", descending=False)[0]  # "Story number 0": first row
        bookmarked, tagged = lib.ids()[:2]
        lib.set_bookmark(bookmarked, note="for Monday")
        lib.add_tags(tagged, ["mine"])
        lib.set_read(tagged)
        lib.save_search("boats", "ferry harbour")
    paths[0].unlink()  # its article can only come back from the damaged file's rows
    damage_middle(library_dir / DB_NAME)
    assert cli("list").exit_code == 1

    checked = cli("doctor", "--check")
    assert checked.exit_code == 1 and "damaged" in checked.stderr
    assert not [p for p in library_dir.iterdir() if "damaged" in p.name]  # --check changes nothing

    done = cli("doctor")
    assert done.exit_code == 0, done.output
    kept = [p for p in library_dir.iterdir() if p.name.startswith(f"{DB_NAME}.damaged-")]
    kept_db = [p for p in kept if not p.name.endswith((".json", "-wal", "-shm"))]
    assert len(kept_db) == 1 and kept_db[0].stat().st_size > 0
    assert kept_db[0].name in done.stdout
    state_file = next(p for p in kept if p.name.endswith(".state.json"))
    assert "for Monday" in state_file.read_text("utf-8")

    with open_library(library_dir) as lib:
        assert lib.count() == len(paths)
        assert lib.get(bookmarked).bookmark is not None
        assert lib.get(bookmarked).bookmark.note == "for Monday"  # type: ignore[union-attr]
        assert lib.get(tagged).user_tags == ("mine",) and lib.get(tagged).read
        assert lib.get(gone).missing and lib.get(gone).article.title == "Story number 0"
        assert [s.name for s in lib.saved_searches()] == ["boats"]
        assert lib.search("mine")[0].id == tagged  # the FTS index knows the user's tag
    again = cli("doctor")
    assert again.exit_code == 0 and "sound" in again.stdout


def test_doctor_on_a_sound_library_changes_nothing(
    library_dir: Path, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    arts = tmp_path / "arts"
    article_file(arts, "a.txt", "Only one")
    with open_library(library_dir) as lib:
        lib.import_paths([arts])
    done = cli("doctor")
    assert done.exit_code == 0 and "sound (1 article)" in done.stdout
    assert sorted(p.name for p in library_dir.iterdir() if "damaged" in p.name) == []


def test_doctor_on_a_file_that_is_not_a_database_starts_afresh(
    library_dir: Path, cli: Callable[..., Result]
) -> None:
    library_dir.mkdir(parents=True)
    (library_dir / DB_NAME).write_bytes(b"not a database at all " * 500)
    done = cli("doctor")
    assert done.exit_code == 0, done.output
    assert "Nothing could be read" in done.stdout
    kept = [p for p in library_dir.iterdir() if p.name.startswith(f"{DB_NAME}.damaged-")]
    assert any(p.read_bytes().startswith(b"not a database") for p in kept)
    assert cli("list", "--json").exit_code == 0


def test_doctor_shows_hostile_skipped_file_names_escaped(
    library_dir: Path, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    """A file the rebuild cannot import again is named as `reader import` names it: Rich
    markup in the name printed as it is, terminal controls as escapes, never raw."""
    from reader.parsing.errors import MAX_ARTICLE_BYTES

    arts = tmp_path / "arts"
    many_articles(arts)
    hostile = article_file(arts, "[red]alarm[bold]\x1b]0;owned\x07\x1b[2J.txt", "A hostile name")
    with open_library(library_dir) as lib:
        lib.import_paths([arts])
    os.truncate(hostile, MAX_ARTICLE_BYTES + 1)  # now too big: the rebuild skips it
    damage_middle(library_dir / DB_NAME)

    done = cli("doctor")
    assert done.exit_code == 0, done.output
    skipped = [line for line in done.stdout.splitlines() if "skipped" in line]
    assert len(skipped) == 1, done.stdout
    assert "[red]alarm[bold]\\x1b]0;owned\\x07\\x1b[2J.txt: too big" in skipped[0]
    assert "\x1b" not in done.stdout and "\x07" not in done.stdout
