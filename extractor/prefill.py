"""Pre-fill: English suggestions for untranslated catalogue entries, from the English pages.

``sync_with_prefill`` runs the sync, pairs every Indonesian page with its English twin
(:mod:`extractor.pairing`), aligns each pair (:mod:`extractor.align_pages`) and keeps, for each
Indonesian string, its best-scored English link across all pages: a small translation memory
written next to the catalogues (``<locales>/.extractor-tm.json``), so a string shown on many
pages gets one suggestion. Then every active entry whose msgstr is empty receives the
suggestion when its score reaches the threshold, marked fuzzy (a suggestion, not a reviewed
translation: msgfmt leaves it out) with an extracted comment
``prefill: <English page URL> (score 0.87)``.

A msgstr a translator wrote is never touched. A plain sync keeps the ``prefill:`` comment of a
suggestion nobody has touched yet (:func:`extractor.sync.keep_prefill_marks`); a later
``sync --prefill`` renews it (page and score) on every fuzzy entry that still holds exactly the
memory's suggestion, and puts it back where it was lost.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from extractor.align import AlignOptions
from extractor.align_pages import AlignedPair, align_structured
from extractor.catalogue import PREFILL_MARK, page_path
from extractor.config import Config
from extractor.errors import CatalogueError
from extractor.fsutil import write_if_changed
from extractor.model import Page, Segment
from extractor.pairing import PairingOptions, pair_pages
from extractor.placeholders import PLACEHOLDER, to_placeholders
from extractor.po import Catalogue, Entry, read_po, write_po
from extractor.segment import segment_page
from extractor.sync import (
    SyncOptions, SyncReport, gather_pages, page_records, sync_lock, sync_pages, sync_records,
)

TM_FILE = ".extractor-tm.json"


@dataclass(frozen=True)
class Suggestion:
    """The best English found for one Indonesian string, with its score and English page."""

    msgstr: str
    score: float
    url: str


@dataclass(frozen=True)
class PrefillOptions:
    """Where the English pages are and how sure a suggestion must be.

    ``english`` lists English HTML files or folders; empty means: for each configured source,
    the folder named after the target language next to the nearest folder (the source itself
    or a parent) named after the source language (``fixtures/site/id/berita.html`` ->
    ``fixtures/site/en``).
    """

    threshold: float = 0.6
    english: tuple[str, ...] = ()
    align: AlignOptions = AlignOptions()


@dataclass(frozen=True)
class PrefillReport:
    """What pre-fill did: pages paired, pages left without a twin, entries filled per catalogue."""

    pairs: int
    unpaired: tuple[str, ...]
    suggestions: int
    filled: tuple[tuple[Path, int], ...]
    memory: Path
    # Why nothing was done, when nothing could be.
    skipped: str | None = None


def english_sources(sources: Sequence[str], options: PrefillOptions, source_lang: str, target_lang: str) -> list[str]:
    """The English HTML sources: as configured, else the target-language sibling folders."""
    if options.english:
        return list(options.english)
    found: list[str] = []
    for s in sources:
        for folder in (Path(s), *Path(s).parents):
            twin = folder.parent / target_lang
            if folder.name == source_lang and twin.is_dir():
                found.append(str(twin))
                break
    return sorted(set(found))


def _msgstr(target: Sequence[Segment], msgid: str) -> str | None:
    """The English text for ``msgid``, carrying the same placeholders, or None when it cannot.

    Placeholders are kept only when the English has exactly the msgid's set; a msgid without
    placeholders gets plain English text.
    """
    wanted = sorted(m.group(0) for m in PLACEHOLDER.finditer(msgid))
    if not wanted:
        return " ".join(t.text for t in target)
    if len(target) != 1:
        return None
    text, _ = to_placeholders(target[0].text, target[0].spans)
    return text if sorted(m.group(0) for m in PLACEHOLDER.finditer(text)) == wanted else None


def _left_untranslated(segment: Segment, source_lang: str) -> bool:
    """Source-language text on the English page. Names and one- or two-word labels
    ("Indramayu", "2030 Agenda") are the same in both languages and may be detected either way."""
    return segment.lang == source_lang and len(segment.text.split()) >= 3


def suggestions_from_pairs(pairs: Iterable[AlignedPair], url: str, source_lang: str = "id") -> dict[str, Suggestion]:
    """Suggestions from one aligned page pair, keyed by msgid (placeholders as the catalogue).

    Text of the "English" page that is itself in the source language (an untranslated
    paragraph left on the English page) is never suggested as a translation.

    Only links with one Indonesian segment count: the English of a 2-1 link cannot be split
    between its two strings.
    """
    out: dict[str, Suggestion] = {}
    for p in pairs:
        if len(p.source_segments) != 1 or not p.target_segments:
            continue
        seg = p.source_segments[0]
        if seg.lang is None or any(_left_untranslated(t, source_lang) for t in p.target_segments):
            continue
        msgid, _ = to_placeholders(seg.text, seg.spans)
        msgstr = _msgstr(p.target_segments, msgid)
        if msgstr:
            _keep_best(out, msgid, Suggestion(msgstr, p.score, url))
    return out


def _keep_best(memory: dict[str, Suggestion], msgid: str, s: Suggestion) -> None:
    old = memory.get(msgid)
    # Highest score wins; ties go to the smaller URL so the result never depends on page order.
    if old is None or (s.score, old.url) > (old.score, s.url):
        memory[msgid] = s


def build_memory(source_pages: Sequence[Page], english_pages: Sequence[Page], options: PrefillOptions,
                 root: Path | None = None, segments: Mapping[int, Sequence[Segment]] | None = None,
                 ) -> tuple[dict[str, Suggestion], int, tuple[str, ...]]:
    """Pair and align pages; return the memory, the number of pairs and the unpaired pages.

    ``segments`` holds the segments of pages already segmented, keyed by ``id(page)``.
    """
    known = segments or {}

    def segments_of(page: Page) -> Sequence[Segment]:
        found = known.get(id(page))
        return found if found is not None else segment_page(page)

    langs = PairingOptions(options.align.source_lang, options.align.target_lang)
    pairing = pair_pages(source_pages, english_pages, langs)
    memory: dict[str, Suggestion] = {}
    for pair in pairing.pairs:
        src, tgt = segments_of(pair.source), segments_of(pair.target)
        url = pair.target.url or page_path(pair.target, root)
        links = align_structured(src, tgt, options.align)
        for msgid, s in suggestions_from_pairs(links, url, options.align.source_lang).items():
            _keep_best(memory, msgid, s)
    unpaired = tuple(sorted(pairing.unpaired_source))
    return memory, len(pairing.pairs), unpaired


def dump_memory(memory: Mapping[str, Suggestion]) -> str:
    """The memory file's text: sorted JSON, one object per Indonesian string."""
    data = {k: {"en": s.msgstr, "score": s.score, "url": s.url} for k, s in sorted(memory.items())}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _comment(s: Suggestion) -> str:
    return f"{PREFILL_MARK}{s.url} (score {s.score:.2f})"


def prefill_catalogue(cat: Catalogue, memory: Mapping[str, Suggestion], threshold: float) -> tuple[Catalogue, int]:
    """Fill empty msgstrs from ``memory`` (fuzzy, with a ``prefill:`` comment); count them.

    An entry already holding a msgstr is left as it is, except that a fuzzy one holding exactly
    the memory's suggestion gets its ``prefill:`` comment renewed (or back, if it lost it).
    """
    entries: list[Entry] = []
    filled = 0
    for e in cat.entries:
        s = memory.get(e.msgid)
        if e.obsolete or e.msgid_plural is not None or s is None or s.score < threshold:
            entries.append(e)
            continue
        notes = tuple(c for c in e.extracted_comments if not c.startswith(PREFILL_MARK))
        if not e.has_translation:
            flags = e.flags if e.fuzzy else ("fuzzy",) + e.flags
            entries.append(replace(e, msgstr=s.msgstr, flags=flags, extracted_comments=notes + (_comment(s),)))
            filled += 1
        elif e.fuzzy and e.msgstr == s.msgstr:
            entries.append(replace(e, extracted_comments=notes + (_comment(s),)))
        else:
            entries.append(e)
    return replace(cat, entries=tuple(entries)), filled


def prefill(options: SyncOptions, prefill_options: PrefillOptions, source_pages: Sequence[Page],
            cached_english: Sequence[Page] = (),
            segments: Mapping[int, Sequence[Segment]] | None = None) -> PrefillReport:
    """Pre-fill the synced catalogues of ``options.locales`` and rewrite the memory file.

    ``source_pages`` are the pages the sync catalogued (``segments``: theirs, keyed by
    ``id(page)``); ``cached_english`` the crawl cache's target-language pages.
    """
    lang_s, lang_t = options.catalogue.source_lang, options.catalogue.target_lang
    english = english_sources(options.sources, prefill_options, lang_s, lang_t)
    tm_path = options.locales / TM_FILE
    if not english and options.cache is None:
        # Leave the catalogues and the memory as they are rather than empty the memory.
        return PrefillReport(0, (), 0, (), tm_path, skipped=(
            f"no English pages: no folder named {lang_t!r} next to a source folder named {lang_s!r}"))
    english_pages, _ = gather_pages(english, options.profile, "{message}; pre-fill stopped")
    english_pages += cached_english
    memory, pairs, unpaired = build_memory(source_pages, english_pages, prefill_options, options.root,
                                           segments)
    filled: list[tuple[Path, int]] = []
    with sync_lock(options.locales, options.lock_timeout):
        for domain in dict.fromkeys((options.catalogue.chrome_domain, options.catalogue.content_domain)):
            po_path = options.locales / lang_t / "LC_MESSAGES" / f"{domain}.po"
            if not po_path.exists():
                continue
            cat, n = prefill_catalogue(read_po(po_path), memory, prefill_options.threshold)
            write_po(po_path, cat)
            filled.append((po_path, n))
        write_if_changed(tm_path, dump_memory(memory).encode("utf-8"), error=CatalogueError)
    return PrefillReport(pairs, unpaired, len(memory), tuple(filled), tm_path)


def sync_with_prefill(config: Config, options: SyncOptions) -> tuple[SyncReport, PrefillReport | None]:
    """`extractor sync --prefill`: sync, then pre-fill (skipped for --check and --dry-run).

    The sources and the crawl cache are extracted once, and each source page segmented once,
    for both steps.
    """
    lang_t = options.catalogue.target_lang
    pages, cached = sync_pages(options, (lang_t,))
    segments = [segment_page(p) for p in pages]
    report = sync_records(page_records(pages, segments, options), options)
    if not report.written:
        return report, None
    langs = AlignOptions(source_lang=config.source_lang, target_lang=config.target_lang)
    return report, prefill(options, PrefillOptions(threshold=config.prefill_threshold, align=langs),
                           pages, cached.get(lang_t, ()), {id(p): s for p, s in zip(pages, segments)})
