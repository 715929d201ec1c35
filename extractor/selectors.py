"""CSS selectors for site profiles, evaluated fast on lxml trees.

XPath translated from CSS class selectors (``contains(concat(' ', normalize-space(@class),
' '), ...)``) costs tens of microseconds per query on a whole page, and a page needs dozens of
queries. So simple selectors (``tag``, ``.class``, ``#id``, ``tag.class``, ``[attr=value]``)
are answered from an index of the document built in one pass; anything else (combinators,
pseudo-classes) falls back to its compiled XPath.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from cssselect import GenericTranslator, SelectorError
from lxml import etree

_SIMPLE = re.compile(
    r"^(?P<tag>[a-zA-Z][\w-]*)?(?P<rest>(?:[.#][\w-]+)*)(?:\[(?P<attr>[\w-]+)(?:=(?P<value>[^\]]+))?\])?$"
)


@dataclass(frozen=True)
class Rule:
    """A simple selector: every given part must hold."""

    tag: str | None
    classes: frozenset[str]
    id: str | None
    attr: str | None
    value: str | None

    def matches(self, el: Any, tag: str, classes: Iterable[str], ident: str | None) -> bool:
        if self.tag and self.tag != tag:
            return False
        if self.id and self.id != ident:
            return False
        if self.classes and not self.classes.issubset(classes):
            return False
        if self.attr:
            got = el.get(self.attr)
            if got is None or (self.value is not None and got != self.value):
                return False
        return True


@dataclass(frozen=True)
class Selector:
    """One CSS selector: its simple form when it has one, and its XPath for any scope."""

    css: str
    xpath: etree.XPath
    rule: Rule | None


class SelectorSyntaxError(ValueError):
    """A profile selector cssselect cannot read."""


def compile_selector(css: str) -> Selector:
    try:
        xpath = etree.XPath(GenericTranslator().css_to_xpath(css, prefix="descendant-or-self::"))
    except (SelectorError, etree.XPathSyntaxError) as exc:
        raise SelectorSyntaxError(f"invalid selector {css!r}: {exc}") from exc
    return Selector(css, xpath, _parse_simple(css))


def _parse_simple(css: str) -> Rule | None:
    m = _SIMPLE.match(css.strip())
    if not m or not (m.group("tag") or m.group("rest") or m.group("attr")):
        return None
    rest = m.group("rest") or ""
    ids = re.findall(r"#([\w-]+)", rest)
    value = m.group("value")
    return Rule(tag=(m.group("tag") or "").lower() or None,
                classes=frozenset(re.findall(r"\.([\w-]+)", rest)),
                id=ids[0] if ids else None, attr=m.group("attr"),
                value=value.strip().strip("'\"") if value is not None else None)


def _parts(el: Any) -> tuple[str, list[str], str | None]:
    cls = el.get("class")
    return el.tag.lower(), (cls.split() if cls else []), el.get("id")


def _within(el: Any, scope: Any) -> bool:
    return el is scope or any(a is scope for a in el.iterancestors())


_WITH_CLASS_OR_ID = etree.XPath("//*[@class or @id]")


class DocIndex:
    """Elements of one document by class and id, in document order.

    Only the ``classes`` and ``ids`` a profile's selectors name are indexed (a theme's markup
    carries hundreds of others); tag-only selectors use lxml's own iteration. Build it after
    removing what should never match (hidden elements); it does not follow later edits of the
    tree, except :meth:`forget`.
    """

    def __init__(self, root: Any, classes: frozenset[str], ids: frozenset[str]) -> None:
        self.root = root
        self.by_class: dict[str, list[Any]] = {}
        self.by_id: dict[str, list[Any]] = {}
        # ids of forgotten elements; filtered out on lookup, cheaper than rebuilding the lists.
        self.gone: set[int] = set()
        self._held: list[Any] = []
        by_class, by_id = self.by_class, self.by_id
        for el in _WITH_CLASS_OR_ID(root):
            cls = el.get("class")
            if cls:
                for c in cls.split():
                    if c in classes:
                        if c in by_class:
                            by_class[c].append(el)
                        else:
                            by_class[c] = [el]
            ident = el.get("id")
            if ident and ident in ids:
                by_id.setdefault(ident, []).append(el)

    def forget(self, removed: Iterable[Any]) -> None:
        """Drop ``removed`` elements and everything inside them from the index."""
        elements = [d for el in removed for d in el.iter()]
        # lxml makes a new proxy object (with a new id) for an element nobody holds, so the
        # proxies are kept alive as long as their ids are compared.
        self._held.extend(elements)
        self.gone.update(id(d) for d in elements)

    def select(self, sel: Selector, scope: Any | None = None) -> list[Any]:
        """Elements matching ``sel`` at or below ``scope`` (default: the document)."""
        scope = self.root if scope is None else scope
        rule = sel.rule
        if rule is None or (rule.attr and not (rule.tag or rule.classes or rule.id)):
            return sel.xpath(scope)
        if rule.id:
            pool = self.by_id.get(rule.id, [])
        elif rule.classes:
            pool = min((self.by_class.get(c, []) for c in rule.classes), key=len)
        else:
            pool = list(scope.iter(rule.tag))
        gone = self.gone
        out = []
        for el in pool:
            if id(el) in gone:
                continue
            if rule.matches(el, *_parts(el)) and (scope is self.root or _within(el, scope)):
                out.append(el)
        return out

    def first(self, selectors: Iterable[Selector], scope: Any | None = None) -> Any | None:
        """The first element of the first selector that matches anything."""
        for sel in selectors:
            found = self.select(sel, scope)
            if found:
                return found[0]
        return None


class Matcher:
    """Does an element match any of a union of selectors? Answered element by element.

    Simple rules are indexed by class, id and tag, so a test costs a few dict look-ups;
    complex selectors are matched by evaluating their XPath once per document (``prepare``).
    """

    def __init__(self, selectors: Iterable[Selector]) -> None:
        self.by_class: dict[str, list[Rule]] = {}
        self.by_id: dict[str, list[Rule]] = {}
        self.by_tag: dict[str, list[Rule]] = {}
        self.by_attr: list[Rule] = []
        self.complex: list[Selector] = []
        for sel in selectors:
            rule = sel.rule
            if rule is None:
                self.complex.append(sel)
            elif rule.classes:
                self.by_class.setdefault(min(rule.classes), []).append(rule)
            elif rule.id:
                self.by_id.setdefault(rule.id, []).append(rule)
            elif rule.tag:
                self.by_tag.setdefault(rule.tag, []).append(rule)
            else:
                self.by_attr.append(rule)

    def bind(self, root: Any) -> "BoundMatcher":
        held = tuple(e for sel in self.complex for e in sel.xpath(root))
        return BoundMatcher(self, frozenset(id(e) for e in held), held)


@dataclass(frozen=True)
class BoundMatcher:
    """A Matcher for one document (its complex selectors already evaluated).

    ``held`` keeps the matched element proxies alive so that their ids stay theirs.
    """

    matcher: Matcher
    extra: frozenset[int]
    held: tuple[Any, ...] = ()

    def __call__(self, el: Any) -> bool:
        if not isinstance(el.tag, str):
            return False
        if id(el) in self.extra:
            return True
        m = self.matcher
        tag, classes, ident = _parts(el)
        for rule in m.by_tag.get(tag, ()):
            if rule.matches(el, tag, classes, ident):
                return True
        for c in classes:
            for rule in m.by_class.get(c, ()):
                if rule.matches(el, tag, classes, ident):
                    return True
        if ident:
            for rule in m.by_id.get(ident, ()):
                if rule.matches(el, tag, classes, ident):
                    return True
        return any(rule.matches(el, tag, classes, ident) for rule in m.by_attr)
