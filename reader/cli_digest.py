"""``reader digest`` and ``reader quotes``: the briefing commands, written to run under cron.

The command is a thin face over ``reader.app.briefing`` (the one pipeline, shared with the
app's preview): it turns options into a request and a delivery, prints the result, and turns
errors into one line on stderr and an exit code a wrapper script can act on:

    0  done (also "nothing new", with a one-line notice on stderr)
    1  bad config, missing smtp.from / digest.to, unknown id, a tag no bookmarked piece has,
       a query nothing matches, another digest running
    2  a bad option or date, a malformed query, an unknown option
    3  sending failed (the error says where the briefing was kept)

Cron rules kept by the pipeline: never prompt; one run at a time; files written atomically;
the briefing kept on disk before mailing; the "last digest" mark moved only when a briefing
is delivered (mailed, written as a mail file, or written with --output) or with --mark.
Here: never colour or show progress off a terminal.
"""

from __future__ import annotations

import enum
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from reader.cli_support import (
    emit_json,
    fail,
    get_record,
    get_state,
    safe_text,
    session_for,
    stdout_console,
)
from reader.config import address_problem

#: The --since help (the briefing pipeline, reader.app.briefing, loads only when a digest runs).
SINCE_HELP = (
    "Only pieces bookmarked in this window: 7d, 2w, 3m, 1y, 12h, a date (YYYY-MM-DD), or "
    "'last' for everything bookmarked since the last delivered digest."
)


class DigestFormat(enum.StrEnum):
    markdown = "markdown"
    text = "text"
    html = "html"


class GroupBy(enum.StrEnum):
    tag = "tag"
    section = "section"
    none = "none"


def _notice(message: str) -> None:
    print(f"reader: {message}", file=sys.stderr, flush=True)


def _write_stdout(body: str) -> None:
    sys.stdout.write(body)
    sys.stdout.flush()


def digest(
    ctx: typer.Context,
    format_: Annotated[
        DigestFormat | None,
        typer.Option("--format", "-f", help="Default: config digest.format.", show_default=False),
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
        typer.Option(
            "--tag", "-t", metavar="TAG", help="Only pieces with this tag (repeat: any of them)."
        ),
    ] = None,
    group_by: Annotated[
        GroupBy | None,
        typer.Option("--group-by", help="Default: config digest.group_by.", show_default=False),
    ] = None,
    quotes: Annotated[
        int | None,
        typer.Option("--quotes", min=0, metavar="N", help="Key quotes per piece (digest.quotes)."),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help="The briefing's title (digest.title)."),
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
    query: Annotated[
        str | None,
        typer.Option(
            "--query",
            metavar="QUERY",
            help="Brief this query (e.g. 'feed:\"Local news\" since:1d') instead of your "
            "bookmarks; --since then means arrived since, and 'last' is kept per query.",
        ),
    ] = None,
    mark: Annotated[
        bool,
        typer.Option(
            "--mark",
            help="Move the 'last digest' mark even though the briefing is only printed "
            "(delivering it by mail or to a file moves it anyway).",
        ),
    ] = False,
) -> None:
    """Build a briefing of your bookmarked articles, or of any --query (Markdown to stdout).

    Safe under cron: no prompts, no colour off a terminal, one run at a time, atomic files.
    Exit codes: 0 done or nothing new, 1 nothing matches what was named (or another digest
    running), 2 a bad option value, 3 sending failed.
    """
    from reader.app.briefing import BriefingRequest, Delivery, run_digest

    request = BriefingRequest(
        format=format_.value if format_ is not None else None,
        since=since,
        tags=tuple(tag or ()),
        group_by=group_by.value if group_by is not None else None,
        quotes=quotes,
        title=title,
        query=query,
    )
    for address in to or []:
        problem = address_problem(address)
        if problem:
            fail(f"--to {address!a} {problem}", code=2)
    mailing = email or eml is not None
    output_path = Path(output).expanduser() if output and output != "-" else None
    delivery = Delivery(
        output=output_path,
        stdout=_write_stdout if mailing and output == "-" else None,
        email=email,
        to=tuple(to or ()),
        eml=eml,
        mark=mark,
    )
    with session_for(get_state(ctx), samples=False) as session:
        outcome = run_digest(session, request, delivery)
    if outcome.count == 0:
        _notice(outcome.notice)
        return
    if not delivery.delivers:
        _write_stdout(outcome.body)
    if outcome.mailed_to:
        pieces = f"{outcome.count} piece{'s' if outcome.count != 1 else ''}"
        _notice(f"mailed {pieces} to {', '.join(outcome.mailed_to)} (kept in {outcome.kept})")


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
    """List the quotations found in an article, with their speakers (a speaker less sure than
    a briefing would name is shown as "unsure: Name")."""
    from reader.app.quotes import certainty

    with session_for(get_state(ctx)) as session:
        record = get_record(session, article_id)
        found = session.quotes(record.id, min_confidence).quotes
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
        detail = Text("     — ")
        how = certainty(quote.speaker, quote.confidence)
        if how == "sure":
            detail.append(safe_text(quote.speaker or "", style="bold"))
        elif how == "guess":  # below the briefing's floor: shown as a guess, as in the app
            detail.append(safe_text(f"unsure: {quote.speaker}", style="italic"))
        else:
            detail.append("unknown", style="italic")
        detail.append(f"  ({quote.kind}, {quote.confidence:.2f}, chars {quote.start}–{quote.end})")
        console.print(detail, style="dim")


def register(app: typer.Typer) -> None:
    """Add ``digest`` and ``quotes`` to the ``reader`` app (called by reader.cli)."""
    app.command("digest")(digest)
    app.command("quotes")(quotes)
