"""The application layer (reader.app): every user operation once, typed, with typed errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reader.app import (
    InvalidValue,
    NoSuchTag,
    NotFound,
    NotTagged,
    Session,
    StateFormat,
    exit_code_for,
    open_session,
)
from reader.app.briefing import BriefingRequest, Delivery, parse_since, preview, run_digest
from reader.app.errors import DeliveryFailed, MailSetupError
from reader.library.query import compile_query


@pytest.fixture
def session(
    library_dir: Path, write_article: Callable[..., Path], tmp_path: Path
) -> Iterator[Session]:
    write_article("ferry.txt", title="Night ferry kept", tags=["Transport"])
    write_article("storm.txt", title="Storm closes bridges", date="2024-03-04", tags=["Weather"])
    with open_session(library_dir, samples=False) as opened:
        opened.import_paths([tmp_path / "articles"])
        yield opened


def _id(session: Session, title: str) -> str:
    return next(r.id for r in session.library.records() if r.article.title == title)


def test_tag_untag_and_the_editor_s_arithmetic(session: Session) -> None:
    ferry = _id(session, "Night ferry kept")
    change = session.tag(ferry, ["to-brief", "  open   source "])
    assert change.added == ("to-brief", "open source")
    assert change.tags == ("to-brief", "open source")
    assert session.tag(ferry, ["TO-BRIEF"]).added == ()  # already there, any case

    with pytest.raises(NotTagged, match="not tagged 'nope'") as info:
        session.untag(ferry, ["to-brief", "nope"])
    assert exit_code_for(info.value) == 1
    assert session.get(ferry).user_tags == ("to-brief", "open source")  # nothing changed

    edit = session.set_tags(ferry, ["Open Source", "monday"])
    assert edit.added == ("monday",) and edit.removed == ("to-brief",)
    assert session.get(ferry).user_tags == ("open source", "monday")
    assert not session.set_tags(ferry, ["monday", "open source"]).changed


def test_toggles_and_highlights(session: Session) -> None:
    ferry = _id(session, "Night ferry kept")
    assert session.toggle_bookmark(ferry).on
    assert session.get(ferry).bookmarked
    assert session.toggle_bookmark(ferry).message == "Bookmark removed"
    assert session.toggle_read(ferry).message == "Marked read"
    assert session.row(ferry).read
    assert not session.toggle_read(ferry).on
    highlight = session.add_highlight(ferry, 0, 4)
    assert session.get(ferry).highlights[0].text == highlight.text
    session.remove_highlight(highlight.id)
    assert session.get(ferry).highlights == ()


def test_saved_searches(session: Session) -> None:
    session.save_search("weather", "tag:weather")
    renamed = session.rename_search("weather", "Storms")
    assert renamed.query == "tag:weather"
    assert [s.name for s in session.saved_searches()] == ["Storms"]
    with pytest.raises(NotFound):
        session.rename_search("weather", "x")
    session.delete_search("Storms")
    assert session.saved_searches() == []
    with pytest.raises(NotFound):
        session.delete_search("Storms")


def test_renaming_a_saved_search_never_replaces_another(session: Session) -> None:
    session.save_search("weather", "tag:weather")
    session.save_search("Storms", "tag:storms")
    with pytest.raises(InvalidValue, match="already"):
        session.rename_search("weather", "storms")
    with pytest.raises(InvalidValue):
        session.rename_search("weather", "  ")
    assert [(s.name, s.query) for s in session.saved_searches()] == [
        ("Storms", "tag:storms"),
        ("weather", "tag:weather"),
    ]
    assert session.rename_search("weather", " Weather ").name == "Weather"  # case only
    assert [(s.name, s.query) for s in session.saved_searches()] == [
        ("Storms", "tag:storms"),
        ("Weather", "tag:weather"),
    ]


@pytest.mark.parametrize("fmt", list(StateFormat))
def test_one_exporter_round_trips(
    session: Session, library_dir: Path, tmp_path: Path, fmt: StateFormat
) -> None:
    ferry = _id(session, "Night ferry kept")
    session.tag(ferry, ["to-brief"])
    session.bookmark(ferry, "for Monday")
    written = session.export_state_to(tmp_path / f"state.{fmt.value}")
    assert written.articles == 1 and written.path.stat().st_mode & 0o777 == 0o600
    default = session.export_state_to(fmt=fmt)  # the app's: into <library>/exports/
    assert default.path.parent == library_dir / "exports"
    assert default.path.suffix == f".{fmt.value}" and "for Monday" in default.path.read_text()
    other = open_session(tmp_path / "other", samples=False)
    try:
        report = other.restore_state(written.path)
        assert report.pending == [ferry]
    finally:
        other.close()
    with pytest.raises(NotFound):
        session.restore_state(tmp_path / "nope.toml")


def test_import_of_an_absent_path_names_it(session: Session, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="nope"):
        session.import_paths([tmp_path / "nope"])


def test_since_spans_agree_with_the_query_language() -> None:
    """One relative-date parser: on 31 March, a month back is 28 February for both."""
    now = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)
    cutoff = parse_since("1m", now)
    assert isinstance(cutoff, datetime)
    assert cutoff.date() == date(2026, 2, 28)
    query = compile_query("since:1m", today=date(2026, 3, 31))
    assert query.params == ["2026-02-28"]
    assert parse_since("1y", now) == datetime(2025, 3, 31, 12, 0, tzinfo=UTC)
    assert parse_since("12h", now) == datetime(2026, 3, 31, 0, 0, tzinfo=UTC)
    assert parse_since("last", now) == "last"
    with pytest.raises(InvalidValue, match="yesterday"):
        parse_since("yesterday", now)


def test_preview_uses_config_defaults_and_never_moves_the_mark(
    session: Session, config_file: Path
) -> None:
    config_file.write_text('[digest]\ntitle = "Morning"\ngroup_by = "none"\n', "utf-8")
    with open_session(session.library_dir, config_file) as configured:
        configured.bookmark(_id(configured, "Night ferry kept"))
        shown = preview(configured, BriefingRequest(format="markdown"))
        assert shown.count == 1 and shown.body.startswith("# Morning")
        assert configured.library.last_digest_at() is None
        with pytest.raises(NoSuchTag, match="no bookmarked piece has tag 'nosuchtag'"):
            preview(configured, BriefingRequest(tags=("nosuchtag",)))


def test_run_digest_marks_only_what_it_delivers(session: Session, tmp_path: Path) -> None:
    session.bookmark(_id(session, "Storm closes bridges"))
    printed = run_digest(session, BriefingRequest(since="last"))
    assert printed.count == 1 and not printed.marked
    assert session.library.last_digest_at() is None
    written = run_digest(session, BriefingRequest(since="last"), Delivery(output=tmp_path / "b.md"))
    assert written.marked and written.written == (tmp_path / "b.md",)
    assert session.library.last_digest_at() == written.started
    nothing = run_digest(session, BriefingRequest(since="last"))
    assert nothing.count == 0 and nothing.notice.startswith("nothing new")


def test_mail_setup_is_checked_before_any_work(session: Session) -> None:
    session.bookmark(_id(session, "Storm closes bridges"))
    with pytest.raises(MailSetupError, match=r"smtp\.from") as info:
        run_digest(session, BriefingRequest(), Delivery(email=True))
    assert exit_code_for(info.value) == 1
    assert exit_code_for(DeliveryFailed("x")) == 3
    assert not (session.library_dir / "briefings").exists()


def test_atomic_writes_never_change_the_process_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app writes from worker threads: setting the umask to read it would, for an
    instant, let every other thread create files world-writable."""
    import os

    from reader.fileio import atomic_write_text

    old = os.umask(0o027)
    try:

        def no_umask(mask: int) -> int:
            raise AssertionError("os.umask was called")

        monkeypatch.setattr(os, "umask", no_umask)
        atomic_write_text(tmp_path / "briefing.md", "hello")
    finally:
        monkeypatch.undo()
        os.umask(old)
    assert (tmp_path / "briefing.md").stat().st_mode & 0o777 == 0o640


def test_count_agrees_with_the_list(session: Session) -> None:
    """count() builds its own unordered SQL (it used to cut the list's SQL at " ORDER BY ")."""
    storm = _id(session, "Storm closes bridges")
    session.tag(storm, ["x ORDER BY y"])
    for query in ('tag:"x ORDER BY y"', '"closes bridges"', "", "-is:read", "bridges"):
        assert session.library.count(query) == len(session.library.ids(query)), query


def test_search_highlights_survive_letters_that_fold_longer() -> None:
    """'ß' case-folds to 'ss': offsets from the folded text used to mark 'rücke ' for brücke."""
    from rich.text import Text

    from reader.app import find_terms
    from reader.tui.text import highlight_terms

    text = "Straße zur Brücke"
    assert [text[s:e] for s, e in find_terms(text, ["brücke"])] == ["Brücke"]
    assert [text[s:e] for s, e in find_terms(text, ["BRUCKE", "strasse"])] == ["Brücke"]
    styled = highlight_terms(Text(text), ["brücke"], "reverse")
    [span] = styled.spans
    assert text[span.start : span.end] == "Brücke"


def test_match_marks_are_read_in_one_place() -> None:
    from reader.app import split_snippet
    from reader.cli_support import snippet_json

    snippet = "the \x02ferry\x03 ran, \x02late"
    assert split_snippet(snippet) == [
        ("the ", False),
        ("ferry", True),
        (" ran, ", False),
        ("late", True),
    ]
    assert snippet_json(snippet) == ("the ferry ran, late", [[4, 9], [15, 19]])


@pytest.mark.parametrize("value", ["ai", "open source", "C++", "-minus", "a:b", "(x)", "it's"])
def test_one_quoting_reads_back_as_written(value: str) -> None:
    from reader.app import QueryError, quote_term

    compiled = compile_query(f"tag:{quote_term(value)} -tag:{quote_term(value)}")
    assert compiled.params[:2] == [value.casefold(), value.casefold()]
    with pytest.raises(QueryError, match="double quote"):
        quote_term(f'{value}"')
