"""PO/POT catalogues: a frozen model, a strict reader and a writer identical to GNU msgcat.

The model keeps everything a translator or a tool put in a file: translator comments (``# ``),
extracted comments (``#.``), references (``#:``), flags (``#,``), previous strings (``#|``),
context, plurals and obsolete entries (``#~``).

Writer rules are msgcat's, so ``msgcat FILE`` never changes a file we wrote:
- active entries first (file order), obsolete entries at the end; an obsolete entry with an
  empty msgstr is dropped, as msgcat drops it;
- flags are written in gettext's order (fuzzy, ``*-format``, ``range:``, ``no-wrap``); the
  fuzzy flag is omitted on an untranslated active entry. GNU gettext silently drops flags it
  does not know, so this writer drops them too: mark a string for auditors with an extracted
  comment (``#.``), not a custom flag;
- references are deduplicated in order and wrapped to the page width;
- strings are escaped and wrapped as in :mod:`extractor.powrap`.
"""
from __future__ import annotations

from extractor.pomodel import FORMAT_LANGUAGES, Catalogue, Entry
from extractor.poread import parse_po, parse_po_bytes, read_po
from extractor.powrite import format_po, header_text, write_po
from extractor.powrap import PAGE_WIDTH

__all__ = ["FORMAT_LANGUAGES", "PAGE_WIDTH", "Catalogue", "Entry", "format_po", "header_text",
           "parse_po", "parse_po_bytes", "read_po", "write_po"]
