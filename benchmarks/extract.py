"""Pages per second of `extract` beside trafilatura's extract and a bare lxml parse.

The bundled fixture site is replicated to N pages (default 1,000) held in memory; each engine
runs in its own subprocess so peak memory (max RSS) is measured per engine.

    .venv/bin/python benchmarks/extract.py [--pages 1000]

Targets (issue 2): at least 3x trafilatura's pages/s, at least a quarter of the bare parse's,
peak memory under 300 MB.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "fixtures" / "site"


def corpus(n: int) -> list[tuple[str, bytes]]:
    files = sorted(SITE.rglob("*.html"))
    docs = [(str(p.relative_to(ROOT)), p.read_bytes()) for p in files]
    return [docs[i % len(docs)] for i in range(n)]


def run_engine(engine: str, n: int) -> dict[str, float]:
    docs = corpus(n)
    if engine == "extractor":
        sys.path.insert(0, str(ROOT))
        from extractor.extract import page_to_dict
        from extractor.parse import PageParser
        from extractor.profile import load_profile

        parser = PageParser(load_profile("iom-drupal"))

        def one(name: str, body: bytes) -> object:
            # The whole extract: the page model as `extract --format json` prints it.
            return page_to_dict(parser.parse_bytes(body, name))
    elif engine == "trafilatura":
        import trafilatura

        def one(name: str, body: bytes) -> object:
            return trafilatura.extract(body.decode("utf-8", "replace"), with_metadata=True)
    elif engine == "lxml":
        import lxml.html

        def one(name: str, body: bytes) -> object:
            return lxml.html.document_fromstring(body)
    else:
        raise SystemExit(f"unknown engine {engine}")
    one(*docs[0])  # warm-up: imports, caches, compiled selectors
    start = time.perf_counter()
    for name, body in docs:
        one(name, body)
    seconds = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"pages": n, "seconds": seconds, "pages_per_s": n / seconds, "peak_rss_mb": rss_mb}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--engine", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.engine:
        print(json.dumps(run_engine(args.engine, args.pages)))
        return 0
    sizes = [len(b) for _, b in corpus(len(list(SITE.rglob("*.html"))))]
    print(f"{args.pages} pages from {len(sizes)} fixture pages, mean {sum(sizes) / len(sizes) / 1024:.1f} KB")
    results = {}
    for engine in ("extractor", "trafilatura", "lxml"):
        out = subprocess.run([sys.executable, __file__, "--engine", engine, "--pages", str(args.pages)],
                             capture_output=True, text=True, check=True)
        results[engine] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{'engine':<14}{'pages/s':>10}{'seconds':>10}{'peak RSS MB':>14}")
    for engine, r in results.items():
        print(f"{engine:<14}{r['pages_per_s']:>10.0f}{r['seconds']:>10.2f}{r['peak_rss_mb']:>14.0f}")
    ours = results["extractor"]["pages_per_s"]
    vs_traf = ours / results["trafilatura"]["pages_per_s"]
    vs_lxml = ours / results["lxml"]["pages_per_s"]
    print(f"extractor / trafilatura = {vs_traf:.2f}x (target >= 3)")
    print(f"extractor / bare lxml parse = {vs_lxml:.2f} (target >= 0.25)")
    print(f"extractor peak RSS = {results['extractor']['peak_rss_mb']:.0f} MB (target < 300)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
