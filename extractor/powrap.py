"""Quoting and line wrapping of PO strings exactly as GNU gettext writes them.

GNU ``msgcat``/``msgmerge`` escape a string, cut it after every ``\\n``, and wrap each piece
with the Unicode line breaking algorithm (UAX #14 pair table as implemented by libunistring,
including its deliberate deviations, e.g. a break is allowed between ``.`` and a letter so
``</P>`` tags can start a line). Lines are at most ``width`` columns including the quotes;
a string that needs more than one line starts with an empty ``""`` line. Matching this byte
for byte is what lets translators run msgcat, msgmerge or Poedit over our files without diff
noise, so the rules live here, in one place, and are tested against the real msgcat.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

PAGE_WIDTH = 79

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v",
            "\\": "\\", '"': '"'}

# Line-breaking classes, in the order of libunistring's pair table.
_CLASSES = ("WJ GL B2 BA BB HY CL CP EX IN NS OP QU IS NU PO PR SY AL H2 H3 ID JL JV JT HL RI "
            "ZWJ EB EM").split()
_IDX = {name: i for i, name in enumerate(_CLASSES)}
# Row: class before the opportunity; column: class after. D direct break, I break only after
# spaces, P prohibited. (IS, AL) is D on purpose (libunistring's choice).
_RAW_PAIRS = """
PIIIIIPPPIIIIPIIIPIIIIIIIIIIII
PIIIIIPPPIIIIPIIIPIIIIIIIIIIII
PIPIDIPPPDIDIPDDDPDDDDDDDDDIDD
PDDIDIPPPDIDIPDDDPDDDDDDDDDIDD
PIIIIIPPPIIIIPIIIPIIIIIIIIIIII
PDDIDIPPPDIDIPIDDPDDDDDDDDDIDD
PIDIDIPPPDPDIPDIIPDDDDDDDDDIDD
PIDIDIPPPDPDIPIIIPIDDDDDDIDIDD
PIDIDIPPPIIDIPDDDPDDDDDDDDDIDD
PIDIDIPPPIIDIPDDDPDDDDDDDDDIDD
PIDIDIPPPDIDIPDDDPDDDDDDDDDIDD
PPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
PIIIIIPPPIIPIPIIIPIIIIIIIIIIII
PIDIDIPPPDIDIPIDDPDDDDDDDDDIDD
PIDIDIPPPIIIIPIIIPIDDDDDDIDIDD
PIDIDIPPPDIIIPIDDPIDDDDDDIDIDD
PIDIDIPPPDIIIPIDDPIIIIIIIIDIII
PIDIDIPPPDIDIPIDDPDDDDDDDIDIDD
PIDIDIPPPIIIIPIDDPIDDDDDDIDIDD
PIDIDIPPPIIDIPDIDPDDDDDIIDDIDD
PIDIDIPPPIIDIPDIDPDDDDDDIDDIDD
PIDIDIPPPIIDIPDIDPDDDDDDDDDIDD
PIDIDIPPPIIDIPDIDPDIIDIIDDDIDD
PIDIDIPPPIIDIPDIDPDDDDDIIDDIDD
PIDIDIPPPIIDIPDIDPDDDDDDIDDIDD
PIDIDIPPPIIIIPIDDPIDDDDDDIDIDD
PIDIDIPPPDIDIPDDDPDDDDDDIDIIDD
PIDIDIPPPDIDIPDDDPDDDIDDIDIIII
PIDIDIPPPIIDIPDIDPDDDDDDIDIIDI
PIDIDIPPPIIDIPDIDPDDDDDDIDIIDD
""".split()
def _as_gettext_0_21(rows: list[str]) -> tuple[str, ...]:
    """The pair table as gettext 0.21's bundled libunistring applies it (checked pair by pair
    against msgcat 0.21): it predates Unicode's "(AL|HL) may break before (PR|PO)" change, so
    "tab\\t" and "50%" stay together, and nothing breaks right before an ellipsis (IN)."""
    table = [list(r) for r in rows]
    for row in ("AL", "HL"):
        for col in ("PR", "PO") + (("HY", "BA") if row == "HL" else ()):
            table[_IDX[row]][_IDX[col]] = "I"
    for cells in table:
        if cells[_IDX["IN"]] == "D":
            cells[_IDX["IN"]] = "I"
    return tuple("".join(cells) for cells in table)


_PAIRS = _as_gettext_0_21(_RAW_PAIRS)

# Classes of the characters a web page's text is made of (Unicode LineBreak.txt); anything
# else is derived from its general category in `_class_of`.
_EXPLICIT = {
    " ": "SP", "!": "EX", '"': "QU", "#": "AL", "$": "PR", "%": "PO", "&": "AL", "'": "QU",
    "(": "OP", ")": "CP", "*": "AL", "+": "PR", ",": "IS", "-": "HY", ".": "IS", "/": "SY",
    ":": "IS", ";": "IS", "<": "AL", "=": "AL", ">": "AL", "?": "EX", "@": "AL", "[": "OP",
    "\\": "PR", "]": "CP", "^": "AL", "_": "AL", "`": "AL", "{": "OP", "|": "BA", "}": "CL",
    "~": "AL", "\t": "BA",
    "\u00a0": "GL", "\u00a1": "OP", "\u00a2": "PO", "\u00a3": "PR", "\u00a4": "PR",
    "\u00a5": "PR", "\u00ab": "QU", "\u00ad": "BA", "\u00b0": "PO", "\u00b1": "PR",
    "\u00b4": "BB", "\u00bb": "QU", "\u00bf": "OP",
    "\u2010": "BA", "\u2011": "GL", "\u2012": "BA", "\u2013": "BA", "\u2014": "B2",
    "\u2018": "QU", "\u2019": "QU", "\u201a": "OP", "\u201b": "QU", "\u201c": "QU",
    "\u201d": "QU", "\u201e": "OP", "\u201f": "QU", "\u2022": "AL", "\u2024": "IN",
    "\u2025": "IN", "\u2026": "IN", "\u2027": "BA", "\u2030": "PO", "\u2031": "PO",
    "\u2032": "PO", "\u2033": "PO", "\u2034": "PO", "\u2039": "QU", "\u203a": "QU",
    "\u203c": "NS", "\u2044": "IS", "\u2007": "GL", "\u200b": "ZW", "\u200c": "CM",
    "\u200d": "CM", "\u202f": "GL", "\u2060": "WJ", "\ufeff": "WJ", "\u20ac": "PR",
    "\u2116": "PR", "\u2212": "PR", "\u3000": "BA", "\u3001": "CL", "\u3002": "CL",
    "\uff08": "OP", "\uff09": "CP", "\uff0c": "CL", "\uff0e": "CL", "\u30fb": "NS",
}


# Double-width ranges as libunistring 0.9 (gettext 0.21) counts them; newer Unicode data
# widens more symbols (e.g. U+25FD), which msgcat 0.21 still counts as one column.
_WIDE = ((0x1100, 0x115F), (0x2329, 0x232A), (0x2E80, 0x303E), (0x3040, 0xA4CF),
         (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0xFE10, 0xFE19), (0xFE30, 0xFE6F),
         (0xFF00, 0xFF60), (0xFFE0, 0xFFE6), (0x1F300, 0x1F64F), (0x1F900, 0x1F9FF),
         (0x20000, 0x2FFFD), (0x30000, 0x3FFFD))


def _is_wide(o: int) -> bool:
    return any(lo <= o <= hi for lo, hi in _WIDE)


@lru_cache(maxsize=4096)
def _class_of(ch: str) -> str:
    """The line-breaking class of one character (resolved as libunistring does for UTF-8)."""
    cls = _EXPLICIT.get(ch)
    if cls is not None:
        return cls
    o = ord(ch)
    if o < 0x20 or 0x7F <= o < 0xA0:
        return "CM"
    cat = unicodedata.category(ch)
    if ch.isdigit() and cat == "Nd":
        return "NU"
    if cat in ("Mn", "Mc", "Me"):
        return "CM"
    if cat == "Zs":
        return "BA"
    if 0x1100 <= o <= 0x115F:
        return "JL"
    if cat == "Ps":
        return "OP"
    if cat == "Pe":
        return "CL"
    if _is_wide(o):
        return "ID"
    if cat in ("Pi", "Pf"):
        return "QU"
    if cat == "Pd":
        return "BA"
    if cat == "Sc":
        return "PR"
    return "AL"


@lru_cache(maxsize=4096)
def _width_of(ch: str) -> int:
    o = ord(ch)
    if o < 0x20 or 0x7F <= o < 0xA0:
        return 0
    if unicodedata.category(ch) in ("Mn", "Me", "Cf") and ch != "\u00ad":
        return 0
    return 2 if _is_wide(o) else 1


_NEEDS_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')
_ESCAPE_TABLE = str.maketrans({c: "\\" + e for c, e in _ESCAPES.items()})


def escape(text: str) -> str:
    """Escape ``text`` for a PO string literal (without the quotes), as gettext does."""
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return text.translate(_ESCAPE_TABLE)


# Text whose every character is one column wide and not combining (printable Latin), where
# break opportunities can be found with regular expressions instead of a loop per character.
_LATIN = re.compile(r"[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff]*\Z")
_ESCAPE_PAIR = re.compile(r"\\.")


@lru_cache(maxsize=65536)
def _rule(before: str, after: str) -> str:
    """'D', 'I' or 'P' for a break between two non-space characters."""
    return _PAIRS[_IDX[_class_of(before)]][_IDX[_class_of(after)]]


def _direct_sets() -> tuple[frozenset[str], frozenset[str]]:
    """Latin characters after which a direct break may come (``-``, ``/``, ``.``, ``?``, ...)
    and those before which one may come (class BB, such as U+00B4)."""
    latin = [chr(o) for o in range(0x21, 0x300) if _LATIN.match(chr(o))]
    before = frozenset(b for b in latin if _class_of(b) == "BB")
    followers = {_class_of(b) for b in latin if b not in before}
    after = frozenset(a for a in latin
                      if any(_PAIRS[_IDX[_class_of(a)]][_IDX[cls]] == "D" for cls in followers))
    return after, before


_BREAK_AFTER, _BREAK_BEFORE = _direct_sets()


def _latin_break_at(e: str, i: int, prohibited: set[int]) -> bool:
    """Whether a line may break before ``e[i]`` (escaped Latin text; same rules as below)."""
    c = e[i]
    if c == " " or i in prohibited:
        return False
    before = e[i - 1]
    if before == " ":
        k = i - 2
        while k >= 0 and e[k] == " ":
            k -= 1
        return k >= 0 and _rule(e[k], c) != "P"
    if before in _BREAK_AFTER or c in _BREAK_BEFORE:
        return _rule(before, c) == "D"
    return False


def _latin_cuts(e: str, prohibited: set[int], width: int, startcol: int) -> list[int]:
    """Line breaks for escaped Latin text (one column per character), found lazily.

    Same result as `_choose` over every opportunity: a line ends at the last opportunity that
    still fits, or, when none fits, at the first one after the limit.
    """
    n = len(e)
    cuts: list[int] = []
    start, column = 0, startcol
    while column + n - start > width:
        limit = min(start + width - column, n - 1)
        cut = next((i for i in range(limit, start, -1) if _latin_break_at(e, i, prohibited)), None)
        if cut is None:
            cut = next((i for i in range(max(limit + 1, start + 1), n)
                        if _latin_break_at(e, i, prohibited)), None)
            if cut is None:
                break
        cuts.append(cut)
        start, column = cut, 0
    return cuts


def _portion_breaks(chars: list[str], prohibited: list[bool]) -> list[bool]:
    """Break opportunities before each character of an escaped portion (UAX #14 pairs)."""
    n = len(chars)
    breaks = [False] * n
    last = "BK"
    seen_space: int | None = None
    seen_space2: int | None = None
    for i, ch in enumerate(chars):
        cls = _class_of(ch)
        q = i
        if cls == "SP":
            seen_space2, seen_space = seen_space, i
            continue
        if cls == "ZW":
            last, seen_space, seen_space2 = "ZW", None, None
            continue
        if cls == "CM":
            if last == "ZW":
                breaks[i] = True
                last = "ID"
                continue
            if seen_space is None:
                continue
            q, seen_space, cls = seen_space, seen_space2, "ID"
        if last == "BK":
            pass
        elif last == "ZW":
            breaks[q] = True
        else:
            rule = _PAIRS[_IDX[last]][_IDX[cls]]
            breaks[q] = rule == "D" or (rule == "I" and seen_space is not None)
        last, seen_space, seen_space2 = cls, None, None
    for i in range(n):
        if prohibited[i]:
            breaks[i] = False
    return breaks


def _choose(positions: list[int], column_at: list[int] | None, total: int, width: int,
            startcol: int) -> list[int]:
    """The opportunities where lines break, chosen greedily as libunistring does.

    ``column_at[i]`` is the display width of the first ``i`` characters (None: one column each).
    """
    chosen: list[int] = []
    last_p: int | None = None
    last_column = startcol
    prev = 0
    for pos in positions:
        piece = (column_at[pos] - column_at[prev]) if column_at else pos - prev
        if last_p is not None and last_column + piece > width:
            chosen.append(last_p)
            last_column = 0
        last_p = pos
        last_column += piece
        prev = pos
    piece = (column_at[total] - column_at[prev]) if column_at else total - prev
    if last_p is not None and last_column + piece > width:
        chosen.append(last_p)
    return chosen


def _portion_layout(portion: str) -> tuple[str, set[int], list[int] | None, list[int]]:
    """(escaped text, prohibited breaks, and for non-Latin text the break opportunities and
    cumulative widths; Latin text is cut lazily by `_latin_cuts`)."""
    e = escape(portion)
    prohibited = {m.start() + 1 for m in _ESCAPE_PAIR.finditer(e)} if "\\" in e else set()
    if portion.endswith("\n"):
        # Don't break immediately before the "\n" at the end.
        prohibited.add(len(e) - 2)
    if _LATIN.match(e):
        return e, prohibited, None, []
    chars = list(e)
    flags = [i in prohibited for i in range(len(chars))]
    breaks = _portion_breaks(chars, flags)
    column_at = [0]
    for ch in chars:
        column_at.append(column_at[-1] + _width_of(ch))
    return e, prohibited, column_at, [i for i, b in enumerate(breaks) if b]


def wrap_string(name: str, value: str, prefix: str = "", width: int = PAGE_WIDTH,
                wrap: bool = True) -> list[str]:
    """Lines (without newline) for keyword ``name`` with string ``value``, as gettext writes them.

    >>> wrap_string("msgid", "Siapa Kami")
    ['msgid "Siapa Kami"']
    """
    head = f"{prefix}{name} "
    if "\n" not in value and _LATIN.match(value):
        e = escape(value)
        if not wrap or len(head) + len(e) + 2 <= width:
            return [f'{head}"{e}"']
    after_break = len(prefix) + 1
    line_width = ((width if wrap else 1 << 30) - 1) - after_break
    portions: list[str] = []
    start = 0
    while True:
        nl = value.find("\n", start)
        if nl < 0 or nl == len(value) - 1:
            portions.append(value[start:])
            break
        portions.append(value[start:nl + 1])
        start = nl + 1
    out: list[str] = []
    first = True
    for index, portion in enumerate(portions):
        e, prohibited, column_at, positions = _portion_layout(portion)
        more = index < len(portions) - 1
        while True:
            startcol = len(prefix) + (len(name) + 1 if first else 0) + 1 - after_break
            if column_at is None:
                cuts = _latin_cuts(e, prohibited, line_width, startcol)
            else:
                cuts = _choose(positions, column_at, len(e), line_width, startcol)
            if first and e and (more or startcol > line_width or cuts):
                out.append(f'{head}""')
                first = False
                continue
            break
        lead = head if first else prefix
        first = False
        bounds = [0, *cuts, len(e)]
        for k in range(len(bounds) - 1):
            out.append(f'{lead if k == 0 else prefix}"{e[bounds[k]:bounds[k + 1]]}"')
    return out
