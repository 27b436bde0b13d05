"""Hostile values in the CLI: C1 and bidi controls in JSON/TOML output, odd files in a folder."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

Cli = Callable[..., Result]

C1_AND_BIDI = "\u009b31m red \u202egnp.exe\u2066x\u2069"


def _hostile_library(cli: Cli, write_article: Callable[..., Path], tmp_path: Path) -> str:
    write_article("odd.txt", title=f"Title {C1_AND_BIDI}", tags=[f"tag{C1_AND_BIDI}"])
    result = cli("import", str(tmp_path / "articles"))
    assert result.exit_code == 0, result.output
    [item] = json.loads(cli("list", "--json").stdout)
    return str(item["id"])


def _raw_free(text: str) -> None:
    for char in ("\u009b", "\u202e", "\u2066", "\u2069"):
        assert char not in text, repr(char)


def test_json_output_escapes_c1_and_bidi_and_reads_back_exactly(
    cli: Cli, write_article: Callable[..., Path], tmp_path: Path
) -> None:
    article_id = _hostile_library(cli, write_article, tmp_path)
    out = cli("list", "--json").stdout
    _raw_free(out)
    assert "\\u009b31m red \\u202egnp.exe" in out
    assert json.loads(out)[0]["title"] == f"Title {C1_AND_BIDI}"  # the same value
    cli("tag", article_id, f"mine{C1_AND_BIDI}")
    for fmt in ("json", "toml"):
        result = cli("export", "--format", fmt)
        assert result.exit_code == 0, result.output
        _raw_free(result.stdout)
        data = json.loads(result.stdout) if fmt == "json" else tomllib.loads(result.stdout)
        assert data["articles"][article_id]["user_tags"] == [f"mine{C1_AND_BIDI}"]


def test_terminal_output_strips_c1_and_bidi(
    cli: Cli, write_article: Callable[..., Path], tmp_path: Path
) -> None:
    article_id = _hostile_library(cli, write_article, tmp_path)
    for args in (["list"], ["show", article_id], ["show", article_id, "--plain"]):
        result = cli(*args, env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        _raw_free(result.stdout)
        assert "red gnp.exe" in result.stdout  # the 8-bit CSI sequence goes whole


def test_import_names_dangling_symlinks_fifos_and_devices(cli: Cli, tmp_path: Path) -> None:
    """Never opened (a FIFO would block the import), never skipped in silence."""
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "good.txt").write_text("## Fine\n\nPublication Date: 2024-03-07\n\n\n\nText.\n")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "other-pipe")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    (folder / "null.md").symlink_to("/dev/null")
    result = cli("import", str(folder))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "1 new" in out
    assert f"{folder / 'pipe.txt'}: a named pipe (FIFO): not read" in out
    assert f"{folder / 'other-pipe'}: a named pipe (FIFO): not read" in out
    assert f"{folder / 'gone.txt'}: a symlink to nothing" in out
    assert f"{folder / 'null.md'}: a device: not read" in out
    result = cli("import", str(folder / "pipe.txt"))  # named directly: not opened either
    assert result.exit_code == 0, result.output
    assert "a named pipe (FIFO): not read" in result.stdout


def test_skipped_file_names_are_shown_escaped_not_altered(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    hostile = os.fsencode(folder) + b"/evil\x1b[31m\xff\xe2\x80\xae.txt"
    os.symlink(b"/nonexistent/target", hostile)
    result = cli("import", str(folder))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "evil\\x1b[31m\\xff\\u202e.txt: a symlink to nothing" in result.stdout


def test_search_snippet_of_a_very_long_word_stays_a_few_lines(
    cli: Cli, write_article: Callable[..., Path], tmp_path: Path
) -> None:
    """A 400-character link in the text made `reader search` print one result over a dozen
    lines; each unbroken run is cut (with an ellipsis) to 40 columns."""
    link = "https://example.org/" + "q" * 400
    write_article("link.txt", title="A story with a long link", body=[f"Read it at {link} now."])
    assert cli("import", str(tmp_path / "articles")).exit_code == 0
    result = cli("search", "example", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    title_at = next(i for i, line in enumerate(lines) if "A story with a long link" in line)
    snippet = lines[title_at + 1 : lines.index("", title_at)]
    assert 1 <= len(snippet) <= 3, snippet
    shown = " ".join(snippet)
    assert "example" in shown and "q" * 30 in shown
    assert "q…" in shown and "q" * 60 not in shown
    assert all(len(line) <= 80 for line in snippet)
