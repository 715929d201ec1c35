"""Translation quality checks: translated and fuzzy entries -> findings.

Each check has an id, a severity and a one-line summary (:data:`CHECKS`); the rules live in
:mod:`extractor.checks` by kind of evidence and take plain strings, so one rule is one line of
test. This module applies them to catalogues, adds the one check that needs several entries
(the same msgid translated differently), honours per-entry silencing and renders findings.

Silencing: a translator turns a check off for one entry with a flag
``#, extractor-ignore:numbers`` (several flags allowed). GNU gettext (msgmerge, msgcat) drops
flags it does not know, so the same may be written as a translator comment, which survives
them: ``# extractor-ignore: numbers, names``.

>>> check_pair("Sebanyak 12.818 orang.", "A total of 12,818 people.")
[]
>>> check_pair("Sebanyak 12.818 orang.", "A total of 12.818 people.")
[('numbers', '"12.818" keeps Indonesian notation: write "12,818"')]
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from extractor.checks import quantities, surface, tokens
from extractor.checks.lexicon import Lexicon
from extractor.errors import CatalogueError
from extractor.po import Catalogue, Entry, read_po
from extractor.text import fold


@dataclass(frozen=True)
class Check:
    """A check as users see it: ``extractor check --help`` and README.md list these."""

    id: str
    severity: str  # "error" fails the run; "warning" fails it only with --strict
    summary: str


CHECKS: tuple[Check, ...] = (
    Check("numbers", "error", "numbers, dates, times, percentages and Rp/USD amounts keep their "
          "value, in English notation (3,6% -> 3.6%, 12.818 -> 12,818, 28 Oktober -> 28 October)"),
    Check("urls", "error", "URLs and e-mail addresses are identical"),
    Check("placeholders", "error", "placeholders <1>..</1> and <2/> are all kept and properly nested"),
    Check("names", "error", "acronyms (IOM, BP2MI, GCM) and proper names are kept; "
          "PBB may become UN and so on (extractor/data/check)"),
    Check("language", "error", "the translation is English, not Indonesian left untranslated"),
    Check("identical", "error", "the translation is not a copy of an Indonesian source string "
          "(names, acronyms and numbers may stay the same)"),
    Check("whitespace", "warning", "leading and trailing whitespace match the source"),
    Check("punctuation", "warning", "final punctuation matches the source (. ? ! : ; ...)"),
    Check("brackets", "warning", "brackets and double quotes are balanced as in the source"),
    Check("doubled", "warning", 'no doubled words ("the the") or double spaces'),
    Check("length", "warning", "the translation is 0.6 to 1.5 times as long as the source "
          "and does not repeat a sentence (sources of 5+ words)"),
    Check("consistency", "warning", "the same source string is translated the same way in "
          "every entry of every catalogue checked together"),
)
CHECK_IDS: tuple[str, ...] = tuple(c.id for c in CHECKS)
_SEVERITY = {c.id: c.severity for c in CHECKS}
# A translation that is not English at all makes every finer finding noise.
_WHOLE_ENTRY = ("identical", "language")

_RULES: tuple[tuple[str, Callable[[str, str, Lexicon], list[str]]], ...] = (
    ("identical", surface.identical),
    ("language", surface.language),
    ("numbers", lambda s, t, lex: quantities.numbers(s, t)),
    ("urls", lambda s, t, lex: tokens.urls(s, t)),
    ("placeholders", lambda s, t, lex: tokens.placeholders(s, t)),
    ("names", tokens.names),
    ("whitespace", lambda s, t, lex: surface.whitespace(s, t)),
    ("punctuation", lambda s, t, lex: surface.punctuation(s, t)),
    ("brackets", lambda s, t, lex: tokens.brackets(s, t)),
    ("doubled", lambda s, t, lex: surface.doubled(s, t)),
    ("length", lambda s, t, lex: surface.length(s, t)),
)


@dataclass(frozen=True)
class Finding:
    """One problem in one entry, printed as ``file:line: check: message``."""

    file: str
    line: int
    check: str
    severity: str
    message: str
    msgid: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.check}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "check": self.check,
                "severity": self.severity, "message": self.message, "msgid": self.msgid}


@dataclass(frozen=True)
class CheckOptions:
    """What `extractor check` runs: the catalogues under ``locales`` and the checks enabled."""

    locales: Path
    enabled: frozenset[str] = frozenset(CHECK_IDS)
    strict: bool = False


@dataclass(frozen=True)
class CheckResult:
    """Findings sorted by file, line and check, plus what was read to produce them."""

    findings: tuple[Finding, ...]
    catalogues: Mapping[str, Catalogue] = field(default_factory=dict)
    entries: int = 0
    enabled: frozenset[str] = frozenset(CHECK_IDS)

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    def exit_code(self, strict: bool = False) -> int:
        """1 when there are errors (or, with ``strict``, warnings), else 0."""
        return 1 if self.errors or (strict and self.warnings) else 0

    def summary(self) -> dict[str, object]:
        by_check = Counter(f.check for f in self.findings)
        return {"files": len(self.catalogues), "entries": self.entries, "errors": self.errors,
                "warnings": self.warnings,
                "by_check": {c: by_check[c] for c in CHECK_IDS if c in self.enabled}}


def select_checks(enable: Iterable[str] | None = None, disable: Iterable[str] = ()) -> frozenset[str]:
    """The check ids to run: ``enable`` (default: all) minus ``disable``.

    Raises ValueError naming any id that is not a check.
    """
    chosen = list(enable) if enable is not None else list(CHECK_IDS)
    dropped = list(disable)
    unknown = sorted({c for c in chosen + dropped if c not in _SEVERITY})
    if unknown:
        raise ValueError(f"unknown check id(s): {', '.join(unknown)} (known: {', '.join(CHECK_IDS)})")
    return frozenset(chosen) - frozenset(dropped)


def check_pair(msgid: str, msgstr: str, enabled: Iterable[str] = CHECK_IDS,
               lexicon: Lexicon | None = None) -> list[tuple[str, str]]:
    """Run the single-entry checks on one pair; return (check id, message) in check order.

    When the msgstr is a copy of the msgid or Indonesian, only that is reported.
    """
    lexicon = lexicon or Lexicon.load()
    wanted = frozenset(enabled)
    found: list[tuple[str, str]] = []
    for check_id, rule in _RULES:
        if check_id not in wanted:
            continue
        found += [(check_id, message) for message in rule(msgid, msgstr, lexicon)]
        if found and check_id in _WHOLE_ENTRY:
            break
    return found


_IGNORE = re.compile(r"extractor-ignore\s*:\s*([\w\s,-]+)")


def ignored_checks(entry: Entry) -> frozenset[str]:
    """Check ids silenced on ``entry`` by flags or translator comments."""
    ids: set[str] = set()
    for text in entry.flags + entry.translator_comments:
        for m in _IGNORE.finditer(text):
            ids.update(i for i in re.split(r"[\s,]+", m.group(1)) if i)
    return frozenset(ids)


def _pairs(entry: Entry) -> list[tuple[str, str]]:
    if entry.msgid_plural is None:
        return [(entry.msgid, entry.msgstr)]
    forms = dict(entry.msgstr_plural)
    return [(entry.msgid if n == 0 else entry.msgid_plural, s) for n, s in sorted(forms.items()) if s]


def checked_entries(catalogue: Catalogue) -> list[Entry]:
    """The entries a check looks at: active, with a msgstr, translated or fuzzy."""
    return [e for e in catalogue.active if e.msgid and e.has_translation]


def _consistency(items: Sequence[tuple[str, Entry]]) -> list[tuple[str, Entry, str]]:
    """(file, entry, message) for each entry whose msgstr differs from the usual translation
    of the same msgid; the usual one is the most frequent, ties going to the first seen."""
    groups: dict[str, list[tuple[str, Entry]]] = {}
    for file, entry in items:
        groups.setdefault(entry.msgid, []).append((file, entry))
    out = []
    for group in groups.values():
        folded = [fold(e.msgstr) for _, e in group]
        variants = Counter(folded)
        if len(variants) < 2:
            continue
        # most_common is stable and a Counter keeps first-seen order: ties go to the first seen.
        usual = variants.most_common(1)[0][0]
        where_file, where_entry = group[folded.index(usual)]
        for (file, entry), text in zip(group, folded):
            if text != usual:
                out.append((file, entry, f'also translated as "{usual}" ({where_file}:{where_entry.line})'))
    return out


def check_catalogues(catalogues: Mapping[str, Catalogue], enabled: Iterable[str] = CHECK_IDS,
                     lexicon: Lexicon | None = None) -> list[Finding]:
    """Findings for every checked entry of ``catalogues`` (file name -> catalogue), sorted by
    file, line and check. Consistency is judged across all of them together."""
    lexicon = lexicon or Lexicon.load()
    wanted = frozenset(enabled)
    findings: list[Finding] = []
    items = [(file, e) for file, cat in catalogues.items() for e in checked_entries(cat)]
    for file, entry in items:
        active = wanted - ignored_checks(entry)
        for msgid, msgstr in _pairs(entry):
            for check_id, message in check_pair(msgid, msgstr, active, lexicon):
                findings.append(Finding(file, entry.line, check_id, _SEVERITY[check_id], message, entry.msgid))
    if "consistency" in wanted:
        for file, entry, message in _consistency(items):
            if "consistency" not in ignored_checks(entry):
                findings.append(Finding(file, entry.line, "consistency", "warning", message, entry.msgid))
    return sorted(findings, key=lambda f: (f.file, f.line, CHECK_IDS.index(f.check), f.message))


def _display(path: Path) -> str:
    rel = os.path.relpath(path)
    return rel if not rel.startswith("..") else str(path)


def find_po_files(locales: Path) -> list[Path]:
    """Every .po file under ``locales``, sorted; a missing folder raises CatalogueError."""
    if not locales.is_dir():
        raise CatalogueError("no such locales folder", str(locales))
    return sorted(p for p in locales.rglob("*.po") if p.is_file())


def check_locales(options: CheckOptions) -> CheckResult:
    """Read every .po under ``options.locales`` and run the enabled checks on all of them."""
    # Read through the displayed name so that errors and findings name files the same way.
    catalogues = {name: read_po(name) for name in map(_display, find_po_files(options.locales))}
    lexicon = Lexicon.load()
    findings = check_catalogues(catalogues, options.enabled, lexicon)
    entries = sum(len(checked_entries(c)) for c in catalogues.values())
    return CheckResult(tuple(findings), catalogues, entries, options.enabled)


def findings_per_page(findings: Iterable[Finding], catalogues: Mapping[str, Catalogue]) -> dict[str, int]:
    """Findings counted by page: the part of each ``#:`` reference before its last ":".

    ``catalogues`` maps the file names used in the findings to their catalogues (as in
    :attr:`CheckResult.catalogues`). A finding counts once for each distinct page its entry
    is referenced from; entries without references count under "". Sorted by page.
    """
    index = {(file, e.line): e for file, cat in catalogues.items() for e in cat.entries}
    counts: Counter[str] = Counter()
    for f in findings:
        entry = index.get((f.file, f.line))
        refs = entry.references if entry else ()
        pages = {ref.rsplit(":", 1)[0] if ":" in ref else ref for ref in refs} or {""}
        counts.update(pages)
    return dict(sorted(counts.items()))


def format_text(result: CheckResult) -> str:
    """One ``file:line: check: message`` line per finding, then a one-line summary."""
    lines = [str(f) for f in result.findings]
    lines.append(f"{result.errors} error(s), {result.warnings} warning(s) in {result.entries} "
                 f"entries of {len(result.catalogues)} catalogue(s)")
    return "\n".join(lines) + "\n"


def format_json(result: CheckResult) -> str:
    """``{"findings": [...], "summary": {...}}``, keys sorted, two-space indent."""
    data = {"findings": [f.as_dict() for f in result.findings], "summary": result.summary()}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
