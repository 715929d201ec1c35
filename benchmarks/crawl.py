"""Crawl speed and the crawler's own CPU per page, beside `wget --recursive` and a bare loop.

Generates N synthetic bilingual-site pages (default 2,000; ~8 KB each, ~65 links: a shared
nav, a tree of in-scope links, external links) into a temporary folder, serves it with
Python's http.server (HTTP/1.1, Nagle off) in its own process, and crawls it with zero delay:

- extractor: `extractor.fetch.crawl` (robots.txt, sitemap probe, normalisation, scope,
  conditional-request bookkeeping, atomic cache writes with fsync, journal), first crawl and
  a re-crawl (all 304... http.server answers If-Modified-Since), concurrency 1 and 4;
- wget: `wget --recursive --no-parent` over the same site (a C crawler, parsing included);
- bare: a requests.Session GETting the known list of URLs, no parsing, no cache (the floor).

Each engine runs in its own subprocess; CPU is that process's user+system time. For extractor,
"own CPU" subtracts the link extraction (lxml parse of every page, timed again afterwards over
the cached bodies), since parsing is excluded from the target.

    .venv/bin/python benchmarks/crawl.py [--pages 2000]

Target (issue 8): the crawler's own overhead under 5 ms of CPU per page.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 5.0
NAV = 40
PARAGRAPH = ("Organisasi Internasional untuk Migrasi (IOM) bekerja sama dengan pemerintah Indonesia "
             "untuk mendukung migrasi yang aman, tertib dan bermartabat bagi semua orang. ")


def make_site(folder: Path, pages: int) -> None:
    """pages /id/p0.html (index at /id/index.html) ... each with nav, tree links and prose."""
    nav = "".join(f'<li><a href="/id/p{i}.html">Bagian {i}</a></li>' for i in range(NAV))
    external = "".join(f'<a href="https://example.org/x{i}?utm_source=iom">x{i}</a> ' for i in range(20))
    (folder / "id").mkdir(parents=True)
    for i in range(pages):
        kids = [k for k in (2 * i + 1, 2 * i + 2, (i * 7 + 3) % pages) if k < pages]
        tree = "".join(f'<p><a href="p{k}.html#top">Halaman {k}</a></p>' for k in kids)
        body = "".join(f"<p>{PARAGRAPH * 3}</p>" for _ in range(6))
        html = (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Halaman {i}</title>'
                f'<link rel="canonical" href="/id/p{i}.html"></head><body><nav><ul>{nav}</ul></nav>'
                f"<main><h1>Halaman {i}</h1>{body}{tree}</main><footer>{external}</footer></body></html>")
        (folder / "id" / f"p{i}.html").write_text(html, encoding="utf-8")
    shutil.copy(folder / "id" / "p0.html", folder / "id" / "index.html")


# http.server's handler, but with Nagle off: it writes headers and body in two sends, and
# without TCP_NODELAY every response waits for a 40 ms delayed ACK (the server, not the
# client, would then set every engine's pace).
SERVER = """
import functools, sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
class Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    def log_message(self, *args):
        pass
httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=sys.argv[1]))
print(httpd.server_address[1], flush=True)
httpd.serve_forever()
"""


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    """`http.server` serving ``folder`` over HTTP/1.1 in its own process (its CPU is not ours)."""
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(folder)], stdout=subprocess.PIPE, text=True)
    port = proc.stdout.readline().strip()
    return proc, f"http://127.0.0.1:{port}"


def engine_extractor(base: str, work: Path, concurrency: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from extractor.fetch import Cache, CrawlOptions, crawl
    from extractor.urls import page_links

    cache = work / f"cache-{concurrency}"
    options = CrawlOptions(cache_dir=cache, delay=0.0, timeout=30.0, concurrency=concurrency)
    out: dict[str, float] = {}
    for run in ("first", "again"):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        report = crawl([f"{base}/id/"], options)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        out[f"{run}_pages"] = report.pages
        out[f"{run}_wall"] = wall
        out[f"{run}_cpu"] = cpu
        out[f"{run}_304"] = report.not_modified
    fetched = list(Cache(cache).iter_fetched())
    cpu0 = time.process_time()
    for page in fetched:
        page_links(page.body, page.url, "utf-8")
    out["links_cpu"] = (time.process_time() - cpu0) / len(fetched)  # per page
    return out


def engine_wget(base: str, work: Path) -> dict[str, float]:
    target = work / "wget"
    wall0 = time.perf_counter()
    subprocess.run(["wget", "--recursive", "--no-parent", "--level=inf", "--quiet", "--no-host-directories",
                    "-e", "robots=on", "--directory-prefix", str(target), f"{base}/id/"], check=False)
    wall = time.perf_counter() - wall0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    pages = sum(1 for _ in target.rglob("*.html"))
    return {"pages": pages, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime}


def engine_bare(base: str, pages: int) -> dict[str, float]:
    import requests

    urls = [f"{base}/id/p{i}.html" for i in range(pages)]
    cpu0, wall0 = time.process_time(), time.perf_counter()
    with requests.Session() as session:
        for url in urls:
            session.get(url, timeout=30).content
    return {"pages": pages, "wall": time.perf_counter() - wall0, "cpu": time.process_time() - cpu0}


def child(args: argparse.Namespace) -> None:
    work = Path(args.work)
    if args.engine == "extractor":
        result = engine_extractor(args.base, work, args.concurrency)
    elif args.engine == "wget":
        result = engine_wget(args.base, work)
    else:
        result = engine_bare(args.base, args.pages)
    print(json.dumps(result))


def run_child(engine: str, base: str, work: Path, pages: int, concurrency: int = 1) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", engine, "--base", base, "--work", str(work),
         "--pages", str(pages), "--concurrency", str(concurrency)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--child", choices=("extractor", "wget", "bare"))
    parser.add_argument("--base")
    parser.add_argument("--work")
    parser.add_argument("--concurrency", type=int, default=1)
    args = parser.parse_args()
    if args.child:
        args.engine = args.child
        child(args)
        return 0
    with tempfile.TemporaryDirectory(prefix="crawl-bench-") as tmp:
        work = Path(tmp)
        make_site(work / "site", args.pages)
        server, base = start_server(work / "site")
        try:
            rows = []
            for conc in (1, 4):
                ours = run_child("extractor", base, work, args.pages, conc)
                for run in ("first", "again"):
                    pages = ours[f"{run}_pages"]
                    own_ms = (ours[f"{run}_cpu"] / pages - ours["links_cpu"]) * 1000
                    label = f"extractor c={conc} {'crawl' if run == 'first' else 're-crawl'}"
                    rows.append((label, pages, pages / ours[f"{run}_wall"], ours[f"{run}_cpu"] / pages * 1000, own_ms,
                                 f"304s: {int(ours[f'{run}_304'])}"))
            wget = run_child("wget", base, work, args.pages) if shutil.which("wget") else None
            if wget:
                rows.append(("wget --recursive", wget["pages"], wget["pages"] / wget["wall"],
                             wget["cpu"] / wget["pages"] * 1000, None, "parsing included"))
            bare = run_child("bare", base, work, args.pages)
            rows.append(("bare requests loop", bare["pages"], bare["pages"] / bare["wall"],
                         bare["cpu"] / bare["pages"] * 1000, None, "no parse, no cache, no politeness"))
        finally:
            server.terminate()
            server.wait(10)
    print(f"{args.pages} synthetic pages from a local http.server, delay 0 "
          f"(link extraction: {ours['links_cpu'] * 1000:.2f} ms CPU/page)")
    print(f"{'engine':<28}{'pages':>7}{'pages/s':>10}{'CPU ms/page':>13}{'own ms/page':>13}  note")
    for label, pages, rate, cpu_ms, own_ms, note in rows:
        own = f"{own_ms:.2f}" if own_ms is not None else "-"
        print(f"{label:<28}{int(pages):>7}{rate:>10.0f}{cpu_ms:>13.2f}{own:>13}  {note}")
    first = rows[0]
    print(f"ratio pages/s extractor c=1 / bare loop: {first[2] / rows[-1][2]:.2f}")
    if wget:
        print(f"ratio pages/s extractor c=1 / wget: {first[2] / (wget['pages'] / wget['wall']):.2f}")
    verdict = "OK" if first[4] < TARGET_MS else "OVER TARGET"
    print(f"crawler's own CPU per page (first crawl, c=1): {first[4]:.2f} ms, target < {TARGET_MS:g} ms: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
