"""Alignment figures: link F1 of `extractor.align` beside a plain Gale-Church baseline.

    .venv/bin/python benchmarks/align.py            # PUD per document, page-sized, fixtures, timing
    .venv/bin/python benchmarks/align.py --no-timing

Corpus: the Universal Dependencies PUD treebanks (../shared/data/ud-pud), where the Indonesian
and English files hold the same sentences under the same ``# sent_id``. Sentences are grouped
into documents (first 6 characters of the id); then, with a fixed seed, about 15% of
neighbouring sentences are merged on one side (1-2 and 2-1 links) and about 5% are dropped from
one side (1-0 and 0-1 links). "Page-sized" tasks concatenate documents until both sides have 24
segments or more. A link counts as found only when both its sides match the gold exactly.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.align import AlignOptions, align_texts  # noqa: E402
from extractor.align_pages import align_structured  # noqa: E402
from extractor.model import Segment  # noqa: E402
from extractor.pairing import pair_pages  # noqa: E402
from extractor.parse import parse_file  # noqa: E402
from extractor.profile import load_profile  # noqa: E402
from extractor.segment import segment_page  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "ud-pud"
SITE = ROOT / "fixtures" / "site"
FIXTURE_GOLD = ROOT / "benchmarks" / "data" / "align-fixtures-gold.json"
Bead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Task:
    source: list[str]
    target: list[str]
    gold: list[Bead]


def read_conllu(path: Path) -> list[tuple[str, str]]:
    """(sent_id, text) pairs in file order."""
    out: list[tuple[str, str]] = []
    sent_id = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sent_id = "):
            sent_id = line.split("=", 1)[1].strip()
        elif line.startswith("# text = ") and sent_id:
            out.append((sent_id, line.split("=", 1)[1].strip()))
            sent_id = None
    return out


def documents() -> list[list[tuple[str, str]]]:
    """Parallel (Indonesian, English) sentences grouped into PUD documents."""
    ind = read_conllu(DATA / "id_pud-ud-test.conllu")
    eng = dict(read_conllu(DATA / "en_pud-ud-test.conllu"))
    docs: dict[str, list[tuple[str, str]]] = {}
    for sid, text in ind:
        if sid in eng:
            docs.setdefault(sid[:6], []).append((text, eng[sid]))
    return list(docs.values())


def perturb(doc: Sequence[tuple[str, str]], rng: random.Random, merge: float = 0.15, drop: float = 0.05) -> Task:
    """Merge and drop sentences on one side to make n:m and gap links, recording the gold."""
    src: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []
    i = 0
    while i < len(doc):
        r = rng.random()
        if r < merge and i + 1 < len(doc):
            (a1, b1), (a2, b2) = doc[i], doc[i + 1]
            if rng.random() < 0.5:  # merged on the Indonesian side: 1-2
                gold.append(((len(src),), (len(tgt), len(tgt) + 1)))
                src.append(f"{a1} {a2}")
                tgt.extend([b1, b2])
            else:  # merged on the English side: 2-1
                gold.append(((len(src), len(src) + 1), (len(tgt),)))
                src.extend([a1, a2])
                tgt.append(f"{b1} {b2}")
            i += 2
            continue
        a, b = doc[i]
        if r < merge + drop:
            if rng.random() < 0.5:
                gold.append(((len(src),), ()))
                src.append(a)
            else:
                gold.append(((), (len(tgt),)))
                tgt.append(b)
        else:
            gold.append(((len(src),), (len(tgt),)))
            src.append(a)
            tgt.append(b)
        i += 1
    return Task(src, tgt, gold)


def page_sized(tasks: Sequence[Task], size: int = 24) -> list[Task]:
    """Concatenate consecutive tasks until both sides have ``size`` segments or more."""
    out: list[Task] = []
    cur = Task([], [], [])
    for t in tasks:
        ds, dt = len(cur.source), len(cur.target)
        cur = Task(
            cur.source + t.source,
            cur.target + t.target,
            cur.gold + [(tuple(i + ds for i in s), tuple(j + dt for j in g)) for s, g in t.gold],
        )
        if len(cur.source) >= size and len(cur.target) >= size:
            out.append(cur)
            cur = Task([], [], [])
    if cur.gold:
        out.append(cur)
    return out


def gale_church(src: Sequence[str], tgt: Sequence[str]) -> list[Bead]:
    """Plain Gale & Church (1993): character lengths only, c = 1, s2 = 6.8, full DP."""
    priors = {(1, 1): 0.89, (1, 0): 0.0099 / 2, (0, 1): 0.0099 / 2, (2, 1): 0.089 / 2,
              (1, 2): 0.089 / 2, (2, 2): 0.011}
    ls = [len(s) for s in src]
    lt = [len(t) for t in tgt]
    n, m = len(src), len(tgt)

    def cost(a: int, b: int) -> float:
        mean = (a + b) / 2 if a + b else 1
        delta = (b - a) / math.sqrt(mean * 6.8)
        return -math.log(max(math.erfc(abs(delta) / math.sqrt(2)), 1e-12))

    best = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], tuple[int, int]] = {}
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            for (di, dj), p in priors.items():
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or best[pi][pj] == math.inf:
                    continue
                c = best[pi][pj] - math.log(p) + cost(sum(ls[pi:i]), sum(lt[pj:j]))
                if c < best[i][j]:
                    best[i][j] = c
                    back[(i, j)] = (pi, pj)
    path = [(n, m)]
    while path[-1] != (0, 0):
        path.append(back[path[-1]])
    path.reverse()
    return [(tuple(range(a, c)), tuple(range(b, d))) for (a, b), (c, d) in zip(path, path[1:])]


def ours(src: Sequence[str], tgt: Sequence[str]) -> list[Bead]:
    return [(l.source, l.target) for l in align_texts(src, tgt, AlignOptions())]


def f1(tasks: Sequence[Task], aligner: Callable[[Sequence[str], Sequence[str]], list[Bead]]) -> tuple[float, float, float, float]:
    """(precision, recall, F1, recall of gap links) over all tasks, exact-match links."""
    found = gold_n = pred_n = 0
    gaps = gap_found = 0
    for t in tasks:
        pred = set(aligner(t.source, t.target))
        gold = set(t.gold)
        found += len(pred & gold)
        gold_n += len(gold)
        pred_n += len(pred)
        g = {b for b in gold if not b[0] or not b[1]}
        gaps += len(g)
        gap_found += len(g & pred)
    p = found / pred_n if pred_n else 0.0
    r = found / gold_n if gold_n else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), (gap_found / gaps if gaps else 0.0)


def row(name: str, tasks: Sequence[Task]) -> None:
    t0 = time.perf_counter()
    po, ro, fo, go = f1(tasks, ours)
    t1 = time.perf_counter()
    pb, rb, fb, gb = f1(tasks, gale_church)
    t2 = time.perf_counter()
    links = sum(len(t.gold) for t in tasks)
    print(f"{name:<24} {len(tasks):>5} {links:>6}  ours P {po:.3f} R {ro:.3f} F1 {fo:.3f} gaps {go:.2f} "
          f"({t1 - t0:.1f}s)  | Gale-Church P {pb:.3f} R {rb:.3f} F1 {fb:.3f} gaps {gb:.2f} "
          f"({t2 - t1:.1f}s)  | F1 ratio {fo / fb if fb else float('inf'):.3f}")


def calibration(tasks: Sequence[Task], threshold: float = 0.6) -> None:
    """How trustworthy scores are for pre-fill: precision and reach at ``threshold``, and how
    many links between unrelated tasks (each task's Indonesian with another's English) reach it."""
    right = above = two_sided = 0
    for t in tasks:
        gold = set(t.gold)
        for link in align_texts(t.source, t.target):
            if link.source and link.target:
                two_sided += 1
                if link.score >= threshold:
                    above += 1
                    right += (link.source, link.target) in gold
    false = unrelated = 0
    for k, t in enumerate(tasks):
        other = tasks[(k + len(tasks) // 5) % len(tasks)]
        for link in align_texts(t.source, other.target):
            if link.source and link.target:
                unrelated += 1
                false += link.score >= threshold
    print(f"scores at {threshold}: {right / above:.3f} of {above} links right, {above / two_sided:.2f} of "
          f"{two_sided} two-sided links reach it; unrelated tasks: {false} of {unrelated} links reach it")


def fixture_pairs() -> list[tuple[str, str, list[Segment], list[Segment]]]:
    """(Indonesian file, English file, segments, segments) for every bundled page pair."""
    profile = load_profile("iom-drupal")
    ids = [parse_file(p, profile) for p in sorted((SITE / "id").rglob("*.html"))]
    ens = [parse_file(p, profile) for p in sorted((SITE / "en").rglob("*.html"))]
    out = []
    for pair in pair_pages(ids, ens).pairs:
        out.append((str(Path(pair.source.source).relative_to(SITE)),
                    str(Path(pair.target.source).relative_to(SITE)),
                    segment_page(pair.source), segment_page(pair.target)))
    return out


AnchorLink = tuple[tuple[str, ...], tuple[str, ...]]


def ours_structured(src: Sequence[Segment], tgt: Sequence[Segment]) -> set[AnchorLink]:
    return {(tuple(s.anchor for s in p.source_segments), tuple(t.anchor for t in p.target_segments))
            for p in align_structured(src, tgt)}


def gale_church_flat(src: Sequence[Segment], tgt: Sequence[Segment]) -> set[AnchorLink]:
    return {(tuple(src[i].anchor for i in a), tuple(tgt[j].anchor for j in b))
            for a, b in gale_church([s.text for s in src], [t.text for t in tgt])}


def write_fixture_gold() -> None:
    """Write our alignment of the fixture pairs as the gold, to be reviewed by eye before use."""
    gold = {}
    for id_file, en_file, src, tgt in fixture_pairs():
        links = sorted(ours_structured(src, tgt), key=lambda l: (
            [s.anchor for s in src].index(l[0][0]) if l[0] else len(src),
            [t.anchor for t in tgt].index(l[1][0]) if l[1] else -1))
        gold[id_file] = {"en": en_file, "links": [[list(a), list(b)] for a, b in links]}
    FIXTURE_GOLD.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE_GOLD.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {FIXTURE_GOLD}: review every link by eye before committing")


def fixture_row() -> None:
    gold = json.loads(FIXTURE_GOLD.read_text(encoding="utf-8"))
    counts = {"ours": [0, 0, 0], "gc": [0, 0, 0]}
    pairs = fixture_pairs()
    for id_file, en_file, src, tgt in pairs:
        want = {(tuple(a), tuple(b)) for a, b in gold[id_file]["links"]}
        for name, aligner in (("ours", ours_structured), ("gc", gale_church_flat)):
            got = aligner(src, tgt)
            c = counts[name]
            c[0] += len(got & want)
            c[1] += len(got)
            c[2] += len(want)
    scores = {}
    for name, (found, pred, wanted) in counts.items():
        p, r = found / pred, found / wanted
        scores[name] = (p, r, 2 * p * r / (p + r))
    (po, ro, fo), (pb, rb, fb) = scores["ours"], scores["gc"]
    print(f"{'fixture site pairs':<24} {len(pairs):>5} {counts['ours'][2]:>6}  ours P {po:.3f} R {ro:.3f} F1 {fo:.3f}"
          f"{'':>18}| Gale-Church P {pb:.3f} R {rb:.3f} F1 {fb:.3f}{'':>18}| F1 ratio {fo / fb:.3f}")


def _align_files(job: tuple[str, str]) -> tuple[int, float]:
    """Links found and CPU seconds spent for one page pair."""
    start = time.process_time()
    profile = load_profile("iom-drupal")
    src = segment_page(parse_file(job[0], profile))
    tgt = segment_page(parse_file(job[1], profile))
    return len(align_structured(src, tgt)), time.process_time() - start


def timing(n: int = 1000, workers: int = 2) -> None:
    """Parse, segment and align ``n`` fixture page pairs on ``workers`` processes."""
    import multiprocessing

    pre = fixture_pairs()
    files = [(str(SITE / i), str(SITE / e)) for i, e, _, _ in pre]
    jobs = [files[k % len(files)] for k in range(n)]
    start = time.perf_counter()
    with multiprocessing.Pool(workers) as pool:
        results = pool.map(_align_files, jobs, chunksize=20)
    wall = time.perf_counter() - start
    links = sum(r[0] for r in results)
    cpu = sum(r[1] for r in results)
    start = time.process_time()
    for k in range(n):
        _, _, src, tgt = pre[k % len(pre)]
        align_structured(src, tgt)
    align_only = time.process_time() - start
    # Wall time depends on what else the machine runs; CPU time / workers is the unloaded figure.
    print(f"timing: {n} page pairs parsed+segmented+aligned on {workers} processes: wall {wall:.1f} s, "
          f"CPU {cpu:.1f} s (= {cpu / workers:.1f} s on {workers} idle cores; target < 30 s), "
          f"{links} links; of which alignment alone: CPU {align_only:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13, help="perturbation seed (default 13)")
    parser.add_argument("--no-timing", action="store_true", help="skip the 1,000 page pairs timing")
    parser.add_argument("--write-fixture-gold", action="store_true",
                        help=f"rewrite {FIXTURE_GOLD.relative_to(ROOT)} from our output (review it by eye)")
    args = parser.parse_args(argv)
    if args.write_fixture_gold:
        write_fixture_gold()
        return 0
    if not DATA.exists():
        print(f"../shared/data/ud-pud not found at {DATA}: PUD figures skipped")
    else:
        rng = random.Random(args.seed)
        tasks = [perturb(d, rng) for d in documents()]
        print(f"{'corpus':<24} {'tasks':>5} {'links':>6}")
        row("PUD per document", tasks)
        row("PUD page-sized (24+)", page_sized(tasks))
        calibration(page_sized(tasks))
    fixture_row()
    if not args.no_timing:
        timing()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
