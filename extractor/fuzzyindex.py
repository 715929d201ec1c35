"""Find the closest old msgid for a new one, fast, and refuse unsafe suggestions.

Similarity is rapidfuzz's Indel ratio, the same measure as GNU msgmerge's ``fstrcmp``
(2 * matching characters / total length), with msgmerge's threshold (strictly above 0.6) and
its tie rules (earliest candidate wins; a candidate with the same or no msgctxt gets a tiny
bonus). Instead of comparing every pair (msgmerge is quadratic), candidates come from an
inverted index of words: the query's rarest words select the old strings that share them,
short queries take every old string sharing a 4-character sequence (msgmerge's own rule), and
only those candidates are scored.

The guard (:func:`guard_conflict`) rejects a suggestion when the old and new source strings
disagree on numbers, URLs or inline placeholders (``<1>``, ``</1>``, ``<2/>``, ``%s``,
``{name}``): the old translation would carry the wrong figure, link or markup.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

from rapidfuzz import fuzz, process

from extractor.placeholders import PLACEHOLDER

_WORD = re.compile(r"\w+")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
# Our numbered tags (placeholders.PLACEHOLDER), printf-style and brace-style placeholders.
_PLACEHOLDER = re.compile(PLACEHOLDER.pattern + r"|%(?:\([^)]+\))?[-#0+]*\d*(?:\.\d+)?"
                          r"[sdifxXeEgGcrouab%]|\{[A-Za-z0-9_.]*\}")

# Words shared by more old strings than this carry no information about a match.
_COMMON = 400
# How many of a query's rarest words select candidates.
_RAREST = 6
# Queries this short are compared with every old string of a compatible length.
_SHORT = 32


def _sorted_tokens(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    # Whole matches (group 0): PLACEHOLDER's groups must not turn findall into tuples.
    return tuple(sorted(m.group(0) for m in pattern.finditer(text)))


def guard_tokens(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """URLs, numbers (outside URLs and placeholders) and placeholders of ``text``, sorted."""
    urls = _sorted_tokens(_URL, text)
    rest = _URL.sub(" ", text)
    placeholders = _sorted_tokens(_PLACEHOLDER, rest)
    numbers = _sorted_tokens(_NUMBER, _PLACEHOLDER.sub(" ", rest))
    return urls, numbers, placeholders


def guard_conflict(old_msgid: str, new_msgid: str) -> str | None:
    """Why the translation of ``old_msgid`` is unsafe for ``new_msgid``, or None when it is safe.

    >>> guard_conflict("Laporan 2023", "Laporan 2024")
    'numbers differ'
    """
    old, new = guard_tokens(old_msgid), guard_tokens(new_msgid)
    for kind, a, b in zip(("URLs", "numbers", "placeholders"), old, new):
        if a != b:
            return f"{kind} differ"
    return None


@dataclass(frozen=True)
class Candidate:
    """One old message that may lend its translation: its position in the pool and context."""

    msgid: str
    msgctxt: str | None
    position: int


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    score: float  # 0..1, Indel similarity


class FuzzyIndex:
    """An index over old msgids with translations; :meth:`ranked` lists the closest ones."""

    def __init__(self, candidates: list[Candidate]) -> None:
        self._cands = candidates
        postings: dict[str, list[int]] = {}
        for i, c in enumerate(candidates):
            for word in set(_WORD.findall(c.msgid.lower())):
                postings.setdefault(word, []).append(i)
        self._postings = postings
        by_length = sorted(range(len(candidates)), key=lambda i: (len(candidates[i].msgid), i))
        self._lengths = [len(candidates[i].msgid) for i in by_length]
        self._msgids = [c.msgid for c in candidates]
        self._by_length = by_length
        self._short_grams: dict[str, list[int]] | None = None  # built on the first short query

    def _grams_of_short(self) -> dict[str, list[int]]:
        """4-gram postings of the old strings a short query can match (msgmerge's own index)."""
        if self._short_grams is None:
            grams: dict[str, list[int]] = {}
            longest = _SHORT * 7 // 3 + 1
            for i, msgid in enumerate(self._msgids):
                if len(msgid) <= longest:
                    for gram in {msgid[k:k + 4] for k in range(len(msgid) - 3)}:
                        grams.setdefault(gram, []).append(i)
            self._short_grams = grams
        return self._short_grams

    def _candidates_for(self, query: str) -> list[int]:
        n = len(query)
        if n < 4:
            # msgmerge compares strings under 4 characters with short strings only, of a length
            # that can score above 0.6: 2*min(a, b)/(a + b) > 0.6.
            lo, hi = -(-n * 3 // 7), n * 7 // 3
            start = bisect_left(self._lengths, lo)
            end = bisect_right(self._lengths, hi)
            return self._by_length[start:end]
        if n <= _SHORT:
            # Short strings share few words: take every old string sharing a 4-gram.
            grams = self._grams_of_short()
            found: set[int] = set()
            for gram in {query[k:k + 4] for k in range(n - 3)}:
                found.update(grams.get(gram, ()))
            return list(found)
        words = {w for w in _WORD.findall(query.lower()) if w in self._postings}
        ranked = sorted(words, key=lambda w: (len(self._postings[w]), w))
        chosen: set[int] = set()
        for word in ranked[:_RAREST]:
            posting = self._postings[word]
            if len(posting) > _COMMON:
                break
            chosen.update(posting)

        if not chosen and ranked:
            # Only common words: fall back to candidates sharing the most of them.
            counts: Counter[int] = Counter()
            for word in ranked[:2]:
                counts.update(self._postings[word])
            chosen = {i for i, _ in counts.most_common(_COMMON)}
        # Lengths too far apart are rejected by rapidfuzz's score_cutoff before any work.
        return list(chosen)

    def ranked(self, query: str, msgctxt: str | None, threshold: float) -> list[Match]:
        """Candidates scoring strictly above ``threshold``, best first (msgmerge's order)."""
        pool = self._candidates_for(query)
        if not pool:
            return []
        cutoff = threshold * 100
        choices = [self._msgids[pool[0]]] if len(pool) == 1 else itemgetter(*pool)(self._msgids)
        scored = process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
        grams = [query[i:i + 4] for i in range(len(query) - 3)]
        gram_set = set(grams)
        results: list[tuple[float, int, int, Match]] = []
        for _, score, k in scored:
            if score <= cutoff:
                continue
            cand = self._cands[pool[k]]
            shared = 0
            if grams:
                # Like msgmerge, a candidate must share a 4-character sequence with the query;
                # ties go to the one sharing more of them.
                own = {cand.msgid[i:i + 4] for i in range(len(cand.msgid) - 3)} & gram_set
                if not own:
                    continue
                shared = sum(g in own for g in grams)
            bonus = 0.001 if cand.msgctxt is None or cand.msgctxt == msgctxt else 0.0
            results.append((-(score + bonus), -shared, cand.position, Match(cand, score / 100)))
        results.sort(key=lambda r: r[:3])
        return [r[3] for r in results]
