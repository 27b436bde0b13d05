"""A broken library is a screen that says how to fix it; a bad config is a notification."""

from __future__ import annotations

from pathlib import Path

from reader.tui.app import make_app


async def test_corrupt_library_shows_the_error_screen(library_dir: Path) -> None:
    from reader.tui.screens.library_error import LibraryErrorScreen

    library_dir.mkdir(parents=True)
    (library_dir / "library.sqlite3").write_bytes(b"this is not a database" * 100)
    app = make_app(library_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if isinstance(app.screen, LibraryErrorScreen):
                break
        assert isinstance(app.screen, LibraryErrorScreen)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


async def test_bad_config_is_a_notification_not_a_crash(
    library_dir: Path, tui_config: Path
) -> None:
    tui_config.write_text("[reader\nbroken", "utf-8")
    app = make_app(library_dir)
    assert app.config is None
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        assert any(
            "config" in str(n.message).lower() or n.title == "Config" for n in app._notifications
        )
        assert app.mark_read_delay == 1.5
