"""Atomic file writes: the one place that writes user-visible files.

A write goes to a temporary file in the same folder, is flushed and fsynced, then renamed over
the target, so a crash never leaves a half-written catalogue, report or cache entry.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from extractor.errors import ExtractorError


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temp file + fsync + rename).

    The temp file is created with mode 0666 so the process umask applies, as for a plain
    open() (mkstemp's 0600 would hide catalogues from the group); an existing file's mode is
    kept. The umask is never set, so threads writing at the same time cannot race on it.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(6)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            os.chmod(tmp, target.stat().st_mode & 0o777)
        except FileNotFoundError:
            pass
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write UTF-8 ``text`` atomically; newlines are written as given."""
    atomic_write_bytes(path, text.encode("utf-8"))


def write_if_changed(path: str | Path, data: bytes, *,
                     error: type[ExtractorError] = ExtractorError) -> bool:
    """Write ``data`` to ``path`` atomically unless the file already holds exactly those bytes.

    Returns whether the file was written (an unchanged file keeps its mtime). A file that cannot
    be read or written raises ``error`` (an :class:`ExtractorError` subclass) naming ``path``.
    """
    target = Path(path)
    try:
        if target.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", str(target)) from exc
    try:
        atomic_write_bytes(target, data)
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror}", str(target)) from exc
    return True
