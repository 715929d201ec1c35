"""Whole-page golden tests: every fixture page's model equals its reviewed golden JSON.

Regenerate only with `.venv/bin/python tests/golden/regenerate.py`, then review the diff.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("regenerate", Path(__file__).parent / "golden" / "regenerate.py")
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


@pytest.mark.parametrize("source, profile", golden.pages(), ids=[s for s, _ in golden.pages()])
def test_page_model_matches_golden(source: str, profile: str) -> None:
    expected = json.loads(golden.golden_path(source).read_text(encoding="utf-8"))
    assert json.loads(golden.render(source, profile)) == expected


def test_every_fixture_page_has_a_golden_file() -> None:
    have = {p.name for p in golden.GOLDEN.glob("*.json")}
    want = {golden.golden_path(s).name for s, _ in golden.pages()}
    assert want == have
