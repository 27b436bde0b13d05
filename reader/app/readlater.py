"""Importing read-later exports: the application-layer operation behind ``reader import FILE``.

``import_export`` reads the export (reader/parsing/readlater), turns each saved item into an
article plus the user's state, and brings them into the library (reader/library/saved.py):
starred / favourite -> bookmark, archived -> read, labels and tags -> the user's tags, a note
-> the bookmark's note, highlights -> highlights (unplaced while there is no text), dates kept
(the publication date as the article's, the saved date as the bookmark's and the read's date
and, for every item, among its header fields as ``Saved``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reader.app.errors import InvalidValue
from reader.article import Article
from reader.library import Library
from reader.library.db import to_iso
from reader.library.saved import SavedState
from reader.parsing.dates import parse_date
from reader.parsing.readlater import NotAnExport, SavedItem, detect, read_export


@dataclass
class ExportImport:
    """What importing one export did (or, with ``dry_run``, would do)."""

    path: Path
    format: str
    dry_run: bool
    items: int = 0
    new: int = 0
    already: int = 0
    merged: int = 0
    placed: int = 0
    unplaced: int = 0
    errors: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    became: list[tuple[str, str, str, int]] = field(default_factory=list)
    """(field, value, what it became, how many items): ``("Location", "shortlist",
    "bookmark", 3)``, by field then value."""


def is_export(path: Path) -> bool:
    """True when ``path`` is a read-later export (by its name and its header)."""
    return path.is_file() and detect(path) is not None


def article_of(item: SavedItem) -> Article:
    day = parse_date(item.published) if item.published else None
    extra = {"Description": " ".join(item.description.split())} if item.description else {}
    if item.saved_at is not None:  # kept even when it is neither a bookmark's nor a read's date
        extra["Saved"] = to_iso(item.saved_at)
    return Article(
        title=" ".join(item.title.split()) or item.url,
        body=item.body,
        date=day,
        date_text=item.published.strip() if item.published else "",
        authors=item.authors,
        url=item.url,
        extra=extra,
    )


def state_of(item: SavedItem) -> SavedState:
    when = to_iso(item.saved_at) if item.saved_at else None
    return SavedState(
        user_tags=item.tags,
        bookmarked=item.favourite,
        note=item.note,
        bookmarked_at=when,
        read=item.archived,
        read_at=when,
        highlights=tuple(
            (h.quote, h.note, to_iso(h.created_at) if h.created_at else when)
            for h in item.highlights
        ),
    )


def import_export(
    library: Library,
    path: Path,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ExportImport:
    try:
        export = read_export(path)
    except NotAnExport as exc:
        raise InvalidValue(str(exc)) from exc
    report = ExportImport(path, export.format, dry_run, items=len(export.items))
    report.errors = list(export.errors)
    report.unmapped = sorted(export.unmapped)
    report.became = sorted((f, v, b, n) for (f, v, b), n in export.became.items())
    pairs = [(article_of(item), state_of(item)) for item in export.items]
    done = library.import_saved(
        pairs, origin=f"import:{export.format}", dry_run=dry_run, progress=progress
    )
    report.new, report.merged, report.already = len(done.new), len(done.merged), len(done.already)
    report.placed, report.unplaced = done.placed, done.unplaced
    return report
