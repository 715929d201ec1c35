"""`extractor compile`: write .mo files next to the .po catalogues."""
from __future__ import annotations

import argparse
from typing import Any

from extractor.config import load_config
from extractor.mo import compile_catalogues


def register(sub: Any) -> None:
    p = sub.add_parser(
        "compile",
        help="compile every .po under the locales folder to a .mo file next to it",
        description="Compile each .po catalogue under the locales folder into a GNU .mo file "
        "beside it, as msgfmt does: fuzzy and untranslated entries are left out. A .mo whose "
        "content would not change is not rewritten. A malformed .po stops the run before any "
        "file is written (exit 1, one line naming the file and line).",
    )
    p.add_argument("--locales", metavar="DIR",
                   help="the locales folder (default: [tool.extractor] locales in pyproject.toml, "
                   "else ./locales)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing unless something is wrong")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    locales = args.locales
    if locales is None:
        config = load_config()
        locales = config.path(config.locales)
    for r in compile_catalogues(locales):
        if not args.quiet:
            state = "written" if r.written else "unchanged"
            print(f"{r.mo}: {r.messages} messages, {state}")
    return 0
