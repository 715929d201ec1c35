"""Flatten inline HTML into block text plus spans.

The text follows the page model's rule: inline markup is flattened without added spaces
(``CO<sub>2</sub>`` -> ``CO2``), ``<br>`` becomes one space, whitespace is folded (see
extractor.text.fold). Links, emphasis and line breaks are kept as Spans whose offsets point into
the folded text, so later stages can turn them into placeholders and rebuild the page.
"""
from __future__ import annotations

import unicodedata
from typing import Any

from extractor.model import Span
from extractor.text import fold, plain_spaces

# Inline elements that become spans, by role. Other inline elements are flattened silently.
SPAN_KINDS = {
    "a": "link", "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "sub": "sub",
    "sup": "sup", "code": "code", "abbr": "abbr", "u": "underline", "mark": "mark", "q": "quote",
    "cite": "cite", "small": "small", "s": "strike", "del": "strike", "ins": "insert",
}
INLINE_TAGS = frozenset(SPAN_KINDS) | {
    "span", "font", "br", "wbr", "time", "img", "label", "bdi", "bdo", "data", "dfn", "kbd",
    "samp", "var", "tt", "big", "o:p", "acronym", "nobr",
}
_KEEP_ATTRS = frozenset({"href", "title", "lang", "hreflang", "rel", "target"})


class _Builder:
    """Folds text pieces as they come and records span offsets into the folded text.

    Whitespace runs fold to one space across pieces (``a <b> b</b>`` has one space), so the
    builder remembers whether the text so far ends in one; a leading space is never written
    and a trailing one is cut in :meth:`result`, which is fold's trim.
    """

    __slots__ = ("parts", "length", "space", "spans", "raw")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.space = True  # at the start, as after a space: leading whitespace is dropped
        # (kind, start, end, tag, attrs, raw start, raw end): raw offsets (into the unfolded
        # text) order the spans, outer before inner where folding makes them start together.
        self.spans: list[tuple[str, int, int, str, tuple[tuple[str, str], ...], int, int]] = []
        self.raw = 0

    def add(self, text: str | None) -> None:
        if not text:
            return
        self.raw += len(text)
        if not text.isascii():
            text = plain_spaces(unicodedata.normalize("NFC", text))
        words = text.split()
        if not words:
            self.blank()
            return
        if text[0].isspace():
            self.blank()
        joined = " ".join(words)
        self.parts.append(joined)
        self.length += len(joined)
        self.space = False
        if text[-1].isspace():
            self.blank()

    def blank(self) -> None:
        """Whitespace: one space, unless the text so far ends in one (or is empty)."""
        if not self.space:
            self.parts.append(" ")
            self.length += 1
            self.space = True

    def element(self, el: Any) -> None:
        tag = el.tag
        if not isinstance(tag, str):  # comments, processing instructions
            self.add(el.tail)
            return
        tag = tag.lower()
        if tag == "br":
            # A line break sits on its space, which merges into any whitespace before it.
            at = self.length - 1 if self.space else self.length
            self.spans.append(("br", at, at, "br", (), self.raw, self.raw))
            self.blank()
            self.raw += 1
        elif tag in ("img", "wbr"):
            pass  # alt text is not block text
        else:
            start, raw_start = self.length, self.raw
            self.add(el.text)
            for child in el:
                self.element(child)
            kind = SPAN_KINDS.get(tag)
            if kind and self.length > start:
                attrs = tuple((k, v) for k, v in el.attrib.items() if k in _KEEP_ATTRS)
                self.spans.append((kind, start, self.length, tag, attrs, raw_start, self.raw))
        self.add(el.tail)

    def result(self) -> tuple[str, tuple[Span, ...]]:
        text = "".join(self.parts)
        if self.space and text:
            text = text[:-1]
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            # Pieces are normalised as they come (add); only a combining mark that starts a
            # piece can still compose across the seam. Rare: normalise, keep spans in bounds.
            text = unicodedata.normalize("NFC", text)
        if not self.spans:
            return text, ()
        limit = len(text)
        spans = []
        for kind, a, b, tag, attrs, _, _ in sorted(self.spans, key=lambda s: (s[5], -s[6])):
            na, nb = min(max(0, a), limit), min(b, limit)
            if kind == "br":
                spans.append(Span(kind, na, na, tag, attrs))
            elif nb > na:
                spans.append(Span(kind, na, nb, tag, attrs))
        return text, tuple(spans)


def flatten(items: list[Any]) -> tuple[str, tuple[Span, ...]]:
    """Flatten a run of inline content (strings and inline elements with their tails)."""
    if all(type(item) is str for item in items):
        # Most blocks are plain text (no inline elements, hence no spans): fold it directly.
        return fold("".join(items)), ()
    builder = _Builder()
    for item in items:
        if isinstance(item, str):
            builder.add(item)
        else:
            builder.element(item)
    return builder.result()
