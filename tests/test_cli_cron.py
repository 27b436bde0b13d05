"""The README's crontab line works on a fresh account: run as cron would, with a bare
environment (HOME and a minimal PATH only), no log folder yet, and a library in the default
place that no XDG variable points to."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from reader.library import open_library
from tests.digest_helpers import start_smtp

ROOT = Path(__file__).parent.parent
SCRIPT = Path(sys.executable).parent / "reader"


def _cron_command() -> str:
    """The command part of the README's crontab line (after the five schedule fields)."""
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"```cron\n(.*?)```", readme, re.S)
    assert block is not None, "the README has no cron block"
    [line] = [ln for ln in block.group(1).splitlines() if ln and not ln.startswith("#")]
    return line.split(None, 5)[5]


@pytest.mark.slow
@pytest.mark.skipif(not SCRIPT.exists(), reason=f"no installed 'reader' script at {SCRIPT}")
def test_the_readme_crontab_line_runs_on_a_fresh_account(tmp_path: Path) -> None:
    home = tmp_path / "home"
    library_dir = home / ".local" / "share" / "reader"
    articles = tmp_path / "news"
    articles.mkdir()
    (articles / "ferry.txt").write_text(
        "Night ferry kept\n\nThe council voted to keep the night ferry running.\n", "utf-8"
    )
    with open_library(library_dir) as library:
        library.import_paths([articles])
        library.set_bookmark(library.ids()[0])
    controller, server = start_smtp()
    try:
        config = home / ".config" / "reader" / "config.toml"
        config.parent.mkdir(parents=True)
        config.write_text(
            f'[smtp]\nhost = "127.0.0.1"\nport = {server.port}\nfrom = "me@example.org"\n'
            'timeout = 5\n[digest]\nto = ["me@example.org"]\n',
            "utf-8",
        )
        command = _cron_command().replace("/path/to/reader/.venv/bin/reader", str(SCRIPT))
        done = subprocess.run(
            ["/bin/sh", "-c", command],
            env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        controller.stop()
    log = home / ".local" / "state" / "reader" / "digest.log"
    assert done.returncode == 0, (done.stderr, log.read_text() if log.exists() else "")
    assert log.exists() and "mailed 1 piece" in log.read_text("utf-8")
    [(_sender, _to, raw)] = server.inbox.messages
    assert b"Night ferry kept" in raw
    with open_library(library_dir) as library:
        assert library.last_digest_at() is not None
