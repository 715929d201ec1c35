"""Flatten inline HTML into block text plus spans.

The text follows the page model's rule: inline markup is flattened without added spaces
(``CO<sub>2</sub>`` -> ``CO2``), ``<br>`` becomes one space, whitespace is folded (see
extractor.text.fold). Links, emphasis and line breaks are kept as Spans whose offsets point into
the folded text, so later stages can turn them into placeholders and rebuild the page.
"""
from __future__ import annotations

import unicodedata
from typing import Any, Iterable

from extractor.model import Span
from extractor.text import WHITESPACE, fold, is_space

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


def is_inline(el: Any) -> bool:
    tag = el.tag
    return isinstance(tag, str) and tag.lower() in INLINE_TAGS


class _Builder:
    """Collects raw text pieces and raw span offsets, then folds both together."""

    __slots__ = ("parts", "length", "spans")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.spans: list[tuple[str, int, int, str, tuple[tuple[str, str], ...]]] = []

    def add(self, text: str | None) -> None:
        if text:
            if not text.isascii():
                text = unicodedata.normalize("NFC", text)
            self.parts.append(text)
            self.length += len(text)

    def element(self, el: Any) -> None:
        tag = el.tag
        if not isinstance(tag, str):  # comments, processing instructions
            self.add(el.tail)
            return
        tag = tag.lower()
        if tag == "br":
            self.spans.append(("br", self.length, self.length, "br", ()))
            self.add(" ")
        elif tag in ("img", "wbr"):
            pass  # alt text is not block text
        else:
            start = self.length
            self.add(el.text)
            for child in el:
                self.element(child)
            kind = SPAN_KINDS.get(tag)
            if kind and self.length > start:
                attrs = tuple((k, v) for k, v in el.attrib.items() if k in _KEEP_ATTRS)
                self.spans.append((kind, start, self.length, tag, attrs))
        self.add(el.tail)

    def result(self) -> tuple[str, tuple[Span, ...]]:
        raw = "".join(self.parts)
        folded = WHITESPACE.sub(" ", raw)
        text = folded.strip()
        if not raw.isascii() and not unicodedata.is_normalized("NFC", text):
            # Pieces are normalised as they come (add); only a combining mark that starts a
            # piece can still compose across the seam. Rare: normalise, keep spans in bounds.
            text = unicodedata.normalize("NFC", text)
        if not self.spans:
            return text, ()
        # A raw offset maps to the length of the folded prefix before it (each whitespace run
        # is one space), less the leading space that strip() removes.
        lead = len(folded) - len(folded.lstrip())
        limit = len(text)
        folded_at = _folded_offsets(raw, [o for s in self.spans for o in (s[1], s[2])])

        def pos(p: int, shift: int = 0) -> int:
            return min(max(0, folded_at[p] - lead - shift), limit)

        spans = []
        for kind, a, b, tag, attrs in sorted(self.spans, key=lambda s: (s[1], -s[2])):
            if kind == "br":
                # A line break sits on its space, which merges into any whitespace before it.
                at = pos(a, 1 if a and is_space(raw[a - 1]) else 0)
                spans.append(Span(kind, at, at, tag, attrs))
                continue
            na, nb = pos(a), pos(b)
            if nb > na:
                spans.append(Span(kind, na, nb, tag, attrs))
        return text, tuple(spans)


def _folded_offsets(raw: str, offsets: Iterable[int]) -> dict[int, int]:
    """For each offset p into ``raw``: ``len(WHITESPACE.sub(" ", raw[:p]))``, in one pass.

    Each whitespace run wholly before p shrinks to one space; a run that p cuts (start < p <
    end) keeps one space of its part before p.
    """
    ps = sorted(set(offsets))
    out: dict[int, int] = {}
    i, n, removed = 0, len(ps), 0
    for m in WHITESPACE.finditer(raw):
        if i == n:
            break
        start, end = m.span()
        while i < n and ps[i] <= start:
            out[ps[i]] = ps[i] - removed
            i += 1
        while i < n and ps[i] < end:
            out[ps[i]] = start + 1 - removed
            i += 1
        removed += end - start - 1
    for p in ps[i:]:
        out[p] = p - removed
    return out


def fold_text(raw: str) -> str:
    """:func:`extractor.text.fold` of raw text, fast for the common case.

    ``str.split()`` splits on exactly the characters regex ``\\s`` matches; WHITESPACE adds
    only the zero-width spaces, so text without those folds the cheap way.
    """
    if not raw.isascii():
        if "\u200b" in raw or "\ufeff" in raw:
            return fold(raw)
        if not unicodedata.is_normalized("NFC", raw):
            raw = unicodedata.normalize("NFC", raw)
    return " ".join(raw.split())


def text_of(el: Any) -> str:
    """All text inside ``el`` (not its tail), unfolded."""
    return "".join(el.itertext())


def flatten(items: list[Any]) -> tuple[str, tuple[Span, ...]]:
    """Flatten a run of inline content (strings and inline elements with their tails)."""
    if all(type(item) is str for item in items):
        # Most blocks are plain text (no inline elements, hence no spans): fold it directly.
        return fold_text("".join(items)), ()
    builder = _Builder()
    for item in items:
        if isinstance(item, str):
            builder.add(item)
        else:
            builder.element(item)
    return builder.result()
