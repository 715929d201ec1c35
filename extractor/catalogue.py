"""Segments of pages -> gettext templates, one per domain.

Site chrome (menu labels, menu descriptions, breadcrumbs, footer labels) repeats on every page:
it goes to the chrome domain (``site``), each string once, with a reference to every page that
shows it. The page's own text (title and body blocks) goes to the content domain (``content``).
A current-page breadcrumb that repeats the page title is the title, not chrome: it joins the
title's entry in the content domain, so an article title is translated once.

Entries are keyed by (msgctxt, msgid). msgctxt is a role name only for roles listed in
``CatalogueOptions.context_roles`` (none by default: on IOM sites the English of a label is the
same in the menu, the breadcrumbs and the footer), never a DOM path or a position: positions live
in the ``#:`` references, ``page-path:anchor`` sorted by page path, then in page order.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping, Sequence
from urllib.parse import quote, urlsplit

from extractor.config import Config
from extractor.model import CHROME_ROLES, NavItem, Page, Segment
from extractor.placeholders import Placeholder, to_placeholders
from extractor.po import Entry
from extractor.text import fold

# How many "paragraph on “Title”" lines an entry shows before summing up the rest.
MAX_WHERE_LINES = 5
# Marker for strings detected as English on a page in another language. GNU msgcat drops
# flags it does not know, so the marker is an extracted comment (`#. extractor-english: ...`).
ENGLISH_MARK = "extractor-english"
# Extracted comment on an entry whose fuzzy msgstr was pre-filled from the English page
# (`#. prefill: <English URL> (score 0.87)`); written by extractor.prefill, kept by sync while
# the suggestion is untouched, counted by the report.
PREFILL_MARK = "prefill: "
_PLACEHOLDER_NAMES = {
    "link": "link", "bold": "bold", "italic": "italic", "br": "line break", "sub": "subscript",
    "sup": "superscript", "code": "code", "span": "span",
}
# Characters kept as they are in a reference's page path; the rest is %-escaped so a path
# never contains whitespace (gettext splits references on it).
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"


def prefill_notes(entry: Entry) -> tuple[str, ...]:
    """The entry's ``#. prefill:`` comments: non-empty when alignment supplied its English."""
    return tuple(c for c in entry.extracted_comments if c.startswith(PREFILL_MARK))


@dataclass(frozen=True)
class CatalogueOptions:
    """How pages become catalogue entries."""

    chrome_domain: str = "site"
    content_domain: str = "content"
    source_lang: str = "id"
    target_lang: str = "en"
    # Roles whose strings get ``msgctxt "<role>"`` because their English differs.
    context_roles: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, config: Config) -> "CatalogueOptions":
        return cls(
            chrome_domain=config.domains.chrome,
            content_domain=config.domains.content,
            source_lang=config.source_lang,
            context_roles=frozenset(config.context_roles),
            target_lang=config.target_lang,
        )


@dataclass(frozen=True)
class PageString:
    """One catalogued occurrence of a string on a page."""

    domain: str
    msgctxt: str | None
    msgid: str
    lang: str
    role: str
    anchor: str
    placeholders: tuple[Placeholder, ...] = ()


@dataclass(frozen=True)
class PageRecord:
    """A page as the catalogues see it: where it is and which strings it contributes."""

    path: str
    source: str
    url: str | None
    title: str | None
    lang: str | None
    section: str | None
    counterpart: str | None
    strings: tuple[PageString, ...]


@dataclass(frozen=True)
class TemplateEntry:
    """One template (POT) entry before it is written."""

    msgctxt: str | None
    msgid: str
    references: tuple[str, ...]
    comments: tuple[str, ...]


@dataclass(frozen=True)
class Templates:
    """Template entries per domain (every configured domain present) and the page records."""

    domains: Mapping[str, tuple[TemplateEntry, ...]]
    pages: tuple[PageRecord, ...]


def page_path(page: Page, root: Path | None = None) -> str:
    """The page's name in references: its URL path, else its source path relative to ``root``.

    >>> page_path(Page("x.html", "https://example.org/id/berita", "id", None, None))
    '/id/berita'
    """
    if page.url:
        path = urlsplit(page.url).path or "/"
    else:
        path = Path(_display_source(page.source, root)).as_posix()
    return quote(path, safe=_PATH_SAFE)


def _display_source(source: str, root: Path | None) -> str:
    """A file source relative to ``root`` (posix), so records do not depend on the machine."""
    path = Path(source)
    if root is None or not path.is_absolute():
        return source
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return source


def _walk(item: NavItem) -> Iterator[NavItem]:
    yield item
    for child in item.children:
        yield from _walk(child)


def _url_parts(url: str | None) -> tuple[str, ...] | None:
    if not url:
        return None
    return tuple(s for s in urlsplit(url).path.split("/") if s)


def page_section(page: Page) -> str | None:
    """Label of the top-level menu item the page sits under, or None.

    The page's URL is matched against every menu URL (exact match first, then the longest menu
    URL that is a parent path of the page's, ignoring the language root); failing that, a
    breadcrumb label that is a menu label names the section.
    """
    target = _url_parts(page.url)
    if target is not None:
        best: tuple[int, str] | None = None
        for top in page.nav:
            for item in _walk(top):
                parts = _url_parts(item.url)
                if parts is None:
                    continue
                if parts == target:
                    return top.label
                meaningful = parts[1:] if parts[:1] == (page.lang,) else parts
                if meaningful and target[: len(parts)] == parts:
                    if best is None or len(parts) > best[0]:
                        best = (len(parts), top.label)
        if best is not None:
            return best[1]
    for crumb in page.breadcrumbs:
        for top in page.nav:
            if any(fold(item.label) == fold(crumb) for item in _walk(top)):
                return top.label
    return None


def page_record(page: Page, segments: Sequence[Segment], options: CatalogueOptions,
                root: Path | None = None) -> PageRecord:
    """The strings of one page that go to translators, in page order.

    Language-neutral segments (lang None) and empty ones are left out.
    """
    title = fold(page.title) if page.title else None
    last_crumb = len(page.breadcrumbs)
    strings: list[PageString] = []
    for seg in segments:
        if seg.lang is None or not seg.text.strip():
            continue
        msgid, placeholders = to_placeholders(seg.text, seg.spans)
        domain = options.chrome_domain if seg.role in CHROME_ROLES else options.content_domain
        if (seg.role == "breadcrumb" and title is not None and fold(seg.text) == title
                and seg.anchor == f"crumb.{last_crumb}"):
            domain = options.content_domain
        msgctxt = seg.role if seg.role in options.context_roles else None
        strings.append(PageString(domain, msgctxt, msgid, seg.lang, seg.role, seg.anchor,
                                  placeholders))
    return PageRecord(
        path=page_path(page, root),
        source=_display_source(page.source, root),
        url=page.url,
        title=page.title,
        lang=page.lang,
        section=page_section(page),
        counterpart=page.alternates.get(options.target_lang),
        strings=tuple(strings),
    )


@dataclass
class _Pending:
    key: tuple[str, int]
    references: list[tuple[tuple[str, int], str]]
    comments: list[tuple[tuple[int, tuple[str, int]], str]]


def _comment_lines(record: PageRecord, s: PageString,
                   options: CatalogueOptions) -> list[tuple[int, str]]:
    """(kind, line) pairs: where the string is, its language, then its placeholders."""
    role = s.role.replace("_", " ")
    lines = [(0, role if s.domain == options.chrome_domain or not record.title
              else f"{role} on “{fold(record.title)}”")]
    page_lang = record.lang or options.source_lang
    if s.lang != page_lang:
        if s.lang == "en":
            lines.append((1, f"{ENGLISH_MARK}: detected as English on a page in {page_lang}"))
        else:
            lines.append((1, f"language: {s.lang} (page: {page_lang})"))
    inline = [p for p in s.placeholders if not p.whole]
    if inline:
        names = ", ".join(f"<{p.number}/>" if p.empty else f"<{p.number}>…</{p.number}>"
                          for p in inline)
        kinds = ", ".join(_PLACEHOLDER_NAMES.get(p.kind, p.kind) for p in inline)
        lines.append((2, f"placeholders: {names} ({kinds}); keep them around the matching words"))
    return lines


def _cap_where(lines: tuple[tuple[int, str], ...]) -> tuple[str, ...]:
    """Comment lines, with the "where" lines of a string shown on many pages summed up."""
    where = [line for kind, line in lines if kind == 0]
    rest = [line for kind, line in lines if kind != 0]
    if len(where) > MAX_WHERE_LINES:
        more = len(where) - MAX_WHERE_LINES
        where = where[:MAX_WHERE_LINES] + [f"… and on {more} more page(s)"]
    return tuple(where + rest)


def build_templates(records: Sequence[PageRecord], options: CatalogueOptions) -> Templates:
    """Template entries per domain from page records.

    Deterministic whatever the order of ``records``: references are sorted by page path, then
    page order; entries follow the site (ordered by their first reference); comments say
    where the string is (in reference order), then its language, then its placeholders,
    without repeats.
    """
    ordered = sorted(records, key=lambda r: (r.path, r.source))
    pending: dict[str, dict[tuple[str | None, str], _Pending]] = {
        options.chrome_domain: {}, options.content_domain: {},
    }
    seen_refs: set[tuple[str, str, str | None, str]] = set()
    for record in ordered:
        for index, s in enumerate(record.strings):
            key = (record.path, index)
            entries = pending.setdefault(s.domain, {})
            entry = entries.get((s.msgctxt, s.msgid))
            if entry is None:
                entry = entries[(s.msgctxt, s.msgid)] = _Pending(key, [], [])
            ref = f"{record.path}:{s.anchor}"
            if (s.domain, ref, s.msgctxt, s.msgid) not in seen_refs:
                seen_refs.add((s.domain, ref, s.msgctxt, s.msgid))
                entry.references.append((key, ref))
            for kind, line in _comment_lines(record, s, options):
                entry.comments.append(((kind, key), line))
    domains: dict[str, tuple[TemplateEntry, ...]] = {}
    for domain, entries in pending.items():
        built = []
        for (msgctxt, msgid), p in sorted(entries.items(), key=lambda kv: kv[1].key):
            refs = tuple(ref for _, ref in sorted(p.references))
            comments = _cap_where(tuple(dict.fromkeys(
                (kind, line) for (kind, _), line in sorted(p.comments, key=lambda c: c[0]))))
            built.append(TemplateEntry(msgctxt, msgid, refs, comments))
        domains[domain] = tuple(built)
    return Templates(domains=domains, pages=tuple(ordered))

