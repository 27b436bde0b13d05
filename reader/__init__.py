"""reader: a terminal news reader and briefing generator."""

__version__ = "0.1.0"
