"""The library as plain files: ``reader export --articles DIR`` and reading it back.

Each article becomes one Markdown file with TOML front matter (``+++``): the article's own
fields (title, date, authors, section, url, its tags, unknown header fields under ``extra``)
and, marked by ``reader_export = 1`` on the first line of the front matter, the user's state
in the shape of a state export's entry (``user_tags``, ``bookmark``, ``read``/``read_at``,
``highlights`` by offsets and their words, ``unplaced`` highlights by their words, each with
its note). The body is the article's paragraphs, one blank line apart.

Files are named by date and title (``2026-03-14-the-title.md``, ``undated-...`` without a
date, a ``-2`` suffix when two would share a name) and written atomically. ``reader import``
of the folder reads them like any Markdown file (the front-matter reader leaves the state keys
out of the article) and then applies the state of the new or changed ones, merging: importing
the same files again never duplicates a tag, bookmark or highlight.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from reader.app.errors import InvalidValue
from reader.article import Article, ArticleParseError, parse_bytes
from reader.fileio import atomic_write_text
from reader.library import ArticleRecord, ImportReport, Library
from reader.library.db import from_iso, to_iso, utcnow
from reader.library.state import EXPORT_VERSION, state_problems
from reader.library.upsert import Origin
from reader.parsing.dates import parse_date
from reader.parsing.front_matter import EXPORT_MARKER
from reader.sanitize import escape_controls_in_data

#: The version of the files' layout (the value of the marker key).
FILES_VERSION = 1
#: How every file written here starts: how the importer recognises one cheaply.
_HEAD = f"+++\n{EXPORT_MARKER} = {FILES_VERSION}\n"
_SLUG_MAX = 60


@dataclass
class ArticlesExport:
    """What ``export_articles`` wrote."""

    folder: Path
    files: list[Path] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return len(self.files)


def slug(title: str) -> str:
    """``title`` as a file-name part: ASCII letters and digits, hyphen-joined, at most 60."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", plain.lower())
    out = ""
    for word in words:
        piece = f"{out}-{word}" if out else word
        if len(piece) > _SLUG_MAX:
            break
        out = piece
    return out or (words[0][:_SLUG_MAX] if words else "")


def file_stem(record: ArticleRecord) -> str:
    day = record.article.date.isoformat() if record.article.date else "undated"
    return f"{day}-{slug(record.article.title) or record.id}"


def _written_date(record: ArticleRecord) -> str:
    """The date as the file says it: as written, unless that does not read back as the date."""
    article = record.article
    if article.date is not None and (
        not article.date_text or parse_date(article.date_text) != article.date
    ):
        return article.date.isoformat()
    return article.date_text


def front_matter(record: ArticleRecord, origin: Origin | None = None) -> dict[str, Any]:
    """The front matter of one article's file, marker first; ``origin``: the keys and feed
    entries the article answers to (``Library.origins``)."""
    article = record.article
    data: dict[str, Any] = {EXPORT_MARKER: FILES_VERSION, "id": record.id, "title": article.title}
    date_text = _written_date(record)
    if date_text:
        data["date"] = date_text
    if article.authors:
        data["authors"] = list(article.authors)
    if article.section:
        data["section"] = article.section
    if article.url:
        data["url"] = article.url
    if article.tags:
        data["tags"] = list(article.tags)
    if record.user_tags:
        data["user_tags"] = list(record.user_tags)
    data["read"] = record.read
    if record.read_at is not None:
        data["read_at"] = to_iso(record.read_at)
    if record.bookmark is not None:
        data["bookmark"] = {
            "created_at": to_iso(record.bookmark.created_at),
            "note": record.bookmark.note,
        }
    if article.source_path is None:  # a read-later item, a feed entry, a saved page
        data["from_file"] = False
    if origin is not None and origin.keys:
        data["keys"] = [{"key": k, "origin": o, "added_at": a} for k, o, a in origin.keys]
    if origin is not None and origin.feeds:
        data["feeds"] = [{"url": url, "entry_key": key} for url, key in origin.feeds]
    if article.extra:
        data["extra"] = dict(article.extra)
    if record.highlights:
        data["highlights"] = [
            {
                "start": h.start,
                "end": h.end,
                "text": h.text,
                "note": h.note,
                "created_at": to_iso(h.created_at),
            }
            for h in record.highlights
        ]
    if record.unplaced:
        data["unplaced"] = [
            {"text": u.text, "note": u.note, "created_at": to_iso(u.created_at)}
            for u in record.unplaced
        ]
    return data


def article_file_text(record: ArticleRecord, origin: Origin | None = None) -> str:
    """One article's file: TOML front matter between ``+++`` lines, then its paragraphs."""
    head = escape_controls_in_data(tomli_w.dumps(front_matter(record, origin)))
    text = f"+++\n{head}+++\n"
    if record.article.body:
        text += "\n" + "\n\n".join(record.article.body) + "\n"
    return text


def _is_ours(path: Path) -> bool:
    """Whether ``path`` is a file this exporter wrote (so it may be replaced)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_HEAD)) == _HEAD.encode("ascii")
    except OSError:
        return False


def export_articles(library: Library, folder: Path) -> ArticlesExport:
    """Write every article of ``library`` into ``folder`` (created if need be), one file each.

    A name already used in this export, or taken by a file this exporter did not write, gets
    the next free ``-N`` suffix: nothing of the user's is ever overwritten."""
    folder.mkdir(parents=True, exist_ok=True)
    result = ArticlesExport(folder)
    used: set[str] = set()
    origins = library.origins()
    records = sorted(
        library.records(sort="date", descending=False),
        key=lambda r: (r.article.date is None, r.article.date or 0, r.article.title, r.id),
    )
    for record in records:
        stem = file_stem(record)
        name, n = f"{stem}.md", 1
        while name.casefold() in used or ((folder / name).exists() and not _is_ours(folder / name)):
            n += 1
            name = f"{stem}-{n}.md"
        used.add(name.casefold())
        path = folder / name
        atomic_write_text(path, article_file_text(record, origins.get(record.id)), private=True)
        result.files.append(path)
    return result


def _front_of(text: str) -> dict[str, Any]:
    """The front matter of one of this exporter's files; ``InvalidValue`` when unreadable."""
    try:
        lines = text.split("\n")
        end = lines.index("+++", 1)
        return tomllib.loads("\n".join(lines[1:end]))
    except ValueError as exc:  # no closing +++, or not TOML
        reason = " ".join(str(exc).split())[:200]
        raise InvalidValue(f"its front matter cannot be read: {reason}") from None


def _exported_front(path: Path) -> dict[str, Any] | None:
    if not _is_ours(path):
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidValue(f"cannot read it: {exc}") from None
    return _front_of(text)


_STATE_KEYS = ("user_tags", "bookmark", "read", "read_at", "highlights", "unplaced")


def _state_in(front: dict[str, Any]) -> dict[str, Any]:
    return {k: front[k] for k in _STATE_KEYS if k in front}


def exported_state(path: Path) -> dict[str, Any] | None:
    """The user's state in one of this exporter's files (a state export's entry), or None
    when ``path`` is not one (any other Markdown or text file); ``InvalidValue`` when it is
    one whose front matter cannot be read."""
    front = _exported_front(path)
    return None if front is None else _state_in(front)


def origin_in(front: dict[str, Any]) -> Origin:
    """The keys and feed entries a file's front matter names (malformed ones left out: they
    only help find the article again, never hold the user's data)."""
    keys = []
    for entry in front.get("keys") or []:
        if isinstance(entry, dict) and isinstance(entry.get("key"), str) and entry["key"].strip():
            where, added = entry.get("origin", ""), entry.get("added_at", "")
            try:
                when = to_iso(from_iso(str(added)))
            except ValueError:
                when = to_iso(utcnow())
            keys.append((entry["key"].strip(), str(where) if where else "", when))
    feeds = [
        (entry["url"], entry["entry_key"])
        for entry in front.get("feeds") or []
        if isinstance(entry, dict)
        and isinstance(entry.get("url"), str)
        and isinstance(entry.get("entry_key"), str)
    ]
    return Origin(tuple(keys), tuple(feeds))


def apply_exported_state(library: Library, report: ImportReport) -> int:
    """After importing files: apply the state carried by the new and changed files that this
    exporter wrote, merging as a restore does (nothing the user has is dropped, nothing is
    added twice). A file whose state cannot be applied is named in ``report.warnings`` and the
    rest carries on. Returns how many articles got state."""
    paths = [p for p in (*report.new, *report.updated) if p.lower().endswith(".md")]
    fronts: dict[str, dict[str, Any]] = {}
    for path in paths:
        try:
            found = _exported_front(Path(path))
        except InvalidValue as exc:
            report.warnings.append((path, f"your state in it was not applied: {exc}"))
            continue
        if found is not None:
            fronts[path] = found
    if not fronts:
        return 0
    ids = library.ids_for_paths(list(fronts))
    origins = {}
    for path, front in fronts.items():
        aid = ids.get(path)
        origin = origin_in(front)
        if aid is not None and (origin.keys or origin.feeds):
            origins[aid] = origin
    if origins:  # keys of read-later items merged into a file's article, feed entries
        library.attach_origins(origins)
    return _apply_states(library, report, {p: (ids.get(p), f) for p, f in fronts.items()})


def _apply_states(
    library: Library, report: ImportReport, found: dict[str, tuple[str | None, dict[str, Any]]]
) -> int:
    """Apply the state in each file (path -> (its article's id, its front matter)); a file
    whose state cannot be applied is named in ``report.warnings``."""
    articles: dict[str, Any] = {}
    for path, (aid, front) in found.items():
        if aid is None:
            continue
        entry = _state_in(front)
        problems = state_problems({"version": EXPORT_VERSION, "articles": {aid: entry}})
        if problems:
            shown = problems[0].split(": ", 1)[-1]
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            report.warnings.append((path, f"your state in it was not applied: {shown}{more}"))
            continue
        articles[aid] = entry
    if articles:
        library.restore_state({"version": EXPORT_VERSION, "articles": articles})
    return len(articles)


@dataclass
class Unfiled:
    """The files of articles that came from no file (``from_file = false``), claimed from a
    folder import so that they come back as what they were: see ``restore_unfiled``."""

    found: list[tuple[str, Article, dict[str, Any]]] = field(default_factory=list)
    """(path, the article, the file's front matter) each."""

    marks = (_HEAD.encode("ascii"), b"\nfrom_file = false\n")
    """What every file it may claim starts with and holds: a large import reads and parses
    the other files in worker processes without asking (``importer._workers``)."""

    def __call__(self, path: str, data: bytes) -> bool:
        """The importer's ``claim``: True (and kept here) for such a file; any other file,
        or one that cannot be read as one, is left to the file import (which names it)."""
        if not data.startswith(self.marks[0]) or self.marks[1] not in data:
            return False
        try:
            front = _front_of(data.decode("utf-8"))
            if front.get("from_file", True) is not False:
                return False
            article = parse_bytes(data, path)
        except (InvalidValue, UnicodeDecodeError, ArticleParseError):
            return False
        self.found.append((path, article, front))
        return True


def restore_unfiled(library: Library, unfiled: Unfiled, report: ImportReport) -> int:
    """Bring back the claimed articles with their keys, feed entries and ids (found again by
    key or URL when they are already here, so nothing is doubled), then the state of the new
    and changed ones; each file is counted in ``report`` as new, updated or unchanged."""
    if not unfiled.found:
        return 0
    done = library.restore_articles(
        [
            (article, origin_in(front), str(front.get("id") or ""))
            for _, article, front in unfiled.found
        ]
    )
    states: dict[str, tuple[str | None, dict[str, Any]]] = {}
    for (path, _, front), upserted in zip(unfiled.found, done, strict=True):
        if upserted.status == "new":
            report.new.append(path)
        elif upserted.status == "updated":
            report.updated.append(path)
        else:  # as for an unchanged file: a tag removed since stays removed
            report.unchanged.append(path)
            continue
        states[path] = (upserted.id, front)
    return _apply_states(library, report, states)
