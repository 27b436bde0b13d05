"""reader tag / tags / bookmark / read, and export -> restore round trips through the CLI."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Cli = Callable[..., Result]


@pytest.fixture
def folder(write_article: Callable[..., Path], tmp_path: Path) -> Path:
    where = tmp_path / "articles"
    write_article("a.txt", title="Alpha story", date="2024-01-01", tags=["Science"], folder=where)
    write_article("b.txt", title="Beta story", date="2024-02-01", tags=["Politics"], folder=where)
    write_article("c.txt", title="Gamma [/foo] story", date="2024-03-01", folder=where)
    return where


@pytest.fixture
def ids(cli: Cli, folder: Path) -> dict[str, str]:
    """{first word of the title: id} after importing ``folder`` into the isolated library."""
    result = cli("import", str(folder))
    assert result.exit_code == 0, result.output
    return _ids_by_word(cli)


def _ids_by_word(cli: Cli, *options: str) -> dict[str, str]:
    result = cli(*options, "list", "--json")
    assert result.exit_code == 0, result.output
    return {item["title"].split()[0]: item["id"] for item in json.loads(result.stdout)}


def _item(cli: Cli, article_id: str, *options: str) -> dict[str, object]:
    data = json.loads(cli(*options, "list", "--json").stdout)
    return next(item for item in data if item["id"] == article_id)


def test_tag_adds_and_removes_user_tags(cli: Cli, ids: dict[str, str]) -> None:
    result = cli("tag", ids["Alpha"], "to-brief", "open source")
    assert result.exit_code == 0, result.output
    assert "Tagged" in result.stdout and "Alpha story" in result.stdout
    assert "Your tags: open source, to-brief" in result.stdout or (
        "Your tags: to-brief, open source" in result.stdout
    )
    item = _item(cli, ids["Alpha"])
    assert set(item["user_tags"]) == {"to-brief", "open source"}
    assert item["article_tags"] == ["Science"]
    assert item["tags"][0] == "Science" and set(item["tags"][1:]) == {"to-brief", "open source"}
    assert json.loads(cli("list", "--tag", "to-brief", "--json").stdout)[0]["id"] == ids["Alpha"]

    result = cli("tag", ids["Alpha"], "to-brief", "--remove")
    assert result.exit_code == 0, result.output
    assert "Untagged" in result.stdout
    assert _item(cli, ids["Alpha"])["user_tags"] == ["open source"]


def test_removing_a_tag_that_is_not_there_is_an_error(cli: Cli, ids: dict[str, str]) -> None:
    assert cli("tag", ids["Beta"], "kept").exit_code == 0
    result = cli("tag", ids["Beta"], "kept", "nope", "--remove")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "not tagged 'nope'" in result.stderr and "Untagged" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert _item(cli, ids["Beta"])["user_tags"] == ["kept"]  # nothing was changed


def test_tag_unknown_id(cli: Cli, ids: dict[str, str]) -> None:
    result = cli("tag", "zzzzzzzz", "x")
    assert result.exit_code == 1, result.output
    assert result.stderr == "reader: error: no article with id 'zzzzzzzz'\n"


def test_tags_lists_counts_and_kinds(cli: Cli, ids: dict[str, str]) -> None:
    cli("tag", ids["Alpha"], "to-brief")
    cli("tag", ids["Beta"], "to-brief")
    result = cli("tags", "--json")
    assert result.exit_code == 0, result.output
    data = {item["name"]: item for item in json.loads(result.stdout)}
    assert data["to-brief"] == {"name": "to-brief", "count": 2, "kind": "user"}
    assert data["Science"] == {"name": "Science", "count": 1, "kind": "article"}
    table = cli("tags")
    assert table.exit_code == 0, table.output
    line = next(x for x in table.stdout.splitlines() if "to-brief" in x)
    assert "2" in line.split() and "yours" in line


def test_bookmark_with_note_then_remove(cli: Cli, ids: dict[str, str]) -> None:
    result = cli("bookmark", ids["Gamma"], "--note", "for [bold]Monday[/]")
    assert result.exit_code == 0, result.output
    assert "Gamma [/foo] story" in result.stdout
    assert "Note: for [bold]Monday[/]" in result.stdout
    item = _item(cli, ids["Gamma"])
    assert item["bookmarked"] is True and item["bookmark_note"] == "for [bold]Monday[/]"

    cli("bookmark", ids["Gamma"])  # note None keeps the note
    assert _item(cli, ids["Gamma"])["bookmark_note"] == "for [bold]Monday[/]"

    result = cli("bookmark", ids["Gamma"], "--remove")
    assert result.exit_code == 0, result.output
    assert "Removed the bookmark" in result.stdout
    item = _item(cli, ids["Gamma"])
    assert item["bookmarked"] is False and item["bookmark_note"] is None


def test_read_and_unread(cli: Cli, ids: dict[str, str]) -> None:
    result = cli("read", ids["Beta"])
    assert result.exit_code == 0, result.output
    assert "as read" in result.stdout
    assert _item(cli, ids["Beta"])["read"] is True
    result = cli("read", ids["Beta"], "--unread")
    assert result.exit_code == 0, result.output
    assert "as unread" in result.stdout
    assert _item(cli, ids["Beta"])["read"] is False


def _make_state(cli: Cli, ids: dict[str, str]) -> None:
    from reader.library import open_library, resolve_library_dir

    for args in (
        ("tag", ids["Alpha"], "to-brief", "open source"),
        ("bookmark", ids["Alpha"], "--note", "for Monday"),
        ("bookmark", ids["Beta"]),  # no note: exported without one
        ("read", ids["Gamma"]),
    ):
        assert cli(*args).exit_code == 0
    with open_library(resolve_library_dir()) as library:
        library.add_highlight(ids["Alpha"], 0, 8)
        library.save_search("science", "tag:science -is:read")


def _articles_state(cli: Cli, *options: str) -> dict[str, object]:
    result = cli(*options, "export", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return {"articles": data["articles"], "saved_searches": data["saved_searches"]}


@pytest.mark.parametrize("suffix", [".toml", ".json", ".state"])
def test_export_restore_round_trip_into_a_fresh_library(
    cli: Cli, ids: dict[str, str], folder: Path, tmp_path: Path, suffix: str
) -> None:
    _make_state(cli, ids)
    before = _articles_state(cli)
    export_file = tmp_path / f"state{suffix}"
    result = cli("export", "--output", str(export_file))
    assert result.exit_code == 0, result.output
    assert "3 articles" in result.stdout
    text = export_file.read_text(encoding="utf-8")
    if suffix == ".json":
        json.loads(text)
    else:
        tomllib.loads(text)  # TOML is the default when the extension says nothing

    fresh = ("--library", str(tmp_path / "fresh"))
    assert cli(*fresh, "import", str(folder)).exit_code == 0
    result = cli(*fresh, "restore", str(export_file))
    assert result.exit_code == 0, result.output
    assert "state for 3 articles" in result.stdout
    assert "1 saved search." in result.stdout
    assert f"applied  {ids['Alpha']}  Alpha story" in result.stdout
    assert _articles_state(cli, *fresh) == before


def test_restore_before_import_waits_for_the_articles(
    cli: Cli, ids: dict[str, str], folder: Path, tmp_path: Path
) -> None:
    _make_state(cli, ids)
    before = _articles_state(cli)
    export_file = tmp_path / "state.toml"
    assert cli("export", "-o", str(export_file)).exit_code == 0

    fresh = ("--library", str(tmp_path / "fresh"))
    result = cli(*fresh, "restore", str(export_file))
    assert result.exit_code == 0, result.output
    assert "3 waiting for their articles" in result.stdout
    assert _ids_by_word(cli, *fresh) == {}, "restore into an empty library imports no samples"
    assert cli(*fresh, "import", str(folder)).exit_code == 0
    assert _articles_state(cli, *fresh) == before


def test_export_toml_to_stdout_has_no_nulls(cli: Cli, ids: dict[str, str]) -> None:
    _make_state(cli, ids)
    result = cli("export")
    assert result.exit_code == 0, result.output
    data = tomllib.loads(result.stdout)
    beta = data["articles"][ids["Beta"]]
    assert beta["bookmark"].get("note", "") == ""
    assert data["articles"][ids["Alpha"]]["bookmark"]["note"] == "for Monday"
    assert data["saved_searches"] == {"science": "tag:science -is:read"}


def test_export_leaves_no_temp_file_and_replaces_old(
    cli: Cli, ids: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "out" / "state.json"
    out.parent.mkdir()
    out.write_text("old", encoding="utf-8")
    assert cli("export", "-o", str(out)).exit_code == 0
    json.loads(out.read_text(encoding="utf-8"))
    assert [p.name for p in out.parent.iterdir()] == ["state.json"]


def test_export_to_an_unwritable_place_is_exit_1(
    cli: Cli, ids: dict[str, str], tmp_path: Path
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    result = cli("export", "-o", str(blocker / "state.toml"))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("reader: error: ")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("state.json", "{not json", "not valid JSON"),
        ("state.toml", "a = = b", "not valid TOML"),
        ("state.json", "[1, 2]", "not a reader export"),
        ("state.bin", "\udcff", "not a reader export"),
    ],
)
def test_restore_bad_files_exit_2(
    cli: Cli, ids: dict[str, str], tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    result = cli("restore", str(path))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_restore_missing_file_exit_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("restore", str(tmp_path / "nope.toml"))
    assert result.exit_code == 2, result.output
    assert "no such file" in result.stderr


def test_restore_wrong_shape_is_a_clean_error(
    cli: Cli, ids: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"version": 1, "articles": "oops"}), encoding="utf-8")
    result = cli("restore", str(path))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("reader: error: ")


def test_restore_of_one_article_says_article(
    cli: Cli, ids: dict[str, str], folder: Path, tmp_path: Path
) -> None:
    assert cli("bookmark", ids["Beta"]).exit_code == 0
    export_file = tmp_path / "state.toml"
    assert cli("export", "-o", str(export_file)).exit_code == 0
    result = cli("restore", str(export_file))
    assert result.exit_code == 0, result.output
    assert "Restored: state for 1 article, 0 waiting for their articles, 0 saved searches." in (
        " ".join(result.stdout.split())
    )
