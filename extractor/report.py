"""Coverage reports: catalogues (and the sync state) -> a coverage model -> text, JSON, CSV,
Markdown or HTML.

Counting follows translate-toolkit's ``pocount`` exactly, so auditors can cross-check: the header
and obsolete entries are not counted, a fuzzy entry is not translated, a fuzzy entry with an
empty msgstr counts as untranslated, and a plural entry is one string whose source words are
those of msgid plus msgid_plural. Words are counted as pocount counts them (see
:func:`count_words`).

Per-page and per-section views come from the state file ``extractor sync`` writes next to the
catalogues; without it the report covers catalogues only and says so in its notes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, NamedTuple, Sequence

from unicode_segmentation_rs import unicode_words

from extractor.catalogue import prefill_notes
from extractor.check import check_catalogues, find_po_files, findings_per_page
from extractor.errors import CatalogueError
from extractor.fsutil import atomic_write_text
from extractor.po import Catalogue, Entry, read_po
from extractor.state import STATE_FILE, read_state

FORMATS = ("text", "json", "csv", "markdown", "html")
VIEWS = ("catalogue", "page", "section")

# pocount's word rule (translate/tools/pocount.py): <br> is a break, other tags vanish, a dot
# between two non-digits splits words, then Unicode (UAX #29) word segmentation.
_BR_TAG = re.compile(r"<br\s*?/?>")
_XML_TAG = re.compile(
    r"""<([\w.:]+)(\s([\w.:]+=((".*?")|('.*?')))?)*/?>|</([\w.]+)>""",
)


def count_words(text: str) -> int:
    """Count words in ``text`` the way pocount does.

    >>> count_words("Baca <1>laporan lengkap</1> di sini.")
    5
    """
    if not text:
        return 0
    if "<" in text:  # the checks are cheap, the substitutions are not
        text = _XML_TAG.sub("", _BR_TAG.sub("\n", text))
    return len(unicode_words(_split_dots_between_non_digits(text)))


def _split_dots_between_non_digits(text: str) -> str:
    """``re.sub(r"\\D\\.\\D", " ", text)`` without the regex: most strings have a dot only at
    the end, and walking the dots is several times faster than scanning every character."""
    end = len(text) - 1
    i = text.find(".", 1)
    pieces: list[str] = []
    start = 0
    while 0 < i < end:
        # A match covers i-1..i+1; like re.sub, the next one may not start inside it.
        if i - 1 >= start and not text[i - 1].isdecimal() and not text[i + 1].isdecimal():
            pieces += (text[start:i - 1], " ")
            start = i + 2
        i = text.find(".", i + 1)
    return "".join(pieces) + text[start:] if pieces else text


@dataclass(frozen=True)
class Tally:
    """String and source-word counts for a set of entries (pocount's categories)."""

    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    prefilled: int = 0
    total_words: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0
    translated_target_words: int = 0

    @property
    def coverage(self) -> float:
        """Translated share of strings, 0..1 (0 when there is nothing to translate)."""
        return self.translated / self.total if self.total else 0.0

    @property
    def word_coverage(self) -> float:
        """Translated share of source words, 0..1."""
        return self.translated_words / self.total_words if self.total_words else 0.0

    def __add__(self, other: "Tally") -> "Tally":
        names = Tally.__dataclass_fields__
        return Tally(**{n: getattr(self, n) + getattr(other, n) for n in names})


@dataclass(frozen=True)
class StringStatus:
    """One string of a page and the state of its translation."""

    domain: str
    msgctxt: str | None
    msgid: str
    lang: str | None
    anchor: str
    status: str  # translated | fuzzy | untranslated | missing (not in the catalogue)
    prefilled: bool = False


@dataclass(frozen=True)
class CatalogueCoverage:
    path: str
    language: str
    domain: str
    tally: Tally


@dataclass(frozen=True)
class PageCoverage:
    path: str
    url: str
    title: str
    lang: str
    section: str | None
    counterpart: str | None
    tally: Tally
    strings: tuple[StringStatus, ...]
    other_language: tuple[StringStatus, ...]
    new_or_changed: tuple[str, ...]
    findings: int | None = None

    @property
    def untranslated(self) -> tuple[StringStatus, ...]:
        """Strings with no usable English yet (untranslated, fuzzy or missing)."""
        return tuple(s for s in self.strings if s.status != "translated")


@dataclass(frozen=True)
class SectionCoverage:
    label: str | None
    pages: int
    missing_counterparts: int
    other_language: int
    new_or_changed: int
    tally: Tally
    findings: int | None = None


@dataclass(frozen=True)
class Report:
    """Everything a renderer needs; built by :func:`build_report`."""

    locales: str
    catalogues: tuple[CatalogueCoverage, ...]
    pages: tuple[PageCoverage, ...]
    sections: tuple[SectionCoverage, ...]
    total: Tally
    has_state: bool
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportOptions:
    """What to report on and how. ``fail_under`` is a percentage (0..100) or None."""

    locales: Path
    view: str = "catalogue"
    format: str = "text"
    output: Path | None = None
    fail_under: float | None = None
    target_lang: str = "en"
    checks: bool = True  # count `extractor check` findings per page (needs the sync state)
    color: bool = False
    width: int = 100


@dataclass(frozen=True)
class ReportOutcome:
    """What :func:`run_report` did: the rendered text, and whether coverage met the floor."""

    report: Report
    rendered: str
    written_to: Path | None
    passed: bool


def is_prefilled(entry: Entry) -> bool:
    """True when the alignment step supplied this entry's English (its ``#. prefill:`` mark)."""
    return bool(prefill_notes(entry))


class Verdict(NamedTuple):
    """pocount's verdict on one entry. ``category`` is translated, fuzzy, untranslated, or None
    for what pocount does not count (header, blank); words are source and target words."""

    category: str | None
    source_words: int
    target_words: int
    prefilled: bool


Key = tuple[str, "str | None", str]  # (domain, msgctxt, msgid)
_NOT_COUNTED = Verdict(None, 0, 0, False)


def classify(entry: Entry) -> Verdict:
    """Classify one active entry as pocount does (obsolete entries are never counted)."""
    if entry.obsolete or (not entry.msgid and not entry.msgctxt):
        return _NOT_COUNTED  # obsolete, header or blank
    plural = entry.msgid_plural
    forms = tuple(f for _, f in entry.msgstr_plural) if plural is not None else (entry.msgstr,)
    has_target = any(forms)
    source_words = count_words(entry.msgid) + (count_words(plural) if plural else 0)
    prefilled = is_prefilled(entry)
    if has_target and not entry.fuzzy:
        return Verdict("translated", source_words, sum(count_words(f) for f in forms), prefilled)
    if entry.fuzzy and has_target:
        return Verdict("fuzzy", source_words, 0, prefilled)
    if entry.msgid or plural:
        return Verdict("untranslated", source_words, 0, prefilled)
    return _NOT_COUNTED


def _tally(verdicts: Iterable[Verdict], obsolete: int = 0) -> Tally:
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    words = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    target_words = prefilled = 0
    for category, source_words, tw, pre in verdicts:
        if category is None:
            continue
        counts[category] += 1
        words[category] += source_words
        target_words += tw
        prefilled += pre
    return Tally(
        total=sum(counts.values()),
        translated=counts["translated"],
        fuzzy=counts["fuzzy"],
        untranslated=counts["untranslated"],
        obsolete=obsolete,
        prefilled=prefilled,
        total_words=sum(words.values()),
        translated_words=words["translated"],
        fuzzy_words=words["fuzzy"],
        untranslated_words=words["untranslated"],
        translated_target_words=target_words,
    )


def _tally_keys(keys: Iterable[Key], index: dict[Key, Verdict]) -> Tally:
    """Tally the strings named by ``keys``; a string missing from the catalogues (the state is
    newer than they are) counts as untranslated."""
    return _tally(index.get(k) or Verdict("untranslated", count_words(k[2]), 0, False) for k in keys)


def _catalogue_language(path: Path, header: str | None, locales: Path) -> str:
    language = (header or "").strip()
    if language:
        return language
    rel = path.relative_to(locales).parts
    # locales/<lang>/LC_MESSAGES/<domain>.po: the folder names the language.
    return rel[-3] if len(rel) >= 3 and rel[-2] == "LC_MESSAGES" else ""


def _page_coverage(page: dict[str, Any], index: dict[Key, Verdict], where: str,
                   findings: dict[str, int] | None) -> PageCoverage:
    try:
        path = str(page["path"])
        lang = str(page.get("lang") or "")
        raw_strings = list(page.get("strings") or [])
        statuses: dict[Key, StringStatus] = {}
        for s in raw_strings:
            key = (str(s["domain"]), s.get("msgctxt"), str(s["msgid"]))
            if key in statuses:
                continue  # a string shown twice on a page is one thing to translate
            verdict = index.get(key, _NOT_COUNTED)
            statuses[key] = StringStatus(
                domain=key[0], msgctxt=key[1], msgid=key[2], lang=s.get("lang"),
                anchor=str(s.get("anchor") or ""), status=verdict.category or "missing",
                prefilled=verdict.prefilled,
            )
    except (KeyError, TypeError) as exc:
        raise CatalogueError(f"page entry without {exc}", where) from exc
    ordered = tuple(statuses[k] for k in sorted(statuses, key=lambda k: (k[0], k[1] or "", k[2])))
    return PageCoverage(
        path=path,
        url=str(page.get("url") or ""),
        title=str(page.get("title") or ""),
        lang=lang,
        section=page.get("section"),
        counterpart=page.get("counterpart"),
        tally=_tally_keys(((s.domain, s.msgctxt, s.msgid) for s in ordered), index),
        strings=ordered,
        other_language=tuple(s for s in ordered if s.lang and lang and s.lang != lang),
        new_or_changed=tuple(sorted({str(m) for m in page.get("new_or_changed") or []})),
        findings=findings.get(path, 0) if findings is not None else None,
    )


class PageCounts(NamedTuple):
    """What a set of pages adds up to beyond the tally: pages without an English counterpart,
    distinct strings not in their page's language, distinct new-or-changed markers, and check
    findings (None when no page was checked)."""

    missing_counterparts: int
    other_language: int
    new_or_changed: int
    findings: int | None


def page_counts(pages: Sequence[PageCoverage]) -> PageCounts:
    """The :class:`PageCounts` of ``pages`` (a section, or the whole report)."""
    findings = [p.findings for p in pages if p.findings is not None]
    return PageCounts(
        missing_counterparts=sum(1 for p in pages if not p.counterpart),
        other_language=len({(s.domain, s.msgctxt, s.msgid) for p in pages for s in p.other_language}),
        new_or_changed=len({m for p in pages for m in p.new_or_changed}),
        findings=sum(findings) if findings else None,
    )


def _section_coverage(label: str | None, pages: list[PageCoverage],
                      index: dict[Key, Verdict]) -> SectionCoverage:
    # A chrome string on ten pages of a section is one string to translate for that section.
    unique: dict[Key, StringStatus] = {}
    for page in pages:
        for s in page.strings:
            unique.setdefault((s.domain, s.msgctxt, s.msgid), s)
    return SectionCoverage(label=label, pages=len(pages), tally=_tally_keys(unique, index),
                           **page_counts(pages)._asdict())


def build_report(locales: Path, target_lang: str = "en", checks: bool = True) -> Report:
    """Read every catalogue under ``locales`` (and the sync state, if any) into a Report.

    With the state and ``checks``, pages also carry the number of `extractor check` findings
    in their strings. Raises CatalogueError naming the file when a catalogue or the state file
    is unreadable.
    """
    notes: list[str] = []
    catalogues: list[CatalogueCoverage] = []
    index: dict[Key, Verdict] = {}
    state_path = locales / STATE_FILE
    po_files = find_po_files(locales)  # raises CatalogueError when the folder is missing
    state = read_state(state_path)
    read: dict[str, Catalogue] = {}  # the target language's, kept only for the checks
    for path in po_files:
        catalogue = read_po(path)
        language = _catalogue_language(path, catalogue.header_value("Language"), locales)
        domain = path.stem
        verdicts = [(e, classify(e)) for e in catalogue.entries]
        obsolete = sum(1 for e in catalogue.entries if e.obsolete)
        catalogues.append(CatalogueCoverage(str(path), language, domain,
                                            _tally((v for _, v in verdicts), obsolete)))
        if state is not None and language == target_lang:  # pages need the index and checks
            index.update(((domain, e.msgctxt, e.msgid), v) for e, v in verdicts if not e.obsolete)
            if checks:
                read[str(path)] = catalogue
    if not catalogues:
        notes.append(f"no .po catalogues under {locales}")
    total = sum((c.tally for c in catalogues), Tally())
    raw_pages = state["pages"] if state is not None else None
    pages: list[PageCoverage] = []
    sections: list[SectionCoverage] = []
    if raw_pages is None:
        notes.append(f"no sync state ({state_path}): reporting by catalogue only; "
                     "run `extractor sync` to get pages and sections")
    else:
        findings = findings_per_page(check_catalogues(read), read) if checks else None
        pages = sorted((_page_coverage(p, index, str(state_path), findings) for p in raw_pages),
                       key=lambda p: p.path)
        by_section: dict[str | None, list[PageCoverage]] = {}
        for page in pages:
            by_section.setdefault(page.section, []).append(page)
        labels = sorted(by_section, key=lambda s: (s is None, s or ""))
        sections = [_section_coverage(s, by_section[s], index) for s in labels]
    return Report(
        locales=str(locales),
        catalogues=tuple(catalogues),
        pages=tuple(pages),
        sections=tuple(sections),
        total=total,
        has_state=raw_pages is not None,
        notes=tuple(notes),
    )


def render(report: Report, options: ReportOptions) -> str:
    """Render ``report`` in ``options.format`` (deterministic: same report, same bytes)."""
    from extractor import report_html, report_render  # renderers sit apart from the model

    if options.format == "html":
        return report_html.render_html(report)
    return report_render.render(report, options)


def run_report(options: ReportOptions) -> ReportOutcome:
    """Build, render and (with ``options.output``) atomically write a report; check the floor."""
    if options.format not in FORMATS:
        raise CatalogueError(f"unknown report format {options.format!r}")
    if options.view not in VIEWS:
        raise CatalogueError(f"unknown report view {options.view!r}")
    report = build_report(options.locales, options.target_lang, options.checks)
    rendered = render(report, options)
    if options.output is not None:
        atomic_write_text(options.output, rendered)
    passed = options.fail_under is None or report.total.coverage * 100 >= options.fail_under
    return ReportOutcome(report, rendered, options.output, passed)
