"""The app on a library that another process is writing to, or that is damaged: a change
waits its turn and is never lost, damage is a screen with the way out, never a crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from library_helpers import HOLD_LOCK, article_file, chattr, damage_middle, many_articles
from tui_helpers import ready

from reader.library import DB_NAME, Library, open_library
from reader.tui.app import make_app

SCRIPT = Path(sys.executable).parent / "reader"
WIDE = (120, 32)
#: Longer than SQLite's own 5 s busy timeout, which is where a write used to give up.
HOLD_SECONDS = 6.5


@pytest.mark.slow
@pytest.mark.skipif(not SCRIPT.exists(), reason=f"no installed 'reader' script at {SCRIPT}")
async def test_a_lock_held_by_another_process_delays_changes_but_never_loses_them(
    library: Library, second: Library
) -> None:
    ids = second.ids()
    cli_target = ids[-1]
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(library.path / DB_NAME), str(HOLD_SECONDS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        tagger = subprocess.Popen(
            [str(SCRIPT), "--library", str(library.path), "tag", cli_target, "held-up"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        app = make_app(library.path)
        said: list[str] = []
        async with app.run_test(size=WIDE) as pilot:
            notify = app.notify

            def recording_notify(message: str, **kwargs: object) -> None:
                said.append(str(message))
                notify(message, **kwargs)  # type: ignore[arg-type]

            app.notify = recording_notify  # type: ignore[method-assign]
            screen = await ready(pilot)
            target = screen.article_list.current_id
            assert target is not None and target != cli_target
            await pilot.press("b")
            for _ in range(400):
                await pilot.pause(0.05)
                if second.row_for(target).bookmarked and "Bookmarked" in said:
                    break
            assert second.row_for(target).bookmarked, said
            assert any("busy" in message.lower() for message in said), said
            assert "Bookmarked" in said
            assert app.is_running
        _out, err = tagger.communicate(timeout=120)
        assert tagger.returncode == 0, err
        assert "held-up" in second.get(cli_target).user_tags
        assert "busy" in err  # it said why it was waiting
        assert "Traceback" not in err
    finally:
        holder.wait(timeout=30)


async def test_a_library_damaged_in_the_middle_shows_the_damaged_screen(
    library_dir: Path, tmp_path: Path
) -> None:
    from reader.tui.screens.library_error import LibraryErrorScreen

    arts = tmp_path / "arts"
    many_articles(arts)
    with open_library(library_dir) as lib:
        lib.import_paths([arts])
    damage_middle(library_dir / DB_NAME)
    app = make_app(library_dir)
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, LibraryErrorScreen):
                break
        screen = app.screen
        assert isinstance(screen, LibraryErrorScreen), "the app never said it was damaged"
        assert screen.damaged
        assert "reader doctor" in screen.message
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_the_app_on_a_read_only_library_reads_and_says_why_a_change_is_not_saved(
    library_dir: Path, tmp_path: Path
) -> None:
    arts = tmp_path / "arts"
    for i, word in enumerate(("harbour", "orchard")):
        article_file(arts, f"{i}.txt", f"The {word} story", f"A story about the {word}.")
    with open_library(library_dir) as lib:
        lib.import_paths([arts])
    if not chattr("+i", library_dir):
        pytest.skip("chattr +i is not available on this file system (needs ext4/xfs, root)")
    try:
        app = make_app(library_dir)
        said: list[str] = []
        async with app.run_test(size=WIDE) as pilot:
            notify = app.notify

            def recording_notify(message: str, **kwargs: object) -> None:
                said.append(str(message))
                notify(message, **kwargs)  # type: ignore[arg-type]

            app.notify = recording_notify  # type: ignore[method-assign]
            screen = await ready(pilot)  # the list and the article load: reading works
            assert len(screen.article_list.ids) == 2
            target = screen.article_list.current_id
            await pilot.press("b")
            for _ in range(100):
                await pilot.pause(0.05)
                if any("could not save the bookmark" in m for m in said):
                    break
            assert any("read-only" in m and f"the bookmark on {target}" in m for m in said), said
            assert app.is_running
    finally:
        chattr("-i", library_dir)
    with open_library(library_dir) as lib:
        assert not lib.rows("is:bookmarked")
