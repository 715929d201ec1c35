"""Word lists the checks rely on, loaded from extractor/data/check (one place for each list).

- ``id_words.txt``: common Indonesian words, lower case. Used to tell a capitalised ordinary
  word (Kementerian, Timur, Senin) from a name, and to measure how Indonesian a text is.
- ``en_words.txt``: common English function words, for the same measure on the English side.
- ``acronyms.tsv``: Indonesian acronyms English writes differently (``PBB<TAB>UN|United Nations``).
- ``names.tsv``: proper names English spells differently (``Jepang<TAB>Japan|Japanese``).
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Mapping

from extractor.errors import ConfigError


@dataclass(frozen=True)
class Lexicon:
    """Immutable word lists; build once with :meth:`load` and pass down."""

    id_words: frozenset[str]
    en_words: frozenset[str]
    acronyms: Mapping[str, tuple[str, ...]]
    names: Mapping[str, tuple[str, ...]]

    @classmethod
    def load(cls) -> "Lexicon":
        """Read the packaged lists; a malformed line raises ConfigError naming file and line."""
        return cls(
            id_words=frozenset(_words("id_words.txt")),
            en_words=frozenset(_words("en_words.txt")),
            acronyms=MappingProxyType(_table("acronyms.tsv")),
            names=MappingProxyType(_table("names.tsv")),
        )


def _lines(name: str) -> list[tuple[int, str]]:
    text = resources.files("extractor").joinpath("data", "check", name).read_text(encoding="utf-8")
    return [
        (n, line.strip())
        for n, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _words(name: str) -> list[str]:
    return [word.lower() for _, line in _lines(name) for word in line.split()]


def _table(name: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for n, line in _lines(name):
        key, sep, forms = line.partition("\t")
        if not sep or not forms.strip():
            raise ConfigError("expected KEY<TAB>form|form", f"extractor/data/check/{name}", n)
        table[key.strip()] = tuple(f.strip() for f in forms.split("|") if f.strip())
    return table
