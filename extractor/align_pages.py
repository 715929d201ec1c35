"""Aligning two sources (HTML pages or .txt files): structure first, then sentences.

A .txt source is paragraphs separated by blank lines; each paragraph is one segment and is
never re-split, so the aligner can be scored against a gold alignment. An HTML source is parsed
and segmented as the catalogues are, then aligned structure first:

- menu items and their descriptions by position in the menu tree, breadcrumbs from both ends
  (home first, current page last), footer labels by position, title to title;
- body blocks in document order with gaps allowed (the sentence aligner run on whole blocks,
  headings kept apart from paragraphs), then sentences inside each group of aligned blocks.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from extractor.align import (
    AlignOptions, Link, align_units, make_units, merge_units, pair_score,
)
from extractor.errors import AlignError
from extractor.langid import detect
from extractor.model import CHROME_ROLES, Segment
from extractor.parse import parse_file
from extractor.po import Catalogue, Entry, format_po
from extractor.profile import Profile, resolve_profile
from extractor.segment import segment_page
from extractor.text import fold

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
# Roles aligned by their position in the page's chrome rather than by text.
POSITIONAL_ROLES = (*CHROME_ROLES, "title")
# The score position alone gives a chrome link when both pages' chrome has the same shape.
_SAME_SHAPE = 0.9


@dataclass(frozen=True)
class AlignedPair:
    """One link between the two sides: segments of each (either may be empty) and a 0..1 score.

    ``source`` and ``target`` join the segments' texts with one space.
    """

    source_segments: tuple[Segment, ...]
    target_segments: tuple[Segment, ...]
    score: float

    @property
    def source(self) -> str:
        return " ".join(s.text for s in self.source_segments)

    @property
    def target(self) -> str:
        return " ".join(s.text for s in self.target_segments)


def read_text_segments(path: str | Path, lang: str) -> list[Segment]:
    """The paragraphs of a .txt file (blank-line separated, whitespace folded), one segment each."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise AlignError(f"cannot read: {exc.strerror or exc}", str(path)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise AlignError("not UTF-8 text", str(path), line) from exc
    paragraphs = [fold(p) for p in _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n"))]
    return [
        Segment(text=p, lang=lang, role="paragraph", anchor=f"p{i}")
        for i, p in enumerate((p for p in paragraphs if p), start=1)
    ]


def check_languages(source: Sequence[Segment], target: Sequence[Segment], options: AlignOptions,
                    where: str) -> None:
    """Raise AlignError for an empty side, both sides in one language, swapped sides, or sides
    whose total lengths differ more than fourfold (past 200 characters): not translations."""
    if not source:
        raise AlignError(f"the {options.source_lang} side has no text to align", where)
    if not target:
        raise AlignError(f"the {options.target_lang} side has no text to align", where)
    src_lang = detect(" ".join(s.text for s in source)[:4000])
    tgt_lang = detect(" ".join(s.text for s in target)[:4000])
    if src_lang is not None and src_lang == tgt_lang:
        raise AlignError(f"both sides are in the same language ({src_lang}); "
                         f"give the {options.source_lang} source and its {options.target_lang} twin", where)
    if src_lang == options.target_lang and tgt_lang == options.source_lang:
        raise AlignError(f"the sides are swapped: give the {options.source_lang} source first", where)
    s_len = sum(len(s.text) for s in source)
    t_len = sum(len(t.text) for t in target)
    if max(s_len, t_len) > 4 * min(s_len, t_len) and max(s_len, t_len) > 200:
        raise AlignError(f"the two sides differ too much in length ({s_len} vs {t_len} characters) "
                         "to be translations", where)


def _pairs(links: Sequence[Link], src: Sequence[Segment], tgt: Sequence[Segment]) -> list[AlignedPair]:
    return [
        AlignedPair(tuple(src[i] for i in link.source), tuple(tgt[j] for j in link.target), link.score)
        for link in links
    ]


def align_flat(src: Sequence[Segment], tgt: Sequence[Segment], options: AlignOptions = AlignOptions()) -> list[AlignedPair]:
    """Align two segment sequences as they are, roles ignored (the paragraphs of .txt files,
    the sentences of linked blocks, which may be a paragraph on one side and a list item on
    the other)."""
    su = make_units([s.text for s in src], options.source_lang)
    tu = make_units([s.text for s in tgt], options.target_lang)
    return _pairs(align_units(su, tu, options), src, tgt)


def _block_of(segment: Segment) -> str:
    """The block a body segment belongs to: its anchor without the sentence index."""
    head, dot, tail = segment.anchor.rpartition(".")
    return head if dot and tail.isdigit() else segment.anchor


def _group_blocks(indices: Sequence[int], segments: Sequence[Segment]) -> list[list[int]]:
    """Indices of consecutive segments grouped by the block they belong to."""
    groups: list[list[int]] = []
    for i in indices:
        if groups and _block_of(segments[groups[-1][-1]]) == _block_of(segments[i]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _crumb_keys(crumbs: Sequence[Segment]) -> list[str]:
    """Breadcrumb positions counted from both ends: the first crumb is home and the last the
    current page whatever the trail's length; the ones between match from the start."""
    last = len(crumbs) - 1
    return ["first" if i == 0 else "last" if i == last else str(i) for i in range(len(crumbs))]


def _positional(src: Sequence[Segment], tgt: Sequence[Segment], options: AlignOptions,
                keys: tuple[list[str], list[str]] | None = None,
                vouch: dict[str, float] | None = None) -> list[AlignedPair]:
    """Chrome: segments at the same position (menu tree path, crumb, footer label) link.

    Positions are the anchors unless ``keys`` gives them. When both sides have the same shape
    (the same positions), a link scores at least ``_SAME_SHAPE`` (or what ``vouch`` says for
    its position); otherwise its score is the text evidence alone.
    """
    s_keys, t_keys = keys or ([s.anchor for s in src], [t.anchor for t in tgt])
    vouch = vouch or {}
    by_key = {k: j for j, k in enumerate(t_keys)}
    same_shape = s_keys == t_keys
    su = make_units([s.text for s in src], options.source_lang)
    tu = make_units([t.text for t in tgt], options.target_lang)
    out: list[AlignedPair] = []
    used: set[int] = set()
    for i, seg in enumerate(src):
        j = by_key.get(s_keys[i])
        if j is None or j in used:
            out.append(AlignedPair((seg,), (), 0.0))
            continue
        used.add(j)
        floor = vouch.get(s_keys[i], _SAME_SHAPE) if same_shape else 0.0
        out.append(AlignedPair((seg,), (tgt[j],), max(pair_score([su[i]], [tu[j]], options), floor)))
    out.extend(AlignedPair((), (t,), 0.0) for k, t in enumerate(tgt) if k not in used)
    return out


def _descriptions(src: Sequence[Segment], tgt: Sequence[Segment], options: AlignOptions) -> list[AlignedPair]:
    """Menu descriptions: the item by position, then its sentences aligned as text."""
    def by_item(segs: Sequence[Segment]) -> dict[str, list[Segment]]:
        items: dict[str, list[Segment]] = {}
        for s in segs:
            items.setdefault(s.anchor.partition(".desc.")[0], []).append(s)
        return items

    s_items, t_items = by_item(src), by_item(tgt)
    out: list[AlignedPair] = []
    for item, segs in s_items.items():
        twin = t_items.get(item, [])
        if len(segs) == 1 and len(twin) == 1:
            out.extend(_positional(segs, twin, options))
        else:
            out.extend(align_flat(segs, twin, options))
    for item, twin in t_items.items():
        if item not in s_items:
            out.extend(AlignedPair((), (t,), 0.0) for t in twin)
    return out


def _blocks(src: Sequence[Segment], tgt: Sequence[Segment], options: AlignOptions) -> list[AlignedPair]:
    """Body: align blocks in order with gaps, then sentences inside each group of linked blocks.

    Each sentence's evidence is read once; a block's is the sum of its sentences'.
    """
    s_units = make_units([s.text for s in src], options.source_lang)
    t_units = make_units([t.text for t in tgt], options.target_lang)
    sg, tg = _group_blocks(range(len(src)), src), _group_blocks(range(len(tgt)), tgt)
    su = [merge_units([s_units[i] for i in g], _kind([src[i] for i in g])) for g in sg]
    tu = [merge_units([t_units[j] for j in g], _kind([tgt[j] for j in g])) for g in tg]
    out: list[AlignedPair] = []
    for link in align_units(su, tu, options):
        s_idx = [i for b in link.source for i in sg[b]]
        t_idx = [j for b in link.target for j in tg[b]]
        if not s_idx or not t_idx:
            out.extend(AlignedPair((src[i],), (), 0.0) for i in s_idx)
            out.extend(AlignedPair((), (tgt[j],), 0.0) for j in t_idx)
        elif len(s_idx) == 1 and len(t_idx) == 1:
            out.append(AlignedPair((src[s_idx[0]],), (tgt[t_idx[0]],), link.score))
        else:
            inner = _pairs(align_units([s_units[i] for i in s_idx], [t_units[j] for j in t_idx], options),
                           [src[i] for i in s_idx], [tgt[j] for j in t_idx])
            # When the sentences of a confidently linked block pair all find a partner, the
            # block link vouches for each of them (up to 0.9: it does not check their order).
            vouch = min(link.score, 0.9) if all(p.source_segments and p.target_segments for p in inner) else 0.0
            out.extend(AlignedPair(p.source_segments, p.target_segments, max(p.score, vouch)) for p in inner)
    return out


def _kind(group: Sequence[Segment]) -> str:
    # Headings stay apart from running text; paragraphs, list items and quotes may swap.
    return "heading" if group[0].role == "heading" else "text"


def _page_support(body: Sequence[AlignedPair]) -> float:
    """How surely the two pages are twins: the median score of the body's two-sided links.

    It caps what position alone may vouch for the title and the current-page crumb: a wrong
    hreflang twin shares the site's menus but not the article, and must not lend its title.
    """
    scores = sorted(p.score for p in body if p.source_segments and p.target_segments)
    return scores[len(scores) // 2] if scores else 0.0


def align_structured(src: Sequence[Segment], tgt: Sequence[Segment], options: AlignOptions = AlignOptions()) -> list[AlignedPair]:
    """Align the segments of two pages: chrome by position, title to title, body in order.

    Every segment of both sides is in exactly one pair; pairs follow the page order of the
    source side, roles in the order the source first shows them.
    """
    roles: list[str] = []
    for seg in list(src) + list(tgt):
        group = seg.role if seg.role in POSITIONAL_ROLES else "body"
        if group not in roles:
            roles.append(group)

    def pick(segs: Sequence[Segment], role: str) -> list[Segment]:
        return [s for s in segs if (s.role if s.role in POSITIONAL_ROLES else "body") == role]

    body = _blocks(pick(src, "body"), pick(tgt, "body"), options)
    page = min(_SAME_SHAPE, _page_support(body))
    out: list[AlignedPair] = []
    for role in roles:
        s_role, t_role = pick(src, role), pick(tgt, role)
        if role == "body":
            out.extend(body)
        elif role == "menu_description":
            out.extend(_descriptions(s_role, t_role, options))
        elif role == "breadcrumb":
            keys = (_crumb_keys(s_role), _crumb_keys(t_role))
            out.extend(_positional(s_role, t_role, options, keys, vouch={"last": page}))
        elif role == "title":
            out.extend(_positional(s_role, t_role, options, vouch={"title": page}))
        else:
            out.extend(_positional(s_role, t_role, options))
    return out


@dataclass(frozen=True)
class SourceAlignOptions:
    """How `extractor align` reads and aligns two sources."""

    align: AlignOptions = AlignOptions()
    profile: str | Profile = "iom-drupal"


def load_segments(path: str | Path, lang: str, profile: str | Profile = "iom-drupal") -> list[Segment]:
    """A source's segments: a .txt file's paragraphs, or an HTML page segmented as catalogued."""
    if Path(path).suffix.lower() == ".txt":
        return read_text_segments(path, lang)
    page = parse_file(path, resolve_profile(profile))
    return segment_page(page)


def align_sources(source: str | Path, target: str | Path,
                  options: SourceAlignOptions = SourceAlignOptions()) -> list[AlignedPair]:
    """Align an Indonesian source with its English twin (both .txt, or both HTML).

    Raises AlignError for an empty side, both sides in one language, swapped sides, or sides
    whose lengths differ so much that they cannot translate each other.
    """
    lang_s, lang_t = options.align.source_lang, options.align.target_lang
    src = load_segments(source, lang_s, options.profile)
    tgt = load_segments(target, lang_t, options.profile)
    where = f"{source} / {target}"
    check_languages(src, tgt, options.align, where)
    text_sources = Path(source).suffix.lower() == ".txt" or Path(target).suffix.lower() == ".txt"
    return align_flat(src, tgt, options.align) if text_sources else align_structured(src, tgt, options.align)


FORMATS = ("json", "text", "po")


def render_pairs(pairs: Sequence[AlignedPair], fmt: str, options: AlignOptions = AlignOptions()) -> str:
    """Pairs as ``json`` (``{"pairs": [{"id", "en", "score"}]}``), readable ``text``, or ``po``.

    The PO form is a catalogue of suggestions: msgid the source text, msgstr the aligned
    target text marked fuzzy with its score in an extracted comment; a source text aligned
    twice keeps its best-scored target, and target-only pairs are left out (PO has no entry
    without a msgid).
    """
    s_key, t_key = options.source_lang, options.target_lang
    if fmt == "json":
        rows = [{s_key: p.source, t_key: p.target, "score": p.score} for p in pairs]
        return json.dumps({"pairs": rows}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "text":
        width = max(len(s_key), len(t_key))
        return "".join(
            f"{p.score:.2f} {s_key:<{width}} | {p.source}\n     {t_key:<{width}} | {p.target}\n\n"
            for p in pairs
        )
    if fmt == "po":
        best: dict[str, AlignedPair] = {}
        for p in pairs:
            if p.source and (p.source not in best or p.score > best[p.source].score):
                best[p.source] = p
        entries = tuple(
            Entry(msgid=p.source, msgstr=p.target, flags=("fuzzy",) if p.target else (),
                  extracted_comments=(f"align score {p.score:.2f}",))
            for p in (best[k] for k in dict.fromkeys(p.source for p in pairs if p.source))
        )
        header = (("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit"),
                  ("Language", t_key))
        return format_po(Catalogue(header=header, entries=entries))
    raise AlignError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
