"""The Textual application: built by ``make_app`` (used by the CLI, tests and benchmarks).

The app owns the session (``reader.app.Session``: the library connection and the config in
force); screens reach the store only through it, from thread workers. The library is opened
in a worker too, so even the first paint never waits on SQLite or on importing the samples.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path, PurePath
from typing import Any, ClassVar, TypeVar, cast

from textual import on, work
from textual.app import App
from textual.binding import BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from reader.app import (
    USER_ERRORS,
    Library,
    LibraryDamaged,
    LibraryError,
    Session,
    open_session,
    resolve_library_dir,
)
from reader.config import Config, ConfigError, config_path, load_config, set_value
from reader.sanitize import sanitize_line, sanitize_terminal
from reader.tui import keys
from reader.tui.commands import ReaderCommands
from reader.tui.messages import LibraryFault, LibraryOpened
from reader.tui.screens.main import MainScreen

#: Used when the config cannot be read (the error is shown as a notification).
DEFAULT_MARK_READ_DELAY = 1.5

#: What a callback handed to the UI from a worker thread returns.
Result = TypeVar("Result")


class ReaderApp(App[None]):
    """The reader TUI."""

    TITLE = "reader"
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "screens/main.tcss"]
    BINDINGS: ClassVar[list[BindingType]] = keys.bindings("app")
    COMMANDS = App.COMMANDS | {ReaderCommands}

    def __init__(
        self,
        library_dir: Path | None = None,
        config_file: Path | None = None,
        *,
        library: Library | None = None,
        config: Config | None = None,
        config_error: str | None = None,
    ) -> None:
        super().__init__()
        self.library_dir = library_dir
        self.config_file = config_file
        self.config = config
        self._config_error = config_error
        self._given_library = library
        self.session: Session | None = None
        self._theme_ready = False

    def call_from_thread(
        self,
        callback: Callable[..., Result | Awaitable[Result]],
        *args: Any,
        **kwargs: Any,
    ) -> Result:
        """Hand a worker's result to the UI, unless the app has begun to close.

        A worker can finish while the app shuts down (a query held up by another process's
        write lock, a fetch): its result is for screens whose widgets are already gone, and
        showing it would crash the exit (``NoMatches``). Every worker's hand-over goes through
        here, so none of them needs its own check; what a worker wrote to the library is
        written already, only the display of it is dropped (the result is then None).
        """

        def unless_closing() -> Result | Awaitable[Result]:
            if not self.is_running:
                return cast(Result, None)
            return callback(*args, **kwargs)

        return super().call_from_thread(unless_closing)

    @property
    def library(self) -> Library | None:
        """The open library (reads); changes go through ``session``."""
        return self.session.library if self.session is not None else None

    # ------------------------------------------------------------- config
    def config_value(self, key: str, default: Any = None) -> Any:
        """A config value, or ``default`` when the config could not be loaded."""
        if self.config is None:
            return default
        return self.config.get(key, default)

    @property
    def mark_read_delay(self) -> float:
        value = self.config_value("reader.mark_read_delay", DEFAULT_MARK_READ_DELAY)
        return max(0.0, float(value))

    def get_default_screen(self) -> Screen[Any]:
        return MainScreen()

    # ------------------------------------------------------ notifications
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, from any screen or widget, is shown as written: its text (a
        tag, a saved search's name, a file name, an error quoting either) is never read as
        markup (``[bold]x[/bold`` in a tag used to crash the app) and its terminal controls
        are removed. ``markup`` is accepted for Textual's signature and ignored."""
        super().notify(
            sanitize_terminal(message),
            title=sanitize_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def action_help_quit(self) -> None:
        """ctrl+c: Textual's own hint is markup; say the same in plain words."""
        self.notify("Press q to quit the app", title="Do you want to quit?")

    def on_mount(self) -> None:
        theme = self.config_value("ui.theme", "textual-dark")
        if theme in self.available_themes:
            self.theme = theme
        elif theme:
            self.notify(
                f"Unknown theme {theme!r} in the config; using {self.theme}", severity="warning"
            )
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self._theme_ready = True
        if self._config_error:
            self.notify(self._config_error, title="Config", severity="error", timeout=10)
        self._open_library()

    def _theme_changed(self, theme: Theme) -> None:
        if self._theme_ready and theme.name != self.config_value("ui.theme"):
            self._save_theme(theme.name)

    @work(thread=True, exclusive=True, group="config")
    def _save_theme(self, name: str) -> None:
        try:
            self.config = set_value("ui.theme", name, path=self.config_file)
        except (ConfigError, OSError) as error:
            self.call_from_thread(self.notify, f"Theme not saved: {error}", severity="error")

    # ------------------------------------------------------------ library
    @work(thread=True, exclusive=True, group="open-library")
    def _open_library(self) -> None:
        """Open (or reuse) the library, import the samples on a fresh one when the config in
        force (``--config``) allows, then tell the screen. With an unreadable config the
        samples are not offered: the broken file may be the one that turns them off."""
        config = self.config or Config(path=self.config_file or config_path(), data={})
        try:
            if self._given_library is not None:
                session = Session(self._given_library, config, owns_library=False)
            else:
                session = open_session(self.library_dir, config=config, samples=False)
        except LibraryError as error:
            damaged = isinstance(error, LibraryDamaged)
            self.call_from_thread(partial(self._library_failed, str(error), damaged=damaged))
            return
        if self.config is not None:
            try:
                session.ensure_samples()
            except LibraryError as error:
                session.close()
                damaged = isinstance(error, LibraryDamaged)
                self.call_from_thread(partial(self._library_failed, str(error), damaged=damaged))
                return
            except USER_ERRORS as error:  # samples are a nicety; the library itself is fine
                self.call_from_thread(self.notify, str(error), severity="error")
        self.call_from_thread(self._library_ready, session)

    def _library_ready(self, session: Session) -> None:
        self.session = session
        library = session.library
        # A write that waits for another process's lock stays queued in its worker (the store
        # retries it); the user is told once per write that it is waiting.
        library.on_busy = self._library_busy
        if library.read_only:
            self.notify(
                "The library is read-only: you can read and search, changes cannot be saved",
                title="Read-only",
                severity="warning",
                timeout=8,
            )
        self.screen_stack[0].post_message(LibraryOpened())

    def _library_busy(self, message: str) -> None:
        """Called from the worker thread whose write waits (see Library.on_busy)."""
        self.call_from_thread(
            self.notify,
            f"{message[:1].upper()}{message[1:]}: it is kept and saved as soon as the "
            "library is free",
            title="Library busy",
            severity="warning",
        )

    @on(LibraryFault)
    def _library_fault(self, message: LibraryFault) -> None:
        """A library call failed in a worker: damage gets the damaged-library screen (the
        list and the article would only fail again), anything else a notification."""
        error = message.error
        if isinstance(error, LibraryDamaged):
            self._library_failed(str(error), damaged=True)
        else:
            self.notify(str(error), severity="error", timeout=8)

    def _library_failed(self, message: str, *, damaged: bool = False) -> None:
        from reader.tui.screens.library_error import LibraryErrorScreen

        if isinstance(self.screen, LibraryErrorScreen):
            return
        directory: Path | None
        try:
            directory = resolve_library_dir(self.library_dir)
        except Exception:  # the same fault may break resolving; the message says enough
            directory = self.library_dir
        self.push_screen(LibraryErrorScreen(message, directory, damaged=damaged))

    async def action_quit(self) -> None:
        """Quit only once everything the user did is in the store: a dialog still holding
        typed text (the bookmark note saves a moment after the last key) saves it now, and
        the changes queued for the writer are waited for, not dropped with the workers."""
        for screen in reversed(self.screen_stack):
            save_now = getattr(screen, "save_now", None)
            if callable(save_now):
                save_now()
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                await screen.changes_written()
        self.exit()

    def on_unmount(self) -> None:
        if self.session is not None:
            with contextlib.suppress(LibraryError):
                self.session.close()


def make_app(
    library_dir: Path | str | None = None,
    config_file: Path | str | None = None,
    *,
    library: Library | None = None,
) -> ReaderApp:
    """Build the app from CLI-style arguments; a bad config becomes a notification, not a crash."""
    config_path = Path(config_file) if config_file is not None else None
    config: Config | None
    error: str | None = None
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        config, error = None, str(exc)
    return ReaderApp(
        Path(library_dir) if library_dir is not None else None,
        config_path,
        library=library,
        config=config,
        config_error=error,
    )


def run_app(
    library_dir: Path | str | None = None,
    config_file: Path | str | None = None,
) -> None:
    """Entry point for ``reader`` with no sub-command."""
    make_app(library_dir, config_file).run()
