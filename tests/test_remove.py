"""Removing articles: the library, the Session and ``reader remove``."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from reader.app import NotFound, Session, open_session
from reader.library import open_library
from reader.library.paths import DB_NAME


def _session(library_dir: Path) -> Session:
    return open_session(library_dir, samples=False)


def _counts(library_dir: Path, aid: str) -> dict[str, int]:
    """Rows left about ``aid`` in every table that holds one."""
    conn = sqlite3.connect(library_dir / DB_NAME)
    try:
        out = {}
        for table in ("articles", "sources", "user_tags", "bookmarks", "reads", "highlights"):
            column = "id" if table == "articles" else "article_id"
            out[table] = conn.execute(
                f"SELECT count(*) FROM {table} WHERE {column} = ?", (aid,)
            ).fetchone()[0]
        out["fts"] = conn.execute("SELECT count(*) FROM fts WHERE fts MATCH 'quokka'").fetchone()[0]
        return out
    finally:
        conn.close()


@pytest.fixture
def folder(tmp_path: Path, write_article: Callable[..., Path]) -> Path:
    where = tmp_path / "news"
    write_article(
        "quokka.txt", title="Quokka census", body=["The quokka count rose."], folder=where
    )
    write_article(
        "harbour.txt",
        title="Harbour dredging",
        body=["Dredgers arrived."],
        folder=where,
        tags=["port"],
    )
    write_article(
        "ferry.txt",
        title="Ferry timetable",
        body=["Ferries run late."],
        folder=where,
        tags=["port"],
    )
    return where


def test_remove_deletes_the_article_and_all_its_state(library_dir: Path, folder: Path) -> None:
    with _session(library_dir) as session:
        session.import_paths([folder])
        aid = session.remove_targets(["quokka"])[0]
        session.tag(aid, ["wildlife"])
        session.bookmark(aid, "count them")
        session.set_read(aid)
        session.add_highlight(aid, 0, 6)
        assert _counts(library_dir, aid) == {
            "articles": 1, "sources": 1, "user_tags": 1, "bookmarks": 1, "reads": 1,
            "highlights": 1, "fts": 1,
        }  # fmt: skip
        removed = session.remove([aid])
        assert removed.articles == ((aid, "Quokka census"),)
        assert session.library.count("") == 2
    assert set(_counts(library_dir, aid).values()) == {0}


def test_a_folder_import_leaves_removed_files_out_but_naming_one_brings_it_back(
    library_dir: Path, folder: Path
) -> None:
    with _session(library_dir) as session:
        session.import_paths([folder])
        removed = session.remove_query("quokka")
        assert len(removed) == 1
        report = session.import_paths([folder])
        assert report.removed == [str(folder / "quokka.txt")]
        assert not report.new and session.library.count("quokka") == 0
        report = session.import_paths([folder / "quokka.txt"])
        assert report.new == [str(folder / "quokka.txt")]
        assert session.library.count("quokka") == 1
        # Back for good: the folder import keeps it now.
        assert session.import_paths([folder]).removed == []
        assert session.library.count("quokka") == 1


def test_remove_with_an_unknown_id_removes_nothing(library_dir: Path, folder: Path) -> None:
    with _session(library_dir) as session:
        session.import_paths([folder])
        real = session.library.ids("")[0]
        with pytest.raises(NotFound, match="zzzzzzzz"):
            session.remove([real, "zzzzzzzz"])
        assert session.library.count("") == 3


def test_remove_samples_clears_only_the_samples(library_dir: Path, folder: Path) -> None:
    with open_library(library_dir) as library:
        samples = library.import_samples().total
    assert samples > 0
    with _session(library_dir) as session:
        session.import_paths([folder])
        assert len(session.sample_ids()) == samples
        assert len(session.remove_samples()) == samples
        assert session.library.count("") == 3
        assert session.sample_ids() == []


# --- the CLI ------------------------------------------------------------------------------


def test_cli_refuses_without_yes_when_stdin_is_not_a_terminal(
    cli: Callable[..., Result], folder: Path, library_dir: Path
) -> None:
    cli("import", str(folder))
    result = cli("remove", "harbour")
    assert result.exit_code == 2
    assert "Harbour dredging" in result.stdout
    assert result.stderr.count("\n") == 1 and "--yes" in result.stderr
    with _session(library_dir) as session:
        assert session.library.count("harbour") == 1


def test_cli_removes_a_query_with_yes(
    cli: Callable[..., Result], folder: Path, library_dir: Path
) -> None:
    cli("import", str(folder))
    result = cli("remove", "--yes", "tag:port")
    assert result.exit_code == 0, result.stderr
    assert "2 articles to remove" in result.stdout and "Removed 2 articles." in result.stdout
    with _session(library_dir) as session:
        assert [session.get(a).article.title for a in session.library.ids("")] == ["Quokka census"]


def test_cli_removes_ids_after_confirming_on_a_terminal(
    cli: Callable[..., Result], folder: Path, library_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.cli_support

    cli("import", str(folder))
    with _session(library_dir) as session:
        ids = session.library.ids("")
    monkeypatch.setattr(reader.cli_support, "stdin_is_terminal", lambda: True)
    refused = cli("remove", ids[0], ids[1], stdin="n\n")
    assert refused.exit_code == 1 and "Nothing removed." in refused.stdout
    accepted = cli("remove", ids[0], ids[1], stdin="y\n")
    assert accepted.exit_code == 0 and "Removed 2 articles." in accepted.stdout
    with _session(library_dir) as session:
        assert session.library.ids("") == [ids[2]]


def test_cli_remove_samples(cli: Callable[..., Result], library_dir: Path, folder: Path) -> None:
    cli("import", str(folder))
    with open_library(library_dir) as library:
        library.import_samples()
    result = cli("remove", "--samples", "--yes")
    assert result.exit_code == 0, result.stderr
    with _session(library_dir) as session:
        assert session.library.count("") == 3
    again = cli("remove", "--samples", "--yes")
    assert again.exit_code == 1 and "no sample articles" in again.stderr


def test_cli_remove_needs_something_to_remove(cli: Callable[..., Result]) -> None:
    assert cli("remove").exit_code == 2
    assert cli("remove", "x", "--samples").exit_code == 2
