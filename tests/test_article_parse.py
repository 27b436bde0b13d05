"""Every quirk of the article format (shared/ARTICLE_FORMAT.md), one small fixture each."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from reader.article import (
    MAX_ARTICLE_BYTES,
    Article,
    ArticleParseError,
    format_article,
    parse_bytes,
    parse_file,
    parse_text,
)

# The long lines are the point: real exports do not wrap.
FERRY = """\
## Harbour council votes to keep the night ferry running

Publication Date: 2024-03-07

Author: Priya Natarajan Section: Local news

Tags: Transport, Ferries, Harbour council, Priya Natarajan, news

Article URL: <a href="https://example.org/local/2024/mar/07/night-ferry-vote">https://example.org/local/2024/mar/07/night-ferry-vote</a>



The harbour council voted on Thursday. "We will have to find £400,000 – and nobody has told me where from," she said. Is the ferry safe for another decade? It is due under the harbour's licence

terms in the spring.
"""  # noqa: E501


def article(header: str, body: str = "Body text.") -> Article:
    return parse_text(f"## Title\n\n{header}\n\n\n\n{body}\n")


# --- the example from the format description --------------------------------------------


def test_the_documented_example() -> None:
    a = parse_text(FERRY)
    assert a.title == "Harbour council votes to keep the night ferry running"
    assert a.date == date(2024, 3, 7) and a.date_text == "2024-03-07"
    assert a.authors == ("Priya Natarajan",)
    assert a.section == "Local news"
    assert a.tags == ("Transport", "Ferries", "Harbour council", "Priya Natarajan", "news")
    assert a.url == "https://example.org/local/2024/mar/07/night-ferry-vote"
    assert a.extra == {}
    assert a.warnings == ()
    assert len(a.body) == 1
    assert a.body[0].startswith("The harbour council voted on Thursday.")
    assert a.body[0].endswith("under the harbour's licence terms in the spring.")
    assert "£400,000 – and" in a.body[0]


# --- title --------------------------------------------------------------------------------


def test_title_from_hash_line_keeps_inner_hashes() -> None:
    assert parse_text("## C# 12 is out ##\n\nBody.").title == "C# 12 is out ##"
    assert parse_text("# One hash\n\nBody.").title == "One hash"


def test_title_falls_back_to_first_short_line() -> None:
    a = parse_text("\n\nHarbour ferry saved\n\nPublication Date: 2024-03-07\n\nThe council voted.")
    assert a.title == "Harbour ferry saved"
    assert a.date == date(2024, 3, 7)
    assert a.body == ("The council voted.",)


def test_title_falls_back_to_file_name_when_first_line_is_prose() -> None:
    text = "The council voted on Thursday to keep the ferry.\n\nMore text."
    a = parse_text(text, path="/news/ferry-vote.txt")
    assert a.title == "ferry-vote"
    assert a.body == ("The council voted on Thursday to keep the ferry.", "More text.")
    wrapped = parse_text("The council voted\nto keep the ferry\n\nMore.", path="x/wrapped.md")
    assert wrapped.title == "wrapped"
    assert wrapped.body[0] == "The council voted to keep the ferry"


def test_title_from_file_name_when_file_starts_with_header() -> None:
    a = parse_text("Author: Tom Okafor\n\n\n\nText.", path="/a/b/night-ferry.txt")
    assert a.title == "night-ferry" and a.authors == ("Tom Okafor",)
    assert parse_text("Author: Tom Okafor\n\n\n\nText.").title == ""


def test_empty_heading_means_no_title() -> None:
    assert parse_text("##\n\nAuthor: A\n\n\n\nShort").title == ""
    assert parse_text("##\n\nShort", path="p/q.txt").title == "q"


# --- header lines -------------------------------------------------------------------------


def test_header_lines_in_any_order_each_optional() -> None:
    a = parse_text(
        "## T\n\nArticle URL: https://e.org/x\n\nTags: b, a\n\nSection: World\n\n"
        "Publication Date: 7 March 2024\n\nAuthor: Ann Lee\n\n\n\nBody."
    )
    assert (a.url, a.tags, a.section, a.date, a.authors) == (
        "https://e.org/x",
        ("b", "a"),
        "World",
        date(2024, 3, 7),
        ("Ann Lee",),
    )
    bare = parse_text("## T\n\n\n\nBody.")
    assert (bare.date, bare.authors, bare.section, bare.tags, bare.url) == (None, (), "", (), "")


def test_header_lines_need_not_be_separated_by_blank_lines() -> None:
    a = parse_text("## T\nAuthor: Ann Lee\nSection: World\n\nBody starts here.")
    assert a.authors == ("Ann Lee",) and a.section == "World"
    assert a.body == ("Body starts here.",)


def test_unknown_header_lines_go_to_extra() -> None:
    a = article("Word Count: 812\n\nSource Desk: Metro")
    assert dict(a.extra) == {"Word Count": "812", "Source Desk": "Metro"}


def test_body_line_that_looks_like_a_header_after_the_gap_is_body() -> None:
    a = article("Author: Ann Lee", "Note: this article was amended on 8 March.")
    assert a.extra == {} and a.body == ("Note: this article was amended on 8 March.",)


def test_long_name_value_line_is_body_not_metadata() -> None:
    long = "Update: " + "the council has since reversed the decision and " * 6 + "then met."
    a = parse_text(f"## T\n\nAuthor: Ann\n\n{long}\n\nMore prose.")
    assert a.extra == {} and a.body == (long, "More prose.")
    # ...but a long value followed by more header (or the header gap) is metadata
    b = parse_text(f"## T\n\n{long}\n\nAuthor: Ann\n\n\n\nBody.")
    assert b.extra == {"Update": long[len("Update: ") :]} and b.body == ("Body.",)


def test_header_names_are_short_and_capitalised() -> None:
    a = parse_text("## T\n\nAuthor: Ann\n\nthe council said: no\n\nMore.")
    assert a.body[0] == "the council said: no"
    five_words = parse_text("## T\n\nOne Two Three Four Five: x\n\nMore.")
    assert five_words.extra == {} and five_words.body[0] == "One Two Three Four Five: x"
    clock = parse_text("## T\n\nAt 10:30 the ferry left.")
    assert clock.extra == {} and clock.body == ("At 10:30 the ferry left.",)


def test_repeated_header_keeps_first_with_warning() -> None:
    a = article("Section: World\n\nSection: Sport")
    assert a.section == "World"
    assert any("Sport" in w for w in a.warnings)


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "2024-03-07",
        "2024-03-07T10:30:00Z",
        "2024-03-07 10:30:00+01:00",
        "7 March 2024",
        "March 7, 2024",
        "7 Mar 2024",
        "Thursday 7 March 2024",
        "Thu 7 Mar 2024 10.30 GMT",
        "Thu, 07 Mar 2024 10:30:00 +0000",
        "7th March 2024",
        "Mar. 7, 2024",
    ],
)
def test_date_forms(written: str) -> None:
    a = article(f"Publication Date: {written}")
    assert a.date == date(2024, 3, 7)
    assert a.date_text == written
    assert a.warnings == ()


@pytest.mark.parametrize("written", ["last Thursday", "2024-02-30", "7 Smarch 2024", "03/07/24"])
def test_unparseable_date_is_kept_and_reported(written: str) -> None:
    a = article(f"Publication Date: {written}")
    assert a.date is None and a.date_text == written
    assert len(a.warnings) == 1 and written in a.warnings[0]


# --- authors and section ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "authors", "section"),
    [
        ("Author: Priya Natarajan", ("Priya Natarajan",), ""),
        ("Author: Ann Lee and Bo Chen", ("Ann Lee", "Bo Chen"), ""),
        ("Author: Ann Lee, Bo Chen and Cy Diaz", ("Ann Lee", "Bo Chen", "Cy Diaz"), ""),
        ("Author: Ann Lee, Bo Chen, and Cy Diaz", ("Ann Lee", "Bo Chen", "Cy Diaz"), ""),
        ("Author: Priya Natarajan Section: Local news", ("Priya Natarajan",), "Local news"),
        ("Author: A and B Section: World", ("A", "B"), "World"),
        ("Author: Section: World", (), "World"),
        ("Author: Ann\n\nSection: Sport", ("Ann",), "Sport"),
    ],
)
def test_authors_and_section(line: str, authors: tuple[str, ...], section: str) -> None:
    a = article(line)
    assert a.authors == authors and a.section == section


# --- tags ---------------------------------------------------------------------------------


def test_tags_trimmed_deduplicated_and_parentheses_kept() -> None:
    a = article("Tags:  Artificial intelligence (AI) , news,, ,News, AI , NEWS,  tech ")
    assert a.tags == ("Artificial intelligence (AI)", "news", "AI", "tech")
    assert article("Tags:").tags == ()


# --- URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        '<a href="https://e.org/a?x=1&amp;y=2">https://e.org/a?x=1&amp;y=2</a>',
        "<a class='l' href='https://e.org/a?x=1&y=2'>link</a>",
        "[the article](https://e.org/a?x=1&y=2)",
        '[the article](https://e.org/a?x=1&y=2 "Title")',
        "<https://e.org/a?x=1&y=2>",
        "https://e.org/a?x=1&y=2",
    ],
)
def test_url_forms(value: str) -> None:
    assert article(f"Article URL: {value}").url == "https://e.org/a?x=1&y=2"


# --- body ---------------------------------------------------------------------------------


def test_paragraphs_and_hard_wrapping() -> None:
    a = parse_text("## T\n\n\n\nOne line\nwrapped\tthere.\n\n\n\nTwo.  Spaces\u00a0kept  here.\n")
    assert a.body == ("One line wrapped there.", "Two. Spaces\u00a0kept here.")


def test_page_break_rejoins_only_unfinished_sentences() -> None:
    text = (
        "## T\n\n\n\nIt is due under the licence\n\nterms in the spring.\n\n"
        "A finished sentence.\n\nlower-case start stays apart.\n\n"
        'He said "no."\n\nlower again.\n\nA cut at a dash –\n\nand another –\n\nand a third.\n\n'
        "Ending with a colon:\n\nlower list item.\n\nNo punctuation\n\nCapital starts apart."
    )
    assert parse_text(text).body == (
        "It is due under the licence terms in the spring.",
        "A finished sentence.",
        "lower-case start stays apart.",
        'He said "no."',
        "lower again.",
        "A cut at a dash – and another – and a third.",
        "Ending with a colon:",
        "lower list item.",
        "No punctuation",
        "Capital starts apart.",
    )


def test_text_is_kept_exactly() -> None:
    body = "“Curly,” she said – and 'straight' — it’s [the operator]… fine... Al said £5 € ¥."
    assert article("Author: X", body).body == (body,)


def test_one_very_long_paragraph() -> None:
    body = " ".join(["Word and more words."] * 5000)
    assert article("Author: X", body).body == (body,)


def test_escapes_and_rich_markup_are_kept_as_text() -> None:
    hostile = (
        "## \x1b[31mRed\x1b[0m [bold]title[/]\n\nAuthor: [link=http://evil]Eve[/link]\n\n\n\n"
        "Body \x1b]8;;http://evil\x07link\x1b]8;;\x07 [/] [bold \x1b[2J\x1b]52;c;cHduZWQ=\x07.\n"
    ) * 1
    a = parse_bytes(hostile.encode())
    assert a.title == "\x1b[31mRed\x1b[0m [bold]title[/]"
    assert a.authors == ("[link=http://evil]Eve[/link]",)
    assert a.body == (
        "Body \x1b]8;;http://evil\x07link\x1b]8;;\x07 [/] [bold \x1b[2J\x1b]52;c;cHduZWQ=\x07.",
    )


# --- bytes and encodings ------------------------------------------------------------------

SIMPLE = "## Café\n\nAuthor: Zoë\n\n\n\n“Quoted” text.\n\nSecond."


@pytest.mark.parametrize(
    "data",
    [
        SIMPLE.encode(),
        b"\xef\xbb\xbf" + SIMPLE.encode(),
        SIMPLE.replace("\n", "\r\n").encode(),
        SIMPLE.replace("\n", "\r").encode(),
        SIMPLE.encode().rstrip(b"\n"),
        (SIMPLE + "\n").encode(),
        SIMPLE.encode("utf-16"),
        SIMPLE.encode("utf-16-be").join([b"\xfe\xff", b""]),
    ],
    ids=["utf8", "bom", "crlf", "cr", "no-final-newline", "final-newline", "utf16", "utf16be"],
)
def test_encodings_and_line_endings(data: bytes) -> None:
    a = parse_bytes(data)
    assert (a.title, a.authors, a.body) == ("Café", ("Zoë",), ("“Quoted” text.", "Second."))
    assert a.warnings == ()


def test_cp1252_fallback_with_warning() -> None:
    a = parse_bytes(
        "## Caf\xe9 prices\n\nThe caf\xe9 \x93rose\x94 \x85 \x80\x81.".encode("latin-1")
    )
    assert a.title == "Café prices"
    assert a.body == ("The café “rose” … €\ufffd.",)
    assert a.warnings == ("not valid UTF-8; read as cp1252",)


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02PNG\x00" * 50, b"GIF89a\x00\x00", b"text\x01\x02\x03\x04\x05\x06" * 20],
)
def test_binary_is_refused(data: bytes) -> None:
    with pytest.raises(ArticleParseError) as info:
        parse_bytes(data, "pics/cat.txt")
    assert info.value.reason == "binary file"
    assert str(info.value) == "pics/cat.txt: binary file"


def test_nul_in_text_is_binary() -> None:
    with pytest.raises(ArticleParseError, match="binary file"):
        parse_text("## T\n\nBody\x00")


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t \n", b"\xef\xbb\xbf\n\n", "\ufeff".encode()])
def test_empty_is_refused(data: bytes) -> None:
    with pytest.raises(ArticleParseError) as info:
        parse_bytes(data, "empty.md")
    assert info.value.reason == "empty file" and info.value.path == "empty.md"


def test_error_message_is_one_line() -> None:
    error = ArticleParseError("odd\nname.txt", "binary file")
    assert "\n" not in str(error) and str(error) == "odd\\nname.txt: binary file"
    assert str(ArticleParseError(None, "empty file")) == "empty file"


# --- files --------------------------------------------------------------------------------


def test_parse_file_keeps_the_path(tmp_path: Path) -> None:
    path = tmp_path / "ferry.txt"
    path.write_text(FERRY, encoding="utf-8")
    a = parse_file(path)
    assert a.source_path == str(path) and a.title.startswith("Harbour council")


def test_huge_file_is_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(52_400_000)  # sparse: no disk used, and reading it would be slow

    def must_not_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit was opened")

    with monkeypatch.context() as patch:
        patch.setattr("reader.article.open", must_not_open, raising=False)
        with pytest.raises(ArticleParseError) as info:
            parse_file(huge)
    assert info.value.reason == "file is 50.0 MB; the limit is 8 MB"
    just_over = tmp_path / "over.txt"
    with open(just_over, "wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)
    with pytest.raises(ArticleParseError, match=r"8,388,609 bytes; the limit is 8 MB"):
        parse_file(just_over)
    with pytest.raises(ArticleParseError, match="the limit is 8 MB"):
        parse_bytes(b"a" * (MAX_ARTICLE_BYTES + 1))


def test_missing_directory_and_fifo(tmp_path: Path) -> None:
    with pytest.raises(ArticleParseError, match="cannot read: No such file"):
        parse_file(tmp_path / "gone.txt")
    with pytest.raises(ArticleParseError, match="is a directory"):
        parse_file(tmp_path)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ArticleParseError, match="not a regular file"):
        parse_file(fifo)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_reports_the_os_reason(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(FERRY, encoding="utf-8")
    locked.chmod(0)
    try:
        with pytest.raises(ArticleParseError) as info:
            parse_file(locked)
    finally:
        locked.chmod(0o600)
    assert info.value.reason == "cannot read: Permission denied"
    assert str(info.value) == f"{locked}: cannot read: Permission denied"


# --- writing ------------------------------------------------------------------------------


def test_format_article_writes_the_export_layout() -> None:
    a = Article(
        title="Ferry saved",
        body=("First.", "Second."),
        date=date(2024, 3, 7),
        date_text="7 March 2024",
        authors=("A", "B", "C"),
        section="Local",
        tags=("x", "y (z)"),
        url="https://e.org/f",
        extra={"Word Count": "2"},
    )
    assert format_article(a) == (
        "## Ferry saved\n\nPublication Date: 7 March 2024\n\nAuthor: A, B and C Section: Local\n\n"
        "Tags: x, y (z)\n\nArticle URL: <https://e.org/f>\n\nWord Count: 2\n\n\n\n"
        "First.\n\nSecond.\n"
    )
    assert parse_text(format_article(a)) == a


def test_format_writes_iso_when_the_date_text_does_not_say_the_date() -> None:
    a = Article(title="T", date=date(2024, 3, 7))
    assert "Publication Date: 2024-03-07\n" in format_article(a)
    assert parse_text(format_article(a)).date == date(2024, 3, 7)


def test_ferry_round_trip() -> None:
    a = parse_text(FERRY)
    assert parse_text(format_article(a)) == a


def test_read_error_is_reported_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root can read a chmod 000 file, so also provoke the OS error directly."""
    path = tmp_path / "x.txt"
    path.write_text(FERRY, encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("reader.article.open", refuse, raising=False)
    with pytest.raises(ArticleParseError, match=r"x\.txt: cannot read: Permission denied$"):
        parse_file(path)


# --- Markdown with front matter -----------------------------------------------------------


def test_yaml_front_matter() -> None:
    a = parse_text(
        "---\n"
        'title: "Ferry: saved"\n'
        "date: 2024-03-07\n"
        "author: Ann Lee and Bo Chen\n"
        "category: Local news\n"
        "tags: [Transport, 'Ferries, boats', transport]\n"
        "url: https://e.org/f  # canonical\n"
        "draft: false\n"
        "summary: >\n  Two lines\n  folded.\n"
        "---\n"
        "# Not the title\n\nFirst paragraph\nwrapped.\n\n- a list item\n"
    )
    assert a.title == "Ferry: saved"
    assert a.date == date(2024, 3, 7) and a.date_text == "2024-03-07"
    assert a.authors == ("Ann Lee", "Bo Chen")
    assert a.section == "Local news"
    assert a.tags == ("Transport", "Ferries", "boats")  # tags never contain commas
    assert a.url == "https://e.org/f"
    # keys become header names, so that format_article can write them
    assert dict(a.extra) == {"Draft": "false", "Summary": "Two lines folded."}
    assert a.body == ("# Not the title", "First paragraph wrapped.", "- a list item")


def test_yaml_block_lists_and_heading_title() -> None:
    a = parse_text(
        "---\nauthors:\n  - Ann Lee\n  - 'Bo O''Neil'\ncategories:\n- Politics\n- Europe\n"
        "params:\n  weight: 3\n---\n\n# The heading title\n\nBody. Author: not a header.\n"
    )
    assert a.title == "The heading title"
    assert a.authors == ("Ann Lee", "Bo O'Neil")
    assert a.tags == ("Politics", "Europe")
    assert dict(a.extra) == {"Params": "weight: 3"}
    assert a.body == ("Body. Author: not a header.",)


def test_broken_yaml_lines_are_reported_not_fatal() -> None:
    a = parse_text("---\ntitle: Fine\n: what\n  stray indent\n---\nBody.", path="n.md")
    assert a.title == "Fine" and a.body == ("Body.",)
    assert len(a.warnings) == 2


def test_toml_front_matter() -> None:
    a = parse_text(
        "+++\n"
        'title = "Ferry saved"\n'
        "date = 2024-03-07T10:30:00+01:00\n"
        'authors = ["Ann Lee", "Bo Chen"]\n'
        'section = "Local"\n'
        'tags = ["a", "b"]\n'
        'categories = ["B", "c"]\n'
        'link = "[here](https://e.org/f)"\n'
        "weight = 3\n"
        "[params]\nfeatured = true\n"
        "+++\n\nBody.\n"
    )
    assert a.title == "Ferry saved"
    assert a.date == date(2024, 3, 7) and a.date_text == "2024-03-07T10:30:00+01:00"
    assert a.authors == ("Ann Lee", "Bo Chen")
    assert a.section == "Local" and a.tags == ("a", "b", "c")
    assert a.url == "https://e.org/f"
    assert dict(a.extra) == {"Weight": "3", "Params": "featured: true"}


def test_front_matter_keys_become_header_names() -> None:
    a = parse_text(
        "---\nog:image: x.png\n2fa: y\nPublication Date: 7 March 2024\nby: Ann, Bo\n"
        "a b c d e f: z\nArticle-URL: u\n---\nBody."
    )
    assert a.date == date(2024, 3, 7) and a.authors == ("Ann", "Bo")
    assert dict(a.extra) == {
        "Og image": "x.png",
        "X-2fa": "y",
        "A b c d-e-f": "z",
        "Article-URL": "u",
    }
    assert parse_text(format_article(a)) == a


def test_invalid_toml_is_a_warning_and_the_body_is_kept() -> None:
    a = parse_text("+++\ntitle = \n+++\nBody.\n", path="notes/x.md")
    assert a.title == "x" and a.body == ("Body.",)
    assert a.warnings and a.warnings[0].startswith("front matter ignored (TOML")


def test_unclosed_front_matter_is_plain_text() -> None:
    a = parse_text("---\ntitle: x\n\nBody.", path="p.md")
    assert a.title == "p" and a.body == ("--- title: x", "Body.")
