"""reader list / show / search: options become queries, output is safe, JSON is exact."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import Result

from reader.cli import plain_article, rich_article
from reader.library import Library

Cli = Callable[..., Result]

HOSTILE_TITLE = "[bold red]x[/] and [/foo] \x1b[31mred\x1b[0m [link=https://evil.example]y"
HOSTILE_BODY = [
    "Click [link=https://evil.example]here[/link] or [/] now :smile: \x1b]8;;https://evil\x07x",
    "Bell\x07 and \x1b[2J clear \x9b31m and [bold",
]
JSON_KEYS = {
    "id",
    "title",
    "date",
    "authors",
    "section",
    "tags",
    "url",
    "bookmarked",
    "read",
    "word_count",
    "user_tags",
    "article_tags",
    "bookmark_note",
    "missing",
    "reading_minutes",
}


@pytest.fixture
def articles(cli: Cli, write_article: Callable[..., Path], tmp_path: Path) -> dict[str, str]:
    """Three articles imported into the isolated library; returns {short name: id}."""
    folder = tmp_path / "articles"
    write_article(
        "ferry.txt",
        title="Harbour council votes to keep the night ferry running",
        date="2024-03-07",
        tags=["Transport", "Ferries"],
        url="https://example.org/ferry",
        body=[
            "The harbour council voted on Thursday to keep the night ferry running.",
            "Nurses and bakers use the ferry every night.",
        ],
    )
    write_article(
        "kernel.txt",
        title="A new language in the kernel",
        date="2024-05-01",
        author="Ada Byron",
        section="Technology",
        tags=["Technology", "Open source"],
        body=["Maintainers debated memory safety for a week."],
    )
    write_article(
        "hostile.txt",
        title=HOSTILE_TITLE,
        date="2023-01-15",
        section="[/foo]",
        tags=["[bold]sneaky[/bold]"],
        body=HOSTILE_BODY,
    )
    result = cli("import", str(folder))
    assert result.exit_code == 0, result.output
    listed = json.loads(cli("list", "--json").stdout)
    by_title = {item["title"]: item["id"] for item in listed}
    return {
        "ferry": by_title["Harbour council votes to keep the night ferry running"],
        "kernel": by_title["A new language in the kernel"],
        "hostile": next(i for t, i in by_title.items() if t.startswith("[bold red]")),
    }


def _ids(result: Result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [item["id"] for item in json.loads(result.stdout)]


def test_list_json_shape(cli: Cli, articles: dict[str, str]) -> None:
    result = cli("list", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [item["id"] for item in data] == [
        articles["kernel"],
        articles["ferry"],
        articles["hostile"],
    ]
    for item in data:
        assert item.keys() >= JSON_KEYS
    ferry = data[1]
    assert ferry["date"] == "2024-03-07"
    assert ferry["authors"] == ["Priya Natarajan"]
    assert ferry["section"] == "Local news"
    assert ferry["tags"] == ["Transport", "Ferries"]
    assert ferry["url"] == "https://example.org/ferry"
    assert ferry["bookmarked"] is False and ferry["read"] is False
    assert ferry["bookmark_note"] is None
    assert ferry["word_count"] == 20
    assert ferry["reading_minutes"] == 1
    assert result.stderr == ""


def test_list_json_keeps_hostile_text_exact(cli: Cli, articles: dict[str, str]) -> None:
    data = json.loads(cli("list", "--json").stdout)
    hostile = next(item for item in data if item["id"] == articles["hostile"])
    assert hostile["title"] == HOSTILE_TITLE
    assert hostile["section"] == "[/foo]"
    assert hostile["tags"] == ["[bold]sneaky[/bold]"]


def test_list_table_shows_hostile_text_literally(cli: Cli, articles: dict[str, str]) -> None:
    result = cli("list", env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "[bold red]x[/] and [/foo]" in out
    assert "red [link=https://evil.example]y" in out
    assert "Harbour council votes to keep the night ferry running" in out
    assert articles["ferry"] in out
    assert "3 articles" in out


def test_list_marks_bookmarked_and_unread(cli: Cli, articles: dict[str, str]) -> None:
    assert cli("bookmark", articles["ferry"]).exit_code == 0
    assert cli("read", articles["kernel"]).exit_code == 0
    lines = {
        line.split()[0]: line
        for line in cli("list", env={"COLUMNS": "250"}).stdout.splitlines()
        if line.strip()
    }
    assert "★" in lines[articles["ferry"]] and "●" in lines[articles["ferry"]]
    assert "★" not in lines[articles["kernel"]] and "●" not in lines[articles["kernel"]]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--tag", "ferries"], ["ferry"]),
        (["--tag", "Open source"], ["kernel"]),
        (["--tag", "transport", "--tag", "open source"], []),
        (["--section", "Technology"], ["kernel"]),
        (["--since", "2024-04-01"], ["kernel"]),
        (["--since", "2024-03"], ["kernel", "ferry"]),
        (["--search", "ferry"], ["ferry"]),
        (["--search", "-tag:ferries"], ["kernel", "hostile"]),
        (["--search", "memory", "--tag", "technology"], ["kernel"]),
        (["--sort", "title"], ["hostile", "kernel", "ferry"]),
        (["--limit", "1"], ["kernel"]),
        (["--sort", "title", "--limit", "2"], ["hostile", "kernel"]),
    ],
)
def test_list_options(
    cli: Cli, articles: dict[str, str], args: list[str], expected: list[str]
) -> None:
    assert _ids(cli("list", *args, "--json")) == [articles[name] for name in expected]


def test_list_bookmarked_and_unread(cli: Cli, articles: dict[str, str]) -> None:
    cli("bookmark", articles["ferry"])
    cli("read", articles["ferry"])
    cli("bookmark", articles["kernel"])
    assert _ids(cli("list", "--bookmarked", "--json")) == [articles["kernel"], articles["ferry"]]
    assert _ids(cli("list", "--unread", "--json")) == [articles["kernel"], articles["hostile"]]
    assert _ids(cli("list", "--bookmarked", "--unread", "--json")) == [articles["kernel"]]


def test_list_with_limit_says_how_many_in_all(cli: Cli, articles: dict[str, str]) -> None:
    result = cli("list", "--limit", "2")
    assert result.exit_code == 0, result.output
    assert "2 of 3 articles" in result.stdout


def test_list_nothing_matches(cli: Cli, articles: dict[str, str]) -> None:
    result = cli("list", "--tag", "nothing-has-this")
    assert result.exit_code == 0, result.output
    assert "No articles match." in result.stdout
    assert _ids(cli("list", "--tag", "nothing-has-this", "--json")) == []


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--since", "last tuesday"],
        ["list", "--search", "is:nonsense"],
        ["list", "--search", 'tag:"unclosed'],
        ["search", "bogus:thing"],
        ["search", "-ferry"],
    ],
)
def test_malformed_query_is_exit_2(cli: Cli, articles: dict[str, str], args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("reader: error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value", ["7x", "last tuesday", "2024-13-01", 'a"b', "2024 tag:x"])
def test_a_bad_list_since_names_the_option(cli: Cli, articles: dict[str, str], value: str) -> None:
    """The user typed --since, not a query: the error names the option and the value."""
    result = cli("list", "--since", value)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip().splitlines() == [
        f"reader: error: --since {value!r} is not a date "
        "(use YYYY-MM-DD, YYYY-MM, YYYY or 7d/2w/3m/1y)"
    ]


def test_tag_value_with_a_double_quote_is_refused(cli: Cli, articles: dict[str, str]) -> None:
    result = cli("list", "--tag", 'a"b')
    assert result.exit_code == 2, result.output
    assert "double quote" in result.stderr


def test_show_plain(cli: Cli, articles: dict[str, str]) -> None:
    cli("tag", articles["ferry"], "to-brief")
    cli("bookmark", articles["ferry"], "--note", "for Monday")
    result = cli("show", articles["ferry"], "--plain")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Harbour council votes to keep the night ferry running\n====")
    assert f"ID: {articles['ferry']}" in out
    assert "Date: 2024-03-07" in out
    assert "By: Priya Natarajan" in out
    assert "Section: Local news" in out
    assert "URL: https://example.org/ferry" in out
    assert "Tags: Transport, Ferries" in out
    assert "Your tags: to-brief" in out
    assert "Bookmarked: " in out and ": for Monday" in out
    assert "Read: no" in out
    assert (
        "\n\nThe harbour council voted on Thursday to keep the night ferry running.\n\n"
        "Nurses and bakers use the ferry every night.\n" in out
    )


def test_show_accepts_a_unique_prefix(cli: Cli, articles: dict[str, str]) -> None:
    prefixes = {name: aid[:5] for name, aid in articles.items()}
    if len(set(prefixes.values())) < 3:
        pytest.skip("ids share a 5-character prefix in this run")
    result = cli("show", prefixes["kernel"])
    assert result.exit_code == 0, result.output
    assert "A new language in the kernel" in result.stdout


def test_show_unknown_id(cli: Cli, articles: dict[str, str]) -> None:
    result = cli("show", "zzzzzzzz")
    assert result.exit_code == 1, result.output
    assert result.stderr == "reader: error: no article with id 'zzzzzzzz'\n"
    assert result.stdout == ""


def test_show_hostile_article_prints_markup_literally(cli: Cli, articles: dict[str, str]) -> None:
    for args in (["show", articles["hostile"]], ["show", articles["hostile"], "--plain"]):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
        assert "[bold red]x[/] and [/foo]" in out
        assert "Click [link=https://evil.example]here[/link] or [/] now :smile:" in out
        assert "and [bold" in out
        assert "Tags: [bold]sneaky[/bold]" in out


def test_rich_article_on_a_terminal_never_interprets_article_text(
    cli: Cli, articles: dict[str, str]
) -> None:
    from reader.library import open_library, resolve_library_dir

    with open_library(resolve_library_dir()) as library:
        record = library.get(articles["hostile"])
        library.add_highlight(record.id, 0, 5)
        record = library.get(articles["hostile"])
    console = Console(force_terminal=True, color_system="truecolor", width=200, record=True)
    console.print(rich_article(record))
    plain = console.export_text(styles=False)
    assert "[bold red]x[/] and [/foo]" in plain
    assert "Click [link=https://evil.example]here[/link]" in plain
    assert ":smile:" in plain
    styled = console.export_text(styles=True)
    assert "\x1b]8;" not in styled, "no hyperlink may come from article text"
    assert "\x1b[2J" not in styled and "\x07" not in styled


def test_plain_article_lists_highlights(cli: Cli, articles: dict[str, str]) -> None:
    from reader.library import open_library, resolve_library_dir

    with open_library(resolve_library_dir()) as library:
        library.add_highlight(articles["ferry"], 4, 19)
        record = library.get(articles["ferry"])
    text = plain_article(record)
    assert 'Highlights:\n  "harbour council"' in text
    terminal = rich_article(record).plain
    assert "harbour council" in terminal.split("Highlights")[1]


def test_search_ranks_and_marks_matches(cli: Cli, articles: dict[str, str]) -> None:
    result = cli("search", "ferry", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert articles["ferry"] in out
    assert articles["kernel"] not in out
    assert "\x02" not in out and "\x03" not in out
    assert "ferry" in out.split(articles["ferry"], 1)[1]
    assert "1 match" in out


def test_search_accepts_unquoted_negations(cli: Cli, articles: dict[str, str]) -> None:
    result = cli("search", "--json", "the", "-tag:ferries")
    ids = _ids(result)
    assert articles["ferry"] not in ids


def test_search_json(cli: Cli, articles: dict[str, str]) -> None:
    result = cli("search", "night ferry", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [item["id"] for item in data] == [articles["ferry"]]
    item = data[0]
    assert item.keys() >= JSON_KEYS
    assert isinstance(item["rank"], float)
    snippet = item["snippet"]
    assert "\x02" not in snippet and "\x03" not in snippet
    assert item["snippet_matches"], "the matched words are located"
    for start, end in item["snippet_matches"]:
        assert snippet[start:end].lower() in {"night", "ferry"}


def test_search_limit(cli: Cli, articles: dict[str, str]) -> None:
    assert len(_ids(cli("search", "the", "--limit", "1", "--json"))) == 1


def test_search_no_match(cli: Cli, articles: dict[str, str]) -> None:
    result = cli("search", "zebra")
    assert result.exit_code == 0, result.output
    assert "No articles match." in result.stdout


def test_search_empty_query_is_an_error(cli: Cli, articles: dict[str, str]) -> None:
    result = cli("search", "  ")
    assert result.exit_code == 2, result.output
    assert "empty" in result.stderr


def test_every_sample_article_shows(cli: Cli, sample_library: Library) -> None:
    ids = sample_library.ids()
    assert ids, "the bundled samples are part of the package"
    for article_id in ids:
        for args in (["show", article_id], ["show", article_id, "--plain"]):
            result = cli(*args)
            assert result.exit_code == 0, result.output
            assert sample_library.get(article_id).article.title.split()[0] in result.stdout


def test_search_of_too_many_terms_is_a_one_line_error(cli: Cli, articles: dict[str, str]) -> None:
    result = cli("search", " ".join(["is:read"] * 2000))
    assert result.exit_code == 2, result.output
    assert "the query is too long: 15,999 characters" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = cli("search", "-is:read " * 41)
    assert result.exit_code == 2, result.output
    assert "too many terms: 41" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = cli("list", "--search", "ferry " * 600)
    assert result.exit_code == 2, result.output
    assert "too long" in result.stderr


def test_show_of_a_link_only_article_says_it_has_no_text_yet(cli: Cli, tmp_path: Path) -> None:
    export = tmp_path / "instapaper.csv"
    export.write_text(
        "URL,Title,Selection,Folder,Timestamp,Tags\n"
        "https://news.example/pier,Pier lights go back up,,Unread,1700000000,[]\n",
        encoding="utf-8",
    )
    assert cli("import", str(export)).exit_code == 0
    [item] = [i for i in json.loads(cli("list", "--json").stdout) if i["url"]]
    for plain in ((), ("--plain",)):
        shown = cli("show", item["id"], *plain)
        assert shown.exit_code == 0, shown.output
        assert "Length: no text yet (reader fetch --missing-text brings it)" in shown.stdout
        assert "0 words" not in shown.stdout and "about 0 min" not in shown.stdout
