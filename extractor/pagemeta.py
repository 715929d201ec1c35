"""What a page says about itself: language, canonical URL, alternates, title, date, crumbs.

Small readers over the parsed tree, each taking the site profile's selectors through the
document's index (see extractor.selectors); extractor.parse assembles them into a Page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from extractor.accel import text_of
from extractor.dates import NOT_PUBLICATION, parse_dateline, parse_machine_date, parse_visible_date
from extractor.model import Block
from extractor.profile import Profile
from extractor.selectors import DocIndex
from extractor.text import fold
from extractor.urls import resolve

_TITLE_SUFFIX = re.compile(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014]{2,60}$")


# The <meta> elements a page model reads, by (attribute, value): og:url stands in for a missing
# canonical link, og:title for a missing h1, article:published_time for a date shown nowhere.
_METAS = {("property", "og:url"): "og:url", ("property", "og:title"): "og:title",
          ("property", "article:published_time"): "article:published_time",
          ("http-equiv", "content-language"): "content-language"}


@dataclass(frozen=True)
class Head:
    """What a page's <meta> and <link> elements say, read in one pass over them.

    ``metas`` holds the first non-empty content of each name in _METAS; ``hreflang`` the
    (hreflang, href) of every ``<link rel=alternate hreflang>`` in document order.
    """

    metas: dict[str, str]
    canonical: str | None
    hreflang: tuple[tuple[str, str], ...]


def read_head(root: Any) -> Head:
    metas: dict[str, str] = {}
    canonical = None
    hreflang = []
    # iter() with tag names filters in C: only the few meta and link elements reach Python.
    for el in root.iter("meta", "link"):
        if el.tag == "meta":
            for attr in ("property", "http-equiv"):
                name = _METAS.get((attr, el.get(attr)))
                if name and name not in metas:
                    content = (el.get("content") or "").strip()
                    if content:
                        metas[name] = content
            continue
        rel = el.get("rel")
        if not rel:
            continue
        href = el.get("href")
        if not href:
            continue
        rels = rel.lower().split()
        if canonical is None and "canonical" in rels:
            canonical = href.strip()
        if "alternate" in rels and el.get("hreflang") is not None:
            hreflang.append((el.get("hreflang"), href))
    return Head(metas, canonical, tuple(hreflang))


def primary_lang(raw: str | None) -> str | None:
    """The primary subtag of a language tag, lower-cased ("en-US", "en_US" -> "en"), or None."""
    if not raw:
        return None
    return raw.strip().split("-")[0].split("_")[0].lower() or None


def page_lang(root: Any, head: Head) -> str | None:
    return primary_lang(root.get("lang") or root.get("xml:lang") or head.metas.get("content-language"))


def alternates(head: Head, base: str | None, profile: Profile, index: DocIndex) -> dict[str, str]:
    found: dict[str, str] = {}
    for hreflang, href in head.hreflang:
        lang = hreflang.strip().lower()
        if lang != "x-default":
            found.setdefault(lang, absolute(href, base))
    if not found:
        for sel in profile.language_switcher:
            for a in index.select(sel):
                if a.get("href") and a.get("hreflang"):
                    found.setdefault(a.get("hreflang").strip().lower(), absolute(a.get("href"), base))
            if found:
                break
    return dict(sorted(found.items()))


def absolute(href: str, base: str | None) -> str:
    """``href`` resolved against ``base``; a link too malformed to resolve is kept as written
    (the page's mistake, not a reason to fail)."""
    href = href.strip()
    return (resolve(href, base) or href) if base else href


def title_of(root: Any, head: Head, scope: Any, profile: Profile, index: DocIndex) -> tuple[str | None, Any | None]:
    h1 = index.first(profile.title, scope)
    if h1 is not None:
        text = fold(text_of(h1))
        if text:
            return text, h1
    raw = head.metas.get("og:title")
    if raw:
        return fold(raw) or None, None
    t = root.find(".//title")
    title = fold(text_of(t)) if t is not None else ""
    return _TITLE_SUFFIX.sub("", title) or None, None


def publication_date(head: Head, scope: Any, profile: Profile, index: DocIndex, lang: str | None,
                     blocks: list[Block], date_lines: list[str]) -> str | None:
    """The publication date shown on the page, in its local time (see extractor.dates)."""
    for sel in profile.date:
        for el in index.select(sel, scope):
            text = fold(text_of(el))
            if NOT_PUBLICATION.search(text) or _inside_footer(el):
                continue
            found = parse_visible_date(text, lang)
            if found:
                return found
            if el.get("datetime"):
                found = parse_machine_date(el.get("datetime"))
                if found:
                    return found
    meta = published_meta(head)
    if meta:
        return meta
    for line in date_lines:
        found = parse_visible_date(line, lang)
        if found:
            return found
    for block in blocks[:3]:
        if block.type == "paragraph":
            found = parse_dateline(block.text, lang)
            if found:
                return found
    return None


def published_meta(head: Head) -> str | None:
    meta = head.metas.get("article:published_time")
    return parse_machine_date(meta) if meta else None


def _inside_footer(el: Any) -> bool:
    for anc in el.iterancestors():
        if anc.tag == "footer" or anc.get("role") == "contentinfo":
            return True
    return False


def breadcrumbs_of(profile: Profile, index: DocIndex) -> tuple[str, ...]:
    trail = index.first(profile.breadcrumbs)
    if trail is None:
        return ()
    items = list(trail.iterdescendants("li"))
    if not items:
        items = list(trail.iter("a", "span")) or [trail]
    crumbs = [fold(text_of(li)) for li in items]
    return tuple(c for c in crumbs if c)


def footer_labels(foot: Any) -> tuple[str, ...]:
    """The footer's visible headings and link labels, each once, in order."""
    labels: list[str] = []
    for el in foot.iter("a", "h2", "h3", "h4", "h5", "h6"):
        text = fold(text_of(el))
        if text and text not in labels:
            labels.append(text)
    return tuple(labels)
