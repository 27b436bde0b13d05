"""The key footer, rebuilt once per burst of binding changes instead of once per change, and
cut to fit its width.

Textual's Footer schedules a full recompose (a widget per key, each styled) every time the
screen's bindings change. Starting the app changes them a dozen times before the first list
is shown (layout, focus, the library opening, the list and the sidebar arriving), and every
rebuild showed the same keys; here the changes of one burst share a single rebuild, made after
the next refresh from the bindings in force then, so the footer still ends up current.

Textual's footer also runs off the right edge when the keys do not fit (at 80 columns in
highlight mode or on a saved search in the sidebar, ``? Help`` and ``q Quit`` were cut off and
the last key shown was cut mid-word). Here, once laid out, keys are left out until the rest
fit whole: the general keys first, from the end, then the focused pane's own; ``? Help``
(which lists every key) and ``q Quit`` always stay.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Actions whose keys are never left out.
ALWAYS_SHOWN = frozenset({"help", "quit"})


class ReaderFooter(Footer):
    """A Footer whose rebuilds are coalesced and whose keys fit (see the module's docstring)."""

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
        self.call_after_refresh(self._fit)

    def on_resize(self) -> None:
        keys = list(self.query(FooterKey))
        if any(not key.display for key in keys):
            for key in keys:
                key.display = True  # measured again at the new width
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Leave out keys (see the module's docstring) until those shown fit whole."""
        width = self.size.width
        keys = [key for key in self.query(FooterKey) if key.display]
        if not width or not keys:
            return
        palette = [key for key in keys if key.has_class("-command-palette")]
        row = [key for key in keys if not key.has_class("-command-palette")]

        def cells(key: FooterKey) -> int:
            margin = key.styles.margin
            return key.outer_size.width + margin.left + margin.right

        room = width - sum(cells(key) for key in palette)
        sizes = {key: cells(key) for key in row}
        last_margin = row[-1].styles.margin.right if row else 0
        needed = sum(sizes.values()) - last_margin
        if needed <= room:
            return
        general: list[FooterKey] = []
        own: list[FooterKey] = []
        bindings = self.screen.active_bindings
        for key in row:
            if key.action in ALWAYS_SHOWN:
                continue
            active = bindings.get(key.key)
            node = active.node if active is not None else None
            (general if node is None or node in (self.screen, self.app) else own).append(key)
        for key in [*reversed(general), *reversed(own)]:
            if needed <= room:
                break
            key.display = False
            needed -= sizes[key]
