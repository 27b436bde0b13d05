"""reader import: summaries, bad files, bad paths, and when the bundled samples arrive."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Cli = Callable[..., Result]


def _titles(cli: Cli, *options: str) -> list[str]:
    result = cli(*options, "list", "--json", "--sort", "title")
    assert result.exit_code == 0, result.output
    return [item["title"] for item in json.loads(result.stdout)]


def _sample_count(tmp_path: Path) -> int:
    from reader.library import open_library

    with open_library(tmp_path / "samples-only") as library:
        return len(library.import_samples().new)


def test_import_folder_recursive_then_incremental(
    cli: Cli, write_article: Callable[..., Path], tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    first = write_article("one.txt", title="One", folder=folder)
    write_article("two.md", title="Two", folder=folder / "deeper" / "still")
    result = cli("import", str(folder))
    assert result.exit_code == 0, result.output
    assert "2 new, 0 updated, 0 unchanged, 0 skipped" in result.stdout
    assert result.stderr == "", "no progress output when stderr is not a terminal"

    write_article("one.txt", title="One", body=["Changed text."], folder=folder)
    assert first.exists()
    write_article("three.txt", title="Three", folder=folder)
    result = cli("import", str(folder))
    assert result.exit_code == 0, result.output
    assert "1 new, 1 updated, 1 unchanged" in result.stdout
    assert _titles(cli) == ["One", "Three", "Two"]


def test_import_explicit_files(cli: Cli, write_article: Callable[..., Path]) -> None:
    a = write_article("a.txt", title="A")
    b = write_article("b.txt", title="B")
    write_article("c.txt", title="C")
    result = cli("import", str(a), str(b))
    assert result.exit_code == 0, result.output
    assert _titles(cli) == ["A", "B"]


def test_bad_files_are_skipped_and_named(
    cli: Cli, write_article: Callable[..., Path], tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    write_article("good.txt", title="Good", folder=folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    (folder / "latin.txt").write_bytes(
        "## Caf\xe9 news\n\nDate: 2024-01-01\n\n\n\nBody.".encode("cp1252")
    )
    result = cli("import", str(folder))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "2 new" in out and "2 skipped" in out and "1 with warnings" in out
    assert "skipped" in out and "empty.txt" in out and "binary.txt" in out
    assert "warning" in out and "latin.txt" in out
    assert "2 files were skipped; everything else was imported." in out
    assert sorted(_titles(cli)) == ["Café news", "Good"]


def test_hostile_file_names_are_printed_safely(
    cli: Cli, write_article: Callable[..., Path], tmp_path: Path
) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "[bold]x[red] \x1b[31m.txt").write_bytes(b"")
    result = cli("import", str(folder))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "[bold]x[red] " in result.stdout


def test_missing_files_are_reported(
    cli: Cli, write_article: Callable[..., Path], tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    write_article("stay.txt", title="Stay", folder=folder)
    gone = write_article("gone.txt", title="Gone", folder=folder)
    assert cli("import", str(folder)).exit_code == 0
    gone.unlink()
    result = cli("import", str(folder))
    assert result.exit_code == 0, result.output
    assert "1 missing" in result.stdout and "gone.txt" in result.stdout
    data = {i["title"]: i for i in json.loads(cli("list", "--json").stdout)}
    assert data["Gone"]["missing"] is True and data["Stay"]["missing"] is False
    assert "(missing)" in cli("list").stdout


def test_import_nonexistent_path_is_exit_2(
    cli: Cli, write_article: Callable[..., Path], tmp_path: Path, library_dir: Path
) -> None:
    real = write_article("real.txt", title="Real")
    result = cli("import", str(real), str(tmp_path / "nope"))
    assert result.exit_code == 2, result.output
    assert result.stderr == f"reader: error: no such file or folder: {tmp_path / 'nope'}\n"
    assert not library_dir.exists(), "nothing is imported when a path is wrong"


def test_import_progress_callback_on_a_terminal(
    cli: Cli, write_article: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from reader.library import Library

    calls: list[tuple[int, int, str]] = []
    original = Library.import_paths

    def spy(self: Library, paths: object, **kwargs: object) -> object:
        progress = kwargs["progress"]
        assert callable(progress)

        def record(done: int, total: int, path: str) -> None:
            calls.append((done, total, path))
            progress(done, total, path)

        return original(self, paths, progress=record)  # type: ignore[arg-type]

    monkeypatch.setattr(Library, "import_paths", spy)
    monkeypatch.setattr("reader.cli.is_terminal", lambda stream: True)
    monkeypatch.setattr("reader.cli_support.is_terminal", lambda stream: True)
    folder = tmp_path / "news"
    for n in range(3):
        write_article(f"{n}.txt", title=f"Story {n}", folder=folder)
    write_article("[link=evil.example]x.txt", title="Hostile name", folder=folder)
    result = cli("import", str(folder))
    assert result.exit_code == 0, result.output
    assert calls and calls[-1][0] == calls[-1][1] == 4
    assert "\x1b]8;" not in result.stderr, "a file name must not become a hyperlink"
    assert "4 new" in result.stdout


def test_first_list_of_an_empty_library_imports_the_samples(cli: Cli, tmp_path: Path) -> None:
    expected = _sample_count(tmp_path)
    assert expected > 0, "the bundled samples are part of the package"
    result = cli("list", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == expected


def test_import_into_an_empty_library_brings_no_samples(
    cli: Cli, write_article: Callable[..., Path], tmp_path: Path
) -> None:
    write_article("mine.txt", title="Mine", folder=tmp_path / "other")
    assert cli("import", str(tmp_path / "other")).exit_code == 0
    assert _titles(cli) == ["Mine"]


def test_auto_samples_off_in_config(cli: Cli, config_file: Path) -> None:
    config_file.write_text("[library]\nauto_samples = false\n", encoding="utf-8")
    result = cli("list", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert "The library is empty." in cli("list").stdout


def test_config_option_beats_the_environment(cli: Cli, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text("[library]\nauto_samples = false\n", encoding="utf-8")
    result = cli("--config", str(other), "list", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_the_readme_article_example_imports_as_it_says(cli: Cli, tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    after = readme.split("An article file is plain text", 1)[1]
    example = after.split("```text\n", 1)[1].split("```", 1)[0]
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "bridge.txt").write_text(example, encoding="utf-8")
    # and the mistake the README warns about: a Title: line is not the title
    (folder / "titled.txt").write_text(
        "Title: Not the title\n\nThe text of it.\n", encoding="utf-8"
    )
    assert cli("import", str(folder)).exit_code == 0
    by_title = {a["title"]: a for a in json.loads(cli("list", "--json").stdout)}
    bridge = by_title["Harbour bridge repairs finish early"]
    assert (bridge["date"], bridge["authors"], bridge["section"]) == (
        "2026-11-20",
        ["Jo Marsh"],
        "Local news",
    )
    assert bridge["tags"] == ["Transport", "Bridges"]
    assert bridge["url"] == "https://example.org/local/bridge"
    assert "titled" in by_title


def test_a_named_file_that_is_no_export_says_so(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "wallabag.json"
    bad.write_text("garbage", encoding="utf-8")
    result = cli("import", str(bad))
    assert result.exit_code == 0, result.output
    assert "not a .txt, .md or .html file, nor a read-later export reader knows" in (
        " ".join(result.stdout.split())
    )


def test_one_unreadable_export_row_is_singular(cli: Cli, tmp_path: Path) -> None:
    export = tmp_path / "instapaper.csv"
    export.write_text(
        "URL,Title,Selection,Folder,Timestamp,Tags\n"
        "https://news.example/a,First story,,Unread,1700000000,[]\n"
        "broken\n",
        encoding="utf-8",
    )
    result = cli("import", str(export))
    assert result.exit_code == 0, result.output
    assert "1 row could not be read; everything else was kept." in result.stdout
    assert "imported 1 item: 1 new" in result.stdout
