"""Exporting and restoring the user's own state: tags, bookmarks, reads, highlights, searches.

The export is plain JSON keyed by article id, so it survives a rebuilt database (re-importing
the same files yields the same ids). State for ids not in the library is parked in
``pending_state`` and applied when those articles are imported, so restore-then-import works
as well as import-then-restore.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from reader.library import ftsindex
from reader.library.db import from_iso, to_iso, utcnow
from reader.library.models import LibraryError, QueryError, RestoreReport, StateFileError

EXPORT_VERSION = 1


def new_user_tags(conn: sqlite3.Connection, aid: str, tags: list[str]) -> list[str]:
    """Those of ``tags`` the article does not have yet (as user tags): the search entry is
    written again only when there are some."""
    have = {
        r[0] for r in conn.execute("SELECT tag_norm FROM user_tags WHERE article_id = ?", (aid,))
    }
    return [t for t in tags if t.casefold() not in have]


def tag_moments(count: int) -> list[str]:
    """``count`` creation times a microsecond apart from now: the user's tags are listed in
    the order they were added, so tags added together keep the order they were given in."""
    now = utcnow()
    return [to_iso(now + timedelta(microseconds=i)) for i in range(count)]


def export_state(conn: sqlite3.Connection) -> dict[str, Any]:
    articles: dict[str, dict[str, Any]] = {}

    def entry(aid: str) -> dict[str, Any]:
        return articles.setdefault(
            aid,
            {"user_tags": [], "bookmark": None, "read": False, "read_at": None, "highlights": []},
        )

    for aid, tag in conn.execute(
        "SELECT article_id, tag FROM user_tags ORDER BY article_id, created_at, tag"
    ):
        entry(aid)["user_tags"].append(tag)
    for aid, created, note in conn.execute("SELECT article_id, created_at, note FROM bookmarks"):
        entry(aid)["bookmark"] = {"created_at": created, "note": note}
    for aid, read_at in conn.execute("SELECT article_id, read_at FROM reads"):
        entry(aid).update(read=True, read_at=read_at)
    for aid, start, end, text, created, note in conn.execute(
        'SELECT article_id, start, "end", text, created_at, note FROM highlights'
        " ORDER BY article_id, start, id"
    ):
        found = {"start": start, "end": end, "text": text, "created_at": created}
        if note:  # only when there is one, so exports without notes read as before
            found["note"] = note
        entry(aid)["highlights"].append(found)
    for aid, text, note, created in conn.execute(
        "SELECT article_id, text, note, created_at FROM unplaced_highlights"
        " ORDER BY article_id, created_at, id"
    ):
        entry(aid).setdefault("unplaced", []).append(
            {"text": text, "note": note, "created_at": created}
        )
    for aid, data in conn.execute("SELECT article_id, data FROM pending_state"):
        if aid not in articles:
            articles[aid] = _clean_entry(aid, json.loads(data))
    searches = dict(conn.execute("SELECT name, query FROM saved_searches ORDER BY name"))
    return {
        "version": EXPORT_VERSION,
        "exported_at": to_iso(utcnow()),
        "articles": dict(sorted(articles.items())),
        "saved_searches": searches,
    }


def _clean_entry(aid: str, raw: Any) -> dict[str, Any]:
    """Validate one article's state from an export, with errors naming the article."""
    if not isinstance(raw, dict):
        raise LibraryError(f"state for article {aid} is not an object")
    try:
        tags = [str(t) for t in raw.get("user_tags") or []]
        bookmark = raw.get("bookmark")
        if bookmark is not None:
            bookmark = {
                "created_at": to_iso(from_iso(str(bookmark["created_at"]))),
                "note": str(bookmark.get("note") or ""),
            }
        read_at = raw.get("read_at")
        read = bool(raw.get("read")) or read_at is not None
        if read:
            read_at = to_iso(from_iso(str(read_at))) if read_at else to_iso(utcnow())
        highlights = [
            {
                "start": int(h["start"]),
                "end": int(h["end"]),
                "text": str(h.get("text", "")),
                "created_at": to_iso(from_iso(str(h["created_at"]))),
                "note": str(h.get("note") or ""),
            }
            for h in raw.get("highlights") or []
        ]
        unplaced = [
            {
                "text": str(u["text"]),
                "note": str(u.get("note") or ""),
                "created_at": to_iso(from_iso(str(u["created_at"]))),
            }
            for u in raw.get("unplaced") or []
        ]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise LibraryError(f"state for article {aid} is malformed: {exc!r}") from exc
    return {
        "user_tags": tags,
        "bookmark": bookmark,
        "read": read,
        "read_at": read_at if read else None,
        "highlights": highlights,
        "unplaced": unplaced,
    }


def apply_entry(conn: sqlite3.Connection, aid: str, entry: dict[str, Any]) -> None:
    """Merge one article's state: adds what is missing, never drops what the user has."""
    from reader.library.store import normalize_tags

    tags = new_user_tags(conn, aid, normalize_tags(entry["user_tags"]))
    if tags:  # the search index holds the user's tags too (``tag:mine`` finds them)
        with ftsindex.changing(conn, [aid]):
            conn.executemany(
                "INSERT OR IGNORE INTO user_tags (article_id, tag, tag_norm, created_at)"
                " VALUES (?,?,?,?)",
                [
                    (aid, t, t.casefold(), moment)
                    for t, moment in zip(tags, tag_moments(len(tags)), strict=True)
                ],
            )
    if entry["bookmark"] is not None:
        conn.execute(
            "INSERT OR IGNORE INTO bookmarks (article_id, created_at, note) VALUES (?, ?, ?)",
            (aid, entry["bookmark"]["created_at"], entry["bookmark"]["note"]),
        )
    if entry["read"]:
        conn.execute(
            "INSERT OR IGNORE INTO reads (article_id, read_at) VALUES (?, ?)",
            (aid, entry["read_at"]),
        )
    have = {
        (s, e)
        for s, e in conn.execute('SELECT start, "end" FROM highlights WHERE article_id = ?', (aid,))
    }
    conn.executemany(
        'INSERT INTO highlights (article_id, start, "end", text, created_at, note)'
        " VALUES (?,?,?,?,?,?)",
        [
            (aid, h["start"], h["end"], h["text"], h["created_at"], h.get("note", ""))
            for h in entry["highlights"]
            if (h["start"], h["end"]) not in have
        ],
    )
    if entry.get("unplaced"):
        from reader.library import highlights

        text = highlights.body_text(conn, aid)
        for u in entry["unplaced"]:
            highlights.add_quote(conn, aid, u["text"], u["note"], u["created_at"], text)


#: Highlight offsets index into an article's text, which is at most 8 MB.
MAX_OFFSET = 8 * 1024 * 1024
#: Problems listed in one error; the count of the rest follows.
MAX_PROBLEMS_SHOWN = 50
_ID_KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _key_path(base: str, key: str) -> str:
    return f"{base}.{key}" if _ID_KEY.fullmatch(key) else f"{base}[{json.dumps(key)}]"


def _bad_text(value: str) -> str | None:
    """Why a string cannot be stored (a lone surrogate, a NUL or other control), or None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode (a lone surrogate)"
    if "\x00" in value:
        return "holds a NUL character"
    return None


def _check_text(problems: list[str], path: str, value: Any, *, line: bool = False) -> None:
    if not isinstance(value, str):
        problems.append(f"{path}: must be a string, not {_kind(value)}")
        return
    reason = _bad_text(value)
    if reason is None and line and any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value):
        reason = "holds a control character"
    if reason is not None:
        problems.append(f"{path}: {reason}")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, float):
        return f"the number {value!r}"
    return {dict: "an object", list: "a list", str: "a string", int: "a number"}.get(
        type(value), type(value).__name__
    )


def _check_time(problems: list[str], path: str, value: Any) -> None:
    if not isinstance(value, str):
        problems.append(f"{path}: must be a date and time string, not {_kind(value)}")
        return
    try:
        from_iso(value)
    except ValueError:
        problems.append(f"{path}: {value[:40]!r} is not an ISO date and time")


def _check_offset(problems: list[str], path: str, value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(f"{path}: must be a whole number, not {_kind(value)}")
        return False
    if not 0 <= value <= MAX_OFFSET:
        problems.append(f"{path}: {value} is out of range (0 to {MAX_OFFSET:,})")
        return False
    return True


def _check_entry(problems: list[str], path: str, raw: Any) -> None:
    if not isinstance(raw, dict):
        problems.append(f"{path}: must be an object, not {_kind(raw)}")
        return
    tags = raw.get("user_tags")
    if tags is not None:
        if not isinstance(tags, list):
            problems.append(f"{path}.user_tags: must be a list of tags, not {_kind(tags)}")
        else:
            for index, tag in enumerate(tags):
                tag_path = f"{path}.user_tags[{index}]"
                _check_text(problems, tag_path, tag, line=True)
                if isinstance(tag, str) and not tag.strip():
                    problems.append(f"{tag_path}: is empty")
    bookmark = raw.get("bookmark")
    if bookmark is not None:
        if not isinstance(bookmark, dict):
            problems.append(f"{path}.bookmark: must be an object or null, not {_kind(bookmark)}")
        else:
            _check_time(problems, f"{path}.bookmark.created_at", bookmark.get("created_at"))
            if bookmark.get("note") is not None:
                _check_text(problems, f"{path}.bookmark.note", bookmark["note"])
    read = raw.get("read")
    if read is not None and not isinstance(read, bool):
        problems.append(f"{path}.read: must be true or false, not {_kind(read)}")
    if raw.get("read_at") is not None:
        _check_time(problems, f"{path}.read_at", raw["read_at"])
    for h_path, item in _objects(problems, f"{path}.highlights", raw.get("highlights")):
        start_ok = _check_offset(problems, f"{h_path}.start", item.get("start"))
        end_ok = _check_offset(problems, f"{h_path}.end", item.get("end"))
        if start_ok and end_ok and item["start"] >= item["end"]:
            problems.append(f"{h_path}: start {item['start']} is not before end {item['end']}")
        for key in ("text", "note"):
            if item.get(key) is not None:
                _check_text(problems, f"{h_path}.{key}", item[key])
        _check_time(problems, f"{h_path}.created_at", item.get("created_at"))
    _check_unplaced(problems, path, raw.get("unplaced"))


def _objects(problems: list[str], path: str, value: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, item) of each object in the list ``value`` at ``path`` (absent: none); a value
    that is not a list, or an item that is not an object, is reported instead."""
    if value is None:
        return
    if not isinstance(value, list):
        problems.append(f"{path}: must be a list, not {_kind(value)}")
        return
    for index, item in enumerate(value):
        if isinstance(item, dict):
            yield f"{path}[{index}]", item
        else:
            problems.append(f"{path}[{index}]: must be an object, not {_kind(item)}")


def _check_unplaced(problems: list[str], path: str, unplaced: Any) -> None:
    """Highlights kept by their words while those are not in the text."""
    for u_path, item in _objects(problems, f"{path}.unplaced", unplaced):
        _check_text(problems, f"{u_path}.text", item.get("text"))
        if item.get("note") is not None:
            _check_text(problems, f"{u_path}.note", item["note"])
        _check_time(problems, f"{u_path}.created_at", item.get("created_at"))


def state_problems(data: Any) -> list[str]:
    """Every problem in an export, each with its path in the file
    (``articles.3kq7x2ab.highlights[0].start: ...``); [] when it can be restored."""
    from reader.library.query import compile_query

    if not isinstance(data, dict) or "articles" not in data:
        return ["not a reader state export (no 'articles' object)"]
    version = data.get("version")
    if version != EXPORT_VERSION or isinstance(version, bool):
        return [
            f"version: {version!r} is not supported (this reader reads version {EXPORT_VERSION})"
        ]
    problems: list[str] = []
    articles = data["articles"]
    if not isinstance(articles, dict):
        problems.append(f"articles: must be an object keyed by article id, not {_kind(articles)}")
    else:
        for aid, raw in articles.items():
            path = _key_path("articles", aid)
            if not _ID_KEY.fullmatch(aid):
                problems.append(f"{path}: {aid[:40]!r} is not an article id")
            _check_entry(problems, path, raw)
    searches = data.get("saved_searches")
    if searches is not None and not isinstance(searches, dict):
        problems.append(f"saved_searches: must be an object, not {_kind(searches)}")
    elif searches:
        for name, query in searches.items():
            path = _key_path("saved_searches", name)
            _check_text(problems, f"{path} (its name)", name, line=True)
            if isinstance(name, str) and not name.strip():
                problems.append(f"{path}: the name is empty")
            _check_text(problems, path, query, line=True)
            if isinstance(query, str) and _bad_text(query) is None:
                try:
                    compile_query(query)
                except QueryError as exc:
                    problems.append(f"{path}: not a valid query: {exc}")
    return problems


def check_state(data: Any) -> None:
    """Raise ``StateFileError`` listing every problem in ``data`` (see ``state_problems``)."""
    problems = state_problems(data)
    if problems:
        raise StateFileError(problems)


def restore_state(conn: sqlite3.Connection, data: Any) -> RestoreReport:
    """Merge an export into this library (one transaction: all of it or none of it).

    The whole file is checked first (``check_state``): nothing is applied unless all is valid."""
    check_state(data)
    if not isinstance(data, dict) or "articles" not in data:
        raise LibraryError("not a reader state export (no 'articles' object)")
    version = data.get("version")
    if version != EXPORT_VERSION:
        raise LibraryError(
            f"state export version {version!r} is not supported (this reader reads version "
            f"{EXPORT_VERSION})"
        )
    articles = data["articles"]
    searches = data.get("saved_searches") or {}
    if not isinstance(articles, dict) or not isinstance(searches, dict):
        raise LibraryError("state export is malformed: 'articles' and 'saved_searches' are objects")
    report = RestoreReport()
    now = to_iso(utcnow())
    for aid, raw in articles.items():
        entry = _clean_entry(str(aid), raw)
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (aid,)).fetchone():
            apply_entry(conn, aid, entry)
            report.applied.append(aid)
        else:
            old = conn.execute(
                "SELECT data FROM pending_state WHERE article_id = ?", (aid,)
            ).fetchone()
            if old is not None:
                entry = _merge(_clean_entry(aid, json.loads(old[0])), entry)
            conn.execute(
                "INSERT INTO pending_state (article_id, data, restored_at) VALUES (?, ?, ?)"
                " ON CONFLICT (article_id) DO UPDATE SET data = excluded.data",
                (aid, json.dumps(entry, ensure_ascii=False), now),
            )
            report.pending.append(aid)
    for name, query in searches.items():
        conn.execute(
            "INSERT OR IGNORE INTO saved_searches (name, query) VALUES (?, ?)",
            (str(name), str(query)),
        )
        report.saved_searches += 1
    return report


def _merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    spans = {(h["start"], h["end"]) for h in old["highlights"]}
    return {
        "user_tags": old["user_tags"] + [t for t in new["user_tags"] if t not in old["user_tags"]],
        "bookmark": old["bookmark"] or new["bookmark"],
        "read": old["read"] or new["read"],
        "read_at": old["read_at"] or new["read_at"],
        "highlights": old["highlights"]
        + [h for h in new["highlights"] if (h["start"], h["end"]) not in spans],
        "unplaced": old.get("unplaced", [])
        + [u for u in new.get("unplaced", []) if u not in old.get("unplaced", [])],
    }


def apply_pending(conn: sqlite3.Connection, aid: str) -> bool:
    """Apply parked state to a just-imported article; True when there was some."""
    found = conn.execute("SELECT data FROM pending_state WHERE article_id = ?", (aid,)).fetchone()
    if found is None:
        return False
    apply_entry(conn, aid, _clean_entry(aid, json.loads(found[0])))
    conn.execute("DELETE FROM pending_state WHERE article_id = ?", (aid,))
    return True
