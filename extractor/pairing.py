"""Page pairing: which English page is the twin of each Indonesian page.

Evidence, strongest first:

1. ``<link rel="alternate" hreflang>`` and the language switcher (the parser folds both into
   ``Page.alternates``);
2. the site's URL pattern: on IOM sites the Indonesian page ``/id/<path>`` has its English twin
   at ``/<path>`` (used only when the English page really exists among the candidates).

A language switcher that points at the English home page from a page that is not the home page
is Drupal's fallback for "no translation", not a twin: such a page stays unpaired. Source pages
left without a twin are listed so that a user can see what pre-fill could not use.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence
from urllib.parse import unquote, urlsplit

from extractor.model import Page


@dataclass(frozen=True)
class PairingOptions:
    """The two languages, and the path prefix of the source language on the site."""

    source_lang: str = "id"
    target_lang: str = "en"

    @property
    def source_prefix(self) -> str:
        return f"/{self.source_lang}"


@dataclass(frozen=True)
class PagePair:
    """Two pages that translate each other, and what paired them (``hreflang`` or ``url-pattern``)."""

    source: Page
    target: Page
    how: str


@dataclass(frozen=True)
class Pairing:
    """Pairs in source order, then the sources (file or URL) of source pages left without a twin."""

    pairs: tuple[PagePair, ...]
    unpaired_source: tuple[str, ...]


def url_key(url: str) -> str:
    """A URL reduced to what identifies a page: host and path, no query, fragment or final slash.

    >>> url_key("HTTPS://Indonesia.IOM.int/id/berita/?page=2#top")
    'indonesia.iom.int/id/berita'
    """
    parts = urlsplit(url.strip())
    path = unquote(parts.path).rstrip("/") or "/"
    return f"{parts.netloc.lower()}{path}"


def _is_root(url: str, options: PairingOptions) -> bool:
    path = urlsplit(url).path.rstrip("/")
    return path in ("", options.source_prefix)


def pattern_twin(url: str, options: PairingOptions = PairingOptions()) -> str | None:
    """The English URL the site's pattern gives for an Indonesian URL, or None.

    >>> pattern_twin("https://indonesia.iom.int/id/siapa-kami")
    'https://indonesia.iom.int/siapa-kami'
    """
    parts = urlsplit(url)
    prefix = options.source_prefix
    if parts.path == prefix or parts.path.startswith(prefix + "/"):
        path = parts.path[len(prefix):] or "/"
        return f"{parts.scheme}://{parts.netloc}{path}" if parts.scheme else f"{parts.netloc}{path}"
    return None


def pair_pages(sources: Sequence[Page], targets: Sequence[Page], options: PairingOptions = PairingOptions()) -> Pairing:
    """Pair each source page with at most one target page, and list the source pages left over.

    A target page is used by one source page at most (the first in ``sources`` order).
    """
    by_url: dict[str, Page] = {}
    for page in targets:
        for url in (page.url, page.alternates.get(options.target_lang)):
            if url:
                by_url.setdefault(url_key(url), page)
    pairs: list[PagePair] = []
    used: set[int] = set()
    unpaired: list[str] = []
    for page in sources:
        found: tuple[Page, str] | None = None
        alt = page.alternates.get(options.target_lang)
        own_root = page.url is not None and _is_root(page.url, options)
        if alt and (own_root or not _is_root(alt, options)):
            twin = by_url.get(url_key(alt))
            if twin is not None:
                found = (twin, "hreflang")
        if found is None and page.url:
            guess = pattern_twin(page.url, options)
            twin = by_url.get(url_key(guess)) if guess else None
            if twin is not None:
                found = (twin, "url-pattern")
        if found is None or id(found[0]) in used:
            unpaired.append(page.url or page.source)
            continue
        used.add(id(found[0]))
        pairs.append(PagePair(page, found[0], found[1]))
    return Pairing(tuple(pairs), tuple(unpaired))
