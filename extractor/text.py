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
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def is_folded(text: str) -> bool:
    """True when ``text`` is non-empty and already folded."""
    return bool(text) and fold(text) == text
