"""`extractor report`: translation coverage per catalogue, page or section."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from extractor.config import load_config
from extractor.report import FORMATS, VIEWS, ReportOptions, run_report
from extractor.report_render import percent


def _percentage(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"must be from 0 to 100, not {text}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="report translation coverage per catalogue, page or section",
        description=(
            "Report translation coverage of the catalogues under the locales folder, counted "
            "exactly as translate-toolkit's pocount counts (header and obsolete entries are not "
            "counted; fuzzy is not translated). With the state file `extractor sync` writes, "
            "also per page and per menu section: English counterpart, strings not in the "
            "page's language, strings new or changed since the previous sync, pre-filled "
            "strings."
        ),
    )
    parser.add_argument(
        "--locales", metavar="DIR", type=Path, default=None,
        help="folder holding <domain>.pot, <lang>/LC_MESSAGES/<domain>.po and the sync state "
             "(default: `locales` from [tool.extractor] in ./pyproject.toml)",
    )
    parser.add_argument(
        "--by", dest="view", choices=VIEWS, default="catalogue",
        help="which table text, csv and markdown show (json and html always hold every view; "
             "page and section need the sync state) (default: %(default)s)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text",
        help="text: a table for people (100 columns, colour on a terminal unless NO_COLOR is "
             "set); json: {catalogues, words, summary, sections, pages, notes}; csv: one row per "
             "item; markdown: a pipe table; html: one self-contained page with a chart and "
             "sortable, filterable tables (default: %(default)s)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", type=Path, default=None,
        help="write the report to FILE (atomically) instead of standard output",
    )
    parser.add_argument(
        "--fail-under", metavar="PERCENT", type=_percentage, default=None,
        help="exit 1 when the share of translated strings over all catalogues is below PERCENT "
             "(0-100), for CI",
    )
    parser.add_argument(
        "--no-checks", dest="checks", action="store_false",
        help="do not run `extractor check` to count findings per page (faster on big sites)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = load_config()
    colour = (args.output is None and args.format == "text" and sys.stdout.isatty()
              and "NO_COLOR" not in os.environ)
    locales = args.locales if args.locales is not None else config.path(config.locales)
    if locales.is_absolute() and locales.is_relative_to(Path.cwd()):
        locales = locales.relative_to(Path.cwd())  # shorter paths in every table
    options = ReportOptions(
        locales=locales,
        view=args.view,
        format=args.format,
        output=args.output,
        fail_under=args.fail_under,
        target_lang=config.target_lang,
        checks=args.checks,
        color=colour,
    )
    outcome = run_report(options)
    if outcome.written_to is None:
        sys.stdout.write(outcome.rendered)
    else:
        print(f"extractor: report written to {outcome.written_to}", file=sys.stderr)
    if not outcome.passed:
        print(f"extractor: coverage {percent(outcome.report.total.coverage)} is below "
              f"--fail-under {args.fail_under:g}%", file=sys.stderr)
        return 1
    return 0
