"""Two Library objects, or two processes, reading and writing one library at once."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from library_helpers import article_file

from reader.library import LibraryError, open_library

ROOT = Path(__file__).resolve().parent.parent


def test_two_connections_see_each_other(tmp_path: Path) -> None:
    arts = tmp_path / "arts"
    for i in range(20):
        article_file(arts, f"{i}.txt", f"Story {i}", f"Words {i}.")
    with open_library(tmp_path / "lib") as tui, open_library(tmp_path / "lib") as cron:
        tui.import_paths([arts])
        before = tui.data_version()
        aid = cron.ids()[0]
        cron.set_bookmark(aid)
        assert tui.data_version() != before
        assert tui.row_for(aid).bookmarked
        same = tui.data_version()
        tui.set_read(aid)  # our own commit does not change our data_version
        assert tui.data_version() == same

        errors: list[BaseException] = []

        def writer(lib_ids: list[str], tag: str, lib: object) -> None:
            try:
                for a in lib_ids:
                    lib.add_tags(a, [tag])  # type: ignore[attr-defined]
            except BaseException as exc:  # surfaced below
                errors.append(exc)

        ids = tui.ids()
        threads = [
            threading.Thread(target=writer, args=(ids, "one", tui)),
            threading.Thread(target=writer, args=(ids, "two", cron)),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        assert tui.count("tag:one tag:two") == 20


def test_subprocess_writes_while_we_hold_a_library(tmp_path: Path) -> None:
    arts = tmp_path / "arts"
    article_file(arts, "a.txt", "Shared")
    with open_library(tmp_path / "lib") as lib:
        lib.import_paths([arts])
        aid = lib.ids()[0]
        version = lib.data_version()
        code = (
            "import sys; from reader.library import open_library\n"
            "lib = open_library(sys.argv[1]); lib.add_tags(sys.argv[2], ['from-cron'])\n"
            "lib.set_last_digest_at(__import__('datetime').datetime(2024, 1, 1))\n"
        )
        subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / "lib"), aid], check=True, cwd=ROOT
        )
        assert lib.data_version() != version
        assert lib.get(aid).user_tags == ("from-cron",)
        assert lib.last_digest_at() is not None


def test_reads_do_not_wait_for_a_write_in_another_thread(tmp_path: Path) -> None:
    """A slow write (an import) in one TUI worker must not hold up opening an article."""
    arts = tmp_path / "arts"
    for i in range(5):
        article_file(arts, f"{i}.txt", f"Story {i}", f"Words {i}.")
    with open_library(tmp_path / "lib") as lib:
        lib.import_paths([arts])
        aid = lib.ids()[0]
        holding = threading.Event()
        release = threading.Event()

        def long_write() -> None:
            with lib._db.write() as conn:
                conn.execute("INSERT INTO ui_state (key, value) VALUES ('x', 'uncommitted')")
                holding.set()
                release.wait(10)

        writer = threading.Thread(target=long_write)
        writer.start()
        try:
            assert holding.wait(5)
            seen: list[object] = []
            reader = threading.Thread(
                target=lambda: seen.extend([lib.get(aid).id, lib.count(), lib.get_state("x")])
            )
            reader.start()
            reader.join(3)
            assert not reader.is_alive(), "a read waited for another thread's write"
            assert seen == [aid, 5, None]  # the uncommitted write is not visible
        finally:
            release.set()
            writer.join()
        assert lib.get_state("x") == "uncommitted"


def test_a_closed_library_refuses_reads(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib")
    lib.count()
    lib.close()
    with pytest.raises(LibraryError):
        lib.count()
