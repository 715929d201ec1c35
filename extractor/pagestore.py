"""Parsed pages remembered next to a crawl cache, so an unchanged page is never parsed twice.

A page model is stored under a key made of the response (final URL, content type, body) and a
fingerprint of everything that shapes the model: the site profile's selectors and the
extraction code and data. Change any of them and the key changes, so a stale model is never
served. Entries are JSON, written atomically; a damaged entry is parsed afresh and replaced.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from extractor.fsutil import atomic_write_text
from extractor.model import Block, Fetched, NavItem, Page, Span
from extractor.profile import SELECTOR_KEYS, Profile

# Modules and data whose change changes the page model: the parse stage and language detection
# with every module of ours they import (errors and config excepted; tests/test_pagestore.py
# checks the list against the imports).
_MODEL_SOURCES = ("model.py", "parse.py", "pagemeta.py", "blocks.py", "inline.py", "nav.py",
                  "selectors.py", "decode.py", "dates.py", "text.py", "langid.py", "accel.py",
                  "charsets.py", "urls.py", "profile.py")
_MODEL_DATA = ("langid",)


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """Hash of the extraction code and data as installed (computed once per process)."""
    digest = hashlib.sha256()
    package = resources.files("extractor")
    for name in _MODEL_SOURCES:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes())
    for folder in _MODEL_DATA:
        for item in sorted((package / "data" / folder).iterdir(), key=lambda p: p.name):
            if item.is_file():
                digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()


def profile_fingerprint(profile: Profile) -> str:
    """Hash of a profile's selectors: what decides which parts of a page are read."""
    parts = [profile.name]
    for key in SELECTOR_KEYS:
        parts.append(key + "=" + "|".join(s.css for s in getattr(profile, key)))
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def page_to_json(page: Page) -> dict[str, Any]:
    """The whole page model (spans, encoding and footer included) as JSON-ready data."""
    data = asdict(page)
    data["alternates"] = dict(page.alternates)
    return data


def _nav(d: dict[str, Any]) -> NavItem:
    return NavItem(label=d["label"], url=d["url"], description=d["description"],
                   children=tuple(_nav(c) for c in d["children"]))


def page_from_json(d: dict[str, Any]) -> Page:
    """Inverse of :func:`page_to_json`."""
    blocks = tuple(
        Block(type=b["type"], text=b["text"], lang=b["lang"], anchor=b["anchor"], path=b["path"],
              lang_declared=b["lang_declared"],
              spans=tuple(Span(s["kind"], s["start"], s["end"], s["tag"],
                               tuple(tuple(a) for a in s["attrs"])) for s in b["spans"]))
        for b in d["blocks"])
    return Page(source=d["source"], url=d["url"], lang=d["lang"], title=d["title"], date=d["date"],
                nav=tuple(_nav(n) for n in d["nav"]), breadcrumbs=tuple(d["breadcrumbs"]),
                blocks=blocks, alternates=dict(d["alternates"]), encoding=d["encoding"],
                encoding_source=d["encoding_source"], footer=tuple(d["footer"]))


class PageStore:
    """Page models of one crawl cache (``<cache>/parsed/``), for one profile.

    The code fingerprint is computed once per process, the profile's once per store.
    """

    def __init__(self, directory: str | Path, profile: Profile) -> None:
        self.directory = Path(directory) / "parsed"
        self.salt = (_code_fingerprint() + profile_fingerprint(profile)).encode("ascii")

    def key(self, fetched: Fetched) -> str:
        digest = hashlib.sha256(self.salt)
        for part in (fetched.url, fetched.headers.get("content-type", "")):
            digest.update(b"\0" + part.encode("utf-8"))
        digest.update(b"\0" + fetched.body)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def lookup(self, fetched: Fetched) -> tuple[str, Page | None]:
        """This response's key, and its stored model or None (never stored, or damaged).

        The key is hashed from the whole body once: give it back to :meth:`put` on a miss.
        """
        key = self.key(fetched)
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            return key, page_from_json(data)
        except (OSError, ValueError, KeyError, TypeError):
            return key, None

    def put(self, key: str, page: Page) -> None:
        """Remember ``page`` under ``key`` (from :meth:`lookup`); a store that cannot be
        written (read-only cache) only costs a parse next time, so that is not an error."""
        text = json.dumps(page_to_json(page), ensure_ascii=False, sort_keys=True)
        try:
            atomic_write_text(self._path(key), text + "\n")
        except OSError:
            pass
