"""The primary navigation: a tree of NavItems from a (mega-)menu.

A dropdown that repeats its item's title as a heading and adds a description is read as one
item with a description, never as a second item and never glued to the description.
"""
from __future__ import annotations

import re
from typing import Any

from extractor.accel import text_of, within
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


def primary_nav(page: Any) -> Any | None:
    """The primary navigation when no profile selector names it: the candidate <nav> with the
    most links that is not a breadcrumb, language, utility or footer menu (the first on a tie)."""
    candidates = _candidate_navs(page)
    if not candidates:
        return None
    return max(candidates, key=lambda n: (len(n.findall(".//a")), -candidates.index(n)))


def _first_list(el: Any) -> Any | None:
    """The first ul or ol inside ``el`` (a menu's top list, a menu item's submenu)."""
    return next(el.iter("ul", "ol"), None)


def _own_children(li: Any) -> list[Any]:
    """Direct element children of a menu li (comments left out); wrapper divs are looked
    into by :func:`_label_element`."""
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


def _description(li: Any, label_el: Any, label: str, sub: Any | None, described: list[Any]) -> str | None:
    for el in described:
        if within(el, li) and (sub is None or not within(el, sub)):
            text = fold(text_of(el))
            if text:
                return text
    parts = []
    for p in li.iter("p"):
        if (sub is None or not within(p, sub)) and not within(p, label_el):
            text = fold(text_of(p))
            if text and text != label:
                parts.append(text)
    if parts:
        return " ".join(parts)
    title = label_el.get("title") if label_el is not None else None
    return fold(title) or None if title else None


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
        sub = _first_list(li)
        children = _items(sub, base, described, depth + 1) if sub is not None and depth < 4 else ()
        description = _description(li, label_el, label, sub, described)
        key = (label, url)
        if key in seen:
            continue
        seen.add(key)
        items.append(NavItem(label=label, url=url, description=description, children=children))
    return tuple(items)


def read_nav(nav_root: Any, base: str | None, profile: Profile, index: DocIndex) -> tuple[NavItem, ...]:
    """Read the primary navigation tree under ``nav_root`` (see :func:`primary_nav` for a
    theme the profile has no selector for)."""
    top = _first_list(nav_root)
    if top is None:
        return ()
    described = [el for sel in profile.nav_description for el in index.select(sel, nav_root)]
    return _items(top, base, described, 1)
