"""Feeds: a polite fetcher, feed parsing (RSS, Atom, JSON Feed), and their schedule.

Like ``reader/library/`` this package never imports Textual, Typer or Rich.
"""
