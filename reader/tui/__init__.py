"""The Textual user interface of reader: ``make_app`` / ``run_app`` in ``reader.tui.app``."""
