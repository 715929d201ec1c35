"""One exception tree for the whole package.

Every error says where the problem is (a file, a line, a URL) so the CLI can print it on one line.
"""
from __future__ import annotations


class ExtractorError(Exception):
    """Root of every error `extractor` raises on purpose.

    ``where`` is the file path or URL at fault, ``line`` a 1-based line inside it.
    """

    def __init__(self, message: str, where: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.line = line

    def __str__(self) -> str:
        if self.where and self.line is not None:
            return f"{self.where}:{self.line}: {self.message}"
        if self.where:
            return f"{self.where}: {self.message}"
        return self.message


class FetchError(ExtractorError):
    """A URL could not be fetched (network, HTTP status, size limit, robots.txt)."""


class ParseError(ExtractorError):
    """A source is not usable HTML (empty, binary, not HTML, undecodable)."""


class SegmentError(ExtractorError):
    """Text handed to the segmenter cannot be read (for instance undecodable bytes)."""


class CatalogueError(ExtractorError):
    """A PO/POT file is missing or malformed, or a catalogue cannot be written."""


class AlignError(ExtractorError):
    """Two sources cannot be aligned (same language, empty side, ...)."""


class ConfigError(ExtractorError):
    """The `[tool.extractor]` configuration or a site profile is invalid."""
