"""Compile PO catalogues to GNU MO files, as ``msgfmt`` does (fuzzy and untranslated skipped).

The writer is ours rather than polib's so the bytes depend only on the catalogue (entries
sorted by key, no hash table: GNU gettext and Python's gettext both fall back to binary
search), and so an unchanged catalogue never rewrites its .mo file.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import CatalogueError
from extractor.fsutil import write_if_changed
from extractor.po import Catalogue, header_text, read_po

MO_MAGIC = 0x950412DE


def mo_bytes(cat: Catalogue) -> bytes:
    """The MO file for ``cat``: the header plus every translated, non-fuzzy active entry."""
    pairs: list[tuple[bytes, bytes]] = []
    if cat.header and "fuzzy" not in cat.header_flags:
        pairs.append((b"", header_text(cat).encode("utf-8")))
    for e in cat.entries:
        if not e.translated:
            continue
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is not None:
            key += "\0" + e.msgid_plural
            value = "\0".join(s for _, s in e.msgstr_plural)
        else:
            value = e.msgstr
        pairs.append((key.encode("utf-8"), value.encode("utf-8")))
    pairs.sort(key=lambda p: p[0])
    n = len(pairs)
    originals_at = 28
    translations_at = originals_at + 8 * n
    data_at = translations_at + 8 * n
    table_o: list[int] = []
    table_t: list[int] = []
    blob = bytearray()
    for key, _ in pairs:
        table_o += [len(key), data_at + len(blob)]
        blob += key + b"\0"
    for _, value in pairs:
        table_t += [len(value), data_at + len(blob)]
        blob += value + b"\0"
    head = struct.pack("<7I", MO_MAGIC, 0, n, originals_at, translations_at, 0, data_at)
    return head + struct.pack(f"<{2 * n}I", *table_o) + struct.pack(f"<{2 * n}I", *table_t) + bytes(blob)


@dataclass(frozen=True)
class CompileResult:
    """One compiled catalogue: its .po, its .mo, how many messages, whether the .mo changed."""

    po: Path
    mo: Path
    messages: int
    written: bool


def compile_catalogues(locales: str | Path) -> list[CompileResult]:
    """Write ``X.mo`` next to every ``X.po`` under ``locales`` (sorted), skipping unchanged ones.

    Every .po is read and checked before any .mo is written, so a syntax error anywhere
    (``file:line: message``) leaves all .mo files as they were. A .mo that cannot be read or
    written raises :class:`CatalogueError` naming it.
    """
    root = Path(locales)
    if not root.is_dir():
        raise CatalogueError("no such locales folder", str(root))
    compiled = [(po, mo_bytes(read_po(po))) for po in sorted(root.rglob("*.po"))]
    results: list[CompileResult] = []
    for po, data in compiled:
        mo = po.with_suffix(".mo")
        written = write_if_changed(mo, data, error=CatalogueError)
        count = struct.unpack_from("<I", data, 8)[0]
        results.append(CompileResult(po, mo, count, written))
    return results
