"""Sentence alignment: two sequences of segments -> links (n:m, with gaps), each scored 0..1.

The model is Gale and Church's (1993) length model — the character length of a translation is
roughly proportional to the original's — plus evidence that survives translation
(:mod:`extractor.anchors`): numbers in either locale's notation, dates, acronyms, URLs, e-mail
addresses, and cognates such as proper names. Links may be 1-1, 1-2, 2-1, 2-2, 1-0 or 0-1.

The dynamic programme runs inside a band around the diagonal and widens the band only when the
best path touches its edge, so aligning n segments costs O(n * band) rather than O(n^2).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from extractor.anchors import Evidence, anchors, cognates, overlap

# Link kinds with their prior probabilities: Gale and Church's (from hand-aligned parliament
# proceedings) for 1-1, 2-1, 1-2 and 2-2, but gaps (1-0, 0-1) about four times as likely:
# web pages leave out more than Hansard does.
_BEADS: tuple[tuple[int, int, float], ...] = (
    (1, 1, 0.89),
    (1, 0, 0.02),
    (0, 1, 0.02),
    (2, 1, 0.089),
    (1, 2, 0.089),
    (2, 2, 0.011),
)
_PRIOR_COST = {(a, b): -math.log(p) for a, b, p in _BEADS}

# Gale-Church's variance of the length difference, per character.
_VARIANCE = 6.8
# Cost weights of the translation-surviving evidence, in the same units as the length cost
# (negative log probability): a shared anchor is strong evidence, a one-sided one counts
# against; shared cognates help a little, unshared ones hardly hurt.
_ANCHOR_MATCH = 3.0
_ANCHOR_MISS = 1.5
_COGNATE_MATCH = 1.2
_COGNATE_MISS = 0.1
_KIND_MISMATCH = 4.0
# Cost of a part of a 2-1, 1-2 or 2-2 link that shares no evidence with the other side.
_ORPHAN = 2.0
# Log-odds a link gains from confident neighbours (see score_links).
_CONTEXT = 2.5
# How many links on each side of a link count as its neighbours.
_WINDOW = 2


@dataclass(frozen=True)
class AlignOptions:
    """How to align: the two languages and the smallest band the search starts with."""

    source_lang: str = "id"
    target_lang: str = "en"
    min_band: int = 12
    # English characters per Indonesian character, measured on the PUD parallel treebanks
    # (110,136 / 118,865); the observed ratio of a long input gradually takes over.
    length_ratio: float = 0.93


@dataclass(frozen=True)
class Unit:
    """One segment as the aligner sees it: its text, length, evidence and structural kind."""

    text: str
    length: int
    anchors: Evidence
    cognates: Evidence
    kind: str = ""
    # How many anchors and cognates the text has in all.
    evidence_total: int = 0


@dataclass(frozen=True)
class Link:
    """An alignment link: indices into the source and target sequences, and a 0..1 score.

    ``score`` estimates how likely the target text translates the source text; a link with an
    empty side (1-0, 0-1) always scores 0.
    """

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float


def make_units(texts: Sequence[str], lang: str) -> list[Unit]:
    """Extract each text's length and evidence once, before the search (kind left empty)."""
    memo: dict[str, str] = {}
    units = []
    for t in texts:
        a, c = anchors(t, lang), cognates(t, memo)
        units.append(Unit(t, len(t), a, c, "", sum(a.values()) + sum(c.values())))
    return units


def merge_units(units: Sequence[Unit], kind: str = "") -> Unit:
    """One unit standing for consecutive units joined by spaces (a block of sentences)."""
    if len(units) == 1:
        u = units[0]
        return Unit(u.text, u.length, u.anchors, u.cognates, kind, u.evidence_total)
    return Unit(" ".join(u.text for u in units), sum(u.length for u in units) + len(units) - 1,
                _merge(units, "anchors"), _merge(units, "cognates"), kind,
                sum(u.evidence_total for u in units))


def _merge(units: Sequence[Unit], attr: str) -> Evidence:
    if len(units) == 1:
        return getattr(units[0], attr)
    out: Evidence = {}
    for u in units:
        for k, n in getattr(u, attr).items():
            out[k] = out.get(k, 0) + n
    return out


@dataclass(frozen=True)
class _Group:
    """One side of a candidate link (one or two consecutive units), its evidence merged once."""

    parts: tuple[Unit, ...]
    length: int
    anchors: Evidence
    anchor_total: int
    cognates: Evidence
    cognate_total: int
    kinds: frozenset[str]


def _group(parts: Sequence[Unit]) -> _Group:
    a, c = _merge(parts, "anchors"), _merge(parts, "cognates")
    return _Group(tuple(parts), sum(u.length for u in parts), a, sum(a.values()), c,
                  sum(c.values()), frozenset(u.kind for u in parts))


def _groups(units: Sequence[Unit]) -> dict[tuple[int, int], _Group]:
    """Every group a link can take on one side: (start, size) for sizes 1 and 2."""
    out = {(i, 1): _group(units[i:i + 1]) for i in range(len(units))}
    out.update({(i, 2): _group(units[i:i + 2]) for i in range(len(units) - 1)})
    return out


@dataclass(frozen=True)
class _Evidence:
    length_p: float
    anchor_match: int
    anchor_miss: int
    cognate_match: int
    cognate_total: int
    kind_match: bool


def _evidence(s: _Group, t: _Group, ratio: float) -> _Evidence:
    mean = max(1.0, (s.length + t.length / ratio) / 2)
    delta = (t.length - s.length * ratio) / math.sqrt(mean * _VARIANCE)
    am = overlap(s.anchors, t.anchors) if s.anchor_total and t.anchor_total else 0
    cm = overlap(s.cognates, t.cognates) if s.cognate_total and t.cognate_total else 0
    return _Evidence(
        length_p=math.erfc(abs(delta) / math.sqrt(2)),
        anchor_match=am,
        anchor_miss=s.anchor_total + t.anchor_total - 2 * am,
        cognate_match=cm,
        cognate_total=s.cognate_total + t.cognate_total,
        kind_match=bool(s.kinds & t.kinds),
    )


def _gap_cost(g: _Group) -> float:
    # A segment left out of the translation: its own evidence is what gets lost.
    return _PRIOR_COST[(1, 0)] + _ANCHOR_MISS * g.anchor_total + 0.002 * g.length


def _cost(s: _Group, t: _Group, ratio: float) -> float:
    ev = _evidence(s, t, ratio)
    cost = _PRIOR_COST[(len(s.parts), len(t.parts))] - math.log(max(ev.length_p, 1e-12))
    cost += _ANCHOR_MISS * ev.anchor_miss - _ANCHOR_MATCH * ev.anchor_match
    cost += _COGNATE_MISS * (ev.cognate_total - 2 * ev.cognate_match)
    cost -= _COGNATE_MATCH * ev.cognate_match
    if not ev.kind_match:
        cost += _KIND_MISMATCH
    if len(s.parts) > 1 or len(t.parts) > 1:
        cost += _ORPHAN * (_orphans(s, t) + _orphans(t, s))
    return cost


def _orphans(side: _Group, other: _Group) -> int:
    """Parts of a merged side that carry evidence yet share none of it with the other side.

    Such a part is more likely a sentence the translation left out than half of a split one.
    """
    if len(side.parts) < 2:
        return 0
    count = 0
    for u in side.parts:
        if u.evidence_total >= 2 and not (
            overlap(u.anchors, other.anchors) or overlap(u.cognates, other.cognates)
        ):
            count += 1
    return count


def _logistic(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def link_evidence(src: Sequence[Unit], tgt: Sequence[Unit], ratio: float) -> float:
    """The log-odds that ``tgt`` translates ``src``, judged on this pair alone.

    Length agreement alone stays below even odds: pages that merely have similar sentence
    lengths must not pre-fill anything. Shared anchors and cognates raise it; an anchor present
    on one side only lowers it.
    """
    ev = _evidence(_group(src), _group(tgt), ratio)
    cognate_share = 2 * ev.cognate_match / ev.cognate_total if ev.cognate_total else 0.0
    # Weights set by hand against `benchmarks/align.py`'s calibration line: the intercept is the
    # highest of -1.2, -0.8, -0.4 that kept every link between unrelated PUD tasks below 0.6.
    z = (
        -0.8
        + 0.6 * math.log(max(ev.length_p, 1e-6))
        + 1.3 * min(ev.anchor_match, 3)
        - 0.9 * min(ev.anchor_miss, 4)
        + 3.0 * cognate_share
        + 0.25 * min(ev.cognate_match, 6)
        - (0.6 if len(src) + len(tgt) > 2 else 0.0)
        - (2.0 if not ev.kind_match else 0.0)
    )
    return z


def pair_score(src: Sequence[Unit], tgt: Sequence[Unit], options: AlignOptions = AlignOptions()) -> float:
    """The 0..1 score of linking ``src`` with ``tgt`` on their own evidence (no neighbours)."""
    if not src or not tgt:
        return 0.0
    return round(_logistic(link_evidence(src, tgt, options.length_ratio)), 4)


def score_links(spans: Sequence[tuple[range, range]], src: Sequence[Unit], tgt: Sequence[Unit], ratio: float) -> list[Link]:
    """Score each link from its own evidence and from its neighbours'.

    A link among confident links is likely right even when it has no anchor of its own
    ("Ini akan sedikit berbeda." / "This will be a little different."), so its log-odds gain
    in proportion to the support on its weaker side, a side's support being the best own
    probability among its nearest ``_WINDOW`` links. Unrelated pages have no confident
    neighbours, so this does not lift them.
    """
    own = [
        _logistic(link_evidence(src[s.start:s.stop], tgt[t.start:t.stop], ratio)) if len(s) and len(t) else None
        for s, t in spans
    ]
    linked = [k for k, p in enumerate(own) if p is not None]
    probs = [own[k] for k in linked]
    boosted: dict[int, float] = {}
    for n, k in enumerate(linked):
        p = probs[n]
        before = probs[max(0, n - _WINDOW):n]
        after = probs[n + 1:n + 1 + _WINDOW]
        sides = [max(q) for q in (before, after) if q]
        support = min(sides) * (1.0 if len(sides) == 2 else 0.7) if sides else 0.0
        boosted[k] = round(_logistic(math.log(p / (1 - p)) + _CONTEXT * support), 4)
    return [Link(tuple(s), tuple(t), boosted.get(k, 0.0)) for k, (s, t) in enumerate(spans)]


def _length_ratio(src: Sequence[Unit], tgt: Sequence[Unit], prior: float) -> float:
    """The expected target/source length ratio: the prior, corrected by a long input's own.

    Short inputs keep the prior because one left-out sentence would skew their totals.
    """
    s = sum(u.length for u in src)
    t = sum(u.length for u in tgt)
    pseudo = 3000.0
    ratio = (t + prior * pseudo) / (s + pseudo)
    # Clamp: a wildly different total says the sides are not translations, not a new ratio.
    return min(2.0, max(0.5, ratio))


def align_units(src: Sequence[Unit], tgt: Sequence[Unit], options: AlignOptions = AlignOptions()) -> list[Link]:
    """Align two unit sequences; every index of both sides is in exactly one link, in order."""
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Link((i,), (), 0.0) for i in range(n)] + [Link((), (j,), 0.0) for j in range(m)]
    ratio = _length_ratio(src, tgt, options.length_ratio)
    band = max(options.min_band, 2 * abs(n - m) // 3 + 4)
    while True:
        path, touched = _search(src, tgt, ratio, band)
        if not touched or band >= max(n, m):
            break
        band *= 2
    spans = [(range(i0, i1), range(j0, j1)) for (i0, j0), (i1, j1) in zip(path, path[1:])]
    return score_links(spans, src, tgt, ratio)


def _search(src: Sequence[Unit], tgt: Sequence[Unit], ratio: float, band: int) -> tuple[list[tuple[int, int]], bool]:
    """Banded DP; returns the best path as grid points and whether it touched the band edge."""
    n, m = len(src), len(tgt)
    inf = math.inf

    def centre(i: int) -> float:
        return i * m / n

    def in_band(i: int, j: int) -> bool:
        return abs(j - centre(i)) <= band

    sg, tg = _groups(src), _groups(tgt)
    cost: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        lo = max(0, math.floor(centre(i) - band))
        hi = min(m, math.ceil(centre(i) + band))
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            best, arg = inf, None
            for di, dj, _ in _BEADS:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                prev = cost.get((pi, pj))
                if prev is None:
                    continue
                if di == 0:
                    c = prev + _gap_cost(tg[(pj, 1)])
                elif dj == 0:
                    c = prev + _gap_cost(sg[(pi, 1)])
                else:
                    c = prev + _cost(sg[(pi, di)], tg[(pj, dj)], ratio)
                if c < best:
                    best, arg = c, (pi, pj)
            if arg is not None:
                cost[(i, j)] = best
                back[(i, j)] = arg
    if (n, m) not in cost:
        return _search(src, tgt, ratio, band * 2) if band < max(n, m) else ([(0, 0), (n, m)], False)
    path = [(n, m)]
    while path[-1] != (0, 0):
        path.append(back[path[-1]])
    path.reverse()
    touched = any(not in_band(i, j - 1) or not in_band(i, j + 1) for i, j in path[1:-1])
    return path, touched


def align_texts(src: Sequence[str], tgt: Sequence[str], options: AlignOptions = AlignOptions()) -> list[Link]:
    """Align two lists of segment texts (Indonesian, English) into scored links.

    >>> [l.source + l.target for l in align_texts(["Ada 3,6% orang."], ["There are 3.6% people."])]
    [(0, 0)]
    """
    return align_units(make_units(src, options.source_lang), make_units(tgt, options.target_lang), options)
