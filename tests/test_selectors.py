"""The profile selector engine answers exactly what the selectors' XPath would."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from extractor.profile import SELECTOR_KEYS, load_profile
from extractor.selectors import DocIndex, IndexSpec, Matcher, compile_selector

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "fixtures").rglob("*.html"))
EXTRA = ["div.card", "[class*=cookie]", "[id*=consent]", "article > header", "ul > li.menu-item",
         "a[hreflang]", "a[hreflang=en]", "time", "nav.breadcrumb", "#block-iom-main-menu",
         "article time", "body p", "main a[href]", ".language-switcher-language-url a[hreflang]",
         "header li.menu-item", ".menu a", ".menu li", "#block-iom-main-menu li", ".menu ul"]


def tree(path: Path):
    return etree.fromstring(path.read_bytes(), etree.HTMLParser(remove_comments=True))


@pytest.mark.parametrize("profile", ["iom-drupal", "generic"])
def test_index_answers_like_xpath_on_every_fixture_page(profile: str) -> None:
    prof = load_profile(profile)
    selectors = {s.css: s for key in SELECTOR_KEYS for s in getattr(prof, key)}
    selectors.update({css: compile_selector(css) for css in EXTRA})
    for path in PAGES:
        root = tree(path)
        index = DocIndex(root, IndexSpec.of(s.rule for s in selectors.values() if s.rule is not None))
        body = root.find("body")
        for css, sel in selectors.items():
            for scope in (root, body):
                assert index.select(sel, scope) == sel.xpath(scope), (path.name, css)


def test_matcher_selects_the_union() -> None:
    root = tree(ROOT / "fixtures" / "generic" / "bootstrap.html")
    css = ["nav", ".breadcrumb", "[id*=cookie]", "footer", "[role=contentinfo]", "[aria-label]", "div[role=banner]"]
    sels = [compile_selector(c) for c in css]
    index = DocIndex(root, IndexSpec.of(s.rule for s in sels))
    got = Matcher(sels).select(root, index)
    want = [e for s in sels for e in s.xpath(root)]
    # Both lists hold their proxies, so lxml hands out one proxy per element and ids compare.
    assert {id(e) for e in got} == {id(e) for e in want} and got
