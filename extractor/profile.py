"""Site profiles: which parts of a theme's markup are navigation, breadcrumbs, article, body.

A profile is data (TOML): a built-in one under extractor/data/profiles/, a file path, or a table
in pyproject.toml. Every profile extends the generic one, so a theme that matches none of its
own selectors still extracts through the semantic fallbacks.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from extractor.config import Config
from extractor.errors import ConfigError
from extractor.selectors import IndexSpec, Matcher, Selector, SelectorSyntaxError, compile_selector

# The profile keys that hold CSS selectors (every key but name and description).
SELECTOR_KEYS = ("nav", "nav_description", "breadcrumbs", "main", "article", "title", "date", "body",
                 "footer", "boilerplate", "meta", "language_switcher")
# For every key the generic selectors are appended after the profile's own: for the
# first-match keys they are fallbacks, for boilerplate and meta the union is removed.


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    nav: tuple[Selector, ...]
    nav_description: tuple[Selector, ...]
    breadcrumbs: tuple[Selector, ...]
    main: tuple[Selector, ...]
    article: tuple[Selector, ...]
    title: tuple[Selector, ...]
    date: tuple[Selector, ...]
    body: tuple[Selector, ...]
    footer: tuple[Selector, ...]
    boilerplate: tuple[Selector, ...]
    meta: tuple[Selector, ...]
    language_switcher: tuple[Selector, ...]
    # boilerplate and meta as unions tested element by element while blocks are read.
    boilerplate_any: Matcher | None = None
    meta_any: Matcher | None = None
    # What a DocIndex of a page must hold to answer the selectors.
    index: IndexSpec = IndexSpec()


def _compile(css: str, where: str) -> Selector:
    try:
        return compile_selector(css)
    except SelectorSyntaxError as exc:
        raise ConfigError(str(exc), where) from exc


def _read_builtin(name: str) -> tuple[dict[str, Any], str]:
    ref = resources.files("extractor") / "data" / "profiles" / f"{name}.toml"
    if not ref.is_file():
        raise ConfigError(f"unknown site profile {name!r} (built-in: {', '.join(builtin_profiles())})")
    return tomllib.loads(ref.read_text(encoding="utf-8")), f"profile {name}"


def builtin_profiles() -> list[str]:
    folder = resources.files("extractor") / "data" / "profiles"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def profile_from_mapping(data: dict[str, Any], where: str) -> Profile:
    """Build a Profile from a TOML table, layered over the generic profile."""
    unknown = sorted(set(data) - set(SELECTOR_KEYS) - {"name", "description"})
    if unknown:
        raise ConfigError(f"unknown profile key(s): {', '.join(unknown)}", where)
    generic, _ = _read_builtin("generic")
    values: dict[str, Any] = {"name": data.get("name", "custom"), "description": data.get("description", "")}
    for key in SELECTOR_KEYS:
        own = data.get(key, [])
        if not isinstance(own, list) or not all(isinstance(s, str) for s in own):
            raise ConfigError(f"profile key {key!r} must be a list of CSS selectors", where)
        merged = list(dict.fromkeys(own + generic.get(key, [])))
        values[key] = tuple(_compile(css, where) for css in merged)
    values["index"] = IndexSpec.of(sel.rule for key in SELECTOR_KEYS for sel in values[key] if sel.rule is not None)
    values["boilerplate_any"] = Matcher(values["boilerplate"])
    values["meta_any"] = Matcher(values["meta"])
    return Profile(**values)


def profile_for(config: Config) -> Profile | str:
    """The configured profile: an inline ``[tool.extractor.profiles.NAME]`` table, a TOML file
    relative to the project, or a built-in name (left for :func:`load_profile`)."""
    if config.profile in config.profiles:
        return profile_from_mapping(dict(config.profiles[config.profile]),
                                    f"[tool.extractor.profiles.{config.profile}]")
    path = config.path(config.profile)
    return str(path) if path.is_file() else config.profile


@lru_cache(maxsize=16)
def load_profile(name_or_path: str = "generic") -> Profile:
    """A built-in profile by name (``iom-drupal``, ``generic``) or a TOML file by path.

    Cached: profiles are immutable and compiling selectors costs more than parsing a page.
    """
    path = Path(name_or_path)
    if name_or_path.endswith(".toml") or path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError("no such profile file", str(path)) from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", str(path)) from exc
        return profile_from_mapping(data, str(path))
    data, where = _read_builtin(name_or_path)
    return profile_from_mapping(data, where)


def resolve_profile(profile: Profile | str) -> Profile:
    """``profile`` itself, or the built-in profile or TOML file it names (:func:`load_profile`)."""
    return profile if isinstance(profile, Profile) else load_profile(profile)
