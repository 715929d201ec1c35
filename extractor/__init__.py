"""extractor: bilingual content extraction and translation support for IOM-style web sites.

The stage functions and model types, each also usable from its own module. Stages are
imported on first use (PEP 562), so ``import extractor`` and the CLI's start stay quick.

    >>> from extractor import extract_sources, segment_page
"""
from __future__ import annotations

import importlib
from typing import Any

from extractor.errors import (
    AlignError, CatalogueError, ConfigError, ExtractorError, FetchError, ParseError, SegmentError,
)
from extractor.model import Block, Fetched, NavItem, Page, Segment, Span

# name -> module that defines it, in pipeline order.
_STAGES = {
    "load_config": "extractor.config", "Config": "extractor.config",
    "fetch_url": "extractor.fetch", "crawl": "extractor.fetch", "CrawlOptions": "extractor.fetch",
    "Cache": "extractor.fetch",
    "parse_bytes": "extractor.parse", "parse_fetched": "extractor.parse", "parse_file": "extractor.parse",
    "PageParser": "extractor.parse",
    "extract_sources": "extractor.extract", "ExtractOptions": "extractor.extract",
    "ExtractResult": "extractor.extract", "page_to_dict": "extractor.extract",
    "split_sentences": "extractor.segment", "segment_page": "extractor.segment",
    "detect": "extractor.langid",
    "read_po": "extractor.po", "write_po": "extractor.po", "Catalogue": "extractor.po", "Entry": "extractor.po",
    "merge": "extractor.merge", "MergeOptions": "extractor.merge",
    "sync": "extractor.sync", "SyncOptions": "extractor.sync",
    "align_texts": "extractor.align", "align_sources": "extractor.align_pages",
    "pair_pages": "extractor.pairing", "sync_with_prefill": "extractor.prefill",
    "check_locales": "extractor.check", "CheckOptions": "extractor.check",
    "run_report": "extractor.report", "build_report": "extractor.report",
}

__all__ = [
    "AlignError", "Block", "CatalogueError", "ConfigError", "ExtractorError", "Fetched", "FetchError",
    "NavItem", "Page", "ParseError", "Segment", "SegmentError", "Span", *_STAGES,
]


def __getattr__(name: str) -> Any:
    module = _STAGES.get(name)
    if module is None:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
