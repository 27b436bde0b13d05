"""The article parser's parts: decoding bytes, the export layout, front matter, dates.

The public door is :mod:`reader.article` (``parse_bytes``, ``parse_text``, ``parse_file``,
``format_article``). Nothing here imports ``reader.article``, so the two never form an
import cycle: these modules fill a plain :class:`~reader.parsing.draft.Draft` and
``reader.article`` turns it into the frozen ``Article``.
"""
