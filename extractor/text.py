"""Text normalisation rules shared by every stage (one place for each rule)."""
from __future__ import annotations

import re
import unicodedata

# Every Unicode whitespace, NBSP and zero-width spaces included: THE whitespace of the project.
WHITESPACE = re.compile(r"[\s\u00a0\u200b\u2007\u202f\ufeff]+")


def is_space(ch: str) -> bool:
    """True for one character of :data:`WHITESPACE`."""
    return WHITESPACE.match(ch) is not None


def fold(text: str) -> str:
    """Fold all whitespace (NBSP included) to single spaces, trim, and apply Unicode NFC.

    >>> fold("  Siapa\\u00a0 Kami\\n")
    'Siapa Kami'
    """
    if not text.isascii():
        text = plain_spaces(unicodedata.normalize("NFC", text))
    # Several times faster than substituting the regular expression.
    return " ".join(text.split())


def plain_spaces(text: str) -> str:
    """``text`` with the zero-width spaces of :data:`WHITESPACE` made plain spaces.

    ``str.split()`` and ``str.isspace()`` know exactly the characters regex ``\\s`` matches;
    WHITESPACE adds only the zero-width ones, so after this they agree with it.
    """
    if "\u200b" in text or "\ufeff" in text:
        return text.replace("\u200b", " ").replace("\ufeff", " ")
    return text


def is_folded(text: str) -> bool:
    """True when ``text`` is non-empty and already folded."""
    return bool(text) and fold(text) == text
