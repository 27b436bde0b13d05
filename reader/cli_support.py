"""Helpers shared by every command module (cli.py, cli_digest.py): no Typer app lives here.

The rules they enforce: article text is hostile, so it reaches the terminal only as sanitised
``rich.text.Text`` (never markup); errors are one line on stderr with exit code 1, never a
traceback; colour only on a terminal and never under NO_COLOR; JSON is written with plain
``sys.stdout`` so that it is byte-exact whatever the terminal is.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from reader.app import split_snippet
from reader.article import WORDS_PER_MINUTE
from reader.config import Config, load_config, require_config_file
from reader.sanitize import escape_controls_in_data, sanitize_line, sanitize_terminal

if TYPE_CHECKING:
    from rich.progress import Progress

    from reader.app import ArticleRecord, Library, Session


@dataclass
class CliState:
    """What the global options decided, handed to every command through ``ctx.obj``."""

    library_dir: Path | None = None
    config_file: Path | None = None
    config_named: bool = False
    """Whether ``config_file`` was named on the command line (``--config FILE``): then it must
    exist (READER_CONFIG, like the default place, may name a file not written yet)."""
    _config: Config | None = field(default=None, init=False, repr=False)

    def config(self, *, may_be_missing: bool = False) -> Config:
        """The settings (loaded once); a bad file raises ConfigError, reported by the app, and
        so does a ``--config`` file that does not exist (unless ``may_be_missing``)."""
        if self._config is None:
            must = self.config_named and not may_be_missing
            self._config = load_config(self.config_file, must_exist=must)
        return self._config

    def check_config_file(self) -> None:
        """MissingConfigFile now if ``--config`` named a file that does not exist."""
        if self.config_named and self.config_file is not None:
            require_config_file(self.config_file)

    def open(self, *, samples: bool = True) -> Session:
        """Open a session; with ``samples``, an empty library first gets the bundled samples.

        ``reader import`` and ``reader restore`` pass ``samples=False``: a user who brings their
        own articles into a new library should find only their own articles there.
        """
        from reader.app import open_session

        config = self.config()  # a bad config file is reported before anything is touched
        session = open_session(self.library_dir, config=config, samples=False)
        session.library.on_busy = lambda message: warn(f"{message} ...")
        if samples:
            try:
                session.ensure_samples()
            except BaseException:
                session.close()
                raise
        return session


def get_state(ctx: typer.Context) -> CliState:
    """The CliState stored by the app's callback (a fresh default one when run standalone)."""
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


def fail(message: str, code: int = 1) -> NoReturn:
    """Report a user error on one line of stderr and leave with ``code``."""
    line = " ".join(sanitize_line(message).split())
    print(f"reader: error: {line}", file=sys.stderr, flush=True)
    raise typer.Exit(code)


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """ "1 article", "2 articles" (``nouns`` when the plural is not ``noun + "s"``)."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def warn(message: str) -> None:
    """A one-line warning on stderr that does not stop the command."""
    print(f"reader: warning: {sanitize_line(message)}", file=sys.stderr, flush=True)


def stdout_console() -> Console:
    """A Console on the current sys.stdout: styled on a terminal, plain text everywhere else."""
    return _console(sys.stdout)


def stderr_console() -> Console:
    """A Console on the current sys.stderr (progress bars, notes), same colour rules."""
    return _console(sys.stderr)


#: Width of tables written to a pipe or file (no terminal to ask): wide, so titles stay on one
#: line for grep, unless COLUMNS says otherwise.
PIPE_WIDTH = 160


def _console(stream: Any) -> Console:
    terminal = is_terminal(stream)
    return Console(
        file=stream,
        force_terminal=terminal,
        no_color=not terminal or bool(os.environ.get("NO_COLOR")),
        width=None if terminal or os.environ.get("COLUMNS") else PIPE_WIDTH,
        highlight=False,
        markup=False,
        emoji=False,
    )


def stdin_is_terminal() -> bool:
    """Whether a confirmation can be asked (stdin is a terminal); tests replace it."""
    return sys.stdin.isatty()


def is_terminal(stream: Any) -> bool:
    """Whether ``stream`` is an interactive terminal (progress bars, the TUI need one)."""
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def safe_text(value: str, style: str = "") -> Text:
    """One line of untrusted text as a Text: no markup, no escapes, no line breaks."""
    return Text(sanitize_line(value), style=style)


def safe_block(value: str, style: str = "") -> Text:
    """Untrusted multi-line text (a paragraph, a note) as a Text, line breaks kept."""
    return Text(sanitize_terminal(value), style=style)


#: The most columns one unbroken run of characters (a long link, a row of symbols) takes in a
#: snippet: the words around the match stay in view instead of a dozen lines of one "word".
SNIPPET_RUN_CELLS = 40

_RUN = re.compile(r"\S+")


def _head(run: str, cells: int) -> str:
    out = ""
    for char in run:
        if cell_len(out + char) > cells - 1:
            break
        out += char
    return out + "…"


def _tail(run: str, cells: int) -> str:
    out = ""
    for char in reversed(run):
        if cell_len(char + out) > cells - 1:
            break
        out = char + out
    return "…" + out


def _shorten_runs(piece: str, *, keep_end: bool) -> str:
    """``piece`` with each run longer than SNIPPET_RUN_CELLS cut to that many columns: its
    start kept, or its end for a run that leads straight into the match (``keep_end``)."""

    def cut(found: re.Match[str]) -> str:
        run = found.group()
        if cell_len(run) <= SNIPPET_RUN_CELLS:
            return run
        if keep_end and found.end() == len(piece):
            return _tail(run, SNIPPET_RUN_CELLS)
        return _head(run, SNIPPET_RUN_CELLS)

    return _RUN.sub(cut, piece)


def snippet_text(snippet: str, match_style: str = "bold") -> Text:
    """A sanitised snippet with its matches styled (the style vanishes off a terminal); a very
    long unbroken run of characters is cut (see SNIPPET_RUN_CELLS)."""
    text = Text()
    pieces = split_snippet(snippet)
    for index, (piece, matched) in enumerate(pieces):
        before_match = index + 1 < len(pieces) and pieces[index + 1][1]
        shown = _shorten_runs(sanitize_line(piece), keep_end=before_match and not matched)
        text.append(shown, style=match_style if matched else "")
    return text


def snippet_json(snippet: str) -> tuple[str, list[list[int]]]:
    """A snippet for JSON: the plain text and the [start, end) offsets of its matches in it.

    Offsets rather than in-band markers, because any marker could also occur in the article.
    The text is kept as written (JSON escapes any control character, so it is inert).
    """
    plain: list[str] = []
    spans: list[list[int]] = []
    offset = 0
    for piece, matched in split_snippet(snippet):
        if matched:
            spans.append([offset, offset + len(piece)])
        plain.append(piece)
        offset += len(piece)
    return "".join(plain), spans


def json_row(record: ArticleRecord) -> dict[str, Any]:
    """The object ``--json`` emits for one article (documented in the README)."""
    article = record.article
    return {
        "id": record.id,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "date_text": article.date_text,
        "authors": list(article.authors),
        "section": article.section,
        "tags": list(record.all_tags),
        "article_tags": list(article.tags),
        "user_tags": list(record.user_tags),
        "url": article.url,
        "bookmarked": record.bookmarked,
        "bookmark_note": record.bookmark.note if record.bookmark else None,
        "read": record.read,
        "missing": record.missing,
        "word_count": record.word_count,
        "reading_minutes": reading_minutes(record.word_count),
        "highlights": len(record.highlights),
    }


def reading_minutes(words: int) -> int:
    """Article.reading_minutes from a stored word count (no need to split 10,000 bodies)."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0


def emit_json(data: Any) -> None:
    """Print JSON exactly (no Rich, no wrapping); non-ASCII kept readable."""
    # C1 controls and bidi overrides as \u escapes: the same JSON, harmless on a terminal.
    sys.stdout.write(escape_controls_in_data(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
    sys.stdout.flush()


def get_record(session: Session, article_id: str) -> ArticleRecord:
    """The record for an id or unique prefix; an unknown one is a clean exit-1 error."""
    from reader.app import UnknownArticle

    try:
        return session.get(article_id)
    except UnknownArticle as exc:
        fail(str(exc))


def describe(record: ArticleRecord) -> Text:
    """``id "Title"`` for confirmations, sanitised."""
    text = Text(record.id, style="bold")
    text.append(" ")
    text.append(safe_text(f"“{record.article.title}”"))
    return text


@contextmanager
def session_for(state: CliState, *, samples: bool = True) -> Iterator[Session]:
    """``with session_for(state) as session:`` -- the application layer's Session per
    ``state`` (``--library``, ``--config``), always closed."""
    session = state.open(samples=samples)
    try:
        yield session
    finally:
        session.close()


@contextmanager
def opened(state: CliState, *, samples: bool = True) -> Iterator[Library]:
    """``with opened(state) as library:`` -- the session's library, for read-only listings;
    operations go through ``session_for`` and the Session's methods."""
    with session_for(state, samples=samples) as session:
        yield session.library


def join_query(parts: Iterable[str]) -> str:
    """Combine query fragments with spaces (the query language ANDs its terms)."""
    return " ".join(part.strip() for part in parts if part and part.strip())


def progress_bar(label: str, with_name: bool = False) -> Progress:
    """A transient progress bar on stderr, ``label`` then the bar, done/total and time, and with
    ``with_name`` the item at hand (``name`` field; always shown as plain text, never markup:
    file names and titles are untrusted). rich.progress loads here, only when a bar is shown."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = [TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    if with_name:
        columns.append(TextColumn("{task.fields[name]}", markup=False))
    return Progress(*columns, console=stderr_console(), transient=True)
