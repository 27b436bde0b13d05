"""``reader feed ...``, ``reader fetch`` and ``reader save``: thin Typer commands over the
application layer's feed operations (``reader.app.feeds``; the work, and every rule of
politeness, lives below it in ``reader.feeds``)."""

from __future__ import annotations

import enum
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from reader import cli_support
from reader.app import EXIT_USAGE
from reader.cli_support import (
    CliState,
    emit_json,
    fail,
    get_state,
    is_terminal,
    plural,
    progress_bar,
    safe_text,
    session_for,
    stdout_console,
    warn,
)
from reader.fileio import atomic_write_text
from reader.sanitize import sanitize_line

if TYPE_CHECKING:
    # The feed operations (with HTTP, requests, and feed parsing beneath them) load inside the
    # commands that use them, so that the other commands start without them
    # (tests/test_start_imports.py).
    from reader.app import Session
    from reader.app.feeds import Feed, FeedResult, FetchReport
    from reader.app.missing_text import MissingTextReport, PageResult


#: ``reader fetch`` exit code when some feeds failed (the rest were fetched).
EXIT_SOME_FAILED = 4


class FullText(enum.StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


feed_app = typer.Typer(
    rich_markup_mode=None,  # Click's plain help: flags without <bool>, text rewrapped
    help="Subscribe to feeds (RSS, Atom, JSON Feed), list, edit, import and export them.",
    no_args_is_help=True,
)

TagOption = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", metavar="TAG", help="A tag for its articles (repeatable)."),
]
FeedArgument = Annotated[
    str,
    typer.Argument(
        metavar="FEED", help="The feed's number (see 'reader feed list'), URL or title."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "never"
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def _feed_json(feed: Feed) -> dict[str, Any]:
    return {
        "id": feed.id,
        "title": feed.title,
        "url": feed.url,
        "site_url": feed.site_url,
        "tags": list(feed.tags),
        "full_text": feed.full_text,
        "status": feed.status,
        "last_error": feed.last_error,
        "articles": feed.articles,
        "unread": feed.unread,
        "last_fetched": feed.last_fetched_at.isoformat() if feed.last_fetched_at else None,
        "next_fetch": feed.next_fetch_at.isoformat() if feed.next_fetch_at else None,
        "redirect_url": feed.redirect_url or None,
    }


def _result_line(result: FeedResult) -> Text:
    name = safe_text(result.feed.title, "bold")
    if result.error:
        return Text("  failed   ", style="red") + name + safe_text(f": {result.error}")
    if result.not_modified:
        parts = "not modified"
    else:
        parts = f"{result.new} new, {result.updated} updated"
        if result.full_text:
            parts += f", {result.full_text} full text from their pages"
    line = Text("  ok       ", style="green") + name + safe_text(f": {parts}")
    if result.moved_to:
        line += safe_text(f" (now at {result.moved_to})")
    elif result.status == "moved":
        line += Text(" (redirected: watching)", style="yellow")
    if result.warning:
        line += safe_text(f" ({result.warning})", "yellow")
    return line


@feed_app.command("add")
def feed_add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The feed's URL, or a page that names its feed.")],
    tag: TagOption = None,
    title: Annotated[
        str, typer.Option("--title", metavar="TEXT", help="Your own name for it.")
    ] = "",
    full_text: Annotated[
        FullText,
        typer.Option(
            "--full-text",
            help="Fetch entry pages for their text: auto (summary-only entries), always, never.",
        ),
    ] = FullText.auto,
) -> None:
    """Subscribe to a feed: it is checked once and its entries stored now."""
    from reader.app import feeds

    with session_for(get_state(ctx), samples=False) as session:
        result = feeds.subscribe(
            session, url, title=title, tags=tag or [], full_text=full_text.value
        )
    feed = result.feed
    stdout_console().print(
        Text("Subscribed to ")
        + safe_text(feed.title, "bold")
        + safe_text(f" ({feed.url}), feed {feed.id}: {plural(result.new, 'article')}.")
    )


@feed_app.command("list")
def feed_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Your feeds: title, URL, articles, unread, last fetched, status."""
    from reader.app import feeds as feed_ops

    with session_for(get_state(ctx), samples=False) as session:
        feeds = feed_ops.feeds(session)
    if as_json:
        emit_json([_feed_json(f) for f in feeds])
        return
    if not feeds:
        stdout_console().print("No feeds yet: reader feed add URL")
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for column in ("#", "title", "url", "articles", "unread", "last fetched", "status"):
        table.add_column(
            column,
            no_wrap=column != "title",
            justify="right" if column in ("#", "articles", "unread") else "left",
        )
    for f in feeds:
        table.add_row(
            str(f.id),
            safe_text(f.title),
            safe_text(f.url),
            str(f.articles),
            str(f.unread),
            _when(f.last_fetched_at),
            Text(
                f.status,
                style={"failing": "red", "gone": "red", "moved": "yellow"}.get(f.status, ""),
            ),
        )
    stdout_console().print(table)


@feed_app.command("status")
def feed_status(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Feeds that are failing, moving or gone, with their last error (never silent)."""
    from reader.app import feeds

    with session_for(get_state(ctx), samples=False) as session:
        troubled = feeds.troubled_feeds(session)
    if as_json:
        emit_json([_feed_json(f) for f in troubled])
        return
    console = stdout_console()
    if not troubled:
        console.print("All feeds are fine.")
        return
    for f in troubled:
        line = Text(f"{f.status:8} ", style="red" if f.status != "moved" else "yellow")
        line += safe_text(f"{f.id} ") + safe_text(f.title, "bold") + safe_text(f" ({f.url})")
        console.print(line)
        if f.last_error:
            console.print(safe_text(f"         last error: {f.last_error}"))
        if f.status == "moved":
            console.print(
                safe_text(f"         redirects to {f.redirect_url} since {_when(f.redirect_since)}")
            )
        if f.status != "gone":
            console.print(
                safe_text(
                    f"         {f.error_count} errors in a row; next try {_when(f.next_fetch_at)}"
                )
            )


@feed_app.command("remove")
def feed_remove(
    ctx: typer.Context,
    feed: FeedArgument,
    with_articles: Annotated[
        bool,
        typer.Option(
            "--with-articles",
            help="Delete its articles too (and your state on them), after asking.",
        ),
    ] = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help="Do not ask before deleting articles (needed off a terminal)."
        ),
    ] = False,
) -> None:
    """Unsubscribe; its articles stay, with all your tags, bookmarks and notes.

    With --with-articles they are deleted too: it says how many and asks first (--yes when
    stdin is not a terminal).
    """
    from reader.app import feeds

    with session_for(get_state(ctx), samples=False) as session:
        if with_articles and not yes:
            found, count = feeds.feed_and_articles(session, feed)
            what = f"feed {found.id} “{found.title}” and its {plural(count, 'article')}"
            if not cli_support.stdin_is_terminal():
                fail(
                    f"not removing {what}: stdin is not a terminal, so nothing can be "
                    "confirmed; add --yes to remove them",
                    code=EXIT_USAGE,
                )
            question = f"Remove {sanitize_line(what)}, with your tags, bookmarks and notes?"
            if not typer.confirm(question, default=False):
                stdout_console().print("Nothing removed.")
                raise typer.Exit(1)
            feed = str(found.id)
        found, deleted = feeds.unsubscribe(session, feed, with_articles=with_articles)
    tail = f", {plural(deleted, 'article')} deleted" if with_articles else ", its articles kept"
    stdout_console().print(
        Text("Removed ") + safe_text(found.title, "bold") + safe_text(tail + ".")
    )


@feed_app.command("edit")
def feed_edit(
    ctx: typer.Context,
    feed: FeedArgument,
    url: Annotated[str | None, typer.Option("--url", metavar="URL", help="A new address.")] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", metavar="TEXT", help="Your own name ('' for the feed's)."),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", metavar="TAG", help="Replace its tags (repeatable)."),
    ] = None,
    no_tags: Annotated[bool, typer.Option("--no-tags", help="Remove all its tags.")] = False,
    full_text: Annotated[
        FullText | None, typer.Option("--full-text", help="auto, always or never.")
    ] = None,
) -> None:
    """Change a feed; a gone or failing feed is tried again at the next fetch."""
    from reader.app import feeds

    with session_for(get_state(ctx), samples=False) as session:
        edited = feeds.edit_feed(
            session,
            feed,
            url=url,
            title=title,
            tags=[] if no_tags else tag,
            full_text=full_text.value if full_text is not None else None,
        )
    stdout_console().print(
        Text("Edited ") + safe_text(f"{edited.id} {edited.title} ({edited.url}).")
    )


@feed_app.command("import")
def feed_import(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="FILE.opml", help="An OPML subscription list.")],
) -> None:
    """Subscribe to every feed of an OPML file; categories become tags."""
    from reader.app import feeds

    with session_for(get_state(ctx), samples=False) as session:
        report = feeds.import_subscriptions(session, path)
    console = stdout_console()
    console.print(
        f"OPML: {plural(len(report.added), 'feed')} added, {len(report.known)} already subscribed,"
        f" {len(report.skipped)} skipped. Run 'reader fetch' to fetch them."
    )
    for url, reason in report.skipped:
        console.print(Text("  skipped  ", style="red") + safe_text(f"{url}: {reason}"))


@feed_app.command("export")
def feed_export(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
) -> None:
    """Your subscriptions as OPML 2.0 (tags as categories)."""
    from reader.app import feeds

    with session_for(get_state(ctx), samples=False) as session:
        text = feeds.export_subscriptions(session)
    if output is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(output, text)


def fetch(
    ctx: typer.Context,
    feed: Annotated[
        list[str] | None,
        typer.Option(
            "--feed",
            "-f",
            metavar="FEED",
            help="Only this feed (number, URL or title; repeatable).",
        ),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", metavar="TAG", help="Only feeds with this tag."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Fetch even feeds that are not due yet (never gone ones)."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only failures (for cron).")
    ] = False,
    missing_text: Annotated[
        bool,
        typer.Option(
            "--missing-text",
            help="Instead of feeds: fetch the pages of link-only articles (read-later items"
            " without text) and fill in their text. --force retries pages that failed before"
            " their back-off ends.",
        ),
    ] = False,
) -> None:
    """Fetch the feeds that are due: politely, several hosts at once, one request per host.

    Exit codes: 0 done, 1 user error or another fetch running, 2 usage, 4 some feeds (or
    pages) failed.
    """
    state = get_state(ctx)
    if missing_text:
        if feed or tag:
            raise typer.BadParameter(
                "--missing-text fetches link-only articles, not feeds: drop --feed and --tag"
            )
        _fetch_missing_text(state, force, quiet)
        return
    with session_for(state, samples=False) as session:
        report = _fetch_with_progress(session, feed or [], tag or [], force)
    _print_fetch_summary(report, quiet)
    if report.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _fetch_with_progress(
    session: Session, feeds: list[str], tags: list[str], force: bool
) -> FetchReport:
    from reader.app import feeds as feed_ops

    if not is_terminal(sys.stderr):
        return feed_ops.fetch(session, feeds=feeds, tags=tags, force=force)
    with progress_bar("Fetching", with_name=True) as progress:
        task = progress.add_task("fetch", total=None, name="")

        def started(due: list[Feed]) -> None:
            progress.update(task, total=len(due))

        def done(result: FeedResult) -> None:
            progress.update(task, advance=1, name=sanitize_line(result.feed.title)[:60])

        return feed_ops.fetch(
            session, feeds=feeds, tags=tags, force=force, started=started, progress=done
        )


def _print_fetch_summary(report: FetchReport, quiet: bool) -> None:
    for result in report.failed:
        warn(f"{result.feed.title}: {result.error}")
    if quiet:
        return
    console = stdout_console()
    if not report.results:
        console.print("No feed is due.")
        return
    for result in report.results:
        console.print(_result_line(result))
    failed = len(report.failed)
    console.print(
        Text(
            f"Fetched {plural(len(report.results), 'feed')}: "
            f"{plural(report.new, 'new article')}"
            + (f", {failed} failed (see 'reader feed status')." if failed else "."),
            style="bold",
        )
    )


def _fetch_missing_text(state: CliState, force: bool, quiet: bool) -> None:
    with session_for(state, samples=False) as session:
        report = _missing_with_progress(session, force)
    for result in report.failed:
        page = result.page
        warn(f"{page.id} {sanitize_line(page.url)[:200]}: {result.error}")
    if not quiet:
        console = stdout_console()
        for result in report.filled:
            console.print(
                Text(f"{result.page.id} ")
                + safe_text(result.page.title[:80])
                + Text(f": {result.words} words", style="dim")
            )
        console.print(Text(_missing_summary(report), style="bold"))
    if report.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


def _missing_summary(report: MissingTextReport) -> str:
    if not report.results and not report.waiting:
        return "No link-only article is missing its text."
    done, tried = len(report.filled), len(report.results)
    parts = [f"Filled in {done} of {plural(tried, 'link-only article')}"]
    if report.failed:
        parts.append(f"{len(report.failed)} failed (tried again later)")
    if report.waiting:
        parts.append(
            f"{len(report.waiting)} waiting after earlier failures (--force to try them now)"
        )
    return ", ".join(parts) + "."


def _missing_with_progress(session: Session, force: bool) -> MissingTextReport:
    from reader.app import feeds

    if not is_terminal(sys.stderr):
        return feeds.fetch_missing_text(session, force=force)
    with progress_bar("Fetching pages", with_name=True) as progress:
        task = progress.add_task("missing", total=None, name="")

        def started(due: list[Any]) -> None:
            progress.update(task, total=len(due))

        def done(result: PageResult) -> None:
            progress.update(task, advance=1, name=sanitize_line(result.page.title)[:60])

        return feeds.fetch_missing_text(session, force=force, started=started, progress=done)


def save(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The web page to keep as an article.")],
    tag: TagOption = None,
) -> None:
    """Add one web page as an article (its text, byline and date, extracted)."""
    from reader.app import feeds

    with session_for(get_state(ctx), samples=False) as session:
        record, created = feeds.save(session, url, tags=tag or [])
    verb = "Saved" if created else "Refreshed"
    stdout_console().print(Text(f"{verb} {record.id}: ") + safe_text(record.article.title, "bold"))


def register(app: typer.Typer) -> None:
    app.add_typer(feed_app, name="feed")
    app.command("fetch")(fetch)
    app.command("save")(save)
