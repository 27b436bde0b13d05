"""The app goes through the application layer: the config in force (``--config``) decides,
changes are the session's typed calls, and the digest preview is the CLI's pipeline."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import ready, settle

from reader.library import Library, open_library
from reader.tui.app import make_app

WIDE = (120, 34)


async def test_the_app_honours_config_and_auto_samples_off(
    library_dir: Path, tmp_path: Path, tui_config: Path
) -> None:
    """--config names a file saying no samples; the default config (READER_CONFIG) says
    nothing, so obeying the wrong file would import them."""
    own = tmp_path / "own.toml"
    own.write_text("[library]\nauto_samples = false\n", "utf-8")
    app = make_app(library_dir, config_file=own)
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(40):
            await settle(pilot, rounds=1)
            if app.session is not None:
                break
        assert app.session is not None
        assert app.session.config.path == own
        await settle(pilot)
    with open_library(library_dir) as lib:
        assert lib.is_empty()


async def test_the_app_gives_samples_when_its_config_allows(
    library_dir: Path, tui_config: Path
) -> None:
    app = make_app(library_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
    with open_library(library_dir) as lib:
        assert not lib.is_empty()


async def test_digest_preview_uses_the_config_and_saves_in_briefings(
    library: Library, tui_config: Path
) -> None:
    from reader.tui.screens.digest_preview import DigestPreview

    tui_config.write_text(
        '[reader]\nmark_read_delay = 60\n[digest]\ntitle = "Harbour brief"\n', "utf-8"
    )
    library.set_bookmark(library.records()[0].id)
    app = make_app(library.path)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DigestPreview)
        for _ in range(40):
            if screen.markdown is not None:
                break
            await settle(pilot, rounds=1)
        assert screen.markdown is not None and screen.markdown.startswith("# Harbour brief")
        await pilot.press("s")
        await settle(pilot)
    saved = list((library.path / "briefings").glob("briefing-*.md"))
    assert len(saved) == 1 and saved[0].read_text("utf-8").startswith("# Harbour brief")
    assert library.last_digest_at() is None
