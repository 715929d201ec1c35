"""`extractor merge`: merge an old catalogue into a new template (msgmerge semantics)."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from extractor.merge import MergeOptions, MergeReport, merge_files


def register(sub: Any) -> None:
    p = sub.add_parser(
        "merge",
        help="merge OLD.po into NEW.pot like msgmerge, never losing a translation",
        description="Merge the translations of OLD.po into the strings of NEW.pot and write "
        "OUT.po: exact matches keep their translation, changed strings get the closest old "
        "translation marked fuzzy (with the previous msgid and the score), unless its numbers, "
        "URLs or placeholders differ; strings gone from NEW.pot become obsolete (#~). OUT.po is "
        "not rewritten when nothing changed. Exit 1 with one line on stderr when an input is "
        "missing or malformed.",
    )
    p.add_argument("old", metavar="OLD.po", help="the catalogue holding the translations")
    p.add_argument("template", metavar="NEW.pot", help="the template holding the current strings")
    p.add_argument("-o", "--output", metavar="OUT.po", required=True,
                   help="where to write the merged catalogue (may be OLD.po itself)")
    p.add_argument("-N", "--no-fuzzy-matching", action="store_true",
                   help="do not suggest translations of similar strings (exact, obsolete and "
                   "whitespace/case/punctuation-only matches still apply)")
    p.add_argument("--no-guard", action="store_true",
                   help="accept fuzzy suggestions even when numbers, URLs or placeholders differ")
    p.add_argument("--min-score", type=float, default=0.6, metavar="X",
                   help="similarity a fuzzy suggestion must exceed, 0 to 1 (default 0.6, as msgmerge)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing unless something is wrong")
    p.set_defaults(run=run)


def summary(report: MergeReport) -> str:
    """Counts before and after, then what the merge did, on two lines."""
    b, a = report.before, report.after
    return (f"translated {b.translated} -> {a.translated}, fuzzy {b.fuzzy} -> {a.fuzzy}, "
            f"untranslated {b.untranslated} -> {a.untranslated}, obsolete {b.obsolete} -> {a.obsolete}\n"
            f"{report.exact} kept, {report.new} new, {report.removed} removed, "
            f"{report.revived} revived, {report.trivial} trivial edits, "
            f"{report.fuzzy_matched} fuzzy suggestions, {report.guard_rejected} rejected by the guard")


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.min_score <= 1:
        print("extractor merge: --min-score must be between 0 and 1", file=sys.stderr)
        return 2
    options = MergeOptions(fuzzy=not args.no_fuzzy_matching, guard=not args.no_guard,
                           min_score=args.min_score)
    report, written = merge_files(args.old, args.template, args.output, options)
    lost = report.translated_drop_unexplained
    if lost:
        print(f"extractor merge: WARNING: {lost} translated entries became fuzzy or untranslated "
              f"beyond the {report.removed_translated} whose strings were removed", file=sys.stderr)
    if not args.quiet:
        print(summary(report))
        print(f"{args.output}: {'written' if written else 'unchanged'}")
    return 0
