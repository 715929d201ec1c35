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


PROMO_PAGE = ('<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>T</title></head><body>'
              '<main><article><h1>Judul</h1><p>Isi berita hari ini.</p>'
              '<div class="promo"><p>Iklan promosi.</p></div></article></main></body></html>')


def test_inline_profile_in_pyproject_is_used_by_extract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    import json

    page = tmp_path / "page.html"
    page.write_text(PROMO_PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    write(tmp_path, 'profile = "mytheme"\n[tool.extractor.profiles.mytheme]\nboilerplate = [".promo"]\n')
    assert main(["extract", str(page), "--format", "json"]) == 0
    texts = [b["text"] for b in json.loads(capsys.readouterr().out)["pages"][0]["blocks"]]
    assert texts == ["Isi berita hari ini."]
    assert main(["extract", str(page), "--format", "json", "--profile", "generic"]) == 0
    texts = [b["text"] for b in json.loads(capsys.readouterr().out)["pages"][0]["blocks"]]
    assert "Iklan promosi." in texts


def test_inline_profile_with_a_bad_selector_names_its_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(PROMO_PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    write(tmp_path, 'profile = "broken"\n[tool.extractor.profiles.broken]\nbody = ["div[[["]\n')
    assert main(["extract", str(page)]) == 1
    assert "[tool.extractor.profiles.broken]" in capsys.readouterr().err
