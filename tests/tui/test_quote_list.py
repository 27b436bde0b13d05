"""Q: the open article's quotations with their speakers, and a jump to each (issue 11 "Keys");
checked on screen AND against the store."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import OptionList, Static
from tui_helpers import ready, settle, write_article

from digest.quotes import extract_quotes
from reader.app.quotes import SPEAKER_CONFIDENCE, certainty
from reader.library import Library, open_library
from reader.tui.app import make_app
from reader.tui.layout import ARTICLE_READING
from reader.tui.screens.quote_list import QuoteList

WIDE = (160, 40)
NARROW = (80, 24)


def _status(dialog: QuoteList) -> str:
    return str(dialog.query_one("#quote-status", Static).render())


async def _open_quote_list(pilot: Pilot[None]) -> QuoteList:
    """Q on the article in view, and the quote list it shows."""
    await pilot.press("Q")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, QuoteList)
    return dialog


def _library_of(folder: Path, library_dir: Path) -> Library:
    """A library of the articles written into ``folder``."""
    lib = open_library(library_dir)
    lib.import_paths([folder])
    return lib


async def test_shift_q_lists_the_quotes_with_their_speakers(library: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        screen = await ready(pilot)
        dialog = await _open_quote_list(pilot)
        target = screen.article_view.article_id
        assert target is not None
        expected = [
            (q.text, q.speaker, q.start)
            for q in extract_quotes(library.get(target).article)
            if q.kind != "scare"
        ]
        assert [(i.text, i.speaker, i.start) for i in dialog.items] == expected
        assert [i.speaker for i in dialog.items] == ["the council leader"]
        prompt = str(dialog.query_one(OptionList).get_option_at_index(0).prompt)
        assert "“We heard from nurses and bakers" in prompt and "council leader" in prompt
        assert _status(dialog) == "1 quotation"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_no_quotes_says_so_and_an_unknown_speaker_is_named_unknown(
    tmp_path: Path, library_dir: Path
) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    write_article(
        folder,
        "a.txt",
        "Quiet week at the harbour",
        ["Nothing was said. The boats stayed in.", "“Fog again tomorrow, and the day after.”"],
    )
    lib = _library_of(folder, library_dir)
    app = make_app(library_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        dialog = await _open_quote_list(pilot)
        assert [i.speaker for i in dialog.items] == [None]
        prompt = dialog.query_one(OptionList).get_option_at_index(0).prompt
        assert isinstance(prompt, Text)
        assert prompt.plain.endswith("— unknown"), "no name and no chance for nobody"
    lib.close()


#: A speaker named plainly ("…," said Mara Quist), one only guessed at (a company's
#: spokeswoman, for a fragment) and a floating quotation after her.
FERRY = (
    "The harbour council voted on Thursday to keep the night ferry running.",
    "“We heard from nurses, bakers and students, and they all ride it,” said Mara Quist, the "
    "harbour master.",
    "A spokeswoman for the ferry company said the boats would run “wherever the tide allows "
    "them to go”.",
    "“Fog again tomorrow, and the day after.”",
)


def _speaker_style(prompt: Text, words: str) -> str:
    """The style (as text) over ``words`` in an option's prompt."""
    start = prompt.plain.index(words)
    return " ".join(str(span.style) for span in prompt.spans if span.start <= start < span.end)


async def test_a_sure_speaker_is_named_and_a_guess_is_shown_as_one(
    tmp_path: Path, library_dir: Path
) -> None:
    """The list names a speaker as plainly as the briefing would only from the confidence
    the briefing trusts; below it the name is dimmed and said to be unsure, with the same
    chance ``reader quotes`` prints."""
    folder = tmp_path / "ferry"
    folder.mkdir()
    write_article(folder, "ferry.txt", "Night ferry stays", FERRY)
    lib = _library_of(folder, library_dir)
    found = extract_quotes(lib.get(lib.ids()[0]).article)
    app = make_app(library_dir)
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        dialog = await _open_quote_list(pilot)
        assert [(i.speaker, i.confidence) for i in dialog.items] == [
            (q.speaker, q.confidence) for q in found if q.kind != "scare"
        ]
        prompts = [dialog.options.get_option_at_index(n).prompt for n in range(len(dialog.items))]
        assert all(isinstance(p, Text) for p in prompts)
        sure, guess = dialog.items[0], dialog.items[1]
        assert sure.speaker == "Mara Quist" and sure.confidence >= SPEAKER_CONFIDENCE
        assert guess.speaker and guess.confidence < SPEAKER_CONFIDENCE
        first, second = prompts[0], prompts[1]
        assert isinstance(first, Text) and isinstance(second, Text)
        assert f"— Mara Quist  {sure.confidence:.2f}" in first.plain
        assert "unsure" not in first.plain
        assert "bold" in _speaker_style(first, "Mara Quist")
        assert f"— unsure: {guess.speaker}  {guess.confidence:.2f}" in second.plain
        style = _speaker_style(second, guess.speaker)
        assert "dim" in style and "bold" not in style, "a guess never has a sure name's weight"
        for item, prompt in zip(dialog.items, prompts, strict=True):
            assert isinstance(prompt, Text)
            how = certainty(item.speaker, item.confidence)
            assert ("unsure:" in prompt.plain) == (how == "guess"), prompt.plain
            assert ("— unknown" in prompt.plain) == (how == "unknown"), prompt.plain
        # The dialog as drawn says the same.
        size = dialog.options.size
        region = Region(0, 0, size.width, size.height)
        lines = [strip.text for strip in dialog.options.render_lines(region)]
        drawn = "\n".join(lines)
        assert "— Mara Quist" in drawn and "— unsure: A spokeswoman" in drawn, drawn
    lib.close()


def _long_article(folder: Path) -> None:
    """About 250,000 characters; the quotation of a speaker named Ilse Marrow is near the end,
    far below the first screen and beyond the part of the body laid out at first."""
    filler = (
        "The council went through the ferry budget line by line, and the engineers explained "
        "the fuel costs of the winter timetable once again. "
    ) * 6
    paragraphs = [filler] * 300
    paragraphs.insert(290, "“The last crossing leaves at midnight,” said Ilse Marrow, the pilot.")
    paragraphs.insert(3, "“We will find the money,” said Tom Weller, the treasurer.")
    write_article(folder, "long.txt", "A very long council meeting", paragraphs)


async def test_enter_jumps_to_the_quote_in_a_long_article_and_marks_it(
    tmp_path: Path, library_dir: Path
) -> None:
    folder = tmp_path / "long"
    folder.mkdir()
    _long_article(folder)
    lib = _library_of(folder, library_dir)
    target = lib.ids()[0]
    text = lib.get(target).article.text
    app = make_app(library_dir)
    async with app.run_test(size=NARROW) as pilot:
        screen = await ready(pilot)
        dialog = await _open_quote_list(pilot)
        assert [i.speaker for i in dialog.items] == ["Tom Weller", "Ilse Marrow"]
        assert dialog.finished
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.screen is screen
        view = screen.article_view
        assert screen.article_open and view.has_focus, "the article opens at 80 columns"
        start, end = view.marked or (0, 0)
        assert text[start:end].startswith("“The last crossing leaves at midnight")
        body = view.body
        line = body.line_of(start) + body.virtual_region.y
        assert view.scroll_y <= line < view.scroll_y + view.scrollable_content_region.height
        assert view.scroll_y > 100, "scrolled far down the article"
        lines = body.render().split()
        assert "last crossing" in lines[line - body.virtual_region.y].plain
        assert body.cursor == (start, end), "the quotation is marked in the body"
    lib.close()


async def test_palette_opens_the_quote_list(library: Library) -> None:
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"quotes")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuoteList)


async def test_going_to_a_quote_at_120x40_opens_the_article_as_enter_does(
    tmp_path: Path, library_dir: Path
) -> None:
    """Side by side, a quote chosen in the list opens its article with room to read it (the
    sidebar steps aside, as after enter); it was left at the 28 columns of the three panes,
    and escape gives the three panes back."""
    folder = tmp_path / "ferry"
    folder.mkdir()
    write_article(folder, "ferry.txt", "Night ferry stays", FERRY)
    lib = _library_of(folder, library_dir)
    text = lib.get(lib.ids()[0]).article.text
    app = make_app(library_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.sidebar.display
        narrow = screen.article_view.outer_size.width
        await pilot.press("Q")
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.screen is screen
        view = screen.article_view
        assert view.has_focus and not screen.sidebar.display
        assert view.outer_size.width >= ARTICLE_READING > narrow
        start, end = view.marked or (0, 0)
        assert text[start:end].startswith("“wherever the tide")
        await pilot.press("escape")
        await settle(pilot)
        assert screen.sidebar.display and screen.article_view.outer_size.width == narrow
    lib.close()


async def test_a_long_list_fits_its_dialog_to_the_last_speaker(
    tmp_path: Path, library_dir: Path
) -> None:
    """At 80x24 a list taller than the dialog scrolls inside it: the list ends within the
    dialog's border, so the last quotation and its speaker can be brought into sight (the
    list ran three lines past the dialog, and the last speaker was never shown)."""
    folder = tmp_path / "many"
    folder.mkdir()
    names = ("Mara Quist", "Tom Weller", "Ana Holm", "Ivo Brandt", "Lena Sorel", "Piet Vos")
    jobs = ("nurses", "bakers", "porters", "cleaners", "drivers", "cooks")
    paragraphs = [
        f"“The ferry matters to the {job} on the night shift, every one of them,” said {name}."
        for job, name in zip(jobs, names, strict=True)
    ] * 2
    write_article(folder, "many.txt", "Twelve voices on the ferry", paragraphs)
    lib = _library_of(folder, library_dir)
    app = make_app(library_dir)
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        dialog = await _open_quote_list(pilot)
        assert len(dialog.items) == 12
        box = dialog.query_one("#quote-dialog")
        options = dialog.options
        assert options.region.bottom <= box.region.bottom - 1, (options.region, box.region)
        await pilot.press("end")
        await settle(pilot)
        assert options.highlighted == 11
        assert options.region.bottom <= box.region.bottom - 1, "still inside after the keys"
        bottom = options.scroll_y + options.scrollable_content_region.height
        assert bottom >= options.virtual_size.height, "the last speaker's line is in sight"
    lib.close()
