"""Helpers shared by the library store tests: article files in the export format, libraries
as an older reader left them."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from reader.library.schema import MIGRATIONS


def article_file(
    folder: Path,
    name: str,
    title: str,
    body: str = "The harbour council voted on Thursday to keep the night ferry running.",
    *,
    url: str = "",
    tags: str = "Transport, Ferries",
    date: str = "2024-03-07",
    author: str = "Priya Natarajan",
    section: str = "Local news",
) -> Path:
    """Write one article in the export format and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"## {title}", "", f"Publication Date: {date}", ""]
    lines += [f"Author: {author} Section: {section}", "", f"Tags: {tags}", ""]
    if url:
        lines += [f'Article URL: <a href="{url}">{url}</a>', ""]
    lines += ["", "", body, ""]
    path = folder / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def bump_mtime(path: Path, seconds: int = 10) -> None:
    """Make an edit visible to the size+mtime check even within one clock tick."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + seconds * 1_000_000_000))


_WORDS = (
    "harbour council ferry nurse baker timetable vote river bridge school budget library "
    "market storm tram orchard museum clinic pier lantern"
).split()


def many_articles(folder: Path, count: int = 200, seed: int = 7) -> list[Path]:
    """``count`` articles of a few KB each, with bodies of seeded random words."""
    import random

    rng = random.Random(seed)
    paths = []
    for i in range(count):
        body = "\n\n".join(" ".join(rng.choice(_WORDS) for _ in range(80)) + "." for _ in range(6))
        paths.append(article_file(folder, f"a{i:03}.txt", f"Story number {i}", body))
    return paths


def damage_middle(db_file: Path, pages: int = 8, seed: int = 1) -> None:
    """Write ``pages`` pages of garbage into the middle of a (closed) library file: into the
    middle of the pages of its ``articles`` table, so that every listing meets it whatever
    order the pages were written in (and whatever the size of its pages)."""
    import random
    import sqlite3

    conn = sqlite3.connect(db_file)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        used = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'articles'")]
    finally:
        conn.close()
    data = bytearray(db_file.read_bytes())
    middle = (sorted(used)[len(used) // 2] - 1) * page_size if used else len(data) // 2
    size = pages * page_size
    data[middle : middle + size] = random.Random(seed).randbytes(size)
    db_file.write_bytes(bytes(data))


#: A process that takes the library's write lock, says "locked" on stdout, and holds it for
#: argv[2] seconds: another reader process in the middle of a long write.
HOLD_LOCK = (
    "import sqlite3, sys, time\n"
    "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "conn.execute('BEGIN IMMEDIATE')\n"
    "conn.execute(\"INSERT OR REPLACE INTO meta (key, value) VALUES ('holder', 'x')\")\n"
    "print('locked', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
    "conn.execute('COMMIT')\n"
)


def chattr(flag: str, path: Path) -> bool:
    """``chattr +i`` / ``-i``: the immutable attribute stops root too. False when the tool or
    the file system (tmpfs, overlay) does not offer it."""
    import shutil
    import subprocess

    if shutil.which("chattr") is None:
        return False
    done = subprocess.run(["chattr", flag, str(path)], capture_output=True, check=False)
    return done.returncode == 0


def library_at_version(folder: Path, version: int) -> sqlite3.Connection:
    """A library database in ``folder`` as a reader at schema ``version`` left it (autocommit)."""
    conn = sqlite3.connect(folder / "library.sqlite3", isolation_level=None)
    for step in MIGRATIONS[:version]:
        step(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    return conn


def insert_old_article(
    conn: sqlite3.Connection,
    aid: str,
    body: list[str],
    *,
    title: str = "Old one",
    url: str = "",
    word_count: int = 0,
) -> None:
    """One article row as an older reader stored it (no FTS entry, no derived columns)."""
    conn.execute(
        "INSERT INTO articles (id, identity, title, url, body, word_count, content_hash,"
        " imported_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', '2024-01-01T00:00:00+00:00',"
        " '2024-01-01T00:00:00+00:00')",
        (aid, aid, title, url, json.dumps(body, ensure_ascii=False), word_count),
    )
