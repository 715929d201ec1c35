"""What a crawl is asked (``CrawlOptions``), what it tells as it goes (``CrawlEvent``) and what
it answers (``CrawlReport``). Plain data; the crawler itself is in ``extractor.crawler``.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from extractor.fetch_http import USER_AGENT

FETCHED, NOT_MODIFIED, FAILED, SKIPPED = "fetched", "not_modified", "failed", "skipped"


@dataclass(frozen=True)
class CrawlOptions:
    """How to crawl. ``delay`` is the least time between two requests to one host (raised by a
    robots.txt Crawl-delay); ``timeout`` bounds each request's connect and read time;
    ``retries`` bounds the retries of one URL; ``backoff`` is the first wait before a retry
    (doubled each time) when the server gave no Retry-After; a Retry-After longer than
    ``max_retry_after`` fails the URL instead of stalling the crawl."""

    cache_dir: Path
    max_pages: int | None = None
    delay: float = 1.0
    timeout: float = 30.0
    retries: int = 3
    concurrency: int = 2
    max_bytes: int = 10_000_000
    backoff: float = 1.0
    max_retry_after: float = 120.0
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class CrawlEvent:
    """One step of a crawl, for progress displays: ``outcome`` is fetched, not_modified,
    failed, skipped or retry; ``done``/``queued``/``failed`` are the running totals."""

    url: str
    outcome: str
    detail: str
    done: int
    queued: int
    failed: int


@dataclass(frozen=True)
class CrawlReport:
    """What a crawl did: pages fetched, pages unchanged (304), URLs failed with their error and
    URLs skipped with the reason (robots.txt, not HTML, out of scope), sorted by URL."""

    fetched: int = 0
    not_modified: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """Pages the cache now holds from this crawl (fetched or confirmed unchanged)."""
        return self.fetched + self.not_modified

    def to_json(self) -> dict[str, object]:
        """``{"fetched", "not_modified", "failed": [{"url", "error"}], "skipped": [{"url", "reason"}]}``."""
        return {
            "fetched": self.fetched,
            "not_modified": self.not_modified,
            "failed": [{"url": u, "error": e} for u, e in self.failed],
            "skipped": [{"url": u, "reason": r} for u, r in self.skipped],
        }


class Tally:
    """The running report, shared by the workers."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts = {FETCHED: 0, NOT_MODIFIED: 0}
        self.failed: dict[str, str] = {}
        self.skipped: dict[str, str] = {}

    def add(self, outcome: str, url: str, detail: str) -> None:
        if outcome in self.counts:
            self.counts[outcome] += 1
        elif outcome == FAILED:
            self.failed[url] = detail
        elif outcome == SKIPPED:
            self.skipped[url] = detail

    def done(self) -> int:
        return sum(self.counts.values()) + len(self.failed) + len(self.skipped)

    def report(self) -> CrawlReport:
        return CrawlReport(
            fetched=self.counts[FETCHED],
            not_modified=self.counts[NOT_MODIFIED],
            failed=sorted(self.failed.items()),
            skipped=sorted(self.skipped.items()),
        )
