"""Text, JSON, CSV and Markdown renderings of a coverage :class:`~extractor.report.Report`.

Every renderer is a pure function of the report: no clock, no environment, rows in a fixed
order, so the same catalogues give byte-identical output.
"""
from __future__ import annotations

import csv
import io
import json
import textwrap
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import urlsplit

from extractor.report import page_counts

if TYPE_CHECKING:
    from extractor.report import PageCoverage, Report, ReportOptions, SectionCoverage, Tally

NO_SECTION = "(no section)"
MISSING = "missing"
_GREEN, _YELLOW, _RED, _BOLD, _RESET = "\033[32m", "\033[33m", "\033[31m", "\033[1m", "\033[0m"


def percent(fraction: float) -> str:
    """``0.6667 -> '66.7%'``: the one place a share becomes a percentage for people."""
    return f"{fraction * 100:.1f}%"


def _fraction(value: float) -> float:
    return round(value, 6)


# ---------------------------------------------------------------- the rows of each view

def _tally_json(t: "Tally") -> dict[str, Any]:
    return {
        "total": t.total, "translated": t.translated, "fuzzy": t.fuzzy,
        "untranslated": t.untranslated, "obsolete": t.obsolete,
        "coverage": _fraction(t.coverage), "words": t.total_words,
        "translated_words": t.translated_words, "fuzzy_words": t.fuzzy_words,
        "untranslated_words": t.untranslated_words, "word_coverage": _fraction(t.word_coverage),
        "prefilled": t.prefilled,
    }


def _page_json(p: "PageCoverage") -> dict[str, Any]:
    def string(s: Any) -> dict[str, Any]:
        return {"domain": s.domain, "msgctxt": s.msgctxt, "msgid": s.msgid, "lang": s.lang,
                "anchor": s.anchor, "status": s.status, "prefilled": s.prefilled}

    return {
        "path": p.path, "url": p.url, "title": p.title, "lang": p.lang, "section": p.section,
        "counterpart": p.counterpart or MISSING, **_tally_json(p.tally),
        "other_language": [string(s) for s in p.other_language],
        "new_or_changed": list(p.new_or_changed),
        "untranslated_strings": [string(s) for s in p.untranslated],
        "findings": p.findings,
    }


def _section_json(s: "SectionCoverage") -> dict[str, Any]:
    return {
        "section": s.label, "pages": s.pages, "missing_counterparts": s.missing_counterparts,
        "other_language": s.other_language, "new_or_changed": s.new_or_changed,
        **_tally_json(s.tally), "findings": s.findings,
    }


def summary(report: "Report") -> dict[str, Any]:
    """Whole-project figures: the catalogues' totals plus page-level counts (when known)."""
    counts = page_counts(report.pages)
    known = report.has_state
    return {
        "catalogues": len(report.catalogues), **_tally_json(report.total),
        "pages": len(report.pages) if known else None,
        "missing_counterparts": counts.missing_counterparts if known else None,
        "other_language": counts.other_language if known else None,
        "new_or_changed": counts.new_or_changed if known else None,
        "findings": counts.findings,
    }


def render_json(report: "Report") -> str:
    """``{"catalogues": [...], "words": [...], "summary": {...}, "sections", "pages", "notes"}``.

    Each catalogue object has exactly path, language, total, translated, fuzzy, untranslated,
    obsolete and coverage (a fraction 0..1); word counts live under "words", keyed by path.
    """
    return json.dumps(_json_data(report), ensure_ascii=False, indent=2) + "\n"


def _json_data(report: "Report") -> dict[str, Any]:
    """The objects :func:`render_json` writes (CSV takes its rows from them too)."""
    return {
        "catalogues": [
            {"path": c.path, "language": c.language, "total": c.tally.total,
             "translated": c.tally.translated, "fuzzy": c.tally.fuzzy,
             "untranslated": c.tally.untranslated, "obsolete": c.tally.obsolete,
             "coverage": _fraction(c.tally.coverage)}
            for c in report.catalogues
        ],
        "words": [
            {"path": c.path, "domain": c.domain, "words": c.tally.total_words,
             "translated_words": c.tally.translated_words, "fuzzy_words": c.tally.fuzzy_words,
             "untranslated_words": c.tally.untranslated_words,
             "translated_target_words": c.tally.translated_target_words,
             "word_coverage": _fraction(c.tally.word_coverage), "prefilled": c.tally.prefilled}
            for c in report.catalogues
        ],
        "summary": summary(report),
        "sections": [_section_json(s) for s in report.sections],
        "pages": [_page_json(p) for p in report.pages],
        "notes": list(report.notes),
    }


Row = list[str]


def _catalogue_cells(t: "Tally") -> Row:
    """The figures of a catalogue row (and of the TOTAL row under them)."""
    return [str(t.total), str(t.translated), str(t.fuzzy), str(t.untranslated), str(t.obsolete),
            percent(t.coverage), percent(t.word_coverage), str(t.prefilled)]


def _view_rows(report: "Report", view: str, with_findings: bool) -> tuple[Row, list[Row], Row | None]:
    """(header, rows, total row) for ``view``; the figures every tabular format shows."""
    if view == "section" and report.has_state:
        header = ["Section", "Pages", "Strings", "Done", "Cover", "Words", "No EN", "Other",
                  "New", "Pre-fill"]
        rows = [[s.label or NO_SECTION, str(s.pages), str(s.tally.total), str(s.tally.translated),
                 percent(s.tally.coverage), percent(s.tally.word_coverage),
                 str(s.missing_counterparts), str(s.other_language), str(s.new_or_changed),
                 str(s.tally.prefilled)] + ([str(s.findings or 0)] if with_findings else [])
                for s in report.sections]
    elif view == "page" and report.has_state:
        header = ["Page", "Section", "Strings", "Done", "Cover", "Words", "Other", "New",
                  "Pre-fill", "English"]
        rows = [[p.path, p.section or NO_SECTION, str(p.tally.total), str(p.tally.translated),
                 percent(p.tally.coverage), percent(p.tally.word_coverage),
                 str(len(p.other_language)), str(len(p.new_or_changed)), str(p.tally.prefilled),
                 p.counterpart or MISSING] + ([str(p.findings or 0)] if with_findings else [])
                for p in report.pages]
    else:
        header = ["Catalogue", "Lang", "Strings", "Done", "Fuzzy", "Todo", "Obs", "Cover",
                  "Words", "Pre-fill"]
        rows = [[c.path, c.language, *_catalogue_cells(c.tally)] for c in report.catalogues]
        return header, rows, ["TOTAL", "", *_catalogue_cells(report.total)]
    if with_findings:
        header.append("Findings")
    return header, rows, None


def has_findings(report: "Report") -> bool:
    return any(p.findings is not None for p in report.pages)


def _summary_lines(report: "Report") -> list[str]:
    t = report.total
    lines = [
        f"{len(report.catalogues)} catalogue(s): {t.total} strings, {t.translated} translated "
        f"({percent(t.coverage)}), {t.fuzzy} fuzzy, {t.untranslated} untranslated, "
        f"{t.obsolete} obsolete; words {t.translated_words}/{t.total_words} "
        f"({percent(t.word_coverage)}); pre-filled {t.prefilled}",
    ]
    if report.has_state:
        s = summary(report)
        lines.append(
            f"{s['pages']} page(s), {s['missing_counterparts']} without an English counterpart, "
            f"{s['other_language']} string(s) not in the page's language, "
            f"{s['new_or_changed']} new or changed since the previous sync"
            + (f", {s['findings']} check finding(s) over pages" if s["findings"] is not None else "")
        )
    return lines


# ---------------------------------------------------------------- text

def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _colour_for(cell: str) -> str:
    value = float(cell.rstrip("%"))
    return _GREEN if value >= 90 else _YELLOW if value >= 50 else _RED


def text_table(header: Row, rows: list[Row], total: Row | None, width: int, colour: bool,
               flexible: tuple[int, ...] = (0,)) -> list[str]:
    """A left/right-aligned table no wider than ``width``; ``flexible`` columns are shortened
    (with an ellipsis) when the table would not fit. Percent columns are coloured when asked."""
    all_rows = [header, *rows, *([total] if total else [])]
    widths = [max(len(r[i]) for r in all_rows) for i in range(len(header))]
    gap = 2
    over = sum(widths) + gap * (len(widths) - 1) - width
    floor = {i: max(len(header[i]), 8) for i in flexible}
    while over > 0:
        # Shorten the widest flexible column first, so long URLs give way before short paths.
        i = max(flexible, key=lambda k: (widths[k] - floor[k], -k))
        if widths[i] <= floor[i]:
            break
        widths[i] -= 1
        over -= 1
    numeric = [i for i in range(len(header)) if i not in flexible and all(
        r[i].replace("%", "").replace(".", "").isdigit() or r[i] == "" for r in all_rows[1:])]
    pct = {i for i in numeric if any(r[i].endswith("%") for r in all_rows[1:])}

    def line(row: Row, bold: bool = False) -> str:
        cells = []
        for i, cell in enumerate(row):
            text = _fit(cell, widths[i])
            text = text.rjust(widths[i]) if i in numeric else text.ljust(widths[i])
            if colour and i in pct and cell and row is not header:
                text = _colour_for(cell) + text + _RESET
            cells.append(text)
        out = (" " * gap).join(cells).rstrip()
        return _BOLD + out + _RESET if colour and bold else out

    lines = [line(header, bold=True), *(line(r) for r in rows)]
    if total:
        lines.append(line(total, bold=True))
    return lines


def render_text(report: "Report", view: str, width: int = 100, colour: bool = False) -> str:
    """A readable table for ``view`` plus a summary, at most ``width`` columns."""
    with_findings = has_findings(report)
    header, rows, total = _view_rows(report, view, with_findings)
    flexible: tuple[int, ...] = (0,)
    if view == "page" and report.has_state:
        # 100 columns: the section table has the sections, and a host repeated on every row
        # says nothing, so the page table keeps the page path and the counterpart's path.
        keep = [i for i, h in enumerate(header) if h != "Section"]
        english = header.index("English")
        rows = [[url_path(r[i]) if i == english else r[i] for i in keep] for r in rows]
        header = [header[i] for i in keep]
        flexible = (0, header.index("English"))
    lines = [f"Translation coverage of {report.locales}", ""]
    lines += text_table(header, rows, total, width, colour, flexible)
    lines.append("")
    for entry in _summary_lines(report):
        lines += _wrap(entry, width)
    for note in report.notes:
        lines += _wrap(f"note: {note}", width)
    return "\n".join(lines) + "\n"


def url_path(url: str) -> str:
    """``https://host/news/a?x`` -> ``/news/a?x``; anything else unchanged."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return url
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, subsequent_indent="  ", break_on_hyphens=False) or [""]


# ---------------------------------------------------------------- CSV and Markdown

def render_csv(report: "Report", view: str) -> str:
    """One row per catalogue, page or section, with machine-friendly column names."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    data = _json_data(report)
    if view == "page" and report.has_state:
        keys = ["path", "url", "title", "section", "counterpart", "total", "translated", "fuzzy",
                "untranslated", "coverage", "words", "translated_words", "word_coverage",
                "prefilled", "other_language", "new_or_changed", "findings"]
        records = data["pages"]
    elif view == "section" and report.has_state:
        keys = ["section", "pages", "missing_counterparts", "total", "translated", "fuzzy",
                "untranslated", "coverage", "words", "translated_words", "word_coverage",
                "prefilled", "other_language", "new_or_changed", "findings"]
        records = data["sections"]
    else:
        keys = ["path", "language", "total", "translated", "fuzzy", "untranslated", "obsolete",
                "coverage", "words", "translated_words", "word_coverage", "prefilled"]
        records = [{**c, **w} for c, w in zip(data["catalogues"], data["words"])]
    writer.writerow(keys)
    cell: Callable[[Any], Any] = lambda v: len(v) if isinstance(v, list) else ("" if v is None else v)
    for record in records:
        writer.writerow([cell(record[k]) for k in keys])
    return buf.getvalue()


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"} | {"&": "&amp;", "\n": " "})


def md_escape(text: str) -> str:
    """Make ``text`` literal inside a Markdown table cell (no markup, no HTML, no pipes)."""
    return text.translate(_MD_SPECIAL)


def render_markdown(report: "Report", view: str) -> str:
    """A heading, the summary as a list, the view as a pipe table, then notes."""
    header, rows, total = _view_rows(report, view, has_findings(report))
    numeric = {i for i in range(1, len(header)) if header[i] not in {"Lang", "Section", "English"}}
    lines = [f"# Translation coverage of {md_escape(report.locales)}", ""]
    lines += [f"- {md_escape(s)}" for s in _summary_lines(report)] + [""]
    lines.append("| " + " | ".join(md_escape(h) for h in header) + " |")
    lines.append("|" + "|".join("---:" if i in numeric else "---" for i in range(len(header))) + "|")
    for row in rows + ([total] if total else []):
        lines.append("| " + " | ".join(md_escape(c) for c in row) + " |")
    if report.notes:
        lines += ["", *(f"> note: {md_escape(n)}" for n in report.notes)]
    return "\n".join(lines) + "\n"


def render(report: "Report", options: "ReportOptions") -> str:
    """Dispatch on ``options.format`` (all but HTML)."""
    if options.format == "json":
        return render_json(report)
    if options.format == "csv":
        return render_csv(report, options.view)
    if options.format == "markdown":
        return render_markdown(report, options.view)
    return render_text(report, options.view, options.width, options.color)
