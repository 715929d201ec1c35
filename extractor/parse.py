"""HTML -> Page: the clean page model of one document.

The hot path uses lxml directly (a BeautifulSoup tree costs ~25x a bare lxml parse). Which
parts of the markup are navigation, breadcrumbs, article and body comes from a site profile
(see extractor.profile); reading the article body itself is theme-independent (extractor.blocks).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from extractor.blocks import read_blocks
from extractor.dates import NOT_PUBLICATION, parse_dateline, parse_machine_date, parse_visible_date
from extractor.decode import decode_html
from extractor.errors import ParseError
from extractor.model import Block, Fetched, NavItem, Page
from extractor.nav import read_nav
from extractor.profile import Profile, Selector, load_profile
from extractor.text import fold

# Elements never read as content, whatever the theme.
_ALWAYS_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
                "canvas", "select", "textarea", "input")
# Visually hidden or hidden from everyone: not what a reader sees.
_HIDDEN = etree.XPath(
    "//*[@hidden or @aria-hidden='true'"
    " or contains(translate(@style,' ',''),'display:none')"
    " or contains(translate(@style,' ',''),'visibility:hidden')"
    " or contains(concat(' ',normalize-space(@class),' '),' visually-hidden ')"
    " or contains(concat(' ',normalize-space(@class),' '),' sr-only ')"
    " or contains(concat(' ',normalize-space(@class),' '),' screen-reader-text ')"
    " or contains(concat(' ',normalize-space(@class),' '),' element-invisible ')"
    " or contains(concat(' ',normalize-space(@class),' '),' skip-link ')"
    " or contains(concat(' ',normalize-space(@class),' '),' d-none ')]"
)
_TITLE_SUFFIX = re.compile(r"\s+[|\u2013\u2014-]\s+[^|\u2013\u2014]{2,60}$")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")


def _first(selectors: tuple[Selector, ...], root: Any) -> Any | None:
    for sel in selectors:
        found = sel(root)
        if found:
            return found[0]
    return None


def _drop(el: Any) -> None:
    """Remove an element but keep its tail text in the document."""
    parent = el.getparent()
    if parent is not None:
        el.drop_tree()


def _meta(root: Any, attr: str, value: str) -> str | None:
    for el in root.iterfind(f".//meta[@{attr}='{value}']"):
        content = el.get("content")
        if content and content.strip():
            return content.strip()
    return None


def _link_href(root: Any, rel: str) -> str | None:
    for el in root.iterfind(".//link[@rel]"):
        if rel in el.get("rel", "").lower().split() and el.get("href"):
            return el.get("href").strip()
    return None


def _lang(root: Any) -> str | None:
    raw = root.get("lang") or root.get("xml:lang") or _meta(root, "http-equiv", "content-language")
    if not raw:
        return None
    primary = raw.strip().split("-")[0].split("_")[0].lower()
    return primary or None


def _alternates(root: Any, base: str | None, profile: Profile) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in root.iterfind(".//link[@hreflang]"):
        if "alternate" in el.get("rel", "").lower().split() and el.get("href"):
            lang = el.get("hreflang").strip().lower()
            if lang != "x-default":
                found.setdefault(lang, _absolute(el.get("href"), base))
    if not found:
        for sel in profile.language_switcher:
            for a in sel(root):
                if a.get("href") and a.get("hreflang"):
                    found.setdefault(a.get("hreflang").strip().lower(), _absolute(a.get("href"), base))
            if found:
                break
    return dict(sorted(found.items()))


def _absolute(href: str, base: str | None) -> str:
    href = href.strip()
    return urljoin(base, href) if base else href


def _title(root: Any, scope: Any, profile: Profile) -> tuple[str | None, Any | None]:
    h1 = _first(profile.title, scope)
    if h1 is not None:
        text = fold(h1.text_content())
        if text:
            return text, h1
    raw = _meta(root, "property", "og:title")
    if not raw:
        t = root.find(".//title")
        raw = t.text_content() if t is not None else None
        if raw:
            raw = _TITLE_SUFFIX.sub("", fold(raw))
    return (fold(raw) or None) if raw else None, None


def _date(root: Any, scope: Any, profile: Profile, lang: str | None, blocks: list[Block]) -> str | None:
    """The publication date shown on the page, in its local time (see extractor.dates)."""
    for sel in profile.date:
        for el in sel(scope):
            text = fold(el.text_content())
            if NOT_PUBLICATION.search(text) or _inside_footer(el):
                continue
            found = parse_visible_date(text, lang)
            if found:
                return found
            if el.get("datetime"):
                found = parse_machine_date(el.get("datetime"))
                if found:
                    return found
    meta = _published_meta(root)
    if meta:
        return meta
    for block in blocks[:3]:
        if block.type == "paragraph":
            found = parse_dateline(block.text, lang)
            if found:
                return found
    return None


def _published_meta(root: Any) -> str | None:
    meta = _meta(root, "property", "article:published_time")
    return parse_machine_date(meta) if meta else None


def _inside_footer(el: Any) -> bool:
    for anc in el.iterancestors():
        if anc.tag == "footer" or anc.get("role") == "contentinfo":
            return True
    return False


def _breadcrumbs(scope: Any, profile: Profile) -> tuple[str, ...]:
    trail = _first(profile.breadcrumbs, scope)
    if trail is None:
        return ()
    items = trail.findall(".//li")
    if not items:
        items = [a for a in trail.iter("a", "span")] or [trail]
    crumbs = [fold(li.text_content()) for li in items]
    return tuple(c for c in crumbs if c)


def _footer(root: Any, profile: Profile) -> tuple[str, ...]:
    foot = _first(profile.footer, root)
    if foot is None:
        return ()
    labels: list[str] = []
    for el in foot.iter("a", "h2", "h3", "h4", "h5", "h6"):
        text = fold(el.text_content())
        if text and text not in labels:
            labels.append(text)
    return tuple(labels)


def _content_root(root: Any, profile: Profile) -> tuple[Any, bool]:
    """The element holding the page's content, and whether it is a single full article."""
    main = _first(profile.main, root)
    scope = main if main is not None else root.find("body") if root.find("body") is not None else root
    for sel in profile.article:
        found = sel(scope)
        if not found:
            continue
        # Teasers nested in the article (related news) do not make it a listing; several
        # top-level articles do (a news list).
        top = [a for a in found if not any(b is not a and _is_within(a, b) for b in found)]
        if len(top) == 1:
            return top[0], True
        break
    return scope, False


def _is_within(el: Any, ancestor: Any) -> bool:
    return any(a is ancestor for a in el.iterancestors())


def parse_document(text: str, source: str, *, base_url: str | None = None,
                   encoding: str = "utf-8", encoding_source: str = "default",
                   profile: Profile | None = None) -> Page:
    """Build the Page of one decoded HTML document."""
    profile = profile or load_profile("generic")
    text = _XML_DECL.sub("", text, count=1)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"not readable as HTML: {exc}", source) from exc
    lang = _lang(root)
    canonical = _link_href(root, "canonical") or _meta(root, "property", "og:url")
    url = _absolute(canonical, base_url) if canonical else base_url
    alternates = _alternates(root, url or base_url, profile)

    # Hidden content goes first: hidden duplicates must not become nav items or blocks.
    etree.strip_elements(root, *_ALWAYS_DROP, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for el in _HIDDEN(root):
        _drop(el)
    body = root.find("body")
    scope = body if body is not None else root

    nav_root = _first(profile.nav, scope)
    nav = read_nav(nav_root, url or base_url, profile) if nav_root is not None else read_nav(None, url or base_url, profile, page=scope)
    breadcrumbs = _breadcrumbs(scope, profile)
    footer = _footer(scope, profile)

    content, is_article = _content_root(scope, profile)
    title, h1 = _title(root, content if is_article else scope, profile)
    if h1 is None and not is_article:
        h1 = scope.find(".//h1")
    for sel in profile.boilerplate:
        for el in sel(content):
            if el is not content:
                _drop(el)
    body_root = _first(profile.body, content) if is_article else None
    blocks = read_blocks(body_root if body_root is not None else content, lang,
                         skip=h1, meta=profile.meta if is_article else ())
    # A listing or home page shows many dates, none of them its own publication date.
    date = _date(root, content, profile, lang, blocks) if is_article else _published_meta(root)
    return Page(source=source, url=url, lang=lang, title=title, date=date, nav=nav,
                breadcrumbs=breadcrumbs, blocks=tuple(blocks), alternates=alternates,
                encoding=encoding, encoding_source=encoding_source, footer=footer)


def parse_bytes(body: bytes, source: str, *, base_url: str | None = None,
                content_type: str | None = None, profile: Profile | None = None) -> Page:
    """Decode and parse one HTML document given as bytes."""
    text, encoding, enc_source = decode_html(body, source, content_type)
    return parse_document(text, source, base_url=base_url, encoding=encoding,
                          encoding_source=enc_source, profile=profile)


def parse_fetched(fetched: Fetched, source: str | None = None, profile: Profile | None = None) -> Page:
    """Parse a fetched (or cached) response; its Content-Type header decides the encoding first."""
    return parse_bytes(fetched.body, source or fetched.url, base_url=fetched.url,
                       content_type=fetched.headers.get("content-type"), profile=profile)


def parse_file(path: str | Path, profile: Profile | None = None) -> Page:
    """Parse a saved HTML file. ``source`` is the path as given."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise ParseError("no such file", str(path)) from exc
    except IsADirectoryError as exc:
        raise ParseError("is a folder, not an HTML file", str(path)) from exc
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror}", str(path)) from exc
    return parse_bytes(data, str(path), profile=profile)
