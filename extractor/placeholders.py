"""Inline markup as short numbered placeholders, and back.

A segment's spans become ``<1>…</1>`` pairs and ``<2/>`` empty tags, numbered in text order,
without attributes (``Baca <1>laporan lengkap</1> di sini.``): translators move them, Poedit
highlights them as tags, and the numbers tie each one to the attributes kept beside the page,
so a translated page can be rebuilt with :func:`render`.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import NamedTuple

from extractor.model import Span

# Every placeholder this module writes, and nothing else that looks like one.
PLACEHOLDER = re.compile(r"<(/?)(\d+)(/?)>")


@dataclass(frozen=True)
class Placeholder:
    """What number ``number`` stands for: the element's role, name and attributes."""

    number: int
    kind: str
    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    empty: bool = False
    # An element around the whole string (a linked teaser title): not written in the msgid,
    # where it would only be noise for translators, but kept so the page can be rebuilt.
    whole: bool = False


def to_placeholders(text: str, spans: tuple[Span, ...]) -> tuple[str, tuple[Placeholder, ...]]:
    """``text`` with its spans written as balanced numbered placeholders.

    Spans are clipped to the text; a span that crosses the end of an enclosing one is cut at
    that end, so the result is always balanced. A ``br`` (or any empty span) is ``<n/>``. A span
    around the whole text is left out of the message and returned with ``whole=True``, numbered
    after the others.

    >>> to_placeholders("Baca laporan lengkap di sini.", (Span("link", 5, 20, "a"),))[0]
    'Baca <1>laporan lengkap</1> di sini.'
    """
    size = len(text)
    ordered = sorted(
        (
            (max(0, min(s.start, size)), max(0, min(s.end, size)), i, s)
            for i, s in enumerate(spans)
        ),
        key=lambda item: (item[0], -item[1], item[2]),
    )
    wrappers = [item for item in ordered
                if item[0] == 0 and item[1] == size and size and item[3].kind != "br"]
    ordered = [item for item in ordered if item not in wrappers]
    out: list[str] = []
    found: list[Placeholder] = []
    stack: list[tuple[int, int]] = []  # (end, number); ends never increase towards the top
    pos = 0

    def advance(to: int) -> None:
        nonlocal pos
        while stack and stack[-1][0] <= to:
            end, number = stack.pop()
            out.append(text[pos:end])
            out.append(f"</{number}>")
            pos = end
        out.append(text[pos:to])
        pos = to

    for start, end, _, span in ordered:
        advance(start)
        empty = span.kind == "br" or end <= start
        if not empty and stack and stack[-1][0] < end:
            end = stack[-1][0]
            if end <= start:
                continue
        number = len(found) + 1
        found.append(Placeholder(number, span.kind, span.tag, tuple(span.attrs), empty))
        if empty:
            out.append(f"<{number}/>")
        else:
            out.append(f"<{number}>")
            stack.append((end, number))
    advance(size)
    for _, _, _, span in wrappers:
        found.append(Placeholder(len(found) + 1, span.kind, span.tag, tuple(span.attrs),
                                 whole=True))
    return "".join(out), tuple(found)


class NestingFault(NamedTuple):
    """Where placeholders stop nesting: ``kind`` is "unopened" (``</n>`` that does not close the
    innermost open tag), "unclosed" (``<n>`` never closed) or "closing-empty" (``</n/>``)."""

    kind: str
    number: str


def nesting_fault(msg: str, closing_empty_ok: bool = False) -> NestingFault | None:
    """The first fault in how the placeholders of ``msg`` nest, or None when every ``<n>`` is
    closed by ``</n>`` in nesting order. ``</n/>`` is a fault unless ``closing_empty_ok``."""
    stack: list[str] = []
    for m in PLACEHOLDER.finditer(msg):
        closing, number, empty = m.groups()
        if empty:
            if closing and not closing_empty_ok:
                return NestingFault("closing-empty", number)
        elif closing:
            if not stack or stack.pop() != number:
                return NestingFault("unopened", number)
        else:
            stack.append(number)
    return NestingFault("unclosed", stack[-1]) if stack else None


def is_balanced(msg: str) -> bool:
    """True when every ``<n>`` in ``msg`` is closed by ``</n>`` in nesting order."""
    return nesting_fault(msg) is None


def render(msg: str, placeholders: tuple[Placeholder, ...]) -> str:
    """HTML for a (translated) message: text escaped, placeholders back to their elements.

    A placeholder number without a record is kept as escaped text, so nothing is invented.
    """
    known = {p.number: p for p in placeholders}
    out: list[str] = []
    pos = 0
    for m in PLACEHOLDER.finditer(msg):
        out.append(html.escape(msg[pos:m.start()], quote=False))
        pos = m.end()
        closing, number, empty = m.groups()
        p = known.get(int(number))
        if p is None or not p.tag or p.whole:
            out.append(html.escape(m.group(0), quote=False))
        elif closing:
            out.append(f"</{p.tag}>")
        else:
            out.append(_start_tag(p))
    out.append(html.escape(msg[pos:], quote=False))
    rendered = "".join(out)
    for p in reversed([p for p in placeholders if p.whole and p.tag]):
        rendered = f"{_start_tag(p)}{rendered}</{p.tag}>"
    return rendered


def _start_tag(p: Placeholder) -> str:
    attrs = "".join(f' {k}="{html.escape(v)}"' for k, v in p.attrs)
    return f"<{p.tag}{attrs}>"
