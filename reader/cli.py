"""The ``reader`` command: a thin Typer client of the application layer (``reader.app``).

Every expected error ends as one line on stderr and its exit code (``ReaderGroup`` catches
``reader.app.USER_ERRORS`` and Click's usage errors at one boundary, ``exit_code_for`` gives
the code): 2 for a value that cannot be used or a wrong command line, 1 for something named
that is not there, 3 when sending failed, and success 0. Nothing here ever prints article text
as Rich markup.
"""

from __future__ import annotations

import enum
import itertools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.text import Text
from typer.core import TyperArgument, TyperCommand, TyperGroup

from reader import __version__, cli_support
from reader.app import (
    EXIT_USAGE,
    USER_ERRORS,
    ArticleRecord,
    ImportReport,
    Session,
    StateFileError,
    exit_code_for,
    quote_term,
)
from reader.app.queries import checked_query, since_term
from reader.app.state_files import StateFormat
from reader.cli_support import (
    CliState,
    describe,
    emit_json,
    fail,
    get_record,
    get_state,
    is_terminal,
    join_query,
    json_row,
    plural,
    progress_bar,
    safe_block,
    safe_text,
    session_for,
    snippet_json,
    snippet_text,
    stdout_console,
)
from reader.config import SETTINGS, config_path, format_value, set_value
from reader.fileio import is_stdout
from reader.sanitize import escape_name, sanitize_line

if TYPE_CHECKING:
    from rich.table import Table

    # Typer vendors Click; its Group.invoke takes this Context, not typer.Context.
    from typer._click.core import Context as ClickContext
    from typer._click.exceptions import UsageError
    from typer._click.formatting import HelpFormatter

    from reader.app.readlater import ExportImport


class ReaderGroup(TyperGroup):
    """The one place where expected errors become a line on stderr instead of a traceback."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: ClickContext | None = None,
        **extra: Any,
    ) -> ClickContext:
        from typer._click.exceptions import NoArgsIsHelpError, UsageError

        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except NoArgsIsHelpError:
            raise  # `reader feed` alone: its help, as asked
        except UsageError as exc:  # `reader --bogus`
            _usage_error(exc)

    def invoke(self, ctx: ClickContext) -> Any:
        from typer._click.exceptions import NoArgsIsHelpError, UsageError

        try:
            return super().invoke(ctx)
        except NoArgsIsHelpError:
            raise
        except UsageError as exc:
            _usage_error(exc)
        except USER_ERRORS as exc:
            fail(str(exc), code=exit_code_for(exc))
        except BrokenPipeError:
            raise  # Click quietens a closed pipe itself (`reader list | head`).
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            fail(f"{where}{exc.strerror or exc}")


def _usage_error(exc: UsageError) -> NoReturn:
    """A bad option, argument or value (Click's and Typer's checks): one line naming it, and
    where the help is, then exit 2 -- the same shape as every other error of ``reader``."""
    # Typer checks option values with pydantic, whose messages start "Value error, "
    message = exc.format_message().replace("Value error, ", "")
    if exc.ctx is not None:
        message = f"{message.rstrip('.')} (see '{exc.ctx.command_path} -h')"
    fail(message, code=EXIT_USAGE)


class ReaderCommand(TyperCommand):
    """Arguments written as users read them: ``PATH...`` in the usage line and the Arguments
    section (Typer 0.29 writes ``{PATH...}...`` and ``<list[Path]>``)."""

    @staticmethod
    def _argument_name(param: TyperArgument) -> str:
        name = param.metavar or (param.name or "").upper()
        return f"{name}..." if param.nargs != 1 else name

    def collect_usage_pieces(self, ctx: ClickContext) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = self._argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: ClickContext, formatter: HelpFormatter) -> None:
        arguments = [
            (self._argument_name(p), p.help or "")
            for p in self.get_params(ctx)
            if isinstance(p, TyperArgument) and not p.hidden
        ]
        options = [
            record
            for p in self.get_params(ctx)
            if not isinstance(p, TyperArgument) and (record := p.get_help_record(ctx))
        ]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _use_reader_commands(typer_app: typer.Typer) -> None:
    """Every command (the plug-in modules' too) gets ReaderCommand unless it chose a class."""
    for info in typer_app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = ReaderCommand
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _use_reader_commands(group.typer_instance)


app = typer.Typer(
    name="reader",
    rich_markup_mode=None,  # Click's plain help: flags without <bool>, text rewrapped
    cls=ReaderGroup,
    help="A terminal news reader: browse, search, tag, bookmark and brief yourself.\n\n"
    "Run without a command to open the reader on your library.",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_show_locals=False,
    add_completion=False,
)
config_app = typer.Typer(
    rich_markup_mode=None,  # Click's plain help: flags without <bool>, text rewrapped
    cls=ReaderGroup,
    help="Read and change settings in config.toml.",
    no_args_is_help=True,
)
app.add_typer(config_app, name="config")


class SortKey(enum.Enum):
    date = "date"
    title = "title"


def _show_version(value: bool) -> None:
    if value:
        print(f"reader {__version__}")
        raise typer.Exit()


LibraryOption = Annotated[
    Path | None,
    typer.Option(
        "--library",
        envvar="READER_LIBRARY",
        metavar="DIR",
        help="The library directory (default: the platform's user data directory).",
        show_default=False,
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        envvar="READER_CONFIG",
        metavar="FILE",
        help="The settings file (default: config.toml in the platform's config directory).",
        show_default=False,
    ),
]
IdArgument = Annotated[
    str, typer.Argument(metavar="ID", help="An article id, or a unique prefix of one.")
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print a JSON list for scripts instead of a table.")
]


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    library: LibraryOption = None,
    config: ConfigOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """A terminal news reader: browse, search, tag, bookmark and brief yourself."""
    from typer._click.core import ParameterSource

    named = ctx.get_parameter_source("config") is ParameterSource.COMMANDLINE
    ctx.obj = CliState(library_dir=library, config_file=config, config_named=named)
    if ctx.invoked_subcommand != "config":  # 'config path/set' may name a file not made yet
        ctx.obj.check_config_file()
    if ctx.invoked_subcommand is None:
        _launch_tui(ctx.obj)


def _launch_tui(state: CliState) -> None:
    if not (is_terminal(sys.stdout) and is_terminal(sys.stdin)):
        fail(
            "the reader's full-screen view needs a terminal; for scripts try 'reader list'",
            code=EXIT_USAGE,
        )
    # Open once here so that a bad config or a corrupt library is a clean one-line error
    # before the screen switches, and so that a new library gets its samples.
    with session_for(state) as session:
        library_dir = session.library_dir
    from reader.tui.app import run_app

    run_app(library_dir=library_dir, config_file=state.config_file)


def _simple_table() -> Table:
    """The tables of ``list``, ``tags`` and ``config show`` (Rich's table module loads here,
    only for the commands that print one)."""
    from rich import box
    from rich.table import Table

    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)


# --- import ---------------------------------------------------------------------------------


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH",
            help="Article files (.txt, .md, saved .html pages), folders (recursive), or "
            "read-later exports (Pocket, Instapaper, Omnivore, Wallabag, Raindrop, Readwise "
            "Reader, Matter).",
        ),
    ],
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="For read-later exports: print what would be imported (new, already there, "
            "merged, fields not carried) and change nothing.",
        ),
    ] = False,
) -> None:
    """Import articles from files or folders; re-importing only reads what changed.

    Your tags, bookmarks and highlights survive re-import; a file that has disappeared from an
    imported folder is marked missing, never deleted. A file that cannot be read is skipped
    (and named in the summary) without stopping the rest.
    """
    from reader.app.readlater import is_export
    from reader.app.session import check_import_paths

    check_import_paths(paths)
    exports = [p for p in paths if is_export(p)]
    files = [p for p in paths if p not in exports]
    with session_for(get_state(ctx), samples=False) as session:
        for export in exports:
            _print_export_summary(_import_export_with_progress(session, export, dry_run))
        if files:
            report = _import_with_progress(session, files)
    if files:
        _print_import_summary(report)


def _import_export_with_progress(session: Session, path: Path, dry_run: bool) -> ExportImport:
    """A read-later export, with a progress bar on a terminal's stderr."""
    if not is_terminal(sys.stderr):
        return session.import_export(path, dry_run=dry_run)
    with progress_bar("Importing" if not dry_run else "Checking") as progress:
        task = progress.add_task("import", total=None)

        def report(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        return session.import_export(path, dry_run=dry_run, progress=report)


def _print_export_summary(report: ExportImport) -> None:
    console = stdout_console()
    verb = "would import" if report.dry_run else "imported"
    console.print(
        safe_text(
            f"{report.format} export {escape_name(str(report.path))}: {verb} "
            f"{plural(report.items, 'item')}: {report.new} new, {report.already} already there, "
            f"{report.merged} merged; "
            f"highlights: {report.placed} placed, {report.unplaced} unplaced (no text yet)."
        )
    )
    fields: dict[str, list[str]] = {}
    for name, found, became, count in report.became:
        fields.setdefault(name, []).append(f"{found} → {became} ({count})")
    for name, mapped in fields.items():
        console.print(safe_text(f"  {name}: " + ", ".join(mapped)))
    if report.unmapped:
        console.print(safe_text("  not carried over: " + ", ".join(report.unmapped)))
    for error in report.errors:
        console.print(Text("  skipped  ", style="red") + safe_text(error))
    if report.errors:
        rows = plural(len(report.errors), "row could not be read", "rows could not be read")
        console.print(f"{rows}; everything else was kept.")


def _import_with_progress(session: Session, paths: list[Path]) -> ImportReport:
    """A progress bar on a terminal's stderr; total silence otherwise (cron, pipes)."""
    if not is_terminal(sys.stderr):
        return session.import_paths(paths)
    with progress_bar("Importing", with_name=True) as progress:
        task = progress.add_task("import", total=None, name="")

        def report(done: int, total: int, path: str) -> None:
            progress.update(task, completed=done, total=total, name=sanitize_line(Path(path).name))

        return session.import_paths(paths, progress=report)


def _print_import_summary(report: ImportReport) -> None:
    console = stdout_console()
    counts = [
        (len(report.new), "new"),
        (len(report.updated), "updated"),
        (len(report.unchanged), "unchanged"),
        (len(report.skipped), "skipped"),
        (len(report.warnings), "with warnings"),
        (len(report.missing), "missing"),
    ]
    console.print(
        Text("Import: " + ", ".join(f"{n} {label}" for n, label in counts) + ".", style="bold")
    )
    # File names are shown escaped (\x1b, \u202e, \xff), never altered: a name is how the
    # user finds the file.
    for path, reason in report.skipped:
        console.print(
            Text("  skipped  ", style="red") + safe_text(f"{escape_name(str(path))}: {reason}")
        )
    for path, message in report.warnings:
        console.print(
            Text("  warning  ", style="yellow") + safe_text(f"{escape_name(str(path))}: {message}")
        )
    for path in report.missing:
        console.print(Text("  missing  ", style="dim") + safe_text(escape_name(str(path))))
    if report.skipped:
        files = "file was" if len(report.skipped) == 1 else "files were"
        console.print(f"{len(report.skipped)} {files} skipped; everything else was imported.")


# --- list / show / search -------------------------------------------------------------------


@app.command("list")
def list_(
    ctx: typer.Context,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", "-t", metavar="TAG", help="Only articles with this tag (repeatable)."
        ),
    ] = None,
    section: Annotated[
        str | None, typer.Option("--section", metavar="NAME", help="Only this section.")
    ] = None,
    bookmarked: Annotated[bool, typer.Option("--bookmarked", help="Only bookmarked.")] = False,
    unread: Annotated[bool, typer.Option("--unread", help="Only unread.")] = False,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Published since YYYY-MM-DD, YYYY-MM, or 7d/2w/3m/1y."
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option("--search", "-s", metavar="QUERY", help="Any query (see 'reader search')."),
    ] = None,
    sort: Annotated[
        SortKey, typer.Option("--sort", help="Newest first, or by title A-Z.")
    ] = SortKey.date,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, metavar="N", help="At most N articles.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List articles as a table (or --json); the options combine, all must match."""
    parts = [f"tag:{quote_term(t)}" for t in tag or []]
    if section is not None:
        parts.append(f"section:{quote_term(section)}")
    if bookmarked:
        parts.append("is:bookmarked")
    if unread:
        parts.append("is:unread")
    if since is not None:
        parts.append(since_term(since))  # a bad date names --since, not the query term
    if search:
        parts.append(checked_query(search, "--search"))
    query = join_query(parts)
    descending = sort is SortKey.date
    with session_for(get_state(ctx)) as session:
        library = session.library
        if as_json:
            records = library.records(query, sort=sort.value, descending=descending, limit=limit)
            emit_json([json_row(r) for r in records])
            return
        rows = library.rows(query, sort=sort.value, descending=descending, limit=limit)
        total = library.count(query) if limit is not None and len(rows) == limit else len(rows)
    console = stdout_console()
    if not rows:
        console.print("No articles match." if query else "The library is empty.")
        return
    table = _simple_table()
    table.add_column("ID", style="cyan", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Section", max_width=18, overflow="ellipsis", no_wrap=True)
    table.add_column("Title", ratio=1)
    table.add_column("★", justify="center", header_style="yellow", style="yellow")
    table.add_column("●", justify="center", header_style="blue", style="blue")
    for row in rows:
        title = safe_text(row.title, style="" if row.read else "bold")
        if row.missing:
            title.append(" (missing)", style="dim")
        table.add_row(
            row.id,
            row.date.isoformat() if row.date else "",
            safe_text(row.section),
            title,
            "★" if row.bookmarked else "",
            "" if row.read else "●",
        )
    console.print(table)
    shown = f"{len(rows)} of {total}" if total > len(rows) else f"{len(rows)}"
    noun = "article" if total == 1 else "articles"
    console.print(Text(f"{shown} {noun}  (★ bookmarked  ● unread)", style="dim"))


@app.command()
def show(
    ctx: typer.Context,
    article_id: IdArgument,
    plain: Annotated[
        bool, typer.Option("--plain", help="Plain text without styles, for pipes and files.")
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="The whole article as JSON: list --json's fields, text, feed."),
    ] = False,
) -> None:
    """Show one article: its details, your tags, note and highlights, then the text."""
    with session_for(get_state(ctx)) as session:
        record = get_record(session, article_id)
        feed = session.library.feeds.feed_of(record.id) if as_json else None
    if as_json:
        emit_json(
            {
                **json_row(record),
                "text": record.article.text,
                "feed": {"id": feed.id, "title": feed.title, "url": feed.url} if feed else None,
            }
        )
    elif plain:
        sys.stdout.write(plain_article(record))
        sys.stdout.flush()
    else:
        stdout_console().print(rich_article(record))


def _meta_lines(record: ArticleRecord) -> list[tuple[str, str]]:
    article = record.article
    lines: list[tuple[str, str]] = [("ID", record.id)]
    date = article.date.isoformat() if article.date else article.date_text
    if date:
        lines.append(("Date", date))
    if article.authors:
        lines.append(("By", ", ".join(article.authors)))
    if article.section:
        lines.append(("Section", article.section))
    minutes = article.reading_minutes
    if article.word_count == 0 and article.url and not record.missing:
        # a link-only article (a read-later item, a feed entry without text): not "0 words"
        lines.append(("Length", "no text yet (reader fetch --missing-text brings it)"))
    else:
        lines.append(("Length", f"{article.word_count} words, about {minutes} min"))
    if article.url:
        lines.append(("URL", article.url))
    if article.description:
        lines.append(("Description", article.description))
    saved = article.extra.get("Saved", "")  # when a read-later service saved it
    if saved:
        lines.append(("Saved", saved[:10]))
    if article.tags:
        lines.append(("Tags", ", ".join(article.tags)))
    if record.user_tags:
        lines.append(("Your tags", ", ".join(record.user_tags)))
    if record.bookmark is not None:
        when = record.bookmark.created_at.date().isoformat()
        note = f": {record.bookmark.note}" if record.bookmark.note else ""
        lines.append(("Bookmarked", f"{when}{note}"))
    lines.append(("Read", "yes" if record.read else "no"))
    if record.missing:
        lines.append(("Missing", "the file is gone; this is the last imported copy"))
    return lines


def plain_article(record: ArticleRecord) -> str:
    """The article as plain, sanitised text: good for pipes, files and mail."""
    from reader.sanitize import sanitize_line, sanitize_terminal

    title = sanitize_line(record.article.title)
    out = [title, "=" * min(len(title), 72), ""]
    out += [f"{label}: {sanitize_line(value)}" for label, value in _meta_lines(record)]
    if record.highlights:
        out += ["", "Highlights:"]
        out += [
            f'  "{sanitize_line(h.text)}"' + (f" ({sanitize_line(h.note)})" if h.note else "")
            for h in record.highlights
        ]
    if record.unplaced:
        out += ["", "Highlights not in the text (yet):"]
        out += [
            f'  "{sanitize_line(u.text)}"' + (f" ({sanitize_line(u.note)})" if u.note else "")
            for u in record.unplaced
        ]
    out.append("")
    for paragraph in record.article.body:
        out += [sanitize_terminal(paragraph), ""]
    return "\n".join(out)


def rich_article(record: ArticleRecord) -> Text:
    """The article for a terminal: one Text, built from sanitised pieces, never markup."""
    text = safe_text(record.article.title, style="bold")
    text.append("\n\n")
    for label, value in _meta_lines(record):
        text.append(f"{label}: ", style="dim")
        style = "green" if label == "Your tags" else "yellow" if label == "Bookmarked" else ""
        text.append(safe_text(value, style=style))
        text.append("\n")
    if record.highlights:
        text.append("\nHighlights\n", style="bold")
        for highlight in record.highlights:
            text.append("  ▌ ", style="yellow")
            text.append(safe_text(highlight.text, style="italic"))
            if highlight.note:
                text.append(safe_text(f"  ({highlight.note})", style="dim"))
            text.append("\n")
    if record.unplaced:
        text.append("\nHighlights not in the text (yet)\n", style="bold")
        for unplaced in record.unplaced:
            text.append("  ▌ ", style="dim")
            text.append(safe_text(unplaced.text, style="italic"))
            if unplaced.note:
                text.append(safe_text(f"  ({unplaced.note})", style="dim"))
            text.append("\n")
    text.append("\n")
    text.append(_body_with_highlights(record))
    return text


def _body_with_highlights(record: ArticleRecord) -> Text:
    """The body, highlights marked in place; pieces are cut at highlight edges *before*
    sanitising so that stripped control characters cannot shift the offsets."""
    raw = record.article.text
    cuts = {0, len(raw)}
    spans = [(max(0, h.start), min(len(raw), h.end)) for h in record.highlights]
    for start, end in spans:
        if start < end:
            cuts.update((start, end))
    edges = sorted(cuts)
    body = Text()
    for start, end in itertools.pairwise(edges):
        marked = any(s <= start and end <= e for s, e in spans)
        body.append(safe_block(raw[start:end], style="reverse" if marked else ""))
    body.append("\n")
    return body


@app.command(context_settings={"ignore_unknown_options": True})
def search(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY",
            help='Words, "phrases" and qualifiers: tag:X author:X section:X title:X '
            "is:bookmarked|unread|read|highlighted|missing after:DATE before:DATE since:7d; "
            "a leading - negates. Quote the whole query to keep its phrases.",
        ),
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, metavar="N")] = 20,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="JSON list for scripts: each article's fields plus rank, snippet (plain text) "
            "and snippet_matches ([start, end) offsets of the matched words in snippet).",
        ),
    ] = False,
) -> None:
    """Full-text search, best matches first, with the matching words in context."""
    stray = [word for word in query if word.startswith("--")]
    if stray:
        fail(f"no such option: {stray[0]} (put the query after '--' if it is one)", code=2)
    text = join_query(query)
    if not text:
        fail("the search query is empty", code=EXIT_USAGE)
    with session_for(get_state(ctx)) as session:
        library = session.library
        rows = library.search(text, limit=limit)
        if as_json:
            results = []
            for row in rows:
                item = json_row(library.get(row.id))
                snippet, matches = snippet_json(row.snippet)
                item.update(rank=row.rank, snippet=snippet, snippet_matches=matches)
                results.append(item)
            emit_json(results)
            return
    console = stdout_console()
    if not rows:
        console.print("No articles match.")
        return
    for row in rows:
        line = Text(row.id, style="cyan")
        line.append("  " + (row.date.isoformat() if row.date else "          ") + "  ")
        line.append(safe_text(row.title, style="bold"))
        console.print(line)
        if row.snippet:
            console.print(Text("    ") + snippet_text(row.snippet), style="dim")
        console.print()
    noun = "match" if len(rows) == 1 else "matches"
    console.print(Text(f"{len(rows)} {noun}", style="dim"))


# --- user state -----------------------------------------------------------------------------


@app.command()
def tag(
    ctx: typer.Context,
    article_id: IdArgument,
    tags: Annotated[list[str], typer.Argument(metavar="TAG", help="One or more tags.")],
    remove: Annotated[
        bool, typer.Option("--remove", "-r", help="Take these tags off instead.")
    ] = False,
) -> None:
    """Add your own tags to an article (or --remove them).

    Removing a tag the article does not carry (as yours) is an error (exit 1) and changes
    nothing.
    """
    with session_for(get_state(ctx)) as session:
        record = get_record(session, article_id)
        change = session.untag(record.id, tags) if remove else session.tag(record.id, tags)
    console = stdout_console()
    console.print(Text("Untagged " if remove else "Tagged ") + describe(record))
    console.print(Text("Your tags: ", style="dim") + safe_text(", ".join(change.tags) or "(none)"))


@app.command()
def tags(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """All tags with how many articles carry each (yours and the articles' own)."""
    with session_for(get_state(ctx)) as session:
        counts = session.library.tag_counts()
    if as_json:
        emit_json([{"name": c.name, "count": c.count, "kind": c.kind} for c in counts])
        return
    console = stdout_console()
    if not counts:
        console.print("No tags yet.")
        return
    table = _simple_table()
    table.add_column("Tag")
    table.add_column("Articles", justify="right")
    table.add_column("Kind")
    for count in counts:
        style = "green" if count.kind == "user" else ""
        kind = "yours" if count.kind == "user" else "article"
        table.add_row(safe_text(count.name, style=style), str(count.count), kind)
    console.print(table)


@app.command()
def bookmark(
    ctx: typer.Context,
    article_id: IdArgument,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="A note kept with the bookmark.")
    ] = None,
    remove: Annotated[bool, typer.Option("--remove", "-r", help="Remove the bookmark.")] = False,
) -> None:
    """Bookmark an article, optionally with a note; bookmarks feed the briefing."""
    if remove and note is not None:
        fail("--note and --remove cannot be used together", code=2)
    with session_for(get_state(ctx)) as session:
        record = get_record(session, article_id)
        if remove:
            session.unbookmark(record.id)
            stdout_console().print(Text("Removed the bookmark from ") + describe(record))
            return
        saved = session.bookmark(record.id, note)
    console = stdout_console()
    console.print(Text("Bookmarked ", style="yellow") + describe(record))
    if saved.note:
        console.print(Text("Note: ", style="dim") + safe_block(saved.note))


@app.command()
def read(
    ctx: typer.Context,
    article_id: IdArgument,
    unread: Annotated[bool, typer.Option("--unread", "-u", help="Mark as unread.")] = False,
) -> None:
    """Mark an article as read (or --unread)."""
    with session_for(get_state(ctx)) as session:
        record = get_record(session, article_id)
        session.set_read(record.id, not unread)
    state = "unread" if unread else "read"
    stdout_console().print(Text("Marked ") + describe(record) + Text(f" as {state}"))


@app.command(context_settings={"ignore_unknown_options": True})
def remove(
    ctx: typer.Context,
    terms: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="QUERY|ID",
            help="Article ids (all of them exact ids), or else a query (as for search) whose "
            "every match is removed.",
        ),
    ] = None,
    samples: Annotated[
        bool, typer.Option("--samples", help="Remove the bundled sample articles.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask; needed when stdin is not a terminal.")
    ] = False,
) -> None:
    """Remove articles from the library, with all your tags, bookmarks, reads and highlights.

    Shows how many articles and some titles, then asks. Files of removed articles stay out
    of later imports of their folder; import a file by name to bring it back.
    """
    words = [t for t in (terms or []) if t.strip()]
    if samples == bool(words):
        fail("give article ids or a query, or --samples (not both)", code=2)
    with session_for(get_state(ctx), samples=False) as session:
        ids = session.sample_ids() if samples else session.remove_targets(words)
        if not ids:
            wanted = (
                "the library has no sample articles"
                if samples
                else (f"no article matches {' '.join(words)!r}")
            )
            fail(f"{wanted}: nothing removed")
        console = stdout_console()
        plural = "" if len(ids) == 1 else "s"
        console.print(f"{len(ids)} article{plural} to remove:")
        for aid, title in session.titles(ids[:_REMOVE_SHOWN]):
            console.print(Text("  ") + Text(aid, style="bold") + Text(" ") + safe_text(title))
        if len(ids) > _REMOVE_SHOWN:
            console.print(f"  … and {len(ids) - _REMOVE_SHOWN} more")
        if not yes:
            if not cli_support.stdin_is_terminal():
                fail(
                    f"not removing {len(ids)} article{plural}: stdin is not a terminal, "
                    "so nothing can be confirmed; add --yes to remove them",
                    code=EXIT_USAGE,
                )
            if not typer.confirm(f"Remove {len(ids)} article{plural}?", default=False):
                console.print("Nothing removed.")
                raise typer.Exit(1)
        removed = session.remove(ids)
    done = len(removed)
    console.print(f"Removed {done} article{'' if done == 1 else 's'}.")


_REMOVE_SHOWN = 5


# --- export / restore -----------------------------------------------------------------------


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        StateFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="toml or json (default: from the --output extension, else toml).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write here (atomically) instead of stdout."
        ),
    ] = None,
    articles: Annotated[
        Path | None,
        typer.Option(
            "--articles",
            metavar="DIR",
            help="Write every article as a Markdown file with front matter (its fields and "
            "your tags, bookmark, read mark and highlights) into DIR; 'reader import DIR' "
            "reads it back.",
        ),
    ] = None,
) -> None:
    """Export your tags, bookmarks, notes, read marks, highlights and saved searches.

    Use it to move your state to another machine or keep it safe; 'reader restore' reads it.
    TOML has no null, so empty values are simply left out there. With --articles DIR, the
    whole library as plain files instead.
    """
    if articles is not None:
        if output is not None or fmt is not None:
            raise typer.BadParameter("--articles writes a folder of files: no --output/--format")
        with session_for(get_state(ctx)) as session:
            done = session.export_articles(articles)
        noun = "article" if done.articles == 1 else "articles"
        stdout_console().print(
            Text(f"Exported {done.articles} {noun} to ") + safe_text(str(articles))
        )
        return
    with session_for(get_state(ctx)) as session:
        if output is None or str(output) == "-":
            text, _count = session.export_state(fmt or StateFormat.toml)
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        result = session.export_state_to(output, fmt)
    if is_stdout(output):
        return  # `-o /dev/stdout`: the export alone on stdout
    noun = "article" if result.articles == 1 else "articles"
    stdout_console().print(
        Text(f"Exported your state for {result.articles} {noun} to ") + safe_text(str(output))
    )


@app.command()
def restore(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A file written by 'reader export'.")
    ],
) -> None:
    """Apply a file written by 'reader export', merging it into this library.

    State for articles that are not imported yet is kept and applied when they arrive.
    """
    with session_for(get_state(ctx), samples=False) as session:
        try:
            report = session.restore_state(file)
        except StateFileError as exc:
            # Every problem on its own line, each with its path in the file.
            head, *problems = str(exc).splitlines()
            print(f"reader: error: {sanitize_line(str(file))}: {head}", file=sys.stderr)
            for problem in problems:
                print(f"  {sanitize_line(problem.strip())}", file=sys.stderr)
            raise typer.Exit(EXIT_USAGE) from None  # the file given is not one to restore
        titles = {}
        for article_id in report.applied:
            try:
                titles[article_id] = session.get(article_id).article.title
            except USER_ERRORS:
                titles[article_id] = ""
    console = stdout_console()
    console.print(
        Text(
            f"Restored: state for {plural(len(report.applied), 'article')}, "
            f"{len(report.pending)} waiting for their articles, "
            f"{plural(report.saved_searches, 'saved search', 'saved searches')}.",
            style="bold",
        )
    )
    for article_id in report.applied:
        console.print(Text(f"  applied  {article_id}  ") + safe_text(titles[article_id]))
    for article_id in report.pending:
        console.print(
            Text(f"  pending  {article_id}  ", style="dim")
            + Text("(applied when it is imported)", style="dim")
        )


# --- config ---------------------------------------------------------------------------------


def _config_file(ctx: typer.Context) -> Path:
    explicit = get_state(ctx).config_file
    return explicit.expanduser() if explicit is not None else config_path()


@config_app.command("path")
def config_path_command(ctx: typer.Context) -> None:
    """Print where the settings file is (it need not exist yet)."""
    print(_config_file(ctx))


@config_app.command("get")
def config_get(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="KEY", help="A dotted key, e.g. smtp.port.")],
) -> None:
    """Print one setting's value in force (the default when the file does not set it)."""
    if key not in SETTINGS:
        fail(f"unknown setting {key!r}; 'reader config show' lists them", code=EXIT_USAGE)
    print(format_value(get_state(ctx).config().get(key)))


@config_app.command("set")
def config_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="KEY", help="A dotted key, e.g. smtp.port.")],
    value: Annotated[
        str, typer.Argument(metavar="VALUE", help="Lists are comma-separated: a@x.org, b@y.org")
    ],
) -> None:
    """Change one setting; the rest of the file, comments and layout included, is kept."""
    path = _config_file(ctx)
    saved = set_value(key, value, path)
    shown = format_value(saved.get(key))
    stdout_console().print(safe_text(f"{key} = {shown}  ({path})"))


@config_app.command("show")
def config_show(ctx: typer.Context) -> None:
    """Every setting with the value in force, marking the ones still at their default."""
    cfg = get_state(ctx).config(may_be_missing=True)  # says "(not created yet)" itself
    console = stdout_console()
    exists = cfg.path.exists()
    console.print(Text(f"{cfg.path}" + ("" if exists else " (not created yet)"), style="dim"))
    table = _simple_table()
    table.add_column("Key", style="cyan", no_wrap=True)
    table.add_column("Value")
    table.add_column("")
    table.add_column("Meaning", style="dim")
    for key, setting in SETTINGS.items():
        value = format_value(cfg.get(key))
        source = "" if cfg.is_set(key) else "default"
        table.add_row(key, safe_text(value), source, setting.help)
    console.print(table)


def main() -> None:
    """Console-script entry point (``reader``) and ``python -m reader``."""
    app(prog_name="reader")


from reader import cli_digest  # noqa: E402  (the digest commands plug into this app)

cli_digest.register(app)

from reader import cli_doctor  # noqa: E402  (plugs into this app like the digest commands)

cli_doctor.register(app)

from reader import cli_feeds  # noqa: E402  (feeds, fetch and save plug in here)

cli_feeds.register(app)
_use_reader_commands(app)
