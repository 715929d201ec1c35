"""Evidence that survives translation between Indonesian and English, for the aligner.

Two tiers, both returned as ``{key: count}`` dicts so a bead's evidence is a multiset union:

- *anchors* (strong): numbers read in each language's own notation (Indonesian ``3,6`` and
  ``12.818`` are English ``3.6`` and ``12,818``), month and weekday names, number words,
  acronyms, URLs and e-mail addresses. A translation keeps them, so a missing one is evidence
  against a link.
- *cognates* (weak): words of four letters or more, spelled the same after a rough
  orthographic folding (``sosial``/``social``, ``teknologi``/``technology``), proper names
  included. Many words have no cognate, so a missing one says little.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Mapping

from extractor.dates import MONTHS

Evidence = dict[str, int]

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*$")

# Month names and abbreviations come from extractor.dates (MONTHS). Those that are also
# ordinary words are counted only when capitalised.
_AMBIGUOUS_MONTHS = frozenset({"may", "mar", "jan", "des", "agu", "sep", "dec", "mei"})

_WEEKDAYS: Mapping[str, int] = {
    "senin": 1, "selasa": 2, "rabu": 3, "kamis": 4, "jumat": 5, "jum'at": 5, "sabtu": 6,
    "minggu": 7, "ahad": 7,
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7,
}
# Indonesian "minggu" is also "week": only the capitalised form counts as Sunday.
_AMBIGUOUS_WEEKDAYS = frozenset({"minggu"})

_NUMBER_WORDS: Mapping[str, int] = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "hundred": 100, "thousand": 1000,
}

# Acronyms that Indonesian spells differently (Perserikatan Bangsa-Bangsa = United Nations).
_ACRONYM_EQUIVALENTS: Mapping[str, str] = {"PBB": "UN", "AS": "US", "UE": "EU", "WHO": "WHO"}

# Frequent short function words of either language that pass the four-letter cut but say
# nothing about a link.
_STOPWORDS = frozenset(
    """yang dari pada untuk dengan dalam akan atau juga tidak adalah oleh sudah telah bahwa
    kami kita mereka saya anda para sebagai karena hingga sampai antara masih lebih dapat
    bisa harus agar namun tetapi tapi jika kalau saat ketika setelah sebelum seperti
    this that with from have has had were been will would should could their there they them
    what when where which while about into than then these those also only other some such
    more most very your just over after before being does more""".split()
)


def _number_value(raw: str, lang: str) -> str | None:
    """The canonical value of a number as written in ``lang`` (``None`` when it is not one)."""
    group, decimal = (".", ",") if lang == "id" else (",", ".")
    if re.fullmatch(rf"\d{{1,3}}(?:\{group}\d{{3}})+(?:\{decimal}\d+)?", raw):
        raw = raw.replace(group, "").replace(decimal, ".")
    elif re.fullmatch(rf"\d+\{decimal}\d+", raw):
        raw = raw.replace(decimal, ".")
    elif re.fullmatch(r"\d+[.,]\d+", raw):
        # The other language's notation, used by mistake or in quoted figures: a decimal.
        raw = raw.replace(",", ".")
    elif not raw.isdigit():
        return None
    whole, _, frac = raw.partition(".")
    whole = whole.lstrip("0") or "0"
    frac = frac.rstrip("0")
    return f"{whole}.{frac}" if frac else whole


def fold_word(word: str) -> str:
    """Fold a word so that Indonesian and English spellings of a loanword tend to meet.

    >>> fold_word("Teknologi") == fold_word("technology")
    True
    """
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(ch for ch in w if not unicodedata.combining(ch))
    for a, b in (("ph", "f"), ("th", "t"), ("ch", "k"), ("qu", "ku"), ("x", "ks"),
                 ("oo", "u"), ("y", "i")):
        w = w.replace(a, b)
    w = re.sub(r"c(?=[eiy])", "s", w)
    w = w.replace("c", "k")
    w = re.sub(r"(.)\1", r"\1", w)
    return w


def anchors(text: str, lang: str) -> Evidence:
    """Strong evidence in ``text`` written in ``lang`` (``id`` or ``en``), as a multiset."""
    out: Evidence = {}

    def add(key: str) -> None:
        out[key] = out.get(key, 0) + 1

    rest = text
    for m in _URL.finditer(text):
        # The host only: a site's paths are often translated (/id/berita vs /news).
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", m.group(0).lower()).split("/")[0]
        add("url:" + host.rstrip(".,;:!?"))
    rest = _URL.sub(" ", rest)
    for m in _EMAIL.finditer(rest):
        add("mail:" + m.group(0).lower())
    rest = _EMAIL.sub(" ", rest)
    for m in _NUMBER.finditer(rest):
        value = _number_value(m.group(0), lang)
        if value is not None:
            add("num:" + value)
    for m in _WORD.finditer(rest):
        word = m.group(0)
        low = word.lower()
        capital = word[0].isupper()
        if low in MONTHS and (capital or low not in _AMBIGUOUS_MONTHS) and (
            len(low) > 3 or capital
        ):
            add(f"month:{MONTHS[low]}")
        elif low in _WEEKDAYS and (capital or low not in _AMBIGUOUS_WEEKDAYS):
            add(f"day:{_WEEKDAYS[low]}")
        elif low in _NUMBER_WORDS:
            add(f"num:{_NUMBER_WORDS[low]}")
        elif len(word) >= 2 and _ACRONYM.match(word):
            add("acr:" + _ACRONYM_EQUIVALENTS.get(word, word))
    return out


def cognates(text: str, memo: dict[str, str] | None = None) -> Evidence:
    """Weak evidence: folded five-letter prefixes of the words of four letters or more.

    ``memo`` (word -> key) lets a caller fold each distinct word of many texts once.
    """
    memo = {} if memo is None else memo
    out: Evidence = {}
    for m in _WORD.finditer(_EMAIL.sub(" ", _URL.sub(" ", text))):
        word = m.group(0)
        key = memo.get(word)
        if key is None:
            skip = len(word) < 4 or word.lower() in _STOPWORDS or _ACRONYM.match(word)
            key = memo[word] = "" if skip else fold_word(word)[:5]
        if len(key) >= 4:
            out[key] = out.get(key, 0) + 1
    return out


def overlap(a: Mapping[str, int], b: Mapping[str, int]) -> int:
    """How many items two multisets share."""
    common = a.keys() & b.keys()
    return sum(min(a[k], b[k]) for k in common) if common else 0
