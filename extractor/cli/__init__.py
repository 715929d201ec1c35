"""The command line: a thin layer over the library.

Each command lives in its own module of this package with ``register(subparsers)`` (adds its
parser, options and help) and ``run(args) -> int``. Only this package prints to the terminal.
Exit codes: 0 success, 1 failure (bad input, failed checks), 2 usage errors.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from extractor.errors import ExtractorError

# Command modules, in the order `extractor --help` lists them.
COMMANDS = ["extract", "segment", "sync", "crawl", "align", "check", "report", "merge", "compile"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description=(
            "Bilingual content extraction and translation support for IOM-style web sites: "
            "extract a clean page model, segment and catalogue the Indonesian strings, "
            "pre-fill English from the English pages, check and report on translations."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"extractor.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except ExtractorError as exc:
        print(f"extractor: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("extractor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
