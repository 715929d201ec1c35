"""Reading PO/POT files strictly: every syntax error is a CatalogueError naming file and line."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from extractor.errors import CatalogueError
from extractor.pomodel import Catalogue, Entry

_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?:\s+|(?="))(.*)$')
_UNESCAPE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
             "\\": "\\", '"': '"', "?": "?", "'": "'"}
_ESCAPE_RE = re.compile(r'\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)')


def _unquote(token: str, where: str, line: int) -> str:
    token = token.strip()
    if not token.startswith('"'):
        raise CatalogueError("expected a quoted string", where, line)
    if len(token) < 2 or not token.endswith('"'):
        raise CatalogueError("unterminated string", where, line)
    body = token[1:-1]
    if "\\" not in body:
        if '"' in body:
            raise CatalogueError("unescaped double quote inside a string", where, line)
        return body

    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if code in _UNESCAPE:
            return _UNESCAPE[code]
        if code[0] == "x" and len(code) > 1:
            return chr(int(code[1:], 16))
        if code[0] in "01234567":
            return chr(int(code, 8))
        raise CatalogueError(f"invalid escape sequence \\{code}", where, line)

    if re.search(r'(?<!\\)(?:\\\\)*"', body):
        raise CatalogueError("unescaped double quote inside a string", where, line)
    if re.search(r'(?<!\\)(?:\\\\)*\\$', body):
        raise CatalogueError("unterminated string", where, line)
    return _ESCAPE_RE.sub(one, body)


class _Builder:
    """Collects the lines of one entry while reading."""

    def __init__(self) -> None:
        self.translator: list[str] = []
        self.extracted: list[str] = []
        self.references: list[str] = []
        self.flags: list[str] = []
        self.fields: dict[str, str] = {}
        self.previous: dict[str, str] = {}
        self.plural: dict[int, str] = {}
        self.obsolete: bool | None = None
        self.line = 0
        self.last: tuple[str, str | int] | None = None  # (kind, field) for continuation lines

    @property
    def has_message(self) -> bool:
        return "msgid" in self.fields

    @property
    def has_anything(self) -> bool:
        return bool(self.translator or self.extracted or self.references or self.flags
                    or self.fields or self.previous or self.plural)


def _split_flags(text: str) -> list[str]:
    return [f.strip() for f in text.split(",") if f.strip()]


def parse_po(text: str, where: str = "<string>") -> Catalogue:
    """Parse PO/POT text into a Catalogue.

    Raises CatalogueError(message, where, line) on any syntax error: an unknown keyword, a
    string that is not properly quoted or escaped, a msgstr without msgid, a duplicate
    message, a plural entry without msgstr[N] and so on.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").split("\n")
    entries: list[Entry] = []
    header: Catalogue | None = None
    seen: dict[tuple[bool, str | None, str], int] = {}
    b = _Builder()

    def finish(at: int) -> None:
        nonlocal b, header
        if not b.has_anything:
            b = _Builder()
            return
        if not b.has_message:
            if b.fields or b.plural:
                raise CatalogueError("msgstr without msgid", where, b.line or at)
            # Trailing comments with no message: gettext ignores them too.
            b = _Builder()
            return
        f = b.fields
        plural = f.get("msgid_plural")
        if plural is None and b.plural:
            raise CatalogueError("msgstr[N] without msgid_plural", where, b.line)
        if plural is not None and not b.plural:
            raise CatalogueError("msgid_plural without msgstr[N]", where, b.line)
        if plural is None and "msgstr" not in f:
            raise CatalogueError("missing msgstr", where, b.line)
        obsolete = bool(b.obsolete)
        if f["msgid"] == "" and f.get("msgctxt") is None and not obsolete:
            if header is not None:
                raise CatalogueError("duplicate header entry", where, b.line)
            header = Catalogue(header=_parse_header(f.get("msgstr", "")),
                               header_comments=tuple(b.translator), header_flags=tuple(b.flags))
            b = _Builder()
            return
        k = (obsolete, f.get("msgctxt"), f["msgid"])
        if k in seen:
            raise CatalogueError(f"duplicate message definition (first at line {seen[k]})",
                                 where, b.line)
        seen[k] = b.line
        refs = list(dict.fromkeys(b.references))
        entries.append(Entry(
            msgid=f["msgid"], msgstr=f.get("msgstr", ""), msgctxt=f.get("msgctxt"),
            msgid_plural=plural,
            msgstr_plural=tuple(sorted(b.plural.items())) if plural is not None else (),
            flags=tuple(b.flags), references=tuple(refs),
            extracted_comments=tuple(b.extracted), translator_comments=tuple(b.translator),
            previous_msgctxt=b.previous.get("msgctxt"), previous_msgid=b.previous.get("msgid"),
            previous_msgid_plural=b.previous.get("msgid_plural"),
            obsolete=obsolete, line=b.line))
        b = _Builder()

    for n, raw in enumerate(lines, 1):
        line = raw.rstrip(" \t\r")
        if not line:
            continue
        obsolete = False
        previous = False
        body = line
        if body.startswith("#~"):
            obsolete = True
            body = body[2:].lstrip(" ")
            if body.startswith("|"):
                previous = True
                body = body[1:].lstrip(" ")
        elif body.startswith("#|"):
            previous = True
            body = body[2:].lstrip(" ")
        elif body.startswith("#"):
            if b.has_message and ("msgstr" in b.fields or b.plural):
                finish(n)
            kind, rest = body[1:2], body[2:]
            if kind == ".":
                b.extracted.append(rest[1:] if rest.startswith(" ") else rest)
            elif kind == ":":
                b.references.extend(rest.split())
            elif kind == ",":
                b.flags.extend(f for f in _split_flags(rest) if f not in b.flags)
            else:
                rest = body[1:]
                b.translator.append(rest[1:] if rest.startswith(" ") else rest)
            b.last = None
            continue
        if not body:
            continue
        if body.startswith('"'):
            if b.last is None:
                raise CatalogueError("string continuation without a keyword", where, n)
            kind, name = b.last
            value = _unquote(body, where, n)
            if kind == "prev":
                b.previous[str(name)] += value
            elif kind == "plural":
                b.plural[int(name)] += value
            else:
                b.fields[str(name)] += value
            continue
        m = _KEYWORD.match(body)
        if not m:
            word = body.split()[0]
            raise CatalogueError(f"unknown keyword {word!r}", where, n)
        name, index, token = m.group(1), m.group(2), m.group(3)
        value = _unquote(token, where, n)
        if previous:
            if name not in ("msgctxt", "msgid", "msgid_plural"):
                raise CatalogueError(f"{name} is not allowed in a #| comment", where, n)
            if b.has_message and ("msgstr" in b.fields or b.plural):
                finish(n)
            b.previous[name] = value
            b.last = ("prev", name)
            continue
        if name in ("msgctxt", "msgid") and (
                "msgstr" in b.fields or b.plural or (name == "msgctxt" and b.has_message)):
            finish(n)
        if b.obsolete is None or name in ("msgctxt", "msgid") and not b.fields:
            b.obsolete = obsolete
        elif b.obsolete != obsolete:
            raise CatalogueError("obsolete and active lines mixed in one entry", where, n)
        if name in ("msgctxt", "msgid") and not b.fields:
            b.line = n
        if name == "msgctxt":
            if "msgctxt" in b.fields:
                raise CatalogueError("duplicate msgctxt", where, n)
        elif name == "msgid":
            if "msgid" in b.fields:
                raise CatalogueError("duplicate msgid", where, n)
        elif not b.has_message:
            raise CatalogueError(f"{name} without msgid", where, n)
        elif name == "msgid_plural" and ("msgid_plural" in b.fields or "msgstr" in b.fields):
            raise CatalogueError("misplaced msgid_plural", where, n)
        if index is not None:
            i = int(index)
            if i in b.plural:
                raise CatalogueError(f"duplicate msgstr[{i}]", where, n)
            b.plural[i] = value
            b.last = ("plural", i)
        else:
            if name == "msgstr" and ("msgstr" in b.fields or b.plural):
                raise CatalogueError("duplicate msgstr", where, n)
            b.fields[name] = value
            b.last = ("field", name)
    finish(len(lines))
    base = header or Catalogue()
    return replace(base, entries=tuple(entries))


def _parse_header(msgstr: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for line in msgstr.split("\n"):
        if not line:
            continue
        name, sep, value = line.partition(":")
        out.append((name.strip(), value.strip()) if sep else (line, ""))
    return tuple(out)


def _decode(data: bytes, where: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        m = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data)
        charset = m.group(1).decode("ascii") if m else "utf-8"
        if charset.lower().replace("_", "-") not in ("utf-8", "utf8", "charset"):
            try:
                return data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass
        line = data.count(b"\n", 0, exc.start) + 1
        raise CatalogueError(f"invalid {charset} byte sequence", where, line) from exc


def parse_po_bytes(data: bytes, where: str = "<bytes>") -> Catalogue:
    """Parse the bytes of a PO/POT file (UTF-8, else the charset its header names)."""
    return parse_po(_decode(data, where), where)


def read_po(path: str | Path) -> Catalogue:
    """Read a PO/POT file; a missing, unreadable or malformed file raises CatalogueError."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise CatalogueError("no such file", str(p)) from exc
    except OSError as exc:
        raise CatalogueError(f"cannot read: {exc.strerror}", str(p)) from exc
    return parse_po_bytes(data, str(p))
