"""Shared test fixtures.

``LoopbackServer``: a real threaded HTTP/1.1 server on 127.0.0.1 (port 0) serving a folder of
static files (with ETag / Last-Modified and 304s, like a real site) plus fault routes, and
recording every request it gets. Fixtures: ``site_server`` serves a folder the test fills
(``site_server.write``); ``fixture_site_server`` serves fixtures/site/ file by file;
``live_fixture_site_server`` serves it at the site's own URL paths, as if it were the live site.

Fault routes answer under any prefix, at ``.../_fault/NAME`` (so ``/id/_fault/slow`` is inside
an ``/id/`` crawl): ``slow`` (answers nothing for 5 s), ``loop-a``/``loop-b`` (redirect to each
other), ``away`` (redirect to another host), ``outside`` (redirect outside /id/), ``big``
(50 MB of HTML, no Content-Length), ``bomb`` (gzip that inflates to 50 MB), ``doc`` (a PDF),
``cp1252`` (windows-1252 HTML, charset only in the Content-Type header), ``flaky`` (500, then
a page), ``busy`` (429 with Retry-After: 1, then a page), ``unavailable`` (503 with
Retry-After: 1, then a page).
"""
from __future__ import annotations

import email.utils
import gzip
import hashlib
import importlib
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Callable, Iterator
from urllib.parse import unquote, urlsplit

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE_SITE = REPO / "fixtures" / "site"
FIXTURE_ORIGIN = "https://indonesia.iom.int"
TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml", ".txt": "text/plain",
         ".pdf": "application/pdf", ".css": "text/css", ".js": "text/javascript"}
BIG = 50 * 1024 * 1024


@dataclass(frozen=True)
class Hit:
    """One request the server received: its path (with query), headers and monotonic time."""

    path: str
    headers: dict[str, str]
    at: float


@dataclass
class LoopbackServer:
    root: Path
    host: str = "127.0.0.1"
    port: int = 0
    hits: list[Hit] = field(default_factory=list)
    routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Set for a saved site: the live origin its pages name, rewritten to this server's.
    mirror_of: str | None = None
    # Content-Type for .html files.
    html_type: str = TYPES[".html"]

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def paths(self) -> list[str]:
        """Paths requested so far, in arrival order."""
        with self.lock:
            return [hit.path for hit in self.hits]

    def times(self, path: str) -> list[float]:
        with self.lock:
            return [hit.at for hit in self.hits if hit.path == path]

    def write(self, relative: str, text: str | bytes) -> Path:
        """Put a file into the served folder (creating folders)."""
        target = self.root / relative.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            target.write_text(text, encoding="utf-8")
        else:
            target.write_bytes(text)
        return target


def benchmark_module(name: str) -> ModuleType:
    """A script of benchmarks/ as a module: tests reuse its readers, sets and scoring, so they
    check the figures README reports, not a copy of them."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.pop(0)


def html_page(title: str, links: list[str] = (), alternates: dict[str, str] | None = None, lang: str = "id") -> str:
    """A small HTML page with the given links and hreflang alternates."""
    head = "".join(f'<link rel="alternate" hreflang="{k}" href="{v}">' for k, v in (alternates or {}).items())
    body = "".join(f'<p><a href="{href}">{href}</a></p>' for href in links)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            f"{head}</head><body><h1>{title}</h1>{body}</body></html>")


def _handler(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go in two sends: no 40 ms ACK wait

        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:
            with server.lock:
                server.hits.append(Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
                server.counts[self.path] = server.counts.get(self.path, 0) + 1
                count = server.counts[self.path]
            try:
                path = urlsplit(self.path).path
                if self.path in server.routes:
                    server.routes[self.path](self)
                elif "/_fault/" in path:
                    self.fault(path.split("/_fault/", 1)[1], path, count)
                else:
                    self.static(unquote(path))
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def page(self, title: str) -> None:
            self.send(200, html_page(title).encode(), {"Content-Type": "text/html; charset=utf-8"})

        def static(self, path: str) -> None:
            if server.mirror_of is not None:
                self.mirrored(path)
                return
            target = (server.root / path.lstrip("/")).resolve()
            if not target.is_relative_to(server.root.resolve()) or not target.exists():
                self.send(404, b"not found", {"Content-Type": "text/plain"})
                return
            if target.is_dir():
                if not path.endswith("/"):
                    self.send(301, b"", {"Location": path + "/"})
                    return
                target = target / "index.html"
                if not target.exists():
                    self.send(404, b"not found", {"Content-Type": "text/plain"})
                    return
            kind = server.html_type if target.suffix == ".html" else TYPES.get(target.suffix, "application/octet-stream")
            self.file(target, kind)

        def mirrored(self, path: str) -> None:
            """fixtures/site's layout (see fixtures/README.md): /id/<p> -> id/<p>.html, / ->
            en/index.html, /<p> -> en/<p>.html. Pages with a query (the pager's ?page=1) are
            not bundled."""
            clean = path.strip("/")
            if clean in ("robots.txt", "sitemap.xml"):
                target, kind = server.root / clean, TYPES[Path(clean).suffix]
            elif clean == "id" or clean.startswith("id/"):
                target, kind = server.root / "id" / ((clean[3:] or "index") + ".html"), server.html_type
            else:
                target, kind = server.root / "en" / ((clean or "index") + ".html"), server.html_type
            if ".." in clean.split("/") or "?" in self.path or not target.is_file():
                self.send(404, b"not found", {"Content-Type": "text/plain"})
                return
            self.file(target, kind)

        def file(self, target: Path, kind: str) -> None:
            body = target.read_bytes()
            if server.mirror_of is not None:
                body = body.replace(server.mirror_of.encode(), server.base_url.encode())
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers = {
                "Content-Type": kind,
                "ETag": etag,
                "Last-Modified": email.utils.formatdate(int(target.stat().st_mtime), usegmt=True),
            }
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send(200, body, headers)

        def fault(self, name: str, path: str, count: int) -> None:
            here = path.rsplit("/_fault/", 1)[0]
            if name == "slow":
                server.stopping.wait(5.0)
                self.close_connection = True
            elif name in ("loop-a", "loop-b"):
                other = "loop-b" if name == "loop-a" else "loop-a"
                self.send(302, b"", {"Location": f"{here}/_fault/{other}"})
            elif name == "away":
                self.send(302, b"", {"Location": "http://elsewhere.invalid/page"})
            elif name == "outside":
                self.send(302, b"", {"Location": "/outside/page.html"})
            elif name == "big":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                chunk = b"<p>" + b"x" * 65530 + b"</p>"
                for _ in range(BIG // len(chunk) + 1):
                    if server.stopping.is_set():
                        break
                    self.wfile.write(chunk)
            elif name == "bomb":
                body = gzip.compress(b"<html><body>" + b" " * BIG, compresslevel=9)
                self.send(200, body, {"Content-Type": "text/html", "Content-Encoding": "gzip"})
            elif name == "doc":
                self.send(200, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", {"Content-Type": "application/pdf"})
            elif name == "cp1252":
                body = ('<html><head><title>Caf\u00e9 \u2013 berita</title></head><body>'
                        f'<p><a href="{here}/caf\u00e9\u2013baru.html">Caf\u00e9</a> \u201cna\u00efve\u201d</p>'
                        "</body></html>").encode("windows-1252")
                self.send(200, body, {"Content-Type": "text/html; charset=windows-1252"})
            elif name in ("flaky", "busy", "unavailable") and count == 1:
                status = {"flaky": 500, "busy": 429, "unavailable": 503}[name]
                headers = {"Content-Type": "text/plain"}
                if name != "flaky":
                    headers["Retry-After"] = "1"
                self.send(status, b"try again", headers)
            elif name in ("flaky", "busy", "unavailable"):
                self.page(f"{name} recovered")
            else:
                self.send(404, b"no such fault", {"Content-Type": "text/plain"})

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up mid-answer is what the fault routes provoke


def _serve(root: Path, mirror_of: str | None = None, html_type: str = TYPES[".html"]) -> Iterator[LoopbackServer]:
    server = LoopbackServer(root=root, mirror_of=mirror_of, html_type=html_type)
    httpd = _QuietServer(("127.0.0.1", 0), _handler(server))
    server.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def site_server(tmp_path: Path) -> Iterator[LoopbackServer]:
    """A loopback server over an empty folder that the test fills with ``site_server.write``."""
    root = tmp_path / "site"
    root.mkdir()
    yield from _serve(root)


@pytest.fixture
def fixture_site_server() -> Iterator[LoopbackServer]:
    """fixtures/site/ as files (``/id/siapa-kami.html``), bytes unchanged, HTML as plain
    ``text/html`` (each page declares its own charset). Skips while fixtures/site/ is absent."""
    if not (FIXTURE_SITE / "id").is_dir():
        pytest.skip("fixtures/site/ is not there yet")
    yield from _serve(FIXTURE_SITE, html_type="text/html")


@pytest.fixture
def live_fixture_site_server() -> Iterator[LoopbackServer]:
    """fixtures/site/ served as the live site would serve it: at its URL paths (``/id/berita``,
    ``/`` for en/index.html), with ``https://indonesia.iom.int`` in pages, robots.txt and the
    sitemap rewritten to this server, so a crawl of it stays on 127.0.0.1."""
    if not (FIXTURE_SITE / "id").is_dir():
        pytest.skip("fixtures/site/ is not there yet")
    yield from _serve(FIXTURE_SITE, mirror_of=FIXTURE_ORIGIN, html_type="text/html")
