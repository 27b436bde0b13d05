"""Read-later exports (Pocket, Instapaper, Omnivore, Wallabag, Raindrop, Readwise Reader,
Matter) parsed into plain ``SavedItem`` values; see formats.py for what is recognised how."""

from reader.parsing.readlater.formats import detect, read_export
from reader.parsing.readlater.model import NotAnExport, ParsedExport, SavedHighlight, SavedItem

__all__ = ["NotAnExport", "ParsedExport", "SavedHighlight", "SavedItem", "detect", "read_export"]
