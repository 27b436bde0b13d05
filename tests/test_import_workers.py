"""A large import reads and parses its files in worker processes (issue 9 §5): the library,
the report and the progress come out exactly as when this process does it all, a worker that
dies loses nothing, and an interrupted import leaves no process behind."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from library_helpers import article_file, bump_mtime, many_articles

from reader.library import importer, open_library
from reader.library.models import ImportReport

_TABLES = {
    "articles": "SELECT rowid, id, identity, title, date, date_text, authors, section, tags,"
    " url, extra, body, word_count, content_hash, url_norm, missing FROM articles ORDER BY rowid",
    "sources": "SELECT path, size, mtime_ns, hash, article_id, missing FROM sources ORDER BY path",
    "tags": "SELECT * FROM article_tags ORDER BY article_id, position",
    "fts": "SELECT rowid, title, authors, tags, body FROM fts ORDER BY rowid",
}


class _Claim:
    """A ``claim`` whose ``marks`` say which files it may take: those that ask for it."""

    marks = (b"## ", b"Claim me")

    def __init__(self) -> None:
        self.taken: list[str] = []

    def __call__(self, path: str, data: bytes) -> bool:
        if b"Claim me please" not in data:
            return False
        self.taken.append(os.path.basename(path))
        return True


def _folder(root: Path) -> Path:
    """Files of every kind the importer meets, a few dozen of each sort of outcome."""
    arts = root / "arts"
    many_articles(arts / "many", 40)
    article_file(arts, "good.txt", "Good one", url="HTTPS://Example.ORG:443/a?utm_source=x&id=3")
    article_file(arts, "twin.txt", "Good one", url="https://example.org/a?id=3")
    article_file(arts, "claimed.txt", "Claim me please", "Taken by the claim.")
    article_file(arts, "declined.txt", "Claim me not", "Marked, but left to the import.")
    (arts / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (arts / "empty.md").write_bytes(b"")
    (arts / "cp.txt").write_bytes("## Caf\xe9\n\nThe caf\xe9 \x93rose\x94.\n".encode("latin-1"))
    (arts / "page.html").write_text(
        "<html><head><title>A saved page</title></head><body><p>One paragraph of it.</p>"
        "<p>And a second one.</p></body></html>",
        encoding="utf-8",
    )
    (arts / "front.md").write_text(
        '---\ntitle: Front matter\ntags: [one, two]\n---\n\nFirst.\n\nSecond "quoted" \\.\n',
        encoding="utf-8",
    )
    return arts


def _tables(lib_dir: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(lib_dir / "library.sqlite3")
    try:
        return {name: conn.execute(sql).fetchall() for name, sql in _TABLES.items()}
    finally:
        conn.close()


def _report(report: ImportReport) -> dict[str, object]:
    return {
        name: list(getattr(report, name))
        for name in ("new", "updated", "unchanged", "skipped", "warnings", "missing")
    }


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[importer._Worker]]:
    """Imports of any size use worker processes, in chunks of three files; the workers
    started are listed."""
    started: list[importer._Worker] = []

    class Counted(importer._Worker):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            started.append(self)

    monkeypatch.setattr(importer, "PARALLEL_MIN_FILES", 0)
    monkeypatch.setattr(importer, "CHUNK_FILES", 3)
    monkeypatch.setattr(importer, "_LOCAL_CHUNKS", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    monkeypatch.setattr(importer, "_Worker", Counted)
    yield started


def _imports(
    arts: Path, root: Path, monkeypatch: pytest.MonkeyPatch, workers: list[importer._Worker]
) -> dict[str, list[object]]:
    """Import ``arts`` into two libraries, with worker processes and without; change some
    files; import again both ways. What each way gave: reports, progress, claims, tables."""
    libs = {"parallel": open_library(root / "parallel"), "serial": open_library(root / "serial")}
    claims = {name: _Claim() for name in libs}
    got: dict[str, list[object]] = {name: [] for name in libs}

    def run(name: str) -> None:
        monkeypatch.setattr(importer, "PARALLEL_MIN_FILES", 0 if name == "parallel" else 10**9)
        before = len(workers)
        progress: list[tuple[int, int, str]] = []
        report = libs[name].import_paths(
            [arts], claim=claims[name], progress=lambda *a: progress.append(a)
        )
        assert (len(workers) > before) == (name == "parallel")
        got[name] += [_report(report), progress]

    try:
        for name in libs:
            run(name)
        article_file(arts, "good.txt", "Good one, edited")
        bump_mtime(arts / "good.txt")
        bump_mtime(arts / "cp.txt")  # the same bytes, a newer date
        article_file(arts, "new.txt", "A newcomer")
        for name in libs:
            run(name)
    finally:
        for lib in libs.values():
            lib.close()
    for name in libs:
        got[name] += [claims[name].taken, _tables(root / name)]
    return got


def test_workers_give_what_one_process_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: list[importer._Worker]
) -> None:
    arts = _folder(tmp_path)
    got = _imports(arts, tmp_path, monkeypatch, workers)
    assert got["parallel"] == got["serial"]
    # two workers (three cores) for the first import, one for the second's two chunks
    assert len(workers) == 3
    assert all(w.proc.returncode == 0 for w in workers)
    first, progress = got["parallel"][:2]
    assert isinstance(first, dict) and isinstance(progress, list)
    assert len(first["new"]) == 40 + 6 and len(first["skipped"]) == 2
    assert [done for done, _, _ in progress] == list(range(1, 40 + 10))
    assert got["parallel"][4] == ["claimed.txt"] * 2  # a claimed file is never a source


def test_a_dead_worker_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: list[importer._Worker]
) -> None:
    class Dying(importer._Worker):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            self.proc.kill()

    monkeypatch.setattr(importer, "_Worker", Dying)
    arts = tmp_path / "arts"
    many_articles(arts, 30)
    lib = open_library(tmp_path / "lib")
    try:
        report = lib.import_paths([arts])
        assert len(workers) == 2 and all(w.proc.returncode is not None for w in workers)
        assert len(report.new) == 30 and not report.skipped
        assert len(lib.rows()) == 30
    finally:
        lib.close()


def test_an_interrupted_import_leaves_no_worker_behind(
    tmp_path: Path, workers: list[importer._Worker]
) -> None:
    arts = tmp_path / "arts"
    many_articles(arts, 30)
    lib = open_library(tmp_path / "lib")

    def interrupt(done: int, total: int, path: str) -> None:
        if done == 10:
            raise KeyboardInterrupt

    try:
        with pytest.raises(KeyboardInterrupt):
            importer.import_paths(lib._db, [arts], progress=interrupt, batch_size=4)
        assert workers and all(w.proc.returncode is not None for w in workers)
        assert len(lib.rows()) == 8  # two batches of four were committed
        assert len(lib.import_paths([arts]).new) == 22
    finally:
        lib.close()
