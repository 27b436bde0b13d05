"""The README's screenshots are the snapshot baselines themselves, so they show the app as it
is: when a change of look updates a baseline, this fails until the screenshot is copied."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASELINES = Path(__file__).resolve().parent / "__snapshots__" / "test_snapshots"
SHOTS = {
    "docs/screenshots/three-panes-120x40.svg": "test_main_screen[120x40-dark].svg",
    "docs/screenshots/reading-120x40.svg": "test_article_with_a_highlight[120x40-dark].svg",
    "docs/screenshots/one-pane-80x24-light.svg": "test_main_screen[80x24-light].svg",
}


def test_readme_screenshots_are_the_current_baselines() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for shot, baseline in SHOTS.items():
        assert f"]({shot})" in readme, f"the README no longer shows {shot}"
        current = (BASELINES / baseline).read_bytes()
        assert (ROOT / shot).read_bytes() == current, f"copy {BASELINES / baseline} to {shot}"
