"""Helpers shared by the library store tests: article files in the export format."""

from __future__ import annotations

import os
from pathlib import Path


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
