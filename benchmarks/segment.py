"""Sentence-boundary F1 of extractor.segment beside pysbd, syntok, sentence-splitter and a regex.

    .venv/bin/python benchmarks/segment.py            # the table
    .venv/bin/python benchmarks/segment.py --diff gsd # every disagreement with the gold

Sets:
- ``gsd``: UD Indonesian GSD dev (../shared/data/ud-id-gsd); GSD has no paragraphs, so every 5
  consecutive sentences form a pseudo-paragraph (a unit without final punctuation, a headline
  or a list lead-in, closes it: see ``group``).
- ``gsd-adj``: the same text with UD's segmentation slips corrected as reviewed, one by one, in
  fixtures/segment/ud-gsd-adjudication.tsv (units holding two sentences split; the boundary
  before a unit that starts in lower case, a fragment cut out of its text, not scored). The
  corrections apply to every splitter alike; our own mistakes against UD are not corrected.
- ``pud``: UD Indonesian PUD (../shared/data/ud-pud); the sentences of one document (the first 6
  characters of the sent_id) form a paragraph.
- ``hard``: fixtures/segment/id-hard.txt, our own hard cases (one sentence per line, paragraphs
  separated by blank lines); ``hard-en``: fixtures/segment/en-hard.txt with the English rules.

Each paragraph is the gold sentences joined by one space. A boundary is the position between
two sentences of a paragraph, counted in non-space characters so a splitter that changes
whitespace is not penalised; the paragraph's end is not counted (every splitter gets it).
F1 is micro-averaged over all boundaries of the set.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.segment import load_rules, split_sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
Paragraph = list[str]


def conllu_sentences(path: Path) -> list[tuple[str, str]]:
    """(sent_id, text) of every sentence of a CoNLL-U file."""
    out: list[tuple[str, str]] = []
    sent_id = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sent_id = "):
            sent_id = line[len("# sent_id = "):].strip()
        elif line.startswith("# text = "):
            out.append((sent_id, line[len("# text = "):].strip()))
    return out


_FINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")


def group(units: list[str], size: int) -> list[Paragraph]:
    """Consecutive units, ``size`` at most to a paragraph; a unit without sentence-final
    punctuation (a headline, a list lead-in ending in ':') ends its paragraph, as it would be
    a block of its own in running text."""
    paragraphs: list[Paragraph] = [[]]
    for unit in units:
        paragraphs[-1].append(unit)
        if len(paragraphs[-1]) >= size or not _FINAL.search(unit):
            paragraphs.append([])
    return [p for p in paragraphs if p]


def gsd_paragraphs(size: int = 5) -> list[Paragraph]:
    sents = [t for _, t in conllu_sentences(DATA / "ud-id-gsd" / "id_gsd-ud-dev.conllu")]
    return group(sents, size)


ADJUDICATION = ROOT / "fixtures" / "segment" / "ud-gsd-adjudication.tsv"
# Marks a unit whose boundary before it is not scored (see the adjudication file).
UNSCORED = "\x00"


def gsd_adjudicated(size: int = 5) -> list[Paragraph]:
    """GSD dev with the reviewed corrections applied: units holding two sentences are split,
    and a unit starting in lower case carries UNSCORED so the boundary before it is ignored.
    The grouping is computed on UD's own units, so paragraphs hold the same text."""
    splits: dict[str, list[str]] = {}
    ignored: set[str] = set()
    for line in ADJUDICATION.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            action, sent_id, *rest = line.split("\t")
            if action == "split":
                splits.setdefault(sent_id, []).append(rest[0])
            else:
                ignored.add(sent_id)
    units = conllu_sentences(DATA / "ud-id-gsd" / "id_gsd-ud-dev.conllu")
    ids = {text: sent_id for sent_id, text in units}
    out = []
    for para in group([t for _, t in units], size):
        new: Paragraph = []
        for unit in para:
            sent_id = ids[unit]
            rest, pieces = unit, []
            for anchor in splits.get(sent_id, []):
                cut = rest.index(anchor) + len(anchor)
                pieces.append(rest[:cut].strip())
                rest = rest[cut:]
            pieces.append(rest.strip())
            if sent_id in ignored:
                pieces[0] = UNSCORED + pieces[0]
            new.extend(pieces)
        out.append(new)
    return out


def pud_paragraphs() -> list[Paragraph]:
    groups: dict[str, list[str]] = {}
    for sent_id, text in conllu_sentences(DATA / "ud-pud" / "id_pud-ud-test.conllu"):
        groups.setdefault(sent_id[:6], []).append(text)
    return [p for units in groups.values() for p in group(units, len(units))]


def gold_file(path: Path) -> list[Paragraph]:
    """Paragraphs of a gold file: one sentence a line, blank lines between paragraphs."""
    paragraphs: list[Paragraph] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def boundaries(sentences: list[str]) -> set[int]:
    """Inner boundaries as counts of non-space characters before them."""
    out, count = set(), 0
    for s in sentences[:-1]:
        count += len(re.sub(r"\s", "", s.replace(UNSCORED, "")))
        out.add(count)
    return out


def unscored(sentences: list[str]) -> set[int]:
    """Boundaries before units marked UNSCORED: neither credited nor charged to anyone."""
    out, count = set(), 0
    for s in sentences:
        if s.startswith(UNSCORED) and count:
            out.add(count)
        count += len(re.sub(r"\s", "", s.replace(UNSCORED, "")))
    return out


def score(split: Callable[[str], list[str]], paragraphs: list[Paragraph]) -> tuple[float, int, int, int]:
    """(F1, true positives, false positives, false negatives) over all paragraphs."""
    tp = fp = fn = 0
    for para in paragraphs:
        skip = unscored(para)
        gold = boundaries(para) - skip
        text = " ".join(para).replace(UNSCORED, "")
        pred = boundaries([s for s in split(text) if s.strip()]) - skip
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return f1, tp, fp, fn


def id_abbreviations() -> list[str]:
    """Our Indonesian abbreviation lists, given to the baselines that accept a list."""
    import tomllib

    data = tomllib.loads((ROOT / "extractor" / "data" / "segment" / "id.toml").read_text("utf-8"))
    return sorted({a for v in data["abbreviations"].values() for a in v})


def splitters(lang: str) -> dict[str, Callable[[str], list[str]]]:
    import pysbd
    import syntok.segmenter
    from sentence_splitter import SentenceSplitter

    # pysbd and sentence-splitter have no Indonesian: English rules, plus (for
    # sentence-splitter, which takes a prefix file) our Indonesian abbreviation list.
    sbd = pysbd.Segmenter(language="en", clean=False)
    prefix_file = ROOT / "benchmarks" / ".work" / "id-prefixes.txt"
    prefix_file.parent.mkdir(parents=True, exist_ok=True)
    prefix_file.write_text("\n".join(id_abbreviations()) + "\n", encoding="utf-8")
    ss = SentenceSplitter(language="en", non_breaking_prefix_file=str(prefix_file)) \
        if lang == "id" else SentenceSplitter(language="en")
    naive = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])")

    def syn(text: str) -> list[str]:
        return ["".join(t.spacing + t.value for t in s).strip()
                for para in syntok.segmenter.analyze(text) for s in para]

    load_rules(lang)
    return {
        "extractor": lambda t: split_sentences(t, lang),
        "pysbd": sbd.segment,
        "syntok": syn,
        "sentence-splitter": ss.split,
        "naive regex": naive.split,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diff", metavar="SET", help="print our disagreements on SET")
    args = parser.parse_args()
    sets: dict[str, tuple[str, Callable[[], list[Paragraph]]]] = {
        "hard": ("id", lambda: gold_file(ROOT / "fixtures" / "segment" / "id-hard.txt")),
        "hard-en": ("en", lambda: gold_file(ROOT / "fixtures" / "segment" / "en-hard.txt")),
    }
    if DATA.is_dir():
        sets = {"gsd": ("id", gsd_paragraphs), "gsd-adj": ("id", gsd_adjudicated),
                "pud": ("id", pud_paragraphs), **sets}
    else:
        print(f"note: {DATA} not present: UD sets skipped", file=sys.stderr)
    if args.diff:
        lang, load = sets[args.diff]
        for para in load():
            ours = split_sentences(" ".join(para).replace(UNSCORED, ""), lang)
            if boundaries(ours) - unscored(para) != boundaries(para) - unscored(para):
                print("GOLD:\n  " + "\n  ".join(para) + "\nOURS:\n  " + "\n  ".join(ours) + "\n")
        return 0
    names = list(splitters("id"))
    print(f"{'set':<8} {'sents':>6} " + " ".join(f"{n:>17}" for n in names))
    for set_name, (lang, load) in sets.items():
        paragraphs = load()
        row = []
        for name, split in splitters(lang).items():
            f1, *_ = score(split, paragraphs)
            row.append(f"{f1:>17.4f}")
        print(f"{set_name:<8} {sum(map(len, paragraphs)):>6} " + " ".join(row))
    big = " ".join(s for p in gsd_paragraphs() for s in p) if DATA.is_dir() else \
        " ".join(s for p in gold_file(ROOT / "fixtures" / "segment" / "id-hard.txt") for s in p)
    print("\nspeed on one paragraph of the whole set "
          f"({len(big):,} chars), characters per second:")
    for name, split in splitters("id").items():
        t0 = time.perf_counter()
        split(big)
        dt = time.perf_counter() - t0
        print(f"  {name:<18} {len(big) / dt:>14,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
