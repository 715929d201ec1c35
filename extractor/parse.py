"""HTML -> Page: the clean page model of one document.

The hot path uses lxml directly (a BeautifulSoup tree costs ~25x a bare lxml parse). Which
parts of the markup are navigation, breadcrumbs, article and body comes from a site profile
(see extractor.profile); reading the article body itself is theme-independent (extractor.blocks).
"""
from __future__ import annotations

import codecs
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from lxml import etree

from extractor.accel import outermost, text_of, within
from extractor.blocks import read_blocks
from extractor.decode import check_html
from extractor.errors import ParseError
from extractor.model import Fetched, NavItem, Page
from extractor.nav import primary_nav, read_nav
from extractor.pagemeta import (
    absolute, alternates, breadcrumbs_of, footer_labels, page_lang, publication_date, published_meta,
    read_head, title_of,
)
from extractor.profile import Profile, load_profile
from extractor.selectors import DocIndex
from extractor.text import fold

# Elements never read as content, whatever the theme.
_ALWAYS_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
                "canvas", "select", "textarea", "input")
# Visually hidden or hidden from everyone: not what a reader sees.
_HIDDEN_CLASSES = frozenset({"visually-hidden", "sr-only", "screen-reader-text", "element-invisible",
                             "skip-link", "d-none", "hidden", "invisible"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Attributes that can hide an element; the document index notes who carries them.
_HIDDEN_ATTRS = frozenset({"hidden", "aria-hidden", "style"})


def _hidden(index: DocIndex) -> list[Any]:
    """Elements a reader never sees, outermost only."""
    found: dict[int, Any] = {}
    for cls in _HIDDEN_CLASSES:
        for el in index.by_class.get(cls, ()):
            found[id(el)] = el
    by_attr = index.by_attr
    for el in by_attr.get("hidden", ()):
        found[id(el)] = el
    for el in by_attr.get("aria-hidden", ()):
        if el.get("aria-hidden") == "true":
            found[id(el)] = el
    for el in by_attr.get("style", ()):
        if _HIDDEN_STYLE.search(el.get("style")):
            found[id(el)] = el
    return outermost(list(found.values())) if found else []


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
# Characters lxml refuses in text it is given (it parses them fine from a document).
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _drop(el: Any) -> None:
    """Remove an element but keep its tail text in the document."""
    parent = el.getparent()
    if parent is None:
        return
    tail = _XML_UNSAFE.sub("", el.tail) if el.tail else ""
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = _XML_UNSAFE.sub("", prev.tail or "") + tail
        else:
            parent.text = _XML_UNSAFE.sub("", parent.text or "") + tail
    parent.remove(el)


def _content_root(scope: Any, profile: Profile, index: DocIndex) -> tuple[Any, bool]:
    """The element holding the page's content, and whether it is a single full article."""
    main = next((m for sel in profile.main for m in index.select(sel, scope) if _has_text(m)), None)
    scope = main if main is not None else scope
    for sel in profile.article:
        found = index.select(sel, scope)
        if not found:
            continue
        # Teasers nested in the article (related news) do not make it a listing; several
        # top-level articles do (a news list).
        top: list[Any] = []
        for a in found:  # in document order: one nested in an earlier one is in the last kept
            if not top or not within(a, top[-1]):
                top.append(a)
        if len(top) == 1:
            return top[0], True
        return scope, False
    # No article element: a page with one h1 followed by paragraphs is an article all the
    # same (Bootstrap and hand-written themes); the h1's nearest container holding them is it.
    h1s = list(scope.iter("h1"))
    if len(h1s) == 1:
        for container in h1s[0].iterancestors():
            if sum(1 for _ in container.iter("p")) >= 2:
                return container, True
            if container is scope:
                break
    return scope, False


# Links that share the page on a social network: their widget is never content.
_SHARE_HREF = re.compile(r"sharer|wa\.me/|/intent/tweet|twitter\.com/share|linkedin\.com/share|t\.me/share|addtoany\.com")
_SHARE_WIDGET_TEXT = 200


def _share_widgets(content: Any) -> list[Any]:
    """The outermost elements around share links that hold little else.

    Themes name share widgets in countless ways; what they have in common is links to the
    networks' share endpoints with a short call to action around them.
    """
    widgets: list[Any] = []
    # Own text length by ancestor, as a widget's links share their ancestors. The entry keeps
    # the ancestor's proxy alive, so lxml hands out that same object again and its id stays.
    own_text: dict[int, tuple[Any, int]] = {}
    for link in content.iter("a"):
        if not _SHARE_HREF.search(link.get("href") or ""):
            continue
        widget = link
        for anc in link.iterancestors():
            if anc is content:
                break
            known = own_text.get(id(anc))
            if known is None:
                own = len(fold(text_of(anc))) - sum(len(fold(text_of(a))) for a in anc.iter("a"))
                own_text[id(anc)] = (anc, own)
            else:
                own = known[1]
            if own > _SHARE_WIDGET_TEXT:
                break
            widget = anc
        widgets.append(widget)
    return widgets


def _has_text(el: Any) -> bool:
    """A content candidate must hold something (Olivero's #main-content is an empty anchor)."""
    return len(el) > 0 and any(t.strip() for t in el.itertext())


_LIBXML_NAMES = {"utf-8": "utf-8", "cp1252": "windows-1252", "iso8859-15": "iso-8859-15"}
_INVALID_ENCODING = etree.ErrorTypes.ERR_INVALID_ENCODING


def _tree(body: bytes, encoding: str) -> Any:
    """``body`` parsed as HTML in ``encoding``, as plain etree elements (lxml.html's element
    classes cost a Python call per node).

    libxml2 reads UTF-8, windows-1252 and ISO-8859-15 bytes itself, faster than a Python str;
    a page with bytes invalid in its encoding is decoded by Python instead, so each becomes
    U+FFFD the way Python writes it.
    """
    libxml = _LIBXML_NAMES.get(encoding)
    if libxml is not None:
        raw = body[3:] if body.startswith(codecs.BOM_UTF8) else body
        if libxml == "utf-8":
            # libxml2 reports invalid UTF-8 itself: no need to decode the page to find out.
            parser = _html_parser(libxml)
            root = etree.fromstring(raw, parser)
            if not any(e.type == _INVALID_ENCODING for e in parser.error_log):
                return root
        elif "\ufffd" not in body.decode(encoding, errors="replace"):
            return etree.fromstring(raw, _html_parser(libxml))
    text = body.decode(encoding, errors="replace").removeprefix("\ufeff")
    return etree.fromstring(_XML_DECL.sub("", text, count=1), _html_parser(None))


def _html_parser(encoding: str | None) -> etree.HTMLParser:
    # collect_ids=False: libxml2's table of id attributes serves XPath's id(), never used here.
    return etree.HTMLParser(encoding=encoding, remove_comments=True, remove_pis=True, collect_ids=False)


# Site chrome repeats on every page; a parser remembers this many distinct menus and footers.
_CHROME_CACHE_SIZE = 64


def _remember(cache: dict[Any, Any], key: Any, read: Callable[[], Any]) -> Any:
    """``cache[key]``, read once; a full cache starts afresh (a crawl may span many sites)."""
    if key not in cache:
        if len(cache) >= _CHROME_CACHE_SIZE:
            cache.clear()
        cache[key] = read()
    return cache[key]


class PageParser:
    """Parses pages with one site profile.

    It remembers the site chrome it has read (navigation and footer subtrees, keyed by their
    markup and the site's origin), so extracting a thousand pages of one site reads the
    identical mega-menu once. Create one per run; it is not shared between threads.
    """

    def __init__(self, profile: Profile | None = None) -> None:
        self.profile = profile or load_profile("generic")
        spec = self.profile.index
        # Also indexed: what hides an element, and lang attributes (a block's declared language).
        self._index = replace(spec, classes=spec.classes | _HIDDEN_CLASSES, attrs=spec.attrs | _HIDDEN_ATTRS | {"lang"})
        self._nav: dict[tuple[bytes, str | None], tuple[NavItem, ...]] = {}
        self._footer: dict[bytes, tuple[str, ...]] = {}

    def parse_bytes(self, body: bytes, source: str, *, base_url: str | None = None,
                    content_type: str | None = None) -> Page:
        """Decode and parse one HTML document given as bytes."""
        encoding, enc_source = check_html(body, source, content_type)
        try:
            root = _tree(body, encoding)
        except (etree.XMLSyntaxError, ValueError, LookupError) as exc:
            raise ParseError(f"not readable as HTML: {exc}", source) from exc
        if root is None:
            raise ParseError("not readable as HTML: no elements", source)
        return self._parse(root, source, base_url, encoding, enc_source)

    def parse_fetched(self, fetched: Fetched, source: str | None = None) -> Page:
        """Parse a fetched (or cached) response; its Content-Type decides the encoding first."""
        return self.parse_bytes(fetched.body, source or fetched.url, base_url=fetched.url,
                                content_type=fetched.headers.get("content-type"))

    def parse_file(self, path: str | Path) -> Page:
        """Parse a saved HTML file. ``source`` is the path as given."""
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError as exc:
            raise ParseError("no such file", str(path)) from exc
        except IsADirectoryError as exc:
            raise ParseError("is a folder, not an HTML file", str(path)) from exc
        except OSError as exc:
            raise ParseError(f"cannot read: {exc.strerror}", str(path)) from exc
        return self.parse_bytes(data, str(path))

    def _parse(self, root: Any, source: str, base_url: str | None, encoding: str,
               encoding_source: str) -> Page:
        profile = self.profile
        # Hidden content goes first: hidden duplicates must not become nav items or blocks.
        etree.strip_elements(root, *_ALWAYS_DROP, with_tail=False)
        body = next((child for child in root if child.tag == "body"), None)
        scope = body if body is not None else root
        # Selectors look for page parts, all in <body>: <head> is not indexed.
        index = DocIndex(scope, self._index)
        hidden = _hidden(index)
        index.forget(hidden)
        for el in hidden:
            _drop(el)
        head = read_head(root)
        lang = page_lang(root, head)
        canonical = head.canonical or head.metas.get("og:url")
        url = absolute(canonical, base_url) if canonical else base_url
        languages = alternates(head, url, profile, index)

        nav = self._read_nav(index.first(profile.nav, scope), url, index, scope)
        breadcrumbs = breadcrumbs_of(profile, index)
        footer = self._read_footer(index.first(profile.footer))

        content, is_article = _content_root(scope, profile, index)
        title, h1 = title_of(root, head, content if is_article else scope, profile, index)
        if h1 is None and not is_article:
            h1 = next(scope.iter("h1"), None)
        body_root = index.first(profile.body, content) if is_article else None
        # Boilerplate, share widgets and, in an article, its meta lines are found once and
        # skipped, with everything inside them, while the blocks are read.
        skipped = profile.boilerplate_any.select(content, index) + _share_widgets(content)
        if is_article:
            skipped += profile.meta_any.select(content, index)
        skip_ids = {id(el) for el in skipped}  # `skipped` holds the proxies: ids stay theirs
        blocks, date_lines = read_blocks(body_root if body_root is not None else content, lang,
                                         skip=h1, exclude=lambda el: id(el) in skip_ids, article=is_article,
                                         lang_marked=index.by_attr.get("lang", ()))
        # A listing or home page shows many dates, none of them its own publication date.
        date = publication_date(head, content, profile, index, lang, blocks, date_lines) if is_article else published_meta(head)
        return Page(source=source, url=url, lang=lang, title=title, date=date, nav=nav,
                    breadcrumbs=breadcrumbs, blocks=tuple(blocks), alternates=languages,
                    encoding=encoding, encoding_source=encoding_source, footer=footer)

    def _read_nav(self, nav_root: Any | None, base: str | None, index: DocIndex, scope: Any) -> tuple[NavItem, ...]:
        if nav_root is None:  # no profile selector matched: the page's most likely menu
            nav_root = primary_nav(scope)
            if nav_root is None:
                return ()
        markup = etree.tostring(nav_root)
        # Root-relative and absolute links resolve the same on every page of a site.
        site_wide = _PAGE_RELATIVE_HREF.search(markup) is None
        key = (markup, _origin(base) if site_wide else base)
        return _remember(self._nav, key, lambda: read_nav(nav_root, base, self.profile, index))

    def _read_footer(self, foot: Any | None) -> tuple[str, ...]:
        if foot is None:
            return ()
        return _remember(self._footer, etree.tostring(foot), lambda: footer_labels(foot))


# An href that may resolve differently on another page of the site: anything but a
# root-relative path ("/x", not "//host/x"), an absolute http(s) URL, a fragment or mailto:.
# lxml writes every attribute in double quotes, so the serialised markup is searched.
_PAGE_RELATIVE_HREF = re.compile(rb' href="(?!/(?!/)|https?:|#|mailto:)')


def _origin(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # a malformed canonical URL: cache per page rather than per site
        return url
    return f"{parts.scheme}://{parts.netloc}"


def parse_bytes(body: bytes, source: str, *, base_url: str | None = None,
                content_type: str | None = None, profile: Profile | None = None) -> Page:
    """Decode and parse one HTML document given as bytes (see PageParser for many pages)."""
    return PageParser(profile).parse_bytes(body, source, base_url=base_url, content_type=content_type)


def parse_fetched(fetched: Fetched, source: str | None = None, profile: Profile | None = None) -> Page:
    """Parse a fetched (or cached) response."""
    return PageParser(profile).parse_fetched(fetched, source)


def parse_file(path: str | Path, profile: Profile | None = None) -> Page:
    """Parse a saved HTML file. ``source`` is the path as given."""
    return PageParser(profile).parse_file(path)
