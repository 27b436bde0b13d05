"""Output files (reader/fileio.py): atomic replacement, and what must never be replaced."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

import pytest

from reader.fileio import atomic_write_bytes, atomic_write_text

SCRIPT = Path(sys.executable).parent / "reader"

_KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
from reader.fileio import atomic_write_text
os.replace = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)
atomic_write_text(Path(sys.argv[1]), "half way")
"""


def test_a_temporary_left_by_a_killed_writer_is_removed_by_the_next_write(
    tmp_path: Path,
) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "brief.html"
    target.write_text("old")
    done = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(target)], check=False)
    assert done.returncode == -9
    left = [p.name for p in tmp_path.iterdir() if p.name != "brief.html"]
    assert len(left) == 1 and left[0].startswith(".brief.html.") and left[0].endswith(".tmp")
    assert target.read_text() == "old"
    atomic_write_text(target, "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.html"]
    assert target.read_text() == "new"


def test_a_temporary_a_living_writer_holds_is_left_alone(tmp_path: Path) -> None:
    import fcntl

    busy = tmp_path / ".brief.html.abcd1234.tmp"
    other = tmp_path / ".other.html.abcd1234.tmp"  # another target's: not ours to clean
    busy.write_text("being written")
    other.write_text("x")
    with open(busy, "rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        atomic_write_text(tmp_path / "brief.html", "new")
        assert busy.exists() and other.exists()


def test_errors_name_the_target_not_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "brief.html"

    def full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", src)

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError) as info:
        atomic_write_text(target, "new")
    assert info.value.filename == str(target)
    assert ".tmp" not in str(info.value)
    assert info.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / "brief.md"
    real.parent.mkdir()
    real.write_text("old")
    os.chmod(real, 0o640)
    link = tmp_path / "brief.md"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    dangling = tmp_path / "later.md"
    dangling.symlink_to(tmp_path / "real" / "later.md")
    atomic_write_text(dangling, "made")
    assert dangling.is_symlink() and (tmp_path / "real" / "later.md").read_text() == "made"
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["brief.md", "later.md"]


def test_a_fifo_is_written_not_replaced(tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read)
    reader.start()
    atomic_write_bytes(fifo, b"through the pipe\n" * 10_000)  # more than a pipe buffer
    reader.join(timeout=30)
    assert received == [b"through the pipe\n" * 10_000]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_devices_are_written_directly() -> None:
    atomic_write_text(Path("/dev/null"), "gone")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with pytest.raises(OSError) as info:
        atomic_write_text(Path("/dev/full"), "never fits")
    assert info.value.errno == errno.ENOSPC
    assert info.value.filename == "/dev/full"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError) as info:
        atomic_write_text(tmp_path, "x")
    assert info.value.filename == str(tmp_path)


@pytest.mark.skipif(not SCRIPT.exists(), reason="no installed 'reader' script")
@pytest.mark.parametrize("target", ["/dev/stdout", "-"])
def test_export_to_dev_stdout_through_the_installed_command(tmp_path: Path, target: str) -> None:
    env = dict(os.environ, READER_LIBRARY=str(tmp_path / "lib"))
    subprocess.run(
        [str(SCRIPT), "list"], env=env, capture_output=True, check=True, timeout=120
    )  # a new library gets the bundled samples
    subprocess.run(
        [str(SCRIPT), "bookmark", _first_id(env), "--note", "for Monday"],
        env=env,
        capture_output=True,
        check=True,
        timeout=120,
    )
    done = subprocess.run(
        [str(SCRIPT), "export", "--format", "toml", "-o", target],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    data = tomllib.loads(done.stdout)  # only the export on stdout
    notes = [a.get("bookmark", {}).get("note") for a in data["articles"].values()]
    assert "for Monday" in notes


def _first_id(env: dict[str, str]) -> str:
    import json

    done = subprocess.run(
        [str(SCRIPT), "list", "--json"], env=env, capture_output=True, check=True, timeout=120
    )
    return str(json.loads(done.stdout)[0]["id"])
