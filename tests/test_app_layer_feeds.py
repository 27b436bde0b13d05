"""The feed operations of the application layer (reader.app.feeds): what the CLI's ``feed``,
``fetch`` and ``save`` commands are thin calls to, with their typed errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.app import USER_ERRORS, Busy, InvalidValue, Session, exit_code_for, open_session
from reader.app import feeds as feed_ops
from reader.feeds.lock import fetch_lock
from reader.library.feeds import FetchRecord, UnknownFeed

NOW = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    with open_session(tmp_path / "lib", tmp_path / "none.toml", samples=False) as opened:
        yield opened


def _feed(session: Session, url: str, title: str, status: str = "ok") -> int:
    feed = session.library.feeds.add(url, title=title)
    error = "" if status == "ok" else "HTTP 503"
    record = FetchRecord(status, NOW + timedelta(hours=1), NOW, error=error)
    session.library.feeds.record(feed.id, record)
    return feed.id


def test_a_fetch_while_another_runs_is_busy(session: Session) -> None:
    _feed(session, "http://127.0.0.1:9/a.xml", "Harbour news")
    with fetch_lock(session.library.path):
        with pytest.raises(Busy, match="another fetch is running") as fetching:
            feed_ops.fetch(session, force=True)
        with pytest.raises(Busy, match="another fetch is running"):
            feed_ops.fetch_missing_text(session)
    assert isinstance(fetching.value, USER_ERRORS) and exit_code_for(fetching.value) == 1
    assert session.library.feeds.all()[0].last_fetched_at == NOW  # nothing was fetched


def test_malformed_fetch_timeouts_are_an_invalid_value(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_FETCH_TIMEOUTS", "soon")
    with pytest.raises(InvalidValue, match="READER_FETCH_TIMEOUTS"):
        feed_ops.fetch(session)
    with pytest.raises(InvalidValue, match="READER_FETCH_TIMEOUTS"):
        feed_ops.save(session, "http://127.0.0.1:9/page")


def test_troubled_feeds_are_the_failing_moved_and_gone(session: Session) -> None:
    _feed(session, "http://127.0.0.1:9/a.xml", "Alpha", "ok")
    _feed(session, "http://127.0.0.1:9/b.xml", "Bravo", "failing")
    _feed(session, "http://127.0.0.1:9/c.xml", "Charlie", "gone")
    _feed(session, "http://127.0.0.1:9/d.xml", "Delta", "moved")
    assert [f.title for f in feed_ops.feeds(session)] == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert [f.title for f in feed_ops.troubled_feeds(session)] == ["Bravo", "Charlie", "Delta"]


def test_edit_normalises_the_url_and_unsubscribe_names_the_feed(session: Session) -> None:
    fid = _feed(session, "http://127.0.0.1:9/a.xml", "Alpha", "gone")
    edited = feed_ops.edit_feed(
        session, "Alpha", url="HTTP://127.0.0.1:9/new.xml#top", tags=["sea"]
    )
    assert (edited.id, edited.url, edited.tags) == (fid, "http://127.0.0.1:9/new.xml", ("sea",))
    assert edited.status == "new"  # a gone feed edited is tried again
    removed, deleted = feed_ops.unsubscribe(session, str(fid))
    assert (removed.title, deleted) == ("Alpha", 0)
    assert feed_ops.feeds(session) == []
    with pytest.raises(UnknownFeed):
        feed_ops.unsubscribe(session, "Alpha")


def test_opml_out_and_back_in(session: Session, tmp_path: Path) -> None:
    _feed(session, "http://127.0.0.1:9/a.xml", "Alpha")
    opml = tmp_path / "subs.opml"
    opml.write_text(feed_ops.export_subscriptions(session), "utf-8")
    with open_session(tmp_path / "other", tmp_path / "none.toml", samples=False) as other:
        report = feed_ops.import_subscriptions(other, opml)
        assert len(report.added) == 1
        assert [f.url for f in feed_ops.feeds(other)] == ["http://127.0.0.1:9/a.xml"]
