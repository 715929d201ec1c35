"""`extractor check`: translation quality checks on every catalogue, printed like a compiler."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extractor.check import CHECKS, CheckOptions, check_locales, format_json, format_text, select_checks
from extractor.config import load_config


def _ids(text: str) -> tuple[str, ...]:
    ids = tuple(i.strip() for i in text.split(",") if i.strip())
    if not ids:
        raise argparse.ArgumentTypeError("expected comma-separated check ids, e.g. numbers,urls")
    try:
        select_checks(ids)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return ids


def _epilog() -> str:
    width = max(len(c.id) for c in CHECKS)
    lines = ["checks (id, severity, what it verifies):"]
    lines += [f"  {c.id:<{width}}  {c.severity:<7}  {c.summary}" for c in CHECKS]
    lines += [
        "",
        "Silence a check on one entry with a flag, `#, extractor-ignore:numbers` (several",
        "allowed), or, to survive msgmerge/msgcat (which drop unknown flags), a translator",
        "comment `# extractor-ignore: numbers, names`.",
        "",
        "exit status: 0 no errors (warnings allowed unless --strict), 1 errors found or a",
        "catalogue is unreadable, 2 usage error (for instance an unknown check id).",
    ]
    return "\n".join(lines)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check translations: numbers, URLs, names, language, placeholders, consistency...",
        description=(
            "Run the translation checks on each translated and fuzzy entry of every .po file "
            "under the locales folder and print one `file:line: check-id: message` line per "
            "finding, sorted by file and line. Consistency (the same source string translated "
            "differently) is judged across all catalogues read together."
        ),
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--locales", metavar="DIR", type=Path, default=None,
        help="folder searched recursively for .po files (default: `locales` from "
             "[tool.extractor] in ./pyproject.toml)",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text",
        help="text: `file:line: check-id: message` lines and a summary line; json: "
             '{"findings": [{file, line, check, severity, message, msgid}], "summary": '
             "{files, entries, errors, warnings, by_check}} (default: %(default)s)",
    )
    parser.add_argument(
        "--enable", metavar="ID,...", type=_ids, default=None,
        help="run only these checks (comma-separated ids; default: all)",
    )
    parser.add_argument(
        "--disable", metavar="ID,...", type=_ids, default=(),
        help="do not run these checks (comma-separated ids)",
    )
    parser.add_argument(
        "--strict", action="store_true",
        help="exit 1 on warnings too, not only on errors",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = load_config()
    locales = args.locales if args.locales is not None else config.path(config.locales)
    options = CheckOptions(locales=locales, enabled=select_checks(args.enable, args.disable),
                           strict=args.strict)
    result = check_locales(options)
    sys.stdout.write(format_json(result) if args.format == "json" else format_text(result))
    return result.exit_code(options.strict)
