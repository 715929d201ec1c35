"""Charset labels: an HTTP Content-Type's charset parameter, or a ``<meta charset>`` label,
made a Python codec name the way browsers read it (WHATWG: ISO-8859-1, ASCII and their aliases
are windows-1252). A leaf module: the decode stage and the crawler both read headers with it,
so a page's links and its text are decoded alike.
"""
from __future__ import annotations

import codecs
import re

_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)

# WHATWG: these labels are decoded as windows-1252 by every browser.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252",
            "us-ascii": "cp1252", "windows-1252": "cp1252", "iso8859-1": "cp1252", "l1": "cp1252"}


def normalise_charset(label: str) -> str | None:
    """The Python codec name for a charset ``label`` (WHATWG aliases applied), or None when
    Python knows no such codec."""
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, normalised, or None."""
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return normalise_charset(m.group(1)) if m else None
