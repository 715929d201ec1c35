"""Syncing from a crawl cache: pages parsed once, kept in the cache's page store."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from extractor.cli import main
from extractor.extract import ExtractOptions, extract_sources
from extractor.fetch import CrawlOptions, crawl
from extractor.pagestore import _MODEL_SOURCES, page_from_json, page_to_json
from extractor.parse import parse_file
from extractor.po import read_po
from extractor.profile import load_profile

ROOT = Path(__file__).resolve().parents[1]


def _imported_modules(name: str, seen: set[str]) -> set[str]:
    """``name`` and every module of the package it imports, directly or not (as file names)."""
    path = ROOT / "extractor" / name
    if name in seen or not path.is_file():
        return seen
    seen.add(name)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("extractor."):
            _imported_modules(node.module.split(".", 1)[1] + ".py", seen)
    return seen


def test_stored_models_are_keyed_by_every_module_that_shapes_them() -> None:
    shaping = _imported_modules("parse.py", set()) | _imported_modules("langid.py", set())
    assert shaping - {"errors.py", "config.py"} <= set(_MODEL_SOURCES)


@pytest.mark.parametrize("path", sorted((ROOT / "fixtures" / "site").rglob("*.html")), ids=lambda p: p.name)
def test_page_model_survives_the_store_unchanged(path: Path) -> None:
    page = parse_file(path, load_profile("iom-drupal"))
    assert page_from_json(page_to_json(page)) == page


@pytest.fixture()
def crawled(live_fixture_site_server, tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    report = crawl([live_fixture_site_server.url("/id")],
                   CrawlOptions(cache_dir=cache, delay=0.0, timeout=2.0, retries=1, backoff=0.05, concurrency=2))
    assert report.fetched > 10
    return cache


def test_second_extract_of_a_cache_parses_nothing(crawled: Path) -> None:
    first = extract_sources([], ExtractOptions(cache=str(crawled)))
    second = extract_sources([], ExtractOptions(cache=str(crawled)))
    assert first.reused == 0 and second.reused == len(second.pages) == len(first.pages)
    assert second.pages == first.pages


def test_damaged_stored_page_is_parsed_again(crawled: Path) -> None:
    first = extract_sources([], ExtractOptions(cache=str(crawled)))
    victim = next((crawled / "parsed").rglob("*.json"))
    victim.write_text("{ not json", encoding="utf-8")
    again = extract_sources([], ExtractOptions(cache=str(crawled)))
    assert again.reused == len(first.pages) - 1 and again.pages == first.pages


@pytest.fixture()
def project(crawled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder, made the working directory, whose only source is the crawl cache."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(f'[tool.extractor]\nsources = []\ncache = "{crawled}"\n',
                                            encoding="utf-8")
    monkeypatch.chdir(project)
    return project


def test_sync_from_a_crawl_catalogues_the_indonesian_pages_only(project: Path) -> None:
    assert main(["sync"]) == 0
    po = project / "locales" / "en" / "LC_MESSAGES" / "content.po"
    msgids = {e.msgid for e in read_po(po).entries}
    assert "Siapa Kami" in msgids and "Who We Are" not in msgids
    before = po.stat().st_mtime_ns
    assert main(["sync", "--check"]) == 0
    assert main(["sync"]) == 0 and po.stat().st_mtime_ns == before


def test_prefill_from_a_crawl_takes_the_english_twins_from_the_cache(project: Path) -> None:
    assert main(["sync", "--prefill"]) == 0
    site = {e.msgid: e for e in read_po(project / "locales" / "en" / "LC_MESSAGES" / "site.po").entries}
    assert site["Siapa Kami"].msgstr == "Who We Are" and site["Siapa Kami"].fuzzy
