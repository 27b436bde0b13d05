"""Snapshots of how the reader looks: regressions in layout show up as a failed comparison.

Run ``make test PYTEST_ARGS="tests/tui/test_snapshots.py --snapshot-update"`` after a deliberate
change of look, and review the SVGs in ``__snapshots__`` (open them in a browser) before
committing them. The mark-read delay is long here so no countdown can change a mark mid-shot.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import ready, settle, write_article

from reader.library import Library, open_library
from reader.tui.app import make_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
#: Every size the layout changes at (one pane, list + article, three panes), dark and light.
LOOKS = [
    pytest.param(size, theme, id=f"{size[0]}x{size[1]}-{theme.split('-')[1]}")
    for theme in ("textual-dark", "textual-light")
    for size in ((80, 24), (120, 40), (160, 50))
]

Snap = Callable[..., bool]


@pytest.fixture(autouse=True)
def steady_config(tui_config: Path) -> Path:
    tui_config.write_text("[reader]\nmark_read_delay = 600\n", "utf-8")
    return tui_config


def after_ready(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await ready(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await settle(pilot)

    return run_before


def shoot(snap_compare: Snap, library: Library, size: tuple[int, int], keys: Sequence[str]) -> bool:
    return snap_compare(make_app(library.path), terminal_size=size, run_before=after_ready(*keys))


def themed(config: Path, theme: str) -> None:
    config.write_text(f'[reader]\nmark_read_delay = 600\n[ui]\ntheme = "{theme}"\n', "utf-8")


@pytest.fixture
def marked(library: Library) -> Library:
    """The first article (the one selected at start) with a highlight, a tag and a bookmark."""
    from reader.tui.widgets.article_view import sentence_spans

    first = library.ids()[0]
    start, end = sentence_spans(library.get(first).article.text)[1]
    library.add_highlight(first, start, end)
    library.add_tags(first, ["to-brief"])
    library.set_bookmark(first)
    return library


@pytest.mark.parametrize(("size", "theme"), LOOKS)
def test_main_screen(
    snap_compare: Snap, marked: Library, steady_config: Path, size: tuple[int, int], theme: str
) -> None:
    """The selected row (a bar), and where the article pane shows, its highlight and chips."""
    themed(steady_config, theme)
    assert shoot(snap_compare, marked, size, [])


@pytest.mark.parametrize(("size", "theme"), LOOKS)
def test_article_with_a_highlight(
    snap_compare: Snap, marked: Library, steady_config: Path, size: tuple[int, int], theme: str
) -> None:
    themed(steady_config, theme)
    assert shoot(snap_compare, marked, size, ["enter"])


@pytest.mark.parametrize("size", SIZES)
def test_reading_mode(snap_compare: Snap, library: Library, size: tuple[int, int]) -> None:
    assert shoot(snap_compare, library, size, ["enter", "z"])


@pytest.mark.parametrize(("size", "theme"), LOOKS)
def test_tag_editor(
    snap_compare: Snap, marked: Library, steady_config: Path, size: tuple[int, int], theme: str
) -> None:
    themed(steady_config, theme)
    assert shoot(snap_compare, marked, size, ["t", *"later", "enter"])


@pytest.mark.parametrize(("size", "theme"), LOOKS)
def test_help_screen(
    snap_compare: Snap, library: Library, steady_config: Path, size: tuple[int, int], theme: str
) -> None:
    themed(steady_config, theme)
    assert shoot(snap_compare, library, size, ["question_mark"])


@pytest.fixture
def quoted(library: Library, tmp_path: Path) -> Library:
    """A newer article (selected at start) with named speakers, a pronoun, and an unsourced
    quotation, for the quote list."""
    folder = tmp_path / "quoted"
    folder.mkdir()
    write_article(
        folder,
        "budget.txt",
        "Harbour budget passes after a long night of questions",
        [
            "The harbour council passed its budget at two in the morning. “We have kept the "
            "night ferry, the lifeboat station and the library boat, and we have not raised "
            "the mooring fees by a single penny this year,” said Mara Quist, the council leader.",
            "Tom Weller, the treasurer, was less cheerful. “The fuel bill will come back to "
            "haunt us,” he said. “Next winter is the real test.”",
            "A notice on the quay door read: “Closed for the vote.”",
        ],
        date="2024-03-09",
        section="Local",
    )
    library.import_paths([folder])
    return library


@pytest.mark.parametrize(("size", "theme"), LOOKS)
def test_quote_list(
    snap_compare: Snap, quoted: Library, steady_config: Path, size: tuple[int, int], theme: str
) -> None:
    """Q: each quotation shortened, its speaker under it (bold when sure, "unsure: Name" dimmed
    below the briefing's floor, or "unknown"), the first selected."""
    themed(steady_config, theme)
    assert shoot(snap_compare, quoted, size, ["Q"])


@pytest.fixture
def wide_text_library(tmp_path: Path, library_dir: Path) -> Library:
    """Emoji, CJK, combining accents and hostile markup in titles, tags and body."""
    folder = tmp_path / "wide"
    folder.mkdir()
    write_article(
        folder,
        "tokyo.txt",
        "東京の夜行フェリー 🚢 returns after a decade of debate",
        [
            "The ferry to 大島 sails again 🎉. Passengers queued from dawn; "
            "one café owner, Zoë Nakamura, called it “the best news in years”.",
            "Combining marks: cafe\u0301, nai\u0308ve, Ångström. "
            "Wide text: 한국어 中文 日本語 🙂🙂🙂.",
            "Markup stays literal: [bold red]not red[/] and [link=https://x.test]no link[/].",
        ],
        date="2024-03-09",
        section="World 🌏",
        tags=("交通", "Ferries 🚢", "[b]tag[/b]"),
    )
    write_article(
        folder,
        "plain.txt",
        "A plain headline beside the wide ones",
        ["Nothing unusual here."],
        date="2024-03-08",
        section="World 🌏",
    )
    library = open_library(library_dir)
    library.import_paths([folder])
    return library


@pytest.mark.parametrize(
    "keys", [pytest.param([], id="list"), pytest.param(["enter"], id="article")]
)
def test_wide_characters_keep_the_layout(
    snap_compare: Snap, wide_text_library: Library, keys: list[str]
) -> None:
    try:
        assert shoot(snap_compare, wide_text_library, (80, 24), keys)
    finally:
        wide_text_library.close()
