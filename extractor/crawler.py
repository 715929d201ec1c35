"""The crawler: fetch a site politely, incrementally and safely into a ``Cache``.

``crawl(start_urls, options)`` stays within the start URLs' origins and path prefixes, follows
in-scope links, sitemaps (robots.txt ``Sitemap:`` lines and ``/sitemap.xml``) and hreflang
alternates (so each page's other-language counterpart is fetched even outside the prefix),
obeys robots.txt (Disallow, Crawl-delay), sends at most one request per delay to each host,
honours Retry-After, retries 5xx and timeouts a bounded number of times, sends
If-None-Match / If-Modified-Since for cached pages and counts the 304s. Its frontier is
journaled in the cache directory, so a crawl killed mid-way continues where it stopped.
"""
from __future__ import annotations

import threading
import time
from typing import Callable

import requests

from extractor.charsets import charset_from_content_type
from extractor.crawl_model import (
    FAILED, FETCHED, NOT_MODIFIED, SKIPPED, CrawlEvent, CrawlOptions, CrawlReport, Tally,
)
from extractor.errors import FetchError
from extractor.fetch_cache import Cache, CacheEntry, Journal, JournalState
from extractor.fetch_http import (
    MAX_REDIRECTS, Response, RetryableFetchError, content_type, http_get, is_html,
    new_session, retry_after,
)
from extractor.frontier import COUNTERPART, PAGE, SITEMAP, Frontier, HostGate, Task
from extractor.robots import ROBOTS_MAX_BYTES, Robots, parse_sitemap
from extractor.urls import (
    Scope, clean_url, key_of, looks_like_document, normalise_url, origin, page_links, resolve,
)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_BACKOFF = 60.0
MAX_CRAWL_DELAY = 60.0  # a robots.txt asking for more would stall the crawl for hours


def crawl(
    start_urls: list[str],
    options: CrawlOptions,
    progress: Callable[[CrawlEvent], None] | None = None,
) -> CrawlReport:
    """Crawl from ``start_urls`` into the cache at ``options.cache_dir`` and report.

    Failures of single URLs are listed in the report, never raised. Raises FetchError when a
    start URL is not http(s), and re-raises KeyboardInterrupt after saving the journal (the
    next crawl of the same start URLs resumes). ``progress`` is called once per URL finished,
    from worker threads, one call at a time.
    """
    starts = []
    for url in start_urls:
        cleaned = clean_url(url)
        if cleaned is None:
            raise FetchError("not an http(s) URL", where=url)
        starts.append(cleaned)
    return _Crawl(starts, options, progress).run()


class _Crawl:
    def __init__(
        self, starts: list[str], options: CrawlOptions, progress: Callable[[CrawlEvent], None] | None
    ) -> None:
        self.starts = starts
        self.options = options
        self.progress = progress
        self.scope = Scope.from_start_urls(starts)
        self.cache = Cache(options.cache_dir)
        self.journal = Journal(options.cache_dir)
        self.stop = threading.Event()
        self.frontier = Frontier(limit=options.max_pages)
        self.gate = HostGate(self.stop)
        self.tally = Tally()
        self.robots: dict[str, Robots] = {}
        self.resumed_since: float | None = None
        self.errors: list[BaseException] = []
        self.canonical_memo: dict[str, tuple[str, str] | None] = {}

    # -- orchestration -------------------------------------------------------------------

    def run(self) -> CrawlReport:
        state = self.journal.read(self.starts)
        started = state.started if state is not None else time.time()
        self.journal.open(self.starts, started, resume=state is not None)
        finished = False
        try:
            with new_session(self.options.user_agent) as session:
                for where in self.scope.origins:
                    self._load_robots(where, session)
            if state is not None:
                self.resumed_since = started
                self._replay(state)
            else:
                for url in self.starts:
                    self._offer(url, PAGE)
                for where in self.scope.origins:
                    for sitemap in self.robots[where].sitemaps() + (f"{where}/sitemap.xml",):
                        if self.scope.same_site(sitemap):
                            self._offer(sitemap, SITEMAP)
            self._run_workers()
            finished = not self.stop.is_set()
        finally:
            self.journal.close(finished=finished)
        return self.tally.report()

    def _run_workers(self) -> None:
        workers = [
            threading.Thread(target=self._worker, name=f"crawl-{n}", daemon=True)
            for n in range(max(1, self.options.concurrency))
        ]
        try:
            for worker in workers:
                worker.start()
            for worker in workers:
                while worker.is_alive():
                    worker.join(0.2)
        except BaseException:
            self.stop.set()
            self.frontier.stop()
            raise
        if self.errors:
            raise self.errors[0]

    def _worker(self) -> None:
        with new_session(self.options.user_agent) as session:
            while not self.stop.is_set():
                task = self.frontier.take()
                if task is None:
                    return
                stored = False
                try:
                    stored = self._sitemap(task, session) if task.kind == SITEMAP else self._page(task, session)
                except BaseException as exc:  # a bug or a damaged cache: stop and tell the caller
                    self.errors.append(exc)
                    self.stop.set()
                    self.frontier.stop()
                finally:
                    self.frontier.done(task, stored)

    def _replay(self, state: JournalState) -> None:
        """Rebuild the frontier and the report of the crawl the journal describes."""
        for key, record in state.finished.items():
            self.frontier.claim(key)
            self.tally.add(record["o"], record["u"], record.get("m", ""))
        self.frontier.count_stored(self.tally.report().pages)
        for record in state.queued:
            key = normalise_url(record["q"])
            if key is not None and key not in state.finished:
                self.frontier.add(Task(record["q"], key, record.get("k", PAGE)))

    # -- queueing ------------------------------------------------------------------------

    def _canonical(self, url: str) -> tuple[str, str] | None:
        """(clean URL, page key) of ``url``, None for non-http(s); remembered for the crawl,
        since every page repeats the site's navigation links."""
        known = self.canonical_memo.get(url, False)
        if known is False:
            cleaned = clean_url(url)
            known = None if cleaned is None else (cleaned, key_of(cleaned))
            self.canonical_memo[url] = known
        return known

    def _offer(self, url: str, kind: str) -> None:
        """Queue ``url`` once; URLs that will never be fetched are listed as skipped once."""
        pair = self._canonical(url)
        if pair is not None:
            self._offer_pair(pair, kind)

    def _offer_pair(self, pair: tuple[str, str], kind: str) -> None:
        cleaned, key = pair
        if self.frontier.seen(key):
            return
        if kind != SITEMAP and looks_like_document(cleaned):
            if self.frontier.claim(key):
                self._record(cleaned, key, SKIPPED, "not HTML (document link)", in_flight=False)
            return
        refusal = self._refusal(cleaned)
        if refusal is not None:
            if self.frontier.claim(key):
                self._record(cleaned, key, SKIPPED, refusal, in_flight=False)
            return
        if self.frontier.add(Task(cleaned, key, kind)):
            self.journal.write({"q": cleaned, "k": kind})

    def _follow(self, task: Task, entry: CacheEntry) -> None:
        """Queue what ``entry`` (the page ``task`` fetched) points at, as far as its kind allows."""
        found = page_links(entry.body, entry.url, charset_from_content_type(entry.headers.get("content-type")))
        if task.kind == PAGE:
            for link in found.links + ((found.canonical,) if found.canonical else ()):
                self._offer_in_scope(link)
        for href in found.alternates.values():
            self._offer_alternate(href)

    def _offer_in_scope(self, url: str) -> None:
        """Queue ``url`` as a page of the crawl when it is within the scope (else nothing)."""
        pair = self._canonical(url)
        if pair is not None and self.scope.contains_key(pair[1]):
            self._offer_pair(pair, PAGE)

    def _offer_alternate(self, href: str) -> None:
        """Queue a page's other-language twin: a page of the crawl when in scope, else (on the
        same site) a counterpart whose own links are not followed."""
        pair = self._canonical(href)
        if pair is None:
            return
        if self.scope.contains_key(pair[1]):
            self._offer_pair(pair, PAGE)
        elif self.scope.same_site_key(pair[1]):
            self._offer_pair(pair, COUNTERPART)

    def _record(self, url: str, key: str, outcome: str, detail: str = "", in_flight: bool = True) -> None:
        """Count ``url``'s outcome, journal it and tell ``progress``. ``in_flight`` says the URL
        is the task now ending (so it no longer counts as queued), not one skipped unqueued."""
        with self.tally.lock:
            self.tally.add(outcome, url, detail)
            self.journal.write({"d": key, "u": url, "o": outcome, "m": detail})
            if self.progress is not None:
                queued = self.frontier.pending() - (1 if in_flight else 0)
                self.progress(CrawlEvent(url, outcome, detail, self.tally.done(), queued, len(self.tally.failed)))

    def _retry(self, task: Task, reason: str, wait: float | None) -> bool:
        """Queue ``task`` again after ``wait`` (or an exponential backoff), or fail it when its
        retries are spent."""
        if task.attempt >= self.options.retries:
            suffix = f" (after {task.attempt} retries)" if task.attempt else ""
            self._record(task.url, task.key, FAILED, reason + suffix)
            return False
        if wait is None:
            wait = min(MAX_BACKOFF, self.options.backoff * (2**task.attempt))
        self.frontier.retry(
            Task(task.url, task.key, task.kind, task.attempt + 1), time.monotonic() + wait
        )
        if self.progress is not None:
            with self.tally.lock:
                self.progress(CrawlEvent(task.url, "retry", f"{reason}; retrying in {wait:g} s",
                                         self.tally.done(), self.frontier.pending(), len(self.tally.failed)))
        return False

    # -- politeness ----------------------------------------------------------------------

    def _load_robots(self, where: str, session: requests.Session) -> None:
        url = f"{where}/robots.txt"
        self.gate.wait(where)
        try:
            resp = http_get(session, url, timeout=self.options.timeout, max_bytes=ROBOTS_MAX_BYTES, html_only=False)
        except FetchError as exc:
            robots = Robots.refuse_all(f"robots.txt unreachable ({exc.message})")
        else:
            if 200 <= resp.status < 300:
                robots = Robots.from_text(resp.body.decode("utf-8", errors="replace"))
            elif 400 <= resp.status < 500:
                robots = Robots.allow_all()
            else:
                robots = Robots.refuse_all(f"robots.txt unavailable (HTTP {resp.status})")
        self.robots[where] = robots
        delay = max(self.options.delay, min(MAX_CRAWL_DELAY, robots.crawl_delay()))
        self.gate.set_delay(where, delay)
        self.gate.hold(where, time.monotonic() + delay)  # the robots.txt request counts too

    def _refusal(self, url: str) -> str | None:
        robots = self.robots.get(origin(url))
        if robots is None:
            return "out of scope"
        return robots.refusal(url)

    def _may_go(self, task: Task, url: str) -> bool:
        if task.kind == PAGE:
            return self.scope.contains(url)
        return self.scope.same_site(url)

    # -- fetching ------------------------------------------------------------------------

    def _get(self, task: Task, url: str, session: requests.Session, headers: dict[str, str],
             html_only: bool = True) -> Response | None:
        """One request for ``task`` once the host's gate opens; None when there is no answer
        to use (the failure or the retry is already recorded, or the crawl is stopping)."""
        if not self.gate.wait(origin(url)):
            return None
        try:
            return http_get(
                session, url, timeout=self.options.timeout, max_bytes=self.options.max_bytes,
                headers=headers, allow_redirects=False, html_only=html_only,
            )
        except RetryableFetchError as exc:
            self._retry(task, exc.message, None)
        except FetchError as exc:
            self._record(task.url, task.key, FAILED, exc.message)
        return None

    def _page(self, task: Task, session: requests.Session) -> bool:
        """Fetch one page (following in-scope redirects), store it, queue its links. True when
        the page is in the cache afterwards, fetched or confirmed unchanged."""
        if self.resumed_since is not None:
            fresh = self._fresh_from_this_crawl(task.url)
            if fresh is not None:
                self._record(task.url, task.key, FETCHED)
                self._follow(task, fresh)
                return True
        url, hops = task.url, [task.url]
        while True:
            refusal = self._refusal(url)
            if refusal is not None:
                self._record(task.url, task.key, SKIPPED, refusal)
                return False
            cached = self.cache.load(url)
            resp = self._get(task, url, session, cached.validators() if cached else {})
            if resp is None:
                return False
            if resp.status not in REDIRECT_STATUSES:
                break
            location = resp.headers.get("location", "")
            resolved = resolve(location, url) if location else None
            target = clean_url(resolved) if resolved is not None else None
            problem = None
            if target is None:
                problem = (FAILED, f"HTTP {resp.status} redirect without a usable Location")
            elif target in hops:
                problem = (FAILED, "redirect loop: " + " -> ".join(hops + [target]))
            elif len(hops) > MAX_REDIRECTS:
                problem = (FAILED, f"more than {MAX_REDIRECTS} redirects")
            elif not self._may_go(task, target):
                problem = (SKIPPED, f"redirect out of scope: {target}")
            if problem is not None:
                self._record(task.url, task.key, *problem)
                return False
            key = normalise_url(target) or target
            if key not in (task.key, normalise_url(url)) and not self.frontier.claim(key):
                # an alias of a page the crawl already has in hand: not a page of its own
                self.journal.write({"d": task.key, "u": task.url, "o": "alias", "m": target})
                return False
            hops.append(target)
            url = target
        return self._answer(task, url, resp, cached)

    def _answer(self, task: Task, url: str, resp, cached: CacheEntry | None) -> bool:
        status = resp.status
        if status == 304:
            if cached is None:
                self._record(task.url, task.key, FAILED, "HTTP 304 for a page not in the cache")
                return False
            self._record(task.url, task.key, NOT_MODIFIED)
            self._follow(task, cached)
            return True
        if 200 <= status < 300:
            if not is_html(resp.headers):
                self._record(task.url, task.key, SKIPPED, f"not HTML ({content_type(resp.headers)})")
                return False
            entry = CacheEntry(url=url, fetched_url=task.url, status=status, headers=resp.headers, body=resp.body)
            self.cache.store(entry)
            self._record(task.url, task.key, FETCHED)
            self._follow(task, entry)
            return True
        if status in (429, 503):
            wait = retry_after(resp.headers)
            if wait is not None and wait > self.options.max_retry_after:
                self._record(task.url, task.key, FAILED, f"HTTP {status}: server asks to wait {wait:g} s")
                return False
            if wait is not None:
                self.gate.hold(origin(url), time.monotonic() + wait)
            return self._retry(task, f"HTTP {status}", wait)
        if status >= 500:
            return self._retry(task, f"HTTP {status}", None)
        if status in (404, 410):
            self.cache.remove(url)  # gone from the site: gone from the cache
        self._record(task.url, task.key, FAILED, f"HTTP {status}")
        return False

    def _fresh_from_this_crawl(self, url: str) -> CacheEntry | None:
        """On resume: the cached page if the interrupted crawl already stored it."""
        path = self.cache.path_for(url)
        try:
            if path.stat().st_mtime < (self.resumed_since or 0.0):
                return None
        except FileNotFoundError:
            return None
        return self.cache.load(url)

    def _sitemap(self, task: Task, session: requests.Session) -> bool:
        """Fetch a sitemap and queue its in-scope pages and same-site nested sitemaps. A sitemap
        that is not there is no failure: most sites have none at /sitemap.xml."""
        resp = self._get(task, task.url, session, {}, html_only=False)
        if resp is None:
            return False
        if resp.status >= 500 or resp.status == 429:
            return self._retry(task, f"HTTP {resp.status}", retry_after(resp.headers))
        if 200 <= resp.status < 300:
            try:
                found = parse_sitemap(resp.body, self.options.max_bytes)
            except ValueError as exc:
                self._record(task.url, task.key, FAILED, str(exc))
                return False
            for url in found.pages:
                self._offer_in_scope(url)
            for url in found.sitemaps:
                if self.scope.same_site(url):
                    self._offer(url, SITEMAP)
            for url in found.alternates:
                self._offer_alternate(url)
        self.journal.write({"d": task.key, "u": task.url, "o": SITEMAP, "m": ""})
        return False

