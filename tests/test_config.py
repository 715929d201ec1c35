"""`[tool.extractor]` in pyproject.toml: defaults, validation, and what the keys change."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.config import load_config
from extractor.errors import ConfigError
from extractor.po import read_po

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.extractor]\n" + body, encoding="utf-8")
    return path


def test_missing_section_gives_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[project]\nname = 'x'\n", encoding="utf-8")
    config = load_config(path)
    assert (config.locales, config.source_lang, config.target_lang, config.context_roles) == ("locales", "id", "en", ())


def test_misspelled_key_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'locale = "l10n"\n')
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}: unknown key(s)") and "locale" in str(err.value)


def test_unknown_context_role_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown role"):
        load_config(write(tmp_path, 'context_roles = ["sidebar"]\n'))


def test_malformed_toml_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "sources = [\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(str(path))


def test_context_roles_give_those_strings_a_msgctxt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "fixtures" / "site" / "id", tmp_path / "site" / "id")
    write(tmp_path, 'sources = ["site/id"]\ncontext_roles = ["breadcrumb"]\n')
    monkeypatch.chdir(tmp_path)
    assert main(["sync"]) == 0
    site = read_po(tmp_path / "locales" / "en" / "LC_MESSAGES" / "site.po")
    crumbs = [e for e in site.entries if e.msgctxt == "breadcrumb"]
    assert any(e.msgid == "Beranda" for e in crumbs)
    assert all(e.msgctxt in (None, "breadcrumb") for e in site.entries)
