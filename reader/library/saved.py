"""Bringing saved items (read-later exports) in: the article plus the user's state for it.

Each item is upserted by its normalised URL (upsert.py), then its state merged: tags added,
a bookmark (with its note and date) set if there is none, read (with its date) set if not
read, highlights added by their words (placed, or kept unplaced). Nothing the user has is ever
removed or overwritten, so importing the same export twice changes nothing the second time.

A dry run does all of it inside a transaction that is rolled back: what it reports is exactly
what the real run would do.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader.article import Article
from reader.library import ftsindex, highlights, state, upsert
from reader.library.db import Connection, to_iso, utcnow


@dataclass(frozen=True, slots=True)
class SavedState:
    """The user's state for one saved item, as the service had it (UTC ISO text times)."""

    user_tags: tuple[str, ...] = ()
    bookmarked: bool = False
    note: str = ""
    bookmarked_at: str | None = None
    read: bool = False
    read_at: str | None = None
    highlights: tuple[tuple[str, str, str | None], ...] = ()
    """(quote, note, created_at or None) each."""


@dataclass
class SavedImport:
    """What bringing the items in did (or, in a dry run, would do), by article id."""

    new: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    """Already in the library; something was added (text, tags, bookmark, read, highlights)."""
    already: list[str] = field(default_factory=list)
    """Already in the library with everything this item brings: nothing changed."""
    placed: int = 0
    unplaced: int = 0


def _apply_state(conn: sqlite3.Connection, aid: str, saved: SavedState) -> tuple[int, int]:
    from reader.library.store import normalize_tags

    now = to_iso(utcnow())
    tags = state.new_user_tags(conn, aid, normalize_tags(list(saved.user_tags)))
    if tags:  # the search index holds the user's tags too
        with ftsindex.changing(conn, [aid]):
            conn.executemany(
                "INSERT OR IGNORE INTO user_tags (article_id, tag, tag_norm, created_at)"
                " VALUES (?,?,?,?)",
                [
                    (aid, t, t.casefold(), at)
                    for t, at in zip(tags, state.tag_moments(len(tags)), strict=True)
                ],
            )
    if saved.bookmarked or saved.note:
        conn.execute(
            "INSERT OR IGNORE INTO bookmarks (article_id, created_at, note) VALUES (?, ?, ?)",
            (aid, saved.bookmarked_at or now, saved.note),
        )
        if saved.note:  # a bookmark the user made without a note gets the service's note
            conn.execute(
                "UPDATE bookmarks SET note = ? WHERE article_id = ? AND note = ''",
                (saved.note, aid),
            )
    if saved.read:
        conn.execute(
            "INSERT OR IGNORE INTO reads (article_id, read_at) VALUES (?, ?)",
            (aid, saved.read_at or now),
        )
    placed = unplaced = 0
    text: str | None = None
    for quote, note, created in saved.highlights:
        if text is None:
            text = highlights.body_text(conn, aid)
        outcome = highlights.add_quote(conn, aid, quote, note, created, text)
        placed += outcome == "placed"
        unplaced += outcome == "unplaced"
    return placed, unplaced


class _DryRun(Exception):
    """Raised inside the write transaction of a dry run, so that it is rolled back."""


def import_saved(
    db: Connection,
    items: Sequence[tuple[Article, SavedState]],
    *,
    origin: str,
    dry_run: bool = False,
    batch_size: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> SavedImport:
    report = SavedImport()
    total = len(items)

    def run_batch(batch: Sequence[tuple[Article, SavedState]], conn: sqlite3.Connection) -> None:
        for article, saved in batch:
            before = conn.total_changes
            done = upsert.upsert(conn, article, None, origin)
            placed, unplaced = _apply_state(conn, done.id, saved)
            report.placed += placed
            report.unplaced += unplaced
            if done.status == "new":
                report.new.append(done.id)
            elif conn.total_changes != before:
                report.merged.append(done.id)
            else:
                report.already.append(done.id)

    if dry_run:
        try:
            with db.write("the dry run") as conn:
                for at in range(0, total, batch_size):
                    run_batch(items[at : at + batch_size], conn)
                    if progress is not None:
                        progress(min(at + batch_size, total), total)
                raise _DryRun
        except _DryRun:
            pass
        return report
    for at in range(0, total, batch_size):
        with db.write("the import") as conn:
            run_batch(items[at : at + batch_size], conn)
        if progress is not None:
            progress(min(at + batch_size, total), total)
    return report
