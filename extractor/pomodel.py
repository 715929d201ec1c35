"""The PO/POT data model: frozen Entry and Catalogue (no reading or writing here)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

# gettext 0.21's format languages, in the order msgcat writes their flags.
FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)


@dataclass(frozen=True)
class Entry:
    """One message. ``line`` is the 1-based line of its msgctxt/msgid in the file read (0: built)."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[tuple[int, str], ...] = ()
    flags: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    extracted_comments: tuple[str, ...] = ()
    translator_comments: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    obsolete: bool = False
    line: int = field(default=0, compare=False)
    previous_msgid_plural: str | None = None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def has_translation(self) -> bool:
        """True when some msgstr (or plural form) is non-empty, fuzzy or not."""
        if self.msgid_plural is not None:
            return any(s for _, s in self.msgstr_plural)
        return bool(self.msgstr)

    @property
    def translated(self) -> bool:
        """Counts as translated: a non-empty msgstr (every plural form), not fuzzy, not obsolete."""
        if self.fuzzy or self.obsolete:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(s for _, s in self.msgstr_plural)
        return bool(self.msgstr)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


@dataclass(frozen=True)
class Catalogue:
    """A whole PO/POT file: ordered header fields plus entries (header entry excluded)."""

    header: tuple[tuple[str, str], ...] = ()
    header_comments: tuple[str, ...] = ()
    header_flags: tuple[str, ...] = ()
    entries: tuple[Entry, ...] = ()

    def header_value(self, name: str) -> str | None:
        """The value of header field ``name`` (case-insensitive), or None when absent."""
        low = name.lower()
        for k, v in self.header:
            if k.lower() == low:
                return v
        return None

    def with_header(self, **fields: str) -> "Catalogue":
        """A copy with header fields set; ``Plural_Forms=...`` names ``Plural-Forms``.

        Existing fields keep their place; new ones are appended in the given order.
        """
        wanted = {k.replace("_", "-"): v for k, v in fields.items()}
        lowered = {k.lower(): k for k in wanted}
        out: list[tuple[str, str]] = []
        for k, v in self.header:
            if k.lower() in lowered:
                out.append((k, wanted.pop(lowered[k.lower()])))
            else:
                out.append((k, v))
        out.extend(wanted.items())
        return replace(self, header=tuple(out))

    @property
    def active(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if not e.obsolete)

    @property
    def obsolete(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.obsolete)
