"""The crawler's scheduling: the frontier of URLs to fetch and the per-host politeness gate.

Both are shared by the worker threads, so each guards its state with one lock; neither does
any I/O.
"""
from __future__ import annotations

import heapq
import itertools
import threading
import time
from dataclasses import dataclass

# Task kinds: an in-scope page (links followed), a page's counterpart in another language
# outside the path prefix (fetched and kept, links not followed), a sitemap.
PAGE = "page"
COUNTERPART = "counterpart"
SITEMAP = "sitemap"


@dataclass(frozen=True)
class Task:
    """One URL to fetch: ``url`` as it will be requested, ``key`` its normalised identity,
    ``attempt`` how many times it has already been tried."""

    url: str
    key: str
    kind: str = PAGE
    attempt: int = 0


class Frontier:
    """URLs waiting to be fetched, each at most once, in the order found, with retries waiting
    until their ``ready_at`` time. ``limit`` caps the page tasks handed out (``--max-pages``);
    a page that ends up not stored gives its place back when ``done`` says so."""

    def __init__(self, limit: int | None = None) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Task]] = []
        self._order = itertools.count()
        self._seen: set[str] = set()
        self._active = 0
        self._pages_out = 0
        self._limit = limit
        self._stopped = False

    def add(self, task: Task) -> bool:
        """Queue ``task`` unless its key was seen before; True when it was queued."""
        with self._cond:
            if task.key in self._seen:
                return False
            self._seen.add(task.key)
            heapq.heappush(self._heap, (0.0, next(self._order), task))
            self._cond.notify()
            return True

    def claim(self, key: str) -> bool:
        """Mark ``key`` as seen (a redirect's target); False when it already was."""
        with self._cond:
            if key in self._seen:
                return False
            self._seen.add(key)
            return True

    def count_stored(self, pages: int) -> None:
        """Count ``pages`` stored before this frontier existed (a resumed crawl) against the limit."""
        with self._cond:
            self._pages_out += pages

    def seen(self, key: str) -> bool:
        """True when ``key`` was queued or claimed before."""
        with self._cond:
            return key in self._seen

    def retry(self, task: Task, ready_at: float) -> None:
        """Queue ``task`` again (its attempt already counted), not before ``ready_at``."""
        with self._cond:
            heapq.heappush(self._heap, (ready_at, next(self._order), task))
            self._cond.notify()

    def take(self) -> Task | None:
        """The next ready task, waiting for one if need be; None when the crawl is over (nothing
        queued and nothing in flight, the page limit reached, or ``stop`` called)."""
        with self._cond:
            while True:
                if self._stopped:
                    return None
                now = time.monotonic()
                ready = self._heap and self._heap[0][0] <= now
                if ready and self._heap[0][2].kind != SITEMAP and self._limit is not None:
                    if self._pages_out >= self._limit:
                        if self._active == 0:
                            return None
                        ready = False  # a page in flight may yet give its place back
                if ready:
                    task = heapq.heappop(self._heap)[2]
                    self._active += 1
                    if task.kind != SITEMAP:
                        self._pages_out += 1
                    return task
                if not self._heap and self._active == 0:
                    self._cond.notify_all()
                    return None
                wait = self._heap[0][0] - now if self._heap else None
                self._cond.wait(wait if wait is None or wait > 0 else 0.05)

    def done(self, task: Task, stored: bool) -> None:
        """``task`` is finished; ``stored`` says whether it became a page of the crawl."""
        with self._cond:
            self._active -= 1
            if task.kind != SITEMAP and not stored:
                self._pages_out -= 1
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def pending(self) -> int:
        with self._cond:
            return len(self._heap) + self._active


class HostGate:
    """At most one request per ``delay`` seconds to each host (``scheme://host:port``).

    ``hold`` pushes a host's next slot later (a Retry-After); ``wait`` blocks until the caller
    may send its request and books the slot under the lock, so two workers never share one.
    """

    def __init__(self, stop: threading.Event) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self._stop = stop

    def set_delay(self, host: str, delay: float) -> None:
        with self._lock:
            self._delay[host] = max(0.0, delay)

    def hold(self, host: str, until: float) -> None:
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), until)

    def wait(self, host: str) -> bool:
        """Block until ``host`` may be asked again; False when the crawl is being stopped."""
        while True:
            with self._lock:
                now = time.monotonic()
                at = self._next.get(host, 0.0)
                if at <= now:
                    self._next[host] = now + self._delay.get(host, 0.0)
                    return True
            if self._stop.wait(at - now):
                return False
