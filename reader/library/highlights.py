"""Highlights given as words, not offsets: found in the article's text, or kept until they can be.

Highlights brought from a read-later service carry the quoted words (and maybe a note), never
offsets into our text. ``add_quote`` places one where the words are; when the article has no
text yet (a link-only article) or the words are not in it, the highlight is kept as
*unplaced* (shown, exported, never lost) and ``relocate`` places it once the text arrives.
Locating forgives what copies of a text differ in: runs of whitespace and curly or straight
quote marks, then letter case.
"""

from __future__ import annotations

import sqlite3

from reader.library.db import to_iso, utcnow

_MARKS = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
    }
)


def _normalised(text: str) -> tuple[str, list[int]]:
    """``text`` with whitespace runs as one space and quote marks straight, plus, for each
    character of that, its offset in ``text``."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(text.translate(_MARKS)):
        if ch.isspace():
            if space:
                continue
            space = True
            ch = " "
        else:
            space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def locate(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text`` (start, end), forgiving whitespace, quote marks, case."""
    wanted = quote.strip()
    if not wanted or not text:
        return None
    at = text.find(wanted)
    if at >= 0:
        return at, at + len(wanted)
    norm_text, where = _normalised(text)
    norm_quote = _normalised(wanted)[0]
    at = norm_text.find(norm_quote)
    if at < 0:
        lowered, lowered_quote = norm_text.lower(), norm_quote.lower()
        if len(lowered) == len(norm_text) and len(lowered_quote) == len(norm_quote):
            at = lowered.find(lowered_quote)
    if at < 0:
        return None
    return where[at], where[at + len(norm_quote) - 1] + 1


def body_text(conn: sqlite3.Connection, article_id: str) -> str:
    import json

    found = conn.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
    return "" if found is None else "\n\n".join(json.loads(found[0]))


def add_quote(
    conn: sqlite3.Connection,
    article_id: str,
    quote: str,
    note: str = "",
    created_at: str | None = None,
    text: str | None = None,
) -> str:
    """Add a highlight by its words; ``"placed"``, ``"unplaced"`` or ``"known"`` (already
    there, placed or not: adding the same highlight twice changes nothing)."""
    words = quote.strip()
    if not words:
        return "known"
    when = created_at or to_iso(utcnow())
    if text is None:
        text = body_text(conn, article_id)
    span = locate(text, words)
    if span is not None:
        if conn.execute(
            'SELECT 1 FROM highlights WHERE article_id = ? AND start = ? AND "end" = ?',
            (article_id, *span),
        ).fetchone():
            return "known"
        conn.execute(
            'INSERT INTO highlights (article_id, start, "end", text, created_at, note)'
            " VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, span[0], span[1], text[span[0] : span[1]], when, note),
        )
        return "placed"
    if conn.execute(
        "SELECT 1 FROM unplaced_highlights WHERE article_id = ? AND text = ?",
        (article_id, words),
    ).fetchone():
        return "known"
    conn.execute(
        "INSERT INTO unplaced_highlights (article_id, text, note, created_at) VALUES (?, ?, ?, ?)",
        (article_id, words, note, when),
    )
    return "unplaced"


def relocate(conn: sqlite3.Connection, article_id: str, text: str) -> None:
    """After the article's text changed: move placed highlights to where their words now are
    (unplacing those whose words are gone) and place the unplaced ones that can be."""
    for hid, start, end, words, note, created in conn.execute(
        'SELECT id, start, "end", text, note, created_at FROM highlights WHERE article_id = ?',
        (article_id,),
    ).fetchall():
        if text[start:end] == words:
            continue
        span = locate(text, words)
        if span is not None:
            conn.execute('UPDATE highlights SET start = ?, "end" = ? WHERE id = ?', (*span, hid))
            continue
        conn.execute("DELETE FROM highlights WHERE id = ?", (hid,))
        conn.execute(
            "INSERT INTO unplaced_highlights (article_id, text, note, created_at)"
            " VALUES (?, ?, ?, ?)",
            (article_id, words, note, created),
        )
    for uid, words, note, created in conn.execute(
        "SELECT id, text, note, created_at FROM unplaced_highlights WHERE article_id = ?",
        (article_id,),
    ).fetchall():
        span = locate(text, words)
        if span is None:
            continue
        conn.execute("DELETE FROM unplaced_highlights WHERE id = ?", (uid,))
        conn.execute(
            'INSERT INTO highlights (article_id, start, "end", text, created_at, note)'
            " VALUES (?, ?, ?, ?, ?, ?)",
            (article_id, span[0], span[1], text[span[0] : span[1]], created, note),
        )
