"""Tree walks that have a C version in the optional accelerator (extractor/_speedups.pyx).

Each function here is the pure-Python definition; when the accelerator was built (setup.py:
whenever pip finds a C compiler) the C version replaces it, with the same answers (the tests
compare both). EXTRACTOR_PURE_PYTHON=1 keeps the pure-Python ones.
"""
from __future__ import annotations

import os
from typing import Any

native: Any = None
if not os.environ.get("EXTRACTOR_PURE_PYTHON"):
    try:
        from extractor import _speedups as native
    except ImportError:  # installed without a compiler
        pass


def within(el: Any, scope: Any) -> bool:
    """True when ``el`` is ``scope`` or inside it."""
    if el is scope:
        return True
    for anc in el.iterancestors():
        if anc is scope:
            return True
    return False


def outermost(elements: list[Any]) -> list[Any]:
    """``elements`` without those inside another of them, in their order."""
    inside = [d for el in elements for d in el.iterdescendants()]
    nested = {id(d) for d in inside}  # `inside` holds the proxies: ids stay theirs
    return [el for el in elements if id(el) not in nested]


def getpath(el: Any) -> str:
    """The element's XPath in its document (lxml's ``getpath``)."""
    return el.getroottree().getpath(el)


if native is not None:
    within = native.within  # noqa: F811
    outermost = native.outermost  # noqa: F811

    def getpath(el: Any) -> str:  # noqa: F811
        # libxml2's xmlGetNodePath, which lxml calls, formats and copies at every step.
        path = native.getpath(el)
        return path if path is not None else el.getroottree().getpath(el)
