"""Sources -> Pages: the `extract` stage as a library call.

A source is an HTML file, a folder (every .html below it, in sorted order), an http(s) URL, or
a crawl cache. A source that fails is reported with its reason and the others still extract.
Pages of a crawl cache are parsed once: their models are kept in the cache's page store.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from extractor.errors import ExtractorError
from extractor.model import NavItem, Page
from extractor.pagestore import PageStore
from extractor.parse import PageParser
from extractor.profile import Profile, resolve_profile


@dataclass(frozen=True)
class ExtractOptions:
    # A built-in profile's name, a TOML file, or a Profile (an inline table of pyproject.toml).
    profile: str | Profile = "iom-drupal"
    timeout: float = 30.0
    cache: str | None = None


@dataclass(frozen=True)
class ExtractResult:
    pages: tuple[Page, ...] = ()
    errors: tuple[ExtractorError, ...] = field(default_factory=tuple)
    # Pages of the crawl cache taken from its page store instead of being parsed again.
    reused: int = 0


def expand_sources(sources: list[str]) -> Iterator[str]:
    """Files and URLs as given; folders expanded to their .html files in sorted order."""
    for source in sources:
        path = Path(source)
        if not source.startswith(("http://", "https://")) and path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.suffix.lower() in (".html", ".htm") and p.is_file()):
                yield str(child)
        else:
            yield source


def extract_one(source: str, parser: PageParser, timeout: float = 30.0) -> Page:
    """The Page of one file or URL; raises an ExtractorError naming the source."""
    if source.startswith(("http://", "https://")):
        from extractor.fetch import fetch_url

        return parser.parse_fetched(fetch_url(source, timeout=timeout), source=source)
    return parser.parse_file(source)


def extract_sources(sources: list[str], options: ExtractOptions = ExtractOptions()) -> ExtractResult:
    """Extract every source (and every page of ``options.cache``), collecting failures."""
    parser = PageParser(resolve_profile(options.profile))
    pages: list[Page] = []
    errors: list[ExtractorError] = []
    for source in expand_sources(sources):
        try:
            pages.append(extract_one(source, parser, options.timeout))
        except ExtractorError as exc:
            errors.append(exc)
    reused = 0
    if options.cache:
        from extractor.fetch import Cache

        store = PageStore(options.cache, parser.profile)
        try:
            for fetched in Cache(options.cache).iter_fetched():
                key, page = store.lookup(fetched)
                if page is not None:
                    reused += 1
                    pages.append(page)
                    continue
                try:
                    page = parser.parse_fetched(fetched)
                except ExtractorError as exc:
                    errors.append(exc)
                    continue
                store.put(key, page)
                pages.append(page)
        except ExtractorError as exc:  # a missing cache folder or a damaged entry
            errors.append(exc)
    return ExtractResult(tuple(pages), tuple(errors), reused)


def nav_to_dict(item: NavItem) -> dict[str, Any]:
    return {"label": item.label, "url": item.url, "description": item.description,
            "children": [nav_to_dict(c) for c in item.children]}


def page_to_dict(page: Page) -> dict[str, Any]:
    """The page in `extractor extract --format json`'s documented shape (an interface)."""
    return {
        "source": page.source,
        "url": page.url,
        "lang": page.lang,
        "title": page.title,
        "date": page.date,
        "nav": [nav_to_dict(n) for n in page.nav],
        "breadcrumbs": list(page.breadcrumbs),
        "blocks": [{"type": b.type, "text": b.text, "lang": b.lang} for b in page.blocks],
        "alternates": dict(page.alternates),
    }
