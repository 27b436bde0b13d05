"""A killed import loses at most one batch, corrupts nothing, and a re-run completes it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.generate import write_articles
from reader.library import open_library

ROOT = Path(__file__).resolve().parent.parent
TOTAL = 3000
FIRST = 500

pytestmark = pytest.mark.slow


def _count(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def test_sigkill_mid_import(tmp_path: Path) -> None:
    arts = tmp_path / "arts"
    write_articles(arts, TOTAL)
    first_part = sorted(arts.iterdir())[: FIRST // 100]
    libdir = tmp_path / "lib"
    with open_library(libdir) as lib:
        assert len(lib.import_paths(first_part).new) == FIRST
        marked = lib.ids()[:25]
        for i, aid in enumerate(marked):
            lib.add_tags(aid, [f"tag-{i}", "kept"])
            lib.set_bookmark(aid, f"note {i}")
        before = lib.export_state()

    code = "import sys\nfrom reader.library import open_library\n"
    code += "open_library(sys.argv[1]).import_paths([sys.argv[2]])\n"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(libdir), str(arts)], cwd=ROOT, stderr=subprocess.PIPE
    )
    db = libdir / "library.sqlite3"
    threshold = FIRST + 1000
    deadline = time.monotonic() + 120
    try:
        while _count(db) < threshold:
            assert proc.poll() is None, f"import ended early: {proc.stderr.read()!r}"  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "import never got past the threshold"
            time.sleep(0.01)
        assert proc.poll() is None, "import finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    killed_at = _count(db)
    assert threshold <= killed_at < TOTAL

    with open_library(libdir) as lib:
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO fts (fts) VALUES ('integrity-check')")  # raises if damaged
        conn.close()
        after = lib.export_state()
        after.pop("exported_at"), before.pop("exported_at")
        assert after == before
        for i, aid in enumerate(marked):
            record = lib.get(aid)
            assert set(record.user_tags) == {f"tag-{i}", "kept"}
            assert record.bookmark is not None and record.bookmark.note == f"note {i}"
        report = lib.import_paths([arts])
        assert not report.skipped and not report.updated
        assert len(report.new) == TOTAL - killed_at
        assert len(report.unchanged) == killed_at
        assert lib.count() == TOTAL
        assert lib.count("tag:kept") == len(marked)
        assert len(lib.search("ferry", limit=TOTAL)) == lib.count("ferry")
