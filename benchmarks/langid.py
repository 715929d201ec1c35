"""Accuracy and speed of extractor.langid.detect beside langdetect, lingua and py3langid.

    .venv/bin/python benchmarks/langid.py                  # the table
    .venv/bin/python benchmarks/langid.py --errors 1       # our mistakes on 1-word fragments
    .venv/bin/python benchmarks/langid.py --export-ngrams  # rebuild extractor/data/langid/ngrams.tsv

Sets, all built deterministically from UD PUD (../shared/data/ud-pud: the same 1,000 sentences
in Indonesian and English) plus fixtures/segment/menu-labels.tsv:
- ``1w``: one word of each sentence (the k-th of sentence k, cycling), leaving out what carries
  no language by our definition: punctuation, numbers, symbols, proper nouns (UD PROPN), words
  with digits and acronyms in capitals;
- ``1w-uniq``: the same without words that occur in both languages' texts;
- ``2w`` ... ``8w``: a run of n consecutive words of each sentence that is not all proper nouns
  and numbers (punctuation dropped);
- ``sent``: the full sentences; ``labels``: the menu labels.
Every competitor is restricted to Indonesian and English: langdetect loads only those two
profiles (seeded), lingua is built from the two languages, py3langid uses set_languages.
An answer of None (or anything else) counts as wrong.
"""
from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.langid import detect  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "ud-pud"
LABELS = ROOT / "fixtures" / "segment" / "menu-labels.tsv"
NEUTRAL_UPOS = {"PUNCT", "NUM", "SYM", "PROPN", "X"}
Item = tuple[str, str]  # (text, gold language)


def _conllu_lines(lang: str) -> list[str]:
    """The lines of the PUD treebank in ``lang`` ("id" or "en")."""
    return (DATA / f"{lang}_pud-ud-test.conllu").read_text(encoding="utf-8").splitlines()


@functools.cache
def pud_words(lang: str) -> list[list[tuple[str, bool]]]:
    """Per sentence, its surface words with a flag "carries no language"; punctuation dropped.
    Cached, as every set is cut from them: callers must not change them."""
    out: list[list[tuple[str, bool]]] = []
    words: list[tuple[str, bool]] = []
    multi: tuple[str, int, list[str]] | None = None
    for line in _conllu_lines(lang):
        if not line:
            if words:
                out.append(words)
            words, multi = [], None
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "." in cols[0]:
            continue
        if "-" in cols[0]:  # a multiword token: its surface form stands for its parts
            multi = (cols[1], int(cols[0].split("-")[1]), [])
            continue
        if multi is not None:
            multi[2].append(cols[3])
            if int(cols[0]) == multi[1]:
                words.append((multi[0], all(u in NEUTRAL_UPOS for u in multi[2])))
                multi = None
            continue
        if cols[3] != "PUNCT":
            words.append((cols[1], cols[3] in NEUTRAL_UPOS))
    return out


def pud_sentences(lang: str) -> list[str]:
    return [line[9:].strip() for line in _conllu_lines(lang) if line.startswith("# text = ")]


def fragments(lang: str, n: int) -> list[str]:
    out = []
    for k, words in enumerate(pud_words(lang)):
        if n == 1:
            cands = [w for w, neutral in words if not neutral and any(c.isalpha() for c in w)
                     and not any(c.isdigit() for c in w) and not (len(w) > 1 and w.isupper())]
            if cands:
                out.append(cands[k % len(cands)])
            continue
        starts = [s for s in range(len(words) - n + 1)
                  if not all(neutral for _, neutral in words[s:s + n])]
        if starts:
            s = starts[k % len(starts)]
            out.append(" ".join(w for w, _ in words[s:s + n]))
    return out


def labels() -> list[Item]:
    """The menu labels with their gold language (fixtures/segment/menu-labels.tsv)."""
    return [tuple(line.split("\t")) for line in LABELS.read_text(encoding="utf-8").splitlines()  # type: ignore[misc]
            if line and not line.startswith("#")]


def sets() -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {}
    if DATA.is_dir():
        for n in (1, 2, 3, 5, 8):
            out[f"{n}w"] = [(t, lang) for lang in ("id", "en") for t in fragments(lang, n)]
        # Single words spelled the same in both texts ("film", "digital", "a") carry no
        # language on their own: the same set without them, for reference.
        shared = ({w.lower() for s in pud_words("id") for w, _ in s}
                  & {w.lower() for s in pud_words("en") for w, _ in s})
        out["1w-uniq"] = [(t, g) for t, g in out["1w"] if t.lower() not in shared]
        out["sent"] = [(t, lang) for lang in ("id", "en") for t in pud_sentences(lang)]
    else:
        print(f"note: {DATA} not present: PUD sets skipped", file=sys.stderr)
    out["labels"] = labels()
    return out


def detectors() -> dict[str, Callable[[str], str | None]]:
    import importlib.resources

    from langdetect.detector_factory import DetectorFactory
    from lingua import Language, LanguageDetectorBuilder
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    factory = DetectorFactory()
    profiles = importlib.resources.files("langdetect") / "profiles"
    factory.load_json_profile([(profiles / code).read_text(encoding="utf-8") for code in ("en", "id")])
    factory.seed = 0

    def langdetect_restricted(text: str) -> str | None:
        d = factory.create()
        d.append(text)
        try:
            return d.detect()
        except Exception:  # langdetect raises on text without features
            return None

    lingua = LanguageDetectorBuilder.from_languages(Language.INDONESIAN, Language.ENGLISH).build()
    codes = {Language.INDONESIAN: "id", Language.ENGLISH: "en"}
    py3 = LanguageIdentifier.from_model_file(MODEL_FILE)
    py3.set_languages(["id", "en"])
    return {
        "extractor": detect,
        "langdetect": langdetect_restricted,
        "lingua": lambda t: codes.get(lingua.detect_language_of(t)),  # type: ignore[arg-type]
        "py3langid": lambda t: py3.classify(t)[0],
    }


def export_ngrams() -> None:
    """Rebuild extractor/data/langid/ngrams.tsv from langdetect's id and en profiles."""
    import importlib.resources

    profiles = importlib.resources.files("langdetect") / "profiles"
    rows: dict[str, dict[str, int]] = {}
    totals = {}
    for code in ("id", "en"):
        data = json.loads((profiles / code).read_text(encoding="utf-8"))
        totals[code] = data["n_words"]
        for gram, count in data["freq"].items():
            gram = gram.lower().replace(" ", "_")
            if all(c == "_" or "a" <= c <= "z" for c in gram):
                rows.setdefault(gram, {"id": 0, "en": 0})[code] += count
    lines = [
        "# Character 1-3-gram counts for Indonesian (id) and English (en), lower-cased; '_' is a word",
        "# boundary. Derived from the language profiles shipped with langdetect 1.0.9 (Apache License",
        "# 2.0, (c) Nakatani Shuyo / Cybozu Labs, built from Wikipedia). Regenerate with",
        "# `.venv/bin/python benchmarks/langid.py --export-ngrams`.",
        "# n_words <n> <id total> <en total>: n-grams of order n seen in each language's training text.",
    ]
    lines += [f"n_words\t{n}\t{totals['id'][n - 1]}\t{totals['en'][n - 1]}" for n in (1, 2, 3)]
    lines += [f"{g}\t{rows[g]['id']}\t{rows[g]['en']}" for g in sorted(rows)]
    out = ROOT / "extractor" / "data" / "langid" / "ngrams.tsv"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(rows)} n-grams)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", metavar="SET", help="print our mistakes on SET (1, 2, ..., sent, labels)")
    parser.add_argument("--export-ngrams", action="store_true", help="rebuild ngrams.tsv and stop")
    args = parser.parse_args()
    if args.export_ngrams:
        export_ngrams()
        return 0
    all_sets = sets()
    if args.errors:
        key = args.errors if args.errors in all_sets else f"{args.errors}w"
        for text, gold in all_sets[key]:
            got = detect(text)
            if got != gold:
                print(f"{gold} -> {got}\t{text}")
        return 0
    dets = detectors()
    print(f"{'set':<8} {'items':>6} " + " ".join(f"{n:>11}" for n in dets))
    for name, items in all_sets.items():
        row = []
        for det in dets.values():
            right = sum(det(text) == gold for text, gold in items)
            row.append(f"{right / len(items):>11.4f}")
        print(f"{name:<8} {len(items):>6} " + " ".join(row))
    short = [t for key in ("1w", "2w", "3w", "labels") for t, _ in all_sets.get(key, [])]
    print(f"\nspeed on {len(short):,} short strings (1-3 words and labels), strings per second, one core:")
    for name, det in dets.items():
        if name == "extractor":
            # Ours remembers word scores: measure it cold (every word scored afresh) as well.
            from extractor.langid import _model

            _model().word_cache.clear()
            t0 = time.perf_counter()
            for text in short:
                det(text)
            dt = time.perf_counter() - t0
            print(f"  {name + ' cold':<16} {len(short) / dt:>10,.0f}   ({dt / len(short) * 1e6:.1f} µs a string)")
        t0 = time.perf_counter()
        for text in short:
            det(text)
        dt = time.perf_counter() - t0
        print(f"  {name:<16} {len(short) / dt:>10,.0f}   ({dt / len(short) * 1e6:.1f} µs a string)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
