"""The page model: what every later stage reads. Frozen dataclasses; imports nothing of ours.

Offsets in spans are character offsets into the text they belong to (a Block's or a Segment's).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

# Block types, as promised by `extractor extract` (see README).
BLOCK_TYPES = ("paragraph", "heading", "list_item", "quote", "caption", "table_cell")
# Roles of a Segment: site chrome (it repeats on every page; catalogues keep it apart from
# page content), the title, and a block's type.
CHROME_ROLES = ("menu", "menu_description", "breadcrumb", "footer")
SEGMENT_ROLES = (*CHROME_ROLES, "title", *BLOCK_TYPES)


@dataclass(frozen=True)
class Span:
    """An inline element inside a text: a link, bold, italic, a line break, sub/superscript.

    ``kind`` is the element's role (``link``, ``bold``, ``italic``, ``br``, ``sub``, ``sup``,
    ``code``, ``span``); ``tag`` the original element name; ``attrs`` its attributes in document
    order, so a translated page can be rebuilt. A ``br`` span is empty (start == end) and sits
    where its single space was put.
    """

    kind: str
    start: int
    end: int
    tag: str = ""
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, init=False)
class Block:
    """One unit of article content after the title.

    ``anchor`` is stable within the page (``p3`` = third paragraph), ``path`` is the element's
    position in the document (an XPath) for people and for rebuilding the page.
    """

    type: str
    text: str
    lang: str | None
    spans: tuple[Span, ...] = ()
    anchor: str = ""
    path: str = ""
    # True when ``lang`` comes from a lang attribute the author set, not from detection.
    lang_declared: bool = False

    def __init__(self, type: str, text: str, lang: str | None, spans: tuple[Span, ...] = (),
                 anchor: str = "", path: str = "", lang_declared: bool = False) -> None:
        # A page has dozens of blocks: one dict update instead of the frozen dataclass's
        # object.__setattr__ per field (a third of the cost). Still frozen after __init__.
        self.__dict__.update(type=type, text=text, lang=lang, spans=spans, anchor=anchor,
                             path=path, lang_declared=lang_declared)


@dataclass(frozen=True)
class NavItem:
    """An item of the primary navigation. ``url`` is None for a parent rendered as a button."""

    label: str
    url: str | None
    description: str | None = None
    children: tuple["NavItem", ...] = ()


@dataclass(frozen=True)
class Page:
    """A clean model of one HTML page.

    ``encoding_source`` says what decided the encoding: ``http-header``, ``bom``, ``meta``,
    ``detected`` or ``default``. ``footer`` holds the footer's visible link and heading labels
    (site chrome for the catalogues; never blocks).
    """

    source: str
    url: str | None
    lang: str | None
    title: str | None
    date: str | None
    nav: tuple[NavItem, ...] = ()
    breadcrumbs: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = ()
    alternates: Mapping[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    encoding_source: str = "default"
    footer: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fetched:
    """A response as fetched (or read from the crawl cache): what parsing needs of it.

    ``headers`` keys are lower case.
    """

    url: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    status: int = 200


@dataclass(frozen=True)
class Segment:
    """A translatable unit: a sentence of a paragraph, or a whole heading, label or cell.

    ``role`` is where it came from (``menu``, ``menu_description``, ``breadcrumb``, ``title``,
    ``footer`` or a block type); ``anchor`` is the block anchor plus the sentence index
    (``p3.2``); ``spans`` are relative to ``text``.
    """

    text: str
    lang: str | None
    role: str
    anchor: str
    spans: tuple[Span, ...] = ()
