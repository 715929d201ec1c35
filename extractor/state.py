"""The sync state file (``locales/.extractor-state.json``): which page shows which string.

Written by ``extractor sync`` next to the catalogues and read by ``extractor report`` (pages and
sections) and by whoever rebuilds a translated page (the placeholders' attributes). Its JSON is
deterministic: sorted keys, no timestamps, so an unchanged site leaves it byte-identical.

Shape (version 1)::

    {"version": 1,
     "pages": [{"path", "source", "url", "title", "lang", "section", "counterpart",
                "strings": [{"domain", "msgctxt", "msgid", "lang", "anchor", "role"}],
                "new_or_changed": [msgid, ...]}],
     "placeholders": {"<path>:<anchor>": {"<n>": {"kind", "tag", "attrs": [[name, value]],
                                                  "empty", "whole"}}}}

A placeholder with ``"whole": true`` wraps the whole string and is not written in the msgid.

``new_or_changed`` lists a page's msgids that the last sync which changed the set of strings
added (on the first sync, all of them); a sync that changes nothing keeps the file as it is.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

from extractor.catalogue import PageRecord
from extractor.errors import CatalogueError

STATE_FILE = ".extractor-state.json"
STATE_VERSION = 1


def read_state(path: Path) -> dict[str, Any] | None:
    """The state a previous sync wrote, or None when there is none.

    A file that is not a version-1 state raises CatalogueError naming it.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"cannot read the sync state: {exc}", str(path)) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueError(f"sync state is not valid JSON: {exc.msg}", str(path), exc.lineno) from exc
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION \
            or not isinstance(data.get("pages"), list):
        raise CatalogueError(f'not a version {STATE_VERSION} sync state (no "pages" list)', str(path))
    return data


def _string_keys(state: dict[str, Any]) -> set[tuple[str, str | None, str]]:
    return {(s["domain"], s.get("msgctxt"), s["msgid"])
            for page in state.get("pages", []) for s in page.get("strings", [])}


def _without_news(state: dict[str, Any]) -> dict[str, Any]:
    return {**state, "pages": [{k: v for k, v in p.items() if k != "new_or_changed"}
                               for p in state.get("pages", [])]}


def build_state(records: Sequence[PageRecord], previous: dict[str, Any] | None) -> dict[str, Any]:
    """The state for ``records``; ``previous`` (the last state) decides ``new_or_changed``.

    When nothing but ``new_or_changed`` would differ from ``previous``, ``previous`` is returned
    as it is, so a second sync rewrites nothing.
    """
    known = _string_keys(previous) if previous is not None else set()
    current = {(s.domain, s.msgctxt, s.msgid) for r in records for s in r.strings}
    # Same strings as last time (only anchors, languages or markup moved): what was new then
    # is still the news; a string set that changed makes news of what it added.
    carried = None
    if previous is not None and current == known:
        carried = {p.get("path"): set(p.get("new_or_changed") or ()) for p in previous["pages"]}
    pages: list[dict[str, Any]] = []
    placeholders: dict[str, dict[str, Any]] = {}
    for r in records:
        strings = [{"domain": s.domain, "msgctxt": s.msgctxt, "msgid": s.msgid, "lang": s.lang,
                    "anchor": s.anchor, "role": s.role} for s in r.strings]
        if carried is not None:
            news = sorted(carried.get(r.path, set()) & {s.msgid for s in r.strings})
        else:
            news = sorted({s.msgid for s in r.strings
                           if (s.domain, s.msgctxt, s.msgid) not in known})
        pages.append({
            "path": r.path, "source": r.source, "url": r.url, "title": r.title, "lang": r.lang,
            "section": r.section, "counterpart": r.counterpart, "strings": strings,
            "new_or_changed": news,
        })
        for s in r.strings:
            if s.placeholders:
                placeholders[f"{r.path}:{s.anchor}"] = {
                    str(p.number): {"kind": p.kind, "tag": p.tag,
                                    "attrs": [list(a) for a in p.attrs], "empty": p.empty,
                                    "whole": p.whole}
                    for p in s.placeholders
                }
    state = {"version": STATE_VERSION, "pages": pages, "placeholders": placeholders}
    if previous is not None and _without_news(state) == _without_news(previous):
        return previous
    return state


def dump_state(state: dict[str, Any]) -> str:
    """The state as written to disk: sorted keys, one page and one placeholder set a line.

    A line per item keeps diffs readable and lets the C JSON encoder do the work (an indented
    dump goes through the pure-Python one, seconds on a thousand pages).
    """
    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    parts = []
    for key in sorted(state):
        value = state[key]
        if key == "pages" and isinstance(value, list):
            body = ",\n".join(one(p) for p in value)
            parts.append(f'"pages": [\n{body}\n]' if value else '"pages": []')
        elif key == "placeholders" and isinstance(value, dict):
            body = ",\n".join(f"{one(k)}: {one(value[k])}" for k in sorted(value))
            parts.append(f'"placeholders": {{\n{body}\n}}' if value else '"placeholders": {}')
        else:
            parts.append(f"{one(key)}: {one(value)}")
    return "{" + ",\n".join(parts) + "}\n"
