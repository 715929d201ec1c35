"""Article content -> Blocks, in document order, whatever the theme.

Block-level elements map to block types (p -> paragraph, h2-h6 -> heading, li -> list_item,
each p of a blockquote -> quote, figcaption/caption -> caption, th/td -> table_cell). Runs of
inline content sitting directly in a container (Word-pasted markup, unclosed tags, a listing
item's date line) become blocks of the enclosing type, so no text is glued to its neighbour.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

from lxml import etree

from extractor.accel import INLINE, WRAPPER, content, getpath, within
from extractor.dates import parse_visible_date
from extractor.inline import INLINE_TAGS, flatten
from extractor.langid import detect
from extractor.model import Block, Span
from extractor.pagemeta import primary_lang
from extractor.text import fold

_TYPE_OF = {
    "p": "paragraph", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
    "h6": "heading", "li": "list_item", "blockquote": "quote", "figcaption": "caption",
    "caption": "caption", "td": "table_cell", "th": "table_cell", "dt": "paragraph",
    "dd": "paragraph", "pre": "paragraph", "address": "paragraph",
}
# Inside these, a nested p or div keeps the outer type (a p in a list item is the list item).
_STICKY = frozenset({"list_item", "quote", "table_cell", "caption"})
_ANCHOR_PREFIX = {"paragraph": "p", "heading": "hd", "list_item": "li", "quote": "q",
                  "caption": "cap", "table_cell": "td"}
_LANG_SAMPLE = 240
_DATE_LINE_MAX = 100
_SKIP_TAGS = frozenset({"h1", "img", "picture", "video", "audio", "map", "hr", "button", "form",
                        "nav", "footer", "aside"})


class _Reader:
    def __init__(self, root: Any, page_lang: str | None, skip: Any | None,
                 exclude: Callable[[Any], bool], lang_marked: Iterable[Any] | None) -> None:
        self.page_lang = page_lang
        self.skip = skip
        self.exclude = exclude
        self.date_lines: list[str] | None = None
        # Most pages declare lang only on <html>; then no block needs its ancestors walked.
        if lang_marked is None:  # no document index at hand: look for them
            lang_marked = [el for el in root.getroottree().iter(etree.Element) if el.get("lang") is not None]
        self.has_lang = any(el.tag != "html" and (within(el, root) or (el.get("lang") and within(root, el)))
                            for el in lang_marked)
        self.blocks: list[Block] = []
        self.counts: dict[str, int] = {}

    def emit(self, text: str, spans: tuple[Span, ...], block_type: str, where: Any) -> None:
        """Add a block of ``where``'s text (folded) unless it is empty or a date line."""
        if not text:
            return
        if self.date_lines is not None and not self.blocks and block_type == "paragraph":
            # Before the first block of an article: a short line with a date is the byline or
            # date line ("Diterbitkan 5 Mei 2023 oleh Humas"), not content.
            if len(text) <= _DATE_LINE_MAX and parse_visible_date(text, self.page_lang):
                self.date_lines.append(text)
                return
        n = self.counts.get(block_type, 0) + 1
        self.counts[block_type] = n
        declared = _declared_lang(where) if self.has_lang else None
        # The opening words decide a block's language as well as the whole text would, and
        # keep detection cost flat for long paragraphs.
        lang = declared if declared else detect(text[:_LANG_SAMPLE])
        self.blocks.append(Block(type=block_type, text=text, lang=lang, spans=spans,
                                 anchor=f"{_ANCHOR_PREFIX[block_type]}{n}",
                                 path=getpath(where), lang_declared=bool(declared)))

    def container(self, el: Any, run_type: str) -> None:
        """Read ``el``'s content: inline runs become ``run_type`` blocks, block children recurse."""
        if len(el) == 0:  # text only: most paragraphs, items and cells
            text = el.text
            if text and not text.isspace():
                self.emit(fold(text), (), run_type, el)
            return
        run: list[Any] = []
        self.stream(el, el, run_type, run)
        self.flush(run, run_type, el)

    def stream(self, el: Any, where: Any, run_type: str, run: list[Any]) -> None:
        """Add ``el``'s inline content to ``run`` (strings, and inline elements read with their
        tails); at each block child, flush the run and read the child.

        An inline element that wraps blocks (an unclosed <b> that swallowed a list, as parsers
        recover it) is looked through, so its text joins the run before the first block.
        """
        for item in content(el, INLINE_TAGS):
            if type(item) is str:
                run.append(item)
                continue
            child, tag, kind = item
            if kind == INLINE:
                if not self.exclude(child):
                    run.append(child)  # its tail goes with it
                elif child.tail:
                    run.append(child.tail)
            elif kind == WRAPPER:
                self.stream(child, where, run_type, run)
            else:
                self.flush(run, run_type, where)
                run.clear()
                if child is not self.skip and tag not in _SKIP_TAGS and not self.exclude(child):
                    self.child(child, tag, run_type)

    def flush(self, run: list[Any], run_type: str, where: Any) -> None:
        """Emit the run as a block unless it holds only whitespace."""
        for x in run:
            if type(x) is not str or not x.isspace():
                self.emit(*flatten(run), run_type, where)
                return

    def child(self, el: Any, tag: str, run_type: str) -> None:
        own = _TYPE_OF.get(tag)
        if tag == "table":
            self.table(el)
            return
        if own is None or (tag in ("p", "div", "dt", "dd", "pre", "address") and run_type in _STICKY):
            own = run_type
        if tag == "blockquote":
            own = "quote"
        self.container(el, own)

    def table(self, table: Any) -> None:
        for cap in table.iter("caption"):
            self.container(cap, "caption")
        for row in table.iter("tr"):
            for cell in row:
                if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th"):
                    self.container(cell, "table_cell")


def _declared_lang(el: Any) -> str | None:
    """A lang attribute on the element or an ancestor below <html> wins over detection."""
    node = el
    while node is not None and node.tag != "html":
        lang = node.get("lang") if isinstance(node.tag, str) else None
        if lang:
            return primary_lang(lang)
        node = node.getparent()
    return None


def read_blocks(root: Any, page_lang: str | None, skip: Any | None = None,
                exclude: Callable[[Any], bool] | None = None, article: bool = False,
                lang_marked: Iterable[Any] | None = None) -> tuple[list[Block], list[str]]:
    """The blocks of ``root``'s content in document order, and any date lines passed over.

    ``skip`` is the title h1; ``exclude`` says which elements (boilerplate, meta lines) are
    passed over with everything inside them. In an ``article``, short dated lines before the
    first block are date lines, returned apart. ``lang_marked``, when the caller knows them,
    are the elements of the document that carry a lang attribute.
    """
    reader = _Reader(root, page_lang, skip, exclude or (lambda el: False), lang_marked)
    if article:
        reader.date_lines = []
    tag = root.tag.lower() if isinstance(root.tag, str) else ""
    reader.container(root, _TYPE_OF.get(tag, "paragraph"))
    return reader.blocks, reader.date_lines or []
