"""Library store figures: import, rescan, search and listing, against a bare-SQLite baseline."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import statistics
import time
from pathlib import Path

from benchmarks.registry import Context, benchmark
from reader.cli_support import json_row
from reader.library import Library


def _library(ctx: Context) -> Library:
    """The library the import benchmark built (import runs first; see its ``order``)."""
    if "library" not in ctx.cache:
        bench_import(ctx)
    library: Library = ctx.cache["library"]
    return library


#: The floor's one regex: the header ends at the first run of blank lines.
_HEADER_END = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
#: Baseline and import are timed side by side this many times; the medians are reported and
#: the ratio is the median of the pairs' ratios (one noisy run on a shared machine moves
#: neither).
PAIRS = 3


def bare_import(folder: Path, db: Path) -> float:
    """The floor: read each file, split header from body with one regex, insert the row and
    its FTS5 entry (title, body), all in one transaction. Seconds."""
    start = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(
        "CREATE TABLE docs (id INTEGER PRIMARY KEY, path TEXT UNIQUE, title TEXT, header TEXT,"
        " body TEXT)"
    )
    conn.execute("CREATE VIRTUAL TABLE docs_fts USING fts5(title, body)")
    conn.execute("BEGIN")
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as fh:
                text = fh.read().decode("utf-8")
            found = _HEADER_END.search(text)
            header, body = (text[: found.start()], text[found.end() :]) if found else ("", text)
            title = header.split("\n", 1)[0].lstrip("# ")
            rowid = conn.execute(
                "INSERT INTO docs (path, title, header, body) VALUES (?, ?, ?, ?)",
                (path, title, header, body),
            ).lastrowid
            conn.execute(
                "INSERT INTO docs_fts (rowid, title, body) VALUES (?, ?, ?)", (rowid, title, body)
            )
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def _pairs(ctx: Context) -> None:
    """Run the floor and reader's import side by side PAIRS times (alternating, each in a
    fresh folder); keep the medians, the pairs' ratios and the last library."""
    if "import_pairs" in ctx.cache:
        return
    from reader.library import open_library

    folder = ctx.articles_dir()
    pairs: list[tuple[float, float]] = []
    for _ in range(PAIRS):
        floor = bare_import(folder, ctx.fresh_dir("baseline") / "bare.sqlite3")
        previous = ctx.cache.pop("library", None)
        if previous is not None:
            previous.close()
        lib = open_library(ctx.fresh_dir("library"))
        start = time.perf_counter()
        report = lib.import_paths([folder])
        seconds = time.perf_counter() - start
        if len(report.new) != ctx.n:
            raise RuntimeError(f"imported {len(report.new)} of {ctx.n}: {report.skipped[:3]}")
        ctx.cache["library"] = lib
        pairs.append((floor, seconds))
        ratio = seconds / floor
        print(f"          pair: floor {floor:.2f} s, import {seconds:.2f} s = {ratio:.2f}x")
    ctx.cache["import_pairs"] = pairs
    ctx.cache["baseline"] = statistics.median(f for f, _ in pairs)
    ctx.cache["import_seconds"] = statistics.median(s for _, s in pairs)
    ctx.cache["import_ratio"] = statistics.median(s / f for f, s in pairs)


@benchmark(
    "baseline: bare loop (read, one regex, insert row + FTS5 title/body, one transaction),"
    " median of 3",
    order=10,
)
def bench_baseline(ctx: Context) -> float:
    _pairs(ctx)
    return float(ctx.cache["baseline"])


@benchmark("import {n} articles (parse + store + FTS), median of 3", target=6.0, order=20)
def bench_import(ctx: Context) -> float:
    _pairs(ctx)
    return float(ctx.cache["import_seconds"])


@benchmark("rescan of the unchanged folder", target=1.0, order=30)
def bench_rescan(ctx: Context) -> float:
    lib = _library(ctx)
    start = time.perf_counter()
    report = lib.import_paths([ctx.articles_dir()])
    elapsed = time.perf_counter() - start
    if len(report.unchanged) != ctx.n:
        raise RuntimeError(f"rescan saw {len(report.unchanged)} unchanged of {ctx.n}")
    return elapsed


@benchmark("search 'ferry council' (50 ranked rows with snippets)", target=0.1, order=40)
def bench_search(ctx: Context) -> float:
    lib = _library(ctx)
    lib.search("warm up")
    start = time.perf_counter()
    rows = lib.search("ferry council tag:transport", limit=50)
    elapsed = time.perf_counter() - start
    if not rows:
        raise RuntimeError("the search found nothing")
    return elapsed


@benchmark("rows() of {n} articles -> JSON dicts", target=1.5, order=50)
def bench_rows_json(ctx: Context) -> float:
    lib = _library(ctx)
    start = time.perf_counter()
    rows = lib.rows()
    text = json.dumps(
        [
            {
                "id": r.id,
                "title": r.title,
                "date": r.date.isoformat() if r.date else None,
                "section": r.section,
                "authors": list(r.authors),
                "bookmarked": r.bookmarked,
                "read": r.read,
                "missing": r.missing,
                "word_count": r.word_count,
            }
            for r in rows
        ],
        ensure_ascii=False,
    )
    elapsed = time.perf_counter() - start
    if len(rows) != ctx.n or not text:
        raise RuntimeError(f"listed {len(rows)} of {ctx.n}")
    return elapsed


@benchmark("records() of {n} articles -> CLI --json dicts", target=1.5, order=60)
def bench_records_json(ctx: Context) -> float:
    lib = _library(ctx)
    start = time.perf_counter()
    records = lib.records()
    text = json.dumps([json_row(r) for r in records], ensure_ascii=False)
    elapsed = time.perf_counter() - start
    if len(records) != ctx.n or not text:
        raise RuntimeError(f"listed {len(records)} of {ctx.n}")
    return elapsed
