"""`extractor extract`: print the page model of saved pages, URLs or a crawl cache."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from extractor.config import load_config
from extractor.profile import profile_for
from extractor.extract import ExtractOptions, extract_sources, page_to_dict
from extractor.model import NavItem, Page


def register(sub: Any) -> None:
    p = sub.add_parser(
        "extract",
        help="print the clean page model (nav, breadcrumbs, title, date, blocks) of pages",
        description="Extract the page model of HTML files, folders (every .html below, sorted), "
        "http(s) URLs or a crawl cache. A source that fails is named on stderr and the others "
        "are still extracted; the exit code is then 1.",
    )
    p.add_argument("sources", nargs="*", metavar="SOURCE", help="an HTML file, a folder or an http(s) URL")
    p.add_argument("--format", choices=("json", "text"), default="text",
                   help="json: the documented machine-readable shape; text: a readable outline (default)")
    p.add_argument("--cache", metavar="DIR", help="also extract every page held in this crawl cache (see `extractor crawl`)")
    p.add_argument("--profile", metavar="NAME|FILE",
                   help="site profile: a built-in name (iom-drupal, generic) or a TOML file "
                   "(default: [tool.extractor] profile in pyproject.toml, else iom-drupal)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help="connect and read timeout for URL sources (default 30)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.sources and not args.cache:
        print("extractor extract: give at least one SOURCE or --cache DIR", file=sys.stderr)
        return 2
    # A malformed pyproject.toml here is reported (ConfigError), not silently ignored.
    profile = args.profile or profile_for(load_config())
    result = extract_sources(args.sources, ExtractOptions(profile=profile, timeout=args.timeout, cache=args.cache))
    if args.format == "json":
        json.dump({"pages": [page_to_dict(p) for p in result.pages]}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for page in result.pages:
            sys.stdout.write(outline(page))
    for error in result.errors:
        print(f"extractor: {error}", file=sys.stderr)
    return 1 if result.errors else 0


def _nav_lines(items: tuple[NavItem, ...], depth: int) -> list[str]:
    lines = []
    for item in items:
        link = f" <{item.url}>" if item.url else " (no link)"
        lines.append(f"{'  ' * depth}- {item.label}{link}")
        if item.description:
            lines.append(f"{'  ' * depth}    \u201c{item.description}\u201d")
        lines.extend(_nav_lines(item.children, depth + 1))
    return lines


def outline(page: Page) -> str:
    """A readable outline of one page for people."""
    lines = [f"== {page.source}",
             f"url:    {page.url or '-'}",
             f"lang:   {page.lang or '-'}   encoding: {page.encoding} (from {page.encoding_source})",
             f"title:  {page.title or '-'}",
             f"date:   {page.date or '-'}"]
    if page.alternates:
        lines.append("alternates: " + ", ".join(f"{k}={v}" for k, v in page.alternates.items()))
    if page.breadcrumbs:
        lines.append("breadcrumbs: " + " > ".join(page.breadcrumbs))
    if page.nav:
        lines.append("nav:")
        lines.extend(_nav_lines(page.nav, 1))
    lines.append(f"blocks ({len(page.blocks)}):")
    for block in page.blocks:
        lines.append(f"  [{block.type} {block.anchor} {block.lang or '-'}] {block.text}")
    return "\n".join(lines) + "\n\n"
