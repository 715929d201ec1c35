"""Hot loops that have a C version in the optional accelerator (extractor/_speedups.pyx).

Each function here is the pure-Python definition; when the accelerator was built (setup.py:
whenever pip finds a C compiler) the C version replaces it, with the same answers (the tests
compare both). EXTRACTOR_PURE_PYTHON=1 keeps the pure-Python ones.
"""
from __future__ import annotations

import os
import re
from typing import Any

native: Any = None
if not os.environ.get("EXTRACTOR_PURE_PYTHON"):
    try:
        from extractor import _speedups as native
    except ImportError:  # installed without a compiler
        pass


def within(el: Any, scope: Any) -> bool:
    """True when ``el`` is ``scope`` or inside it."""
    if el is scope:
        return True
    for anc in el.iterancestors():
        if anc is scope:
            return True
    return False


def outermost(elements: list[Any]) -> list[Any]:
    """``elements`` without those inside another of them, in their order."""
    inside = [d for el in elements for d in el.iterdescendants()]
    nested = {id(d) for d in inside}  # `inside` holds the proxies: ids stay theirs
    return [el for el in elements if id(el) not in nested]


INLINE, WRAPPER, BLOCK = 0, 1, 2  # kinds of child in content()


def content(el: Any, inline_tags: frozenset[str]) -> list[Any]:
    """``el``'s content in document order: its text, then each child element as (element,
    lower-case tag, kind) and its tail, as strings. A child's kind is INLINE (its tail is read
    with it, so not listed), WRAPPER (an inline element with a block inside, as parsers
    recover an unclosed <b> that swallowed a list) or BLOCK. Comments add only their tails.
    """
    items: list[Any] = []
    if el.text:
        items.append(el.text)
    for child in el:
        tag = child.tag
        if isinstance(tag, str):
            tag = tag.lower()
            if tag in inline_tags:
                kind = WRAPPER if len(child) and any(
                    isinstance(d.tag, str) and d.tag.lower() not in inline_tags for d in child.iterdescendants()) else INLINE
            else:
                kind = BLOCK
            items.append((child, tag, kind))
            if kind == INLINE:
                continue
        if child.tail:
            items.append(child.tail)
    return items


def text_of(el: Any) -> str:
    """All text inside ``el`` (not its tail), unfolded."""
    return "".join(el.itertext())


_LOWER_WORD = re.compile(r"\b[a-z]+(?:['’][a-z]+)*\b")


def lower_word_hits(text: str, first: frozenset[str], second: frozenset[str]) -> tuple[int, int]:
    """How many of ``text``'s whole lower-case words (not the lower-case tail of a capitalised
    one: "Kami" gives nothing) are in ``first``, and how many of the rest in ``second``."""
    hits_first = hits_second = 0
    for word in _LOWER_WORD.findall(text):
        if word in first:
            hits_first += 1
        elif word in second:
            hits_second += 1
    return hits_first, hits_second


def getpath(el: Any) -> str:
    """The element's XPath in its document (lxml's ``getpath``)."""
    return el.getroottree().getpath(el)


# The pure-Python definitions, kept for the tests that compare them with the C versions.
PYTHON = {"within": within, "outermost": outermost, "content": content, "text_of": text_of,
          "lower_word_hits": lower_word_hits, "getpath": getpath}

if native is not None:
    within = native.within  # noqa: F811
    outermost = native.outermost  # noqa: F811
    content = native.content  # noqa: F811
    text_of = native.text_of  # noqa: F811
    lower_word_hits = native.lower_word_hits  # noqa: F811

    def getpath(el: Any) -> str:  # noqa: F811
        # libxml2's xmlGetNodePath, which lxml calls, formats and copies at every step.
        path = native.getpath(el)
        return path if path is not None else el.getroottree().getpath(el)
