"""The crawl cache: one file per page, named by a hash of its URL, written atomically; and the
crawl journal that lets a killed crawl continue where it stopped.

An entry is one file ``pages/<2 hex>/<sha256 of the normalised URL>.page``: a line of JSON
metadata (URLs, status, headers, the body's SHA-256), a newline, then the body
bytes. File names never come from the URL's path, so no URL can write outside the cache, and
because each entry is written by ``atomic_write_bytes`` and carries its body's hash, a crash
never leaves a truncated page that later looks valid.
"""
from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

from extractor.errors import FetchError
from extractor.fsutil import atomic_write_bytes
from extractor.model import Fetched
from extractor.urls import normalise_url

ENTRY_SUFFIX = ".page"
# Never written to disk: a session cookie is the visitor's, not the page's.
PRIVATE_HEADERS = frozenset({"set-cookie", "set-cookie2"})
JOURNAL_NAME = "crawl-journal.jsonl"


@dataclass(frozen=True)
class CacheEntry:
    """A cached response. ``url`` is the final URL (after redirects), ``fetched_url`` the one
    asked for; header keys are lower case."""

    url: str
    fetched_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    def validators(self) -> dict[str, str]:
        """The conditional-request headers that let the server answer 304 Not Modified."""
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out

    def to_fetched(self) -> Fetched:
        return Fetched(url=self.url, body=self.body, headers=dict(self.headers), status=self.status)


class Cache:
    """A directory of cached pages, keyed by normalised URL.

    >>> cache = Cache("crawl")                      # doctest: +SKIP
    >>> [f.url for f in cache.iter_fetched()]       # doctest: +SKIP
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    @staticmethod
    def key(url: str) -> str:
        """The SHA-256 hex digest of the normalised URL: the entry's file name."""
        return hashlib.sha256((normalise_url(url) or url).encode("utf-8")).hexdigest()

    def path_for(self, url: str) -> Path:
        key = self.key(url)
        return self.directory / "pages" / key[:2] / f"{key}{ENTRY_SUFFIX}"

    def store(self, entry: CacheEntry) -> Path:
        """Write ``entry`` atomically under its final URL and return the file's path. Raises
        FetchError naming the file when it cannot be written (disk full, no permission)."""
        meta = {
            "url": entry.url,
            "fetched_url": entry.fetched_url,
            "status": entry.status,
            "headers": {k: v for k, v in sorted(entry.headers.items()) if k not in PRIVATE_HEADERS},
            "sha256": hashlib.sha256(entry.body).hexdigest(),
        }
        head = json.dumps(meta, ensure_ascii=True, sort_keys=True).encode("ascii")
        path = self.path_for(entry.url)
        try:
            atomic_write_bytes(path, head + b"\n" + entry.body)
        except OSError as exc:
            raise FetchError(f"cannot write to the crawl cache: {exc.strerror or exc}", where=str(path)) from None
        return path

    def load(self, url: str) -> CacheEntry | None:
        """The entry for ``url``, or None when the cache has none. Raises FetchError naming the
        file when an entry exists but is damaged (its body does not match its recorded hash)."""
        path = self.path_for(url)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        return _decode(path, data)

    def remove(self, url: str) -> None:
        """Forget ``url`` (the site no longer has it)."""
        self.path_for(url).unlink(missing_ok=True)

    def iter_fetched(self) -> Iterator[Fetched]:
        """Every cached HTML page as ``Fetched`` (final URL, body, lower-case headers including
        the content type, status), sorted by URL. Raises FetchError for a damaged entry or a
        missing directory (a mistyped --cache should not read as an empty crawl).

        Only the head lines are read to sort; each body is then read and checked when its
        page's turn comes, so one page at a time is in memory."""
        if not self.directory.is_dir():
            raise FetchError("no such crawl cache directory", where=str(self.directory))
        root = self.directory / "pages"
        if not root.is_dir():
            return
        found = [(_head_url(p), p) for p in root.glob(f"*/*{ENTRY_SUFFIX}")]
        found.sort(key=lambda item: item[0])
        for _, path in found:
            yield _decode(path, path.read_bytes()).to_fetched()

    def __len__(self) -> int:
        root = self.directory / "pages"
        return sum(1 for _ in root.glob(f"*/*{ENTRY_SUFFIX}")) if root.is_dir() else 0


def _damaged(path: Path) -> FetchError:
    return FetchError("damaged cache entry (delete it and crawl again)", where=str(path))


def _meta(head: bytes) -> dict[str, Any] | None:
    """An entry's head line as a dict with a URL, None when it is not one."""
    try:
        meta = json.loads(head)
    except ValueError:
        return None
    return meta if isinstance(meta, dict) and isinstance(meta.get("url"), str) else None


def _head_url(path: Path) -> str:
    """The URL in an entry's head line, read without its body. Raises FetchError naming the
    file when the head is damaged."""
    with path.open("rb") as fh:
        head = fh.readline()
    meta = _meta(head) if head.endswith(b"\n") else None
    if meta is None:
        raise _damaged(path)
    return meta["url"]


def _decode(path: Path, data: bytes) -> CacheEntry:
    head, sep, body = data.partition(b"\n")
    meta = _meta(head) if sep else None
    if meta is None or hashlib.sha256(body).hexdigest() != meta.get("sha256"):
        raise _damaged(path)
    return CacheEntry(
        url=meta["url"],
        fetched_url=meta.get("fetched_url", meta["url"]),
        status=int(meta.get("status", 200)),
        headers=dict(meta.get("headers", {})),
        body=body,
    )


@dataclass
class JournalState:
    """What a journal says about an unfinished crawl: URLs queued (in order, with their kind)
    and the outcome of each one finished."""

    started: float = 0.0
    queued: list[dict[str, Any]] = field(default_factory=list)
    finished: dict[str, dict[str, Any]] = field(default_factory=dict)


class Journal:
    """An append-only log of a crawl's frontier in the cache directory.

    Each line is one JSON record: the header (start URLs), a URL queued, or a URL finished with
    its outcome. Appending a line is cheap (no rewrite of a growing state file per page) and a
    line torn by a crash is simply ignored on reading. The journal is removed when a crawl ends.
    """

    def __init__(self, directory: str | Path) -> None:
        self.path = Path(directory) / JOURNAL_NAME
        self._lock = threading.Lock()
        self._fh: Any = None
        # Whether the journal last read ends in a line a crash cut short (no final newline).
        self._torn = False

    def read(self, start_urls: list[str]) -> JournalState | None:
        """The state of an unfinished crawl of the same start URLs, or None."""
        try:
            raw = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None  # no unfinished crawl (open() reports a cache path that is unusable)
        self._torn = bool(raw) and not raw.endswith(b"\n")
        state = JournalState()
        for number, line in enumerate(raw.split(b"\n")):
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash
            if number == 0:
                if record.get("start") != sorted(start_urls):
                    return None
                state.started = float(record.get("started", 0.0))
            elif "q" in record:
                state.queued.append(record)
            elif "d" in record:
                state.finished[record["d"]] = record
        return state

    def open(self, start_urls: list[str], started: float, resume: bool) -> None:
        """Start a new journal (or keep appending to the one being resumed, as ``read`` just
        found it). Raises FetchError when the cache directory cannot be created or written."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not resume:
                header = json.dumps({"start": sorted(start_urls), "started": started})
                atomic_write_bytes(self.path, header.encode("utf-8") + b"\n")
            self._fh = open(self.path, "ab")
        except OSError as exc:
            raise FetchError(f"cannot use as a crawl cache: {exc.strerror or exc}", where=str(self.path.parent)) from None
        if resume and self._torn:
            self._fh.write(b"\n")  # end the line a crash cut short, so the next one stands alone

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=True, sort_keys=True).encode("ascii") + b"\n"
        with self._lock:
            # One write() of a whole line, flushed at once, so a killed process loses at most
            # the line in flight, never the middle of one.
            self._fh.write(line)
            self._fh.flush()

    def close(self, finished: bool) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if finished:
            self.path.unlink(missing_ok=True)
