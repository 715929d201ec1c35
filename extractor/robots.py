"""robots.txt rules and sitemaps, as the crawler reads them.

robots.txt is parsed by ``protego`` (Scrapy's parser): unlike ``urllib.robotparser`` it
implements RFC 9309's longest-match precedence between Allow and Disallow and the ``*`` / ``$``
wildcards that real sites use, and it reads Crawl-delay and Sitemap lines. Sitemaps are parsed
by lxml with entity expansion, DTD loading and network access switched off.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

from lxml import etree
from protego import Protego

# The product token robots.txt groups are matched against.
ROBOTS_AGENT = "extractor"
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks parsers to read at least 500 KiB
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Robots:
    """The robots.txt rules of one origin.

    ``unavailable`` holds why every path is refused when robots.txt could not be read (a 5xx or
    a network failure: RFC 9309 says to assume complete disallow); a 4xx means no rules.
    """

    parser: Protego | None = None
    unavailable: str | None = None

    @classmethod
    def from_text(cls, text: str) -> "Robots":
        return cls(parser=Protego.parse(text))

    @classmethod
    def allow_all(cls) -> "Robots":
        return cls(parser=None)

    @classmethod
    def refuse_all(cls, reason: str) -> "Robots":
        return cls(parser=None, unavailable=reason)

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be fetched, or None when it may."""
        if self.unavailable is not None:
            return self.unavailable
        if self.parser is not None and not self.parser.can_fetch(url, ROBOTS_AGENT):
            return "disallowed by robots.txt"
        return None

    def crawl_delay(self) -> float:
        """The Crawl-delay (seconds) asked of us, 0 when none; a Request-rate counts too."""
        if self.parser is None:
            return 0.0
        delay = float(self.parser.crawl_delay(ROBOTS_AGENT) or 0.0)
        rate = self.parser.request_rate(ROBOTS_AGENT)
        if rate is not None and rate.requests:
            delay = max(delay, rate.seconds / rate.requests)
        return delay

    def sitemaps(self) -> tuple[str, ...]:
        """Sitemap URLs named by robots.txt, in file order."""
        return tuple(self.parser.sitemaps) if self.parser is not None else ()


@dataclass(frozen=True)
class Sitemap:
    """The ``<loc>`` entries of a sitemap: ``pages`` of a urlset, ``sitemaps`` of an index, and
    the pages' ``<xhtml:link rel="alternate" hreflang>`` twins as ``alternates``."""

    pages: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    alternates: tuple[str, ...] = ()


def _inflate(body: bytes, max_bytes: int) -> bytes:
    """A gzipped sitemap (``sitemap.xml.gz``) inflated, but never beyond ``max_bytes``."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    data = inflater.decompress(body, max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"sitemap over {max_bytes} bytes once decompressed")
    return data


def parse_sitemap(body: bytes, max_bytes: int = 10_000_000) -> Sitemap:
    """The page and sitemap URLs listed in a sitemap or sitemap index (gzipped or not).

    Entities are never expanded and no DTD or network resource is loaded, so a "billion laughs"
    sitemap stays small. Raises ValueError for a body that is not XML.
    """
    if body.startswith(GZIP_MAGIC):
        body = _inflate(body, max_bytes)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not a sitemap: {exc}") from None
    pages: list[str] = []
    nested: list[str] = []
    for loc in root.iter("{*}loc"):
        text = (loc.text or "").strip()
        parent = loc.getparent()
        if not text or parent is None:
            continue
        (nested if etree.QName(parent).localname == "sitemap" else pages).append(text)
    alternates = [
        link.get("href", "").strip()
        for link in root.iter("{*}link")
        if link.get("rel") == "alternate" and link.get("hreflang") and link.get("href")
    ]
    return Sitemap(tuple(pages), tuple(nested), tuple(dict.fromkeys(alternates)))
