"""URLs for the crawler: normalisation (so a page is fetched once), scope, and the links,
hreflang alternates and canonical of a page, found with lxml directly (no soup: it is per page).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree
from requests.utils import requote_uri

DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that only say where a visitor came from; the page is the same without them.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid",
     "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ref_src"}
)
TRACKING_PREFIXES = ("utm_",)
# Links to these are documents or media, never HTML: skipped without a request.
NON_HTML_SUFFIXES = frozenset(
    {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".zip", ".gz",
     ".rar", ".7z", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico", ".mp3", ".mp4",
     ".avi", ".mov", ".webm", ".css", ".js", ".json", ".xml", ".rss", ".csv", ".txt", ".epub"}
)


def clean_url(url: str) -> str | None:
    """``url`` made canonical for requesting: lower-case scheme and host, no default port, no
    fragment, no tracking parameters, remaining parameters sorted, dot segments resolved and
    unsafe characters percent-encoded. A trailing slash is kept (servers care). None for
    anything that is not http(s) (mailto:, javascript:, tel:, ...)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    path = parts.path or "/"
    trailing = path.endswith("/")
    path = posixpath.normpath(path) if path != "/" else "/"
    if path.startswith("//"):
        path = "/" + path.lstrip("/")
    if trailing and path != "/":
        path += "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    query.sort()
    return requote_uri(urlunsplit((scheme, host, path, urlencode(query), "")))


def key_of(cleaned: str) -> str:
    """The page key of a URL already passed through ``clean_url``: its trailing slash dropped."""
    head, sep, query = cleaned.partition("?")
    if head.endswith("/") and head.count("/") > 3:
        head = head.rstrip("/")
    return head + sep + query


def normalise_url(url: str) -> str | None:
    """The identity of a page: ``clean_url`` without a trailing slash (``/id/`` == ``/id``),
    the key of the crawl's seen-set and of the cache. None when ``url`` is not http(s)."""
    cleaned = clean_url(url)
    return None if cleaned is None else key_of(cleaned)


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL (as ``clean_url`` spells it)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def looks_like_document(url: str) -> bool:
    """True when the URL's path ends in a document or media suffix (``.pdf``, ``.jpg``, ...)."""
    path = urlsplit(url).path.lower()
    return posixpath.splitext(path)[1] in NON_HTML_SUFFIXES


@dataclass(frozen=True)
class Scope:
    """Where a crawl may go: the origins and path prefixes of its start URLs.

    A start URL ``https://site/id/`` (or ``https://site/id``) covers ``/id`` and everything
    under ``/id/``; a start URL naming a file (``/id/index.html``) covers its folder.
    """

    prefixes: tuple[tuple[str, str], ...]

    @classmethod
    def from_start_urls(cls, urls: list[str]) -> "Scope":
        prefixes = []
        for url in urls:
            key = normalise_url(url)
            if key is None:
                continue
            path = urlsplit(key).path
            if "." in path.rsplit("/", 1)[-1]:
                path = path.rsplit("/", 1)[0] or "/"
            prefixes.append((origin(key), path.rstrip("/")))
        return cls(tuple(sorted(set(prefixes))))

    def contains(self, url: str) -> bool:
        """True when ``url`` is on a start origin and under a start path prefix."""
        key = normalise_url(url)
        return key is not None and self.contains_key(key)

    def contains_key(self, key: str) -> bool:
        """``contains`` for a page key (``normalise_url``'s result), without normalising again."""
        for o, p in self.prefixes:
            head = o + p
            if key.startswith(head):
                rest = key[len(head):]
                if not rest or rest[0] in "/?":
                    return True
        return False

    def same_site(self, url: str) -> bool:
        """True when ``url`` is on one of the start origins (any path): where counterparts may be."""
        key = normalise_url(url)
        return key is not None and self.same_site_key(key)

    def same_site_key(self, key: str) -> bool:
        return any(key.startswith(o + "/") for o, _ in self.prefixes)

    @property
    def origins(self) -> tuple[str, ...]:
        return tuple(sorted({o for o, _ in self.prefixes}))


@dataclass(frozen=True)
class PageLinks:
    """What a page points at, as absolute URLs: ``links`` (a[href], in document order, without
    repeats), ``alternates`` (hreflang -> URL) and ``canonical``."""

    links: tuple[str, ...] = ()
    alternates: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None


def resolve(href: str, base: str) -> str | None:
    """``href`` (surrounding white space ignored) made absolute against ``base``; None when
    either cannot be parsed as a URL (``http://[oops``), so one bad link is a link skipped."""
    href = href.strip()
    if _ABSOLUTE.match(href) and not _JOIN_REWRITES.search(href):
        return href  # what urljoin would return, without parsing both URLs (5 us a link)
    try:
        return urljoin(base, href)
    except ValueError:
        return None


# What urljoin may change or refuse in an absolute http(s) URL (Python versions differ):
# tabs and newlines, an empty query or fragment marker ("a?", "a#", "a?#f"), brackets
# (an IPv6 host, checked), path parameters (";").
_ABSOLUTE = re.compile(r"https?://[^/?#]")  # with a host
_JOIN_REWRITES = re.compile(r"[\t\r\n\[\];]|\?#|[?#]$")


def _root(body: bytes, charset: str | None) -> etree._Element | None:
    """``body`` parsed as HTML, read in ``charset`` when given. A charset libxml2 has no name
    for (``euc_jp``, ``mac-roman``: Python's spellings) is decoded by Python instead."""
    if charset:
        try:
            parser = etree.HTMLParser(encoding=charset, recover=True, no_network=True)
        except LookupError:
            try:
                text = body.decode(charset, errors="replace")
                return etree.fromstring(text, etree.HTMLParser(recover=True, no_network=True))
            except (LookupError, ValueError):  # not a text codec; an XML declaration in a str
                pass
        else:
            return etree.fromstring(body, parser)
    return etree.fromstring(body, etree.HTMLParser(recover=True, no_network=True))


def page_links(body: bytes, base_url: str, charset: str | None = None) -> PageLinks:
    """The links, hreflang alternates and canonical URL of an HTML page, resolved against
    ``base_url`` (or the page's own ``<base href>``). ``charset`` is the HTTP header's, when it
    gave one (a codec name, as ``charsets.charset_from_content_type`` gives it). An unparsable
    page has no links (the parse stage reports it, not the crawler); an unparsable href is
    skipped."""
    if not body or body.isspace():  # (not body.strip(): that copies the whole page)
        return PageLinks()
    root = _root(body, charset)
    if root is None:
        return PageLinks()
    element = root.find(".//base[@href]")
    base = (resolve(element.get("href", ""), base_url) or base_url) if element is not None else base_url
    links: dict[str, None] = {}
    for anchor in root.iterfind(".//a[@href]"):
        href = resolve(anchor.get("href", ""), base)
        if href is not None:
            links.setdefault(href, None)
    alternates: dict[str, str] = {}
    canonical = None
    for link in root.iterfind(".//link[@href]"):
        href = resolve(link.get("href", ""), base)
        if href is None:
            continue
        rel = (link.get("rel") or "").lower().split()
        if "alternate" in rel and link.get("hreflang"):
            alternates.setdefault(link.get("hreflang", "").strip(), href)
        elif "canonical" in rel and canonical is None:
            canonical = href
    return PageLinks(tuple(links), alternates, canonical)
