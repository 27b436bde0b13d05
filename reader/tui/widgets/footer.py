"""The key footer, rebuilt once per burst of binding changes instead of once per change.

Textual's Footer schedules a full recompose (a widget per key, each styled) every time the
screen's bindings change. Starting the app changes them a dozen times before the first list
is shown (layout, focus, the library opening, the list and the sidebar arriving), and every
rebuild showed the same keys; here the changes of one burst share a single rebuild, made after
the next refresh from the bindings in force then, so the footer still ends up current.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class ReaderFooter(Footer):
    """A Footer whose rebuilds are coalesced (see the module's docstring)."""

    _rebuild_pending = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False  # a change from here on asks for one more rebuild
        await self.recompose()
