"""extractor: bilingual content extraction and translation support for IOM-style web sites.

The stage functions and model types; each stage is also usable on its own module.
"""
from extractor.errors import (
    AlignError, CatalogueError, ConfigError, ExtractorError, FetchError, ParseError, SegmentError,
)
from extractor.extract import ExtractOptions, ExtractResult, extract_sources, page_to_dict
from extractor.model import Block, Fetched, NavItem, Page, Segment, Span
from extractor.parse import parse_bytes, parse_fetched, parse_file

__all__ = [
    "AlignError", "Block", "CatalogueError", "ConfigError", "ExtractOptions", "ExtractResult",
    "ExtractorError", "Fetched", "FetchError", "NavItem", "Page", "ParseError", "Segment",
    "SegmentError", "Span", "extract_sources", "page_to_dict", "parse_bytes", "parse_fetched",
    "parse_file",
]
