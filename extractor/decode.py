"""Bytes -> text for HTML, recording what decided the encoding.

Order (as browsers and the WHATWG encoding sniffing rules do): the HTTP Content-Type charset,
then a byte-order mark, then `<meta charset>` or `http-equiv` in the first 4 KB, then UTF-8 when the bytes are
valid UTF-8, then detection (windows-1252 as browsers do, else a statistical guess). BeautifulSoup's UnicodeDammit is used only for the detection step, where its
charset-normalizer integration earns its place; the rest is a few cheap byte checks.
"""
from __future__ import annotations

import codecs
import functools
import re

from extractor.charsets import charset_from_content_type, normalise_charset
from extractor.errors import ParseError

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

def sniff(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return ``(encoding, source)`` where source is http-header|bom|meta|detected|default."""
    enc = charset_from_content_type(content_type)
    if enc:
        return enc, "http-header"
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, "bom"
    m = _META_CHARSET.search(body[:4096])
    if m:
        enc = normalise_charset(m.group(1).decode("ascii", "replace"))
        if enc:
            # A page that says utf-16 in a meta tag cannot be, since the tag was readable as ASCII.
            return ("utf-8" if enc.startswith("utf-16") else enc), "meta"
    try:
        body.decode("utf-8")
        return "utf-8", "default"
    except UnicodeDecodeError:
        pass
    # Browsers in the Indonesian and English locales fall back to windows-1252 (WHATWG); do
    # the same when the bytes allow it, since statistical guesses on short pages pick
    # look-alike code pages (windows-1257 for curly quotes).
    try:
        body.decode("cp1252")
        return "cp1252", "detected"
    except UnicodeDecodeError:
        pass
    from bs4.dammit import UnicodeDammit  # only needed for undeclared, non-UTF-8, non-1252 pages

    guess = UnicodeDammit(body, is_html=True).original_encoding
    enc = normalise_charset(guess) if guess else None
    return (enc or "cp1252"), "detected"


def check_html(body: bytes, where: str, content_type: str | None = None) -> tuple[str, str]:
    """The encoding of an HTML document and what decided it: ``(encoding, source)``.

    Raises ParseError naming ``where`` for empty, binary or non-HTML input. Reads the bytes
    as they are when the encoding writes ASCII as ASCII (UTF-8, windows-1252, ...): most pages
    are then handed to libxml2 undecoded.
    """
    if not body or body.isspace():  # (not body.strip(): that copies the whole page)
        raise ParseError("empty file, no HTML to extract", where)
    head = body[:2048]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ParseError("binary file, not HTML", where)
    encoding, source = sniff(body, content_type)
    if _ascii_compatible(encoding):
        # Windows in bytes as wide as the character windows of the decoded check below.
        looks_html = b"<" in body[:4 * 4096] and _HTML_TAG_BYTES.search(body[:4 * 65536])
    else:
        text = body[:4 * 65536].decode(encoding, errors="replace").removeprefix("\ufeff")
        looks_html = "<" in text[:4096] and _HTML_TAG.search(text[:65536])
    if not looks_html:
        raise ParseError("not an HTML document", where)
    return encoding, source


_HTML_TAG = re.compile(r"<\s*(html|head|body|p|div|h1|article|main|!doctype)\b", re.I)
_HTML_TAG_BYTES = re.compile(_HTML_TAG.pattern.encode(), re.I)


@functools.lru_cache(maxsize=64)
def _ascii_compatible(encoding: str) -> bool:
    try:
        return "<html>".encode(encoding) == b"<html>"
    except (LookupError, UnicodeError):
        return False
