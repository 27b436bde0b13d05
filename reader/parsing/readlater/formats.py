"""The read-later exports, each recognised by file name and header (never column position).

| service | file | recognised by |
| --- | --- | --- |
| Pocket (2024-25) | zip of ``part_*.csv`` (+ ``annotations/part_*.json``), or a part | headers |
| Pocket (legacy) | ``ril_export.html`` | ``<h1>Unread</h1>`` / ``<h1>Read Archive</h1>`` lists |
| Instapaper | CSV | ``URL, Title, Selection, Folder, Timestamp[, Tags]`` |
| Omnivore | zip of ``metadata_*_to_*.json``, ``content/*.html``, ``highlights/*.md`` | names |
| Wallabag | JSON array | entries with ``is_archived`` / ``is_starred`` |
| Raindrop | CSV | ``id, title, note, excerpt, url, folder, tags, created, ...`` |
| Readwise Reader | CSV | ``Title, URL, Document tags, Saved date, Location`` |
| Matter | ``Archive.zip``: ``_matter_history.csv``, ``_matter_highlights.csv`` | names |

A row that cannot be read is reported (file and line) and skipped; the rest carries on.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from reader.parsing.html import html_to_paragraphs
from reader.parsing.readlater.model import NotAnExport, ParsedExport, SavedHighlight, SavedItem

#: An export bigger than this is refused (a 20,000-item Pocket export is a few MB).
MAX_EXPORT_BYTES = 512 * 2**20
#: One member of a zip, uncompressed (an Omnivore content page is at most a few MB).
MAX_MEMBER_BYTES = 64 * 2**20

csv.field_size_limit(MAX_MEMBER_BYTES)


# -- small readers ------------------------------------------------------------------------------
def _text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _when(value: Any) -> datetime | None:
    """Epoch seconds (or milliseconds) or an ISO date-time; None when empty or unreadable."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{9,13}(\.\d+)?", text):
        seconds = float(text)
        if seconds > 1e11:
            seconds /= 1000
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    text = text.replace("Z", "+00:00").replace(" UTC", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _truthy(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "y", "t", "starred", "favorite")


def _split_tags(value: str, sep: str = ",") -> tuple[str, ...]:
    return tuple(t.strip() for t in value.split(sep) if t.strip())


def _list_tags(value: Any) -> tuple[str, ...]:
    """Tags as a JSON list, a Python-literal list, a list of {label|name}, or comma text."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            for loader in (json.loads, ast.literal_eval):
                try:
                    return _list_tags(loader(text))
                except (ValueError, SyntaxError, MemoryError, RecursionError):
                    continue
        return _split_tags(text)
    if isinstance(value, list):
        out: list[str] = []
        for tag in value:
            if isinstance(tag, dict):
                tag = tag.get("label") or tag.get("name") or tag.get("slug") or ""
            if isinstance(tag, str) and tag.strip():
                out.append(tag.strip())
        return tuple(out)
    return ()


def _csv_rows(text: str, name: str, export: ParsedExport) -> Iterator[tuple[int, dict[str, str]]]:
    """(first line of the record, row keyed by lower-cased header) for each well-formed row."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return
    keys = [h.strip().lower() for h in header]
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            export.errors.append(f"{name} line {line}: {exc}")
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(keys):
            export.errors.append(
                f"{name} line {start}: {len(row)} fields where the header has {len(keys)}"
            )
            continue
        yield start, dict(zip(keys, row, strict=False))


def _linked_rows(
    text: str, name: str, export: ParsedExport, known: set[str]
) -> Iterator[tuple[int, dict[str, str], str]]:
    """(line, row, URL) of each CSV row that has a URL, the columns nobody maps noted; a row
    without one is reported by its line and skipped (every CSV export is a list of links)."""
    for line, row in _csv_rows(text, name, export):
        _note_unmapped(export, list(row), known)
        url = row.get("url", "").strip()
        if not url:
            export.errors.append(f"{name} line {line}: no url")
        elif not _is_web_address(url):  # a cut or shifted row: its "url" is some other cell
            export.errors.append(f"{name} line {line}: {url[:60]!r} is not a web address")
        else:
            yield line, row, url


def _is_web_address(url: str) -> bool:
    """``scheme://host...``: what every service writes in its URL column."""
    parts = urlsplit(url)
    return bool(parts.scheme) and bool(parts.netloc) and " " not in parts.netloc


def _note_unmapped(export: ParsedExport, keys: Iterator[str] | list[str], known: set[str]) -> None:
    export.unmapped.update(k for k in keys if k and k not in known)


def _header(text: str) -> list[str]:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        return [h.strip().lower() for h in next(csv.reader([first]))]
    except (StopIteration, csv.Error):
        return []


# -- Pocket ---------------------------------------------------------------------------------------
_POCKET_KNOWN = {"title", "url", "time_added", "tags", "status"}


def _pocket_csv(text: str, name: str, export: ParsedExport) -> None:
    for line, row, url in _linked_rows(text, name, export, _POCKET_KNOWN):
        status = row.get("status", "").strip().lower()
        archived = status in ("archive", "archived", "read")
        if status:
            export.became["status", status, "read" if archived else "unread"] += 1
        export.items.append(
            SavedItem(
                url=url,
                title=row.get("title", "").strip(),
                tags=_split_tags(row.get("tags", ""), "|"),
                saved_at=_when(row.get("time_added")),
                archived=archived,
                where=f"{name} line {line}",
            )
        )


def _pocket_annotations(data: Any, name: str, export: ParsedExport) -> dict[str, list[Any]]:
    found: dict[str, list[SavedHighlight]] = {}
    if not isinstance(data, list):
        export.errors.append(f"{name}: not a list of annotated items")
        return {}
    for i, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or not entry.get("url"):
            export.errors.append(f"{name} item {i}: no url")
            continue
        for h in entry.get("highlights") or []:
            if isinstance(h, dict) and str(h.get("quote") or "").strip():
                found.setdefault(str(entry["url"]).strip(), []).append(
                    SavedHighlight(str(h["quote"]), "", _when(h.get("created_at")))
                )
    return found


def _with_highlights(export: ParsedExport, by_url: dict[str, list[Any]]) -> None:
    if not by_url:
        return
    from dataclasses import replace

    from reader.urls import normalize_url

    wanted = {normalize_url(u): hs for u, hs in by_url.items()}
    placed: set[str] = set()
    for i, item in enumerate(export.items):
        key = normalize_url(item.url)
        if key in wanted:
            export.items[i] = replace(item, highlights=item.highlights + tuple(wanted[key]))
            placed.add(key)
    for key, hs in wanted.items():
        if key not in placed:
            export.items.append(SavedItem(url=key, highlights=tuple(hs), where="annotations"))


def _pocket_zip(zf: zipfile.ZipFile, name: str, export: ParsedExport) -> None:
    parts = sorted(n for n in zf.namelist() if re.fullmatch(r"(.*/)?part_\d+\.csv", n))
    for part in parts:
        _pocket_csv(_text(_member(zf, part)), f"{name}:{part}", export)
    highlights: dict[str, list[Any]] = {}
    for part in sorted(n for n in zf.namelist() if re.search(r"annotations/part_\d+\.json$", n)):
        try:
            data = json.loads(_text(_member(zf, part)))
        except ValueError as exc:
            export.errors.append(f"{name}:{part}: not JSON ({exc})")
            continue
        for url, hs in _pocket_annotations(data, f"{name}:{part}", export).items():
            highlights.setdefault(url, []).extend(hs)
    _with_highlights(export, highlights)


_A_TAG = re.compile(r"<a\s([^>]*)>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)


def _pocket_html(text: str, name: str, export: ParsedExport) -> None:
    import html as htmllib

    sections = [(m.end(), htmllib.unescape(m.group(1)).strip().lower()) for m in _H1.finditer(text)]
    for match in _A_TAG.finditer(text):
        attrs = {
            k.lower(): htmllib.unescape(a if a is not None else b if b is not None else c)
            for k, a, b, c in _ATTR.findall(match.group(1))
        }
        line = text.count("\n", 0, match.start()) + 1
        url = attrs.get("href", "").strip()
        if not url:
            export.errors.append(f"{name} line {line}: a link with no address")
            continue
        heading = ""
        for at, title in sections:
            if at <= match.start():
                heading = title
        _note_unmapped(export, list(attrs), {"href", "time_added", "tags"})
        export.items.append(
            SavedItem(
                url=url,
                title=" ".join(html_to_paragraphs(match.group(2))),
                tags=_split_tags(attrs.get("tags", "")),
                saved_at=_when(attrs.get("time_added")),
                archived=heading.startswith("read") or "archive" in heading,
                where=f"{name} line {line}",
            )
        )


# -- Instapaper, Raindrop, Readwise Reader --------------------------------------------------------
#: Instapaper's own folders; any other folder becomes one of the user's tags.
_INSTAPAPER_FOLDERS = {"unread": "unread", "starred": "bookmark", "archive": "read"}


def _instapaper(text: str, name: str, export: ParsedExport) -> None:
    known = {"url", "title", "selection", "folder", "timestamp", "tags"}
    for line, row, url in _linked_rows(text, name, export, known):
        folder = row.get("folder", "").strip()
        tags = _list_tags(row.get("tags", ""))
        if folder and folder.lower() not in ("unread", "starred", "archive"):
            tags = (*tags, folder)
        if folder:
            became = _INSTAPAPER_FOLDERS.get(folder.lower(), "your tag")
            export.became["Folder", folder, became] += 1
        selection = row.get("selection", "").strip()
        saved = _when(row.get("timestamp"))
        export.items.append(
            SavedItem(
                url=url,
                title=row.get("title", "").strip(),
                tags=tags,
                saved_at=saved,
                favourite=folder.lower() == "starred",
                archived=folder.lower() == "archive",
                highlights=(SavedHighlight(selection, "", saved),) if selection else (),
                where=f"{name} line {line}",
            )
        )


def _raindrop_highlights(text: str, when: datetime | None) -> tuple[SavedHighlight, ...]:
    out: list[list[str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.lower().startswith("highlight:"):
            out.append([line[10:].strip(), ""])
        elif line.lower().startswith("note:") and out:
            out[-1][1] = line[5:].strip()
        elif line and out:
            which = 1 if out[-1][1] else 0
            out[-1][which] = (out[-1][which] + " " + line).strip()
    return tuple(SavedHighlight(q, n, when) for q, n in out if q)


def _raindrop(text: str, name: str, export: ParsedExport) -> None:
    known = {"id", "title", "note", "excerpt", "url", "folder", "tags", "created", "highlights"}
    known |= {"favorite"}
    for line, row, url in _linked_rows(text, name, export, known):
        folder = row.get("folder", "").strip()
        tags = _list_tags(row.get("tags", ""))
        if folder and folder.lower() != "unsorted":
            tags = (*tags, folder)
        saved = _when(row.get("created"))
        export.items.append(
            SavedItem(
                url=url,
                title=row.get("title", "").strip(),
                tags=tags,
                saved_at=saved,
                description=row.get("excerpt", "").strip(),
                favourite=_truthy(row.get("favorite", "")),
                note=row.get("note", "").strip(),
                highlights=_raindrop_highlights(row.get("highlights", ""), saved),
                where=f"{name} line {line}",
            )
        )


#: Readwise Reader's locations: ``shortlist`` is the user's starred list (a bookmark),
#: ``archive`` what they are done with (read); ``new`` (the inbox), ``later`` and ``feed``
#: (items from their feeds) are unread saved articles.
_READWISE_LOCATIONS = {
    "archive": "read",
    "shortlist": "bookmark",
    "new": "unread",
    "later": "unread",
    "feed": "unread",
}


def _readwise(text: str, name: str, export: ParsedExport) -> None:
    known = {"title", "url", "document tags", "saved date", "location"}
    for line, row, url in _linked_rows(text, name, export, known):
        location = row.get("location", "").strip().lower()
        became = _READWISE_LOCATIONS.get(location, "unread")
        if location:
            export.became["Location", location, became] += 1
        export.items.append(
            SavedItem(
                url=url,
                title=row.get("title", "").strip(),
                tags=_list_tags(row.get("document tags", "")),
                saved_at=_when(row.get("saved date")),
                favourite=became == "bookmark",
                archived=became == "read",
                where=f"{name} line {line}",
            )
        )


# -- Wallabag, Omnivore, Matter -------------------------------------------------------------------
def _authors(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(a).strip() for a in value if str(a).strip())
    if isinstance(value, str) and value.strip():
        return (value.strip(),)
    return ()


def _wallabag(data: Any, name: str, export: ParsedExport) -> None:
    known = {"url", "title", "content", "tags", "is_starred", "is_archived", "created_at"}
    known |= {"published_at", "published_by", "annotations"}
    for i, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or not str(entry.get("url") or "").strip():
            export.errors.append(f"{name} item {i}: no url")
            continue
        _note_unmapped(export, list(entry), known)
        saved = _when(entry.get("created_at"))
        notes = []
        for a in entry.get("annotations") or []:
            if isinstance(a, dict) and str(a.get("quote") or "").strip():
                when = _when(a.get("created_at")) or saved
                notes.append(SavedHighlight(str(a["quote"]), str(a.get("text") or ""), when))
        export.items.append(
            SavedItem(
                url=str(entry["url"]).strip(),
                title=str(entry.get("title") or "").strip(),
                tags=_list_tags(entry.get("tags") or []),
                saved_at=saved,
                published=str(entry.get("published_at") or ""),
                authors=_authors(entry.get("published_by")),
                body=tuple(html_to_paragraphs(str(entry.get("content") or ""))),
                favourite=_truthy(entry.get("is_starred")),
                archived=_truthy(entry.get("is_archived")),
                highlights=tuple(notes),
                where=f"{name} item {i}",
            )
        )


def _omnivore_highlights(text: str, when: datetime | None) -> tuple[SavedHighlight, ...]:
    """``> quote [⤴️](link)``, then ``#label`` lines, then the note, for each highlight."""
    out: list[tuple[list[str], list[str]]] = []
    prev_quote = False
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith(">"):
            quote = re.sub(r"\s*\[[^\]]*\]\([^)]*\)\s*$", "", line[1:].strip())
            if out and not out[-1][1] and out[-1][0] and prev_quote:
                out[-1][0].append(quote)
            else:
                out.append(([quote], []))
            prev_quote = True
            continue
        prev_quote = False
        if out and line.strip():
            out[-1][1].append(line.strip())
    highlights = []
    for quote_lines, rest in out:
        labels = [w for line in rest if line.startswith("#") for w in line.split()]
        note = " ".join(line for line in rest if not line.startswith("#"))
        if labels:
            note = (note + " " + " ".join(labels)).strip()
        quote = " ".join(q for q in quote_lines if q)
        if quote:
            highlights.append(SavedHighlight(quote, note, when))
    return tuple(highlights)


def _omnivore(zf: zipfile.ZipFile, name: str, export: ParsedExport) -> None:
    known = {"url", "title", "author", "description", "savedat", "publishedat", "labels"}
    known |= {"state", "slug"}
    names = set(zf.namelist())
    for meta in sorted(n for n in names if re.search(r"metadata_\d+_to_\d+\.json$", n)):
        try:
            data = json.loads(_text(_member(zf, meta)))
        except ValueError as exc:
            export.errors.append(f"{name}:{meta}: not JSON ({exc})")
            continue
        if not isinstance(data, list):
            export.errors.append(f"{name}:{meta}: not a list of items")
            continue
        root = str(PurePosixPath(meta).parent)
        root = "" if root == "." else root + "/"
        for i, entry in enumerate(data, 1):
            if not isinstance(entry, dict) or not str(entry.get("url") or "").strip():
                export.errors.append(f"{name}:{meta} item {i}: no url")
                continue
            _note_unmapped(export, [k.lower() for k in entry], known | {"id"})
            state = str(entry.get("state") or "").strip()
            if state:
                became = "read" if state.lower() == "archived" else "unread"
                export.became["state", state, became] += 1
            slug = str(entry.get("slug") or "")
            body: tuple[str, ...] = ()
            highlights: tuple[SavedHighlight, ...] = ()
            saved = _when(entry.get("savedAt"))
            if slug and f"{root}content/{slug}.html" in names:
                body = tuple(html_to_paragraphs(_text(_member(zf, f"{root}content/{slug}.html"))))
            if slug and f"{root}highlights/{slug}.md" in names:
                md = _text(_member(zf, f"{root}highlights/{slug}.md"))
                highlights = _omnivore_highlights(md, saved)
            export.items.append(
                SavedItem(
                    url=str(entry["url"]).strip(),
                    title=str(entry.get("title") or "").strip(),
                    tags=_list_tags(entry.get("labels") or []),
                    saved_at=saved,
                    published=str(entry.get("publishedAt") or ""),
                    authors=_authors(entry.get("author")),
                    description=str(entry.get("description") or "").strip(),
                    body=body,
                    archived=state.lower() == "archived",
                    highlights=highlights,
                    where=f"{name}:{meta} item {i}",
                )
            )


def _matter(zf: zipfile.ZipFile, name: str, export: ParsedExport) -> None:
    names = zf.namelist()
    history = next((n for n in names if n.endswith("_matter_history.csv")), None)
    marks = next((n for n in names if n.endswith("_matter_highlights.csv")), None)
    if history is None:
        raise NotAnExport(f"{name}: no _matter_history.csv inside")
    by_title: dict[str, list[SavedHighlight]] = {}
    if marks is not None:
        label = f"{name}:{marks}"
        for line, row in _csv_rows(_text(_member(zf, marks)), label, export):
            quote = (row.get("text") or row.get("highlight") or "").strip()
            title = row.get("title", "").strip()
            if not quote or not title:
                export.errors.append(f"{label} line {line}: a highlight with no text or title")
                continue
            when = _when(row.get("created date") or row.get("date"))
            by_title.setdefault(title.casefold(), []).append(
                SavedHighlight(quote, (row.get("note") or "").strip(), when)
            )
    known = {"title", "author", "url", "tags", "favorited", "favourited", "read"}
    label = f"{name}:{history}"
    for line, row, url in _linked_rows(_text(_member(zf, history)), label, export, known):
        title = row.get("title", "").strip()
        export.items.append(
            SavedItem(
                url=url,
                title=title,
                tags=_list_tags(row.get("tags", "")),
                authors=_authors(row.get("author", "")),
                favourite=_truthy(row.get("favorited") or row.get("favourited") or ""),
                archived=_truthy(row.get("read", "")),
                highlights=tuple(by_title.get(title.casefold(), ())),
                where=f"{label} line {line}",
            )
        )


# -- detection -----------------------------------------------------------------------------------
def _member(zf: zipfile.ZipFile, member: str) -> bytes:
    info = zf.getinfo(member)
    if info.file_size > MAX_MEMBER_BYTES:
        raise NotAnExport(f"{member} in the zip is {info.file_size:,} bytes: too big")
    with zf.open(info) as fh:
        return fh.read(MAX_MEMBER_BYTES + 1)[:MAX_MEMBER_BYTES]


def _csv_kind(header: list[str]) -> tuple[str, Callable[[str, str, ParsedExport], None]] | None:
    have = set(header)
    if {"title", "url", "time_added"} <= have:
        return "Pocket", _pocket_csv
    if {"url", "title", "selection", "folder", "timestamp"} <= have:
        return "Instapaper", _instapaper
    if {"id", "title", "url", "folder", "tags", "created"} <= have and (
        "excerpt" in have or "highlights" in have
    ):
        return "Raindrop", _raindrop
    if {"title", "url", "document tags", "saved date", "location"} <= have:
        return "Readwise Reader", _readwise
    return None


def detect(path: Path) -> str | None:
    """The export's format name when ``path`` is a read-later export, else None.

    Reads at most the file's start (or a zip's names): cheap enough to ask of every file."""
    name = path.name.lower()
    try:
        if name.endswith(".zip"):
            if not zipfile.is_zipfile(path):
                return None
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
            if any(re.fullmatch(r"(.*/)?part_\d+\.csv", n) for n in names):
                return "Pocket"
            if any(re.search(r"metadata_\d+_to_\d+\.json$", n) for n in names):
                return "Omnivore"
            if any(n.endswith("_matter_history.csv") for n in names):
                return "Matter"
            return None
        with open(path, "rb") as fh:
            head = _text(fh.read(64 * 1024))
    except (OSError, zipfile.BadZipFile):
        return None
    if name.endswith((".html", ".htm")):
        legacy = name.startswith("ril_export") or "pocket" in head[:2000].lower()
        if legacy and re.search(r"<h1[^>]*>\s*(Unread|Read Archive)\s*</h1", head, re.I):
            return "Pocket (legacy)"
        return None
    if name.endswith(".csv"):
        found = _csv_kind(_header(head))
        return found[0] if found else None
    if name.endswith(".json"):
        stripped = head.lstrip()
        if stripped.startswith("[") and re.search(r'"is_(archived|starred)"\s*:', head):
            return "Wallabag"
    return None


def read_export(path: Path) -> ParsedExport:
    """Parse the export at ``path``; raises NotAnExport when it is none of the formats."""
    kind = detect(path)
    if kind is None:
        raise NotAnExport(f"{path}: not a read-later export this reader knows")
    name = path.name
    export = ParsedExport(kind)
    try:
        if path.stat().st_size > MAX_EXPORT_BYTES:
            raise NotAnExport(f"{path}: {path.stat().st_size:,} bytes is too big for an export")
        if kind in ("Pocket", "Omnivore", "Matter") and name.lower().endswith(".zip"):
            with zipfile.ZipFile(path) as zf:
                {"Pocket": _pocket_zip, "Omnivore": _omnivore, "Matter": _matter}[kind](
                    zf, name, export
                )
            return export
        text = _text(path.read_bytes())
    except (OSError, zipfile.BadZipFile, RuntimeError) as exc:
        raise NotAnExport(f"{path}: cannot read: {exc}") from exc
    if kind == "Pocket (legacy)":
        _pocket_html(text, name, export)
    elif kind == "Wallabag":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise NotAnExport(f"{path}: not valid JSON ({exc})") from exc
        if not isinstance(data, list):
            raise NotAnExport(f"{path}: a Wallabag export is a list of entries")
        _wallabag(data, name, export)
    else:
        found = _csv_kind(_header(text))
        assert found is not None
        found[1](text, name, export)
    return export
