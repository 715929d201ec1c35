"""`extractor check` beside translate-toolkit's `pofilter`, on the same catalogues.

    .venv/bin/python benchmarks/check.py            # labelled set, UD PUD (if present), timing
    .venv/bin/python benchmarks/check.py --quick    # skip the timing runs

1. The labelled set (fixtures/check, built by benchmarks/make_check_set.py): precision and
   recall by kind for both tools (pofilter's tests mapped to our kinds, unmapped ones count as
   "other"), entry-level detection for both, and what each finds that the other misses.
   The same with three other seeds of the generator (held out: not looked at while tuning).
2. UD PUD id/en (1,000 professionally translated sentence pairs in ../shared/data, no planted
   errors): how many entries each tool flags, by kind, i.e. false alarms on real text.
3. The fixture site's catalogues pre-filled from the English pages by `extractor sync
   --prefill` (IOM-style pages and their English twins, no labels): every finding is listed.
4. Time to check 10,000 entries, each tool run as its command line (interpreter start-up
   included) and ours in-process too; ratio printed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from align import read_conllu  # noqa: E402  (benchmarks/align.py, beside this script)
from extractor.check import CHECK_IDS, CheckOptions, check_catalogues, check_locales  # noqa: E402
from extractor.checks.lexicon import Lexicon  # noqa: E402
from extractor.po import Catalogue, Entry, format_po, read_po  # noqa: E402

SET = ROOT / "fixtures" / "check"
PUD = ROOT.parent / "shared" / "data" / "ud-pud"
POFILTER = Path(sys.executable).parent / "pofilter"
# pofilter tests that report a unit's state, not a translation mistake.
POFILTER_EXCLUDED = ("isfuzzy", "isreview", "hassuggestion", "untranslated")
POFILTER_KIND = {
    "numbers": "numbers", "urls": "urls", "emails": "urls", "xmltags": "placeholders",
    "validxml": "placeholders", "variables": "placeholders", "acronyms": "names",
    "unchanged": "identical", "startwhitespace": "whitespace", "endwhitespace": "whitespace",
    "newlines": "whitespace", "endpunc": "punctuation", "startpunc": "punctuation",
    "puncspacing": "punctuation", "brackets": "brackets", "doublequoting": "brackets",
    "singlequoting": "brackets", "doublewords": "doubled", "doublespacing": "doubled",
    "long": "length", "short": "length",
}
Key = tuple[str | None, str]


def ours(path: Path) -> dict[Key, set[str]]:
    """Check kinds our checker reports per entry key of ``path``."""
    cat = read_po(path)
    by_line = {e.line: e.key for e in cat.entries}
    found: dict[Key, set[str]] = defaultdict(set)
    for f in check_catalogues({str(path): cat}, lexicon=Lexicon.load()):
        found[by_line[f.line]].add(f.check)
    return found


def pofilter(path: Path) -> tuple[dict[Key, set[str]], Counter[str]]:
    """Kinds pofilter reports per entry key (tests mapped to our kinds), and raw test counts."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.po"
        cmd = [str(POFILTER), "--language=en", "--progress=none", "-i", str(path), "-o", str(out)]
        cmd += [f"--excludefilter={t}" for t in POFILTER_EXCLUDED]
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)
        cat = read_po(out) if out.exists() else Catalogue()
    found: dict[Key, set[str]] = defaultdict(set)
    raw: Counter[str] = Counter()
    for e in cat.entries:
        for comment in e.translator_comments:
            if comment.startswith("(pofilter) "):
                test = comment[len("(pofilter) "):].split(":", 1)[0].strip()
                raw[test] += 1
                found[e.key].add(POFILTER_KIND.get(test, "other"))
    return found, raw


def score(labels: list[dict], found: dict[Key, set[str]]) -> dict[str, object]:
    tp = fp = fn = 0
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # [caught, planted]
    false_alarms: Counter[str] = Counter()
    e_tp = e_fp = e_fn = 0
    for label in labels:
        key = (label["msgctxt"], label["msgid"])
        want = {label["kind"]} if label["kind"] else set()
        have = found.get(key, set())
        tp, fp, fn = tp + len(want & have), fp + len(have - want), fn + len(want - have)
        false_alarms.update(have - want)
        if label["kind"]:
            per_kind[label["kind"]][1] += 1
            per_kind[label["kind"]][0] += label["kind"] in have
        e_tp += bool(want) and bool(have)
        e_fp += not want and bool(have)
        e_fn += bool(want) and not have
    return {"precision": tp / max(1, tp + fp), "recall": tp / max(1, tp + fn),
            "entry_precision": e_tp / max(1, e_tp + e_fp), "entry_recall": e_tp / max(1, e_tp + e_fn),
            "per_kind": dict(per_kind), "false_alarms": false_alarms}


def _labels(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "labels.jsonl").read_text("utf-8").splitlines()]


def held_out(seeds: tuple[int, ...] = (4, 5, 6)) -> None:
    """The same generator with other seeds: other fillings and other plants, never looked at
    while the checks were written (the committed set was; seeds 1-3 were looked at once and
    showed two misses, "is is" and a spelled-out acronym with a double space, since fixed)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import make_check_set
    print(f"\n== held-out sets (make_check_set.py --seed {'/'.join(map(str, seeds))})")
    print(f"{'seed':>6}{'entries':>9}{'ours P':>9}{'ours R':>9}{'pofilter P':>12}{'pofilter R':>12}")
    for seed in seeds:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            make_check_set.write(folder, seed)
            labels = _labels(folder)
            sa = score(labels, ours(folder / "check_set.po"))
            sb = score(labels, pofilter(folder / "check_set.po")[0])
        print(f"{seed:>6}{len(labels):>9}{sa['precision']:>9.3f}{sa['recall']:>9.3f}"
              f"{sb['precision']:>12.3f}{sb['recall']:>12.3f}")


def labelled_set() -> None:
    path = SET / "check_set.po"
    labels = _labels(SET)
    planted = sum(bool(label["kind"]) for label in labels)
    print(f"== labelled set: {path.relative_to(ROOT)}: {len(labels)} entries, {planted} planted, "
          f"{len(labels) - planted} clean")
    a, (b, raw) = ours(path), pofilter(path)
    sa, sb = score(labels, a), score(labels, b)
    print(f"{'':24}{'ours':>10}{'pofilter':>10}")
    for name in ("precision", "recall", "entry_precision", "entry_recall"):
        print(f"{name:24}{sa[name]:>10.3f}{sb[name]:>10.3f}")
    print("\nplanted errors caught, by kind (ours / pofilter; only-ours / only-pofilter):")
    for kind in CHECK_IDS:
        caught_a, total = sa["per_kind"].get(kind, [0, 0])
        caught_b = sb["per_kind"].get(kind, [0, 0])[0]
        keys = [(lab["msgctxt"], lab["msgid"]) for lab in labels if lab["kind"] == kind]
        only_a = sum(kind in a.get(k, set()) and kind not in b.get(k, set()) for k in keys)
        only_b = sum(kind in b.get(k, set()) and kind not in a.get(k, set()) for k in keys)
        print(f"  {kind:14}{caught_a:>3}/{total:<3} {caught_b:>3}/{total:<3}   only ours {only_a:>2}, only pofilter {only_b:>2}")
    print("\nwrong-kind or false findings, by kind:")
    print(f"  ours:     {dict(sorted(sa['false_alarms'].items())) or '{}'}")
    print(f"  pofilter: {dict(sorted(sb['false_alarms'].items()))}")
    print(f"  pofilter tests that fired: {dict(sorted(raw.items()))}")


def _pud_pairs() -> list[tuple[str, str]]:
    ids, ens = (dict(read_conllu(PUD / f"{lang}_pud-ud-test.conllu")) for lang in ("id", "en"))
    return [(ids[k], ens[k]) for k in sorted(ids) if k in ens]


def _write(path: Path, pairs: list[tuple[str | None, str, str]]) -> None:
    entries = tuple(Entry(msgid=m, msgstr=s, msgctxt=c) for c, m, s in pairs)
    header = (("Content-Type", "text/plain; charset=UTF-8"), ("Language", "en"))
    path.write_text(format_po(Catalogue(header=header, entries=entries)), encoding="utf-8")


def pud() -> None:
    if not (PUD / "id_pud-ud-test.conllu").exists():
        print(f"\n== UD PUD: skipped, {PUD} not present")
        return
    pairs = _pud_pairs()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pud.po"
        _write(path, [(None, m, s) for m, s in pairs])
        a, (b, _) = ours(path), pofilter(path)
    print(f"\n== UD PUD id/en, {len(pairs)} clean pairs: entries flagged (false alarms)")
    print(f"  ours:     {sum(bool(v) for v in a.values()):>4}  {dict(sorted(Counter(k for v in a.values() for k in v).items()))}")
    print(f"  pofilter: {sum(bool(v) for v in b.values()):>4}  {dict(sorted(Counter(k for v in b.values() for k in v).items()))}")


def fixture_site() -> None:
    """Both tools on the fixture site (modelled on IOM Indonesia) synced with `--prefill`,
    whose fuzzy msgstrs are its English twin pages' sentences (no labels: every finding is
    listed)."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        subprocess.run(["cp", "-r", str(ROOT / "fixtures"), str(project)], check=True)
        (project / "pyproject.toml").write_text(
            '[tool.extractor]\nsources = ["fixtures/site/id"]\nlocales = "locales"\n', encoding="utf-8")
        subprocess.run([sys.executable, "-m", "extractor", "sync", "--prefill"], cwd=project,
                       check=True, capture_output=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})
        files = sorted((project / "locales").rglob("*.po"))
        entries = sum(1 for f in files for e in read_po(f).entries if e.msgstr and not e.obsolete)
        print(f"\n== fixture site after `extractor sync --prefill`: {len(files)} catalogues, "
              f"{entries} pre-filled entries (no labels)")
        for name, run in (("ours", lambda f: ours(f)), ("pofilter", lambda f: pofilter(f)[0])):
            found: Counter[str] = Counter()
            shown = []
            for f in files:
                by_key = run(f)
                cat = read_po(f)
                for e in cat.entries:
                    for kind in sorted(by_key.get(e.key, ())):
                        found[kind] += 1
                        shown.append(f"    {f.name}:{e.line}: {kind}: {e.msgid[:60]!r}")
            print(f"  {name}: {sum(found.values())} findings {dict(sorted(found.items()))}")
            print("\n".join(shown))


def _best(cmd: list[str], runs: int) -> tuple[float, float]:
    """Best wall time and best CPU time (user + system) of ``runs`` runs of ``cmd``."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, timeout=600, cwd=ROOT)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def timing(n: int = 10_000, runs: int = 3) -> None:
    cat = read_po(SET / "check_set.po")
    base = [e for e in cat.entries if e.msgstr]
    pairs = [(f"copy-{i // len(base)}" + (f"-{base[i % len(base)].msgctxt}" if base[i % len(base)].msgctxt else ""),
              base[i % len(base)].msgid, base[i % len(base)].msgstr) for i in range(n)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "locales"
        folder.mkdir()
        _write(folder / "big.po", pairs)
        start, cpu = time.perf_counter(), time.process_time()
        result = check_locales(CheckOptions(locales=folder))
        in_process, in_cpu = time.perf_counter() - start, time.process_time() - cpu
        cli = _best([sys.executable, "-m", "extractor", "check", "--locales", str(folder)], runs)
        pf = _best([str(POFILTER), "--language=en", "--progress=none", "-i", str(folder / "big.po"),
                    "-o", str(Path(tmp) / "out.po")] + [f"--excludefilter={t}" for t in POFILTER_EXCLUDED], runs)
    print(f"\n== time to check {n:,} entries (best of {runs}; {len(result.findings):,} findings; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"{'':26}{'wall s':>8}{'CPU s':>8}")
    print(f"{'ours in-process':26}{in_process:>8.2f}{in_cpu:>8.2f}")
    print(f"{'ours `extractor check`':26}{cli[0]:>8.2f}{cli[1]:>8.2f}")
    print(f"{'pofilter':26}{pf[0]:>8.2f}{pf[1]:>8.2f}")
    print(f"ratio ours/pofilter (command lines): wall {cli[0] / pf[0]:.2f}, CPU {cli[1] / pf[1]:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the timing runs")
    args = parser.parse_args()
    labelled_set()
    held_out()
    pud()
    fixture_site()
    if not args.quick:
        timing()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
