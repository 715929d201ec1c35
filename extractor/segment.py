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
from extractor.langid import detect
from extractor.model import Block, NavItem, Page, Segment, Span
from extractor.text import fold, is_space

LANGUAGES = ("id", "en")
# Block types kept whole (one segment); every other type is split into sentences.
WHOLE_BLOCK_TYPES = frozenset({"heading", "table_cell", "caption"})
# Sentence-final punctuation, and what may follow it before the space (closing quotes/brackets).
_TERMINATORS = frozenset(".!?…‼⁇⁈⁉")
_CLOSERS = frozenset("\"'”’»)]}")
_CANDIDATE = re.compile(r"(?<=[.!?…‼⁇⁈⁉\"'”’»)\]}])\s+")
# How much text a rule sees on each side of a candidate (enough for the longest abbreviation
# and its neighbour), and the longest "sentence so far" a `sentence` rule is tried on. Bounded
# windows keep the scan linear.
_WINDOW = 32
_SENTENCE_WINDOW = 12
_CLASSES = {
    "Lu": "[A-ZÀ-ÖØ-ÞĀ-Ž]",
    "Ll": "[a-zß-öø-ÿā-ž]",
    "L": r"[^\W\d_]",
}
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
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
    low = max(last, start - _WINDOW)
    # Rules look at the last two words at most: cut the window there to keep the search short.
    space = text.rfind(" ", low, start)
    cut = text.rfind(" ", low, space) if space > low else -1
    before = text[max(low, cut):start]
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
    while start < end and is_space(text[start]):
        start += 1
    while end > start and is_space(text[end - 1]):
        end -= 1
    return start, end


def split_sentences(text: str, lang: str = "id") -> list[str]:
    """Split one paragraph into sentences, each the input's text with whitespace folded.

    >>> split_sentences("Jakarta, 28/10/2022, Migrasi aman. Terima kasih.")
    ['Jakarta, 28/10/2022, Migrasi aman.', 'Terima kasih.']
    """
    return [s for s in (fold(text[a:b]) for a, b in sentence_spans(text, lang)) if s]


def segment_document(data: bytes, lang: str = "id", source: str = "<stdin>") -> list[list[str]]:
    """Decode UTF-8 ``data`` (paragraphs separated by blank lines) and split every paragraph.

    Raises SegmentError naming ``source`` and the byte offset of the first undecodable byte.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SegmentError(
            f"undecodable byte 0x{data[exc.start]:02x} at byte offset {exc.start} "
            "(input must be UTF-8)", source,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = _BLANK_LINES.split(text)
    return [sents for sents in (split_sentences(p, lang) for p in paragraphs) if sents]


# --- Page -> Segments -------------------------------------------------------------------------


def _lang_of(code: str | None, default: str = "id") -> str:
    """The rule set for a language tag ("id-ID" -> "id"); unknown languages use ``default``."""
    base = (code or "").split("-")[0].lower()
    return base if base in LANGUAGES else default


def _rebase(spans: tuple[Span, ...], text: str, start: int, end: int) -> tuple[tuple[Span, ...], str]:
    """The folded text of text[start:end] and the spans re-based onto it.

    A span crossing the range's edge is clipped to it; a span left empty, and a line break at
    either edge, is dropped, so every segment's spans stay balanced.
    """
    piece = text[start:end]
    folded = fold(piece)
    if not spans:
        return (), folded
    # Offsets through whitespace folding (the range has no outer whitespace, and block text
    # is NFC already): position i of piece -> position in folded.
    mapping = [0] * (len(piece) + 1)
    out_pos, in_space = 0, False
    for i, ch in enumerate(piece):
        space = is_space(ch)
        mapping[i] = out_pos - 1 if space and in_space else out_pos
        if not (space and in_space):
            out_pos += 1
        in_space = space
    mapping[len(piece)] = out_pos
    limit = len(folded)
    rebased = []
    for span in spans:
        if span.kind == "br" or span.start == span.end:
            if start < span.start < end:
                pos = min(mapping[span.start - start], limit)
                if 0 < pos < limit:
                    rebased.append(Span(span.kind, pos, pos, span.tag, span.attrs))
            continue
        lo, hi = max(span.start, start), min(span.end, end)
        if lo >= hi:
            continue
        a, b = min(mapping[lo - start], limit), min(mapping[hi - start], limit)
        while a < b and folded[a] == " ":
            a += 1
        while b > a and folded[b - 1] == " ":
            b -= 1
        if a < b:
            rebased.append(Span(span.kind, a, b, span.tag, span.attrs))
    return tuple(rebased), folded


def _block_segments(block: Block, page_lang: str) -> list[Segment]:
    # A lang attribute the author set wins over detection, sentence by sentence.
    declared = block.lang if block.lang_declared else None
    rules = _lang_of(block.lang, page_lang)
    if block.type in WHOLE_BLOCK_TYPES:
        ranges = [_strip(block.text, 0, len(block.text))]
    else:
        ranges = sentence_spans(block.text, rules)
    out = []
    for n, (a, b) in enumerate(ranges, 1):
        spans, text = _rebase(block.spans, block.text, a, b)
        if text:
            out.append(Segment(text=text, lang=declared or detect(text), role=block.type,
                               anchor=f"{block.anchor}.{n}", spans=spans))
    return out


def _nav_segments(items: tuple[NavItem, ...], prefix: str, lang: str) -> list[Segment]:
    out = []
    for i, item in enumerate(items, 1):
        anchor = f"{prefix}.{i}"
        label = fold(item.label)
        if label:
            out.append(Segment(text=label, lang=detect(label), role="menu", anchor=anchor))
        for n, sentence in enumerate(split_sentences(item.description or "", lang), 1):
            out.append(Segment(text=sentence, lang=detect(sentence), role="menu_description",
                               anchor=f"{anchor}.desc.{n}"))
        out.extend(_nav_segments(item.children, anchor, lang))
    return out


def _labels(texts: tuple[str, ...], role: str, prefix: str) -> list[Segment]:
    return [Segment(text=t, lang=detect(t), role=role, anchor=f"{prefix}.{i}")
            for i, t in enumerate((fold(x) for x in texts), 1) if t]


def segment_page(page: Page) -> list[Segment]:
    """Every translatable string of ``page``, in page order, as Segments.

    Order and anchors: the navigation depth-first, each item's label (role ``menu``, anchor
    ``nav.1``, ``nav.1.2``: the 1-based path in the tree) followed by the sentences of its
    description (``menu_description``, ``nav.1.desc.1``, ...) and then its children;
    breadcrumbs (``crumb.1``...), the title (``title``), footer labels (``footer.1``...), then
    the blocks: headings, table cells and captions whole (``<block anchor>.1``), paragraphs,
    list items and quotes one segment per sentence (``p3.1``, ``p3.2``...). Each segment's
    ``lang`` is detect() of its own text (None for language-neutral strings such as "2030"),
    except in a block whose lang attribute the author declared, which wins. Spans are re-based
    to the segment text. Empty strings give no segment.
    """
    lang = _lang_of(page.lang)
    out = _nav_segments(page.nav, "nav", lang)
    out += _labels(page.breadcrumbs, "breadcrumb", "crumb")
    title = fold(page.title or "")
    if title:
        out.append(Segment(text=title, lang=detect(title), role="title", anchor="title"))
    out += _labels(page.footer, "footer", "footer")
    for block in page.blocks:
        out += _block_segments(block, lang)
    return out
