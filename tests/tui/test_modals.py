"""The dialogs on their own, driven by the pilot inside a bare host app.

Each dialog answers through ``dismiss``; the host records the answer, so these tests check both
what the user sees (widgets) and what the caller receives.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, Markdown, OptionList, Static

from reader.fileio import atomic_write_text
from reader.tui.screens.digest_preview import DigestPreview
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.library_error import LibraryErrorScreen
from reader.tui.screens.tag_editor import TagEditor
from reader.tui.screens.tag_picker import TagPicker
from reader.tui.widgets.chip import Chip
from reader.tui.widgets.flow import Flow

HOSTILE = "[bold red]boom[/] \x1b[31mred\x1b[0m"


class Host(App[None]):
    """Pushes one screen and keeps whatever it is dismissed with."""

    CSS_PATH = str(Path(__file__).parents[2] / "reader" / "tui" / "app.tcss")

    def __init__(self, make: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make = make
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.make(), self.results.append)


def user_chips(app: Host) -> list[str]:
    return [chip.tag for chip in app.screen.query(Chip) if chip.removable]


def rendered(widget: Static) -> str:
    visual = widget.visual
    return visual.plain if hasattr(visual, "plain") else str(visual)


# ------------------------------------------------------------------ tag editor
class Changes:
    """What the editor reported, in order: ("add", tag) / ("remove", tag)."""

    def __init__(self) -> None:
        self.log: list[tuple[str, str]] = []

    def editor(
        self,
        user: list[str],
        known: list[str],
        title: str = "T",
        article: tuple[str, ...] = (),
    ) -> TagEditor:
        return TagEditor(
            title,
            list(article),
            user,
            known,
            on_add=lambda tag: self.log.append(("add", tag)),
            on_remove=lambda tag: self.log.append(("remove", tag)),
        )


async def test_tag_editor_reports_each_enter_at_once() -> None:
    changes = Changes()
    app = Host(
        lambda: changes.editor(
            ["later"], ["to-brief", "Transport"], "Ferry " + HOSTILE, ("Transport", "Ferries")
        )
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TagEditor)
        assert user_chips(app) == ["later"]
        readonly = app.screen.query_one("#article-chips", Flow).pieces  # the article's own
        assert [piece.plain.strip() for piece in readonly] == ["Transport", "Ferries"]
        await pilot.press(*"to-b")
        assert app.screen.query_one(Input)._suggestion == "to-brief"  # completion from the library
        await pilot.press("right", "enter")
        assert changes.log == [("add", "to-brief")]  # written there and then, not on close
        await pilot.press(*"  Big   story ", "enter")
        await pilot.press(*"LATER", "enter")  # a duplicate, whatever its case
        await pilot.pause()
        assert user_chips(app) == ["later", "to-brief", "Big story"]
        assert changes.log == [("add", "to-brief"), ("add", "Big story")]
        await pilot.press("escape")  # escape just closes: nothing is lost
        await pilot.pause()
    assert app.results == [None]
    assert changes.log == [("add", "to-brief"), ("add", "Big story")]


async def test_tag_editor_removes_chips_by_key_and_by_click() -> None:
    changes = Changes()
    app = Host(lambda: changes.editor(["one", "two", "three"], []))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("tab")  # from the input to the first chip
        assert isinstance(app.focused, Chip)
        assert app.focused.tag == "one"
        await pilot.press("delete")
        await pilot.pause()
        assert user_chips(app) == ["two", "three"]
        assert changes.log == [("remove", "one")]
        assert isinstance(app.focused, Chip)
        assert app.focused.tag == "two"  # focus moves on to the next chip
        three = next(c for c in app.screen.query(Chip) if c.tag == "three")
        await pilot.click(three, offset=(three.outer_size.width - 2, 0))  # on the ✕
        await pilot.pause()
        assert user_chips(app) == ["two"]
        assert changes.log == [("remove", "one"), ("remove", "three")]
        await pilot.click("#tag-done")
        await pilot.pause()
    assert app.results == [None]


async def test_tag_editor_shows_text_literally() -> None:
    changes = Changes()
    app = Host(lambda: changes.editor(["later"], [], "Ferry " + HOSTILE))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        title = rendered(app.screen.query_one("#tag-title", Static))
        assert "[bold red]boom[/]" in title  # markup shown, not interpreted
        assert "\x1b" not in title
        await pilot.press(*"[b]new", "enter", "escape")
        await pilot.pause()
    assert changes.log == [("add", "[b]new")]


async def test_tag_editor_done_keeps_a_typed_tag() -> None:
    changes = Changes()
    app = Host(lambda: changes.editor([], ["politics"]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#user-none").display
        await pilot.press(*"POLITICS", "enter")  # the library's spelling of a known tag wins
        await pilot.press(*"half typed", "ctrl+s")
        await pilot.pause()
    assert changes.log == [("add", "politics"), ("add", "half typed")]


# ------------------------------------------------------------------------ help
async def test_help_lists_every_group_and_closes_with_its_own_key() -> None:
    groups = [("Move", [("j / ↓", "Next article")]), ("App", [("q", "Quit " + HOSTILE)])]
    app = Host(lambda: HelpScreen(groups))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = app.export_screenshot().replace("&#160;", " ")
        assert "[bold red]boom[/]" in text
        for word in ("Move", "App", "Next article", "Quit"):
            assert word in text
        await pilot.press("question_mark")
        await pilot.pause()
    assert app.results == [None]


# --------------------------------------------------------------- digest preview
async def test_digest_preview_builds_in_a_worker_and_saves(tmp_path: Path) -> None:
    target = tmp_path / "out" / "briefing.md"
    markdown = "# Briefing\n\n## A piece\n\n> “A quote” — Someone\n"
    app = Host(lambda: DigestPreview(lambda: markdown, target))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        screen = app.screen
        assert isinstance(screen, DigestPreview)
        assert screen.markdown == markdown
        assert screen.query_one("#digest-body").display
        assert "A piece" in screen.query_one(Markdown).source
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
    assert app.results == [target]
    assert target.read_text("utf-8") == markdown
    assert [p.name for p in target.parent.iterdir()] == ["briefing.md"]  # no temp file left


async def test_digest_preview_failure_is_a_notification(tmp_path: Path) -> None:
    def broken() -> str:
        raise RuntimeError("no bookmarks table")

    app = Host(lambda: DigestPreview(broken, tmp_path / "b.md"))
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        assert any("no bookmarks table" in str(n.message) for n in app._notifications)
        await pilot.press("s")  # nothing to save: says so, stays open
        await pilot.pause()
        assert isinstance(app.screen, DigestPreview)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]
    assert not (tmp_path / "b.md").exists()


def test_atomic_write_replaces_whole_files(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "b.md"
    atomic_write_text(path, "first")
    atomic_write_text(path, "second")
    assert path.read_text("utf-8") == "second"
    assert sorted(p.name for p in path.parent.iterdir()) == ["b.md"]


# ---------------------------------------------------------------- library error
async def test_library_error_names_the_fault_and_the_folder(tmp_path: Path) -> None:
    app = Host(lambda: LibraryErrorScreen("file is not a database " + HOSTILE, tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        message = rendered(app.screen.query_one("#error-message", Static))
        advice = rendered(app.screen.query_one("#error-advice", Static))
        assert "file is not a database" in message
        assert "[bold red]boom[/]" in message
        assert "\x1b" not in message
        assert str(tmp_path) in advice
        assert "reader restore" in advice
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 1


# ------------------------------------------------------------------ tag picker
async def test_tag_picker_filters_as_you_type_and_enter_picks() -> None:
    tags = [("science", 4), ("politics", 9), ("space", 2), ("sport", 1)]
    app = Host(lambda: TagPicker(tags))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.option_count == 4
        assert isinstance(options.get_option_at_index(0).prompt, Text)
        assert options.get_option_at_index(0).prompt.plain.startswith("politics")  # most used
        await pilot.press(*"sp")
        await pilot.pause()
        assert app.screen.shown == ["space", "sport"]
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.results == ["sport"]


async def test_tag_picker_escape_picks_nothing() -> None:
    app = Host(lambda: TagPicker([("a", 1)]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*"zzz")
        await pilot.pause()
        assert app.screen.shown == []
        await pilot.press("enter", "escape")
        await pilot.pause()
    assert app.results == [None]


async def test_tag_editor_of_an_article_with_hundreds_of_tags_fits_the_screen() -> None:
    """200 article tags made the dialog taller than 80x24: its title was off the top and the
    Close button off the bottom. The article's chips now scroll in a box of a few lines."""
    changes = Changes()
    many = tuple(f"topic{i:03d}" for i in range(200))
    app = Host(lambda: changes.editor([], [], "Two hundred topics", many))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TagEditor)
        dialog = screen.query_one("#tag-dialog")
        assert dialog.region.y >= 0 and dialog.region.bottom <= 24
        for part in ("#tag-title", "#tag-input", "#tag-done"):
            region = screen.query_one(part).region
            assert region.height > 0 and region.y >= 0 and region.bottom <= 24, part
        chips = screen.query_one("#article-chips", Flow)
        assert len(chips.pieces) == 200  # all kept, the box scrolls
        box = screen.query_one("#article-chips-box")
        assert 0 < box.size.height <= 5 < box.virtual_size.height
        title = str(screen.query_one("#tag-title", Static).visual)
        assert "Two hundred topics" in title
        await pilot.press(*"mine", "enter")
        assert changes.log == [("add", "mine")]
