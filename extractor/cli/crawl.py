"""`extractor crawl`: fetch a site politely into a cache that `extract --cache` and `sync` read."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Callable, TextIO

from extractor.fetch import CrawlEvent, CrawlOptions, CrawlReport, crawl


def _number(kind: type, least: float, what: str) -> Callable[[str], Any]:
    """An argparse type: a ``kind`` number of at least ``least`` (``what`` says so in errors)."""

    def convert(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"must be {what}: {text!r}")
        return value

    return convert


def register(sub: Any) -> None:
    p = sub.add_parser(
        "crawl",
        help="fetch a site politely and incrementally into a cache directory",
        description="Crawl from START_URL within its host and path prefix (https://site/id/ covers "
        "everything under /id/), following links, sitemaps (robots.txt Sitemap: lines and "
        "/sitemap.xml) and hreflang alternates, so each page's English counterpart is fetched "
        "too. Obeys robots.txt (Disallow, Crawl-delay), sends at most one request per --delay "
        "to a host, honours Retry-After, and re-validates cached pages (If-None-Match / "
        "If-Modified-Since), counting the 304s. Interrupted crawls resume from the cache. "
        "Exit code 0 when the crawl finished, even if some URLs failed (they are listed); 1 when "
        "nothing could be fetched.",
    )
    p.add_argument("start_urls", nargs="+", metavar="START_URL", help="where to start; also sets the scope")
    p.add_argument("--cache", required=True, metavar="DIR",
                   help="cache directory: pages (by URL hash) and the resume journal live here")
    p.add_argument("--max-pages", type=_number(int, 1, "at least 1"), default=None, metavar="N",
                   help="stop after N pages are fetched or confirmed unchanged (default: no limit)")
    p.add_argument("--delay", type=_number(float, 0, "0 or more"), default=1.0, metavar="SECONDS",
                   help="least time between two requests to one host (default 1; a robots.txt "
                   "Crawl-delay raises it)")
    p.add_argument("--timeout", type=_number(float, 0.001, "more than 0"), default=30.0, metavar="SECONDS",
                   help="connect and read timeout of each request (default 30)")
    p.add_argument("--retries", type=_number(int, 0, "0 or more"), default=3, metavar="N",
                   help="retries of one URL after a timeout, a 5xx or a 429 (default 3)")
    p.add_argument("--concurrency", type=_number(int, 1, "at least 1"), default=2, metavar="N",
                   help="parallel requests (threads); --delay still holds per host (default 2)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text: a summary for people (default); json: {fetched, not_modified, "
                   "failed: [{url, error}], skipped: [{url, reason}]}")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    options = CrawlOptions(
        cache_dir=Path(args.cache),
        max_pages=args.max_pages,
        delay=args.delay,
        timeout=args.timeout,
        retries=args.retries,
        concurrency=args.concurrency,
    )
    with _Progress(sys.stderr) as progress:
        report = crawl(list(args.start_urls), options, progress.update)
    if args.format == "json":
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(summary(report))
    if report.pages == 0:
        print("extractor: crawl: nothing could be fetched", file=sys.stderr)
        return 1
    return 0


def summary(report: CrawlReport) -> str:
    """The end-of-crawl summary for people."""
    lines = [
        f"fetched: {report.fetched}   not modified: {report.not_modified}   "
        f"failed: {len(report.failed)}   skipped: {len(report.skipped)}"
    ]
    lines += [f"failed  {url}: {error}" for url, error in report.failed]
    lines += [f"skipped {url}: {reason}" for url, reason in report.skipped]
    return "\n".join(lines) + "\n"


class _Progress:
    """A tqdm bar on a terminal (done, queued, failed, rate); a plain line per URL otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.bar: Any = None
        if stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=0, unit="page", file=stream, dynamic_ncols=True)

    def __enter__(self) -> "_Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            if exc[0] is None:
                self.bar.total = self.bar.n  # the crawl is over: nothing is queued any more
            self.bar.close()

    def update(self, event: CrawlEvent) -> None:
        if self.bar is None:
            detail = f" ({event.detail})" if event.detail else ""
            print(f"{event.outcome} {event.url}{detail}", file=self.stream, flush=True)
            return
        self.bar.total = event.done + event.queued
        if event.outcome != "retry":
            self.bar.update(1)
        self.bar.set_postfix(queued=event.queued, failed=event.failed, refresh=False)
