"""Merging (extractor.merge, `extractor merge`, `extractor compile`): msgmerge semantics, safer."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from extractor.cli import main
from extractor.fuzzyindex import guard_tokens
from extractor.merge import FUZZY_NOTE, MergeOptions, merge
from extractor.po import Catalogue, Entry, format_po, parse_po, read_po, write_po

from gettext_tools import msgcat, msgfmt_check, needs_gettext

OLD_HEADER = (("Project-Id-Version", "site 1"), ("POT-Creation-Date", "2025-01-01 00:00+0000"),
              ("PO-Revision-Date", "2025-02-01 10:00+0700"), ("Last-Translator", "Rina <r@x.id>"),
              ("Language-Team", "English"), ("Language", "en"),
              ("Content-Type", "text/plain; charset=UTF-8"),
              ("Plural-Forms", "nplurals=2; plural=(n != 1);"))
POT_HEADER = (("Project-Id-Version", "site 2"), ("POT-Creation-Date", "2026-01-01 00:00+0000"),
              ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"), ("Language", ""),
              ("Content-Type", "text/plain; charset=UTF-8"))
REPORT = "Laporan tahunan IOM Indonesia tentang perlindungan pekerja migran di Jawa Barat"


def old(*entries: Entry) -> Catalogue:
    return Catalogue(header=OLD_HEADER, entries=entries)


def pot(*msgids: str) -> Catalogue:
    return Catalogue(header=POT_HEADER, header_flags=("fuzzy",),
                     entries=tuple(Entry(m, references=(f"id/p.html#b{i}",))
                                   for i, m in enumerate(msgids)))


def entry(cat: Catalogue, msgid: str, obsolete: bool = False) -> Entry:
    return next(e for e in cat.entries if e.msgid == msgid and e.obsolete == obsolete)


def test_exact_match_keeps_translation_comments_and_flags_and_takes_template_references() -> None:
    before = old(Entry("Berita", "News", flags=("fuzzy",), translator_comments=("ask Budi",),
                       references=("old.html",)))
    merged, _ = merge(before, pot("Berita"))
    e = entry(merged, "Berita")
    assert (e.msgstr, e.fuzzy, e.translator_comments) == ("News", True, ("ask Budi",))
    assert e.references == ("id/p.html#b0",)


def test_changed_string_gets_closest_translation_fuzzy_with_previous_msgid_and_score() -> None:
    merged, report = merge(old(Entry(REPORT, "IOM Indonesia annual report")),
                           pot(REPORT.replace("Jawa Barat", "Jawa Tengah")))
    e = entry(merged, REPORT.replace("Jawa Barat", "Jawa Tengah"))
    assert e.fuzzy and e.msgstr == "IOM Indonesia annual report" and e.previous_msgid == REPORT
    assert any(c.startswith(FUZZY_NOTE) and c.endswith("%") for c in e.extracted_comments)
    assert report.fuzzy_matched == 1 and entry(merged, REPORT, obsolete=True).msgstr


@pytest.mark.parametrize("before, after", [
    (REPORT + " 2023", REPORT + " 2024"),
    (REPORT + " https://www.iom.int/id", REPORT + " https://www.iom.int/en"),
    ("Baca <1>laporan lengkap</1> tentang " + REPORT, "Baca laporan lengkap tentang " + REPORT),
])
def test_suggestion_with_different_numbers_urls_or_placeholders_is_rejected(before: str, after: str) -> None:
    merged, report = merge(old(Entry(before, "translation")), pot(after))
    assert entry(merged, after).msgstr == "" and not entry(merged, after).fuzzy
    assert report.guard_rejected == 1 and report.fuzzy_matched == 0


def test_guard_can_be_switched_off() -> None:
    merged, _ = merge(old(Entry(REPORT + " 2023", "x 2023")), pot(REPORT + " 2024"),
                      MergeOptions(guard=False))
    assert entry(merged, REPORT + " 2024").msgstr == "x 2023"


@pytest.mark.parametrize("edited", ["siapa  kami", "SIAPA KAMI", "Siapa kami.", " Siapa kami!"])
def test_whitespace_case_or_final_punctuation_edit_keeps_translation_as_fuzzy(edited: str) -> None:
    merged, report = merge(old(Entry("Siapa kami", "Who we are")), pot(edited),
                           MergeOptions(fuzzy=False))
    e = entry(merged, edited)
    assert (e.msgstr, e.fuzzy, e.previous_msgid, report.trivial) == ("Who we are", True, "Siapa kami", 1)


def test_removed_string_becomes_obsolete_and_comes_back_translated() -> None:
    first, report = merge(old(Entry("Kontak", "Contact", translator_comments=("ok",))), pot("Berita"))
    assert entry(first, "Kontak", obsolete=True).msgstr == "Contact" and report.removed == 1
    second, report = merge(first, pot("Berita", "Kontak"))
    back = entry(second, "Kontak")
    assert (back.msgstr, back.translated, back.translator_comments) == ("Contact", True, ("ok",))
    assert report.revived == 1 and not second.obsolete


def test_header_is_kept_with_template_creation_date_and_never_fuzzy() -> None:
    merged, _ = merge(old(Entry("Berita", "News")), pot("Berita"))
    assert merged.header_value("POT-Creation-Date") == "2026-01-01 00:00+0000"
    for name in ("Language", "Plural-Forms", "Last-Translator", "Language-Team", "PO-Revision-Date"):
        assert merged.header_value(name) == dict(OLD_HEADER)[name]
    assert "fuzzy" not in merged.header_flags


def test_entries_follow_template_order() -> None:
    merged, _ = merge(old(Entry("A", "a"), Entry("B", "b"), Entry("C", "c")), pot("C", "A", "B"))
    assert [e.msgid for e in merged.entries] == ["C", "A", "B"]


def test_counts_before_and_after_and_unexplained_drop() -> None:
    before = old(Entry("A", "a"), Entry("B", "b"), Entry("Kosong"))
    merged, report = merge(before, pot("A", "Kosong", "Baru"))
    assert (report.before.translated, report.after.translated) == (2, 1)
    assert (report.after.untranslated, report.after.obsolete) == (2, 1)
    assert report.removed_translated == 1 and report.translated_drop_unexplained == 0


def test_suggestion_comes_from_another_context_when_nothing_better_exists() -> None:
    merged, _ = merge(old(Entry(REPORT, "annual report", msgctxt="title")), pot(REPORT + "!!"))
    assert entry(merged, REPORT + "!!").msgstr == "annual report"


def test_plural_entries_merge_and_keep_every_form() -> None:
    before = old(Entry("%d berkas", msgid_plural="%d berkas", msgstr_plural=((0, "%d file"), (1, "%d files"))))
    template = Catalogue(header=POT_HEADER, entries=(
        Entry("%d berkas", msgid_plural="%d berkas"), Entry("berkas", msgid_plural="%d berkas baru")))
    merged, _ = merge(before, template)
    assert entry(merged, "%d berkas").msgstr_plural == ((0, "%d file"), (1, "%d files"))
    assert entry(merged, "berkas").msgstr_plural == ((0, ""), (1, ""))


WORDS = ["migrasi", "pekerja", "laporan", "perlindungan", "Indonesia", "bantuan", "kemanusiaan",
         "bencana", "data", "mobilitas", "pelatihan", "komunitas", "2024", "<1>baca</1>"]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(site=st.lists(sentence, min_size=1, max_size=12, unique=True),
       edits=st.lists(st.tuples(st.integers(0, 11), st.sampled_from(["change", "remove", "add", "case"]),
                                sentence), max_size=8),
       fill=st.lists(st.booleans(), min_size=12, max_size=12))
def test_merge_never_loses_a_translation_and_is_idempotent(site: list[str], edits, fill: list[bool]) -> None:
    translations = {s: f"EN {i}" for i, s in enumerate(site) if fill[i]}
    before = old(*(Entry(s, translations.get(s, "")) for s in site))
    strings = list(site)
    for index, action, text in edits:
        i = index % len(strings) if strings else 0
        if action == "add" or not strings:
            strings.append(text)
        elif action == "remove":
            strings.pop(i)
        elif action == "change":
            strings[i] = strings[i] + " " + text
        else:
            strings[i] = strings[i].upper()
    merged, _ = merge(before, pot(*dict.fromkeys(strings)))
    kept = {e.msgstr for e in merged.entries if e.msgstr}
    assert set(translations.values()) <= kept
    assert format_po(merge(merged, pot(*dict.fromkeys(strings)))[0]) == format_po(merged)
    reread = parse_po(format_po(merged))
    assert {e.msgstr for e in reread.entries if e.msgstr} == kept
    if shutil.which("msgfmt"):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "merged.po"
            write_po(path, merged)
            msgfmt_check(path)


@needs_gettext
def test_fuzzy_suggestions_match_msgmerge_on_a_small_catalogue(tmp_path: Path) -> None:
    sentences = [f"{REPORT} bagian {w}" for w in WORDS[:10]] + ["Berita terbaru", "Kontak kami"]
    before = old(*(Entry(s, f"EN {i}") for i, s in enumerate(sentences)))
    edited = [s.replace("perlindungan", "perlindungan hukum") if i % 3 == 0 else s
              for i, s in enumerate(sentences)] + ["Berita terkini", "Sesuatu yang sama sekali lain"]
    template = pot(*edited)
    write_po(tmp_path / "old.po", before)
    write_po(tmp_path / "new.pot", template)
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(tmp_path / "gnu.po"),
                    str(tmp_path / "old.po"), str(tmp_path / "new.pot")], check=True, timeout=60)
    gnu = {e.msgid for e in read_po(tmp_path / "gnu.po").active if e.fuzzy}
    ours = {e.msgid for e in merge(before, template)[0].active if e.fuzzy}
    assert ours == gnu and gnu


@needs_gettext
def test_cli_merge_writes_a_valid_catalogue_and_leaves_it_alone_when_unchanged(tmp_path: Path, capsys) -> None:
    write_po(tmp_path / "old.po", old(Entry(REPORT, "annual report"), Entry("Kontak", "Contact")))
    write_po(tmp_path / "new.pot", pot(REPORT + " 2", "Kontak"))
    out = tmp_path / "out.po"
    assert main(["merge", str(tmp_path / "old.po"), str(tmp_path / "new.pot"), "-o", str(out)]) == 0
    assert "translated 2 -> 1, fuzzy 0 -> 0" in capsys.readouterr().out
    msgfmt_check(out)
    assert msgcat(out) == out.read_text()
    mtime = out.stat().st_mtime_ns
    assert main(["merge", str(out), str(tmp_path / "new.pot"), "-o", str(out)]) == 0
    assert out.stat().st_mtime_ns == mtime and "unchanged" in capsys.readouterr().out


@pytest.mark.parametrize("bad, message", [
    (None, "old.po: no such file"),
    ('msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n', "old.po:3: duplicate message definition"),
])
def test_cli_merge_bad_input_exits_1_with_one_line_and_writes_nothing(tmp_path: Path, capsys, bad, message) -> None:
    if bad is not None:
        (tmp_path / "old.po").write_text(bad, encoding="utf-8")
    write_po(tmp_path / "new.pot", pot("Kontak"))
    code = main(["merge", str(tmp_path / "old.po"), str(tmp_path / "new.pot"), "-o", str(tmp_path / "out.po")])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and message in err
    assert not (tmp_path / "out.po").exists()


@needs_gettext
def test_cli_compile_writes_mo_files_that_msgunfmt_reads_back(tmp_path: Path, capsys) -> None:
    po = tmp_path / "locales" / "en" / "LC_MESSAGES" / "site.po"
    write_po(po, old(Entry("Berita", "News"), Entry("Kontak", "Contact", flags=("fuzzy",)),
                     Entry("Kosong"), Entry("Menu", "Menu", msgctxt="nav")))
    assert main(["compile", "--locales", str(tmp_path / "locales")]) == 0
    mo = po.with_suffix(".mo")
    dumped = subprocess.run(["msgunfmt", str(mo)], capture_output=True, text=True, check=True, timeout=60).stdout
    compiled = parse_po(dumped)
    assert {(e.msgctxt, e.msgid, e.msgstr) for e in compiled.entries} == {(None, "Berita", "News"), ("nav", "Menu", "Menu")}
    assert compiled.header_value("Language") == "en"
    mtime = mo.stat().st_mtime_ns
    assert main(["compile", "--locales", str(tmp_path / "locales")]) == 0
    assert mo.stat().st_mtime_ns == mtime and "unchanged" in capsys.readouterr().out


def test_cli_compile_stops_on_a_malformed_catalogue_before_writing_anything(tmp_path: Path, capsys) -> None:
    good = tmp_path / "locales" / "en" / "LC_MESSAGES" / "a.po"
    write_po(good, old(Entry("Berita", "News")))
    bad = good.with_name("b.po")
    bad.write_text('msgid "x"\nmsgstr y\n', encoding="utf-8")
    assert main(["compile", "--locales", str(tmp_path / "locales")]) == 1
    assert "b.po:2: expected a quoted string" in capsys.readouterr().err
    assert not good.with_suffix(".mo").exists()


@pytest.mark.parametrize("text, placeholders", [
    ("Naik 50% dari tahun lalu", ()),
    ("Baca <1>laporan</1> di sini<2/>", ("</1>", "<1>", "<2/>")),
    ("Halo %(name)s, ada %d pesan {count}", ("%(name)s", "%d", "{count}")),
])
def test_guard_sees_placeholders_but_not_prose_percent_signs(text: str, placeholders: tuple) -> None:
    assert guard_tokens(text)[2] == placeholders
