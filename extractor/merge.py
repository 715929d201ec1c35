"""Merge an old catalogue into a new template with GNU msgmerge's semantics, a little safer.

- An exact msgctxt+msgid match keeps the msgstr, translator comments, flags (fuzzy included)
  and, while the entry is fuzzy, its ``#|`` previous strings and our score comment.
- The template supplies order, references, extracted comments and msgid_plural.
- A template string without exact match gets, in this order: the translation of an obsolete
  entry with the same key (revived as it was); the translation of an old string that differs
  only in whitespace, case or final punctuation (fuzzy); the closest old translation by
  :class:`extractor.fuzzyindex.FuzzyIndex` (fuzzy, with ``#|`` previous msgid and an extracted
  comment recording the score) unless the guard rejects it.
- Old strings gone from the template become obsolete (``#~``) with their translation; old
  obsolete entries stay. No translated msgstr is ever dropped.
- The header is the old one (Language, Plural-Forms, Last-Translator, ...), never fuzzy, with
  POT-Creation-Date from the template.

Merging the result again with the same template changes nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from extractor.fuzzyindex import Candidate, FuzzyIndex, guard_conflict
from extractor.po import Catalogue, Entry, read_po, write_po
from extractor.text import fold

# Extracted comments starting with this are ours: kept while the entry stays fuzzy.
FUZZY_NOTE = "extractor: fuzzy match"
_FINAL_PUNCT = re.compile(r"[\s.,;:!?\u2026\u3002]+$")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


@dataclass(frozen=True)
class MergeOptions:
    """How to merge. ``min_score`` is msgmerge's threshold (a match must score strictly above)."""

    fuzzy: bool = True
    min_score: float = 0.6
    guard: bool = True


@dataclass(frozen=True)
class Counts:
    """Active entries by state, plus obsolete entries that carry a translation."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0

    @classmethod
    def of(cls, cat: Catalogue) -> "Counts":
        t = f = u = o = 0
        for e in cat.entries:
            if e.obsolete:
                o += e.has_translation
            elif e.translated:
                t += 1
            elif e.fuzzy and e.has_translation:
                f += 1
            else:
                u += 1
        return cls(t, f, u, o)


@dataclass(frozen=True)
class MergeReport:
    """What a merge did. Keys are (msgctxt, msgid)."""

    before: Counts
    after: Counts
    exact: int = 0
    new: int = 0            # template strings with no exact match in the old catalogue
    removed: int = 0        # old active strings not in the template (now obsolete or dropped)
    removed_translated: int = 0
    revived: int = 0        # obsolete translations brought back by an exact match
    trivial: int = 0        # kept through a whitespace/case/final-punctuation-only edit
    fuzzy_matched: int = 0  # suggestions from the fuzzy index
    guard_rejected: int = 0
    fuzzy_keys: tuple[tuple[str | None, str], ...] = ()
    rejected_keys: tuple[tuple[str | None, str], ...] = field(default=(), repr=False)

    @property
    def translated_drop_unexplained(self) -> int:
        """Translated entries lost beyond those whose strings left the site (should be 0)."""
        return max(0, self.before.translated - self.after.translated - self.removed_translated)


def _nplurals(cat: Catalogue) -> int:
    m = _NPLURALS.search(cat.header_value("Plural-Forms") or "")
    return int(m.group(1)) if m else 2


def _translation_for(new: Entry, old: Entry, nplurals: int) -> dict[str, object]:
    """msgstr fields of ``old`` reshaped to ``new``'s singular/plural form."""
    if new.msgid_plural is None:
        if old.msgid_plural is None:
            return {"msgstr": old.msgstr, "msgstr_plural": ()}
        return {"msgstr": dict(old.msgstr_plural).get(0, ""), "msgstr_plural": ()}
    if old.msgid_plural is not None:
        return {"msgstr": "", "msgstr_plural": old.msgstr_plural}
    return {"msgstr": "", "msgstr_plural": tuple((i, old.msgstr) for i in range(nplurals))}


def _merged_flags(old: Entry, template: Entry, fuzzy: bool) -> tuple[str, ...]:
    flags = [f for f in template.flags if f != "fuzzy"]
    flags += [f for f in old.flags if f != "fuzzy" and f not in flags]
    return (("fuzzy",) if fuzzy else ()) + tuple(flags)


def _normal(msgid: str) -> str:
    return _FINAL_PUNCT.sub("", fold(msgid).casefold())


def _from_old(t: Entry, old: Entry, nplurals: int, note: str | None = None) -> Entry:
    """Template entry ``t`` with the translation and translator comments of ``old``.

    Without ``note`` ``old`` is an exact match (active or revived): it keeps its fuzzy state and,
    while fuzzy, its ``#|`` previous strings and our score comment. With ``note`` it is a
    suggestion: fuzzy, ``old``'s strings as the previous ones, ``note`` as extracted comment.
    """
    if note is None:
        kept_fuzzy = old.fuzzy and old.has_translation
        shape_changed = (t.msgid_plural is None) != (old.msgid_plural is None)
        fuzzy = kept_fuzzy or (shape_changed and old.has_translation)
        notes = tuple(c for c in old.extracted_comments
                      if c.startswith(FUZZY_NOTE)) if kept_fuzzy else ()
        previous = ((old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural)
                    if kept_fuzzy else (None, None, None))
    else:
        fuzzy, notes, previous = True, (note,), (old.msgctxt, old.msgid, old.msgid_plural)
    return replace(
        t, **_translation_for(t, old, nplurals),
        flags=_merged_flags(old, t, fuzzy),
        extracted_comments=t.extracted_comments + notes,
        translator_comments=old.translator_comments,
        previous_msgctxt=previous[0], previous_msgid=previous[1], previous_msgid_plural=previous[2],
        obsolete=False, line=0)


def _untranslated(t: Entry, nplurals: int) -> Entry:
    """Template entry ``t`` with empty msgstr (``nplurals`` forms for a plural), not fuzzy."""
    return replace(t, msgstr="", flags=tuple(f for f in t.flags if f != "fuzzy"),
                   msgstr_plural=tuple((i, "") for i in range(nplurals))
                   if t.msgid_plural is not None else (),
                   previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None,
                   translator_comments=(), line=0)


def _as_obsolete(e: Entry) -> Entry:
    return replace(e, obsolete=True, references=(), extracted_comments=(), line=0)


def merge(old: Catalogue, template: Catalogue,
          options: MergeOptions = MergeOptions()) -> tuple[Catalogue, MergeReport]:
    """Merge ``old`` (translations) into ``template`` (current strings); see the module doc.

    Deterministic: the same inputs give the same catalogue. Never drops a translation: every
    old entry with a msgstr is in the result, active, fuzzy or obsolete.
    """
    nplurals = _nplurals(old)
    active = {e.key: e for e in old.entries if not e.obsolete}
    obsolete = {e.key: e for e in old.entries if e.obsolete}
    wanted = [e for e in template.entries if not e.obsolete]
    template_keys = {e.key for e in wanted}

    # Whitespace/case/final-punctuation edits keep the translation.
    trivial_index: dict[tuple[str | None, str], Entry] = {}
    for e in old.entries:  # active entries win over obsolete ones, earlier over later
        if e.has_translation:
            k = (e.msgctxt, _normal(e.msgid))
            if k not in trivial_index or (trivial_index[k].obsolete and not e.obsolete):
                trivial_index[k] = e

    pool = [e for e in old.entries if e.has_translation]
    index: FuzzyIndex | None = None

    out: list[Entry] = []
    revived: set[tuple[str | None, str]] = set()
    exact = trivial = fuzzy_matched = guard_rejected = 0
    fuzzy_keys: list[tuple[str | None, str]] = []
    rejected_keys: list[tuple[str | None, str]] = []
    for t in wanted:
        if t.key in active:
            exact += 1
            out.append(_from_old(t, active[t.key], nplurals))
            continue
        if t.key in obsolete and obsolete[t.key].has_translation:
            revived.add(t.key)
            out.append(_from_old(t, obsolete[t.key], nplurals))
            continue
        twin = trivial_index.get((t.msgctxt, _normal(t.msgid)))
        if twin is not None:
            trivial += 1
            fuzzy_keys.append(t.key)
            out.append(_from_old(t, twin, nplurals,
                                 f"{FUZZY_NOTE} 100% (whitespace, case or final punctuation)"))
            continue
        if not options.fuzzy:
            out.append(_untranslated(t, nplurals))
            continue
        if index is None:
            index = FuzzyIndex([Candidate(e.msgid, e.msgctxt, i) for i, e in enumerate(pool)])
        ranked = index.ranked(t.msgid, t.msgctxt, options.min_score)
        if not ranked:
            out.append(_untranslated(t, nplurals))
            continue
        # Only the closest string is a suggestion (as in msgmerge); when the guard refuses it,
        # a weaker match would mostly be a worse guess, so the entry stays untranslated.
        source, score = pool[ranked[0].candidate.position], ranked[0].score
        if options.guard and guard_conflict(source.msgid, t.msgid) is not None:
            guard_rejected += 1
            rejected_keys.append(t.key)
            out.append(_untranslated(t, nplurals))
            continue
        fuzzy_matched += 1
        fuzzy_keys.append(t.key)
        out.append(_from_old(t, source, nplurals, f"{FUZZY_NOTE} {score:.0%}"))

    removed = removed_translated = 0
    tail: list[Entry] = []
    seen_obsolete: set[tuple[str | None, str]] = set()
    for e in old.entries:
        # Template strings are in `out` already (kept or revived); an obsolete one that was not
        # revived has no translation to keep, as obsolete keys are unique (read_po checks).
        if e.key in template_keys:
            continue
        if not e.obsolete:
            removed += 1
            removed_translated += e.translated
        if e.key in seen_obsolete or not e.has_translation:
            continue
        seen_obsolete.add(e.key)
        tail.append(_as_obsolete(e))

    header = old.header or template.header
    created = template.header_value("POT-Creation-Date")
    merged = Catalogue(header=header, header_comments=old.header_comments or
                       template.header_comments,
                       header_flags=tuple(f for f in (old.header_flags if old.header else
                                                      template.header_flags) if f != "fuzzy"),
                       entries=tuple(out + tail))
    if created is not None:
        merged = merged.with_header(**{"POT-Creation-Date": created})
    report = MergeReport(
        before=Counts.of(old), after=Counts.of(merged), exact=exact, new=len(wanted) - exact,
        removed=removed, removed_translated=removed_translated, revived=len(revived),
        trivial=trivial, fuzzy_matched=fuzzy_matched, guard_rejected=guard_rejected,
        fuzzy_keys=tuple(fuzzy_keys), rejected_keys=tuple(rejected_keys))
    return merged, report


def merge_files(old_path: str | Path, template_path: str | Path, out_path: str | Path,
                options: MergeOptions = MergeOptions()) -> tuple[MergeReport, bool]:
    """Read OLD.po and NEW.pot, merge, write OUT.po atomically.

    Returns the report and whether OUT was (re)written: an unchanged result leaves the file and
    its mtime alone. Both inputs are read and checked before anything is written.
    """
    old, template = read_po(old_path), read_po(template_path)
    merged, report = merge(old, template, options)
    return report, write_po(out_path, merged)
