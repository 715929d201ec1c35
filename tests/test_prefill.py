"""Pre-fill: `extractor sync --prefill` suggests English from the aligned English twin pages."""
from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest

from extractor.align_pages import align_structured
from extractor.catalogue import prefill_notes
from extractor.cli import main
from extractor.config import load_config
from extractor.model import Segment, Span
from extractor.pairing import pair_pages
from extractor.parse import parse_file
from extractor.po import Entry, read_po, write_po
from extractor.prefill import TM_FILE, PrefillOptions, english_sources, suggestions_from_pairs
from extractor.profile import load_profile
from extractor.segment import segment_page

from gettext_tools import msgfmt_check

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "fixtures" / "site"
CLIMATE_ID = "id/news/perubahan-iklim-dan-bencana-picu-pengungsian-internal-di-indonesia.html"
CLIMATE_EN = "en/news/climate-change-and-disasters-drive-internal-displacement-indonesia.html"
LABOUR_EN = "en/news/bp2mi-and-iom-strengthen-protection-indonesian-migrant-workers-west-java.html"


def make_project(tmp: Path) -> Path:
    shutil.copytree(SITE, tmp / "site")
    (tmp / "pyproject.toml").write_text(
        '[tool.extractor]\nsources = ["site/id"]\nlocales = "locales"\nprefill_threshold = 0.6\n',
        encoding="utf-8")
    return tmp


def sync_prefill(project: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return main(["sync", "--prefill"])


def entries(project: Path, domain: str) -> dict[str, Entry]:
    cat = read_po(project / "locales" / "en" / "LC_MESSAGES" / f"{domain}.po")
    return {e.msgid: e for e in cat.active}


def prefill_note(e: Entry) -> str | None:
    return next(iter(prefill_notes(e)), None)


@pytest.fixture(scope="module")
def prefilled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("prefilled"))
    with pytest.MonkeyPatch.context() as mp:
        assert sync_prefill(project, mp) == 0
    return project


def test_menu_label_is_prefilled_fuzzy_with_the_english_page_and_score(prefilled: Path) -> None:
    e = entries(prefilled, "site")["Siapa Kami"]
    assert e.msgstr == "Who We Are"
    assert e.fuzzy
    note = prefill_note(e)
    assert note is not None and note.startswith("prefill: https://indonesia.iom.int/")
    score = float(note.rsplit("(score ", 1)[1].rstrip(")"))
    assert 0.6 <= score <= 1


def test_body_sentence_is_prefilled_with_its_english_sentence(prefilled: Path) -> None:
    e = entries(prefilled, "content")["Rata-rata lama tinggal di hunian sementara mencapai 2,7 tahun."]
    assert e.msgstr == "The average stay in temporary shelters reached 2.7 years."
    assert "news/climate-change-and-disasters-drive-internal-displacement-indonesia" in prefill_note(e)


def test_string_on_many_pages_has_one_memory_entry_with_its_best_score(prefilled: Path) -> None:
    memory = json.loads((prefilled / "locales" / TM_FILE).read_text(encoding="utf-8"))
    assert memory["Beranda"]["en"] == "Home"
    assert list(memory) == sorted(memory)
    # "Best": the memory keeps the highest of the scores "Beranda" gets on each page pair.
    profile = load_profile("iom-drupal")
    pages = {lang: [parse_file(f, profile) for f in sorted((prefilled / "site" / lang).rglob("*.html"))]
             for lang in ("id", "en")}
    scores = []
    for pair in pair_pages(pages["id"], pages["en"]).pairs:
        links = align_structured(segment_page(pair.source), segment_page(pair.target))
        found = suggestions_from_pairs(links, pair.target.url or pair.target.source).get("Beranda")
        if found is not None:
            scores.append(found.score)
    assert len(scores) > 1
    assert memory["Beranda"]["score"] == max(scores)


def test_prefilled_catalogues_pass_msgfmt_check(prefilled: Path) -> None:
    for domain in ("site", "content"):
        msgfmt_check(prefilled / "locales" / "en" / "LC_MESSAGES" / f"{domain}.po")


def test_report_counts_the_prefilled_entries(prefilled: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(prefilled)
    capsys.readouterr()
    main(["report", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    expected = sum(1 for d in ("site", "content") for e in entries(prefilled, d).values() if prefill_note(e))
    assert expected > 100
    assert sum(w["prefilled"] for w in data["words"]) == expected


def test_translator_msgstr_is_never_touched_and_rerun_is_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert main(["sync"]) == 0
    po = project / "locales" / "en" / "LC_MESSAGES" / "site.po"
    cat = read_po(po)
    mine = {"Siapa Kami": ("About Us", ()), "Berita": ("Newsroom", ("fuzzy",))}
    cat = replace(cat, entries=tuple(
        replace(e, msgstr=mine[e.msgid][0], flags=mine[e.msgid][1]) if e.msgid in mine else e
        for e in cat.entries))
    write_po(po, cat)
    assert sync_prefill(project, monkeypatch) == 0
    after = entries(project, "site")
    assert (after["Siapa Kami"].msgstr, after["Siapa Kami"].fuzzy) == ("About Us", False)
    assert (after["Berita"].msgstr, after["Berita"].fuzzy) == ("Newsroom", True)
    assert prefill_note(after["Siapa Kami"]) is None and prefill_note(after["Berita"]) is None
    files = sorted((project / "locales").rglob("*.po")) + [project / "locales" / TM_FILE]
    first = [f.read_bytes() for f in files]
    assert sync_prefill(project, monkeypatch) == 0
    assert [f.read_bytes() for f in files] == first


def test_unrelated_english_body_prefills_none_of_the_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path)
    # The climate article's English twin keeps its URL and chrome but carries another article's body.
    twin = project / "site" / CLIMATE_EN
    other = lxml.html.parse(str(SITE / LABOUR_EN)).getroot()
    page = lxml.html.parse(str(twin)).getroot()
    body = page.cssselect(".field--name-body")[0]
    body.getparent().replace(body, other.cssselect(".field--name-body")[0])
    twin.write_bytes(lxml.html.tostring(page, encoding="utf-8", doctype="<!DOCTYPE html>"))
    assert sync_prefill(project, monkeypatch) == 0
    assert prefilled_from(project, "climate-change") - site_chrome() == set()


def test_wrong_twin_lends_nothing_of_the_article_above_the_threshold() -> None:
    profile = load_profile("iom-drupal")
    climate = segment_page(parse_file(SITE / CLIMATE_ID, profile))
    labour = segment_page(parse_file(SITE / LABOUR_EN, profile))
    suggestions = suggestions_from_pairs(align_structured(climate, labour), "https://example.org/labour")
    article = {m: s for m, s in suggestions.items() if m not in site_chrome()}
    assert "Perubahan Iklim dan Bencana Picu Pengungsian Internal di Indonesia" in article
    assert {m: s.score for m, s in article.items() if s.score >= 0.6} == {}
    assert sum(1 for m, s in suggestions.items() if m in site_chrome() and s.score >= 0.6) >= 20


def site_chrome() -> set[str]:
    """Strings every page shows the same way: menu, its descriptions, footer, home and section crumbs."""
    page = segment_page(parse_file(SITE / CLIMATE_ID, load_profile("iom-drupal")))
    return {s.text for s in page if s.role in ("menu", "menu_description", "footer")
            or s.anchor in ("crumb.1", "crumb.2")}


def prefilled_from(project: Path, url_part: str) -> set[str]:
    """Msgids pre-filled from an English page whose URL contains ``url_part``."""
    return {m for d in ("site", "content") for m, e in entries(project, d).items()
            if prefill_note(e) and url_part in prefill_note(e)}


def test_msgid_with_placeholders_takes_english_only_with_the_same_placeholders() -> None:
    src = [Segment("Baca laporan lengkap di sini.", "id", "paragraph", "p1.1", (Span("link", 5, 20, "a"),))]
    same = [Segment("Read the full report here.", "en", "paragraph", "p1.1", (Span("link", 5, 20, "a"),))]
    none = [Segment("Read the full report here.", "en", "paragraph", "p1.1")]
    with_link = suggestions_from_pairs(align_structured(src, same), "https://example.org/en")
    assert with_link["Baca <1>laporan lengkap</1> di sini."].msgstr == "Read <1>the full report</1> here."
    assert suggestions_from_pairs(align_structured(src, none), "https://example.org/en") == {}


def test_threshold_comes_from_the_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path)
    text = (project / "pyproject.toml").read_text(encoding="utf-8")
    (project / "pyproject.toml").write_text(text.replace("0.6", "1.0"), encoding="utf-8")
    assert load_config(project / "pyproject.toml").prefill_threshold == 1.0
    assert sync_prefill(project, monkeypatch) == 0
    assert not any(prefill_note(e) for d in ("site", "content") for e in entries(project, d).values())


def test_indonesian_text_left_on_the_english_page_is_never_suggested() -> None:
    src = [Segment("Kami harus sabar menunggu sampai mereka siap.", "id", "paragraph", "p1.1")]
    left = [Segment("Kami harus sabar menunggu sampai mereka siap.", "id", "paragraph", "p1.1")]
    assert suggestions_from_pairs(align_structured(src, left), "https://example.org/en") == {}


def test_english_pages_are_found_next_to_the_indonesian_folder_of_a_single_page(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    page = project / "site" / CLIMATE_ID
    assert english_sources([str(page)], PrefillOptions(), "id", "en") == [str(project / "site" / "en")]
    assert english_sources([str(project / "site" / "id")], PrefillOptions(), "id", "en") == [str(project / "site" / "en")]


def test_without_english_pages_prefill_says_so_and_leaves_the_catalogues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path)
    shutil.rmtree(project / "site" / "en")
    assert sync_prefill(project, monkeypatch) == 0
    assert "pre-fill: skipped, no English pages" in capsys.readouterr().out
    assert not (project / "locales" / TM_FILE).exists()
    assert not any(e.msgstr for d in ("site", "content") for e in entries(project, d).values())


def test_plain_sync_after_prefill_keeps_the_marks_and_check_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path)
    assert sync_prefill(project, monkeypatch) == 0
    po = project / "locales" / "en" / "LC_MESSAGES" / "site.po"
    before = po.read_bytes()
    assert main(["sync", "--check"]) == 0
    assert main(["sync"]) == 0 and po.read_bytes() == before


def test_mark_goes_once_a_translator_edits_the_suggestion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path)
    assert sync_prefill(project, monkeypatch) == 0
    po = project / "locales" / "en" / "LC_MESSAGES" / "site.po"
    cat = read_po(po)
    edited = next(e for e in cat.entries if prefill_note(e))
    cat = replace(cat, entries=tuple(replace(e, msgstr=e.msgstr + " (edited)", flags=()) if e is edited else e
                                     for e in cat.entries))
    write_po(po, cat)
    assert main(["sync"]) == 0
    after = entries(project, "site")[edited.msgid]
    assert after.msgstr.endswith("(edited)") and prefill_note(after) is None
