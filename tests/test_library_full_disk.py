"""A full disk: every write says "no space left" and what it could not save, reads keep
working, nothing saved before is lost, and an import that does not fit ends cleanly.

The library lives on a small tmpfs mounted in a private mount namespace (``unshare -m``), so
the mount is seen by the test's own commands only and vanishes with them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from library_helpers import article_file

from reader.article import parse_file

SCRIPT = Path(sys.executable).parent / "reader"

#: Runs in the namespace: mounts a small tmpfs on the library folder and plays the plan
#: (["run", *args] runs the installed reader; ["fill"] fills the disk; ["unfill"] frees it).
_IN_NAMESPACE = r"""
import json, os, subprocess, sys
library, script, size, plan = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", library], check=True)
filler = os.path.join(library, "filler")
results = []
for step in plan:
    if step[0] == "fill":
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            while True:
                os.write(fd, b"x" * 4096)
        except OSError:
            pass
        os.close(fd)
        results.append([0, "", ""])
    elif step[0] == "unfill":
        os.unlink(filler)
        results.append([0, "", ""])
    else:
        done = subprocess.run(
            [script, *step[1:]], capture_output=True, text=True, stdin=subprocess.DEVNULL
        )
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
    not _can_unshare(),
    reason="needs a private mount namespace for a small tmpfs (unshare -m: root or CAP_SYS_ADMIN)",
)
def test_a_full_disk_refuses_writes_by_name_and_keeps_reads_and_saved_data(
    library_dir: Path, tmp_path: Path
) -> None:
    small = tmp_path / "small"
    ids = []
    for i, word in enumerate(("harbour", "orchard", "lantern", "museum", "clinic")):
        path = article_file(small, f"{i}.txt", f"The {word} story", f"A story about the {word}.")
        ids.append(parse_file(path).stable_id)
    big = tmp_path / "big"
    # ~12 MB of articles (twice that with the index) for 12 MB: the first batch of ~4 MB fits
    for i in range(80):
        article_file(big, f"{i:02}.txt", f"Long read {i}", f"Paragraph {i} of many words. " * 5000)
    outside = tmp_path / "state.json"
    plan: list[list[str]] = [
        ["run", "import", str(small)],
        ["run", "bookmark", ids[0], "--note", "keep"],
        ["fill"],
        ["run", "list", "--json"],
        ["run", "search", "orchard"],
        ["run", "export", "--format", "json", "-o", str(outside)],
        ["run", "bookmark", ids[1]],
        ["run", "tag", ids[1], "later"],
        ["run", "import", str(big)],
        ["unfill"],
        ["run", "import", str(big)],
        ["run", "list", "--json"],
        ["run", "doctor", "--check"],
    ]
    library_dir.mkdir(parents=True)
    done = subprocess.run(
        [
            "unshare",
            "-m",
            sys.executable,
            "-c",
            _IN_NAMESPACE,
            str(library_dir),
            str(SCRIPT),
            "12m",
            json.dumps(plan),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ),
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    for (_code, _out, err), step in zip(results, plan, strict=True):
        assert "Traceback" not in err and "cannot rollback" not in err, (step, err)

    def ok(index: int) -> str:
        code, out, err = results[index]
        assert code == 0, (plan[index], err)
        return str(out)

    def no_space(index: int) -> str:
        code, _out, err = results[index]
        lines = err.strip().splitlines()
        assert code == 1 and len(lines) == 1 and "no space left" in lines[0], (plan[index], err)
        return str(lines[0])

    ok(0), ok(1)
    listed = json.loads(ok(3))  # reads work on the full disk
    assert sorted(r["id"] for r in listed) == sorted(ids)
    assert [r["bookmark_note"] for r in listed if r["bookmarked"]] == ["keep"]
    assert "orchard" in ok(4).lower()
    ok(5)
    assert "keep" in outside.read_text("utf-8")
    assert f"the bookmark on {ids[1]}" in no_space(6)
    assert f"the tags of {ids[1]}" in no_space(7)
    assert "the import of" in no_space(8)
    # room for part of it only: the batches that fit are kept, the rest ends cleanly
    assert "files imported before them are saved" in no_space(10)
    after = json.loads(ok(11))
    assert set(ids) <= {r["id"] for r in after}  # nothing saved before is lost
    assert len(ids) < len(after) < len(ids) + 80
    assert [r["bookmark_note"] for r in after if r["bookmarked"]] == ["keep"]
    assert not any(r["user_tags"] for r in after)
    assert "sound" in ok(12)
