"""Numbers, dates, times, percentages and money: preserved, with the locale's notation.

Indonesian writes 3,6% and 12.818 and "28 Oktober 2022"; English writes 3.6%, 12,818 and
"28 October 2022". Both sides are read into *facts* (a value with its unit) and compared by
value, so "Rp 1,5 miliar" matches "IDR 1.5 billion" and a number left in Indonesian notation
("3,6%" in the English) is reported with the English form to write instead.

>>> numbers("Inflasi naik 3,6% pada 28 Oktober 2022.", "Inflation rose 3,6% on 28 October 2022.")
['"3,6%" keeps Indonesian notation: write "3.6%"']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extractor import dates
from extractor.checks.tokens import mask_literals


def _month_names(table: dict[str, int]) -> tuple[list[str], dict[str, int]]:
    """(the name of each month, January first; every full name -> month) of a table of
    ``extractor.dates``, capitalised as prose writes them. A key of at most four letters is an
    abbreviation when its month has a longer key (Sept, Nop), a full name otherwise (Mei, Juni)."""
    longest = {n: max(len(k) for k, m in table.items() if m == n) for n in set(table.values())}
    full = {k.capitalize(): n for k, n in table.items() if len(k) > 4 or len(k) == longest[n]}
    first: dict[int, str] = {}
    for name, n in full.items():  # dates lists each month's usual name before its variants
        first.setdefault(n, name)
    return [first[n] for n in range(1, 13)], full


MONTHS_EN, _FULL_EN = _month_names(dates.MONTHS_EN)
_FULL_ID = _month_names(dates.MONTHS_ID)[1]
_MONTHS = {
    # Indonesian sources sometimes carry English month names; both mean the same date.
    "id": {**_FULL_EN, **{k.capitalize(): n for k, n in dates.MONTHS_ID.items()}},
    "en": {k.capitalize(): n for k, n in dates.MONTHS_EN.items()},
}
_SCALES = {
    "id": {"ribu": 3, "rb": 3, "juta": 6, "jt": 6, "miliar": 9, "milyar": 9, "triliun": 12},
    "en": {"thousand": 3, "million": 6, "mn": 6, "billion": 9, "bn": 9, "trillion": 12},
}
_SCALE_EN_WORD = {3: "thousand", 6: "million", 9: "billion", 12: "trillion"}
_UNITS = {
    "rp": "IDR", "rp.": "IDR", "idr": "IDR", "rupiah": "IDR", "usd": "USD", "us$": "USD", "$": "USD",
    "dolar": "USD", "dollar": "USD", "dollars": "USD", "us dollars": "USD", "aud": "AUD",
    "a$": "AUD", "eur": "EUR", "€": "EUR", "euro": "EUR", "euros": "EUR", "%": "%",
    "persen": "%", "percent": "%", "per cent": "%",
}
_WORDS = {
    "id": {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
           "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100,
           "seribu": 1000, "sejuta": 10**6, "pertama": 1, "kedua": 2, "ketiga": 3,
           "keempat": 4, "kelima": 5},
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
           "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
           "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "first": 1, "second": 2,
           "third": 3, "fourth": 4, "fifth": 5, "once": 1, "twice": 2, "dozens": 12},
}
_CUR = r"(?P<cur>Rp\.?|IDR|USD|US\$|\$|AUD|A\$|EUR|€)\s?"
_NUM = {
    # Indonesian: dots group thousands, the comma is the decimal mark. A bare 10.30 may be
    # a time (pukul 10.30), so it is read both ways.
    "id": r"(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)|\d+,\d+|\d+\.\d{1,2}(?!\d)|\d+)",
    # English, plus the Indonesian decimal comma (3,6) so it can be reported, not misread.
    "en": r"(?P<num>\d+,\d{1,2}(?![\d,])|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+\.\d+|\d+)",
}
_SUFFIX = {"id": r"(?:\s?(?P<unit>%|persen\b|rupiah\b|dolar\b|euro\b))?",
           "en": r"(?:\s?(?P<unit>%|per ?cent\b|rupiah\b|(?:US )?dollars?\b|euros?\b))?"}
# Not inside a word or a code: BP2MI, COVID-19 and SDG-8 are names (mid-1962 is a year).
_LEFT = r"(?<![\w.,])(?<![A-Z]-)"


@dataclass(frozen=True)
class Fact:
    """One number, date or time as written, with the values it may stand for.

    ``keys`` are what it means in its own language; ``id_keys`` what it would mean read as
    Indonesian (used to spot Indonesian notation left in English). Optional facts (number
    words such as "tiga") may satisfy the other side but are never required.
    """

    text: str
    keys: frozenset[tuple]
    id_keys: frozenset[tuple] = frozenset()
    required: bool = True
    expected: str = ""


def _dec(text: str) -> Decimal:
    return Decimal(text).normalize()


def _id_value(num: str) -> set[Decimal]:
    """The value of ``num`` read as Indonesian, or nothing when it is not Indonesian notation."""
    if num.count(",") > 1 or ("," in num and "." in num.split(",")[1]):
        return set()
    if "," in num or re.fullmatch(r"\d{1,3}(?:\.\d{3})+", num):
        return {_dec(num.replace(".", "").replace(",", "."))}
    return {_dec(num)}


def _read_number(num: str, lang: str) -> tuple[set[Decimal], set[Decimal]]:
    """(values in ``lang``, values if read as Indonesian) of one numeral."""
    as_id = _id_value(num)
    if lang == "id":
        values = set(as_id)
        if re.fullmatch(r"\d+,\d{3}", num):  # 1,500: Indonesian 1.5, or English notation
            values.add(_dec(num.replace(",", "")))
        return values, as_id
    if re.fullmatch(r"\d+,\d{1,2}", num):
        return set(), as_id  # Indonesian decimal comma in English text: never a match
    return {_dec(num.replace(",", ""))}, as_id


def _to_english(num: str) -> str:
    return num.translate(str.maketrans({".": ",", ",": "."}))


def _number_pattern(lang: str) -> re.Pattern[str]:
    scales = "|".join(sorted(_SCALES[lang], key=len, reverse=True))
    return re.compile(rf"{_LEFT}(?:{_CUR})?{_NUM[lang]}(?:\s?(?P<scale>{scales})(?:nya)?\b)?{_SUFFIX[lang]}")


_NUMBER_RES = {lang: _number_pattern(lang) for lang in ("id", "en")}


def _number_facts(text: str, lang: str) -> tuple[list[Fact], str]:
    pattern = _NUMBER_RES[lang]
    facts = []
    for m in pattern.finditer(text):
        values, id_values = _read_number(m.group("num"), lang)
        exp = 0
        if m.group("scale"):
            exp = _SCALES[lang][m.group("scale")]
        unit_word = (m.group("cur") or m.group("unit") or "").strip().lower()
        unit = _UNITS.get(unit_word, "")
        keys = frozenset(("num", v.scaleb(exp).normalize(), unit) for v in values)
        clock = re.fullmatch(r"([01]?\d|2[0-3])[.:]([0-5]\d)", m.group("num"))
        if clock and not exp and not unit:  # a bare 10.30 may be a time of day
            keys |= {("time", int(clock.group(1)) % 12, int(clock.group(2)))}
        id_keys = frozenset(("num", v.scaleb(exp).normalize(), unit) for v in id_values)
        expected = ""
        if lang == "id":
            expected = m.group().strip()
            expected = expected.replace(m.group("num"), _to_english(m.group("num")), 1)
            if m.group("scale"):
                expected = expected.replace(m.group("scale"), _SCALE_EN_WORD[exp], 1)
            expected = expected.replace("persen", "percent")
        facts.append(Fact(m.group().strip(), keys, id_keys, True, expected))
    return facts, pattern.sub(" ", text)


def _date_patterns(lang: str) -> list[re.Pattern[str]]:
    months = "|".join(sorted(_MONTHS[lang], key=len, reverse=True))
    month = rf"(?P<m>{months})\b\.?"
    if lang == "id":
        return [
            re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s+{month}(?:\s+(?P<y>\d{{4}})\b)?"),
            re.compile(rf"\b{month}\s+(?P<y>\d{{4}})\b"),
            # A month alone after a capitalised word is part of a name (Jin Ping Mei).
            re.compile(rf"(?<![A-Z][a-z] )(?<![A-Z][a-z]{{2}} )(?<![A-Z][a-z]{{3}} )\b{month}"),
        ]
    ordinal = r"(?:st|nd|rd|th)?"
    return [
        re.compile(rf"(?<!\d)(?P<d>\d{{1,2}}){ordinal}\s+(?:of\s+)?{month}(?:,?\s+(?P<y>\d{{4}})\b)?"),
        re.compile(rf"\b{month}\s+(?P<d>\d{{1,2}}){ordinal}(?!\d)(?:,?\s+(?P<y>\d{{4}})\b)?"),
        re.compile(rf"\b{month},?(?:\s+(?P<y>\d{{4}})\b)?"),
    ]


_DATE_RES = {lang: _date_patterns(lang) for lang in ("id", "en")}
_MONTH_ANY = {lang: re.compile(r"\b(?:" + "|".join(_MONTHS[lang]) + r")\b") for lang in ("id", "en")}


def _date_facts(text: str, lang: str, own: bool) -> tuple[list[Fact], str]:
    """Dates in ``text`` written with ``lang``'s month names; ``own`` says if that is the
    text's language (otherwise the facts only serve to explain a mistake)."""
    facts: list[Fact] = []
    if not _MONTH_ANY[lang].search(text):
        return facts, text
    for pattern in _DATE_RES[lang]:
        found = []
        for m in pattern.finditer(text):
            groups = m.groupdict()
            key = ("date", int(groups["d"]) if groups.get("d") else None,
                   _MONTHS[lang][m.group("m")], int(groups["y"]) if groups.get("y") else None)
            expected = " ".join(
                str(p) for p in (key[1], MONTHS_EN[key[2] - 1], key[3]) if p is not None
            )
            keys = frozenset({key}) if own else frozenset()
            found.append(Fact(m.group().strip(), keys, frozenset({key}), True, expected))
        if found:
            facts += found
            text = pattern.sub(" ", text)
    return facts, text


_TIME_PATTERNS = {
    "id": [r"(?:pukul|pkl\.?|jam)\s+(?P<h>\d{1,2})[.:](?P<min>\d{2})\b",
                    r"(?<![\d.,])(?P<h>\d{1,2})[.:](?P<min>\d{2})(?=\s*(?:WIB|WITA|WIT)\b)",
                    r"(?<![\d.,])(?P<h>\d{1,2})(?:[.:](?P<min>\d{2}))?(?=\s+(?:pagi|siang|sore|malam)\b)",
           r"(?<=[-–] )(?P<h>\d{1,2})[.:](?P<min>\d{2})\b|(?<=[-–])(?P<h2>\d{1,2})[.:](?P<min2>\d{2})\b"],
    "en": [r"(?<![\d.,])(?P<h>\d{1,2})(?:[:.](?P<min>\d{2}))?\s?(?P<ap>a\.m\.|p\.m\.|am|pm)(?!\w)",
                    r"(?<![\d.,])(?P<h>\d{1,2}):(?P<min>\d{2})\b",
           r"(?<![\d.,])(?P<h>\d{1,2})\.(?P<min>\d{2})(?=\s*(?:WIB|WITA|WIT|hrs)\b)"],
}
_TIME_RES = {lang: [re.compile(p) for p in patterns] for lang, patterns in _TIME_PATTERNS.items()}


def _time_facts(text: str, lang: str) -> tuple[list[Fact], str]:
    facts = []
    for regex in _TIME_RES[lang]:
        for m in regex.finditer(text):
            g = m.groupdict()
            hour = int(g.get("h") or g.get("h2"))
            minute = int(g.get("min") or g.get("min2") or 0)
            facts.append(Fact(m.group().strip(), frozenset({("time", hour % 12, minute)})))
        if facts:
            text = regex.sub(" ", text)
    return facts, text


_ORDINAL_RES = {"id": re.compile(r"\bke-?(\d+)\b"), "en": re.compile(r"(?<![\w.,])(\d+)(?:st|nd|rd|th)\b")}


def _ordinal_facts(text: str, lang: str) -> tuple[list[Fact], str]:
    regex = _ORDINAL_RES[lang]
    facts = [Fact(m.group(), frozenset({("num", _dec(m.group(1)), "")})) for m in regex.finditer(text)]
    return facts, regex.sub(" ", text)


_WORD_RES = {lang: re.compile(rf"\b({'|'.join(_WORDS[lang])})(?:\s+({'|'.join(_SCALES[lang])}))?\b",
                              re.IGNORECASE) for lang in ("id", "en")}


def _word_facts(text: str, lang: str) -> list[Fact]:
    facts = []
    for m in _WORD_RES[lang].finditer(text):
        value = Decimal(_WORDS[lang][m.group(1).lower()])
        if m.group(2):
            value = value.scaleb(_SCALES[lang][m.group(2).lower()])
        facts.append(Fact(m.group(), frozenset({("num", value.normalize(), "")}), required=False))
    return facts


def extract_facts(text: str, lang: str) -> list[Fact]:
    """All numbers, dates and times of ``text`` written in ``lang`` ("id" or "en")."""
    text = mask_literals(text)
    facts, text = _date_facts(text, lang, own=True)
    if lang == "en":  # Indonesian month names left in the English: explain, never match
        more, text = _date_facts(text, "id", own=False)
        facts += more
    for step in (_time_facts, _ordinal_facts, _number_facts):
        more, text = step(text, lang)
        facts += more
    return facts + _word_facts(text, lang)


def _values(keys: frozenset[tuple], unitless: bool) -> set[tuple]:
    return {(k[0], k[1]) for k in keys if k[0] == "num" and (k[2] == "" or not unitless)}


def _loose(a: frozenset[tuple], b: frozenset[tuple]) -> bool:
    """Same value where one side drops the unit ("3 hingga 5%" vs "3% to 5%")."""
    return bool(_values(a, True) & _values(b, False) or _values(a, False) & _values(b, True))


def _match(source: list[Fact], target: list[Fact]) -> tuple[list[Fact], list[Fact]]:
    """Pair facts by value; return the required ones left without a partner on each side."""
    used: set[int] = set()
    left = source
    for strict in (True, False):
        pending = []
        for s in left:
            for i, t in enumerate(target):
                if i in used or not (s.required or t.required):
                    continue
                if (s.keys & t.keys) if strict else _loose(s.keys, t.keys):
                    used.add(i)
                    break
            else:
                pending.append(s)
        left = pending
    missing = [s for s in left if s.required]
    extra = [t for i, t in enumerate(target) if i not in used and t.required]
    return missing, extra


# Without a digit or a month name there is nothing to compare (number words are optional).
_ANY_FACT = re.compile(r"\d|\b(?:" + "|".join({**_FULL_ID, **_FULL_EN}) + r")\b")


def numbers(msgid: str, msgstr: str) -> list[str]:
    """Every number, date, time, percentage and amount of money in the Indonesian msgid
    has the same value in the English msgstr, written in English notation, and the msgstr
    has none the msgid lacks."""
    if not (_ANY_FACT.search(msgid) or _ANY_FACT.search(msgstr)):
        return []
    source, target = extract_facts(msgid, "id"), extract_facts(msgstr, "en")
    missing, extra = _match(source, target)
    messages = []
    for s in missing:
        hint = next((t for t in extra if s.keys & t.id_keys), None)
        if hint is not None:
            extra.remove(hint)
            messages.append(f'"{hint.text}" keeps Indonesian notation: write "{s.expected or s.text}"')
        elif extra:
            t = extra.pop(0)
            messages.append(f'"{s.text}" became "{t.text}" (expected "{s.expected or s.text}")')
        else:
            messages.append(f'"{s.text}" is missing from the translation (expected "{s.expected or s.text}")')
    messages += [f'"{t.text}" is in the translation but not in the source' for t in extra]
    return messages
