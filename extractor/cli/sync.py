"""`extractor sync`: extract the site and bring the gettext catalogues in line with it."""
from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timezone
from typing import Any

from extractor.config import load_config
from extractor.merge import Counts
from extractor.prefill import PrefillReport, sync_with_prefill
from extractor.sync import SyncOptions, SyncReport, sync

# How many new or removed strings --dry-run lists per domain before summing up the rest.
_LISTED = 10


def register(sub: Any) -> None:
    p = sub.add_parser(
        "sync",
        help="extract the site and update the .pot templates and .po catalogues",
        description="Extract the configured sources ([tool.extractor] sources in pyproject.toml, "
        "or the SOURCEs given), segment them, write one template per domain "
        "(<locales>/<domain>.pot: site chrome and page content) and merge it into "
        "<locales>/<lang>/LC_MESSAGES/<domain>.po with msgmerge semantics: translations of "
        "changed strings become fuzzy, strings gone from the site become obsolete (#~), "
        "nothing a translator wrote is dropped. Files that would not change are not touched. "
        "Prints translated/fuzzy/untranslated/obsolete counts before and after.",
    )
    p.add_argument("sources", nargs="*", metavar="SOURCE",
                   help="HTML files or folders to sync instead of the configured sources "
                   "(strings of pages left out become obsolete)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="write nothing; exit 1 with a summary when the catalogues are out of "
                      "date (for CI)")
    mode.add_argument("--dry-run", action="store_true",
                      help="write nothing; show which files would change and which strings "
                      "would be added or removed")
    p.add_argument("--cache", metavar="DIR",
                   help="also sync the source-language pages of this crawl cache (`extractor "
                   "crawl --cache DIR`; default: [tool.extractor] cache); pages already parsed "
                   "are not parsed again")
    p.add_argument("--config", metavar="PYPROJECT",
                   help="the pyproject.toml holding [tool.extractor] (default: ./pyproject.toml)")
    p.add_argument("--lock-timeout", type=float, default=10.0, metavar="SECONDS",
                   help="how long to wait for another running sync to finish (default 10)")
    p.add_argument("--prefill", action="store_true",
                   help="then fill empty msgstrs from the aligned English twin pages (fuzzy, with "
                   "a '#. prefill: <English URL> (score S)' comment) when the link scores at least "
                   "[tool.extractor] prefill_threshold (default 0.6); a translator's msgstr is never "
                   "touched; suggestions are kept in <locales>/.extractor-tm.json")
    p.set_defaults(run=run)


def _now() -> datetime:
    # SOURCE_DATE_EPOCH pins the stamp of a changed template for reproducible builds.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    options = SyncOptions.from_config(config, args.sources, check=args.check,
                                      dry_run=args.dry_run, now=_now(),
                                      lock_timeout=args.lock_timeout, cache=args.cache)
    report, filled = sync_with_prefill(config, options) if args.prefill else (sync(options), None)
    print(summary(report, options.root, dry_run=args.dry_run))
    if filled is not None:
        print(prefill_summary(filled, options.root))
    for warning in report.warnings:
        print(f"extractor: WARNING: {warning}", file=sys.stderr)
    if args.check and report.changes:
        print("extractor: catalogues are out of date; run `extractor sync`", file=sys.stderr)
        return 1
    return 0


def _rel(path: Any, root: Any) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _counts(c: Counts) -> str:
    return (f"{c.translated} translated, {c.fuzzy} fuzzy, {c.untranslated} untranslated, "
            f"{c.obsolete} obsolete")


def summary(report: SyncReport, root: Any, dry_run: bool = False) -> str:
    """The text `extractor sync` prints: per domain, counts before and after and what changed."""
    verb = {"create": "would create", "update": "would update"} if not report.written else \
        {"create": "created", "update": "updated"}
    lines = [f"{report.pages} page(s) extracted"]
    for d in report.domains:
        lines.append(f"{d.domain}: +{len(d.added)} new, -{len(d.removed)} gone from the site")
        lines.append(f"  before: {_counts(d.before)}")
        lines.append(f"  after:  {_counts(d.after)}")
        if dry_run:
            for sign, msgids in (("+", d.added), ("-", d.removed)):
                for msgid in msgids[:_LISTED]:
                    lines.append(f"  {sign} {msgid[:100]}")
                if len(msgids) > _LISTED:
                    lines.append(f"  {sign} ... and {len(msgids) - _LISTED} more")
    for change in report.changes:
        lines.append(f"{verb[change.action]} {_rel(change.path, root)}")
    if not report.changes:
        lines.append("catalogues up to date; nothing written")
    return "\n".join(lines)


def prefill_summary(report: PrefillReport, root: Any) -> str:
    """The lines `sync --prefill` prints: pairs, suggestions, entries filled, unpaired pages."""
    if report.skipped:
        return f"pre-fill: skipped, {report.skipped}"
    lines = [f"pre-fill: {report.pairs} page pair(s) aligned, {report.suggestions} suggestion(s) "
             f"in {_rel(report.memory, root)}"]
    for path, n in report.filled:
        lines.append(f"pre-fill: {n} empty entr{'y' if n == 1 else 'ies'} filled (fuzzy) in {_rel(path, root)}")
    for page in report.unpaired:
        lines.append(f"pre-fill: no English twin for {page}")
    return "\n".join(lines)
