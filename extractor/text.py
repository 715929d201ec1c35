"""Text normalisation rules shared by every stage (one place for each rule)."""
from __future__ import annotations

import re
import unicodedata

# Every Unicode whitespace, NBSP and zero-width spaces included: THE whitespace of the project.
WHITESPACE = re.compile(r"[\s\u00a0\u200b\u2007\u202f\ufeff]+")
_WS = WHITESPACE


def is_space(ch: str) -> bool:
    """True for one character of :data:`WHITESPACE`."""
    return WHITESPACE.match(ch) is not None


def fold(text: str) -> str:
    """Fold all whitespace (NBSP included) to single spaces, trim, and apply Unicode NFC.

    >>> fold("  Siapa\\u00a0 Kami\\n")
    'Siapa Kami'
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if "\u200b" in text or "\ufeff" in text:
            return _WS.sub(" ", text).strip()
    # str.split() splits on exactly the characters regex \s matches (WHITESPACE adds only the
    # zero-width spaces above), and is several times faster than the regex.
    return " ".join(text.split())


def is_folded(text: str) -> bool:
    """True when ``text`` is non-empty and already folded."""
    return bool(text) and fold(text) == text
