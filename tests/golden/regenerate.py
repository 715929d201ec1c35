"""Regenerate the golden page models of every fixture page.

    .venv/bin/python tests/golden/regenerate.py

Review the diff by eye before committing: the golden files are the reference for
tests/test_golden.py, so a regenerated file is a claim that the new output is right.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from extractor.extract import page_to_dict  # noqa: E402
from extractor.parse import PageParser  # noqa: E402
from extractor.profile import load_profile  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
# Which profile reads which fixture folder: the generic themes must work without IOM's.
FOLDERS = {"fixtures/site": "iom-drupal", "fixtures/generic": "generic"}


def pages() -> list[tuple[str, str]]:
    """(source path relative to the repo, profile) for every fixture page, sorted."""
    out = []
    for folder, profile in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.html")):
            out.append((str(path.relative_to(ROOT)), profile))
    return out


def golden_path(source: str) -> Path:
    return GOLDEN / (source.replace("/", "__").removesuffix(".html") + ".json")


def render(source: str, profile: str) -> str:
    page = PageParser(load_profile(profile)).parse_file(ROOT / source)
    data = page_to_dict(page)
    data["source"] = source
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    for source, profile in pages():
        golden_path(source).write_text(render(source, profile), encoding="utf-8")
    print(f"wrote {len(pages())} golden files to {GOLDEN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
