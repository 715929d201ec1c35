"""GNU gettext as a test oracle: msgcat's rewrite of a file and msgfmt's check of it.

Test modules import this as ``gettext_tools`` (pytest puts tests/ on sys.path, as for
``from test_report import ...``).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

needs_gettext = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("msgcat", "msgfmt", "msgmerge", "msgunfmt")),
    reason="GNU gettext not installed")


def _msgcat(path: Path, text: bool) -> subprocess.CompletedProcess:
    done = subprocess.run(["msgcat", str(path)], capture_output=True, text=text, timeout=60)
    assert done.returncode == 0, done.stderr
    return done


def msgcat(path: Path) -> str:
    """What msgcat writes for ``path``, as text."""
    return _msgcat(path, text=True).stdout


def msgcat_bytes(path: Path) -> bytes:
    """What msgcat writes for ``path``, byte for byte."""
    return _msgcat(path, text=False).stdout


def msgfmt_check(path: Path) -> str:
    """Assert that ``msgfmt -c`` accepts ``path``; return its warnings (stderr)."""
    done = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stderr


def assert_gettext_clean(path: Path) -> None:
    """msgfmt -c accepts the file (a .po without a warning) and msgcat writes it back byte for byte."""
    warnings = msgfmt_check(path)
    if path.suffix == ".po":
        assert warnings == "", warnings
    assert msgcat_bytes(path) == path.read_bytes()
