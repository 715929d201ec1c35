"""The fetch stage against a real HTTP server on 127.0.0.1 (tests/conftest.py): no mocks."""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_SITE, REPO, html_page
from extractor.errors import FetchError
from extractor.fetch import Cache, CrawlOptions, CrawlReport, crawl, fetch_url
from extractor.robots import parse_sitemap
from extractor.frontier import Frontier, Task
from extractor.urls import Scope, clean_url, normalise_url, resolve

pytestmark = pytest.mark.timeout(30)


def run_crawl(server, tmp_path: Path, start: str = "/id/", **overrides) -> CrawlReport:
    """Crawl ``start`` on the loopback server with test-sized delays and timeouts."""
    settings = dict(cache_dir=tmp_path / "cache", delay=0.0, timeout=1.0, retries=2, backoff=0.05, concurrency=2)
    settings.update(overrides)
    return crawl([server.url(start)], CrawlOptions(**settings))


def small_site(server, pages: int = 3) -> None:
    """/id/ linking to /id/p1.html ... /id/pN.html."""
    server.write("id/index.html", html_page("beranda", [f"p{n}.html" for n in range(1, pages + 1)]))
    for n in range(1, pages + 1):
        server.write(f"id/p{n}.html", html_page(f"halaman {n}"))


def cached_urls(tmp_path: Path) -> list[str]:
    return [f.url for f in Cache(tmp_path / "cache").iter_fetched()]


# -- fetch_url ---------------------------------------------------------------------------

def test_fetch_url_returns_body_final_url_and_lower_case_headers(site_server):
    site_server.write("id/index.html", html_page("beranda"))
    fetched = fetch_url(site_server.url("/id"), timeout=2)
    assert fetched.url == site_server.url("/id/")
    assert b"beranda" in fetched.body
    assert fetched.headers["content-type"].startswith("text/html")
    assert site_server.hits[0].headers["user-agent"].startswith("extractor/")


@pytest.mark.parametrize("path, message", [
    ("/missing.html", "HTTP 404"),
    ("/id/_fault/doc", "not HTML"),
    ("/id/_fault/big", "too big"),
    ("/id/_fault/slow", "timed out"),
])
def test_fetch_url_failure_is_one_line_naming_the_url(site_server, path, message):
    with pytest.raises(FetchError) as caught:
        fetch_url(site_server.url(path), timeout=0.5)
    assert message in str(caught.value)
    assert str(caught.value).startswith(site_server.url(path))
    assert "\n" not in str(caught.value)


def test_fetch_url_names_a_refused_connection(site_server):
    port = site_server.port
    with pytest.raises(FetchError, match="Connection refused"):
        fetch_url(f"http://127.0.0.1:{port + 1 if port < 65535 else 1}/", timeout=1)


# -- scope, normalisation, links -------------------------------------------------------------

def test_crawl_stays_within_the_start_path_prefix(site_server, tmp_path):
    small_site(site_server, 2)
    site_server.write("id/p2.html", html_page("dua", ["/other/page.html", "/"]))
    site_server.write("other/page.html", html_page("other"))
    report = run_crawl(site_server, tmp_path)
    assert report.fetched == 3
    assert not any(p.startswith("/other") or p == "/" for p in site_server.paths())


def test_one_page_under_many_spellings_is_fetched_once(site_server, tmp_path):
    site_server.write("id/index.html", html_page("beranda", [
        "p1.html", "p1.html#top", "p1.html?utm_source=x&utm_medium=y", "./p1.html",
        f"http://127.0.0.1:{site_server.port}/id/p1.html", "sub", "sub/", "sub/?fbclid=1"]))
    site_server.write("id/p1.html", html_page("satu"))
    site_server.write("id/sub/index.html", html_page("sub"))
    run_crawl(site_server, tmp_path)
    assert site_server.paths().count("/id/p1.html") == 1
    assert site_server.paths().count("/id/sub/") == 1


@given(st.sampled_from(["http://Example.COM:80/a/./b/../c/?utm_source=x&b=2&a=1#f",
                        "https://example.com:443/id/", "http://example.com", "https://x.org/%7Euser/a b"]),
       st.sampled_from(["", "#frag", "?gclid=9"]))
def test_normalising_is_idempotent_and_drops_noise(url, noise):
    key = normalise_url(url + noise)
    assert key is not None
    assert normalise_url(key) == key
    assert clean_url(clean_url(url)) == clean_url(url)
    assert "#" not in key and "utm_" not in key and "gclid" not in key


segment = st.text(alphabet="abcdi-.%2F", min_size=0, max_size=6)


@given(st.lists(segment, min_size=0, max_size=4), st.booleans())
def test_scope_is_the_start_path_prefix_and_nothing_beside_it(parts, trailing):
    scope = Scope.from_start_urls(["https://site.example/id/"])
    path = "/" + "/".join(parts) + ("/" if trailing and parts else "")
    key_path = urlsplit(normalise_url("https://site.example" + path)).path
    expected = key_path == "/id" or key_path.startswith("/id/")
    assert scope.contains("https://site.example" + path) == expected
    assert not scope.contains("https://other.example" + path)
    assert scope.same_site("https://site.example" + path)


@given(st.lists(st.sampled_from("abcdefgh"), max_size=30))
def test_frontier_hands_out_each_url_once(keys):
    frontier = Frontier()
    for key in keys:
        frontier.add(Task(f"http://x/{key}", f"http://x/{key}"))
    taken = []
    while (task := frontier.take()) is not None:
        taken.append(task.key)
        frontier.done(task, stored=True)
    assert taken == [f"http://x/{k}" for k in dict.fromkeys(keys)]


def test_non_http_links_are_not_urls():
    assert clean_url("mailto:someone@iom.int") is None
    assert clean_url("javascript:void(0)") is None


# -- politeness ----------------------------------------------------------------------------

def test_robots_disallow_is_obeyed_and_listed(site_server, tmp_path):
    small_site(site_server, 3)
    site_server.write("robots.txt", "User-agent: *\nDisallow: /id/p2.html\nDisallow: /*.html$\nAllow: /id/p3.html\n")
    report = run_crawl(site_server, tmp_path)
    assert "/id/p2.html" not in site_server.paths()
    assert "/id/p1.html" not in site_server.paths()  # wildcard rule
    assert "/id/p3.html" in site_server.paths()  # longest match wins
    assert (site_server.url("/id/p2.html"), "disallowed by robots.txt") in report.skipped


def test_robots_crawl_delay_spaces_requests(site_server, tmp_path):
    small_site(site_server, 3)
    site_server.write("robots.txt", "User-agent: *\nCrawl-delay: 0.3\n")
    run_crawl(site_server, tmp_path, concurrency=3)
    times = sorted(hit.at for hit in site_server.hits)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(times) >= 5
    # The server notes a request when its handler thread runs: allow for scheduling jitter,
    # far below what no spacing at all would give (a few milliseconds).
    assert min(gaps) >= 0.8 * 0.3


def test_delay_holds_per_host_with_many_workers(site_server, tmp_path):
    small_site(site_server, 4)
    run_crawl(site_server, tmp_path, delay=0.15, concurrency=4)
    times = sorted(hit.at for hit in site_server.hits)
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.8 * 0.15  # (jitter, as above)


def test_user_agent_names_the_tool_and_a_contact_url(site_server, tmp_path):
    small_site(site_server, 1)
    run_crawl(site_server, tmp_path)
    agent = site_server.hits[-1].headers["user-agent"]
    assert agent.startswith("extractor/") and "+http" in agent


# -- discovery ---------------------------------------------------------------------------

def test_sitemap_from_robots_and_default_location_are_discovered(site_server, tmp_path):
    small_site(site_server, 1)
    site_server.write("id/only-in-robots-sitemap.html", html_page("a"))
    site_server.write("id/only-in-default-sitemap.html", html_page("b"))
    site_server.write("robots.txt", f"User-agent: *\nSitemap: {site_server.url('/maps/index.xml')}\n")
    site_server.write("maps/index.xml", '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                      f"<sitemap><loc>{site_server.url('/maps/pages.xml')}</loc></sitemap></sitemapindex>")
    site_server.write("maps/pages.xml", '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                      f"<url><loc>{site_server.url('/id/only-in-robots-sitemap.html')}</loc></url></urlset>")
    site_server.write("sitemap.xml", "<urlset><url><loc>/ignored-relative</loc></url>"
                      f"<url><loc>{site_server.url('/id/only-in-default-sitemap.html')}</loc></url></urlset>")
    run_crawl(site_server, tmp_path)
    assert site_server.url("/id/only-in-robots-sitemap.html") in cached_urls(tmp_path)
    assert site_server.url("/id/only-in-default-sitemap.html") in cached_urls(tmp_path)


def test_sitemap_hreflang_alternates_bring_counterparts(site_server, tmp_path):
    small_site(site_server, 1)
    site_server.write("about.html", html_page("about", ["/elsewhere.html"], lang="en"))
    site_server.write("sitemap.xml", '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                      'xmlns:xhtml="http://www.w3.org/1999/xhtml"><url>'
                      f"<loc>{site_server.url('/id/p1.html')}</loc>"
                      f'<xhtml:link rel="alternate" hreflang="en" href="{site_server.url("/about.html")}"/>'
                      "</url></urlset>")
    run_crawl(site_server, tmp_path)
    assert site_server.url("/about.html") in cached_urls(tmp_path)
    assert "/elsewhere.html" not in site_server.paths()


def test_sitemap_entities_are_not_expanded():
    # Three levels (1,000 "ha"s) stay under libxml2's own amplification guard, which would
    # refuse a deeper bomb whatever our parser options: only resolve_entities=False keeps
    # this one small.
    laughs = "".join(f'<!ENTITY l{n} "{"&l%d;" % (n - 1) * 10}">' for n in range(1, 4))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY l0 "ha">{laughs}]>'
            "<urlset><url><loc>http://x/id/&l3;</loc></url></urlset>").encode()
    pages = parse_sitemap(bomb).pages
    assert pages
    assert all(len(url) < 100 for url in pages)


def test_gzipped_sitemap_is_read_within_the_size_limit():
    urls = "".join(f"<url><loc>http://x/id/p{n}</loc></url>" for n in range(3))
    packed = gzip.compress(f"<urlset>{urls}</urlset>".encode())
    assert parse_sitemap(packed).pages == ("http://x/id/p0", "http://x/id/p1", "http://x/id/p2")
    with pytest.raises(ValueError, match="decompressed"):
        parse_sitemap(gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>"), max_bytes=1_000_000)


def test_hreflang_counterpart_outside_the_prefix_is_fetched_but_not_followed(site_server, tmp_path):
    site_server.write("id/index.html", html_page("beranda", ["berita.html"]))
    site_server.write("id/berita.html", html_page("berita", alternates={"en": "/news.html", "id": "/id/berita.html"}))
    site_server.write("news.html", html_page("news", ["/elsewhere.html"], {"id": "/id/berita.html"}, lang="en"))
    site_server.write("elsewhere.html", html_page("elsewhere", lang="en"))
    run_crawl(site_server, tmp_path)
    assert site_server.url("/news.html") in cached_urls(tmp_path)
    assert "/elsewhere.html" not in site_server.paths()


# -- faults ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fault", ["busy", "unavailable"])
def test_429_and_503_honour_retry_after(site_server, tmp_path, fault):
    site_server.write("id/index.html", html_page("beranda", [f"_fault/{fault}"]))
    report = run_crawl(site_server, tmp_path)
    first, second = site_server.times(f"/id/_fault/{fault}")
    assert second - first >= 0.95
    assert report.fetched == 2 and not report.failed


def test_500_then_success_is_retried(site_server, tmp_path):
    site_server.write("id/index.html", html_page("beranda", ["_fault/flaky"]))
    report = run_crawl(site_server, tmp_path)
    assert site_server.paths().count("/id/_fault/flaky") == 2
    assert report.fetched == 2 and not report.failed


def test_read_timeout_fails_that_url_after_bounded_retries_and_others_go_on(site_server, tmp_path):
    small_site(site_server, 3)
    site_server.write("id/index.html", html_page("beranda", ["_fault/slow", "p1.html", "p2.html", "p3.html"]))
    started = time.monotonic()
    report = run_crawl(site_server, tmp_path, timeout=0.3, retries=1)
    assert time.monotonic() - started < 5
    assert report.fetched == 4
    assert report.failed == [(site_server.url("/id/_fault/slow"), "timed out after 0.3 s (after 1 retries)")]
    assert site_server.paths().count("/id/_fault/slow") == 2


def test_redirect_loop_is_refused(site_server, tmp_path):
    site_server.write("id/index.html", html_page("beranda", ["_fault/loop-a"]))
    report = run_crawl(site_server, tmp_path)
    [(url, error)] = report.failed
    assert url == site_server.url("/id/_fault/loop-a") and error.startswith("redirect loop")
    assert len(site_server.paths()) < 10


def test_a_redirect_to_a_page_already_queued_fetches_it_once(site_server, tmp_path):
    site_server.write("id/index.html", html_page("beranda", ["lama.html", "baru.html"]))
    site_server.write("id/baru.html", html_page("baru"))
    site_server.routes["/id/lama.html"] = lambda handler: handler.send(301, b"", {"Location": "/id/baru.html"})
    report = run_crawl(site_server, tmp_path, concurrency=1)
    assert site_server.paths().count("/id/baru.html") == 1
    assert (report.fetched, report.failed, report.skipped) == (2, [], [])
    assert cached_urls(tmp_path) == [site_server.url("/id/"), site_server.url("/id/baru.html")]


@pytest.mark.parametrize("fault", ["away", "outside"])
def test_redirect_out_of_scope_is_refused(site_server, tmp_path, fault):
    site_server.write("id/index.html", html_page("beranda", [f"_fault/{fault}"]))
    report = run_crawl(site_server, tmp_path)
    [(url, reason)] = report.skipped
    assert url == site_server.url(f"/id/_fault/{fault}") and reason.startswith("redirect out of scope")
    assert "/outside/page.html" not in site_server.paths()


@pytest.mark.parametrize("fault", ["big", "bomb"])
def test_oversized_body_is_aborted_even_when_gzipped(site_server, tmp_path, fault):
    site_server.write("id/index.html", html_page("beranda", [f"_fault/{fault}"]))
    started = time.monotonic()
    report = run_crawl(site_server, tmp_path, max_bytes=1_000_000)
    [(url, error)] = report.failed
    assert "too big" in error
    assert time.monotonic() - started < 10
    assert len(Cache(tmp_path / "cache")) == 1


def test_pdf_is_skipped_and_listed(site_server, tmp_path):
    site_server.write("id/index.html", html_page("beranda", ["_fault/doc", "laporan.pdf"]))
    report = run_crawl(site_server, tmp_path)
    assert report.skipped == [
        (site_server.url("/id/_fault/doc"), "not HTML (application/pdf)"),
        (site_server.url("/id/laporan.pdf"), "not HTML (document link)"),
    ]
    assert "/id/laporan.pdf" not in site_server.paths()


def test_windows_1252_declared_only_in_the_header_is_kept_and_read(site_server, tmp_path):
    site_server.write("id/index.html", html_page("beranda", ["_fault/cp1252"]))
    site_server.write("id/caf\u00e9\u2013baru.html", html_page("kafe"))
    run_crawl(site_server, tmp_path)
    pages = {f.url: f for f in Cache(tmp_path / "cache").iter_fetched()}
    page = pages[site_server.url("/id/_fault/cp1252")]
    assert page.headers["content-type"] == "text/html; charset=windows-1252"
    assert "Caf\u00e9 \u2013 berita".encode("windows-1252") in page.body
    # the link was read in the header's charset, so its en dash survived
    assert site_server.url("/id/caf%C3%A9%E2%80%93baru.html") in pages


def test_iso_8859_1_in_the_header_reads_links_as_windows_1252(site_server, tmp_path):
    # WHATWG (and the parse stage): an ISO-8859-1 label means windows-1252, where 0x96 is an en dash
    body = ('<html><head><title>Kafe</title></head><body>'
            '<p><a href="caf\u00e9\u2013baru.html">Caf\u00e9</a></p></body></html>').encode("windows-1252")
    site_server.routes["/id/"] = lambda handler: handler.send(
        200, body, {"Content-Type": "text/html; charset=ISO-8859-1"})
    site_server.write("id/caf\u00e9\u2013baru.html", html_page("kafe"))
    report = run_crawl(site_server, tmp_path)
    assert (report.fetched, report.failed) == (2, [])
    assert site_server.url("/id/caf%C3%A9%E2%80%93baru.html") in cached_urls(tmp_path)


def test_an_unparseable_link_or_location_is_skipped_not_fatal(site_server, tmp_path):
    site_server.write("id/index.html", html_page("beranda", ["http://[oops", "pindah", "p1.html"],
                                                 alternates={"en": "http://[en"}))
    site_server.write("id/p1.html", html_page("satu"))
    site_server.routes["/id/pindah"] = lambda handler: handler.send(302, b"", {"Location": "http://["})
    report = run_crawl(site_server, tmp_path)
    assert report.fetched == 2
    assert report.failed == [(site_server.url("/id/pindah"), "HTTP 302 redirect without a usable Location")]
    with pytest.raises(FetchError, match="HTTP 302 redirect without a usable Location"):
        fetch_url(site_server.url("/id/pindah"), timeout=1)


# -- incremental, cache, resume --------------------------------------------------------

def test_recrawl_sends_validators_and_counts_304s(site_server, tmp_path):
    small_site(site_server, 3)
    first = run_crawl(site_server, tmp_path)
    site_server.write("id/p3.html", html_page("halaman tiga, diubah"))
    second = run_crawl(site_server, tmp_path)
    assert (first.fetched, first.not_modified) == (4, 0)
    assert (second.fetched, second.not_modified) == (1, 3)
    revisit = [h for h in site_server.hits[-5:] if h.path.startswith("/id/")]
    assert all("if-none-match" in h.headers and "if-modified-since" in h.headers for h in revisit)
    assert any(b"diubah" in f.body for f in Cache(tmp_path / "cache").iter_fetched())


def test_cached_headers_describe_the_stored_body_and_keep_no_cookies(site_server, tmp_path):
    def gzipped(handler) -> None:
        handler.send(200, gzip.compress(html_page("gz").encode()),
                     {"Content-Type": "text/html", "Content-Encoding": "gzip", "Set-Cookie": "SESS=secret"})

    site_server.routes["/id/"] = gzipped
    run_crawl(site_server, tmp_path)
    [page] = Cache(tmp_path / "cache").iter_fetched()
    assert page.body == html_page("gz").encode()
    assert "content-encoding" not in page.headers and "set-cookie" not in page.headers
    assert page.headers["content-length"] == str(len(page.body))
    assert b"secret" not in next((tmp_path / "cache" / "pages").rglob("*.page")).read_bytes()


def test_a_page_gone_from_the_site_leaves_the_cache(site_server, tmp_path):
    small_site(site_server, 2)
    run_crawl(site_server, tmp_path)
    (site_server.root / "id" / "p2.html").unlink()
    report = run_crawl(site_server, tmp_path)
    assert report.failed == [(site_server.url("/id/p2.html"), "HTTP 404")]
    assert site_server.url("/id/p2.html") not in cached_urls(tmp_path)


def test_cache_iterates_html_pages_sorted_by_url_with_content_type(site_server, tmp_path):
    small_site(site_server, 3)
    run_crawl(site_server, tmp_path)
    fetched = list(Cache(tmp_path / "cache").iter_fetched())
    assert [f.url for f in fetched] == sorted(f.url for f in fetched)
    assert len(fetched) == 4
    assert all(f.headers["content-type"].startswith("text/html") and f.status == 200 for f in fetched)


def test_cache_file_names_are_hashes_never_url_paths(site_server, tmp_path):
    site_server.write("id/index.html", html_page("beranda", ["..%2F..%2F..%2Fetc%2Fpasswd.html", "a%00b.html"]))
    # routes, not files: the server's file route unquotes paths, so neither page would be served
    odd = ["/id/..%2F..%2F..%2Fetc%2Fpasswd.html", "/id/a%00b.html"]
    for path in odd:
        site_server.routes[path] = lambda handler: handler.page("odd")
    run_crawl(site_server, tmp_path)
    assert {site_server.url(path) for path in odd} <= set(cached_urls(tmp_path))
    # every file the crawl wrote: a name built from the URL would land outside the cache
    # (../../../etc), where a glob of the cache alone would never see it
    files = [p for p in tmp_path.rglob("*") if p.is_file() and not p.is_relative_to(site_server.root)]
    assert files and all(p.resolve().is_relative_to((tmp_path / "cache").resolve()) for p in files)
    assert all(len(p.stem) == 64 for p in files if p.suffix == ".page")


def test_a_damaged_cache_entry_is_named_not_read_as_a_page(site_server, tmp_path):
    small_site(site_server, 1)
    run_crawl(site_server, tmp_path)
    entry = next((tmp_path / "cache" / "pages").rglob("*.page"))
    entry.write_bytes(entry.read_bytes()[:-10])
    with pytest.raises(FetchError, match="damaged cache entry") as caught:
        list(Cache(tmp_path / "cache").iter_fetched())
    assert str(entry) in str(caught.value)


def test_a_missing_cache_directory_is_an_error_not_an_empty_crawl(tmp_path):
    with pytest.raises(FetchError, match="no such crawl cache directory"):
        list(Cache(tmp_path / "typo").iter_fetched())


def test_a_cache_path_that_is_a_file_is_a_clear_error(site_server, tmp_path):
    small_site(site_server, 1)
    (tmp_path / "cache").write_text("not a folder")
    with pytest.raises(FetchError, match="cannot use as a crawl cache") as caught:
        run_crawl(site_server, tmp_path)
    assert str(tmp_path / "cache") in str(caught.value)


def test_max_pages_stops_the_crawl(site_server, tmp_path):
    small_site(site_server, 6)
    report = run_crawl(site_server, tmp_path, max_pages=3, concurrency=3)
    assert report.pages == 3
    assert len(Cache(tmp_path / "cache")) == 3


def crawl_command(server, cache: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "extractor", "crawl", server.url("/id/"), "--cache", str(cache),
            "--timeout", "2", "--format", "json", *extra]


def test_killed_crawl_resumes_without_refetching_cached_pages(site_server, tmp_path):
    small_site(site_server, 30)
    cache = tmp_path / "cache"
    # 31 pages at 0.08 s each: about 2.5 s of crawl to kill it in, even on a loaded machine
    command = crawl_command(site_server, cache, "--delay", "0.08", "--concurrency", "1")
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while len(Cache(cache)) < 5 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(5)
    cached_before = {urlsplit(url).path for url in cached_urls(tmp_path)}
    assert 5 <= len(cached_before) < 31, "the crawl should have been killed mid-way"
    seen = len(site_server.hits)
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    asked_again = set(site_server.paths()[seen:])
    assert not asked_again & cached_before
    assert json.loads(done.stdout)["fetched"] == 31
    assert len(Cache(cache)) == 31


def test_ctrl_c_stops_with_exit_130_and_keeps_the_journal(site_server, tmp_path):
    small_site(site_server, 20)
    cache = tmp_path / "cache"
    proc = subprocess.Popen(crawl_command(site_server, cache, "--delay", "0.1"), cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 15
    while len(Cache(cache)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 130
    assert err.strip().endswith("extractor: interrupted")
    assert (cache / "crawl-journal.jsonl").exists()


def test_cli_prints_the_json_report_and_exits_0_when_some_urls_failed(site_server, tmp_path):
    small_site(site_server, 1)
    site_server.write("id/index.html", html_page("beranda", ["p1.html", "gone.html"]))
    done = subprocess.run(crawl_command(site_server, tmp_path / "cache", "--delay", "0"),
                          cwd=REPO, capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "fetched": 2, "not_modified": 0,
        "failed": [{"url": site_server.url("/id/gone.html"), "error": "HTTP 404"}], "skipped": []}
    # not a terminal: one plain line per URL on stderr
    assert f"failed {site_server.url('/id/gone.html')} (HTTP 404)" in done.stderr.splitlines()
    assert f"fetched {site_server.url('/id/p1.html')}" in done.stderr.splitlines()


def test_cli_exits_1_when_nothing_could_be_fetched(site_server, tmp_path):
    done = subprocess.run(crawl_command(site_server, tmp_path / "cache", "--delay", "0"),
                          cwd=REPO, capture_output=True, text=True, timeout=20)
    assert done.returncode == 1
    assert "nothing could be fetched" in done.stderr
    assert json.loads(done.stdout)["failed"][0]["error"] == "HTTP 404"


# -- the bundled fixture site, served as the live site ------------------------------------

def fixture_urls(server) -> set[str]:
    """The URL of every page in fixtures/site/ (its README's path table)."""
    urls = set()
    for lang, prefix in (("id", "/id"), ("en", "")):
        for page in (FIXTURE_SITE / lang).rglob("*.html"):
            rel = page.relative_to(FIXTURE_SITE / lang).with_suffix("").as_posix()
            urls.add(server.url(prefix if rel == "index" and prefix else f"{prefix}/{rel}" if rel != "index" else "/"))
    return urls


def test_fixture_site_crawl_fetches_every_indonesian_page_and_its_english_twin(live_fixture_site_server, tmp_path):
    report = run_crawl(live_fixture_site_server, tmp_path, start="/id")
    assert set(cached_urls(tmp_path)) == fixture_urls(live_fixture_site_server)
    assert report.fetched == len(fixture_urls(live_fixture_site_server))
    # links to pages the fixture does not bundle are listed, not fatal
    assert all(error == "HTTP 404" for _, error in report.failed)


def test_fixture_site_recrawl_fetches_nothing_new(live_fixture_site_server, tmp_path):
    run_crawl(live_fixture_site_server, tmp_path, start="/id")
    again = run_crawl(live_fixture_site_server, tmp_path, start="/id")
    assert (again.fetched, again.not_modified) == (0, len(fixture_urls(live_fixture_site_server)))


def test_extract_reads_every_page_of_the_crawl_cache(live_fixture_site_server, tmp_path):
    run_crawl(live_fixture_site_server, tmp_path, start="/id")
    done = subprocess.run([sys.executable, "-m", "extractor", "extract", "--cache", str(tmp_path / "cache"),
                           "--format", "json"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    pages = json.loads(done.stdout)["pages"]
    assert sorted(p["url"] for p in pages) == sorted(fixture_urls(live_fixture_site_server))


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_is_a_bar_on_a_terminal(site_server, tmp_path):
    import fcntl
    import pty
    import struct
    import termios
    import threading

    small_site(site_server, 5)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    chunks: list[bytes] = []

    def read() -> None:
        try:
            while chunk := os.read(master, 65536):
                chunks.append(chunk)
        except OSError:  # the terminal closed
            pass

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    done = subprocess.run(crawl_command(site_server, tmp_path / "cache", "--delay", "0"), cwd=REPO,
                          stdout=subprocess.PIPE, stderr=slave, text=True, timeout=20)
    os.close(slave)
    reader.join(5)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert done.returncode == 0
    assert "6/6" in shown and "page/s" in shown and "failed=0" in shown
    assert "fetched http" not in shown  # no per-URL lines on a terminal


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab/?#;:[]%.\t\n@ \x01é=&", max_size=24),
       st.sampled_from(["http://", "https://", "HTTP://", "http:/", "/", ""]),
       st.sampled_from(["https://base.org/id/x", "http://b/c", "https://b/c?d#e"]))
def test_resolve_answers_as_urljoin(rest: str, start: str, base: str) -> None:
    # resolve skips urljoin for plain absolute links; it must never answer differently.
    href = start + rest
    try:
        want = urljoin(base, href.strip())
    except ValueError:
        want = None
    assert resolve(href, base) == want
