"""The primary navigation: a tree of NavItems from a (mega-)menu.

A dropdown that repeats its item's title as a heading and adds a description is read as one
item with a description, never as a second item and never glued to the description.
"""
from __future__ import annotations

import re
from typing import Any

from extractor.inline import text_of
from extractor.model import NavItem
from extractor.pagemeta import absolute
from extractor.profile import Profile
from extractor.selectors import DocIndex
from extractor.text import fold

# Navigation that is not the primary navigation, by its class, id, role or label.
_NOT_PRIMARY = re.compile(r"breadcrumb|lang|utility|pager|pagination|footer|social|share|mobile|offcanvas|toc|tabs|secondary", re.I)
_LABEL_TAGS = {"a", "button", "span", "strong"}
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


def _describe(el: Any) -> str:
    return " ".join(filter(None, (el.get("class"), el.get("id"), el.get("aria-label"), el.get("aria-labelledby"))))


def _candidate_navs(page: Any) -> list[Any]:
    navs = page.xpath(".//nav|.//*[@role='navigation']")
    good = []
    for nav in navs:
        if _NOT_PRIMARY.search(_describe(nav)):
            continue
        # <body> and <html> classes describe the page ("lang-id"), not a menu.
        if any(a.tag == "footer" or (a.tag not in ("body", "html") and _NOT_PRIMARY.search(_describe(a)))
               for a in nav.iterancestors()):
            continue
        good.append(nav)
    return good


def _top_list(nav: Any) -> Any | None:
    for ul in nav.iter("ul", "ol"):
        return ul
    return None


def _own_children(li: Any) -> list[Any]:
    """Direct element children of a menu li, looking through non-list wrapper divs."""
    return [c for c in li if isinstance(c.tag, str)]


def _label_element(li: Any) -> Any | None:
    """The item's own link or button: the first one not inside its submenu or dropdown."""
    for child in _own_children(li):
        tag = child.tag.lower()
        if tag in ("ul", "ol") or tag in _HEADINGS:
            continue
        if tag in _LABEL_TAGS and fold(text_of(child)):
            return child
        if tag == "div" and "dropdown" not in (child.get("class") or "") and child.find(".//ul") is None:
            inner = next((a for a in child.iter("a", "button") if fold(text_of(a))), None)
            if inner is not None:
                return inner
    return None


def _sub_list(li: Any) -> Any | None:
    for ul in li.iter("ul", "ol"):
        if ul is not li:
            return ul
    return None


def _description(li: Any, label_el: Any, label: str, sub: Any | None, described: list[Any]) -> str | None:
    for el in described:
        if _is_within(el, li) and (sub is None or not _is_within(el, sub)):
            text = fold(text_of(el))
            if text:
                return text
    parts = []
    for p in li.iter("p"):
        if (sub is None or not _is_within(p, sub)) and not _is_within(p, label_el):
            text = fold(text_of(p))
            if text and text != label:
                parts.append(text)
    if parts:
        return " ".join(parts)
    title = label_el.get("title") if label_el is not None else None
    return fold(title) or None if title else None


def _is_within(el: Any, ancestor: Any) -> bool:
    return el is ancestor or any(a is ancestor for a in el.iterancestors())


def _items(ul: Any, base: str | None, described: list[Any], depth: int) -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    seen: set[tuple[str, str | None]] = set()
    for li in ul:
        if not isinstance(li.tag, str) or li.tag.lower() != "li":
            continue
        label_el = _label_element(li)
        if label_el is None:
            continue
        label = fold(text_of(label_el))
        href = label_el.get("href") if label_el.tag == "a" else None
        url = absolute(href, base) if href else None
        if url and url.startswith(("javascript:", "#")):
            url = None
        sub = _sub_list(li)
        children = _items(sub, base, described, depth + 1) if sub is not None and depth < 4 else ()
        description = _description(li, label_el, label, sub, described)
        key = (label, url)
        if key in seen:
            continue
        seen.add(key)
        items.append(NavItem(label=label, url=url, description=description, children=children))
    return tuple(items)


def read_nav(nav_root: Any | None, base: str | None, profile: Profile, index: DocIndex,
             page: Any | None = None) -> tuple[NavItem, ...]:
    """Read the primary navigation tree.

    With no ``nav_root`` (the profile has no selector for this theme), the candidate <nav>
    on ``page`` with the most links that is not a breadcrumb, language, utility or footer menu
    is used.
    """
    if nav_root is None:
        if page is None:
            return ()
        candidates = _candidate_navs(page)
        if not candidates:
            return ()
        nav_root = max(candidates, key=lambda n: (len(n.findall(".//a")), -candidates.index(n)))
    top = _top_list(nav_root)
    if top is None:
        return ()
    described = [el for sel in profile.nav_description for el in index.select(sel, nav_root)]
    return _items(top, base, described, 1)
