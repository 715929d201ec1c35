"""`extractor segment`: split UTF-8 text into sentences, one per line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extractor.errors import SegmentError
from extractor.segment import LANGUAGES, segment_document


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "segment",
        help="split text into sentences, one per line",
        description=(
            "Read UTF-8 text whose paragraphs are separated by blank lines and print one "
            "sentence per line, with one blank line between paragraphs. Whitespace inside a "
            "sentence is folded to single spaces; otherwise each sentence is exactly the "
            "input's text. The rules (abbreviations, break and no-break patterns) are those "
            "`extractor sync` uses for page text: extractor/data/segment/<lang>.toml. Empty "
            "input prints nothing."
        ),
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default="id",
        help="language whose rules apply: id (Indonesian) or en (English) (default: %(default)s)",
    )
    parser.add_argument(
        "file", metavar="FILE", nargs="?", default="-",
        help="text file to read, or - for standard input (default: -)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.file == "-":
        source, data = "<stdin>", sys.stdin.buffer.read()
    else:
        source = args.file
        try:
            data = Path(args.file).read_bytes()
        except OSError as exc:
            raise SegmentError(f"cannot read: {exc.strerror or exc}", source) from None
    paragraphs = segment_document(data, args.lang, source)
    sys.stdout.write("\n\n".join("\n".join(p) for p in paragraphs) + ("\n" if paragraphs else ""))
    return 0
