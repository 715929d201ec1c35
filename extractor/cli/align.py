"""`extractor align`: align an Indonesian page or text with its English twin."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from extractor.align import AlignOptions
from extractor.align_pages import FORMATS, SourceAlignOptions, align_sources, render_pairs
from extractor.config import load_config
from extractor.profile import profile_for


def register(sub: Any) -> None:
    p = sub.add_parser(
        "align",
        help="align an Indonesian page or text with its English twin, each link scored 0..1",
        description="Align SOURCE_ID with SOURCE_EN. A source is an HTML page (segmented as the "
        "catalogues are, aligned structure first: menu, breadcrumbs, title, then blocks and "
        "their sentences) or a .txt file (paragraphs separated by blank lines, each one segment, "
        "never re-split). Links may be 1-1, 1-2, 2-1, 2-2, 1-0 and 0-1; every segment of both "
        "sides is in exactly one pair, an unaligned one paired with an empty string.",
    )
    p.add_argument("source_id", metavar="SOURCE_ID", help="the Indonesian HTML page or .txt file")
    p.add_argument("source_en", metavar="SOURCE_EN", help="its English twin (same kind of file)")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help='json: {"pairs": [{"id": ..., "en": ..., "score": ...}]}; '
                   "text: one readable pair per paragraph (default); po: a catalogue of "
                   "suggestions, fuzzy, with each score in an extracted comment")
    p.add_argument("--profile", metavar="NAME|FILE",
                   help="site profile for HTML sources: a built-in name (iom-drupal, generic) or a "
                   "TOML file (default: [tool.extractor] profile in pyproject.toml, else iom-drupal)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # A malformed pyproject.toml here is reported (ConfigError), not silently ignored.
    profile = args.profile or profile_for(load_config())
    options = SourceAlignOptions(align=AlignOptions(), profile=profile)
    pairs = align_sources(args.source_id, args.source_en, options)
    sys.stdout.write(render_pairs(pairs, args.format, options.align))
    return 0
