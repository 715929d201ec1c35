"""Atomic writes: the one way user-visible files are written."""
from __future__ import annotations

import os

import pytest

from extractor.fsutil import atomic_write_text


def test_atomic_writes_get_ordinary_file_permissions(tmp_path) -> None:
    target = tmp_path / "site.po"
    atomic_write_text(target, "x")
    umask = os.umask(0o022)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    target.chmod(0o640)
    atomic_write_text(target, "y")
    assert target.stat().st_mode & 0o777 == 0o640 and target.read_text() == "y"


def test_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch) -> None:
    target = tmp_path / "content.po"
    atomic_write_text(target, "old")

    def boom(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["content.po"]
