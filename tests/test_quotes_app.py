"""``Session.quotes``: an article's quotations through the application layer, with the
confidence floor that ``reader quotes --min-confidence`` passes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.app import open_session
from reader.app.errors import InvalidValue


def test_session_quotes_with_a_confidence_floor(
    library_dir: Path, write_article: Callable[..., Path], tmp_path: Path
) -> None:
    write_article(
        "pier.txt",
        title="Pier to reopen",
        body=[
            '"The east pier will reopen before the summer crowds arrive," said Mayor Hannah Ruiz.',
            '"It is a promise we can keep," she added.',
        ],
    )
    with open_session(library_dir, samples=False) as session:
        session.import_paths([tmp_path / "articles"])
        article_id = next(r.id for r in session.library.records())
        every = session.quotes(article_id)
        assert every.record.id == article_id
        assert [q.speaker for q in every.quotes] == ["Hannah Ruiz", "Hannah Ruiz"]
        surest = max(q.confidence for q in every.quotes)
        kept = session.quotes(article_id, min_confidence=surest).quotes
        assert kept == tuple(q for q in every.quotes if q.confidence >= surest)
        assert session.quotes(article_id, min_confidence=min(1.0, surest + 0.01)).quotes == ()
        with pytest.raises(InvalidValue):
            session.quotes(article_id, min_confidence=1.5)
