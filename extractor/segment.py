"""Sentence segmentation of Indonesian (and English) text, and Page -> translatable Segments.

>>> split_sentences("Harga naik 3,6% (dll.). Menurut Dr. A. Hasanah, M.Si. tidak.")
['Harga naik 3,6% (dll.).', 'Menurut Dr. A. Hasanah, M.Si. tidak.']

The rules are data, one file per language (``extractor/data/segment/<lang>.toml``): lists of
abbreviations and ordered break / no-break rules in the spirit of SRX; that file's header says
how they are read. The scan is linear in the length of the text: only whitespace after
sentence punctuation is a candidate, and each rule looks at a bounded window around it.
"""
from __future__ import annotations

import functools
import importlib.resources
import re
import tomllib
from dataclasses import dataclass

from extractor.errors import SegmentError
from extractor.text import fold

LANGUAGES = ("id", "en")
# Sentence-final punctuation, and what may follow it before the space (closing quotes/brackets).
_TERMINATORS = frozenset(".!?…‼⁇⁈⁉")
_CLOSERS = frozenset("\"'”’»)]}")
_CANDIDATE = re.compile(r"(?<=[.!?…‼⁇⁈⁉\"'”’»)\]}])\s+")
# How much text a rule sees on each side of a candidate, and the longest "sentence so far" a
# `sentence` rule is tried on. Bounded windows keep the scan linear.
_WINDOW = 80
_SENTENCE_WINDOW = 12
_CLASSES = {
    "Lu": "[A-ZÀ-ÖØ-ÞĀ-Ž]",
    "Ll": "[a-zß-öø-ÿā-ž]",
    "L": r"[^\W\d_]",
}
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")


@dataclass(frozen=True)
class Rule:
    """One break / no-break rule; a missing pattern matches anything."""

    breaks: bool
    before: re.Pattern[str] | None
    after: re.Pattern[str] | None
    sentence: re.Pattern[str] | None


def _rules_text(lang: str) -> str:
    # One joinpath step at a time: namespace-package paths accept a single segment.
    return (importlib.resources.files("extractor") / "data" / "segment" / f"{lang}.toml").read_text(
        encoding="utf-8"
    )


def _expand(pattern: str, lists: dict[str, list[str]], where: str) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _CLASSES:
            return _CLASSES[name]
        if name not in lists:
            raise SegmentError(f"rule refers to unknown list {{{name}}}", where)
        return "|".join(re.escape(a) for a in sorted(lists[name], key=lambda a: (-len(a), a)))

    return _PLACEHOLDER.sub(one, pattern)


@functools.lru_cache(maxsize=len(LANGUAGES))
def load_rules(lang: str) -> tuple[Rule, ...]:
    """The ordered rules for ``lang`` ("id" or "en"), read once from the package data."""
    if lang not in LANGUAGES:
        raise SegmentError(f"no segmentation rules for language {lang!r} (have: id, en)")
    where = f"extractor/data/segment/{lang}.toml"
    data = tomllib.loads(_rules_text(lang))
    lists = {k: list(v) for k, v in data.get("abbreviations", {}).items()}
    rules = []
    for n, raw in enumerate(data.get("rule", []), 1):
        try:
            rules.append(Rule(
                breaks=bool(raw["break"]),
                before=re.compile(f"(?:{_expand(raw['before'], lists, where)})$")
                if "before" in raw else None,
                after=re.compile(_expand(raw["after"], lists, where)) if "after" in raw else None,
                sentence=re.compile(_expand(raw["sentence"], lists, where))
                if "sentence" in raw else None,
            ))
        except (KeyError, re.error) as exc:
            raise SegmentError(f"rule {n} is invalid: {exc}", where) from exc
    return tuple(rules)


def _decide(rules: tuple[Rule, ...], text: str, last: int, start: int, end: int) -> bool:
    """Whether the whitespace text[start:end] after sentence punctuation is a boundary."""
    before = text[max(last, start - _WINDOW):start]
    after = text[start:end + _WINDOW]
    so_far = text[last:start].strip() if start - last <= _SENTENCE_WINDOW * 4 else None
    for rule in rules:
        if rule.sentence is not None and (
            so_far is None or len(so_far) > _SENTENCE_WINDOW or not rule.sentence.fullmatch(so_far)
        ):
            continue
        if rule.before is not None and not rule.before.search(before):
            continue
        if rule.after is not None and not rule.after.match(after):
            continue
        return rule.breaks
    return True


def sentence_spans(text: str, lang: str = "id") -> list[tuple[int, int]]:
    """Character ranges of the sentences of one paragraph, outer whitespace excluded.

    Linear in ``len(text)``; a text with no sentence punctuation is one sentence.
    """
    rules = load_rules(lang)
    spans: list[tuple[int, int]] = []
    last = 0
    for match in _CANDIDATE.finditer(text):
        start, end = match.span()
        p = start - 1
        # Closing quotes and brackets may follow the stop ('."', '?”)'); only the run between
        # this space and the previous one is scanned, so the total work stays linear.
        while p > last and text[p] in _CLOSERS:
            p -= 1
        if text[p] not in _TERMINATORS:
            continue
        if _decide(rules, text, last, start, end):
            if text[last:start].strip():
                spans.append(_strip(text, last, start))
            last = end
    if text[last:].strip():
        spans.append(_strip(text, last, len(text)))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "\u200b\ufeff"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\u200b\ufeff"):
        end -= 1
    return start, end


def split_sentences(text: str, lang: str = "id") -> list[str]:
    """Split one paragraph into sentences, each the input's text with whitespace folded.

    >>> split_sentences("Jakarta, 28/10/2022, Migrasi aman. Terima kasih.")
    ['Jakarta, 28/10/2022, Migrasi aman.', 'Terima kasih.']
    """
    return [s for s in (fold(text[a:b]) for a, b in sentence_spans(text, lang)) if s]
