"""HTTP for the fetch stage: the Session every request goes through and one bounded GET.

Every request names the tool in its User-Agent, is bounded in time (connect and read, plus a
wall-clock bound so a server dripping one byte a second cannot stall it) and in size (counted
after decompression, so a gzip bomb is cut off at the limit).
"""
from __future__ import annotations

import email.utils
import re
import time
from dataclasses import dataclass
from typing import Mapping

import requests
import urllib3

from extractor.errors import FetchError

# Who we are, in every request: the tool's name and where a site owner can read about it
# (RFC 9309 and site operators ask crawlers for a product token and a contact URL).
CONTACT_URL = "https://github.com/iom-indonesia/extractor"
USER_AGENT = f"extractor/0.1 (+{CONTACT_URL})"
# Content types we keep; anything else (PDF, images, feeds) is skipped and listed.
HTML_TYPES = ("text/html", "application/xhtml+xml")
CHUNK_BYTES = 64 * 1024
MAX_REDIRECTS = 10


class RetryableFetchError(FetchError):
    """A failure worth trying again later: a timeout or a connection dropped mid-way."""


def new_session(user_agent: str = USER_AGENT) -> requests.Session:
    """A Session that identifies the tool and never follows more than ``MAX_REDIRECTS``."""
    session = requests.Session()
    session.headers["User-Agent"] = user_agent
    session.headers["Accept"] = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
    session.max_redirects = MAX_REDIRECTS
    return session


@dataclass(frozen=True)
class Response:
    """What one GET returned, before any judgement about the page: status, final URL, headers
    (lower-case keys) and the body (empty unless the answer was a 2xx that ``http_get`` was
    asked to read)."""

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
    html_only: bool = True,
) -> Response:
    """GET ``url`` and read at most ``max_bytes`` of decoded body within ``timeout`` seconds.

    The body is read only for a 2xx answer, and with ``html_only`` only when it is HTML.
    Raises FetchError (naming the URL) for DNS failures, refused connections, redirect loops
    and bodies over the limit, and RetryableFetchError for timeouts and dropped connections.
    HTTP error statuses are returned, not raised: the caller decides what a 429 or 503 means.
    """
    started = time.monotonic()
    answers: list[requests.Response] = []
    try:
        resp = session.get(
            url,
            timeout=(timeout, timeout),
            stream=True,
            headers=dict(headers or {}),
            allow_redirects=allow_redirects,
            hooks={"response": lambda answer, **_: answers.append(answer)},
        )
    except requests.exceptions.TooManyRedirects:
        raise FetchError(f"redirect loop (more than {MAX_REDIRECTS} redirects)", where=url) from None
    except requests.exceptions.Timeout:
        raise RetryableFetchError(f"timed out after {timeout:g} s", where=url) from None
    except requests.exceptions.ConnectionError as exc:
        reason = _reason(exc)
        if "Connection refused" in reason or "Name or service" in reason or "resolve" in reason:
            raise FetchError(f"cannot connect: {reason}", where=url) from None
        raise RetryableFetchError(f"cannot connect: {reason}", where=url) from None
    except requests.exceptions.RequestException as exc:
        raise FetchError(f"request failed: {_reason(exc)}", where=url) from None
    except ValueError:
        # requests reads a redirect's Location even when not following it, and one it cannot
        # parse (``http://[``) escapes as a bare ValueError: the redirect is then returned as
        # it is (its Location judged by the caller) or, when following, is the failure.
        if not answers or not answers[-1].is_redirect:
            raise
        if allow_redirects:
            raise FetchError(f"HTTP {answers[-1].status_code} redirect without a usable Location", where=url) from None
        resp = answers[-1]
    with resp:
        lowered = {k.lower(): v for k, v in resp.headers.items()}
        body = b""
        # Error pages, 304s and non-HTML bodies are never read: nobody uses them.
        wanted = 200 <= resp.status_code < 300 and (is_html(lowered) or not html_only)
        if wanted:
            body = _read_limited(resp, url, timeout=timeout, max_bytes=max_bytes, started=started)
        else:
            _keep_alive(resp)
        return Response(
            final_url=resp.url, status=resp.status_code, headers=_describing(lowered, body), body=body
        )


# Headers about the transfer, not the page: the body we hand on is already decoded, so a
# "content-encoding: gzip" kept beside it would be a lie.
TRANSFER_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"})


def _describing(headers: dict[str, str], body: bytes) -> dict[str, str]:
    """``headers`` without the transfer headers, with the decoded body's length when read."""
    kept = {k: v for k, v in headers.items() if k not in TRANSFER_HEADERS}
    if body:
        kept["content-length"] = str(len(body))
    return kept


def _keep_alive(resp: requests.Response) -> None:
    """Read away a small unwanted body (a 304, a redirect, a short error page) so the connection
    goes back to the pool instead of being closed; a large one is left for close() to drop."""
    declared = resp.headers.get("Content-Length", "")
    if resp.status_code in (204, 304) or (declared.isdigit() and int(declared) <= CHUNK_BYTES):
        resp.raw.drain_conn()  # swallows read errors itself: the connection is then dropped
        resp.raw.release_conn()


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
                raise RetryableFetchError(f"timed out after {timeout:g} s (body still arriving)", where=url)
    except (urllib3.exceptions.ReadTimeoutError, requests.exceptions.ReadTimeout, TimeoutError):
        raise RetryableFetchError(f"timed out after {timeout:g} s", where=url) from None
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise RetryableFetchError(f"connection broken while reading: {_reason(exc)}", where=url) from None
    return b"".join(parts)


def _reason(exc: BaseException) -> str:
    """The operating system's words for a network failure ("Connection refused", "Name or
    service not known"), else the exception's own message, on one line."""
    text = " ".join(str(exc).split())
    found = re.findall(r"\[Errno -?\d+\] ([^)\]\"']+)", text)
    if found:
        return found[-1].strip()
    return text or type(exc).__name__


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait according to a Retry-After header (delta-seconds or an HTTP date);
    None when there is none or it cannot be read."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
