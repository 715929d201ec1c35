"""The HTML coverage report: one self-contained file (inline CSS, JS and SVG; no external assets).

Everything that comes from pages or catalogues (titles, msgids, paths, URLs) goes through
:func:`html.escape`; links are only made for http(s) and site-relative URLs. A
Content-Security-Policy allows exactly the inline style and script we ship (by hash), so even a
missed escape could not run a script or fetch anything.
"""
from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from importlib import resources
from pathlib import PurePath
from typing import TYPE_CHECKING, Iterable
from urllib.parse import urlsplit

from extractor.report_render import MISSING, NO_SECTION, has_findings, percent, summary, url_path

if TYPE_CHECKING:
    from extractor.report import Report, Tally

_BAR_WIDTH = 520
_LABEL_WIDTH = 230
_ROW_HEIGHT = 26
_PLACEHOLDER = re.compile(r"@@(\w+)@@")


def _asset(name: str) -> str:
    return resources.files("extractor").joinpath("data", "report", name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def safe_href(url: str | None) -> str | None:
    """``url`` if it is safe to link to (http, https or a site path), else None."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme in {"http", "https"} and parts.netloc:
        return url
    if not parts.scheme and not parts.netloc and url.startswith("/"):
        return url
    return None


def _link(url: str | None, text: str) -> str:
    href = safe_href(url)
    return f'<a href="{_e(href)}">{_e(text)}</a>' if href else _e(text)


def _level(fraction: float) -> str:
    return "high" if fraction >= 0.9 else "mid" if fraction >= 0.5 else "low"


def _num(value: int) -> str:
    return f'<td class="num" data-sort="{value}">{value}</td>'


def _pct(fraction: float) -> str:
    return (f'<td class="num {_level(fraction)}" data-sort="{fraction:.6f}">'
            f"{_e(percent(fraction))}</td>")


def _text(value: str, extra: str = "") -> str:
    cls = f' class="{extra}"' if extra else ""
    return f"<td{cls}>{_e(value)}</td>"


def _card(value: str, label: str) -> str:
    return (f'<div class="card"><div class="value">{_e(value)}</div>'
            f'<div class="label">{_e(label)}</div></div>')


def _summary(report: "Report") -> str:
    s = summary(report)
    t = report.total
    cards = [
        _card(percent(t.coverage), f"strings translated ({t.translated} of {t.total})"),
        _card(percent(t.word_coverage), f"words translated ({t.translated_words} of {t.total_words})"),
        _card(str(t.fuzzy), "fuzzy (need review)"),
        _card(str(t.untranslated), "untranslated"),
        _card(str(t.obsolete), "obsolete"),
        _card(str(t.prefilled), "pre-filled from English pages"),
        _card(str(len(report.catalogues)), "catalogues"),
    ]
    if report.has_state:
        cards += [
            _card(str(s["pages"]), "pages"),
            _card(str(s["missing_counterparts"]), "pages without English"),
            _card(str(s["other_language"]), "strings not in the page's language"),
            _card(str(s["new_or_changed"]), "new or changed since last sync"),
        ]
    if s["findings"] is not None:
        cards.append(_card(str(s["findings"]), "check findings"))
    return '<h2>Summary</h2><div class="cards">' + "".join(cards) + "</div>"


def bar_chart(bars: Iterable[tuple[str, "Tally"]], by: str) -> str:
    """A horizontal stacked bar per (label, tally): translated, fuzzy, the rest. ``by`` names
    what the bars are ("section", "catalogue"); the chart's id is ``<by>-chart``."""
    rows = list(bars)
    height = max(len(rows), 1) * _ROW_HEIGHT + 8
    width = _LABEL_WIDTH + _BAR_WIDTH + 70
    parts = [f'<svg id="{by}-chart" class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'aria-label="Coverage by {by}">']
    for i, (label, tally) in enumerate(rows):
        y = 4 + i * _ROW_HEIGHT
        done = round(_BAR_WIDTH * tally.coverage, 1)
        fuzzy = round(_BAR_WIDTH * (tally.fuzzy / tally.total if tally.total else 0), 1)
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f'<g class="bar" data-label="{_e(label)}"><title>{_e(label)}: {_e(percent(tally.coverage))} '
            f"translated, {tally.fuzzy} fuzzy, {tally.untranslated} untranslated</title>"
            f'<text x="0" y="{y + 15}">{_e(short)}</text>'
            f'<rect class="track" x="{_LABEL_WIDTH}" y="{y}" width="{_BAR_WIDTH}" height="18" rx="3"/>'
            f'<rect class="done" x="{_LABEL_WIDTH}" y="{y}" width="{done}" height="18" rx="3"/>'
            f'<rect class="fuzzy" x="{_LABEL_WIDTH + done}" y="{y}" width="{fuzzy}" height="18"/>'
            f'<text x="{_LABEL_WIDTH + _BAR_WIDTH + 8}" y="{y + 15}">{_e(percent(tally.coverage))}</text></g>'
        )
    parts.append("</svg>")
    parts.append('<p class="legend"><span class="swatch done"></span>translated'
                 '<span class="swatch fuzzy"></span>fuzzy<span class="swatch todo"></span>untranslated</p>')
    return "".join(parts)


def _table(table_id: str, title: str, header: list[tuple[str, bool]], rows: list[str]) -> str:
    head = "".join(f'<th scope="col" class="{"num" if numeric else "text"}">{_e(name)}</th>'
                   for name, numeric in header)
    return (
        f'<section id="{table_id}-section"><h2>{_e(title)}</h2>'
        f'<input class="filter" type="search" placeholder="Filter rows…" aria-label="Filter {_e(title)}" '
        f'data-table="{table_id}" data-count="{table_id}-count"><span class="count" id="{table_id}-count"></span>'
        f'<div class="table-wrap"><table class="sortable" id="{table_id}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def _under(path: str, folder: str) -> str:
    """``path`` relative to ``folder`` when it lies inside it (the page header names the folder)."""
    try:
        return PurePath(path).relative_to(folder).as_posix()
    except ValueError:
        return path


def _catalogue_table(report: "Report") -> str:
    header = [("Catalogue", False), ("Language", False), ("Strings", True), ("Translated", True),
              ("Fuzzy", True), ("Untranslated", True), ("Obsolete", True), ("Coverage", True),
              ("Words", True), ("Pre-filled", True)]
    rows = [
        "<tr>" + f'<td title="{_e(c.path)}">{_e(_under(c.path, report.locales))}</td>' + _text(c.language) + _num(c.tally.total) + _num(c.tally.translated)
        + _num(c.tally.fuzzy) + _num(c.tally.untranslated) + _num(c.tally.obsolete)
        + _pct(c.tally.coverage) + _pct(c.tally.word_coverage) + _num(c.tally.prefilled) + "</tr>"
        for c in report.catalogues
    ]
    return _table("catalogues", "Catalogues", header, rows)


def _section_table(report: "Report", with_findings: bool) -> str:
    header = [("Section", False), ("Pages", True), ("Strings", True), ("Translated", True),
              ("Coverage", True), ("Words", True), ("No English", True),
              ("Other lang.", True), ("New/changed", True), ("Pre-filled", True)]
    header += [("Findings", True)] if with_findings else []
    rows = [
        "<tr>" + _text(s.label or NO_SECTION) + _num(s.pages) + _num(s.tally.total)
        + _num(s.tally.translated) + _pct(s.tally.coverage) + _pct(s.tally.word_coverage)
        + _num(s.missing_counterparts) + _num(s.other_language) + _num(s.new_or_changed)
        + _num(s.tally.prefilled) + (_num(s.findings or 0) if with_findings else "") + "</tr>"
        for s in report.sections
    ]
    return _table("sections", "Sections", header, rows)


def _page_table(report: "Report", with_findings: bool) -> str:
    header = [("Page", False), ("Section", False), ("Strings", True), ("Translated", True),
              ("Coverage", True), ("Words", True), ("Other lang.", True),
              ("New/changed", True), ("Pre-filled", True), ("English counterpart", False)]
    header += [("Findings", True)] if with_findings else []
    rows = []
    for p in report.pages:
        english = (f'<td class="url" title="{_e(p.counterpart)}">'
                   f"{_link(p.counterpart, url_path(p.counterpart))}</td>" if p.counterpart
                   else _text(MISSING, "missing"))
        rows.append(
            f'<tr><td class="page" data-sort="{_e(p.path.lower())}">{_link(p.url, p.title or p.path)}'
            f'<div class="ctx">{_e(p.path)}</div></td>' + _text(p.section or NO_SECTION)
            + _num(p.tally.total) + _num(p.tally.translated) + _pct(p.tally.coverage)
            + _pct(p.tally.word_coverage) + _num(len(p.other_language))
            + _num(len(p.new_or_changed)) + _num(p.tally.prefilled) + english
            + (_num(p.findings or 0) if with_findings else "") + "</tr>"
        )
    return _table("pages", "Pages", header, rows)


def _untranslated(report: "Report") -> str:
    blocks = []
    for p in report.pages:
        todo = p.untranslated
        if not todo:
            continue
        items = "".join(
            f'<li><span class="status {_e(s.status)}">{_e(s.status)}</span> {_e(s.msgid)}'
            f' <span class="ctx">{_e(s.domain)}{" · " + _e(s.msgctxt) if s.msgctxt else ""}'
            f'{" · " + _e(s.anchor) if s.anchor else ""}</span></li>'
            for s in todo
        )
        blocks.append(
            f"<details><summary>{_link(p.url, p.title or p.path)} <span class=\"ctx\">{_e(p.path)}"
            f" · {len(todo)} of {p.tally.total} strings not translated</span></summary>"
            f"<ul>{items}</ul></details>"
        )
    if not blocks:
        return ""
    return ('<section id="untranslated"><h2>Untranslated strings by page</h2>'
            + "".join(blocks) + "</section>")


def render_html(report: "Report") -> str:
    """The whole report as one HTML document (same report, same bytes)."""
    style, script = _asset("report.css"), _asset("report.js")
    with_findings = has_findings(report)
    if report.has_state:
        chart_title = "Coverage by section"
        chart = bar_chart(((s.label or NO_SECTION, s.tally) for s in report.sections), "section")
        tables = (_section_table(report, with_findings) + _page_table(report, with_findings)
                  + _catalogue_table(report))
    else:
        chart_title = "Coverage by catalogue (no sync state, so no sections)"
        chart = bar_chart(((_under(c.path, report.locales), c.tally) for c in report.catalogues),
                          "catalogue")
        tables = _catalogue_table(report)
    notes = ('<ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in report.notes) + "</ul>"
             if report.notes else "")
    values = {
        "style_hash": _csp_hash(style), "script_hash": _csp_hash(script),
        "locales": _e(report.locales), "notes": notes, "summary": _summary(report),
        "chart_title": _e(chart_title), "chart": chart, "tables": tables,
        "untranslated": _untranslated(report), "style": style, "script": script,
    }
    # One pass over the template only, so text from pages is never searched for placeholders.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], _asset("report.html"))
