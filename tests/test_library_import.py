"""Import: incremental, id-stable, never losing user state, never stopped by one bad file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from library_helpers import article_file, bump_mtime

from reader.library import Library, UnknownArticle, open_library


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = open_library(tmp_path / "lib")
    yield library
    library.close()


def _add_state(lib: Library, aid: str) -> None:
    lib.add_tags(aid, ["keep me"])
    lib.set_bookmark(aid, "note")
    lib.set_read(aid)
    lib.add_highlight(aid, 0, 7)


def _assert_state(lib: Library, aid: str) -> None:
    record = lib.get(aid)
    assert record.user_tags == ("keep me",)
    assert record.bookmark is not None and record.bookmark.note == "note"
    assert record.read
    assert [(h.start, h.end) for h in record.highlights] == [(0, 7)]


def test_incremental_rescan_reads_nothing(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arts = tmp_path / "arts"
    for i in range(5):
        article_file(arts / "sub", f"a{i}.txt", f"Article {i}", f"Body {i}.")
    (arts / "notes.pdf").write_bytes(b"%PDF")
    article_file(arts / ".hidden", "h.txt", "Hidden folder")
    article_file(arts, ".h.txt", "Hidden file")
    article_file(arts, "UPPER.TXT", "Upper case suffix")
    first = lib.import_paths([arts])
    assert len(first.new) == 6 and not first.skipped
    from reader.library import importer

    def no_reading(*args: object) -> bytes:
        raise AssertionError("an unchanged file was read")

    monkeypatch.setattr(importer, "_read", no_reading)
    second = lib.import_paths([arts])
    assert len(second.unchanged) == 6 and not second.new and not second.updated


def test_touched_file_with_same_bytes_is_unchanged(lib: Library, tmp_path: Path) -> None:
    path = article_file(tmp_path, "a.txt", "Touched")
    lib.import_paths([path])
    bump_mtime(path)
    report = lib.import_paths([path])
    assert report.unchanged == [str(path)] and not report.updated


def test_changed_file_keeps_id_and_state(lib: Library, tmp_path: Path) -> None:
    path = article_file(tmp_path, "a.txt", "Original title", "Original words here.")
    lib.import_paths([path])
    (aid,) = lib.ids()
    _add_state(lib, aid)
    article_file(tmp_path, "a.txt", "New title", "Completely new words.", url="https://x.org/1")
    bump_mtime(path)
    report = lib.import_paths([path])
    assert report.updated == [str(path)]
    assert lib.ids() == [aid]  # content and URL changed: the path keeps its id
    assert lib.get(aid).article.title == "New title"
    assert lib.search("completely")[0].id == aid and lib.search("original") == []
    assert lib.search("keep")[0].id == aid  # user tags survive in the FTS index
    _assert_state(lib, aid)


def test_same_article_two_paths_is_one(lib: Library, tmp_path: Path) -> None:
    a = article_file(tmp_path / "x", "a.txt", "Same", url="https://example.org/s")
    b = article_file(tmp_path / "y", "b.txt", "Same again", url="https://example.org/s")
    report = lib.import_paths([a, b])
    assert report.new == [str(a)] and report.unchanged == [str(b)]
    assert report.warnings and report.warnings[0][0] == str(b)
    assert lib.count() == 1


def test_the_importer_gives_articles_their_stable_id(lib: Library, tmp_path: Path) -> None:
    """The importer derives the id from the identity digest it already has (one hash, not
    two): it must equal ``Article.stable_id`` for URL and text identities alike."""
    from reader.article import parse_file

    paths = [
        article_file(tmp_path, "u.txt", "With a URL", url="https://example.org/u"),
        article_file(tmp_path, "t.txt", "Without one", "Ünïcode body, 東京."),
    ]
    lib.import_paths(paths)
    assert sorted(lib.ids()) == sorted(parse_file(p).stable_id for p in paths)


def test_id_collision_lengthens(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.library import importer

    monkeypatch.setattr(importer, "short_id", lambda ident: "aaaaaaaa")
    article_file(tmp_path, "a.txt", "First", "One.")
    article_file(tmp_path, "b.txt", "Second", "Two.")
    lib.import_paths([tmp_path])
    ids = sorted(lib.ids())
    assert ids[0] == "aaaaaaaa" and len(ids[1]) == 9 and ids[1].startswith("aaaaaaaa")
    assert lib.get("aaaaaaaa").article.title == "First"
    with pytest.raises(UnknownArticle, match="ambiguous"):
        lib.resolve_id("aaaa")


def test_missing_then_reappearing(lib: Library, tmp_path: Path) -> None:
    arts = tmp_path / "arts"
    keep = article_file(arts, "keep.txt", "Keep")
    gone = article_file(arts, "gone.txt", "Gone")
    lib.import_paths([arts])
    aid = lib.get(lib.ids("title:gone")[0]).id
    _add_state(lib, aid)
    moved = gone.read_bytes()
    gone.unlink()
    report = lib.import_paths([arts])
    assert report.missing == [str(gone)] and str(keep) in report.unchanged
    assert lib.get(aid).missing and lib.count("is:missing") == 1
    _assert_state(lib, aid)
    # importing just one file never marks its siblings missing
    assert lib.import_paths([keep]).missing == []
    gone.write_bytes(moved)
    lib.import_paths([arts])
    assert not lib.get(aid).missing and lib.count("is:missing") == 0
    _assert_state(lib, aid)
    assert lib.import_paths([arts], mark_missing=False).missing == []


def test_bad_files_are_skipped_with_reasons(lib: Library, tmp_path: Path) -> None:
    from reader.article import MAX_ARTICLE_BYTES

    arts = tmp_path / "arts"
    good = article_file(arts, "good.txt", "Good one")
    (arts / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (arts / "empty.md").write_bytes(b"")
    huge = arts / "huge.txt"
    with open(huge, "wb") as fh:
        fh.truncate(MAX_ARTICLE_BYTES + 1)  # sparse: costs no disk
    (arts / "cp.txt").write_bytes(
        "## Caf\xe9 prices\n\nThe caf\xe9 \x93rose\x94 its prices.\n".encode("latin-1")
    )
    (arts / "escapes.txt").write_text(
        "## \x1b[31mRed\x1b[0m [bold]title[/]\n\nBody with \x1b]8;;http://evil\x07link\x1b]8;;\x07.\n",
        encoding="utf-8",
    )
    report = lib.import_paths([arts])
    skipped = dict(report.skipped)
    assert set(skipped) == {str(arts / n) for n in ("binary.txt", "empty.md", "huge.txt")}
    assert all(reason and "\n" not in reason for reason in skipped.values())
    assert "big" in skipped[str(huge)]
    assert {str(good), str(arts / "cp.txt"), str(arts / "escapes.txt")} == set(report.new)
    assert any(p == str(arts / "cp.txt") for p, _ in report.warnings)
    cafe = lib.records("title:caf")[0]
    assert "café" in cafe.article.title.lower()


def test_missing_path_and_wrong_suffix(lib: Library, tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    report = lib.import_paths([tmp_path / "nope", tmp_path / "x.pdf"])
    assert [p for p, _ in report.skipped] == [str(tmp_path / "nope"), str(tmp_path / "x.pdf")]


def test_unreadable_folder_chmod(lib: Library, tmp_path: Path) -> None:
    arts = tmp_path / "arts"
    article_file(arts, "ok.txt", "Readable")
    locked = arts / "locked"
    article_file(locked, "secret.txt", "Secret")
    lib.import_paths([arts])
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        report = lib.import_paths([arts])
        assert report.skipped and report.skipped[0][0] == str(locked)
        assert report.missing == []  # unseen is not gone
    finally:
        locked.chmod(0o755)


def test_unreadable_folder_error_path(
    lib: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arts = tmp_path / "arts"
    article_file(arts, "ok.txt", "Readable")
    secret = article_file(arts / "locked", "secret.txt", "Secret")
    lib.import_paths([arts])
    real_scandir = os.scandir

    def scandir(path: str):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = lib.import_paths([arts])
    assert report.skipped == [(str(arts / "locked"), "cannot list folder: Permission denied")]
    assert report.unchanged == [str(arts / "ok.txt")]
    assert report.missing == [] and not lib.get(lib.ids("title:secret")[0]).missing
    assert secret.exists()


def test_progress_and_batches(lib: Library, tmp_path: Path) -> None:
    from reader.library import importer

    for i in range(7):
        article_file(tmp_path / "arts", f"{i}.txt", f"Number {i}", f"Words {i}.")
    calls: list[tuple[int, int]] = []
    report = importer.import_paths(
        lib._db,  # the private connection: to exercise the batch size directly
        [tmp_path / "arts"],
        progress=lambda done, total, path: calls.append((done, total)),
        batch_size=3,
    )
    assert len(report.new) == 7 and calls[-1] == (7, 7) and len(calls) == 7
    assert lib.count() == 7


def test_restored_state_waits_for_import(lib: Library, tmp_path: Path) -> None:
    path = article_file(tmp_path, "later.txt", "Later", url="https://example.org/later")
    from reader.article import stable_id_for

    aid = stable_id_for("https://example.org/later", "", "")
    entry = {
        "user_tags": ["pending tag"],
        "bookmark": {"created_at": "2024-01-01T00:00:00+00:00", "note": "n"},
        "read": True,
        "read_at": "2024-01-02T00:00:00+00:00",
        "highlights": [],
    }
    report = lib.restore_state({"version": 1, "articles": {aid: entry}, "saved_searches": {}})
    assert report.pending == [aid] and not report.applied
    lib.import_paths([path])
    record = lib.get(aid)
    assert record.user_tags == ("pending tag",) and record.bookmarked and record.read
    assert lib.search("pending")[0].id == aid
    assert aid in lib.export_state()["articles"]


def test_an_import_checkpoints_the_wal_once_at_its_end(lib: Library, tmp_path: Path) -> None:
    """During an import the WAL is not copied into the database after every batch (that
    rewrote the shared index and FTS pages once per batch) and the page cache is bigger;
    after it, the usual automatic checkpoint and cache are back and everything the import
    wrote is in the database file."""
    from reader.library import importer

    for i in range(6):
        article_file(tmp_path / "arts", f"a{i}.txt", f"Article {i}", f"Body number {i}.")
    raw = lib._db.raw
    usual = raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    usual_cache = raw.execute("PRAGMA cache_size").fetchone()[0]
    during: list[int] = []
    caches: list[int] = []

    def progress(done: int, total: int, path: str) -> None:
        with lib._db.lock:
            during.append(raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
            caches.append(raw.execute("PRAGMA cache_size").fetchone()[0])

    report = importer.import_paths(lib._db, [tmp_path / "arts"], progress=progress, batch_size=2)
    assert len(report.new) == 6
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    pages = importer.import_checkpoint_pages(page_size)
    assert pages * page_size == importer.IMPORT_CHECKPOINT_BYTES
    assert set(during) == {pages} and usual < min(during)
    assert raw.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == usual
    # a bigger page cache while importing (negative: KiB), the usual one after
    assert set(caches) == {-importer.IMPORT_CACHE_KIB} and usual_cache == -2000
    assert raw.execute("PRAGMA cache_size").fetchone()[0] == usual_cache
    busy, frames, copied = raw.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    # the import's own checkpoint copied every frame: this one finds nothing left to copy
    assert busy == 0 and frames == copied
    assert len(lib.ids()) == 6


def test_the_wal_gives_its_space_back_after_an_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import lets the write-ahead log grow (it checkpoints once, at its end); the next
    write must cut the file back to the limit, not keep it that size on disk for good."""
    from reader.library import db

    monkeypatch.setattr(db, "WAL_SIZE_LIMIT", 64 * 1024)
    library = open_library(tmp_path / "lib")
    try:
        words = " ".join(f"word{n}" for n in range(2000))
        for i in range(40):
            article_file(tmp_path / "arts", f"a{i}.txt", f"Article {i}", f"{words} {i}.")
        library.import_paths([tmp_path / "arts"])
        wal = tmp_path / "lib" / (library._db.path.name + "-wal")
        grown = wal.stat().st_size
        assert grown > 4 * db.WAL_SIZE_LIMIT, "the import should have grown the log"
        aid = library.ids()[0]
        library.set_bookmark(aid, "kept")  # the next write starts the emptied log again
        assert wal.stat().st_size <= db.WAL_SIZE_LIMIT
        assert library.get(aid).bookmark is not None
    finally:
        library.close()


def _page_size(lib: Library) -> int:
    with lib._db.read() as conn:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])


def test_a_new_library_has_large_pages_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    import sqlite3

    from reader.library.db import PAGE_SIZE

    fresh = open_library(tmp_path / "fresh")
    try:
        assert _page_size(fresh) == PAGE_SIZE == 16384
    finally:
        fresh.close()
    # a library made with SQLite's default pages (as every library was before) keeps them:
    # the size of a file's pages is fixed once it has any, and it still opens and imports
    old_dir = tmp_path / "old"
    old_dir.mkdir()
    conn = sqlite3.connect(old_dir / "library.sqlite3")
    conn.execute("PRAGMA page_size = 4096")
    conn.execute("CREATE TABLE early (x)")
    conn.execute("DROP TABLE early")
    conn.close()
    old = open_library(old_dir)
    try:
        assert _page_size(old) == 4096
        path = article_file(tmp_path / "arts", "a.txt", "Old pages", "Still imported.")
        assert len(old.import_paths([path]).new) == 1
        assert [r.title for r in old.search("imported")] == ["Old pages"]
    finally:
        old.close()
    reopened = open_library(tmp_path / "fresh")
    try:
        assert _page_size(reopened) == PAGE_SIZE
    finally:
        reopened.close()
