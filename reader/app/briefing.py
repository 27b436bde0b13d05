"""Build and deliver a briefing: the one pipeline behind ``reader digest`` and the app's
digest preview.

Selection (bookmarks, by tag, bookmarked since a moment or since the last delivered digest),
the options with their config defaults, the lock that stops two runs from overlapping, the
copy kept on disk before mailing, the mail itself, and the "last digest" mark all live here.

The mark (for ``--since last``) moves only when a briefing is *delivered*: mailed, written
as a mail file (``eml``) or written to a file (``output``); or when the caller asks with
``mark``. A preview printed on the terminal or shown in the app never moves it, so looking
never makes the morning's cron run skip anything. The mark is the moment the run *started*,
so a bookmark made while a digest is being mailed is not lost.

Every briefing the reader keeps for the user (the app's saves and the copies kept when a mail
is sent or fails) goes to one folder: ``<library>/briefings/``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from digest.briefing import GROUP_BY_CHOICES, Briefing, build_briefing, covering_text
from digest.mail import MailConfigError, MailError, SmtpSettings, build_message, send_message
from digest.render import EXTENSIONS, FORMATS, render
from digest.runlock import DigestLocked, digest_lock
from reader.app.errors import (
    Busy,
    DeliveryFailed,
    InvalidValue,
    MailSetupError,
    NoSuchTag,
    NothingMatches,
)
from reader.app.queries import checked_query
from reader.app.session import BRIEFINGS_DIR, Session
from reader.config import address_problem
from reader.fileio import atomic_write_bytes, atomic_write_text
from reader.library import ArticleRecord
from reader.parsing.dates import moment_before, parse_span

#: The value of ``since`` that means "since the last delivered digest".
SINCE_LAST = "last"


def parse_since(value: str | None, now: datetime) -> datetime | str | None:
    """``None``, ``"last"``, or the UTC moment a bookmark must be newer than.

    Relative spans are those of the query language's ``since:`` (the same parser:
    ``reader.parsing.dates``), counted back from ``now``; a bare date is midnight where the
    user is. A value that is none of these raises InvalidValue (exit 2, like a bad date in
    ``reader list --since``)."""
    if value is None:
        return None
    text = value.strip().lower()
    if text == SINCE_LAST:
        return SINCE_LAST
    try:
        span = parse_span(text)
        if span is not None:
            return moment_before(now, *span).astimezone(UTC)
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time.min).astimezone().astimezone(UTC)
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidValue(
            f"--since {value!r} is not 7d, 2w, 3m, 1y, 12h, a date (YYYY-MM-DD) or 'last'"
        ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class BriefingRequest:
    """What goes in and how it looks; ``None`` means "the config's value"."""

    format: str | None = None
    since: str | None = None
    tags: tuple[str, ...] = ()
    group_by: str | None = None
    quotes: int | None = None
    title: str | None = None
    query: str | None = None
    """Brief this query of the query language instead of the bookmarks; ``since`` then
    means "arrived since", and ``--since last`` keeps a mark of its own per query."""


@dataclass(frozen=True)
class Delivery:
    """Where the briefing goes. Nothing set: the caller shows ``body`` (a preview)."""

    output: Path | None = None
    """Write the briefing here (atomically)."""
    stdout: Callable[[str], None] | None = None
    """Also hand the body to this (``reader digest`` with ``-o -`` while mailing)."""
    email: bool = False
    to: tuple[str, ...] = ()
    """Recipients instead of ``digest.to``."""
    eml: Path | None = None
    """Write the mail message here instead of (or as well as) sending it."""
    mark: bool = False
    """Move the last-digest mark even though nothing is delivered."""

    @property
    def mailing(self) -> bool:
        return self.email or self.eml is not None

    @property
    def delivers(self) -> bool:
        return self.mailing or self.output is not None


@dataclass(frozen=True)
class Options:
    """A request with every default filled in from the config, and checked."""

    format: str
    group_by: str
    quotes: int
    title: str
    since: datetime | str | None
    tags: tuple[str, ...]
    query: str = ""


@dataclass(frozen=True)
class DigestOutcome:
    """What a run did. ``count == 0`` with a ``notice``: nothing new (exit 0)."""

    count: int
    body: str = ""
    format: str = "markdown"
    briefing: Briefing | None = None
    notice: str = ""
    kept: Path | None = None
    written: tuple[Path, ...] = ()
    mailed_to: tuple[str, ...] = ()
    marked: bool = False
    started: datetime = field(default_factory=lambda: datetime.now(UTC))


def _choice(value: str, choices: Sequence[str], what: str, key: str) -> str:
    if value not in choices:
        raise InvalidValue(f"{what} {value!r} is not one of {', '.join(choices)} (or config {key})")
    return value


def resolve(session: Session, request: BriefingRequest, now: datetime) -> Options:
    """Fill the request's gaps from the config and check every value."""
    cfg = session.config
    fmt = _choice(request.format or cfg.get("digest.format"), FORMATS, "format", "digest.format")
    grouping = _choice(
        request.group_by or cfg.get("digest.group_by"),
        GROUP_BY_CHOICES,
        "grouping",
        "digest.group_by",
    )
    quotes = request.quotes if request.quotes is not None else int(cfg.get("digest.quotes"))
    if quotes < 0:
        raise InvalidValue(f"quotes per piece must be 0 or more (got {quotes})")
    title = request.title if request.title is not None else str(cfg.get("digest.title"))
    tags = tuple(t.strip() for t in request.tags if t.strip())
    query = " ".join((request.query or "").split())
    if request.query is not None and not query:
        raise InvalidValue("--query needs a query (e.g. --query 'feed:\"Local news\"')")
    if query:
        checked_query(query, "--query")  # a malformed query is refused now, naming --query
    return Options(fmt, grouping, quotes, title, parse_since(request.since, now), tags, query)


def select(
    records: Sequence[ArticleRecord], cutoff: datetime | None, tags: Sequence[str]
) -> list[ArticleRecord]:
    """The bookmarked records newer than ``cutoff`` carrying any of ``tags`` (all: none given).

    A tag that no bookmarked piece carries at all (whatever the window) is a mistake worth
    saying: NoSuchTag."""
    wanted = {t.casefold(): t for t in tags}
    bookmarked = [r for r in records if r.bookmark is not None]
    if wanted:
        carried = {t.casefold() for r in bookmarked for t in r.all_tags}
        unknown = [name for key, name in wanted.items() if key not in carried]
        if len(unknown) == len(wanted):
            names = " or ".join(repr(t) for t in unknown)
            raise NoSuchTag(f"no bookmarked piece has tag {names}")
    chosen = []
    for record in bookmarked:
        assert record.bookmark is not None
        if cutoff is not None and record.bookmark.created_at <= cutoff:
            continue
        if wanted and not wanted.keys() & {t.casefold() for t in record.all_tags}:
            continue
        chosen.append(record)
    return chosen


def select_arrived(
    records: Sequence[ArticleRecord],
    cutoff: datetime | None,
    tags: Sequence[str],
    query: str = "",
) -> list[ArticleRecord]:
    """A query's records that arrived (were imported or fetched) after ``cutoff``, carrying
    any of ``tags`` (all of them when none is given).

    A query that matches no article at all, whatever the window (``feed:"No such feed"``),
    is a mistake worth saying, not "nothing new": NothingMatches; so is a tag that none of
    its articles carries: NoSuchTag."""
    if not records:
        raise NothingMatches(f"no piece matches the query {query!r} (whatever its date)")
    wanted = {t.casefold() for t in tags}
    if wanted and not any(wanted & {t.casefold() for t in r.all_tags} for r in records):
        names = " or ".join(repr(t) for t in tags)
        raise NoSuchTag(f"no piece matching the query {query!r} has tag {names}")
    return [
        r
        for r in records
        if (cutoff is None or r.imported_at > cutoff)
        and (not wanted or wanted & {t.casefold() for t in r.all_tags})
    ]


def briefing_path(library_dir: Path, fmt: str, when: datetime) -> Path:
    """Where a kept briefing goes: ``<library>/briefings/briefing-YYYYMMDD-HHMMSS.ext``."""
    stamp = when.astimezone().strftime("%Y%m%d-%H%M%S")
    return library_dir / BRIEFINGS_DIR / f"briefing-{stamp}.{EXTENSIONS[fmt]}"


def _nothing_new(session: Session, options: Options, cutoff: datetime | None) -> str:
    """Why there is nothing to brief: "nothing new" is only true when there was something
    before; a new user with no bookmark is told what a briefing is made of."""
    if not options.query and session.library.count("is:bookmarked") == 0:
        return (
            "nothing to put in a digest: no article is bookmarked yet "
            "(a briefing is made of your bookmarks; bookmark some, or brief a query)"
        )
    when = f" since {cutoff.astimezone():%Y-%m-%d %H:%M}" if cutoff else ""
    return f"nothing new to put in a digest{when}"


def _cutoff(session: Session, since: datetime | str | None, query: str = "") -> datetime | None:
    if since == SINCE_LAST:
        return session.library.last_digest_at(query or None)
    assert since is None or isinstance(since, datetime)
    return since


def _build(
    session: Session, options: Options, now: datetime
) -> tuple[Briefing | None, datetime | None]:
    cutoff = _cutoff(session, options.since, options.query)
    if options.query:
        records = select_arrived(
            session.library.records(options.query), cutoff, options.tags, options.query
        )
    else:
        records = select(session.library.records("is:bookmarked"), cutoff, options.tags)
    if not records:
        return None, cutoff
    # what it covers: the window asked for, else the bookmarks' own range
    covering = covering_text(cutoff, now, tags=list(options.tags)) if cutoff else None
    if options.query:  # what a query brought, not what was bookmarked
        window = covering.replace("bookmarked", "arrived", 1) if covering else ""
        # "3 pieces matching ‘feed:"Local news"’, arrived 30 Nov – 1 Dec 2026"
        covering = f"matching \u2018{options.query}\u2019" + (f", {window}" if window else "")
    briefing = build_briefing(
        records,
        title=options.title,
        group_by=options.group_by,
        quotes=options.quotes,
        made_at=now,
        covering=covering,
    )
    return briefing, cutoff


def preview(
    session: Session, request: BriefingRequest | None = None, *, now: datetime | None = None
) -> DigestOutcome:
    """The briefing as it would be made now, without the lock, delivery or mark: the app's
    preview. Config defaults apply to what the request leaves open."""
    started = now or datetime.now(UTC)
    options = resolve(session, request or BriefingRequest(), started)
    briefing, cutoff = _build(session, options, started)
    if briefing is None:
        return DigestOutcome(
            0, notice=_nothing_new(session, options, cutoff), format=options.format, started=started
        )
    body = render(briefing, options.format)
    return DigestOutcome(briefing.count, body, options.format, briefing=briefing, started=started)


def save_briefing(session: Session, body: str, fmt: str, *, now: datetime | None = None) -> Path:
    """Keep a briefing in ``<library>/briefings/`` (the app's save); returns the path."""
    path = briefing_path(session.library_dir, fmt, now or datetime.now(UTC))
    atomic_write_text(path, body)
    return path


@dataclass(frozen=True)
class _Mail:
    sender: str
    recipients: tuple[str, ...]
    smtp: SmtpSettings


def _mail_setup(session: Session, delivery: Delivery) -> _Mail | None:
    """Check the mail settings before any work, so a cron run fails fast and clearly."""
    for address in delivery.to:
        problem = address_problem(address)
        if problem:
            raise InvalidValue(f"--to {address!a} {problem}")
    if not delivery.mailing:
        return None
    cfg = session.config
    smtp = SmtpSettings.from_config(cfg)
    sender = smtp.sender.strip()
    if not sender:
        raise MailSetupError(f"no sender address: set smtp.from in {cfg.path}")
    recipients = tuple(a.strip() for a in (delivery.to or cfg.get("digest.to")) if a.strip())
    if not recipients:
        raise MailSetupError(f"no recipient: set digest.to in {cfg.path} or pass --to")
    if delivery.email:
        try:
            smtp.check()  # fail before any work: password variable, password in the clear
        except MailConfigError as exc:
            raise MailSetupError(str(exc)) from None
    return _Mail(sender, recipients, smtp)


def run_digest(
    session: Session,
    request: BriefingRequest,
    delivery: Delivery | None = None,
    *,
    now: datetime | None = None,
) -> DigestOutcome:
    """Build the briefing and deliver it, holding the library's digest lock.

    Raises InvalidValue (bad option), MailSetupError (incomplete mail settings), NoSuchTag,
    Busy (another run holds the lock), DeliveryFailed (exit 3; the briefing is kept on disk
    and the mark is not moved, so the next ``--since last`` run includes it again)."""
    delivery = delivery or Delivery()
    started = now or datetime.now(UTC)
    options = resolve(session, request, started)
    mail = _mail_setup(session, delivery)
    for target, option in ((delivery.output, "--output"), (delivery.eml, "--eml")):
        if target is not None and not target.expanduser().parent.is_dir():
            raise InvalidValue(
                f"{option} {target}: the folder {target.expanduser().parent} does not exist"
            )
    try:
        with digest_lock(session.library_dir):
            return _run_locked(session, options, delivery, mail, started)
    except DigestLocked as exc:
        raise Busy(str(exc)) from None


def _run_locked(
    session: Session, options: Options, delivery: Delivery, mail: _Mail | None, started: datetime
) -> DigestOutcome:
    briefing, cutoff = _build(session, options, started)
    if briefing is None:
        return DigestOutcome(
            0, notice=_nothing_new(session, options, cutoff), format=options.format, started=started
        )
    fmt = options.format
    body = render(briefing, fmt)
    output = delivery.output.expanduser() if delivery.output is not None else None
    written: list[Path] = []
    kept: Path | None = None
    mailed: tuple[str, ...] = ()
    if mail is None:
        if output is not None:
            atomic_write_text(output, body)
            written.append(output)
    else:
        text_part = body if fmt == "text" else render(briefing, "text")
        html_part = body if fmt == "html" else render(briefing, "html")
        if delivery.email:  # kept before anything about the mail can fail
            kept = output or briefing_path(session.library_dir, fmt, started)
            atomic_write_text(kept, body)
        try:
            message = build_message(
                briefing,
                sender=mail.sender,
                to=list(mail.recipients),
                text=text_part,
                html=html_part,
            )
        except MailConfigError as exc:
            where = f"; the briefing is kept in {kept}" if kept else ""
            raise MailSetupError(f"{exc}{where}", kept) from None
        if delivery.stdout is not None:
            delivery.stdout(body)
        if delivery.eml is not None:
            eml = delivery.eml.expanduser()
            atomic_write_bytes(eml, message.as_bytes())
            written.append(eml)
        if kept is not None:
            try:
                send_message(message, mail.smtp)
            except MailConfigError as exc:
                raise MailSetupError(f"{exc}; the briefing is kept in {kept}", kept) from None
            except MailError as exc:
                raise DeliveryFailed(f"{exc}; the briefing is kept in {kept}", kept) from None
            mailed = mail.recipients
        elif output is not None:
            atomic_write_text(output, body)
            written.append(output)
    marked = delivery.delivers or delivery.mark
    if marked:
        session.library.set_last_digest_at(started, options.query or None)
    return DigestOutcome(
        briefing.count,
        body,
        fmt,
        briefing=briefing,
        kept=kept,
        written=tuple(written),
        mailed_to=mailed,
        marked=marked,
        started=started,
    )
