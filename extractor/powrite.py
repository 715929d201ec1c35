"""Writing PO/POT files exactly as GNU msgcat writes them (see :mod:`extractor.po`)."""
from __future__ import annotations

from pathlib import Path

from extractor.errors import CatalogueError
from extractor.fsutil import write_if_changed
from extractor.pomodel import FORMAT_LANGUAGES, Catalogue, Entry
from extractor.powrap import PAGE_WIDTH, wrap_string

_FORMAT_RANK = {lang: i for i, lang in enumerate(FORMAT_LANGUAGES)}

def _ordered_flags(flags: tuple[str, ...], fuzzy: bool, obsolete: bool) -> list[str]:
    """Flags as msgcat writes them; unknown flags are dropped (gettext does not keep them)."""
    formats: dict[str, str] = {}
    ranges = ""
    no_wrap = False
    for flag in flags:
        if flag.endswith("-format"):
            kind = "yes"
            lang = flag[:-7]
            if lang.startswith("no-") and lang[3:] in _FORMAT_RANK:
                kind, lang = "no", lang[3:]
            elif lang.startswith("possible-") and lang[9:] in _FORMAT_RANK:
                lang = lang[9:]
            if lang in _FORMAT_RANK:
                formats[lang] = f"no-{lang}-format" if kind == "no" else f"{lang}-format"
        elif flag.startswith("range:"):
            ranges = "range: " + flag[6:].strip()
        elif flag == "no-wrap":
            no_wrap = True
        elif flag == "wrap":
            no_wrap = False
    out = ["fuzzy"] if fuzzy else []
    out += [formats[lang] for lang in sorted(formats, key=_FORMAT_RANK.__getitem__)]
    if ranges and not obsolete:
        out.append(ranges)
    if no_wrap:
        out.append("no-wrap")
    return out


def _references(refs: tuple[str, ...], width: int) -> list[str]:
    lines: list[str] = []
    current = "#:"
    for ref in dict.fromkeys(refs):
        if len(current) > 2 and len(current) + len(ref) + 1 > width:
            lines.append(current)
            current = "#:"
        current += " " + ref
    if len(current) > 2:
        lines.append(current)
    return lines


def _format_entry(e: Entry, width: int) -> list[str]:
    out: list[str] = []
    for c in e.translator_comments:
        for piece in c.split("\n"):
            out.append("# " + piece if piece else "#")
    for c in e.extracted_comments:
        out.append("#. " + c if c else "#.")
    out.extend(_references(e.references, width))
    msgstr_first = e.msgstr if e.msgid_plural is None else (
        e.msgstr_plural[0][1] if e.msgstr_plural else "")
    flags = _ordered_flags(e.flags, e.fuzzy and (e.obsolete or bool(msgstr_first)), e.obsolete)
    if flags:
        out.append("#, " + ", ".join(flags))
    wrap = "no-wrap" not in flags
    prev = "#~| " if e.obsolete else "#| "
    if e.previous_msgctxt is not None:
        out += wrap_string("msgctxt", e.previous_msgctxt, prev, width, wrap)
    if e.previous_msgid is not None:
        out += wrap_string("msgid", e.previous_msgid, prev, width, wrap)
    if e.previous_msgid_plural is not None:
        out += wrap_string("msgid_plural", e.previous_msgid_plural, prev, width, wrap)
    p = "#~ " if e.obsolete else ""
    if e.msgctxt is not None:
        out += wrap_string("msgctxt", e.msgctxt, p, width, wrap)
    out += wrap_string("msgid", e.msgid, p, width, wrap)
    if e.msgid_plural is not None:
        out += wrap_string("msgid_plural", e.msgid_plural, p, width, wrap)
        # A template's plural entry without forms gets two empty ones, as xgettext writes.
        for i, s in e.msgstr_plural or ((0, ""), (1, "")):
            out += wrap_string(f"msgstr[{i}]", s, p, width, wrap)
    else:
        out += wrap_string("msgstr", e.msgstr, p, width, wrap)
    return out


def header_text(cat: Catalogue) -> str:
    """The header entry's msgstr: one ``Name: value\\n`` line per field."""
    return "".join(f"{k}: {v}\n" for k, v in cat.header)


def format_po(cat: Catalogue, width: int = PAGE_WIDTH) -> str:
    """The text GNU msgcat would write for ``cat`` (UTF-8 assumed, page width ``width``)."""
    blocks: list[list[str]] = []
    if cat.header or cat.header_comments or cat.header_flags:
        head = Entry(msgid="", msgstr=header_text(cat), flags=cat.header_flags,
                     translator_comments=cat.header_comments)
        blocks.append(_format_entry(head, width))
    for e in cat.entries:
        if not e.obsolete:
            blocks.append(_format_entry(e, width))
    for e in cat.entries:
        if e.obsolete and e.has_translation:
            blocks.append(_format_entry(e, width))
    return "\n".join("\n".join(b) + "\n" for b in blocks)


def write_po(path: str | Path, cat: Catalogue, width: int = PAGE_WIDTH) -> bool:
    """Write ``cat`` atomically; return False (file untouched, mtime kept) when nothing changed."""
    return write_if_changed(path, format_po(cat, width).encode("utf-8"), error=CatalogueError)
