"""Library store figures: import, rescan, search and listing, against a bare-SQLite baseline."""

from __future__ import annotations

import json
import os
import sqlite3
import time

from benchmarks.registry import Context, benchmark
from reader.cli_support import json_row
from reader.library import Library


def _library(ctx: Context) -> Library:
    """The library the import benchmark built (import runs first; see its ``order``)."""
    if "library" not in ctx.cache:
        bench_import(ctx)
    library: Library = ctx.cache["library"]
    return library


@benchmark("baseline: bare loop, read files + insert into SQLite/FTS5, one transaction", order=10)
def bench_baseline(ctx: Context) -> float:
    folder = ctx.articles_dir()
    db = ctx.fresh_dir("baseline") / "bare.sqlite3"
    start = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, path TEXT UNIQUE, text TEXT)")
    conn.execute("CREATE VIRTUAL TABLE docs_fts USING fts5(body)")
    conn.execute("BEGIN")
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as fh:
                text = fh.read().decode("utf-8")
            rowid = conn.execute(
                "INSERT INTO docs (path, text) VALUES (?, ?)", (path, text)
            ).lastrowid
            conn.execute("INSERT INTO docs_fts (rowid, body) VALUES (?, ?)", (rowid, text))
    conn.execute("COMMIT")
    conn.close()
    elapsed = time.perf_counter() - start
    ctx.cache["baseline"] = elapsed
    return elapsed


@benchmark("import {n} articles (parse + store + FTS)", target=6.0, order=20)
def bench_import(ctx: Context) -> float:
    from reader.library import open_library

    folder = ctx.articles_dir()
    lib = open_library(ctx.fresh_dir("library"))
    start = time.perf_counter()
    report = lib.import_paths([folder])
    elapsed = time.perf_counter() - start
    if len(report.new) != ctx.n:
        raise RuntimeError(f"imported {len(report.new)} of {ctx.n}: {report.skipped[:3]}")
    ctx.cache["library"] = lib
    ctx.cache["import_seconds"] = elapsed
    return elapsed


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
