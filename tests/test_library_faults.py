"""Faults the library meets in the wild, each a one-line message with the way out: another
process writing, a damaged file. (Read-only libraries and full disks: test_library_mounts.py.)"""

from __future__ import annotations

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
    committed_midway = [n for n in seen if 0 < n < 12]
    assert committed_midway, f"nothing was committed before the end: {seen}"
    assert max(b - a for a, b in zip([0, *seen], [*seen, 12], strict=True)) <= 4


@pytest.fixture
def damaged(library_dir: Path, tmp_path: Path) -> Path:
    """The isolated library, 200 articles, bookmarks and tags, with 32 KB of garbage written
    into the middle of its file; returns the articles' folder."""
    arts = tmp_path / "arts"
    many_articles(arts)
    with open_library(library_dir) as lib:
        lib.import_paths([arts])
        ids = lib.ids()
        lib.set_bookmark(ids[0], note="for Monday")
        lib.add_tags(ids[1], ["mine"])
    damage_middle(library_dir / DB_NAME)
    return arts


def _one_line_damage(result: Result) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "damaged" in lines[0] and "reader doctor" in lines[0], lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["search", "harbour"]])
def test_reading_a_damaged_library_says_so_in_one_line(
    damaged: Path, cli: Callable[..., Result], args: list[str]
) -> None:
    _one_line_damage(cli(*args))


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
