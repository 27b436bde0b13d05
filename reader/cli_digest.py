"""``reader digest`` and ``reader quotes``: the briefing commands, written to run under cron.

Cron rules, all kept here: never prompt; never colour or show progress off a terminal; take a
lock so two runs never overlap (a second run exits 1 at once with "another digest is
running"); write files atomically; keep the briefing on disk before mailing so a failed send
loses nothing; and exit with codes a wrapper script can act on:

    0  done (also "nothing new", with a one-line notice on stderr)
    1  user error (bad config, missing smtp.from / digest.to, unknown id, lock held)
    2  usage error (bad option value)
    3  sending failed (the error says where the briefing was kept)

The "last digest" mark (for ``--since last``) moves only after a run succeeded, and only for
runs that consume the news: ``--since last`` itself, ``--email`` and ``--eml``. A preview
printed to the terminal does not move it, so looking never makes cron skip anything. The mark
is the time the run *started*, so a bookmark made while a digest is being mailed is not lost.
"""

from __future__ import annotations

import re
import sys
from dataclasses import asdict
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from reader.cli_support import (
    emit_json,
    fail,
    get_record,
    get_state,
    opened,
    safe_text,
    stdout_console,
)

if TYPE_CHECKING:
    from reader.library import ArticleRecord

SINCE_HELP = (
    "Only pieces bookmarked in this window: 7d, 2w, 3m, 1y, a date (YYYY-MM-DD), or 'last' "
    "for everything bookmarked since the last successful digest."
)
_SINCE_SPAN = re.compile(r"^(\d{1,5})\s*([hdwmy])$")
_SPAN_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


def parse_since(value: str | None, now: datetime) -> datetime | str | None:
    """``None``, the string ``"last"``, or the UTC moment a bookmark must be newer than."""
    if value is None:
        return None
    text = value.strip().lower()
    if text == "last":
        return "last"
    span = _SINCE_SPAN.match(text)
    if span:
        amount, unit = int(span.group(1)), span.group(2)
        delta = (
            timedelta(hours=amount) if unit == "h" else timedelta(days=amount * _SPAN_DAYS[unit])
        )
        return now - delta
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            local = datetime.combine(day, time.min).astimezone()  # midnight where the user is
            return local.astimezone(UTC)
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not 7d, 2w, 3m, 1y, a date (YYYY-MM-DD) or 'last'",
            param_hint="--since",
        ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC)


def _check_choice(value: str, choices: tuple[str, ...], option: str, key: str) -> str:
    if value not in choices:
        raise typer.BadParameter(
            f"{value!r} is not one of {', '.join(choices)} (option or config {key})",
            param_hint=option,
        )
    return value


def _select(
    records: list[ArticleRecord], cutoff: datetime | None, tags: list[str]
) -> list[ArticleRecord]:
    wanted = {t.strip().casefold() for t in tags if t.strip()}
    chosen = []
    for record in records:
        if record.bookmark is None:
            continue
        if cutoff is not None and record.bookmark.created_at <= cutoff:
            continue
        if wanted and not wanted & {t.casefold() for t in record.all_tags}:
            continue
        chosen.append(record)
    return chosen


def _notice(message: str) -> None:
    print(f"reader: {message}", file=sys.stderr, flush=True)


def digest(
    ctx: typer.Context,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", metavar="markdown|text|html", help="Default: config digest.format."
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|-",
            help="Write the briefing to FILE (atomically) or '-' for stdout (the default).",
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="7d|DATE|last", help=SINCE_HELP)
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", help="Only pieces with this tag (repeat: any of them)."),
    ] = None,
    group_by: Annotated[
        str | None,
        typer.Option("--group-by", metavar="tag|section|none", help="Default: digest.group_by."),
    ] = None,
    quotes: Annotated[
        int | None,
        typer.Option("--quotes", min=0, metavar="N", help="Key quotes per piece (digest.quotes)."),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="The briefing's title (digest.title).")
    ] = None,
    email: Annotated[
        bool, typer.Option("--email", help="Mail it (text + HTML) via the [smtp] settings.")
    ] = False,
    to: Annotated[
        list[str] | None,
        typer.Option("--to", metavar="ADDR", help="Recipient, instead of digest.to (repeat)."),
    ] = None,
    eml: Annotated[
        Path | None,
        typer.Option("--eml", metavar="FILE", help="Write the mail message to FILE, not send."),
    ] = None,
) -> None:
    """Build a briefing of your bookmarked articles (Markdown to stdout by default).

    Safe under cron: no prompts, no colour off a terminal, one run at a time, atomic files.
    Exit codes: 0 done or nothing new, 1 user error, 2 usage error, 3 sending failed.
    """
    from digest.briefing import GROUP_BY_CHOICES, build_briefing, covering_text
    from digest.mail import MailConfigError, MailError, SmtpSettings, build_message, send_message
    from digest.render import EXTENSIONS, FORMATS, render
    from digest.runlock import DigestLocked, digest_lock
    from reader.config import address_problem
    from reader.fileio import atomic_write_bytes, atomic_write_text
    from reader.library import resolve_library_dir

    state = get_state(ctx)
    cfg = state.config()
    started = datetime.now(UTC)
    fmt = _check_choice(format_ or cfg.get("digest.format"), FORMATS, "--format", "digest.format")
    grouping = _check_choice(
        group_by or cfg.get("digest.group_by"), GROUP_BY_CHOICES, "--group-by", "digest.group_by"
    )
    quote_count = quotes if quotes is not None else cfg.get("digest.quotes")
    heading = title if title is not None else cfg.get("digest.title")
    window = parse_since(since, started)

    mailing = email or eml is not None
    sender = ""
    recipients: list[str] = []
    smtp = SmtpSettings.from_config(cfg)
    for address in to or []:
        problem = address_problem(address)
        if problem:
            fail(f"--to {address!a} {problem}", code=2)
    if mailing:
        sender = smtp.sender.strip()
        if not sender:
            fail(f"no sender address: set smtp.from in {cfg.path}")
        recipients = [a.strip() for a in (to or cfg.get("digest.to")) if a.strip()]
        if not recipients:
            fail(f"no recipient: set digest.to in {cfg.path} or pass --to")
    if email:
        try:
            smtp.check()  # fail before any work: password variable, password in the clear
        except MailConfigError as exc:
            fail(str(exc))

    library_dir = resolve_library_dir(state.library_dir)
    output_path = Path(output).expanduser() if output and output != "-" else None
    for target, option in ((output_path, "--output"), (eml, "--eml")):
        if target is not None and not target.expanduser().parent.is_dir():
            fail(f"{option} {target}: the folder {target.expanduser().parent} does not exist")
    try:
        with digest_lock(library_dir), opened(state, samples=False) as library:
            cutoff = library.last_digest_at() if window == "last" else window
            assert cutoff is None or isinstance(cutoff, datetime)
            records = _select(library.records("is:bookmarked"), cutoff, tag or [])
            if not records:
                when = f" since {cutoff.astimezone():%Y-%m-%d %H:%M}" if cutoff else ""
                _notice(f"nothing new to put in a digest{when}")
                return
            # what it covers: the window asked for, else the bookmarks' own range
            covering = covering_text(cutoff, started, tags=tag or []) if cutoff else None
            briefing = build_briefing(
                records,
                title=heading,
                group_by=grouping,
                quotes=quote_count,
                made_at=started,
                covering=covering,
            )
            body = render(briefing, fmt)

            if not mailing:
                if output_path is None:
                    sys.stdout.write(body)
                    sys.stdout.flush()
                else:
                    atomic_write_text(output_path, body)
            else:
                text_part = body if fmt == "text" else render(briefing, "text")
                html_part = body if fmt == "html" else render(briefing, "html")
                kept: Path | None = None
                if email:  # kept before anything about the mail can fail
                    kept = output_path or (
                        library_dir
                        / "digests"
                        / f"briefing-{started.astimezone():%Y%m%d-%H%M%S}.{EXTENSIONS[fmt]}"
                    )
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    atomic_write_text(kept, body)
                try:
                    message = build_message(
                        briefing, sender=sender, to=recipients, text=text_part, html=html_part
                    )
                except MailConfigError as exc:
                    fail(f"{exc}; the briefing is kept in {kept}" if kept else str(exc))
                if output == "-":
                    sys.stdout.write(body)
                    sys.stdout.flush()
                if eml is not None:
                    atomic_write_bytes(eml.expanduser(), message.as_bytes())
                if kept is not None:
                    try:
                        send_message(message, smtp)
                    except MailConfigError as exc:
                        fail(f"{exc}; the briefing is kept in {kept}")
                    except MailError as exc:
                        fail(f"{exc}; the briefing is kept in {kept}", code=3)
                    _notice(
                        f"mailed {briefing.count} piece{'s' if briefing.count != 1 else ''} "
                        f"to {', '.join(recipients)} (kept in {kept})"
                    )
                elif output_path is not None:
                    atomic_write_text(output_path, body)

            if window == "last" or mailing:
                library.set_last_digest_at(started)
    except DigestLocked as exc:
        fail(str(exc))


def quotes(
    ctx: typer.Context,
    article_id: Annotated[
        str, typer.Argument(metavar="ID", help="An article id, or a unique prefix of one.")
    ],
    json_: Annotated[bool, typer.Option("--json", help="Print a JSON list for scripts.")] = False,
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence",
            min=0.0,
            max=1.0,
            metavar="P",
            help="Only quotes whose speaker is right with at least this chance (0-1).",
        ),
    ] = 0.0,
) -> None:
    """List the quotations found in an article, with their speakers."""
    from digest.quotes import extract_quotes

    with opened(get_state(ctx)) as library:
        record = get_record(library, article_id)
    found = extract_quotes(record.article, min_confidence=min_confidence)
    if json_:
        emit_json([asdict(q) for q in found])
        return
    if not found:
        _notice(f"no quotes found in {record.id}")
        return
    console = stdout_console()
    for number, quote in enumerate(found, start=1):
        line = Text(f"{number:>3}. ")
        line.append(safe_text(f"“{quote.text}”"))
        console.print(line)
        who = quote.speaker or "unattributed"
        detail = Text("     — ")
        detail.append(safe_text(who, style="bold"))
        detail.append(f"  ({quote.kind}, {quote.confidence:.2f}, chars {quote.start}–{quote.end})")
        console.print(detail, style="dim")


def register(app: typer.Typer) -> None:
    """Add ``digest`` and ``quotes`` to the ``reader`` app (called by reader.cli)."""
    app.command("digest")(digest)
    app.command("quotes")(quotes)
