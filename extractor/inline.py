"""Flatten inline HTML into block text plus spans.

The text follows the page model's rule: inline markup is flattened without added spaces
(``CO<sub>2</sub>`` -> ``CO2``), ``<br>`` becomes one space, whitespace is folded (see
extractor.text.fold). Links, emphasis and line breaks are kept as Spans whose offsets point into
the folded text, so later stages can turn them into placeholders and rebuild the page.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from typing import Any, Iterable

from extractor.model import Span

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
_WS = re.compile(r"[\s\u00a0\u200b\u2007\u202f\ufeff]+")
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
        raw = unicodedata.normalize("NFC", "".join(self.parts))
        if not self.spans:
            return _WS.sub(" ", raw).strip(), ()
        # Map raw offsets to folded offsets: each whitespace run shrinks to one char (or none at
        # the edges). ``starts``/``shift`` record, per run, where it starts and the shift after it.
        starts: list[int] = []
        shifts: list[int] = []
        removed = 0
        out: list[str] = []
        last = 0
        lead = 0
        for m in _WS.finditer(raw):
            a, b = m.span()
            out.append(raw[last:a])
            if a == 0:
                removed += b - a
                lead = b
            else:
                out.append(" ")
                removed += b - a - 1
            starts.append(a)
            shifts.append(removed)
            last = b
        out.append(raw[last:])
        folded = "".join(out)
        trimmed = folded.rstrip()
        end_limit = len(trimmed)

        def pos(p: int) -> int:
            if p <= lead:
                return 0
            i = bisect_right(starts, p - 1) - 1
            shift = shifts[i] if i >= 0 else 0
            # inside a run: clamp to the run's single space
            return min(max(0, p - shift), end_limit)

        spans = []
        for kind, a, b, tag, attrs in sorted(self.spans, key=lambda s: (s[1], -s[2])):
            na, nb = pos(a), pos(b)
            if kind != "br" and nb <= na:
                continue
            spans.append(Span(kind, na, nb, tag, attrs))
        return trimmed, tuple(spans)


def text_of(el: Any) -> str:
    """All text inside ``el`` (not its tail), unfolded."""
    return "".join(el.itertext())


def flatten(items: Iterable[Any]) -> tuple[str, tuple[Span, ...]]:
    """Flatten a run of inline content (strings and inline elements with their tails)."""
    builder = _Builder()
    for item in items:
        if isinstance(item, str):
            builder.add(item)
        else:
            builder.element(item)
    return builder.result()


def flatten_element(el: Any) -> tuple[str, tuple[Span, ...]]:
    """Flatten an element's content (its text and children, not its tail)."""
    builder = _Builder()
    builder.add(el.text)
    for child in el:
        builder.element(child)
    return builder.result()
