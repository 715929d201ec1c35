"""Figure: `extractor report` over 100 catalogues of 1,000 entries each, beside pocount.

    .venv/bin/python benchmarks/report.py [--catalogues 100] [--entries 1000] [--repeat 3]

Builds the catalogues in a temporary folder (seeded, so every run measures the same files:
translated, fuzzy, untranslated, plural and obsolete entries with inline placeholders), then
times, in one run and on the same files, `extractor report --format json` and translate-toolkit's
`pocount --csv` as subprocesses (interpreter start-up included for both), plus our library call
alone (best of --repeat runs each), checks that both count the same strings and words, and
prints the ratio. Target: ours under 2 s.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.report import build_report  # noqa: E402

WORDS = ("migran pekerja perlindungan pemerintah laporan lengkap Indonesia IOM BP2MI "
         "kabupaten desa pelatihan bencana pengungsi data 2022 3,6% Jl. Sudirman").split()
ENGLISH = ("migrant workers protection government full report Indonesia IOM BP2MI district "
           "village training disaster displaced data 2022 3.6% Jl. Sudirman").split()


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _sentence(rng: random.Random, vocabulary: list[str]) -> str:
    words = rng.choices(vocabulary, k=rng.randint(3, 25))
    if rng.random() < 0.2:
        i = rng.randrange(len(words))
        words[i] = f"<1>{words[i]}</1>"
    return " ".join(words) + "."


def make_catalogue(path: Path, entries: int, rng: random.Random) -> None:
    out = ['msgid ""', 'msgstr ""', '"Language: en\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"',
           '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', ""]
    for i in range(entries):
        kind = rng.random()
        msgid = f"{i} {_sentence(rng, WORDS)}"
        english = _sentence(rng, ENGLISH)
        out.append(f"#: /id/news/page-{i % 40}:p{i}")
        if kind < 0.03:
            out += [f"#~ msgid {_q(msgid)}", f"#~ msgstr {_q(english)}", ""]
            continue
        if kind < 0.12:
            out.append("#, fuzzy")
        if rng.random() < 0.1:
            out.append("#. prefill: https://indonesia.iom.int/news/x (score 0.87)")
        if kind > 0.97:
            out += [f"msgid {_q(msgid)}", f"msgid_plural {_q(msgid + ' lagi')}",
                    f"msgstr[0] {_q(english)}", f"msgstr[1] {_q(english + ' more')}", ""]
            continue
        translated = kind < 0.7
        out += [f"msgid {_q(msgid)}", f"msgstr {_q(english if translated else '')}", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8")


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds, stdout) of one run; CPU time is what a shared, loaded
    machine distorts least."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT, timeout=600)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalogues", type=int, default=100)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tool; the best counts")
    args = parser.parse_args()
    rng = random.Random(20240601)
    with tempfile.TemporaryDirectory(prefix="report-bench-") as tmp:
        locales = Path(tmp) / "locales"
        for n in range(args.catalogues):
            make_catalogue(locales / "en" / "LC_MESSAGES" / f"domain{n:03d}.po", args.entries, rng)
        files = sorted(str(p) for p in locales.rglob("*.po"))
        bindir = Path(sys.executable).parent
        ours_cmd = [sys.executable, "-m", "extractor", "report", "--locales", str(locales),
                    "--format", "json"]
        theirs_cmd = [str(bindir / "pocount"), "--csv", *files]
        # Best of --repeat, alternating the tools, as timeit does: on a shared machine the
        # minimum is the run least disturbed by others.
        ours_runs, theirs_runs = [], []
        for _ in range(args.repeat):
            ours_runs.append(timed(ours_cmd))
            theirs_runs.append(timed(theirs_cmd))
        ours_s, ours_cpu = min(r[0] for r in ours_runs), min(r[1] for r in ours_runs)
        theirs_s, theirs_cpu = min(r[0] for r in theirs_runs), min(r[1] for r in theirs_runs)
        ours_out, theirs_out = ours_runs[0][2], theirs_runs[0][2]
        start = time.perf_counter()
        report = build_report(locales)
        library_s = time.perf_counter() - start

    ours = json.loads(ours_out)["summary"]
    rows = list(csv.DictReader(io.StringIO(theirs_out)))
    theirs = {k: sum(int(r[k]) for r in rows) for k in
              ("Total Message", "Translated Messages", "Fuzzy Messages", "Total Source Words",
               "Translated Source Words")}
    same = (ours["total"], ours["translated"], ours["fuzzy"], ours["words"],
            ours["translated_words"]) == tuple(theirs.values())
    print(f"{args.catalogues} catalogues x {args.entries} entries, best of {args.repeat} "
          f"({report.total.total} counted strings, {report.total.total_words} source words)")
    print(f"  extractor report --format json: {ours_s:6.2f} s wall {ours_cpu:6.2f} s CPU")
    print(f"  build_report (library call):    {library_s:6.2f} s wall")
    print(f"  pocount --csv:                  {theirs_s:6.2f} s wall {theirs_cpu:6.2f} s CPU")
    print(f"  ratio pocount / ours:           {theirs_s / ours_s:6.1f}x wall "
          f"{theirs_cpu / ours_cpu:6.1f}x CPU")
    print(f"  same counts as pocount: {'yes' if same else 'NO'}; target ours < 2 s: "
          f"wall {'met' if ours_s < 2 else 'MISSED'}, CPU {'met' if ours_cpu < 2 else 'MISSED'} "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
