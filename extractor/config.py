"""Configuration: frozen dataclasses and the loader for pyproject.toml's `[tool.extractor]`.

No module state: callers load a Config and pass it down. Unknown keys are errors, so a
misspelled option never goes unnoticed.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

from extractor.errors import ConfigError
from extractor.model import SEGMENT_ROLES


@dataclass(frozen=True)
class Domains:
    """Catalogue (gettext domain) names: site chrome repeats on every page, content does not."""

    chrome: str = "site"
    content: str = "content"


@dataclass(frozen=True)
class Config:
    """Everything `extractor sync` and friends need to know about a project.

    Paths are relative to ``root`` (the folder holding pyproject.toml) until resolved with
    :meth:`path`.
    """

    root: Path = field(default_factory=Path.cwd)
    sources: tuple[str, ...] = ("fixtures/site/id",)
    # A crawl cache to sync from as well (optional).
    cache: str | None = None
    locales: str = "locales"
    source_lang: str = "id"
    target_lang: str = "en"
    profile: str = "iom-drupal"
    domains: Domains = field(default_factory=Domains)
    prefill_threshold: float = 0.6
    project_name: str = "extractor"
    # Roles (menu, breadcrumb, title, footer, heading, ...) whose strings get a msgctxt because
    # their English differs from the same Indonesian text elsewhere on the site.
    context_roles: tuple[str, ...] = ()
    # Site profiles defined inline: [tool.extractor.profiles.NAME] tables of CSS selectors.
    profiles: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def path(self, relative: str | Path) -> Path:
        """Resolve a configured path against the project root."""
        p = Path(relative)
        return p if p.is_absolute() else self.root / p


# Keys config_from_mapping checks one by one; every other field but root is a plain scalar.
_STRUCTURED_KEYS = frozenset({"sources", "domains", "context_roles", "profiles"})
_SCALAR_KEYS = {f.name for f in fields(Config)} - {"root"} - _STRUCTURED_KEYS
# A string's role: the site chrome it comes from, or its block's type.
_ROLES = frozenset(SEGMENT_ROLES)


def load_config(pyproject: str | Path | None = None) -> Config:
    """Read `[tool.extractor]` from ``pyproject`` (default: ./pyproject.toml, if present).

    A missing file or section gives the defaults; a malformed file or an unknown key raises
    ConfigError naming the file.
    """
    path = Path(pyproject) if pyproject else Path.cwd() / "pyproject.toml"
    if not path.exists():
        if pyproject:
            raise ConfigError("no such configuration file", str(path))
        return Config(root=path.parent.resolve())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from exc
    section = data.get("tool", {}).get("extractor", {})
    return config_from_mapping(section, root=path.parent.resolve(), where=str(path))


def config_from_mapping(section: dict[str, Any], root: Path, where: str = "[tool.extractor]") -> Config:
    """Build a Config from a parsed `[tool.extractor]` table, rejecting unknown keys."""
    known = _SCALAR_KEYS | _STRUCTURED_KEYS
    unknown = sorted(set(section) - known)
    if unknown:
        raise ConfigError(f"unknown key(s) in [tool.extractor]: {', '.join(unknown)}", where)
    kwargs: dict[str, Any] = {k: section[k] for k in _SCALAR_KEYS if k in section}
    if "sources" in section:
        sources = section["sources"]
        if isinstance(sources, str):
            sources = [sources]
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            raise ConfigError("sources must be a list of strings", where)
        kwargs["sources"] = tuple(sources)
    if "domains" in section:
        dom = section["domains"]
        bad = sorted(set(dom) - {"chrome", "content"})
        if bad:
            raise ConfigError(f"unknown key(s) in [tool.extractor.domains]: {', '.join(bad)}", where)
        kwargs["domains"] = Domains(**dom)
    if "profiles" in section:
        tables = section["profiles"]
        if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
            raise ConfigError("profiles must be tables: [tool.extractor.profiles.NAME]", where)
        kwargs["profiles"] = {name: dict(table, name=table.get("name", name)) for name, table in tables.items()}
    if "context_roles" in section:
        roles = section["context_roles"]
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise ConfigError("context_roles must be a list of role names", where)
        unknown_roles = sorted(set(roles) - _ROLES)
        if unknown_roles:
            raise ConfigError(f"unknown role(s) in context_roles: {', '.join(unknown_roles)} "
                              f"(roles: {', '.join(sorted(_ROLES))})", where)
        kwargs["context_roles"] = tuple(sorted(set(roles)))
    if "prefill_threshold" in kwargs:
        t = kwargs["prefill_threshold"]
        if not isinstance(t, (int, float)) or not 0 <= t <= 1:
            raise ConfigError("prefill_threshold must be a number from 0 to 1", where)
        kwargs["prefill_threshold"] = float(t)
    return Config(root=root, **kwargs)
