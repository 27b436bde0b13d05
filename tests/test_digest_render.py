"""The three renderers: structure, and hostile article text that must stay inert."""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from digest.briefing import Briefing, build_briefing
from digest.render import EXTENSIONS, FORMATS, render, safe_url
from digest.render.html import render_html
from digest.render.markdown import escape, render_markdown
from digest.render.text import columns, render_text
from tests.digest_helpers import NOW, StubQuote, make_article, make_record

HOSTILE_TITLE = (
    "[click](javascript:alert(1)) <script>alert(2)</script> [bold red]boom[/] \x1b[31mred"
)
HOSTILE_BODY = (
    "# Not a heading *not emphasis* _nor this_ `no code` <img src=x onerror=alert(3)> "
    "&amp; \x1b]8;;http://evil\x07link\x1b]8;;\x07 [x](http://evil.example) done here.",
    "1. not a list either, and - neither is this line of ordinary text.",
)
HOSTILE_NOTE = "- note line\n\n> not a quote <b>bold</b> [link](javascript:x)\x1b[2J"


def hostile_quotes(article):  # type: ignore[no-untyped-def]
    text = article.text
    if "not emphasis" not in text:
        return []
    start = text.index("not emphasis")
    return [
        StubQuote(
            "*not emphasis* _nor this_ `no code` <img src=x onerror=alert(3)>",
            "[Evil](javascript:x) <b>Speaker</b>",
            "Speaker",
            start,
            start + 60,
        )
    ]


@pytest.fixture
def hostile() -> Briefing:
    record = make_record(
        make_article(
            HOSTILE_TITLE,
            body=HOSTILE_BODY,
            authors=("<i>Eve</i> [x](y)",),
            section="*Sec*",
            tags=("<tag>", "[t](javascript:z)"),
            url="javascript:alert(4)",
        ),
        note=HOSTILE_NOTE,
    )
    good = make_record(make_article("A plain title", url="https://example.org/a_(b)*c"))
    return build_briefing(
        [record, good], title="<Title> *x*", group_by="section", now=NOW, extract=hostile_quotes
    )


def _walk(tokens: list[Token]):  # type: ignore[no-untyped-def]
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def test_markdown_hostile_text_makes_no_links_html_or_emphasis(hostile: Briefing) -> None:
    out = render_markdown(hostile)
    assert "\x1b" not in out and "\x07" not in out
    tokens = list(_walk(MarkdownIt("commonmark").parse(out)))
    types = {t.type for t in tokens}
    assert not types & {"html_inline", "html_block", "code_inline", "image"}
    # The only emphasis is the renderer's own meta line of each item.
    emphasised = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "em_open"]
    assert emphasised == [
        "By <i>Eve</i> [x](y) · 7 March 2024 · *Sec* · 1 min read",
        "By Priya Natarajan · 7 March 2024 · Local news · 1 min read",
    ]
    links = [t.attrGet("href") for t in tokens if t.type == "link_open"]
    assert links == ["https://example.org/a_%28b%29*c"]
    # Every heading is one the renderer made: title, contents, groups, items.
    headings = [
        "".join(c.content for c in tokens[i + 1].children or [] if c.type == "text")
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]
    assert headings[0].startswith("<Title> *x* — 8 March 2024")
    assert "Not a heading" not in " ".join(headings)
    # No list came from article text: the only lists are the table of contents.
    html = MarkdownIt("commonmark").render(out)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert html.count("<ol") == 0


def test_markdown_structure(hostile: Briefing) -> None:
    out = render_markdown(hostile)
    tokens = MarkdownIt("commonmark").parse(out)
    levels = [t.tag for t in tokens if t.type == "heading_open"]
    assert levels == ["h1", "h2", "h2", "h3", "h2", "h3"]  # title, contents, 2 x (group, item)
    html = MarkdownIt("commonmark").render(out)
    assert html.count("<blockquote>") == 1
    assert "Your note:</strong> - note line" in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# hash", "\\# hash"),
        ("- dash", "\\- dash"),
        ("+ plus", "\\+ plus"),
        ("> quote", "\\> quote"),
        ("2024. was a year", "2024\\. was a year"),
        ("3) three", "3\\) three"),
        ("a_b*c`d", "a\\_b\\*c\\`d"),
        ("a\\b", "a\\\\b"),
        ("&copy;", "\\&copy;"),
        ("two\n\nlines", "two lines"),
    ],
)
def test_markdown_escape(text: str, expected: str) -> None:
    assert escape(text) == expected
    rendered = MarkdownIt("commonmark").render(escape(text))
    assert rendered.startswith("<p>")


def test_text_renderer_is_plain_and_wrapped(hostile: Briefing) -> None:
    out = render_text(hostile)
    assert "\x1b" not in out and "\x07" not in out
    assert all(len(line) <= 72 for line in out.splitlines() if "://" not in line)
    assert "javascript:alert(4)" not in out  # unsafe URLs are not shown as links
    assert "   https://example.org/a_(b)*c" in out.splitlines()  # safe ones in full
    # None of the Markdown the other renderer adds: headings, bold, block quotes, escapes.
    lines = out.splitlines()
    # (lines starting with "*" show the article's own section name "*Sec*": text, not markup)
    own = ("*Sec*", "*SEC*")
    assert not any(line.startswith(("#", ">", "*")) for line in lines if not line.startswith(own))
    assert "**" not in out and "\\" not in out
    assert "Your note: - note line" in out
    assert "— [Evil](javascript:x) <b>Speaker</b>" in out  # shown literally, as written


def test_text_renderer_width() -> None:
    body = (" ".join(["word"] * 120) + ".",)
    briefing = build_briefing([make_record(make_article(body=body))], now=NOW, extract=lambda a: [])
    narrow = render_text(briefing, width=40)
    assert max(len(line) for line in narrow.splitlines() if "://" not in line) <= 40
    assert "   https://example.org/local/ferry" in narrow.splitlines()


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        self.hrefs.extend(v or "" for k, v in attrs if k == "href")


def test_html_hostile_text_is_escaped(hostile: Briefing) -> None:
    out = render_html(hostile)
    assert "\x1b" not in out and "\x07" not in out
    parser = _Collector()
    parser.feed(out)
    assert set(parser.tags) <= {
        "html", "head", "meta", "title", "style", "body", "div", "h1", "p", "nav", "h2",
        "strong", "ol", "li", "a", "section", "article", "h3", "blockquote", "span", "footer",
    }  # fmt: skip
    assert "script" not in parser.tags and "img" not in parser.tags and "b" not in parser.tags
    external = [h for h in parser.hrefs if not h.startswith("#")]
    assert external == ["https://example.org/a_(b)*c"]  # javascript: never becomes a link
    assert not any(k.startswith("on") for k, _ in parser.attrs)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in out
    assert "<style>" in out and "<link" not in out  # self-contained


def test_html_links_safe_urls_and_anchors() -> None:
    record = make_record(make_article(url="https://example.org/x?a=1&b=2 3"))
    other = make_record(make_article("Second", url="http://example.org/y"))
    out = render_html(build_briefing([record, other], now=NOW, extract=lambda a: []))
    parser = _Collector()
    parser.feed(out)
    assert [h for h in parser.hrefs if "://" in h] == ["http://example.org/y"]
    assert "#item-1" in parser.hrefs and "#item-2" in parser.hrefs
    assert 'id="item-1"' in out


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        ("data:text/html,hi", False),
        ("/relative/path", False),
        ("https://", False),
        ("https://ex ample.org", False),
        ("https://example.org/\x1b[31m", False),
        ('https://example.org/"onmouseover=', False),
        ("", False),
    ],
)
def test_safe_url(url: str, ok: bool) -> None:
    assert safe_url(url) == (url if ok else "")


def test_render_dispatch(hostile: Briefing) -> None:
    assert set(EXTENSIONS) == set(FORMATS)
    assert render(hostile, "markdown") == render_markdown(hostile)
    assert render(hostile, "text") == render_text(hostile)
    with pytest.raises(ValueError, match="unknown format"):
        render(hostile, "pdf")


def test_empty_briefing_renders() -> None:
    empty = build_briefing([], now=NOW)
    for fmt in FORMATS:
        assert "0 pieces" in render(empty, fmt)


def test_text_never_breaks_a_unit_or_a_dash_from_its_name() -> None:
    body = (
        "The owner has run the cafe at the ferry terminal for a long while and serves the "
        "night crews their tea.",
        "“For ten years we have waited for somebody to say the boat will stay,” she said.",
    )
    article = make_article(
        "Cafe owner at the ferry terminal welcomes the vote", body=body * 40, day=None
    )
    text = article.text
    inner = "For ten years we have waited for somebody to say the boat will stay,"
    start = text.index(inner)
    quote = StubQuote(inner, "Gwen Ellery", "Ellery", start - 1, start + len(inner) + 1)
    briefing = build_briefing(
        [make_record(article)], title="Morning", now=NOW, extract=lambda a: [quote]
    )
    assert briefing.items[0].reading_minutes > 1
    minutes = f"{briefing.items[0].reading_minutes} min read"
    for width in range(24, 101):
        out = render_text(briefing, width=width)
        assert "\xa0" not in out
        lines = [line.strip() for line in out.splitlines()]
        assert any(minutes in line for line in lines), width
        assert any("— Gwen Ellery" in line for line in lines), width
        for line in lines:
            assert not line.endswith("—"), (width, line)
            assert not line.startswith(("min read", "read |", "Ellery", "March 2024")), line
            assert line != "read", width
            assert not line.endswith(("By", " 8", " 8 March")), (width, line)


def test_text_keeps_and_n_more_on_one_line() -> None:
    """The overview's "and 12 more" (tags beyond the first few) is one unit, at any width."""
    records = [
        make_record(
            make_article(f"Piece number {i}", url=f"https://example.org/{i}", tags=(f"Tag{i}",))
        )
        for i in range(18)
    ]
    briefing = build_briefing(records, title="Morning", now=NOW, extract=lambda a: [])
    assert "and 12 more" in briefing.overview
    for width in range(24, 101):
        out = render_text(briefing, width=width)
        overview = " ".join(out.split("CONTENTS")[0].split())
        assert "and 12 more" in overview, width
        for line in out.splitlines():
            assert not line.rstrip().endswith(("and", "and 12")), (width, line)
            assert not line.strip().startswith(("12 more", "more.")), (width, line)


def test_html_keeps_the_dash_with_the_speaker_and_each_meta_part_whole() -> None:
    article = make_article(body=("“We will keep the boat running all winter,” said Gwen Ellery.",))
    inner = "We will keep the boat running all winter,"
    start = article.text.index(inner)
    quote = StubQuote(inner, "Gwen Ellery", "Ellery", start - 1, start + len(inner) + 1)
    briefing = build_briefing([make_record(article)], now=NOW, extract=lambda a: [quote])
    out = render_html(briefing)
    assert '<span class="speaker">—&nbsp;Gwen Ellery</span>' in out
    assert '<span class="part">1 min read</span>' in out
    assert '<span class="part">7 March 2024</span>' in out
    assert ".meta .part { white-space: nowrap; }" in out


def _display_width(line: str) -> int:
    """Columns as a terminal shows them: W/F two, combining marks none (written apart from
    the renderer's own count, so a mistake there cannot hide here)."""
    width = 0
    for char in line:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def test_text_lines_with_wide_characters_fit_the_width_in_columns() -> None:
    """textwrap counted a CJK character or an emoji as one column, so such lines came out up to
    twice the width; every line now fits in display columns, and no text is lost."""
    title = "港口委员会投票决定继续运营夜间渡轮 🚢 夜班护士和面包师都松了一口气"
    body = (
        "港口委员会周四投票决定继续运营夜间渡轮，护士和面包师每天晚上都乘坐这班渡轮上下班。",
        "“我们等了十年，终于有人说这条船会留下来，”码头咖啡馆的老板说。",
        "The café owner, Zoë Ōtsuka, said the vote was “wonderful news” for the night crews 🎉.",
    )
    article = make_article(
        title, body=body, authors=("陈美玲",), section="本地新闻", tags=("交通",)
    )
    record = make_record(article, note="周一早会上讨论：渡轮时刻表和夜班护士的交通补贴。")
    briefing = build_briefing([record], title="晨报 Morning", now=NOW, extract=lambda a: [])
    summary = briefing.items[0].summary
    assert summary
    for width in range(24, 101):
        out = render_text(briefing, width=width)
        for line in out.splitlines():
            if line.strip().startswith("https://"):
                continue  # a link is never broken
            assert _display_width(line) <= width, (width, _display_width(line), line)
        flat = "".join(out.split())
        for words in (title, summary, "周一早会上讨论", "陈美玲", "本地新闻 (1)"):
            assert "".join(words.split()) in flat, (width, words)
    assert columns("港口 ferry 🚢") == 4 + 1 + 5 + 1 + 2
    assert columns("Zoe\u0301") == 3  # a combining accent takes no column
    wide = render_text(briefing, width=72)
    assert max(_display_width(line) for line in wide.splitlines()) > 60, "lines are filled"


def test_html_breaks_a_very_long_word_instead_of_widening_the_page() -> None:
    """A 400-character link in a summary (or a long title) made the page wider than a phone's
    screen or a mail client's pane: every line scrolled sideways. The page's words now break
    anywhere when nothing else fits (and word-wrap for older mail clients)."""
    link = "https://example.org/" + "q" * 400
    article = make_article(body=(f"Read the council's report at {link} before the vote.",))
    out = render_html(build_briefing([make_record(article)], now=NOW, extract=lambda a: []))
    assert link in out  # the link itself is kept whole, only its display may break
    style = out.split("<style>", 1)[1].split("</style>", 1)[0]
    page_rule = next(rule for rule in style.split("}") if rule.strip().startswith(".page {"))
    assert "overflow-wrap: anywhere;" in page_rule
    assert "word-wrap: break-word;" in page_rule
