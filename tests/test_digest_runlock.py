"""The cron safety helpers: an exclusive, non-waiting lock and atomic writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from digest.runlock import DigestLocked, digest_lock
from reader.fileio import atomic_write_bytes, atomic_write_text


def test_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    with digest_lock(tmp_path / "lib") as lock_path:
        assert lock_path.read_text().strip() == str(os.getpid())
        with (
            pytest.raises(DigestLocked, match="another digest is running"),
            digest_lock(tmp_path / "lib"),
        ):
            pass
    with digest_lock(tmp_path / "lib"):
        pass  # free again


def test_atomic_write_replaces_and_keeps_mode(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "out.txt"
    atomic_write_text(target, "first\n")
    assert target.read_text() == "first\n"
    os.chmod(target, 0o640)
    atomic_write_bytes(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in folder.iterdir()] == ["out.txt"]


def test_atomic_write_failure_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "out.txt"
    target.write_text("old")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="No space"):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in folder.iterdir()] == ["out.txt"]
