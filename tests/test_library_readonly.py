"""A read-only library (its file, its folder, or the whole file system): reading works, every
write says in one line why not. Tests run as root, whom file modes do not stop, so the library
is made read-only the ways that stop root too: the immutable attribute (``chattr +i``) and a
read-only bind mount in a private mount namespace."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from library_helpers import article_file, chattr
from typer.testing import Result

from reader.library import DB_NAME, LibraryReadOnly, open_library

SCRIPT = Path(sys.executable).parent / "reader"


@pytest.fixture
def freeze() -> Iterator[Callable[[Path], None]]:
    """``freeze(path)``: make a file or folder immutable (root cannot write it either)."""
    frozen: list[Path] = []

    def apply(path: Path) -> None:
        if not chattr("+i", path):
            pytest.skip("chattr +i is not available on this file system (needs ext4/xfs, root)")
        frozen.append(path)

    yield apply
    for path in reversed(frozen):
        chattr("-i", path)


@pytest.fixture
def articles(library_dir: Path, tmp_path: Path) -> list[str]:
    """Three articles in the isolated library, the first bookmarked; returns the ids."""
    arts = tmp_path / "arts"
    for i, word in enumerate(("harbour", "orchard", "lantern")):
        article_file(arts, f"{i}.txt", f"The {word} story", f"A story about the {word}.")
    with open_library(library_dir) as lib:
        lib.import_paths([arts])
        ids = lib.ids(sort="title", descending=False)
        lib.set_bookmark(ids[0], note="keep")
    assert not (library_dir / f"{DB_NAME}-wal").exists()  # closed cleanly: WAL folded in
    return ids


@pytest.fixture(params=["file", "folder"])
def read_only(
    request: pytest.FixtureRequest,
    library_dir: Path,
    articles: list[str],
    freeze: Callable[[Path], None],
) -> list[str]:
    """The library made read-only: its file (SQLite may still make its -shm beside it), or
    its folder (no -wal or -shm can be made: the file is opened immutable)."""
    freeze(library_dir / DB_NAME if request.param == "file" else library_dir)
    return articles


def test_reading_a_read_only_library_works(
    read_only: list[str], cli: Callable[..., Result], tmp_path: Path
) -> None:
    listed = cli("list", "--json")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert sorted(r["id"] for r in rows) == sorted(read_only)
    assert [r["bookmark_note"] for r in rows if r["bookmarked"]] == ["keep"]
    found = cli("search", "orchard")
    assert found.exit_code == 0 and "orchard" in found.stdout.lower()
    shown = cli("show", read_only[0], "--plain")
    assert shown.exit_code == 0 and "harbour" in shown.stdout
    out = tmp_path / "state.json"
    exported = cli("export", "--format", "json", "-o", str(out))
    assert exported.exit_code == 0, exported.output
    assert "keep" in out.read_text("utf-8")
    with open_library() as lib:
        assert lib.read_only


@pytest.mark.parametrize(
    "command",
    [
        ["tag", "{id}", "later"],
        ["bookmark", "{id}", "--note", "x"],
        ["read", "{id}"],
        ["import", "{new}"],
    ],
)
def test_writing_to_a_read_only_library_says_why_in_one_line(
    read_only: list[str], cli: Callable[..., Result], tmp_path: Path, command: list[str]
) -> None:
    new = article_file(tmp_path / "more", "new.txt", "A new story")
    args = [c.format(id=read_only[1], new=new) for c in command]
    result = cli(*args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "read-only" in lines[0], result.stderr
    if command[0] != "import":
        assert read_only[1] in lines[0]  # it names what it could not save
    with open_library() as lib:
        assert lib.get(read_only[1]).user_tags == () and lib.count() == 3
        with pytest.raises(LibraryReadOnly):
            lib.add_tags(read_only[1], ["x"])


# --- a read-only file system -----------------------------------------------------------------

_IN_NAMESPACE = r"""
import json, subprocess, sys
library, script, plan = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
subprocess.run(["mount", "--bind", library, library], check=True)
subprocess.run(["mount", "-o", "remount,bind,ro", library], check=True)
results = []
for args in plan:
    done = subprocess.run([script, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    results.append([done.returncode, done.stdout, done.stderr])
print(json.dumps(results))
"""


def _can_unshare() -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    done = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    return done.returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not SCRIPT.exists(), reason=f"no installed 'reader' script at {SCRIPT}")
@pytest.mark.skipif(
    not _can_unshare(), reason="needs a private mount namespace (unshare -m: root or CAP_SYS_ADMIN)"
)
def test_a_library_on_a_read_only_mount_reads_and_refuses_writes(
    library_dir: Path, articles: list[str], tmp_path: Path
) -> None:
    """The installed command on a library bind-mounted read-only (only in a private mount
    namespace, so nothing outside the test sees the mount)."""
    new = article_file(tmp_path / "more", "new.txt", "A new story")
    out = tmp_path / "state.json"
    plan = [
        ["list", "--json"],
        ["search", "lantern"],
        ["show", articles[2], "--plain"],
        ["export", "--format", "json", "-o", str(out)],
        ["tag", articles[1], "later"],
        ["bookmark", articles[1]],
        ["import", str(new)],
    ]
    done = subprocess.run(
        [
            "unshare",
            "-m",
            sys.executable,
            "-c",
            _IN_NAMESPACE,
            str(library_dir),
            str(SCRIPT),
            json.dumps(plan),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ),
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    for (code, _stdout, stderr), args in zip(results[:4], plan[:4], strict=True):
        assert code == 0, (args, stderr)
        assert "Traceback" not in stderr
    assert len(json.loads(results[0][1])) == 3
    assert "lantern" in results[1][1].lower() and "orchard" in results[2][1].lower()
    assert "keep" in out.read_text("utf-8")
    for (code, _stdout, stderr), args in zip(results[4:], plan[4:], strict=True):
        lines = stderr.strip().splitlines()
        assert code == 1 and len(lines) == 1 and "read-only" in lines[0], (args, stderr)
