"""The sync run (extractor.sync): catalogues follow the site and no translation is ever lost."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from extractor.catalogue import CatalogueOptions, PageRecord, page_record
from extractor.cli import main
from extractor.errors import CatalogueError
from extractor.model import NavItem, Page, Segment, Span
from extractor.po import format_po, read_po
from extractor.sync import SyncOptions, SyncReport, sync_lock, sync_records

from gettext_tools import assert_gettext_clean

REPO = Path(__file__).resolve().parents[1]
T0 = datetime(2026, 1, 1, 8, 0, tzinfo=timezone.utc)
NAV = (NavItem("Berita", "https://example.org/id/berita"),)

Site = dict[str, list[str]]  # page path -> its paragraph sentences, in order


def records(site: Site, spans: dict[str, tuple[Span, ...]] | None = None) -> list[PageRecord]:
    """Page records for a small site: each page has the menu, a title and its sentences."""
    out = []
    for path, sentences in site.items():
        page = Page(source=f"{path}.html", url=f"https://example.org{path}", lang="id",
                    title=f"Halaman {path}", date=None, nav=NAV,
                    alternates={"en": f"https://example.org/en{path}"})
        segs = [Segment("Berita", "id", "menu", "nav.1"),
                Segment(f"Halaman {path}", "id", "title", "title")]
        segs += [Segment(s, "id", "paragraph", f"p{i}.1", (spans or {}).get(s, ()))
                 for i, s in enumerate(sentences, 1)]
        out.append(page_record(page, segs, CatalogueOptions()))
    return out


def options(root: Path, **changes) -> SyncOptions:
    return replace(SyncOptions(root=root, sources=(), locales=root / "locales", now=T0), **changes)


def catalogue_files(root: Path) -> list[Path]:
    return sorted((root / "locales").rglob("*.po*"))


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted((root / "locales").rglob("*")) if p.is_file() and p.suffix != ".lock"}


def translate(po: Path, fill: dict[str, str]) -> None:
    """Act as a translator: fill every empty msgstr from ``fill`` (by msgid) and accept fuzzies."""
    cat = read_po(po)
    entries = []
    for e in cat.entries:
        if e.obsolete:
            entries.append(e)
        elif not e.msgstr:
            entries.append(replace(e, msgstr=fill.setdefault(e.msgid, f"EN {len(fill)}: {e.msgid}")))
        else:
            entries.append(replace(e, flags=tuple(f for f in e.flags if f != "fuzzy"),
                                   previous_msgid=None, previous_msgctxt=None))
    po.write_text(format_po(replace(cat, entries=tuple(entries))), encoding="utf-8")


def msgstrs(po: Path) -> set[str]:
    return {e.msgstr for e in read_po(po).entries if e.msgstr}


CONTENT_PO = Path("locales/en/LC_MESSAGES/content.po")
SITE_PO = Path("locales/en/LC_MESSAGES/site.po")


def test_first_sync_writes_templates_catalogues_and_state(tmp_path):
    report = sync_records(records({"/id/a": ["Migrasi aman.", "Pekerja migran pulang."]}), options(tmp_path))
    assert [c.action for c in report.changes] == ["create"] * 5
    for path in catalogue_files(tmp_path):
        assert_gettext_clean(path)
    content = read_po(tmp_path / CONTENT_PO)
    assert [e.msgid for e in content.entries] == ["Halaman /id/a", "Migrasi aman.", "Pekerja migran pulang."]
    assert content.header_value("Language") == "en"
    assert content.header_value("X-Source-Language") == "id"
    assert content.header_value("POT-Creation-Date") == "2026-01-01 08:00+0000"
    assert not content.header_flags
    assert [e.msgid for e in read_po(tmp_path / SITE_PO).entries] == ["Berita"]


def test_second_sync_changes_nothing_and_touches_no_file(tmp_path):
    site = {"/id/a": ["Migrasi aman."], "/id/b": ["Pekerja migran pulang."]}
    sync_records(records(site), options(tmp_path))
    for path in (tmp_path / "locales").rglob("*"):
        if path.is_file():
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = snapshot(tmp_path)
    report = sync_records(records(site), options(tmp_path, now=T0 + timedelta(days=3)))
    assert report.changes == ()
    assert snapshot(tmp_path) == before


def test_creation_date_moves_only_when_the_template_changes(tmp_path):
    sync_records(records({"/id/a": ["Migrasi aman."]}), options(tmp_path))
    sync_records(records({"/id/a": ["Migrasi aman."]}), options(tmp_path, now=T0 + timedelta(days=1)))
    assert read_po(tmp_path / "locales/content.pot").header_value("POT-Creation-Date") == "2026-01-01 08:00+0000"
    sync_records(records({"/id/a": ["Migrasi aman.", "Baru."]}), options(tmp_path, now=T0 + timedelta(days=2)))
    assert read_po(tmp_path / "locales/content.pot").header_value("POT-Creation-Date") == "2026-01-03 08:00+0000"
    assert read_po(tmp_path / CONTENT_PO).header_value("POT-Creation-Date") == "2026-01-03 08:00+0000"
    assert read_po(tmp_path / "locales/site.pot").header_value("POT-Creation-Date") == "2026-01-01 08:00+0000"


def test_edited_string_keeps_its_translation_as_fuzzy_and_removed_one_as_obsolete(tmp_path):
    sync_records(records({"/id/a": ["Migrasi aman dan teratur.", "Pekerja migran pulang ke desa."]}), options(tmp_path))
    translate(tmp_path / CONTENT_PO, {})
    sync_records(records({"/id/a": ["Migrasi aman dan teratur!"]}), options(tmp_path))
    cat = read_po(tmp_path / CONTENT_PO)
    edited = [e for e in cat.active if e.msgid == "Migrasi aman dan teratur!"]
    assert edited and edited[0].fuzzy and edited[0].previous_msgid == "Migrasi aman dan teratur."
    gone = [e for e in cat.obsolete if e.msgid == "Pekerja migran pulang ke desa."]
    assert gone and gone[0].msgstr
    assert "Pekerja migran pulang ke desa." not in {e.msgid for e in cat.active}
    for path in catalogue_files(tmp_path):
        assert_gettext_clean(path)


def test_counts_before_and_after_are_reported(tmp_path):
    sync_records(records({"/id/a": ["Satu.", "Dua."]}), options(tmp_path))
    translate(tmp_path / CONTENT_PO, {})
    report = sync_records(records({"/id/a": ["Satu."]}), options(tmp_path))
    content = report.domains[1]
    assert (content.before.translated, content.before.obsolete) == (3, 0)
    assert (content.after.translated, content.after.obsolete) == (2, 1)
    assert content.removed == ("Dua.",) and content.unexplained_loss == 0
    assert report.warnings == ()


def test_loss_beyond_removed_strings_is_warned_about_loudly(tmp_path):
    sync_records(records({"/id/a": ["Satu."]}), options(tmp_path))
    report = sync_records(records({"/id/a": ["Satu."]}), options(tmp_path))
    domain = report.domains[1]
    merged = replace(domain.merge, before=replace(domain.merge.before, translated=5), removed_translated=1)
    warned = SyncReport(report.pages, (replace(domain, merge=merged),), report.state, True).warnings
    assert len(warned) == 1 and "dropped by 5" in warned[0] and "only 1 translated string(s)" in warned[0]


def test_po_syntax_error_stops_the_run_naming_file_and_line_and_writes_nothing(tmp_path):
    sync_records(records({"/id/a": ["Satu."]}), options(tmp_path))
    po = tmp_path / CONTENT_PO
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "rusak\nmsgstr ""\n', encoding="utf-8")
    before = snapshot(tmp_path)
    with pytest.raises(CatalogueError) as err:
        sync_records(records({"/id/a": ["Satu.", "Dua."]}), options(tmp_path))
    assert str(err.value).startswith(f"{po}:")
    assert err.value.line is not None
    assert snapshot(tmp_path) == before


def test_corrupt_state_file_stops_the_run_and_writes_nothing(tmp_path):
    sync_records(records({"/id/a": ["Satu."]}), options(tmp_path))
    state = tmp_path / "locales/.extractor-state.json"
    state.write_text('{"pages": [\n', encoding="utf-8")
    before = snapshot(tmp_path)
    with pytest.raises(CatalogueError, match="not valid JSON") as err:
        sync_records(records({"/id/a": ["Satu.", "Dua."]}), options(tmp_path))
    assert err.value.where == str(state) and err.value.line == 2
    assert snapshot(tmp_path) == before


def test_check_reports_out_of_date_and_writes_nothing(tmp_path):
    sync_records(records({"/id/a": ["Satu."]}), options(tmp_path))
    before = snapshot(tmp_path)
    report = sync_records(records({"/id/a": ["Satu.", "Dua."]}), options(tmp_path, check=True))
    assert not report.written
    assert {c.path.name for c in report.changes} == {"content.pot", "content.po", ".extractor-state.json"}
    assert snapshot(tmp_path) == before
    assert sync_records(records({"/id/a": ["Satu."]}), options(tmp_path, check=True)).changes == ()


def test_dry_run_on_a_new_project_creates_nothing(tmp_path):
    report = sync_records(records({"/id/a": ["Satu."]}), options(tmp_path, dry_run=True))
    assert [c.action for c in report.changes] == ["create"] * 5
    assert report.domains[1].added == ("Halaman /id/a", "Satu.")
    assert not (tmp_path / "locales").exists()


def test_second_sync_waits_for_the_first_and_never_interleaves(tmp_path):
    sync_records(records({"/id/a": ["Satu."]}), options(tmp_path))
    done: list[SyncReport] = []
    with sync_lock(tmp_path / "locales", timeout=1):
        worker = threading.Thread(target=lambda: done.append(
            sync_records(records({"/id/a": ["Satu.", "Dua."]}), options(tmp_path, lock_timeout=10))))
        worker.start()
        time.sleep(0.5)
        assert worker.is_alive() and not done
        assert "Dua." not in (tmp_path / "locales/content.pot").read_text(encoding="utf-8")
    worker.join(timeout=10)
    assert done and "Dua." in (tmp_path / "locales/content.pot").read_text(encoding="utf-8")


def test_second_sync_fails_clearly_when_the_lock_stays_taken(tmp_path):
    with sync_lock(tmp_path / "locales", timeout=1):
        with pytest.raises(CatalogueError, match="another extractor sync is running"):
            sync_records(records({"/id/a": ["Satu."]}), options(tmp_path, lock_timeout=0.2))
    assert not (tmp_path / "locales/content.pot").exists()


def test_state_lists_pages_strings_and_what_is_new(tmp_path):
    sync_records(records({"/id/a": ["Satu."]}), options(tmp_path))
    state_path = tmp_path / "locales/.extractor-state.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    page = state["pages"][0]
    assert (page["path"], page["counterpart"], page["section"]) == ("/id/a", "https://example.org/en/id/a", None)
    assert sorted(page["new_or_changed"]) == ["Berita", "Halaman /id/a", "Satu."]
    sync_records(records({"/id/a": ["Satu.", "Dua."]}), options(tmp_path))
    page = json.loads(state_path.read_text(encoding="utf-8"))["pages"][0]
    assert page["new_or_changed"] == ["Dua."]
    assert {"domain": "content", "msgctxt": None, "msgid": "Dua.", "lang": "id", "anchor": "p2.1",
            "role": "paragraph"} in page["strings"]
    sync_records(records({"/id/a": ["Dua.", "Satu."]}), options(tmp_path))
    page = json.loads(state_path.read_text(encoding="utf-8"))["pages"][0]
    assert page["new_or_changed"] == ["Dua."]
    assert [s["anchor"] for s in page["strings"] if s["msgid"] == "Dua."] == ["p1.1"]


def test_state_keeps_placeholder_attributes_for_rebuilding_the_page(tmp_path):
    link = (Span("link", 5, 20, "a", (("href", "/laporan.pdf"),)),)
    sync_records(records({"/id/a": ["Baca laporan lengkap di sini."]}, {"Baca laporan lengkap di sini.": link}),
                 options(tmp_path))
    assert 'msgid "Baca <1>laporan lengkap</1> di sini."' in (tmp_path / "locales/content.pot").read_text(encoding="utf-8")
    state = json.loads((tmp_path / "locales/.extractor-state.json").read_text(encoding="utf-8"))
    assert state["placeholders"]["/id/a:p1.1"]["1"]["attrs"] == [["href", "/laporan.pdf"]]


WORDS = ["migrasi", "pekerja", "desa", "aman", "laporan", "bantuan", "keluarga", "kota", "hak", "data"]
sentences = st.lists(st.sampled_from(WORDS), min_size=2, max_size=5).map(lambda w: " ".join(w).capitalize() + ".")
PAGES = ["/id/a", "/id/b", "/id/c"]
edits = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(PAGES), sentences, st.integers(0, 9)),
    st.tuples(st.just("change"), st.sampled_from(PAGES), st.sampled_from(WORDS), st.integers(0, 9)),
    st.tuples(st.just("remove"), st.sampled_from(PAGES), st.just(""), st.integers(0, 9)),
    st.tuples(st.just("move"), st.sampled_from(PAGES), st.sampled_from(PAGES), st.integers(0, 9)),
    st.tuples(st.just("translate"), st.just(""), st.just(""), st.just(0)),
)


def apply_edit(site: Site, edit: tuple[str, str, str, int]) -> None:
    kind, page, arg, i = edit
    sentences_of = site.setdefault(page, []) if page else []
    if kind == "add":
        sentences_of.insert(i % (len(sentences_of) + 1), arg)
    elif kind == "change" and sentences_of:
        j = i % len(sentences_of)
        sentences_of[j] = sentences_of[j].rstrip(".") + f" {arg}."
    elif kind == "remove" and sentences_of:
        sentences_of.pop(i % len(sentences_of))
    elif kind == "move" and sentences_of:
        site.setdefault(arg, []).append(sentences_of.pop(i % len(sentences_of)))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edits, min_size=1, max_size=8))
def test_random_site_edits_never_lose_a_translation_and_resync_is_a_no_op(edit_list):
    root = Path(tempfile.mkdtemp(prefix="sync-"))
    try:
        site: Site = {"/id/a": ["Migrasi aman.", "Pekerja desa pulang."], "/id/b": ["Bantuan data."]}
        sync_records(records(site), options(root))
        given_translations: set[str] = set()
        fill: dict[str, str] = {}
        for n, edit in enumerate(edit_list):
            if edit[0] == "translate":
                for po in (root / CONTENT_PO, root / SITE_PO):
                    translate(po, fill)
                    given_translations |= msgstrs(po)
                continue
            apply_edit(site, edit)
            sync_records(records(site), options(root, now=T0 + timedelta(hours=n + 1)))
            kept = msgstrs(root / CONTENT_PO) | msgstrs(root / SITE_PO)
            assert given_translations <= kept, given_translations - kept
        sync_records(records(site), options(root, now=T0 + timedelta(days=9)))
        before = snapshot(root)
        assert sync_records(records(site), options(root, now=T0 + timedelta(days=10))).changes == ()
        assert snapshot(root) == before
        for path in catalogue_files(root):
            assert_gettext_clean(path)
    finally:
        shutil.rmtree(root)


PAGE_HTML = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title} | IOM</title>
<link rel="canonical" href="https://example.org/id/{slug}">
<link rel="alternate" hreflang="en" href="https://example.org/{slug}">
</head><body><nav><ul><li><a href="https://example.org/id/berita">Berita</a></li></ul></nav>
<main><article><h1>{title}</h1>{body}</article></main>
<footer><a href="https://example.org/id/kontak">Kontak</a></footer></body></html>"""


def write_site(root: Path, pages: dict[str, tuple[str, str]]) -> Path:
    """HTML files under root/site (slug -> (title, body HTML)) and a pyproject naming them."""
    (root / "site").mkdir(exist_ok=True)
    for slug, (title, body) in pages.items():
        (root / "site" / f"{slug}.html").write_text(PAGE_HTML.format(slug=slug, title=title, body=body),
                                                     encoding="utf-8")
    config = root / "pyproject.toml"
    config.write_text('[tool.extractor]\nsources = ["site"]\nlocales = "locales"\n', encoding="utf-8")
    return config


def test_cli_sync_extracts_html_and_writes_clean_catalogues(tmp_path, capsys):
    config = write_site(tmp_path, {"a": ("Migrasi Aman", '<p>Baca <a href="/r.pdf">laporan lengkap</a> di sini.</p>')})
    assert main(["sync", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "created locales/en/LC_MESSAGES/content.po" in out and "before: 0 translated" in out
    pot = (tmp_path / "locales/content.pot").read_text(encoding="utf-8")
    assert 'msgid "Baca <1>laporan lengkap</1> di sini."' in pot
    assert "#: /id/a:title" in pot
    assert 'msgid "Berita"' in (tmp_path / "locales/site.pot").read_text(encoding="utf-8")
    for path in catalogue_files(tmp_path):
        assert_gettext_clean(path)
    assert main(["sync", "--config", str(config)]) == 0
    assert "catalogues up to date; nothing written" in capsys.readouterr().out


def test_cli_check_exits_1_when_out_of_date_and_writes_nothing(tmp_path, capsys):
    config = write_site(tmp_path, {"a": ("Migrasi Aman", "<p>Satu dua tiga.</p>")})
    assert main(["sync", "--config", str(config)]) == 0
    assert main(["sync", "--config", str(config), "--check"]) == 0
    write_site(tmp_path, {"a": ("Migrasi Aman", "<p>Satu dua tiga.</p><p>Kalimat baru di sini.</p>")})
    before = snapshot(tmp_path)
    capsys.readouterr()
    assert main(["sync", "--config", str(config), "--check"]) == 1
    captured = capsys.readouterr()
    assert "out of date" in captured.err and "would update locales/content.pot" in captured.out
    assert snapshot(tmp_path) == before


def test_cli_dry_run_lists_new_strings_and_writes_nothing(tmp_path, capsys):
    config = write_site(tmp_path, {"a": ("Migrasi Aman", "<p>Satu dua tiga.</p>")})
    assert main(["sync", "--config", str(config), "--dry-run"]) == 0
    assert "  + Satu dua tiga." in capsys.readouterr().out
    assert not (tmp_path / "locales").exists()


def test_cli_reports_po_syntax_error_with_file_and_line(tmp_path, capsys):
    config = write_site(tmp_path, {"a": ("Migrasi Aman", "<p>Satu dua tiga.</p>")})
    assert main(["sync", "--config", str(config)]) == 0
    po = tmp_path / CONTENT_PO
    lines = po.read_text(encoding="utf-8").splitlines()
    bad_line = len(lines) + 3
    po.write_text("\n".join(lines) + '\n\nmsgid "x"\nmsgstr "rusak\n', encoding="utf-8")
    before = snapshot(tmp_path)
    capsys.readouterr()
    assert main(["sync", "--config", str(config)]) == 1
    assert capsys.readouterr().err.startswith(f"extractor: {po}:{bad_line}:")
    assert snapshot(tmp_path) == before


def test_cli_stops_when_a_source_cannot_be_extracted(tmp_path, capsys):
    config = write_site(tmp_path, {"a": ("Migrasi Aman", "<p>Satu dua tiga.</p>")})
    (tmp_path / "site" / "kosong.html").write_bytes(b"")
    assert main(["sync", "--config", str(config)]) == 1
    assert "kosong.html" in capsys.readouterr().err
    assert not (tmp_path / "locales").exists()


def test_committed_locales_are_clean_gettext_and_agree_with_the_state():
    locales = REPO / "locales"
    for path in sorted(locales.rglob("*.po*")):
        assert_gettext_clean(path)
    state = json.loads((locales / ".extractor-state.json").read_text(encoding="utf-8"))
    keys = {(s["domain"], s["msgctxt"], s["msgid"]) for p in state["pages"] for s in p["strings"]}
    in_templates = {(path.stem, e.msgctxt, e.msgid) for path in locales.glob("*.pot")
                    for e in read_po(path).entries}
    assert keys == in_templates


def test_two_sync_processes_at_once_run_one_after_the_other(tmp_path):
    config = write_site(tmp_path, {"a": ("Migrasi Aman", "<p>Satu dua tiga.</p>"),
                                   "b": ("Pekerja Migran", "<p>Empat lima enam.</p>")})
    cmd = [sys.executable, "-m", "extractor", "sync", "--config", str(config), "--lock-timeout", "60"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    created = [out for out, _ in outs if "created locales/en/LC_MESSAGES/content.po" in out]
    untouched = [out for out, _ in outs if "nothing written" in out]
    assert len(created) == 1 and len(untouched) == 1, outs
    for path in catalogue_files(tmp_path):
        assert_gettext_clean(path)


def test_cli_sources_replace_the_configured_ones_and_left_out_pages_go_obsolete(tmp_path, capsys):
    config = write_site(tmp_path, {"a": ("Migrasi Aman", "<p>Satu dua tiga.</p>"),
                                   "b": ("Pekerja Migran", "<p>Empat lima enam.</p>")})
    assert main(["sync", "--config", str(config)]) == 0
    translate(tmp_path / CONTENT_PO, {})
    assert main(["sync", "--config", str(config), str(tmp_path / "site" / "a.html")]) == 0
    assert "-2 gone from the site" in capsys.readouterr().out
    cat = read_po(tmp_path / CONTENT_PO)
    assert {e.msgid for e in cat.obsolete} == {"Pekerja Migran", "Empat lima enam."}
    assert all(e.msgstr for e in cat.obsolete)


def test_fixture_menu_label_is_one_entry_referencing_every_fixture_page():
    state = json.loads((REPO / "locales/.extractor-state.json").read_text(encoding="utf-8"))
    pages = [p["path"] for p in state["pages"] if any(s["msgid"] == "Siapa Kami" for s in p["strings"])]
    assert len(pages) >= 8
    site = read_po(REPO / "locales/site.pot")
    [menu] = [e for e in site.entries if e.msgid == "Siapa Kami"]
    assert sorted({ref.rsplit(":", 1)[0] for ref in menu.references}) == sorted(pages)
    chrome = {"menu", "menu description", "breadcrumb", "footer"}
    assert all(e.extracted_comments[0] in chrome for e in site.entries)


def test_committed_locales_are_what_sync_makes_of_the_fixtures(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The shipped catalogues are generated; regenerate them with `python3 dev.py demo`."""
    monkeypatch.chdir(REPO)
    assert main(["sync", "--check"]) == 0, capsys.readouterr().out
