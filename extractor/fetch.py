"""The fetch stage's entry points: one polite GET (``fetch_url``), the crawler (``crawl``) and
the crawl cache (``Cache``) that ``extract --cache`` and ``sync`` read.
"""
from __future__ import annotations

import requests

from extractor.crawl_model import CrawlEvent, CrawlOptions, CrawlReport
from extractor.crawler import crawl
from extractor.errors import FetchError
from extractor.fetch_cache import Cache, CacheEntry
from extractor.fetch_http import USER_AGENT, content_type, http_get, is_html, new_session
from extractor.model import Fetched

__all__ = [
    "USER_AGENT", "Cache", "CacheEntry", "CrawlEvent", "CrawlOptions", "CrawlReport", "crawl",
    "fetch_url", "new_session",
]


def fetch_url(
    url: str,
    *,
    timeout: float = 30.0,
    session: requests.Session | None = None,
    max_bytes: int = 10_000_000,
) -> Fetched:
    """Fetch one HTML page with one polite GET and return it as ``Fetched``.

    ``Fetched.url`` is the final URL after redirects; header keys are lower case. Raises
    FetchError naming the URL on any failure: DNS, refused connection, timeout, redirect loop,
    HTTP status >= 400, a body over ``max_bytes`` (decoded), or a non-HTML content type.
    """
    own = session is None
    active = new_session() if session is None else session
    try:
        resp = http_get(active, url, timeout=timeout, max_bytes=max_bytes)
    finally:
        if own:
            active.close()
    if not 200 <= resp.status < 300:
        raise FetchError(f"HTTP {resp.status}", where=url)
    if not is_html(resp.headers):
        raise FetchError(f"not HTML: content type {content_type(resp.headers)}", where=url)
    return Fetched(url=resp.final_url, body=resp.body, headers=resp.headers, status=resp.status)
