"""Hand-made values for digest tests: records, quotes and a fixed clock, no database."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from digest.briefing import Briefing, build_briefing
from reader.article import Article
from reader.library import ArticleRecord, Bookmark, Highlight

NOW = datetime(2024, 3, 8, 7, 0, tzinfo=UTC)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Inbox:
    """An aiosmtpd handler keeping what it received."""

    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@dataclass
class Server:
    inbox: Inbox
    port: int


def start_smtp(**kwargs: Any) -> tuple[Controller, Server]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    return controller, Server(inbox, port)


def serving(**kwargs: Any) -> Iterator[Server]:
    """A fixture body: an aiosmtpd server on 127.0.0.1 for one test, stopped afterwards."""
    controller, server = start_smtp(**kwargs)
    try:
        yield server
    finally:
        controller.stop()


def password_authenticator(password: str) -> Callable[..., AuthResult]:
    """An aiosmtpd authenticator that takes LOGIN/PLAIN with exactly this password."""

    def authenticate(
        server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False)

    return authenticate


def one_piece_briefing(title: str = "Ferry <vote>") -> Briefing:
    """A briefing of one bookmarked article, for mail tests."""
    record = make_record(make_article(title, body=("The council voted to keep it.",)))
    return build_briefing([record], title="Morning", now=NOW, extract=lambda a: [])


@dataclass(frozen=True)
class StubQuote:
    """Same fields as digest.quotes.Quote: lets selection be tested apart from extraction."""

    text: str
    speaker: str | None
    speaker_short: str | None
    start: int
    end: int
    kind: str = "full"
    confidence: float = 0.99


def quote_in(article_text: str, words: str, speaker: str | None, kind: str = "full") -> StubQuote:
    """A quote of ``words`` found in the text, offsets covering the words and their marks."""
    start = article_text.index(words)
    short = speaker.split()[-1] if speaker else None
    return StubQuote(words, speaker, short, start - 1, start + len(words) + 1, kind)


def make_article(
    title: str = "Harbour council votes to keep the night ferry running",
    *,
    body: Sequence[str] = ("The harbour council voted on Thursday to keep the night ferry.",),
    day: date | None = date(2024, 3, 7),
    authors: Sequence[str] = ("Priya Natarajan",),
    section: str = "Local news",
    tags: Sequence[str] = ("Transport",),
    url: str = "https://example.org/local/ferry",
) -> Article:
    return Article(
        title=title,
        body=tuple(body),
        date=day,
        date_text=day.isoformat() if day else "",
        authors=tuple(authors),
        section=section,
        tags=tuple(tags),
        url=url,
    )


def make_record(
    article: Article,
    *,
    record_id: str | None = None,
    user_tags: Sequence[str] = (),
    note: str = "",
    bookmarked_at: datetime | None = NOW,
    highlights: Sequence[tuple[int, int]] = (),
) -> ArticleRecord:
    text = article.text
    marks = tuple(
        Highlight(id=i + 1, start=s, end=e, text=text[s:e], created_at=NOW)
        for i, (s, e) in enumerate(highlights)
    )
    return ArticleRecord(
        id=record_id or article.stable_id,
        article=article,
        user_tags=tuple(user_tags),
        bookmark=Bookmark(created_at=bookmarked_at, note=note) if bookmarked_at else None,
        read=False,
        read_at=None,
        highlights=marks,
        missing=False,
        imported_at=NOW,
        updated_at=NOW,
    )
