"""Screens of the reader TUI: the main screen and its modals."""
