"""The optional C accelerator answers exactly as the pure-Python code it replaces."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from extractor import accel
from extractor.inline import INLINE_TAGS
from extractor.profile import SELECTOR_KEYS, load_profile
from extractor.selectors import DocIndex, IndexSpec

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "fixtures").rglob("*.html"))
needs_native = pytest.mark.skipif(accel.native is None, reason="the C accelerator is not built (no compiler at install)")


def tree(path: Path):
    return etree.fromstring(path.read_bytes(), etree.HTMLParser(remove_comments=True))


def _tables(index: DocIndex) -> dict[str, dict]:
    return {name: {k: [id(e) for e in v] for k, v in getattr(index, name).items()}
            for name in ("by_class", "by_id", "by_attr", "by_substring")}


@needs_native
@pytest.mark.parametrize("profile", ["iom-drupal", "generic"])
def test_c_accelerator_answers_as_the_python_code(profile: str) -> None:
    spec = IndexSpec.of((s.rule for key in SELECTOR_KEYS for s in getattr(load_profile(profile), key)
                         if s.rule is not None), classes={"visually-hidden", "hidden"},
                        attrs={"hidden", "aria-hidden", "style", "lang"})
    for path in PAGES:
        root = tree(path)
        for scope in (root, root.find("body")):
            python, native = DocIndex(scope, spec, use_native=False), DocIndex(scope, spec)
            assert _tables(python) == _tables(native), path.name
            candidates = [el for els in python.by_class.values() for el in els] + \
                         [el for els in python.by_attr.values() for el in els]
            assert accel.outermost(candidates) == accel.PYTHON["outermost"](candidates), path.name
            gone = accel.outermost(candidates)[:3]
            python.forget(gone)
            accel.native.prune([native.by_class, native.by_id, native.by_attr, native.by_substring], gone)
            assert _tables(python) == _tables(native), path.name
        for el in root.iter(etree.Element):
            assert accel.getpath(el) == accel.PYTHON["getpath"](el), path.name
            assert accel.content(el, INLINE_TAGS) == accel.PYTHON["content"](el, INLINE_TAGS), path.name
            assert accel.text_of(el) == accel.PYTHON["text_of"](el), path.name
            for other in (root, el.getparent(), el, next(root.iter("p"), root)):
                if other is not None:
                    assert accel.within(el, other) == accel.PYTHON["within"](el, other)


_DUMP_MODELS = """
import json, sys
from dataclasses import asdict
from pathlib import Path
from extractor.parse import PageParser
from extractor.profile import load_profile
for profile in ("iom-drupal", "generic"):
    parser = PageParser(load_profile(profile))
    for path in sorted(Path(sys.argv[1]).rglob("*.html")):
        print(json.dumps(asdict(parser.parse_file(path)), sort_keys=True, default=list))
"""


def test_pure_python_and_c_accelerator_extract_the_same() -> None:
    # EXTRACTOR_PURE_PYTHON turns the C paths off; the page models (spans and paths
    # included) must not notice.
    outputs = []
    for pure in ("", "1"):
        env = {**os.environ, "EXTRACTOR_PURE_PYTHON": pure}
        done = subprocess.run([sys.executable, "-c", _DUMP_MODELS, str(ROOT / "fixtures")],
                              capture_output=True, env=env, cwd=ROOT, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and outputs[0].count(b"\n") == 2 * len(PAGES)


@needs_native
@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="abdxAB’'_1é \u0301-.,", max_size=40))
def test_c_accelerator_counts_lower_case_words_as_the_regex(text: str) -> None:
    listed, other = frozenset({"ab", "a", "b", "ab'd", "don't", "d"}), frozenset({"ba", "bd", "x", "b'a"})
    assert accel.lower_word_hits(text, listed, other) == accel.PYTHON["lower_word_hits"](text, listed, other)
