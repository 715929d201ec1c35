#!/usr/bin/env python3
"""Set up a virtual environment (.venv) and run the main job or the tests.

    python3 dev.py demo    # extract -> catalogues -> report on the bundled fixtures, offline
    python3 dev.py test    # the test suite

Needs only Python 3.11+. The venv is created once and re-used; dependencies are re-installed
only when pyproject.toml changes.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
SEED_PAGE = "fixtures/site/id/news/iom-memfasilitasi-pemerintah-indonesia-dalam-pelatihan-essential-migration-management-emm-20.html"


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"dev.py: Python 3.11 or newer is needed (this is {sys.version.split()[0]})")
    if not PY.exists():
        print("dev.py: creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    # What pip builds from: the project, and the optional C accelerator compiled in place.
    built_from = [ROOT / "pyproject.toml", ROOT / "setup.py", ROOT / "extractor" / "_speedups.pyx"]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in built_from) + extras.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"dev.py: installing extractor[{extras}] into .venv", flush=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run([str(PY), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([str(PY), "-m", "pip", "install", "-q", "-e", target], check=True, cwd=ROOT)
    stamp.write_text(digest)


def run(*cmd: str) -> int:
    print("$ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode


def demo() -> int:
    ensure_venv("")
    extractor = str(BIN / "extractor")
    # One command per step of the main job; the first failure stops the demo.
    commands = [
        # The page model of the real IOM news article the fixture site was built around.
        [extractor, "extract", SEED_PAGE],
        # Extract every page, segment, write locales/ and pre-fill English from the English
        # twins; prints counts before/after and the files it changed.
        [extractor, "sync", "--prefill"],
        # Coverage per menu section, then the same as a self-contained HTML page.
        [extractor, "report", "--by", "section"],
        [extractor, "report", "--format", "html", "-o", "out/report.html"],
    ]
    for cmd in commands:
        code = run(*cmd)
        if code:
            return code
    print("dev.py: HTML report written to out/report.html", flush=True)
    return 0


def test(extra_args: list[str]) -> int:
    ensure_venv("test")
    code = run(str(PY), "-m", "pytest", "-q", *extra_args)
    return code


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"demo", "test"}:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return demo() if sys.argv[1] == "demo" else test(sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
