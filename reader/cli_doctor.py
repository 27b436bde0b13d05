"""``reader doctor``: check the library, and rebuild a damaged one (reader.app.doctor)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from reader.cli_support import fail, get_state, plural, safe_text, stdout_console
from reader.sanitize import escape_name


def doctor(
    ctx: typer.Context,
    check_only: Annotated[
        bool,
        typer.Option(
            "--check", help="Only check; exit 1 if the library is damaged, change nothing."
        ),
    ] = False,
) -> None:
    """Check the library and, if it is damaged, rebuild it from what can be read.

    Your tags, bookmarks, reads, highlights and saved searches are salvaged first (and written
    to a state file you can `reader restore`), then the articles are imported again from their
    files with the ids they had; articles whose files are gone are kept from the damaged file.
    The damaged file is kept beside the new library, under the name shown. Close the app first.
    """
    from reader.app import doctor as medic

    directory = get_state(ctx).library_dir
    console = stdout_console()
    report = medic.check_library(directory) if check_only else medic.repair_library(directory)
    where = escape_name(str(report.db_path))
    if report.problem is None:
        console.print(
            safe_text(
                f"The library {where} is sound ({plural(report.articles, 'article')}): "
                "nothing to do."
            )
        )
        return
    if check_only:
        fail(
            f"the library {where} is damaged ({report.problem}): run `reader doctor` to rebuild it"
        )
    if report.index_only:
        console.print(
            Text("The library's search index was damaged: ", style="bold")
            + safe_text(report.problem)
        )
        console.print(
            safe_text(
                f"Rebuilt the search index of {where} from its "
                f"{plural(report.articles, 'article')}; nothing else needed repair."
            )
        )
        return
    console.print(Text("The library was damaged: ", style="bold") + safe_text(report.problem))
    console.print(safe_text(f"Kept the damaged file as {escape_name(str(report.kept_as))}"))
    console.print(
        safe_text(
            f"Saved what could be read of your own state "
            f"(the tags, bookmarks, reads and highlights of "
            f"{plural(report.state_articles, 'article')}, "
            f"{plural(report.saved_searches, 'saved search', 'saved searches')}) "
            f"to {escape_name(str(report.state_file))}"
        )
    )
    console.print(
        safe_text(
            f"Rebuilt {where}: {plural(report.articles, 'article')} "
            f"({report.reimported} imported again from their files, {report.from_rows} kept "
            "from the damaged file as their files are gone)."
        )
    )
    if report.nothing_readable:
        console.print(
            safe_text(
                "Nothing could be read from the damaged file: import your folders again "
                "(`reader import DIR`) and restore your state from an export (`reader restore`)."
            )
        )
    if report.waiting:
        console.print(
            safe_text(
                f"The state of {plural(report.waiting, 'article')} that could not be recovered "
                "waits for them: `reader import` their files and it is applied."
            )
        )
    if report.unreadable:
        lost = ", ".join(f"{table} {n}" for table, n in sorted(report.unreadable.items()))
        console.print(safe_text(f"Unreadable rows or stretches of rows: {lost}"))
    for path, reason in report.skipped:
        # A name from disk is hostile: its controls shown as escapes (as `reader import` does),
        # never sent to the terminal, and never read as Rich markup.
        console.print(
            Text("  skipped  ", style="red") + safe_text(f"{escape_name(str(path))}: {reason}")
        )


def register(app: typer.Typer) -> None:
    """Add ``doctor`` to the ``reader`` app (called by reader.cli)."""
    app.command("doctor")(doctor)
