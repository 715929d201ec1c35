"""Publication dates as pages show them, in Indonesian and English -> ``YYYY-MM-DD``.

Dates stay in the page's local time: a `<time datetime="...Z">` whose visible text names a
day is read from the visible text, because Drupal stores UTC and the reader sees local time.
"""
from __future__ import annotations

import re
from datetime import date

# Month names and abbreviations as pages write them, lower case.
MONTHS_ID = {
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "november": 11, "nopember": 11,
    "desember": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "agu": 8,
    "agt": 8, "ags": 8, "sep": 9, "sept": 9, "okt": 10, "nov": 11, "nop": 11, "des": 12,
}
MONTHS_EN = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1,
    "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
MONTHS = {**MONTHS_ID, **MONTHS_EN}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\.?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_NUMERIC = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
# "Jakarta, 28/10/2022, ..." or "JAKARTA, 28 Oktober 2022 –": a place, a comma, a date.
_DATELINE = re.compile(
    rf"^\s*[A-Z][A-Za-z .'-]{{1,40}},\s*(\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{4}}|\d{{1,2}}\s+(?:{_MONTH})\.?\s+\d{{4}}|(?:{_MONTH})\.?\s+\d{{1,2}},?\s+\d{{4}})",
    re.IGNORECASE,
)
# Text that carries a date which is not the publication date.
NOT_PUBLICATION = re.compile(
    r"terakhir\s+diperbarui|diperbarui|last\s+updated|updated|modified|©|copyright|hak\s+cipta",
    re.IGNORECASE,
)


def _make(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_visible_date(text: str, lang: str | None = "id") -> str | None:
    """Find a written date in ``text``: "28 Oktober 2022", "Kamis, 18 Januari 2024",
    "October 28, 2022", "23 Okt 2023", "2022-10-28", "28/10/2022".

    Numeric dates are day-first except on English pages where the first number cannot be a
    day of a valid month-first reading.

    >>> parse_visible_date("Kamis, 18 Januari 2024")
    '2024-01-18'
    """
    if not text or NOT_PUBLICATION.search(text):
        return None
    m = _DAY_MONTH_YEAR.search(text)
    if m:
        return _make(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    m = _MONTH_DAY_YEAR.search(text)
    if m:
        return _make(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)))
    m = _ISO.search(text)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _NUMERIC.search(text)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if lang == "en" and a <= 12 < b:
            return _make(y, a, b)
        return _make(y, b, a) or _make(y, a, b)
    return None


def parse_machine_date(value: str) -> str | None:
    """The local calendar date of an ISO 8601 timestamp, as written (no UTC conversion)."""
    m = _ISO.search(value or "")
    return _make(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def parse_dateline(text: str, lang: str | None = "id") -> str | None:
    """The date of a news dateline at the start of a paragraph ("Jakarta, 28/10/2022, ...")."""
    m = _DATELINE.match(text or "")
    return parse_visible_date(m.group(1), lang) if m else None
