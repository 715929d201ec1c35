"""CSS selectors for site profiles, evaluated fast on lxml trees.

XPath translated from CSS class selectors (``contains(concat(' ', normalize-space(@class),
' '), ...)``) costs tens of microseconds per query on a whole page, and a page needs dozens of
queries. So simple selectors (``tag``, ``.class``, ``#id``, ``tag.class``, ``[attr=value]``),
with one child (``A > B``) or descendant (``A B``) combinator, are answered from an index of the
document built in one pass (see IndexSpec, DocIndex); anything else (pseudo-classes, longer
chains) falls back to its compiled XPath.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Iterable

from cssselect import GenericTranslator, SelectorError
from lxml import etree

from extractor.accel import native, within

_SIMPLE = re.compile(
    r"^(?P<tag>[a-zA-Z][\w-]*)?(?P<rest>(?:[.#][\w-]+)*)"
    r"(?:\[(?P<attr>[\w-]+)(?:(?P<op>\*?=)(?P<value>[^\]]+))?\])?$"
)


@dataclass(frozen=True)
class Rule:
    """A simple selector: every given part must hold.

    ``op`` is ``=`` (the attribute equals ``value``) or ``*=`` (contains it); ``parent`` is the
    rule the element's parent must match (``article > header``); ``ancestor`` the rule one of
    its ancestors must match (``.node__meta time``), tested by :meth:`DocIndex.select` since
    that ancestor must lie within the query's scope.
    """

    tag: str | None
    classes: frozenset[str]
    id: str | None
    attr: str | None
    value: str | None
    op: str = "="
    parent: "Rule | None" = None
    ancestor: "Rule | None" = None

    def matches(self, el: Any, tag: str, classes: Iterable[str], ident: str | None) -> bool:
        if self.tag and self.tag != tag:
            return False
        if self.id and self.id != ident:
            return False
        if self.classes and not self.classes.issubset(classes):
            return False
        if self.attr:
            got = el.get(self.attr)
            if got is None or (self.value is not None and (
                    self.value not in got if self.op == "*=" else got != self.value)):
                return False
        if self.parent is not None:
            up = el.getparent()
            if up is None or not self.parent.matches(up, *_parts(up)):
                return False
        return True

    @cached_property
    def substring(self) -> tuple[str, str] | None:
        """(attribute, text) for a class or id substring test (``[class*=cookie]``)."""
        if self.op == "*=" and self.attr in ("class", "id") and self.value and not (self.tag or self.classes or self.id):
            return (self.attr, self.value)
        return None

    @cached_property
    def indexed_exactly(self) -> bool:
        """True when the index's list for this rule's one class, or its id, is the answer
        (before scoping): no element of it needs testing again."""
        others = self.tag or self.attr or self.parent or self.ancestor
        return not others and ((len(self.classes) == 1 and not self.id) or (bool(self.id) and not self.classes))


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
    if ">" not in css and not any(q in css for q in "\"'"):
        words = css.split()
        if len(words) == 2:  # a descendant combinator: "A B"
            ancestor, rule = _parse_compound(words[0]), _parse_compound(words[1])
            if ancestor is None or rule is None:
                return None
            return replace(rule, ancestor=ancestor)
    parts = [p.strip() for p in css.split(">")]
    if len(parts) == 2:
        parent, child = _parse_compound(parts[0]), _parse_compound(parts[1])
        if parent is None or child is None or not child.tag:
            return None
        return replace(child, parent=parent)
    return _parse_compound(css) if len(parts) == 1 else None


def _parse_compound(css: str) -> Rule | None:
    m = _SIMPLE.match(css.strip())
    if not m or not (m.group("tag") or m.group("rest") or m.group("attr")):
        return None
    rest = m.group("rest") or ""
    ids = re.findall(r"#([\w-]+)", rest)
    value = m.group("value")
    return Rule(tag=(m.group("tag") or "").lower() or None,
                classes=frozenset(re.findall(r"\.([\w-]+)", rest)),
                id=ids[0] if ids else None, attr=m.group("attr"),
                value=value.strip().strip("'\"") if value is not None else None,
                op=m.group("op") or "=")


def _parts(el: Any) -> tuple[str, list[str], str | None]:
    cls = el.get("class")
    return el.tag.lower(), (cls.split() if cls else []), el.get("id")


def _has_ancestor(el: Any, rule: Rule, scope: Any) -> bool:
    """True when an ancestor of ``el`` at or below ``scope`` matches ``rule``."""
    for anc in el.iterancestors():
        if rule.matches(anc, *_parts(anc)):
            return True
        if anc is scope:
            return False
    return False


_CLASS_PLANS_MAX = 50_000


@dataclass(frozen=True)
class IndexSpec:
    """What a DocIndex holds: the classes, ids and attribute names its rules ask for, and the
    substring tests on class and id (``[class*=cookie]``)."""

    classes: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    attrs: frozenset[str] = frozenset()
    substrings: frozenset[tuple[str, str]] = frozenset()
    # What each class attribute value seen so far holds of the above: a theme writes the same
    # few class strings on every page, so each is split and looked up once per run.
    class_plans: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = field(
        default_factory=dict, compare=False, hash=False, repr=False)

    def class_plan(self, value: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        """The indexed classes in a class attribute ``value``, and the substring tests it meets."""
        plan = self.class_plans.get(value)
        if plan is None:
            if len(self.class_plans) >= _CLASS_PLANS_MAX:
                self.class_plans.clear()
            plan = self.class_plans[value] = (
                tuple(c for c in value.split() if c in self.classes),
                tuple(key for key in self.substrings if key[0] == "class" and key[1] in value))
        return plan

    @classmethod
    def of(cls, rules: Iterable[Rule], *, classes: Iterable[str] = (), attrs: Iterable[str] = ()) -> "IndexSpec":
        """What answering ``rules`` needs, plus the given ``classes`` and ``attrs``."""
        cs, ids, names, subs = set(classes), set(), set(attrs), set()
        for rule in rules:
            for part in (rule, rule.ancestor):
                if part is None:
                    continue
                cs |= part.classes
                if part.id:
                    ids.add(part.id)
                if part.substring:
                    subs.add(part.substring)
                elif part.attr and not (part.tag or part.classes or part.id):
                    names.add(part.attr)
        return cls(frozenset(cs), frozenset(ids), frozenset(names), frozenset(subs))


class DocIndex:
    """Elements of one document by class, id and attribute name, in document order.

    Only what the ``spec`` names is indexed (a theme's markup carries hundreds of classes);
    tag-only selectors use lxml's own iteration. Queries must be for rules the spec covers
    (``IndexSpec.of`` them; a profile's ``index`` covers its selectors). Elements removed from
    the tree later must be handed to :meth:`forget`, so every indexed element is in the document
    and a query over the whole document needs no ancestor test.
    """

    def __init__(self, root: Any, spec: IndexSpec, *, use_native: bool = True) -> None:
        self.root = root
        self.spec = spec
        ids, attrs = spec.ids, spec.attrs
        self.by_class: dict[str, list[Any]] = {}
        self.by_id: dict[str, list[Any]] = {}
        # Elements carrying an attribute (hidden, role, aria-label), whatever its value.
        self.by_attr: dict[str, list[Any]] = {}
        # Elements whose class or id contains a text a selector looks for ([class*=cookie]).
        self.by_substring: dict[tuple[str, str], list[Any]] = {key: [] for key in spec.substrings}
        self.native = native if use_native else None
        if self.native is not None:
            self.native.scan(root, spec, self.by_class, self.by_id, self.by_attr, self.by_substring)
            return
        id_subs = [(key, key[1]) for key in spec.substrings if key[0] == "id"]
        by_class, by_id, by_attr, by_substring = self.by_class, self.by_id, self.by_attr, self.by_substring
        plans = spec.class_plans
        # Attribute names first (keys() is the cheapest question lxml answers), values only of
        # the attributes indexed: most elements carry none of them.
        for el in root.iter(etree.Element):
            for name in el.keys():
                if name == "class":
                    value = el.get("class")
                    found, met = plans.get(value) or spec.class_plan(value)
                    for c in found:
                        if c in by_class:
                            by_class[c].append(el)
                        else:
                            by_class[c] = [el]
                    for key in met:
                        by_substring[key].append(el)
                elif name == "id":
                    value = el.get("id")
                    for key, text in id_subs:
                        if text in value:
                            by_substring[key].append(el)
                    if value in ids:
                        by_id.setdefault(value, []).append(el)
                elif name in attrs:
                    by_attr.setdefault(name, []).append(el)

    def forget(self, removed: list[Any]) -> None:
        """Drop the elements of subtrees removed from the tree (``removed``: their roots)."""
        if not removed:
            return
        tables = [self.by_class, self.by_id, self.by_attr, self.by_substring]
        if self.native is not None:
            self.native.prune(tables, removed)
            return
        # The index's lists hold their proxies, so lxml hands out those same objects again
        # and ids compare; ``gone`` keeps the others alive while they are compared.
        gone = [el for top in removed for el in top.iter()]
        ids = {id(el) for el in gone}
        for table in tables:
            for key in [k for k, found in table.items() if not ids.isdisjoint(map(id, found))]:
                table[key] = [el for el in table[key] if id(el) not in ids]

    def select(self, sel: Selector, scope: Any | None = None) -> list[Any]:
        """Elements matching ``sel`` at or below ``scope`` (default: the document)."""
        scope = self.root if scope is None else scope
        if sel.rule is None:
            return sel.xpath(scope)
        return self._select(sel.rule, scope, sel)

    def pool(self, rule: Rule) -> list[Any]:
        """The index's candidates for a rule with a class, an id, a substring test or (alone)
        an attribute."""
        if rule.substring in self.by_substring:
            return self.by_substring[rule.substring]
        if rule.id:
            return self.by_id.get(rule.id, [])
        if rule.classes:
            return min((self.by_class.get(c, []) for c in rule.classes), key=len)
        return self.by_attr.get(rule.attr, [])

    def _select(self, rule: Rule, scope: Any, sel: Selector | None = None) -> list[Any]:
        whole = scope is self.root  # every indexed element is inside
        ancestor = rule.ancestor
        if rule.substring in self.by_substring or rule.id or rule.classes or (
                rule.attr in self.spec.attrs and not rule.tag):
            pool = self.pool(rule)
        elif rule.tag and ancestor is not None and (ancestor.classes or ancestor.id):
            return self._under_ancestors(rule, scope)
        elif rule.tag:
            pool = list(scope.iter(rule.tag))
            whole = True
        else:
            assert sel is not None, "an ancestor rule always names a tag, class or id"
            return sel.xpath(scope)
        if not pool:
            return []
        if rule.indexed_exactly:
            return pool[:] if whole else [el for el in pool if within(el, scope)]
        out = []
        for el in pool:
            if rule.matches(el, *_parts(el)) and (whole or within(el, scope)) and (
                    ancestor is None or _has_ancestor(el, ancestor, scope)):
                out.append(el)
        return out

    def _under_ancestors(self, rule: Rule, scope: Any) -> list[Any]:
        """``A tag``: the tag's elements inside the (few, indexed) elements matching A, rather
        than every such tag in the scope tested for an ancestor."""
        out = []
        last = None
        for anc in self._select(rule.ancestor, scope):
            if last is not None and within(anc, last):
                continue  # nested in the previous one: its descendants are already in
            last = anc
            out.extend(el for el in anc.iterdescendants(rule.tag) if rule.matches(el, *_parts(el)))
        return out

    def first(self, selectors: Iterable[Selector], scope: Any | None = None) -> Any | None:
        """The first element of the first selector that matches anything."""
        for sel in selectors:
            found = self.select(sel, scope)
            if found:
                return found[0]
        return None


class Matcher:
    """A union of selectors (boilerplate, meta lines), matched once per page.

    Rules the document's index answers (a class, an id, an attribute, a substring test) take
    their candidates from it; rules by tag alone are tested on the scope's elements of those
    tags in one pass; the rest are joined into one XPath union, so the page is walked once for
    all of them instead of once per selector.
    """

    def __init__(self, selectors: Iterable[Selector]) -> None:
        selectors = list(selectors)
        self.indexed = tuple(s for s in selectors if s.rule is not None and (
            s.rule.classes or s.rule.id or s.rule.tag or s.rule.substring or s.rule.attr))
        rest = [s for s in selectors if s not in self.indexed]
        self.union: etree.XPath | None = None
        if rest:
            css = ", ".join(s.css for s in rest)
            self.union = etree.XPath(GenericTranslator().css_to_xpath(css, prefix="descendant-or-self::"))
        # Rules answered from the index, by the class or id whose list they take candidates
        # from (the page's keys select the few present); rules by tag alone, tested on the
        # scope's elements of those tags; descendant rules, queried one by one.
        self.on_class: dict[str, list[Rule]] = {}
        self.on_id: dict[str, list[Rule]] = {}
        self.on_attr: dict[str, list[Selector]] = {}
        self.on_substring: list[Rule] = []
        self.by_tag: dict[str, list[Rule]] = {}
        for sel in self.indexed:
            r = sel.rule
            if r.ancestor is not None:
                continue
            if not (r.tag or r.classes or r.id or r.substring):
                self.on_attr.setdefault(r.attr, []).append(sel)
            elif r.substring:
                self.on_substring.append(r)
            elif r.id:
                self.on_id.setdefault(r.id, []).append(r)
            elif r.classes:
                self.on_class.setdefault(min(r.classes), []).append(r)
            else:
                self.by_tag.setdefault(r.tag, []).append(r)
        self.descendant = tuple(s for s in self.indexed if s.rule.ancestor is not None)

    def select(self, root: Any, index: DocIndex) -> list[Any]:
        """Every element at or below ``root`` that matches any of the selectors."""
        candidates: list[tuple[Rule, list[Any]]] = []
        for key in self.on_class.keys() & index.by_class.keys():
            candidates.extend((r, index.by_class[key]) for r in self.on_class[key])
        for key in self.on_id.keys() & index.by_id.keys():
            candidates.extend((r, index.by_id[key]) for r in self.on_id[key])
        candidates.extend((r, index.by_substring.get(r.substring, [])) for r in self.on_substring)
        found = []
        for name, sels in self.on_attr.items():
            if name in index.spec.attrs:
                candidates.extend((sel.rule, index.by_attr.get(name, [])) for sel in sels)
            else:  # an index built without it: ask each selector
                found.extend(el for sel in sels for el in index.select(sel, root))
        for rule, pool in candidates:
            exact = rule.indexed_exactly
            for el in pool:
                if (exact or rule.matches(el, *_parts(el))) and within(el, root):
                    found.append(el)
        if self.by_tag:
            for el in root.iter(*self.by_tag):
                for rule in self.by_tag[el.tag]:
                    # (the attribute first: "div[role=banner]" passes over every other div)
                    if (rule.attr is None or el.get(rule.attr) is not None) and rule.matches(el, *_parts(el)):
                        found.append(el)
                        break
        for sel in self.descendant:
            found.extend(index.select(sel, root))
        if self.union is not None:
            found.extend(self.union(root))
        return found
