"""Fetching pages: one polite GET (``fetch_url``) and the crawler (``crawl``) built on it.

Every request names the tool in its User-Agent, is bounded in time (connect and read, plus a
wall-clock bound so a server dripping one byte a second cannot stall it) and in size (counted
after decompression, so a gzip bomb is cut off at the limit), and only HTML is accepted.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Mapping

import requests
import urllib3

from extractor.errors import FetchError
from extractor.model import Fetched

# Who we are, in every request: the tool's name and where a site owner can read about it.
CONTACT_URL = "https://github.com/iom-indonesia/extractor"
USER_AGENT = f"extractor/0.1 (+{CONTACT_URL})"
# Content types we keep; anything else (PDF, images, feeds) is skipped and listed.
HTML_TYPES = ("text/html", "application/xhtml+xml")
CHUNK_BYTES = 64 * 1024
MAX_REDIRECTS = 10


def new_session() -> requests.Session:
    """A Session that identifies the tool and never follows more than ``MAX_REDIRECTS``."""
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept"] = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
    session.max_redirects = MAX_REDIRECTS
    return session


@dataclass(frozen=True)
class Response:
    """What one GET returned, before any judgement about the page: status, final URL, headers
    (lower-case keys) and the body (empty for a 304 or when ``read_body`` was false)."""

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes


def content_type(headers: Mapping[str, str]) -> str:
    """The bare media type of ``headers['content-type']`` (lower case, no parameters)."""
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def is_html(headers: Mapping[str, str]) -> bool:
    """True when the response declares HTML, or declares nothing (the parser decides then)."""
    kind = content_type(headers)
    return not kind or kind in HTML_TYPES


def http_get(
    session: requests.Session,
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    headers: Mapping[str, str] | None = None,
    allow_redirects: bool = True,
    read_body: bool = True,
) -> Response:
    """GET ``url`` and read at most ``max_bytes`` of decoded body within ``timeout`` seconds.

    Raises FetchError (naming the URL) for DNS failures, refused connections, timeouts,
    redirect loops and bodies over the limit. HTTP error statuses are returned, not raised:
    the caller decides what a 429 or a 503 means.
    """
    started = time.monotonic()
    try:
        resp = session.get(
            url,
            timeout=(timeout, timeout),
            stream=True,
            headers=dict(headers or {}),
            allow_redirects=allow_redirects,
        )
    except requests.exceptions.TooManyRedirects:
        raise FetchError(f"redirect loop (more than {MAX_REDIRECTS} redirects)", where=url) from None
    except requests.exceptions.Timeout:
        raise FetchError(f"timed out after {timeout:g} s", where=url) from None
    except requests.exceptions.ConnectionError as exc:
        raise FetchError(f"cannot connect: {_reason(exc)}", where=url) from None
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"request failed: {_reason(exc)}", where=url) from None
    with resp:
        lowered = {k.lower(): v for k, v in resp.headers.items()}
        body = b""
        # Error pages, 304s and non-HTML bodies are never read: nobody uses them.
        wanted = read_body and resp.status_code < 300 and is_html(lowered)
        if wanted:
            body = _read_limited(resp, url, timeout=timeout, max_bytes=max_bytes, started=started)
        return Response(url=url, final_url=resp.url, status=resp.status_code, headers=lowered, body=body)


def _read_limited(resp: requests.Response, url: str, *, timeout: float, max_bytes: int, started: float) -> bytes:
    declared = resp.headers.get("Content-Length", "")
    encoded = resp.headers.get("Content-Encoding", "identity").lower() not in ("", "identity")
    if declared.isdigit() and not encoded and int(declared) > max_bytes:
        raise FetchError(f"response too big: {int(declared)} bytes declared, limit {max_bytes}", where=url)
    parts: list[bytes] = []
    size = 0
    try:
        while True:
            # urllib3 >= 2 caps the *decoded* output of read(amt) at amt, so a gzip bomb is
            # inflated one chunk at a time and never beyond the limit.
            chunk = resp.raw.read(CHUNK_BYTES, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"response too big: over {max_bytes} bytes (after decompression)", where=url)
            parts.append(chunk)
            if time.monotonic() - started > timeout:
                raise FetchError(f"timed out after {timeout:g} s (body still arriving)", where=url)
    except (urllib3.exceptions.ReadTimeoutError, requests.exceptions.ReadTimeout):
        raise FetchError(f"timed out after {timeout:g} s", where=url) from None
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise FetchError(f"connection broken while reading: {_reason(exc)}", where=url) from None
    return b"".join(parts)


def _reason(exc: BaseException) -> str:
    """The operating system's words for a network failure ("Connection refused", "Name or
    service not known"), else the exception's own message, on one line."""
    text = " ".join(str(exc).split())
    found = re.findall(r"\[Errno -?\d+\] ([^)\]\"']+)", text)
    if found:
        return found[-1].strip()
    return text or type(exc).__name__


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
    if resp.status >= 400:
        raise FetchError(f"HTTP {resp.status}", where=url)
    if not is_html(resp.headers):
        raise FetchError(f"not HTML: content type {content_type(resp.headers)}", where=url)
    return Fetched(url=resp.final_url, body=resp.body, headers=resp.headers, status=resp.status)
