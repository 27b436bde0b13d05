"""The Library's reading and user-state methods, on a small real library."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from library_helpers import article_file

from reader.library import (
    Library,
    LibraryError,
    QueryCancelled,
    QueryError,
    UnknownArticle,
    open_library,
    resolve_library_dir,
)


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    arts = tmp_path / "arts"
    article_file(arts, "ferry.txt", "Night ferry saved", url="https://example.org/ferry")
    article_file(
        arts,
        "ai.md",
        "Robots in the newsroom",
        "Artificial intelligence writes the weather report now. Nobody minds.",
        tags="Artificial intelligence (AI), Media",
        date="2023-11-02",
        author="Tom Okafor and Maria Lindqvist",
        section="Technology",
    )
    article_file(
        arts,
        "budget.txt",
        "Budget hole at the harbour",
        "The finance committee found a hole of £400,000 in the ferry budget.",
        tags="Harbour council",
        date="2024-05-01",
        section="Local news",
    )
    library = open_library(tmp_path / "lib")
    report = library.import_paths([arts])
    assert len(report.new) == 3, report
    yield library
    library.close()


def _id(lib: Library, title: str) -> str:
    (row,) = [r for r in lib.rows() if r.title == title]
    return row.id


def test_resolve_library_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_LIBRARY", str(tmp_path / "env"))
    assert resolve_library_dir(tmp_path / "x") == tmp_path / "x"
    assert resolve_library_dir() == tmp_path / "env"
    monkeypatch.delenv("READER_LIBRARY")
    assert resolve_library_dir().name == "reader"


def test_open_library_uses_env_and_creates_db(tmp_path: Path) -> None:
    with open_library() as library:
        assert (library.path / "library.sqlite3").exists()
        assert library.is_empty()


def test_rows_sort_and_paging(lib: Library) -> None:
    rows = lib.rows()
    assert [r.date for r in rows] == [date(2024, 5, 1), date(2024, 3, 7), date(2023, 11, 2)]
    assert lib.rows(sort="title", descending=False)[0].title == ("Budget hole at the harbour")
    assert [r.id for r in lib.rows(offset=1, limit=1)] == [rows[1].id]
    assert lib.ids() == [r.id for r in rows]
    assert lib.count() == 3 and lib.count("tag:media") == 1
    ai = lib.row_for(_id(lib, "Robots in the newsroom"))
    assert ai.authors == ("Tom Okafor", "Maria Lindqvist") and ai.section == "Technology"
    assert not ai.bookmarked and not ai.read and not ai.missing and ai.word_count == 9
    with pytest.raises(QueryError):
        lib.rows(sort="size")


def test_get_and_prefix_resolution(lib: Library) -> None:
    aid = _id(lib, "Night ferry saved")
    record = lib.get(aid[:4])
    assert record.id == aid and record.article.title == "Night ferry saved"
    assert record.article.url == "https://example.org/ferry"
    assert record.article.source_path is not None
    assert record.article.source_path.endswith("ferry.txt")
    assert lib.resolve_id(aid.upper()) == aid
    with pytest.raises(UnknownArticle):
        lib.get("zzzzzzzzzz")
    with pytest.raises(UnknownArticle):
        lib.resolve_id("")


def test_search_ranks_title_first_with_snippet(lib: Library) -> None:
    rows = lib.search("ferry")
    assert rows[0].title == "Night ferry saved"
    assert {r.title for r in rows} == {"Night ferry saved", "Budget hole at the harbour"}
    assert "\x02ferry\x03" in rows[1].snippet.lower()
    assert rows[0].rank <= rows[1].rank
    assert lib.match_terms('ferry -crypto "open source" tag:x') == ["ferry", "open source"]
    assert lib.search("tag:media")[0].title == "Robots in the newsroom"


def test_rows_for_ids_keeps_the_callers_order_with_snippets(lib: Library) -> None:
    ranked = lib.ids("ferry", sort="rank")
    ferry, budget = _id(lib, "Night ferry saved"), _id(lib, "Budget hole at the harbour")
    assert ranked == [ferry, budget]
    robots = _id(lib, "Robots in the newsroom")
    rows = lib.rows_for_ids([budget, "nosuchid", robots, budget, ferry], "ferry")
    assert [r.id for r in rows] == [budget, robots, ferry]  # unknown dropped, duplicate once
    by_id = {r.id: r for r in rows}
    assert "\x02ferry\x03" in by_id[budget].snippet.lower()
    assert by_id[robots].snippet == ""  # no longer matching: shown without a snippet
    assert "\x02ferry\x03" in by_id[ferry].snippet.lower()
    assert [r.title for r in lib.rows_for_ids([robots])] == ["Robots in the newsroom"]
    assert lib.rows_for_ids([]) == []
    plain = lib.rows_for_ids([ferry], "tag:transport")  # no words: no snippet, no error
    assert plain[0].snippet == ""
    with pytest.raises(QueryError):
        lib.rows_for_ids([ferry], 'ferry "unclosed')


def test_rows_for_ids_reads_long_lists_in_chunks(
    lib: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.library.store as store

    monkeypatch.setattr(store, "_MAX_IDS_PER_FETCH", 1)
    order = [r.id for r in lib.rows(sort="title")]
    rows = lib.rows_for_ids([*order, "nosuchid"], "ferry")
    assert [r.id for r in rows] == order  # one statement per id, still in the caller's order
    matching = set(lib.ids("ferry"))
    assert len(matching) == 2
    assert {r.id for r in rows if "\x02ferry\x03" in r.snippet.lower()} == matching


def test_tags_user_and_article(lib: Library) -> None:
    aid = _id(lib, "Robots in the newsroom")
    assert lib.add_tags(aid, ["To read", " to  READ ", "", "Deep dive"]) == ("To read", "Deep dive")
    assert lib.count("tag:deep dive") == 0  # unquoted: "dive" is a word
    assert lib.count('tag:"deep dive"') == 1
    assert lib.count("tag:MEDIA") == 1 and lib.count("tag:media tag:to") == 0
    assert [r.id for r in lib.search("dive")] == [aid]  # user tags are in the FTS index
    record = lib.get(aid)
    assert record.all_tags == ("Artificial intelligence (AI)", "Media", "To read", "Deep dive")
    assert lib.remove_tags(aid, ["to read"]) == ("Deep dive",)
    lib.remove_tags(aid, ["deep dive"])
    assert lib.search("dive") == []
    counts = {(t.name, t.kind): t.count for t in lib.tag_counts()}
    assert counts[("Ferries", "article")] == 1 and counts[("Media", "article")] == 1


def test_ids_can_be_cancelled_midway(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """Live search abandons the query of a word the user has typed past."""
    from reader.library import store

    monkeypatch.setattr(store, "_CANCEL_CHECK_STEPS", 5)  # check often on a tiny library
    checks: list[int] = []

    def cancel() -> bool:
        checks.append(1)
        return True

    with pytest.raises(QueryCancelled):
        lib.ids("ferry", sort="rank", cancel=cancel)
    assert checks
    # the pooled connection is fine afterwards, and a check that says go changes nothing
    assert lib.ids("ferry", sort="rank", cancel=lambda: False) == lib.ids("ferry", sort="rank")
    assert len(lib.ids(cancel=lambda: False)) == 3


def test_bookmark_read_highlight(lib: Library) -> None:
    aid = _id(lib, "Night ferry saved")
    first = lib.set_bookmark(aid, "for Friday")
    assert first.created_at.tzinfo is not None and first.note == "for Friday"
    again = lib.set_bookmark(aid)
    assert again == first  # created_at and note kept
    assert lib.set_bookmark(aid, "changed").created_at == first.created_at
    assert lib.count("is:bookmarked") == 1 and lib.row_for(aid).bookmarked
    lib.set_read(aid)
    read_at = lib.get(aid).read_at
    lib.set_read(aid)
    assert lib.get(aid).read_at == read_at and lib.count("is:unread") == 2
    text = lib.get(aid).article.text
    hl = lib.add_highlight(aid, 4, 17)
    assert hl.text == text[4:17] and lib.count("is:highlighted") == 1
    assert lib.get(aid).highlights == (hl,)
    with pytest.raises(LibraryError):
        lib.add_highlight(aid, 5, 10_000)
    lib.remove_highlight(hl.id)
    with pytest.raises(LibraryError):
        lib.remove_highlight(hl.id)
    assert lib.view_counts() == {"all": 3, "unread": 2, "bookmarked": 1, "highlighted": 0}
    lib.remove_bookmark(aid)
    lib.set_read(aid, False)
    assert lib.view_counts() == {"all": 3, "unread": 3, "bookmarked": 0, "highlighted": 0}


def test_sections_saved_searches_state_meta(lib: Library) -> None:
    assert lib.section_counts() == [("Local news", 2), ("Technology", 1)]
    lib.save_search("work", "tag:media -is:read")
    lib.save_search("work", "tag:ai")
    assert [(s.name, s.query) for s in lib.saved_searches()] == [("work", "tag:ai")]
    with pytest.raises(QueryError):
        lib.save_search("bad", "tag:")
    lib.delete_saved_search("work")
    with pytest.raises(LibraryError):
        lib.delete_saved_search("work")
    assert lib.get_state("theme", "dark") == "dark"
    lib.set_state("theme", "light")
    assert lib.get_state("theme") == "light"
    assert lib.last_digest_at() is None
    moment = datetime(2024, 3, 7, 8, 30, tzinfo=UTC)
    lib.set_last_digest_at(moment)
    assert lib.last_digest_at() == moment


def test_records_carry_state(lib: Library) -> None:
    aid = _id(lib, "Budget hole at the harbour")
    lib.add_tags(aid, ["money"])
    lib.set_bookmark(aid)
    records = lib.records("tag:money")
    assert [r.id for r in records] == [aid]
    assert records[0].bookmarked and records[0].user_tags == ("money",)
    assert "£400,000" in records[0].article.text
    assert len(lib.records()) == 3
    assert all(r.word_count == r.article.word_count > 0 for r in lib.records())


def test_ensure_samples_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.library import importer

    samples = tmp_path / "samples"
    article_file(samples, "one.txt", "Sample one")
    monkeypatch.setattr(importer, "samples_dir", lambda: samples)
    with open_library(tmp_path / "lib") as library:
        report = library.ensure_samples()
        assert report is not None and len(report.new) == 1
        assert library.ensure_samples() is None
    with open_library(tmp_path / "lib2") as library:
        monkeypatch.setenv("READER_CONFIG", str(tmp_path / "c.toml"))
        (tmp_path / "c.toml").write_text("[library]\nauto_samples = false\n")
        assert library.ensure_samples() is None and library.is_empty()


def test_samples_dir_found_in_checkout() -> None:
    from reader.library.importer import samples_dir

    found = samples_dir()
    assert found is not None and found.name in ("sample_articles", "_samples")
