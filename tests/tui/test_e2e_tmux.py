"""The installed ``reader`` in a real terminal (tmux), driven by keystrokes like a person.

Bookmark with ``b``; tag with ``t``, typing the tag, ``enter`` then ``escape``; the CLI, a
separate process, must find the tag in the store while the app is still open, and both
changes after ``q``. Skipped where tmux or the installed script is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from tui_helpers import write_article

SCRIPT = Path(sys.executable).parent / "reader"
TMUX = shutil.which("tmux")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed"),
    pytest.mark.skipif(not SCRIPT.exists(), reason=f"no installed 'reader' script at {SCRIPT}"),
]


class Terminal:
    """One tmux server of our own (``-L``), so a user's sessions are never touched."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"reader-test-{uuid.uuid4().hex[:8]}"
        self.env = env

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run(
            [TMUX, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            timeout=30,
            env=self.env,
            check=True,
        )
        return done.stdout

    def start(self, command: list[str]) -> None:
        self.tmux("new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40", *command)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "e2e", *keys)

    def wait_for(self, found: Callable[[str], bool], what: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if found(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"never saw {what}; the screen was:\n{self.screen()}")

    def alive(self) -> bool:
        try:
            self.tmux("has-session", "-t", "e2e")
        except subprocess.CalledProcessError:
            return False
        return True

    def close(self) -> None:
        subprocess.run([TMUX or "tmux", "-L", self.socket, "kill-server"], capture_output=True)


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, timeout=60, env=env, check=True
    )


def test_bookmark_tag_and_quit_in_a_real_terminal(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    write_article(articles, "a.txt", "Tram line reopens after the flood", ["Trams run again."])
    write_article(
        articles, "b.txt", "Older story about buses", ["Buses ran late."], date="2024-01-02"
    )
    library = tmp_path / "library"
    env = {
        **os.environ,
        "READER_LIBRARY": str(library),
        "READER_CONFIG": str(tmp_path / "config.toml"),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
    }
    env.pop("TMUX", None)
    cli(env, "import", str(articles))

    term = Terminal(env)
    try:
        term.start([str(SCRIPT)])
        term.wait_for(lambda s: "Tram line reopens" in s and "Bookmark" in s, "the main screen")
        term.keys("b")
        term.wait_for(lambda s: re.search(r"★.*Tram line", s) is not None, "the bookmark")
        time.sleep(0.3)
        term.keys("t")
        term.wait_for(lambda s: "Add a tag" in s, "the tag editor")
        term.keys("-l", "to-brief")
        time.sleep(0.3)
        term.keys("Enter")
        term.wait_for(lambda s: "to-brief ✕" in s, "the new tag chip")
        term.keys("Escape")  # escape just closes: the tag is already in the store
        term.wait_for(lambda s: "Add a tag" not in s, "the editor closing")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:  # another process sees it while the app runs
            rows = json.loads(cli(env, "list", "--json").stdout)
            if any(row["user_tags"] == ["to-brief"] for row in rows):
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the tag never reached the store while the app was open")
        term.keys("q")
        deadline = time.monotonic() + 15
        while term.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not term.alive(), "q did not quit reader"
    finally:
        term.close()

    rows = {row["title"]: row for row in json.loads(cli(env, "list", "--json").stdout)}
    tram = rows["Tram line reopens after the flood"]
    assert tram["bookmarked"] is True
    assert tram["user_tags"] == ["to-brief"]
    assert rows["Older story about buses"]["bookmarked"] is False
    assert rows["Older story about buses"]["user_tags"] == []
